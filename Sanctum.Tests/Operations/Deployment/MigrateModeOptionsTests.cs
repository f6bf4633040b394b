using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Tests.Unit;

namespace Sanctum.Tests.Operations.Deployment;

/// <summary><c>Database:Migrate</c> as the manifests spell it (<c>Database__Migrate</c>): auto by default, only and skip
/// in any case, and anything else stops the start.</summary>
public sealed class MigrateModeOptionsTests
{
    [Theory]
    [InlineData(null, MigrateMode.Auto)]
    [InlineData("auto", MigrateMode.Auto)]
    [InlineData("only", MigrateMode.Only)]
    [InlineData("Skip", MigrateMode.Skip)]
    public void The_mode_binds(string? value, MigrateMode expected)
    {
        using var services = Build(value);
        services.ValidateOnStart();
        Assert.Equal(expected, services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Migrate);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("7")]
    public void An_unknown_mode_stops_the_start(string value)
    {
        using var services = Build(value);
        Assert.ThrowsAny<Exception>(services.ValidateOnStart);
    }

    private static ServiceProvider Build(string? mode) =>
        OptionsTestHost.Build("Production", new Dictionary<string, string?> { ["Database:Migrate"] = mode },
            services => services.AddDatabaseOptions());
}
