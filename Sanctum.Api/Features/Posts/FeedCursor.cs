using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// The keyset position of the feed (<c>GET /api/posts?cursor=</c>): the <c>(created_at, id)</c> of the last post of a
/// page, the feed's order key, so the next page is the posts strictly after it in <c>created_at DESC, id DESC</c>.
/// On the wire it is opaque: base64url (no padding) of the ASCII text <c>&lt;created_at in Unix microseconds&gt;:&lt;id&gt;</c>
/// (microseconds are PostgreSQL's precision, so the position is exact). Posts that arrive during a walk are newer than
/// every cursor, so a walk neither repeats nor skips a post.
/// </summary>
public readonly record struct FeedCursor(DateTime CreatedAt, long Id)
{
    /// <summary>Longer than any cursor <see cref="Encode"/> makes: a longer text is refused before it is decoded.</summary>
    public const int MaxLength = 64;

    private static readonly long MinMicros = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
    private static readonly long MaxMicros = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Before every post: where an empty <c>cursor=</c> starts.</summary>
    public static readonly FeedCursor Start = new(DateTime.MaxValue, long.MaxValue);

    public static FeedCursor After(PostDto post) => new(post.CreatedAt, post.Id);

    public string Encode()
    {
        var micros = (CreatedAt.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{micros}:{Id}")));
    }

    /// <summary>Decodes a cursor made by <see cref="Encode"/>; false for anything else (not base64url, not two integers,
    /// a non-positive id, a time outside <see cref="DateTime"/>'s range).</summary>
    public static bool TryParse(string? text, out FeedCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }
        var decoded = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text));
        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0
            || !long.TryParse(decoded.AsSpan(0, separator), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            || !long.TryParse(decoded.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || id <= 0 || micros < MinMicros || micros > MaxMicros)
        {
            return false;
        }
        cursor = new FeedCursor(new DateTime(DateTime.UnixEpoch.Ticks + micros * TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc), id);
        return true;
    }
}
