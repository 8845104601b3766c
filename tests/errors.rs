//! One bad site per class of error: each must produce exactly the diagnostics in
//! its `expected.txt` (file:line:col: severity[rule]: message, then help), and
//! leave the previous output untouched.

mod support;

use clustersite::Timings;
use support::*;

fn error_fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("errors"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_error_fixture_reports_exactly_its_expected_diagnostics() {
    let mut mismatches = Vec::new();
    for name in error_fixture_names() {
        let site = error_site(&name);
        let (generated, report) =
            clustersite::generate(&options(site.path()), &mut Timings::default());
        assert!(generated.is_none(), "{name}: a bad site must not generate");
        assert!(report.has_errors(), "{name}: expected errors");
        let expected_path = fixture("errors").join(&name).join("expected.txt");
        if let Err(mismatch) = compare(&describe(&report), &expected_path) {
            mismatches.push(mismatch);
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Whether the build fails while loading (before anything is written), while
/// rendering (pages are already in the staging folder) or after rendering
/// (a published URL is missing), the old output stays and nothing is left over.
#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    for (fixture_name, fails_when) in [
        ("unknown-field", "loading"),
        ("broken-link", "rendering"),
        ("url-removed", "after rendering"),
    ] {
        let site = error_site(fixture_name);
        // First a good build from the minimal fixture into the same output folder.
        let good = tempfile::tempdir().unwrap();
        copy_tree(&fixture("minimal"), good.path());
        let output = site.path().join("public");
        build(good.path(), &output).expect("the minimal site builds");
        let before = snapshot(&output);
        assert!(before.contains_key("index.html"));

        let report = build(site.path(), &output).expect_err("the bad site must fail");
        assert!(report.has_errors());
        assert_eq!(
            snapshot(&output),
            before,
            "public/ changed after a build that failed {fails_when}"
        );
        // No staging folders are left beside it.
        let leftovers: Vec<_> = std::fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "a staging folder was left after a build that failed {fails_when}"
        );
    }
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = error_site("many-files");
    let (_, report) = clustersite::generate(&options(site.path()), &mut Timings::default());
    let files: std::collections::BTreeSet<_> =
        report.items.iter().map(|d| d.file.clone()).collect();
    // Exactly the two broken files: one run stops at neither.
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "content/clusters/north/cluster.toml",
            "content/pages/about.md"
        ]
    );
}

#[test]
fn human_output_shows_the_line_and_a_caret() {
    let site = error_site("unknown-field");
    let (_, report) = clustersite::generate(&options(site.path()), &mut Timings::default());
    let text = report.render(false);
    assert!(
        text.contains("content/clusters/north/cluster.toml:7:1"),
        "{text}"
    );
    assert!(
        text.contains("7 | emial = \"north@test.example\""),
        "{text}"
    );
    assert!(text.contains("^^^^^"), "{text}");
    assert!(text.contains("help: did you mean `email`?"), "{text}");
}
