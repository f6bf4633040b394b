using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// One open socket and its two loops (contract 12.1). Frames to the client go through a bounded queue drained by a
/// single writer with a write timeout, so a sender never waits on a client: <see cref="Send"/> only enqueues. When the
/// queue is full the client is too slow: the queued frames are dropped, <c>messages_dropped</c> is attempted, and the
/// connection closes. The reader enforces the inbound frame limit and hands each message to the socket's protocol.
/// Pings and the read deadline are the WebSocket's own keep-alive (see <see cref="SocketEndpoints"/>).
/// </summary>
public sealed class SocketConnection
{
    private static long s_lastId;

    private static readonly byte[] DroppedFrame = RealtimeFrames.Serialize(
        new RealtimeEvent("messages_dropped", new MessagesDroppedPayload("buffer_full"), EventAudience.Everyone));

    private readonly WebSocket _socket;
    private readonly RealtimeOptions _options;
    private readonly RealtimeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outbound;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _writeTimeout = new();
    private int _overflowed;
    private CloseRequest? _closeRequest;

    internal SocketConnection(WebSocket socket, SocketKind kind, long userId, string username, bool isAdmin, long roomId,
        RealtimeOptions options, RealtimeMetrics metrics, ILogger logger)
    {
        _socket = socket;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.OutboundQueue)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        Kind = kind;
        UserId = userId;
        Username = username;
        IsAdmin = isAdmin;
        RoomId = roomId;
    }

    public long Id { get; } = Interlocked.Increment(ref s_lastId);

    public SocketKind Kind { get; }

    public long UserId { get; }

    public string Username { get; }

    /// <summary>The user's admin flag when the socket opened (the admin audience of 12.2).</summary>
    public bool IsAdmin { get; }

    /// <summary>The game socket's <c>room_id</c>; 0 on the other sockets.</summary>
    public long RoomId { get; }

    /// <summary>Cancelled when the connection has ended.</summary>
    public CancellationToken Ended => _lifetime.Token;

    /// <summary>Queues a text frame. False when it was not queued: the connection is closing or has just overflowed.</summary>
    public bool Send(byte[] frame)
    {
        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }
        if (Volatile.Read(ref _closeRequest) is null && Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            _metrics.Dropped(Kind, "buffer_full");
            _logger.LogInformation("Socket {SocketId} of user {UserId} ({Kind}) is too slow: its queue of {Capacity} is full; dropping it",
                Id, UserId, Kind, _options.OutboundQueue);
            _outbound.Writer.TryComplete();
        }
        return false;
    }

    /// <summary>Sends what is queued, then the close frame.</summary>
    public void Close(WebSocketCloseStatus status, string description)
    {
        Interlocked.CompareExchange(ref _closeRequest, new CloseRequest(status, description), null);
        _outbound.Writer.TryComplete();
    }

    /// <summary>Ends the connection at once, without a close handshake.</summary>
    public void Abort() => _lifetime.Cancel();

    /// <summary>Runs until the connection ends, handing each inbound message to <paramref name="onMessage"/>.</summary>
    internal async Task RunAsync(Func<SocketConnection, ReadOnlyMemory<byte>, CancellationToken, Task>? onMessage)
    {
        var writer = WriteLoopAsync();
        await ReadLoopAsync(onMessage);
        if (Volatile.Read(ref _closeRequest) is null && Volatile.Read(ref _overflowed) == 0)
        {
            _lifetime.Cancel();
        }
        await writer;
        _socket.Abort();
        _socket.Dispose();
        _writeTimeout.Dispose();
    }

    private async Task ReadLoopAsync(Func<SocketConnection, ReadOnlyMemory<byte>, CancellationToken, Task>? onMessage)
    {
        var limit = _options.MaxInboundFrameBytes;
        // A socket whose frames are ignored reads through a small buffer; one with a protocol holds a whole message.
        var buffer = ArrayPool<byte>.Shared.Rent(onMessage is null ? Math.Min(limit, 1024) : limit);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    var room = onMessage is null ? buffer.Length : limit - length;
                    if (room == 0)
                    {
                        Close(WebSocketCloseStatus.MessageTooBig, "frame too large");
                        return;
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(onMessage is null ? 0 : length, room), _lifetime.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Close(WebSocketCloseStatus.NormalClosure, "");
                        return;
                    }
                    length += result.Count;
                    if (length > limit)
                    {
                        Close(WebSocketCloseStatus.MessageTooBig, "frame too large");
                        return;
                    }
                }
                while (!result.EndOfMessage);

                if (onMessage is not null && result.MessageType == WebSocketMessageType.Text)
                {
                    await onMessage(this, buffer.AsMemory(0, length), _lifetime.Token);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer vanished, the keep-alive found it silent, or the writer ended the connection.
            _logger.LogDebug(ex, "Socket {SocketId} of user {UserId} stopped reading", Id, UserId);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        var closeSent = false;
        try
        {
            while (await reader.WaitToReadAsync(_lifetime.Token))
            {
                while (Volatile.Read(ref _overflowed) == 0 && reader.TryRead(out var frame))
                {
                    await WriteAsync(frame);
                    _metrics.Delivered(Kind);
                }
                if (Volatile.Read(ref _overflowed) == 1)
                {
                    break;
                }
            }
            if (Volatile.Read(ref _overflowed) == 1)
            {
                await WriteAsync(DroppedFrame);
                closeSent = await CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "buffer_full");
            }
            else if (Volatile.Read(ref _closeRequest) is { } close)
            {
                closeSent = await CloseOutputAsync(close.Status, close.Description);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client did not take a frame within the write timeout, or the connection was ended.
            _logger.LogDebug(ex, "Socket {SocketId} of user {UserId} stopped writing", Id, UserId);
        }
        finally
        {
            // After a close frame the client's answer is awaited (bounded), so it reads our last frames before the
            // connection goes; aborting at once could reset the connection under them.
            if (closeSent)
            {
                _lifetime.CancelAfter(_options.WriteTimeout);
            }
            else
            {
                _lifetime.Cancel();
            }
        }
    }

    private async Task WriteAsync(byte[] frame)
    {
        _writeTimeout.CancelAfter(_options.WriteTimeout);
        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _writeTimeout.Token);
        if (!_writeTimeout.TryReset())
        {
            throw new OperationCanceledException("The write timeout elapsed as the frame was sent.");
        }
    }

    private async Task<bool> CloseOutputAsync(WebSocketCloseStatus status, string description)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return false;
        }
        _writeTimeout.CancelAfter(_options.WriteTimeout);
        await _socket.CloseOutputAsync(status, description, _writeTimeout.Token);
        return _socket.State == WebSocketState.CloseSent;
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Description);
}

/// <summary>Payload of <c>messages_dropped</c> (contract 12.1).</summary>
public sealed record MessagesDroppedPayload(string Reason);
