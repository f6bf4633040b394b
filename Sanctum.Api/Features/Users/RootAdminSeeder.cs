using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Users;

/// <summary>Development root admin settings (<c>RootAdmin:*</c>).</summary>
public sealed class RootAdminOptions
{
    public bool Enabled { get; init; }
    public string Username { get; init; } = "sanctum_root";
    public string Email { get; init; } = "root@sanctum.local";
    public string Password { get; init; } = "";
}

/// <summary>
/// In Development only, makes sure the root admin exists with the configured credentials (contract 17),
/// so a fresh stack can be administered at once. Registered only when the environment is Development.
/// </summary>
internal sealed class RootAdminSeeder(UserStore users, UserCache cache, RootAdminOptions options, ILogger<RootAdminSeeder> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }
        if (string.IsNullOrEmpty(options.Password))
        {
            throw new InvalidOperationException("RootAdmin:Password must be set when RootAdmin:Enabled is true.");
        }
        var id = await users.UpsertAdminAsync(options.Username, options.Email, BCrypt.Net.BCrypt.HashPassword(options.Password, 10), cancellationToken);
        await cache.InvalidateAsync(id);
        logger.LogInformation("Development root admin {Username} (id {Id}) is ready", options.Username, id);
    }
}
