//! Shaping one line: logical text in, glyph runs in visual order out.
//!
//! `unicode-bidi` orders the line (logical → visual, the paragraph level
//! being the form's direction); each level run is split by font (Latin or
//! the script font), and each piece is shaped by `rustybuzz` in its own
//! direction. Every cluster keeps the logical text it shows, for the
//! ToUnicode map and /ActualText.

use std::ops::Range;

use rustybuzz::{Direction as Flow, Feature, Language, UnicodeBuffer};
use ttf_parser::Tag;
use unicode_bidi::{bidi_class, BidiClass, Level, ParagraphBidiInfo};

use super::font::{Font, FALLBACK};
use super::layout::Measure;

/// Which family of the font set draws a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Latin,
    Script,
}

/// One glyph, in font units.
pub struct Glyph {
    pub gid: u16,
    pub advance: i32,
    pub dx: i32,
    pub dy: i32,
}

/// Glyphs (a range of the run's) that together show `text`.
pub struct Cluster {
    pub glyphs: Range<usize>,
    pub text: String,
    /// Byte offset of `text` in the line: sorting by it gives the
    /// logical (reading) order.
    pub start: usize,
}

/// Glyphs of one font and direction, left to right as drawn.
pub struct Run {
    pub family: Family,
    pub glyphs: Vec<Glyph>,
    pub clusters: Vec<Cluster>,
}

