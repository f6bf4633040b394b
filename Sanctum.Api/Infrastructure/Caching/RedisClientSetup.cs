using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Caching;

/// <summary>Redis client timeouts (<c>Redis:*</c>), read once at startup.</summary>
public sealed class RedisClientSettings
{
    /// <summary>Sync and async command timeout: what a connected Redis that stops answering costs one call (a
    /// disconnected one costs nothing, see <see cref="BacklogPolicy.FailFast"/>). A healthy Redis answers in well
    /// under a millisecond, but its reply can wait for a CPU: 250 ms turned some of 20 concurrent signups (bcrypt
    /// on two busy cores) into 503s. A host that is often CPU-bound needs more (the tests use 5000).</summary>
    public int TimeoutMs { get; init; } = 500;

    /// <summary>Timeout of one connection attempt (startup and every reconnect).</summary>
    public int ConnectTimeoutMs { get; init; } = 1000;
}

public static class RedisClientSetup
{
    /// <summary>
    /// Applies the failure policy's client side to the options parsed from <c>ConnectionStrings:cache</c>:
    /// the app starts and keeps serving without Redis (<c>abortConnect=false</c>, always); while disconnected a
    /// command fails at once instead of queueing for its timeout (<see cref="BacklogPolicy.FailFast"/>); a lost
    /// connection is retried within two seconds, so the caches come back soon after Redis does. Timeouts come from
    /// <see cref="RedisClientSettings"/> unless the connection string sets them (<c>syncTimeout</c>,
    /// <c>asyncTimeout</c>, <c>connectTimeout</c>), which then win.
    /// </summary>
    public static void Configure(ConfigurationOptions options, RedisClientSettings settings, string? connectionString)
    {
        if (settings.TimeoutMs <= 0 || settings.ConnectTimeoutMs <= 0)
        {
            throw new InvalidOperationException("Redis:TimeoutMs and Redis:ConnectTimeoutMs must be positive.");
        }
        var written = WrittenKeys(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        if (!written.Contains("syncTimeout"))
        {
            options.SyncTimeout = settings.TimeoutMs;
        }
        if (!written.Contains("asyncTimeout"))
        {
            options.AsyncTimeout = settings.TimeoutMs;
        }
        if (!written.Contains("connectTimeout"))
        {
            options.ConnectTimeout = settings.ConnectTimeoutMs;
        }
    }

    /// <summary>The option names a StackExchange.Redis connection string sets (<c>host:port,name=value,...</c>).</summary>
    private static HashSet<string> WrittenKeys(string? connectionString) =>
        (connectionString ?? "").Split(',')
            .Where(part => part.Contains('='))
            .Select(part => part[..part.IndexOf('=')].Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
