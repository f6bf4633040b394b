using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Http;
using Sanctum.Api.Infrastructure.Lifecycle;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Health;

public sealed record LiveResponse(string Status, string Time);

public sealed record ReadyChecks(string Database, string Redis);

public sealed record ReadyResponse(string Message, string Version, string Status, ReadyChecks Checks, string Time);

/// <summary>Health endpoints of contract 14. Ready means: migrations done, Postgres and Redis answering, and not shutting
/// down (a draining process answers 503 "unhealthy" with its checks as they are, so load balancers stop sending to it).
/// <c>/health/serving</c> (ours, the same shape) leaves Redis out: the API keeps serving without Redis (reads from
/// PostgreSQL, each rate limit failing open or answering 503 as configured), so an orchestrator's readiness probe
/// must not take every replica out of service when Redis fails (docs/operations.md).</summary>
public static class HealthApi
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Health").AllowAnonymous();
        group.MapGet("/health/live", Live).WithName("HealthLive");
        group.MapGet("/health/ready", Ready).WithName("HealthReady");
        group.MapGet("/health/serving", Serving).WithName("HealthServing");
        group.MapGet("/health", Ready).WithName("Health");
        group.MapGet("/api", Ready).WithName("ApiRoot");
        return app;
    }

    public static Ok<LiveResponse> Live(TimeProvider clock) => TypedResults.Ok(new LiveResponse("up", Now(clock)));

    public static Task<JsonHttpResult<ReadyResponse>> Ready(
        StartupState startup, DrainState drain, NpgsqlDataSource db, IConnectionMultiplexer redis, TimeProvider clock, CancellationToken cancellationToken) =>
        CheckAsync(requireRedis: true, startup, drain, db, redis, clock, cancellationToken);

    public static Task<JsonHttpResult<ReadyResponse>> Serving(
        StartupState startup, DrainState drain, NpgsqlDataSource db, IConnectionMultiplexer redis, TimeProvider clock, CancellationToken cancellationToken) =>
        CheckAsync(requireRedis: false, startup, drain, db, redis, clock, cancellationToken);

    private static async Task<JsonHttpResult<ReadyResponse>> CheckAsync(bool requireRedis,
        StartupState startup, DrainState drain, NpgsqlDataSource db, IConnectionMultiplexer redis, TimeProvider clock, CancellationToken cancellationToken)
    {
        var database = startup.IsReady && await PingDatabaseAsync(db, cancellationToken) ? "healthy" : "unhealthy";
        var cache = await PingRedisAsync(redis) ? "healthy" : "unhealthy";
        var healthy = database == "healthy" && (cache == "healthy" || !requireRedis) && !drain.IsDraining;
        var body = new ReadyResponse("Vibecheck", "1.0.0", healthy ? "healthy" : "unhealthy", new ReadyChecks(database, cache), Now(clock));
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static string Now(TimeProvider clock) => clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> PingDatabaseAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            await db.ExecuteScalarAsync<int>("SELECT 1", null, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<bool> PingRedisAsync(IConnectionMultiplexer redis)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(PingTimeout);
            return true;
        }
        catch (Exception ex) when (DependencyFailures.IsRedisFailure(ex))
        {
            return false;
        }
    }
}