/// The faces a form draws with: Latin (DejaVu) always, a script font
/// (e.g. Noto Naskh Arabic) when the caller gives one.
pub struct FontSet<'a> {
    pub latin: [Font<'a>; 2],
    pub script: Option<[Font<'a>; 2]>,
    /// Paragraph direction of every line.
    pub rtl: bool,
    pub language: Option<Language>,
    /// Each text's width as measured, in font units: wrapping measures every
    /// word (most of them more than once), and shaping was a tenth of a cold
    /// build's time.
    pub widths: Widths,
}

/// Widths already measured: regular, then bold, by text.
#[derive(Default)]
pub struct Widths(std::cell::RefCell<[std::collections::HashMap<String, f32>; 2]>);

impl<'a> FontSet<'a> {
    pub fn font(&self, family: Family, bold: bool) -> &Font<'a> {
        let pair = match (family, &self.script) {
            (Family::Script, Some(script)) => script,
            _ => &self.latin,
        };
        &pair[usize::from(bold)]
    }

    pub fn font_mut(&mut self, family: Family, bold: bool) -> &mut Font<'a> {
        let pair = match (family, &mut self.script) {
            (Family::Script, Some(script)) => script,
            _ => &mut self.latin,
        };
        &mut pair[usize::from(bold)]
    }

    /// Every font, in the order their resources are named (F1, F2, F3, F4).
    pub fn all(&self) -> impl Iterator<Item = &Font<'a>> {
        self.latin.iter().chain(self.script.iter().flatten())
    }

    fn has(&self, family: Family, c: char) -> bool {
        match family {
            Family::Latin => self.latin[0].has(c) && self.latin[1].has(c),
            Family::Script => self
                .script
                .as_ref()
                .is_some_and(|s| s[0].has(c) && s[1].has(c)),
        }
    }

    /// The family a character asks for, or `None` for characters that
    /// follow their neighbours (spaces, digits, punctuation, marks).
    fn family_of(&self, c: char) -> Option<Family> {
        let wanted = match bidi_class(c) {
            BidiClass::AL | BidiClass::R | BidiClass::AN => Family::Script,
            BidiClass::L => Family::Latin,
            _ => return None,
        };
        let other = match wanted {
            Family::Latin => Family::Script,
            Family::Script => Family::Latin,
        };
        Some(if self.has(wanted, c) || !self.has(other, c) {
            wanted
        } else {
            other
        })
    }

    /// Characters no font has become [`FALLBACK`], as the ToUnicode map
    /// then says; invisible format characters are left to the shaper.
    fn covered(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                let format = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
                if format || self.has(Family::Latin, c) || self.has(Family::Script, c) {
                    c
                } else {
                    FALLBACK
                }
            })
            .collect()
    }

    /// Shapes one line into runs in visual order.
    pub fn shape_line(&self, bold: bool, text: &str) -> Vec<Run> {
        let text = self.covered(text);
        if text.is_empty() {
            return Vec::new();
        }
        let base = if self.rtl { Level::rtl() } else { Level::ltr() };
        let bidi = ParagraphBidiInfo::new(&text, Some(base));
        let (levels, level_runs) = bidi.visual_runs(0..text.len());
        let mut runs = Vec::new();
        for range in level_runs {
            let rtl = levels[range.start].is_rtl();
            let mut pieces: Vec<Run> = self
                .by_family(&text, range)
                .into_iter()
                .map(|(family, piece)| self.shape_piece(family, bold, &text, piece, rtl))
                .collect();
            if rtl {
                pieces.reverse();
            }
            runs.extend(pieces);
        }
        runs
    }

    /// Splits a level run (byte range of `text`) into pieces of one family,
    /// in logical order. Neutral characters join the family before them,
    /// or at the start the one after them.
    fn by_family(&self, text: &str, range: Range<usize>) -> Vec<(Family, Range<usize>)> {
        let run = &text[range.clone()];
        let first = run
            .chars()
            .find_map(|c| self.family_of(c))
            .unwrap_or(Family::Latin);
        let mut pieces: Vec<(Family, Range<usize>)> = Vec::new();
        let mut current = first;
        for (i, c) in run.char_indices() {
            let mut family = self.family_of(c).unwrap_or(current);
            if !self.has(family, c) {
                // E.g. "(" in Urdu text: Naskh has none, DejaVu draws it.
                family = match family {
                    Family::Latin => Family::Script,
                    Family::Script => Family::Latin,
                };
            }
            let at = range.start + i;
            match pieces.last_mut() {
                Some((f, r)) if *f == family => r.end = at + c.len_utf8(),
                _ => pieces.push((family, at..at + c.len_utf8())),
            }
            current = family;
        }
        pieces
    }

    /// Shapes the byte range `piece` of the line `line`.
    fn shape_piece(
        &self,
        family: Family,
        bold: bool,
        line: &str,
        piece: Range<usize>,
        rtl: bool,
    ) -> Run {
        let offset = piece.start;
        let text = &line[piece];
        let font = self.font(family, bold);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            Flow::RightToLeft
        } else {
            Flow::LeftToRight
        });
        if let Some(language) = &self.language {
            buffer.set_language(language.clone());
        }
        let features = features(family);
        let shaped = rustybuzz::shape(font.face(), &features, buffer);
        let mut glyphs: Vec<Glyph> = shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| Glyph {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                dx: pos.x_offset,
                dy: pos.y_offset,
            })
            .collect();
        let mut starts: Vec<usize> = shaped
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        // rustybuzz leaves a piece of neutrals only (") " in Urdu, drawn
        // by DejaVu) in logical order though asked for right to left;
        // visual order has the clusters descending.
        if rtl && starts.first() < starts.last() {
            glyphs.reverse();
            starts.reverse();
        }
        Run {
            family,
            clusters: clusters(text, offset, &starts),
            glyphs,
        }
    }

    /// Width of the shaped line in points.
    pub fn line_width(&self, bold: bool, size: f32, text: &str) -> f32 {
        let face = usize::from(bold);
        let kept = self.widths.0.borrow()[face].get(text).copied();
        let units = kept.unwrap_or_else(|| {
            let units: f32 = (self.shape_line(bold, text).iter())
                .map(|run| {
                    let font = self.font(run.family, bold);
                    let sum: i32 = run.glyphs.iter().map(|g| g.advance).sum();
                    font.units_to_1000(sum as f32)
                })
                .sum();
            self.widths.0.borrow_mut()[face].insert(text.to_owned(), units);
            units
        });
        units * size / 1000.0
    }
}

