//! Characters nobody can see but that change what text says or how it reads:
//! control characters, text-direction overrides, embeddings and isolates
//! (the "Trojan Source" trick), and zero-width spaces that split a word so
//! that searches and the anonymisation scan miss it. They are refused in
//! every content file, written as themselves, as TOML escapes (`\u202E`)
//! or as HTML character references in Markdown (`&#x202E;`).

use std::ops::Range;

use crate::cache::{KeyHasher, Memo};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{MarkdownDoc, Site};
use crate::site_path::describe_char;
use crate::toml_strings;

pub fn check(site: &Site, kept: &Memo<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    // A file's findings depend on its text alone: kept between `serve`'s rebuilds.
    let key = |part: &'static str, file: &SourceFile, at: &Range<usize>| {
        (KeyHasher::new("hidden characters"))
            .add(part)
            .add(&file.display_path)
            .add(file.digest())
            .add(at)
            .key()
    };
    let mut found = Vec::new();
    for (file, range) in site.toml_parts() {
        found.extend(kept.get_or(
            || key("toml", file, &range),
            || {
                let mut found = in_text(file, 0..file.text.len());
                found.extend(in_toml_escapes(file, range.clone()));
                found
            },
        ));
    }
    for doc in markdown_bodies(site) {
        let body = doc.body_offset..doc.file.text.len();
        found.extend(kept.get_or(
            || key("markdown", &doc.file, &body),
            || in_character_references(&doc.file, doc.body_offset),
        ));
    }
    found
}

/// Whether a character is refused in every file: an invisible character
/// (the one list, `crate::invisible`) that no writing system needs in running
/// text, which takes in control characters, text-direction embeddings,
/// overrides and isolates, zero-width spaces and word joiners; and the
/// noncharacters, which XML does not allow. Joiners, direction marks,
/// variation selectors and tags stay: scripts and emoji need them (case
/// studies refuse them too, in the anonymisation gate).
pub fn is_hidden(c: char) -> bool {
    crate::invisible::is_noncharacter(c)
        || (crate::invisible::is_hidden(c) && !needed_in_some_writing(c))
}

fn needed_in_some_writing(c: char) -> bool {
    matches!(c,
        '\u{ad}'                      // soft hyphen: breaks long words
        | '\u{34f}'                   // combining grapheme joiner
        | '\u{61c}'                   // Arabic letter mark
        | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' // Hangul fillers
        | '\u{17b4}' | '\u{17b5}'     // Khmer inherent vowels
        | '\u{180b}'..='\u{180f}'     // Mongolian selectors
        | '\u{200c}'..='\u{200f}'     // joiners (Persian, Urdu, emoji), direction marks
        | '\u{fe00}'..='\u{fe0f}'     // variation selectors (emoji)
        | '\u{e0000}'..='\u{e0fff}'   // tags (flag emoji) and variation selectors
    )
}

fn markdown_bodies(site: &Site) -> Vec<&MarkdownDoc> {
    let mut docs: Vec<&MarkdownDoc> = site.home.iter().map(|d| &d.doc).collect();
    docs.extend(site.pages.iter().map(|d| &d.doc));
    for cluster in &site.clusters {
        docs.extend(cluster.intro.iter().map(|d| &d.doc));
        docs.extend(cluster.case_studies.iter().map(|d| &d.doc));
        docs.extend(cluster.updates.iter().map(|d| &d.doc));
    }
    docs
}

/// The characters themselves, anywhere in the file (a Markdown file's front
/// matter and body alike, so its whole text is scanned once, from its front
/// matter part). A byte order mark at the very start is an editor's, not hidden.
fn in_text(file: &SourceFile, range: Range<usize>) -> Vec<Diagnostic> {
    file.text[range.clone()]
        .char_indices()
        .filter(|&(i, c)| is_hidden(c) && !(c == '\u{feff}' && range.start + i == 0))
        .map(|(i, c)| finding(file, range.start + i..range.start + i + c.len_utf8(), c))
        .collect()
}

