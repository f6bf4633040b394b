using Microsoft.Extensions.Logging.Abstractions;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Operations.Faults;

/// <summary>
/// The Redis drill (bench/drill, `make drill`) with the load of two replicas: when Redis died, StackExchange.Redis
/// cancelled the commands pending on the failed connection, and the <see cref="TaskCanceledException"/> (no token, no
/// cause) was neither a cache miss nor a 503: feed reads answered 500, and the presence reaper's escaped exception
/// stopped the host, so both replicas exited. A cancellation nobody asked for is now a dependency failure; one that a
/// cancelled token caused (the client went away, the host is stopping) is not.
/// </summary>
public sealed class RedisCancelledCommandTests(UnreachableRedis redis) : IClassFixture<UnreachableRedis>
{
    [Fact]
    public async Task A_command_cancelled_without_a_token_is_a_redis_failure_and_a_503()
    {
        var exception = await CancelledByTheClientLibraryAsync();

        Assert.True(DependencyFailures.IsRedisFailure(exception));
        Assert.True(RedisCache.IsRedisFailure(exception));
        Assert.Equal("A dependency (cancelled)", DependencyFailures.Classify(exception));
    }

    [Fact]
    public async Task A_cancellation_caused_by_a_cancelled_token_is_not_a_dependency_failure()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(1000, stopping.Token));

        Assert.False(DependencyFailures.IsRedisFailure(exception));
        Assert.Null(DependencyFailures.Classify(exception));
    }

    [Fact]
    public async Task A_cancellation_with_a_cause_is_not_taken_for_one()
    {
        var exception = new TaskCanceledException("HTTP timeout", new TimeoutException());

        Assert.False(DependencyFailures.IsRedisFailure(exception));
        Assert.Null(DependencyFailures.Classify(exception));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_cache_read_whose_command_was_cancelled_is_a_miss()
    {
        var cache = new RedisCache(redis.Multiplexer, new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));

        var value = await cache.ReadOrMissAsync<string>("drill", _ => CancelledCommand<string>());

        Assert.Null(value);
    }

    [Fact]
    public async Task A_cache_fill_whose_command_was_cancelled_is_skipped()
    {
        var cache = new RedisCache(redis.Multiplexer, new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));

        await cache.FillOrSkipAsync("drill", _ => CancelledCommand<bool>());
        await cache.InvalidateOrLogAsync("drill", _ => CancelledCommand<bool>());
    }

    /// <summary>What StackExchange.Redis hands back for a command it cancels: a task cancelled through its completion
    /// source, without a token.</summary>
    private static Task<T> CancelledCommand<T>()
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        completion.TrySetCanceled();
        return completion.Task;
    }

    private static Task<TaskCanceledException> CancelledByTheClientLibraryAsync() =>
        Assert.ThrowsAsync<TaskCanceledException>(CancelledCommand<string>);
}
