//! Diagnostics: whatever the escapes, bytes or number of problems, every
//! finding is located (`--> file:line:col`), nothing panics, and a file full
//! of mistakes costs a bounded amount of memory.

use crate::harness::Case;

const CLUSTER: &str = "content/clusters/inner-east/cluster.toml";
const NOTE: &str = "note = \"The cluster and";
const PRIVACY: &str = "content/pages/privacy.md";

/// The first contact's note (line 67 of the cluster file), with `text`
/// written in front of its words exactly as given (TOML escapes included).
fn note_starting(text: &str) -> Case {
    Case::real().replace(CLUSTER, NOTE, &format!("note = \"{text}The cluster and"))
}

/// A file outside the site root that a link inside it may point at.
fn outside_file(case: Case, name: &str, text: &str) -> Case {
    std::fs::write(case.sandbox().join("outside").join(name), text).unwrap();
    case
}

// Escapes before multibyte text: the panic "not a char boundary".

#[test]
fn escapes_before_multibyte_text_in_a_markdown_string_are_located_not_a_panic() {
    // The funding summary is Markdown; `\t` are TOML escapes (2 bytes in the
    // file, 1 in the value) and each `€` is 3 bytes.
    Case::real()
        .replace(
            CLUSTER,
            "summary = \"\"\"\nThe cluster gets most",
            "summary = \"\"\"a\\t\\t€€€ [x](/nope/) The cluster gets most",
        )
        .check()
        .expect_at(1, &[&format!("{CLUSTER}:27:23: error[broken-link]")]);
}

#[test]
fn escapes_before_multibyte_text_then_markup_point_at_the_markup() {
    note_starting("a\\t\\t€€€ <b>").check().expect(
        1,
        &[&format!(
            "{CLUSTER}:67:18: error[unsafe-text]: HTML is not allowed in content"
        )],
    );
}

// Markup hidden behind escapes is judged as it will be published.

#[test]
fn markup_written_as_unicode_escapes_is_refused_at_the_escape() {
    note_starting("\\u003cimg src=x onerror=alert(1)\\u003e ")
        .check()
        .expect(
            1,
            &[&format!(
                "{CLUSTER}:67:9: error[unsafe-text]: HTML is not allowed in content"
            )],
        );
}

#[test]
fn markup_written_as_long_unicode_escapes_is_refused() {
    note_starting("€ \\U0000003Cscript\\U0000003E ")
        .check()
        .expect(
            1,
            &[&format!(
                "{CLUSTER}:67:11: error[unsafe-text]: HTML is not allowed in content"
            )],
        );
}

#[test]
fn a_script_link_with_an_escaped_colon_is_refused() {
    note_starting("javascript\\u003aalert(1) ").check().expect(
        1,
        &[&format!(
            "{CLUSTER}:67:9: error[unsafe-text]: a script or data link is not allowed in content"
        )],
    );
}

#[test]
fn markup_split_by_a_line_ending_backslash_is_refused() {
    // In a """ string a backslash at the end of a line joins the lines:
    // the governance summary (line 18) then reads "x <b> A committee...".
    Case::real()
        .replace(
            CLUSTER,
            "summary = \"A committee runs",
            "summary = \"\"\"x <\\\n    b> A committee runs",
        )
        .replace(
            CLUSTER,
            "and local partners sit on it.\"",
            "and local partners sit on it.\"\"\"",
        )
        .check()
        .expect(
            1,
            &[&format!(
                "{CLUSTER}:18:16: error[unsafe-text]: HTML is not allowed in content"
            )],
        );
}

#[test]
fn escapes_in_a_literal_string_are_plain_text_not_markup() {
    // '...' strings have no escapes: the page shows the characters \u003c.
    Case::real()
        .replace(
            CLUSTER,
            "role = \"Targeted Services Leader and Manager of Cluster Services\"",
            "role = 'a \\u003cb\\u003e Targeted Services Leader'",
        )
        .check()
        .expect(0, &[]);
}

