using System.Text;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>
/// The connection rules of contract 12.1 seen from a raw client: the server pings every 3 s; a client that sends
/// nothing (no pong, no frame) is closed once the 10-second read deadline passes; a client that answers stays.
/// The waits are long by nature, so both clients run at the same time in one test.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KeepAliveTests(SanctumAppFixture app)
{
    /// <summary>Longer than the read deadline (10 s) plus a ping interval; the silent client must be gone well before.</summary>
    private static readonly TimeSpan StayOpenFor = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan SilentClosedWithin = TimeSpan.FromSeconds(25);

    /// <summary>Above the 3-second ping interval, with slack for a loaded machine.</summary>
    private static readonly TimeSpan PingWithin = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task On_every_socket_the_server_pings_closes_a_silent_client_and_keeps_one_that_answers()
    {
        var user = await app.SignupAsync();
        var gameRoom = HandshakeTests.GamePath();
        var sockets = new List<RawSocket>();
        try
        {
            var checks = new List<Task>();
            foreach (var path in new[] { TestSockets.Notifications, TestSockets.Chat, gameRoom })
            {
                // Two distinct users in the game room (its cap); the same user on the other sockets.
                var silent = await app.ConnectRawAsync(path == gameRoom ? await app.SignupAsync() : user, path, replica: 0);
                sockets.Add(silent);
                var answering = await app.ConnectRawAsync(user, path, replica: 1);
                sockets.Add(answering);
                checks.Add(ExpectClosedForSilenceAsync(silent));
                checks.Add(ExpectKeptOpenAsync(answering, path));
            }

            await Task.WhenAll(checks);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_inbound_frame_over_16_KiB_closes_the_socket_and_one_of_16_KiB_does_not()
    {
        var user = await app.SignupAsync();
        await using var atLimit = await app.ConnectReadyAsync(user, replica: 0);
        await using var overLimit = await app.ConnectReadyAsync(user, replica: 0);

        await atLimit.SendTextAsync(JsonOfLength(16_384));
        await overLimit.SendTextAsync(JsonOfLength(16_385));

        await overLimit.ExpectClosedAsync();
        var post = await app.CreatePostOnAsync(await app.SignupAsync(), replica: 0);
        await atLimit.ReceiveTypeAsync("post_created", frame => frame.Has("post_id", post.Id()));
        Assert.True(atLimit.IsOpen);
    }

    private static async Task ExpectClosedForSilenceAsync(RawSocket silent)
    {
        var frames = await silent.ReadToEndAsync(SilentClosedWithin, answerPings: false);

        Assert.Contains(frames, frame => frame.Opcode == Opcode.Ping);
    }

    private static async Task ExpectKeptOpenAsync(RawSocket answering, string path)
    {
        var started = DateTime.UtcNow;
        var seen = new List<string>();
        async Task<RawFrame> NextAsync()
        {
            RawFrame? frame;
            try
            {
                frame = await answering.ReadFrameAsync(PingWithin);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException($"{path}: {ex.Message} Frames so far: {string.Join(", ", seen)}");
            }
            if (frame is null || frame.Opcode == Opcode.Close)
            {
                throw new Xunit.Sdk.XunitException($"{path}: the server ended ({(frame is null ? "dropped" : $"close {CloseCode(frame)}")}) "
                    + $"a connection that answered every ping. Frames so far: {string.Join(", ", seen)}");
            }
            seen.Add($"{frame.Opcode}@{(DateTime.UtcNow - started).TotalSeconds:F1}s");
            if (frame.Opcode == Opcode.Ping)
            {
                await answering.SendFrameAsync(Opcode.Pong, frame.Payload);
            }
            return frame;
        }

        while (DateTime.UtcNow - started < StayOpenFor || !seen.Any(frame => frame.StartsWith("Ping", StringComparison.Ordinal)))
        {
            await NextAsync();
        }
        // Still pinged after the deadline would have closed it: the connection is alive, not merely unread.
        var next = await NextAsync();
        while (next.Opcode != Opcode.Ping)
        {
            next = await NextAsync();
        }
    }

    private static int CloseCode(RawFrame close) => close.Payload.Length >= 2 ? close.Payload[0] << 8 | close.Payload[1] : 0;

    /// <summary>A JSON text of exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string JsonOfLength(int bytes)
    {
        var text = $$"""{"type":"noise","pad":"{{new string('x', bytes - 25)}}"}""";
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(text));
        return text;
    }
}
