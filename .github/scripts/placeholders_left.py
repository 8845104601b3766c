#!/usr/bin/env python3
"""Fail while any `WRITE HERE` placeholder is left in the content.

Usage: python3 placeholders_left.py FINDINGS_JSON
FINDINGS_JSON is the output of `clustersite check --format json`. A
placeholder is only a warning to `check` (so that a half-written file can be
previewed), but a page that still says WRITE HERE must never be published:
this prints one GitHub error annotation naming every place and exits 1. The
other warnings (such as out-of-date information) do not stop publishing.
Exits 2 if the findings cannot be read.
"""

import json
import pathlib
import sys

RULE = "placeholder"


def main():
    path = sys.argv[1]
    try:
        findings = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        left = [f for f in findings if f["rule"] == RULE]
        places = ", ".join(f"{f['file']} line {f['line']}" for f in left)
    except (OSError, ValueError, TypeError, KeyError) as e:
        print(f"placeholders_left: cannot read the findings in {path}: {e}", file=sys.stderr)
        sys.exit(2)
    if not left:
        return
    count = "1 place still says" if len(left) == 1 else f"{len(left)} places still say"
    print(
        f"::error title=WRITE HERE is still in the content::{count} WRITE HERE ({places}). "
        "Replace each with your own words: the site is not published while one is left."
    )
    sys.exit(1)


main()
