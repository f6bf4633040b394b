using System.Text.RegularExpressions;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>The slug rule of contract 3, shared by request creation and approval.</summary>
public static partial class SanctumSlugRules
{
    public const string FormatMessage = "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens";
    public const string HyphenMessage = "slug cannot start or end with a hyphen";
    public const string ReservedMessage = "slug is reserved";

    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "api", "auth", "chat", "settings", "sanctums", "s", "users", "posts", "comments",
        "conversations", "chatrooms", "friends", "games", "ws", "swagger", "metrics", "login", "signup",
    };

    /// <summary>The first broken rule's message, or null when the slug is acceptable.</summary>
    public static string? Check(string slug)
    {
        if (!SlugFormat().IsMatch(slug))
        {
            return FormatMessage;
        }
        if (slug[0] == '-' || slug[^1] == '-')
        {
            return HyphenMessage;
        }
        return Reserved.Contains(slug) ? ReservedMessage : null;
    }

    // \z, not $: $ also matches before a final line feed ("abc\n" would pass).
    [GeneratedRegex(@"^[a-z0-9-]{3,24}\z")]
    private static partial Regex SlugFormat();
}
