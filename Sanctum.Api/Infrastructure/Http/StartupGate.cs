using Microsoft.AspNetCore.Http.Features;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Lifecycle;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>Set once migrations and startup tasks have finished.</summary>
public sealed class StartupState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}

/// <summary>Answers API calls with 503 until the schema is in place, instead of failing them with 500s. While the
/// process drains for shutdown (<see cref="DrainState"/>) requests are still served, and each HTTP/1.1 response asks
/// its client to close the connection, so a kept-alive client's next request opens a new connection, which the load
/// balancer sends to a replica that is staying.</summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupState state, DrainState drain)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (drain.IsDraining && context.Request.Protocol == "HTTP/1.1"
            && context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
        {
            context.Response.Headers.Connection = "close";
        }
        // "/api" itself is the health alias and reports "starting" in its own shape.
        if (!state.IsReady && context.Request.Path.StartsWithSegments("/api", out var rest) && rest.Value is { Length: > 1 })
        {
            return context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Service is starting");
        }
        return next(context);
    }
}
