using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Sanctums;

public static class SanctumsFeature
{
    public static WebApplicationBuilder AddSanctumsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SanctumStore>();
        services.AddSingleton<SanctumRequestStore>();
        services.AddSingleton<SanctumCache>();
        services.AddSingleton<SanctumService>();
        services.AddSingleton<SanctumRequestService>();
        services.AddSingleton<IStartupTask, BuiltInSanctums>();
        return builder;
    }
}
