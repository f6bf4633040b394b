using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Drill;

/// <summary>Appends one CSV line per request, health probe and socket event to <c>requests.csv</c>
/// (<c>t_ms,lat_ms,replica,op,status,code,id,detail</c>; t_ms is the Unix time in ms when the request started,
/// status 0 is a transport failure whose kind is in <c>code</c>). One writer task; producers never block.</summary>
public sealed class Recorder : IAsyncDisposable
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writer;

    public Recorder(string path)
    {
        writer = Task.Run(async () =>
        {
            await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false));
            await file.WriteLineAsync("t_ms,lat_ms,replica,op,status,code,id,detail");
            var lastFlush = Environment.TickCount64;
            await foreach (var line in lines.Reader.ReadAllAsync())
            {
                await file.WriteLineAsync(line);
                if (Environment.TickCount64 - lastFlush > 1000)
                {
                    await file.FlushAsync();
                    lastFlush = Environment.TickCount64;
                }
            }
        });
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Write(long startMs, double latencyMs, int replica, string op, int status, string code, long id, string detail) =>
        lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture,
            $"{startMs},{latencyMs:0.0},{replica},{op},{status},{Clean(code)},{id},{Clean(detail)}"));

    public void Event(int replica, string what, string detail) => Write(Now(), 0, replica, "ws", 0, what, 0, detail);

    private static string Clean(string text) => text.Replace(',', ';').Replace('\n', ' ').Replace('\r', ' ');

    public async ValueTask DisposeAsync()
    {
        lines.Writer.Complete();
        await writer;
    }
}
