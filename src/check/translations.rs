//! A translation made from English that has changed since is a warning at
//! its `source_hash`: the family reads words the English no longer says.
//! One with no `source_hash` is a warning too, since nobody can tell.

use super::pii;
use super::published_text::{self, Published};
use crate::diagnostics::Diagnostic;
use crate::model::translation::{self, Status, TranslatedEntry};
use crate::model::Site;
use crate::toml_strings;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = (site.translations.case_studies.iter())
        .flat_map(personal_details)
        .collect();
    for source in translation::sources(site) {
        let record = format!(
            "clustersite translations --record {}",
            source.file.display_path
        );
        match (source.status(), &source.hash_span) {
            (Status::OutOfDate, Some(span)) => found.push(
                Diagnostic::at(
                    source.file,
                    span.clone(),
                    "translation-out-of-date",
                    format!(
                        "{} has changed since this translation was made",
                        source.english_path
                    ),
                )
                .help(format!(
                    "bring the translation up to date with the English, then run `{record}`"
                ))
                .warning(),
            ),
            (Status::Unrecorded, _) => found.push(
                Diagnostic::file(
                    &source.file.display_path,
                    "translation-out-of-date",
                    format!(
                        "this translation does not say which English it was made from ({})",
                        source.english_path
                    ),
                )
                .help(format!(
                    "if it translates the English as it is now, run `{record}`"
                ))
                .warning(),
            ),
            _ => {}
        }
    }
    found
}

/// A translated case study is read for the personal details the English one
/// is (email addresses, phone numbers, postcodes, exact dates, social media):
/// their patterns are the same in every language, and a translation must not
/// say what the English was made not to. (Names are found by English words
/// only: a reviewer reads a translation for them.)
fn personal_details(study: &TranslatedEntry) -> Vec<Diagnostic> {
    let file = &study.doc.doc.file;
    let front = study.doc.front_matter();
    let mut parts: Vec<Published> = toml_strings::spans(&file.text[front.clone()])
        .into_iter()
        .map(|literal| {
            let span = literal.start + front.start..literal.end + front.start;
            published_text::toml::string(&file.text[span.clone()], span.start)
        })
        .collect();
    let body = published_text::markdown::body(study.doc.doc.body(), study.doc.doc.body_offset);
    parts.push(body.text);
    parts.push(body.targets);
    let mut found = Vec::new();
    for part in &parts {
        for detail in pii::scan(&part.text) {
            found.push(
                Diagnostic::at(
                    file,
                    part.source(detail.range.clone()),
                    "personal-data",
                    format!(
                        "this looks like {} (`{}`): a case study must not say who the family are",
                        detail.kind.describe(),
                        &part.text[detail.range]
                    ),
                )
                .help("take it out of the translation, as the English case study leaves it out"),
            );
        }
    }
    found
}
