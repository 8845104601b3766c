//! Words that look like people's names, in case-study prose and in the roles
//! of the people who anonymised and reviewed it.
//!
//! A capitalised word is suspect unless something explains the capital: the
//! start of a sentence, list item, table cell or heading; the site's own
//! names (schools, centres, services, places); a common English word; a
//! month, language or festival; a family word such as "Mum"; an acronym.
//! Words in the first-names list are suspect even then, unless they are also
//! ordinary words ("Will", "Grace") where a capital is expected anyway.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::published_text::markdown::{self, Flow};
use super::words;

/// A word of prose, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    /// First word of a block or sentence, where a capital says nothing.
    pub sentence_start: bool,
    pub heading: bool,
    /// Which block (paragraph, item, cell, heading) the word is in.
    pub block: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameFound {
    pub range: Range<usize>,
    /// In the first-names list (or after a title): an error, not a warning.
    pub certain: bool,
}

/// Splits text into words, tracking sentence starts. Fed piece by piece.
#[derive(Default)]
struct Tokeniser {
    words: Vec<Word>,
    sentence_start: bool,
    heading: bool,
    block: usize,
}

impl Tokeniser {
    fn start_block(&mut self, heading: bool) {
        self.block += 1;
        self.sentence_start = true;
        self.heading = heading;
    }

    /// Something that is not prose (inline code) stands between words.
    fn interrupt(&mut self) {
        self.sentence_start = false;
    }

    fn feed(&mut self, text: &str, offset: usize) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut start: Option<usize> = None;
        for (i, &(at, c)) in chars.iter().enumerate() {
            let next = chars.get(i + 1).map(|&(_, n)| n);
            let prev_letter = i > 0 && chars[i - 1].1.is_alphabetic();
            // An apostrophe inside a word ("Children's", "O'Neill") is part of it.
            let in_word = c.is_alphabetic()
                || (matches!(c, '\'' | '’')
                    && prev_letter
                    && next.is_some_and(char::is_alphabetic));
            if in_word {
                start.get_or_insert(at);
                continue;
            }
            if let Some(s) = start.take() {
                self.push(offset + s..offset + at);
            }
            let ends_sentence = matches!(c, '.' | '!' | '?' | ':' | ';')
                && next.is_none_or(|n| n.is_whitespace() || "\"'”’)]*_".contains(n));
            if ends_sentence {
                self.sentence_start = true;
            }
        }
        if let Some(s) = start {
            self.push(offset + s..offset + text.len());
        }
    }

    fn push(&mut self, range: Range<usize>) {
        self.words.push(Word {
            range,
            sentence_start: self.sentence_start,
            heading: self.heading,
            block: self.block,
        });
        self.sentence_start = false;
    }
}

/// The words of a Markdown body's published prose (not code), with block
/// and heading context. Word ranges are in `body.text.text`.
pub fn markdown_words(body: &markdown::Body) -> Vec<Word> {
    let mut tokens = Tokeniser::default();
    for flow in &body.flow {
        match flow {
            Flow::Block { heading } => tokens.start_block(*heading),
            Flow::Prose(range) => tokens.feed(&body.text.text[range.clone()], range.start),
            Flow::Break => tokens.interrupt(),
        }
    }
    tokens.words
}

/// The words of a plain one-block text such as a title or summary.
pub fn plain_words(text: &str, offset: usize, heading: bool) -> Vec<Word> {
    let mut tokens = Tokeniser::default();
    tokens.start_block(heading);
    tokens.feed(text, offset);
    tokens.words
}

/// The site's own names: schools, centres, services, places, titles.
/// Their words explain a capital, and a first name inside one of them
/// ("St Peter's") is fine only where the whole name is written.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Each name's normalised words. A set, because a national site has
    /// thousands of names starting "St": lists made the check quadratic.
    phrases: HashSet<Vec<String>>,
    /// The most words of any name starting with a given word.
    longest: HashMap<String, usize>,
    words: HashSet<String>,
}

impl Vocabulary {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut vocabulary = Vocabulary::default();
        for name in names {
            let words: Vec<&str> = plain_words(name, 0, false)
                .iter()
                .map(|w| &name[w.range.clone()])
                .collect();
            if words.is_empty() {
                continue;
            }
            for word in &words {
                let base = base_form(word);
                if starts_upper(base) && !words::is_first_name(base) {
                    vocabulary.words.insert(base.to_string());
                }
            }
            let phrase: Vec<String> = words.iter().map(|w| normalise(w).into_owned()).collect();
            let longest = vocabulary.longest.entry(phrase[0].clone()).or_default();
            *longest = (*longest).max(phrase.len());
            vocabulary.phrases.insert(phrase);
        }
        vocabulary
    }

    /// Marks the words that are part of one of the site's names.
    fn covered(&self, text: &str, words: &[Word]) -> Vec<bool> {
        let normal: Vec<Cow<str>> = words
            .iter()
            .map(|w| normalise(&text[w.range.clone()]))
            .collect();
        let mut covered = vec![false; words.len()];
        for start in 0..words.len() {
            let Some(&longest) = self.longest.get(normal[start].as_ref()) else {
                continue;
            };
            for end in start + 1..=(start + longest).min(words.len()) {
                if words[end - 1].block != words[start].block {
                    break;
                }
                let candidate: Vec<String> =
                    normal[start..end].iter().map(|w| w.to_string()).collect();
                if self.phrases.contains(&candidate) {
                    covered[start..end].fill(true);
                }
            }
        }
        covered
    }
}

