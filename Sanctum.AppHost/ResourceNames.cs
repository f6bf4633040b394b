namespace Sanctum.AppHost;

/// <summary>Resource names of the app model, shared with the tests.</summary>
public static class ResourceNames
{
    public const string Database = "db";
    public const string Cache = "cache";
    public const string Api = "api";
}
