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
}
