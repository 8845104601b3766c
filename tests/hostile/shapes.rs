//! A misspelt key is never silently ignored: every shape of TOML the site
//! reads (site.toml, cluster.toml and its tables, the form, every kind of
//! front matter) refuses a key it does not know, located at the key.

use crate::harness::Case;

/// Inserts `line` after the first line of `file` that starts with `anchor`,
/// and asserts that the one error is an unknown field at that new line.
fn misspelt(file: &str, anchor: &str, line: &str, expected_line: usize) {
    let path = crate::harness::repo_root().join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let at = text
        .lines()
        .find(|l| l.starts_with(anchor))
        .unwrap_or_else(|| panic!("{file} has no line starting {anchor:?}"));
    Case::real()
        .replace(file, &format!("{at}\n"), &format!("{at}\n{line}\n"))
        .check()
        .expect_at(
            1,
            &[&format!("{file}:{expected_line}:1: error[unknown-field]")],
        );
}

#[test]
fn site_toml_refuses_unknown_keys() {
    misspelt("content/site.toml", "title = ", "titel = \"x\"", 2);
    misspelt(
        "content/site.toml",
        "[contact]",
        "emial = \"a@b.example\"",
        10,
    );
}

#[test]
fn cluster_toml_and_its_tables_refuse_unknown_keys() {
    let cluster = "content/clusters/inner-east/cluster.toml";
    misspelt(cluster, "name = ", "nmae = \"x\"", 4);
    misspelt(cluster, "[governance]", "bodey = \"x\"", 17);
    misspelt(cluster, "[funding]", "sumary = \"x\"", 27);
    misspelt(cluster, "[[contacts]]", "phnoe = \"0113 000 0000\"", 64);
    misspelt(cluster, "[[schools]]", "phaze = \"primary\"", 90);
    misspelt(cluster, "[[childrens_centres]]", "slg = \"x\"", 151);
    misspelt(cluster, "[[services]]", "sumary = \"x\"", 177);
}

#[test]
fn the_form_refuses_unknown_keys() {
    let form = "content/forms/request-for-support.toml";
    misspelt(form, "[[sections]]", "titel = \"x\"", 38);
    misspelt(form, "[[sections.fields]]", "lable = \"x\"", 41);
}

#[test]
fn every_kind_of_front_matter_refuses_unknown_keys() {
    misspelt("content/index.md", "+++", "titel = \"x\"", 2);
    misspelt("content/pages/privacy.md", "+++", "ordre = 1", 2);
    misspelt(
        "content/clusters/inner-east/index.md",
        "+++",
        "descripton = \"x\"",
        2,
    );
    misspelt(
        "content/clusters/inner-east/updates/progress-report-september-2015.md",
        "+++",
        "dtae = 2015-09-30",
        2,
    );
    misspelt(
        "content/clusters/inner-east/case-studies/play-and-art-therapy-for-a-girl-at-risk-of-exclusion.md",
        "+++",
        "alow = [\"Gestalt\"]",
        2,
    );
}

#[test]
fn a_misspelt_key_inside_an_inline_table_is_refused() {
    let story = "content/clusters/inner-east/case-studies/help-with-behaviour-and-attendance-for-two-young-brothers.md";
    Case::real()
        .replace(
            story,
            "consent = { recorded = false, note",
            "consent = { recorded = false, notes",
        )
        .check()
        .expect_at(1, &[&format!("{story}:4:")]);
}
