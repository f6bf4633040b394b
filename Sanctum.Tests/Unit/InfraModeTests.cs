using Microsoft.Extensions.Configuration;
using Sanctum.AppHost.Infrastructure;

namespace Sanctum.Tests.Unit;

public sealed class InfraModeTests
{
    private static IConfiguration Settings(string? mode) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Infra:Mode"] = mode }).Build();

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    [InlineData("auto")]
    public void Publishing_always_describes_containers(string mode) =>
        Assert.Equal(InfraMode.Containers, InfraModeResolver.Resolve(Settings(mode), publishing: true));

    [Theory]
    [InlineData("local", InfraMode.Local)]
    [InlineData("LOCAL", InfraMode.Local)]
    [InlineData("containers", InfraMode.Containers)]
    public void A_run_takes_the_configured_mode(string mode, InfraMode expected) =>
        Assert.Equal(expected, InfraModeResolver.Resolve(Settings(mode), publishing: false));

    [Fact]
    public void An_unknown_mode_stops_the_app_host() =>
        Assert.Throws<InvalidOperationException>(() => InfraModeResolver.Resolve(Settings("kubernetes"), publishing: false));
}
