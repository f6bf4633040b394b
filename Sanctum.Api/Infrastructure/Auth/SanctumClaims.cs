using System.Globalization;
using System.Security.Claims;

namespace Sanctum.Api.Infrastructure.Auth;

public static class SanctumClaims
{
    public const string Subject = "sub";
    public const string Username = "username";
    public const string TokenId = "jti";
    public const string Expires = "exp";
    /// <summary>Refresh tokens only: the login session the token descends from, kept across rotations.</summary>
    public const string Family = "fam";
    public const string IsAdmin = "is_admin";
    public const string IsBanned = "is_banned";

    /// <summary>The authenticated user's id. Only call on endpoints that require authorization.</summary>
    public static long GetUserId(this ClaimsPrincipal principal) =>
        principal.FindUserId() ?? throw new InvalidOperationException("The request is not authenticated.");

    /// <summary>The user id when the caller presented a valid token, else null (optional auth).</summary>
    public static long? FindUserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(Subject), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool IsAdminUser(this ClaimsPrincipal principal) => principal.HasClaim(IsAdmin, "true");

    /// <summary>The access token the request was authenticated with: its id and when it expires. Only for requests
    /// authenticated by a bearer token (every route but the WebSocket handshakes).</summary>
    public static AccessSession GetAccessSession(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(TokenId) is { Length: > 0 } jti
        && long.TryParse(principal.FindFirstValue(Expires), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            ? new AccessSession(principal.GetUserId(), jti, DateTimeOffset.FromUnixTimeSeconds(expires))
            : throw new InvalidOperationException("The request was not authenticated by an access token.");
}

/// <summary>A user's access token as a session: the ticket it issues cannot outlive it, nor its logout.</summary>
public sealed record AccessSession(long UserId, string TokenId, DateTimeOffset Expires);
