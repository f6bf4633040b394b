using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>Requests of the last <c>window_seconds</c> on this replica; latencies in milliseconds.</summary>
public sealed record DashboardRequests(long Count, double PerSecond, long InFlight, double P50Ms, double P99Ms, int LatencySamples, long ServerErrors);

/// <summary>WebSockets open on this replica now, per channel.</summary>
public sealed record DashboardSockets(long Total, long Notifications, long Chat, long Game);

/// <summary>Failures since this replica started: 5xx answers, database and Redis failures (<see cref="DependencyFailures"/>),
/// socket frames or events not delivered.</summary>
public sealed record DashboardErrors(long ServerErrorsTotal, long DatabaseTotal, long RedisTotal, long SocketDropsTotal);

public sealed record MetricsDashboardResponse(
    string Time, long UptimeSeconds, int WindowSeconds, DashboardRequests Requests, DashboardSockets Sockets, DashboardErrors Errors);

/// <summary>
/// <c>GET /api/metrics/dashboard</c> (contract 14): a small status page's figures for the replica that answers, from
/// in-process state only (no database, no Redis), so it is cheap and answers during an outage. Always JSON: the
/// original served Fiber's HTML monitor unless the client sent <c>Accept: application/json</c>; Sanctum serves the
/// JSON to everyone. For all replicas together, scrape <c>/metrics</c> or read the OTLP backend.
/// </summary>
public static class MetricsDashboard
{
    public static Ok<MetricsDashboardResponse> Get(HttpMetrics http, RealtimeMetrics realtime, DependencyMetrics dependencies, TimeProvider clock)
    {
        var window = http.Window.Snapshot();
        var sockets = realtime.Snapshot();
        return TypedResults.Ok(new MetricsDashboardResponse(
            clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            (long)http.Window.Uptime.TotalSeconds,
            RequestWindow.Seconds,
            new DashboardRequests(window.Requests, Math.Round(window.PerSecond, 3), http.InFlight,
                Milliseconds(window.P50), Milliseconds(window.P99), window.Samples, window.ServerErrors),
            new DashboardSockets(sockets.Total, sockets.Notifications, sockets.Chat, sockets.Game),
            new DashboardErrors(http.Window.ServerErrorsTotal, dependencies.DatabaseTotal, dependencies.RedisTotal, realtime.DroppedTotal)));
    }

    private static double Milliseconds(double seconds) => Math.Round(seconds * 1000, 3);
}
