using Microsoft.Extensions.Caching.Memory;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>What an authenticated request learns about its token and user: whether the jti is revoked, and the user's
/// current status (null when the user no longer exists; not read when the token is revoked).</summary>
public sealed record SessionCheck(bool Revoked, UserStatus? Status);

/// <summary>
/// The per-request checks of contract 1.1 steps 4 and 5 (revoked <c>jti</c>, current ban and admin flags) in ONE Redis
/// round trip and, in the common case, no PostgreSQL read.
/// <para>
/// <b>Design.</b> Each user has a status version in Redis, <c>user_status_version:&lt;userId&gt;</c> = a random token
/// (TTL 1 day). Every write that changes what <see cref="UserStatusStore"/> reads (ban, unban, promote, demote, rename,
/// the root admin's seeding; a future user delete too) sets a NEW random token <b>after</b> its commit and before it
/// answers (<see cref="InvalidateAsync"/>). Each replica keeps the status it read from PostgreSQL in process, labelled
/// with the version it read <b>before</b> that PostgreSQL read. A request reads the version and its blacklist key
/// <c>blacklist:&lt;userId&gt;:&lt;jti&gt;</c> together (one <c>MGET</c>) and uses the in-process status only when its
/// label equals the version just read; otherwise it reads PostgreSQL and stores the row under that version.
/// </para>
/// <para>
/// <b>Why a ban takes effect on the next request on every replica, by construction.</b> The ban's new version is in
/// Redis before the ban answers; any request that starts afterwards, on any replica, reads that version, which no
/// stored status carries (a status is labelled with a version read before its row was read, and the only version read
/// after the ban's commit is the new one, whose row is read after the commit too), so it reads the banned row. No
/// message has to arrive anywhere, so there is no window. A missing version (never set, expired, Redis flushed) is never
/// trusted: the request reads PostgreSQL, and the status is kept only if this request itself created the version
/// (<c>SET NX</c>) before its read. Random tokens, not a counter, so a version recreated after a Redis flush can never
/// equal a label from before it.
/// </para>
/// <para>
/// <b>Cost per authenticated request.</b> Before: 2 round trips, Redis <c>EXISTS</c> (revocation) then a PostgreSQL
/// primary-key read. After: 1 round trip, Redis <c>MGET</c> of two keys; PostgreSQL only on the first request after a
/// change, after <see cref="EntryLifetime"/>, or on a replica that has not seen the user yet.
/// </para>
/// <para>
/// <b>Failures.</b> Redis unreachable on the read: as before, the revocation check fails open (contract 1.1) and the
/// status is read from PostgreSQL (the cache is not used, since its freshness cannot be checked); PostgreSQL failures
/// propagate to <see cref="SanctumJwtBearerEvents"/> (503). A version that cannot be written after a committed change:
/// <see cref="InvalidateAsync"/> throws (the ban and admin routes answer 503, like their strict token step; repeating
/// them completes them) and <see cref="InvalidateOrLogAsync"/> logs (unban, rename: staleness there only delays access
/// or a new name); either way a stale status lives at most <see cref="EntryLifetime"/>, and while Redis stays down no
/// replica trusts its cache at all.
/// </para>
/// Users who write the <c>users</c> table directly (SQL, the bench seed) must set or delete the version key too.
/// </summary>
public sealed class UserStatusCache(IConnectionMultiplexer redis, UserStatusStore store, DependencyFailureLog failures) : IDisposable
{
    /// <summary>How long a status is trusted in process at most, whatever the version says: the bound on staleness when
    /// a version could not be written.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Lifetime of a version key; when it expires the next request recreates it (and reads PostgreSQL once).</summary>
    public static readonly TimeSpan VersionLifetime = TimeSpan.FromDays(1);

    /// <summary>Users held in process at most (about 150 bytes each).</summary>
    public const long MaxEntries = 200_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    private IDatabase Db => redis.GetDatabase();

    public static RedisKey VersionKey(long userId) => $"user_status_version:{userId}";

    private sealed record Entry(RedisValue Version, UserStatus Status);

    /// <summary>Contract 1.1 steps 4 and 5 for <paramref name="userId"/>; <paramref name="jti"/> null or empty skips the
    /// revocation check (a ticket without a session).</summary>
    public async Task<SessionCheck> CheckAsync(long userId, string? jti, CancellationToken cancellationToken)
    {
        RedisValue version;
        try
        {
            if (string.IsNullOrEmpty(jti))
            {
                version = await Db.StringGetAsync(VersionKey(userId));
            }
            else
            {
                var values = await Db.StringGetAsync([VersionKey(userId), TokenStore.BlacklistKey(userId, jti)]);
                if (!values[1].IsNull)
                {
                    return new SessionCheck(Revoked: true, Status: null);
                }
                version = values[0];
            }
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "revocation check failing open", "blacklist", ex);
            return new SessionCheck(false, await store.FindAsync(userId, cancellationToken));
        }

        if (version.IsNull)
        {
            return new SessionCheck(false, await LoadUnversionedAsync(userId, cancellationToken));
        }
        if (_entries.TryGetValue(userId, out Entry? entry) && entry!.Version == version)
        {
            return new SessionCheck(false, entry.Status);
        }
        var status = await store.FindAsync(userId, cancellationToken);
        Remember(userId, version, status);
        return new SessionCheck(false, status);
    }

    /// <summary>After a committed change to the user's status: no replica uses its old status from the next request on.
    /// Throws when Redis fails; call it before answering.</summary>
    public async Task InvalidateAsync(long userId)
    {
        _entries.Remove(userId);
        await Db.StringSetAsync(VersionKey(userId), NewVersion(), VersionLifetime);
    }

    /// <summary><see cref="InvalidateAsync"/> for changes whose staleness only delays (unban, rename): a Redis failure is
    /// logged, and the other replicas may use the old status for at most <see cref="EntryLifetime"/>.</summary>
    public async Task InvalidateOrLogAsync(long userId)
    {
        try
        {
            await InvalidateAsync(userId);
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "user status version not renewed", "user_status", ex);
        }
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>No version yet: creates one, and keeps the row read after it only when this request created it (so the
    /// label was set before the read, as every label must be).</summary>
    private async Task<UserStatus?> LoadUnversionedAsync(long userId, CancellationToken cancellationToken)
    {
        var version = NewVersion();
        bool created;
        try
        {
            created = await Db.StringSetAsync(VersionKey(userId), version, VersionLifetime, When.NotExists);
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "user status version not created", "user_status", ex);
            created = false;
        }
        var status = await store.FindAsync(userId, cancellationToken);
        if (created)
        {
            Remember(userId, version, status);
        }
        return status;
    }

    /// <summary>A user who no longer exists is not kept: the next request reads PostgreSQL again.</summary>
    private void Remember(long userId, RedisValue version, UserStatus? status)
    {
        if (status is null)
        {
            _entries.Remove(userId);
            return;
        }
        _entries.Set(userId, new Entry(version, status), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = EntryLifetime,
        });
    }

    private static RedisValue NewVersion() => Guid.NewGuid().ToString("N");
}
