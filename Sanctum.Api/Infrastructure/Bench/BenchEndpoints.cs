namespace Sanctum.Api.Infrastructure.Bench;

/// <summary>
/// Benchmark-only endpoints (bench/run.sh). <c>GET /bench/plain</c> answers 200 "ok" without touching Postgres or
/// Redis, giving the Kestrel + middleware ceiling of this host on this machine. It exists only when the configuration
/// switch <c>Bench:PlainEndpoint=true</c> is set; no environment turns it on by default.
/// </summary>
public static class BenchEndpoints
{
    public const string SwitchKey = "Bench:PlainEndpoint";

    public static IEndpointRouteBuilder MapBenchEndpoints(WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(SwitchKey))
        {
            app.MapGet("/bench/plain", Plain).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    public static string Plain() => "ok";
}
