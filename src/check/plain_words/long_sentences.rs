//! `long-sentence`: a sentence of more words than `max_sentence_words`
//! (site.toml, default 25). Long sentences are the first thing that loses
//! a reader of English as a second language on a small screen. A sentence
//! that opens with a quotation mark is someone else's words, quoted as they
//! said them, and is left alone.

use super::sentences::sentences;
use super::texts::Text;
use crate::diagnostics::Diagnostic;

pub fn check(text: &Text, limit: u32) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for part in text.parts.iter().filter(|p| p.prose) {
        let words = &part.text.text;
        for sentence in sentences(words) {
            let count = sentence.words.len();
            let said = &words[sentence.range.clone()];
            // A placeholder asks the author for text (the `placeholder` rule);
            // its instructions are not a sentence a family reads.
            if count <= limit as usize || is_quoted(said) || said.contains(crate::scaffold::MARKER)
            {
                continue;
            }
            found.push(
                Diagnostic::at(
                    text.file,
                    part.text.source(sentence.range.start..sentence.words[0].end),
                    "long-sentence",
                    format!("this sentence has {count} words; the site's limit is {limit}"),
                )
                .help("split it into shorter sentences, one idea each (max_sentence_words in site.toml sets the limit)")
                .warning(),
            );
        }
    }
    found
}

fn is_quoted(sentence: &str) -> bool {
    sentence
        .trim_start_matches(['-', ' '])
        .starts_with(['\'', '"', '‘', '“'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::plain_words::texts::Part;
    use crate::check::published_text::Builder;
    use crate::diagnostics::SourceFile;

    fn findings(words: &str, limit: u32) -> Vec<String> {
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
        check(&text, limit)
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn sentences_over_the_limit_are_found_at_their_start() {
        assert_eq!(
            findings("One two three. Four five six seven.\nA b c d e", 3),
            [
                "1:16 this sentence has 4 words; the site's limit is 3",
                "2:1 this sentence has 5 words; the site's limit is 3"
            ]
        );
        assert!(findings("One two three.", 3).is_empty());
    }

    #[test]
    fn quotations_are_left_as_said() {
        assert!(findings("‘One two three four.’ “Five six seven eight.”", 3).is_empty());
    }
}
