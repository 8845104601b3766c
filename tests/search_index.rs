//! The search index (`/pagefind/`): made in-process by the build, the same
//! bytes every time, from the main content of the pages marked for it (never
//! the header, footer or navigation), and written inside the output folder.

mod support;

use std::collections::BTreeMap;

use support::*;

fn built(root: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build(root, &output).unwrap_or_else(|r| panic!("{}", r.render(false)));
    snapshot(&output)
}

fn index_of(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&String, &Vec<u8>> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .collect()
}

#[test]
fn two_builds_make_the_same_index_byte_for_byte() {
    let first = built(&repo_root());
    let second = built(&repo_root());
    let index = index_of(&first);
    assert!(index.len() > 5, "{:?}", index.keys());
    for file in [
        "pagefind/parts.json",
        "pagefind/en/0/pagefind.js",
        "pagefind/en/0/pagefind-entry.json",
        "pagefind/en/0/wasm.en.pagefind",
        "pagefind/en/1/pagefind-entry.json",
    ] {
        assert!(index.contains_key(&file.to_owned()), "{file} missing");
    }
    assert_eq!(index, index_of(&second));
    assert_eq!(first, second, "the whole site is the same too");
}

#[test]
fn the_index_holds_the_marked_pages_and_no_default_interface() {
    let files = built(&repo_root());
    // Every part's pages, in every language.
    let indexed: u64 = files
        .iter()
        .filter(|(path, _)| path.ends_with("/pagefind-entry.json"))
        .map(|(_, bytes)| {
            let entry: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let languages = entry["languages"].as_object().unwrap();
            assert_eq!(languages.len(), 1, "one language a part");
            languages
                .values()
                .map(|l| l["page_count"].as_u64().unwrap())
                .sum::<u64>()
        })
        .sum();
    let marked = files
        .iter()
        .filter(|(path, bytes)| {
            path.ends_with(".html") && String::from_utf8_lossy(bytes).contains("data-pagefind-body")
        })
        .count();
    assert_eq!(indexed, marked as u64);
    assert!(!files.keys().any(|p| p.ends_with("pagefind-ui.js")));
    // Services, case studies, updates, cluster and city pages are marked;
    // lists, find, search itself and the 404 page are not.
    let main = |path: &str| {
        let html = String::from_utf8(files[path].clone()).unwrap();
        let start = html.find("<main").unwrap();
        html[start..start + html[start..].find('>').unwrap()].to_owned()
    };
    let service = main("clusters/inner-east/services/speech-and-language-therapy/index.html");
    assert!(service.contains("data-pagefind-body"), "{service}");
    assert!(service.contains("data-kind=Service"), "{service}");
    assert!(service.contains("data-cluster=\"Inner East\""), "{service}");
    assert!(main("about-clusters/index.html").contains("data-kind=Page"));
    for unmarked in [
        "search/index.html",
        "find/index.html",
        "updates/index.html",
        "404.html",
    ] {
        assert!(!main(unmarked).contains("data-pagefind-body"), "{unmarked}");
    }
}
