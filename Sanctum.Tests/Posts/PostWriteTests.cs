using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

[Collection(AppCollection.Name)]
public sealed class PostWriteTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Author_updates_only_the_given_fields()
    {
        var user = await app.SignupAsync();
        var post = await user.CreatePostAsync(new { title = "Old", content = "Body", post_type = "link", link_url = "https://a.example" });

        var response = await user.Client.PutAsJsonAsync($"/api/posts/{post.Id()}", new { title = "New", content = "", link_url = "https://b.example" });
        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("New", updated.GetProperty("title").GetString());
        Assert.Equal("Body", updated.GetProperty("content").GetString());
        Assert.Equal("https://b.example", updated.GetProperty("link_url").GetString());
        Assert.Equal(user.Id, updated.GetProperty("user").GetProperty("id").GetInt64());
        Assert.True(DateTimeOffset.Parse(updated.GetProperty("updated_at").GetString()!) >= DateTimeOffset.Parse(post.GetProperty("updated_at").GetString()!));
        Assert.Equal("New", (await app.CreateClient().GetPostAsync(post.Id())).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Editing_a_poll_post_content_changes_its_question()
    {
        var user = await app.SignupAsync();
        var poll = await user.CreatePollAsync("a", "b");

        var updated = await (await user.Client.PutAsJsonAsync($"/api/posts/{poll.Id()}", new { content = "New question?" })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("New question?", updated.GetProperty("content").GetString());
        Assert.Equal("New question?", updated.GetProperty("poll").GetProperty("question").GetString());
    }

    [Theory]
    [InlineData("title", 256, "Title too long (max 255 characters)")]
    [InlineData("content", 50_001, "Content too long (max 50000 characters)")]
    [InlineData("image_url", 256, "image_url too long (max 255 characters)")]
    public async Task Update_validates_lengths(string field, int length, string error)
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();

        var response = await user.Client.PutAsync($"/api/posts/{post.Id()}", HttpAssertions.Json($$"""{"{{field}}":"{{new string('x', length)}}"}"""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", error);
    }

    [Fact]
    public async Task Only_the_author_may_update()
    {
        var author = await app.SignupAsync();
        var other = await app.SignupAsync();
        var admin = await app.CreateAdminAsync();
        var post = await author.CreateTextPostAsync();
        var body = new { title = "Hijack" };

        await (await app.CreateClient().PutAsJsonAsync($"/api/posts/{post.Id()}", body)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await other.Client.PutAsJsonAsync($"/api/posts/{post.Id()}", body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only update your own posts");
        await (await admin.Client.PutAsJsonAsync($"/api/posts/{post.Id()}", body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only update your own posts");
        await (await author.Client.PutAsJsonAsync("/api/posts/999999999", body)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Post with ID 999999999 not found");
        Assert.NotEqual("Hijack", (await app.CreateClient().GetPostAsync(post.Id())).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Author_or_admin_may_delete_others_may_not()
    {
        var author = await app.SignupAsync();
        var other = await app.SignupAsync();
        var admin = await app.CreateAdminAsync();
        var own = await author.CreateTextPostAsync();
        var moderated = await author.CreateTextPostAsync();

        await (await app.CreateClient().DeleteAsync($"/api/posts/{own.Id()}")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await other.Client.DeleteAsync($"/api/posts/{own.Id()}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only delete your own posts");

        var deleted = await author.Client.DeleteAsync($"/api/posts/{own.Id()}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/posts/{moderated.Id()}")).StatusCode);

        await (await author.Client.DeleteAsync($"/api/posts/{own.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Post with ID {own.Id()} not found");
        await (await author.Client.PutAsJsonAsync($"/api/posts/{own.Id()}", new { title = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await app.CreateClient().GetAsync($"/api/posts/{moderated.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
