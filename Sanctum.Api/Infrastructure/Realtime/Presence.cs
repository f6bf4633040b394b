using System.Globalization;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>Told when a user comes online or goes offline across all replicas (e.g. to tell their friends).</summary>
public interface IPresenceObserver
{
    Task PresenceChangedAsync(long userId, bool online, CancellationToken cancellationToken);
}

/// <summary>Payload of <c>user_status</c> on the chat socket (contract 12.3).</summary>
public sealed record UserStatusPayload(string Status, long UserId);

/// <summary>
/// Presence across replicas (contract 12.3, 16.1): a user is online while any of their notifications or chat sockets
/// is open on any replica.
/// <list type="bullet">
/// <item><c>ws:last_seen:&lt;id&gt;</c> = unix seconds, TTL 12 s: set when a socket opens and refreshed every 3 s by the
/// replica holding it (the socket's own keep-alive proves it alive in between).</item>
/// <item><c>ws:online_users</c>: set of online user ids, no TTL. A user enters it with their first socket anywhere
/// (the SADD that adds them announces "online"); every replica's reaper, every 3 s, removes members whose last-seen
/// key has expired (the SREM that removes them announces "offline", so it is announced once). Offline therefore
/// comes 9–15 s after the last socket closes, past the contract's 2 s grace.</item>
/// </list>
/// An announcement is <c>user_status</c> to every other chat socket, then every <see cref="IPresenceObserver"/>.
/// If Redis is unreachable presence stands still (logged once per burst) and catches up when it returns.
/// </summary>
public sealed class Presence(
    IConnectionMultiplexer redis, SocketRegistry registry, IRealtimeEvents events, IEnumerable<IPresenceObserver> observers,
    DependencyFailureLog failures, TimeProvider clock, ILogger<Presence> logger) : BackgroundService
{
    public static readonly TimeSpan LastSeenLifetime = TimeSpan.FromSeconds(12);
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(3);

    private static readonly RedisKey OnlineUsers = "ws:online_users";

    private static RedisKey LastSeen(long userId) => $"ws:last_seen:{userId}";

    /// <summary>Online user ids across all replicas; empty while Redis is unreachable.</summary>
    public async Task<IReadOnlyList<long>> OnlineUsersAsync()
    {
        try
        {
            var members = await redis.GetDatabase().SetMembersAsync(OnlineUsers);
            return members.Select(member => (long)member).ToList();
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "online users unknown", "presence", ex);
            return [];
        }
    }

    /// <summary>A notifications or chat socket opened.</summary>
    public Task ConnectedAsync(long userId, CancellationToken cancellationToken) => TouchAsync([userId], cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TouchAsync(registry.PresentUsers(), stoppingToken);
                await ReapAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // One bad tick must not stop presence for the life of the process (nor, as a background service, the host):
                // not even a cancellation, which StackExchange.Redis raises for the commands of a torn-down connection.
                logger.LogError(ex, "Presence tick failed; retrying at the next tick");
            }
        }
    }

    /// <summary>Refreshes the users' last-seen keys and announces those who were not online yet.</summary>
    private async Task TouchAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return;
        }
        try
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var batch = redis.GetDatabase().CreateBatch();
            var added = userIds.Select(userId =>
            {
                _ = batch.StringSetAsync(LastSeen(userId), now, LastSeenLifetime);
                return (userId, batch.SetAddAsync(OnlineUsers, userId));
            }).ToList();
            batch.Execute();
            foreach (var (userId, wasAdded) in added)
            {
                if (await wasAdded)
                {
                    await AnnounceAsync(userId, online: true, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "presence not refreshed", "presence", ex);
        }
    }

    /// <summary>Removes the online users whose last-seen key has expired, and announces each one this replica removed.</summary>
    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = redis.GetDatabase();
            var candidates = (await db.SetMembersAsync(OnlineUsers)).Select(member => (long)member)
                .Where(userId => !registry.IsPresent(userId)).ToList();
            if (candidates.Count == 0)
            {
                return;
            }
            var batch = db.CreateBatch();
            var seen = candidates.Select(userId => (userId, batch.KeyExistsAsync(LastSeen(userId)))).ToList();
            batch.Execute();
            foreach (var (userId, exists) in seen)
            {
                if (!await exists && await db.SetRemoveAsync(OnlineUsers, userId))
                {
                    await AnnounceAsync(userId, online: false, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "offline users not reaped", "presence", ex);
        }
    }

    private async Task AnnounceAsync(long userId, bool online, CancellationToken cancellationToken)
    {
        var status = online ? "online" : "offline";
        logger.LogDebug("User {UserId} is {Status}", userId, status);
        await events.PublishAsync(new RealtimeEvent("user_status", new UserStatusPayload(status, userId), EventAudience.EveryoneExcept(userId))
        {
            Socket = SocketKind.Chat,
            UserId = userId,
        }, cancellationToken);
        foreach (var observer in observers)
        {
            try
            {
                await observer.PresenceChangedAsync(userId, online, cancellationToken);
            }
            catch (Exception ex) when (DependencyFailures.Classify(ex) is string dependency)
            {
                failures.Report(LogLevel.Warning, dependency, "presence change not told", observer.GetType().Name, ex);
            }
        }
    }
}
