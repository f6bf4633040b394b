using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;
using StackExchange.Redis;

namespace Sanctum.Tests.Operations.Replicas;

/// <summary>
/// What the replicas share through Redis, proven by going to each replica's own address (never the proxy): a rate
/// limit counts the requests of both replicas, and a cached read on one replica shows a write the other just made.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SharedStateAcrossReplicasTests(SanctumAppFixture app)
{
    /// <summary><c>search</c> (per client IP, not overridden by the fixture): N requests alternated over the two
    /// replicas all pass, and the next one is refused whichever replica gets it. Per-process counters would allow 2N.</summary>
    [Fact]
    public async Task A_rate_limit_of_N_per_window_holds_across_two_replicas()
    {
        Assert.True(app.ReplicaAddresses.Count >= 2);
        var limit = RateLimitPolicies.Search.Limit;
        var address = TestData.NextClientIp();
        var replicas = new[] { SameClient(0, address), SameClient(1, address) };
        var query = $"/api/posts/search?q={TestData.Username("rl")}";

        for (var request = 0; request < limit; request++)
        {
            await (await replicas[request % 2].GetAsync(query)).ExpectJsonAsync(HttpStatusCode.OK);
        }

        await (await replicas[limit % 2].GetAsync(query)).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        await (await replicas[(limit + 1) % 2].GetAsync(query)).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        // Another client is not affected: the counter is per client, shared by the replicas.
        await (await app.CreateClient(1).GetAsync(query)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// The post detail cache (<c>FeedCache</c>, key <c>post:&lt;id&gt;</c>): replica 1 caches the anonymous detail, replica 0
    /// edits the post, and replica 1's very next read shows the edit. FeedCache documents the bound: the write deletes the
    /// key after its commit and before its 2xx, so the bound is zero (only a failed invalidation leaves up to one TTL).
    /// </summary>
    [Fact]
    public async Task An_edit_on_one_replica_is_read_at_once_on_the_other_through_the_detail_cache()
    {
        var author = await app.SignupAsync("coh");
        var post = await app.CreatePostOnAsync(author, replica: 0);
        var reader = app.CreateClient(1);

        Assert.Equal(post.GetProperty("title").GetString(), (await reader.GetPostAsync(post.Id())).GetProperty("title").GetString());
        Assert.True(await Cache.KeyExistsAsync($"post:{post.Id()}"), "replica 1 did not cache the detail: this test would prove nothing");

        var edited = $"Edited {TestData.Username("t")}";
        await (await app.ClientFor(author, 0).PutAsJsonAsync($"/api/posts/{post.Id()}", new { title = edited })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(edited, (await reader.GetPostAsync(post.Id())).GetProperty("title").GetString());
    }

    /// <summary>The feed page cache (<c>posts:feed:v&lt;version&gt;:…</c>): replica 1 caches a sanctum's first page, replica 0
    /// creates a post in it, and replica 1's next read of the page has it (the write bumps the shared version first).</summary>
    [Fact]
    public async Task A_post_created_on_one_replica_is_in_the_other_replicas_cached_feed_at_once()
    {
        var author = await app.SignupAsync("coh");
        var sanctumId = await app.CreateSanctumAsync();
        var first = await CreateInSanctumAsync(author, sanctumId);
        var reader = app.CreateClient(1);
        var page = $"sanctum_id={sanctumId}&limit=20&offset=0";

        Assert.Equal([first], (await reader.GetFeedAsync(page)).Ids());
        var version = (long)await Cache.StringGetAsync("posts:feed:version");
        Assert.True(await Cache.KeyExistsAsync($"posts:feed:v{version}:{sanctumId}:20:0"), "replica 1 did not cache the page: this test would prove nothing");

        var second = await CreateInSanctumAsync(author, sanctumId);

        Assert.Equal([second, first], (await reader.GetFeedAsync(page)).Ids());
    }

    private IDatabase Cache => app.Redis.GetDatabase();

    private async Task<long> CreateInSanctumAsync(TestUser author, long sanctumId)
    {
        var response = await app.ClientFor(author, 0).PostAsJsonAsync("/api/posts", PostTestData.TextPost(sanctumId: sanctumId));
        return (await response.ExpectJsonAsync(HttpStatusCode.Created)).Id();
    }

    /// <summary>A client of one replica that presents <paramref name="address"/> as its client IP.</summary>
    private HttpClient SameClient(int replica, string address)
    {
        var client = app.CreateClient(replica);
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
