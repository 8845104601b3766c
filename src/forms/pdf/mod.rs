//! A fillable, tagged, accessible A4 PDF version of a referral form, in
//! any language and either direction.
//!
//! [`write_pdf`] composes the form into blocks, lays them out on pages,
//! draws tagged content, then writes fields, the structure tree, the font
//! subsets and the metadata. Output depends on the input only.
//!
//! # How to call it (one PDF per language)
//!
//! ```text
//! let form = PdfForm {
//!     lang: "ur".into(),                  // BCP 47; becomes /Lang and dc:language
//!     direction: Direction::Rtl,          // from the language's site.toml entry
//!     words: PdfWords { .. },             // the engine's own wording, translated
//!     title, cluster_name, intro, send_to, generated_on, sections, privacy_notice,
//! };
//! let latin = Fonts { regular: DejaVuSans.ttf, bold: DejaVuSans-Bold.ttf };
//! let urdu = Fonts { regular: NotoNaskhArabic-Regular.ttf, bold: NotoNaskhArabic-Bold.ttf };
//! write_pdf_with_script(&form, &latin, Some(&urdu))   // Urdu, Arabic, Persian...
//! write_pdf(&form, &latin)                            // English, Polish, Romanian...
//! ```
//!
//! - **Fonts.** DejaVu Sans (`themes/default/fonts/DejaVuSans*.ttf`) draws
//!   Latin, Greek and Cyrillic text (English, Polish, Romanian, Czech,
//!   Slovak, Kurdish in Latin letters). For Arabic-script languages (Urdu,
//!   Arabic, Sorani Kurdish) pass Noto Naskh Arabic
//!   (`themes/default/fonts/NotoNaskhArabic-{Regular,Bold}.ttf`) as the
//!   script font. Why Naskh and not Noto Nastaliq Urdu: both shape with
//!   rustybuzz, but Nastaliq's tall, sloping words overrun the line
//!   heights the layout uses (labels touched the boxes above them),
//!   pdftotext split its words ("درخ واست"), and the Urdu PDF grew from
//!   84 to 108 KB; Naskh is plain and clear at 11-12 pt. Right-to-left letters (and Arabic digits) go to the script
//!   font, Latin letters to DejaVu; spaces, digits and punctuation follow
//!   their neighbours, so an email address in Urdu text stays in DejaVu.
//!   A character no font has is drawn as "?", as before.
//! - **Words.** [`PdfWords`] holds all wording the engine adds itself;
//!   fill it from the language's strings ([`PdfWords::english`] gives
//!   today's English). Placeholders: `{label}` in `optional`, `{date}` in
//!   `generated_on`, `{page}` and `{pages}` in `page_of`, `{name}` in
//!   `cluster`; a missing placeholder is an error, so a translation cannot
//!   silently drop the page number. Everything else (title, intro, labels,
//!   hints, options, "Email:" in `send_to`) is the caller's text already.
//! - `tests/fixtures/pdf-languages/{ur,pl}.toml` are complete translated
//!   forms in this shape (they deserialise into [`PdfForm`]).
//!
//! # Scripts and direction
//!
//! Each line is ordered by `unicode-bidi` (paragraph level = the form's
//! direction) and each run shaped by `rustybuzz` (joining forms,
//! ligatures, marks). Lines break at spaces, measured with shaped advances.
//! Subsets hold the glyph ids the shaper produced; each font's ToUnicode
//! CMap maps a glyph to the logical text it first showed (a ligature to
//! all its letters), and a cluster the map cannot give back (several
//! glyphs, or a glyph shared by different text) is wrapped in /ActualText,
//! so `pdftotext` and screen readers get logical text. Latin text is
//! shaped without kerning or ligatures: its advances are the plain ones
//! the English form was always laid out with, so English output did not
//! change. Right-to-left forms are mirrored: text is right-aligned, boxes
//! keep their widths, checkboxes and radio buttons sit right of their
//! labels, the footer swaps sides, typed text is right-aligned (/Q 2), and
//! the catalog has /ViewerPreferences /Direction /R2L.
//!
//! # Typed text (/DA) in other scripts
//!
//! The AcroForm keeps Helvetica in /DA and /DR for every language. The
//! embedded fonts are subsets holding only the glyphs the printed words
//! use: offered in /DR, viewers would draw a family's typed Urdu with
//! them and show empty boxes for every letter the subset lacks. Embedding
//! the whole Naskh pair instead would add the two TTFs (357 KB before
//! compression) to every Urdu PDF to serve typing. Viewers that fill
//! forms generally draw typed text with a font of their own that has the
//! script when the /DA font lacks a character (not verified here for each
//! viewer), and the value (/V) is Unicode whatever font shows it: the
//! tests fill Urdu with pypdf and read it back. Paper copies are filled
//! by hand.
//!
//! # Other choices
//!
//! - Field borders are printed page content (artifacts), not part of the
//!   widgets, so they survive viewers that regenerate field appearances
//!   and show on paper whether or not the form was filled in.
//! - Field tooltips (/TU) are the label with the form's "(optional)" words:
//!   the hint is tagged text beside the widget in the structure tree.

