#!/usr/bin/env python3
"""Validate content files against the shipped schemas/ with a real validator.

Usage: python3 check_content_schemas.py SITE_ROOT...
Each TOML file and each Markdown file's +++ front matter under SITE_ROOT/content
is parsed with tomllib (TOML dates become YYYY-MM-DD strings, as the schemas
describe them) and validated with jsonschema (draft 2020-12, formats checked)
against the schema for its place. Prints one line per file, `valid PATH` or
`invalid PATH: MESSAGE`, and always exits 0: the Rust test judges the lines.
Needs the jsonschema package (python3 -m pip install jsonschema).
"""

import datetime
import json
import pathlib
import sys
import tomllib

from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "schemas"


def translation(name, stem, extension):
    """`how-to-get-help.pl.md` translates `how-to-get-help.md` into `pl`."""
    parts = name.split(".")
    return len(parts) == 3 and parts[2] == extension and (stem is None or parts[0] == stem)


def shape(relative):
    parts = relative.parts
    match parts:
        case (name,) if translation(name, "index", "md"):
            return "translated-page"
        case ("pages", name) if translation(name, None, "md"):
            return "translated-page"
        case ("clusters", _, name) if translation(name, "cluster", "toml"):
            return "cluster-translation"
        case ("forms", name) if translation(name, "request-for-support", "toml"):
            return "form-translation"
        case ("site.toml",):
            return "site"
        case ("glossary.toml",):
            return "glossary"
        case ("topics.toml",):
            return "topics"
        case ("forms", "request-for-support.toml"):
            return "form"
        case ("index.md",) | ("clusters", _, "index.md"):
            return "intro"
        case ("pages", name) if name.endswith(".md"):
            return "page"
        case ("clusters", _, "cluster.toml"):
            return "cluster"
        case ("clusters", _, "updates", name) if name.endswith(".md"):
            return "update"
        case ("clusters", _, "case-studies", name) if name.endswith(".md"):
            return "case-study"
    return None


def plain(value):
    """TOML values as JSON values: dates as YYYY-MM-DD strings."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def front_matter(text):
    lines = text.splitlines()
    if not lines or lines[0].strip() != "+++":
        raise ValueError("no +++ front matter")
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "+++":
            return "\n".join(lines[1:i])
    raise ValueError("the front matter is not closed")


def main():
    validators = {}
    for root in sys.argv[1:]:
        content = pathlib.Path(root) / "content"
        for path in sorted(content.rglob("*")):
            relative = path.relative_to(content)
            kind = shape(relative)
            if kind is None or not path.is_file():
                continue
            shown = "content/" + relative.as_posix()
            if kind not in validators:
                schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
                validators[kind] = Draft202012Validator(schema, format_checker=FormatChecker())
            try:
                text = path.read_text(encoding="utf-8")
                data = tomllib.loads(front_matter(text) if path.suffix == ".md" else text)
            except (ValueError, tomllib.TOMLDecodeError) as e:
                print(f"invalid {shown}: cannot be read as TOML: {e}")
                continue
            errors = sorted(validators[kind].iter_errors(plain(data)), key=lambda e: list(e.path))
            if errors:
                where = "/".join(str(p) for p in errors[0].path)
                print(f"invalid {shown}: {where}: {errors[0].message}")
            else:
                print(f"valid {shown}")


main()
