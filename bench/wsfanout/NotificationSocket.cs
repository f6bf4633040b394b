using System.Diagnostics;
using System.Net.WebSockets;

namespace WsFanout;

/// <summary>Counters shared by every socket's receive loop (read by the phases to know when delivery is done).</summary>
public sealed class Totals
{
    public long PostCreated;
    public long MessagesDropped;
    public long Closed;
}

/// <summary>One <c>/api/ws</c> connection: a receive loop that timestamps every <c>post_created</c> the moment its
/// frame is complete. Only its own loop writes <see cref="Received"/>; it is read after the loop ended.</summary>
public sealed class NotificationSocket(int index, int replica, int user, Totals totals)
{
    private readonly ClientWebSocket socket = new();
    private readonly TaskCompletionSource snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task loop = Task.CompletedTask;
    private volatile bool closing;

    public int Index { get; } = index;
    public int Replica { get; } = replica;
    public int User { get; } = user;
    /// <summary>(post id, <see cref="Stopwatch.GetTimestamp"/> at receipt) of every post_created, in arrival order.</summary>
    public List<(long PostId, long Timestamp)> Received { get; } = new(4096);
    public int Dropped { get; private set; }
    public int OtherFrames { get; private set; }
    /// <summary>Why the connection ended before the tool closed it (server close, error frame, network error).</summary>
    public string? Ended { get; private set; }
    /// <summary>Completes on the first frame, <c>friends_online_snapshot</c>: from then on the server delivers to it.</summary>
    public Task Snapshot => snapshot.Task;

    public async Task ConnectAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken ct)
    {
        await socket.ConnectAsync(uri, invoker, ct);
        loop = Task.Run(() => ReceiveLoopAsync(CancellationToken.None), CancellationToken.None);
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        var used = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(used), ct);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                End(e.Message);
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                End($"closed by server: {socket.CloseStatus} {socket.CloseStatusDescription}");
                return;
            }
            used += result.Count;
            if (!result.EndOfMessage)
            {
                if (used == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                continue;
            }
            Handle(buffer.AsSpan(0, used), Stopwatch.GetTimestamp());
            used = 0;
        }
    }

    private void Handle(ReadOnlySpan<byte> frame, long timestamp)
    {
        switch (Frames.Classify(frame, out var postId))
        {
            case FrameKind.PostCreated:
                Received.Add((postId, timestamp));
                Interlocked.Increment(ref totals.PostCreated);
                break;
            case FrameKind.Snapshot:
                snapshot.TrySetResult();
                break;
            case FrameKind.MessagesDropped:
                Dropped++;
                Interlocked.Increment(ref totals.MessagesDropped);
                break;
            case FrameKind.Error:
                var text = System.Text.Encoding.UTF8.GetString(frame);
                snapshot.TrySetException(new InvalidOperationException($"socket {Index} refused: {text}"));
                Ended ??= text;
                break;
            default:
                OtherFrames++;
                break;
        }
    }

    private void End(string reason)
    {
        // A close the tool started itself is not an early end.
        if (!closing)
        {
            Ended ??= reason;
            Interlocked.Increment(ref totals.Closed);
        }
        snapshot.TrySetException(new InvalidOperationException($"socket {Index} ended before its snapshot: {reason}"));
    }

    /// <summary>Closes the connection (a normal close, 2 s at most) and waits for the receive loop to end.</summary>
    public async Task CloseAsync()
    {
        closing = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                socket.Abort();
            }
        }
        await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(2)));
        socket.Abort();
        await loop;
        socket.Dispose();
    }
}
