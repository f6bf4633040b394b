using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;
using Sanctum.Api.Infrastructure.Caching;

namespace Sanctum.Tests.Auth;

/// <summary>
/// <see cref="UserStatusCache"/> against the app's Redis and PostgreSQL, with two instances standing for two replicas:
/// a status is served from memory while its version stands (the user row is changed behind the cache's back to see
/// it), every renewal of the version is seen by the other instance on its very next check, a missing version is never
/// trusted, the revocation key is read in the same check, and an unreachable Redis falls back to PostgreSQL.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UserStatusCacheTests(SanctumAppFixture app) : IAsyncLifetime
{
    private static readonly DependencyFailureLog Failures = new(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance);
    private readonly UnreachableRedis _unreachable = new();
    private UserStatusCache _replica0 = null!;
    private UserStatusCache _replica1 = null!;

    public async Task InitializeAsync()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true; // as the app sets it at startup
        await _unreachable.InitializeAsync();
        _replica0 = new UserStatusCache(app.Redis, new UserStatusStore(app.Database), Failures);
        _replica1 = new UserStatusCache(app.Redis, new UserStatusStore(app.Database), Failures);
    }

    public async Task DisposeAsync()
    {
        _replica0.Dispose();
        _replica1.Dispose();
        await _unreachable.DisposeAsync();
    }

    [Fact]
    public async Task A_status_is_served_from_memory_until_its_version_is_renewed_and_then_every_replica_reads_the_row()
    {
        var user = await app.SignupAsync();
        await WarmAsync(user.Id);
        await RenameInDatabaseAsync(user.Id, user.Username + "x");

        // Both replicas hold the status in memory, so the row changed behind their back is not read.
        Assert.Equal(user.Username, (await CheckAsync(_replica0, user.Id)).Status!.Username);
        Assert.Equal(user.Username, (await CheckAsync(_replica1, user.Id)).Status!.Username);

        await _replica0.InvalidateAsync(user.Id);

        Assert.Equal(user.Username + "x", (await CheckAsync(_replica1, user.Id)).Status!.Username);
        Assert.Equal(user.Username + "x", (await CheckAsync(_replica0, user.Id)).Status!.Username);
    }

    [Fact]
    public async Task A_ban_renewed_on_one_replica_is_seen_by_the_other_on_its_next_check()
    {
        var user = await app.SignupAsync();
        await WarmAsync(user.Id);
        Assert.False((await CheckAsync(_replica1, user.Id)).Status!.IsBanned);

        await app.ExecuteSqlAsync("UPDATE users SET is_banned = TRUE, banned_at = NOW() WHERE id = @id", new NpgsqlParameter("id", user.Id));
        await _replica0.InvalidateAsync(user.Id);

        Assert.True((await CheckAsync(_replica1, user.Id)).Status!.IsBanned);
    }

    [Fact]
    public async Task A_missing_version_is_never_trusted()
    {
        var user = await app.SignupAsync();
        await WarmAsync(user.Id);
        await RenameInDatabaseAsync(user.Id, user.Username + "y");

        // As after a Redis flush or the key's expiry: the status in memory carries a version that no longer exists.
        await app.Redis.GetDatabase().KeyDeleteAsync(UserStatusCache.VersionKey(user.Id));

        Assert.Equal(user.Username + "y", (await CheckAsync(_replica1, user.Id)).Status!.Username);
        Assert.Equal(user.Username + "y", (await CheckAsync(_replica0, user.Id)).Status!.Username);
    }

    [Fact]
    public async Task The_revocation_key_is_read_in_the_same_check_and_a_missing_user_is_not_kept()
    {
        var user = await app.SignupAsync();
        await WarmAsync(user.Id);
        var jti = Guid.NewGuid().ToString("N");
        Assert.False((await _replica0.CheckAsync(user.Id, jti, CancellationToken.None)).Revoked);

        await app.Redis.GetDatabase().StringSetAsync($"blacklist:{user.Id}:{jti}", "1", TimeSpan.FromMinutes(1));

        var revoked = await _replica0.CheckAsync(user.Id, jti, CancellationToken.None);
        Assert.True(revoked.Revoked);
        Assert.Null(revoked.Status);
        Assert.False((await _replica0.CheckAsync(user.Id, "other-jti", CancellationToken.None)).Revoked);

        Assert.Null((await _replica0.CheckAsync(long.MaxValue, "", CancellationToken.None)).Status);
        Assert.Null((await _replica0.CheckAsync(long.MaxValue, "", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task With_Redis_unreachable_the_revocation_check_fails_open_and_the_status_comes_from_the_database()
    {
        var user = await app.SignupAsync();
        using var outage = new UserStatusCache(_unreachable.Multiplexer, new UserStatusStore(app.Database), Failures);
        Assert.Equal(user.Username, (await outage.CheckAsync(user.Id, "some-jti", CancellationToken.None)).Status!.Username);

        await RenameInDatabaseAsync(user.Id, user.Username + "z");

        var check = await outage.CheckAsync(user.Id, "some-jti", CancellationToken.None);
        Assert.False(check.Revoked);
        Assert.Equal(user.Username + "z", check.Status!.Username);
        // The version cannot be renewed; logged, not thrown, where the caller asked for that.
        await outage.InvalidateOrLogAsync(user.Id);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => outage.InvalidateAsync(user.Id));
        Assert.True(RedisCache.IsRedisFailure(failure));
    }

    /// <summary>Two checks on each instance: the first may only create the version, the second holds the status.</summary>
    private async Task WarmAsync(long userId)
    {
        foreach (var replica in new[] { _replica0, _replica1, _replica0, _replica1 })
        {
            Assert.NotNull((await CheckAsync(replica, userId)).Status);
        }
    }

    private static Task<SessionCheck> CheckAsync(UserStatusCache replica, long userId) =>
        replica.CheckAsync(userId, "no-such-jti", CancellationToken.None);

    private Task RenameInDatabaseAsync(long userId, string username) =>
        app.ExecuteSqlAsync("UPDATE users SET username = @username WHERE id = @id",
            new NpgsqlParameter("username", username), new NpgsqlParameter("id", userId));
}
