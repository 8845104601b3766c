//! Languages: translations beside the English files (`how-to-get-help.pl.md`,
//! `cluster.pl.toml`, `request-for-support.pl.toml`). A language site.toml
//! does not declare, a translation of a file that does not exist, a key that
//! names no service or field, and a bad language code are all located, with
//! a fix; a translation whose English has changed since is a warning.

use crate::harness::{real_line_count, Case};

const SITE: &str = "content/site.toml";
const PAGE_PL: &str = "content/pages/how-to-get-help.pl.md";
const CLUSTER_PL: &str = "content/clusters/inner-east/cluster.pl.toml";
const FORM_PL: &str = "content/forms/request-for-support.pl.toml";

const PAGE: &str = "+++\ntitle = \"Jak uzyskać pomoc\"\nreviewed = false\n+++\nTekst.\n";

#[test]
fn a_translation_into_a_language_site_toml_does_not_declare_is_located() {
    Case::real()
        .write("content/pages/about-clusters.de.md", PAGE)
        .check()
        .expect(
            1,
            &["content/pages/about-clusters.de.md:1:1: error[unknown-language]: `de` is not one of the site's languages"],
        );
}

#[test]
fn a_translation_of_a_page_that_does_not_exist_is_located() {
    Case::real()
        .write("content/pages/how-to-get-hlep.pl.md", PAGE)
        .check()
        .expect(
            1,
            &["content/pages/how-to-get-hlep.pl.md:1:1: error[orphan-translation]: this translates content/pages/how-to-get-hlep.md, which does not exist"],
        );
}

#[test]
fn a_translated_page_with_an_unknown_key_is_located_at_the_key() {
    Case::real()
        .write(
            PAGE_PL,
            "+++\ntitle = \"Jak uzyskać pomoc\"\nreviewed = false\nslug = \"jak\"\n+++\nTekst.\n",
        )
        .check()
        .expect(
            1,
            &[&format!(
                "{PAGE_PL}:4:1: error[unknown-field]: `slug` is not a field of `translated page`"
            )],
        );
}

#[test]
fn a_translation_must_say_whether_it_was_reviewed() {
    Case::real()
        .write(PAGE_PL, "+++\ntitle = \"Jak uzyskać pomoc\"\n+++\nTekst.\n")
        .check()
        .expect_at(
            1,
            &[&format!(
                "{PAGE_PL}:2:1: error[missing-field]: `translated page` needs a `reviewed` field"
            )],
        );
}

#[test]
fn a_cluster_translation_naming_a_service_that_does_not_exist_is_located() {
    Case::real()
        .write(
            CLUSTER_PL,
            "reviewed = false\n\n[services.family-suport]\nsummary = \"Wsparcie rodziny.\"\n",
        )
        .check()
        .expect(
            1,
            &[&format!("{CLUSTER_PL}:3:11: error[unknown-key]: `family-suport` is not a service of content/clusters/inner-east/cluster.toml")],
        );
}

#[test]
fn a_cluster_translation_cannot_translate_a_phone_number() {
    Case::real()
        .write(CLUSTER_PL, "reviewed = false\nphone = \"0113\"\n")
        .check()
        .expect_at(1, &[&format!("{CLUSTER_PL}:2:1: error[unknown-field]")]);
}

#[test]
fn a_form_translation_naming_a_field_the_form_does_not_have_is_located() {
    Case::real()
        .write(
            FORM_PL,
            "reviewed = false\ntitle = \"Wniosek\"\n\n[fields.child_nmae]\nlabel = \"Imię\"\n",
        )
        .check()
        .expect(
            1,
            &[&format!("{FORM_PL}:4:9: error[unknown-key]: `child_nmae` is not a field id of the English form")],
        );
}

#[test]
fn a_form_translation_cannot_change_a_fields_kind() {
    Case::real()
        .write(
            FORM_PL,
            "reviewed = false\ntitle = \"Wniosek\"\n\n[fields.child_name]\nlabel = \"Imię\"\nkind = \"date\"\n",
        )
        .check()
        .expect_at(1, &[&format!("{FORM_PL}:6:1: error[unknown-field]")]);
}

