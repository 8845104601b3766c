//! Text as a reader will see it, mapped back to the bytes of the file it came
//! from: the anonymisation gate scans what is published, and still points at
//! the place to fix.
//!
//! The submodules decode (TOML escapes; Markdown syntax and HTML entities).
//! Every piece they push is normalised here, in this order: characters nobody
//! can see are removed (and recorded: the gate refuses them), then the rest is
//! NFKC-normalised, so that `Ｊａｎｅ` or `𝐉ane` reads `Jane` and a fullwidth
//! `＠` is an at sign.

pub use crate::invisible as hidden;
pub mod markdown;
pub mod toml;

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Published text and, piece by piece, where it came from.
#[derive(Debug, Clone, Default)]
pub struct Published {
    pub text: String,
    pieces: Vec<Piece>,
    /// The characters a reader cannot see that were removed from `text`.
    pub hidden: Vec<HiddenChar>,
}

#[derive(Debug, Clone)]
struct Piece {
    /// Where the piece starts in the published text.
    at: usize,
    /// Where it came from in the file.
    source: Range<usize>,
    /// The piece is the file's own bytes, so an offset inside it maps exactly;
    /// otherwise (an escape, an entity, a folded character) only to the whole.
    verbatim: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenChar {
    pub char: char,
    /// The character in the file, or the escape or entity that wrote it.
    pub source: Range<usize>,
}

impl Published {
    /// The byte range of the file that `range` of the text was published
    /// from: exact through verbatim text, the whole escape or entity otherwise.
    pub fn source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map(range.start, false);
        if range.end <= range.start {
            return start..start;
        }
        start..self.map(range.end, true).max(start)
    }

    fn map(&self, offset: usize, is_end: bool) -> usize {
        // The piece holding the byte at `offset`, or, for an end, the one before it.
        let byte = if is_end { offset - 1 } else { offset };
        let index = self
            .pieces
            .partition_point(|p| p.at <= byte)
            .saturating_sub(1);
        let Some(piece) = self.pieces.get(index) else {
            return 0;
        };
        match (piece.verbatim, is_end) {
            (true, _) => piece.source.start + (offset - piece.at),
            (false, false) => piece.source.start,
            (false, true) => piece.source.end,
        }
    }
}

/// Builds a [`Published`] text from decoded pieces, normalising as it goes.
#[derive(Default)]
pub struct Builder {
    out: Published,
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    pub fn ends_with(&self, c: char) -> bool {
        self.out.text.ends_with(c)
    }

    /// Appends text the file holds as these very bytes, from byte `start`.
    pub fn verbatim(&mut self, text: &str, start: usize) {
        self.push(text, start..start + text.len(), true);
    }

    /// Appends text decoded from `source` (an escape, an entity).
    pub fn decoded(&mut self, text: &str, source: Range<usize>) {
        self.push(text, source, false);
    }

    /// Appends what a reader sees between blocks or lines (a space, a line
    /// break), written nowhere in the file: it maps to the point `at`.
    pub fn separator(&mut self, separator: char, at: usize) {
        self.append(separator.encode_utf8(&mut [0; 4]), at..at, false);
    }

    /// Appends `decoded`, published from the file's `raw` at byte `start`:
    /// the parts they share at either end map exactly, the middle as a whole.
    pub fn aligned(&mut self, decoded: &str, raw: &str, start: usize) {
        if decoded == raw {
            return self.verbatim(decoded, start);
        }
        let prefix = common_len(decoded.chars(), raw.chars());
        let (decoded_rest, raw_rest) = (&decoded[prefix..], &raw[prefix..]);
        let suffix = common_len(decoded_rest.chars().rev(), raw_rest.chars().rev());
        let raw_end = start + raw.len();
        self.verbatim(&decoded[..prefix], start);
        self.decoded(
            &decoded_rest[..decoded_rest.len() - suffix],
            start + prefix..raw_end - suffix,
        );
        self.verbatim(&decoded[decoded.len() - suffix..], raw_end - suffix);
    }

    pub fn finish(self) -> Published {
        self.out
    }

