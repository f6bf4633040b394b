using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Infrastructure.Validation;

/// <summary>
/// A NUL byte in any text a client sends is a 400 <c>VALIDATION_ERROR</c> with <c>errors</c>, never a 500 from
/// PostgreSQL (which refuses NUL in text). Each case puts the NUL inside an otherwise valid value, so the request
/// would succeed without it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NulTextTests(SanctumAppFixture app)
{
    private const string Password = TestData.Password;

    /// <summary>An otherwise valid value with a NUL after its first character.</summary>
    private static string Nul(string valid) => valid[..1] + "\u0000" + valid[1..];

    public static TheoryData<string> Fields => new(Cases.Keys);

    private static readonly Dictionary<string, Func<SanctumAppFixture, Task<HttpResponseMessage>>> Cases = new()
    {
        ["signup.username"] = app => Signup(app, Nul("nulname"), "nul@example.com", Password),
        ["signup.email"] = app => Signup(app, TestData.Username(), Nul("nul@example.com"), Password),
        ["signup.password"] = app => Signup(app, TestData.Username(), $"{TestData.Username()}@example.com", Nul(Password)),
        ["login.email"] = app => app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = Nul("nul@example.com"), password = Password }),
        ["login.password"] = app => app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "nul@example.com", password = Nul(Password) }),
        ["refresh.refresh_token"] = async app =>
            await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refresh_token = Nul((await app.SignupAsync()).RefreshToken) }),
        ["logout.refresh_token"] = async app =>
        {
            var user = await app.SignupAsync();
            return await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = Nul(user.RefreshToken) });
        },

        ["profile.username"] = app => UpdateProfile(app, new { username = Nul(TestData.Username()) }),
        ["profile.bio"] = app => UpdateProfile(app, new { bio = Nul("A bio") }),
        ["profile.avatar"] = app => UpdateProfile(app, new { avatar = Nul("https://example.com/a.png") }),

        ["post.post_type"] = app => CreatePost(app, new { title = "t", content = "c", post_type = Nul("text") }),
        ["post.title"] = app => CreatePost(app, new { title = Nul("Title"), content = "c" }),
        ["post.content"] = app => CreatePost(app, new { title = "t", content = Nul("Content") }),
        ["post.image_url"] = app => CreatePost(app, new { title = "t", post_type = "media", image_url = Nul("/media/i/abc/master.jpg") }),
        ["post.link_url"] = app => CreatePost(app, new { title = "t", post_type = "link", link_url = "https://example.com/" + Nul("path") }),
        ["post.youtube_url"] = app => CreatePost(app, new { title = "t", post_type = "video", youtube_url = "https://youtu.be/" + Nul("abc") }),
        ["post.poll.question"] = app => CreatePost(app, new { title = "t", post_type = "poll", poll = new { question = Nul("Which?"), options = new[] { "a", "b" } } }),
        ["post.poll.options"] = app => CreatePost(app, new { title = "t", post_type = "poll", poll = new { question = "Which?", options = new[] { "a", Nul("bb") } } }),
        ["post_update.title"] = app => UpdatePost(app, new { title = Nul("Title") }),
        ["post_update.content"] = app => UpdatePost(app, new { content = Nul("Content") }),
        ["post_update.image_url"] = app => UpdatePost(app, new { image_url = Nul("/media/i/abc/master.jpg") }),
        ["post_update.link_url"] = app => UpdatePost(app, new { link_url = "https://example.com/" + Nul("path") }),
        ["post_update.youtube_url"] = app => UpdatePost(app, new { youtube_url = "https://youtu.be/" + Nul("abc") }),
        ["report.reason"] = app => ReportPost(app, new { reason = Nul("spam") }),
        ["report.details"] = app => ReportPost(app, new { reason = "spam", details = Nul("details") }),
        ["search.q"] = app => app.CreateClient().GetAsync("/api/posts/search?q=a%00b"),
        ["feed.sanctum_id"] = app => app.CreateClient().GetAsync("/api/posts?sanctum_id=1%002"),

        ["comment.content"] = async app =>
        {
            var user = await app.SignupAsync();
            var post = await user.CreateTextPostAsync();
            return await user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = Nul("A comment") });
        },
        ["comment_update.content"] = async app =>
        {
            var user = await app.SignupAsync();
            var post = await user.CreateTextPostAsync();
            var comment = await user.CreateCommentAsync(post.Id());
            return await user.Client.PutAsJsonAsync($"/api/posts/{post.Id()}/comments/{comment.Id()}", new { content = Nul("Edited") });
        },

        ["sanctum_request.requested_name"] = app => RequestSanctum(app, Nul("A name"), TestData.Slug(), "A reason"),
        ["sanctum_request.requested_slug"] = app => RequestSanctum(app, "A name", Nul(TestData.Slug()), "A reason"),
        ["sanctum_request.reason"] = app => RequestSanctum(app, "A name", TestData.Slug(), Nul("A reason")),
        ["memberships.sanctum_slugs"] = async app =>
            await (await app.SignupAsync()).Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = new[] { "atrium", Nul("general") } }),

        ["admin.status"] = async app => await (await app.CreateAdminAsync()).Client.GetAsync("/api/admin/sanctum-requests?status=pen%00ding"),
        ["approve.review_notes"] = app => Review(app, "approve"),
        ["reject.review_notes"] = app => Review(app, "reject"),
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Nul_in_text_is_a_validation_error(string field)
    {
        var response = await Cases[field](app);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Other_control_characters_and_lone_surrogates_are_validation_errors()
    {
        var user = await app.SignupAsync();

        await (await user.Client.PostAsync("/api/posts", HttpAssertions.Json("""{"title":"a\u0001b","content":"c"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Title contains invalid characters");
        // The JSON reader already refuses a lone surrogate escape; the text rule is the second line.
        await (await user.Client.PostAsync("/api/posts", HttpAssertions.Json("""{"title":"t","content":"broken \ud800 pair"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        var post = await user.CreatePostAsync(new { title = "t", content = "Line one\nLine two\tindented\r\n" });
        Assert.Equal("Line one\nLine two\tindented\r\n", post.GetProperty("content").GetString());
    }

    /// <summary>Kestrel refuses a NUL in the path before routing, so a slug can never carry one to the database.</summary>
    [Fact]
    public async Task Nul_in_a_path_segment_is_refused_before_the_app()
    {
        var response = await app.CreateClient().GetAsync("/api/sanctums/ab%00cd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Signup(SanctumAppFixture app, string username, string email, string password) =>
        app.CreateClient().PostAsJsonAsync("/api/auth/signup", new { username, email, password });

    private static async Task<HttpResponseMessage> UpdateProfile(SanctumAppFixture app, object body) =>
        await (await app.SignupAsync()).Client.PutAsJsonAsync("/api/users/me", body);

    private static async Task<HttpResponseMessage> CreatePost(SanctumAppFixture app, object body) =>
        await (await app.SignupAsync()).Client.PostAsJsonAsync("/api/posts", body);

    private static async Task<HttpResponseMessage> UpdatePost(SanctumAppFixture app, object body)
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        return await user.Client.PutAsJsonAsync($"/api/posts/{post.Id()}", body);
    }

    private static async Task<HttpResponseMessage> ReportPost(SanctumAppFixture app, object body)
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        return await user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", body);
    }

    private static async Task<HttpResponseMessage> RequestSanctum(SanctumAppFixture app, string name, string slug, string reason) =>
        await (await app.SignupAsync()).Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = name, requested_slug = slug, reason });

    private static async Task<HttpResponseMessage> Review(SanctumAppFixture app, string action)
    {
        var requester = await app.SignupAsync();
        var admin = await app.CreateAdminAsync();
        var request = await requester.RequestSanctumAsync();
        return await admin.Client.PostAsJsonAsync($"/api/admin/sanctum-requests/{request.Id()}/{action}", new { review_notes = Nul("Notes") });
    }
}
