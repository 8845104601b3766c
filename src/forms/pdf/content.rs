//! Page content streams: tagged text in marked-content sequences, and
//! everything decorative (field borders, rules, footer) as artifacts.

use std::ops::Range;

use pdf_writer::types::{ArtifactSubtype, ArtifactType, LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Name, Str, TextStr};

use super::layout::{
    Measure, Page, Placed, Shape, Style, FOOTER_BASELINE, INSET_BAR, MARGIN_X, PAGE_WIDTH,
};
use super::shape::{Family, FontSet, Run};
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

/// Resource names of the embedded fonts: Latin regular and bold, then
/// the script font's regular and bold (only when it is used).
pub const FONT_NAMES: [Name; 4] = [Name(b"F1"), Name(b"F2"), Name(b"F3"), Name(b"F4")];

fn font_name(family: Family, bold: bool) -> Name<'static> {
    let script = if family == Family::Script { 2 } else { 0 };
    FONT_NAMES[script + usize::from(bold)]
}

/// What the footer says on every page: the form title at the start of
/// the line, "Page N of M" (in the form's words) at its end.
pub struct Footer<'a> {
    pub title: &'a str,
    pub page_of: &'a str,
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
            let reordered = show(&mut c, fonts, *style, *x, *y, text);
            tree.add_text(*elem, text, reordered);
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

/// Draws one line; says whether it was drawn out of left-to-right order.
fn show(c: &mut Content, fonts: &mut FontSet, style: Style, x: f32, y: f32, text: &str) -> bool {
    let bold = style.bold();
    let runs = fonts.shape_line(bold, text);
    set_fill(c, if style.grey() { GREY } else { INK });
    c.begin_text();
    let Some(first) = runs.first() else {
        c.set_font(font_name(Family::Latin, bold), style.size());
        c.next_line(x, y);
        c.show(Str(b""));
        c.end_text();
        return false;
    };
    c.set_font(font_name(first.family, bold), style.size());
    c.next_line(x, y);
    let in_order = drawn_in_logical_order(&runs);
    if in_order {
        for (i, run) in runs.iter().enumerate() {
            if i > 0 {
                c.set_font(font_name(run.family, bold), style.size());
            }
            let mut pieces = Vec::new();
            let clusters = 0..run.clusters.len();
            show_clusters(c, fonts, bold, style.size(), run, clusters, &mut pieces);
            flush(c, &mut pieces);
        }
    } else {
        show_in_logical_order(c, fonts, bold, style.size(), &runs);
    }
    c.end_text();
    !in_order
}

/// Whether drawing left to right already shows the text in reading
/// order (every left-to-right line, so English output never changes).
fn drawn_in_logical_order(runs: &[Run]) -> bool {
    let starts: Vec<usize> = runs
        .iter()
        .flat_map(|r| r.clusters.iter().map(|c| c.start))
        .collect();
    starts.windows(2).all(|w| w[0] < w[1])
}

/// Where a cluster sits on the line.
struct Spot {
    run: usize,
    cluster: usize,
    start: usize,
    /// Distance from the line's start, in points.
    x: f32,
    width: f32,
}

/// How far (in points, far below what can be seen) a cluster without
/// width is moved towards the line start. Lam-alef in Noto Naskh is a
/// lam and a zero-width alef at the lam's left edge; drawn after the
/// lam at exactly that edge, poppler puts the alef on a line of its own.
const ZERO_WIDTH_NUDGE: f32 = 0.01;

/// Draws a line that has right-to-left text cluster by cluster in
/// reading order, each piece moved to where it belongs, so the page
/// looks the same but the content stream, which the structure tree
/// and screen readers read in order, holds the logical text.
/// (/ActualText would not do: poppler ignores it when reading tags.)
fn show_in_logical_order(
    c: &mut Content,
    fonts: &mut FontSet,
    bold: bool,
    size: f32,
    runs: &[Run],
) {
    let mut spots = Vec::new();
    let mut pen = 0.0;
    for (r, run) in runs.iter().enumerate() {
        let font = fonts.font(run.family, bold);
        for (i, cluster) in run.clusters.iter().enumerate() {
            let units: i32 = run.glyphs[cluster.glyphs.clone()]
                .iter()
                .map(|g| g.advance)
                .sum();
            let width = font.units_to_1000(units as f32) * size / 1000.0;
            spots.push(Spot {
                run: r,
                cluster: i,
                start: cluster.start,
                x: pen,
                width,
            });
            pen += width;
        }
    }
    spots.sort_by_key(|s| s.start);
    // One TJ per font change: each piece is moved to its place by an
    // adjustment, which takes fewer bytes than a Td per piece.
    let mut pieces = Vec::new();
    // Where the pen is, and where the current text line starts (Td moves
    // from there), from the first run's start.
    let mut pen = 0.0;
    let mut line_x = 0.0;
    let mut family = runs[0].family;
    let mut i = 0;
    while i < spots.len() {
        // Clusters next to each other in both orders go in one piece.
        let first = &spots[i];
        let mut end = i + 1;
        while spots
            .get(end)
            .is_some_and(|s| s.run == first.run && s.cluster == spots[end - 1].cluster + 1)
        {
            end += 1;
        }
        let run = &runs[first.run];
        if run.family != family {
            flush(c, &mut pieces);
            c.set_font(font_name(run.family, bold), size);
            family = run.family;
        }
        let x = if first.width == 0.0 {
            first.x - ZERO_WIDTH_NUDGE
        } else {
            first.x
        };
        if pieces.is_empty() {
            // Each TJ starts with a Td to its first glyph: with a long
            // move at the start of a TJ instead, pdftotext left out the
            // blank line after the title.
            c.next_line(x - line_x, 0.0);
            line_x = x;
            pen = x;
        } else {
            // Whole thousandths of an em (at most 0.008 pt off, and the
            // pen follows where it really is, so errors do not add up)
            // keep the numbers short.
            let move_left = ((pen - x) * 1000.0 / size).round();
            push_adjust(&mut pieces, move_left);
            pen -= move_left * size / 1000.0;
        }
        let clusters = first.cluster..spots[end - 1].cluster + 1;
        show_clusters(c, fonts, bold, size, run, clusters, &mut pieces);
        pen += spots[i..end].iter().map(|s| s.width).sum::<f32>();
        i = end;
    }
    flush(c, &mut pieces);
}

