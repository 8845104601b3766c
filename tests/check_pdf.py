#!/usr/bin/env python3
"""Check a generated referral-form PDF with real PDF tools.

Usage: python3 check_pdf.py FORM.pdf EXPECTED.json

EXPECTED.json describes what the PDF must contain:
  {
    "fields":   [{"id": .., "kind": .., "label": .., "options": [..],
                  "required": true|false (optional), "lines": N (optional)}],
    "headings": ["Title", "Section 1", ..., "Privacy notice"],
    "title":    "document title" (optional, default headings[0]),
    "lang":     "en-GB" (optional, default en-GB),
    "page1":    [text that must be on page 1] (optional),
    "text":     [text that must be somewhere] (optional)
  }
kind is one of text, multiline, date, email, phone, checkbox, choice.
headings[0] is the H1; the rest are the H2s, in order.
A bare list of fields is accepted too; heading checks then only ask for
one H1, and the title is not compared.

Needs qpdf, pdftotext and pdftoppm (poppler-utils) and pypdf.
Prints PASS/FAIL per check and ends with "N passed, M failed";
exits non-zero if anything failed.
"""

import io
import json
import re
import subprocess
import sys
import tempfile

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

A4 = (595.28, 841.89)
FF_REQUIRED = 1 << 1
FF_MULTILINE = 1 << 12
FF_RADIO = 1 << 15
FF_PUSHBUTTON = 1 << 16
ANNOT_PRINT = 1 << 2
TEXT_KINDS = {"text", "date", "email", "phone"}
PAINT_OPS = {b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*",
             b"B", b"B*", b"b", b"b*", b"Do", b"sh"}


class Checks:
    """Collects named results; a failing check does not stop the others."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")
        return ok

    def run(self, name, fn, *args):
        """Runs fn(*args) -> list of problems; empty means pass."""
        try:
            problems = fn(*args)
        except Exception as e:  # a crash is a failure of that check only
            problems = [f"{type(e).__name__}: {e}"]
        shown = "; ".join(problems[:8]) + (" ..." if len(problems) > 8 else "")
        return self.check(name, not problems, shown)


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def as_list(obj):
    obj = resolve(obj)
    if obj is None:
        return []
    return list(obj) if isinstance(obj, (list, ArrayObject)) else [obj]


def is_true(obj):
    """pypdf's BooleanObject(False) is truthy, so compare instead."""
    return resolve(obj) == True  # noqa: E712


def normalise(text):
    return " ".join(text.replace("\u00a0", " ").split())


