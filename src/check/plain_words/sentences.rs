//! Sentences, words and syllables of plain text, and the Flesch scores
//! that come from them. Approximate by design (syllables are counted by
//! vowel groups), but the same for every page, so scores compare fairly.

use std::ops::Range;

/// A sentence: its byte range in the text and its words' ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub words: Vec<Range<usize>>,
}

/// The sentences of `text`: a line (block) always ends one, and so does
/// `.`, `!` or `?` before a space or the line's end ("4.5" does not).
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut start = line_start;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends = matches!(b, b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
            if ends {
                push(text, start..line_start + i + 1, &mut found);
                start = line_start + i + 1;
            }
        }
        push(text, start..line_start + line.len(), &mut found);
        line_start += line.len();
    }
    found
}

fn push(text: &str, range: Range<usize>, found: &mut Vec<Sentence>) {
    let words = words(text, range.clone());
    if words.is_empty() {
        return;
    }
    let range = words[0].start..range.end.min(text.len());
    let range = range.start..range.start + text[range.clone()].trim_end().len();
    found.push(Sentence { range, words });
}

/// Words: runs between spaces that hold a letter or a digit ("well-being",
/// "£496,038" and "2015/16" are one word each; a list's "-" is none).
fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    let piece = &text[range.clone()];
    for (i, c) in piece.char_indices().chain([(piece.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                let word = &piece[s..i];
                if word.chars().any(char::is_alphanumeric) {
                    words.push(range.start + s..range.start + i);
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    words
}

/// Syllables in one word, by groups of vowels: a silent final "e" (not
/// "-le") and "-ed" after most letters do not count. Parts of a hyphenated
/// word are counted apart; a number counts as one.
pub fn syllables(word: &str) -> usize {
    word.split(['-', '/'])
        .map(|part| {
            let letters: String = part
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            if letters.is_empty() {
                return usize::from(part.chars().any(|c| c.is_ascii_digit()));
            }
            vowel_groups(&letters)
        })
        .sum::<usize>()
        .max(1)
}

fn vowel_groups(word: &str) -> usize {
    let is_vowel = |c: char| "aeiouy".contains(c);
    let chars: Vec<char> = word.chars().collect();
    let mut groups = 0;
    let mut previous = false;
    for &c in &chars {
        let vowel = is_vowel(c);
        if vowel && !previous {
            groups += 1;
        }
        previous = vowel;
    }
    let n = chars.len();
    let consonant_before = |i: usize| i < n && !is_vowel(chars[i]);
    let silent_e =
        n > 2 && chars[n - 1] == 'e' && !(chars[n - 2] == 'l' && consonant_before(n - 3));
    let silent_ed = n > 3
        && word.ends_with("ed")
        && !matches!(chars[n - 3], 't' | 'd')
        && consonant_before(n - 3);
    groups -= usize::from(groups > 1 && (silent_e || silent_ed));
    groups.max(1)
}

/// Flesch reading ease (higher is easier; 60 to 70 is plain English) and
/// Flesch–Kincaid grade, or `None` without sentences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub ease: f64,
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
}

pub fn scores<'a>(text: &str, sentences: impl IntoIterator<Item = &'a Sentence>) -> Option<Scores> {
    let (mut count, mut words, mut syllable_count) = (0usize, 0usize, 0usize);
    for sentence in sentences {
        count += 1;
        words += sentence.words.len();
        syllable_count += sentence
            .words
            .iter()
            .map(|w| syllables(&text[w.clone()]))
            .sum::<usize>();
    }
    if count == 0 || words == 0 {
        return None;
    }
    let per_sentence = words as f64 / count as f64;
    let per_word = syllable_count as f64 / words as f64;
    Some(Scores {
        ease: 206.835 - 1.015 * per_sentence - 84.6 * per_word,
        grade: 0.39 * per_sentence + 11.8 * per_word - 15.59,
        words,
        sentences: count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_and_lines_not_in_numbers() {
        assert_eq!(
            texts("It costs £4.5 a day. Really? Yes!\n- a list item\n"),
            ["It costs £4.5 a day.", "Really?", "Yes!", "a list item"]
        );
        let s = &sentences("  The 3 FTE staff, well-being.")[0];
        assert_eq!(s.words.len(), 5);
        assert_eq!(s.range.start, 2);
    }

    #[test]
    fn syllables_are_counted_by_vowel_groups() {
        let counts: Vec<usize> = [
            "children",
            "time",
            "people",
            "families",
            "attendance",
            "worked",
            "wanted",
            "well-being",
            "Leeds",
            "2015",
            "children's",
            "a",
        ]
        .iter()
        .map(|w| syllables(w))
        .collect();
        // "being" is one vowel group to this count: approximate, as said above.
        assert_eq!(counts, [2, 1, 2, 3, 3, 1, 2, 2, 1, 1, 2, 1]);
    }

    #[test]
    fn flesch_scores_follow_the_formula() {
        let text = "The cat sat on the mat.";
        let s = sentences(text);
        let scores = scores(text, &s).unwrap();
        // 6 words, 1 sentence, 6 syllables.
        assert!((scores.ease - (206.835 - 1.015 * 6.0 - 84.6)).abs() < 1e-9);
        assert!((scores.grade - (0.39 * 6.0 + 11.8 - 15.59)).abs() < 1e-9);
        assert_eq!(scores.words, 6);
        assert!(super::scores("", &[]).is_none());
    }
}