// A file with too many problems: bounded findings.

#[test]
fn ten_thousand_markup_errors_in_one_page_are_capped_at_fifty_and_a_summary() {
    let many = "some words <br>\n".repeat(10_000);
    let outcome = Case::real().append(PRIVACY, &format!("\n{many}")).check();
    let errors = outcome.errors();
    let raw_html: Vec<&String> = errors
        .iter()
        .filter(|e| e.starts_with(&format!("{PRIVACY}:")) && e.contains("error[raw-html]"))
        .collect();
    assert_eq!(outcome.code, 1);
    assert_eq!(raw_html.len(), 51, "{errors:#?}");
    // The page has 28 lines, then the appended blank line.
    let first_line = 30;
    assert_eq!(
        raw_html[0],
        &format!("{PRIVACY}:{first_line}:12: error[raw-html]: HTML is not allowed in content")
    );
    assert_eq!(
        raw_html[50],
        &format!(
            "{PRIVACY}:{}:12: error[raw-html]: and 9,950 more like this",
            first_line + 50
        )
    );
    assert_eq!(errors.len(), 51, "only the page's findings: {errors:#?}");
}

// One error form: every finding is `--> file:line:col`.

#[test]
fn a_file_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    // Latin-1 "é" (one byte, 0xE9) in the title: line 2, column 11.
    Case::real()
        .write(
            "content/pages/cafe.md",
            b"+++\ntitle = \"Caf\xe9\"\ndescription = \"x\"\n+++\nText.\n",
        )
        .check()
        .expect(
            1,
            &["content/pages/cafe.md:2:13: error[not-utf8]: this file is not UTF-8 text (byte 17 is not valid)"],
        );
}

#[test]
fn a_page_cut_off_inside_a_multibyte_character_is_located() {
    // The first two of the three bytes of "€" at the end of the file.
    let mut bytes = std::fs::read(crate::harness::repo_root().join(PRIVACY)).unwrap();
    let lines = bytes.iter().filter(|b| **b == b'\n').count();
    bytes.extend_from_slice(b"Cost: \xe2\x82");
    let at = bytes.len() - 1;
    Case::real().write(PRIVACY, &bytes).check().expect(
        1,
        &[&format!(
            "{PRIVACY}:{}:7: error[not-utf8]: this file is not UTF-8 text (byte {at} is not valid)",
            lines + 1
        )],
    );
}

#[test]
fn a_site_file_saved_as_utf16_is_located_at_its_first_byte() {
    // What "Save as Unicode" in some editors writes: a UTF-16 byte-order mark.
    let text = "title = \"Test clusters\"\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    Case::minimal()
        .write("content/site.toml", bytes)
        .check()
        .expect(
            1,
            &["content/site.toml:1:1: error[not-utf8]: this file is not UTF-8 text (byte 1 is not valid)"],
        );
}

#[test]
fn a_missing_file_has_the_same_json_shape_as_any_finding() {
    let case = Case::real();
    std::fs::remove_file(case.root().join("content/forms/request-for-support.toml")).unwrap();
    let outcome = case.run(&["check", "--format", "json"]);
    assert_eq!(outcome.code, 1);
    let findings: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(
        findings,
        serde_json::json!([{
            "file": "content/forms/request-for-support.toml",
            "line": 1,
            "column": 1,
            "severity": "error",
            "rule": "missing-file",
            "message": "content/forms/request-for-support.toml is missing",
            "help": "create content/forms/request-for-support.toml; README.md shows what goes in it",
        }])
    );
}

#[test]
fn an_unknown_output_format_is_refused_as_usage() {
    Case::real()
        .run(&["check", "--format", "xml"])
        .expect_refused("invalid value 'xml'");
}

#[test]
fn a_missing_site_file_is_located_at_line_one() {
    let case = Case::real();
    std::fs::remove_file(case.root().join("content/site.toml")).unwrap();
    case.check().expect(
        1,
        &["content/site.toml:1:1: error[missing-file]: content/site.toml is missing"],
    );
}

