using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>The first frame each socket sends (contract 12.2 and 12.3), on both replicas.</summary>
[Collection(AppCollection.Name)]
public sealed class ConnectFrameTests(SanctumAppFixture app)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_notifications_socket_starts_with_an_empty_friends_snapshot(int replica)
    {
        var user = await app.SignupAsync();
        await using var socket = await app.ConnectAsync(user, TestSockets.Notifications, replica);

        var first = await socket.ReceiveJsonAsync();

        Assert.Equal(["payload", "type"], first.FieldNames());
        Assert.Equal("friends_online_snapshot", first.Type());
        Assert.Equal(["user_ids"], first.Payload().FieldNames());
        Assert.Equal(JsonValueKind.Array, first.Payload().GetProperty("user_ids").ValueKind);
        Assert.Empty(first.Payload().GetProperty("user_ids").EnumerateArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_chat_socket_starts_with_connected(int replica)
    {
        var user = await app.SignupAsync();
        await using var socket = await app.ConnectAsync(user, TestSockets.Chat, replica);

        var first = await socket.ReceiveJsonAsync();

        Assert.Equal(["conversation_id", "payload", "type", "user_id", "username"], first.FieldNames());
        Assert.Equal("connected", first.Type());
        Assert.Equal(0, first.GetProperty("conversation_id").GetInt64());
        Assert.Equal(user.Id, first.GetProperty("user_id").GetInt64());
        Assert.Equal(user.Username, first.GetProperty("username").GetString());
        Assert.Equal(["user_id", "username"], first.Payload().FieldNames());
        Assert.Equal(user.Id, first.Payload().GetProperty("user_id").GetInt64());
        Assert.Equal(user.Username, first.Payload().GetProperty("username").GetString());
    }

    [Fact]
    public async Task Inbound_frames_on_the_notifications_socket_are_ignored()
    {
        var user = await app.SignupAsync();
        await using var socket = await app.ConnectAsync(user);
        await socket.ReceiveTypeAsync("friends_online_snapshot");

        await socket.SendTextAsync("""{"type":"join","conversation_id":1}""");
        await socket.SendTextAsync("not json");

        var author = await app.SignupAsync();
        var post = await app.CreatePostOnAsync(author, replica: 0);
        await socket.ReceiveTypeAsync("post_created", frame => frame.Has("post_id", post.Id()));
        Assert.True(socket.IsOpen);
    }
}
