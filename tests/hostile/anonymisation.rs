//! Hostile cases: the anonymisation gate reads what will be published.
//!
//! A reader sees decoded text: TOML escapes (`\u0040`), HTML entities
//! (`&#64;`, `&commat;`), fullwidth letters and characters nobody can see.
//! Each case hides a personal detail behind one of those tricks, in a real
//! case study's front matter or body, and asserts the exact located errors.

use crate::harness::Case;

const BROTHERS: &str = "content/clusters/inner-east/case-studies/help-with-behaviour-and-attendance-for-two-young-brothers.md";

// Lines of the real case study that the cases rewrite.
const TITLE: &str = r#"title = "Help with behaviour and attendance for two young brothers""#;
const SUMMARY: &str = r#"summary = "Support at home"#;
const SUMMARY_LINE: &str = r#"summary = "Support at home and at school for 2 young brothers. Their behaviour got better, and the older boy went to school more often.""#;
const NOTE: &str = r#"note = "Republished"#;
const ANONYMISED_BY: &str = r#"anonymised_by = "Inner East cluster (as published)""#;
const REVIEWED_BY: &str = r#"reviewed_by = "Site content editor""#;
/// Line 15 of the body.
const ITEM: &str = "- Low school attendance";

fn edit(from: &str, to: &str) -> Case {
    Case::real().replace(BROTHERS, from, to)
}

fn error(line: usize, column: usize, rule: &str, message: &str) -> String {
    format!("{BROTHERS}:{line}:{column}: error[{rule}]: {message}")
}

fn data(line: usize, column: usize, what: &str, shown: &str) -> String {
    error(
        line,
        column,
        "personal-data",
        &format!(
            "this looks like {what} (`{shown}`): a case study must not say who the family are"
        ),
    )
}

fn email(line: usize, column: usize) -> String {
    data(line, column, "an email address", "jane.doe@example.com")
}

fn postcode(line: usize, column: usize) -> String {
    data(line, column, "a full postcode", "LS9 7AB")
}

fn phone(line: usize, column: usize) -> String {
    data(line, column, "a phone number", "0113 496 0000")
}

fn name(line: usize, column: usize, shown: &str) -> String {
    error(
        line,
        column,
        "personal-name",
        &format!("`{shown}` is a person's name: a case study must not name anyone"),
    )
}

/// The error for a character a reader cannot see, named as `U+200B (ZERO WIDTH SPACE)`.
fn hidden(line: usize, column: usize, character: &str) -> String {
    error(
        line,
        column,
        "hidden-character",
        &format!(
            "the character {character} is hidden here: it cannot be seen, but it changes how the text reads"
        ),
    )
}

/// `check` fails with exactly these errors.
fn refused(case: Case, expected: &[String]) {
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    case.check().expect(1, &expected);
}

// Escapes in TOML front matter.

#[test]
fn an_email_behind_a_toml_u_escape_in_the_summary() {
    refused(
        edit(
            SUMMARY,
            r#"summary = "Write to jane.doe\u0040example.com. Support at home"#,
        ),
        &[email(3, 21)],
    );
}

