//! Rules over the whole loaded site. Each rule is its own module; all run,
//! and every finding is reported with its place in the files.

// Rules.
mod anonymisation;
mod consent;
mod contact_details;
mod counts;
mod duplicate_names;
mod duplicates;
mod empty_sections;
mod forms;
mod glossary_file;
mod hidden_characters;
mod menu;
mod placeholder;
pub mod plain_words;
mod redirects;
mod references;
pub mod removed_urls;
mod shared_schools;
mod site_paths;
mod staleness;
mod topics;
mod translations;
mod unsafe_text;
mod web_address;

// What the rules share: scanners, word lists, finding fields in the text.
mod locate;
mod names;
mod pii;
mod published_text;
mod words;

use std::collections::BTreeSet;

use crate::cache::{Generations, Memo};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Site};

/// Runs every rule. `today` is what staleness is measured against.
pub fn run(site: &Site, today: Date) -> Vec<Diagnostic> {
    let pages = crate::render::pages::Catalogue::of(site).urls().clone();
    run_with(site, today, &pages, &Cache::new(&Generations::off()))
}

/// Findings kept between `serve`'s rebuilds.
pub struct Cache {
    /// The anonymisation findings of a case study, by its text and the site's names.
    case_study_findings: Memo<Vec<Diagnostic>>,
    /// A rule's findings in one file, by rule and the file's text.
    file_findings: Memo<Vec<Diagnostic>>,
}

impl Cache {
    pub fn new(builds: &Generations) -> Self {
        Cache {
            case_study_findings: builds.memo(),
            file_findings: builds.memo(),
        }
    }
}

/// As [`run`], with the site's page addresses made once for the build,
/// reusing a case study's findings while its text and the site's names are
/// unchanged (that scan is most of the time `check` takes).
pub fn run_with(
    site: &Site,
    today: Date,
    pages: &BTreeSet<String>,
    cache: &Cache,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    findings.extend(site_paths::check(site));
    findings.extend(duplicates::check(site));
    findings.extend(references::check(site));
    findings.extend(forms::check(site));
    findings.extend(anonymisation::check(site, &cache.case_study_findings));
    findings.extend(staleness::check(site, today));
    findings.extend(counts::check(site));
    findings.extend(translations::check(site));
    findings.extend(duplicate_names::check(site));
    findings.extend(shared_schools::check(site));
    findings.extend(contact_details::check(site));
    findings.extend(web_address::check(site));
    findings.extend(empty_sections::check(site));
    findings.extend(unsafe_text::check(site, &cache.file_findings));
    findings.extend(hidden_characters::check(site, &cache.file_findings));
    findings.extend(redirects::check(site, pages));
    findings.extend(menu::check(site, pages));
    findings.extend(glossary_file::check(site));
    findings.extend(plain_words::check(site, &cache.file_findings));
    findings.extend(consent::check(site));
    findings.extend(placeholder::check(site, &cache.file_findings));
    findings.extend(topics::check(site));
    findings
}
