using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;

namespace Sanctum.Tests.Comments;

[Collection(AppCollection.Name)]
public sealed class CommentTests(SanctumAppFixture app)
{
    private static async Task<JsonElement> ListAsync(HttpClient client, long postId) =>
        await (await client.GetAsync($"/api/posts/{postId}/comments")).ExpectJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Comment_has_the_contract_shape_and_lists_newest_first_publicly()
    {
        var author = await app.SignupAsync();
        var commenter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();

        var response = await commenter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = "First!" });
        var first = await response.ExpectJsonAsync(HttpStatusCode.Created);
        var second = await author.CreateCommentAsync(post.Id(), "Second");

        Assert.Equal("First!", first.GetProperty("content").GetString());
        Assert.Equal(commenter.Id, first.GetProperty("user_id").GetInt64());
        Assert.Equal(post.Id(), first.GetProperty("post_id").GetInt64());
        Assert.Equal(commenter.Username, first.GetProperty("user").GetProperty("username").GetString());
        Assert.False(first.TryGetProperty("parent_id", out _));
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("created_at").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("updated_at").GetString(), out _));
        var list = await ListAsync(app.CreateClient(), post.Id());
        Assert.Equal([second.Id(), first.Id()], list.Ids());
        Assert.Equal(author.Id, list[0].GetProperty("user").GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("""{"content":""}""", "Content is required")]
    [InlineData("""{"content":"   "}""", "Content is required")]
    [InlineData("""{}""", "Content is required")]
    public async Task Invalid_content_is_400(string body, string error)
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();

        await (await user.Client.PostAsync($"/api/posts/{post.Id()}/comments", HttpAssertions.Json(body))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", error);
    }

    [Fact]
    public async Task Too_long_content_is_400_on_create_and_update()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        var comment = await user.CreateCommentAsync(post.Id());
        var tooLong = new { content = new string('c', 10_001) };

        await (await user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/comments", tooLong)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Comment too long (max 10000 characters)");
        await (await user.Client.PutAsJsonAsync($"/api/posts/{post.Id()}/comments/{comment.Id()}", tooLong)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Comment too long (max 10000 characters)");
        await (await user.Client.PutAsJsonAsync($"/api/posts/{post.Id()}/comments/{comment.Id()}", new { content = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Content is required");
        var accepted = await user.CreateCommentAsync(post.Id(), new string('c', 10_000));
        Assert.Equal(10_000, accepted.GetProperty("content").GetString()!.Length);
    }

    [Fact]
    public async Task Author_updates_and_deletes_others_get_403_admin_may_delete()
    {
        var author = await app.SignupAsync();
        var other = await app.SignupAsync();
        var admin = await app.CreateAdminAsync();
        var post = await other.CreateTextPostAsync();
        var comment = await author.CreateCommentAsync(post.Id(), "mine");
        var moderated = await author.CreateCommentAsync(post.Id(), "moderated");
        var path = $"/api/posts/{post.Id()}/comments/{comment.Id()}";

        await (await app.CreateClient().PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = "x" })).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await app.CreateClient().PutAsJsonAsync(path, new { content = "x" })).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await app.CreateClient().DeleteAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await other.Client.PutAsJsonAsync(path, new { content = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only update your own comments");
        await (await admin.Client.PutAsJsonAsync(path, new { content = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only update your own comments");
        await (await other.Client.DeleteAsync(path)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only delete your own comments");

        var updated = await (await author.Client.PutAsJsonAsync(path, new { content = "edited" })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("edited", updated.GetProperty("content").GetString());
        Assert.Equal(author.Id, updated.GetProperty("user").GetProperty("id").GetInt64());

        var deleted = await author.Client.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("text/plain", deleted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("OK", await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.DeleteAsync($"/api/posts/{post.Id()}/comments/{moderated.Id()}")).StatusCode);
        Assert.Empty((await ListAsync(app.CreateClient(), post.Id())).EnumerateArray());
        await (await author.Client.DeleteAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Comment with ID {comment.Id()} not found");
    }

    [Fact]
    public async Task Missing_posts_and_comments_of_other_posts_are_404()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        var otherPost = await user.CreateTextPostAsync();
        var comment = await user.CreateCommentAsync(post.Id());
        var wrongPath = $"/api/posts/{otherPost.Id()}/comments/{comment.Id()}";

        await (await user.Client.PutAsJsonAsync(wrongPath, new { content = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Comment with ID {comment.Id()} not found");
        await (await user.Client.DeleteAsync(wrongPath)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Comment with ID {comment.Id()} not found");
        await (await user.Client.DeleteAsync($"/api/posts/{post.Id()}/comments/999999999")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await app.CreateClient().GetAsync("/api/posts/999999999/comments")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Post with ID 999999999 not found");
        await (await user.Client.PostAsJsonAsync("/api/posts/999999999/comments", new { content = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Post with ID 999999999 not found");
        await (await user.Client.DeleteAsync($"/api/posts/{post.Id()}/comments/abc")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid comment ID");

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/posts/{post.Id()}")).StatusCode);
        await (await app.CreateClient().GetAsync($"/api/posts/{post.Id()}/comments")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Client.PutAsJsonAsync($"/api/posts/{post.Id()}/comments/{comment.Id()}", new { content = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Post with ID {post.Id()} not found");
    }

    [Fact]
    public async Task Replies_carry_parent_id_and_survive_their_parents_deletion()
    {
        var user = await app.SignupAsync();
        var other = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        var otherPost = await user.CreateTextPostAsync();
        var parent = await user.CreateCommentAsync(post.Id(), "parent");
        var reply = await other.CreateCommentAsync(post.Id(), "reply", parent.Id());
        var foreign = await other.CreateCommentAsync(otherPost.Id(), "elsewhere");
        Assert.Equal(parent.Id(), reply.GetProperty("parent_id").GetInt64());

        await (await user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = "x", parent_id = foreign.Id() }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid parent comment");
        await (await other.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = "x", parent_id = 999999999 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid parent comment");

        Assert.Equal(HttpStatusCode.OK, (await user.Client.DeleteAsync($"/api/posts/{post.Id()}/comments/{parent.Id()}")).StatusCode);
        var list = await ListAsync(app.CreateClient(), post.Id());
        Assert.Equal([reply.Id()], list.Ids());
        Assert.Equal(parent.Id(), list[0].GetProperty("parent_id").GetInt64());
        // A reply to a deleted comment of the same post is still a valid thread position.
        var late = await user.CreateCommentAsync(post.Id(), "late reply", parent.Id());
        Assert.Equal(parent.Id(), late.GetProperty("parent_id").GetInt64());
    }

    [Fact]
    public async Task Create_comment_is_rate_limited_per_user()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        for (var i = 0; i < 5; i++)
        {
            await user.CreateCommentAsync(post.Id(), $"c{i}");
        }

        var limited = await user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = "one more" });

        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
    }
}