#[test]
fn a_postcode_behind_a_toml_u_escape_in_the_title() {
    refused(
        edit(TITLE, r#"title = "Help for two brothers in LS9 7\u0041B""#),
        &[postcode(2, 35)],
    );
}

#[test]
fn a_phone_number_behind_a_toml_big_u_escape_in_the_consent_note() {
    refused(
        edit(NOTE, r#"note = "Call 0113\U00000020496 0000. Republished"#),
        &[phone(4, 44)],
    );
}

#[test]
fn an_email_with_a_fullwidth_at_sign_in_the_summary() {
    refused(
        edit(
            SUMMARY,
            "summary = \"Write to jane.doe\u{ff20}example.com. Support at home",
        ),
        &[email(3, 21)],
    );
}

#[test]
fn an_email_in_a_multi_line_toml_string() {
    refused(
        edit(
            SUMMARY_LINE,
            "summary = \"\"\"\nSupport at home for two brothers.\nWrite to jane.doe@example.com.\"\"\"",
        ),
        &[email(5, 10)],
    );
}

#[test]
fn a_name_split_by_a_soft_hyphen_escape_in_the_title() {
    refused(
        edit(TITLE, r#"title = "Help for J\u00ADane and her brother""#),
        &[name(2, 19, "Jane"), hidden(2, 20, "U+00AD (SOFT HYPHEN)")],
    );
}

#[test]
fn a_name_split_by_a_word_joiner_escape_in_the_consent_note() {
    refused(
        edit(NOTE, r#"note = "Soph\u2060ie agreed. Republished"#),
        &[name(4, 39, "Sophie"), hidden(4, 43, "U+2060 (WORD JOINER)")],
    );
}

#[test]
fn a_name_split_by_a_byte_order_mark_big_u_escape_in_the_summary() {
    refused(
        edit(
            SUMMARY,
            r#"summary = "Support for Jay\U0000FEFFden at home"#,
        ),
        &[
            name(3, 24, "Jayden"),
            hidden(3, 27, "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
        ],
    );
}

#[test]
fn a_name_with_a_mathematical_bold_capital_from_a_toml_escape() {
    refused(
        edit(SUMMARY, r#"summary = "Support for \U0001D409ane at home"#),
        &[name(3, 24, "Jane")],
    );
}

#[test]
fn a_bidi_isolate_escape_in_a_role() {
    refused(
        edit(REVIEWED_BY, r#"reviewed_by = "Site content editor\u2066""#),
        &[hidden(6, 35, "U+2066 (a text direction control)")],
    );
}

#[test]
fn a_persons_name_split_by_a_soft_hyphen_in_a_role() {
    refused(
        edit(ANONYMISED_BY, "anonymised_by = \"Dia\u{ad}ne Walker\""),
        &[
            error(
                5,
                17,
                "role-not-name",
                "`Diane Walker` looks like a person's name; anonymised_by must be a role",
            ),
            hidden(5, 21, "U+00AD (SOFT HYPHEN)"),
        ],
    );
}

// Titles with a capitalised word are names in every field.

#[test]
fn a_title_and_a_first_name_that_is_also_a_word_in_the_summary() {
    refused(
        edit(SUMMARY, r#"summary = "Dr Hope gave support at home"#),
        &[name(3, 12, "Dr Hope")],
    );
}

#[test]
fn a_title_and_a_surname_in_the_consent_note() {
    refused(
        edit(NOTE, r#"note = "Agreed with Mr Brown. Republished"#),
        &[name(4, 51, "Mr Brown")],
    );
}

#[test]
fn a_title_and_a_surname_that_is_also_a_month_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance, said Mrs May"),
        &[name(15, 31, "Mrs May")],
    );
}

// Entities and Markdown in the body.

#[test]
fn an_email_behind_a_decimal_entity_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance; write to jane.doe&#64;example.com",
        ),
        &[email(15, 35)],
    );
}

#[test]
fn an_email_behind_a_hex_entity_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance; write to jane.doe&#x40;example.com",
        ),
        &[email(15, 35)],
    );
}

#[test]
fn an_email_behind_a_named_entity_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance; write to jane.doe&commat;example.com",
        ),
        &[email(15, 35)],
    );
}

#[test]
fn a_postcode_with_an_entity_for_its_space_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance in LS9&#32;7AB"),
        &[postcode(15, 28)],
    );
}

#[test]
fn a_phone_number_with_non_breaking_space_entities_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance; call 0113&nbsp;496&nbsp;0000",
        ),
        &[phone(15, 31)],
    );
}

#[test]
fn a_phone_number_in_fullwidth_digits_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance; call \u{ff10}\u{ff11}\u{ff11}\u{ff13} \u{ff14}\u{ff19}\u{ff16} \u{ff10}\u{ff10}\u{ff10}\u{ff10}",
        ),
        &[phone(15, 31)],
    );
}

#[test]
fn an_email_split_by_emphasis_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance; write to jane.doe@*example*.com",
        ),
        &[email(15, 35)],
    );
}

#[test]
fn a_postcode_split_by_strong_emphasis_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance in **LS9** 7AB"),
        &[postcode(15, 30)],
    );
}

#[test]
fn a_postcode_split_across_two_lines_of_one_item() {
    refused(
        edit(ITEM, "- Low school attendance in LS9\n  7AB"),
        &[postcode(15, 28)],
    );
}

#[test]
fn an_email_behind_an_entity_in_a_link_target() {
    refused(
        edit(
            ITEM,
            "- Low school attendance ([write](mailto:jane.doe&#64;example.com))",
        ),
        &[email(15, 26)],
    );
}

#[test]
fn an_email_with_a_backslash_escaped_at_sign_in_the_body() {
    refused(
        edit(
            ITEM,
            r"- Low school attendance; write to jane.doe\@example.com",
        ),
        &[email(15, 35)],
    );
}

#[test]
fn a_name_with_its_capital_written_as_an_entity_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance for &#74;ayden"),
        &[name(15, 29, "Jayden")],
    );
}

#[test]
fn a_name_in_fullwidth_letters_in_the_body() {
    refused(
        edit(
            ITEM,
            "- Low school attendance for \u{ff2a}\u{ff41}\u{ff59}\u{ff44}\u{ff45}\u{ff4e}",
        ),
        &[name(15, 29, "Jayden")],
    );
}

// Characters a reader cannot see, in the body, typed or written as entities.

#[test]
fn a_name_split_by_a_zero_width_space_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance for Jay\u{200b}den"),
        &[
            name(15, 29, "Jayden"),
            hidden(15, 32, "U+200B (ZERO WIDTH SPACE)"),
        ],
    );
}

