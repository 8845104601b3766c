#!/usr/bin/env python3
"""Times two build commands side by side, in interleaved pairs, and prints the ratio per pair.

usage: pairs.py --kind cold|warm|edit --reps N --json FILE
                --a-label NAME --a-cmd CMD --a-out DIR [--a-edit FILE] [--a-timings]
                --b-label NAME --b-cmd CMD --b-out DIR [--b-edit FILE]

Each pair runs A and B once each, A first in even pairs and B first in odd
ones, so that a slow moment of a shared machine falls on both. The ratio of
the pair is A's wall time over B's; the summary is the median of the ratios.

- cold: the output folder is removed before each run (not timed);
- warm: the output is kept from the tool's previous build (one untimed build
  first makes it); nothing changes between runs;
- edit: as warm, but before each run one line is appended to the body of the
  tool's Markdown file given by --a-edit / --b-edit (a different line each run).

Each run goes through /usr/bin/time -v for its peak RSS. With --a-timings, A's
`--timings` lines ("  load      12.3 ms") are kept per stage.
"""

import argparse
import json
import os
import re
import shlex
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
    parser.add_argument("--kind", choices=["cold", "warm", "edit"], required=True)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--json", required=True)
    for side in "ab":
        parser.add_argument(f"--{side}-label", required=True)
        parser.add_argument(f"--{side}-cmd", required=True, help="the command, as one shell-quoted string")
        parser.add_argument(f"--{side}-out", required=True, help="the build's output folder")
        parser.add_argument(f"--{side}-edit", help="the Markdown file an edit run appends to")
    parser.add_argument("--a-timings", action="store_true")
    args = parser.parse_args()
    if args.kind == "edit" and not (args.a_edit and args.b_edit):
        parser.error("--kind edit needs --a-edit and --b-edit")
    return args


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
        raise SystemExit(f"pairs.py: `{' '.join(command)}` exited with {done.returncode}")
    match = RSS_LINE.search(usage)
    return wall, int(match.group(1)) if match else None, done.stderr


def stages(stderr):
    found = {}
    for line in stderr.splitlines():
        match = STAGE_LINE.match(line)
        if match:
            found[match.group(1).strip()] = float(match.group(2))
    return found


class Side:
    def __init__(self, args, side):
        self.label = getattr(args, f"{side}_label")
        self.command = shlex.split(getattr(args, f"{side}_cmd"))
        self.output = getattr(args, f"{side}_out")
        self.edit = getattr(args, f"{side}_edit")
        self.timings = side == "a" and args.a_timings
        self.walls, self.rss, self.stages = [], [], []

    def prepare(self, kind, rep):
        """Untimed: what the kind of build needs before the run."""
        if kind == "cold":
            if os.path.lexists(self.output):
                shutil.rmtree(self.output)
        elif not os.path.isdir(self.output):
            run_once(self.command)
        if kind == "edit":
            with open(self.edit, "a") as markdown:
                markdown.write(f"\nA line added by the benchmark, edit {rep + 1}.\n")

    def run(self):
        wall, peak, stderr = run_once(self.command)
        self.walls.append(wall)
        self.rss.append(peak)
        if self.timings:
            self.stages.append(stages(stderr))
        return wall

    def summary(self):
        names = self.stages[0].keys() if self.stages else []
        return {
            "label": self.label,
            "command": self.command,
            "wall_s": self.walls,
            "median_s": statistics.median(self.walls),
            "min_s": min(self.walls),
            "peak_rss_kib": self.rss,
            "median_rss_kib": statistics.median([r for r in self.rss if r] or [0]),
            "max_rss_kib": max([r for r in self.rss if r] or [0]),
            "stages_ms": {n: statistics.median(s.get(n, 0.0) for s in self.stages) for n in names},
        }


def main():
    args = parse_args()
    a, b = Side(args, "a"), Side(args, "b")
    ratios = []
    for rep in range(args.reps):
        order = (a, b) if rep % 2 == 0 else (b, a)
        walls = {}
        for side in order:
            side.prepare(args.kind, rep)
            walls[side.label] = side.run()
        ratios.append(walls[a.label] / walls[b.label])
        print(
            f"  {args.kind} pair {rep + 1}/{args.reps}: {a.label} {walls[a.label]:.3f} s, "
            f"{b.label} {walls[b.label]:.3f} s, ratio {ratios[-1]:.2f}",
            file=sys.stderr,
        )
    result = {
        "kind": args.kind,
        "reps": args.reps,
        "a": a.summary(),
        "b": b.summary(),
        "ratios": ratios,
        "median_ratio": statistics.median(ratios),
        "min_ratio": min(ratios),
        "max_ratio": max(ratios),
    }
    with open(args.json, "w") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
