using System.Text.Json;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Json;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Users;

/// <summary>
/// Cache-aside copy of a user for <c>GET /api/users/:id/cached</c>.
/// Key <c>user:&lt;id&gt;</c>, JSON of the full <see cref="UserDto"/> (no password), TTL 5 minutes; misses are not cached.
/// The email and ban fields are in it; <see cref="UserService"/> makes the viewer's form (<see cref="UserPrivacy"/>)
/// at response time.
/// Invalidated after every write to the user row: a profile update and an admin promotion or demotion (both in
/// <see cref="UserService"/>), a ban and an unban (<see cref="UserModerationService"/>, so an admin sees the ban fields
/// at once; contract 19 item 9 is fixed), and the Development root admin's seeding at startup
/// (<see cref="RootAdminSeeder"/>). Any new write to <c>users</c> must invalidate here too.
/// Failure policy (<see cref="RedisCache"/>): a failed read is a miss and the user comes from PostgreSQL; a failed
/// fill is logged and skipped; a failed invalidation is logged and the committed write still answers its 2xx, so a
/// reader may see the old profile for at most the TTL.
/// </summary>
public sealed class UserCache(RedisCache redis)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private static RedisKey Key(long id) => $"user:{id}";

    public async Task<UserDto?> GetAsync(long id)
    {
        var value = await redis.ReadOrMissAsync("user", db => db.StringGetAsync(Key(id)));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<UserDto>((string)value!, JsonSetup.Options);
    }

    public Task SetAsync(UserDto user) =>
        redis.FillOrSkipAsync("user", db => db.StringSetAsync(Key(user.Id), JsonSerializer.Serialize(user, JsonSetup.Options), Ttl));

    public Task InvalidateAsync(long id) => redis.InvalidateOrLogAsync("user", db => db.KeyDeleteAsync(Key(id)));
}
