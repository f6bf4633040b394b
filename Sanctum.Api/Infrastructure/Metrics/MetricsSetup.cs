using Microsoft.AspNetCore.Http.HttpResults;

namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// Contract 14's metrics and docs routes. The exporter itself is registered with the rest of the telemetry
/// (ServiceDefaults: <c>Metrics:Prometheus:Enabled</c>, default on); this maps its endpoint and the API's own series.
/// </summary>
public static class MetricsSetup
{
    /// <summary>Where Scalar (InfrastructureSetup) serves the API reference (its <c>/scalar</c> redirects here); Development only.</summary>
    public const string ApiReferencePath = "/scalar/";
    public const string OpenApiDocumentPath = "/openapi/v1.json";

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

    public static WebApplication MapMetricsApi(this WebApplication app)
    {
        if (app.Configuration.IsPrometheusEnabled())
        {
            // Public like the original's; not traced (ServiceDefaults), not counted in the HTTP series (HttpMetricsMiddleware).
            app.MapPrometheusScrapingEndpoint(ServiceDefaultsExtensions.MetricsPath).AllowAnonymous().ExcludeFromDescription();
        }

        app.MapGet("/api/metrics/dashboard", MetricsDashboard.Get).AllowAnonymous().WithTags("Metrics").WithName("MetricsDashboard");

        // The original's Swagger UI links (contract 14). 302, not 301: where the reference lives depends on the
        // environment (Scalar is Development only, elsewhere the document itself), and a browser keeps a 301 forever.
        var reference = app.Environment.IsDevelopment() ? ApiReferencePath : OpenApiDocumentPath;
        var swagger = app.MapGroup("/api/swagger").AllowAnonymous().ExcludeFromDescription();
        swagger.MapGet("", () => Redirect(reference));
        swagger.MapGet("/doc.json", () => Redirect(OpenApiDocumentPath));
        swagger.MapGet("/{**rest}", (string? rest) => Redirect(reference));
        return app;
    }

    private static RedirectHttpResult Redirect(string location) => TypedResults.Redirect(location);
}
