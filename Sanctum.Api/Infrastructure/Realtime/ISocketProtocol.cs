using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// What a socket says on top of the connection rules: the plug-in point of each channel. A feature registers one per
/// <see cref="SocketKind"/> (<c>services.AddSingleton&lt;ISocketProtocol, ...&gt;()</c>); the host runs the handshake,
/// the caps, presence and the connection loop, and calls it. Inbound messages go to the same service as the REST
/// route, never to SQL; replies go through <see cref="SocketConnection.Send"/> or <see cref="IRealtimeEvents"/>.
/// </summary>
public interface ISocketProtocol
{
    SocketKind Kind { get; }

    /// <summary>False for a server-to-client channel: its inbound frames are read (for the deadline) and dropped.</summary>
    bool ReadsMessages { get; }

    /// <summary>After the socket is registered, before its first inbound message.</summary>
    Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken);

    /// <summary>One complete inbound text message (at most the inbound frame limit).</summary>
    Task OnMessageAsync(SocketConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>After the socket has closed and left the registry.</summary>
    Task OnDisconnectedAsync(SocketConnection connection);
}
