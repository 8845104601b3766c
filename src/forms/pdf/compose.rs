//! Turns a [`PdfForm`] into layout blocks, the structure tree skeleton and
//! the list of widgets, all in reading order.

use pdf_writer::types::StructRole;

use super::layout::{Block, Item, Shape, Style, CONTENT_WIDTH, TICK_BOX};
use super::tags::Tree;
use super::{FieldKind, PdfField, PdfForm, PdfWords};

/// Height of a single-line text box.
const TEXT_BOX: f32 = 28.0;
/// Height per visible line of a multiline box: room to write by hand.
const HAND_LINE: f32 = 18.0;
/// A multiline box never grows beyond what fits on one page.
const MAX_LINES: u32 = 30;
const DEFAULT_LINES: u32 = 4;
/// Indent of a checkbox hint, to line up with the checkbox text.
const OPTION_HINT_INDENT: f32 = TICK_BOX + 10.0;

/// One widget annotation: a whole field, or one option of a choice.
pub struct Widget {
    pub field: usize,
    pub option: Option<usize>,
}

pub struct Composed {
    pub blocks: Vec<Block>,
    pub tree: Tree,
    pub widgets: Vec<Widget>,
}

pub fn compose(form: &PdfForm) -> Composed {
    let mut c = Composer {
        blocks: Vec::new(),
        tree: Tree::new(),
        widgets: Vec::new(),
    };
    c.header(form);
    let mut index = 0;
    for section in &form.sections {
        let sect = c.section_start(&section.title);
        if let Some(intro) = &section.intro {
            let elem = c.tree.add(sect, StructRole::P);
            let mut block = text_block(Style::Body, intro, elem, 12.0);
            // An intro belongs with the first question below it.
            block.keep_with_next = true;
            c.push(block);
        }
        for field in &section.fields {
            c.field(sect, index, field, &form.words);
            index += 1;
        }
    }
    if !form.privacy_notice.is_empty() {
        let sect = c.section_start(&form.words.privacy_notice);
        for para in &form.privacy_notice {
            c.paragraph(sect, Style::Body, para, 12.0);
        }
    }
    Composed {
        blocks: c.blocks,
        tree: c.tree,
        widgets: c.widgets,
    }
}

/// The label as printed and as the tooltip: GOV.UK marks optional
/// questions rather than required ones.
pub fn field_label(field: &PdfField, words: &PdfWords) -> String {
    if field.required {
        field.label.clone()
    } else {
        words.optional.replace("{label}", &field.label)
    }
}

fn text_item(style: Style, text: &str, elem: usize) -> Item {
    Item::Text {
        style,
        text: text.to_string(),
        elem,
        indent: 0.0,
    }
}

fn text_block(style: Style, text: &str, elem: usize, space_before: f32) -> Block {
    Block {
        items: vec![text_item(style, text, elem)],
        space_before,
        splittable: true,
        ..Block::default()
    }
}

/// "{name} cluster", or the name alone when it already ends with what
/// the words put after it ("Inner East Cluster").
fn cluster_caption(name: &str, words: &PdfWords) -> String {
    let after = words.cluster.split("{name}").nth(1).unwrap_or("").trim();
    if !after.is_empty() && name.to_lowercase().ends_with(&after.to_lowercase()) {
        name.to_string()
    } else {
        words.cluster.replace("{name}", name)
    }
}

struct Composer {
    blocks: Vec<Block>,
    tree: Tree,
    widgets: Vec<Widget>,
}

impl Composer {
    fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// A paragraph element and its block; blank text makes neither, since
    /// empty structure elements confuse assistive technology.
    fn paragraph(&mut self, parent: usize, style: Style, text: &str, space: f32) {
        if text.trim().is_empty() {
            return;
        }
        let elem = self.tree.add(parent, StructRole::P);
        self.push(text_block(style, text, elem, space));
    }

    fn header(&mut self, form: &PdfForm) {
        let root = Tree::ROOT;
        self.paragraph(
            root,
            Style::Caption,
            &cluster_caption(&form.cluster_name, &form.words),
            0.0,
        );
        let h1 = self.tree.add(root, StructRole::H1);
        let mut title = text_block(Style::Title, &form.title, h1, 4.0);
        title.keep_with_next = true;
        self.push(title);
        for para in &form.intro {
            self.paragraph(root, Style::Body, para, 12.0);
        }
        self.send_to(&form.send_to, &form.words.send_to);
        let generated = form
            .words
            .generated_on
            .replace("{date}", &form.generated_on);
        self.paragraph(root, Style::Hint, &generated, 14.0);
    }