/// Latin text keeps the plain advances it always had (no kerning, no
/// ligatures), so English output does not change; script fonts get
/// every default feature (joining forms, ligatures, mark positioning).
fn features(family: Family) -> Vec<Feature> {
    match family {
        Family::Latin => [b"kern", b"liga"]
            .iter()
            .map(|tag| Feature::new(Tag::from_bytes(tag), 0, ..))
            .collect(),
        Family::Script => Vec::new(),
    }
}

/// Groups glyphs by cluster. `starts[i]` is glyph i's cluster (a byte
/// offset into `text`); a cluster's text runs to the next larger offset.
/// `text` begins `offset` bytes into its line.
fn clusters(text: &str, offset: usize, starts: &[usize]) -> Vec<Cluster> {
    let mut sorted: Vec<usize> = starts.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let end_of = |start: usize| {
        sorted
            .iter()
            .copied()
            .find(|&s| s > start)
            .unwrap_or(text.len())
    };
    let mut out: Vec<Cluster> = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        match out.last_mut() {
            Some(c) if i > 0 && starts[i - 1] == start => c.glyphs.end = i + 1,
            _ => out.push(Cluster {
                glyphs: i..i + 1,
                text: text.get(start..end_of(start)).unwrap_or("").to_string(),
                start: offset + start,
            }),
        }
    }
    out
}

