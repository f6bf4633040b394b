using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.RateLimiting;

/// <summary>
/// The global limit of contract 0.2: <c>RateLimits:Global:Limit</c> requests (100) per
/// <c>RateLimits:Global:WindowSeconds</c> (60) per client (<see cref="ClientAddress.Key"/>), fixed windows, OPTIONS
/// exempt, on whenever <c>RateLimits:Enabled</c> is. It runs after CORS, so a 429 carries the CORS headers a browser
/// needs to read it.
/// In-process, as the contract says, not in Redis: it sits in front of every request, where a Redis round trip would
/// add latency to each one and make every route, health included, depend on Redis (fail open or closed on every
/// request). It is a coarse flood guard, so counting per replica is enough: behind N replicas a client gets at most
/// N times the limit. The precise, shared limits are the per-route Redis policies.
/// Idle partitions are dropped by the runtime's partitioned limiter, so memory follows the active clients.
/// </summary>
public static class GlobalRateLimit
{
    public const string Message = "Too many requests, please try again later.";

    public static IServiceCollection AddGlobalRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            limiter.GlobalLimiter = Create(settings.Value.Global);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Only when limits are enabled; otherwise no middleware runs at all.</summary>
    public static IApplicationBuilder UseGlobalRateLimit(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.IsEnabled ? app.UseRateLimiter() : app;

    public static PartitionedRateLimiter<HttpContext> Create(GlobalLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => HttpMethods.IsOptions(context.Request.Method)
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Key(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Limit,
                Window = TimeSpan.FromSeconds(options.WindowSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        await context.HttpContext.WriteProblemAsync(StatusCodes.Status429TooManyRequests, Message);
    }
}
