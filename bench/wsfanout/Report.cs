using System.Text.Json.Nodes;

namespace WsFanout;

/// <summary>The one JSON object the tool prints (bench/report.py reads it; field meanings in bench/README.md).</summary>
public static class Report
{
    public static JsonObject Build(Options options, Writer.Run without, List<Writer.Run> runs, List<(long Ended, long Dropped)> after,
        Delivery[] deliveries,
        List<NotificationSocket> sockets, int failed, int noSnapshot, int foreign, long?[] rssBefore, long?[] rssAfter, double? rampStopped)
    {
        var steady = runs[0];
        var delivery = deliveries[0];
        var restWithout = Analysis.Rest(without);
        var restWith = Analysis.Rest(steady);
        var perReplica = Enumerable.Range(0, options.Api.Length).Select(r => sockets.Count(s => s.Replica == r)).ToArray();
        var steps = new JsonArray();
        for (var i = 1; i < runs.Count; i++)
        {
            var d = deliveries[i];
            steps.Add(new JsonObject
            {
                ["rate"] = runs[i].TargetRate,
                ["rps"] = runs[i].AchievedRate,
                ["rest_p99_ms"] = Analysis.Rest(runs[i]).P99,
                ["rest_errors"] = Analysis.RestErrors(runs[i]),
                ["delivery"] = Figures(d.Delay),
                ["delivery_from_request_p99_ms"] = d.DelayFromRequest.P99,
                ["lost"] = d.Lost,
                ["duplicated"] = d.Duplicated,
                ["lag_first_third_ms"] = d.LagFirstThirdMs,
                ["lag_last_third_ms"] = d.LagLastThirdMs,
                ["lag_grows"] = d.LagGrows,
                ["within_goal"] = WithinGoal(d, options.GoalP99Ms),
                ["sockets_ended_so_far"] = after[i].Ended,
                ["messages_dropped_so_far"] = after[i].Dropped,
            });
        }
        var rampDeliveries = deliveries.Skip(1).Zip(runs.Skip(1)).ToArray();
        // The highest rate such that it and every lower step met the goal; the first rate at which delivery fell behind.
        var maxWithinGoal = rampDeliveries.TakeWhile(x => WithinGoal(x.First, options.GoalP99Ms)).Select(x => (double?)x.Second.TargetRate).LastOrDefault();
        var firstBehind = rampDeliveries.FirstOrDefault(x => x.First.LagGrows || x.First.Lost > 0).Second?.TargetRate ?? rampStopped;
        return new JsonObject
        {
            ["name"] = "ws_fanout",
            ["replicas"] = options.Api.Length,
            ["sockets_requested"] = options.Sockets,
            ["sockets"] = sockets.Count,
            ["sockets_failed"] = failed,
            ["sockets_without_snapshot"] = noSnapshot,
            ["sockets_per_replica"] = new JsonArray(perReplica.Select(n => (JsonNode)n).ToArray()),
            ["socket_users"] = (options.Sockets + options.SocketsPerUser - 1) / options.SocketsPerUser,
            // Up to the end of the steady run with sockets (the ramp's own are under ramp.steps).
            ["sockets_ended_early"] = after[0].Ended,
            ["messages_dropped"] = after[0].Dropped,
            ["rate"] = options.Rate,
            ["duration_s"] = options.Duration,
            ["rps"] = steady.AchievedRate,
            ["posts"] = delivery.Posts,
            ["delivery"] = Figures(delivery.Delay),
            ["delivery_from_request"] = Figures(delivery.DelayFromRequest),
            ["deliveries_before_response"] = delivery.BeforeResponse,
            ["lost"] = delivery.Lost,
            ["duplicated"] = delivery.Duplicated,
            ["foreign_events"] = foreign,
            ["rest_without_sockets"] = Rest(without),
            ["rest_with_sockets"] = Rest(steady),
            ["rest_p99_ratio"] = restWithout.P99 > 0 ? Math.Round(restWith.P99 / restWithout.P99, 2) : null,
            ["memory"] = MemoryFigures(rssBefore, rssAfter, perReplica),
            ["ramp"] = new JsonObject
            {
                ["step_s"] = options.RampStep,
                ["rates"] = new JsonArray(options.Ramp.Select(r => (JsonNode)r).ToArray()),
                ["steps"] = steps,
                ["stopped_at"] = rampStopped,
                ["max_rate_within_goal"] = maxWithinGoal,
                ["first_rate_falling_behind"] = firstBehind,
            },
            ["goal_p99_ms"] = options.GoalP99Ms,
        };
    }

    private static bool WithinGoal(Delivery d, double goalMs) =>
        d.Delay.Samples > 0 && d.Delay.P99 < goalMs && d.Lost == 0 && d.Duplicated == 0;

    private static JsonObject Figures(Percentiles p) => new()
    {
        ["samples"] = p.Samples, ["p50_ms"] = p.P50, ["p90_ms"] = p.P90, ["p99_ms"] = p.P99, ["max_ms"] = p.Max, ["min_ms"] = p.Min,
    };

    private static JsonObject Rest(Writer.Run run)
    {
        var p = Analysis.Rest(run);
        return new JsonObject
        {
            ["rps"] = run.AchievedRate, ["requests"] = run.Writes.Count, ["errors"] = Analysis.RestErrors(run),
            ["p50_ms"] = p.P50, ["p90_ms"] = p.P90, ["p99_ms"] = p.P99, ["max_ms"] = p.Max,
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