    fn push(&mut self, text: &str, source: Range<usize>, verbatim: bool) {
        let plain = !text.chars().any(hidden::is_hidden)
            && (text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes);
        if plain {
            return self.append(text, source, verbatim);
        }
        // Where a part of `text` came from.
        let part = |range: Range<usize>| match verbatim {
            true => source.start + range.start..source.start + range.end,
            false => source.clone(),
        };
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if hidden::is_hidden(c) {
                let char_source = part(at..at + c.len_utf8());
                self.out.hidden.push(HiddenChar {
                    char: c,
                    source: char_source,
                });
                continue;
            }
            // A character and the combining marks on it normalise together.
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                if canonical_combining_class(next) == 0 || hidden::is_hidden(next) {
                    break;
                }
                end = next_at + next.len_utf8();
                chars.next();
            }
            let cluster = &text[at..end];
            let normal: String = cluster.nfkc().collect();
            if normal == cluster {
                self.append(cluster, part(at..end), verbatim);
            } else {
                self.append(&normal, part(at..end), false);
            }
        }
    }

    /// Appends normalised text, joining it to the last piece where the
    /// mapping allows, so that plain text stays one piece.
    fn append(&mut self, text: &str, source: Range<usize>, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let at = self.out.text.len();
        self.out.text.push_str(text);
        if let Some(last) = self.out.pieces.last_mut() {
            let joins = match (last.verbatim, verbatim) {
                (true, true) => last.source.end == source.start,
                (false, false) => last.source == source && !source.is_empty(),
                _ => false,
            };
            if joins {
                last.source.end = source.end;
                return;
            }
        }
        self.out.pieces.push(Piece {
            at,
            source,
            verbatim,
        });
    }
}

/// The length in bytes of the characters two sequences share at their start.
fn common_len(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    let mut len = 0;
    for (x, y) in a.zip(b) {
        if x != y {
            break;
        }
        len += x.len_utf8();
    }
    len
}

