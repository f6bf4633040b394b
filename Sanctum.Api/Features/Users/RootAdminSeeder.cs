using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Users;

/// <summary>Development root admin settings (<c>RootAdmin:*</c>); ignored outside Development.</summary>
public sealed class RootAdminOptions
{
    public const string SectionName = "RootAdmin";

    public bool Enabled { get; set; }
    public string Username { get; set; } = "sanctum_root";
    public string Email { get; set; } = "root@sanctum.local";
    public string Password { get; set; } = "";

    /// <summary>Whether the root admin exists in this environment: only in Development, whatever the configuration says.</summary>
    public bool IsActiveIn(IHostEnvironment environment) => Enabled && environment.IsDevelopment();
}

public static class RootAdminOptionsSetup
{
    /// <summary>Binds <c>RootAdmin:*</c>; an enabled Development root admin without a password stops the app at startup.</summary>
    public static OptionsBuilder<RootAdminOptions> AddRootAdminOptions(this IServiceCollection services) =>
        services.AddOptions<RootAdminOptions>()
            .BindConfiguration(RootAdminOptions.SectionName)
            .Validate<IHostEnvironment>((options, environment) => !options.IsActiveIn(environment) || !string.IsNullOrEmpty(options.Password),
                "RootAdmin:Password must be set when RootAdmin:Enabled is true.")
            .ValidateOnStart();
}

/// <summary>
/// In Development only, makes sure the root admin exists with the configured credentials (contract 17),
/// so a fresh stack can be administered at once.
/// </summary>
internal sealed class RootAdminSeeder(
    UserStore users, UserCache cache, UserStatusCache statuses, IOptions<RootAdminOptions> rootAdmin, IHostEnvironment environment, ILogger<RootAdminSeeder> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = rootAdmin.Value;
        if (!options.IsActiveIn(environment))
        {
            return;
        }
        var id = await users.UpsertAdminAsync(options.Username, options.Email, Passwords.Hash(options.Password), cancellationToken);
        await cache.InvalidateAsync(id);
        await statuses.InvalidateOrLogAsync(id);
        logger.LogInformation("Development root admin {Username} (id {Id}) is ready", options.Username, id);
    }
}
