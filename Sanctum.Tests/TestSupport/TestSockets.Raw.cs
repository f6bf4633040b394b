using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Sanctum.Tests.TestSupport;

public enum Opcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>One frame as it came off the wire.</summary>
public sealed record RawFrame(Opcode Opcode, bool Fin, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A WebSocket client made by hand over TCP (RFC 6455), for what <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// does by itself: it reads frames only when asked, never answers a ping unless told to, and its receive buffer is
/// set small before the connection is made, so a test can stop reading and let the server's writes back up.
/// </summary>
public sealed class RawSocket : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and upgrades; fails the test unless the answer is 101.</summary>
    public static async Task<RawSocket> ConnectAsync(Uri server, string pathAndQuery, int receiveBufferSize)
    {
        // Set before connecting, so the window the client advertises from the start is small.
        var tcp = new TcpClient { ReceiveBufferSize = receiveBufferSize, NoDelay = true };
        using var timeout = new CancellationTokenSource(TestSockets.FrameTimeout);
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var socket = new RawSocket(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nX-Forwarded-For: {TestData.NextClientIp()}\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var head = await socket.ReadHeadAsync(timeout.Token);
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            await socket.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"The raw upgrade of {pathAndQuery} was refused: {head}");
        }
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        Assert.Contains($"Sec-WebSocket-Accept: {accept}", head, StringComparison.OrdinalIgnoreCase);
        return socket;
    }

    /// <summary>The next frame, or null when the server ended the connection (EOF or reset) first.</summary>
    public async Task<RawFrame?> ReadFrameAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var header = new byte[2];
            await _stream.ReadExactlyAsync(header, cts.Token);
            var length = (long)(header[1] & 0x7F);
            if (length == 126)
            {
                var extended = new byte[2];
                await _stream.ReadExactlyAsync(extended, cts.Token);
                length = BinaryPrimitives.ReadUInt16BigEndian(extended);
            }
            else if (length == 127)
            {
                var extended = new byte[8];
                await _stream.ReadExactlyAsync(extended, cts.Token);
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
            }
            Assert.True((header[1] & 0x80) == 0, "A server frame must not be masked (RFC 6455 5.1).");
            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, cts.Token);
            return new RawFrame((Opcode)(header[0] & 0x0F), (header[0] & 0x80) != 0, payload);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"No frame within {timeout}.");
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Reads until a frame <paramref name="match"/> accepts; fails if the connection ends or the time runs out.</summary>
    public async Task<RawFrame> ReadUntilAsync(Func<RawFrame, bool> match, TimeSpan timeout, bool answerPings = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new Xunit.Sdk.XunitException($"No matching frame within {timeout}.");
            }
            var frame = await ReadFrameAsync(remaining) ?? throw new Xunit.Sdk.XunitException("The server ended the connection.");
            if (match(frame))
            {
                return frame;
            }
            if (answerPings && frame.Opcode == Opcode.Ping)
            {
                await SendFrameAsync(Opcode.Pong, frame.Payload);
            }
        }
    }

    /// <summary>
    /// Reads every frame until the server ends the connection: a close frame (included in the list), EOF or a reset.
    /// Fails if the connection is still up after <paramref name="timeout"/>. Pings are answered when asked to.
    /// </summary>
    public async Task<List<RawFrame>> ReadToEndAsync(TimeSpan timeout, bool answerPings = false)
    {
        var frames = new List<RawFrame>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new Xunit.Sdk.XunitException($"The connection is still open after {timeout} ({frames.Count} frames read).");
            }
            var frame = await ReadFrameAsync(remaining);
            if (frame is null)
            {
                return frames;
            }
            frames.Add(frame);
            if (frame.Opcode == Opcode.Close)
            {
                return frames;
            }
            if (answerPings && frame.Opcode == Opcode.Ping)
            {
                await SendFrameAsync(Opcode.Pong, frame.Payload);
            }
        }
    }

    /// <summary>Sends one masked frame (clients must mask, RFC 6455 5.3).</summary>
    public async Task SendFrameAsync(Opcode opcode, byte[] payload)
    {
        var header = new List<byte> { (byte)(0x80 | (byte)opcode) };
        if (payload.Length < 126)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add(0x80 | 126);
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add(0x80 | 127);
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }
        var mask = RandomNumberGenerator.GetBytes(4);
        header.AddRange(mask);
        var masked = payload.Select((value, i) => (byte)(value ^ mask[i % 4]));
        using var timeout = new CancellationTokenSource(TestSockets.FrameTimeout);
        await _stream.WriteAsync(header.Concat(masked).ToArray(), timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The status line and headers, read a byte at a time so no frame byte after them is consumed.</summary>
    private async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                break;
            }
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }
}

public static class RawFrames
{
    public static bool IsText(this RawFrame frame) => frame.Opcode == Opcode.Text;

    /// <summary>The text frames' JSON, in order.</summary>
    public static List<JsonElement> TextJson(this IEnumerable<RawFrame> frames) =>
        frames.Where(IsText).Select(frame => JsonDocument.Parse(frame.Payload).RootElement.Clone()).ToList();
}
