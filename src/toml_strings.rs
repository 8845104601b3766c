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

/// A string literal's value as the site will publish it, and where each
/// part of the value was written in the literal, so that a problem found in
/// the value is reported at the characters (or the escape) that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub value: String,
    /// Where each piece of the value starts, in order.
    pieces: Vec<Piece>,
    /// Where the value ends in the literal (before the closing quotes).
    raw_end: usize,
}

/// A run of the value copied from the literal as it is, or what one escape
/// (or a line-ending backslash, or a CRLF) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    value_start: usize,
    raw_start: usize,
    copied: bool,
}

impl Decoded {
    /// The offset in the literal of byte `offset` of the value: the same
    /// character when it was copied, the start of the escape when it was not.
    pub fn raw_offset(&self, offset: usize) -> usize {
        if offset >= self.value.len() {
            return self.raw_end;
        }
        // Inside a character: its start.
        let offset = (0..=offset)
            .rev()
            .find(|&o| self.value.is_char_boundary(o))
            .unwrap_or(0);
        let index = self.pieces.partition_point(|p| p.value_start <= offset);
        let Some(piece) = index.checked_sub(1).map(|i| self.pieces[i]) else {
            return self.raw_end;
        };
        if piece.copied {
            piece.raw_start + (offset - piece.value_start)
        } else {
            piece.raw_start
        }
    }

    /// A range of the value as a range of the literal: from the start of
    /// its first character (or escape) to the end of its last.
    pub fn raw_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.raw_offset(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let end = (range.end..self.value.len())
            .find(|&o| self.value.is_char_boundary(o))
            .unwrap_or(self.value.len());
        let last = end.saturating_sub(1);
        let index = self.pieces.partition_point(|p| p.value_start <= last);
        let end = match index.checked_sub(1).map(|i| self.pieces[i]) {
            Some(piece) if piece.copied => piece.raw_start + (end - piece.value_start),
            // The whole escape: up to where the next piece starts.
            Some(_) => self.pieces.get(index).map_or(self.raw_end, |p| p.raw_start),
            None => self.raw_end,
        };
        start..end.clamp(start, self.raw_end)
    }

    fn copy(&mut self, raw: &str, at: usize, len: usize) {
        if len == 0 {
            return;
        }
        let joins_previous = self
            .pieces
            .last()
            .is_some_and(|p| p.copied && p.raw_start + (self.value.len() - p.value_start) == at);
        if !joins_previous {
            self.pieces.push(Piece {
                value_start: self.value.len(),
                raw_start: at,
                copied: true,
            });
        }
        self.value.push_str(&raw[at..at + len]);
    }

    fn stand_in(&mut self, at: usize, text: &str) {
        self.pieces.push(Piece {
            value_start: self.value.len(),
            raw_start: at,
            copied: false,
        });
        self.value.push_str(text);
    }
}

/// Decodes one string literal, quotes included, as TOML does: escapes in
/// "basic" strings, line-ending backslashes and CRLF in multi-line ones,
/// nothing in 'literal' strings. Text that TOML would refuse (the file is
/// then a syntax error anyway) is kept as written.
pub fn decode(raw: &str) -> Decoded {
    let bytes = raw.as_bytes();
    let quote = bytes.first().copied().unwrap_or(b'"');
    let triple = bytes.len() >= 3 && bytes[..3] == [quote; 3];
    let open = if triple { 3 } else { 1 }.min(raw.len());
    let closed = if triple {
        bytes.len() >= 6 && bytes[bytes.len() - 3..] == [quote; 3]
    } else {
        bytes.len() >= 2 && bytes[bytes.len() - 1] == quote
    };
    let end = if closed { raw.len() - open } else { raw.len() };
    let mut start = open;
    // A newline right after opening triple quotes is not part of the value.
    if triple {
        if raw[start..end].starts_with('\n') {
            start += 1;
        } else if raw[start..end].starts_with("\r\n") {
            start += 2;
        }
    }
    let mut decoded = Decoded {
        value: String::with_capacity(end - start),
        pieces: Vec::new(),
        raw_end: end,
    };
    let basic = quote == b'"';
    let mut at = start;
    while at < end {
        let rest = &raw[at..end];
        let plain = rest
            .find(|c| (basic && c == '\\') || (triple && c == '\r'))
            .unwrap_or(rest.len());
        decoded.copy(raw, at, plain);
        at += plain;
        if at >= end {
            break;
        }
        let rest = &raw[at..end];
        let (len, stands_for) = if rest.starts_with("\r\n") {
            (2, Some("\n".to_owned()))
        } else if rest.starts_with('\r') {
            (1, None)
        } else {
            escape(rest, triple)
        };
        match stands_for {
            Some(text) => decoded.stand_in(at, &text),
            None => decoded.copy(raw, at, len),
        }
        at += len;
    }
    decoded
}

