//! The site glossary on pages (WCAG 3.1.4). The first time a page's main
//! text uses a glossary term, the term is marked with its meaning
//! (`<abbr title>` for an abbreviation) and, unless the words around it
//! already explain it, the meaning follows in brackets: a `title` alone is
//! invisible on a phone and to many screen readers.
//!
//! One pure function over a rendered page, so rendering needs a single call;
//! the `plain-words` check (src/check/plain_words/) shares [`find_word`] and
//! [`explained_at`], so the check and the page agree on what "explained" is.

use std::ops::Range;

use crate::format::escape_markup;
use crate::model::GlossaryTerm;

/// "JCC", "TaMHS", "CCGs": one word, mostly capitals. "Schools Forum" and
/// "MindMate" are terms but not abbreviations.
pub fn is_abbreviation(term: &str) -> bool {
    let upper = term.chars().filter(|c| c.is_uppercase()).count();
    let lower = term.chars().filter(|c| c.is_lowercase()).count();
    !term.contains(char::is_whitespace) && upper >= 2 && upper > lower
}

/// The first whole-word `word` in `text` at or after `from`: not part of a
/// longer word on either side ("SPA" is not in "SPACE").
pub fn find_word(text: &str, word: &str, from: usize) -> Option<Range<usize>> {
    if word.is_empty() {
        return None;
    }
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(word) {
        let start = at + i;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(start..end);
        }
        at = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Whether the words around `text[at]` explain it: "Joint Collaborative
/// Committee (JCC)", "JCC (Joint Collaborative Committee)", "FTE means ...",
/// "CYPP is short for ...".
pub fn explained_at(text: &str, at: Range<usize>) -> bool {
    let before = &text[..at.start];
    let after = &text[at.end..];
    let bracketed = before.ends_with('(') && after.starts_with(')');
    let followed = after.strip_prefix(' ').unwrap_or(after).starts_with('(');
    let defined = [" means ", " is short for ", " stands for "]
        .iter()
        .any(|p| after.starts_with(p));
    bracketed || followed || defined
}

/// Elements whose text is never changed: links and headings (their words
/// are read out of context), code, and text that is not prose.
const SKIPPED: [&str; 14] = [
    "a", "abbr", "code", "pre", "script", "style", "textarea", "option", "h1", "h2", "h3", "h4",
    "h5", "h6",
];

/// `html` with the first use of each term inside `<main>` explained.
/// Pages without a `<main>` element are returned as they are.
pub fn explain_first_uses(html: &str, terms: &[GlossaryTerm]) -> String {
    let (Some(start), Some(end)) = (html.find("<main"), html.rfind("</main>")) else {
        return html.to_owned();
    };
    if terms.is_empty() || end < start {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 256);
    out.push_str(&html[..start]);
    let mut used = vec![false; terms.len()];
    let mut open: Vec<String> = Vec::new();
    let main = &html[start..end];
    let mut at = 0;
    while at < main.len() {
        if main.as_bytes()[at] == b'<' {
            let tag_end = tag_end(main, at);
            let tag = &main[at..tag_end];
            out.push_str(tag);
            at = tag_end;
            track(tag, &mut open);
            if let Some(raw) = raw_text_end(tag, &main[at..]) {
                out.push_str(&main[at..at + raw]);
                at += raw;
            }
            continue;
        }
        let text_end = main[at..].find('<').map_or(main.len(), |i| at + i);
        let text = &main[at..text_end];
        if open.is_empty() {
            explain_in(text, terms, &mut used, &mut out);
        } else {
            out.push_str(text);
        }
        at = text_end;
    }
    out.push_str(&html[end..]);
    out
}

/// One run of text between tags: each unused term's first use explained.
fn explain_in(text: &str, terms: &[GlossaryTerm], used: &mut [bool], out: &mut String) {
    let mut at = 0;
    loop {
        // The earliest unused term from here; the longer one at the same place.
        let next = terms
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .filter_map(|(i, t)| find_word(text, t.term.get_ref(), at).map(|r| (r, i)))
            .min_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let Some((range, i)) = next else {
            out.push_str(&text[at..]);
            return;
        };
        used[i] = true;
        out.push_str(&text[at..range.start]);
        let term = &text[range.clone()];
        let meaning = escape_markup(&terms[i].meaning);
        if is_abbreviation(term) {
            out.push_str(&format!("<abbr title=\"{meaning}\">{term}</abbr>"));
        } else {
            out.push_str(term);
        }
        if !explained_at(text, range.clone()) {
            out.push_str(&format!(" ({meaning})"));
        }
        at = range.end;
    }
}

/// The end of the tag (or comment) that starts at `at`, quotes respected.
fn tag_end(html: &str, at: usize) -> usize {
    if html[at..].starts_with("<!--") {
        return html[at..].find("-->").map_or(html.len(), |i| at + i + 3);
    }
    let mut quote = None;
    for (i, c) in html[at..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return at + i + 1,
            _ => {}
        }
    }
    html.len()
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Keeps the stack of open skipped elements.
fn track(tag: &str, open: &mut Vec<String>) {
    let name = tag_name(tag);
    if !SKIPPED.contains(&name.as_str()) || tag.ends_with("/>") {
        return;
    }
    if tag.starts_with("</") {
        if open.last() == Some(&name) {
            open.pop();
        }
    } else {
        open.push(name);
    }
}

/// After `<script>` or `<style>`, how much of `rest` is raw text up to its
/// closing tag (which may hold `<`).
fn raw_text_end(tag: &str, rest: &str) -> Option<usize> {
    let name = tag_name(tag);
    if tag.starts_with("</") || !matches!(name.as_str(), "script" | "style") {
        return None;
    }
    Some(rest.find(&format!("</{name}")).unwrap_or(rest.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[(&str, &str)]) -> Vec<GlossaryTerm> {
        list.iter()
            .map(|(term, meaning)| {
                let toml = format!("term = {term:?}\nmeaning = {meaning:?}\n");
                toml::from_str(&toml).unwrap()
            })
            .collect()
    }

    fn page(main: &str) -> String {
        format!("<title>JCC</title><main id=\"m\">{main}</main><footer>JCC</footer>")
    }

    #[test]
    fn abbreviations_are_one_word_of_mostly_capitals() {
        assert!(is_abbreviation("JCC"));
        assert!(is_abbreviation("TaMHS"));
        assert!(is_abbreviation("CCGs"));
        assert!(!is_abbreviation("MindMate"));
        assert!(!is_abbreviation("Schools Forum"));
        assert!(!is_abbreviation("A"));
    }

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("SPACE and SPA.", "SPA", 0), Some(10..13));
        assert_eq!(find_word("a JCCs", "JCC", 0), None);
        assert_eq!(find_word("(FTE)", "FTE", 0), Some(1..4));
    }

    #[test]
    fn explanations_next_to_the_term_count() {
        let t = "the Joint Collaborative Committee (JCC) meets";
        let at = find_word(t, "JCC", 0).unwrap();
        assert!(explained_at(t, at));
        let t = "FTE (full-time equivalent)";
        assert!(explained_at(t, 0..3));
        let t = "FTE means full-time equivalent";
        assert!(explained_at(t, 0..3));
        let t = "3 FTE staff";
        assert!(!explained_at(t, 2..5));
    }

    #[test]
    fn the_first_use_in_main_gets_abbr_and_words_and_later_ones_do_not() {
        let g = terms(&[("JCC", "Joint Collaborative Committee")]);
        let html = explain_first_uses(&page("<p>The JCC met. The JCC agreed.</p>"), &g);
        assert_eq!(
            html,
            page("<p>The <abbr title=\"Joint Collaborative Committee\">JCC</abbr> (Joint Collaborative Committee) met. The JCC agreed.</p>")
        );
    }

    #[test]
    fn an_explained_first_use_only_gets_the_abbr() {
        let g = terms(&[("JCC", "Joint Collaborative Committee")]);
        let html = explain_first_uses(&page("<p>the Joint Collaborative Committee (JCC)</p>"), &g);
        assert_eq!(
            html,
            page("<p>the Joint Collaborative Committee (<abbr title=\"Joint Collaborative Committee\">JCC</abbr>)</p>")
        );
    }

    #[test]
    fn links_headings_attributes_and_scripts_are_left_alone() {
        let g = terms(&[("JCC", "a committee"), ("Schools Forum", "a group")]);
        let main = "<h2 id=\"jcc\">JCC</h2><a href=\"/x\" title=\"JCC\">JCC</a>\
                    <script>if (a<b) JCC</script><p>Schools Forum and JCC</p>";
        let html = explain_first_uses(&page(main), &g);
        assert_eq!(
            html,
            page(
                "<h2 id=\"jcc\">JCC</h2><a href=\"/x\" title=\"JCC\">JCC</a>\
                  <script>if (a<b) JCC</script><p>Schools Forum (a group) and \
                  <abbr title=\"a committee\">JCC</abbr> (a committee)</p>"
            )
        );
    }

    #[test]
    fn meanings_are_escaped_and_pages_without_main_are_unchanged() {
        let g = terms(&[("PDF", "a \"document\" file <type>")]);
        let html = explain_first_uses(&page("<p>PDF</p>"), &g);
        assert!(html.contains("<abbr title=\"a &quot;document&quot; file &lt;type&gt;\">PDF</abbr> (a &quot;document&quot; file &lt;type&gt;)"), "{html}");
        assert_eq!(explain_first_uses("<p>PDF</p>", &g), "<p>PDF</p>");
    }
}
