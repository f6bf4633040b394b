using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// The metrics and docs routes of contract 14: <c>GET /metrics</c> (OpenTelemetry's Prometheus exporter, unless
/// <c>Metrics:Prometheus:Enabled=false</c>), <c>GET /api/metrics/dashboard</c> and the <c>/api/swagger/*</c> redirects.
/// All public. The startup gate answers 503 for the two <c>/api</c> ones until migrations are done, like every
/// <c>/api</c> route; the global per-client limit counts them (a scrape every 15 s is 4 of its 100 a minute).
/// </summary>
public static class MetricsApi
{
    /// <summary>Where Scalar (InfrastructureSetup) serves the API reference (its <c>/scalar</c> redirects here); Development only.</summary>
    public const string ApiReferencePath = "/scalar/";
    public const string OpenApiDocumentPath = "/openapi/v1.json";

    public static WebApplication MapMetricsApi(this WebApplication app)
    {
        if (app.Configuration.IsPrometheusEnabled())
        {
            // Public like the original's; not traced (ServiceDefaults), not counted in the HTTP series (HttpMetricsMiddleware).
            app.MapPrometheusScrapingEndpoint(ServiceDefaultsExtensions.MetricsPath).AllowAnonymous().ExcludeFromDescription();
        }

        app.MapGet("/api/metrics/dashboard", Dashboard).AllowAnonymous().WithTags("Metrics").WithName("MetricsDashboard");

        // The original's Swagger UI links (contract 14). 302, not 301: where the reference lives depends on the
        // environment (Scalar is Development only, elsewhere the document itself), and a browser keeps a 301 forever.
        var reference = app.Environment.IsDevelopment() ? ApiReferencePath : OpenApiDocumentPath;
        var swagger = app.MapGroup("/api/swagger").AllowAnonymous().ExcludeFromDescription();
        swagger.MapGet("", () => Redirect(reference));
        swagger.MapGet("/doc.json", () => Redirect(OpenApiDocumentPath));
        swagger.MapGet("/{**rest}", () => Redirect(reference));
        return app;
    }

    /// <summary>
    /// <c>GET /api/metrics/dashboard</c>: a small status page's figures for the replica that answers, from in-process
    /// state only (no database, no Redis), so it is cheap and answers during an outage. Always JSON: the original served
    /// Fiber's HTML monitor unless the client sent <c>Accept: application/json</c>; Sanctum serves the JSON to everyone.
    /// For all replicas together, scrape <c>/metrics</c> or read the OTLP backend.
    /// </summary>
    public static Ok<MetricsDashboardResponse> Dashboard(HttpMetrics http, RealtimeMetrics realtime, DependencyMetrics dependencies, TimeProvider clock)
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

    private static RedirectHttpResult Redirect(string location) => TypedResults.Redirect(location);
}