mod compose;
mod content;
mod fields;
mod font;
mod hash;
mod layout;
mod meta;
mod shape;
mod tags;

use std::collections::HashSet;

use pdf_writer::types::{Direction as PageOrder, TabOrder};
use pdf_writer::writers::Form;
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, TextStr};

use serde::Deserialize;

use content::Footer;
use fields::Spot;
use font::Font;
use layout::{Page, Placed, PAGE_HEIGHT, PAGE_WIDTH};
use shape::FontSet;

/// A regular and a bold TrueType font file; the caller loads them.
pub struct Fonts {
    /// Shared with the theme: a font is hundreds of kilobytes, and every
    /// rebuild under `serve` hands the pair to the form again.
    pub regular: std::sync::Arc<Vec<u8>>,
    pub bold: std::sync::Arc<Vec<u8>>,
}

/// The direction a form's lines run in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

/// Everything the engine writes in words of its own; the caller fills it
/// in the form's language. See the module doc for the placeholders.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfWords {
    /// An optional question's label: "{label} (optional)".
    pub optional: String,
    /// Leads the inset saying where to send the form.
    pub send_to: String,
    /// "Form generated on {date}".
    pub generated_on: String,
    /// Heading of the closing section.
    pub privacy_notice: String,
    /// Footer: "Page {page} of {pages}".
    pub page_of: String,
    /// Caption above the title: "{name} cluster" (just the name if it
    /// already ends with the words after `{name}`).
    pub cluster: String,
}

impl PdfWords {
    /// The English wording the form has always had.
    pub fn english() -> Self {
        Self {
            optional: "{label} (optional)".into(),
            send_to: "Send the completed form to:".into(),
            generated_on: "Form generated on {date}".into(),
            privacy_notice: "Privacy notice".into(),
            page_of: "Page {page} of {pages}".into(),
            cluster: "{name} cluster".into(),
        }
    }

