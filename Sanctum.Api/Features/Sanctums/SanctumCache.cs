using System.Text.Json;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Json;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>
/// Cache-aside copies of the public sanctum reads.
/// Keys: <c>sanctums:active</c> = JSON [<see cref="SanctumDto"/>] of <c>GET /api/sanctums</c> (active only, by name);
/// <c>sanctum:&lt;slug&gt;</c> = JSON <see cref="SanctumDto"/> of <c>GET /api/sanctums/:slug</c> (active only; misses are not cached).
/// TTL 10 minutes for both. Invalidated after every write that changes a sanctum or its default room:
/// approval of a request (list and the new slug), admin deletion (list and the slug), and the built-in seeding at
/// startup (list and every built-in slug). Deletion happens after the database commit, so the next read refills from it;
/// only a reader that loaded the old rows before that commit and writes them back after the delete can reinstate them,
/// and the TTL bounds that window. Nothing else writes sanctums or their rooms (membership changes are not part of a SanctumDTO).
/// Failure policy (<see cref="RedisCache"/>): a failed read is a miss and the list or sanctum comes from PostgreSQL; a
/// failed fill is logged and skipped; a failed invalidation is logged and the committed write still answers its 2xx
/// (the seeding at startup carries on too), leaving at most one TTL of staleness.
/// </summary>
public sealed class SanctumCache(RedisCache redis)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private const string ListKey = "sanctums:active";

    private static RedisKey SlugKey(string slug) => $"sanctum:{slug}";

    public async Task<IReadOnlyList<SanctumDto>?> GetListAsync()
    {
        var value = await redis.ReadOrMissAsync("sanctum list", db => db.StringGetAsync(ListKey));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<IReadOnlyList<SanctumDto>>((string)value!, JsonSetup.Options);
    }

    public Task SetListAsync(IReadOnlyList<SanctumDto> sanctums) =>
        redis.FillOrSkipAsync("sanctum list", db => db.StringSetAsync(ListKey, JsonSerializer.Serialize(sanctums, JsonSetup.Options), Ttl));

    public async Task<SanctumDto?> GetBySlugAsync(string slug)
    {
        var value = await redis.ReadOrMissAsync("sanctum", db => db.StringGetAsync(SlugKey(slug)));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SanctumDto>((string)value!, JsonSetup.Options);
    }

    public Task SetBySlugAsync(SanctumDto sanctum) =>
        redis.FillOrSkipAsync("sanctum", db => db.StringSetAsync(SlugKey(sanctum.Slug), JsonSerializer.Serialize(sanctum, JsonSetup.Options), Ttl));

    /// <summary>Drops the list and the entries of the given slugs.</summary>
    public Task InvalidateAsync(params IEnumerable<string> slugs) =>
        redis.InvalidateOrLogAsync("sanctum list and slugs", db => db.KeyDeleteAsync([ListKey, .. slugs.Select(SlugKey)]));
}
