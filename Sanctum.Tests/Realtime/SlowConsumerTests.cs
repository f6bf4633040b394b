using System.Text;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>
/// A slow consumer (contract 12.1): a socket that stops reading fills its outbound queue (256 messages) and is dropped
/// with <c>messages_dropped</c>, while a fast socket on the same replica gets every event. The slow client is a raw
/// socket with a 4 KiB receive buffer that reads nothing until the end; it sends a frame now and then, so only its
/// queue (not the read deadline) can end it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SlowConsumerTests(SanctumAppFixture app)
{
    /// <summary>Well over the 256-message queue plus what the server's TCP send buffer (grown to at most 4 MB on loopback)
    /// and Kestrel's pipe hold of these frames (27 KB or more each).</summary>
    private const int Updates = 450;

    /// <summary>Parallel writers, each its own client address (the global limit is per address).</summary>
    private const int Writers = 6;

    /// <summary>Near the comment limit (10,000 UTF-16 characters); three UTF-8 bytes per character (six if the server
    /// escapes non-ASCII), so each event is at least 27 KB on the wire.</summary>
    private static readonly string Content = new('中', 9_000);

    [Fact]
    public async Task A_socket_that_does_not_read_is_dropped_with_messages_dropped_and_a_fast_one_gets_every_event()
    {
        var author = await app.SignupAsync();
        var watcher = await app.SignupAsync();
        var post = await app.CreatePostOnAsync(author, replica: 0);
        var comment = await author.CreateCommentAsync(post.Id());
        await using var fast = await app.ConnectReadyAsync(watcher, replica: 0);
        await using var slow = await app.ConnectRawAsync(watcher, replica: 0, receiveBufferSize: 4096);

        using var stopKeepAlive = new CancellationTokenSource();
        var keepAlive = KeepSendingAsync(slow, stopKeepAlive.Token);
        var path = $"/api/posts/{post.Id()}/comments/{comment.Id()}";
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            var client = app.ClientFor(author, replica: 0);
            for (var i = writer; i < Updates; i += Writers)
            {
                await (await client.PutAsJsonAsync(path, new { content = $"{i}:{Content}" })).ExpectJsonAsync(HttpStatusCode.OK);
            }
        }));

        for (var i = 0; i < Updates; i++)
        {
            await fast.ReceiveTypeAsync("comment_updated", frame => IsOurs(frame, comment.Id()));
        }
        await stopKeepAlive.CancelAsync();
        await keepAlive;

        var frames = await slow.ReadToEndAsync(TimeSpan.FromSeconds(30));
        var texts = frames.TextJson();
        Assert.NotEmpty(texts);
        Assert.Equal("""{"type":"messages_dropped","payload":{"reason":"buffer_full"}}""", texts[^1].GetRawText());
        Assert.True(texts.Count(frame => IsOurs(frame, comment.Id())) < Updates, "The slow socket got every event, so nothing was dropped.");
        Assert.True(fast.IsOpen);
    }

    private static bool IsOurs(JsonElement frame, long commentId) =>
        frame.Type() == "comment_updated" && frame.Payload().GetProperty("comment").GetProperty("id").GetInt64() == commentId;

    /// <summary>Any inbound frame refreshes the read deadline (contract 12.1); the notifications socket ignores it.
    /// Stops when told to, or when the server has dropped the connection (the frames read at the end show why).</summary>
    private static async Task KeepSendingAsync(RawSocket socket, CancellationToken stop)
    {
        var frame = Encoding.UTF8.GetBytes("""{"type":"keepalive"}""");
        try
        {
            while (true)
            {
                await socket.SendFrameAsync(Opcode.Text, frame);
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            return;
        }
    }
}
