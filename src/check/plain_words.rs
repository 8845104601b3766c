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

use crate::cache::{KeyHasher, Memo};
use crate::diagnostics::{Diagnostic, Note};
use crate::model::Site;

pub use reading_ease::MIN_WORDS;

pub fn check(site: &Site, kept: &Memo<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let glossary = &site.glossary.terms;
    let limit = site.config.max_sentence_words;
    // A file's findings depend on its text, how it is read, the glossary
    // and the sentence limit: kept between `serve`'s rebuilds.
    let mut rules = KeyHasher::new("plain words");
    rules.add(limit);
    for term in glossary {
        rules.add(term.term.get_ref()).add(&term.meaning);
    }
    let rules = rules.key();
    let mut found = Vec::new();
    for source in texts::sources(site) {
        let key = || {
            (KeyHasher::new("plain words in a file"))
                .add(rules)
                .add(source.kind)
                .add(&source.file.display_path)
                .add(source.file.digest())
                .key()
        };
        found.extend(kept.get_or(key, || {
            let text = source.text();
            let mut found = first_use::check(&text, glossary);
            found.extend(long_sentences::check(&text, limit));
            found
        }));
    }
    found
}

/// Each page's reading ease and grade, for `check` to report.
pub fn reading_ease(site: &Site) -> Vec<Note> {
    reading_ease::notes(site)
}
