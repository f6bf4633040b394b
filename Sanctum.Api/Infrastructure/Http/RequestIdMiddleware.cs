using System.Diagnostics;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>Echoes a sane <c>X-Request-ID</c> or makes one, and exposes the trace id; error bodies carry the same id.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    private const string RequestIdHeader = "X-Request-ID";
    private const int MaxLength = 128;

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[RequestIdHeader].ToString();
        var requestId = IsSafe(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;
        context.Response.Headers[RequestIdHeader] = requestId;
        if (Activity.Current is { } activity)
        {
            context.Response.Headers["X-Trace-ID"] = activity.TraceId.ToString();
        }
        return next(context);
    }

    private static bool IsSafe(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
