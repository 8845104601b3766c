#!/usr/bin/env python3
"""Validate a built site's open data against tests/schemas/open-referral-uk.schema.json.

Usage: python3 check_open_data.py PUBLIC_DIR
Checks each /open-data/*.json file against its record type, that no table of
organizations or services is empty, that every id is unique (within and across
tables) and that every *_id reference points at a record that exists.
Needs the jsonschema package (python3 -m pip install jsonschema).
"""

import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker

TABLES = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "contacts": "contact",
    "phones": "phone",
}


def main():
    public = pathlib.Path(sys.argv[1])
    schema = json.loads((pathlib.Path(__file__).parent / "schemas/open-referral-uk.schema.json").read_text())
    problems = []
    records = {}
    for table, kind in TABLES.items():
        data = json.loads((public / "open-data" / f"{table}.json").read_text())
        table_schema = {"$defs": schema["$defs"], "type": "array", "items": {"$ref": f"#/$defs/{kind}"}}
        validator = Draft202012Validator(table_schema, format_checker=FormatChecker())
        for error in validator.iter_errors(data):
            problems.append(f"{table}.json {list(error.absolute_path)}: {error.message}")
        records[table] = data
    ids = {}
    for table, data in records.items():
        if not data and table in ("organizations", "services"):
            problems.append(f"{table}.json is empty")
        for record in data:
            if record["id"] in ids:
                problems.append(f"id {record['id']} is in {table} and {ids[record['id']]}")
            ids[record["id"]] = table
    orgs = {r["id"] for r in records["organizations"]}
    contacts = {r["id"] for r in records["contacts"]}
    for table in ("services", "locations", "contacts"):
        for r in records[table]:
            if r["organization_id"] not in orgs:
                problems.append(f"{table}.json {r['id']}: organization_id points nowhere")
    for r in records["phones"]:
        if r["contact_id"] not in contacts:
            problems.append(f"phones.json {r['id']}: contact_id points nowhere")
    for p in problems:
        print("FAIL", p)
    counts = ", ".join(f"{len(v)} {k}" for k, v in records.items())
    print(f"{'FAILED' if problems else 'OK'}: {counts}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
