using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// Meter and activity source <c>Sanctum.Realtime</c> (registered with OpenTelemetry in ServiceDefaults, so they show in
/// the Aspire dashboard): open sockets per channel, events published, frames delivered, and drops with their reason.
/// It also carries the original's Prometheus series (contract 14): <c>sanctum_active_websockets</c> (all open sockets
/// of this replica) and <c>sanctum_websocket_backpressure_drops_total{hub,reason}</c> (frames a socket's or the bus's
/// full queue refused; <c>hub</c> is the channel), and keeps in-process counts for <c>GET /api/metrics/dashboard</c>.
/// </summary>
public sealed class RealtimeMetrics
{
    public const string Name = "Sanctum.Realtime";

    public static readonly ActivitySource Activities = new(Name);

    private readonly UpDownCounter<long> _open;
    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _backpressureDrops;

    /// <summary>Open sockets per <see cref="SocketKind"/> (indexed by <see cref="Index"/>).</summary>
    private readonly long[] _openByKind = new long[3];
    private long _droppedTotal;

    public RealtimeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _open = meter.CreateUpDownCounter<long>("sanctum.websockets.open", "{socket}", "Open WebSockets on this replica, per channel");
        _published = meter.CreateCounter<long>("sanctum.realtime.events.published", "{event}", "Events raised on this replica");
        _delivered = meter.CreateCounter<long>("sanctum.realtime.events.delivered", "{frame}", "Frames written to sockets on this replica");
        _dropped = meter.CreateCounter<long>("sanctum.realtime.events.dropped", "{event}", "Frames or events not delivered, per reason");
        // The original's names, already in Prometheus form (the exporter leaves a name that ends in _total as it is).
        meter.CreateObservableGauge("sanctum_active_websockets", () => Snapshot().Total, null, "The total number of active WebSocket connections");
        _backpressureDrops = meter.CreateCounter<long>("sanctum_websocket_backpressure_drops_total", null,
            "Total number of WebSocket messages dropped due to backpressure");
    }

    public void Opened(SocketKind kind)
    {
        Interlocked.Increment(ref _openByKind[Index(kind)]);
        _open.Add(1, Channel(kind));
    }

    public void Closed(SocketKind kind)
    {
        Interlocked.Decrement(ref _openByKind[Index(kind)]);
        _open.Add(-1, Channel(kind));
    }

    /// <summary>Sockets open on this replica now, per channel.</summary>
    public OpenSockets Snapshot() => new(
        Volatile.Read(ref _openByKind[Index(SocketKind.Notifications)]),
        Volatile.Read(ref _openByKind[Index(SocketKind.Chat)]),
        Volatile.Read(ref _openByKind[Index(SocketKind.Game)]));

    /// <summary>Frames or events this replica did not deliver since it started, every reason.</summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    public void Published(string type) => _published.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Delivered(SocketKind kind) => _delivered.Add(1, Channel(kind));

    /// <summary>A frame refused by a full queue (<c>buffer_full</c>: the socket's outbound queue, <c>bus_full</c>: the
    /// bus's): counted as a drop and as the original's backpressure drop.</summary>
    public void Dropped(SocketKind kind, string reason)
    {
        Interlocked.Increment(ref _droppedTotal);
        var reasonTag = new KeyValuePair<string, object?>("reason", reason);
        _dropped.Add(1, Channel(kind), reasonTag);
        _backpressureDrops.Add(1, new KeyValuePair<string, object?>("hub", ChannelName(kind)), reasonTag);
    }

    /// <summary>An event that did not reach the other replicas (Redis unavailable): a drop, not backpressure.</summary>
    public void NotRelayed()
    {
        Interlocked.Increment(ref _droppedTotal);
        _dropped.Add(1, new KeyValuePair<string, object?>("reason", "redis_unavailable"));
    }

    private static KeyValuePair<string, object?> Channel(SocketKind kind) => new("channel", ChannelName(kind));

    private static string ChannelName(SocketKind kind) => kind switch
    {
        SocketKind.Notifications => "notifications",
        SocketKind.Chat => "chat",
        _ => "game",
    };

    private static int Index(SocketKind kind) => kind switch
    {
        SocketKind.Notifications => 0,
        SocketKind.Chat => 1,
        _ => 2,
    };
}

/// <summary>Sockets open on one replica, per channel.</summary>
public readonly record struct OpenSockets(long Notifications, long Chat, long Game)
{
    public long Total => Notifications + Chat + Game;
}
