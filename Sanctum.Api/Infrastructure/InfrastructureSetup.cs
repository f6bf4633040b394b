using Dapper;
using FluentValidation;
using Sanctum.Api.Infrastructure.Bench;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Http;
using Sanctum.Api.Infrastructure.Json;
using Sanctum.Api.Infrastructure.RateLimiting;
using Scalar.AspNetCore;

namespace Sanctum.Api.Infrastructure;

/// <summary>Cross-cutting services and the HTTP pipeline every feature relies on.</summary>
public static class InfrastructureSetup
{
    public const long MaxRequestBodyBytes = 10 * 1024 * 1024;

    public static WebApplicationBuilder AddSanctumInfrastructure(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var configuredDb = builder.Configuration.GetConnectionString("db");
        builder.AddNpgsqlDataSource("db", configureDataSourceBuilder: dataSource => ConfigureDataSource(dataSource, configuredDb));
        builder.AddRedisClient("cache");
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StartupState>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResults.Customize);
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        // Binding failures (malformed JSON, wrong content type) throw so the exception handler can shape them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
        // Validators are stateless, and building one compiles its rules: once per process, not per request (the feed validates its query).
        services.AddValidatorsFromAssemblyContaining<StartupState>(ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddTrustedProxies();
        services.AddSanctumCors();
        services.AddSanctumRateLimits();
        services.AddBenchOptions();

        services.AddJwtOptions();
        services.AddSanctumAuth();
        services.AddSingleton<IRealtimeEvents, LoggedRealtimeEvents>();
        services.AddOpenApi();
        return builder;
    }

    /// <summary>The connection string's own settings win; otherwise statements run often enough are prepared.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Npgsql automatic preparation: a statement executed <c>AutoPrepareMinUsages</c> (5) times on a physical
    /// connection is prepared there, so Postgres stops re-planning it. The feed and post reads take about 4 ms to
    /// plan and 1-2 ms to run (EXPLAIN ANALYZE on the bench dataset); the benchmark measured +50-95 % requests/s on
    /// post detail, like and create with it (bench/README.md). Set <c>Max Auto Prepare=0</c> in the connection string
    /// to turn it off (e.g. behind a transaction-mode pooler that cannot keep prepared statements).
    /// </summary>
    private static void ConfigureDataSource(Npgsql.NpgsqlDataSourceBuilder dataSource, string? configured)
    {
        // The plain builder only knows the keys that were written, so it tells "not set" from "set to 0".
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured ?? "" };
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
        {
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
    }

    public static WebApplication UseSanctumPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseGlobalRateLimit();
        app.UseMiddleware<StartupGateMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RouteIdValidationMiddleware>();

        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
        return app;
    }
}
