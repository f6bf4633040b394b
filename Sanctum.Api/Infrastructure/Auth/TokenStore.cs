using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>
/// Redis state of tokens (contract 16.1):
/// <c>refresh_token:&lt;userId&gt;:&lt;jti&gt;</c> = "1" for 7 days, deleted on rotation and logout;
/// <c>blacklist:&lt;userId&gt;:&lt;jti&gt;</c> = "1" for the access token's remaining lifetime, set on logout (keyed per
/// user, so one user's jti can never revoke another's token).
/// </summary>
public sealed class TokenStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    private static RedisKey RefreshKey(long userId, string jti) => $"refresh_token:{userId}:{jti}";
    private static RedisKey BlacklistKey(long userId, string jti) => $"blacklist:{userId}:{jti}";

    public Task StoreRefreshAsync(long userId, string jti) =>
        Db.StringSetAsync(RefreshKey(userId, jti), "1", JwtOptions.RefreshLifetime);

    /// <summary>Deletes the refresh token's key; true only for the one caller that found it (rotation is single use).</summary>
    public Task<bool> ConsumeRefreshAsync(long userId, string jti) => Db.KeyDeleteAsync(RefreshKey(userId, jti));

    public async Task BlacklistAsync(long userId, string jti, TimeSpan remaining)
    {
        if (remaining > TimeSpan.Zero)
        {
            await Db.StringSetAsync(BlacklistKey(userId, jti), "1", remaining);
        }
    }

    public Task<bool> IsBlacklistedAsync(long userId, string jti) => Db.KeyExistsAsync(BlacklistKey(userId, jti));
}
