//! The referral PDF in Urdu (right to left) and Polish, built from the
//! translated forms in tests/fixtures/pdf-languages/ and checked with real
//! PDF tools (qpdf, poppler-utils, pypdf) through tests/check_pdf.py.
//!
//! Set CLUSTERSITE_KEEP_PDFS=<folder> to keep the PDFs for looking at.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use clustersite::forms::pdf::{write_pdf, write_pdf_with_script, Direction, Fonts, PdfForm};
use serde_json::json;
use support::repo_root;

/// Fails, with the command that fixes it, when a PDF tool is missing.
fn require_pdf_tools() {
    for (cmd, args, fix) in [
        ("qpdf", &["--version"][..], "apt-get install -y qpdf"),
        ("pdftotext", &["-v"][..], "apt-get install -y poppler-utils"),
        (
            "python3",
            &["-c", "import pypdf"][..],
            "python3 -m pip install pypdf",
        ),
    ] {
        let found = Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(found, "{cmd} is missing: {fix} (or run tests/run)");
    }
}

fn theme_font(name: &str) -> PathBuf {
    repo_root().join("themes/default/fonts").join(name)
}

fn read_fonts(regular: &str, bold: &str) -> Fonts {
    Fonts {
        regular: std::sync::Arc::new(std::fs::read(theme_font(regular)).unwrap()),
        bold: std::sync::Arc::new(std::fs::read(theme_font(bold)).unwrap()),
    }
}

fn dejavu() -> Fonts {
    read_fonts("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
}

fn naskh() -> Fonts {
    read_fonts("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
}

fn fixture_form(lang: &str) -> PdfForm {
    let path = repo_root().join(format!("tests/fixtures/pdf-languages/{lang}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What check_pdf.check_translated needs: fields, headings and every
/// heading, label and option as pdftotext must give it back.
fn spec(form: &PdfForm, fill: serde_json::Value, fonts: serde_json::Value) -> serde_json::Value {
    let mut headings = vec![form.title.clone()];
    headings.extend(form.sections.iter().map(|s| s.title.clone()));
    headings.push(form.words.privacy_notice.clone());
    let fields: Vec<_> = form.sections.iter().flat_map(|s| &s.fields).collect();
    let mut logical = headings.clone();
    logical.push(form.words.send_to.clone());
    logical.extend(form.send_to.iter().cloned());
    logical.extend(form.intro.iter().cloned());
    for f in &fields {
        logical.push(f.label.clone());
        logical.extend(f.hint.iter().cloned());
        logical.extend(f.options.iter().cloned());
    }
    // pdftotext reorders right-to-left lines by guesswork and misplaces
    // neutrals between Urdu and Latin or digits ("درخواست: Inner East"
    // comes back as "درخواست Inner East :"): such mixed strings are only
    // compared in left-to-right forms.
    let rtl = form.direction == Direction::Rtl;
    logical.retain(|s| !rtl || !s.chars().any(|c| c.is_ascii_alphanumeric()));
    let fields: Vec<_> = fields
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "kind": format!("{:?}", f.kind).to_lowercase(),
                "label": f.label,
                "options": f.options,
                "required": f.required,
            })
        })
        .collect();
    json!({
        "fields": fields,
        "headings": headings,
        "title": form.title,
        "lang": form.lang,
        "rtl": form.direction == Direction::Rtl,
        "optional": form.words.optional,
        "page_of": form.words.page_of,
        "logical": logical,
        "fill": fill,
        "fonts": fonts,
    })
}

/// Writes the PDF and its spec, runs check_pdf.check_translated on them.
fn check(name: &str, pdf: &[u8], spec: &serde_json::Value) {
    require_pdf_tools();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    if let Some(keep) = std::env::var_os("CLUSTERSITE_KEEP_PDFS") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&path, Path::new(&keep).join(format!("{name}.pdf"))).unwrap();
    }
    let spec_path = dir.path().join(format!("{name}.json"));
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    if let Some(keep) = std::env::var_os("CLUSTERSITE_KEEP_PDFS") {
        std::fs::copy(&spec_path, Path::new(&keep).join(format!("{name}.json"))).unwrap();
    }
    let result = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys; sys.path.insert(0, sys.argv[1]); import check_pdf; \
             sys.exit(1 if check_pdf.check_translated(sys.argv[2], sys.argv[3]) else 0)",
        )
        .arg(repo_root().join("tests"))
        .arg(&path)
        .arg(&spec_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success() && stdout.contains(" 0 failed"),
        "{name}: {stdout}{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn the_urdu_pdf_reads_right_to_left_and_gives_its_text_back_in_logical_order() {
    let form = fixture_form("ur");
    assert_eq!((form.lang.as_str(), form.direction), ("ur", Direction::Rtl));
    let pdf = write_pdf_with_script(&form, &dejavu(), Some(&naskh())).unwrap();
    let fill = json!({
        "child_name": "علی احمد",
        "consent_given": "/Yes",
    });
    let fonts = json!({
        "NotoNaskhArabic-Regular": theme_font("NotoNaskhArabic-Regular.ttf"),
        "NotoNaskhArabic-Bold": theme_font("NotoNaskhArabic-Bold.ttf"),
        "DejaVuSans": theme_font("DejaVuSans.ttf"),
    });
    check("ur", &pdf, &spec(&form, fill, fonts));
}

