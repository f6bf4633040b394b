using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>Arranging sockets and raising events on a chosen replica.</summary>
public static class RealtimeSteps
{
    /// <summary>Opens a socket and takes its first frame (the snapshot, or <c>connected</c> on chat), which the server
    /// sends once the socket is registered: from then on it gets every event.</summary>
    public static async Task<TestSocket> ConnectReadyAsync(this SanctumAppFixture app, TestUser user, string path = TestSockets.Notifications, int replica = 0)
    {
        var socket = await app.ConnectAsync(user, path, replica);
        await socket.ReceiveTypeAsync(path == TestSockets.Chat ? "connected" : "friends_online_snapshot");
        return socket;
    }

    public static async Task<JsonElement> CreatePostOnAsync(this SanctumAppFixture app, TestUser author, int replica)
    {
        var response = await app.ClientFor(author, replica).PostAsJsonAsync("/api/posts", PostTestData.TextPost());
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Fails unless <paramref name="socket"/> has no frame of <paramref name="type"/> with <paramref name="field"/> =
    /// <paramref name="id"/> after a short wait. Run it after a socket that should get the event has got it.</summary>
    public static Task ExpectNoEventAsync(this TestSocket socket, string type, string field, long id) =>
        socket.ExpectNoneAsync(frame => frame.Type() == type && frame.Has(field, id), AudienceSettle, $"'{type}' for {field} {id}");

    /// <summary>How long a socket that must not get an event is watched after the recipients got it (the event
    /// has been fanned out by then; this covers a slower replica).</summary>
    public static readonly TimeSpan AudienceSettle = TimeSpan.FromSeconds(1);
}