    /// "Where to send this form" as GOV.UK inset text.
    fn send_to(&mut self, lines: &[String], lead_text: &str) {
        let lines: Vec<&String> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
        if lines.is_empty() {
            return;
        }
        let div = self.tree.add(Tree::ROOT, StructRole::Div);
        let lead = self.tree.add(div, StructRole::P);
        let mut items = vec![text_item(Style::Label, lead_text, lead)];
        for line in lines {
            let elem = self.tree.add(div, StructRole::P);
            items.push(text_item(Style::Body, line, elem));
        }
        self.push(Block {
            items,
            space_before: 16.0,
            inset: true,
            ..Block::default()
        });
    }

    /// A section break rule and heading, kept with what follows.
    fn section_start(&mut self, title: &str) -> usize {
        self.push(Block {
            items: vec![Item::Rule],
            space_before: 26.0,
            keep_with_next: true,
            ..Block::default()
        });
        let sect = self.tree.add(Tree::ROOT, StructRole::Sect);
        let h2 = self.tree.add(sect, StructRole::H2);
        let mut heading = text_block(Style::Heading, title, h2, 16.0);
        heading.keep_with_next = true;
        self.push(heading);
        sect
    }

    fn widget(&mut self, div: usize, field: usize, option: Option<usize>) -> usize {
        let (_, key) = self.tree.add_widget(div);
        self.widgets.push(Widget { field, option });
        key
    }

    /// `index` counts fields across all sections.
    fn field(&mut self, sect: usize, index: usize, field: &PdfField, words: &PdfWords) {
        let div = self.tree.add(sect, StructRole::Div);
        let label = field_label(field, words);
        let items = match field.kind {
            FieldKind::Checkbox => self.checkbox(div, index, field, label),
            FieldKind::Choice => self.choice(div, index, field, &label),
            _ => self.text_field(div, index, field, &label),
        };
        self.push(Block {
            items,
            space_before: 18.0,
            ..Block::default()
        });
    }

    /// Label and hint above the box, as GOV.UK does.
    fn label_and_hint(&mut self, div: usize, field: &PdfField, label: &str) -> Vec<Item> {
        let elem = self.tree.add(div, StructRole::P);
        let mut items = vec![text_item(Style::Label, label, elem)];
        if let Some(hint) = field.hint.as_deref().filter(|h| !h.trim().is_empty()) {
            let elem = self.tree.add(div, StructRole::P);
            items.push(Item::Gap(2.0));
            items.push(text_item(Style::Hint, hint, elem));
        }
        items.push(Item::Gap(6.0));
        items
    }

    fn text_field(&mut self, div: usize, index: usize, field: &PdfField, label: &str) -> Vec<Item> {
        let mut items = self.label_and_hint(div, field, label);
        let widget = self.widget(div, index, None);
        let (width, height) = match field.kind {
            FieldKind::Date => (160.0, TEXT_BOX),
            FieldKind::Phone => (240.0, TEXT_BOX),
            FieldKind::Multiline => {
                let lines = if field.lines == 0 {
                    DEFAULT_LINES
                } else {
                    field.lines.min(MAX_LINES)
                };
                (CONTENT_WIDTH, lines as f32 * HAND_LINE + 10.0)
            }
            _ => (CONTENT_WIDTH, TEXT_BOX),
        };
        items.push(Item::Field {
            widget,
            width,
            height,
        });
        items
    }

    /// A single checkbox: its label sits beside the box.
    fn checkbox(&mut self, div: usize, index: usize, field: &PdfField, label: String) -> Vec<Item> {
        let widget = self.widget(div, index, None);
        let elem = self.tree.add(div, StructRole::P);
        let mut items = vec![Item::Option {
            widget,
            shape: Shape::Square,
            text: label,
            elem,
        }];
        if let Some(hint) = field.hint.as_deref().filter(|h| !h.trim().is_empty()) {
            let elem = self.tree.add(div, StructRole::P);
            items.push(Item::Text {
                style: Style::Hint,
                text: hint.to_string(),
                elem,
                indent: OPTION_HINT_INDENT,
            });
        }
        items
    }

    /// Radio buttons: the question above, one button per option.
    fn choice(&mut self, div: usize, index: usize, field: &PdfField, label: &str) -> Vec<Item> {
        let mut items = self.label_and_hint(div, field, label);
        for (i, option) in field.options.iter().enumerate() {
            let widget = self.widget(div, index, Some(i));
            let elem = self.tree.add(div, StructRole::P);
            items.push(Item::Option {
                widget,
                shape: Shape::Circle,
                text: option.clone(),
                elem,
            });
        }
        items
    }
}
