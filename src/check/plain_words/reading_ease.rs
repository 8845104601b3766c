//! `reading-ease`: each page's Flesch reading ease and grade, over its prose
//! (sentences of 5 or more words: headings, names and list labels would
//! flatter the score). A report for editors, not a finding: it never fails
//! a build.

use super::sentences::{scores, sentences, Scores, Sentence};
use super::texts::{self, Text};
use crate::diagnostics::Note;
use crate::model::Site;

/// Shorter sentences are labels, not prose.
pub const MIN_WORDS: usize = 5;

/// One note per public page made from content files, at its main file.
pub fn notes(site: &Site) -> Vec<Note> {
    let mut pages: Vec<(&str, Vec<Text>)> = Vec::new();
    pages.extend(
        site.home
            .iter()
            .map(|h| ("the home page", vec![texts::markdown(h)])),
    );
    for page in &site.pages {
        pages.push((page.front.title.as_str(), vec![texts::markdown(page)]));
    }
    for cluster in &site.clusters {
        let mut parts = vec![texts::toml_file(&cluster.file)];
        parts.extend(cluster.intro.iter().map(texts::markdown));
        pages.push((cluster.data.name.as_str(), parts));
        for update in &cluster.updates {
            pages.push((update.front.title.as_str(), vec![texts::markdown(update)]));
        }
    }
    pages
        .iter()
        .filter_map(|(title, parts)| {
            let file = parts.first()?.file;
            let score = page_scores(parts)?;
            Some(Note::new(
                &file.display_path,
                "reading-ease",
                message(title, &score),
            ))
        })
        .collect()
}

/// The scores of the prose of a page's files.
pub fn page_scores(parts: &[Text]) -> Option<Scores> {
    let mut all: Vec<(String, Sentence)> = Vec::new();
    for text in parts {
        for part in text.parts.iter().filter(|p| p.prose) {
            let words = &part.text.text;
            all.extend(
                sentences(words)
                    .into_iter()
                    .filter(|s| s.words.len() >= MIN_WORDS)
                    .map(|s| (words.clone(), s)),
            );
        }
    }
    // Scores are per text; rebase every sentence into one joined text.
    let mut joined = String::new();
    let mut rebased = Vec::new();
    for (words, s) in all {
        let shift = joined.len();
        joined.push_str(&words[s.range.clone()]);
        joined.push('\n');
        let base = s.range.start;
        rebased.push(Sentence {
            range: shift..shift + s.range.len(),
            words: s
                .words
                .iter()
                .map(|w| w.start - base + shift..w.end - base + shift)
                .collect(),
        });
    }
    scores(&joined, &rebased)
}

fn message(title: &str, s: &Scores) -> String {
    format!(
        "{title}: reading ease {:.1}, grade {:.1} ({} words in {} sentences of {MIN_WORDS} or more words)",
        s.ease, s.grade, s.words, s.sentences
    )
}
