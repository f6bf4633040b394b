namespace Sanctum.Api.Features.Admin;

public static class AdminConsoleFeature
{
    /// <summary>The admin console of contract 13; map its routes with <see cref="MapAdminConsoleApi"/>.</summary>
    public static WebApplicationBuilder AddAdminConsoleFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FeatureFlagOptions>().BindConfiguration(FeatureFlagOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<FeatureFlags>();
        builder.Services.AddSingleton<AdminReportStore>();
        builder.Services.AddSingleton<AdminUserConsoleStore>();
        builder.Services.AddSingleton<AdminConsoleService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminConsoleApi(this IEndpointRouteBuilder app)
    {
        app.MapAdminReportsApi();
        app.MapAdminUsersConsoleApi();
        return app;
    }
}
