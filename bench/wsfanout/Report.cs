using System.Text.Json.Nodes;

namespace WsFanout;

/// <summary>The one JSON object the tool prints (bench/report.py reads it; field meanings in bench/README.md).</summary>
public static class Report
{
    public static JsonObject Build(Options options, Baseline[] baselines, List<SocketPhase> phases, Delivery[] deliveries,
        SocketCounts sockets, long?[] rssBefore, long?[] rssAfter, double? rampStopped)
    {
        var steadyIndex = phases.FindIndex(p => p.Kind == PhaseKind.Steady);
        var steady = phases[steadyIndex];
        var delivery = deliveries[steadyIndex];
        var without = Percentiles.Of(baselines.SelectMany(b => b.Run.Writes.Select(w => w.LatencyMs)).ToList());
        var with = Analysis.Rest(steady.Run);
        var perReplica = Enumerable.Range(0, options.Api.Length).Select(r => sockets.Open.Count(s => s.Replica == r)).ToArray();
        var ramp = phases.Select((phase, i) => (Phase: phase, Delivery: deliveries[i])).Where(x => x.Phase.Kind == PhaseKind.Ramp).ToArray();
        return new JsonObject
        {
            ["name"] = "ws_fanout",
            ["replicas"] = options.Api.Length,
            ["sockets_requested"] = options.Sockets,
            ["sockets"] = sockets.Open.Count,
            ["sockets_failed"] = sockets.Failed,
            ["sockets_without_snapshot"] = sockets.NoSnapshot,
            ["sockets_per_replica"] = new JsonArray(perReplica.Select(n => (JsonNode)n).ToArray()),
            ["socket_users"] = (options.Sockets + options.SocketsPerUser - 1) / options.SocketsPerUser,
            // Up to the end of the steady run with sockets (the ramp's own are under ramp.steps).
            ["sockets_ended_early"] = steady.EndedSoFar,
            ["messages_dropped"] = steady.DroppedSoFar,
            ["rate"] = options.Rate,
            ["duration_s"] = options.Duration,
            ["rps"] = steady.Run.AchievedRate,
            ["posts"] = delivery.Posts,
            ["delivery"] = Figures(delivery.Delay),
            ["delivery_from_request"] = Figures(delivery.DelayFromRequest),
            ["deliveries_before_response"] = delivery.BeforeResponse,
            ["lost"] = delivery.Lost,
            ["duplicated"] = delivery.Duplicated,
            ["foreign_events"] = sockets.Foreign,
            ["rest_without_sockets"] = new JsonObject
            {
                // Both baseline runs (before the sockets opened and after they closed) pooled.
                ["rps"] = baselines[0].Run.AchievedRate, ["requests"] = without.Samples,
                ["errors"] = baselines.Sum(b => Analysis.RestErrors(b.Run)),
                ["p50_ms"] = without.P50, ["p90_ms"] = without.P90, ["p99_ms"] = without.P99, ["max_ms"] = without.Max,
                ["before_p99_ms"] = Analysis.Rest(baselines[0].Run).P99, ["after_p99_ms"] = Analysis.Rest(baselines[^1].Run).P99,
                ["cpu"] = baselines[0].Cpu.DeepClone(),
            },
            ["rest_with_sockets"] = Rest(steady),
            ["rest_p99_ratio"] = without.P99 > 0 ? Math.Round(with.P99 / without.P99, 2) : null,
            ["memory"] = MemoryFigures(rssBefore, rssAfter, perReplica),
            ["ramp"] = new JsonObject
            {
                ["step_s"] = options.RampStep,
                ["rates"] = new JsonArray(options.Ramp.Select(r => (JsonNode)r).ToArray()),
                ["steps"] = new JsonArray(ramp.Select(x => (JsonNode)Step(x.Phase, x.Delivery)).ToArray()),
                ["stopped_at"] = rampStopped,
            },
        };
    }

    /// <summary>One ramp step's figures; bench/report_ws.py judges them (lag growth, goal).</summary>
    private static JsonObject Step(SocketPhase phase, Delivery d) => new()
    {
        ["rate"] = phase.Run.TargetRate,
        ["rps"] = phase.Run.AchievedRate,
        // The writer did not reach the rate: the REST path, not the delivery, set the pace of this step.
        ["writer_behind"] = phase.Run.AchievedRate < 0.9 * phase.Run.TargetRate,
        ["rest_p99_ms"] = Analysis.Rest(phase.Run).P99,
        ["rest_errors"] = Analysis.RestErrors(phase.Run),
        ["delivery"] = Figures(d.Delay),
        ["delivery_from_request_p99_ms"] = d.DelayFromRequest.P99,
        ["lost"] = d.Lost,
        ["duplicated"] = d.Duplicated,
        ["lag_first_third_ms"] = d.LagFirstThirdMs,
        ["lag_last_third_ms"] = d.LagLastThirdMs,
        ["sockets_ended_so_far"] = phase.EndedSoFar,
        ["messages_dropped_so_far"] = phase.DroppedSoFar,
        ["cpu"] = phase.Cpu.DeepClone(),
    };

    private static JsonObject Figures(Percentiles p) => new()
    {
        ["samples"] = p.Samples, ["p50_ms"] = p.P50, ["p90_ms"] = p.P90, ["p99_ms"] = p.P99, ["max_ms"] = p.Max, ["min_ms"] = p.Min,
    };

    private static JsonObject Rest(SocketPhase phase)
    {
        var p = Analysis.Rest(phase.Run);
        return new JsonObject
        {
            ["rps"] = phase.Run.AchievedRate, ["requests"] = phase.Run.Writes.Count, ["errors"] = Analysis.RestErrors(phase.Run),
            ["p50_ms"] = p.P50, ["p90_ms"] = p.P90, ["p99_ms"] = p.P99, ["max_ms"] = p.Max, ["cpu"] = phase.Cpu.DeepClone(),
        };
    }

    /// <summary>API resident memory before and after the sockets opened, and the growth per socket (KiB).</summary>
    private static JsonObject? MemoryFigures(long?[] before, long?[] after, int[] perReplica)
    {
        if (before.Length == 0 || before.Length != after.Length || before.Any(b => b is null) || after.Any(a => a is null))
            return null;
        var growth = before.Zip(after, (b, a) => a!.Value - b!.Value).ToArray();
        var perSocket = growth.Select((g, r) => r < perReplica.Length && perReplica[r] > 0 ? (JsonNode)Math.Round((double)g / perReplica[r], 1) : null);
        var total = perReplica.Take(growth.Length).Sum();
        return new JsonObject
        {
            ["rss_before_mib"] = new JsonArray(before.Select(b => (JsonNode)Math.Round(b!.Value / 1024.0, 1)).ToArray()),
            ["rss_after_mib"] = new JsonArray(after.Select(a => (JsonNode)Math.Round(a!.Value / 1024.0, 1)).ToArray()),
            ["kib_per_socket_per_replica"] = new JsonArray(perSocket.ToArray()),
            ["kib_per_socket"] = total > 0 ? Math.Round((double)growth.Sum() / total, 1) : null,
        };
    }
}