def squash(text):
    """Letters and digits only, lower case: compares export names."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def run_tool(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


# ---------------------------------------------------------------- qpdf

def qpdf_problems(path):
    r = run_tool("qpdf", "--check", path)
    out = r.stdout + r.stderr
    problems = []
    if r.returncode != 0:
        problems.append(f"qpdf exit {r.returncode}")
    if "No syntax or stream encoding errors found" not in out:
        problems.append("qpdf did not report a clean file")
    return problems + [line for line in out.splitlines() if "WARNING" in line]


# -------------------------------------------------------------- fields

def terminal_fields(acroform):
    """(name, field dict, widget dicts) for every terminal field."""
    out = []

    def walk(field, prefix):
        field = resolve(field)
        name = prefix + str(field.get("/T", ""))
        kids = [resolve(k) for k in as_list(field.get("/Kids"))]
        if kids and any("/T" in k for k in kids):
            for kid in kids:
                walk(kid, name + ".")
        else:
            widgets = kids if kids else [field]
            out.append((name, field, widgets))

    for f in as_list(acroform.get("/Fields")):
        walk(f, "")
    return out


def kind_class(field):
    ft = field.get("/FT")
    flags = int(field.get("/Ff", 0))
    if ft == "/Tx":
        return "multiline" if flags & FF_MULTILINE else "text"
    if ft == "/Btn":
        if flags & FF_PUSHBUTTON:
            return "pushbutton"
        return "choice" if flags & FF_RADIO else "checkbox"
    return str(ft)


def expected_class(kind):
    return "text" if kind in TEXT_KINDS else kind


def on_states(widget):
    normal = resolve(resolve(widget.get("/AP", DictionaryObject())).get("/N"))
    if not isinstance(normal, DictionaryObject) or "/BBox" in normal:
        return []
    return [k for k in normal.keys() if k != "/Off"]


def field_problems(reader, expected):
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    found = terminal_fields(acro)
    problems = []
    names = [n for n, _, _ in found]
    want = [f["id"] for f in expected]
    if names != want:
        problems.append(f"field names {names} != expected {want}")
    by_name = {n: (f, w) for n, f, w in found}
    for exp in expected:
        if exp["id"] not in by_name:
            continue
        field, widgets = by_name[exp["id"]]
        problems += one_field_problems(exp, field, widgets)
    return problems


def one_field_problems(exp, field, widgets):
    fid, kind = exp["id"], exp["kind"]
    problems = []
    got = kind_class(field)
    if got != expected_class(kind):
        problems.append(f"{fid}: kind {got}, expected {kind}")
    flags = int(field.get("/Ff", 0))
    if "required" in exp and bool(flags & FF_REQUIRED) != exp["required"]:
        problems.append(f"{fid}: Required flag {bool(flags & FF_REQUIRED)}")
    if kind == "choice":
        problems += choice_problems(exp, field, widgets)
    elif kind == "checkbox":
        if len(widgets) != 1 or len(on_states(widgets[0])) != 1:
            problems.append(f"{fid}: checkbox needs one widget with one on state")
    elif len(widgets) != 1:
        problems.append(f"{fid}: {len(widgets)} widgets")
    if kind == "multiline" and widgets:
        rect = [float(v) for v in widgets[0]["/Rect"]]
        height = abs(rect[3] - rect[1])
        if height < exp.get("lines", 4) * 12:
            problems.append(f"{fid}: box {height:.0f}pt is short for {exp.get('lines', 4)} lines")
    return problems


def choice_problems(exp, field, widgets):
    fid, options = exp["id"], exp["options"]
    problems = []
    if len(widgets) != len(options):
        return [f"{fid}: {len(widgets)} widgets for {len(options)} options"]
    states = [on_states(w) for w in widgets]
    if any(len(s) != 1 for s in states):
        return [f"{fid}: each radio widget needs exactly one on state, got {states}"]
    states = [s[0] for s in states]
    if len(set(states)) != len(states):
        problems.append(f"{fid}: on states not unique: {states}")
    for state, option in zip(states, options):
        if squash(state) != squash(option):
            problems.append(f"{fid}: export {state} not derived from {option!r}")
    opt = [str(o) for o in as_list(field.get("/Opt"))]
    if opt and opt != options:
        problems.append(f"{fid}: /Opt {opt} != options")
    return problems


def tooltip_problems(reader, expected):
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    by_name = {n: f for n, f, _ in terminal_fields(acro)}
    problems = []
    for exp in expected:
        field = by_name.get(exp["id"])
        if field is None:
            continue
        tu = str(field.get("/TU", ""))
        allowed = {exp["label"], exp["label"] + " (optional)"}
        if "required" in exp:
            allowed = {exp["label"] if exp["required"] else exp["label"] + " (optional)"}
        if tu not in allowed:
            problems.append(f"{exp['id']}: /TU {tu!r} not in {sorted(allowed)}")
    return problems


def acroform_problems(reader):
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    problems = []
    if is_true(acro.get("/NeedAppearances", False)):
        problems.append("NeedAppearances is true")
    fonts = resolve(resolve(acro.get("/DR", DictionaryObject())).get("/Font", DictionaryObject()))
    da = str(acro.get("/DA", ""))
    if not fonts:
        problems.append("no /DR font")
    for name, field, _ in terminal_fields(acro):
        if field.get("/FT") != "/Tx":
            continue
        field_da = str(field.get("/DA", da))
        m = re.search(r"/(\S+)\s+[\d.]+\s+Tf", field_da)
        if not m or "/" + m.group(1) not in fonts:
            problems.append(f"{name}: /DA {field_da!r} names no /DR font")
    return problems


# ------------------------------------------------------------- widgets

def widgets_by_page(reader):
    for index, page in enumerate(reader.pages):
        for annot in as_list(page.get("/Annots")):
            ref = annot
            annot = resolve(annot)
            if annot.get("/Subtype") == "/Widget":
                yield index, page, ref, annot


def widget_problems(reader, expected):
    problems = []
    count = 0
    for index, page, ref, w in widgets_by_page(reader):
        count += 1
        where = f"page {index + 1} widget {ref.idnum if isinstance(ref, IndirectObject) else '?'}"
        ap = resolve(w.get("/AP"))
        if ap is None or "/N" not in ap:
            problems.append(f"{where}: no /AP /N")
            continue
        if int(w.get("/F", 0)) & ANNOT_PRINT == 0:
            problems.append(f"{where}: not printable")
        if "/StructParent" not in w:
            problems.append(f"{where}: no /StructParent")
        parent = resolve(w.get("/Parent")) if "/Parent" in w and "/FT" not in w else w
        if parent.get("/FT") == "/Btn":
            n, d = resolve(ap["/N"]), resolve(ap.get("/D"))
            for label, states in (("/N", n), ("/D", d)):
                keys = set(states.keys()) if isinstance(states, DictionaryObject) else set()
                if "/Off" not in keys or len(keys) != 2:
                    problems.append(f"{where}: {label} states {sorted(keys)}")
            if "/AS" not in w:
                problems.append(f"{where}: no /AS")
        rect = [float(v) for v in w["/Rect"]]
        box = [float(v) for v in page.mediabox]
        if not (box[0] <= rect[0] < rect[2] <= box[2] and box[1] <= rect[1] < rect[3] <= box[3]):
            problems.append(f"{where}: rect {rect} outside page")
    want = sum(len(f["options"]) if f["kind"] == "choice" else 1 for f in expected)
    if count != want:
        problems.append(f"{count} widget annotations, expected {want}")
    return problems


def page_problems(reader):
    problems = []
    for i, page in enumerate(reader.pages):
        if page.get("/Tabs") != "/S":
            problems.append(f"page {i + 1}: /Tabs {page.get('/Tabs')}")
        if "/StructParents" not in page:
            problems.append(f"page {i + 1}: no /StructParents")
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if abs(w - A4[0]) > 1 or abs(h - A4[1]) > 1:
            problems.append(f"page {i + 1}: {w}x{h} is not A4")
    return problems


# ------------------------------------------------------------- tagging

def catalog_problems(reader, lang):
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no /StructTreeRoot")
    if not is_true(resolve(root.get("/MarkInfo", DictionaryObject())).get("/Marked")):
        problems.append("/MarkInfo /Marked is not true")
    if str(root.get("/Lang", "")) != lang:
        problems.append(f"/Lang {root.get('/Lang')!r} != {lang!r}")
    prefs = resolve(root.get("/ViewerPreferences", DictionaryObject()))
    if not is_true(prefs.get("/DisplayDocTitle")):
        problems.append("DisplayDocTitle is not true")
    return problems


def struct_elements(reader):
    """Every structure element (dicts with /S) as (idnum or None, dict)."""
    root = resolve(reader.trailer["/Root"]["/StructTreeRoot"])
    out, stack, seen = [], list(as_list(root.get("/K"))), set()
    while stack:
        item = stack.pop()
        key = item.idnum if isinstance(item, IndirectObject) else id(item)
        if key in seen:
            continue
        seen.add(key)
        elem = resolve(item)
        if isinstance(elem, DictionaryObject) and "/S" in elem:
            out.append((item.idnum if isinstance(item, IndirectObject) else None, elem))
            stack.extend(as_list(elem.get("/K")))
    return out


def parent_tree(reader):
    root = resolve(reader.trailer["/Root"]["/StructTreeRoot"])
    nums = {}

    def walk(node):
        node = resolve(node)
        flat = as_list(node.get("/Nums"))
        for i in range(0, len(flat), 2):
            nums[int(flat[i])] = flat[i + 1]
        for kid in as_list(node.get("/Kids")):
            walk(kid)

    walk(root["/ParentTree"])
    return nums


def objr_targets(elem):
    out = []
    for kid in as_list(elem.get("/K")):
        kid = resolve(kid)
        if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
            out.append(kid.raw_get("/Obj").idnum)
    return out


def widget_tag_problems(reader):
    problems = []
    forms = {num: elem for num, elem in struct_elements(reader) if elem["/S"] == "/Form"}
    linked = {t for elem in forms.values() for t in objr_targets(elem)}
    nums = parent_tree(reader)
    for index, _, ref, w in widgets_by_page(reader):
        where = f"page {index + 1} widget {ref.idnum}"
        if ref.idnum not in linked:
            problems.append(f"{where}: no Form element has an OBJR to it")
        key = w.get("/StructParent")
        target = nums.get(int(key)) if key is not None else None
        if not isinstance(target, IndirectObject) or target.idnum not in forms:
            problems.append(f"{where}: parent tree key {key} is not its Form element")
        elif ref.idnum not in objr_targets(forms[target.idnum]):
            problems.append(f"{where}: parent tree Form element does not point back")
    return problems


def heading_problems(reader, headings):
    roles = [str(elem["/S"]) for _, elem in struct_elements(reader)]
    problems = []
    if roles.count("/H1") != 1:
        problems.append(f"{roles.count('/H1')} H1 elements")
    if headings and roles.count("/H2") != len(headings) - 1:
        problems.append(f"{roles.count('/H2')} H2 elements, expected {len(headings) - 1}")
    if roles.count("/P") == 0:
        problems.append("no P elements")
    return problems


def element_mcids(elem, page_ref):
    """MCIDs an element owns on the page `page_ref` (an idnum)."""
    own_page = elem.raw_get("/Pg").idnum if "/Pg" in elem else None
    out = set()
    for kid in as_list(elem.get("/K")):
        if isinstance(kid, int):
            if own_page == page_ref:
                out.add(int(kid))
            continue
        kid = resolve(kid)
        if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            pg = kid.raw_get("/Pg").idnum if "/Pg" in kid else own_page
            if pg == page_ref:
                out.add(int(kid["/MCID"]))
    return out


def content_problems(reader):
    """All painting is in marked content: tagged (MCID) or an artifact,
    and every MCID maps through the parent tree to an element owning it."""
    problems = []
    nums = parent_tree(reader)
    for index, page in enumerate(reader.pages):
        ops = ContentStream(page.get_contents(), reader).operations
        stack, mcids = [], []
        for operands, op in ops:
            if op in (b"BDC", b"BMC"):
                tag = str(operands[0])
                props = operands[1] if op == b"BDC" and len(operands) > 1 else {}
                mcid = props.get("/MCID") if isinstance(props, dict) else None
                if mcid is not None:
                    mcids.append(int(mcid))
                stack.append(tag == "/Artifact" or mcid is not None)
            elif op == b"EMC":
                if not stack:
                    problems.append(f"page {index + 1}: unbalanced EMC")
                    break
                stack.pop()
            elif op in PAINT_OPS and not any(stack):
                problems.append(f"page {index + 1}: {op.decode()} outside tagged content or artifact")
                break
        if stack:
            problems.append(f"page {index + 1}: unclosed marked content")
        array = as_list(nums.get(int(page["/StructParents"])))
        page_ref = page.indirect_reference.idnum
        for mcid in mcids:
            if mcid >= len(array):
                problems.append(f"page {index + 1}: MCID {mcid} missing from parent tree")
            elif mcid not in element_mcids(resolve(array[mcid]), page_ref):
                problems.append(f"page {index + 1}: element for MCID {mcid} does not own it")
        if len(set(mcids)) != len(mcids):
            problems.append(f"page {index + 1}: duplicate MCIDs")
    return problems


# ---------------------------------------------------- fonts & metadata

def font_problems(reader):
    problems = []
    for i, page in enumerate(reader.pages):
        fonts = resolve(resolve(page.get("/Resources", DictionaryObject())).get("/Font", DictionaryObject()))
        for name, font in fonts.items():
            font = resolve(font)
            where = f"page {i + 1} {name}"
            if font.get("/Subtype") != "/Type0":
                problems.append(f"{where}: {font.get('/Subtype')} font, expected embedded Type0")
                continue
            if "/ToUnicode" not in font:
                problems.append(f"{where}: no ToUnicode")
            desc = resolve(resolve(font["/DescendantFonts"][0])["/FontDescriptor"])
            if not any(k in desc for k in ("/FontFile2", "/FontFile3")):
                problems.append(f"{where}: not embedded")
            if not re.match(r"^[A-Z]{6}\+", str(font["/BaseFont"])[1:]):
                problems.append(f"{where}: {font['/BaseFont']} is not a subset name")
    return problems


def metadata_problems(reader, title, lang):
    root = reader.trailer["/Root"]
    problems = []
    if "/Metadata" not in root:
        return ["no XMP /Metadata"]
    xmp = resolve(root["/Metadata"]).get_data().decode("utf-8")
    if not re.search(r"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        problems.append("XMP has no pdfuaid:part 1")
    plain = xmp.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    info_title = str((reader.metadata or {}).get("/Title", ""))
    title = info_title if title is None else title
    if not title or "dc:title" not in xmp or title not in plain:
        problems.append("XMP dc:title missing or wrong")
    if "dc:language" not in xmp or lang not in xmp:
        problems.append("XMP dc:language missing or wrong")
    if info_title != title:
        problems.append(f"Info /Title {info_title!r} != {title!r}")
    return problems


# ----------------------------------------------------------------- text

def pdftotext(path, *pages):
    r = run_tool("pdftotext", "-enc", "UTF-8", *pages, path, "-")
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return normalise(r.stdout)


def text_problems(path, exp, page_count):
    text = pdftotext(path)
    first = pdftotext(path, "-f", "1", "-l", "1")
    problems = []
    wanted = list(exp["headings"]) + list(exp.get("text", []))
    for f in exp["fields"]:
        wanted.append(f["label"])
        wanted += f["options"]
    for s in wanted:
        if normalise(s) not in text:
            problems.append(f"missing text {s!r}")
    for s in exp.get("page1", []):
        if normalise(s) not in first:
            problems.append(f"page 1 lacks {s!r}")
    for n in range(1, page_count + 1):
        if f"Page {n} of {page_count}" not in text:
            problems.append(f"no footer 'Page {n} of {page_count}'")
    return problems


def tagged_text_problems(path, exp):
    """What a screen reader gets from the tags: words must stay apart
    across wrapped lines, and headings must be tagged as such."""
    r = run_tool("pdfinfo", "-struct-text", path)
    if r.returncode != 0:
        return [r.stderr.strip()]
    quoted = [m.group(1) for m in re.finditer(r'^\s*"(.*)"\s*$', r.stdout, re.M)]
    text = normalise(" ".join(quoted))
    problems = []
    wanted = list(exp["headings"]) + list(exp.get("text", []))
    for f in exp["fields"]:
        wanted.append(f["label"])
        wanted += f["options"]
    for s in wanted:
        if normalise(s) not in text:
            problems.append(f"tags lack {s!r}")
    lines = r.stdout.splitlines()
    expected_roles = [("H1" if i == 0 else "H2", h) for i, h in enumerate(exp["headings"])]
    for role, heading in expected_roles:
        found = any(line.strip().startswith(role) and i + 1 < len(lines)
                    and normalise(lines[i + 1].strip().strip('"')) == normalise(heading)
                    for i, line in enumerate(lines))
        if not found:
            problems.append(f"{heading!r} is not tagged {role}")
    return problems


def render_problems(path):
    with tempfile.TemporaryDirectory() as tmp:
        r = run_tool("pdftoppm", "-png", "-r", "30", path, f"{tmp}/p")
    problems = [] if r.returncode == 0 else [f"pdftoppm exit {r.returncode}"]
    return problems + [line for line in r.stderr.splitlines() if line.strip()]


# ----------------------------------------------------------------- fill

def fill_values(reader, expected):
    """A value per field: text with non-ASCII characters, ticks, and the
    last option of each choice."""
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    widgets = {n: w for n, _, w in terminal_fields(acro)}
    values = {}
    for f in expected:
        kind = f["kind"]
        if kind == "checkbox":
            values[f["id"]] = on_states(widgets[f["id"]][0])[0]
        elif kind == "choice":
            values[f["id"]] = on_states(widgets[f["id"]][-1])[0]
        elif kind == "multiline":
            values[f["id"]] = f"First line for {f['id']}\nSecond line: Zoë O’Brien, £25"
        else:
            values[f["id"]] = f"Value for {f['id']}: Zoë O’Brien £25"
    return values


def fill_problems(path, expected):
    reader = PdfReader(path)
    values = fill_values(reader, expected)
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    buf = io.BytesIO()
    writer.write(buf)
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
        tmp.write(buf.getvalue())
    problems = [f"filled file: {p}" for p in qpdf_problems(tmp.name)]
    filled = PdfReader(tmp.name)
    got = filled.get_fields() or {}
    for fid, want in values.items():
        value = got.get(fid, {}).get("/V")
        if str(value).lstrip("/") != want.lstrip("/"):
            problems.append(f"{fid}: read back {value!r}, filled {want!r}")
    problems += selected_state_problems(filled, expected, values)
    problems += [f"filled file: {p}" for p in render_problems(tmp.name)]
    return problems


def selected_state_problems(reader, expected, values):
    """Buttons show the state that was filled in: exactly one radio on."""
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    widgets = {n: w for n, _, w in terminal_fields(acro)}
    problems = []
    for f in expected:
        if f["kind"] not in ("checkbox", "choice"):
            continue
        states = [str(w.get("/AS")) for w in widgets[f["id"]]]
        on = [s for s in states if s != "/Off"]
        if on != ["/" + values[f["id"]].lstrip("/")]:
            problems.append(f"{f['id']}: /AS states after filling {states}")
    return problems


# ------------------------------------------------------------ languages
# A translated form (tests/pdf_languages.rs): the same checks as main(),
# with the form's own words where main() expects English.

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PUNCTUATION_SPACE = re.compile(r"\s*([\u060c\u061b\u061f\u06d4:,.()])\s*")


def logical(text):
    """NFC, no bidi controls (pdftotext wraps right-to-left lines in
    embeddings), no space around punctuation (pdftotext guesses which side
    of a neutral "،", ":" or "(" the space was), single spaces: how two strings
    in logical order compare."""
    import unicodedata
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", text))
    return normalise(PUNCTUATION_SPACE.sub(r"\1", normalise(text)))


def logical_text_problems(path, wanted):
    """pdftotext gives each string back in logical (reading) order."""
    text = logical(pdftotext(path))
    return [f"pdftotext lacks {s!r}" for s in wanted if logical(s) not in text]


def words_footer_problems(path, page_of, page_count):
    """Each page's footer, word order checked, spacing not (pdftotext
    guesses spaces between digits and right-to-left words)."""
    text = re.sub(r"\s", "", logical(pdftotext(path)))
    problems = []
    for n in range(1, page_count + 1):
        want = page_of.replace("{page}", str(n)).replace("{pages}", str(page_count))
        if re.sub(r"\s", "", logical(want)) not in text:
            problems.append(f"no footer {want!r}")
    return problems


def tooltip_words_problems(reader, expected, optional):
    """/TU is the label, with the form's own "(optional)" words."""
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    by_name = {n: f for n, f, _ in terminal_fields(acro)}
    problems = []
    for exp in expected:
        want = exp["label"] if exp["required"] else optional.replace("{label}", exp["label"])
        tu = str(by_name[exp["id"]].get("/TU", ""))
        if tu != want:
            problems.append(f"{exp['id']}: /TU {tu!r} != {want!r}")
    return problems


