//! The public words of the site, file by file, as a reader sees them and
//! mapped back to the file: Markdown bodies, and the TOML strings a page
//! shows. Case-study bodies are left out: they stay as the cluster wrote them.

use std::ops::Range;

use crate::check::published_text::{self, Published};
use crate::diagnostics::SourceFile;
use crate::model::{Document, Site};
use crate::toml_strings;

/// One file's public words.
pub struct Text<'a> {
    pub file: &'a SourceFile,
    /// In the order they are in the file; each is split into lines (blocks).
    pub parts: Vec<Part>,
}

pub struct Part {
    pub text: Published,
    /// Byte ranges of `text` that are headings (short labels, not sentences).
    pub headings: Vec<Range<usize>>,
    /// Prose: its sentences count for length and reading ease. Names, roles
    /// and labels are not prose, but their abbreviations still need explaining.
    pub prose: bool,
}

/// Keys whose strings are sentences on a page.
const PROSE_KEYS: [&str; 12] = [
    "summary",
    "description",
    "note",
    "how_to_get",
    "priorities",
    "intro",
    "who_can_ask",
    "what_happens_next",
    "how_long",
    "privacy_notice",
    "hint",
    "send_to",
];

/// Keys whose strings a page shows but that are not sentences.
const LABEL_KEYS: [&str; 9] = [
    "title",
    "name",
    "role",
    "body",
    "staffing",
    "step",
    "budget_period",
    "label",
    "options",
];

/// What a case study publishes from its front matter (its consent note and
/// reviewers are for staff).
const CASE_STUDY_KEYS: [&str; 2] = ["title", "summary"];

/// One file whose public words are checked, and how to read them: a file's
/// words depend on its own text alone, so rules can keep their findings by
/// it (`check::Cache`).
pub struct Source<'a> {
    pub file: &'a SourceFile,
    /// How the file is read: a whole TOML file, a page's front matter and
    /// body, a case study's published front matter.
    pub kind: &'static str,
    read: Box<dyn Fn() -> Text<'a> + Sync + 'a>,
}

impl<'a> Source<'a> {
    pub fn text(&self) -> Text<'a> {
        (self.read)()
    }
}

/// Every file with public words, in a stable order.
pub fn sources(site: &Site) -> Vec<Source<'_>> {
    let toml = |file| Source {
        file,
        kind: "toml",
        read: Box::new(move || toml_file(file)),
    };
    fn page<F: Sync>(doc: &Document<F>) -> Source<'_> {
        Source {
            file: &doc.doc.file,
            kind: "markdown",
            read: Box::new(move || markdown(doc)),
        }
    }
    let mut sources = vec![toml(&site.config_file), toml(&site.form.file)];
    sources.extend(site.home.iter().map(page));
    sources.extend(site.pages.iter().map(page));
    for cluster in &site.clusters {
        sources.push(toml(&cluster.file));
        sources.extend(cluster.intro.iter().map(page));
        sources.extend(cluster.updates.iter().map(page));
        for case_study in &cluster.case_studies {
            let file = &*case_study.doc.file;
            sources.push(Source {
                file,
                kind: "case study",
                read: Box::new(move || {
                    toml_text(file, case_study.front_matter(), Some(&CASE_STUDY_KEYS))
                }),
            });
        }
    }
    sources
}

/// The public strings of a whole TOML file.
pub fn toml_file(file: &SourceFile) -> Text<'_> {
    toml_text(file, 0..file.text.len(), None)
}

/// The front matter's strings, then the body.
pub fn markdown<F>(doc: &Document<F>) -> Text<'_> {
    let file = &doc.doc.file;
    let mut text = toml_text(file, doc.front_matter(), None);
    let body = published_text::markdown::body(doc.doc.body(), doc.doc.body_offset);
    let headings = heading_ranges(&body.flow);
    text.parts.push(Part {
        text: body.text,
        headings,
        prose: true,
    });
    text
}

/// The public strings of `range` of a TOML file; `only` narrows the keys.
fn toml_text<'a>(file: &'a SourceFile, range: Range<usize>, only: Option<&[&str]>) -> Text<'a> {
    let region = &file.text[range.clone()];
    let parts = toml_strings::spans(region)
        .into_iter()
        .filter_map(|span| {
            let key = key_of(region, span.start)?;
            let allowed = only.map_or_else(
                || PROSE_KEYS.contains(&key) || LABEL_KEYS.contains(&key),
                |keys| keys.contains(&key),
            );
            allowed.then(|| Part {
                text: published_text::toml::string(&region[span.clone()], range.start + span.start),
                headings: Vec::new(),
                prose: PROSE_KEYS.contains(&key),
            })
        })
        .collect();
    Text { file, parts }
}

/// The key a string literal at `start` belongs to: `key = "..."`, or the
/// array it is an item of (`priorities = [ "...", ... ]`).
fn key_of(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].trim_end();
    if let Some(key) = before.strip_suffix('=') {
        return last_identifier(key);
    }
    let array = before.rfind("= [")?;
    last_identifier(&text[..array])
}

fn last_identifier(text: &str) -> Option<&str> {
    let text = text.trim_end();
    let start = text
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    (start < text.len()).then(|| &text[start..])
}

/// Ranges of the text that are heading words.
fn heading_ranges(flow: &[published_text::markdown::Flow]) -> Vec<Range<usize>> {
    use published_text::markdown::Flow;
    let mut in_heading = false;
    let mut ranges = Vec::new();
    for item in flow {
        match item {
            Flow::Block { heading } => in_heading = *heading,
            Flow::Prose(range) if in_heading => ranges.push(range.clone()),
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_know_their_keys() {
        let text = "summary = \"a\"\nlist = [\n  \"b\",\n]\nx = { step = \"c\" }\n";
        let keys: Vec<_> = toml_strings::spans(text)
            .into_iter()
            .map(|s| key_of(text, s.start))
            .collect();
        assert_eq!(keys, [Some("summary"), Some("list"), Some("step")]);
    }

    #[test]
    fn only_public_keys_are_read() {
        let file = SourceFile::new(
            "c.toml",
            "summary = \"One.\"\nemail = \"a@b\"\nrole = \"TSL\"\n",
        );
        let text = toml_text(&file, 0..file.text.len(), None);
        let values: Vec<_> = text
            .parts
            .iter()
            .map(|p| (p.text.text.as_str(), p.prose))
            .collect();
        assert_eq!(values, [("One.", true), ("TSL", false)]);
    }
}
