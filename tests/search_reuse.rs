//! The search index is reused between builds part by part: a rebuild with
//! nothing changed indexes nothing and keeps `pagefind/` as it is; after an
//! edit only the part holding the edited page is made again, from its pages'
//! text (unchanged pages read back from the output, not rendered again), and
//! the output is the same, byte for byte, as a first build of the same
//! content.
//!
//! One test, run alone in this file: it counts the pages and parts this
//! process hands to Pagefind (`clustersite::search::pages_indexed`,
//! `parts_made`).

mod support;

use std::path::Path;

use clustersite::Timings;
use support::{copy_tree, repo_root, snapshot};

/// What one build did: pages it reused, pages it handed to Pagefind, parts
/// of the index it made.
#[derive(Debug, PartialEq)]
struct Done {
    reused: usize,
    indexed: usize,
    parts: usize,
}

/// Builds `root` into `output`.
fn build(root: &Path, output: &Path, after: &str) -> Done {
    use clustersite::search::{pages_indexed, parts_made};
    let mut options = support::options(root);
    options.accept_url_changes = true;
    let (pages, parts) = (pages_indexed(), parts_made());
    match clustersite::build(&options, output, &mut Timings::default()) {
        Ok((generated, _)) => Done {
            reused: generated.reused,
            indexed: pages_indexed() - pages,
            parts: parts_made() - parts,
        },
        Err(clustersite::BuildError::Content(report)) => {
            panic!("after {after}: {}", report.render(false))
        }
        Err(clustersite::BuildError::Io(message)) => panic!("after {after}: {message}"),
    }
}

/// Asserts `warm` holds exactly what a first build of `root` makes.
fn assert_same_as_cold(root: &Path, warm: &Path, after: &str) {
    let cold = tempfile::tempdir().unwrap();
    let cold = cold.path().join("public");
    build(root, &cold, after);
    let (warm, cold) = (snapshot(warm), snapshot(&cold));
    let differ: Vec<_> = (warm.keys().chain(cold.keys()))
        .filter(|k| warm.get(*k) != cold.get(*k))
        .collect();
    assert!(differ.is_empty(), "after {after}: differs at {differ:?}");
    assert!(warm
        .keys()
        .any(|k| k.starts_with("pagefind/en/1/fragment/")));
}

/// Pages in each part of the index, by the part's folder (`en/0`).
fn parts_of(output: &Path) -> std::collections::BTreeMap<String, u64> {
    let listing = std::fs::read(output.join("pagefind/parts.json")).unwrap();
    let listing: serde_json::Value = serde_json::from_slice(&listing).unwrap();
    let mut parts = std::collections::BTreeMap::new();
    for (language, folders) in listing.as_object().unwrap() {
        for folder in folders.as_array().unwrap() {
            let folder = folder.as_str().unwrap().trim_matches('/');
            let entry = std::fs::read(output.join(folder).join("pagefind-entry.json")).unwrap();
            let entry: serde_json::Value = serde_json::from_slice(&entry).unwrap();
            let count = entry["languages"][language]["page_count"].as_u64().unwrap();
            parts.insert(folder.trim_start_matches("pagefind/").to_owned(), count);
        }
    }
    parts
}

/// Adds a sentence to the Markdown file at `path` under `root`.
fn edit(root: &Path, path: &str, sentence: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n{sentence}\n")).unwrap();
}

#[test]
fn the_index_is_kept_while_nothing_changes_and_only_an_edited_part_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo_root().join("content"), &root.join("content"));
    let out = dir.path().join("public");

    let first = build(&root, &out, "the first build");
    assert_eq!(first.reused, 0);
    let parts = parts_of(&out);
    // English city-wide pages, the Inner East cluster, and each translation's.
    assert!(
        parts.contains_key("en/0") && parts.contains_key("en/1"),
        "{parts:?}"
    );
    assert!(
        parts.contains_key("pl/0") && parts.contains_key("ur/0"),
        "{parts:?}"
    );
    let marked: u64 = parts.values().sum();
    assert!(marked > 20, "{marked} pages indexed");
    assert_eq!(first.indexed as u64, marked);
    assert_eq!(first.parts, parts.len());

    let nothing = build(&root, &out, "nothing");
    assert!(
        nothing.reused > 30,
        "every page reused ({})",
        nothing.reused
    );
    assert_eq!(
        (nothing.indexed, nothing.parts),
        (0, 0),
        "nothing changed, so nothing is indexed"
    );
    assert_same_as_cold(&root, &out, "nothing");

    // A city-wide page's words change: the main English part alone is made
    // again, from its pages, without rendering the others again.
    edit(
        &root,
        "content/pages/about-clusters.md",
        "Ask about Portage at your school.",
    );
    let city = build(&root, &out, "one city-wide Markdown body");
    assert_eq!(
        city.reused,
        nothing.reused - 1,
        "only the edited page is made"
    );
    assert_eq!(city.parts, 1, "one part made again");
    assert_eq!(
        city.indexed as u64, parts["en/0"],
        "the city-wide part's pages"
    );
    assert_same_as_cold(&root, &out, "one city-wide Markdown body");

    // An update in the cluster changes: the cluster's part alone.
    edit(
        &root,
        "content/clusters/inner-east/updates/progress-report-september-2015.md",
        "The team met again in October.",
    );
    let cluster = build(&root, &out, "one cluster's Markdown");
    assert_eq!(cluster.parts, 1, "one part made again");
    assert_eq!(
        cluster.indexed as u64,
        parts_of(&out)["en/1"],
        "the cluster's part's pages"
    );
    assert_same_as_cold(&root, &out, "one cluster's Markdown");

    // An index file changed in the output is not kept: its part is made again.
    let fragment = std::fs::read_dir(out.join("pagefind/en/1/fragment"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    std::fs::write(&fragment, b"changed by someone").unwrap();
    let changed = build(&root, &out, "a changed index file");
    assert_eq!(changed.parts, 1);
    assert_eq!(changed.indexed as u64, parts_of(&out)["en/1"]);
    assert_same_as_cold(&root, &out, "a changed index file");

    // A page's file changed in the output is made again; its inputs, and so
    // the index, are unchanged.
    let about = out.join("about-clusters/index.html");
    std::fs::write(
        &about,
        b"<html><main data-pagefind-body>planted</main></html>",
    )
    .unwrap();
    let planted = build(&root, &out, "a changed page file");
    assert_eq!((planted.indexed, planted.parts), (0, 0));
    assert_same_as_cold(&root, &out, "a changed page file");
}
