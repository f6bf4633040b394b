namespace Sanctum.AppHost;

/// <summary>Resource names of the app model, shared with the tests. The same names in both infrastructure modes.</summary>
public static class ResourceNames
{
    /// <summary>The PostgreSQL server; <see cref="Database"/> is its database.</summary>
    public const string DatabaseServer = "postgres";
    public const string Database = "db";
    public const string Cache = "cache";
    public const string Api = "api";
}
