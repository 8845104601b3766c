//! Markdown: images obey the same address rules as links (schemes read the
//! way a browser reads them), images load only from the site's own static
//! files and say what they show, and no nesting is deep enough to crash the
//! build. Each attack is tried where comms staff write Markdown: pages,
//! updates, case studies and Markdown strings in TOML.

use crate::harness::{Case, Outcome};

const PAGE: &str = "content/pages/privacy.md";
const UPDATE: &str = "content/clusters/inner-east/updates/progress-report-september-2015.md";
const CASE_STUDY: &str =
    "content/clusters/inner-east/case-studies/play-and-art-therapy-for-a-girl-at-risk-of-exclusion.md";
const CLUSTER: &str = "content/clusters/inner-east/cluster.toml";

/// A copy of the real site with `text` added as new paragraphs at the end of
/// `file`, and the line `text` starts on.
fn added(file: &str, text: &str) -> (Case, usize) {
    added_to(Case::real(), file, text)
}

/// As [`added`], to `case`.
fn added_to(case: Case, file: &str, text: &str) -> (Case, usize) {
    let before = std::fs::read_to_string(case.root().join(file)).unwrap();
    assert!(before.ends_with('\n'));
    let line = before.lines().count() + 2;
    (case.append(file, &format!("\n{text}\n")), line)
}

/// Runs `check` on `text` added to `file`; asserts exit 1 and exactly one
/// error, `error[{rule}]: {message}`, at `column` of the text's first line
/// plus `lines_down`.
fn refused(file: &str, text: &str, at: (usize, usize), rule: &str, message: &str) -> Outcome {
    let (case, line) = added(file, text);
    let expected = format!("{file}:{}:{}: error[{rule}]: {message}", line + at.0, at.1);
    let outcome = case.check();
    outcome.expect(1, &[expected.as_str()]);
    outcome
}

