using Npgsql;
using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Infrastructure.Validation;

/// <summary>
/// The lists the contract leaves unpaginated take optional <c>limit</c>/<c>offset</c>. Without a limit they answer
/// what the contract promises (the whole list, up to the 1000 cap); a limit above the cap is clamped to it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PaginationTests(SanctumAppFixture app)
{
    private static async Task<List<long>> IdsAsync(HttpClient client, string path, string field = "id") =>
        (await (await client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(item => item.GetProperty(field).GetInt64()).ToList();

    /// <summary>The whole list, then the pages of it, for a list that holds at least three items.</summary>
    private static async Task AssertPagesAsync(HttpClient client, string path, string field = "id")
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var all = await IdsAsync(client, path, field);
        Assert.True(all.Count >= 3, $"{path} should hold at least three items, has {all.Count}");

        Assert.Equal(all.Take(2), await IdsAsync(client, $"{path}{separator}limit=2", field));
        Assert.Equal(all.Skip(1).Take(2), await IdsAsync(client, $"{path}{separator}limit=2&offset=1", field));
        Assert.Equal(all.Skip(2), await IdsAsync(client, $"{path}{separator}offset=2", field));
        Assert.Equal(all, await IdsAsync(client, $"{path}{separator}limit=0&offset=-5", field));
        Assert.Equal(all, await IdsAsync(client, $"{path}{separator}limit=100000", field));
    }

    [Fact]
    public async Task Comments_page_and_keep_the_contract_cap_of_1000()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        await app.ExecuteSqlAsync(
            "INSERT INTO comments (content, user_id, post_id) SELECT 'bulk ' || n, @userId, @postId FROM generate_series(1, 1001) AS n",
            new NpgsqlParameter("userId", user.Id), new NpgsqlParameter("postId", post.Id()));
        var path = $"/api/posts/{post.Id()}/comments";

        var all = await IdsAsync(app.CreateClient(), path);
        var capped = await IdsAsync(app.CreateClient(), $"{path}?limit=5000");
        var beyond = await IdsAsync(app.CreateClient(), $"{path}?limit=10&offset=1000");

        Assert.Equal(1000, all.Count);
        Assert.Equal(all, capped);
        Assert.Single(beyond);
        Assert.DoesNotContain(beyond[0], all);
    }

    [Fact]
    public async Task Comments_page()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.CreateCommentAsync(post.Id(), $"Comment {i}");
        }

        await AssertPagesAsync(app.CreateClient(), $"/api/posts/{post.Id()}/comments");
    }

    [Fact]
    public async Task Sanctums_page_over_every_active_sanctum()
    {
        var client = app.CreateClient();

        await AssertPagesAsync(client, "/api/sanctums");
        Assert.Subset((await (await client.GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK)).Slugs().ToHashSet(),
            SanctumSteps.BuiltInSlugs.ToHashSet());
    }

    [Fact]
    public async Task My_requests_page()
    {
        var user = await app.SignupAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.RequestSanctumAsync();
        }

        await AssertPagesAsync(user.Client, "/api/sanctums/requests/me");
    }

    [Fact]
    public async Task My_memberships_page()
    {
        var user = await app.SignupAsync();
        await (await user.Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = new[] { "atrium", "general", "books", "music" } }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await AssertPagesAsync(user.Client, "/api/sanctums/memberships/me", "sanctum_id");
    }

    [Fact]
    public async Task Sanctum_admins_page()
    {
        var admin = await app.CreateAdminAsync();
        var (owner, sanctum) = await app.CreateOwnedSanctumAsync(admin);
        var slug = sanctum.GetProperty("slug").GetString();
        for (var i = 0; i < 2; i++)
        {
            var mod = await app.SignupAsync();
            await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/{mod.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        }

        await AssertPagesAsync(owner.Client, $"/api/sanctums/{slug}/admins", "user_id");
    }

    [Fact]
    public async Task Admin_sanctum_requests_page()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.RequestSanctumAsync();
        }

        await AssertPagesAsync(admin.Client, "/api/admin/sanctum-requests?status=pending");
    }

    /// <summary>Contract 0.5: a paging number that is not an integer counts as missing, so the route's default applies
    /// (as in the original), instead of a binding failure.</summary>
    [Theory]
    [InlineData("/api/posts", "limit=abc&offset=xyz")]
    [InlineData("/api/posts/search?q=the", "limit=1.5")]
    [InlineData("/api/sanctums", "limit=99999999999&offset=")]
    public async Task A_paging_number_that_is_not_an_integer_takes_the_default(string path, string paging)
    {
        var client = app.CreateClient();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        var lenient = await IdsAsync(client, $"{path}{separator}{paging}");

        Assert.Equal(await IdsAsync(client, path), lenient);
    }
}
