using Sanctum.Api.Infrastructure.Errors;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Caching;

/// <summary>
/// Redis access for every cache, with the failure policy named at each call:
/// <list type="bullet">
/// <item><see cref="ReadOrMissAsync{T}"/>: a failed read is a miss, so the caller reads PostgreSQL.</item>
/// <item><see cref="FillOrSkipAsync"/>: a failed fill is logged and skipped; the response is already in hand.</item>
/// <item><see cref="InvalidateOrLogAsync"/>: a failed invalidation after a committed write is logged and the write
/// still answers its 2xx; the entry stays stale for at most its TTL.</item>
/// </list>
/// Failures are logged once per burst (<see cref="DependencyFailureLog"/>), not once per request. Strict Redis state
/// (tokens, tickets) does not come here: it uses the multiplexer directly and lets the exception reach
/// <see cref="UnhandledExceptionHandler"/>, which answers 503.
/// </summary>
public sealed class RedisCache(IConnectionMultiplexer redis, DependencyFailureLog failures)
{
    /// <summary>Runs <paramref name="read"/>; on a Redis failure answers <c>default</c> (null, <see cref="RedisValue.Null"/>),
    /// which the caller treats as a miss.</summary>
    public async Task<T?> ReadOrMissAsync<T>(string what, Func<IDatabase, Task<T>> read)
    {
        try
        {
            return await read(redis.GetDatabase());
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "cache read treated as a miss", what, ex);
            return default;
        }
    }

    /// <summary>Runs <paramref name="write"/>, storing a value just read from PostgreSQL; a Redis failure is logged and skipped.</summary>
    public Task FillOrSkipAsync(string what, Func<IDatabase, Task> write) => TryWriteAsync("cache fill skipped", what, write);

    /// <summary>Stores <paramref name="value"/> only while <paramref name="versionKey"/> still holds
    /// <paramref name="version"/> (a missing key is version 0): a value read before a write that moved the version is
    /// never stored after it. A Redis failure is logged and skipped, as in <see cref="FillOrSkipAsync"/>.</summary>
    public Task FillIfVersionAsync(string what, RedisKey versionKey, long version, RedisKey key, string value, TimeSpan ttl) =>
        FillOrSkipAsync(what, db => db.ScriptEvaluateAsync(SetIfVersionScript, [versionKey, key], [version, value, (long)ttl.TotalMilliseconds]));

    private const string SetIfVersionScript = """
        if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
        end
        return 0
        """;

    /// <summary>Runs <paramref name="invalidate"/> after a committed write; a Redis failure is logged and the caller continues.</summary>
    public Task InvalidateOrLogAsync(string what, Func<IDatabase, Task> invalidate) =>
        TryWriteAsync("cache invalidation skipped; stale until the TTL", what, invalidate);

    /// <summary>Failures of the connection or the server (<see cref="DependencyFailures.IsRedisFailure"/>); a command the
    /// client refuses to build (<see cref="RedisCommandException"/>, not a <see cref="RedisException"/>) is a defect and
    /// propagates.</summary>
    public static bool IsRedisFailure(Exception exception) => DependencyFailures.IsRedisFailure(exception);

    private async Task TryWriteAsync(string action, string what, Func<IDatabase, Task> write)
    {
        try
        {
            await write(redis.GetDatabase());
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, action, what, ex);
        }
    }
}