/// One piece of a text-showing operator: glyph bytes, or a TJ adjustment
/// in thousandths of an em (positive moves left).
enum Piece {
    Glyphs(Vec<u8>),
    Adjust(f32),
}

/// Glyphs of some clusters of a run at their shaped positions, added to
/// `pieces` (written out when the caller flushes). Clusters whose text the
/// ToUnicode map cannot give back get /ActualText, so extraction and
/// screen readers get the logical text. (ActualText for a whole line
/// would be simpler, but poppler lays its characters out left to right
/// and then reverses right-to-left text, so Urdu came out backwards.)
fn show_clusters(
    c: &mut Content,
    fonts: &mut FontSet,
    bold: bool,
    size: f32,
    run: &Run,
    clusters: Range<usize>,
    pieces: &mut Vec<Piece>,
) {
    let font = fonts.font_mut(run.family, bold);
    let mut rise = 0.0;
    for cluster in &run.clusters[clusters] {
        let glyphs = &run.glyphs[cluster.glyphs.clone()];
        let gids: Vec<u16> = glyphs.iter().map(|g| g.gid).collect();
        let (bytes, actual) = font.encode_cluster(&gids, &cluster.text);
        if actual {
            flush(c, pieces);
            c.begin_marked_content_with_properties(Name(b"Span"))
                .properties()
                .actual_text(TextStr(&cluster.text));
        }
        for (g, cid) in glyphs.iter().zip(bytes.chunks(2)) {
            let dy = font.units_to_1000(g.dy as f32) * size / 1000.0;
            if dy != rise {
                flush(c, pieces);
                c.set_rise(dy);
                rise = dy;
            }
            let dx = font.units_to_1000(g.dx as f32);
            let after =
                font.default_advance_1000(g.gid) + dx - font.units_to_1000(g.advance as f32);
            push_adjust(pieces, -dx);
            match pieces.last_mut() {
                Some(Piece::Glyphs(b)) => b.extend(cid),
                _ => pieces.push(Piece::Glyphs(cid.to_vec())),
            }
            push_adjust(pieces, after);
        }
        if actual {
            flush(c, pieces);
            c.end_marked_content();
        }
    }
    if rise != 0.0 {
        flush(c, pieces);
        c.set_rise(0.0);
    }
}

/// Adds an adjustment, merging with one before it; tiny ones are noise.
fn push_adjust(pieces: &mut Vec<Piece>, amount: f32) {
    if amount.abs() < 0.01 {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Adjust(a)) => *a += amount,
        _ => pieces.push(Piece::Adjust(amount)),
    }
}

/// Writes the pending pieces: a plain Tj when nothing moves, else TJ.
fn flush(c: &mut Content, pieces: &mut Vec<Piece>) {
    match &pieces[..] {
        [] => {}
        [Piece::Glyphs(bytes)] => {
            c.show(Str(bytes));
        }
        _ => {
            let mut tj = c.show_positioned();
            let mut items = tj.items();
            for piece in pieces.iter() {
                match piece {
                    Piece::Glyphs(bytes) => {
                        items.show(Str(bytes));
                    }
                    Piece::Adjust(a) => {
                        items.adjust(*a);
                    }
                }
            }
        }
    }
    pieces.clear();
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

/// "Page N of M" at the end of the line, the form title at its start
/// (if it fits): right and left in a left-to-right form, mirrored in a
/// right-to-left one.
fn draw_footer(c: &mut Content, fonts: &mut FontSet, footer: &Footer) {
    let style = Style::Footer;
    let width = |fonts: &FontSet, text: &str| fonts.text_width(false, style.size(), text);
    let page_width = width(fonts, footer.page_of);
    let title_width = width(fonts, footer.title);
    let (page_x, title_x) = if fonts.rtl {
        (MARGIN_X, PAGE_WIDTH - MARGIN_X - title_width)
    } else {
        (PAGE_WIDTH - MARGIN_X - page_width, MARGIN_X)
    };
    c.begin_marked_content_with_properties(Name(b"Artifact"))
        .properties()
        .artifact()
        .kind(ArtifactType::Pagination)
        .subtype(ArtifactSubtype::Footer);
    let room = PAGE_WIDTH - 2.0 * MARGIN_X - page_width - 24.0;
    if title_width <= room {
        show(c, fonts, style, title_x, FOOTER_BASELINE, footer.title);
    }
    show(c, fonts, style, page_x, FOOTER_BASELINE, footer.page_of);
    c.end_marked_content();
}

/// Round caps and joins for tick marks.
pub fn round_pen(c: &mut Content, width: f32) {
    c.set_line_width(width);
    c.set_line_cap(LineCapStyle::RoundCap);
    c.set_line_join(LineJoinStyle::RoundJoin);
}
