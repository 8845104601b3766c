//! Page content streams: tagged text in marked-content sequences, and
//! everything decorative (field borders, rules, footer) as artifacts.

use pdf_writer::types::{ArtifactSubtype, ArtifactType, LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Name, Str};

use super::font::FontSet;
use super::layout::{
    Measure, Page, Placed, Shape, Style, FOOTER_BASELINE, INSET_BAR, MARGIN_X, PAGE_WIDTH,
};
use super::tags::Tree;

pub type Rgb = (f32, f32, f32);
/// GOV.UK text colour (#0b0c0c).
pub const INK: Rgb = (0.043, 0.047, 0.047);
/// GOV.UK secondary text (#505a5f).
const GREY: Rgb = (0.314, 0.353, 0.373);
/// GOV.UK border grey (#b1b4b6) for rules and inset bars.
const LINE_GREY: Rgb = (0.694, 0.706, 0.714);
/// Field borders, as GOV.UK inputs.
pub const BORDER: f32 = 2.0;

/// Resource names of the two embedded fonts.
pub const REGULAR: Name = Name(b"F1");
pub const BOLD: Name = Name(b"F2");

/// What the footer says on every page.
pub struct Footer<'a> {
    pub left: &'a str,
    pub page: usize,
    pub pages: usize,
}

/// Draws one page; records MCIDs in `tree`.
pub fn draw_page(
    page: &Page,
    index: usize,
    footer: &Footer,
    fonts: &mut FontSet,
    tree: &mut Tree,
) -> Vec<u8> {
    let mut c = Content::new();
    // The element whose marked-content sequence is open: consecutive
    // lines of one paragraph share a sequence.
    let mut open: Option<usize> = None;
    for item in &page.items {
        if let Placed::Text {
            style,
            x,
            y,
            text,
            elem,
        } = item
        {
            if open != Some(*elem) {
                close(&mut c, &mut open);
                let mcid = tree.mark_content(*elem, index);
                c.begin_marked_content_with_properties(tree.role_name(*elem))
                    .properties()
                    .identify(mcid);
                open = Some(*elem);
            }
            show(&mut c, fonts, *style, *x, *y, text);
        } else {
            close(&mut c, &mut open);
            layout_artifact(&mut c, item);
        }
    }
    close(&mut c, &mut open);
    draw_footer(&mut c, fonts, footer);
    c.finish().to_vec()
}

fn close(c: &mut Content, open: &mut Option<usize>) {
    if open.take().is_some() {
        c.end_marked_content();
    }
}

fn set_fill(c: &mut Content, (r, g, b): Rgb) {
    c.set_fill_rgb(r, g, b);
}

fn show(c: &mut Content, fonts: &mut FontSet, style: Style, x: f32, y: f32, text: &str) {
    let font = if style.bold() { BOLD } else { REGULAR };
    let encoded = fonts.get_mut(style.bold()).encode(text);
    set_fill(c, if style.grey() { GREY } else { INK });
    c.begin_text();
    c.set_font(font, style.size());
    c.next_line(x, y);
    c.show(Str(&encoded));
    c.end_text();
}

fn layout_artifact(c: &mut Content, item: &Placed) {
    c.begin_marked_content_with_properties(Name(b"Artifact"))
        .properties()
        .artifact()
        .kind(ArtifactType::Layout);
    match *item {
        Placed::Widget { rect, shape, .. } => field_border(c, rect, shape),
        Placed::Rule { x1, x2, y } => {
            c.set_fill_rgb(LINE_GREY.0, LINE_GREY.1, LINE_GREY.2);
            c.rect(x1, y - 0.5, x2 - x1, 1.0).fill_nonzero();
        }
        Placed::Bar { x, y1, y2 } => {
            set_fill(c, LINE_GREY);
            c.rect(x, y1, INSET_BAR, y2 - y1).fill_nonzero();
        }
        Placed::Text { .. } => {}
    }
    c.end_marked_content();
}

/// The printed box the widget sits on; drawn on the page, not in the
/// widget, so it survives viewers regenerating field appearances.
fn field_border(c: &mut Content, [x1, y1, x2, y2]: [f32; 4], shape: Shape) {
    let half = BORDER / 2.0;
    c.save_state();
    c.set_stroke_rgb(INK.0, INK.1, INK.2);
    c.set_line_width(BORDER);
    c.set_line_join(LineJoinStyle::MiterJoin);
    match shape {
        Shape::Circle => {
            circle(c, (x1 + x2) / 2.0, (y1 + y2) / 2.0, (x2 - x1) / 2.0 - half);
        }
        Shape::Rect | Shape::Square => {
            c.rect(x1 + half, y1 + half, x2 - x1 - BORDER, y2 - y1 - BORDER);
        }
    }
    c.stroke();
    c.restore_state();
}

/// A circle path from four Bézier arcs.
pub fn circle(c: &mut Content, cx: f32, cy: f32, r: f32) {
    // Control point distance for a quarter circle.
    let k = 0.552_284_8 * r;
    c.move_to(cx + r, cy);
    c.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    c.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    c.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    c.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    c.close_path();
}

/// "Page N of M" on the right, the form title on the left.
fn draw_footer(c: &mut Content, fonts: &mut FontSet, footer: &Footer) {
    let style = Style::Footer;
    let right = format!("Page {} of {}", footer.page, footer.pages);
    let right_x = PAGE_WIDTH - MARGIN_X - fonts.text_width(false, style.size(), &right);
    c.begin_marked_content_with_properties(Name(b"Artifact"))
        .properties()
        .artifact()
        .kind(ArtifactType::Pagination)
        .subtype(ArtifactSubtype::Footer);
    let left_room = right_x - MARGIN_X - 24.0;
    if fonts.text_width(false, style.size(), footer.left) <= left_room {
        show(c, fonts, style, MARGIN_X, FOOTER_BASELINE, footer.left);
    }
    show(c, fonts, style, right_x, FOOTER_BASELINE, &right);
    c.end_marked_content();
}

/// Round caps and joins for tick marks.
pub fn round_pen(c: &mut Content, width: f32) {
    c.set_line_width(width);
    c.set_line_cap(LineCapStyle::RoundCap);
    c.set_line_join(LineJoinStyle::RoundJoin);
}
