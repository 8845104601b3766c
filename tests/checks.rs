//! The content checks (src/check/): one fixture per rule under
//! `tests/fixtures/checks/<rule>/`, each with the exact findings it must
//! produce in `expected.txt`, a clean fixture with none, and the real content.
//!
//! A fixture is laid over `tests/fixtures/minimal/` and then over
//! `tests/fixtures/checks/clean/` (the minimal site with fresh dates and a
//! case study, update and page that pass every check), so that each
//! expected.txt holds only what its own files add.
//!
//! To re-record after an intended change: `BLESS=1 cargo test --test checks`,
//! then review every changed line.

mod support;

use std::path::{Path, PathBuf};

use clustersite::diagnostics::{Report, Severity};
use support::*;

fn checks_dir() -> PathBuf {
    fixture("checks")
}

/// The minimal site, the clean layer and the named fixture, in a temp folder.
fn check_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    copy_tree(&checks_dir().join("clean"), dir.path());
    copy_tree(&checks_dir().join(name), dir.path());
    std::fs::remove_file(dir.path().join("expected.txt")).ok();
    dir
}

/// Every finding of loading `root` and running the checks on it, sorted as
/// `clustersite check` prints them. (Rendering is left out: these tests are
/// about src/check/, and tests/errors.rs covers what rendering reports.)
fn findings(root: &Path) -> Report {
    let (site, mut report) = clustersite::content::load(root);
    if let Some(site) = site {
        report.extend(clustersite::check::run(&site, TODAY));
    }
    report.sort();
    report
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(checks_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_check_fixture_reports_exactly_its_expected_findings() {
    let mismatches: Vec<String> = fixture_names()
        .iter()
        .filter_map(|name| {
            let site = check_site(name);
            let actual = describe(&findings(site.path()));
            compare(&actual, &checks_dir().join(name).join("expected.txt")).err()
        })
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn every_rule_has_a_fixture_that_triggers_it() {
    let rules = [
        "personal-name",
        "personal-data",
        "role-not-name",
        "consent-date",
        "stale-allow",
        "out-of-date",
        "count-mismatch",
        "duplicate-name",
        "shared-school",
        "phone-format",
        "email-format",
        "no-contact-details",
        "url-format",
        "empty-section",
        "unsafe-text",
        "hidden-character",
        "unexplained-term",
        "unknown-abbreviation",
        "long-sentence",
        "glossary",
        "no-consent-record",
        "placeholder",
        "unreadable-name",
        "long-name",
    ];
    // What the checks find now, not what expected.txt recorded: a rule that
    // stopped firing must fail here even if its expected.txt was re-recorded.
    let triggered: std::collections::BTreeSet<&str> = fixture_names()
        .iter()
        .flat_map(|name| {
            let site = check_site(name);
            findings(site.path()).items.into_iter().map(|d| d.rule)
        })
        .collect();
    for rule in rules {
        assert!(
            triggered.contains(rule),
            "no fixture under tests/fixtures/checks/ triggers `{rule}`"
        );
    }
}

#[test]
fn the_clean_fixture_has_no_findings_at_all() {
    let site = check_site("clean");
    let report = findings(site.path());
    assert!(report.items.is_empty(), "{}", describe(&report));
}

#[test]
fn a_name_an_email_and_a_birth_date_are_three_located_errors() {
    let site = check_site("anonymisation");
    let report = findings(site.path());
    let located: Vec<(usize, usize, &str)> = report
        .items
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Error, "{}", d.short());
            assert_eq!(d.file, "content/clusters/north/case-studies/new-start.md");
            (d.line, d.column, d.rule)
        })
        .collect();
    assert_eq!(
        located,
        [
            (11, 3, "personal-name"),
            (11, 14, "personal-data"),
            (12, 39, "personal-data"),
        ]
    );
    assert!(
        report.has_errors(),
        "a case study naming a child must not build"
    );
}

#[test]
fn the_real_content_has_only_the_expected_warnings() {
    let report = findings(&repo_root());
    assert_eq!(
        report.error_count(),
        0,
        "the real site has errors:\n{}",
        describe(&report)
    );
    let result = compare(
        &describe(&report),
        &checks_dir().join("real-content-expected.txt"),
    );
    if let Err(diff) = result {
        panic!("{diff}");
    }
}
