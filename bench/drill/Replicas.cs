using System.Net.Sockets;

namespace Drill;

/// <summary>One HTTP client per replica and the load balancer of the tool: round robin over the replicas not marked
/// down; a replica that refused a connection (or reset it) is skipped for one second, then tried again, so the load
/// fails over to the survivor and returns to a restarted replica by itself.</summary>
public sealed class Replicas : IDisposable
{
    private readonly long[] downUntil;
    private int next = -1;

    public Replicas(string[] urls)
    {
        Urls = urls;
        downUntil = new long[urls.Length];
        Clients = urls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
    }

    public string[] Urls { get; }
    public HttpClient[] Clients { get; }

    public int Pick()
    {
        var now = Environment.TickCount64;
        for (var attempt = 0; attempt < Urls.Length; attempt++)
        {
            var replica = (int)((uint)Interlocked.Increment(ref next) % (uint)Urls.Length);
            if (Volatile.Read(ref downUntil[replica]) <= now)
                return replica;
        }
        return (int)((uint)Interlocked.Increment(ref next) % (uint)Urls.Length);
    }

    public void MarkDown(int replica) => Volatile.Write(ref downUntil[replica], Environment.TickCount64 + 1000);

    /// <summary>The kind of a transport failure, for the record: refused, reset, timeout or io.</summary>
    public static string Classify(Exception exception)
    {
        if (exception is TaskCanceledException or TimeoutException)
            return "timeout";
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "refused",
                    SocketError.ConnectionReset => "reset",
                    SocketError.TimedOut => "timeout",
                    _ => "socket_" + socket.SocketErrorCode,
                };
        }
        return "io";
    }

    public void Dispose()
    {
        foreach (var client in Clients)
            client.Dispose();
    }
}
