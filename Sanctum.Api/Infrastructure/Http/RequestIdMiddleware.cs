using System.Diagnostics;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>
/// Echoes a sane <c>X-Request-ID</c> or makes one, and exposes the trace id; error bodies carry the same id. The
/// headers are written when the response starts, so the exception handler's clearing of the response cannot drop them.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    private const string RequestIdHeader = "X-Request-ID";
    private const string TraceIdHeader = "X-Trace-ID";
    private const int MaxLength = 128;

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[RequestIdHeader].ToString();
        var requestId = IsSafe(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;
        var traceId = Activity.Current?.TraceId.ToString();
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[RequestIdHeader] = requestId;
            if (traceId is not null)
            {
                headers[TraceIdHeader] = traceId;
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsSafe(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