/// "Peter's" -> "Peter", "Nicholas'" -> "Nicholas".
fn base_form(word: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(base) = word.strip_suffix(suffix) {
            return base;
        }
    }
    word
}

/// How names are compared: lower case, straight apostrophes, no possessive.
/// Most words need no change, so they are borrowed, not copied.
fn normalise(word: &str) -> Cow<'_, str> {
    let base = base_form(word);
    if base.chars().any(|c| c.is_uppercase() || c == '’') {
        Cow::Owned(base.to_lowercase().replace('’', "'"))
    } else {
        Cow::Borrowed(base)
    }
}

fn starts_upper(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// "SDQ", "ESOL", "SENCo", "CCGs": several capitals, at least half the word.
fn is_acronym(word: &str) -> bool {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && upper * 2 >= word.chars().count()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Fine,
    Title,
    /// Looks like a name: a warning.
    Likely,
    /// A first name, or a word after a title: an error.
    Certain,
}

fn judge(word: &str, info: &Word, after_title: bool, vocabulary: &Vocabulary) -> Verdict {
    let base = base_form(word);
    if !starts_upper(base) {
        return Verdict::Fine;
    }
    if words::is_title(base) {
        return Verdict::Title;
    }
    // "Mrs May", "Dr Hope", "Mr J": a title names whoever follows it.
    if after_title {
        return Verdict::Certain;
    }
    if base.chars().count() < 2 || is_acronym(base) {
        return Verdict::Fine;
    }
    if words::is_family_word(base) || words::is_proper_word(base) {
        return Verdict::Fine;
    }
    let capital_expected = info.sentence_start || info.heading;
    let common = words::is_common_word(base);
    if words::is_first_name(base) {
        return match (common, capital_expected) {
            (false, _) => Verdict::Certain,
            (true, true) => Verdict::Fine,
            (true, false) => Verdict::Likely,
        };
    }
    if capital_expected || common || vocabulary.words.contains(base) {
        return Verdict::Fine;
    }
    Verdict::Likely
}

/// Words that look like names, merged where they stand together ("Sam Jones").
pub fn find(text: &str, words: &[Word], vocabulary: &Vocabulary) -> Vec<NameFound> {
    let covered = vocabulary.covered(text, words);
    let mut found: Vec<NameFound> = Vec::new();
    let mut last_flagged: Option<usize> = None;
    // The last word of a name that follows a title ("Mr J Smith").
    let mut title_name_end: Option<usize> = None;
    for (i, info) in words.iter().enumerate() {
        if covered[i] {
            continue;
        }
        let word = &text[info.range.clone()];
        // Only spaces (or the full stop of "Mr.") since the word before.
        let next_to = |stop: bool| {
            i > 0
                && words[i - 1].block == info.block
                && text[words[i - 1].range.end..info.range.start]
                    .chars()
                    .all(|c| c == ' ' || (stop && c == '.'))
        };
        let title_before = next_to(true)
            && !covered[i - 1]
            && words::is_title(base_form(&text[words[i - 1].range.clone()]));
        let in_title_name = title_before || (next_to(false) && title_name_end == Some(i - 1));
        let certain = match judge(word, info, in_title_name, vocabulary) {
            Verdict::Fine | Verdict::Title => continue,
            Verdict::Likely => false,
            Verdict::Certain => true,
        };
        if in_title_name {
            title_name_end = Some(i);
        }
        // "Sophie's" is reported as "Sophie".
        let mut range = info.range.start..info.range.start + base_form(word).len();
        if title_before {
            range.start = words[i - 1].range.start;
        }
        let joins_previous = last_flagged == Some(i.wrapping_sub(1))
            && words[i - 1].block == info.block
            && text[words[i - 1].range.end..range.start]
                .chars()
                .all(|c| c == ' ' || c == '-');
        match found.last_mut() {
            Some(previous) if joins_previous => {
                previous.range.end = range.end;
                previous.certain |= certain;
            }
            _ => found.push(NameFound { range, certain }),
        }
        last_flagged = Some(i);
    }
    found
}

/// Whether a role (`anonymised_by`, `reviewed_by`) reads like a person's name:
/// "Diane Walker", "Mrs Walker", "Sarah", but not "Family Support Worker".
pub fn looks_like_person(value: &str) -> bool {
    let words: Vec<&str> = plain_words(value, 0, false)
        .iter()
        .map(|w| base_form(&value[w.range.clone()]))
        .collect();
    let capitalised = |w: &&str| starts_upper(w) && !is_acronym(w);
    let clear_first_name = |w: &str| words::is_first_name(w) && !words::is_common_word(w);
    let pairs = words.windows(2).any(|pair| {
        capitalised(&pair[1])
            && (words::is_title(pair[0]) || (capitalised(&pair[0]) && clear_first_name(pair[0])))
    });
    let alone = words.len() == 1 && capitalised(&words[0]) && clear_first_name(words[0]);
    // "Grace Okafor": only capitalised words, a first name, then not a common word.
    let whole = (2..=3).contains(&words.len())
        && words.iter().all(capitalised)
        && words::is_first_name(words[0])
        && !words::is_common_word(words[words.len() - 1]);
    pairs || alone || whole
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(body: &str, vocabulary: &Vocabulary) -> Vec<(String, bool)> {
        let body = markdown::body(body, 0);
        let words = markdown_words(&body);
        let text = &body.text.text;
        find(text, &words, vocabulary)
            .into_iter()
            .map(|n| (text[n.range].to_string(), n.certain))
            .collect()
    }

    fn names(body: &str) -> Vec<(String, bool)> {
        names_in(body, &Vocabulary::default())
    }

    #[test]
    fn first_names_are_certain_anywhere() {
        assert_eq!(
            names("Sophie was 7.\n\n- Worked with Jayden and his mum\n"),
            [("Sophie".into(), true), ("Jayden".into(), true)]
        );
    }

    #[test]
    fn unknown_capitalised_words_mid_sentence_are_likely_names() {
        assert_eq!(
            names("Gradual work, Gestalt projective enactment and Okonkwo."),
            [("Gestalt".into(), false), ("Okonkwo".into(), false)]
        );
    }

    #[test]
    fn a_first_name_and_surname_are_one_finding() {
        assert_eq!(
            names("The worker met Sophie Okonkwo at home."),
            [("Sophie Okonkwo".into(), true)]
        );
        assert_eq!(
            names("Then Mrs Okonkwo called."),
            [("Mrs Okonkwo".into(), true)]
        );
    }

    #[test]
    fn capitals_that_say_nothing_are_not_names() {
        let body = "## What Were The Issues?\n\n\
            - Teachers reported that Dad spoke very little English\n\
            - Introduced Mum to the Children's Centre after Easter in March\n\
            - Attendance at referral: 77.91%; Attendance at the end: 90.21%\n\
            - Lowered SDQ (Strengths and Difficulties Questionnaire) score, ESOL classes\n\
            - Moved to a Pupil Referral Unit. School said so. Goals Based Outcomes improved\n\n\
            | SDQ score | Teacher | Parent |\n| --- | --- | --- |\n| Pre (before) | 18 | 15 |\n\n\
            `Kevin` in code is not prose.\n\n\
            ```\nSophie in a code block\n```\n";
        assert_eq!(names(body), []);
    }

    #[test]
    fn ordinary_words_that_are_also_names_warn_only_mid_sentence() {
        assert_eq!(names("Grace was calmer."), []);
        assert_eq!(
            names("She played with Grace every day."),
            [("Grace".into(), false)]
        );
    }

    #[test]
    fn the_sites_own_names_are_not_names_but_only_when_whole() {
        let vocabulary = Vocabulary::new(["St Peter's", "Harehills", "Leeds early help clusters"]);
        assert_eq!(
            names_in(
                "She moved to St Peter's near Harehills in Leeds.",
                &vocabulary
            ),
            []
        );
        assert_eq!(
            names_in("She told Peter about it.", &vocabulary),
            [("Peter".into(), false)]
        );
    }

    #[test]
    fn a_title_makes_the_capitalised_word_after_it_a_name() {
        for (body, name) in [
            ("Then Mrs May called.", "Mrs May"),
            ("Then Dr Hope called.", "Dr Hope"),
            ("Then Mr J Smith called.", "Mr J Smith"),
            ("Then Mr. Brown called.", "Mr. Brown"),
            ("Then Mx SMITH called.", "Mx SMITH"),
            ("## Miss Easter's class", "Miss Easter"),
        ] {
            assert_eq!(names(body), [(name.to_string(), true)], "{body}");
        }
        assert_eq!(names("Then the dr said so."), []);
        assert_eq!(names("Ask Mr Brown. Then go."), [("Mr Brown".into(), true)]);
        assert_eq!(names("She saw Mr. and went home."), []);
    }

    #[test]
    fn names_are_read_as_published() {
        assert_eq!(
            names("She met Jay*den* and J&shy;ane."),
            [("Jayden".into(), true), ("Jane".into(), true)]
        );
    }

    #[test]
    fn headings_excuse_capitals_but_not_clear_first_names() {
        assert_eq!(names("## Sophie's Story\n"), [("Sophie".into(), true)]);
    }

    #[test]
    fn roles_are_not_names() {
        for role in [
            "Family Support Worker",
            "Cluster Manager",
            "Site content editor",
            "Inner East cluster (as published)",
            "Young Carers Lead",
            "SENCo",
        ] {
            assert!(!looks_like_person(role), "{role}");
        }
        for name in [
            "Diane Walker",
            "Mrs Walker",
            "Sarah",
            "Grace Okonkwo",
            "Jayden Smith, Family Support Worker",
        ] {
            assert!(looks_like_person(name), "{name}");
        }
    }
}
