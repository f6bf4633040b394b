using System.Globalization;

namespace ChatFanout;

/// <summary>Command line: <c>--name value</c> pairs. Defaults are those of bench/run.sh.</summary>
public sealed record Options(
    string[] Api,
    string RoomsFile,
    double RatePerMember,
    int DurationSeconds,
    int WarmupSeconds,
    string Password,
    int Parallel,
    int MaxInFlight,
    int DrainSeconds)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new Options(
            Api: Get("api", "http://127.0.0.1:5001,http://127.0.0.1:5002").Split(',', StringSplitOptions.RemoveEmptyEntries),
            RoomsFile: values.TryGetValue("rooms-file", out var file) ? file : throw new ArgumentException("--rooms-file is required"),
            RatePerMember: double.Parse(Get("rate", "0.1"), CultureInfo.InvariantCulture),
            DurationSeconds: Int("duration", 10),
            WarmupSeconds: Int("warmup", 3),
            Password: Get("password", "BenchPassword123!"),
            Parallel: Int("parallel", 8),
            MaxInFlight: Int("max-in-flight", 64),
            DrainSeconds: Int("drain", 10));
    }
}

/// <summary>One room of the rooms file: <c>&lt;conversation id&gt; &lt;member numbers, comma separated&gt;</c>
/// (member n is the seeded user <c>bench_n</c>).</summary>
public sealed record Room(int Index, long Id, int[] Users)
{
    public static List<Room> Load(string path) =>
        File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select((line, index) =>
            {
                var parts = line.Trim().Split(' ', 2);
                return new Room(index, long.Parse(parts[0], CultureInfo.InvariantCulture),
                    parts[1].Split(',').Select(user => int.Parse(user, CultureInfo.InvariantCulture)).ToArray());
            })
            .ToList();
}
