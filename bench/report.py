#!/usr/bin/env python3
"""Turns bench/run.sh's raw measurements into bench/results/latest.json and latest.md (stdlib only).

    report.py line '<BENCH_JSON object>' <name>    one human-readable line for the run log
    report.py wsline <ws_fanout json file>         the same for the ws_fanout row
    report.py chatline <chat_fanout json file>     the same for the chat_fanout row
    report.py build --work DIR --scales "small large" --out DIR ...   the results files
    report.py merge --source RUN/latest.json --into RESULTS/latest.json   put one run's rows into other
        results (their other rows unchanged) and render their latest.md again
"""
import argparse
import datetime
import json
import pathlib
import sys

import report_chat
import report_images
import report_ws

# Which ceiling each endpoint is compared with: the best pgbench run of its own SQL, else the plain Kestrel endpoint
# (the feeds are served from memory: a ratio to their SQL would say nothing).
CEILING_OF = {
    "post_detail": "pgbench_detail",
    "post_detail_hot": "pgbench_detail",
    "create_post": "pgbench_create_post",
    "like_toggle": "pgbench_like",
    "create_comment": "pgbench_create_comment",
    "dm_send": "pgbench_dm_send",
}
ENDPOINTS = ["feed_anonymous", "feed_authenticated", "feed_deep", "feed_cursor", "post_detail", "post_detail_hot", "search",
             "search_common", "search_mid", "search_rare", "create_post", "like_toggle", "create_comment", "dm_send", "login",
             "login_storm", "mixed"]
CEILINGS = ["kestrel_plain", "pgbench_feed", "pgbench_detail", "pgbench_create_post", "pgbench_like", "pgbench_create_comment",
            "pgbench_dm_send"]

# Issue #14's goals (large scale, 64 connections); bench/README.md has the table.
GOAL_FEED_TO_PLAIN = 0.40
GOAL_FEED_P99_MS = 20.0
GOAL_AUTH_TO_ANON = 0.50
GOAL_DETAIL_TO_PGBENCH = 0.80
GOAL_HOT_P99_FACTOR = 1.5
GOAL_SEARCH_RPS = 500.0
GOAL_SEARCH_P99_MS = 150.0
GOAL_WRITE_TO_PGBENCH = 0.70
GOAL_DEEP_P99_FACTOR = 3.0
GOAL_CURSOR_P99_FACTOR = 1.2
GOAL_STORM_P99_FACTOR = 2.0
GOAL_MIXED_P99_MS = 50.0
GOAL_P99_GROWTH = 1.5
GOAL_MEMORY_MB = 400


def wrk_figures(raw):
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "requests": raw["requests"],
        # wrk's "Non-2xx or 3xx responses" plus its socket errors (connect, read, write, timeout).
        "non_2xx": raw["non_2xx"] + raw["socket_errors"],
        "http_errors": raw["non_2xx"],
        "socket_errors": raw["socket_errors"],
    }


def line(args):
    figures = wrk_figures(json.loads(args[0]))
    print(f"{args[1]}: {figures['rps']} rps, p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
          f"non-2xx {figures['http_errors']}, socket errors {figures['socket_errors']}")


def scale_section(measurements, scale, work):
    rows = [m for m in measurements if m["scale"] == scale]
    by_name = {m["name"]: m for m in rows}
    ceilings = []
    for name in CEILINGS:
        m = by_name.get(name)
        if m is None:
            continue
        if m["kind"] == "wrk":
            figures = wrk_figures(m["wrk"])
            ceilings.append({"name": name, "rps": figures["rps"], "p50_ms": figures["p50_ms"],
                             "p99_ms": figures["p99_ms"], "non_2xx": figures["non_2xx"]})
        else:
            ceilings.append({"name": name, "tps": m["tps"], "clients": m.get("clients"), "latency_avg_ms": m["latency_avg_ms"],
                             "failed": m["failed"], "by_clients": m.get("by_clients", [])})
    ceiling_value = {c["name"]: c.get("rps", c.get("tps")) for c in ceilings}
    results = []
    for name in ENDPOINTS:
        m = by_name.get(name)
        if m is None:
            continue
        figures = wrk_figures(m["wrk"])
        ceiling = CEILING_OF.get(name, "kestrel_plain")
        value = ceiling_value.get(ceiling)
        results.append({
            "name": name,
            "rps": figures["rps"],
            "p50_ms": figures["p50_ms"],
            "p90_ms": figures["p90_ms"],
            "p99_ms": figures["p99_ms"],
            "max_ms": figures["max_ms"],
            "requests": figures["requests"],
            "non_2xx": figures["non_2xx"],
            "ceiling": ceiling,
            "ratio_to_ceiling": float(f"{figures['rps'] / value:.3g}") if value else None,
        })
    scale_file = pathlib.Path(work) / f"{scale}.scale.json"
    counts = json.loads(scale_file.read_text()) if scale_file.exists() else {"name": scale}
    section = {"scale": counts, "ceilings": ceilings, "results": results}
    if "ws_fanout" in by_name:
        section["ws_fanout"] = report_ws.derive(by_name["ws_fanout"]["ws"])
    if "chat_fanout" in by_name:
        section["chat_fanout"] = report_chat.derive(by_name["chat_fanout"]["chat"])
    if "login_storm" in by_name:
        section["login_storm_logins"] = wrk_figures(by_name["login_storm"]["logins"])
    if "search_check" in by_name:
        section["search_check"] = {k: by_name["search_check"][k] for k in ("queries", "pages", "mismatches")}
    if "memory" in by_name:
        section["api_rss_mb"] = by_name["memory"]["rss_mb"]
    if "image_library" in by_name:
        upload = by_name.get("image_upload")
        section["images"] = report_images.derive(
            by_name["image_library"]["library"],
            {**wrk_figures(upload["wrk"]), "connections": upload["connections"]} if upload else None,
            by_name.get("image_worker", {}).get("worker"))
    return section


