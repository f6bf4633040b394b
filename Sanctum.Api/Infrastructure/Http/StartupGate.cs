using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>Set once migrations and startup tasks have finished.</summary>
public sealed class StartupState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}

/// <summary>Answers API calls with 503 until the schema is in place, instead of failing them with 500s.</summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        // "/api" itself is the health alias and reports "starting" in its own shape.
        if (!state.IsReady && context.Request.Path.StartsWithSegments("/api", out var rest) && rest.Value is { Length: > 1 })
        {
            return context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Service is starting");
        }
        return next(context);
    }
}
