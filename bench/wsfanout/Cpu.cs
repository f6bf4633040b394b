using System.Diagnostics;
using System.Text.Json.Nodes;

namespace WsFanout;

/// <summary>CPU time of the API processes and of this tool at one moment (all share the machine's cores).</summary>
public sealed record CpuSample(long Timestamp, TimeSpan Tool, TimeSpan?[] Api)
{
    public static CpuSample Take(int[] apiPids)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(Stopwatch.GetTimestamp(), self.TotalProcessorTime, apiPids.Select(Read).ToArray());
    }

    private static TimeSpan? Read(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The process is gone (or not ours to read): no figure rather than a wrong one.
            return null;
        }
    }

    /// <summary>Cores used between two samples: CPU seconds over wall seconds, per API replica and for the tool.</summary>
    public static JsonObject Between(CpuSample start, CpuSample end)
    {
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        double? Cores(TimeSpan? a, TimeSpan? b) => a is { } x && b is { } y && wall > 0 ? Math.Round((y - x).TotalSeconds / wall, 2) : null;
        return new JsonObject
        {
            ["api_cores"] = new JsonArray(start.Api.Zip(end.Api, Cores).Select(c => (JsonNode?)c).ToArray()),
            ["tool_cores"] = Cores(start.Tool, end.Tool),
        };
    }
}
