//! Word wrapping by real glyph advances and pagination of blocks onto A4
//! pages. Knows nothing about PDF objects: it turns [`Block`]s into
//! positioned [`Placed`] items, in reading order, page by page.
//!
//! Lines break at spaces, measured by [`Measure`] (shaped advances). A
//! right-to-left form is laid out as a left-to-right one and then
//! mirrored: text ends at the right margin, boxes keep their widths,
//! checkboxes and the inset bar move to the right.

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 56.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Distance from the page top to the first line.
const MARGIN_TOP: f32 = 56.0;
/// Content stops this far above the page bottom, clear of the footer.
const MARGIN_BOTTOM: f32 = 72.0;
pub const FOOTER_BASELINE: f32 = 36.0;
/// Side of a checkbox or diameter of a radio button.
pub const TICK_BOX: f32 = 20.0;
/// Where option text starts, relative to its box.
const OPTION_TEXT_INDENT: f32 = 30.0;
const OPTION_GAP: f32 = 8.0;
/// Left bar width and text indent of inset blocks.
pub const INSET_BAR: f32 = 5.0;
const INSET_INDENT: f32 = 18.0;
/// Ascent and descent of the body font as fractions of the size (DejaVu).
const ASCENT: f32 = 0.93;
const DESCENT: f32 = 0.24;

/// Measures text; implemented by the font set.
pub trait Measure {
    fn text_width(&self, bold: bool, size: f32, text: &str) -> f32;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Caption,
    Title,
    Heading,
    Body,
    Label,
    Hint,
    Footer,
}

impl Style {
    pub fn size(self) -> f32 {
        match self {
            Style::Caption => 16.0,
            Style::Title => 24.0,
            Style::Heading => 18.0,
            Style::Body | Style::Label => 12.0,
            Style::Hint => 11.0,
            Style::Footer => 10.0,
        }
    }

    pub fn bold(self) -> bool {
        matches!(self, Style::Title | Style::Heading | Style::Label)
    }

    /// Secondary text is grey (GOV.UK's #505a5f, 7:1 contrast on white).
    pub fn grey(self) -> bool {
        matches!(self, Style::Caption | Style::Hint | Style::Footer)
    }

    fn leading(self) -> f32 {
        let factor = if matches!(self, Style::Title | Style::Heading) {
            1.2
        } else {
            1.35
        };
        self.size() * factor
    }