/// The escape at the start of `rest` (which starts with a backslash): its
/// length in the literal and what it stands for, or `None` when TOML would
/// refuse it.
fn escape(rest: &str, multi_line: bool) -> (usize, Option<String>) {
    let Some(kind) = rest[1..].chars().next() else {
        return (1, None);
    };
    let simple = match kind {
        'b' => Some('\u{8}'),
        't' => Some('\t'),
        'n' => Some('\n'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        _ => None,
    };
    if let Some(c) = simple {
        return (2, Some(c.to_string()));
    }
    if kind == 'u' || kind == 'U' {
        let digits = if kind == 'u' { 4 } else { 8 };
        let c = rest
            .get(2..2 + digits)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        return match c {
            Some(c) => (2 + digits, Some(c.to_string())),
            None => (2, None),
        };
    }
    // A backslash ending a line (blanks may follow it) joins the next
    // non-blank text on, dropping the line breaks and blanks between.
    if multi_line {
        let after_blanks = rest[1..].trim_start_matches([' ', '\t']);
        if after_blanks.starts_with('\n') || after_blanks.starts_with("\r\n") {
            let joined = rest[1..].trim_start_matches([' ', '\t', '\n', '\r']);
            return (rest.len() - joined.len(), Some(String::new()));
        }
    }
    (1 + kind.len_utf8(), None)
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

    /// Where `mark` (a part of the decoded value) was written in `raw`.
    fn raw_text_of<'a>(raw: &'a str, mark: &str) -> &'a str {
        let d = decode(raw);
        let at = d.value.find(mark).unwrap();
        &raw[d.raw_range(at..at + mark.len())]
    }

    #[test]
    fn escapes_are_decoded_and_map_back_to_the_literal() {
        let raw = r#""a\t\t€€€ [x](/nope/)""#;
        let d = decode(raw);
        assert_eq!(d.value, "a\t\t€€€ [x](/nope/)");
        assert_eq!(raw_text_of(raw, "[x]"), "[x]");
        assert_eq!(raw_text_of(raw, "€"), "€");
        assert_eq!(raw_text_of(raw, "\t\t"), r"\t\t");
        let raw = r#""\u003cimg\U0001F600 \"q\" \\ é""#;
        let d = decode(raw);
        assert_eq!(d.value, "<img😀 \"q\" \\ é");
        assert_eq!(raw_text_of(raw, "<img"), r"\u003cimg");
        assert_eq!(raw_text_of(raw, "😀"), r"\U0001F600");
        assert_eq!(raw_text_of(raw, "é"), "é");
        // An offset inside what one escape stands for maps to the escape.
        assert_eq!(d.raw_offset("<img".len() + 2), raw.find(r"\U").unwrap());
        assert_eq!(d.raw_offset(d.value.len()), raw.len() - 1);
    }

    #[test]
    fn multi_line_strings_drop_the_first_newline_and_join_lines_at_backslashes() {
        let raw = "\"\"\"\nx <\\  \n    b> \\n\r\nend\"\"\"";
        let d = decode(raw);
        assert_eq!(d.value, "x <b> \n\nend");
        assert_eq!(raw_text_of(raw, "<"), "<");
        assert_eq!(raw_text_of(raw, "b>"), "b>");
        assert_eq!(raw_text_of(raw, "end"), "end");
        // Up to two quotes before the closing three are part of the value.
        assert_eq!(decode("\"\"\"a\"\"\"\"\"").value, "a\"\"");
    }

    #[test]
    fn literal_strings_keep_backslashes() {
        assert_eq!(decode(r"'a\u003c\t'").value, r"a\u003c\t");
        let raw = "'''\nC:\\x\r\ny'''";
        let d = decode(raw);
        assert_eq!(d.value, "C:\\x\ny");
        assert_eq!(raw_text_of(raw, "y"), "y");
    }

    #[test]
    fn broken_literals_decode_on_char_boundaries() {
        for raw in [
            "\"",
            "\"\"\"",
            "'",
            "\"\\",
            "\"\\u12\"",
            "\"\\uD800\"",
            "\"\\q\"",
            "\"€",
            "\"\"\"\\",
            "\"\\U0011FFFF\"",
            "\"\"\"a\\ \"",
            "\"\\€\"",
        ] {
            let d = decode(raw);
            for offset in 0..=d.value.len() + 1 {
                let at = d.raw_offset(offset);
                assert!(raw.is_char_boundary(at), "{raw:?} {offset} -> {at}");
            }
        }
    }
}
