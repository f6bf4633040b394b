using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Bench;

/// <summary>The benchmark's <c>GET /bench/plain</c> exists only with <c>Bench:PlainEndpoint=true</c> (bench/run.sh sets it;
/// the benchmark itself checks it answers 200). Without the switch the route is not there.</summary>
[Collection(AppCollection.Name)]
public sealed class BenchEndpointTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Plain_benchmark_endpoint_is_absent_without_the_switch()
    {
        var response = await app.CreateClient().GetAsync("/bench/plain");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
