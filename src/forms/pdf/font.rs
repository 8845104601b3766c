//! Font loading, metrics, glyph encoding and embedding as a subset
//! Type0/CIDFontType2 font with Identity-H encoding and a ToUnicode CMap.
//!
//! Text is encoded with the *subset* glyph ids as CIDs: the subsetter hands
//! out new ids as glyphs are first used and never changes them, so we can
//! encode while drawing and subset at the very end (CIDToGIDMap /Identity).
//! Glyph ids come from the shaper ([`super::shape`]), so the subset holds
//! exactly the contextual forms, ligatures and marks drawn, and the
//! ToUnicode CMap maps each one back to the logical text it first showed.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rustybuzz::Face;
use subsetter::GlyphRemapper;
use ttf_parser::GlyphId;

use super::hash::fnv64;
use super::Refs;

/// Used in place of characters no font has a glyph for.
pub const FALLBACK: char = '?';

/// One TrueType face plus the glyphs used so far.
pub struct Font<'a> {
    data: &'a [u8],
    face: Face<'a>,
    remapper: GlyphRemapper,
    /// Subset glyph id → the logical text it was first used for.
    to_unicode: BTreeMap<u16, String>,
}

impl<'a> Font<'a> {
    /// `latin` fonts must have [`FALLBACK`]: they draw it for characters
    /// no font has.
    pub fn new(data: &'a [u8], what: &str, latin: bool) -> Result<Self, String> {
        let face = Face::from_slice(data, 0)
            .ok_or_else(|| format!("{what} font: not a TrueType or OpenType font"))?;
        if latin && face.glyph_index(FALLBACK).is_none() {
            return Err(format!("{what} font has no '{FALLBACK}' glyph"));
        }
        Ok(Self {
            data,
            face,
            remapper: GlyphRemapper::new(),
            to_unicode: BTreeMap::new(),
        })
    }

    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    pub fn face(&self) -> &Face<'a> {
        &self.face
    }

    pub fn units_to_1000(&self, v: f32) -> f32 {
        v * 1000.0 / self.face.units_per_em() as f32
    }

    /// The advance the PDF viewer uses for `gid` (its /W entry, unrounded).
    pub fn default_advance_1000(&self, gid: u16) -> f32 {
        let adv = self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        self.units_to_1000(f32::from(adv))
    }

    /// Encodes one cluster's glyphs as two-byte CIDs, recording them for
    /// the subset and the ToUnicode map. Returns the bytes and whether the
    /// map alone cannot give `text` back (several glyphs, or a glyph
    /// already mapped to other text): the caller then adds /ActualText.
    pub fn encode_cluster(&mut self, gids: &[u16], text: &str) -> (Vec<u8>, bool) {
        let mut out = Vec::with_capacity(gids.len() * 2);
        let cids: Vec<u16> = gids.iter().map(|&g| self.remapper.remap(g)).collect();
        for cid in &cids {
            out.extend(cid.to_be_bytes());
        }
        let exact = match cids[..] {
            [cid] => {
                self.to_unicode
                    .entry(cid)
                    .or_insert_with(|| text.to_string())
                    == text
            }
            _ => false,
        };
        (out, !exact)
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
        for (cid, text) in &self.to_unicode {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => cmap.pair(*cid, c),
                _ => cmap.pair_with_multiple(*cid, text.chars()),
            }
        }
        let packed = super::deflate(&cmap.finish());
        pdf.cmap(id, &packed).filter(Filter::FlateDecode);
    }
}

impl Font<'_> {
    /// Whether anything was drawn with this font (.notdef is always in).
    pub fn is_used(&self) -> bool {
        self.remapper.num_gids() > 1
    }
}
