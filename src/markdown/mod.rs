//! Markdown to HTML with the rules comms staff rely on: no raw HTML, internal
//! links checked against the site's URLs, headings with ids, tables that scroll
//! on a small phone instead of widening the page.

mod destination;
mod images;
mod links;
mod nesting;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{slugify, MarkdownDoc};

pub use nesting::MAX_DEPTH;

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// `(id, text)` of each `##` heading, for a contents list.
    pub sections: Vec<(String, String)>,
}

/// A problem with one element, before it is placed in a file.
pub(crate) struct Finding {
    rule: &'static str,
    message: String,
    help: String,
}

impl Finding {
    fn new(rule: &'static str, message: impl Into<String>, help: impl Into<String>) -> Finding {
        Finding {
            rule,
            message: message.into(),
            help: help.into(),
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The addresses Markdown may link to: every address the site publishes
/// (`pages`), and the static files of the site and its theme, keyed as the
/// theme keys them (`images/map.png`), which images must come from.
pub fn addresses<'a>(
    pages: BTreeSet<String>,
    static_files: impl IntoIterator<Item = &'a String>,
) -> BTreeSet<String> {
    let mut all = pages;
    all.extend(static_files.into_iter().map(|path| format!("/{path}")));
    all
}

/// Renders a document's body. Problems are returned with spans in the file.
/// `links` is what [`addresses`] returns.
pub fn render(doc: &MarkdownDoc, links: &BTreeSet<String>) -> (Rendered, Vec<Diagnostic>) {
    let offset = doc.body_offset;
    render_in(
        &doc.file,
        &|r| offset + r.start..offset + r.end,
        doc.body(),
        links,
    )
}

/// Renders a Markdown string from a TOML file: `span` is the string's span,
/// quotes included, so problems point into the file.
pub fn render_toml_string(
    file: &SourceFile,
    span: Range<usize>,
    text: &str,
    links: &BTreeSet<String>,
) -> (Rendered, Vec<Diagnostic>) {
    // Positions in the value map back through its escapes to the file.
    let decoded = crate::toml_strings::decode(&file.text[span.clone()]);
    if decoded.value == text {
        let locate = |r: Range<usize>| {
            let raw = decoded.raw_range(r);
            span.start + raw.start..span.start + raw.end
        };
        return render_in(file, &locate, text, links);
    }
    // Not a string literal as expected: the whole string is the place.
    render_in(file, &|_| span.clone(), text, links)
}

/// Renders `body`, which starts at byte `offset` of `file`. A body nested
/// too deeply is reported and not rendered: see [`nesting`].
fn render_in(
    file: &SourceFile,
    locate: &dyn Fn(Range<usize>) -> Range<usize>,
    body: &str,
    links: &BTreeSet<String>,
) -> (Rendered, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut sections = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut last_heading = String::new();
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    // The images open at this point (an image's text can hold another).
    let mut images: Vec<(Range<usize>, String)> = Vec::new();
    let mut nesting = nesting::Nesting::default();

    let mut report = |span: Range<usize>, finding: Finding| {
        let span = locate(span);
        problems.push(Diagnostic::at(file, span, finding.rule, finding.message).help(finding.help));
    };

    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Start(tag) => nesting.enter(tag, &span),
            Event::End(_) => nesting.leave(),
            _ => {}
        }
        match &event {
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => {
                if !matches!(event, Event::Start(Tag::HtmlBlock)) {
                    report(
                        span,
                        Finding::new(
                            "raw-html",
                            "HTML is not allowed in content",
                            "write it in Markdown instead (e.g. **bold**, [link](/clusters/)); \
                             to show a < sign, write \\<",
                        ),
                    );
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => continue,
            Event::Start(Tag::Heading { level, .. }) => {
                if *level == HeadingLevel::H1 {
                    report(
                        span.clone(),
                        Finding::new(
                            "heading-level",
                            "a top-level heading (#) is not allowed in the body",
                            "the page title is the page's only top-level heading; use ## for sections",
                        ),
                    );
                }
                heading = Some((*level, events.len(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = heading.take() {
                    let id = unique_id(&mut used_ids, &text);
                    if level == HeadingLevel::H2 {
                        sections.push((id.clone(), text.clone()));
                    }
                    events[start] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id)),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    });
                    last_heading = text;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading_text)) = heading.as_mut() {
                    heading_text.push_str(text);
                }
                if let Some((_, alt)) = images.last_mut() {
                    alt.push_str(text);
                }
            }
            // `<name@host>`: the HTML writer adds the `mailto:`.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(finding) = links::check(dest_url, links) {
                    report(span.clone(), finding);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(finding) = images::check(dest_url, links) {
                    report(span.clone(), finding);
                }
                images.push((span.clone(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((span, alt)) = images.pop() {
                    if !images::has_visible_text(&alt) {
                        report(
                            span,
                            Finding::new(
                                "image-alt",
                                "this image has no text alternative",
                                "describe the image between the brackets: ![what it shows](/images/x.png)",
                            ),
                        );
                    }
                    // The outer image's text includes this one's.
                    if let Some((_, outer)) = images.last_mut() {
                        outer.push_str(&alt);
                    }
                }
            }
            Event::Start(Tag::Table(_)) => {
                let label = if last_heading.is_empty() {
                    "Table".to_owned()
                } else {
                    format!("Table: {last_heading}")
                };
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
                    crate::format::escape_markup(&label)
                ))));
            }
            _ => {}
        }
        let closes_table = matches!(event, Event::End(TagEnd::Table));
        events.push(event);
        if closes_table {
            events.push(Event::Html(CowStr::Borrowed("</div>")));
        }
    }
    let too_deep = nesting.finish();
    let stop = !too_deep.is_empty();
    for (span, finding) in too_deep {
        report(span, finding);
    }
    if stop {
        // Turned into HTML, it would reach stages that recurse per level.
        return (Rendered::default(), problems);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (Rendered { html, sections }, problems)
}

