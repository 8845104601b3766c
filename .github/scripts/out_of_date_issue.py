#!/usr/bin/env python3
"""Keep one GitHub issue listing what on the site is out of date.

Usage: python3 out_of_date_issue.py FINDINGS_JSON
FINDINGS_JSON is the output of `clustersite check --format json`, run in the
repository root. The `out-of-date` findings are listed in one issue with the
label `out-of-date`, grouped by cluster: the issue is opened if none is open,
updated if one is, and closed when nothing is out of date any more. Uses the
`gh` command (GH_TOKEN and GH_REPO set by the workflow). Exits 2 if the
findings cannot be read.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile
import tomllib

LABEL = "out-of-date"
RULE = "out-of-date"
WHOLE_SITE = "The whole site"


def gh(*args, capture=False):
    result = subprocess.run(["gh", *args], check=True, text=True, capture_output=capture)
    return result.stdout if capture else None


def cluster_name(slug):
    """The cluster's name from its cluster.toml, or its slug if unreadable."""
    try:
        with open(pathlib.Path("content/clusters") / slug / "cluster.toml", "rb") as f:
            return tomllib.load(f)["name"] + " cluster"
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return slug


def group(findings):
    """{heading: [finding]}: each cluster by name (in name order), then the whole site."""
    groups = {}
    for finding in findings:
        parts = pathlib.PurePosixPath(finding["file"]).parts
        if parts[:2] == ("content", "clusters") and len(parts) > 3:
            heading = cluster_name(parts[2])
        else:
            heading = WHOLE_SITE
        groups.setdefault(heading, []).append(finding)
    order = sorted(h for h in groups if h != WHOLE_SITE)
    if WHOLE_SITE in groups:
        order.append(WHOLE_SITE)
    return {h: groups[h] for h in order}


def where(finding):
    """`file line N`, a link to that line when run in a workflow."""
    text = f"{finding['file']} line {finding['line']}"
    repo, sha = os.environ.get("GITHUB_REPOSITORY"), os.environ.get("GITHUB_SHA")
    if repo and sha:
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        return f"[{text}]({server}/{repo}/blob/{sha}/{finding['file']}#L{finding['line']})"
    return text


def body(groups):
    lines = [
        "The site tells families that these may be out of date, because nobody has checked "
        "them for a long time. For each one: check it against where it came from, correct "
        "it if it has changed, then set its `last_reviewed` to the day you checked it.",
        "",
        "This issue is updated every week, and closed when nothing is out of date.",
    ]
    for heading, findings in groups.items():
        lines += ["", f"## {heading}", ""]
        lines += [f"- [ ] {f['message']} ({where(f)})" for f in findings]
    return "\n".join(lines) + "\n"


def main():
    path = sys.argv[1]
    try:
        findings = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        stale = [f for f in findings if f["rule"] == RULE]
    except (OSError, ValueError, TypeError, KeyError) as e:
        print(f"out_of_date_issue: cannot read the findings in {path}: {e}", file=sys.stderr)
        print("  it must be the output of `clustersite check --format json`", file=sys.stderr)
        sys.exit(2)

    if stale:
        gh("label", "create", LABEL, "--color", "FBCA04", "--force",
           "--description", "Information on the site that needs checking")
    # Only this workflow's own issues: someone else's issue given the label is left alone.
    listed = gh("issue", "list", "--label", LABEL, "--author", "app/github-actions", "--state", "open",
                "--json", "number", "--jq", ".[].number", capture=True)
    open_issues = listed.split()

    if not stale:
        for number in open_issues:
            gh("issue", "close", number, "--comment", "Nothing on the site is out of date now.")
        return

    title = f"{len(stale)} things on the site to check"
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as f:
        f.write(body(group(stale)))
    try:
        if open_issues:
            gh("issue", "edit", open_issues[0], "--title", title, "--body-file", f.name)
        else:
            gh("issue", "create", "--title", title, "--label", LABEL, "--body-file", f.name)
    finally:
        os.unlink(f.name)


main()
