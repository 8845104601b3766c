//! The search index is reused between builds like a page: a rebuild with
//! nothing changed indexes nothing and keeps `pagefind/` as it is; after an
//! edit the index is made again from the pages' text (unchanged pages read
//! back from the output, not rendered again), and the output is the same,
//! byte for byte, as a first build of the same content.
//!
//! One test, run alone in this file: it counts the pages this process hands
//! to Pagefind (`clustersite::search::pages_indexed`).

mod support;

use std::path::Path;

use clustersite::Timings;
use support::{copy_tree, repo_root, snapshot};

/// Builds `root` into `output`; returns how many pages it reused and how
/// many it handed to Pagefind.
fn build(root: &Path, output: &Path, after: &str) -> (usize, usize) {
    let mut options = support::options(root);
    options.accept_url_changes = true;
    let before = clustersite::search::pages_indexed();
    match clustersite::build(&options, output, &mut Timings::default()) {
        Ok((generated, _)) => (
            generated.reused,
            clustersite::search::pages_indexed() - before,
        ),
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
    assert!(warm.keys().any(|k| k.starts_with("pagefind/fragment/")));
}

fn pages_in_index(output: &Path) -> u64 {
    let entry = std::fs::read(output.join("pagefind/pagefind-entry.json")).unwrap();
    let entry: serde_json::Value = serde_json::from_slice(&entry).unwrap();
    entry["languages"]["en"]["page_count"].as_u64().unwrap()
}

#[test]
fn the_index_is_kept_while_nothing_changes_and_made_again_as_a_first_build_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo_root().join("content"), &root.join("content"));
    let out = dir.path().join("public");

    let (reused, indexed) = build(&root, &out, "the first build");
    assert_eq!(reused, 0);
    let marked = pages_in_index(&out);
    assert!(marked > 20, "{marked} pages indexed");
    assert_eq!(indexed as u64, marked);

    let (reused, indexed) = build(&root, &out, "nothing");
    assert!(reused > 30, "every page reused ({reused})");
    assert_eq!(indexed, 0, "nothing changed, so nothing is indexed");
    assert_same_as_cold(&root, &out, "nothing");

    // One page's words change: the index is made again, from every page,
    // without rendering the others again.
    let page = root.join("content/pages/about-clusters.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\nAsk about Portage at your school.\n"),
    )
    .unwrap();
    let (reused_after_edit, indexed) = build(&root, &out, "one Markdown body");
    assert_eq!(
        reused_after_edit,
        reused - 1,
        "only the edited page is made"
    );
    assert_eq!(
        indexed as u64, marked,
        "every marked page is in the new index"
    );
    assert_same_as_cold(&root, &out, "one Markdown body");
    let index = snapshot(&out.join("pagefind"));
    assert!(
        index.keys().any(|k| k.starts_with("fragment/")),
        "{:?}",
        index.keys()
    );

    // An index file changed in the output is not kept: the index is made again.
    let fragment = std::fs::read_dir(out.join("pagefind/fragment"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    std::fs::write(&fragment, b"changed by someone").unwrap();
    let (_, indexed) = build(&root, &out, "a changed index file");
    assert_eq!(indexed as u64, marked);
    assert_same_as_cold(&root, &out, "a changed index file");

    // A page's file changed in the output is made again; its inputs, and so
    // the index, are unchanged.
    let about = out.join("about-clusters/index.html");
    std::fs::write(
        &about,
        b"<html><main data-pagefind-body>planted</main></html>",
    )
    .unwrap();
    let (_, indexed) = build(&root, &out, "a changed page file");
    assert_eq!(indexed, 0);
    assert_same_as_cold(&root, &out, "a changed page file");
}
