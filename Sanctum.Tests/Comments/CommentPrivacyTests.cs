using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;

namespace Sanctum.Tests.Comments;

/// <summary>Comments embed their author as the viewer may see them (project decision 7).</summary>
[Collection(AppCollection.Name)]
public sealed class CommentPrivacyTests(SanctumAppFixture app)
{
    private static async Task<JsonElement> OnlyCommenterAsync(HttpClient client, long postId)
    {
        var list = await (await client.GetAsync($"/api/posts/{postId}/comments")).ExpectJsonAsync(HttpStatusCode.OK);
        return Assert.Single(list.EnumerateArray()).GetProperty("user");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_shows_the_commenter_in_each_viewers_form(bool banned)
    {
        var postAuthor = await app.SignupAsync("au");
        var commenter = await app.SignupAsync("cm");
        var admin = await app.CreateAdminAsync();
        var post = await postAuthor.CreateTextPostAsync();
        await commenter.CreateCommentAsync(post.Id());
        if (banned)
        {
            await app.BanAsync(commenter);
        }

        var anonymousText = await app.CreateClient().GetStringAsync($"/api/posts/{post.Id()}/comments");
        Assert.DoesNotContain(commenter.Email, anonymousText, StringComparison.OrdinalIgnoreCase);
        (await OnlyCommenterAsync(app.CreateClient(), post.Id())).AssertPublicForm(commenter);
        (await OnlyCommenterAsync(postAuthor.Client, post.Id())).AssertPublicForm(commenter);
        (await OnlyCommenterAsync(commenter.Client, post.Id())).AssertFullForm(commenter, banned);
        (await OnlyCommenterAsync(admin.Client, post.Id())).AssertFullForm(commenter, banned);
    }

    [Fact]
    public async Task Create_and_update_answer_with_the_commenters_full_form()
    {
        var postAuthor = await app.SignupAsync("au");
        var commenter = await app.SignupAsync("cm");
        var post = await postAuthor.CreateTextPostAsync();

        var created = await commenter.CreateCommentAsync(post.Id());
        var updated = await (await commenter.Client.PutAsJsonAsync($"/api/posts/{post.Id()}/comments/{created.Id()}", new { content = "Edited" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        created.GetProperty("user").AssertFullForm(commenter, banned: false);
        updated.GetProperty("user").AssertFullForm(commenter, banned: false);
    }
}
