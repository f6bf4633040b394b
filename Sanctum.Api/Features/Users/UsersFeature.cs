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
        services.AddSingleton<UserModerationService>();
        services.AddRootAdminOptions();
        services.AddSingleton<IStartupTask, RootAdminSeeder>();
        return builder;
    }
}
