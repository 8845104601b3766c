//! The word lists behind the name check, built into the binary so that a
//! build never depends on what the machine has installed.
//! Sources and licences are in the header of each file under `data/`.

use std::collections::HashSet;
use std::sync::OnceLock;

const FIRST_NAMES: &str = include_str!("data/first-names.txt");
const COMMON_WORDS: &str = include_str!("data/common-words.txt");

/// Words for family members and titles: capitalised in case studies
/// ("Mum", "Dad") but never a person's name on their own.
const FAMILY_WORDS: &[&str] = &[
    "Mum",
    "Mam",
    "Ma",
    "Pa",
    "Mummy",
    "Mom",
    "Dad",
    "Daddy",
    "Nan",
    "Nana",
    "Nanna",
    "Nanny",
    "Gran",
    "Granny",
    "Grandma",
    "Grandad",
    "Granddad",
    "Grandpa",
    "Grandmother",
    "Grandfather",
    "Auntie",
    "Aunty",
    "Aunt",
    "Uncle",
    "Stepmum",
    "Stepdad",
    "Sis",
];

/// Titles: not names themselves, but the word after one is a surname.
const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Mister"];

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn first_names() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| entries(FIRST_NAMES).map(str::to_lowercase).collect())
}

/// (lower-case common words, capitalised words that are not names)
fn dictionary() -> &'static (HashSet<&'static str>, HashSet<&'static str>) {
    static SETS: OnceLock<(HashSet<&'static str>, HashSet<&'static str>)> = OnceLock::new();
    SETS.get_or_init(|| {
        entries(COMMON_WORDS).partition(|w| !w.starts_with(|c: char| c.is_uppercase()))
    })
}

/// Whether `word` (any case) is in the first-names list.
pub fn is_first_name(word: &str) -> bool {
    first_names().contains(&word.to_lowercase())
}

/// Whether the lower-case form of `word` is a common English word, also when
/// inflected ("Strengths", "Difficulties", "Based").
pub fn is_common_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    in_list(&dictionary().0, &lower)
}

/// Whether `word`, as capitalised, is a word that is not a name: a month,
/// a day, a festival, a language, a nationality or a faith ("Easter", "English").
pub fn is_proper_word(word: &str) -> bool {
    in_list(&dictionary().1, word)
}

pub fn is_family_word(word: &str) -> bool {
    FAMILY_WORDS.contains(&word)
}

pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// Looks a word up, then its stems: the list leaves out inflected forms that
/// one of these suffixes finds again (see the header of data/common-words.txt).
/// Only one suffix comes off: "Leeds" is not "leed" and then "lee".
fn in_list(list: &HashSet<&str>, word: &str) -> bool {
    list.contains(word) || stems(word).iter().any(|s| list.contains(s.as_str()))
}

/// What a word may be with one suffix taken off. Must match the rules the
/// word list was made with.
fn stems(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cut = |n: usize| word[..word.len() - n].to_string();
    if word.ends_with("ies") {
        out.push(cut(3) + "y");
    }
    if word.ends_with("es") {
        out.push(cut(2));
    }
    if word.ends_with('s') {
        out.push(cut(1));
    }
    if word.ends_with("ied") {
        out.push(cut(3) + "y");
    }
    if word.ends_with("ed") {
        out.push(cut(2));
        out.push(cut(1));
    }
    if word.ends_with("ing") {
        out.push(cut(3));
        out.push(cut(3) + "e");
    }
    if word.ends_with("ly") {
        out.push(cut(2));
    }
    if word.ends_with("er") {
        out.push(cut(2));
        out.push(cut(1));
    }
    if word.ends_with("est") {
        out.push(cut(3));
        out.push(cut(2));
    }
    out.retain(|s| s.chars().count() >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_ignore_case() {
        assert!(is_first_name("Sophie"));
        assert!(is_first_name("MUHAMMAD"));
        assert!(is_first_name("Jayden"));
        assert!(!is_first_name("Gestalt"));
        assert!(!is_first_name("Referral"));
    }

    #[test]
    fn common_words_are_found_through_their_inflections() {
        for word in [
            "Pupil",
            "Referral",
            "Unit",
            "Strengths",
            "Difficulties",
            "Questionnaire",
            "Outcomes",
            "Based",
            "Goals",
            "Children",
            "Centre",
            "Mum",
            "behaviour",
            "organised",
        ] {
            assert!(is_common_word(word), "{word}");
        }
        assert!(!is_common_word("Gestalt"));
        assert!(!is_common_word("Harehills"));
        // One suffix only: "leeds" -> "leed" is not a word, and "lee" is not tried.
        assert!(!is_common_word("Leeds"));
        assert!(!is_common_word("Jayden"));
    }

    #[test]
    fn proper_words_are_capitalised_non_names() {
        for word in ["Easter", "English", "March", "Christians", "Urdu", "Monday"] {
            assert!(is_proper_word(word), "{word}");
        }
        assert!(!is_proper_word("easter"));
        assert!(!is_proper_word("Sophie"));
    }

    #[test]
    fn family_words_and_titles_are_not_names() {
        assert!(is_family_word("Mum") && is_family_word("Grandad"));
        assert!(is_title("Mrs") && !is_title("Mum"));
    }
}
