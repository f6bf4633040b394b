using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary><c>comment_created</c>, <c>comment_updated</c> and <c>comment_deleted</c> (contract 12.2): to everyone, the
/// comment's author in the public form (the event goes to more than one user).</summary>
[Collection(AppCollection.Name)]
public sealed class CommentEventTests(SanctumAppFixture app)
{
    /// <summary>The Comment object of the events: contract 0.6 without the zero <c>post</c> object (see CommentDto).</summary>
    private static readonly string[] CommentFields = ["content", "created_at", "id", "post_id", "updated_at", "user", "user_id"];

    [Fact]
    public async Task Create_update_and_delete_raise_their_events_with_the_comment_and_count()
    {
        var author = await app.SignupAsync();
        var watcher = await app.SignupAsync();
        var post = await app.CreatePostOnAsync(author, replica: 0);
        await using var socket0 = await app.ConnectReadyAsync(watcher, replica: 0);
        await using var socket1 = await app.ConnectReadyAsync(author, replica: 1);
        var sockets = new[] { socket0, socket1 };

        var created = await (await app.ClientFor(author, 1).PostAsJsonAsync($"/api/posts/{post.Id()}/comments", new { content = "First!" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        foreach (var socket in sockets)
        {
            var frame = await socket.ReceiveTypeAsync("comment_created", f => f.Has("post_id", post.Id()));
            AssertChanged(frame, post.Id(), created.Id(), "First!", author, count: 1);
        }

        await (await app.ClientFor(author, 0).PutAsJsonAsync($"/api/posts/{post.Id()}/comments/{created.Id()}", new { content = "Edited" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var socket in sockets)
        {
            var frame = await socket.ReceiveTypeAsync("comment_updated", f => f.Has("post_id", post.Id()));
            AssertChanged(frame, post.Id(), created.Id(), "Edited", author, count: 1);
        }

        var deleted = await app.ClientFor(author, 1).DeleteAsync($"/api/posts/{post.Id()}/comments/{created.Id()}");
        Assert.True(deleted.IsSuccessStatusCode, $"delete answered {(int)deleted.StatusCode}");
        foreach (var socket in sockets)
        {
            var frame = await socket.ReceiveTypeAsync("comment_deleted", f => f.Has("post_id", post.Id()));
            Assert.Equal(["payload", "type"], frame.FieldNames());
            var payload = frame.Payload();
            Assert.Equal(["comment_id", "comments_count", "post_id", "updated_at"], payload.FieldNames());
            Assert.Equal(created.Id(), payload.GetProperty("comment_id").GetInt64());
            Assert.Equal(0, payload.GetProperty("comments_count").GetInt64());
            payload.GetProperty("updated_at").UtcTimestamp();
        }
    }

    private static void AssertChanged(JsonElement frame, long postId, long commentId, string content, TestUser author, long count)
    {
        Assert.Equal(["payload", "type"], frame.FieldNames());
        var payload = frame.Payload();
        Assert.Equal(["comment", "comments_count", "post_id", "updated_at"], payload.FieldNames());
        Assert.Equal(count, payload.GetProperty("comments_count").GetInt64());
        payload.GetProperty("updated_at").UtcTimestamp();

        var comment = payload.GetProperty("comment");
        Assert.Equal(CommentFields, comment.FieldNames());
        Assert.Equal(commentId, comment.Id());
        Assert.Equal(content, comment.GetProperty("content").GetString());
        Assert.Equal(postId, comment.GetProperty("post_id").GetInt64());
        Assert.Equal(author.Id, comment.GetProperty("user_id").GetInt64());
        comment.GetProperty("created_at").UtcTimestamp();
        comment.GetProperty("updated_at").UtcTimestamp();
        comment.GetProperty("user").AssertPublicForm(author);
    }
}