fn unique_id(used: &mut HashMap<String, usize>, text: &str) -> String {
    let base = match slugify(text) {
        s if s.is_empty() => "section".to_owned(),
        s => s,
    };
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        format!("{base}-{}", *count - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn doc(body: &str) -> MarkdownDoc {
        let text = format!("+++\ntitle = \"t\"\n+++\n{body}");
        MarkdownDoc {
            file: Arc::new(SourceFile::new("pages/t.md", text)),
            body_offset: 20,
        }
    }

    fn links() -> BTreeSet<String> {
        ["/", "/clusters/", "/clusters/inner-east/"]
            .map(String::from)
            .into()
    }

    #[test]
    fn headings_get_unique_ids_and_sections() {
        let (r, p) = render(&doc("## What we do\n\n## What we do\n"), &links());
        assert!(p.is_empty());
        assert!(r.html.contains("<h2 id=\"what-we-do\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"what-we-do-1\">"));
        assert_eq!(r.sections.len(), 2);
    }

    #[test]
    fn raw_html_is_refused_with_its_location() {
        let (_, p) = render(&doc("Hello\n\nA <u>word</u>.\n"), &links());
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!((p[0].rule, p[0].line, p[0].column), ("raw-html", 6, 3));
    }

    #[test]
    fn internal_links_must_exist_and_unsafe_links_are_refused() {
        let body = "[a](/clusters/inner-east/) [b](/clusters/inner-east) [c](http://x.org) [d](javascript:alert(1))\n";
        let (_, p) = render(&doc(body), &links());
        let rules: Vec<_> = p.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["broken-link", "insecure-link", "unsafe-link"]);
        assert_eq!(
            p[0].help.as_deref(),
            Some("did you mean /clusters/inner-east/?")
        );
    }

    #[test]
    fn tables_scroll_inside_a_labelled_region() {
        let (r, _) = render(
            &doc("## Figures\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            &links(),
        );
        assert!(r.html.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table: Figures\"><table>"), "{}", r.html);
        assert!(
            r.html.contains("</table>\n</div>") || r.html.contains("</table></div>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_need_alt_text_and_local_files() {
        let (_, p) = render(&doc("![](https://x.org/a.png)\n"), &links());
        let rules: Vec<_> = p.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["external-resource", "image-alt"]);
    }

    fn deep_problems(body: &str) -> Vec<(usize, usize, String)> {
        let (r, p) = render(&doc(body), &links());
        if !p.is_empty() {
            assert_eq!(r.html, "", "a document too deep is not rendered");
        }
        p.iter()
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect()
    }

    #[test]
    fn nesting_is_limited_and_located_where_it_passes_the_limit() {
        assert_eq!(deep_problems(&format!("{}x\n", "> ".repeat(MAX_DEPTH))), []);
        assert_eq!(
            deep_problems(&format!("{}x\n", "> ".repeat(MAX_DEPTH + 1))),
            [(
                4,
                41,
                "quotes nested 21 levels deep; the site allows at most 20".into()
            )]
        );
        assert_eq!(
            deep_problems(&format!("a\n\n{}x\n", "> - ".repeat(15))),
            [(
                6,
                41,
                "quotes and lists nested 30 levels deep; the site allows at most 20".into()
            )]
        );
        // A link inside bold text in a list: every open kind is named.
        assert_eq!(
            deep_problems(&format!("- **[{}x{}](/)**\n", "*a ".repeat(18), " a*".repeat(18))),
            [(4, 57, "lists, bold and italic text and links nested 21 levels deep; the site allows at most 20".into())]
        );
    }

    #[test]
    fn each_stretch_too_deep_is_reported_once() {
        let deep = format!("{}x\n", "> ".repeat(30));
        let problems = deep_problems(&format!("{deep}\nbetween\n\n{deep}"));
        let lines: Vec<_> = problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [4, 8]);
    }

    #[test]
    fn nesting_far_past_any_stack_is_counted_without_recursion() {
        for body in [
            format!("{}x\n", "> ".repeat(100_000)),
            format!("{}x\n", "- ".repeat(50_000)),
            format!("{}x{}\n", "*a ".repeat(50_000), " a*".repeat(50_000)),
        ] {
            let problems = deep_problems(&body);
            assert_eq!(problems.len(), 1, "{problems:?}");
        }
    }

    #[test]
    fn markdown_strings_in_toml_are_limited_too() {
        let text = format!("a = \"{}x\"\n", "> ".repeat(25));
        let file = SourceFile::new("c.toml", text.clone());
        let value = &text[5..text.len() - 2];
        let (r, p) = render_toml_string(&file, 4..text.len() - 1, value, &links());
        assert_eq!(r.html, "");
        assert_eq!((p[0].rule, p[0].line, p[0].column), ("too-deep", 1, 46));
    }

    #[test]
    fn email_autolinks_are_contacts_and_other_autolinks_obey_the_rules() {
        let body = "<families.first@leeds.gov.uk> <JavaScript:alert(1)> <HTTP://x.example/>\n";
        let (r, p) = render(&doc(body), &links());
        let rules: Vec<_> = p.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["unsafe-link", "insecure-link"]);
        assert!(r
            .html
            .contains("href=\"mailto:families.first@leeds.gov.uk\""));
    }
}
