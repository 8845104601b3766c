//! A limit on how deeply Markdown nests. Thousands of `> ` or `- ` make
//! HTML nested thousands deep, and the stages that read HTML back (the
//! minifier, HTML parsers) recurse once per level and overflow the stack:
//! an abort, with no word of where. pulldown-cmark's events are a flat
//! stream, so counting while reading them is safe at any depth; a document
//! found too deep is never turned into HTML.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::Tag;

use super::Finding;

/// Far more than a reader can follow, and far less than any stage needs.
pub const MAX_DEPTH: usize = 20;

/// What nests, in the order a message names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Quote,
    List,
    Emphasis,
    Strikethrough,
    Link,
    Image,
    Footnote,
}

impl Kind {
    /// List items, paragraphs, headings and table cells nest only inside
    /// the kinds counted here, so they need no count of their own.
    fn of(tag: &Tag) -> Option<Kind> {
        Some(match tag {
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::List(_) => Kind::List,
            Tag::Emphasis | Tag::Strong => Kind::Emphasis,
            Tag::Strikethrough => Kind::Strikethrough,
            Tag::Link { .. } => Kind::Link,
            Tag::Image { .. } => Kind::Image,
            Tag::FootnoteDefinition(_) => Kind::Footnote,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Quote => "quotes",
            Kind::List => "lists",
            Kind::Emphasis => "bold and italic text",
            Kind::Strikethrough => "struck-through text",
            Kind::Link => "links",
            Kind::Image => "images",
            Kind::Footnote => "footnotes",
        }
    }
}

/// Counts nesting over a document's events.
#[derive(Default)]
pub struct Nesting {
    /// Every open tag, and its kind if it counts.
    open: Vec<Option<Kind>>,
    depth: usize,
    /// The stretch now deeper than the limit, if any.
    deep: Option<TooDeep>,
    found: Vec<(Range<usize>, Finding)>,
}

/// A stretch of a document nested deeper than the limit.
struct TooDeep {
    /// Where it first goes past the limit.
    span: Range<usize>,
    kinds: BTreeSet<Kind>,
    deepest: usize,
}

impl Nesting {
    pub fn enter(&mut self, tag: &Tag, span: &Range<usize>) {
        let kind = Kind::of(tag);
        self.open.push(kind);
        let Some(kind) = kind else { return };
        self.depth += 1;
        if self.depth <= MAX_DEPTH {
            return;
        }
        let open = &self.open;
        let deep = self.deep.get_or_insert_with(|| TooDeep {
            span: span.clone(),
            kinds: open.iter().flatten().copied().collect(),
            deepest: 0,
        });
        deep.kinds.insert(kind);
        deep.deepest = deep.deepest.max(self.depth);
    }

    pub fn leave(&mut self) {
        if let Some(Some(_)) = self.open.pop() {
            self.depth -= 1;
            if self.depth == MAX_DEPTH {
                self.close_stretch();
            }
        }
    }

    /// Each stretch too deep, with the span where it passed the limit.
    pub fn finish(mut self) -> Vec<(Range<usize>, Finding)> {
        self.close_stretch();
        self.found
    }

    fn close_stretch(&mut self) {
        let Some(deep) = self.deep.take() else { return };
        let names: Vec<&str> = deep.kinds.iter().map(|k| k.name()).collect();
        let names = match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => unreachable!("a stretch has the kind that made it too deep"),
        };
        self.found.push((
            deep.span,
            Finding::new(
                "too-deep",
                format!(
                    "{names} nested {} levels deep; the site allows at most {MAX_DEPTH}",
                    crate::format::thousands(deep.deepest as u64)
                ),
                "use at most a few levels: split it into paragraphs, or sections with ## headings",
            ),
        ));
    }
}
