using System.Net.WebSockets;
using System.Text;

namespace Sanctum.Tests.TestSupport;

/// <summary>
/// An open socket whose frames are read all the time in the background (so pings are answered and a close is seen
/// at once) and kept until a test takes them. Waits take the first frame that matches and leave the others, so a
/// test can wait for its own event while other tests' broadcasts pile up. Every wait has a timeout.
/// </summary>
public sealed class TestSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _ended;
    private int _disposed;
    private readonly List<string> _notes = [];

    internal TestSocket(ClientWebSocket socket, string path)
    {
        _socket = socket;
        _path = path;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The close status the server sent, or null (still open, or the connection was dropped without one).</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _ended is null;
            }
        }
    }

    /// <summary>The next frame, whatever it is.</summary>
    public Task<JsonElement> ReceiveJsonAsync(TimeSpan? timeout = null) => ReceiveAsync(_ => true, "any frame", timeout);

    /// <summary>The first frame of <paramref name="type"/> that <paramref name="match"/> accepts (given the whole frame);
    /// frames before it stay for later waits.</summary>
    public Task<JsonElement> ReceiveTypeAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null) =>
        ReceiveAsync(frame => frame.Type() == type && (match is null || match(frame)), $"a '{type}' frame", timeout);

    public async Task<JsonElement> ReceiveAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout = null) =>
        await TryReceiveAsync(match, what, timeout) ?? throw Failure($"got no {what} within {timeout ?? TestSockets.FrameTimeout}");

    /// <summary>Like <see cref="ReceiveAsync"/>, but null when the time runs out (it still fails if the socket ends).</summary>
    public async Task<JsonElement?> TryReceiveAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout = null)
    {
        var taken = await WaitAsync<Box<JsonElement>>(() =>
        {
            var index = _pending.FindIndex(frame => match(frame));
            if (index >= 0)
            {
                var frame = _pending[index];
                _pending.RemoveAt(index);
                return new Box<JsonElement>(frame);
            }
            return _ended is null ? null : throw Failure($"ended ({_ended}) while waiting for {what}");
        }, timeout ?? TestSockets.FrameTimeout);
        return taken?.Value;
    }

    /// <summary>Waits <paramref name="duration"/> and fails if any frame that <paramref name="match"/> accepts arrived;
    /// the frames stay for later waits. For audience checks: run it after the recipients got the event.</summary>
    public async Task ExpectNoneAsync(Func<JsonElement, bool> match, TimeSpan duration, string what = "frame")
    {
        await Task.Delay(duration);
        lock (_gate)
        {
            if (_pending.Find(frame => match(frame)) is { ValueKind: not JsonValueKind.Undefined } unexpected)
            {
                throw Failure($"got an unexpected {what}: {unexpected.GetRawText()}");
            }
        }
    }

    /// <summary>Takes every frame that <paramref name="match"/> accepts that arrived so far.</summary>
    public List<JsonElement> TakeAll(Func<JsonElement, bool> match)
    {
        lock (_gate)
        {
            var taken = _pending.Where(match).ToList();
            _pending.RemoveAll(frame => match(frame));
            return taken;
        }
    }

    /// <summary>Waits until the server closes the socket (close frame or dropped connection), whatever frames come before.
    /// Returns how it ended.</summary>
    public async Task<string> ExpectClosedAsync(TimeSpan? timeout = null) =>
        await WaitAsync(() => _ended, timeout ?? TestSockets.FrameTimeout)
        ?? throw Failure($"is still open after {timeout ?? TestSockets.FrameTimeout}");

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TestSockets.FrameTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>Closes the socket (politely, if it is still open); safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                Note($"closing at the end of the test failed: {ex.Message}");
            }
        }
        await _stop.CancelAsync();
        await _pump;
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    End($"close frame {result.CloseStatus} '{result.CloseStatusDescription}'");
                    await AnswerCloseAsync();
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    Add(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            End("closed by the test");
        }
        catch (WebSocketException ex)
        {
            End($"connection dropped: {ex.Message}");
        }
    }

    /// <summary>Completes the closing handshake the server started, so the server is not left waiting for it.</summary>
    private async Task AnswerCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            Note($"answering the server's close failed: {ex.Message}");
        }
    }

    /// <summary>Runs <paramref name="check"/> under the lock each time a frame arrives or the socket ends, until it
    /// gives a value or the time runs out (null).</summary>
    private async Task<T?> WaitAsync<T>(Func<T?> check, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (check() is { } value)
                {
                    return value;
                }
                changed = _changed.Task;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }

    private sealed record Box<T>(T Value);

    private void Add(string text)
    {
        JsonElement frame;
        try
        {
            frame = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Kept as a JSON string so a test sees it in failure messages and no JSON wait ever matches it by accident.
            frame = JsonSerializer.SerializeToElement(text);
        }
        lock (_gate)
        {
            _pending.Add(frame);
            Signal();
        }
    }

    private void End(string how)
    {
        lock (_gate)
        {
            _ended ??= how;
            Signal();
        }
    }

    private void Note(string note)
    {
        lock (_gate)
        {
            _notes.Add(note);
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private Xunit.Sdk.XunitException Failure(string what)
    {
        lock (_gate)
        {
            var recent = string.Join(", ", _pending.TakeLast(10).Select(frame => frame.Type() ?? frame.GetRawText()));
            var notes = _notes.Count == 0 ? "" : $"; notes: {string.Join("; ", _notes)}";
            return new Xunit.Sdk.XunitException($"Socket {_path} {what}. Unclaimed frames ({_pending.Count}, last 10): [{recent}]{notes}");
        }
    }
}
