//! The text a Markdown body publishes: what a reader sees (entities and
//! backslash escapes decoded, emphasis marks gone, blocks apart), and where
//! its links and images point. Each piece maps to the source range of the
//! parser event it came from.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Builder, Published};

/// The options the site renders Markdown with (src/markdown.rs).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

pub struct Body {
    /// What a reader sees, code included; blocks end with a line break.
    pub text: Published,
    /// Where the prose in `text` is, block by block, for the name scan.
    pub flow: Vec<Flow>,
    /// Link and image targets and titles, one a line: in the page, if not on it.
    pub targets: Published,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// A paragraph, item, table cell, quote or heading starts.
    Block { heading: bool },
    /// Prose: this range of the text.
    Prose(Range<usize>),
    /// Something that is not prose (code) stands between words.
    Break,
}

/// The published text of `body`, which starts at byte `offset` of its file.
pub fn body(body: &str, offset: usize) -> Body {
    let mut text = Builder::new();
    let mut targets = Builder::new();
    let mut flow: Vec<Flow> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let raw = &body[range.clone()];
        let start = offset + range.start;
        let before = text.len();
        match event {
            Event::Text(decoded) => {
                text.aligned(&decoded, raw, start);
                if !in_code_block {
                    prose(&mut flow, before..text.len());
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                // A line break inside a paragraph reads as a space.
                let separator = if event == Event::HardBreak { '\n' } else { ' ' };
                text.separator(separator, start);
                prose(&mut flow, before..text.len());
            }
            Event::Code(code) => {
                found_in(&mut text, &code, raw, start);
                flow.push(Flow::Break);
            }
            Event::Start(tag) => {
                match &tag {
                    Tag::Link {
                        dest_url, title, ..
                    }
                    | Tag::Image {
                        dest_url, title, ..
                    } => {
                        for target in [dest_url, title].into_iter().filter(|t| !t.is_empty()) {
                            found_in(&mut targets, target, raw, start);
                            targets.separator('\n', start);
                        }
                    }
                    Tag::CodeBlock(_) => in_code_block = true,
                    _ => {}
                }
                if let Some(heading) = starts_block(&tag) {
                    end_line(&mut text, start);
                    flow.push(Flow::Block { heading });
                }
            }
            Event::End(tag) => {
                if tag == TagEnd::CodeBlock {
                    in_code_block = false;
                }
                if ends_block(tag) {
                    end_line(&mut text, offset + range.end);
                }
            }
            // Raw HTML is refused by the renderer; footnote marks and rules
            // publish no words.
            _ => flow.push(Flow::Break),
        }
    }
    Body {
        text: text.finish(),
        flow,
        targets: targets.finish(),
    }
}

/// Adds prose to the flow, joining it to prose just before it.
fn prose(flow: &mut Vec<Flow>, range: Range<usize>) {
    if let Some(Flow::Prose(last)) = flow.last_mut() {
        if last.end == range.start {
            last.end = range.end;
            return;
        }
    }
    flow.push(Flow::Prose(range));
}

/// Appends `decoded`, which the source range `raw` holds somewhere inside
/// it (code in its backticks, a link target in its link): exactly where it
/// is written as is, else mapped to the whole range.
fn found_in(out: &mut Builder, decoded: &str, raw: &str, start: usize) {
    match raw.find(decoded) {
        Some(at) if !decoded.is_empty() => out.verbatim(decoded, start + at),
        _ => out.decoded(decoded, start..start + raw.len()),
    }
}

/// Blocks stand apart in the page, so the text of one never runs into the next.
fn end_line(text: &mut Builder, at: usize) {
    if text.len() > 0 && !text.ends_with('\n') {
        text.separator('\n', at);
    }
}

/// Whether `tag` starts a block of prose, and whether it is a heading.
fn starts_block(tag: &Tag) -> Option<bool> {
    match tag {
        Tag::Heading { .. } => Some(true),
        Tag::Paragraph
        | Tag::Item
        | Tag::TableCell
        | Tag::BlockQuote(_)
        | Tag::FootnoteDefinition(_)
        | Tag::CodeBlock(_) => Some(false),
        _ => None,
    }
}

fn ends_block(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::CodeBlock
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source<'a>(published: &Published, file: &'a str, word: &str) -> &'a str {
        let at = published.text.find(word).expect(word);
        &file[published.source(at..at + word.len())]
    }

    #[test]
    fn entities_and_emphasis_are_read_as_published() {
        let file = "+++\n+++\n- write to jane.doe&#64;example.com or jo@*x*.org\n- LS9&#32;7AB and LS9\n  8AB\n";
        let offset = 8;
        let body = body(&file[offset..], offset);
        assert_eq!(
            body.text.text,
            "write to jane.doe@example.com or jo@x.org\nLS9 7AB and LS9 8AB\n"
        );
        assert_eq!(
            source(&body.text, file, "jane.doe@example.com"),
            "jane.doe&#64;example.com"
        );
        assert_eq!(source(&body.text, file, "jo@x.org"), "jo@*x*.org");
        assert_eq!(source(&body.text, file, "LS9 7AB"), "LS9&#32;7AB");
        assert_eq!(source(&body.text, file, "LS9 8AB"), "LS9\n  8AB");
    }

    #[test]
    fn named_hex_and_decimal_entities_are_decoded() {
        let body = body("a&commat;b &#x40; &#64; &shy;&nbsp;&amp;", 0);
        assert_eq!(body.text.text, "a@b @ @ \u{20}&\n");
        assert_eq!(body.text.hidden.len(), 1);
        assert_eq!(body.text.hidden[0].source, 24..29);
    }

    #[test]
    fn code_is_published_text_but_not_prose() {
        let file = "Call `0113 496 0000` now.\n\n```\nSophie\n```\n";
        let body = body(file, 0);
        assert_eq!(body.text.text, "Call 0113 496 0000 now.\nSophie\n");
        assert_eq!(source(&body.text, file, "0113 496 0000"), "0113 496 0000");
        assert_eq!(
            body.flow,
            [
                Flow::Block { heading: false },
                Flow::Prose(0..5),
                Flow::Break,
                Flow::Prose(18..23),
                Flow::Block { heading: false },
            ]
        );
    }

    #[test]
    fn link_targets_are_published_too() {
        let file = "See [us](mailto:jane&#64;x.org \"Jane's page\") and ![a](https://x.org/a.png).";
        let body = body(file, 0);
        assert_eq!(body.text.text, "See us and a.\n");
        assert_eq!(
            body.targets.text,
            "mailto:jane@x.org\nJane's page\nhttps://x.org/a.png\n"
        );
        // Decoded: the whole link; as written: exactly.
        assert_eq!(
            source(&body.targets, file, "jane@x.org"),
            "[us](mailto:jane&#64;x.org \"Jane's page\")"
        );
        assert_eq!(source(&body.targets, file, "x.org/a.png"), "x.org/a.png");
    }

    #[test]
    fn headings_and_smart_quotes() {
        let file = "## Sophie's story\n\nShe said \"hi\".";
        let body = body(file, 0);
        assert_eq!(body.text.text, "Sophie’s story\nShe said “hi”.\n");
        assert_eq!(body.flow[0], Flow::Block { heading: true });
        assert_eq!(source(&body.text, file, "Sophie’s"), "Sophie's");
    }
}
