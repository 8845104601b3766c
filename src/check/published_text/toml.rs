//! The value of a TOML string literal, as the site publishes it: escapes
//! (`\u0040`, `\U0001D409`, `\t`...) decoded, each mapped to the escape
//! that wrote it, the rest to its own bytes.

use super::{Builder, Published};

/// The value of the literal `raw` (quotes included), which starts at byte
/// `start` of the file. The file has parsed, so the literal is valid TOML;
/// anything else is kept as written rather than guessed at.
pub fn string(raw: &str, start: usize) -> Published {
    let mut out = Builder::new();
    let (quotes, basic) = match raw.as_bytes() {
        [b'"', b'"', b'"', ..] => (3, true),
        [b'\'', b'\'', b'\'', ..] => (3, false),
        [b'"', ..] => (1, true),
        [b'\'', ..] => (1, false),
        _ => {
            out.verbatim(raw, start);
            return out.finish();
        }
    };
    let closed = raw.len() >= 2 * quotes && raw.ends_with(&raw[..quotes]);
    let end = raw.len() - if closed { quotes } else { 0 };
    let mut at = quotes;
    // A newline right after opening triple quotes is not part of the value.
    if quotes == 3 {
        for newline in ["\r\n", "\n"] {
            if raw[at..end].starts_with(newline) {
                at += newline.len();
                break;
            }
        }
    }
    let content = &raw[..end];
    let multi_line = quotes == 3;
    if !basic {
        text(&mut out, &content[at..], start + at, multi_line);
        return out.finish();
    }
    while let Some(i) = content[at..].find('\\') {
        let escape = at + i;
        text(&mut out, &content[at..escape], start + at, multi_line);
        let (value, after) = unescape(content, escape, multi_line);
        out.decoded(&value, start + escape..start + after);
        at = after;
    }
    text(&mut out, &content[at..], start + at, multi_line);
    out.finish()
}

/// Text without escapes; a multi-line string's line endings read as `\n`.
fn text(out: &mut Builder, text: &str, start: usize, multi_line: bool) {
    let mut at = 0;
    if multi_line {
        for (crlf, _) in text.match_indices("\r\n") {
            out.verbatim(&text[at..crlf], start + at);
            out.decoded("\n", start + crlf..start + crlf + 2);
            at = crlf + 2;
        }
    }
    out.verbatim(&text[at..], start + at);
}

/// The text of the escape at `at` (a backslash) and where it ends.
fn unescape(text: &str, at: usize, multi_line: bool) -> (String, usize) {
    let rest = &text[at + 1..];
    let simple = match rest.as_bytes().first() {
        Some(b'b') => Some('\u{8}'),
        Some(b't') => Some('\t'),
        Some(b'n') => Some('\n'),
        Some(b'f') => Some('\u{c}'),
        Some(b'r') => Some('\r'),
        Some(b'e') => Some('\u{1b}'),
        Some(b'"') => Some('"'),
        Some(b'\\') => Some('\\'),
        _ => None,
    };
    if let Some(c) = simple {
        return (c.to_string(), at + 2);
    }
    for (letter, digits) in [('u', 4), ('U', 8), ('x', 2)] {
        let hex = rest
            .strip_prefix(letter)
            .and_then(|r| r.get(..digits))
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        if let Some(c) = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            return (c.to_string(), at + 2 + digits);
        }
    }
    // A backslash ending a line of a multi-line string joins it to the next
    // non-blank text.
    let blank = rest
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(rest.len());
    if multi_line && rest[..blank].contains('\n') {
        return (String::new(), at + 1 + blank);
    }
    ("\\".to_string(), at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the toml crate makes of `value = <literal>`, normalised.
    fn parsed(literal: &str) -> String {
        let table: toml::Table = toml::from_str(&format!("value = {literal}")).unwrap();
        super::super::normalise(table["value"].as_str().unwrap())
    }

    #[test]
    fn decodes_every_kind_of_string_as_the_toml_crate_does() {
        for literal in [
            r#""plain""#,
            r#""jane.doe\u0040example.com""#,
            r#""LS9 7\u0041B""#,
            r#""J\u00ADane""#,
            r#""\U0001D409ane \U0000FEFF""#,
            r#""tab\there \"quoted\" back\\slash \b\f\r\n""#,
            r#""€€ a\t\t€ [x](/nope/)""#,
            "'C:\\literal \\u0040'",
            "\"\"\"\nfirst line\nsecond \\u0040 line\"\"\"",
            "\"\"\"\r\nwindows\r\n\"\"\"",
            "\"\"\"joined \\\n    up\"\"\"",
            "\"\"\"ends with quotes\"\"\"\"\"",
            "'''\nliteral\n\\u0040 '''",
            "''",
            "\"\"",
        ] {
            assert_eq!(string(literal, 0).text, parsed(literal), "{literal}");
        }
    }

    #[test]
    fn an_escape_maps_to_the_escape_and_plain_text_to_itself() {
        let file = r#"x = "jane.doe\u0040example.com, LS9 7\U00000041B""#;
        let start = file.find('"').unwrap();
        let published = string(&file[start..], start);
        assert_eq!(published.text, "jane.doe@example.com, LS9 7AB");
        let map = |word: &str| {
            let at = published.text.find(word).unwrap();
            &file[published.source(at..at + word.len())]
        };
        assert_eq!(map("jane.doe@example.com"), r"jane.doe\u0040example.com");
        assert_eq!(map("@"), r"\u0040");
        assert_eq!(map("example"), "example");
        assert_eq!(map("LS9 7AB"), r"LS9 7\U00000041B");
    }

    #[test]
    fn escaped_hidden_characters_are_recorded_at_their_escape() {
        let file = r#""J\u00ADane""#;
        let published = string(file, 10);
        assert_eq!(published.text, "Jane");
        assert_eq!(published.hidden.len(), 1);
        assert_eq!(published.hidden[0].char, '\u{ad}');
        assert_eq!(published.hidden[0].source, 12..18);
    }

    #[test]
    fn broken_literals_do_not_panic() {
        for raw in [
            "\"",
            "\"\\",
            "\"\\u12",
            "\"\\u00e9€\"",
            "'''",
            "x",
            "\"\\U0011FFFF\"",
            "\"é\\",
        ] {
            let _ = string(raw, 0);
        }
    }
}
