"""The ws_fanout row of bench/report.py: its log line, goals and Markdown (bench/README.md, "ws_fanout")."""
import copy
import json
import pathlib

GOAL_WS_P99_MS = 50.0
GOAL_WS_REST_RATIO = 1.2
# A ramp step's lag grows when the mean per-post delay of its last third is over twice, and this much above, that of
# its first third (a negative first third, events beating the response, counts as 0).
LAG_GROWTH_MS = 10.0


def derive(ws):
    """Judges the tool's raw figures, the one place for these criteria: each ramp step's lag growth and goal, and the
    ramp's summary. Idempotent (results already judged are judged again the same way)."""
    ws = copy.deepcopy(ws)
    ramp = ws["ramp"]
    for s in ramp["steps"]:
        first = max(s["lag_first_third_ms"], 0.0)
        s["lag_grows"] = s["lag_last_third_ms"] > max(2 * first, first + LAG_GROWTH_MS)
        s["within_goal"] = (s["delivery"]["samples"] > 0 and s["delivery"]["p99_ms"] < GOAL_WS_P99_MS
                            and s["lost"] == 0 and s["duplicated"] == 0)
    within = None
    for s in ramp["steps"]:
        if not s["within_goal"]:
            break
        within = s["rate"]
    # The highest rate up to which every step met the goal; the first at which delivery fell behind (or the ramp stopped).
    ramp["max_rate_within_goal"] = within
    ramp["first_rate_falling_behind"] = next((s["rate"] for s in ramp["steps"] if s["lag_grows"] or s["lost"] > 0),
                                             ramp.get("stopped_at"))
    ramp["max_rps_reached"] = max((s["rps"] for s in ramp["steps"]), default=None)
    ws["goal_p99_ms"] = GOAL_WS_P99_MS
    return ws


def line(path):
    ws = derive(json.loads(pathlib.Path(path).read_text()))
    d = ws["delivery"]
    ramp = ws["ramp"]
    return (f"ws_fanout: {ws['sockets']} sockets {ws['sockets_per_replica']}, {ws['rps']} posts/s, delivery p50 {d['p50_ms']} "
            f"p99 {d['p99_ms']} max {d['max_ms']} ms, lost {ws['lost']}, duplicated {ws['duplicated']}, REST p99 "
            f"{ws['rest_without_sockets']['p99_ms']} -> {ws['rest_with_sockets']['p99_ms']} ms, ramp: within goal up to "
            f"{rate(ramp['max_rate_within_goal'], 'none')}, falls behind at {rate(ramp['first_rate_falling_behind'], 'none')}")


def rate(value, none):
    return none if value is None else f"{value:g} posts/s"


def cores(cpu):
    api = cpu["api_cores"]
    return f"{' + '.join(str(c) for c in api)} / {cpu['tool_cores']}" if api else f"? / {cpu['tool_cores']}"


def goals(ws, scale):
    if not ws:
        return []
    ratio = ws["rest_p99_ratio"]
    errors = ws["rest_without_sockets"]["errors"] + ws["rest_with_sockets"]["errors"]
    return [
        {"goal": f"ws_fanout delivery p99 < {GOAL_WS_P99_MS:.0f} ms, {ws['sockets']} sockets over {ws['replicas']} replicas ({scale})",
         "value": ws["delivery"]["p99_ms"], "met": ws["delivery"]["samples"] > 0 and ws["delivery"]["p99_ms"] < GOAL_WS_P99_MS},
        {"goal": f"ws_fanout 0 lost, 0 duplicated, every socket open, no writer error ({scale})",
         "value": f"lost {ws['lost']}, duplicated {ws['duplicated']}, sockets failed {ws['sockets_failed']}, "
                  f"ended early {ws['sockets_ended_early']}, writer errors {errors}",
         "met": ws["lost"] == 0 and ws["duplicated"] == 0 and ws["sockets_failed"] == 0 and ws["sockets_ended_early"] == 0
                and errors == 0},
        {"goal": f"ws_fanout writer REST p99 with sockets <= {GOAL_WS_REST_RATIO}x without ({scale})",
         "value": ratio, "met": ratio is not None and ratio <= GOAL_WS_REST_RATIO},
    ]


