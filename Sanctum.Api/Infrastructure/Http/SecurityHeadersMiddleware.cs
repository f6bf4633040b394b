namespace Sanctum.Api.Infrastructure.Http;

/// <summary>
/// The Helmet defaults the original sent on every response (contract 0.1). Written when the response starts, not
/// when the request arrives, because the exception handler clears the response headers before it writes its
/// 500/503: set early, they would be missing from exactly the error responses. A value an endpoint set itself wins.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private static readonly KeyValuePair<string, string>[] Headers =
    [
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "SAMEORIGIN"),
        new("X-XSS-Protection", "0"),
        new("Referrer-Policy", "no-referrer"),
        new("Cross-Origin-Opener-Policy", "same-origin"),
        new("Cross-Origin-Resource-Policy", "same-origin"),
        new("Cross-Origin-Embedder-Policy", "require-corp"),
        new("Origin-Agent-Cluster", "?1"),
        new("X-DNS-Prefetch-Control", "off"),
        new("X-Download-Options", "noopen"),
        new("X-Permitted-Cross-Domain-Policies", "none"),
    ];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            foreach (var (name, value) in Headers)
            {
                headers.TryAdd(name, value);
            }
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
