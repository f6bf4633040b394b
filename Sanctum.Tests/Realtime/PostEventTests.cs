using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary><c>post_created</c> and <c>post_reaction_updated</c> (contract 12.2): to everyone connected, with exactly
/// the contract's payload fields, whichever replica handled the request.</summary>
[Collection(AppCollection.Name)]
public sealed class PostEventTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Post_created_reaches_every_connected_user_on_both_replicas()
    {
        var author = await app.SignupAsync();
        var watcher = await app.SignupAsync();
        await using var authorSocket = await app.ConnectReadyAsync(author, replica: 0);
        await using var watcherSocket = await app.ConnectReadyAsync(watcher, replica: 1);

        var post = await app.CreatePostOnAsync(author, replica: 0);

        foreach (var socket in new[] { authorSocket, watcherSocket })
        {
            var frame = await socket.ReceiveTypeAsync("post_created", f => f.Has("post_id", post.Id()));
            Assert.Equal(["payload", "type"], frame.FieldNames());
            var payload = frame.Payload();
            Assert.Equal(["author_id", "created_at", "post_id"], payload.FieldNames());
            Assert.Equal(author.Id, payload.GetProperty("author_id").GetInt64());
            Assert.Equal(post.GetProperty("created_at").GetDateTimeOffset(), payload.GetProperty("created_at").UtcTimestamp());
        }
    }

    [Fact]
    public async Task Like_and_unlike_raise_post_reaction_updated_with_the_counts()
    {
        var author = await app.SignupAsync();
        var liker = await app.SignupAsync();
        var watcher = await app.SignupAsync();
        var post = await app.CreatePostOnAsync(author, replica: 0);
        await author.CreateCommentAsync(post.Id());
        await using var socket0 = await app.ConnectReadyAsync(watcher, replica: 0);
        await using var socket1 = await app.ConnectReadyAsync(watcher, replica: 1);

        await (await app.ClientFor(liker, 1).PostAsync($"/api/posts/{post.Id()}/like", null)).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var socket in new[] { socket0, socket1 })
        {
            var liked = await socket.ReceiveTypeAsync("post_reaction_updated", f => f.Has("post_id", post.Id()));
            AssertReaction(liked, likes: 1, comments: 1);
        }

        await (await app.ClientFor(liker, 0).DeleteAsync($"/api/posts/{post.Id()}/like")).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var socket in new[] { socket0, socket1 })
        {
            var unliked = await socket.ReceiveTypeAsync("post_reaction_updated", f => f.Has("post_id", post.Id()));
            AssertReaction(unliked, likes: 0, comments: 1);
        }
    }

    private static void AssertReaction(JsonElement frame, long likes, long comments)
    {
        Assert.Equal(["payload", "type"], frame.FieldNames());
        var payload = frame.Payload();
        Assert.Equal(["comments_count", "likes_count", "post_id", "updated_at"], payload.FieldNames());
        Assert.Equal(likes, payload.GetProperty("likes_count").GetInt64());
        Assert.Equal(comments, payload.GetProperty("comments_count").GetInt64());
        payload.GetProperty("updated_at").UtcTimestamp();
    }
}
