using Sanctum.Api.Infrastructure.Errors;

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