def find(rows, name):
    return next((r for r in rows if r["name"] == name), None)


def goals(sections, primary):
    out = []
    rows = sections[primary]["results"]
    row = lambda name: find(rows, name)

    def goal(text, value, met):
        out.append({"goal": f"{text} ({primary})", "value": value, "met": bool(met)})

    anon, plain = row("feed_anonymous"), find(sections[primary]["ceilings"], "kestrel_plain")
    if anon and plain:
        goal(f"feed_anonymous >= {GOAL_FEED_TO_PLAIN:.0%} of kestrel_plain", round(anon["rps"] / plain["rps"], 3),
             anon["rps"] >= GOAL_FEED_TO_PLAIN * plain["rps"])
    if anon:
        goal(f"feed_anonymous p99 < {GOAL_FEED_P99_MS:.0f} ms", anon["p99_ms"], anon["p99_ms"] < GOAL_FEED_P99_MS)
    auth = row("feed_authenticated")
    if anon and auth:
        goal(f"feed_authenticated >= {GOAL_AUTH_TO_ANON:.0%} of feed_anonymous", round(auth["rps"] / anon["rps"], 3),
             auth["rps"] >= GOAL_AUTH_TO_ANON * anon["rps"])
    detail = row("post_detail")
    if detail and detail["ratio_to_ceiling"] is not None:
        goal(f"post_detail >= {GOAL_DETAIL_TO_PGBENCH:.0%} of the best pgbench_detail", detail["ratio_to_ceiling"],
             detail["ratio_to_ceiling"] >= GOAL_DETAIL_TO_PGBENCH)
    hot = row("post_detail_hot")
    if detail and hot:
        goal(f"post_detail_hot p99 <= {GOAL_HOT_P99_FACTOR}x post_detail p99", round(hot["p99_ms"] / detail["p99_ms"], 2),
             hot["p99_ms"] <= GOAL_HOT_P99_FACTOR * detail["p99_ms"])
    for name in ("search_common", "search_mid", "search_rare"):
        r = row(name)
        if r:
            goal(f"{name} >= {GOAL_SEARCH_RPS:.0f} rps and p99 < {GOAL_SEARCH_P99_MS:.0f} ms", f"{r['rps']} rps, p99 {r['p99_ms']} ms",
                 r["rps"] >= GOAL_SEARCH_RPS and r["p99_ms"] < GOAL_SEARCH_P99_MS)
    check = sections[primary].get("search_check")
    if check:
        goal("search pages equal the exhaustive reference query", f"{check['pages']} pages, {len(check['mismatches'])} different",
             check["pages"] > 0 and not check["mismatches"])
    for name in ("create_post", "like_toggle", "create_comment"):
        r = row(name)
        if r and r["ratio_to_ceiling"] is not None:
            goal(f"{name} >= {GOAL_WRITE_TO_PGBENCH:.0%} of the best {r['ceiling']}", r["ratio_to_ceiling"],
                 r["ratio_to_ceiling"] >= GOAL_WRITE_TO_PGBENCH)
    for name, factor in (("feed_deep", GOAL_DEEP_P99_FACTOR), ("feed_cursor", GOAL_CURSOR_P99_FACTOR), ("login_storm", GOAL_STORM_P99_FACTOR)):
        r = row(name)
        if r and anon:
            goal(f"{name} p99 <= {factor}x feed_anonymous p99", round(r["p99_ms"] / anon["p99_ms"], 2), r["p99_ms"] <= factor * anon["p99_ms"])
    mixed = row("mixed")
    if mixed:
        goal(f"mixed p99 < {GOAL_MIXED_P99_MS:.0f} ms, 0 non-2xx", f"p99 {mixed['p99_ms']} ms, non-2xx {mixed['non_2xx']}",
             mixed["p99_ms"] < GOAL_MIXED_P99_MS and mixed["non_2xx"] == 0)
    growth = p99_growth(sections)
    if growth:
        worst = {n: g["factor"] for n, g in growth.items() if g["factor"] is None or g["factor"] > GOAL_P99_GROWTH}
        out.append({"goal": f"every row's p99 large <= {GOAL_P99_GROWTH}x small", "value": worst or "all within",
                    "met": not worst})
    rss = sections[primary].get("api_rss_mb")
    if rss is not None:
        goal(f"API memory after the run < {GOAL_MEMORY_MB} MB", rss, rss < GOAL_MEMORY_MB)
    for scale, s in sections.items():
        out += report_ws.goals(s.get("ws_fanout"), scale)
        out += report_chat.goals(s.get("chat_fanout"), scale)
        out += report_images.goals(s.get("images"), scale)
    bad = {f"{scale}/{r['name']}": r.get("non_2xx", r.get("failed")) for scale, s in sections.items() for r in s["results"] + s["ceilings"]
           if r.get("non_2xx", 0) or r.get("failed", 0)}
    out.append({"goal": "zero non-2xx (and zero pgbench failures) everywhere", "value": bad or 0, "met": not bad})
    empty = [f"{scale}/{r['name']}" for scale, s in sections.items() for r in s["results"] if not r["requests"]]
    if empty:
        out.append({"goal": "every endpoint completed requests", "value": empty, "met": False})
    return out