/// Hidden characters that TOML escapes (`\u202E`, `\U0000200B`) put into
/// the strings of `range`, located at the escape. Characters typed as
/// themselves are [`in_text`]'s.
fn in_toml_escapes(file: &SourceFile, range: Range<usize>) -> Vec<Diagnostic> {
    let toml = &file.text[range.clone()];
    let mut found = Vec::new();
    for string in toml_strings::spans(toml) {
        let raw = &toml[string.clone()];
        let decoded = toml_strings::decode(raw);
        for (at, c) in decoded.value.char_indices().filter(|&(_, c)| is_hidden(c)) {
            let written = decoded.raw_range(at..at + c.len_utf8());
            // Typed as itself: in_text reports it.
            if raw.get(written.clone()).is_some_and(|w| w.chars().eq([c])) {
                continue;
            }
            let start = range.start + string.start;
            found.push(finding(file, start + written.start..start + written.end, c));
        }
    }
    found
}

/// `&#8238;` and `&#x202E;` in a Markdown body, which the page would show
/// as the character itself.
fn in_character_references(file: &SourceFile, body_offset: usize) -> Vec<Diagnostic> {
    let body = &file.text[body_offset..];
    let mut found = Vec::new();
    for (start, _) in body.match_indices("&#") {
        let rest = &body[start + 2..];
        let (digits, radix, skip) = match rest.as_bytes().first() {
            Some(b'x' | b'X') => (&rest[1..], 16, 3),
            _ => (rest, 10, 2),
        };
        let len = digits.bytes().take_while(u8::is_ascii_hexdigit).count();
        if len == 0 || digits.as_bytes().get(len) != Some(&b';') {
            continue;
        }
        let escaped = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32);
        if let Some(c) = escaped.filter(|c| is_hidden(*c)) {
            let at = body_offset + start;
            found.push(finding(file, at..at + skip + len + 1, c));
        }
    }
    found
}

fn finding(file: &SourceFile, span: Range<usize>, c: char) -> Diagnostic {
    Diagnostic::at(
        file,
        span,
        "hidden-character",
        format!(
            "the character {} is hidden here: it cannot be seen, but it changes how the text reads",
            describe_char(c)
        ),
    )
    .help("delete it (retype the words around it if your editor does not show it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/x.toml", text)
    }

    fn columns(found: &[Diagnostic]) -> Vec<(usize, usize)> {
        found.iter().map(|d| (d.line, d.column)).collect()
    }

    #[test]
    fn literal_characters_are_found_where_they_are() {
        let f = file("a = \"x\u{202e}y\"\nb = \"z\u{200b}w\u{0}\"\n");
        assert_eq!(
            columns(&in_text(&f, 0..f.text.len())),
            [(1, 7), (2, 7), (2, 9)]
        );
        // Joiners, tabs and new lines are not hidden characters.
        let f = file("a = \"\u{200d}\u{200c}\tx\"\r\n");
        assert!(in_text(&f, 0..f.text.len()).is_empty());
        // Nor is a byte order mark that starts the file.
        let f = file("\u{feff}a = 1");
        assert!(in_text(&f, 0..f.text.len()).is_empty());
    }

    #[test]
    fn toml_escapes_are_found_but_not_escaped_backslashes() {
        let f = file(r#"a = "x\u202Ey \U0000200B z \\u202E \u00e9""#);
        let found = in_toml_escapes(&f, 0..f.text.len());
        assert_eq!(columns(&found), [(1, 7), (1, 15)]);
        assert!(found[0].message.contains("U+202E"), "{}", found[0].message);
    }

    #[test]
    fn character_references_in_bodies_are_found() {
        let f = file("+++\n+++\nJ&#x200B;ane &#8238;x &#233; &#x202e &amp;");
        let found = in_character_references(&f, 8);
        assert_eq!(columns(&found), [(3, 2), (3, 14)]);
    }
}