#[test]
fn the_polish_pdf_keeps_its_diacritics() {
    let form = fixture_form("pl");
    assert_eq!((form.lang.as_str(), form.direction), ("pl", Direction::Ltr));
    let pdf = write_pdf(&form, &dejavu()).unwrap();
    let fill = json!({
        "child_name": "Zażółć gęślą jaźń",
        "consent_given": "/Yes",
    });
    let fonts = json!({
        "DejaVuSans": theme_font("DejaVuSans.ttf"),
        "DejaVuSans-Bold": theme_font("DejaVuSans-Bold.ttf"),
    });
    check("pl", &pdf, &spec(&form, fill, fonts));
}

#[test]
fn a_form_without_the_script_font_still_writes_a_valid_pdf() {
    // Urdu with DejaVu only: DejaVu has the Arabic letters but draws them
    // less well; the output must still be valid (no panic, no error).
    let form = fixture_form("ur");
    let pdf = write_pdf(&form, &dejavu()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn words_that_lose_a_placeholder_are_an_error() {
    let mut form = fixture_form("pl");
    form.words.page_of = "Strona {page}".into();
    let err = write_pdf(&form, &dejavu()).unwrap_err();
    assert!(err.contains("page_of") && err.contains("{pages}"), "{err}");
}

#[test]
fn the_same_translated_form_gives_the_same_bytes() {
    let form = fixture_form("ur");
    let a = write_pdf_with_script(&form, &dejavu(), Some(&naskh())).unwrap();
    let b = write_pdf_with_script(&form, &dejavu(), Some(&naskh())).unwrap();
    assert!(a == b, "output differs between two runs");
}

/// Every text the form prints into the structure tree, in logical order:
/// title, intro, "send to" lines, section titles and intros, labels (with
/// the optional mark), hints, options and the privacy notice.
fn tagged_texts(form: &PdfForm) -> Vec<String> {
    let mut texts = vec![form.title.clone()];
    texts.extend(form.intro.iter().cloned());
    texts.push(form.words.send_to.clone());
    texts.extend(form.send_to.iter().cloned());
    texts.push(
        form.words
            .generated_on
            .replace("{date}", &form.generated_on),
    );
    for section in &form.sections {
        texts.push(section.title.clone());
        texts.extend(section.intro.iter().cloned());
        for field in &section.fields {
            texts.push(if field.required {
                field.label.clone()
            } else {
                form.words.optional.replace("{label}", &field.label)
            });
            texts.extend(field.hint.iter().cloned());
            texts.extend(field.options.iter().cloned());
        }
    }
    texts.push(form.words.privacy_notice.clone());
    texts.extend(form.privacy_notice.iter().cloned());
    texts
}

/// The text of every tagged element as poppler reads the structure tree
/// (`pdfinfo -struct-text`), as a screen reader would, spaces collapsed.
fn struct_texts(pdf: &[u8]) -> Vec<String> {
    require_pdf_tools();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&path)
        .output()
        .expect("pdfinfo: apt-get install -y poppler-utils");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let text = line.strip_prefix('"')?.strip_suffix('"')?;
            Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect()
}

#[test]
fn the_urdu_pdf_structure_gives_every_text_in_logical_order() {
    // Pure Urdu, Urdu with Latin ("Inner East", an email address), with
    // digits ("27 3 2012"), with brackets ("(اختیاری)") and paragraphs
    // wrapped over several lines: each must read as written.
    let form = fixture_form("ur");
    let pdf = write_pdf_with_script(&form, &dejavu(), Some(&naskh())).unwrap();
    let found = struct_texts(&pdf);
    let wanted = tagged_texts(&form);
    assert!(wanted.iter().any(|t| t.contains("Inner East")));
    assert!(wanted.iter().any(|t| t.contains("(اختیاری)")));
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|t| !found.contains(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the structure text in logical order: {missing:#?}\nstructure text: {found:#?}"
    );
}

#[test]
fn the_polish_pdf_structure_gives_every_text() {
    let form = fixture_form("pl");
    let pdf = write_pdf(&form, &dejavu()).unwrap();
    let found = struct_texts(&pdf);
    let missing: Vec<String> = tagged_texts(&form)
        .into_iter()
        .filter(|t| !found.contains(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}\n{found:#?}");
}

/// The /ActualText of every structure element, read with pypdf.
fn element_actual_texts(pdf: &[u8]) -> Vec<String> {
    require_pdf_tools();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let script = "import sys, json, pypdf\n\
        root = pypdf.PdfReader(sys.argv[1]).trailer['/Root']['/StructTreeRoot']\n\
        found = []\n\
        def walk(node):\n\
        \x20   node = node.get_object()\n\
        \x20   if isinstance(node, pypdf.generic.ArrayObject):\n\
        \x20       for kid in node: walk(kid)\n\
        \x20       return\n\
        \x20   if not isinstance(node, pypdf.generic.DictionaryObject): return\n\
        \x20   if '/ActualText' in node: found.append(str(node['/ActualText']))\n\
        \x20   if '/K' in node: walk(node['/K'])\n\
        walk(root)\n\
        print(json.dumps(found))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    json_from(&out)
}

#[test]
fn right_to_left_elements_carry_their_logical_text_and_others_none() {
    // Readers that rebuild the order from the glyphs' places (Acrobat)
    // or that only read the structure (pdf.js gives it screen readers)
    // get the text as written.
    let form = fixture_form("ur");
    let pdf = write_pdf_with_script(&form, &dejavu(), Some(&naskh())).unwrap();
    let found: Vec<String> = element_actual_texts(&pdf)
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let urdu = |t: &String| t.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let missing: Vec<String> = tagged_texts(&form)
        .into_iter()
        .filter(urdu)
        .filter(|t| !found.contains(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}\n{found:#?}");
    // "Diane Walker" is drawn left to right as it is read: no /ActualText.
    assert!(!found.contains(&"Diane Walker".to_string()));

    let pl = write_pdf(&fixture_form("pl"), &dejavu()).unwrap();
    assert_eq!(element_actual_texts(&pl), Vec::<String>::new());
}

/// Every page's text as pdf.js (Firefox's viewer: its find bar and text
/// selection) extracts it, through tests/browser/lib/pdf-page-text.mjs.
fn pdfjs_page_texts(pdf: &[u8]) -> Vec<String> {
    let browser = repo_root().join("tests/browser");
    assert!(
        browser.join("node_modules/pdfjs-dist").is_dir(),
        "pdfjs-dist is missing: npm ci --prefix tests/browser (or run tests/run)"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("node")
        .arg(browser.join("lib/pdf-page-text.mjs"))
        .arg(&path)
        .output()
        .expect("node is missing: install Node.js 20 or later");
    json_from(&out)
}

#[test]
fn pdf_js_reads_the_urdu_title_in_reading_order() {
    // Drawn right to left as shown, pdf.js put "Inner East کلسٹر" before
    // "مدد کے لیے درخواست:" (it orders each piece of text on its own).
    // Drawn in reading order it keeps the order, but it adds a space
    // between two glyphs only when the second is to the right of the
    // first (or barely left of it), and each Urdu glyph is left of the
    // one before, so the spaces between Urdu words are lost: they are
    // left out of the comparison.
    let form = fixture_form("ur");
    let pdf = write_pdf_with_script(&form, &dejavu(), Some(&naskh())).unwrap();
    let pages = pdfjs_page_texts(&pdf);
    let letters = |s: &str| s.split_whitespace().collect::<String>();
    assert!(form.title.contains(": Inner East "), "{}", form.title);
    assert!(
        letters(&pages[0]).contains(&letters(&form.title)),
        "pdf.js page text has no {:?} in reading order:\n{}",
        form.title,
        pages[0]
    );
}

/// A helper script's JSON on standard output, once it has succeeded.
fn json_from<T: serde::de::DeserializeOwned>(out: &std::process::Output) -> T {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
