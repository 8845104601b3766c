//! The referral page and the fillable PDF, checked with real PDF tools
//! (qpdf, poppler-utils, pypdf) and by parsing the HTML.

mod support;

use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};
use serde_json::json;
use support::*;

/// Fails, with the command that fixes it, when a PDF tool is missing.
fn require_pdf_tools() {
    let found = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(
        found("qpdf", &["--version"]),
        "qpdf is missing: apt-get install -y qpdf (or run tests/run)"
    );
    assert!(
        found("pdftotext", &["-v"]),
        "pdftotext is missing: apt-get install -y poppler-utils (or run tests/run)"
    );
    assert!(
        found("python3", &["-c", "import pypdf"]),
        "pypdf is missing: python3 -m pip install pypdf (or run tests/run)"
    );
}

/// What the PDF must hold, taken from the content model, for tests/check_pdf.py.
fn expected_pdf(root: &Path, cluster_slug: &str) -> serde_json::Value {
    let (site, report) = clustersite::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{}", report.render(false)));
    let cluster = site
        .clusters
        .iter()
        .find(|c| c.slug == cluster_slug)
        .unwrap();
    let form = clustersite::forms::for_cluster(&site, cluster);
    let mut headings = vec![form.title.clone()];
    headings.extend(form.sections.iter().map(|s| s.title.clone()));
    headings.push("Privacy notice".into());
    let fields: Vec<_> = form
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| {
            json!({
                "id": f.id.get_ref(),
                "kind": f.kind,
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
        "page1": [cluster.data.name, form.send_to[0]],
    })
}

fn check_every_cluster_pdf(root: &Path) {
    require_pdf_tools();
    let out = tempfile::tempdir().unwrap();
    build(root, out.path()).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let (site, _) = clustersite::content::load(root);
    for cluster in &site.unwrap().clusters {
        let pdf = out
            .path()
            .join(format!("clusters/{}/referral-form.pdf", cluster.slug));
        assert!(pdf.exists(), "{} has no referral form", cluster.slug);
        let spec = out.path().join(format!("{}.json", cluster.slug));
        std::fs::write(&spec, expected_pdf(root, &cluster.slug).to_string()).unwrap();
        let result = Command::new("python3")
            .arg(repo_root().join("tests/check_pdf.py"))
            .arg(&pdf)
            .arg(&spec)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&result.stdout);
        assert!(
            result.status.success(),
            "{}: {stdout}{}",
            cluster.slug,
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(stdout.contains(" 0 failed"), "{stdout}");
    }
}

#[test]
fn the_real_sites_referral_pdfs_pass_the_pdf_tools() {
    check_every_cluster_pdf(&repo_root());
}

#[test]
fn fixture_pdfs_with_cluster_questions_pass_the_pdf_tools() {
    check_every_cluster_pdf(&fixture("full"));
}

#[test]
fn the_referral_page_labels_every_field_and_ties_hints() {
    let out = tempfile::tempdir().unwrap();
    build(&repo_root(), out.path()).unwrap();
    let html = std::fs::read_to_string(out.path().join("clusters/inner-east/referral/index.html"))
        .unwrap();
    let page = Html::parse_document(&html);
    let select = |s: &str| Selector::parse(s).unwrap();
    let controls: Vec<_> = page.select(&select("input, textarea, select")).collect();
    assert!(controls.len() >= 19, "only {} controls", controls.len());
    for control in &controls {
        let id = control.value().id().expect("every control has an id");
        let label = select(&format!("label[for=\"{id}\"]"));
        assert_eq!(page.select(&label).count(), 1, "`{id}` has no label");
    }
    let hints: Vec<_> = page.select(&select(".hint")).collect();
    assert!(!hints.is_empty());
    for hint in hints {
        let hint_id = hint.value().id().expect("hints have ids");
        let described = select(&format!("[aria-describedby~=\"{hint_id}\"]"));
        assert!(
            page.select(&described).next().is_some(),
            "hint {hint_id} is tied to nothing"
        );
    }
    // GOV.UK wording: "(optional)", never an asterisk.
    assert!(html.contains("(optional)"));
    assert!(!page
        .select(&select("label, legend"))
        .any(|l| l.text().any(|t| t.contains('*'))));
    // The PDF link says what it is and how big.
    let link = page.select(&select(".download a")).next().unwrap();
    let text: String = link.text().collect();
    assert!(
        text.contains("(PDF, ") && text.contains(" KB, fillable)"),
        "{text}"
    );
    assert_eq!(
        link.value().attr("href"),
        Some("/clusters/inner-east/referral-form.pdf")
    );
}

#[test]
fn referral_urls_are_linked_and_in_the_sitemap() {
    let out = tempfile::tempdir().unwrap();
    build(&repo_root(), out.path()).unwrap();
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    for page in ["clusters/inner-east/index.html", "index.html", "404.html"] {
        assert!(
            read(page).contains("/clusters/inner-east/referral/"),
            "{page} does not link the referral page"
        );
    }
    let sitemap = read("sitemap.xml");
    assert!(sitemap.contains("/clusters/inner-east/referral/</loc>"));
    assert!(sitemap.contains("/clusters/inner-east/referral-form.pdf</loc>"));
}
