using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.RateLimiting;

public enum RateLimitOutcome
{
    Allowed,
    Limited,
    Unavailable,
}

public sealed record RateLimitDecision(RateLimitOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>
/// Fixed-window counters in Redis, so every API replica shares them: key <c>rl:&lt;policy&gt;:&lt;ip|user&gt;:&lt;id&gt;</c>,
/// INCR plus PEXPIRE on the first hit in one script, expiring one window after that hit.
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis, IConfiguration configuration, ILogger<RedisRateLimiter> logger)
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    public bool Enabled => configuration.GetValue("RateLimits:Enabled", true);

    public async Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string subject)
    {
        var (limit, window) = Effective(policy);
        var key = $"rl:{policy.Name}:{(policy.KeyBy == RateLimitKey.Ip ? "ip" : "user")}:{subject}";
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [(long)window.TotalMilliseconds]))!;
            var count = (long)result[0];
            return count <= limit
                ? new RateLimitDecision(RateLimitOutcome.Allowed)
                : new RateLimitDecision(RateLimitOutcome.Limited, TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "Rate limiter for {Policy} could not reach Redis; failing {Mode}", policy.Name, policy.FailOpen ? "open" : "closed");
            return new RateLimitDecision(policy.FailOpen ? RateLimitOutcome.Allowed : RateLimitOutcome.Unavailable);
        }
    }

    private (int Limit, TimeSpan Window) Effective(RateLimitPolicy policy)
    {
        var section = configuration.GetSection($"RateLimits:Policies:{policy.Name}");
        var limit = section.GetValue("Limit", policy.Limit);
        var window = section.GetValue<double?>("WindowSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : policy.Window;
        return (limit, window);
    }
}
