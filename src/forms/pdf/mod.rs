//! A fillable, tagged, accessible A4 PDF version of a referral form.
//!
//! [`write_pdf`] composes the form into blocks, lays them out on pages,
//! draws tagged content, then writes fields, the structure tree, the font
//! subsets and the metadata. Output depends on the input only.
//!
//! Choices worth knowing:
//! - Field borders are printed page content (artifacts), not part of the
//!   widgets, so they survive viewers that regenerate field appearances
//!   and show on paper whether or not the form was filled in.
//! - Typed text uses Helvetica via the AcroForm /DA and /DR: the embedded
//!   fonts are subsets holding only the glyphs the labels use.
//! - Fixed English wording: "(optional)", "Send the completed form to:",
//!   "Form generated on", "Privacy notice", "Page N of M".

mod compose;
mod content;
mod fields;
mod font;
mod hash;
mod layout;
mod meta;
mod tags;

use std::collections::HashSet;

use pdf_writer::types::TabOrder;
use pdf_writer::writers::Form;
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, TextStr};

use content::Footer;
use fields::Spot;
use font::{Font, FontSet};
use layout::{Page, Placed, PAGE_HEIGHT, PAGE_WIDTH};

/// TrueType font files; the caller loads them.
pub struct Fonts {
    pub regular: Vec<u8>,
    pub bold: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Text,
    Multiline,
    Date,
    Email,
    Phone,
    Checkbox,
    Choice,
}

#[derive(Clone, Debug, Hash)]
pub struct PdfField {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub kind: FieldKind,
    pub required: bool,
    /// Choice only: one radio button per option.
    pub options: Vec<String>,
    /// Multiline only: visible lines; 0 means the default of 4.
    pub lines: u32,
}

#[derive(Clone, Debug, Hash)]
pub struct PdfSection {
    pub title: String,
    pub intro: Option<String>,
    pub fields: Vec<PdfField>,
}

#[derive(Clone, Debug, Hash)]
pub struct PdfForm {
    /// E.g. "Request for support: Inner East cluster".
    pub title: String,
    /// E.g. "Inner East".
    pub cluster_name: String,
    /// BCP 47, e.g. "en-GB".
    pub lang: String,
    /// Paragraphs under the title.
    pub intro: Vec<String>,
    /// Lines saying where to send the form.
    pub send_to: Vec<String>,
    /// E.g. "23 November 2026"; from content, so output is deterministic.
    pub generated_on: String,
    pub sections: Vec<PdfSection>,
    /// Paragraphs under a closing "Privacy notice" heading.
    pub privacy_notice: Vec<String>,
}

/// Writes the form as PDF bytes; byte-identical for identical input.
///
/// # Errors
///
/// A message if a font cannot be parsed or subset, or the form is
/// invalid: an empty, duplicate or dotted field id, a choice without
/// options, or an empty language.
pub fn write_pdf(form: &PdfForm, fonts: &Fonts) -> Result<Vec<u8>, String> {
    validate(form)?;
    let mut fonts = FontSet {
        regular: Font::new(&fonts.regular, "regular")?,
        bold: Font::new(&fonts.bold, "bold")?,
    };
    let composed = compose::compose(form);
    let pages = layout::paginate(&fonts, &composed.blocks);
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
        },
    );
    let font_refs = [
        fonts.regular.write(&mut pdf, &mut refs)?,
        fonts.bold.write(&mut pdf, &mut refs)?,
    ];
    for (i, stream) in streams.iter().enumerate() {
        let page = PageRefs {
            id: page_refs[i],
            parent: page_tree,
            contents: refs.next(),
            fonts: font_refs,
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
            let footer = Footer {
                left: &form.title,
                page: i + 1,
                pages: pages.len(),
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

struct PageRefs {
    id: Ref,
    parent: Ref,
    contents: Ref,
    fonts: [Ref; 2],
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
    page.resources()
        .fonts()
        .pair(content::REGULAR, p.fonts[0])
        .pair(content::BOLD, p.fonts[1]);
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
    cat.viewer_preferences().display_doc_title(true);
    cat.mark_info().marked(true);
    cat.pair(Name(b"StructTreeRoot"), structure);
    cat.pair(Name(b"AcroForm"), acroform);
}
