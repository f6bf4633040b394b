using Microsoft.Extensions.Options;

namespace Sanctum.Api.Infrastructure.Bench;

/// <summary>
/// Benchmark-only endpoints (bench/run.sh). <c>GET /bench/plain</c> answers 200 "ok" without touching Postgres or
/// Redis, giving the Kestrel + middleware ceiling of this host on this machine. It exists only when
/// <see cref="BenchOptions.PlainEndpoint"/> (<c>Bench:PlainEndpoint=true</c>) is set; no environment turns it on by default.
/// </summary>
public static class BenchEndpoints
{
    public static IServiceCollection AddBenchOptions(this IServiceCollection services)
    {
        services.AddOptions<BenchOptions>().BindConfiguration(BenchOptions.Section).ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapBenchEndpoints(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<BenchOptions>>().Value.PlainEndpoint)
        {
            app.MapGet("/bench/plain", Plain).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    public static string Plain() => "ok";
}
