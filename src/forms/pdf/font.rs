//! Font loading, metrics, glyph encoding and embedding as a subset
//! Type0/CIDFontType2 font with Identity-H encoding and a ToUnicode CMap.
//!
//! Text is encoded with the *subset* glyph ids as CIDs: the subsetter hands
//! out new ids as glyphs are first used and never changes them, so we can
//! encode while drawing and subset at the very end (CIDToGIDMap /Identity).

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use super::hash::fnv64;
use super::layout::Measure;
use super::Refs;

/// Used in place of characters the font has no glyph for.
const FALLBACK: char = '?';

/// One TrueType face plus the glyphs used so far.
pub struct Font<'a> {
    data: &'a [u8],
    face: Face<'a>,
    remapper: GlyphRemapper,
    /// Subset glyph id → the character it was first used for.
    to_unicode: BTreeMap<u16, char>,
}

impl<'a> Font<'a> {
    pub fn new(data: &'a [u8], what: &str) -> Result<Self, String> {
        let face = Face::parse(data, 0).map_err(|e| format!("{what} font: {e}"))?;
        if face.glyph_index(FALLBACK).is_none() {
            return Err(format!("{what} font has no '{FALLBACK}' glyph"));
        }
        Ok(Self {
            data,
            face,
            remapper: GlyphRemapper::new(),
            to_unicode: BTreeMap::new(),
        })
    }

    /// The glyph for `c`, or for the fallback character with the character
    /// that it stands for.
    fn glyph(&self, c: char) -> (GlyphId, char) {
        match self.face.glyph_index(c) {
            Some(g) => (g, c),
            None => (
                self.face.glyph_index(FALLBACK).unwrap_or_default(),
                FALLBACK,
            ),
        }
    }

    fn units_to_1000(&self, v: f32) -> f32 {
        v * 1000.0 / f32::from(self.face.units_per_em())
    }

    /// Advance width of `text` in thousandths of an em.
    pub fn width_1000(&self, text: &str) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.face.glyph_hor_advance(self.glyph(c).0).unwrap_or(0)))
            .sum();
        self.units_to_1000(units as f32)
    }

    /// Encode `text` as two-byte CIDs, recording the glyphs for the subset.
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (gid, shown) = self.glyph(c);
            let cid = self.remapper.remap(gid.0);
            self.to_unicode.entry(cid).or_insert(shown);
            out.extend(cid.to_be_bytes());
        }
        out
    }

    fn postscript_name(&self) -> String {
        self.face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "Font".into())
    }

    /// "ABCDEF+Name": the tag marks a subset and depends only on its glyphs.
    fn subset_name(&self) -> String {
        let glyphs: Vec<u8> = self
            .remapper
            .remapped_gids()
            .flat_map(u16::to_be_bytes)
            .collect();
        let mut hash = fnv64(0, &glyphs);
        let tag: String = (0..6)
            .map(|_| {
                let letter = b'A' + (hash % 26) as u8;
                hash /= 26;
                char::from(letter)
            })
            .collect();
        format!("{tag}+{}", self.postscript_name())
    }

    /// Advance widths of the subset glyphs, indexed by CID.
    fn cid_widths(&self) -> Vec<f32> {
        self.remapper
            .remapped_gids()
            .map(|g| {
                let adv = self.face.glyph_hor_advance(GlyphId(g)).unwrap_or(0);
                self.units_to_1000(f32::from(adv)).round()
            })
            .collect()
    }

    /// Write the font and everything it needs; returns the Type0 font's ref.
    pub fn write(&self, pdf: &mut Pdf, refs: &mut Refs) -> Result<Ref, String> {
        let [type0, cid, descriptor, file, cmap] = refs.many();
        let name = self.subset_name();
        let base = Name(name.as_bytes());
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(type0)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);

        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(info)
            .font_descriptor(descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid_font.widths().consecutive(0, self.cid_widths());
        cid_font.finish();

        self.write_descriptor(pdf, descriptor, base, file);
        self.write_font_file(pdf, file)?;
        self.write_cmap(pdf, cmap);
        Ok(type0)
    }

    fn write_descriptor(&self, pdf: &mut Pdf, id: Ref, base: Name, file: Ref) {
        let f = &self.face;
        let bbox = f.global_bounding_box();
        let s = |v: i16| self.units_to_1000(f32::from(v));
        let bold = f.weight().to_number() >= 600;
        pdf.font_descriptor(id)
            .name(base)
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                s(bbox.x_min),
                s(bbox.y_min),
                s(bbox.x_max),
                s(bbox.y_max),
            ))
            .italic_angle(f.italic_angle())
            .ascent(s(f.ascender()))
            .descent(s(f.descender()))
            .cap_height(s(f.capital_height().unwrap_or(f.ascender())))
            // Only a hint for substitution; the usual rule-of-thumb values.
            .stem_v(if bold { 140.0 } else { 80.0 })
            .font_file2(file);
    }

    fn write_font_file(&self, pdf: &mut Pdf, id: Ref) -> Result<(), String> {
        let subset = subsetter::subset(self.data, 0, &self.remapper)
            .map_err(|e| format!("font subsetting failed: {e}"))?;
        let packed = super::deflate(&subset);
        pdf.stream(id, &packed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        Ok(())
    }

    fn write_cmap(&self, pdf: &mut Pdf, id: Ref) {
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        };
        let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
        for (&cid, &c) in &self.to_unicode {
            cmap.pair(cid, c);
        }
        let packed = super::deflate(&cmap.finish());
        pdf.cmap(id, &packed).filter(Filter::FlateDecode);
    }
}

/// The two faces the form uses.
pub struct FontSet<'a> {
    pub regular: Font<'a>,
    pub bold: Font<'a>,
}

impl<'a> FontSet<'a> {
    pub fn get_mut(&mut self, bold: bool) -> &mut Font<'a> {
        if bold {
            &mut self.bold
        } else {
            &mut self.regular
        }
    }
}

impl Measure for FontSet<'_> {
    fn text_width(&self, bold: bool, size: f32, text: &str) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        font.width_1000(text) * size / 1000.0
    }
}
