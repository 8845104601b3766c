//! Finding a field in a file's text when the model keeps no span for it
//! (`last_reviewed` of a cluster, `name` of a service, `title` of a page),
//! so that every finding still points at a line and column.

use std::ops::Range;

use crate::model::Document;
use crate::toml_strings;

/// The value of `key = ...` among the keys before the first table header.
pub fn top_level_value(text: &str, key: &str) -> Option<Range<usize>> {
    for start in toml_strings::line_starts(text) {
        if text[start..].trim_start().starts_with('[') {
            return None;
        }
        if let Some(value) = value_on_line(text, start, key) {
            return Some(value);
        }
    }
    None
}

/// The header line (`[[contacts]]`) of the table that holds `offset`.
pub fn table_header(text: &str, offset: usize) -> Option<Range<usize>> {
    toml_strings::line_starts(text)
        .into_iter()
        .rfind(|&start| start <= offset && text[start..].trim_start().starts_with('['))
        .map(|start| start..line_end(text, start))
}

/// The value of `key = ...` in the table that holds `offset`.
pub fn value_in_table(text: &str, offset: usize, key: &str) -> Option<Range<usize>> {
    let header = table_header(text, offset)?;
    toml_strings::line_starts(text)
        .into_iter()
        .filter(|&start| start > header.start)
        .take_while(|&start| !text[start..].trim_start().starts_with('['))
        .find_map(|start| value_on_line(text, start, key))
}

/// The value of a front matter key, as a range of the file.
pub fn front_value<F>(doc: &Document<F>, key: &str) -> Option<Range<usize>> {
    let front = doc.front_matter();
    let value = top_level_value(&doc.doc.file.text[front.clone()], key)?;
    Some(front.start + value.start..front.start + value.end)
}

/// The closing `+++` of a Markdown file's front matter.
pub fn closing_fence<F>(doc: &Document<F>) -> Range<usize> {
    let end = doc.front_matter().end;
    end..end + 3
}

fn line_end(text: &str, start: usize) -> usize {
    text[start..].find('\n').map_or(text.len(), |i| start + i)
}

/// If the line at `start` is `key = value`, the value's range.
fn value_on_line(text: &str, start: usize, key: &str) -> Option<Range<usize>> {
    let line = &text[start..line_end(text, start)];
    let indent = line.len() - line.trim_start().len();
    let rest = line[indent..].strip_prefix(key)?;
    let after_key = rest.trim_start();
    let after_equals = after_key.strip_prefix('=')?;
    let value_start = start + line.len() - after_equals.trim_start().len();
    let strings = toml_strings::spans(&text[value_start..]);
    let end = match strings.first() {
        Some(s) if s.start == 0 => value_start + s.end,
        _ => {
            let line_rest = &text[value_start..line_end(text, start)];
            let code = line_rest.split('#').next().unwrap_or("");
            value_start + code.trim_end().len()
        }
    };
    Some(value_start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name = \"North\" # the name\nlast_reviewed = 2024-01-31\nnotes = \"\"\"\n[x]\nname = 1\n\"\"\"\n\n[[services]]\nslug = \"a\"\nname = \"Family support\"\n\n[[services]]\nname = \"Other\"\n";

    fn value(range: Option<Range<usize>>) -> &'static str {
        &TEXT[range.unwrap()]
    }

    #[test]
    fn finds_top_level_values_before_any_table() {
        assert_eq!(value(top_level_value(TEXT, "name")), "\"North\"");
        assert_eq!(value(top_level_value(TEXT, "last_reviewed")), "2024-01-31");
        assert_eq!(top_level_value(TEXT, "slug"), None);
    }

    #[test]
    fn finds_values_in_the_table_holding_an_offset() {
        let slug = TEXT.find("\"a\"").unwrap();
        assert_eq!(
            value(value_in_table(TEXT, slug, "name")),
            "\"Family support\""
        );
        assert_eq!(value(table_header(TEXT, slug)), "[[services]]");
        let other = TEXT.find("\"Other\"").unwrap();
        assert_eq!(value(value_in_table(TEXT, other, "name")), "\"Other\"");
    }
}
