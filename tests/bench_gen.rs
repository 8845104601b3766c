//! The benchmark's corpus generator (src/bin/bench-gen) writes sites that
//! clustersite accepts, and the same seed always gives the same bytes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const GENERATOR: &str = env!("CARGO_BIN_EXE_bench-gen");
const CLUSTERSITE: &str = env!("CARGO_BIN_EXE_clustersite");

/// Runs bench-gen into `dir` (content and twin) and asserts it succeeded.
fn generate(dir: &Path, clusters: usize, seed: u64) {
    let output = Command::new(GENERATOR)
        .args([
            "--clusters",
            &clusters.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .arg("--out")
        .arg(dir)
        .arg("--twin")
        .arg(dir.join("twin"))
        .output()
        .expect("bench-gen runs");
    assert!(
        output.status.success(),
        "bench-gen failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("readable tree"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap();
            let bytes = std::fs::read(entry.path()).unwrap();
            (relative.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn assert_checks_clean(dir: &Path) {
    let output = Command::new(CLUSTERSITE)
        .arg("check")
        .arg("--root")
        .arg(dir)
        .output()
        .expect("clustersite runs");
    assert!(
        output.status.success(),
        "clustersite check failed on the generated site:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_small_corpus_passes_check_and_is_deterministic() {
    let first = tempfile::tempdir().unwrap();
    let again = tempfile::tempdir().unwrap();
    let other_seed = tempfile::tempdir().unwrap();
    generate(first.path(), 3, 42);
    generate(again.path(), 3, 42);
    generate(other_seed.path(), 3, 43);

    assert_checks_clean(first.path());
    let files = tree(first.path());
    assert!(files.contains_key("content/site.toml"));
    assert!(files.contains_key("twin/hugo/content/_index.md"));
    assert!(files.contains_key("twin/eleventy/index.md"));
    assert!(
        files == tree(again.path()),
        "the same seed gave different trees"
    );
    assert!(
        files != tree(other_seed.path()),
        "a different seed gave the same tree"
    );
}

#[test]
fn a_mid_size_corpus_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 30, 7);
    assert_checks_clean(dir.path());
}

#[test]
fn the_twin_has_one_page_per_html_page_of_the_build() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 2, 5);
    let output_dir = dir.path().join("public");
    let status = Command::new(CLUSTERSITE)
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .arg("--output")
        .arg(&output_dir)
        .output()
        .expect("clustersite runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let html = tree(&output_dir)
        .keys()
        .filter(|path| path.ends_with(".html"))
        .count();
    let twin = tree(&dir.path().join("twin/eleventy"))
        .keys()
        .filter(|path| path.ends_with(".md"))
        .count();
    assert_eq!(
        html, twin,
        "clustersite made {html} pages, the twin has {twin}"
    );
}
