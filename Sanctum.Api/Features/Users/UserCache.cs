using System.Text.Json;
using Sanctum.Api.Infrastructure.Json;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Users;

/// <summary>
/// Cache-aside copy of a user for <c>GET /api/users/:id/cached</c>.
/// Key <c>user:&lt;id&gt;</c>, JSON of the full <see cref="UserDto"/> (no password), TTL 5 minutes. The email and ban
/// fields are in it; <see cref="UserService"/> makes the viewer's form (<see cref="UserPrivacy"/>) at response time.
/// Invalidated by every write to the user row that goes through <see cref="UserService"/> (profile update,
/// admin promotion/demotion, ban/unban), so a reader never sees a stale profile after a write.
/// </summary>
public sealed class UserCache(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private IDatabase Db => redis.GetDatabase();

    private static RedisKey Key(long id) => $"user:{id}";

    public async Task<UserDto?> GetAsync(long id)
    {
        var value = await Db.StringGetAsync(Key(id));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<UserDto>((string)value!, JsonSetup.Options);
    }

    public Task SetAsync(UserDto user) => Db.StringSetAsync(Key(user.Id), JsonSerializer.Serialize(user, JsonSetup.Options), Ttl);

    public Task InvalidateAsync(long id) => Db.KeyDeleteAsync(Key(id));
}
