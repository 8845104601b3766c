//! The JSON Schemas in schemas/: made from the model (they equal what
//! `clustersite schema` prints), and every real and fixture content file
//! validates against them with a real validator (Python's jsonschema), while
//! the error fixtures that are schema errors fail.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

const SHAPES: [&str; 12] = [
    "site",
    "glossary",
    "topics",
    "cluster",
    "form",
    "page",
    "intro",
    "update",
    "case-study",
    "translated-page",
    "cluster-translation",
    "form-translation",
];

/// `valid <path>` / `invalid <path>: why` for each content file under the roots.
fn validate(roots: &[&Path]) -> Vec<String> {
    let result = Command::new("python3")
        .arg(repo_root().join("tests/check_content_schemas.py"))
        .args(roots)
        .output()
        .expect("python3 runs (tests/run installs jsonschema)");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    String::from_utf8(result.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_shipped_schemas_are_the_ones_the_model_makes() {
    for shape in SHAPES {
        let shipped =
            std::fs::read_to_string(repo_root().join(format!("schemas/{shape}.schema.json")))
                .unwrap();
        let made = clustersite::schema::schema(shape).unwrap();
        assert!(
            shipped == made,
            "schemas/{shape}.schema.json is out of date: run `clustersite schema {shape} > schemas/{shape}.schema.json`"
        );
        let printed = Command::new(env!("CARGO_BIN_EXE_clustersite"))
            .args(["schema", shape])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(printed.stdout).unwrap(), made);
    }
}

#[test]
fn every_real_and_fixture_content_file_validates() {
    let valid = [
        repo_root(),
        fixture("minimal"),
        fixture("full"),
        fixture("checks").join("clean"),
    ];
    let roots: Vec<&Path> = valid.iter().map(|p| p.as_path()).collect();
    let lines = validate(&roots);
    assert!(lines.len() >= 30, "{lines:#?}");
    let invalid: Vec<&String> = lines.iter().filter(|l| !l.starts_with("valid ")).collect();
    assert!(invalid.is_empty(), "{invalid:#?}");
    // Every shape was exercised.
    for file in [
        "content/site.toml",
        "content/glossary.toml",
        "content/topics.toml",
        "content/forms/request-for-support.toml",
        "content/index.md",
        "content/clusters/inner-east/cluster.toml",
        "content/clusters/inner-east/index.md",
        "content/clusters/inner-east/updates/progress-report-september-2015.md",
        "content/pages/privacy.md",
    ] {
        assert!(
            lines.contains(&format!("valid {file}")),
            "{file}: {lines:#?}"
        );
    }
    assert!(lines.iter().any(|l| l.contains("/case-studies/")));
}

#[test]
fn the_files_new_makes_validate() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), site.path());
    let new = |args: &[&str]| {
        let result = Command::new(env!("CARGO_BIN_EXE_clustersite"))
            .arg("--root")
            .arg(site.path())
            .arg("new")
            .args(args)
            .output()
            .unwrap();
        assert!(result.status.success(), "{args:?}");
    };
    new(&["update", "north", "News"]);
    new(&["case-study", "north", "A story"]);
    new(&["page", "About"]);
    new(&["cluster", "west", "West"]);
    let lines = validate(&[site.path()]);
    for file in [
        "content/clusters/north/updates/news.md",
        "content/clusters/north/case-studies/a-story.md",
        "content/pages/about.md",
        "content/clusters/west/cluster.toml",
    ] {
        assert!(
            lines.contains(&format!("valid {file}")),
            "{file}: {lines:#?}"
        );
    }
}

#[test]
fn error_fixtures_that_are_schema_errors_fail_validation() {
    for (fixture_name, expected) in [
        (
            "unknown-field",
            "invalid content/clusters/north/cluster.toml: contacts/0: Additional properties are not allowed ('emial' was unexpected)",
        ),
        (
            "missing-field",
            "invalid content/pages/about.md: : 'title' is a required property",
        ),
        (
            "bad-date",
            "invalid content/clusters/north/updates/report.md: date: '30/09/2015' is not a 'date'",
        ),
        (
            "unknown-value",
            "invalid content/clusters/north/cluster.toml: schools/0/phase: 'primery' is not one of ['primary', 'secondary']",
        ),
    ] {
        let root = fixture("errors").join(fixture_name);
        let lines = validate(&[root.as_path()]);
        assert_eq!(lines, [expected], "{fixture_name}");
    }
}
