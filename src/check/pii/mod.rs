//! Scanners for personal details written as patterns: email addresses, UK
//! phone numbers, full postcodes, exact dates and dates of birth, and links
//! to social media. Each returns byte ranges of the text it was given.
//!
//! All patterns are ASCII, so the scanners work on bytes; a byte of a
//! multi-byte character only ever counts as "not part of a word".

mod dates;

use std::ops::Range;

use dates::{birth_dates, exact_dates};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Phone,
    Postcode,
    /// A day and month ("12 March 2015", "12/03/2015").
    ExactDate,
    /// "born ..." or "DOB ..." followed by a date, month or year.
    BirthDate,
    SocialMedia,
}

impl Kind {
    /// What the finding is, for messages: "an email address".
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            Kind::Postcode => "a full postcode",
            Kind::ExactDate => "an exact date",
            Kind::BirthDate => "a date of birth",
            Kind::SocialMedia => "a link to social media",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub range: Range<usize>,
}

/// Every personal detail in `text`, in order, without overlaps (where two
/// overlap, the one that starts first wins: "born 3/4/2015" is one finding).
pub fn scan(text: &str) -> Vec<Found> {
    let mut all: Vec<Found> = Vec::new();
    let mut add = |kind: Kind, ranges: Vec<Range<usize>>| {
        all.extend(ranges.into_iter().map(|range| Found { kind, range }));
    };
    add(Kind::BirthDate, birth_dates(text));
    add(Kind::SocialMedia, social_media(text));
    add(Kind::Email, emails(text));
    add(Kind::Phone, phones(text));
    add(Kind::Postcode, postcodes(text));
    add(Kind::ExactDate, exact_dates(text));
    all.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<Found> = Vec::new();
    for found in all {
        if kept
            .last()
            .is_none_or(|last| found.range.start >= last.range.end)
        {
            kept.push(found);
        }
    }
    kept
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// No letter or digit just before `at`.
fn starts_word(bytes: &[u8], at: usize) -> bool {
    at == 0 || !is_word_byte(bytes[at - 1])
}

/// No letter or digit at `at`.
fn ends_word(bytes: &[u8], at: usize) -> bool {
    at >= bytes.len() || !is_word_byte(bytes[at])
}

pub fn emails(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        while start < at && !bytes[start].is_ascii_alphanumeric() {
            start += 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let host = &text[at + 1..end];
        let tld = host.rsplit('.').next().unwrap_or("");
        if start < at
            && host.contains('.')
            && !host.split('.').any(str::is_empty)
            && tld.len() >= 2
            && tld.bytes().all(|b| b.is_ascii_alphabetic())
        {
            found.push(start..end);
        }
    }
    found
}

/// UK numbers: 10 or 11 digits starting with 0 (or +44), in groups separated
/// by spaces or hyphens, the area code perhaps in brackets.
/// Bytes in the longest way of writing a UK number ("+44 (0) 113 - 395 - 2613"
/// is 24), with room to spare.
const LONGEST_PHONE: usize = 40;

pub fn phones(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let could_start = b == b'0' || b == b'(' || bytes[at..].starts_with(b"+44");
        let after_number = at > 0 && b"+.,/".contains(&bytes[at - 1]);
        if !could_start || !starts_word(bytes, at) || after_number {
            at += 1;
            continue;
        }
        let plus = b == b'+';
        let mut digits = String::new();
        let mut end = at;
        // However it is spaced, a phone number is short: looking no further
        // keeps a long run of brackets or dashes from costing time squared.
        for i in at..bytes.len().min(at + LONGEST_PHONE) {
            let c = bytes[i];
            if c.is_ascii_digit() {
                digits.push(char::from(c));
                end = i + 1;
                continue;
            }
            let separator = matches!(c, b' ' | b'-' | b'(' | b')') || (c == b'+' && i == at);
            // Two separators in a row end the number ("0113 - ask for"), except
            // around brackets ("(0113) 395", "+44 (0)113").
            let prev = if i > at { bytes[i - 1] } else { b'0' };
            let bracket = prev == b')' || c == b'(';
            let doubled = !prev.is_ascii_digit() && !bracket;
            // A full number followed by another group is two numbers.
            let full = uk_number(&digits, plus).is_some_and(|n| n.len() == 11);
            if !separator || doubled || full {
                break;
            }
        }
        match uk_number(&digits, plus) {
            Some(_) if ends_word(bytes, end) => {
                found.push(at..end);
                at = end;
            }
            _ => at += 1,
        }
    }
    found
}

