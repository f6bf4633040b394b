using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Errors;
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
/// Fixed-window counters in Redis, so every API replica shares them: key <c>rl:&lt;policy&gt;:&lt;ip|user|email&gt;:&lt;id&gt;</c>,
/// INCR plus PEXPIRE on the first hit in one script, expiring one window after that hit. Limits and windows come from
/// <see cref="RateLimitOptions"/>, bound once at startup. A Redis failure is logged once per burst (<see cref="DependencyFailureLog"/>).
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, DependencyFailureLog failures)
{
    private const string AcquireScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    // Never below zero and never on a missing key: a DECR there would create a key without a TTL.
    private const string ReleaseScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count > 0 then redis.call('DECR', KEYS[1]) end
        return 0
        """;

    private readonly RateLimitOptions _options = options.Value;

    public bool Enabled => _options.IsEnabled;

    public async Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string subject)
    {
        var (limit, window) = _options.Resolve(policy);
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [Key(policy, subject)], [(long)window.TotalMilliseconds]))!;
            var count = (long)result[0];
            return count <= limit
                ? new RateLimitDecision(RateLimitOutcome.Allowed)
                : new RateLimitDecision(RateLimitOutcome.Limited, TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
        }
        catch (Exception ex) when (DependencyFailures.IsRedisFailure(ex) || ex is ObjectDisposedException)
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, policy.FailOpen ? "rate limit failing open" : "rate limit failing closed (503)", policy.Name, ex);
            return new RateLimitDecision(policy.FailOpen ? RateLimitOutcome.Allowed : RateLimitOutcome.Unavailable);
        }
    }

    /// <summary>Gives back one hit taken by <see cref="AcquireAsync"/>, for a request that turned out not to count.
    /// Best-effort: when Redis fails, the hit stays counted until its window ends.</summary>
    public async Task ReleaseAsync(RateLimitPolicy policy, string subject)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Key(policy, subject)]);
        }
        catch (Exception ex) when (DependencyFailures.IsRedisFailure(ex) || ex is ObjectDisposedException)
        {
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "rate limit hit not given back, it stays counted", policy.Name, ex);
        }
    }

    private static RedisKey Key(RateLimitPolicy policy, string subject) =>
        $"rl:{policy.Name}:{policy.KeyBy switch { RateLimitKey.Ip => "ip", RateLimitKey.User => "user", _ => "email" }}:{subject}";
}
