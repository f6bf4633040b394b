using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Users;

/// <summary>
/// Global bans (contract 13, project decision 4: a ban revokes the user's refresh tokens and open sockets). A ban
/// takes effect at once on every path in: the ban renews the user's status version before it answers, and each
/// authenticated request and WebSocket handshake, on every replica, checks that version and re-reads the flag from the
/// database when it changed (<see cref="UserStatusCache"/>), so the user's next request is 403 "Account is banned";
/// every refresh token is revoked (<see cref="TokenStore.RevokeAllAsync"/>); and their open sockets are closed on every
/// replica (<see cref="IRealtimeEvents.DisconnectUserAsync"/>). Their access token is not revoked: it is refused while
/// the ban lasts, and works again after an unban until it expires (at most 15 minutes); the old refresh tokens stay
/// revoked, so a lasting session needs a new login.
/// </summary>
public sealed class UserModerationService(UserStore store, UserCache cache, UserStatusCache statuses, TokenStore tokens, IRealtimeEvents events)
{
    /// <summary>The rule that an admin cannot ban themselves; the route checks it before it reads the body.</summary>
    public static Error? RefuseSelfBan(long adminId, long userId) =>
        adminId == userId ? Error.Validation("cannot ban yourself") : null;

    /// <summary>
    /// Bans the user; <paramref name="reason"/> is stored as given (the boundary trims and checks it). The steps after
    /// the commit run even if the client has gone: a ban must not be left half applied. The status version is renewed
    /// first (so no replica authenticates the user from its cache, and no new socket opens, once the sockets are
    /// closed); the sockets are closed even when that or the strict token step fails (503, with the ban already
    /// committed); repeating the ban completes it. Until then the refresh tokens cannot be used anyway: a refresh
    /// re-reads the ban flag and revokes the presented family.
    /// </summary>
    public async Task<Result> BanAsync(long adminId, long userId, string reason, CancellationToken cancellationToken)
    {
        if (RefuseSelfBan(adminId, userId) is { } refused)
        {
            return refused;
        }
        if (!await store.BanAsync(userId, reason, adminId, cancellationToken))
        {
            return Error.NotFound("User", userId);
        }
        try
        {
            await statuses.InvalidateAsync(userId);
        }
        finally
        {
            await cache.InvalidateAsync(userId);
            await events.DisconnectUserAsync(userId, CancellationToken.None);
        }
        await tokens.RevokeAllAsync(userId);
        return Result.Ok;
    }

    /// <summary>Clears the ban. Access comes back with the next request of a still-valid access token or a new login;
    /// refresh tokens revoked by the ban stay revoked.</summary>
    public async Task<Result> UnbanAsync(long userId, CancellationToken cancellationToken)
    {
        if (!await store.UnbanAsync(userId, cancellationToken))
        {
            return Error.NotFound("User", userId);
        }
        await cache.InvalidateAsync(userId);
        // A stale "banned" only delays the return of access, so a Redis failure is logged, not answered.
        await statuses.InvalidateOrLogAsync(userId);
        return Result.Ok;
    }
}
