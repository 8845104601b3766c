#!/usr/bin/env python3
"""The largest HTML page of a built site, gzipped together with its CSS.

usage: page_size.py OUTPUT_DIR --json FILE [--budget BYTES]

For every .html file under OUTPUT_DIR: its size gzipped (level 6, the usual
server default) plus the gzipped size of each stylesheet it links from the
site (<link rel="stylesheet" href="/...">): what a first visit downloads
before the page can be shown. Writes the largest page and the number over
the budget (default 14 KB = 14,336 bytes, the first round trip of a new TCP
connection) as JSON; exits 0 either way (bench/run decides).
"""

import argparse
import gzip
import json
import os
import re

LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
STYLESHEET = re.compile(rb"""rel=["']?stylesheet""", re.IGNORECASE)
HREF = re.compile(rb"""href=["']?([^"' >]+)""", re.IGNORECASE)


def gz(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--json", required=True)
    parser.add_argument("--budget", type=int, default=14 * 1024)
    args = parser.parse_args()
    css_sizes = {}
    pages, over, largest = 0, [], None
    for folder, _, names in os.walk(args.output):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                html = f.read()
            css = 0
            for link in LINK.findall(html):
                href = HREF.search(link)
                if not STYLESHEET.search(link) or not href or not href.group(1).startswith(b"/"):
                    continue
                target = os.path.join(args.output, href.group(1).decode().lstrip("/").split("?")[0])
                if target not in css_sizes:
                    css_sizes[target] = gz(open(target, "rb").read()) if os.path.isfile(target) else 0
                css += css_sizes[target]
            page = {
                "path": "/" + os.path.relpath(path, args.output),
                "html_bytes": len(html),
                "html_gzip": gz(html),
                "css_gzip": css,
            }
            page["total_gzip"] = page["html_gzip"] + css
            pages += 1
            if page["total_gzip"] > args.budget:
                over.append(page)
            if largest is None or page["total_gzip"] > largest["total_gzip"]:
                largest = page
    over.sort(key=lambda p: -p["total_gzip"])
    result = {
        "pages": pages,
        "budget_bytes": args.budget,
        "largest": largest,
        "over_budget": len(over),
        "worst_over": over[:5],
    }
    with open(args.json, "w") as out:
        json.dump(result, out, indent=2)
    if largest:
        print(
            f"largest page: {largest['path']} {largest['total_gzip']} bytes gzipped with its CSS "
            f"({largest['html_gzip']} + {largest['css_gzip']}); {len(over)} of {pages} pages over "
            f"{args.budget} bytes"
        )


if __name__ == "__main__":
    main()
