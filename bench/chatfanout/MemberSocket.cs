using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatFanout;

/// <summary>Counters shared by every socket's receive loop.</summary>
public sealed class Totals
{
    public long Messages;
    public long MessagesDropped;
    public long Ended;
}

/// <summary>
/// One member's <c>/api/ws/chat</c> connection: waits for <c>connected</c>, joins its room and waits for <c>joined</c>,
/// then timestamps every <c>message</c> frame of the tool (content <c>cf &lt;seq&gt;</c>) the moment it is complete.
/// Only its own loop writes <see cref="Received"/>; it is read after the loop ended.
/// </summary>
public sealed class MemberSocket(int index, Room room, int user, int replica, Totals totals)
{
    private const string Prefix = "cf ";
    private readonly ClientWebSocket socket = new();
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task loop = Task.CompletedTask;
    private volatile bool closing;

    public int Index { get; } = index;
    public Room Room { get; } = room;
    public int User { get; } = user;
    public int Replica { get; } = replica;
    public string Token { get; set; } = "";
    /// <summary>(seq, <see cref="Stopwatch.GetTimestamp"/> at receipt) of every tool message, in arrival order.</summary>
    public List<(int Seq, long Timestamp)> Received { get; } = new(1024);
    public string? Ended { get; private set; }
    public string? Error { get; private set; }

    public static string Content(int seq) => Prefix + seq.ToString(CultureInfo.InvariantCulture);

    public async Task OpenAsync(Uri uri, CancellationToken ct)
    {
        await socket.ConnectAsync(uri, ct);
        loop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await connected.Task.WaitAsync(ct);
        var join = Encoding.UTF8.GetBytes($"{{\"type\":\"join\",\"conversation_id\":{Room.Id}}}");
        await socket.SendAsync(join, WebSocketMessageType.Text, endOfMessage: true, ct);
        await joined.Task.WaitAsync(ct);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[8192];
        var used = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(used), CancellationToken.None);
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
        string? type = null;
        string? content = null;
        var reader = new Utf8JsonReader(frame);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                    continue;
                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.CurrentDepth == 2 && reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            return;
        }
        switch (type)
        {
            case "connected":
                connected.TrySetResult();
                break;
            case "joined":
                joined.TrySetResult();
                break;
            case "message" when content is not null && content.StartsWith(Prefix, StringComparison.Ordinal)
                                && int.TryParse(content.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq):
                Received.Add((seq, timestamp));
                Interlocked.Increment(ref totals.Messages);
                break;
            case "messages_dropped":
                Interlocked.Increment(ref totals.MessagesDropped);
                break;
            case "error":
                Error ??= Encoding.UTF8.GetString(frame);
                joined.TrySetException(new InvalidOperationException($"socket {Index} (bench_{User}): {Error}"));
                break;
        }
    }

    private void End(string reason)
    {
        if (!closing)
        {
            Ended ??= reason;
            Interlocked.Increment(ref totals.Ended);
        }
        var failure = new InvalidOperationException($"socket {Index} (bench_{User}) ended: {reason}");
        connected.TrySetException(failure);
        joined.TrySetException(failure);
    }

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
