//! Exact dates and dates of birth: "3 March 2014", "March 3rd", "03/03/2014",
//! "born in May 2012". A month and a year alone are not exact.

use std::ops::Range;

use super::{ends_word, starts_word};
use crate::model::MONTHS;

const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];

/// The length of a month name (or its abbreviation, with or without a full
/// stop, or "Sep") starting at `at`, if one does and it ends a word there.
fn month_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !starts_word(bytes, at) {
        return None;
    }
    let rest = &text[at..];
    let names = MONTHS
        .iter()
        .chain(MONTH_ABBREVIATIONS.iter())
        .chain(std::iter::once(&"Sep"));
    names
        .filter(|name| rest.starts_with(*name) && ends_word(bytes, at + name.len()))
        .map(|name| {
            let dot = usize::from(name.len() <= 4 && rest[name.len()..].starts_with('.'));
            name.len() + dot
        })
        .max()
}

/// A run of 1..=max ASCII digits at `at` that is a whole number (no digit
/// either side): its value and length.
fn number_at(bytes: &[u8], at: usize, max: usize) -> Option<(u32, usize)> {
    if at > 0 && bytes[at - 1].is_ascii_digit() {
        return None;
    }
    let len = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > max {
        return None;
    }
    let value = std::str::from_utf8(&bytes[at..at + len])
        .ok()?
        .parse()
        .ok()?;
    Some((value, len))
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] == b' ' {
        at += 1;
    }
    at
}

/// ", 2015" or " 2015" after a date: the end of the year if there is one.
fn year_after(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if bytes.get(i) == Some(&b',') {
        i += 1;
    }
    let i = skip_spaces(bytes, i);
    if i == at {
        return None;
    }
    match number_at(bytes, i, 4) {
        Some((_, 4)) if ends_word(bytes, i + 4) => Some(i + 4),
        _ => None,
    }
}

/// An exact date starting at `at`: its end.
fn date_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !starts_word(bytes, at) {
        return None;
    }
    numeric_date_at(bytes, at)
        .or_else(|| day_month_at(text, at))
        .or_else(|| month_day_at(text, at))
}

/// "12/03/2015", "12.3.15", "2015-03-12".
fn numeric_date_at(bytes: &[u8], at: usize) -> Option<usize> {
    let (first, first_len) = number_at(bytes, at, 4)?;
    let sep = *bytes.get(at + first_len)?;
    if !b"/.-".contains(&sep) {
        return None;
    }
    let (second, second_len) = number_at(bytes, at + first_len + 1, 2)?;
    let third_at = at + first_len + 1 + second_len;
    if bytes.get(third_at) != Some(&sep) {
        return None;
    }
    let (third, third_len) = number_at(bytes, third_at + 1, 4)?;
    let end = third_at + 1 + third_len;
    // "1.2.3.4" is a version number, not a date.
    if !ends_word(bytes, end)
        || (bytes.get(end) == Some(&sep) && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    let valid = if first_len == 4 {
        third_len <= 2 && day_month(third, second)
    } else {
        first_len <= 2
            && matches!(third_len, 2 | 4)
            && (day_month(first, second) || day_month(second, first))
    };
    valid.then_some(end)
}

/// "12 March", "12th of March 2015", "3 Sept. 2016".
fn day_month_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (day, len) = number_at(bytes, at, 2)?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let mut i = at + len;
    if ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| text[i..].starts_with(s))
    {
        i += 2;
    }
    let spaced = skip_spaces(bytes, i);
    if spaced == i {
        return None;
    }
    let mut i = spaced;
    if text[i..].starts_with("of ") {
        i = skip_spaces(bytes, i + 3);
    }
    let month = month_at(text, i)?;
    let end = i + month;
    Some(year_after(bytes, end).unwrap_or(end))
}

/// "March 12", "March 12th, 2015".
fn month_day_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let month = month_at(text, at)?;
    let i = skip_spaces(bytes, at + month);
    if i == at + month {
        return None;
    }
    let (day, len) = number_at(bytes, i, 2)?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let mut end = i + len;
    if ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| text[end..].starts_with(s))
    {
        end += 2;
    }
    if !ends_word(bytes, end) {
        return None;
    }
    Some(year_after(bytes, end).unwrap_or(end))
}

pub fn exact_dates(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < text.len() {
        // Every date starts with a digit or a month's capital.
        if !(bytes[at].is_ascii_digit() || bytes[at].is_ascii_uppercase()) {
            at += 1;
            continue;
        }
        match date_at(text, at) {
            Some(end) => {
                found.push(at..end);
                at = end;
            }
            None => at += 1,
        }
    }
    found
}

/// "born 12/03/2015", "born in March 2015", "DOB: 2015", "date of birth 3 May".
/// Month and year alone are fine elsewhere, but not as a birth date.
pub fn birth_dates(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for keyword in ["born", "dob", "d.o.b", "date of birth"] {
        for (at, _) in lower.match_indices(keyword) {
            let after = at + keyword.len();
            if !starts_word(bytes, at) || !ends_word(bytes, after) {
                continue;
            }
            if keyword == "dob" && &text[at..after] != "DOB" {
                continue;
            }
            if let Some(end) = date_after_keyword(text, after) {
                found.push(at..end);
            }
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// After "born": a few filler words, then a date, a month or a year.
fn date_after_keyword(text: &str, mut at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    for _ in 0..4 {
        while at < bytes.len() && matches!(bytes[at], b' ' | b':' | b'.' | b'-') {
            at += 1;
        }
        if let Some(end) = date_at(text, at) {
            return Some(end);
        }
        if let Some(month) = month_at(text, at) {
            let end = at + month;
            return Some(year_after(bytes, end).unwrap_or(end));
        }
        if let Some((_, 4)) = number_at(bytes, at, 4) {
            return ends_word(bytes, at + 4).then_some(at + 4);
        }
        let word = ["on ", "in ", "the ", "at ", "around "]
            .iter()
            .find(|w| text[at..].starts_with(*w))?;
        at += word.len();
    }
    None
}
