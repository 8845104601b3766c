//! AcroForm fields, their widget annotations and appearance streams.
//!
//! Field borders are printed on the page (see `content`), so the normal
//! appearances only carry what changes with the value: nothing for text
//! fields, a tick or a dot for checkboxes and radio buttons.

use pdf_writer::types::{AnnotationFlags, CheckBoxState, FieldFlags, FieldType, Quadding};
use pdf_writer::writers::{Annotation, Appearance, Field};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::compose::{field_label, Widget};
use super::content::{circle, round_pen, BORDER, INK};
use super::layout::TICK_BOX;
use super::tags::Tree;
use super::{FieldKind, PdfField, PdfWords, Refs};

/// Default appearance for typed text: Helvetica, which every viewer has
/// with full Latin coverage (the embedded fonts are subsets; see the
/// module doc of `pdf` for other scripts).
pub const HELV: Name = Name(b"Helv");
const TEXT_DA: &[u8] = b"/Helv 11 Tf 0 g";
const ON: Name = Name(b"Yes");
const OFF: Name = Name(b"Off");
/// Pressed-state fill (#f3f2f1, GOV.UK light grey).
const PRESSED: f32 = 0.953;

/// Where layout put a widget.
#[derive(Clone, Copy)]
pub struct Spot {
    pub page: usize,
    pub rect: [f32; 4],
}

/// Everything the catalog and pages need to know afterwards.
pub struct Written {
    pub root_fields: Vec<Ref>,
    pub page_annots: Vec<Vec<Ref>>,
}

/// The four appearance streams shared by all boxes of one kind.
struct States {
    on: Ref,
    off: Ref,
    down_on: Ref,
    down_off: Ref,
}

pub struct Context<'a> {
    pub fields: &'a [&'a PdfField],
    pub widgets: &'a [Widget],
    pub spots: &'a [Spot],
    pub pages: &'a [Ref],
    pub words: &'a PdfWords,
    /// Right-to-left forms right-align typed text (/Q 2).
    pub rtl: bool,
}

pub fn write(pdf: &mut Pdf, refs: &mut Refs, tree: &mut Tree, cx: &Context) -> Written {
    let check = write_states(pdf, refs, Mark::Tick);
    let radio = write_states(pdf, refs, Mark::Dot);
    let mut w = FieldWriter {
        pdf,
        refs,
        tree,
        cx,
        out: Written {
            root_fields: Vec::new(),
            page_annots: vec![Vec::new(); cx.pages.len()],
        },
    };
    for (index, field) in cx.fields.iter().enumerate() {
        let keys: Vec<usize> = (0..cx.widgets.len())
            .filter(|&k| cx.widgets[k].field == index)
            .collect();
        let root = match field.kind {
            FieldKind::Choice => w.radio_group(field, &keys, &radio),
            FieldKind::Checkbox => w.checkbox(field, keys[0], &check),
            _ => w.text_field(field, keys[0]),
        };
        w.out.root_fields.push(root);
    }
    w.out
}

/// The Helvetica font the default appearances refer to.
pub fn write_helvetica(pdf: &mut Pdf, id: Ref) {
    pdf.type1_font(id)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
}

pub fn default_appearance() -> Str<'static> {
    Str(TEXT_DA)
}

fn rect_of(spot: Spot) -> Rect {
    let [x1, y1, x2, y2] = spot.rect;
    Rect::new(x1, y1, x2, y2)
}

fn base_flags(field: &PdfField) -> FieldFlags {
    if field.required {
        FieldFlags::REQUIRED
    } else {
        FieldFlags::empty()
    }
}

/// Writes the field-level entries every field has: name, tooltip, type.
fn name_field(
    writer: &mut Field,
    field: &PdfField,
    words: &PdfWords,
    kind: FieldType,
    flags: FieldFlags,
) {
    writer
        .partial_name(TextStr(&field.id))
        .alternate_name(TextStr(&field_label(field, words)))
        .field_type(kind)
        .field_flags(flags);
}

/// The annotation entries every widget has.
fn widget_entries(annot: &mut Annotation, key: usize, spot: Spot, page: Ref) {
    annot
        .rect(rect_of(spot))
        .flags(AnnotationFlags::PRINT)
        .page(page)
        .struct_parent(key as i32);
}

struct FieldWriter<'a, 'c> {
    pdf: &'a mut Pdf,
    refs: &'a mut Refs,
    tree: &'a mut Tree,
    cx: &'a Context<'c>,
    out: Written,
}

impl FieldWriter<'_, '_> {
    /// Registers the widget with its page and structure element.
    /// Returns where it goes and its page.
    fn place(&mut self, key: usize, id: Ref) -> (Spot, Ref) {
        let spot = self.cx.spots[key];
        self.out.page_annots[spot.page].push(id);
        self.tree.link_widget(key, spot.page, id);
        (spot, self.cx.pages[spot.page])
    }

    fn text_field(&mut self, field: &PdfField, key: usize) -> Ref {
        let [id, ap] = self.refs.many();
        let (spot, page) = self.place(key, id);
        let mut flags = base_flags(field);
        if field.kind == FieldKind::Multiline {
            flags |= FieldFlags::MULTILINE;
        }
        let mut writer = self.pdf.form_field(id);
        name_field(&mut writer, field, self.cx.words, FieldType::Text, flags);
        writer.vartext_default_appearance(Str(TEXT_DA));
        if self.cx.rtl {
            writer.vartext_quadding(Quadding::Right);
        }
        let mut annot = writer.into_annotation();
        widget_entries(&mut annot, key, spot, page);
        // No border colour (the page draws it), but its width tells viewers
        // that regenerate the appearance how far to inset the text.
        annot.border_style().width(BORDER);
        annot.appearance().normal().stream(ap);
        annot.finish();

        let [x1, y1, x2, y2] = spot.rect;
        // Marked /Tx so viewers know where the variable text goes.
        let mut empty = Content::new();
        empty.begin_marked_content(Name(b"Tx")).end_marked_content();
        self.pdf
            .form_xobject(ap, &empty.finish())
            .bbox(Rect::new(0.0, 0.0, x2 - x1, y2 - y1));
        id
    }

