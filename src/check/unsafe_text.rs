//! The Markdown renderer refuses HTML and unsafe links in bodies; text
//! fields in TOML (a contact's note, a summary, a form hint) get the same
//! rule here, so markup or a script link never reaches a page by that door.

use std::ops::Range;

use crate::cache::{KeyHasher, Memo};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::Site;
use crate::toml_strings;

pub fn check(site: &Site, kept: &Memo<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    site.toml_parts()
        .into_iter()
        .flat_map(|(file, range)| {
            // A part's findings depend on its text alone: kept between builds.
            let key = || {
                KeyHasher::new("unsafe text")
                    .add(&file.display_path)
                    .add(file.digest())
                    .add(&range)
                    .key()
            };
            kept.get_or(key, || check_toml(file, range.clone()))
        })
        .collect()
}

/// Every string in `range` of the file (a TOML file or a front matter),
/// judged as it will be published: after its escapes are decoded, so that
/// `\u003c` is the `<` it stands for. A finding points at what was written.
fn check_toml(file: &SourceFile, range: Range<usize>) -> Vec<Diagnostic> {
    let toml = &file.text[range.clone()];
    let mut found = Vec::new();
    for string in toml_strings::spans(toml) {
        let at = range.start + string.start;
        let line_start = file.text[..at].rfind('\n').map_or(0, |i| i + 1);
        // base_url has its own rule (web_address.rs).
        let is_base_url = file.text[line_start..at]
            .trim_start()
            .starts_with("base_url");
        let decoded = toml_strings::decode(&toml[string]);
        if let Some((offset, len, problem)) = problem(&decoded.value, is_base_url) {
            let (message, help) = problem.describe();
            let written = decoded.raw_range(offset..offset + len);
            found.push(
                Diagnostic::at(
                    file,
                    at + written.start..at + written.end,
                    "unsafe-text",
                    message,
                )
                .help(help),
            );
        }
    }
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Html,
    ScriptLink,
    InsecureLink,
}

impl Problem {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Problem::Html => (
                "HTML is not allowed in content",
                "write plain words instead; to write a less-than sign, put a space after it (\"< 5 years\")",
            ),
            Problem::ScriptLink => (
                "a script or data link is not allowed in content",
                "remove it: links must be https://, mailto: or tel:",
            ),
            Problem::InsecureLink => (
                "an insecure http:// link",
                "use https:// instead",
            ),
        }
    }
}

/// The first problem in a string: its offset, its length and what it is.
pub fn problem(text: &str, allow_http: bool) -> Option<(usize, usize, Problem)> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut problems = Vec::new();
    for (at, _) in text.match_indices('<') {
        let tag_end = bytes[at + 1..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'/' || *b == b'!'))
            .map_or(bytes.len(), |i| at + 1 + i);
        let starts_tag = bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!');
        if starts_tag {
            problems.push((at, tag_end - at, Problem::Html));
        }
    }
    for scheme in ["javascript:", "vbscript:", "data:"] {
        for (at, _) in lower.match_indices(scheme) {
            let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            // "data: 2015" is a label; "data:text/html" is a link.
            let is_link = scheme != "data:"
                || text[at + scheme.len()..]
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '+' && c != '-' && c != '.')
                    .next()
                    .is_some_and(|t| !t.is_empty())
                    && text[at + scheme.len()..]
                        .trim_start_matches(|c: char| {
                            c.is_ascii_alphanumeric() || "+-.".contains(c)
                        })
                        .starts_with('/');
            if word_start && is_link {
                problems.push((at, scheme.len(), Problem::ScriptLink));
            }
        }
    }
    if !allow_http {
        for (at, _) in lower.match_indices("http://") {
            problems.push((at, "http://".len(), Problem::InsecureLink));
        }
    }
    problems.into_iter().min_by_key(|p| p.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_unsafe_links_are_found() {
        assert_eq!(
            problem("\"Call <b>now</b>\"", false),
            Some((6, 2, Problem::Html))
        );
        assert_eq!(
            problem("\"<script>x</script>\"", false),
            Some((1, 7, Problem::Html))
        );
        assert_eq!(
            problem("\"see JavaScript:alert(1)\"", false),
            Some((5, 11, Problem::ScriptLink))
        );
        assert_eq!(
            problem("\"data:text/html,hi\"", false),
            Some((1, 5, Problem::ScriptLink))
        );
        assert_eq!(
            problem("\"see http://x.org\"", false),
            Some((5, 7, Problem::InsecureLink))
        );
    }

    #[test]
    fn ordinary_text_is_fine() {
        for text in [
            "\"children aged < 5 and <= 11\"",
            "\"Source data: the council, 2015\"",
            "\"metadata:x\"",
            "\"see https://x.org\"",
            "\"1 <3\"",
        ] {
            assert_eq!(problem(text, false), None, "{text}");
        }
        assert_eq!(problem("\"http://localhost\"", true), None);
    }
}