#[test]
fn a_language_code_that_cannot_start_an_address_is_located() {
    let line = real_line_count(SITE) + 3;
    Case::real()
        .append(SITE, "\n[[languages]]\ncode = \"../x\"\nname = \"X\"\n")
        .check()
        .expect_at(1, &[&format!("{SITE}:{line}:8: error[language]")]);
}

#[test]
fn the_sites_own_language_cannot_be_declared_again() {
    let line = real_line_count(SITE) + 3;
    Case::real()
        .append(SITE, "\n[[languages]]\ncode = \"en\"\nname = \"English\"\n")
        .check()
        .expect(
            1,
            &[&format!("{SITE}:{line}:8: error[language]: `en` is the site's own language (`language = \"en-GB\"`), whose pages keep their addresses")],
        );
}

/// The warnings of a run, in the one-line form.
fn warnings(stderr: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("warning[") {
            if let Some(at) = lines
                .peek()
                .and_then(|l| l.trim_start().strip_prefix("--> "))
            {
                found.push(format!("{at}: warning[{rest}"));
            }
        }
    }
    found
}

#[test]
fn changing_the_english_how_to_get_help_warns_at_both_translations() {
    let outcome = Case::real()
        .replace(
            "content/pages/how-to-get-help.md",
            "Some requests go through both.",
            "Some requests go through both ways.",
        )
        .check();
    outcome.expect(0, &[]);
    let stale: Vec<String> = warnings(&outcome.stderr)
        .into_iter()
        .filter(|w| w.contains("translation-out-of-date"))
        .collect();
    assert_eq!(
        stale,
        [
            "content/pages/how-to-get-help.pl.md:5:15: warning[translation-out-of-date]: content/pages/how-to-get-help.md has changed since this translation was made",
            "content/pages/how-to-get-help.ur.md:5:15: warning[translation-out-of-date]: content/pages/how-to-get-help.md has changed since this translation was made",
        ],
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_translated_page_whose_english_changed_says_so_in_its_language() {
    let case = Case::real()
        .replace(
            "content/pages/how-to-get-help.md",
            "Some requests go through both.",
            "Some requests go through both ways.",
        )
        .built();
    let html =
        std::fs::read_to_string(case.root().join("public/pl/how-to-get-help/index.html")).unwrap();
    assert!(
        html.contains("Angielska wersja tej strony zmieniła się"),
        "the Polish page says the English has changed"
    );
    let current = Case::real().built();
    let html = std::fs::read_to_string(current.root().join("public/pl/how-to-get-help/index.html"))
        .unwrap();
    assert!(!html.contains("Angielska wersja tej strony zmieniła się"));
    assert!(html.contains("Wykwalifikowany tłumacz nie sprawdził jeszcze"));
}

#[test]
fn a_new_phone_number_in_the_english_cluster_file_needs_no_new_translation() {
    let outcome = Case::real()
        .replace(
            "content/clusters/inner-east/cluster.toml",
            "diane.walker@leeds.gov.uk",
            "diane.walker2@leeds.gov.uk",
        )
        .check();
    assert!(
        !outcome.stderr.contains("translation-out-of-date"),
        "{}",
        outcome.stderr
    );
}

const UPDATE_PL: &str = "content/clusters/inner-east/updates/progress-report-september-2015.pl.md";
const UPDATE_ENTRY: &str =
    "+++\ntitle = \"Sprawozdanie\"\nsummary = \"Jak radził sobie klaster.\"\nreviewed = false\n+++\nTekst.\n";

#[test]
fn a_translated_update_is_no_bad_slug_and_must_say_whether_it_was_reviewed() {
    Case::real()
        .write(UPDATE_PL, UPDATE_ENTRY)
        .check()
        .expect(0, &[]);
    Case::real()
        .write(
            UPDATE_PL,
            "+++\ntitle = \"Sprawozdanie\"\nsummary = \"Jak.\"\ndate = 2015-09-30\nreviewed = false\n+++\nTekst.\n",
        )
        .check()
        .expect(
            1,
            &[&format!(
                "{UPDATE_PL}:4:1: error[unknown-field]: `date` is not a field of `translated update`"
            )],
        );
}

#[test]
fn a_translation_of_an_update_or_case_study_that_does_not_exist_is_located() {
    Case::real()
        .write("content/clusters/inner-east/updates/progress-report.pl.md", UPDATE_ENTRY)
        .write("content/clusters/inner-east/case-studies/a-story.de.md", UPDATE_ENTRY)
        .check()
        .expect(
            1,
            &[
                "content/clusters/inner-east/case-studies/a-story.de.md:1:1: error[unknown-language]: `de` is not one of the site's languages",
                "content/clusters/inner-east/updates/progress-report.pl.md:1:1: error[orphan-translation]: this translates content/clusters/inner-east/updates/progress-report.md, which does not exist",
            ],
        );
}

#[test]
fn a_translated_update_whose_english_changed_is_a_warning_at_its_source_hash() {
    let outcome = Case::real()
        .write(
            UPDATE_PL,
            UPDATE_ENTRY.replace(
                "reviewed = false\n",
                "reviewed = false\nsource_hash = \"0000000000000000\"\n",
            ),
        )
        .check();
    outcome.expect(0, &[]);
    let stale: Vec<String> = warnings(&outcome.stderr)
        .into_iter()
        .filter(|w| w.contains("translation-out-of-date"))
        .collect();
    assert_eq!(
        stale,
        [format!("{UPDATE_PL}:5:15: warning[translation-out-of-date]: content/clusters/inner-east/updates/progress-report-september-2015.md has changed since this translation was made")],
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_translated_update_is_recorded_as_published_by_a_build() {
    let case = Case::real().write(UPDATE_PL, UPDATE_ENTRY).built();
    let url = "/pl/clusters/inner-east/updates/progress-report-september-2015/";
    let published =
        std::fs::read_to_string(case.root().join("content/published-urls.txt")).unwrap();
    assert!(published.lines().any(|l| l == url), "{url} is recorded");
    assert!(case
        .root()
        .join("public")
        .join(&url[1..])
        .join("index.html")
        .is_file());
}

#[test]
fn a_language_with_no_interface_text_file_is_a_warning_at_its_entry() {
    let line = real_line_count(SITE) + 3;
    let outcome = Case::real()
        .append(SITE, "\n[[languages]]\ncode = \"de\"\nname = \"Deutsch\"\n")
        .check();
    outcome.expect(0, &[]);
    let found: Vec<String> = warnings(&outcome.stderr)
        .into_iter()
        .filter(|w| w.contains("interface-text"))
        .collect();
    assert_eq!(
        found,
        [format!("{SITE}:{line}:8: warning[interface-text]: there is no interface text in `de`, so pages in Deutsch show their menus, headings and buttons in English")],
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("themes/default/i18n/de.ftl"),
        "the help says which file to add"
    );
    // With the site's own file, no warning.
    let outcome = Case::real()
        .append(SITE, "\n[[languages]]\ncode = \"de\"\nname = \"Deutsch\"\n")
        .write("themes/default/i18n/de.ftl", "skip-link = Zum Inhalt\n")
        .check();
    assert!(
        !outcome.stderr.contains("warning[interface-text]"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_translated_case_study_is_read_for_personal_details_like_the_english() {
    let path =
        "content/clusters/inner-east/case-studies/play-and-art-therapy-for-a-girl-at-risk-of-exclusion.pl.md";
    Case::real()
        .write(
            path,
            "+++\ntitle = \"Terapia\"\nsummary = \"Mama: 07700 900123.\"\nreviewed = false\n+++\nNapisz do mama@example.com.\n",
        )
        .check()
        .expect(
            1,
            &[
                &format!("{path}:3:18: error[personal-data]: this looks like a phone number (`07700 900123`): a case study must not say who the family are"),
                &format!("{path}:6:11: error[personal-data]: this looks like an email address (`mama@example.com`): a case study must not say who the family are"),
            ],
        );
}
