//! A translation made from English that has changed since is a warning at
//! its `source_hash`: the family reads words the English no longer says.
//! One with no `source_hash` is a warning too, since nobody can tell.

use crate::diagnostics::Diagnostic;
use crate::model::translation::{self, Status};
use crate::model::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
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
