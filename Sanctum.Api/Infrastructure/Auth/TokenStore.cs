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
/// Redis state of tokens (contract 16.1, with refresh-token families and a per-user blacklist from issue 8).
/// <list type="bullet">
/// <item><c>refresh_token:&lt;userId&gt;:&lt;jti&gt;</c> = family id, TTL 7 days (the refresh lifetime). Written at signup,
/// login and each rotation; deleted when the token is rotated, logged out or its family revoked. A refresh
/// succeeds only while the key exists, so each token rotates once.</item>
/// <item><c>refresh_family:&lt;userId&gt;:&lt;family&gt;</c> = jti of the family's live token, TTL 7 days, reset at each
/// rotation (so it lives as long as the family's newest token). A family is one login: its id is the refresh token's
/// <c>fam</c> claim, kept across rotations. Deleted when the family is revoked and when its live token is logged out.
/// A presented token whose key is gone while its family key exists is a replay of a rotated token (stolen, or raced):
/// the family is revoked (its live token's key and the family key are deleted), so the current descendant stops
/// working too and the owner must log in again.</item>
/// <item><c>blacklist:&lt;userId&gt;:&lt;jti&gt;</c> = "1", TTL the access token's remaining lifetime (at most 15 minutes),
/// set at logout and checked on every authenticated request. Keyed per user, so one user's jti never revokes another's.</item>
/// </list>
/// Strict: a Redis failure is raised (the exception handler answers 503), never read as "no token"; only the
/// blacklist check's caller fails open. Each multi-key step is one Lua script, so concurrent refreshes cannot interleave.
/// </summary>
public sealed class TokenStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    private static string RefreshPrefix(long userId) => $"refresh_token:{userId}:";
    private static RedisKey RefreshKey(long userId, string jti) => RefreshPrefix(userId) + jti;
    private static RedisKey FamilyKey(long userId, string family) => $"refresh_family:{userId}:{family}";
    private static RedisKey BlacklistKey(long userId, string jti) => $"blacklist:{userId}:{jti}";
    private static RedisValue RefreshTtlSeconds => (long)JwtOptions.RefreshLifetime.TotalSeconds;

    private const string StartFamilyScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
        """;

    // KEYS: presented token, family, successor. ARGV: family id, successor jti, TTL, token key prefix.
    private const string RotateScript = """
        if redis.call('DEL', KEYS[1]) == 1 then
          redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[3])
          redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
          return 1
        end
        local live = redis.call('GET', KEYS[2])
        if live then
          redis.call('DEL', ARGV[4] .. live, KEYS[2])
          return -1
        end
        return 0
        """;

    private const string RevokeFamilyScript = """
        local live = redis.call('GET', KEYS[1])
        if live then redis.call('DEL', ARGV[1] .. live) end
        redis.call('DEL', KEYS[1])
        """;

    private const string LogoutScript = """
        redis.call('DEL', KEYS[1])
        if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        """;

    /// <summary>Stores the first refresh token of a new family (signup, login).</summary>
    public Task StartFamilyAsync(long userId, string family, string jti) =>
        Db.ScriptEvaluateAsync(StartFamilyScript, [RefreshKey(userId, jti), FamilyKey(userId, family)], [family, jti, RefreshTtlSeconds]);

    /// <summary>Consumes the presented token and stores its successor, or revokes the family when the token is replayed.</summary>
    public async Task<RefreshRotation> RotateAsync(long userId, string family, string presentedJti, string successorJti)
    {
        var result = (long)await Db.ScriptEvaluateAsync(RotateScript,
            [RefreshKey(userId, presentedJti), FamilyKey(userId, family), RefreshKey(userId, successorJti)],
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
        Db.ScriptEvaluateAsync(RevokeFamilyScript, [FamilyKey(userId, family)], [RefreshPrefix(userId)]);

    /// <summary>Logout (contract 1.3): deletes the refresh token's key, and its family's key when it is the live token.</summary>
    public Task RevokeRefreshAsync(long userId, string family, string jti) =>
        Db.ScriptEvaluateAsync(LogoutScript, [RefreshKey(userId, jti), FamilyKey(userId, family)], [jti]);

    public async Task BlacklistAsync(long userId, string jti, TimeSpan remaining)
    {
        if (remaining > TimeSpan.Zero)
        {
            await Db.StringSetAsync(BlacklistKey(userId, jti), "1", remaining);
        }
    }

    public Task<bool> IsBlacklistedAsync(long userId, string jti) => Db.KeyExistsAsync(BlacklistKey(userId, jti));
}