/// The number as dialled in the UK ("01133952613"), if the digits make a
/// UK phone number.
fn uk_number(digits: &str, plus: bool) -> Option<String> {
    let number = match digits.strip_prefix("44") {
        Some(rest) if plus && rest.starts_with('0') => rest.to_string(),
        Some(rest) if plus => format!("0{rest}"),
        _ => digits.to_string(),
    };
    let uk = (10..=11).contains(&number.len())
        && number.starts_with('0')
        && matches!(number.as_bytes()[1], b'1'..=b'3' | b'5' | b'7'..=b'9');
    uk.then_some(number)
}

/// The postcode areas of the UK (and the Crown dependencies): the letters a
/// full postcode starts with.
const POSTCODE_AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF",
    "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY",
    "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR",
    "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE",
    "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL",
    "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL",
    "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS",
    "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// Full postcodes such as "LS9 8AB" or "LS98AB". Districts alone ("LS9") are
/// fine, and so is anything that does not start with a real postcode area
/// ("Y7 2ND").
pub fn postcodes(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let upper = |i: usize| i < bytes.len() && bytes[i].is_ascii_uppercase();
    let digit = |i: usize| i < bytes.len() && bytes[i].is_ascii_digit();
    // The inward code's letters never include C, I, K, M, O or V.
    let inward_letter = |i: usize| upper(i) && !b"CIKMOV".contains(&bytes[i]);
    let inward = |i: usize| digit(i) && inward_letter(i + 1) && inward_letter(i + 2);
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let letters = if upper(at + 1) { 2 } else { 1 };
        let first_digit = at + letters;
        let area_ok = upper(at)
            && starts_word(bytes, at)
            && digit(first_digit)
            && POSTCODE_AREAS.contains(&&text[at..first_digit]);
        if !area_ok {
            at += 1;
            continue;
        }
        // The outward code ends after its digit, or after one more digit or
        // letter; then perhaps a space, then the inward code.
        let extra = usize::from(upper(first_digit + 1) || digit(first_digit + 1));
        let matched = (0..=extra)
            .rev()
            .flat_map(|more| [(more, 1), (more, 0)])
            .find_map(|(more, gap)| {
                let outward_end = first_digit + 1 + more;
                if gap == 1 && bytes.get(outward_end) != Some(&b' ') {
                    return None;
                }
                let code = outward_end + gap;
                (inward(code) && ends_word(bytes, code + 3)).then_some(at..code + 3)
            });
        match matched {
            Some(range) => {
                at = range.end;
                found.push(range);
            }
            None => at += 1,
        }
    }
    found
}
/// Hosts of social media sites: a link to a profile identifies a person.
const SOCIAL_HOSTS: &[&str] = &[
    "facebook.com",
    "fb.com",
    "fb.me",
    "instagram.com",
    "instagr.am",
    "tiktok.com",
    "twitter.com",
    "x.com",
    "snapchat.com",
    "linkedin.com",
    "lnkd.in",
    "youtube.com",
    "youtu.be",
    "whatsapp.com",
    "wa.me",
];

