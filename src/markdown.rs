//! Markdown to HTML with the rules comms staff rely on: no raw HTML, internal
//! links checked against the site's URLs, headings with ids, tables that scroll
//! on a small phone instead of widening the page.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{slugify, MarkdownDoc};

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// `(id, text)` of each `##` heading, for a contents list.
    pub sections: Vec<(String, String)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a document's body. Problems are returned with spans in the file.
pub fn render(doc: &MarkdownDoc, links: &BTreeSet<String>) -> (Rendered, Vec<Diagnostic>) {
    render_in(&doc.file, doc.body_offset, doc.body(), links)
}

/// Renders a Markdown string from a TOML file: `span` is the string's span,
/// quotes included, so problems point into the file.
pub fn render_toml_string(
    file: &SourceFile,
    span: Range<usize>,
    text: &str,
    links: &BTreeSet<String>,
) -> (Rendered, Vec<Diagnostic>) {
    let raw = &file.text[span.clone()];
    let quotes = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    // A newline right after opening triple quotes is not part of the value.
    let newline = usize::from(quotes == 3 && raw[3..].starts_with('\n'));
    render_in(file, span.start + quotes + newline, text, links)
}

/// Renders `body`, which starts at byte `offset` of `file`.
fn render_in(
    file: &SourceFile,
    offset: usize,
    body: &str,
    links: &BTreeSet<String>,
) -> (Rendered, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut sections = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut last_heading = String::new();
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    let mut image_alt: Option<(Range<usize>, String)> = None;

    let mut report = |span: Range<usize>, rule: &'static str, message: String, help: &str| {
        let span = offset + span.start..offset + span.end;
        problems.push(Diagnostic::at(file, span, rule, message).help(help));
    };

    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => {
                if !matches!(event, Event::Start(Tag::HtmlBlock)) {
                    report(
                        span,
                        "raw-html",
                        "HTML is not allowed in content".into(),
                        "write it in Markdown instead (e.g. **bold**, [link](/clusters/)); \
                         to show a < sign, write \\<",
                    );
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => continue,
            Event::Start(Tag::Heading { level, .. }) => {
                if *level == HeadingLevel::H1 {
                    report(
                        span.clone(),
                        "heading-level",
                        "a top-level heading (#) is not allowed in the body".into(),
                        "the page title is the page's only top-level heading; use ## for sections",
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
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((rule, message, help)) = check_link(dest_url, links) {
                    report(span.clone(), rule, message, &help);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if is_external(dest_url) {
                    report(
                        span.clone(),
                        "external-resource",
                        format!("this image loads from another site: {dest_url}"),
                        "save the image in the site's static/ folder and link to it from there",
                    );
                }
                image_alt = Some((span.clone(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((span, alt)) = image_alt.take() {
                    if alt.trim().is_empty() {
                        report(
                            span,
                            "image-alt",
                            "this image has no text alternative".into(),
                            "describe the image between the brackets: ![what it shows](/images/x.png)",
                        );
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

fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

/// Returns `(rule, message, help)` when a link is unsafe or points nowhere.
fn check_link(dest: &str, links: &BTreeSet<String>) -> Option<(&'static str, String, String)> {
    let lower = dest.trim().to_ascii_lowercase();
    if lower.starts_with("javascript:")
        || lower.starts_with("data:")
        || lower.starts_with("vbscript:")
    {
        return Some((
            "unsafe-link",
            format!("`{dest}` links are not allowed"),
            "link to a page (/clusters/) or a secure site (https://...)".into(),
        ));
    }
    if lower.starts_with("http://") {
        return Some((
            "insecure-link",
            format!("this link is not secure: {dest}"),
            format!(
                "use https:// instead: {}",
                dest.replacen("http://", "https://", 1)
            ),
        ));
    }
    if lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || dest.starts_with('#')
    {
        return None;
    }
    let path = dest.split('#').next().unwrap_or_default();
    if !dest.starts_with('/') || dest.starts_with("//") {
        return Some((
            "relative-link",
            format!("`{dest}` is not a site address"),
            "write links to this site from its root, e.g. [Inner East](/clusters/inner-east/)"
                .into(),
        ));
    }
    if links.contains(path) {
        return None;
    }
    let help = match closest_url(path, links) {
        Some(best) => format!("did you mean {best}?"),
        None => "check the address; links to this site must point at a page it builds".into(),
    };
    Some((
        "broken-link",
        format!("no page has the address {path}"),
        help,
    ))
}

fn closest_url<'a>(path: &str, links: &'a BTreeSet<String>) -> Option<&'a String> {
    let with_slash = format!("{}/", path.trim_end_matches('/'));
    if links.contains(&with_slash) {
        return links.get(&with_slash);
    }
    links
        .iter()
        .map(|l| (strsim::levenshtein(path, l), l))
        .filter(|(d, l)| *d <= (l.len() / 4).max(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn doc(body: &str) -> MarkdownDoc {
        let text = format!("+++\ntitle = \"t\"\n+++\n{body}");
        MarkdownDoc {
            file: Arc::new(SourceFile {
                display_path: "pages/t.md".into(),
                text,
            }),
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
}
