using System.Security.Claims;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>Who is calling, as the handler read it from the verified principal. The admin flag is the one the auth
/// layer loaded from the database for this request, not the token's copy. Services take a <see cref="Caller"/> for
/// authorization, and a <c>Caller?</c> (null for anonymous) as the viewer of what they return.</summary>
public sealed record Caller(long UserId, bool IsAdmin);

public static class CallerExtensions
{
    /// <summary>The authenticated caller. Only call on endpoints that require authorization.</summary>
    public static Caller GetCaller(this ClaimsPrincipal principal) => new(principal.GetUserId(), principal.IsAdminUser());

    /// <summary>The caller when a valid token was presented, else null (public routes with optional auth).</summary>
    public static Caller? FindCaller(this ClaimsPrincipal principal) =>
        principal.FindUserId() is { } id ? new Caller(id, principal.IsAdminUser()) : null;
}
