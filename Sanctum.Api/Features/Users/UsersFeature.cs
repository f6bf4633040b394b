using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Users;

public static class UsersFeature
{
    public static WebApplicationBuilder AddUsersFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<UserStore>();
        services.AddSingleton<UserCache>();
        services.AddSingleton<UserService>();

        var rootAdmin = builder.Configuration.GetSection("RootAdmin").Get<RootAdminOptions>() ?? new RootAdminOptions();
        services.AddSingleton(rootAdmin);
        // The root admin exists in Development only, whatever the configuration says.
        if (builder.Environment.IsDevelopment() && rootAdmin.Enabled)
        {
            services.AddSingleton<IStartupTask, RootAdminSeeder>();
        }
        return builder;
    }
}