    /// Each template with the placeholders it must keep.
    fn templates(&self) -> [(&'static str, &str, &'static [&'static str]); 4] {
        [
            ("optional", &self.optional, &["{label}"]),
            ("generated_on", &self.generated_on, &["{date}"]),
            ("page_of", &self.page_of, &["{page}", "{pages}"]),
            ("cluster", &self.cluster, &["{name}"]),
        ]
    }
}

impl Default for PdfWords {
    fn default() -> Self {
        Self::english()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Multiline,
    Date,
    Email,
    Phone,
    Checkbox,
    Choice,
}

#[derive(Clone, Debug, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfField {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    pub kind: FieldKind,
    #[serde(default = "yes")]
    pub required: bool,
    /// Choice only: one radio button per option.
    #[serde(default)]
    pub options: Vec<String>,
    /// Multiline only: visible lines; 0 means the default of 4.
    #[serde(default)]
    pub lines: u32,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSection {
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    pub fields: Vec<PdfField>,
}

/// A whole form in one language; deserialisable, so a translated form
/// can live in a data file (see `tests/fixtures/pdf-languages/`).
#[derive(Clone, Debug, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfForm {
    /// E.g. "Request for support: Inner East cluster".
    pub title: String,
    /// E.g. "Inner East".
    pub cluster_name: String,
    /// BCP 47, e.g. "en-GB", "pl", "ur": the catalog's /Lang.
    pub lang: String,
    /// Right-to-left forms are mirrored (see the module doc).
    #[serde(default)]
    pub direction: Direction,
    /// The engine's own wording, in the form's language (required in a
    /// data file, so a translation never falls back to English unseen).
    pub words: PdfWords,
    /// Paragraphs under the title.
    #[serde(default)]
    pub intro: Vec<String>,
    /// Lines saying where to send the form.
    #[serde(default)]
    pub send_to: Vec<String>,
    /// E.g. "23 November 2026"; from content, so output is deterministic.
    pub generated_on: String,
    pub sections: Vec<PdfSection>,
    /// Paragraphs under a closing "Privacy notice" heading.
    #[serde(default)]
    pub privacy_notice: Vec<String>,
}

/// Writes the form as PDF bytes with the Latin fonts only; byte-identical
/// for identical input.
///
/// # Errors
///
/// As [`write_pdf_with_script`].
pub fn write_pdf(form: &PdfForm, fonts: &Fonts) -> Result<Vec<u8>, String> {
    write_pdf_with_script(form, fonts, None)
}

/// Writes the form as PDF bytes: `latin` draws Latin text, `script` (if
/// any) the right-to-left script of the form's language (see the module
/// doc). Byte-identical for identical input.
///
/// # Errors
///
/// A message if a font cannot be parsed or subset, or the form is
/// invalid: an empty, duplicate or dotted field id, a choice without
/// options, an empty language, or words that lost a placeholder.
pub fn write_pdf_with_script(
    form: &PdfForm,
    latin: &Fonts,
    script: Option<&Fonts>,
) -> Result<Vec<u8>, String> {
    validate(form)?;
    let script = match script {
        Some(s) => Some([
            Font::new(&s.regular, "script regular", false)?,
            Font::new(&s.bold, "script bold", false)?,
        ]),
        None => None,
    };
    let mut fonts = FontSet {
        latin: [
            Font::new(&latin.regular, "regular", true)?,
            Font::new(&latin.bold, "bold", true)?,
        ],
        script,
        rtl: form.direction == Direction::Rtl,
        language: form.lang.parse().ok(),
        widths: shape::Widths::default(),
    };
    let composed = compose::compose(form);
    let pages = layout::paginate(&fonts, &composed.blocks, fonts.rtl);
    let mut tree = composed.tree;

    let mut pdf = Pdf::new();
    let mut refs = Refs::new();
    let [catalog, page_tree, acroform, helvetica, info, metadata] = refs.many();
    let page_refs: Vec<Ref> = pages.iter().map(|_| refs.next()).collect();

    let streams = draw_pages(form, &pages, &mut fonts, &mut tree);
    let all_fields: Vec<&PdfField> = form.sections.iter().flat_map(|s| &s.fields).collect();
    let spots = widget_spots(&pages, composed.widgets.len())?;
    let written = fields::write(
        &mut pdf,
        &mut refs,
        &mut tree,
        &fields::Context {
            fields: &all_fields,
            widgets: &composed.widgets,
            spots: &spots,
            pages: &page_refs,
            words: &form.words,
            rtl: fonts.rtl,
        },
    );
    // The Latin pair always (as before), the script pair when drawn with.
    let mut font_refs = Vec::new();
    for (i, font) in fonts.all().enumerate() {
        if i < 2 || font.is_used() {
            font_refs.push((content::FONT_NAMES[i], font.write(&mut pdf, &mut refs)?));
        }
    }
    for (i, stream) in streams.iter().enumerate() {
        let page = PageRefs {
            id: page_refs[i],
            parent: page_tree,
            contents: refs.next(),
            fonts: &font_refs,
            key: tree.page_key(i),
        };
        write_page(&mut pdf, &page, stream, &written.page_annots[i]);
    }
    pdf.pages(page_tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    let struct_root = tree.write(&mut pdf, &mut refs, &page_refs);

    write_acroform(&mut pdf, acroform, helvetica, &written.root_fields);
    fields::write_helvetica(&mut pdf, helvetica);
    write_catalog(
        &mut pdf,
        form,
        [catalog, page_tree, acroform, metadata, struct_root],
    );
    meta::write_info(&mut pdf, info, &form.title);
    let xmp = meta::xmp(&form.title, &form.lang);
    pdf.metadata(metadata, xmp.as_bytes());

    // A fixed /ID derived from everything written so far.
    let id = hash::digest16(pdf.as_bytes());
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// Hands out object numbers in order, so numbering is deterministic.
struct Refs {
    next: i32,
}

impl Refs {
    fn new() -> Self {
        Self { next: 1 }
    }

    fn next(&mut self) -> Ref {
        let id = Ref::new(self.next);
        self.next += 1;
        id
    }

    fn many<const N: usize>(&mut self) -> [Ref; N] {
        std::array::from_fn(|_| self.next())
    }
}

/// Flate at the default level: within 1% of the highest level's size, at about
/// half its time; deterministic.
fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn validate(form: &PdfForm) -> Result<(), String> {
    if form.lang.trim().is_empty() {
        return Err("form language is empty".into());
    }
    for (name, text, placeholders) in form.words.templates() {
        for p in placeholders {
            if !text.contains(p) {
                return Err(format!(
                    "the words' {name} {text:?} lacks {p}: keep it where the value goes"
                ));
            }
        }
    }
    let mut seen = HashSet::new();
    for field in form.sections.iter().flat_map(|s| &s.fields) {
        let id = &field.id;
        // "." separates parts of qualified field names in PDF.
        if id.is_empty() || id.contains('.') || id.chars().any(char::is_control) {
            return Err(format!(
                "invalid field id {id:?}: must be non-empty, without '.'"
            ));
        }
        if !seen.insert(id.as_str()) {
            return Err(format!("duplicate field id {id:?}"));
        }
        if field.kind == FieldKind::Choice && field.options.is_empty() {
            return Err(format!("choice field {id:?} has no options"));
        }
    }
    Ok(())
}

fn draw_pages(
    form: &PdfForm,
    pages: &[Page],
    fonts: &mut FontSet,
    tree: &mut tags::Tree,
) -> Vec<Vec<u8>> {
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let page_of = form
                .words
                .page_of
                .replace("{pages}", &pages.len().to_string())
                .replace("{page}", &(i + 1).to_string());
            let footer = Footer {
                title: &form.title,
                page_of: &page_of,
            };
            content::draw_page(page, i, &footer, fonts, tree)
        })
        .collect()
}

/// Where each widget ended up, indexed by widget.
fn widget_spots(pages: &[Page], count: usize) -> Result<Vec<Spot>, String> {
    let mut spots: Vec<Option<Spot>> = vec![None; count];
    for (page, p) in pages.iter().enumerate() {
        for item in &p.items {
            if let Placed::Widget { widget, rect, .. } = item {
                spots[*widget] = Some(Spot { page, rect: *rect });
            }
        }
    }
    spots
        .into_iter()
        .map(|s| s.ok_or_else(|| "internal error: a field was not laid out".to_string()))
        .collect()
}

struct PageRefs<'a> {
    id: Ref,
    parent: Ref,
    contents: Ref,
    fonts: &'a [(Name<'static>, Ref)],
    key: i32,
}