def p99_growth(sections):
    """p99 at large over p99 at small, for every endpoint measured at both scales."""
    if "small" not in sections or "large" not in sections:
        return None
    growth = {}
    for name in ENDPOINTS:
        small, large = find(sections["small"]["results"], name), find(sections["large"]["results"], name)
        if small and large:
            growth[name] = {"small_p99_ms": small["p99_ms"], "large_p99_ms": large["p99_ms"],
                            "factor": round(large["p99_ms"] / small["p99_ms"], 2) if small["p99_ms"] else None}
    return growth


def markdown(report):
    out = [f"# Sanctum benchmark: {report['mode']} run, {report['generated_at']}, commit {report['commit']}", "",
           f"Machine: {report['machine']}  ",
           f"Load average before / after: {report['load_before']} / {report['load_after']} "
           "(other processes on this machine add noise; compare runs on an idle machine only).  ",
           f"wrk and pgbench: {report['connections']} connections, {report['warmup_s']} s warm-up, "
           f"{report['duration_s']} s measured per row. Total run time {report['elapsed_s']} s.", ""]
    for scale, section in report["scales"].items():
        c = section["scale"]
        out += [f"## Scale `{scale}`", "",
                "Data: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in c.items() if k != "name"), ""]
        # A run of only some rows (BENCH_ROWS) leaves these tables out.
        if section["results"]:
            out += ["| endpoint | rps | p50 ms | p90 ms | p99 ms | non-2xx | ceiling | ratio to ceiling |",
                    "|---|---:|---:|---:|---:|---:|---|---:|"]
        for r in section["results"]:
            ratio = "" if r["ratio_to_ceiling"] is None else f"{r['ratio_to_ceiling']:.3g}"
            out.append(f"| {r['name']} | {r['rps']:,.0f} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['non_2xx']} | {r['ceiling']} | {ratio} |")
        if section["ceilings"]:
            out += ["", "| ceiling | rps / tps | latency | errors |", "|---|---:|---|---:|"]
        for cl in section["ceilings"]:
            if "rps" in cl:
                out.append(f"| {cl['name']} | {cl['rps']:,.0f} rps | p50 {cl['p50_ms']} ms, p99 {cl['p99_ms']} ms | {cl['non_2xx']} |")
            else:
                runs = ", ".join(f"{r['clients']}: {r['tps']:,.0f}" for r in cl.get("by_clients", []))
                best = f" at {cl['clients']} clients (tps by clients: {runs})" if cl.get("clients") else ""
                out.append(f"| {cl['name']} | {cl['tps']:,.0f} tps | avg {cl['latency_avg_ms']} ms{best} | {cl['failed']} |")
        extras = []
        if section.get("login_storm_logins"):
            lg = section["login_storm_logins"]
            extras.append(f"During login_storm the logins ran at {lg['rps']} rps, p99 {lg['p99_ms']} ms.")
        if section.get("search_check"):
            sc = section["search_check"]
            extras.append(f"Search check: {sc['pages']} pages of {sc['queries']} queries against the exhaustive reference query, "
                          f"{len(sc['mismatches'])} different{': ' + ', '.join(sc['mismatches']) if sc['mismatches'] else ''}.")
        if section.get("api_rss_mb") is not None:
            extras.append(f"API resident memory after the rows: {section['api_rss_mb']} MB.")
        if extras:
            out += [""] + [e + "  " for e in extras]
        out.append("")
    for scale, section in report["scales"].items():
        if section.get("ws_fanout"):
            out += report_ws.markdown(section["ws_fanout"], scale)
        if section.get("chat_fanout"):
            out += report_chat.markdown(section["chat_fanout"], scale)
        if section.get("images"):
            out += report_images.markdown(section["images"], scale)
    if report.get("p99_growth"):
        out += ["## p99 growth, small to large", "", "| endpoint | small p99 ms | large p99 ms | factor |", "|---|---:|---:|---:|"]
        for name, g in report["p99_growth"].items():
            out.append(f"| {name} | {g['small_p99_ms']} | {g['large_p99_ms']} | {g['factor']} |")
        out.append("")
    out += ["## Goals", "", "| goal | value | met |", "|---|---|---|"]
    for g in report["goals"]:
        out.append(f"| {g['goal']} | {g['value']} | {'yes' if g['met'] else '**no**'} |")
    out.append("")
    return "\n".join(out)


def build(argv):
    p = argparse.ArgumentParser()
    for flag in ("--work", "--scales", "--out", "--machine", "--mode", "--load-before", "--load-after", "--commit"):
        p.add_argument(flag, required=True)
    for flag in ("--warmup", "--duration", "--connections", "--elapsed"):
        p.add_argument(flag, type=int, required=True)
    a = p.parse_args(argv)
    measurements = [json.loads(l) for l in (pathlib.Path(a.work) / "measurements.jsonl").read_text().splitlines() if l.strip()]
    scales = a.scales.split()
    sections = {scale: scale_section(measurements, scale, a.work) for scale in scales}
    primary = "large" if "large" in sections else scales[-1]
    report = {
        "machine": a.machine,
        "generated_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mode": a.mode,
        "commit": a.commit,
        "connections": a.connections,
        "warmup_s": a.warmup,
        "duration_s": a.duration,
        "elapsed_s": a.elapsed,
        "load_before": a.load_before,
        "load_after": a.load_after,
        "primary_scale": primary,
        # The primary scale (large in a full run) at the top level; every scale under "scales".
        "scale": sections[primary]["scale"],
        "ceilings": sections[primary]["ceilings"],
        "results": sections[primary]["results"],
        "scales": sections,
        "p99_growth": p99_growth(sections),
    }
    # The ws_fanout row runs at one scale only; it is also at the top level.
    report["ws_fanout"] = next((s["ws_fanout"] for s in sections.values() if "ws_fanout" in s), None)
    report["chat_fanout"] = next((s["chat_fanout"] for s in sections.values() if "chat_fanout" in s), None)
    report["images"] = next((s["images"] for s in sections.values() if "images" in s), None)
    report["goals"] = goals(sections, primary)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "latest.md").write_text(markdown(report))


