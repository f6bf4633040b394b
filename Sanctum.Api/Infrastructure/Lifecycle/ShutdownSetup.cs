namespace Sanctum.Api.Infrastructure.Lifecycle;

/// <summary>Graceful shutdown (see <see cref="GracefulShutdown"/>), settings in <see cref="ShutdownOptions"/>.</summary>
public static class ShutdownSetup
{
    public static IServiceCollection AddSanctumShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The host's budget for everything after the signal: the readiness delay, then the in-flight requests.
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.ReadinessDelay + shutdown.Value.Grace);
        services.AddSingleton<DrainState>();
        services.AddHostedService<GracefulShutdown>();
        return services;
    }
}