/// `text` as the gate compares it: hidden characters removed, NFKC.
pub fn normalise(text: &str) -> String {
    let mut builder = Builder::new();
    builder.verbatim(text, 0);
    builder.finish().text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file range each published word came from.
    fn sources<'a>(published: &Published, file: &'a str, words: &[&str]) -> Vec<&'a str> {
        words
            .iter()
            .map(|word| {
                let at = published.text.find(word).expect(word);
                &file[published.source(at..at + word.len())]
            })
            .collect()
    }

    #[test]
    fn plain_text_maps_byte_for_byte() {
        let file = "xx Jane lives at LS9 7AB";
        let mut builder = Builder::new();
        builder.verbatim(&file[3..], 3);
        let published = builder.finish();
        assert_eq!(published.text, "Jane lives at LS9 7AB");
        assert_eq!(
            sources(&published, file, &["Jane", "LS9 7AB"]),
            ["Jane", "LS9 7AB"]
        );
        assert!(published.hidden.is_empty());
    }

    #[test]
    fn hidden_characters_are_removed_and_recorded_where_they_stand() {
        let file = "J\u{ad}ane and Jay\u{200b}den";
        let published = {
            let mut builder = Builder::new();
            builder.verbatim(file, 0);
            builder.finish()
        };
        assert_eq!(published.text, "Jane and Jayden");
        assert_eq!(
            sources(&published, file, &["Jane", "Jayden"]),
            ["J\u{ad}ane", "Jay\u{200b}den"]
        );
        assert_eq!(
            published.hidden,
            [
                HiddenChar {
                    char: '\u{ad}',
                    source: 1..3
                },
                HiddenChar {
                    char: '\u{200b}',
                    source: 14..17
                }
            ]
        );
    }

    #[test]
    fn nfkc_folds_fullwidth_and_styled_letters() {
        assert_eq!(normalise("Ｊａｙｄｅｎ"), "Jayden");
        assert_eq!(normalise("\u{1d409}ane"), "Jane");
        assert_eq!(normalise("jane\u{ff20}example.com"), "jane@example.com");
        assert_eq!(normalise("０１１３\u{a0}４９６"), "0113 496");
        // Already normal: unchanged, including accents and curly quotes.
        assert_eq!(normalise("Zoë’s café – ok"), "Zoë’s café – ok");
        // A letter and a combining accent compose.
        assert_eq!(normalise("Zoe\u{308}"), "Zoë");
    }

    #[test]
    fn folded_characters_map_to_the_characters_they_came_from() {
        let file = "call ０１１３ now";
        let mut builder = Builder::new();
        builder.verbatim(file, 0);
        let published = builder.finish();
        assert_eq!(published.text, "call 0113 now");
        assert_eq!(
            sources(&published, file, &["0113", "call", "now"]),
            ["０１１３", "call", "now"]
        );
    }

    #[test]
    fn decoded_pieces_map_to_the_whole_escape() {
        // `jane.doe&#64;example.com`: the entity is one decoded piece.
        let file = "jane.doe&#64;example.com";
        let mut builder = Builder::new();
        builder.verbatim("jane.doe", 0);
        builder.decoded("@", 8..13);
        builder.verbatim("example.com", 13);
        let published = builder.finish();
        assert_eq!(published.text, "jane.doe@example.com");
        assert_eq!(published.source(0..20), 0..file.len());
        assert_eq!(published.source(8..9), 8..13);
        assert_eq!(published.source(9..16), 13..20);
    }

    #[test]
    fn aligned_text_maps_exactly_around_what_changed() {
        let raw = "LS9&#32;7AB";
        let mut builder = Builder::new();
        builder.aligned("LS9 7AB", raw, 100);
        let published = builder.finish();
        assert_eq!(published.source(0..3), 100..103);
        assert_eq!(published.source(3..4), 103..108);
        assert_eq!(published.source(4..7), 108..111);
        assert_eq!(published.source(0..7), 100..111);
    }

    #[test]
    fn separators_map_to_a_point_and_never_invert_a_range() {
        let mut builder = Builder::new();
        builder.verbatim("one", 0);
        builder.separator('\n', 5);
        builder.verbatim("two", 10);
        let published = builder.finish();
        assert_eq!(published.text, "one\ntwo");
        assert_eq!(published.source(3..4), 5..5);
        assert_eq!(published.source(0..7), 0..13);
        assert_eq!(published.source(7..7), 13..13);
        assert_eq!(Published::default().source(0..0), 0..0);
    }

    mod any_input {
        use super::super::*;
        use proptest::prelude::*;

        /// Pieces an attacker or a careless editor might put together.
        fn piece() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec![
                "a",
                "Jane",
                "é",
                "e\u{301}",
                "€",
                "\u{ad}",
                "\u{200b}",
                "\u{202e}",
                "\u{e0041}",
                "\u{8}",
                "Ｊ",
                "\u{1d409}",
                "&#64;",
                "&shy;",
                "&#x200D;",
                "&amp;",
                "&",
                "&#0;",
                "&#xD800;",
                "\\",
                "\\u0040",
                "\\U0001D409",
                "\\u00",
                "\\t",
                "\\\n",
                "\"",
                "'",
                "*",
                "_",
                "`",
                "[",
                "](",
                "mailto:x@y.org",
                ")",
                "\n",
                "\n\n",
                "- ",
                "> ",
                "# ",
                "|",
                "\r\n",
                " ",
                "0113",
                "LS9 7AB",
                "@",
                "<b>",
                "\"\"\"",
                "'''",
            ])
        }

        /// Every published range maps into the file, on character boundaries.
        fn maps_inside(published: &Published, file: &str) {
            let bounds: Vec<usize> = published
                .text
                .char_indices()
                .map(|(i, _)| i)
                .chain([published.text.len()])
                .collect();
            for (i, &start) in bounds.iter().enumerate() {
                for &end in bounds[i..].iter().take(8) {
                    let source = published.source(start..end);
                    assert!(source.start <= source.end && source.end <= file.len());
                    assert!(file.is_char_boundary(source.start));
                    assert!(file.is_char_boundary(source.end));
                }
            }
            for hidden in &published.hidden {
                assert!(file.get(hidden.source.clone()).is_some());
            }
            assert!(!published.text.chars().any(hidden::is_hidden));
        }

        proptest! {
            #[test]
            fn any_text_maps_back_inside_its_file(parts in prop::collection::vec(piece(), 0..40)) {
                let text: String = parts.concat();
                let body = markdown::body(&text, 0);
                maps_inside(&body.text, &text);
                maps_inside(&body.targets, &text);
                for quote in ["\"", "'", "\"\"\"", "'''"] {
                    let literal = format!("{quote}{text}{quote}");
                    maps_inside(&toml::string(&literal, 0), &literal);
                }
            }
        }
    }
}
