using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// First in the pipeline: times every request and records it in <see cref="HttpMetrics"/> once the answer is final,
/// so rate-limit refusals, the startup gate's 503s and the exception handler's 500/503s are counted with their real
/// status. The route comes from the endpoint routing chose (or, after an exception, the one the exception handler
/// remembers). Scrapes of <c>/metrics</c> are not counted, as in the original.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, HttpMetrics metrics, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.MetricsPath))
        {
            await next(context);
            return;
        }
        var started = clock.GetTimestamp();
        var statusCode = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            statusCode = context.Response.StatusCode;
        }
        finally
        {
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            double? seconds = context.WebSockets.IsWebSocketRequest ? null : clock.GetElapsedTime(started).TotalSeconds;
            metrics.Completed(RouteLabels.Method(context.Request.Method), RouteLabels.Path(endpoint), statusCode, seconds);
        }
    }
}

/// <summary>
/// After routing: counts the request in <c>http_requests_in_progress_total{method,path}</c> while the rest of the
/// pipeline (authentication, the handler) runs. A WebSocket session is not a request in progress.
/// </summary>
internal sealed class RequestsInProgressMiddleware(RequestDelegate next, HttpMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest || context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.MetricsPath))
        {
            await next(context);
            return;
        }
        var method = RouteLabels.Method(context.Request.Method);
        var path = RouteLabels.Path(context.GetEndpoint());
        metrics.Started(method, path);
        try
        {
            await next(context);
        }
        finally
        {
            metrics.Ended(method, path);
        }
    }
}

/// <summary>Bounded label values: the route template in Fiber's form and the standard methods.</summary>
internal static partial class RouteLabels
{
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
    };

    /// <summary>The method as sent when it is a standard one, else <c>_OTHER</c> (a client cannot mint new series).</summary>
    public static string Method(string method) => KnownMethods.TryGetValue(method, out var known) ? known : "_OTHER";

    /// <summary><c>/api/posts/{id}</c> becomes <c>/api/posts/:id</c> and <c>/api/posts/</c> becomes <c>/api/posts</c>: the
    /// path the original's Fiber routes reported.</summary>
    public static string Path(Endpoint? endpoint) => endpoint is RouteEndpoint { RoutePattern: var pattern }
        ? FromTemplate(pattern)
        : HttpMetrics.Unmatched;

    /// <summary>Converted once per route template: the table is as small as the route table.</summary>
    private static readonly ConcurrentDictionary<string, string> Converted = new(StringComparer.Ordinal);

    public static string FromTemplate(RoutePattern pattern) =>
        pattern.RawText is { } raw ? Converted.GetOrAdd(raw, FromTemplate) : HttpMetrics.Unmatched;

    public static string FromTemplate(string template)
    {
        var fiber = Parameter().Replace(template, match => ":" + match.Groups["name"].Value).TrimEnd('/');
        return fiber.StartsWith('/') ? fiber : "/" + fiber;
    }

    /// <summary>A route parameter: <c>{id}</c>, <c>{id:long}</c>, <c>{**rest}</c>, <c>{name?}</c>.</summary>
    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}
