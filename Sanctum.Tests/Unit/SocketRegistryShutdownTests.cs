using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Tests.Unit;

/// <summary>
/// Shutdown closes every socket with 1001, including one registered after the stop signal: a socket is registered only
/// after its 101 has gone out, so one whose handshake was answered just before the signal (or during the readiness
/// delay) used to miss the close and be reset by Kestrel at the end of the grace period (the GracefulShutdown flake).
/// </summary>
public sealed class SocketRegistryShutdownTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_socket_open_at_the_signal_gets_1001()
    {
        var registry = new SocketRegistry(Options.Create(new RealtimeOptions()));
        await using var pair = await SocketPair.OpenAsync();
        Assert.Equal(Refusal.None, registry.TryAdd(pair.Connection));

        registry.CloseAll();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await pair.ClientCloseStatusAsync());
    }

    [Fact]
    public async Task A_socket_registered_after_the_signal_gets_1001_too()
    {
        var registry = new SocketRegistry(Options.Create(new RealtimeOptions()));
        await using var pair = await SocketPair.OpenAsync();

        registry.CloseAll();
        Assert.Equal(Refusal.None, registry.TryAdd(pair.Connection));

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await pair.ClientCloseStatusAsync());
    }

    /// <summary>A server <see cref="SocketConnection"/> and a client WebSocket over a loopback TCP connection.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly TcpClient _tcpClient;
        private readonly Socket _tcpServer;
        private readonly WebSocket _client;
        private Task? _running;

        private SocketPair(ServiceProvider services, TcpClient tcpClient, Socket tcpServer, WebSocket client, SocketConnection connection)
        {
            _services = services;
            _tcpClient = tcpClient;
            _tcpServer = tcpServer;
            _client = client;
            Connection = connection;
        }

        public SocketConnection Connection { get; }

        public static async Task<SocketPair> OpenAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var tcpClient = new TcpClient();
            await tcpClient.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var tcpServer = await listener.AcceptSocketAsync();
            var options = new RealtimeOptions();
            var server = WebSocket.CreateFromStream(new NetworkStream(tcpServer, ownsSocket: false), isServer: true, subProtocol: null,
                keepAliveInterval: Timeout.InfiniteTimeSpan);
            var client = WebSocket.CreateFromStream(tcpClient.GetStream(), isServer: false, subProtocol: null,
                keepAliveInterval: Timeout.InfiniteTimeSpan);
            var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var connection = new SocketConnection(server, SocketKind.Notifications, userId: 1, "user", isAdmin: false, roomId: 0, options,
                new RealtimeMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger.Instance);
            return new SocketPair(services, tcpClient, tcpServer, client, connection);
        }

        /// <summary>Runs the server side and reads the client side until its close frame (the client never answers it).</summary>
        public async Task<WebSocketCloseStatus?> ClientCloseStatusAsync()
        {
            _running = Connection.RunAsync(onMessage: null);
            var buffer = new ArraySegment<byte>(new byte[1024]);
            while (true)
            {
                var result = await _client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(StepTimeout);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return result.CloseStatus;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Abort();
            if (_running is not null)
            {
                await _running.WaitAsync(StepTimeout);
            }
            _client.Dispose();
            _tcpClient.Dispose();
            _tcpServer.Dispose();
            await _services.DisposeAsync();
        }
    }
}
