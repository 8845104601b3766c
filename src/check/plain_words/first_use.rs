//! `unexplained-term`, `unknown-abbreviation`: a glossary term or an
//! abbreviation whose first use in a file is not explained right there
//! ("Joint Collaborative Committee (JCC)", "FTE means ..."). A reader who
//! meets "JCC" cold has to guess; the page adds the glossary's meaning at
//! its first use, but the words should say it themselves.

use std::collections::HashSet;
use std::ops::Range;

use super::texts::Text;
use crate::diagnostics::Diagnostic;
use crate::glossary::{explained_at, find_word, is_abbreviation};
use crate::model::GlossaryTerm;

pub fn check(text: &Text, glossary: &[GlossaryTerm]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for part in &text.parts {
        let words = &part.text.text;
        for (range, entry) in uses(words, glossary) {
            let term = &words[range.clone()];
            if part.headings.iter().any(|h| h.contains(&range.start)) {
                continue;
            }
            if !seen.insert(term.to_owned()) || explained_at(words, range.clone()) {
                continue;
            }
            let at = part.text.source(range);
            found.push(match entry {
                Some(entry) => Diagnostic::at(
                    text.file,
                    at,
                    "unexplained-term",
                    format!("`{term}` is used before it is explained"),
                )
                .help(format!(
                    "explain it the first time, e.g. \"{term} ({})\"; until then the page adds the glossary's meaning",
                    entry.meaning
                )),
                None => Diagnostic::at(
                    text.file,
                    at,
                    "unknown-abbreviation",
                    format!("`{term}` is an abbreviation that is not explained and not in the glossary"),
                )
                .help(format!(
                    "write the words out, e.g. \"the words ({term})\", or add `{term}` to content/glossary.toml"
                )),
            }
            .warning());
        }
    }
    found
}

/// Every use of a glossary term and every abbreviation in `text`, in order,
/// with its glossary entry if it has one.
fn uses<'g>(
    text: &str,
    glossary: &'g [GlossaryTerm],
) -> Vec<(Range<usize>, Option<&'g GlossaryTerm>)> {
    let mut all: Vec<(Range<usize>, Option<&GlossaryTerm>)> = Vec::new();
    for entry in glossary {
        let mut at = 0;
        while let Some(range) = find_word(text, entry.term.get_ref(), at) {
            at = range.end;
            all.push((range, Some(entry)));
        }
    }
    // `WRITE HERE` is a placeholder for the author (the `placeholder` rule
    // reports it), not an abbreviation a family would meet.
    let placeholders: Vec<usize> = (text.match_indices(crate::scaffold::MARKER))
        .map(|(at, _)| at)
        .collect();
    let in_placeholder = |range: &Range<usize>| {
        (placeholders.iter())
            .any(|&at| range.start >= at && range.end <= at + crate::scaffold::MARKER.len())
    };
    for range in tokens(text) {
        if in_placeholder(&range) {
            continue;
        }
        let token = &text[range.clone()];
        let known = glossary.iter().any(|e| e.term.get_ref() == token);
        // Letters only: "LS9" is a postcode and "HT1" a label, not words to explain.
        let letters = token.chars().all(char::is_alphabetic);
        if letters && is_abbreviation(token) && !known {
            all.push((range, None));
        }
    }
    all.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    all
}

/// Runs of letters and digits.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (false, Some(s)) => {
                found.push(s..i);
                start = None;
            }
            (true, None) => start = Some(i),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::plain_words::texts::Part;
    use crate::check::published_text::Builder;
    use crate::diagnostics::SourceFile;

    fn findings(words: &str, glossary: &[(&str, &str)]) -> Vec<String> {
        let file = SourceFile::new("p.md", words);
        let mut text = Builder::new();
        text.verbatim(words, 0);
        let text = Text {
            file: &file,
            parts: vec![Part {
                text: text.finish(),
                headings: Vec::new(),
                prose: true,
            }],
        };
        let glossary: Vec<GlossaryTerm> = glossary
            .iter()
            .map(|(t, m)| toml::from_str(&format!("term = {t:?}\nmeaning = {m:?}")).unwrap())
            .collect();
        check(&text, &glossary)
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.rule))
            .collect()
    }

    #[test]
    fn a_term_used_before_it_is_explained_is_found_once() {
        let g = [("JCC", "Joint Collaborative Committee")];
        assert_eq!(
            findings(
                "The JCC met.\nThe Joint Collaborative Committee (JCC) and the JCC.",
                &g
            ),
            ["1:5 unexplained-term"]
        );
        assert!(findings("The Joint Collaborative Committee (JCC). The JCC.", &g).is_empty());
    }

    #[test]
    fn abbreviations_outside_the_glossary_must_be_explained_where_used() {
        assert_eq!(findings("Ask the TSL.", &[]), ["1:9 unknown-abbreviation"]);
        assert!(findings("The Targeted Services Leader (TSL).", &[]).is_empty());
        assert!(findings("A Cluster Manager, in Leeds. N/A. LS9 7AB.", &[]).is_empty());
    }

    #[test]
    fn a_placeholder_for_the_author_is_not_an_abbreviation() {
        assert!(findings("WRITE HERE: the summary.", &[]).is_empty());
        assert_eq!(
            findings("WRITE it HERE.", &[]),
            ["1:1 unknown-abbreviation", "1:10 unknown-abbreviation"]
        );
    }
}
