//! The translated referral pages' own PDFs, built from the real content:
//! `/pl/` and `/ur/` referral pages link a PDF in their language, which
//! qpdf finds clean, whose text (pdftotext) has the translated section
//! titles and the engine's words from the language's interface text, and
//! whose catalog says its language (and, in Urdu, right to left). The
//! English page keeps its English PDF.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use support::*;

fn built() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    build(site.path(), &site.path().join("public")).unwrap_or_else(|r| panic!("{}", describe(&r)));
    site
}

/// The `download` links of the page at `url`.
fn pdf_links(site: &Path, url: &str) -> Vec<(String, Option<String>)> {
    let path = site
        .join("public")
        .join(url.trim_start_matches('/'))
        .join("index.html");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{url} was not made"));
    let html = Html::parse_document(&text);
    let selector = Selector::parse("a[download]").unwrap();
    (html.select(&selector))
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            Some((
                href.to_owned(),
                a.value().attr("hreflang").map(str::to_owned),
            ))
        })
        .collect()
}

fn output(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e} (apt-get install -y qpdf poppler-utils)"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// The catalog's /Lang and /ViewerPreferences /Direction, read with pypdf.
fn lang_and_direction(pdf: &Path) -> String {
    let (ok, text) = output(
        "python3",
        &[
            "-c",
            "import sys, pypdf; root = pypdf.PdfReader(sys.argv[1]).trailer['/Root']; \
             prefs = root.get('/ViewerPreferences') or {}; \
             print(root.get('/Lang'), prefs.get('/Direction'))",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(ok, "pypdf could not read {}: {text}", pdf.display());
    text.trim().to_owned()
}

/// Spaces collapsed: pdftotext breaks lines where the layout did.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The section titles of the translated form file `content/forms/...`.
fn section_titles(code: &str) -> Vec<String> {
    let path = repo_root().join(format!("content/forms/request-for-support.{code}.toml"));
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let sections = value["sections"].as_array().expect("the form has sections");
    (sections.iter())
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect()
}

/// Checks the language's referral PDF; returns its text.
fn check_translated(site: &Path, code: &str, expected: &str) -> String {
    let pdf_url = format!("/{code}/clusters/inner-east/referral-form.pdf");
    let links = pdf_links(site, &format!("/{code}/clusters/inner-east/referral/"));
    assert!(!links.is_empty(), "{code}: no download link");
    for (href, hreflang) in &links {
        assert_eq!(href, &pdf_url, "{code}: links another PDF");
        assert_eq!(
            hreflang, &None,
            "{code}: the PDF is said to be in another language"
        );
    }
    let pdf: PathBuf = site.join("public").join(pdf_url.trim_start_matches('/'));
    assert!(pdf.is_file(), "{pdf_url} was not made");
    let pdf_str = pdf.to_str().unwrap();
    let (ok, text) = output("qpdf", &["--check", pdf_str]);
    assert!(
        ok && !text.contains("WARNING"),
        "{code}: qpdf --check: {text}"
    );
    assert_eq!(lang_and_direction(&pdf), expected, "{code}");
    let (ok, text) = output("pdftotext", &[pdf_str, "-"]);
    assert!(ok, "{code}: pdftotext: {text}");
    let text = words(&text);
    // pdftotext reorders right-to-left lines by guesswork around Latin
    // letters and digits (as tests/pdf_languages.rs explains): in Urdu only
    // strings without them are compared.
    let rtl = expected.ends_with("/R2L");
    let titles = section_titles(code);
    assert!(!titles.is_empty());
    for title in titles
        .iter()
        .filter(|t| !rtl || !t.chars().any(|c| c.is_ascii_alphanumeric()))
    {
        assert!(
            text.contains(&words(title)),
            "{code}: `{title}` not in {text}"
        );
    }
    // The structure tree (what screen readers read) gives every section
    // title as written, Latin letters and digits included.
    let (ok, tagged) = output("pdfinfo", &["-struct-text", pdf_str]);
    assert!(ok, "{code}: pdfinfo -struct-text: {tagged}");
    let tagged: Vec<String> = (tagged.lines())
        .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix('"').map(words))
        .collect();
    for title in &titles {
        assert!(
            tagged.contains(&words(title)),
            "{code}: `{title}` not in the structure text {tagged:#?}"
        );
    }
    text
}

#[test]
fn each_translated_referral_page_links_its_own_pdf_in_its_language() {
    let site = built();

    let pl = check_translated(site.path(), "pl", "pl None");
    // The engine's own words come from pl.ftl.
    for expected in [
        "Wyślij wypełniony formularz do:",
        "Informacja o ochronie prywatności",
        "Strona 1 z",
        "(opcjonalnie)",
        "E-mail: ",
    ] {
        assert!(pl.contains(expected), "pl: `{expected}` not in {pl}");
    }
    assert!(!pl.contains("Page 1 of"), "pl: English footer in {pl}");

    let ur = check_translated(site.path(), "ur", "ur /R2L");
    for expected in ["مکمل فارم یہاں بھیجیں", "رازداری کا نوٹس", "(اختیاری)"]
    {
        assert!(ur.contains(expected), "ur: `{expected}` not in {ur}");
    }
    assert!(!ur.contains("Privacy notice"), "ur: English words in {ur}");

    // The English page keeps its English PDF.
    let english = "/clusters/inner-east/referral-form.pdf";
    let links = pdf_links(site.path(), "/clusters/inner-east/referral/");
    assert!(!links.is_empty() && links.iter().all(|(href, _)| href == english));
    let pdf = site
        .path()
        .join("public")
        .join(english.trim_start_matches('/'));
    assert_eq!(lang_and_direction(&pdf), "en-GB None");
}
