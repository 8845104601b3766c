//! Characters nobody can see are refused wherever content is written: as
//! themselves, as TOML escapes and as HTML character references.

use crate::harness::Case;

const FORM: &str = "content/forms/request-for-support.toml";
const CLUSTER: &str = "content/clusters/inner-east/cluster.toml";
const PAGE: &str = "content/pages/how-to-get-help.md";

fn hidden_at(case: Case, location: &str) {
    case.check()
        .expect_at(1, &[&format!("{location}: error[hidden-character]")]);
}

#[test]
fn a_direction_override_in_the_form_title_is_refused() {
    let case = Case::real().replace(
        FORM,
        "title = \"Request for",
        "title = \"Request \\u202E for",
    );
    case.check().expect(1, &["content/forms/request-for-support.toml:6:18: error[hidden-character]: the character U+202E (a text direction control) is hidden here: it cannot be seen, but it changes how the text reads"]);
}

#[test]
fn control_characters_written_as_escapes_are_refused() {
    hidden_at(
        Case::real().replace(
            FORM,
            "title = \"Request for",
            "title = \"Request \\u0000for",
        ),
        "content/forms/request-for-support.toml:6:18",
    );
    hidden_at(
        Case::real().replace(
            FORM,
            "title = \"Request for",
            "title = \"Request \\U0000001bfor",
        ),
        "content/forms/request-for-support.toml:6:18",
    );
    hidden_at(
        Case::real().replace(
            FORM,
            "title = \"Request for",
            "title = \"Request \\u0085for",
        ),
        "content/forms/request-for-support.toml:6:18",
    );
}

#[test]
fn literal_hidden_characters_in_toml_are_refused() {
    hidden_at(
        Case::real().replace(
            CLUSTER,
            "name = \"Inner East\"",
            "name = \"Inner\u{202e} East\"",
        ),
        "content/clusters/inner-east/cluster.toml:3:14",
    );
    hidden_at(
        Case::real().replace(
            CLUSTER,
            "name = \"Ebor Gardens\"",
            "name = \"Ebor\u{200b}Gardens\"",
        ),
        "content/clusters/inner-east/cluster.toml:90:13",
    );
    hidden_at(
        Case::real().replace(
            "content/site.toml",
            "name = \"Families First Team\"",
            "name = \"Families\u{2066}First Team\"",
        ),
        "content/site.toml:10:17",
    );
    hidden_at(
        Case::real().replace(
            "content/site.toml",
            "name = \"Families First Team\"",
            "name = \"Families\u{2060}First Team\"",
        ),
        "content/site.toml:10:17",
    );
}

#[test]
fn hidden_characters_in_markdown_bodies_are_refused() {
    let body = "## ";
    hidden_at(
        Case::real().replace(PAGE, body, "## \u{202d}"),
        &format!("{PAGE}:{}:4", line_of(PAGE, body)),
    );
    hidden_at(
        Case::real().replace(PAGE, body, "## &#x202E;"),
        &format!("{PAGE}:{}:4", line_of(PAGE, body)),
    );
    hidden_at(
        Case::real().replace(PAGE, body, "## &#8203;"),
        &format!("{PAGE}:{}:4", line_of(PAGE, body)),
    );
    hidden_at(
        Case::real().replace(PAGE, body, "## \u{feff}"),
        &format!("{PAGE}:{}:4", line_of(PAGE, body)),
    );
}

#[test]
fn joiners_and_ordinary_accents_are_not_hidden_characters() {
    Case::real()
        .replace(
            CLUSTER,
            "name = \"Ebor Gardens\"",
            "name = \"Ebor Gardens \u{00e9}\u{200d}\"",
        )
        .check()
        .expect(0, &[]);
}

/// The 1-based line of the first line of `file` (in the real content) starting with `prefix`.
fn line_of(file: &str, prefix: &str) -> usize {
    let text = std::fs::read_to_string(crate::harness::repo_root().join(file)).unwrap();
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

#[test]
fn noncharacters_that_would_break_the_feeds_are_refused() {
    let update = "content/clusters/inner-east/updates/progress-report-september-2015.md";
    hidden_at(
        Case::real().replace(update, "title = \"Progress", "title = \"\u{ffff}Progress"),
        &format!("{update}:2:10"),
    );
    hidden_at(
        Case::real().replace(update, "title = \"Progress", "title = \"\\uFDD0Progress"),
        &format!("{update}:2:10"),
    );
}
