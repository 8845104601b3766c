#!/usr/bin/env python3
"""The size of a built site's search index (its pagefind/ folder).

usage: index_size.py OUTPUT_DIR --json FILE

Writes the bytes and files under OUTPUT_DIR/pagefind, the parts per language
(pagefind/parts.json) and the pages indexed (one fragment file each), and the
size per 1,000 indexed pages. Fails if the site has no index.
"""

import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    index = os.path.join(args.output, "pagefind")
    listing = os.path.join(index, "parts.json")
    if not os.path.isfile(listing):
        sys.exit(f"index_size.py: {listing} is missing: the site was built without its search index")
    size, files, pages = 0, 0, 0
    for folder, _, names in os.walk(index):
        for name in names:
            size += os.path.getsize(os.path.join(folder, name))
            files += 1
            pages += name.endswith(".pf_fragment")
    with open(listing) as f:
        parts = {language: len(folders) for language, folders in json.load(f).items()}
    result = {
        "bytes": size,
        "files": files,
        "pages_indexed": pages,
        "parts": parts,
        "bytes_per_1000_pages": round(size * 1000 / pages) if pages else 0,
    }
    with open(args.json, "w") as out:
        json.dump(result, out, indent=2)
    print(
        f"search index: {size / 1e6:.2f} MB in {files} files, {pages} pages indexed, parts {parts}; "
        f"{result['bytes_per_1000_pages'] / 1e6:.2f} MB per 1,000 pages"
    )


if __name__ == "__main__":
    main()
