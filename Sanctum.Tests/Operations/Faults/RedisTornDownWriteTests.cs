using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging.Abstractions;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;
using StackExchange.Redis;

namespace Sanctum.Tests.Operations.Faults;

/// <summary>
/// The Redis drill (bench/drill, `make drill`) answered a few 500s in the first second after Redis was killed: a command
/// written while StackExchange.Redis tears the dead connection down surfaces as the socket pipe's
/// <see cref="InvalidOperationException"/> ("Writing is not allowed after writer was completed"), not as a
/// <see cref="RedisException"/>, so neither the caches' fail-open nor the exception handler's 503 recognised it. It is
/// recognised by being thrown inside the Redis client; the same exception type thrown anywhere else stays a defect.
/// The race itself needs a dying socket under load (the drill reproduces it); here an
/// <see cref="InvalidOperationException"/> is raised genuinely inside the client: through the connection log it writes to.
/// </summary>
public sealed class RedisTornDownWriteTests(UnreachableRedis redis) : IClassFixture<UnreachableRedis>
{
    [Fact]
    public async Task An_invalid_operation_raised_inside_the_redis_client_is_a_redis_outage()
    {
        var exception = await RaisedInsideRedisClientAsync();

        Assert.Equal(DependencyFailures.Redis, DependencyFailures.Classify(exception));
        Assert.True(DependencyFailures.IsRedisFailure(exception));
        Assert.True(RedisCache.IsRedisFailure(exception));
    }

    [Fact]
    public void An_invalid_operation_raised_outside_the_redis_client_stays_a_defect()
    {
        var exception = Assert.Throws<InvalidOperationException>(ThrowOutsideTheClient);

        Assert.Null(DependencyFailures.Classify(exception));
        Assert.False(DependencyFailures.IsRedisFailure(exception));
    }

    [Fact]
    public async Task A_cache_read_that_hits_a_torn_down_connection_is_a_miss()
    {
        var exception = await RaisedInsideRedisClientAsync();
        var cache = new RedisCache(redis.Multiplexer, new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));

        var value = await cache.ReadOrMissAsync<string>("drill", _ =>
        {
            ExceptionDispatchInfo.Throw(exception);
            return Task.FromResult("unreachable");
        });

        Assert.Null(value);
    }

    private static void ThrowOutsideTheClient() => throw new InvalidOperationException("Writing is not allowed after writer was completed.");

    /// <summary>StackExchange.Redis logs "Connecting…" to the writer it is given before anything else: a writer that throws
    /// makes the client's own code raise the exception, with the client's frames on its stack.</summary>
    private static async Task<InvalidOperationException> RaisedInsideRedisClientAsync() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=100", new ThrowingWriter()));

    private sealed class ThrowingWriter : StringWriter
    {
        public override void Write(string? value) => throw new InvalidOperationException("Writing is not allowed after writer was completed.");

        public override void WriteLine(string? value) => Write(value);
    }
}
