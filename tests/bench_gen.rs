//! The benchmark's corpus generator (src/bin/bench-gen) writes sites that
//! clustersite accepts, and the same seed always gives the same bytes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const GENERATOR: &str = env!("CARGO_BIN_EXE_bench-gen");
const CLUSTERSITE: &str = env!("CARGO_BIN_EXE_clustersite");

/// Runs bench-gen into `dir` (content and twin) and asserts it succeeded.
fn generate(dir: &Path, clusters: usize, seed: u64) {
    generate_with(dir, clusters, seed, &[]);
}

fn generate_with(dir: &Path, clusters: usize, seed: u64, more: &[&str]) {
    let output = Command::new(GENERATOR)
        .args(more)
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

/// The corpus's own "today" (2025-12-31), as bench/run builds it.
const CORPUS_DATE_EPOCH: &str = "1767139200";

/// `clustersite check` succeeds with no findings at all, warnings included:
/// the benchmark should measure a clean site, not the reporting of problems.
/// (Its notes, each page's reading ease, are not findings.)
fn assert_checks_clean(dir: &Path) {
    let output = Command::new(CLUSTERSITE)
        .args(["check", "--format", "json", "--root"])
        .arg(dir)
        .env("SOURCE_DATE_EPOCH", CORPUS_DATE_EPOCH)
        .output()
        .expect("clustersite runs");
    let findings: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "check --format json printed no JSON ({e}):\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let findings: Vec<serde_json::Value> = findings
        .into_iter()
        .filter(|f| f["severity"] != "note")
        .collect();
    assert!(
        output.status.success() && findings.is_empty(),
        "clustersite check found problems in the generated site:\n{}",
        serde_json::to_string_pretty(&findings).unwrap()
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

/// HTML pages of a build, by URL path; the peers write `404/index.html`.
fn html_pages(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_keys()
        .filter(|path| path.ends_with(".html"))
        .map(|path| path.replace("404/index.html", "404.html"))
        .collect()
}

/// 70 clusters is past the size where clustersite splits its find list into
/// a page per letter, so the twin must follow that too. A build runs every
/// check that `check` runs, so a clean build (no errors, no warnings) is a
/// clean check, at half the cost of doing both in a debug build.
#[test]
fn a_mid_size_corpus_builds_cleanly_and_the_twin_has_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 70, 7);
    assert_builds_cleanly_with_the_twins_pages(dir.path());
}

/// The archive preset's shape, smaller: one cluster with many updates (more
/// than one a month, so they need the day in their titles) and more case
/// studies than there are distinct titles to draw.
#[test]
fn an_archive_shaped_corpus_builds_cleanly_and_the_twin_has_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    generate_with(
        dir.path(),
        1,
        3,
        &["--updates", "90", "--case-studies", "40"],
    );
    let updates = std::fs::read_dir(dir.path().join("content/clusters"))
        .unwrap()
        .flatten()
        .map(|cluster| {
            std::fs::read_dir(cluster.path().join("updates"))
                .unwrap()
                .count()
        })
        .sum::<usize>();
    assert_eq!(updates, 90);
    assert_builds_cleanly_with_the_twins_pages(dir.path());
}

fn assert_builds_cleanly_with_the_twins_pages(dir: &Path) {
    let output_dir = dir.join("public");
    let built = Command::new(CLUSTERSITE)
        .env("SOURCE_DATE_EPOCH", CORPUS_DATE_EPOCH)
        .arg("build")
        .arg("--root")
        .arg(dir)
        .arg("--output")
        .arg(&output_dir)
        .output()
        .expect("clustersite runs");
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(
        built.status.success() && !stderr.contains("warning"),
        "the generated site did not build cleanly:\n{stderr}"
    );
    let twin: Vec<String> = tree(&dir.join("twin/eleventy"))
        .into_keys()
        .map(|path| match path.strip_suffix("index.md") {
            Some(folder) => format!("{folder}index.html"),
            None => format!("{}/index.html", path.trim_end_matches(".md")),
        })
        .map(|path| path.replace("404/index.html", "404.html"))
        .collect();
    let mut twin = twin;
    twin.sort();
    assert_eq!(
        html_pages(&output_dir),
        twin,
        "the twin's pages differ from the HTML pages clustersite made"
    );
}
