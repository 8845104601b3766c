#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the JSON that bench/run and measure.py leave in the work folder.

usage: report.py --work DIR --repo DIR PRESET[:CLUSTERS]...
"""

import argparse
import datetime
import json
import os
import platform
import subprocess

TOOLS = [("clustersite", "clustersite"), ("hugo", "Hugo"), ("eleventy", "Eleventy")]


def load(path):
    with open(path) as f:
        return json.load(f)


def command_output(command, cwd=None):
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=60)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def meminfo_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine(repo, work):
    revision = command_output(["git", "describe", "--always", "--dirty"], cwd=repo)
    versions = load(os.path.join(work, "versions.json"))
    return [
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPUs ({cpu_model()}), {meminfo_gib():.1f} GiB memory, "
        f"Linux {platform.release()}; shared and noisy (other builds may run at the same time)",
        f"- Load average (1, 5, 15 min) at start: {' '.join(versions['loadavg_start'])}; "
        f"at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}",
        f"- clustersite: git {revision}, release build; {versions['rustc']}",
        f"- Peers: {versions['hugo']}; Eleventy {versions['eleventy']} on Node {versions['node']}",
    ]


def seconds(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def ratio(ours, theirs):
    return f"{ours / theirs:.2f}×" if theirs else "n/a"


def preset_table(name, clusters, results, generation):
    cs = results["clustersite"]
    reps = ", ".join(f"{TOOL} {results[key]['reps']}" for key, TOOL in TOOLS if key in results)
    lines = [
        f"### {name}: {clusters} clusters",
        "",
        f"Runs per tool: {reps} (cold: output folder removed before each run). "
        f"Corpus generated in {generation['seconds']:.1f} s: "
        f"{generation['content_files']} content files ({generation['content_mb']:.1f} MB on disk).",
        "",
        "| | " + " | ".join(label for key, label in TOOLS if key in results) + " |",
        "|---|" + "---:|" * sum(1 for key, _ in TOOLS if key in results),
    ]
    rows = [
        ("HTML pages", lambda r: str(r["html_pages"])),
        ("wall time, median", lambda r: seconds(r["median_s"])),
        ("wall time, min", lambda r: seconds(r["min_s"])),
        ("pages/s (median run)", lambda r: f"{r['pages_per_s']:.0f}"),
        ("clustersite pages/s ÷ this tool's", lambda r: ratio(cs["pages_per_s"], r["pages_per_s"])),
        ("peak RSS (median of runs)", lambda r: mib(r["median_rss_kib"])),
        ("peak RSS (worst run)", lambda r: mib(max(x for x in r["peak_rss_kib"] if x))),
        ("output size (du -sb)", lambda r: f"{r['output_bytes'] / 1e6:.1f} MB"),
    ]
    for title, cell in rows:
        cells = [cell(results[key]) for key, _ in TOOLS if key in results]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    stage_text = " · ".join(f"{stage} {ms:.1f} ms" for stage, ms in cs["stages_ms"].items())
    lines += ["", f"clustersite stages (`--timings`, median of runs): {stage_text}", ""]
    return lines


def serve_rows(work, serve_note):
    """One row per site whose serve latency was measured, or the reason there is none."""
    rows = []
    for name, what in [("real", "the real site"), ("leeds", "the leeds corpus"), ("smoke", "the smoke corpus")]:
        path = os.path.join(work, f"serve-{name}.json")
        if os.path.exists(path):
            s = load(path)
            rows.append(
                f"| `clustersite serve`, {what}: save a Markdown file → reload event "
                f"(incremental rebuild alone: median {s['rebuild_median_ms']} ms) | {s['median_ms']:.0f} ms | "
                f"{s['min_ms']:.0f} ms | {s['runs']} | {s['pages']} | |"
            )
    return rows or [f"| serve: rebuild latency after an edit | {serve_note} | | | | |"]


def real_site_table(real, work, serve_note):
    stage_text = " · ".join(f"{stage} {ms:.1f} ms" for stage, ms in real["stages_ms"].items())
    return [
        "### The real site (`content/` in this repository) and serve",
        "",
        "| what | median | min | runs | HTML pages | peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `clustersite build` of the real site | {seconds(real['median_s'])} | "
        f"{seconds(real['min_s'])} | {real['reps']} | {real['html_pages']} | "
        f"{mib(real['median_rss_kib'])} |",
        *serve_rows(work, serve_note),
        "",
        f"Real site build stages (median): {stage_text}",
        "",
    ]


def commands(work, repo, bin_dir, presets):
    first = presets[0][0]
    lines = ["```sh"]
    for key, _ in TOOLS:
        path = os.path.join(work, first, f"{key}.json")
        if os.path.exists(path):
            shown = " ".join(load(path)["command"])
            shown = shown.replace(bin_dir, "target/release").replace(work, "$WORK")
            shown = shown.replace(repo + "/", "")
            lines.append(shown)
    lines.append("```")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--bin-dir", default="target/release", help="where the binaries were built")
    parser.add_argument("--serve-note", default="not measured: no serve command yet")
    parser.add_argument("presets", nargs="+", help="name:clusters")
    args = parser.parse_args()
    work, repo = os.path.abspath(args.work), os.path.abspath(args.repo)
    presets = [tuple(p.split(":")) for p in args.presets]

    out = [
        "# Benchmark results",
        "",
        "Written by `bench/run` (see bench/README.md); do not edit by hand.",
        "",
        "## Machine",
        "",
        *machine(repo, work),
        "",
        "## Commands",
        "",
        f"Corpus: `target/release/bench-gen --preset <name> --seed {load(os.path.join(work, 'versions.json'))['seed']} "
        "--out $WORK/<preset>/site --twin $WORK/<preset>/twin`; then, per tool and run "
        f"(shown for `{presets[0][0]}`):",
        "",
        *commands(work, repo, os.path.abspath(args.bin_dir), presets),
        "",
        "Eleventy is run from `bench/node_modules/.bin/eleventy`, which is what "
        "`npx --prefix bench @11ty/eleventy` resolves to, so npx's own start-up is not counted.",
        "",
        "## Results",
        "",
    ]
    for name, clusters in presets:
        folder = os.path.join(work, name)
        results = {
            key: load(os.path.join(folder, f"{key}.json"))
            for key, _ in TOOLS
            if os.path.exists(os.path.join(folder, f"{key}.json"))
        }
        generation = load(os.path.join(folder, "generation.json"))
        out += preset_table(name, clusters, results, generation)
    out += real_site_table(load(os.path.join(work, "real.json")), work, args.serve_note)
    with open(os.path.join(repo, "bench", "results-notes.md")) as notes:
        out += ["## Notes", "", notes.read().strip(), ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
