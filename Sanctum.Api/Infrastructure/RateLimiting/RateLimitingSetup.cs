namespace Sanctum.Api.Infrastructure.RateLimiting;

public static class RateLimitingSetup
{
    /// <summary>Options bound once and validated at startup; the Redis policies, the login counter and the global limit.</summary>
    public static IServiceCollection AddSanctumRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<LoginAttemptLimiter>();
        services.AddGlobalRateLimit();
        return services;
    }
}
