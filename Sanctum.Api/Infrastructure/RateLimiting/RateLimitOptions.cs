using Microsoft.Extensions.Options;

namespace Sanctum.Api.Infrastructure.RateLimiting;

/// <summary>
/// Section <c>RateLimits</c>, bound once at startup and validated before the host starts. <c>Enabled</c> switches
/// every limit, the global one included; missing, it is true (project decision 5). <c>Policies:&lt;name&gt;</c>
/// overrides one policy of <see cref="RateLimitPolicies"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Only an explicit <c>false</c> turns the limits off: missing or empty (an unset environment variable)
    /// is on. Nullable so that an empty value binds as "not set" instead of failing the start.</summary>
    public bool? Enabled { get; set; }

    public bool IsEnabled => Enabled != false;

    public GlobalLimitOptions Global { get; set; } = new();

    public Dictionary<string, PolicyLimitOptions> Policies { get; set; } = [];

    /// <summary>The policy's limit and window after its configured override, if any.</summary>
    public (int Limit, TimeSpan Window) Resolve(RateLimitPolicy policy)
    {
        var configured = Policies.FirstOrDefault(pair => string.Equals(pair.Key, policy.Name, StringComparison.OrdinalIgnoreCase)).Value;
        return (configured?.Limit ?? policy.Limit,
            configured?.WindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : policy.Window);
    }
}

/// <summary>The in-process per-client limit of contract 0.2: 100 requests per minute.</summary>
public sealed class GlobalLimitOptions
{
    public int Limit { get; set; } = 100;

    public double WindowSeconds { get; set; } = 60;
}

public sealed class PolicyLimitOptions
{
    public int? Limit { get; set; }

    public double? WindowSeconds { get; set; }
}

/// <summary>Refuses to start on a limit that cannot work, or on an override naming no policy (a typo would
/// otherwise silently leave the contract's limit in place).</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.Global.Limit <= 0)
        {
            failures.Add("RateLimits:Global:Limit must be positive.");
        }
        if (options.Global.WindowSeconds is <= 0 or double.NaN)
        {
            failures.Add("RateLimits:Global:WindowSeconds must be positive.");
        }
        foreach (var (policy, limits) in options.Policies)
        {
            if (!RateLimitPolicies.All.Any(known => string.Equals(known.Name, policy, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"RateLimits:Policies:{policy} is not a rate-limit policy.");
            }
            if (limits.Limit is <= 0)
            {
                failures.Add($"RateLimits:Policies:{policy}:Limit must be positive.");
            }
            if (limits.WindowSeconds is <= 0 or double.NaN)
            {
                failures.Add($"RateLimits:Policies:{policy}:WindowSeconds must be positive.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
