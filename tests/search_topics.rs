//! Search without JavaScript: `/search/` has a form and "Help by topic", and
//! each topic page lists the services tagged with it, grouped by cluster, and
//! the pages tagged with it. Every link on these pages leads to a page built.

mod support;

use std::collections::BTreeMap;

use scraper::{Html, Selector};

use support::*;

fn built_real_site() -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build(&repo_root(), &output).unwrap_or_else(|r| panic!("{}", r.render(false)));
    snapshot(&output)
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The `href`s of the page's main content (header and footer aside).
fn main_links(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let links = Selector::parse("main a[href]").unwrap();
    doc.select(&links)
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect()
}

fn one<'a>(doc: &'a Html, css: &str) -> scraper::ElementRef<'a> {
    let selector = Selector::parse(css).unwrap();
    let mut found = doc.select(&selector);
    let first = found.next().unwrap_or_else(|| panic!("no {css}"));
    assert!(found.next().is_none(), "more than one {css}");
    first
}

fn text(element: scraper::ElementRef) -> String {
    element.text().collect::<String>().trim().to_owned()
}

fn built_file(files: &BTreeMap<String, Vec<u8>>, href: &str) -> bool {
    let path = href.split('#').next().unwrap().trim_start_matches('/');
    files.contains_key(&format!("{path}index.html")) || files.contains_key(path)
}

#[test]
fn the_search_page_has_a_labelled_get_form_and_every_topic() {
    let files = built_real_site();
    let html = page(&files, "search/index.html");
    let doc = Html::parse_document(&html);
    let form = one(&doc, "main form[role=search]");
    assert_eq!(form.value().attr("action"), Some("/search/"));
    // GET is a form's default: the minifier may drop `method="get"`.
    assert!(matches!(form.value().attr("method"), None | Some("get")));
    let input = one(&doc, "main form input[name=q]");
    let id = input.value().attr("id").expect("the input has an id");
    let label = one(&doc, &format!("main form label[for={id}]"));
    assert_eq!(text(label), "Search this website");
    let button = one(&doc, "main form button");
    assert!(matches!(button.value().attr("type"), None | Some("submit")));
    assert_eq!(text(button), "Search");
    assert_eq!(text(one(&doc, "main h2#topics")), "Help by topic");
    let topics = std::fs::read_to_string(repo_root().join("content/topics.toml")).unwrap();
    let slugs: Vec<&str> = topics
        .lines()
        .filter_map(|l| l.strip_prefix("slug = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert!(slugs.len() >= 6, "{slugs:?}");
    let links = main_links(&html);
    for slug in slugs {
        let href = format!("/search/topics/{slug}/");
        assert!(links.contains(&href), "/search/ links to {href}: {links:?}");
    }
    for href in links {
        assert!(built_file(&files, &href), "{href} on /search/ is not built");
    }
}

#[test]
fn a_topic_page_lists_its_services_by_cluster_and_its_pages() {
    let files = built_real_site();
    let html = page(&files, "search/topics/behaviour/index.html");
    let doc = Html::parse_document(&html);
    assert_eq!(text(one(&doc, "main h1")), "Behaviour");
    assert_eq!(text(one(&doc, "main h2")), "Inner East cluster");
    let links = main_links(&html);
    for service in ["family-support", "behaviour-support"] {
        let href = format!("/clusters/inner-east/services/{service}/");
        assert!(links.contains(&href), "{href} missing: {links:?}");
    }
    assert!(
        !links.contains(&"/clusters/inner-east/services/attendance/".to_owned()),
        "attendance work is not tagged behaviour"
    );
    let html = page(&files, "search/topics/emotional-wellbeing/index.html");
    let links = main_links(&html);
    assert!(links.contains(&"/clusters/inner-east/services/well-being-and-therapy/".to_owned()));
    assert!(links.contains(&"/about-clusters/".to_owned()), "{links:?}");
    let html = page(&files, "search/topics/speech-and-language/index.html");
    assert!(main_links(&html)
        .contains(&"/clusters/inner-east/services/speech-and-language-therapy/".to_owned()));
    for (path, bytes) in &files {
        if path.starts_with("search/topics/") {
            let html = String::from_utf8(bytes.clone()).unwrap();
            for href in main_links(&html) {
                assert!(built_file(&files, &href), "{href} on {path} is not built");
            }
        }
    }
}

#[test]
fn search_addresses_are_published_promises() {
    let published =
        std::fs::read_to_string(repo_root().join("content/published-urls.txt")).unwrap();
    for url in [
        "/search/",
        "/search/topics/behaviour/",
        "/search/topics/speech-and-language/",
    ] {
        assert!(published.lines().any(|l| l == url), "{url} not recorded");
    }
}
