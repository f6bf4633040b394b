using System.ComponentModel.DataAnnotations;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// Section <c>Realtime</c>: the connection rules of contract 12.1. The defaults are the contract's; only the tests
/// change one (a longer write timeout, so a deliberately stalled test client is measured by its queue, not the clock).
/// </summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>The server pings every socket this often.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Read deadline: a socket whose pong has not come back this long after a ping is aborted, so a silent
    /// client is gone about 10 s after its last sign of life (contract: read deadline 10 s).</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(7);

    /// <summary>A frame the client has not taken within this time ends the connection.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(3);

    [Range(1, 1024 * 1024)]
    public int MaxInboundFrameBytes { get; set; } = 16 * 1024;

    /// <summary>Frames waiting for one connection; past this the connection is dropped with <c>messages_dropped</c>.</summary>
    [Range(1, 100_000)]
    public int OutboundQueue { get; set; } = 256;

    /// <summary>Kernel send buffer of each socket. Fixed (not auto-tuned up to megabytes), so 10 000 sockets cost
    /// bounded memory and a client that stops reading fills its queue promptly instead of hiding in the kernel.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int SocketSendBufferBytes { get; set; } = 64 * 1024;

    [Range(1, 1000)]
    public int NotificationsPerUser { get; set; } = 12;

    [Range(1, 1_000_000)]
    public int NotificationsTotal { get; set; } = 10_000;

    [Range(1, 1000)]
    public int ChatPerUser { get; set; } = 12;

    [Range(1, 1_000_000)]
    public int GameRooms { get; set; } = 1000;

    /// <summary>Distinct users on one game room's sockets (contract 12.1; not configurable: games are two-player).</summary>
    public const int GameUsersPerRoom = 2;
}
