"""The chat_fanout row of bench/report.py: its log line, goals and Markdown (bench/README.md, "chat_fanout").
The tool (bench/chatfanout) prints the raw figures; this judges them."""
import copy
import json
import pathlib

# The same bar as ws_fanout: a message reaches every other member of its room within 50 ms at p99, none lost or twice.
GOAL_CHAT_P99_MS = 50.0


def derive(chat):
    chat = copy.deepcopy(chat)
    d = chat["delivery"]
    chat["goal_p99_ms"] = GOAL_CHAT_P99_MS
    chat["within_goal"] = (d["samples"] > 0 and d["p99_ms"] < GOAL_CHAT_P99_MS and chat["lost"] == 0
                           and chat["duplicated"] == 0 and chat["send_errors"] == 0 and chat["sockets_failed"] == 0
                           and chat["sockets_ended"] == 0)
    return chat


def line(path):
    c = derive(json.loads(pathlib.Path(path).read_text()))
    d, r = c["delivery"], c["rest"]
    return (f"chat_fanout: {c['rooms']} rooms x {c['members']} on {c['replicas']} replicas, {c['sent']} sent at "
            f"{c['achieved_rate']} msg/s; delivery p50 {d['p50_ms']} ms p99 {d['p99_ms']} ms; lost {c['lost']}, "
            f"duplicated {c['duplicated']}; REST send p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms, errors {c['send_errors']}")


def goals(chat, scale):
    if not chat:
        return []
    d = chat["delivery"]
    return [{"goal": f"chat_fanout delivery p99 < {GOAL_CHAT_P99_MS:.0f} ms, 0 lost, 0 duplicated, no send error ({scale})",
             "value": f"p99 {d['p99_ms']} ms, lost {chat['lost']}, duplicated {chat['duplicated']}, errors {chat['send_errors']}",
             "met": chat["within_goal"]}]


def markdown(chat, scale):
    d, f, r = chat["delivery"], chat["delivery_from_start"], chat["rest"]
    return [f"## chat_fanout (`{scale}`)", "",
            f"{chat['rooms']} rooms of {chat['members']} members over {chat['replicas']} replicas "
            f"({chat['sockets_open']} chat sockets open, {chat['sockets_failed']} failed, {chat['sockets_ended']} ended early); "
            f"every member sends {chat['rate_per_member']} messages/s over REST ({chat['achieved_rate']} msg/s in all, "
            f"{chat['sent']} sent in {chat['duration_s']} s).", "",
            "| figure | p50 ms | p90 ms | p99 ms | max ms | samples |", "|---|---:|---:|---:|---:|---:|",
            f"| delivery (201 → frame at each other member) | {d['p50_ms']} | {d['p90_ms']} | {d['p99_ms']} | {d['max_ms']} | {d['samples']} |",
            f"| delivery from the request's start | {f['p50_ms']} | {f['p90_ms']} | {f['p99_ms']} | {f['max_ms']} | {f['samples']} |",
            f"| REST send | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['samples']} |", "",
            f"Expected receipts {chat['expected']}, lost {chat['lost']}, duplicated {chat['duplicated']}, send errors "
            f"{chat['send_errors']}, messages_dropped frames {chat['messages_dropped']}.", ""]
