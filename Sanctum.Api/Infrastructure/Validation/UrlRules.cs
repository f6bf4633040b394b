namespace Sanctum.Api.Infrastructure.Validation;

/// <summary>
/// Which URLs may be stored (project decision 7): absolute <c>http</c>/<c>https</c> only, so a stored link can never
/// run script (<c>javascript:</c>), carry a payload (<c>data:</c>) or leave the web (<c>ftp:</c>, <c>file:</c>); image
/// fields may also hold a same-origin <c>/media/</c> or <c>/api/images/</c> path. Hosts are compared exactly,
/// never by substring, so <c>youtube.com.evil.net</c> is not YouTube.
/// </summary>
public static class UrlRules
{
    private static readonly string[] ImagePathPrefixes = ["/media/", "/api/images/"];

    /// <summary>Hosts that are YouTube besides <c>youtube.com</c> and its true subdomains.</summary>
    private static readonly HashSet<string> OtherYoutubeHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "youtu.be", "www.youtu.be", "youtube-nocookie.com", "www.youtube-nocookie.com",
    };

    /// <summary>An absolute <c>http</c> or <c>https</c> URL with a host and no whitespace.</summary>
    public static bool IsWebUrl(string? value) => ParseWebUrl(value) is not null;

    /// <summary>A web URL, or a relative path under <c>/media/</c> or <c>/api/images/</c>.</summary>
    public static bool IsImageUrl(string? value) =>
        IsWebUrl(value)
        || (value is not null
            && !HasWhitespace(value)
            && !value.Contains('\\')
            && ImagePathPrefixes.Any(prefix => value.StartsWith(prefix, StringComparison.Ordinal))
            && Uri.TryCreate(value, UriKind.Relative, out _));

    /// <summary>A web URL whose host is <c>youtube.com</c>, a subdomain of it, or one of YouTube's other hosts.</summary>
    public static bool IsYoutubeUrl(string? value) =>
        ParseWebUrl(value) is { } uri
        && (uri.Host.Equals("youtube.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".youtube.com", StringComparison.OrdinalIgnoreCase)
            || OtherYoutubeHosts.Contains(uri.Host));

    private static Uri? ParseWebUrl(string? value) =>
        value is not null
        && !HasWhitespace(value)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
            ? uri
            : null;

    private static bool HasWhitespace(string value) => value.Any(char.IsWhiteSpace);
}