#[test]
fn a_name_split_by_a_zero_width_non_joiner_entity_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance for Jay&#8204;den"),
        &[
            name(15, 29, "Jayden"),
            hidden(15, 32, "U+200C (ZERO WIDTH NON-JOINER)"),
        ],
    );
}

#[test]
fn a_name_split_by_a_zero_width_joiner_hex_entity_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance for Jay&#x200D;den"),
        &[
            name(15, 29, "Jayden"),
            hidden(15, 32, "U+200D (ZERO WIDTH JOINER)"),
        ],
    );
}

#[test]
fn a_name_split_by_a_soft_hyphen_entity_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance for Jay&shy;den"),
        &[
            name(15, 29, "Jayden"),
            hidden(15, 32, "U+00AD (SOFT HYPHEN)"),
        ],
    );
}

#[test]
fn a_phone_number_split_by_a_zero_width_space_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance; call 0113\u{200b}496 0000"),
        &[
            data(15, 31, "a phone number", "0113496 0000"),
            hidden(15, 35, "U+200B (ZERO WIDTH SPACE)"),
        ],
    );
}

#[test]
fn a_name_split_by_an_invisible_tag_character_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance for Jay\u{e0041}den"),
        &[
            name(15, 29, "Jayden"),
            hidden(15, 32, "U+E0041 (TAG LATIN CAPITAL LETTER A)"),
        ],
    );
}

#[test]
fn a_reversed_name_behind_a_right_to_left_override_in_the_body() {
    // Stored "enaJ", shown "Jane": refused whatever it spells.
    refused(
        edit(ITEM, "- Low school attendance for \u{202e}enaJ"),
        &[hidden(15, 29, "U+202E (a text direction control)")],
    );
}

#[test]
fn a_left_to_right_mark_as_a_named_entity_in_the_body() {
    refused(
        edit(ITEM, "- Low school attendance&lrm;"),
        &[hidden(15, 24, "U+200E (LEFT-TO-RIGHT MARK)")],
    );
}

#[test]
fn a_backspace_escape_in_the_title() {
    refused(
        edit(TITLE, r#"title = "Help\b for two brothers""#),
        &[hidden(2, 14, "U+0008 (a control character)")],
    );
}

#[test]
fn a_bidi_override_in_a_toml_comment_is_refused_too() {
    refused(
        edit("allow = []", "allow = [] # \u{202e}note"),
        &[hidden(8, 14, "U+202E (a text direction control)")],
    );
}

#[test]
fn a_decoded_bypass_fails_the_build_and_publishes_nothing() {
    Case::real()
        .built()
        .replace(
            BROTHERS,
            ITEM,
            "- Low school attendance; write to jane.doe&#64;example.com",
        )
        .replace(
            BROTHERS,
            "- Worked closely",
            "- Worked with Jay&shy;den closely",
        )
        .build()
        .expect(
            1,
            &[
                &email(15, 35),
                &name(21, 15, "Jayden"),
                &hidden(21, 18, "U+00AD (SOFT HYPHEN)"),
            ],
        );
}

#[test]
fn the_real_case_studies_pass_unedited() {
    Case::real().check().expect(0, &[]);
}

#[test]
fn a_new_case_study_is_read_as_published_from_its_first_save() {
    let story = "+++\n\
        title = \"A new start\"\n\
        summary = \"Write to jane.doe\\u0040example.com.\"\n\
        consent = { recorded = true, date = 2026-06-30 }\n\
        anonymised_by = \"Family Support Worker\"\n\
        reviewed_by = \"Cluster Manager\"\n\
        reviewed = 2026-10-15\n\
        +++\n\
        Support for J&#8203;ane at home.\n";
    let file = "content/clusters/north/case-studies/a-new-start.md";
    Case::minimal().write(file, story).check().expect(
        1,
        &[
            &format!("{file}:3:21: error[personal-data]: this looks like an email address (`jane.doe@example.com`): a case study must not say who the family are"),
            &format!("{file}:9:13: error[personal-name]: `Jane` is a person's name: a case study must not name anyone"),
            &format!("{file}:9:14: error[hidden-character]: the character U+200B (ZERO WIDTH SPACE) is hidden here: it cannot be seen, but it changes how the text reads"),
        ],
    );
}

#[test]
fn the_json_report_locates_a_decoded_finding_in_the_file() {
    let outcome = edit(
        ITEM,
        "- Low school attendance; write to jane.doe&#64;example.com",
    )
    .run(&["check", "--format", "json"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let finding = report
        .as_array()
        .and_then(|all| all.iter().find(|f| f["rule"] == "personal-data"))
        .unwrap_or_else(|| panic!("no personal-data finding in {report}"));
    assert_eq!(finding["file"], BROTHERS);
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(15), Some(35))
    );
    assert_eq!(finding["severity"], "error");
}
