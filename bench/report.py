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


KINDS = [
    ("cold", "cold (no output yet)"),
    ("warm", "warm, nothing changed"),
    ("edit", "warm, one Markdown edit"),
]


def preset_table(name, clusters, folder, generation):
    pairs = {kind: load(os.path.join(folder, f"pairs-{kind}.json")) for kind, _ in KINDS}
    pages = load(os.path.join(folder, "page-size.json"))
    eleventy = load(os.path.join(folder, "eleventy.json"))
    lines = [
        f"### {name}: {clusters} cluster{'s' if clusters != '1' else ''}, {pages['pages']} HTML pages",
        "",
        f"{pairs['cold']['reps']} interleaved pairs per kind of build (clustersite and Hugo one after the "
        "other, the order alternating). Corpus generated in "
        f"{generation['seconds']:.1f} s: {generation['content_files']} content files "
        f"({generation['content_mb']:.1f} MB on disk).",
        "",
        "| build | clustersite, median | Hugo, median | ratio (median of pairs) | ratio range | "
        "clustersite peak RSS | Hugo peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, title in KINDS:
        r = pairs[kind]
        a, b = r["a"], r["b"]
        lines.append(
            f"| {title} | {seconds(a['median_s'])} | {seconds(b['median_s'])} | "
            f"**{r['median_ratio']:.2f}×** | {r['min_ratio']:.2f}–{r['max_ratio']:.2f}× | "
            f"{mib(a['max_rss_kib'])} | {mib(b['max_rss_kib'])} |"
        )
    largest = pages["largest"]
    lines += [
        "",
        f"Eleventy, cold ({eleventy['reps']} runs, not interleaved): median {seconds(eleventy['median_s'])}, "
        f"min {seconds(eleventy['min_s'])}, peak RSS {mib(eleventy['median_rss_kib'])}.",
        "",
        f"Largest page, gzipped with its CSS: `{largest['path']}`, **{largest['total_gzip']:,} bytes** "
        f"({largest['html_gzip']:,} HTML + {largest['css_gzip']:,} CSS; {largest['html_bytes']:,} bytes "
        f"unzipped); {pages['over_budget']} of {pages['pages']} pages over the "
        f"{pages['budget_bytes']:,}-byte budget"
        + (" (**over budget**)" if pages["over_budget"] else "")
        + ".",
        "",
    ]
    index = load(os.path.join(folder, "index-size.json"))
    parts = ", ".join(f"{count} {language}" for language, count in index["parts"].items())
    search_ms = " · ".join(
        f"{title} {pairs[kind]['a']['stages_ms'].get('search', 0):.0f} ms" for kind, title in KINDS
    )
    lines += [
        f"Search index (`pagefind/`): {index['bytes'] / 1e6:.2f} MB in {index['files']:,} files for "
        f"{index['pages_indexed']:,} indexed pages ({index['bytes_per_1000_pages'] / 1e6:.2f} MB per 1,000 pages), "
        f"in parts: {parts}. Its share of clustersite's time (`search` in `--timings`, median): {search_ms}. "
        "Hugo makes no index; a Hugo site with search runs Pagefind after it.",
        "",
    ]
    for kind, title in KINDS:
        stages = pairs[kind]["a"]["stages_ms"]
        stage_text = " · ".join(f"{stage} {ms:.1f} ms" for stage, ms in stages.items())
        lines.append(f"- clustersite stages, {title} (`--timings`, median): {stage_text}")
    lines.append("")
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
    path = os.path.join(work, first, "pairs-cold.json")
    if os.path.exists(path):
        r = load(path)
        for side in ("a", "b"):
            lines.append(" ".join(r[side]["command"]))
    path = os.path.join(work, first, "eleventy.json")
    if os.path.exists(path):
        lines.append(" ".join(load(path)["command"]))
    lines.append("```")
    return [
        line.replace(bin_dir, "target/release").replace(work, "$WORK").replace(repo + "/", "")
        for line in lines
    ]


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
        "Per preset and kind of build: `python3 bench/pairs.py --kind cold|warm|edit ...` (see its `--help`); "
        "an edit run appends a line to the body of the first update of the first cluster in both corpora. "
        "The largest page: `python3 bench/page_size.py $WORK/<preset>/out-clustersite`.",
        "",
        "Eleventy is run from `bench/node_modules/.bin/eleventy`, which is what "
        "`npx --prefix bench @11ty/eleventy` resolves to, so npx's own start-up is not counted.",
        "",
        "## Results",
        "",
    ]
    for name, clusters in presets:
        folder = os.path.join(work, name)
        generation = load(os.path.join(folder, "generation.json"))
        out += preset_table(name, clusters, folder, generation)
    out += real_site_table(load(os.path.join(work, "real.json")), work, args.serve_note)
    with open(os.path.join(repo, "bench", "results-notes.md")) as notes:
        out += ["## Notes", "", notes.read().strip(), ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
