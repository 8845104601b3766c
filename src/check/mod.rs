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
pub mod plain_words;
mod references;
mod shared_schools;
mod site_paths;
mod staleness;
mod unsafe_text;
mod web_address;

// What the rules share: scanners, word lists, finding fields in the text.
mod locate;
mod names;
mod pii;
mod published_text;
pub(crate) mod toml_strings;
mod words;

use crate::cache::BuildCache;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Site};

/// Runs every rule. `today` is what staleness is measured against.
pub fn run(site: &Site, today: Date) -> Vec<Diagnostic> {
    run_with(site, today, &BuildCache::none())
}

/// As [`run`], reusing a case study's findings while its text and the site's
/// names are unchanged (that scan is most of the time `check` takes).
pub fn run_with(site: &Site, today: Date, cache: &BuildCache) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    findings.extend(site_paths::check(site));
    findings.extend(duplicates::check(site));
    findings.extend(references::check(site));
    findings.extend(forms::check(site));
    findings.extend(anonymisation::check(site, cache));
    findings.extend(staleness::check(site, today));
    findings.extend(counts::check(site));
    findings.extend(duplicate_names::check(site));
    findings.extend(shared_schools::check(site));
    findings.extend(contact_details::check(site));
    findings.extend(web_address::check(site));
    findings.extend(empty_sections::check(site));
    findings.extend(unsafe_text::check(site, cache));
    findings.extend(hidden_characters::check(site));
    findings.extend(glossary_file::check(site));
    findings.extend(plain_words::check(site));
    findings.extend(consent::check(site));
    findings
}
