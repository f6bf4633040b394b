using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sanctum.AppHost;
using Sanctum.AppHost.Infrastructure;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure;

/// <summary>The app model the tests run (local mode): the same resource names as container mode, a local Redis
/// that cannot grow without bound, and as many API replicas as <c>Api:Replicas</c> asks for.</summary>
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

    [Fact]
    public async Task Local_postgres_has_room_for_every_replicas_full_pool()
    {
        var max = await app.ScalarAsync<string>("SHOW max_connections");

        Assert.Equal(LocalInfrastructure.PoolPerReplica * SanctumAppFixture.Replicas + LocalInfrastructure.SpareConnections, int.Parse(max));
    }

    [Fact]
    public void The_test_run_has_the_api_replicas_it_asked_for()
    {
        var model = app.App.Services.GetRequiredService<DistributedApplicationModel>();
        var api = model.Resources.Single(resource => resource.Name == ResourceNames.Api);

        Assert.Equal(SanctumAppFixture.Replicas, api.Annotations.OfType<ReplicaAnnotation>().Last().Replicas);
    }

    [Fact]
    public async Task Without_the_setting_the_api_runs_once()
    {
        await using var builder = await CreateModelAsync();

        var api = builder.Resources.Single(resource => resource.Name == ResourceNames.Api);

        Assert.Equal(1, api.Annotations.OfType<ReplicaAnnotation>().Last().Replicas);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public async Task A_bad_replica_count_stops_the_app_host(string replicas)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateModelAsync($"--{ApiReplicas.Key}={replicas}"));

        Assert.Contains(ApiReplicas.Key, error.GetBaseException().Message);
    }

    /// <summary>Runs the AppHost only as far as its app model; nothing is started.</summary>
    private static async Task<IDistributedApplicationTestingBuilder> CreateModelAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(SanctumAppFixture.StartTimeout);
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.Sanctum_AppHost>(
            ["--Infra:Mode=local", "--Infra:Ephemeral=true", .. args], timeout.Token);
    }
}
