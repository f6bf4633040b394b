using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>Every post read embeds its author as the viewer may see them (project decision 7): the full form for
/// the author and admins, the public form for anonymous callers and other users, from the cache or not.</summary>
[Collection(AppCollection.Name)]
public sealed class PostPrivacyTests(SanctumAppFixture app)
{
    private async Task<(TestUser Author, TestUser Other, TestUser Admin)> ArrangeAsync() =>
        (await app.SignupAsync("au"), await app.SignupAsync("ot"), await app.CreateAdminAsync());

    private static async Task<JsonElement> OnlyPostAuthorAsync(HttpClient client, string path)
    {
        var page = await (await client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);
        return Assert.Single(page.EnumerateArray()).GetProperty("user");
    }

    private static async Task<JsonElement> PostAuthorAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("user");

    /// <summary>The anonymous body, read twice (a miss or a hit, then certainly a hit): no email anywhere in the text.</summary>
    private async Task<JsonElement> AnonymousTwiceAsync(string path, TestUser author)
    {
        var client = app.CreateClient();
        var first = await client.GetStringAsync(path);
        var second = await client.GetStringAsync(path);
        Assert.Equal(first, second);
        Assert.DoesNotContain(author.Email, second, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PrivacyAssertions.BanReason, second, StringComparison.Ordinal);
        return JsonDocument.Parse(second).RootElement.Clone();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Feed_page_shows_the_author_in_each_viewers_form(bool banned)
    {
        var (author, other, admin) = await ArrangeAsync();
        var sanctumId = await app.CreateSanctumAsync();
        await author.CreateTextPostAsync(sanctumId);
        if (banned)
        {
            await app.BanAsync(author);
        }
        var path = $"/api/posts?sanctum_id={sanctumId}";

        // The author's read is a miss that fills the shared cache; the reads after it are hits.
        (await OnlyPostAuthorAsync(author.Client, path)).AssertFullForm(author, banned);
        var anonymous = await AnonymousTwiceAsync(path, author);
        Assert.Single(anonymous.EnumerateArray()).GetProperty("user").AssertPublicForm(author);
        (await OnlyPostAuthorAsync(author.Client, path)).AssertFullForm(author, banned);
        (await OnlyPostAuthorAsync(other.Client, path)).AssertPublicForm(author);
        (await OnlyPostAuthorAsync(admin.Client, path)).AssertFullForm(author, banned);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_detail_shows_the_author_in_each_viewers_form(bool banned)
    {
        var (author, other, admin) = await ArrangeAsync();
        var post = await author.CreateTextPostAsync();
        if (banned)
        {
            await app.BanAsync(author);
        }
        var path = $"/api/posts/{post.Id()}";

        (await PostAuthorAsync(author.Client, path)).AssertFullForm(author, banned);
        (await AnonymousTwiceAsync(path, author)).GetProperty("user").AssertPublicForm(author);
        (await PostAuthorAsync(author.Client, path)).AssertFullForm(author, banned);
        (await PostAuthorAsync(other.Client, path)).AssertPublicForm(author);
        (await PostAuthorAsync(admin.Client, path)).AssertFullForm(author, banned);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Search_shows_the_author_in_each_viewers_form(bool banned)
    {
        var (author, other, admin) = await ArrangeAsync();
        var word = TestData.Username("pv");
        await author.CreateTextPostAsync(title: $"Privacy {word}");
        if (banned)
        {
            await app.BanAsync(author);
        }
        var path = $"/api/posts/search?q={word}";

        Assert.Single((await AnonymousTwiceAsync(path, author)).EnumerateArray()).GetProperty("user").AssertPublicForm(author);
        (await OnlyPostAuthorAsync(other.Client, path)).AssertPublicForm(author);
        (await OnlyPostAuthorAsync(author.Client, path)).AssertFullForm(author, banned);
        (await OnlyPostAuthorAsync(admin.Client, path)).AssertFullForm(author, banned);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task User_posts_show_the_author_in_each_viewers_form(bool banned)
    {
        var (author, other, admin) = await ArrangeAsync();
        await author.CreateTextPostAsync();
        if (banned)
        {
            await app.BanAsync(author);
        }
        var path = $"/api/users/{author.Id}/posts";

        (await OnlyPostAuthorAsync(other.Client, path)).AssertPublicForm(author);
        (await OnlyPostAuthorAsync(admin.Client, path)).AssertFullForm(author, banned);
        if (banned)
        {
            await (await author.Client.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        }
        else
        {
            (await OnlyPostAuthorAsync(author.Client, path)).AssertFullForm(author, banned: false);
        }
        await (await app.CreateClient().GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    [Fact]
    public async Task Create_and_update_answer_with_the_authors_full_form()
    {
        var author = await app.SignupAsync("au");

        var created = await author.CreateTextPostAsync();
        var updated = await (await author.Client.PutAsJsonAsync($"/api/posts/{created.Id()}", new { title = "Changed" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        created.GetProperty("user").AssertFullForm(author, banned: false);
        updated.GetProperty("user").AssertFullForm(author, banned: false);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Like_unlike_and_vote_answer_with_the_author_in_the_callers_form(bool banned)
    {
        var (author, other, admin) = await ArrangeAsync();
        var poll = await author.CreatePollAsync("a", "b");
        var option = poll.GetProperty("poll").GetProperty("options")[0].Id();
        if (banned)
        {
            await app.BanAsync(author);
        }
        List<(TestUser Caller, bool Full)> callers = [(other, false), (admin, true)];
        if (!banned)
        {
            callers.Add((author, true));
        }

        foreach (var (caller, full) in callers)
        {
            var liked = await (await caller.Client.PostAsync($"/api/posts/{poll.Id()}/like", null)).ExpectJsonAsync(HttpStatusCode.OK);
            var unliked = await (await caller.Client.DeleteAsync($"/api/posts/{poll.Id()}/like")).ExpectJsonAsync(HttpStatusCode.OK);
            var voted = await (await caller.Client.PostAsJsonAsync($"/api/posts/{poll.Id()}/poll/vote", new { poll_option_id = option }))
                .ExpectJsonAsync(HttpStatusCode.OK);

            liked.GetProperty("user").AssertFormFor(author, banned, full);
            unliked.GetProperty("user").AssertFormFor(author, banned, full);
            voted.GetProperty("user").AssertFormFor(author, banned, full);
        }
    }
}