def direction_problems(reader, rtl):
    """Right-to-left forms say so (/Direction /R2L); others do not."""
    root = reader.trailer["/Root"]
    prefs = resolve(root.get("/ViewerPreferences", DictionaryObject()))
    got = str(prefs.get("/Direction", "/L2R"))
    want = "/R2L" if rtl else "/L2R"
    return [] if got == want else [f"/Direction {got} != {want}"]


def quadding_problems(reader, expected, rtl):
    """Typed text starts at the form's reading side: /Q 2 in RTL forms."""
    acro = resolve(reader.trailer["/Root"]["/AcroForm"])
    by_name = {n: f for n, f, _ in terminal_fields(acro)}
    want = 2 if rtl else 0
    return [f"{f['id']}: /Q {by_name[f['id']].get('/Q', 0)} != {want}"
            for f in expected if f["kind"] in TEXT_KINDS | {"multiline"}
            and int(by_name[f["id"]].get("/Q", 0)) != want]


def embedded_font_sizes(reader):
    """BaseFont (without the subset tag) -> bytes of its embedded font file."""
    sizes = {}
    for page in reader.pages:
        fonts = resolve(resolve(page.get("/Resources", DictionaryObject())).get("/Font", DictionaryObject()))
        for font in fonts.values():
            font = resolve(font)
            desc = resolve(resolve(font["/DescendantFonts"][0])["/FontDescriptor"])
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            sizes[name] = len(resolve(desc["/FontFile2"]).get_data())
    return sizes


