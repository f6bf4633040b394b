using System.Globalization;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.RateLimiting;

/// <summary>Applies one <see cref="RateLimitPolicy"/> to an endpoint: 429 over the limit, 503 when a fail-closed policy cannot reach Redis.</summary>
internal sealed class RateLimitFilter(RateLimitPolicy policy, RedisRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!limiter.Enabled)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var subject = policy.KeyBy == RateLimitKey.User && http.User.FindUserId() is { } userId
            ? userId.ToString(CultureInfo.InvariantCulture)
            : ClientAddress.Key(http.Connection.RemoteIpAddress);

        var decision = await limiter.AcquireAsync(policy, subject);
        switch (decision.Outcome)
        {
            case RateLimitOutcome.Limited:
                http.Response.Headers.RetryAfter = Math.Ceiling(decision.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ProblemResults.Problem(StatusCodes.Status429TooManyRequests, "rate limit exceeded");
            case RateLimitOutcome.Unavailable:
                return ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, "rate limit unavailable");
            default:
                return await next(context);
        }
    }
}

public static class RateLimitExtensions
{
    public static TBuilder WithRateLimit<TBuilder>(this TBuilder builder, RateLimitPolicy policy) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((factoryContext, next) =>
        {
            var filter = new RateLimitFilter(policy, factoryContext.ApplicationServices.GetRequiredService<RedisRateLimiter>());
            return invocation => filter.InvokeAsync(invocation, next);
        });
        return builder;
    }
}
