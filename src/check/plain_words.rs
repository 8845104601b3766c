//! The `plain-words` rules: words a family reading English as a second
//! language on a phone can follow. Abbreviations and glossary terms are
//! explained where they are first used, sentences stay short, and `check`
//! reports each page's reading ease. Case-study bodies are left out: they
//! stay as the cluster published them.

mod first_use;
mod long_sentences;
mod reading_ease;
mod sentences;
pub(crate) mod texts;

use crate::diagnostics::{Diagnostic, Note};
use crate::model::Site;

pub use reading_ease::MIN_WORDS;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let glossary = &site.glossary.terms;
    let limit = site.config.max_sentence_words;
    let mut found = Vec::new();
    for text in texts::all(site) {
        found.extend(first_use::check(&text, glossary));
        found.extend(long_sentences::check(&text, limit));
    }
    found
}

/// Each page's reading ease and grade, for `check` to report.
pub fn reading_ease(site: &Site) -> Vec<Note> {
    reading_ease::notes(site)
}
