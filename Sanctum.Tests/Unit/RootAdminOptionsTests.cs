using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sanctum.Api.Features.Users;

namespace Sanctum.Tests.Unit;

public sealed class RootAdminOptionsTests
{
    [Fact]
    public void An_enabled_development_root_admin_without_a_password_stops_the_app()
    {
        using var services = Services("Development", enabled: true, password: null);

        var error = Assert.Throws<OptionsValidationException>(services.ValidateOnStart);

        Assert.Contains("RootAdmin:Password", error.Message);
    }

    [Theory]
    [InlineData("Development", true, "Root-Pass-123!")]
    [InlineData("Development", false, null)]
    [InlineData("Production", true, null)]
    public void Other_settings_start_and_the_root_admin_exists_only_when_enabled_in_development(string environment, bool enabled, string? password)
    {
        using var services = Services(environment, enabled, password);

        services.ValidateOnStart();

        var options = services.GetRequiredService<IOptions<RootAdminOptions>>().Value;
        var host = services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>();
        Assert.Equal(enabled && environment == "Development", options.IsActiveIn(host));
    }

    private static ServiceProvider Services(string environment, bool enabled, string? password) =>
        OptionsTestHost.Build(environment,
            new() { ["RootAdmin:Enabled"] = enabled ? "true" : "false", ["RootAdmin:Password"] = password },
            services => services.AddRootAdminOptions());
}
