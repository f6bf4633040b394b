namespace Sanctum.Api.Infrastructure.Data;

/// <summary>LIKE / ILIKE patterns built from user text, used with <c>ESCAPE '\'</c>.</summary>
public static class SqlLike
{
    /// <summary>The text with LIKE's wildcards and its escape character escaped, so each matches itself.</summary>
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
