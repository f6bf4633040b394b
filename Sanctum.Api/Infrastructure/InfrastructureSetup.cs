using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.HttpOverrides;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Caching;
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
        var postgres = builder.Configuration.GetSection("Postgres").Get<PostgresClientSettings>() ?? new();
        builder.AddNpgsqlDataSource("db", configureDataSourceBuilder: dataSource => DataSourceSetup.Configure(dataSource, postgres, configuredDb));
        var configuredCache = builder.Configuration.GetConnectionString("cache");
        var redis = builder.Configuration.GetSection("Redis").Get<RedisClientSettings>() ?? new();
        builder.AddRedisClient("cache", configureOptions: options => RedisClientSetup.Configure(options, redis, configuredCache));
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StartupState>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResults.Customize);
        services.AddSingleton<DependencyFailureLog>();
        services.AddSingleton<RedisCache>();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        // Binding failures (malformed JSON, wrong content type) throw so the exception handler can shape them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
        services.AddValidatorsFromAssemblyContaining<StartupState>(includeInternalTypes: true);

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only a proxy on this machine (a local reverse proxy, Aspire's endpoint proxy) may say who the client is.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("::1/128"));
        });

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowCredentials()
            .WithHeaders("Origin", "Content-Type", "Accept", "Authorization", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version")
            .WithMethods("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH")
            .SetPreflightMaxAge(TimeSpan.FromDays(1))));

        services.AddSingleton(sp => JwtOptions.FromConfiguration(
            builder.Configuration, builder.Environment, sp.GetRequiredService<ILoggerFactory>().CreateLogger<JwtOptions>()));
        services.AddSanctumAuth();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<IRealtimeEvents, LoggedRealtimeEvents>();
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseSanctumPipeline(this WebApplication app)
    {
        // Fail at startup, not on the first request, when the signing key is unacceptable.
        app.Services.GetRequiredService<JwtOptions>();

        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
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