def subset_size_problems(reader, fonts):
    """Each embedded font holds only its used glyphs: far smaller than
    the whole file. fonts: {PostScript name: path of the whole font}."""
    import os
    sizes = embedded_font_sizes(reader)
    problems = []
    for name, path in fonts.items():
        whole = os.path.getsize(path)
        if name not in sizes:
            problems.append(f"{name} is not embedded")
        elif sizes[name] * 4 > whole:
            problems.append(f"{name}: subset {sizes[name]} bytes of {whole}")
    return problems


def fill_given_problems(path, values):
    """Fills the given values with pypdf, saves, re-reads them."""
    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    buf = io.BytesIO()
    writer.write(buf)
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
        tmp.write(buf.getvalue())
    problems = [f"filled file: {p}" for p in qpdf_problems(tmp.name)]
    got = PdfReader(tmp.name).get_fields() or {}
    for fid, want in values.items():
        value = got.get(fid, {}).get("/V")
        if str(value).lstrip("/") != want.lstrip("/"):
            problems.append(f"{fid}: read back {value!r}, filled {want!r}")
    return problems


def check_translated(path, spec):
    """Like main(), for a translated form. spec (JSON) adds to main()'s:
    "rtl", "optional" and "page_of" (the form's words), "logical" (strings
    pdftotext must give back), "fill" ({field id: value}) and "fonts"
    ({PostScript name: whole font file})."""
    with open(spec, encoding="utf-8") as fh:
        exp = json.load(fh)
    fields = exp["fields"]
    reader = PdfReader(path)
    c = Checks()
    c.run("qpdf --check is clean", qpdf_problems, path)
    c.run("field names and kinds match the input", field_problems, reader, fields)
    c.run("/TU is the label in the form's words", tooltip_words_problems,
          reader, fields, exp["optional"])
    c.run("AcroForm has /DA, /DR fonts, NeedAppearances false", acroform_problems, reader)
    c.run("widgets: appearances, print flag, /StructParent, on page", widget_problems, reader, fields)
    c.run("pages: A4, /Tabs /S, /StructParents", page_problems, reader)
    c.run("catalog: StructTreeRoot, Marked, Lang, DisplayDocTitle", catalog_problems, reader, exp["lang"])
    c.run("catalog: /Direction matches the form", direction_problems, reader, exp["rtl"])
    c.run("text fields: /Q matches the direction", quadding_problems, reader, fields, exp["rtl"])
    c.run("every widget is in a Form element via OBJR and parent tree", widget_tag_problems, reader)
    c.run("headings tagged H1/H2, paragraphs P", heading_problems, reader, exp["headings"])
    c.run("all content tagged (MCID) or artifact; MCIDs resolve", content_problems, reader)
    c.run("fonts embedded subsets with ToUnicode", font_problems, reader)
    c.run("subsets hold only used glyphs", subset_size_problems, reader, exp["fonts"])
    c.run("XMP pdfuaid:part, dc:title, dc:language; Info /Title", metadata_problems,
          reader, exp["title"], exp["lang"])
    c.run("pdftotext gives headings, labels, options in logical order",
          logical_text_problems, path, exp["logical"])
    c.run("footer in the form's words", words_footer_problems, path, exp["page_of"], len(reader.pages))
    # pdfinfo -struct-text joins text in drawing order; right-to-left
    # lines are drawn in reading order, so they are compared too.
    c.run("tagged text (pdfinfo -struct-text) has headings as H1/H2, labels",
          tagged_text_problems, path, exp)
    c.run("pdftoppm renders without complaint", render_problems, path)
    c.run("filled with pypdf (text and checkbox), saved, re-read", fill_given_problems, path, exp["fill"])
    print(f"{c.passed} passed, {c.failed} failed")
    return c.failed


