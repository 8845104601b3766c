#!/usr/bin/env python3
"""Latency of `clustersite serve`: from saving a Markdown file to the reload event.

Usage:
    cargo build --release --bin clustersite
    python3 bench/serve-latency.py --root DIR [--runs 20] [--binary target/release/clustersite]

DIR is a site root (the folder holding content/), e.g. one made with
`cargo run --release --bin bench-gen -- --preset leeds --out DIR`, or `.` for the real site.
The benchmark works on a temporary copy of DIR's content/, templates/, static/ and themes/,
so it never edits real content. It starts `serve --port 0`, subscribes to the Server-Sent
Events stream, then `--runs` times appends a line to one Markdown file (`--file`: any content
file; a TOML file gets a comment line) and times the write
to the `reload` event (debounce + full in-memory rebuild + publish). It prints the result
as JSON, then a one-line summary. Standard library only.
"""

import argparse
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVENTS = "/__clustersite/events"
COPIED = ["content", "templates", "static", "themes"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True, type=Path, help="site root holding content/")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--binary", type=Path, default=REPO / "target/release/clustersite")
    parser.add_argument("--file", help="Markdown file to edit, relative to the root")
    parser.add_argument("--pause", type=float, default=0.3,
                        help="seconds between edits, so each starts a fresh debounce window")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for any one step")
    return parser.parse_args()


def copy_site(root, into):
    for name in COPIED:
        if (root / name).is_dir():
            shutil.copytree(root / name, into / name)
    if not (into / "content").is_dir():
        sys.exit(f"{root} has no content/ folder")


def pick_file(root, chosen):
    if chosen:
        return root / chosen
    pages = sorted((root / "content/pages").glob("*.md")) or sorted((root / "content").rglob("*.md"))
    if not pages:
        sys.exit("no Markdown file to edit")
    return pages[0]


def start(binary, root, timeout):
    """Starts serve; returns the process, its address and its log (a list that keeps filling)."""
    process = subprocess.Popen(
        [str(binary), "serve", "--root", str(root), "--port", "0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    found = queue.Queue()
    log = []

    def drain():
        for line in process.stderr:
            log.append(line.rstrip("\n"))
            match = re.search(r"http://([^/\s]+)/", line)
            if line.startswith("Serving ") and match:
                found.put(match.group(1))
        found.put(None)

    threading.Thread(target=drain, daemon=True).start()
    try:
        address = found.get(timeout=timeout)
    except queue.Empty:
        address = None
    if address is None:
        process.kill()
        sys.exit("serve did not start:\n" + "\n".join(log))
    return process, address, log


def subscribe(address):
    """A queue of (arrival time, event name, data) from the event stream."""
    host, port = address.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n".encode())
    events = queue.Queue()

    def read():
        stream = sock.makefile("r", encoding="utf-8", newline="\n")
        for line in stream:  # the response head
            if line.strip() == "":
                break
        name, data = None, ""
        for line in stream:
            line = line.rstrip("\r\n")
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: "):
                data = line[len("data: "):]
            elif line == "" and name:
                events.put((time.monotonic(), name, data))
                name, data = None, ""

    threading.Thread(target=read, daemon=True).start()
    return sock, events


def next_reload(events, timeout):
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            sys.exit("no reload event in time")
        arrived, name, data = events.get(timeout=left)
        if name == "reload":
            return arrived
        if name == "build-error":
            sys.exit("the edit broke the build: " + data[:500])


def drain(events):
    while not events.empty():
        events.get_nowait()


def measure(args, site):
    page = pick_file(site, args.file)
    original = page.read_text(encoding="utf-8")
    process, address, log = start(args.binary, site, args.timeout)
    try:
        sock, events = subscribe(address)
        next_reload(events, args.timeout)  # the greeting: the current site
        samples = []
        for run in range(args.runs):
            time.sleep(args.pause)
            drain(events)
            started = time.monotonic()
            # A TOML file (a cluster.toml) gets a comment: still a change to
            # its text, so everything made from the file is looked at again.
            comment = "# " if page.suffix == ".toml" else ""
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n{comment}Benchmark edit number {run}.\n")
            samples.append((next_reload(events, args.timeout) - started) * 1000)
        sock.close()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        page.write_text(original, encoding="utf-8")
    builds = [int(m.group(1)) for line in log if (m := re.search(r"changed, rebuilt in (\d+) ms", line))]
    pages = next((int(m.group(1)) for line in log if (m := re.search(r"ok \((\d+) pages", line))), None)
    return page.relative_to(site), samples, builds, pages


def main():
    args = parse_args()
    if not args.binary.exists():
        sys.exit(f"{args.binary} does not exist: run `cargo build --release --bin clustersite` first")
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as tmp:
        site = Path(tmp)
        copy_site(args.root.resolve(), site)
        edited, samples, builds, pages = measure(args, site)
    result = {
        "root": str(args.root),
        "pages": pages,
        "edited": str(edited),
        "runs": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "rebuild_median_ms": statistics.median(builds) if builds else None,
        "samples_ms": [round(s, 1) for s in samples],
    }
    print(json.dumps(result, indent=2))
    print(
        f"serve latency, save to reload event, {result['runs']} runs on {args.root} ({pages} pages): "
        f"median {result['median_ms']} ms (min {result['min_ms']}, max {result['max_ms']}); "
        f"rebuild alone median {result['rebuild_median_ms']} ms"
    )


if __name__ == "__main__":
    main()
