using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>What became of a presented refresh token at rotation.</summary>
public enum RefreshRotation
{
    /// <summary>It was the family's live token: consumed, and its successor stored.</summary>
    Rotated,

    /// <summary>It was already consumed while its family lives: a replay, so the whole family has been revoked.</summary>
    ReuseDetected,

    /// <summary>It is unknown: logged out, revoked, expired from Redis, or never stored.</summary>
    Unknown,
}

/// <summary>
/// Redis state of tokens (contract 16.1, with refresh-token families and a per-user blacklist from issue 8, and the
/// per-user family index that lets a ban revoke every refresh token from issue 9).
/// <list type="bullet">
/// <item><c>refresh_token:&lt;userId&gt;:&lt;jti&gt;</c> = family id, TTL 7 days (the refresh lifetime). Written at signup,
/// login and each rotation; deleted when the token is rotated, logged out or its family revoked. A refresh
/// succeeds only while the key exists, so each token rotates once.</item>
/// <item><c>refresh_family:&lt;userId&gt;:&lt;family&gt;</c> = jti of the family's live token, TTL 7 days, reset at each
/// rotation (so it lives as long as the family's newest token). A family is one login: its id is the refresh token's
/// <c>fam</c> claim, kept across rotations. Deleted when the family is revoked (also by a ban) and when its live token is
/// logged out.
/// A presented token whose key is gone while its family key exists is a replay of a rotated token (stolen, or raced):
/// the family is revoked (its live token's key and the family key are deleted), so the current descendant stops
/// working too and the owner must log in again.</item>
/// <item><c>refresh_families:&lt;userId&gt;</c> = sorted set of the user's family ids, each scored with the unix second at
/// which its family key expires (Redis <c>TIME</c> plus the refresh lifetime); key TTL 7 days, reset with every score
/// (so it outlives every family it lists). A family is added at signup and login, re-scored at each rotation and removed
/// when it is revoked or its live token is logged out; members past their score are pruned at each login, so the set
/// holds little more than the user's live sessions. It is the per-user index behind <see cref="RevokeAllAsync"/> (a ban): every
/// family in it loses its live token and its family key in one script, without <c>KEYS</c> or <c>SCAN</c>. Nothing
/// re-adds a revoked family, so after an unban the old refresh tokens stay dead and only a new login works. A login
/// that read the user as not banned just before the ban committed can still store its family after the revocation;
/// its refresh is refused while the ban lasts (the refresh re-reads the flag and revokes the family), so it survives
/// only if it is not used before an unban.</item>
/// <item><c>blacklist:&lt;userId&gt;:&lt;jti&gt;</c> = "1", TTL the access token's remaining lifetime (at most 15 minutes),
/// set at logout and checked on every authenticated request (by <see cref="UserStatusCache"/>, batched with the user's status version). Keyed per user, so one user's jti never revokes another's.</item>
/// </list>
/// Strict: a Redis failure is raised (the exception handler answers 503), never read as "no token"; only the
/// blacklist check's caller fails open. Each multi-key step is one Lua script, so concurrent refreshes cannot interleave.
/// </summary>
public sealed class TokenStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    private static string RefreshPrefix(long userId) => $"refresh_token:{userId}:";
    private static RedisKey RefreshKey(long userId, string jti) => RefreshPrefix(userId) + jti;
    private static RedisKey FamilyKey(long userId, string family) => FamilyPrefix(userId) + family;
    /// <summary>Read on every authenticated request by <see cref="UserStatusCache.CheckAsync"/>, in the same round trip as the user's status version.</summary>
    internal static RedisKey BlacklistKey(long userId, string jti) => $"blacklist:{userId}:{jti}";
    private static string FamilyPrefix(long userId) => $"refresh_family:{userId}:";
    private static RedisKey FamilyIndexKey(long userId) => $"refresh_families:{userId}";
    private static RedisValue RefreshTtlSeconds => (long)JwtOptions.RefreshLifetime.TotalSeconds;

    // KEYS: token, family, family index. ARGV: family id, jti, TTL.
    private const string StartFamilyScript = """
        local now = tonumber(redis.call('TIME')[1])
        local ttl = tonumber(ARGV[3])
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
        redis.call('SET', KEYS[2], ARGV[2], 'EX', ttl)
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
        redis.call('ZADD', KEYS[3], now + ttl, ARGV[1])
        redis.call('EXPIRE', KEYS[3], ttl)
        """;

    // KEYS: presented token, family, successor, family index. ARGV: family id, successor jti, TTL, token key prefix.
    private const string RotateScript = """
        if redis.call('DEL', KEYS[1]) == 1 then
          local ttl = tonumber(ARGV[3])
          redis.call('SET', KEYS[3], ARGV[1], 'EX', ttl)
          redis.call('SET', KEYS[2], ARGV[2], 'EX', ttl)
          redis.call('ZADD', KEYS[4], tonumber(redis.call('TIME')[1]) + ttl, ARGV[1])
          redis.call('EXPIRE', KEYS[4], ttl)
          return 1
        end
        local live = redis.call('GET', KEYS[2])
        if live then
          redis.call('DEL', ARGV[4] .. live, KEYS[2])
          redis.call('ZREM', KEYS[4], ARGV[1])
          return -1
        end
        return 0
        """;

    // KEYS: family, family index. ARGV: token key prefix, family id.
    private const string RevokeFamilyScript = """
        local live = redis.call('GET', KEYS[1])
        if live then redis.call('DEL', ARGV[1] .. live) end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[2])
        """;

    // KEYS: token, family, family index. ARGV: jti, family id.
    private const string LogoutScript = """
        redis.call('DEL', KEYS[1])
        if redis.call('GET', KEYS[2]) == ARGV[1] then
          redis.call('DEL', KEYS[2])
          redis.call('ZREM', KEYS[3], ARGV[2])
        end
        """;

    // KEYS: family index. ARGV: token key prefix, family key prefix. Returns the number of families revoked.
    private const string RevokeAllScript = """
        local families = redis.call('ZRANGE', KEYS[1], 0, -1)
        for _, family in ipairs(families) do
          local familyKey = ARGV[2] .. family
          local live = redis.call('GET', familyKey)
          if live then redis.call('DEL', ARGV[1] .. live) end
          redis.call('DEL', familyKey)
        end
        redis.call('DEL', KEYS[1])
        return #families
        """;

    /// <summary>Stores the first refresh token of a new family (signup, login) and lists the family in the user's index.</summary>
    public Task StartFamilyAsync(long userId, string family, string jti) =>
        Db.ScriptEvaluateAsync(StartFamilyScript,
            [RefreshKey(userId, jti), FamilyKey(userId, family), FamilyIndexKey(userId)], [family, jti, RefreshTtlSeconds]);

    /// <summary>Consumes the presented token and stores its successor, or revokes the family when the token is replayed.</summary>
    public async Task<RefreshRotation> RotateAsync(long userId, string family, string presentedJti, string successorJti)
    {
        var result = (long)await Db.ScriptEvaluateAsync(RotateScript,
            [RefreshKey(userId, presentedJti), FamilyKey(userId, family), RefreshKey(userId, successorJti), FamilyIndexKey(userId)],
            [family, successorJti, RefreshTtlSeconds, RefreshPrefix(userId)]);
        return result switch
        {
            1 => RefreshRotation.Rotated,
            -1 => RefreshRotation.ReuseDetected,
            _ => RefreshRotation.Unknown,
        };
    }

    /// <summary>Ends the family: its live refresh token stops working.</summary>
    public Task RevokeFamilyAsync(long userId, string family) =>
        Db.ScriptEvaluateAsync(RevokeFamilyScript, [FamilyKey(userId, family), FamilyIndexKey(userId)], [RefreshPrefix(userId), family]);

    /// <summary>Logout (contract 1.3): deletes the refresh token's key, and its family's key when it is the live token.</summary>
    public Task RevokeRefreshAsync(long userId, string family, string jti) =>
        Db.ScriptEvaluateAsync(LogoutScript, [RefreshKey(userId, jti), FamilyKey(userId, family), FamilyIndexKey(userId)], [jti, family]);

    /// <summary>Ends every family of the user (a ban): all their refresh tokens stop working, for good.
    /// Returns how many families were revoked.</summary>
    public async Task<long> RevokeAllAsync(long userId) =>
        (long)await Db.ScriptEvaluateAsync(RevokeAllScript, [FamilyIndexKey(userId)], [RefreshPrefix(userId), FamilyPrefix(userId)]);

    public async Task BlacklistAsync(long userId, string jti, TimeSpan remaining)
    {
        if (remaining > TimeSpan.Zero)
        {
            await Db.StringSetAsync(BlacklistKey(userId, jti), "1", remaining);
        }
    }
}