# ----------------------------------------------------------------- main

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, spec = sys.argv[1], sys.argv[2]
    with open(spec, encoding="utf-8") as fh:
        exp = json.load(fh)
    if isinstance(exp, list):
        exp = {"fields": exp}
    exp.setdefault("headings", [])
    fields = exp["fields"]
    title = exp.get("title", exp["headings"][0] if exp["headings"] else None)
    lang = exp.get("lang", "en-GB")
    reader = PdfReader(path)

    c = Checks()
    c.run("qpdf --check is clean", qpdf_problems, path)
    c.run("field names and kinds match the input", field_problems, reader, fields)
    c.run("every field has a /TU tooltip from its label", tooltip_problems, reader, fields)
    c.run("AcroForm has /DA, /DR fonts, NeedAppearances false", acroform_problems, reader)
    c.run("widgets: appearances, print flag, /StructParent, on page", widget_problems, reader, fields)
    c.run("pages: A4, /Tabs /S, /StructParents", page_problems, reader)
    c.run("catalog: StructTreeRoot, Marked, Lang, DisplayDocTitle", catalog_problems, reader, lang)
    c.run("every widget is in a Form element via OBJR and parent tree", widget_tag_problems, reader)
    c.run("headings tagged H1/H2, paragraphs P", heading_problems, reader, exp["headings"])
    c.run("all content tagged (MCID) or artifact; MCIDs resolve", content_problems, reader)
    c.run("fonts embedded subsets with ToUnicode", font_problems, reader)
    c.run("XMP pdfuaid:part, dc:title, dc:language; Info /Title", metadata_problems, reader, title, lang)
    c.run("pdftotext finds headings, labels, options, page 1 text, footers",
          text_problems, path, exp, len(reader.pages))
    c.run("tagged text (pdfinfo -struct-text) has headings as H1/H2, labels",
          tagged_text_problems, path, exp)
    c.run("pdftoppm renders without complaint", render_problems, path)
    c.run("filled with pypdf, saved, re-read: values round-trip", fill_problems, path, fields)
    print(f"{c.passed} passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
