"""The image rows of bench/report.py: image_upload and image_worker, each against the same SkiaSharp pipeline run in a
tight loop outside the API (bench/imagebench, the "library" figures). bench/README.md, "Images"."""
import copy

# Issue #13: the API path keeps at least 70 % of the library's own speed; an upload's p99 stays under 500 ms at 8 connections.
GOAL_RATIO = 0.70
GOAL_UPLOAD_P99_MS = 500.0


def derive(library, upload, worker):
    """upload: wrk_figures of the image_upload row (or None); worker: the raw image_worker object (or None)."""
    out = {"library": copy.deepcopy(library), "goal_ratio": GOAL_RATIO, "goal_upload_p99_ms": GOAL_UPLOAD_P99_MS}
    if upload:
        out["upload"] = {**upload, "ratio_to_library": round(upload["rps"] / library["upload_per_s"], 3)}
    if worker:
        per_s = round(worker["variants"] / worker["seconds"], 2) if worker["seconds"] else 0.0
        out["worker"] = {**worker, "variants_per_s": per_s, "ratio_to_library": round(per_s / library["variants_per_s"], 3)}
    return out


def goals(images, scale):
    if not images:
        return []
    out = []
    if "upload" in images:
        u = images["upload"]
        out.append({"goal": f"image_upload >= {GOAL_RATIO:.0%} of the library's upload pipeline ({scale})",
                    "value": u["ratio_to_library"], "met": u["ratio_to_library"] >= GOAL_RATIO})
        out.append({"goal": f"image_upload p99 < {GOAL_UPLOAD_P99_MS:.0f} ms at {u['connections']} connections ({scale})",
                    "value": u["p99_ms"], "met": u["p99_ms"] < GOAL_UPLOAD_P99_MS and u["non_2xx"] == 0})
    if "worker" in images:
        w = images["worker"]
        out.append({"goal": f"image_worker variants/s >= {GOAL_RATIO:.0%} of the library's, no failed image ({scale})",
                    "value": w["ratio_to_library"], "met": w["ratio_to_library"] >= GOAL_RATIO and w["failed"] == 0})
    return out


def markdown(images, scale):
    lib = images["library"]
    out = [f"## Images (`{scale}`)", "",
           f"{lib['files']} distinct 2 MP JPEGs ({lib['source_bytes']:,} bytes each, master {lib['master']}, "
           f"{lib['variants_per_image']} variants each). Library: the API's own SkiaSharp pipeline in a tight loop outside "
           f"the API, uploads on {lib['upload_threads']} threads, variants on {lib['worker_threads']} (one worker is one loop).", "",
           "| row | API | library | ratio | p50 ms | p99 ms | non-2xx |", "|---|---:|---:|---:|---:|---:|---:|"]
    if "upload" in images:
        u = images["upload"]
        out.append(f"| image_upload ({u['connections']} connections) | {u['rps']} rps | {lib['upload_per_s']} /s | "
                   f"{u['ratio_to_library']} | {u['p50_ms']} | {u['p99_ms']} | {u['non_2xx']} |")
    if "worker" in images:
        w = images["worker"]
        out.append(f"| image_worker (1 worker) | {w['variants_per_s']} variants/s | {lib['variants_per_s']} /s | "
                   f"{w['ratio_to_library']} | | | failed {w['failed']} |")
        out += ["", f"The worker drained {w['queued_at_start']} queued images for {w['seconds']} s ({w['variants']} variants; "
                f"{w['left']} left when it stopped)."]
    return out + [""]