def markdown(ws, scale):
    d, f = ws["delivery"], ws["delivery_from_request"]
    rw, rs = ws["rest_without_sockets"], ws["rest_with_sockets"]
    mem = ws.get("memory")
    ramp = ws["ramp"]
    out = [f"## ws_fanout (scale `{scale}`)", ""]
    run = ws.get("run")
    if run:
        out += [f"Measured separately: {run['mode']} run, {run['generated_at']}, commit {run['commit']}, load average "
                f"{run['load_before']} / {run['load_after']}. Machine: {run['machine']}.", ""]
    out += [f"{ws['sockets']} of {ws['sockets_requested']} notification sockets open ({' / '.join(str(n) for n in ws['sockets_per_replica'])} per replica, "
            f"{ws['socket_users']} users), a writer at {ws['rate']:g} posts/s for {ws['duration_s']:g} s alternating the replicas. "
            "Delay: from the writer reading the 201 of `POST /api/posts` to a socket reading the frame of its `post_created` "
            "(negative when the event beats the response).", "",
            "| figure | value |", "|---|---|",
            f"| delivery p50 / p90 / p99 / max ms | {d['p50_ms']} / {d['p90_ms']} / {d['p99_ms']} / {d['max_ms']} "
            f"({d['samples']:,} receipts, {ws['deliveries_before_response']:,} before the response) |",
            f"| delivery from the request's start p50 / p99 / max ms | {f['p50_ms']} / {f['p99_ms']} / {f['max_ms']} |",
            f"| lost / duplicated | {ws['lost']} / {ws['duplicated']} |",
            f"| sockets failed / without snapshot / ended early / messages_dropped | {ws['sockets_failed']} / "
            f"{ws['sockets_without_snapshot']} / {ws['sockets_ended_early']} / {ws['messages_dropped']} |",
            f"| writer REST p50 / p99 ms without sockets (before and after them, pooled) | {rw['p50_ms']} / {rw['p99_ms']} "
            f"(p99 before {rw['before_p99_ms']}, after {rw['after_p99_ms']}) |",
            f"| writer REST p50 / p99 ms with sockets | {rs['p50_ms']} / {rs['p99_ms']} (**p99 ratio {ws['rest_p99_ratio']}**) |",
            f"| cores used: APIs / tool, without → with sockets | {cores(rw['cpu'])} → {cores(rs['cpu'])} |"]
    if mem:
        out.append(f"| API RSS before / after the sockets (MiB per replica) | {mem['rss_before_mib']} / {mem['rss_after_mib']} |")
        out.append(f"| memory per socket (KiB, RSS growth / sockets) | {mem['kib_per_socket']} (per replica {mem['kib_per_socket_per_replica']}) |")
    top = max(ramp["rates"]) if ramp["rates"] else 0
    out += ["", f"Ramp ({ramp['step_s']:g} s per step; lag = mean per-post delay over the step's first / last third). "
                f"Highest rate up to which every step met the goal: **{rate(ramp['max_rate_within_goal'], 'none')}**; "
                f"first rate at which delivery falls behind (lag grows or events lost): "
                f"**{rate(ramp['first_rate_falling_behind'], f'none up to {top:g} posts/s')}**"
                + (f" (the writer reached {ramp['max_rps_reached']:g} posts/s at most)" if ramp.get("max_rps_reached") else "")
                + (f"; stopped after {ramp['stopped_at']:g} posts/s (backlog not drained in time or a socket ended)" if ramp["stopped_at"] else "")
                + ".", "",
            "| posts/s target | achieved | REST p99 ms | delivery p50 ms | p99 ms | max ms | lost | dup | lag ms | sockets ended | cores APIs / tool | within goal |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|"]
    for s in ramp["steps"]:
        sd = s["delivery"]
        lag = f"{s['lag_first_third_ms']} → {s['lag_last_third_ms']}" + (" **grows**" if s["lag_grows"] else "")
        achieved = f"{s['rps']}" + (" (writer behind)" if s["writer_behind"] else "")
        out.append(f"| {s['rate']:g} | {achieved} | {s['rest_p99_ms']} | {sd['p50_ms']} | {sd['p99_ms']} | {sd['max_ms']} | "
                   f"{s['lost']} | {s['duplicated']} | {lag} | {s['sockets_ended_so_far']} | {cores(s['cpu'])} | {'yes' if s['within_goal'] else '**no**'} |")
    out.append("")
    return out
