using Microsoft.Extensions.Configuration;
using Sanctum.AppHost.Infrastructure;

namespace Sanctum.Tests.Unit;

public sealed class ApiReplicasTests
{
    private static IConfiguration Settings(string? replicas) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ApiReplicas.Key] = replicas }).Build();

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    public void The_setting_gives_the_replica_count_and_one_by_default(string? setting, int expected) =>
        Assert.Equal(expected, ApiReplicas.Resolve(Settings(setting)));

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("two")]
    public void A_count_below_one_or_not_a_whole_number_stops_the_app_host(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ApiReplicas.Resolve(Settings(setting)));

        Assert.Contains(ApiReplicas.Key, error.Message);
    }
}
