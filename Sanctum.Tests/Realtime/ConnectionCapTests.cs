using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>The connection caps of contract 12.1: 12 notifications and 12 chat sockets per user on a replica, two
/// distinct users per game room. The socket over a cap gets the contract's frame, then a close; the others stay.</summary>
[Collection(AppCollection.Name)]
public sealed class ConnectionCapTests(SanctumAppFixture app)
{
    private const int PerUser = 12;

    [Theory]
    [InlineData(TestSockets.Notifications)]
    [InlineData(TestSockets.Chat)]
    public async Task The_thirteenth_socket_of_a_user_is_refused_and_the_first_twelve_stay_open(string path)
    {
        var user = await app.SignupAsync();
        var open = new List<TestSocket>();
        try
        {
            for (var i = 0; i < PerUser; i++)
            {
                open.Add(await app.ConnectReadyAsync(user, path, replica: 0));
            }

            await using var over = await app.ConnectAsync(user, path, replica: 0);
            var frame = await over.ReceiveJsonAsync();
            Assert.Equal("""{"error":"user connection limit reached"}""", frame.GetRawText());
            await over.ExpectClosedAsync();

            Assert.All(open, socket => Assert.True(socket.IsOpen));
            if (path == TestSockets.Notifications)
            {
                // Still delivering, not only still open.
                var post = await app.CreatePostOnAsync(await app.SignupAsync(), replica: 0);
                foreach (var socket in open)
                {
                    await socket.ReceiveTypeAsync("post_created", f => f.Has("post_id", post.Id()));
                }
            }
        }
        finally
        {
            foreach (var socket in open)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_game_room_takes_two_distinct_users_and_a_third_gets_room_is_full()
    {
        var roomId = HandshakeTests.GameRoomId();
        var path = $"{TestSockets.Game}?room_id={roomId}";
        await using var first = await app.ConnectAsync(await app.SignupAsync(), path);
        await using var second = await app.ConnectAsync(await app.SignupAsync(), path, replica: 0);

        await using var third = await app.ConnectAsync(await app.SignupAsync(), path, replica: 0);

        var frame = await third.ReceiveJsonAsync();
        Assert.Equal(["payload", "room_id", "type"], frame.FieldNames());
        Assert.Equal("error", frame.Type());
        Assert.Equal(roomId, frame.GetProperty("room_id").GetInt64());
        Assert.Equal("""{"message":"room is full"}""", frame.Payload().GetRawText());
        await third.ExpectClosedAsync();
        Assert.True(first.IsOpen);
        Assert.True(second.IsOpen);
    }

    [Fact]
    public async Task A_game_socket_without_room_id_is_closed_at_once()
    {
        await using var socket = await app.ConnectAsync(await app.SignupAsync(), TestSockets.Game);

        await socket.ExpectClosedAsync();
    }
}
