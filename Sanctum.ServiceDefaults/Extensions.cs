using Microsoft.AspNetCore.Http;
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
/// Aspire.StackExchange.Redis), which add their own sources to the tracer and meter configured here.
/// </summary>
public static class ServiceDefaultsExtensions
{
    private static readonly PathString HealthPrefix = "/health";

    /// <summary>The API's realtime meter and activity source (sockets, events): Sanctum.Api's <c>RealtimeMetrics.Name</c>.</summary>
    private const string RealtimeMeter = "Sanctum.Realtime";
    private const string ImagesMeter = "Sanctum.Images";

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

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(RealtimeMeter, ImagesMeter))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, RealtimeMeter)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes every few seconds would drown the real requests in the dashboard.
                    options.Filter = context => !context.Request.Path.StartsWithSegments(HealthPrefix))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }
}