#[test]
fn an_empty_page_is_located_at_line_one() {
    Case::real()
        .write("content/pages/empty.md", " \n\n")
        .check()
        .expect(
            1,
            &["content/pages/empty.md:1:1: error[empty-file]: this file is empty"],
        );
}

#[test]
fn a_misplaced_file_is_located_at_line_one() {
    Case::real()
        .write("content/notes.txt", "a note")
        .check()
        .expect(
            1,
            &["content/notes.txt:1:1: error[unexpected-file]: clustersite does not read a file in this place"],
        );
}

// Symbolic links: the site publishes only files inside its own folder.

#[test]
fn a_page_linked_to_a_file_outside_the_site_is_refused() {
    // Built first: the refused build must leave the published site as it was
    // (the harness compares it byte for byte).
    let case = outside_file(
        Case::real().built(),
        "secret.md",
        "+++\ntitle = \"Secret\"\ndescription = \"x\"\n+++\nPrivate notes.\n",
    )
    .symlink("site/content/pages/leak.md", "../../../outside/secret.md");
    case.build().expect(
        1,
        &["content/pages/leak.md:1:1: error[outside-site]: this file is a link to a file outside the site folder"],
    );
    assert!(!case.root().join("public/leak").exists());
}

#[test]
fn a_page_linked_by_absolute_path_outside_the_site_is_refused() {
    let case = outside_file(
        Case::real(),
        "other.md",
        "+++\ntitle = \"Other\"\ndescription = \"x\"\n+++\nNot ours.\n",
    );
    let target = case.sandbox().join("outside/other.md");
    let case = case.symlink("site/content/pages/other.md", target.to_str().unwrap());
    case.check().expect(
        1,
        &["content/pages/other.md:1:1: error[outside-site]: this file is a link to a file outside the site folder"],
    );
}

#[test]
fn a_cluster_folder_linked_outside_the_site_is_refused_at_its_file() {
    let case = Case::real();
    let away = case.sandbox().join("outside/away");
    std::fs::create_dir_all(&away).unwrap();
    std::fs::copy(case.root().join(CLUSTER), away.join("cluster.toml")).unwrap();
    let case = case.symlink("site/content/clusters/away", "../../../outside/away");
    case.check().expect(
        1,
        &["content/clusters/away/cluster.toml:1:1: error[outside-site]: this file is a link to a file outside the site folder"],
    );
}

#[test]
fn a_page_linked_to_a_file_inside_the_site_is_published() {
    let case = Case::real()
        .write(
            "drafts/extra.md",
            "+++\ntitle = \"Extra\"\ndescription = \"An extra page.\"\n+++\nSome words.\n",
        )
        .symlink("site/content/pages/extra.md", "../../drafts/extra.md");
    case.build().expect(0, &[]);
    assert!(case.root().join("public/extra/index.html").is_file());
}

// Deep nesting in TOML: a located error, never a stack overflow.

#[test]
fn deeply_nested_lists_in_toml_are_a_located_error() {
    let depth = 100_000;
    let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    Case::real()
        .append("content/site.toml", &format!("\nx = {value}\n"))
        .check()
        .expect(
            1,
            &[&format!(
                "content/site.toml:{}:84: error[too-deep]: lists or tables are nested too deeply here",
                crate::harness::real_line_count("content/site.toml") + 2
            )],
        );
}

#[test]
fn deeply_nested_inline_tables_in_toml_are_a_located_error() {
    let depth = 50_000;
    let value = format!("{}1{}", "{ a = ".repeat(depth), " }".repeat(depth));
    Case::real()
        .append("content/site.toml", &format!("\nx = {value}\n"))
        .check()
        .expect(
            1,
            &[&format!(
                "content/site.toml:{}:479: error[too-deep]: lists or tables are nested too deeply here",
                crate::harness::real_line_count("content/site.toml") + 2
            )],
        );
}
