//! Where the strings of a TOML text are: a small lexer that knows quotes,
//! escapes, multi-line strings and comments, so rules can look inside every
//! text field, and find keys, without a span for each field in the model.

use std::ops::Range;

/// Byte ranges of every string literal (quotes included), in order.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'#' => {
                at = text[at..].find('\n').map_or(bytes.len(), |i| at + i);
            }
            quote @ (b'"' | b'\'') => {
                let end = string_end(bytes, at, quote);
                found.push(at..end);
                at = end;
            }
            _ => at += 1,
        }
    }
    found
}

/// The end of the string that opens at `start` with `quote`.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let basic = quote == b'"';
    let triple = bytes[start..].starts_with(&[quote; 3]);
    let mut at = start + if triple { 3 } else { 1 };
    while at < bytes.len() {
        let b = bytes[at];
        if basic && b == b'\\' {
            at += 2;
            continue;
        }
        if !triple && b == b'\n' {
            return at;
        }
        if b == quote && (!triple || bytes[at..].starts_with(&[quote; 3])) {
            let mut end = at + if triple { 3 } else { 1 };
            // Up to two quotes may end a multi-line string's content: """a""""".
            while triple && end < bytes.len() && bytes[end] == quote && end - at < 5 {
                end += 1;
            }
            return end;
        }
        at += 1;
    }
    bytes.len()
}

/// Starts of lines that are TOML, not the inside of a multi-line string.
pub fn line_starts(text: &str) -> Vec<usize> {
    let strings = spans(text);
    let mut next = 0;
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&start| start < text.len())
        .filter(|&start| {
            // Both are in order, so one pass over the strings is enough.
            while next < strings.len() && strings[next].end <= start {
                next += 1;
            }
            strings.get(next).is_none_or(|s| s.start >= start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_every_kind_of_string_and_skips_comments() {
        let text = "# a \"comment\"\na = \"x \\\" y\" # 'not this'\nb = 'lit'\nc = \"\"\"\nmulti\n\"\"\"\nd = ['''q''', \"r\"]\n";
        assert_eq!(
            strings(text),
            [
                "\"x \\\" y\"",
                "'lit'",
                "\"\"\"\nmulti\n\"\"\"",
                "'''q'''",
                "\"r\""
            ]
        );
    }

    #[test]
    fn lines_inside_multi_line_strings_are_not_toml_lines() {
        let text = "a = \"\"\"\n[not a table]\n\"\"\"\n[table]\n";
        let starts: Vec<&str> = line_starts(text)
            .into_iter()
            .map(|s| text[s..].lines().next().unwrap())
            .collect();
        assert_eq!(starts, ["a = \"\"\"", "[table]"]);
    }
}
