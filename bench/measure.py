#!/usr/bin/env python3
"""Runs one build command N times, cold, and prints what it cost as JSON.

usage: measure.py --label NAME --reps N --output DIR [--timings] --json FILE -- COMMAND...

Before each run the output folder is removed (a cold build). Each run goes
through /usr/bin/time -v for its peak RSS; wall time is measured here. After
the last run the output's HTML pages and bytes are counted. With --timings,
clustersite's `--timings` lines on stderr ("  load      12.3 ms") are
collected per stage.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

STAGE_LINE = re.compile(r"^\s+([a-z][a-z_ -]*?)\s+([0-9]+(?:\.[0-9]+)?) ms(?:\s+\(.*\))?\s*$")
RSS_LINE = re.compile(r"Maximum resident set size \(kbytes\):\s*([0-9]+)")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--output", required=True, help="the build's output folder")
    parser.add_argument("--timings", action="store_true")
    parser.add_argument("--json", required=True, help="where to write the results")
    parser.add_argument("--keep-output", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("give the command after --")
    return args


def remove(path):
    if os.path.lexists(path):
        shutil.rmtree(path)


def run_once(command):
    """One timed run: (wall seconds, peak RSS KiB, stderr text)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall = time.perf_counter() - started
        usage = report.read()
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"measure.py: `{' '.join(command)}` exited with {done.returncode}")
    match = RSS_LINE.search(usage)
    return wall, int(match.group(1)) if match else None, done.stderr


def stages(stderr):
    """clustersite --timings lines, as {stage: ms}."""
    found = {}
    for line in stderr.splitlines():
        match = STAGE_LINE.match(line)
        if match:
            found[match.group(1).strip()] = float(match.group(2))
    return found


def count_output(path):
    pages = sum(
        1 for _, _, files in os.walk(path) for name in files if name.endswith(".html")
    )
    size = subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True)
    return pages, int(size.stdout.split()[0])


def main():
    args = parse_args()
    walls, rss, stage_runs = [], [], []
    for rep in range(args.reps):
        remove(args.output)
        wall, peak, stderr = run_once(args.command)
        walls.append(wall)
        rss.append(peak)
        if args.timings:
            stage_runs.append(stages(stderr))
        print(f"  {args.label}: run {rep + 1}/{args.reps}: {wall:.3f} s, {peak} KiB", file=sys.stderr)
    pages, size = count_output(args.output)
    if not args.keep_output:
        remove(args.output)
    stage_names = stage_runs[0].keys() if stage_runs else []
    result = {
        "label": args.label,
        "command": args.command,
        "reps": args.reps,
        "wall_s": walls,
        "median_s": statistics.median(walls),
        "min_s": min(walls),
        "peak_rss_kib": rss,
        "median_rss_kib": statistics.median([r for r in rss if r is not None] or [0]),
        "html_pages": pages,
        "output_bytes": size,
        "pages_per_s": pages / statistics.median(walls),
        "stages_ms": {
            name: statistics.median(run.get(name, 0.0) for run in stage_runs)
            for name in stage_names
        },
    }
    with open(args.json, "w") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
