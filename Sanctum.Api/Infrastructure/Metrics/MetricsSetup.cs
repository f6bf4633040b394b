namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// Contract 14's metrics and docs routes. The exporter itself is registered with the rest of the telemetry
/// (ServiceDefaults: <c>Metrics:Prometheus:Enabled</c>, default on); this registers the API's own series and the
/// middleware that records them. The routes are in <see cref="MetricsApi"/>.
/// </summary>
public static class MetricsSetup
{
    public static IServiceCollection AddSanctumMetrics(this IServiceCollection services)
    {
        services.AddSingleton<RequestWindow>();
        services.AddSingleton<HttpMetrics>();
        services.AddSingleton<DependencyMetrics>();
        return services;
    }

    /// <summary>First in the pipeline, so every answer is counted with its final status.</summary>
    public static IApplicationBuilder UseHttpMetrics(this IApplicationBuilder app) => app.UseMiddleware<HttpMetricsMiddleware>();

    /// <summary>Right after routing, which names the route for <c>http_requests_in_progress_total</c>.</summary>
    public static IApplicationBuilder UseRequestsInProgress(this IApplicationBuilder app) => app.UseMiddleware<RequestsInProgressMiddleware>();
}
