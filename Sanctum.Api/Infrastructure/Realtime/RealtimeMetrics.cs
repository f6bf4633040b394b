using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// Meter and activity source <c>Sanctum.Realtime</c> (registered with OpenTelemetry in ServiceDefaults, so they show in
/// the Aspire dashboard): open sockets per channel, events published, frames delivered, and drops with their reason.
/// </summary>
public sealed class RealtimeMetrics
{
    public const string Name = "Sanctum.Realtime";

    public static readonly ActivitySource Activities = new(Name);

    private readonly UpDownCounter<long> _open;
    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _dropped;

    public RealtimeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _open = meter.CreateUpDownCounter<long>("sanctum.websockets.open", "{socket}", "Open WebSockets on this replica, per channel");
        _published = meter.CreateCounter<long>("sanctum.realtime.events.published", "{event}", "Events raised on this replica");
        _delivered = meter.CreateCounter<long>("sanctum.realtime.events.delivered", "{frame}", "Frames written to sockets on this replica");
        _dropped = meter.CreateCounter<long>("sanctum.realtime.events.dropped", "{event}", "Frames or events not delivered, per reason");
    }

    public void Opened(SocketKind kind) => _open.Add(1, Channel(kind));

    public void Closed(SocketKind kind) => _open.Add(-1, Channel(kind));

    public void Published(string type) => _published.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Delivered(SocketKind kind) => _delivered.Add(1, Channel(kind));

    public void Dropped(SocketKind kind, string reason) =>
        _dropped.Add(1, Channel(kind), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An event that did not reach the other replicas (Redis unavailable).</summary>
    public void NotRelayed() => _dropped.Add(1, new KeyValuePair<string, object?>("reason", "redis_unavailable"));

    private static KeyValuePair<string, object?> Channel(SocketKind kind) => new("channel", kind switch
    {
        SocketKind.Notifications => "notifications",
        SocketKind.Chat => "chat",
        _ => "game",
    });
}