impl Measure for FontSet<'_> {
    fn text_width(&self, bold: bool, size: f32, text: &str) -> f32 {
        self.line_width(bold, size, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_font(name: &str) -> Vec<u8> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/fonts/");
        std::fs::read(format!("{dir}{name}")).unwrap()
    }

    struct Files {
        latin: [Vec<u8>; 2],
        script: [Vec<u8>; 2],
    }

    fn files() -> Files {
        Files {
            latin: ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map(theme_font),
            script: ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"].map(theme_font),
        }
    }

    fn urdu(files: &Files) -> FontSet<'_> {
        let font = |data: &'static str, bytes| Font::new(bytes, data, true).unwrap();
        let script = |bytes| Font::new(bytes, "script", false).unwrap();
        FontSet {
            latin: [
                font("regular", &files.latin[0]),
                font("bold", &files.latin[1]),
            ],
            script: Some([script(&files.script[0]), script(&files.script[1])]),
            rtl: true,
            language: "ur".parse().ok(),
            widths: Widths::default(),
        }
    }

    /// The runs' cluster texts, left to right as drawn.
    fn drawn(runs: &[Run]) -> Vec<(Family, String)> {
        runs.iter()
            .map(|r| {
                (
                    r.family,
                    r.clusters.iter().map(|c| c.text.as_str()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_width_measured_again_is_the_same_and_boldness_is_kept_apart() {
        let files = files();
        let fonts = urdu(&files);
        let text = "Speech (اختیاری) and language";
        let first = fonts.line_width(false, 12.0, text);
        assert_eq!(fonts.line_width(false, 12.0, text), first);
        assert_eq!(fonts.line_width(false, 24.0, text), first * 2.0);
        let bold = fonts.line_width(true, 12.0, text);
        assert_ne!(bold, first, "the bold face is wider");
        // What was kept is what a fresh measure gives.
        let fresh = urdu(&files);
        assert_eq!(fresh.line_width(true, 12.0, text), bold);
    }

    #[test]
    fn no_character_of_urdu_text_is_drawn_as_notdef() {
        let files = files();
        let fonts = urdu(&files);
        for text in [
            "جن سوالوں پر (اختیاری) لکھا ہے",
            "اسکول، نرسری یا کالج (اختیاری)",
        ] {
            let runs = fonts.shape_line(false, text);
            let notdef = runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .filter(|g| g.gid == 0)
                .count();
            assert_eq!(notdef, 0, "{text}: {:?}", drawn(&runs));
        }
    }

    #[test]
    fn an_all_right_to_left_line_is_drawn_exactly_reversed() {
        let files = files();
        let fonts = urdu(&files);
        // "(" and ")" come from DejaVu (Naskh has none): their pieces
        // must be reversed like the Urdu around them.
        for text in ["پر (اختیاری) لکھا", "کالج (اختیاری)", "فارم، یہاں: بھیجیں"]
        {
            let runs = fonts.shape_line(false, text);
            let clusters: Vec<&str> = runs
                .iter()
                .flat_map(|r| &r.clusters)
                .map(|c| c.text.as_str())
                .collect();
            let read: String = clusters.iter().rev().copied().collect();
            assert_eq!(read, text, "{:?}", drawn(&runs));
        }
    }

    #[test]
    fn urdu_letters_join_and_latin_runs_keep_their_order() {
        let files = files();
        let fonts = urdu(&files);
        // "Email: <address>": the address (Latin) is drawn left of the
        // Urdu word, which reads right to left.
        let runs = fonts.shape_line(false, "ای میل: diane@leeds.gov.uk");
        let families: Vec<Family> = runs.iter().map(|r| r.family).collect();
        assert_eq!(families.first(), Some(&Family::Latin), "{:?}", drawn(&runs));
        assert_eq!(families.last(), Some(&Family::Script), "{:?}", drawn(&runs));
        assert!(drawn(&runs)[0].1.contains("diane@leeds.gov.uk"));
        // Joining: "بچے" uses other glyphs than its letters standing alone.
        let joined: Vec<u16> = fonts.shape_line(false, "بچے")[0]
            .glyphs
            .iter()
            .map(|g| g.gid)
            .collect();
        let alone: Vec<u16> = ["ب", "چ", "ے"]
            .iter()
            .flat_map(|c| fonts.shape_line(false, c).remove(0).glyphs)
            .map(|g| g.gid)
            .collect();
        assert_eq!(joined.len(), 3);
        // Initial beh and medial tcheh differ from their isolated forms.
        assert_ne!(joined[..2], alone[..2]);
        // Drawn right to left: the first letter's glyph is the rightmost.
        let runs = fonts.shape_line(false, "بچے");
        assert_eq!(runs[0].clusters.last().unwrap().text, "ب");
    }

    #[test]
    fn polish_letters_are_single_glyphs_with_their_own_text() {
        let files = files();
        let mut fonts = urdu(&files);
        fonts.rtl = false;
        let runs = fonts.shape_line(false, "Zażółć gęślą jaźń");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].family, Family::Latin);
        assert!(runs[0].glyphs.iter().all(|g| g.gid != 0));
        let texts: String = runs[0].clusters.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, "Zażółć gęślą jaźń");
        // Decomposed input (a + combining ogonek) still gives one glyph.
        let runs = fonts.shape_line(false, "a\u{0328}");
        assert_eq!(runs[0].glyphs.len(), 1);
        assert_eq!(runs[0].clusters[0].text, "a\u{0328}");
    }

    #[test]
    fn odd_text_never_panics_and_keeps_its_characters() {
        let files = files();
        let mut fonts = urdu(&files);
        for rtl in [true, false] {
            fonts.rtl = rtl;
            for text in [
                "",
                " ",
                "\u{0651}",
                "a\nb\u{2029}ب",
                "\u{202E}abc\u{202C} \u{200F}",
                "\u{FEFF}\u{200D}",
                "ب\u{0651}\u{0650}\u{0651}",
                "\u{1F600} \u{E000} \u{10FFFF}",
                "لا ﻻ (GP) 0113 222 3333",
                "درخواست: Inner East کلسٹر",
                "ای میل: diane.walker@leeds.gov.uk",
            ] {
                // Every byte of the line is shown by exactly one cluster,
                // so the ToUnicode map and /ActualText lose nothing.
                let runs = fonts.shape_line(true, text);
                let shown: usize = runs
                    .iter()
                    .flat_map(|r| &r.clusters)
                    .map(|c| c.text.len())
                    .sum();
                assert_eq!(shown, fonts.covered(text).len(), "{text:?}");
                // In order of their starts, the clusters spell the line
                // as written: what the content stream draws for the tags.
                let mut clusters: Vec<&Cluster> = runs.iter().flat_map(|r| &r.clusters).collect();
                clusters.sort_by_key(|c| c.start);
                let logical: String = clusters.iter().map(|c| c.text.as_str()).collect();
                assert_eq!(logical, fonts.covered(text), "{text:?}");
            }
        }
    }
}