fn write_page(pdf: &mut Pdf, p: &PageRefs, stream: &[u8], annots: &[Ref]) {
    let mut page = pdf.page(p.id);
    page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
        .parent(p.parent)
        .contents(p.contents)
        .struct_parents(p.key)
        .tab_order(TabOrder::StructureOrder);
    if !annots.is_empty() {
        page.annotations(annots.iter().copied());
    }
    page.resources().fonts().pairs(p.fonts.iter().copied());
    page.finish();
    pdf.stream(p.contents, &deflate(stream))
        .filter(Filter::FlateDecode);
}

fn write_acroform(pdf: &mut Pdf, id: Ref, helvetica: Ref, fields: &[Ref]) {
    let mut form = pdf.indirect(id).start::<Form>();
    form.fields(fields.iter().copied())
        .default_appearance(fields::default_appearance());
    // We ship real appearance streams for every widget.
    form.pair(Name(b"NeedAppearances"), false);
    form.default_resources()
        .fonts()
        .pair(fields::HELV, helvetica);
}

/// `[catalog, page tree, AcroForm, metadata, StructTreeRoot]`.
fn write_catalog(
    pdf: &mut Pdf,
    form: &PdfForm,
    [id, pages, acroform, metadata, structure]: [Ref; 5],
) {
    let mut cat = pdf.catalog(id);
    cat.pages(pages)
        .lang(TextStr(&form.lang))
        .metadata(metadata);
    let mut prefs = cat.viewer_preferences();
    prefs.display_doc_title(true);
    if form.direction == Direction::Rtl {
        prefs.direction(PageOrder::R2L);
    }
    prefs.finish();
    cat.mark_info().marked(true);
    cat.pair(Name(b"StructTreeRoot"), structure);
    cat.pair(Name(b"AcroForm"), acroform);
}
