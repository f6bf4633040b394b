using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Telemetry, service discovery and HTTP resilience shared by every Sanctum service. Health endpoints are the
/// API's own (contract 14: <c>/health/live</c>, <c>/health/ready</c>), so no template health checks are mapped here.
/// Database and Redis instrumentation come from the Aspire client integrations (Aspire.Npgsql,
/// Aspire.StackExchange.Redis), which add their own sources to the tracer and meter configured here; the API turns
/// their tracing off when <see cref="IsOtlpExportEnabled"/> is false, as this turns off its own.
/// </summary>
public static class ServiceDefaultsExtensions
{
    private static readonly PathString HealthPrefix = "/health";

    /// <summary>The Prometheus scrape endpoint (contract 14), mapped by the API when <see cref="IsPrometheusEnabled"/>.</summary>
    public static readonly PathString MetricsPath = "/metrics";

    /// <summary>Turns the Prometheus exporter and <c>GET /metrics</c> on or off (default on).</summary>
    public const string PrometheusEnabledKey = "Metrics:Prometheus:Enabled";

    /// <summary>The API's realtime meter and activity source (sockets, events): Sanctum.Api's <c>RealtimeMetrics.Name</c>.</summary>
    private const string RealtimeMeter = "Sanctum.Realtime";
    private const string ImagesMeter = "Sanctum.Images";

    /// <summary>The API's contract-14 series for Prometheus (<c>http_requests_total</c>, ...): Sanctum.Api's <c>HttpMetrics.Name</c>.</summary>
    private const string HttpCompatMeter = "Sanctum.Http";

    /// <summary>Database and Redis failures per operation: Sanctum.Api's <c>DependencyMetrics.Name</c>.</summary>
    private const string DependenciesMeter = "Sanctum.Dependencies";

    /// <summary>
    /// <see cref="PrometheusEnabledKey"/>: missing or empty means on (like the rate limits, an empty environment variable
    /// never turns a default off); otherwise <c>true</c> or <c>false</c>, anything else stops the start.
    /// </summary>
    public static bool IsPrometheusEnabled(this IConfiguration configuration)
    {
        var value = configuration[PrometheusEnabledKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        return bool.TryParse(value.Trim(), out var enabled)
            ? enabled
            : throw new InvalidOperationException($"{PrometheusEnabledKey} must be true or false, not '{value}'.");
    }

    /// <summary>
    /// Whether telemetry has somewhere to go over OTLP (the Aspire dashboard, a collector): then traces are recorded,
    /// the database and Redis spans included. Without an endpoint no span would leave the process, and recording them
    /// was not free: the Redis instrumentation keeps every profiled command and its span for its 10 s flush, some
    /// 45,000 objects at 20,000 requests a second, whose promotion through the GC made each gen-0 collection a 30-50 ms
    /// pause (feed p99 75 ms against 18 ms without; bench/README.md finding 18).
    /// </summary>
    public static bool IsOtlpExportEnabled(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var prometheus = builder.Configuration.IsPrometheusEnabled();
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(RealtimeMeter, ImagesMeter, HttpCompatMeter, DependenciesMeter);
                if (prometheus)
                {
                    // A pull exporter: the API maps GET /metrics on its own port. Collection happens per scrape (cached
                    // for 300 ms, so concurrent scrapers share one), never on the request path.
                    metrics.AddPrometheusExporter();
                }
            });

        if (builder.Configuration.IsOtlpExportEnabled())
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName, RealtimeMeter)
                    .AddAspNetCoreInstrumentation(options =>
                        // Health probes and scrapes every few seconds would drown the real requests in the dashboard.
                        options.Filter = context => !context.Request.Path.StartsWithSegments(HealthPrefix)
                            && !context.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
        return builder;
    }
}
