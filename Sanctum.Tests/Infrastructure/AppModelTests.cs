using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Sanctum.AppHost;
using Sanctum.AppHost.Infrastructure;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure;

/// <summary>The app model the tests run (local mode): the same resource names as container mode, and a local Redis
/// that cannot grow without bound.</summary>
[Collection(AppCollection.Name)]
public sealed class AppModelTests(SanctumAppFixture app)
{
    [Fact]
    public void Resources_have_the_names_both_modes_share()
    {
        var model = app.App.Services.GetRequiredService<DistributedApplicationModel>();
        var names = model.Resources.Select(resource => resource.Name).ToList();

        Assert.Contains(ResourceNames.DatabaseServer, names);
        Assert.Contains(ResourceNames.Database, names);
        Assert.Contains(ResourceNames.Cache, names);
        Assert.Contains(ResourceNames.Api, names);
    }

    [Fact]
    public async Task Local_redis_has_a_memory_ceiling_and_evicts_the_shortest_lived_keys_first()
    {
        var server = app.Redis.GetServer(app.Redis.GetEndPoints()[0]);

        var settings = (await server.ConfigGetAsync("maxmemory*")).ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("268435456", settings["maxmemory"]);
        Assert.Equal("volatile-ttl", settings["maxmemory-policy"]);
        Assert.Equal("256mb", LocalInfrastructure.DefaultRedisMaxMemory);
    }
}
