//! Splitting `+++` TOML front matter from a Markdown body, keeping offsets.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile};

pub struct Split {
    /// The TOML between the fences, as a byte range of the file.
    pub front: Range<usize>,
    /// Where the Markdown body starts.
    pub body_offset: usize,
}

pub fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &file.text;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::at(
            file,
            0..first_line_end,
            "front-matter",
            "this file must start with front matter between `+++` lines",
        )
        .help(
            "put `+++` on the first line, then fields such as title = \"...\", then `+++` again",
        ));
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut line_start = front_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            return Ok(Split {
                front: front_start..line_start,
                body_offset: (line_end + 1).min(text.len()),
            });
        }
        line_start = line_end + 1;
    }
    Err(Diagnostic::at(
        file,
        0..first_line_end,
        "front-matter",
        "the front matter that starts here is never closed",
    )
    .help("add a line with just `+++` after the last front matter field"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md", text)
    }

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let f = file("+++\ntitle = \"x\"\n+++\n# Body\n");
        let s = split(&f).unwrap();
        assert_eq!(&f.text[s.front.clone()], "title = \"x\"\n");
        assert_eq!(&f.text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn unclosed_or_missing_front_matter_is_located() {
        let d = split(&file("+++\ntitle = \"x\"\n")).err().unwrap();
        assert_eq!((d.line, d.column, d.rule), (1, 1, "front-matter"));
        let d = split(&file("title = \"x\"\n")).err().unwrap();
        assert!(d.message.contains("must start with front matter"));
    }
}