/// Asserts the help line printed under the only error.
fn helped(outcome: &Outcome, help: &str) {
    assert!(
        outcome.stderr.contains(&format!("= help: {help}")),
        "expected help {help:?}:\n{}",
        outcome.stderr
    );
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

// Images: addresses.

#[test]
fn an_image_from_another_site_in_capitals_is_refused() {
    let outcome = refused(
        PAGE,
        "![a map of the cluster](HTTPS://evil.example/x.png)",
        (0, 1),
        "external-resource",
        "this image loads from another site: HTTPS://evil.example/x.png",
    );
    helped(
        &outcome,
        "save the image in the site's static/ folder and use its address on this site, e.g. ![what it shows](/images/photo.png)",
    );
}

#[test]
fn an_image_from_another_site_without_slashes_is_refused() {
    refused(
        UPDATE,
        "![a map](http:evil.example/x.png)",
        (0, 1),
        "external-resource",
        "this image loads from another site: http:evil.example/x.png",
    );
}

#[test]
fn an_image_from_another_site_through_a_reference_definition_is_refused() {
    refused(
        PAGE,
        "Our area: ![a map][i]\n\n[i]: HTTPS://evil.example/x.png",
        (0, 11),
        "external-resource",
        "this image loads from another site: HTTPS://evil.example/x.png",
    );
}

#[test]
fn a_protocol_relative_image_is_refused() {
    refused(
        CASE_STUDY,
        "![a map](//evil.example/x.png)",
        (0, 1),
        "external-resource",
        "this image loads from another site: //evil.example/x.png",
    );
}

#[test]
fn a_javascript_image_is_refused() {
    refused(
        PAGE,
        "![a map](javascript:alert(1))",
        (0, 1),
        "unsafe-link",
        "`javascript:` addresses are not allowed",
    );
}

#[test]
fn an_svg_data_image_is_refused() {
    let outcome = refused(
        PAGE,
        "![a map](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        (0, 1),
        "unsafe-link",
        "`data:` addresses are not allowed",
    );
    helped(
        &outcome,
        "save the image in the site's static/ folder and use its address on this site, e.g. ![what it shows](/images/photo.png)",
    );
}

#[test]
fn a_file_image_with_a_tab_in_its_scheme_is_refused() {
    // Browsers remove tabs and newlines anywhere in an address.
    refused(
        PAGE,
        "![a map](fi&#9;le:///etc/passwd)",
        (0, 1),
        "unsafe-link",
        "`file:` addresses are not allowed",
    );
}

#[test]
fn a_missing_local_image_is_refused() {
    let outcome = refused(
        PAGE,
        "![a map of the cluster](/images/missing.png)",
        (0, 1),
        "missing-image",
        "there is no image /images/missing.png",
    );
    helped(
        &outcome,
        "save the image as static/images/missing.png in the site's folder, or correct the address",
    );
}

#[test]
fn a_page_is_not_an_image() {
    refused(
        PAGE,
        "![a map of the cluster](/clusters/)",
        (0, 1),
        "missing-image",
        "there is no image /clusters/",
    );
}

#[test]
fn an_image_with_a_relative_address_is_refused() {
    refused(
        UPDATE,
        "![a map](images/map.png)",
        (0, 1),
        "relative-link",
        "`images/map.png` is not a site address",
    );
}

#[test]
fn images_in_the_site_and_theme_static_folders_are_published() {
    let (case, _) = added(
        PAGE,
        "![a map of the cluster](/images/map.png) ![a photo](/images/photo-one.png)",
    );
    let case = case
        .write("static/images/map.png", PNG)
        .write("themes/default/static/images/photo-one.png", PNG);
    case.build().expect(0, &[]);
    let html = std::fs::read_to_string(case.root().join("public/privacy/index.html")).unwrap();
    assert!(
        html.contains("/images/map.png") && html.contains("/images/photo-one.png"),
        "{html}"
    );
}

// Images: text alternatives.

#[test]
fn alt_text_of_only_a_zero_width_joiner_is_refused() {
    // (A zero-width space is refused anywhere, by the hidden-character rule.)
    let (case, line) = added(PAGE, "![\u{200d}](/images/map.png)");
    let case = case.write("static/images/map.png", PNG);
    let expected = format!("{PAGE}:{line}:1: error[image-alt]: this image has no text alternative");
    case.check().expect(1, &[expected.as_str()]);
}

#[test]
fn alt_text_of_only_invisible_characters_is_refused() {
    // No-break spaces and a space. (A soft hyphen, a zero-width joiner, a word
    // joiner or a direction mark is refused in a case study by the anonymisation
    // gate, which runs first.)
    let (case, line) = added(CASE_STUDY, "![\u{a0} \u{a0}](/images/map.png)");
    let case = case.write("static/images/map.png", PNG);
    let expected =
        format!("{CASE_STUDY}:{line}:1: error[image-alt]: this image has no text alternative");
    case.check().expect(1, &[expected.as_str()]);
}

// Links: schemes read the way a browser reads them.

#[test]
fn a_link_with_a_tab_inside_javascript_is_refused() {
    refused(
        PAGE,
        "[our form](java&#9;script:alert(1))",
        (0, 1),
        "unsafe-link",
        "`javascript:` links are not allowed",
    );
}

#[test]
fn a_javascript_link_in_mixed_case_is_refused() {
    refused(
        UPDATE,
        "[our form](JavaScript:alert(1))",
        (0, 1),
        "unsafe-link",
        "`javascript:` links are not allowed",
    );
}

#[test]
fn a_vbscript_link_after_spaces_is_refused() {
    // Browsers remove control characters and spaces before an address;
    // control characters are refused anywhere (the hidden-character rule).
    refused(
        PAGE,
        "[our form](< \t vbscript:msgbox>)",
        (0, 1),
        "unsafe-link",
        "`vbscript:` links are not allowed",
    );
    refused(
        PAGE,
        "[our form](<\u{1} vbscript:msgbox>)",
        (0, 13),
        "hidden-character",
        "the character U+0001 (a control character) is hidden here: it cannot be seen, but it changes how the text reads",
    );
}

#[test]
fn a_file_link_is_refused() {
    refused(
        PAGE,
        "[the records](file:///c:/records.xlsx)",
        (0, 1),
        "unsafe-link",
        "`file:` links are not allowed",
    );
}

#[test]
fn an_insecure_link_without_slashes_is_refused_with_its_fix() {
    let outcome = refused(
        PAGE,
        "[the council](http:evil.example/page)",
        (0, 1),
        "insecure-link",
        "this link is not secure: http:evil.example/page",
    );
    helped(&outcome, "use https:// instead: https://evil.example/page");
}

#[test]
fn an_insecure_link_in_capitals_is_refused_with_its_fix() {
    let outcome = refused(
        UPDATE,
        "[the council](HTTP://www.leeds.gov.uk/)",
        (0, 1),
        "insecure-link",
        "this link is not secure: HTTP://www.leeds.gov.uk/",
    );
    helped(&outcome, "use https:// instead: https://www.leeds.gov.uk/");
}

#[test]
fn a_protocol_relative_link_is_refused_with_its_fix() {
    let outcome = refused(
        PAGE,
        "[the council](//www.leeds.gov.uk/)",
        (0, 1),
        "insecure-link",
        "this link leaves out https://: //www.leeds.gov.uk/",
    );
    helped(&outcome, "use https:// instead: https://www.leeds.gov.uk/");
}

#[test]
fn a_link_to_another_site_hidden_behind_a_backslash_is_refused() {
    // Browsers read `/\evil.example/` as `//evil.example/`.
    refused(
        CASE_STUDY,
        "[our page](/\\\\evil.example/)",
        (0, 1),
        "insecure-link",
        "this link leaves out https://: /\\evil.example/",
    );
}

#[test]
fn a_link_that_hides_its_site_behind_a_user_name_is_refused() {
    refused(
        PAGE,
        "[the council](https://www.leeds.gov.uk@evil.example/)",
        (0, 1),
        "unsafe-link",
        "this link hides where it goes: it leads to evil.example",
    );
}

#[test]
fn secure_links_in_capitals_are_published() {
    let (case, _) = added(PAGE, "[the council](HTTPS://www.leeds.gov.uk/)");
    case.check().expect(0, &[]);
}

// Nesting: deep enough to overflow the stack of a recursive stage.

fn quotes(depth: usize) -> String {
    format!("{}deep", "> ".repeat(depth))
}

const TOO_DEEP_HELP: &str =
    "use at most a few levels: split it into paragraphs, or sections with ## headings";

#[test]
fn quotes_nested_5000_deep_in_a_page_are_refused() {
    let outcome = refused(
        PAGE,
        &quotes(5000),
        (0, 41),
        "too-deep",
        "quotes nested 5,000 levels deep; the site allows at most 20",
    );
    helped(&outcome, TOO_DEEP_HELP);
}

#[test]
fn quotes_nested_20_deep_are_published() {
    let (case, _) = added(PAGE, &quotes(20));
    case.check().expect(0, &[]);
}

#[test]
fn quotes_nested_21_deep_are_refused() {
    refused(
        PAGE,
        &quotes(21),
        (0, 41),
        "too-deep",
        "quotes nested 21 levels deep; the site allows at most 20",
    );
}

#[test]
fn lists_nested_2000_deep_in_an_update_are_refused() {
    refused(
        UPDATE,
        &format!("{}deep", "- ".repeat(2000)),
        (0, 41),
        "too-deep",
        "lists nested 2,000 levels deep; the site allows at most 20",
    );
}

#[test]
fn numbered_lists_nested_on_their_own_lines_are_refused() {
    let text: String = (0..2000)
        .map(|level| format!("{}1. step\n", "   ".repeat(level)))
        .collect();
    // Past four spaces of indent a line is code, unless it continues a list
    // item: every level here does.
    refused(
        CASE_STUDY,
        &text,
        (20, 61),
        "too-deep",
        "lists nested 2,000 levels deep; the site allows at most 20",
    );
}

#[test]
fn emphasis_nested_5000_deep_in_a_case_study_is_refused() {
    refused(
        CASE_STUDY,
        &format!("{}x{}", "*a ".repeat(5000), " a*".repeat(5000)),
        (0, 61),
        "too-deep",
        "bold and italic text nested 5,000 levels deep; the site allows at most 20",
    );
}

#[test]
fn strikethrough_nested_5000_deep_is_refused() {
    refused(
        UPDATE,
        &format!("{}x{}", "~~a ".repeat(5000), " a~~".repeat(5000)),
        (0, 81),
        "too-deep",
        "struck-through text nested 5,000 levels deep; the site allows at most 20",
    );
}

#[test]
fn images_nested_inside_image_descriptions_are_refused() {
    let (case, line) = added(
        PAGE,
        &format!(
            "{}a map{}",
            "![".repeat(3000),
            "](/images/map.png)".repeat(3000)
        ),
    );
    let case = case.write("static/images/map.png", PNG);
    let expected = format!(
        "{PAGE}:{line}:41: error[too-deep]: images nested 3,000 levels deep; the site allows at most 20"
    );
    case.check().expect(1, &[expected.as_str()]);
}

#[test]
fn brackets_nested_5000_deep_are_only_text() {
    // A link cannot hold another link, so this is one link inside brackets.
    let (case, _) = added(
        PAGE,
        &format!(
            "{}our page{}",
            "[".repeat(5000),
            "](/clusters/)".repeat(5000)
        ),
    );
    case.check().expect(0, &[]);
}

#[test]
fn quotes_and_lists_nested_inside_each_other_stop_the_build() {
    let (case, line) = added_to(
        Case::real().built(),
        UPDATE,
        &format!("{}deep", "> - ".repeat(2500)),
    );
    let expected = format!(
        "{UPDATE}:{line}:41: error[too-deep]: quotes and lists nested 5,000 levels deep; the site allows at most 20"
    );
    // The harness also proves public/ is byte for byte as it was.
    case.build().expect(1, &[expected.as_str()]);
}

#[test]
fn quotes_nested_5000_deep_in_a_toml_markdown_string_are_refused() {
    let case = Case::real().replace(
        CLUSTER,
        "summary = \"\"\"\nThe cluster gets most",
        &format!(
            "summary = \"\"\"\n{}\n\nThe cluster gets most",
            quotes(5000)
        ),
    );
    case.check().expect(
        1,
        &[&format!(
            "{CLUSTER}:28:41: error[too-deep]: quotes nested 5,000 levels deep; the site allows at most 20"
        )],
    );
}

// The same rules on the smallest site, in the JSON report, and whatever the
// static folder holds.

#[test]
fn a_page_added_to_the_minimal_site_obeys_the_image_rules() {
    Case::minimal()
        .write(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\ndescription = \"About us.\"\n+++\n![a map](JAVASCRIPT:alert(1))\n",
        )
        .check()
        .expect(
            1,
            &["content/pages/about.md:5:1: error[unsafe-link]: `javascript:` addresses are not allowed"],
        );
}

#[test]
fn an_image_linked_to_a_file_outside_the_site_is_not_published() {
    let (case, line) = added(PAGE, "![a map](/images/map.png)");
    let outside = case.sandbox().join("outside/index.html");
    let case = case.symlink("site/static/images/map.png", outside.to_str().unwrap());
    let _ = line;
    case.build().expect(1, &["static/images/map.png:1:1: error[outside-site]: this leads through a symlink to a place outside the site's folder"]);
    assert!(!case.root().join("public").exists());
}

#[test]
fn the_json_report_locates_nesting_too_deep() {
    let (case, line) = added(UPDATE, &quotes(5000));
    let outcome = case.run(&["check", "--format", "json"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let errors: Vec<_> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(
        (
            &errors[0]["file"],
            &errors[0]["line"],
            &errors[0]["column"],
            &errors[0]["rule"]
        ),
        (
            &serde_json::json!(UPDATE),
            &serde_json::json!(line),
            &serde_json::json!(41),
            &serde_json::json!("too-deep")
        )
    );
}

#[test]
fn the_folder_images_come_from_can_never_be_the_output() {
    let case = Case::real().write("static/images/map.png", PNG);
    case.run(&["build", "--output", "static/images"])
        .expect_refused("refusing to write the site to");
    assert_eq!(
        std::fs::read(case.root().join("static/images/map.png")).unwrap(),
        PNG
    );
}