SECTIONS = ("ws_fanout", "chat_fanout", "images")


def merge(argv):
    """Copies rows of one run into another results file, keeping that file's other rows and metadata as they are:
    every ceiling and endpoint row of the source (replacing rows of the same name and scale) and its ws_fanout /
    chat_fanout sections. The source run's date, commit and load go under "run" of each copied section and into
    "merged_runs", so the file says which figures came from which run."""
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    p.add_argument("--into", required=True)
    a = p.parse_args(argv)
    source = json.loads(pathlib.Path(a.source).read_text())
    into_path = pathlib.Path(a.into)
    into = json.loads(into_path.read_text())
    run = {k: source[k] for k in ("generated_at", "mode", "commit", "machine", "load_before", "load_after")}
    copied = []
    for scale, section in source["scales"].items():
        target = into["scales"].setdefault(scale, {"scale": section["scale"], "ceilings": [], "results": []})
        for kind in ("ceilings", "results"):
            names = {row["name"] for row in section.get(kind, [])}
            target[kind] = [row for row in target.get(kind, []) if row["name"] not in names] + section.get(kind, [])
            copied += sorted(names)
        for name in SECTIONS:
            if section.get(name):
                target[name] = {**section[name], "run": run}
                into[name] = target[name]
                copied.append(name)
    if not copied:
        sys.exit(f"{a.source} has no rows")
    into.setdefault("merged_runs", []).append({**run, "rows": copied})
    into["goals"] = goals(into["scales"], into["primary_scale"])
    into_path.write_text(json.dumps(into, indent=2) + "\n")
    into_path.with_name("latest.md").write_text(markdown(into))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "line":
        line(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "wsline":
        print(report_ws.line(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "chatline":
        print(report_chat.line(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "merge":
        merge(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "build":
        build(sys.argv[2:])
    else:
        sys.exit(__doc__)
