using System.Diagnostics;

namespace WsFanout;

/// <summary>Latency percentiles (nearest rank) of a sample, in milliseconds.</summary>
public sealed record Percentiles(int Samples, double P50, double P90, double P99, double Max, double Min)
{
    public static Percentiles Of(List<double> values)
    {
        if (values.Count == 0)
            return new Percentiles(0, 0, 0, 0, 0, 0);
        values.Sort();
        double At(double p) => Math.Round(values[Math.Max(0, (int)Math.Ceiling(p / 100 * values.Count) - 1)], 2);
        return new Percentiles(values.Count, At(50), At(90), At(99), Math.Round(values[^1], 2), Math.Round(values[0], 2));
    }
}

/// <summary>What the sockets received for one writer run.</summary>
public sealed record Delivery(
    Percentiles Delay, Percentiles DelayFromRequest, int Posts, int Expected, int Lost, int Duplicated, int BeforeResponse,
    double LagFirstThirdMs, double LagLastThirdMs);

/// <summary>Matches every socket's receipts with the writer's posts. The delay of a receipt is measured from the
/// moment the writer had read the 201 response of that post; it is negative when the event beat the response (the
/// API publishes before it answers). The delay from the request's start bounds it from above (it includes the
/// whole REST call).</summary>
public static class Analysis
{
    public static Delivery[] Deliveries(IReadOnlyList<Writer.Run> runs, IReadOnlyList<NotificationSocket> sockets, out int foreign)
    {
        var posts = new Dictionary<long, (int Run, Write Write)>();
        for (var r = 0; r < runs.Count; r++)
            foreach (var write in runs[r].Writes.Where(w => w.Created))
                posts[write.PostId] = (r, write);
        var delays = runs.Select(_ => new List<double>()).ToArray();
        var fromRequest = runs.Select(_ => new List<double>()).ToArray();
        var duplicated = new int[runs.Count];
        var beforeResponse = new int[runs.Count];
        var postSum = runs.Select(run => new double[run.Writes.Count]).ToArray();
        var postCount = runs.Select(run => new int[run.Writes.Count]).ToArray();
        var seen = new HashSet<long>();
        foreign = 0;
        foreach (var socket in sockets)
        {
            seen.Clear();
            foreach (var (postId, timestamp) in socket.Received)
            {
                if (!posts.TryGetValue(postId, out var post))
                {
                    foreign++;
                    continue;
                }
                if (!seen.Add(postId))
                {
                    duplicated[post.Run]++;
                    continue;
                }
                var delay = (timestamp - post.Write.DoneAt) * 1000.0 / Stopwatch.Frequency;
                delays[post.Run].Add(delay);
                fromRequest[post.Run].Add((timestamp - post.Write.SentAt) * 1000.0 / Stopwatch.Frequency);
                if (delay < 0)
                    beforeResponse[post.Run]++;
                postSum[post.Run][post.Write.Sequence] += delay;
                postCount[post.Run][post.Write.Sequence]++;
            }
        }
        return runs.Select((run, r) =>
        {
            var created = run.Writes.Count(w => w.Created);
            var expected = created * sockets.Count;
            var (first, last) = Thirds(run, postSum[r], postCount[r]);
            return new Delivery(Percentiles.Of(delays[r]), Percentiles.Of(fromRequest[r]), created, expected, expected - delays[r].Count, duplicated[r],
                beforeResponse[r], first, last);
        }).ToArray();
    }

    /// <summary>Mean over the posts of the run's first and last third (in send order) of each post's mean delay.</summary>
    private static (double First, double Last) Thirds(Writer.Run run, double[] sum, int[] count)
    {
        var means = run.Writes.Where(w => w.Created && count[w.Sequence] > 0)
            .OrderBy(w => w.Sequence).Select(w => sum[w.Sequence] / count[w.Sequence]).ToArray();
        if (means.Length < 3)
            return (0, 0);
        var third = means.Length / 3;
        return (Math.Round(means.Take(third).Average(), 2), Math.Round(means.TakeLast(third).Average(), 2));
    }

    public static Percentiles Rest(Writer.Run run) => Percentiles.Of(run.Writes.Select(w => w.LatencyMs).ToList());

    public static int RestErrors(Writer.Run run) => run.Writes.Count(w => !w.Created);
}

/// <summary>Resident memory of a process, from <c>/proc/&lt;pid&gt;/status</c> (VmRSS).</summary>
public static class Memory
{
    public static long? RssKib(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
            return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