/// A link to social media, from its scheme (if any) to the end of its path.
pub fn social_media(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let in_url = |b: u8| !b.is_ascii_whitespace() && !b"()[]<>\"'`".contains(&b);
    let mut found: Vec<Range<usize>> = Vec::new();
    for host in SOCIAL_HOSTS {
        for (at, _) in lower.match_indices(host) {
            let end_of_host = at + host.len();
            // The whole host, not the end of "box.com" or the start of "x.com.evil".
            let in_host = |b: u8| is_word_byte(b) || b == b'-';
            let before_ok = at == 0 || !in_host(bytes[at - 1]);
            let after_ok = match bytes.get(end_of_host) {
                Some(&b) if in_host(b) => false,
                Some(b'.') => !bytes
                    .get(end_of_host + 1)
                    .is_some_and(u8::is_ascii_alphanumeric),
                _ => true,
            };
            if !before_ok || !after_ok {
                continue;
            }
            let mut start = at;
            while start > 0 && in_url(bytes[start - 1]) {
                start -= 1;
            }
            let mut end = end_of_host;
            while end < bytes.len() && in_url(bytes[end]) {
                end += 1;
            }
            while end > end_of_host && b".,;:!?".contains(&bytes[end - 1]) {
                end -= 1;
            }
            if !found.iter().any(|r| r.start <= start && end <= r.end) {
                found.push(start..end);
            }
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn emails_are_found_and_bare_at_signs_are_not() {
        let text =
            "Write to jo.bloggs+x@leeds.gov.uk. Or mailto:a@b.co, not @handle or me@home or x@y.";
        assert_eq!(
            texts(text, &emails(text)),
            ["jo.bloggs+x@leeds.gov.uk", "a@b.co"]
        );
    }

    #[test]
    fn uk_phone_numbers_in_their_usual_shapes() {
        let text = "Call 0113 395 2613, 07700900982, (0113) 395-2613 or +44 7700 900 982 or +44 (0)113 3952613.";
        assert_eq!(
            texts(text, &phones(text)),
            [
                "0113 395 2613",
                "07700900982",
                "(0113) 395-2613",
                "+44 7700 900 982",
                "+44 (0)113 3952613"
            ]
        );
    }

    #[test]
    fn a_long_run_of_brackets_is_scanned_once_not_once_per_bracket() {
        // 100,000 brackets took over 20 s when every one started a scan to
        // the end of the text; the scan from each is now a few bytes long.
        let text = format!("{}0113 395 2613", "(".repeat(100_000));
        let found = phones(&text);
        assert_eq!(found.len(), 1, "the number after the brackets");
        assert_eq!(found[0].end, text.len());
        let spaced = format!("{} 0113 395 2613", "(-".repeat(50_000));
        assert_eq!(texts(&spaced, &phones(&spaced)), ["0113 395 2613"]);
    }

    #[test]
    fn numbers_that_are_not_phones() {
        for text in [
            "Attendance at time of referral: 77.91%; at the end 90.21%",
            "0 to 5 year olds, 3-4 per day to 1-2 per week",
            "a budget of 496038 for 2015/16",
            "reference 01234",
            "on 05/03/2015",
            "code 0113395261399",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    #[test]
    fn full_postcodes_but_not_districts_or_school_years() {
        let text = "Lives at LS9 8AB (or LS98AB, EC1A 1BB, M1 1AE); near LS9; Y7 2nd term; Y7 2ND";
        assert_eq!(
            texts(text, &postcodes(text)),
            ["LS9 8AB", "LS98AB", "EC1A 1BB", "M1 1AE"]
        );
        assert!(postcodes("SDQ score 18, FTE 3, ESOL").is_empty());
    }

    #[test]
    fn exact_dates_but_not_months_or_years() {
        let text = "On 12/03/2015, 1.2.15, 2015-03-12, 12 March 2015, 3rd of May, March 12th, 2015 and Sept. 3.";
        assert_eq!(
            texts(text, &exact_dates(text)),
            [
                "12/03/2015",
                "1.2.15",
                "2015-03-12",
                "12 March 2015",
                "3rd of May",
                "March 12th, 2015",
                "Sept. 3"
            ]
        );
        for fine in [
            "in March 2015",
            "the 2015/16 academic year",
            "September 2015",
            "aged 5 in 2016",
            "version 1.2.3.4",
            "77.91%",
            "18 sessions",
            "3 & 2 point improvement",
            "5 may come",
        ] {
            assert!(
                exact_dates(fine).is_empty(),
                "{fine}: {:?}",
                exact_dates(fine)
            );
        }
    }

    #[test]
    fn birth_dates_include_month_and_year_after_born() {
        let text =
            "She was born in March 2015. He was born on 3/4/2016. DOB: 2014. Born prematurely.";
        assert_eq!(
            texts(text, &birth_dates(text)),
            ["born in March 2015", "born on 3/4/2016", "DOB: 2014"]
        );
        assert!(birth_dates("a newborn baby; first-born; since being born the child").is_empty());
    }

    #[test]
    fn social_media_links_with_or_without_scheme() {
        let text = "See https://www.facebook.com/jo.bloggs, instagram.com/x_y and x.com/name. Not box.com or example.com.";
        assert_eq!(
            texts(text, &social_media(text)),
            [
                "https://www.facebook.com/jo.bloggs",
                "instagram.com/x_y",
                "x.com/name"
            ]
        );
    }

    #[test]
    fn multi_byte_characters_anywhere_never_break_a_scanner() {
        let text = "£0113 395 2613 é@x.org —LS9 8AB’ 12 March ½ born ’2015 +44é x.com£ 3/4/2015€";
        for at in 0..text.len() {
            if text.is_char_boundary(at) {
                scan(&text[at..]);
                scan(&text[..at]);
            }
        }
        let kinds: Vec<Kind> = scan(text).iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Phone,
                Kind::Postcode,
                Kind::ExactDate,
                Kind::SocialMedia,
                Kind::ExactDate
            ]
        );
    }

    #[test]
    fn scan_keeps_the_widest_of_overlapping_findings() {
        let text = "born 12/03/2015, mail jo@x.org";
        let found = scan(text);
        let kinds: Vec<Kind> = found.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Kind::BirthDate, Kind::Email]);
        assert_eq!(&text[found[0].range.clone()], "born 12/03/2015");
    }
}
