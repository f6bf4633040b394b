using System.Globalization;

namespace WsFanout;

/// <summary>Command line of the tool: <c>--name value</c> pairs, every one optional except <c>--api</c>.</summary>
public sealed record Options
{
    /// <summary>Base URLs of the API replicas; socket <c>k</c> goes to replica <c>k % count</c>.</summary>
    public required string[] Api { get; init; }
    /// <summary>Process ids of the replicas (same order as <see cref="Api"/>), for RSS from /proc; empty: no memory figures.</summary>
    public int[] ApiPids { get; init; } = [];
    public int Sockets { get; init; } = 1000;
    /// <summary>Sockets per seeded user, spread over the replicas (the contract caps a user at 12 per replica).</summary>
    public int SocketsPerUser { get; init; } = 10;
    /// <summary>First seeded user (<c>bench_&lt;n&gt;</c>) that holds sockets; the writer is another one.</summary>
    public int FirstSocketUser { get; init; } = 101;
    public int WriterUser { get; init; } = 1;
    public string EmailFormat { get; init; } = "bench_{0}@bench.local";
    public string Password { get; init; } = "BenchPassword123!";
    public long[] SanctumIds { get; init; } = [];
    /// <summary>Posts per second of the steady phase, measured once without and once with the sockets.</summary>
    public double Rate { get; init; } = 25;
    public double Duration { get; init; } = 10;
    public double Warmup { get; init; } = 3;
    public double[] Ramp { get; init; } = [25, 50, 100, 200, 400];
    public double RampStep { get; init; } = 5;
    /// <summary>Longest wait, after a phase, for the deliveries still on their way; what has not arrived by then is lost.</summary>
    public double Drain { get; init; } = 10;
    public int MaxInFlight { get; init; } = 64;

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--name value' pairs, got '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "api", "api-pids", "sockets", "sockets-per-user", "first-socket-user", "writer-user", "email-format", "password",
            "sanctum-ids", "rate", "duration", "warmup", "ramp", "ramp-step", "drain", "max-in-flight",
        };
        foreach (var key in values.Keys.Where(k => !known.Contains(k)))
            throw new ArgumentException($"unknown option --{key}");
        if (!values.TryGetValue("api", out var api))
            throw new ArgumentException("--api URL[,URL...] is required");
        var defaults = new Options { Api = [] };
        return new Options
        {
            Api = List(api).Select(u => u.TrimEnd('/')).ToArray(),
            ApiPids = values.TryGetValue("api-pids", out var pids) ? List(pids).Select(int.Parse).ToArray() : [],
            Sockets = Int(values, "sockets", defaults.Sockets),
            SocketsPerUser = Int(values, "sockets-per-user", defaults.SocketsPerUser),
            FirstSocketUser = Int(values, "first-socket-user", defaults.FirstSocketUser),
            WriterUser = Int(values, "writer-user", defaults.WriterUser),
            EmailFormat = values.GetValueOrDefault("email-format", defaults.EmailFormat),
            Password = values.GetValueOrDefault("password", defaults.Password),
            SanctumIds = values.TryGetValue("sanctum-ids", out var s) ? List(s).Select(long.Parse).ToArray() : [],
            Rate = Number(values, "rate", defaults.Rate),
            Duration = Number(values, "duration", defaults.Duration),
            Warmup = Number(values, "warmup", defaults.Warmup),
            Ramp = values.TryGetValue("ramp", out var ramp) ? List(ramp).Select(Parse).ToArray() : defaults.Ramp,
            RampStep = Number(values, "ramp-step", defaults.RampStep),
            Drain = Number(values, "drain", defaults.Drain),
            MaxInFlight = Int(values, "max-in-flight", defaults.MaxInFlight),
        };
    }

    private static string[] List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static int Int(Dictionary<string, string> values, string key, int fallback) =>
        values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static double Number(Dictionary<string, string> values, string key, double fallback) =>
        values.TryGetValue(key, out var v) ? Parse(v) : fallback;
}