    fn width(self, m: &dyn Measure, text: &str) -> f32 {
        m.text_width(self.bold(), self.size(), text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A text box: its height comes from the item.
    Rect,
    Square,
    Circle,
}

/// Something stacked vertically inside a block. `elem` and `widget` are
/// the caller's ids, handed back on the placed items.
pub enum Item {
    Text {
        style: Style,
        text: String,
        elem: usize,
        indent: f32,
    },
    Field {
        widget: usize,
        width: f32,
        height: f32,
    },
    /// A checkbox or radio button with its text beside it.
    Option {
        widget: usize,
        shape: Shape,
        text: String,
        elem: usize,
    },
    Gap(f32),
    Rule,
}

#[derive(Default)]
pub struct Block {
    pub items: Vec<Item>,
    pub space_before: f32,
    /// Headings (and what must follow them) move to the next page together.
    pub keep_with_next: bool,
    /// Paragraphs may break between lines; fields never leave their label.
    pub splittable: bool,
    /// GOV.UK "inset text": indented with a grey bar on the left.
    pub inset: bool,
}

/// Positioned output, in PDF coordinates (origin bottom left).
#[derive(Clone, Debug, PartialEq)]
pub enum Placed {
    /// `y` is the baseline.
    Text {
        style: Style,
        x: f32,
        y: f32,
        text: String,
        elem: usize,
    },
    /// `rect` is `[x1, y1, x2, y2]`.
    Widget {
        widget: usize,
        rect: [f32; 4],
        shape: Shape,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
    Bar {
        x: f32,
        y1: f32,
        y2: f32,
    },
}

impl Placed {
    /// Moves an item laid out with `y` measured down from a row's top to
    /// PDF coordinates for a row whose top is `top` below the page top.
    fn at(&self, top: f32) -> Placed {
        let y = |dy: f32| PAGE_HEIGHT - top - dy;
        match self.clone() {
            Placed::Text {
                style,
                x,
                y: dy,
                text,
                elem,
            } => Placed::Text {
                style,
                x,
                y: y(dy),
                text,
                elem,
            },
            Placed::Widget {
                widget,
                rect: [x1, top_dy, x2, bottom_dy],
                shape,
            } => Placed::Widget {
                widget,
                rect: [x1, y(bottom_dy), x2, y(top_dy)],
                shape,
            },
            Placed::Rule { x1, x2, y: dy } => Placed::Rule { x1, x2, y: y(dy) },
            Placed::Bar { x, y1, y2 } => Placed::Bar {
                x,
                y1: y(y2),
                y2: y(y1),
            },
        }
    }
}

#[derive(Default)]
pub struct Page {
    pub items: Vec<Placed>,
}

/// The smallest unit that is never split across pages.
struct Row {
    height: f32,
    parts: Vec<Placed>,
}

/// Breaks `text` into lines no wider than `width`. Explicit newlines are
/// kept; a word wider than the line is broken between characters.
pub fn wrap(m: &dyn Measure, style: Style, text: &str, width: f32) -> Vec<String> {
    let space = style.width(m, " ");
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in para.split_whitespace() {
            for piece in split_long_word(m, style, word, width) {
                let w = style.width(m, &piece);
                if !line.is_empty() && line_width + space + w <= width {
                    line.push(' ');
                    line.push_str(&piece);
                    line_width += space + w;
                } else {
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    line = piece;
                    line_width = w;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

fn split_long_word(m: &dyn Measure, style: Style, word: &str, width: f32) -> Vec<String> {
    if style.width(m, word) <= width {
        return vec![word.to_string()];
    }
    let mut pieces = vec![String::new()];
    for c in word.chars() {
        let last = pieces.last_mut().expect("never empty");
        last.push(c);
        if last.chars().count() > 1 && style.width(m, last) > width {
            last.pop();
            pieces.push(c.to_string());
        }
    }
    pieces
}

/// Ends every line but the last with a space, so that text extracted
/// from the tags (what screen readers read) keeps words apart.
fn with_break_spaces(mut lines: Vec<String>) -> Vec<String> {
    let count = lines.len();
    for line in lines.iter_mut().take(count.saturating_sub(1)) {
        line.push(' ');
    }
    lines
}

/// Baseline of a line, measured down from the top of its line box.
fn baseline(style: Style) -> f32 {
    let size = style.size();
    (style.leading() - (ASCENT + DESCENT) * size) / 2.0 + ASCENT * size
}

fn text_rows(m: &dyn Measure, style: Style, text: &str, indent: f32, elem: usize) -> Vec<Row> {
    with_break_spaces(wrap(m, style, text, CONTENT_WIDTH - indent))
        .into_iter()
        .map(|line| Row {
            height: style.leading(),
            parts: vec![Placed::Text {
                style,
                x: MARGIN_X + indent,
                y: baseline(style),
                text: line,
                elem,
            }],
        })
        .collect()
}

fn option_row(m: &dyn Measure, widget: usize, shape: Shape, text: &str, elem: usize) -> Row {
    let style = Style::Body;
    let lines = with_break_spaces(wrap(m, style, text, CONTENT_WIDTH - OPTION_TEXT_INDENT));
    // Centre the first line's x-height on the box.
    let first = TICK_BOX / 2.0 + 0.35 * style.size();
    let mut parts = vec![Placed::Widget {
        widget,
        rect: [MARGIN_X, 0.0, MARGIN_X + TICK_BOX, TICK_BOX],
        shape,
    }];
    let count = lines.len().max(1) as f32;
    parts.extend(lines.into_iter().enumerate().map(|(i, line)| Placed::Text {
        style,
        x: MARGIN_X + OPTION_TEXT_INDENT,
        y: first + i as f32 * style.leading(),
        text: line,
        elem,
    }));
    let text_bottom = first + (count - 1.0) * style.leading() + DESCENT * style.size();
    Row {
        height: TICK_BOX.max(text_bottom) + OPTION_GAP,
        parts,
    }
}

fn item_rows(m: &dyn Measure, item: &Item, indent: f32) -> Vec<Row> {
    match item {
        Item::Text {
            style,
            text,
            elem,
            indent: own,
        } => text_rows(m, *style, text, indent + own, *elem),
        Item::Field {
            widget,
            width,
            height,
        } => vec![Row {
            height: *height,
            parts: vec![Placed::Widget {
                widget: *widget,
                rect: [MARGIN_X, 0.0, MARGIN_X + width.min(CONTENT_WIDTH), *height],
                shape: Shape::Rect,
            }],
        }],
        Item::Option {
            widget,
            shape,
            text,
            elem,
        } => vec![option_row(m, *widget, *shape, text, *elem)],
        Item::Gap(height) => vec![Row {
            height: *height,
            parts: Vec::new(),
        }],
        Item::Rule => vec![Row {
            height: 1.0,
            parts: vec![Placed::Rule {
                x1: MARGIN_X,
                x2: MARGIN_X + CONTENT_WIDTH,
                y: 0.5,
            }],
        }],
    }
}

/// Rows of a block; inset blocks get padding and a bar segment on every
/// row, so the bar stays whole however the block is split.
fn block_rows(m: &dyn Measure, block: &Block) -> Vec<Row> {
    let indent = if block.inset { INSET_INDENT } else { 0.0 };
    let mut rows: Vec<Row> = block
        .items
        .iter()
        .flat_map(|item| item_rows(m, item, indent))
        .collect();
    if block.inset {
        let pad = || Row {
            height: 6.0,
            parts: Vec::new(),
        };
        rows.insert(0, pad());
        rows.push(pad());
        for row in &mut rows {
            row.parts.push(Placed::Bar {
                x: MARGIN_X,
                y1: 0.0,
                y2: row.height,
            });
        }
    }
    rows
}

/// Height that must fit on the current page before block `i` starts there.
fn needed(blocks: &[Block], rows: &[Vec<Row>], i: usize) -> f32 {
    let block = &blocks[i];
    let take = if block.splittable && !block.keep_with_next {
        2
    } else {
        usize::MAX
    };
    let own: f32 = rows[i].iter().take(take).map(|r| r.height).sum();
    match blocks.get(i + 1) {
        Some(next) if block.keep_with_next => own + next.space_before + needed(blocks, rows, i + 1),
        _ => own,
    }
}

struct Pager {
    pages: Vec<Page>,
    cursor: f32,
}

impl Pager {
    fn new() -> Self {
        Self {
            pages: vec![Page::default()],
            cursor: MARGIN_TOP,
        }
    }

    fn at_top(&self) -> bool {
        self.cursor <= MARGIN_TOP
    }

    /// Starts a new page unless `height` fits, or we are already at the
    /// top (a block taller than a page then overflows rather than loops).
    fn ensure(&mut self, height: f32) {
        if self.cursor + height > PAGE_HEIGHT - MARGIN_BOTTOM && !self.at_top() {
            self.pages.push(Page::default());
            self.cursor = MARGIN_TOP;
        }
    }

    fn space(&mut self, height: f32) {
        if !self.at_top() {
            self.cursor += height;
        }
    }

    fn put(&mut self, row: &Row) {
        let page = self.pages.last_mut().expect("never empty");
        page.items
            .extend(row.parts.iter().map(|p| p.at(self.cursor)));
        self.cursor += row.height;
    }
}

impl Placed {
    /// The item's mirror image across the page's vertical centre line.
    fn mirrored(self, m: &dyn Measure) -> Placed {
        let flip = |x: f32| PAGE_WIDTH - x;
        match self {
            Placed::Text {
                style,
                x,
                y,
                text,
                elem,
            } => Placed::Text {
                style,
                x: flip(x + style.width(m, &text)),
                y,
                text,
                elem,
            },
            Placed::Widget {
                widget,
                rect: [x1, y1, x2, y2],
                shape,
            } => Placed::Widget {
                widget,
                rect: [flip(x2), y1, flip(x1), y2],
                shape,
            },
            Placed::Rule { x1, x2, y } => Placed::Rule {
                x1: flip(x2),
                x2: flip(x1),
                y,
            },
            Placed::Bar { x, y1, y2 } => Placed::Bar {
                x: flip(x + INSET_BAR),
                y1,
                y2,
            },
        }
    }
}

/// Lays the blocks out on as many pages as they need; `rtl` mirrors them.
pub fn paginate(m: &dyn Measure, blocks: &[Block], rtl: bool) -> Vec<Page> {
    let mut pages = paginate_ltr(m, blocks);
    if rtl {
        for page in &mut pages {
            page.items = std::mem::take(&mut page.items)
                .into_iter()
                .map(|item| item.mirrored(m))
                .collect();
        }
    }
    pages
}

fn paginate_ltr(m: &dyn Measure, blocks: &[Block]) -> Vec<Page> {
    let rows: Vec<Vec<Row>> = blocks.iter().map(|b| block_rows(m, b)).collect();
    let mut pager = Pager::new();
    for (i, block) in blocks.iter().enumerate() {
        pager.ensure(block.space_before + needed(blocks, &rows, i));
        // A section break at the top of a page only adds noise.
        if pager.at_top() && matches!(block.items[..], [Item::Rule]) {
            continue;
        }
        pager.space(block.space_before);
        for row in &rows[i] {
            if block.splittable {
                pager.ensure(row.height);
            }
            pager.put(row);
        }
    }
    pager.pages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is half an em wide.
    struct Fixed;
    impl Measure for Fixed {
        fn text_width(&self, _bold: bool, size: f32, text: &str) -> f32 {
            text.chars().count() as f32 * size / 2.0
        }
    }

    #[test]
    fn wraps_at_word_boundaries() {
        // 12pt → 6pt per char; 60pt holds 10 characters.
        let lines = wrap(&Fixed, Style::Body, "aaaa bbbb cccc", 60.0);
        assert_eq!(lines, ["aaaa bbbb", "cccc"]);
    }

    #[test]
    fn breaks_overlong_words_and_keeps_newlines() {
        let lines = wrap(&Fixed, Style::Body, "abcdefghijkl\nx", 30.0);
        assert_eq!(lines, ["abcde", "fghij", "kl", "x"]);
    }

    fn text_block(text: &str, keep: bool) -> Block {
        Block {
            items: vec![Item::Text {
                style: Style::Body,
                text: text.into(),
                elem: 0,
                indent: 0.0,
            }],
            space_before: 10.0,
            keep_with_next: keep,
            splittable: !keep,
            inset: false,
        }
    }

    fn field_block(height: f32) -> Block {
        Block {
            items: vec![
                Item::Text {
                    style: Style::Label,
                    text: "Label".into(),
                    elem: 1,
                    indent: 0.0,
                },
                Item::Field {
                    widget: 0,
                    width: 100.0,
                    height,
                },
            ],
            space_before: 10.0,
            ..Block::default()
        }
    }

    fn page_of_label(pages: &[Page]) -> usize {
        pages
            .iter()
            .position(|p| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Placed::Text { text, .. } if text == "Label"))
            })
            .unwrap()
    }

    /// 38 body lines leave about 100pt free on page one.
    fn filler() -> String {
        vec!["line"; 38].join("\n")
    }

    #[test]
    fn field_stays_with_its_label() {
        // The label would fit on page one, the box would not.
        let blocks = [text_block(&filler(), false), field_block(200.0)];
        let pages = paginate(&Fixed, &blocks, false);
        assert_eq!(pages.len(), 2);
        let label_page = page_of_label(&pages);
        let widget_page = pages
            .iter()
            .position(|p| p.items.iter().any(|i| matches!(i, Placed::Widget { .. })))
            .unwrap();
        assert_eq!((label_page, widget_page), (1, 1));
    }

    #[test]
    fn heading_moves_with_following_block() {
        let heading = Block {
            items: vec![Item::Text {
                style: Style::Heading,
                text: "Heading".into(),
                elem: 2,
                indent: 0.0,
            }],
            keep_with_next: true,
            space_before: 20.0,
            ..Block::default()
        };
        let blocks = [text_block(&filler(), false), heading, field_block(150.0)];
        let pages = paginate(&Fixed, &blocks, false);
        let heading_page = pages
            .iter()
            .position(|p| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Placed::Text { text, .. } if text == "Heading"))
            })
            .unwrap();
        assert_eq!((heading_page, page_of_label(&pages)), (1, 1));
    }

    #[test]
    fn everything_stays_inside_the_margins() {
        let filler = "word ".repeat(3000);
        let pages = paginate(&Fixed, &[text_block(&filler, false)], false);
        for item in pages.iter().flat_map(|p| &p.items) {
            if let Placed::Text { y, .. } = item {
                assert!(*y > MARGIN_BOTTOM - 12.0 && *y < PAGE_HEIGHT - MARGIN_TOP);
            }
        }
    }

    #[test]
    fn right_to_left_forms_are_mirrored() {
        let option = Block {
            items: vec![
                Item::Text {
                    style: Style::Label,
                    text: "Label".into(),
                    elem: 1,
                    indent: 0.0,
                },
                Item::Field {
                    widget: 0,
                    width: 100.0,
                    height: 28.0,
                },
                Item::Option {
                    widget: 1,
                    shape: Shape::Square,
                    text: "Yes".into(),
                    elem: 2,
                },
            ],
            inset: true,
            ..Block::default()
        };
        let ltr = paginate(&Fixed, std::slice::from_ref(&option), false);
        let rtl = paginate(&Fixed, &[option], true);
        let right = PAGE_WIDTH - MARGIN_X;
        for (l, r) in ltr[0].items.iter().zip(&rtl[0].items) {
            match (l, r) {
                (
                    Placed::Text { x: lx, text, .. },
                    Placed::Text {
                        x: rx, y, style, ..
                    },
                ) => {
                    let width = style.width(&Fixed, text);
                    // Text starts at an indent from the left, ends at the
                    // same indent from the right, on the same baseline.
                    assert_eq!(*lx - MARGIN_X, right - (rx + width), "{text}");
                    assert!(matches!(l, Placed::Text { y: ly, .. } if ly == y));
                }
                (Placed::Widget { rect: a, .. }, Placed::Widget { rect: b, .. }) => {
                    assert_eq!(a[2] - a[0], b[2] - b[0], "same width");
                    assert_eq!(a[0] - MARGIN_X, right - b[2], "mirrored");
                }
                (Placed::Bar { x: a, .. }, Placed::Bar { x: b, .. }) => {
                    assert_eq!(*a, MARGIN_X);
                    assert_eq!(*b + INSET_BAR, right, "the bar is on the right");
                }
                (a, b) => assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b)),
            }
        }
        // The checkbox sits right of its label.
        let tick = rtl[0].items.iter().find_map(|i| match i {
            Placed::Widget {
                widget: 1, rect, ..
            } => Some(rect[0]),
            _ => None,
        });
        let yes = rtl[0].items.iter().find_map(|i| match i {
            Placed::Text { text, x, .. } if text == "Yes" => Some(*x),
            _ => None,
        });
        assert!(tick.unwrap() > yes.unwrap());
    }
}
