using System.Globalization;

namespace Drill;

/// <summary>Command line of the drill load tool (bench/drill/README.md). Every option is <c>--name value</c>.</summary>
public sealed record Options(
    string[] Api,
    string Password,
    int Users,
    long[] SanctumIds,
    long MaxPostId,
    double Rate,
    string Out,
    string StopFile,
    int SocketReplica,
    int MaxInFlight)
{
    public static Options Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            map[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string? fallback = null) =>
            map.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required");
        return new Options(
            Get("api").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Get("password", "BenchPassword123!"),
            int.Parse(Get("users", "6"), CultureInfo.InvariantCulture),
            Get("sanctum-ids").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            long.Parse(Get("max-post-id"), CultureInfo.InvariantCulture),
            double.Parse(Get("rate", "100"), CultureInfo.InvariantCulture),
            Get("out"),
            Get("stop-file"),
            int.Parse(Get("socket-replica", "1"), CultureInfo.InvariantCulture),
            int.Parse(Get("max-in-flight", "600"), CultureInfo.InvariantCulture));
    }
}
