using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>Frame of a refused notifications or chat socket (contract 12.1).</summary>
public sealed record SocketRefusedFrame(string Error);

/// <summary>Payload of a game socket's <c>error</c> frame (contract 12.4).</summary>
public sealed record SocketErrorPayload(string Message);

/// <summary>
/// Runs one authenticated handshake (contract 12.1; auth has already consumed the ticket, refused a banned user with
/// 403 and anyone else with 401): 426 for a plain request, then the upgrade with the server's pings and read deadline,
/// the caps, presence, and the channel's protocol for the life of the connection.
/// </summary>
public sealed class SocketHost(
    SocketRegistry registry, Presence presence, IEnumerable<ISocketProtocol> protocols, RealtimeMetrics metrics,
    IOptions<RealtimeOptions> options, ILogger<SocketConnection> logger)
{
    private readonly Dictionary<SocketKind, ISocketProtocol> _protocols = protocols.ToDictionary(protocol => protocol.Kind);

    public async Task RunAsync(HttpContext context, SocketKind kind)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await context.WriteProblemAsync(StatusCodes.Status426UpgradeRequired, "WebSocket upgrade required");
            return;
        }
        var settings = options.Value;
        var roomText = context.Request.Query["room_id"].ToString();
        var roomId = kind == SocketKind.Game && long.TryParse(roomText, out var room) ? room : 0;

        LimitSendBuffer(context, settings.SocketSendBufferBytes);
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.PingInterval,
            KeepAliveTimeout = settings.PongTimeout,
        });
        var user = context.User;
        var connection = new SocketConnection(socket, kind, user.GetUserId(), user.Identity?.Name ?? "", user.IsAdminUser(), roomId,
            settings, metrics, logger);

        if (kind == SocketKind.Game && roomText.Length == 0)
        {
            connection.Close(WebSocketCloseStatus.PolicyViolation, "room_id is required");
            await connection.RunAsync(onMessage: null);
            return;
        }
        var refusal = registry.TryAdd(connection);
        if (refusal != Refusal.None)
        {
            var message = RefusalMessage(refusal);
            connection.Send(kind == SocketKind.Game
                ? RealtimeFrames.Serialize(new RealtimeEvent("error", new SocketErrorPayload(message), EventAudience.User(connection.UserId))
                {
                    Socket = SocketKind.Game,
                    RoomId = roomId,
                })
                : RealtimeFrames.Serialize(new SocketRefusedFrame(message)));
            connection.Close(WebSocketCloseStatus.PolicyViolation, message);
            await connection.RunAsync(onMessage: null);
            return;
        }

        var protocol = _protocols[kind];
        metrics.Opened(kind);
        try
        {
            if (kind != SocketKind.Game)
            {
                await presence.ConnectedAsync(connection.UserId, context.RequestAborted);
            }
            await protocol.OnConnectedAsync(connection, context.RequestAborted);
            await connection.RunAsync(protocol.ReadsMessages ? protocol.OnMessageAsync : null);
        }
        finally
        {
            registry.Remove(connection);
            metrics.Closed(kind);
            await protocol.OnDisconnectedAsync(connection);
        }
    }

    private static string RefusalMessage(Refusal refusal) => refusal switch
    {
        Refusal.UserLimit => "user connection limit reached",
        Refusal.ServerLimit => "server connection limit reached",
        Refusal.RoomFull => "room is full",
        _ => "too many active rooms",
    };

    /// <summary>See <see cref="RealtimeOptions.SocketSendBufferBytes"/>. Not every transport exposes a socket (tests' in-memory server).</summary>
    private static void LimitSendBuffer(HttpContext context, int bytes)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SendBufferSize = bytes;
        }
    }
}
