using Dapper;
using FluentValidation;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Bench;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Http;
using Sanctum.Api.Infrastructure.Json;
using Sanctum.Api.Infrastructure.Lifecycle;
using Sanctum.Api.Infrastructure.Metrics;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Realtime;
using Scalar.AspNetCore;

namespace Sanctum.Api.Infrastructure;

/// <summary>Cross-cutting services and the HTTP pipeline every feature relies on.</summary>
public static class InfrastructureSetup
{
    public const long MaxRequestBodyBytes = 10 * 1024 * 1024;

    public static WebApplicationBuilder AddSanctumInfrastructure(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var tracing = builder.Configuration.IsOtlpExportEnabled();
        var configuredDb = builder.Configuration.GetConnectionString("db");
        var postgres = builder.Configuration.GetSection("Postgres").Get<PostgresClientSettings>() ?? new();
        builder.AddNpgsqlDataSource("db", settings => settings.DisableTracing |= !tracing,
            dataSource => DataSourceSetup.Configure(dataSource, postgres, configuredDb));
        var configuredCache = builder.Configuration.GetConnectionString("cache");
        var redis = builder.Configuration.GetSection("Redis").Get<RedisClientSettings>() ?? new();
        builder.AddRedisClient("cache", settings => settings.DisableTracing |= !tracing,
            options => RedisClientSetup.Configure(options, redis, configuredCache));
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StartupState>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddDatabaseOptions();
        services.AddSanctumShutdown();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResults.Customize);
        services.AddSanctumMetrics();
        services.AddSingleton<DependencyFailureLog>();
        services.AddSingleton<RedisCache>();
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
        services.AddSanctumRealtime();
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseSanctumPipeline(this WebApplication app)
    {
        app.UseHttpMetrics();
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseGlobalRateLimit();
        app.UseMiddleware<StartupGateMiddleware>();
        app.UseWebSockets();
        app.UseRouting();
        app.UseRequestsInProgress();
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
