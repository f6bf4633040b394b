using Microsoft.Extensions.Logging.Abstractions;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using StackExchange.Redis;

namespace Sanctum.Tests.TestSupport;

/// <summary>A multiplexer configured like the API's (<see cref="RedisClientSetup"/>) but pointed at a closed loopback port.</summary>
public sealed class UnreachableRedis : IAsyncLifetime
{
    public ConnectionMultiplexer Multiplexer { get; private set; } = null!;

    public RedisCache Cache => new(Multiplexer, new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));

    public async Task InitializeAsync()
    {
        // Nothing listens on port 1, so every connection attempt is refused at once.
        const string connectionString = "127.0.0.1:1";
        var options = ConfigurationOptions.Parse(connectionString);
        RedisClientSetup.Configure(options, new RedisClientSettings { TimeoutMs = 200, ConnectTimeoutMs = 200 }, connectionString);
        Multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync() => await Multiplexer.DisposeAsync();
}