    fn checkbox(&mut self, field: &PdfField, key: usize, states: &States) -> Ref {
        let id = self.refs.next();
        let (spot, page) = self.place(key, id);
        let mut writer = self.pdf.form_field(id);
        name_field(
            &mut writer,
            field,
            self.cx.words,
            FieldType::Button,
            base_flags(field),
        );
        writer.checkbox_value(CheckBoxState::Off);
        let mut annot = writer.into_annotation();
        widget_entries(&mut annot, key, spot, page);
        annot.appearance_state(OFF);
        state_appearances(&mut annot.appearance(), ON, states);
        annot.finish();
        id
    }

    fn radio_group(&mut self, field: &PdfField, keys: &[usize], states: &States) -> Ref {
        let group = self.refs.next();
        let kids: Vec<Ref> = keys.iter().map(|_| self.refs.next()).collect();
        // Without NoToggleToOff an optional question can be cleared again.
        let mut flags = base_flags(field) | FieldFlags::RADIO;
        if field.required {
            flags |= FieldFlags::NO_TOGGLE_TO_OFF;
        }
        let mut writer = self.pdf.form_field(group);
        name_field(&mut writer, field, self.cx.words, FieldType::Button, flags);
        writer.radio_value(OFF).children(kids.iter().copied());
        // Readable export values (what assistive technology announces).
        writer.button_options(field.options.iter().map(|o| TextStr(o)));
        writer.finish();

        let exports = export_names(&field.options);
        for (&key, &kid) in keys.iter().zip(&kids) {
            let export = &exports[self.cx.widgets[key].option.unwrap_or(0)];
            let (spot, page) = self.place(key, kid);
            let mut annot = self.pdf.form_field(kid);
            annot.parent(group);
            let mut annot = annot.into_annotation();
            widget_entries(&mut annot, key, spot, page);
            annot.appearance_state(OFF);
            state_appearances(&mut annot.appearance(), Name(export.as_bytes()), states);
            annot.finish();
        }
        group
    }
}

/// /N and /D appearance dictionaries with an on state and /Off.
fn state_appearances(ap: &mut Appearance, on: Name, s: &States) {
    ap.normal().streams().pairs([(on, s.on), (OFF, s.off)]);
    ap.alternate()
        .streams()
        .pairs([(on, s.down_on), (OFF, s.down_off)]);
}

/// On-state names from option text: letters and digits (of any script)
/// joined by underscores, made unique; "Off" is reserved.
pub fn export_names(options: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let words: Vec<String> = option
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let mut name = words.join("_");
        if name.is_empty() || name == "Off" {
            name = format!("option_{}", i + 1);
        }
        let base = name.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

#[derive(Clone, Copy)]
enum Mark {
    Tick,
    Dot,
}

fn write_states(pdf: &mut Pdf, refs: &mut Refs, mark: Mark) -> States {
    let states = States {
        on: refs.next(),
        off: refs.next(),
        down_on: refs.next(),
        down_off: refs.next(),
    };
    let bbox = Rect::new(0.0, 0.0, TICK_BOX, TICK_BOX);
    for (id, pressed, on) in [
        (states.on, false, true),
        (states.off, false, false),
        (states.down_on, true, true),
        (states.down_off, true, false),
    ] {
        let stream = state_stream(mark, pressed, on);
        pdf.form_xobject(id, &stream).bbox(bbox);
    }
    states
}

fn state_stream(mark: Mark, pressed: bool, on: bool) -> Vec<u8> {
    let mut c = Content::new();
    let mid = TICK_BOX / 2.0;
    if pressed {
        c.set_fill_gray(PRESSED);
        match mark {
            Mark::Tick => {
                c.rect(
                    BORDER,
                    BORDER,
                    TICK_BOX - 2.0 * BORDER,
                    TICK_BOX - 2.0 * BORDER,
                );
            }
            Mark::Dot => circle(&mut c, mid, mid, mid - BORDER),
        }
        c.fill_nonzero();
    }
    if on {
        match mark {
            Mark::Tick => {
                c.set_stroke_rgb(INK.0, INK.1, INK.2);
                round_pen(&mut c, 2.5);
                c.move_to(5.0, 10.5);
                c.line_to(8.5, 6.5);
                c.line_to(15.0, 14.0);
                c.stroke();
            }
            Mark::Dot => {
                c.set_fill_rgb(INK.0, INK.1, INK.2);
                circle(&mut c, mid, mid, 5.0);
                c.fill_nonzero();
            }
        }
    }
    c.finish().to_vec()
}

#[cfg(test)]
mod tests {
    use super::export_names;

    #[test]
    fn export_names_are_readable_and_unique() {
        let options: Vec<String> = [
            "I am the parent or carer",
            "I work at the child's school",
            "I work at the child’s school",
            "Off",
            "!!",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            export_names(&options),
            [
                "I_am_the_parent_or_carer",
                "I_work_at_the_childs_school",
                "I_work_at_the_childs_school_2",
                "option_4",
                "option_5",
            ]
        );
    }
}
