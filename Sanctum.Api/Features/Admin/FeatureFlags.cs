using System.Globalization;
using Microsoft.Extensions.Options;

namespace Sanctum.Api.Features.Admin;

/// <summary>
/// <c>FeatureFlags:Flags</c> (env <c>FeatureFlags__Flags</c>): contract 13's <c>FEATURE_FLAGS</c> string,
/// <c>"name=value,..."</c>. Read once at start; a change takes a restart, as in the original.
/// </summary>
public sealed class FeatureFlagOptions
{
    public const string Section = "FeatureFlags";

    public string Flags { get; set; } = "";
}

/// <summary>The flags of contract 13: parsed once, evaluated per user.</summary>
public sealed class FeatureFlags(IOptions<FeatureFlagOptions> options)
{
    /// <summary>Name → value, both trimmed and lower-cased; later pairs win over earlier ones with the same name.</summary>
    public IReadOnlyDictionary<string, string> Raw { get; } = Parse(options.Value.Flags);

    public IReadOnlyDictionary<string, bool> EvaluateFor(long userId) =>
        Raw.ToDictionary(flag => flag.Key, flag => Evaluate(flag.Key, flag.Value, userId), StringComparer.Ordinal);

    /// <summary>Pairs without <c>=</c> or with an empty name are malformed and skipped.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? flags)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (flags ?? "").Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }
            var name = pair[..equals].Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                continue;
            }
            raw[name] = pair[(equals + 1)..].Trim().ToLowerInvariant();
        }
        return raw;
    }

    /// <summary>
    /// <c>on|true|1</c> true, <c>off|false|0</c> false, <c>N%</c> a deterministic bucket per user
    /// (FNV-1a-32 of <c>"name:userId"</c> mod 100 &lt; N; 0% false, ≥100% true, user 0 false), anything else false.
    /// </summary>
    public static bool Evaluate(string name, string value, long userId)
    {
        switch (value)
        {
            case "on" or "true" or "1":
                return true;
            case "off" or "false" or "0":
                return false;
        }
        if (!value.EndsWith('%') || !int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return false;
        }
        if (percent <= 0)
        {
            return false;
        }
        if (percent >= 100)
        {
            return true;
        }
        return userId != 0 && Fnv1a32($"{name}:{userId.ToString(CultureInfo.InvariantCulture)}") % 100 < (uint)percent;
    }

    /// <summary>32-bit FNV-1a over the UTF-8 bytes, as Go's <c>hash/fnv.New32a</c>.</summary>
    public static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
