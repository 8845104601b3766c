//! Typed TOML parsing whose errors read like advice, located in the file.
//!
//! serde reports "unknown field `emial`, expected one of ..."; comms staff need
//! "`emial` is not a field of `contact`; did you mean `email`?" at the key itself.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, SourceFile};

/// Parses `range` of `file` (the whole file, or its front matter) as `T`.
/// `kind` names the top-level table in messages ("cluster", "case study").
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    range: Range<usize>,
    kind: &str,
) -> Result<T, Diagnostic> {
    let text = &file.text[range.clone()];
    toml::from_str(text).map_err(|error| {
        let local = error.span().unwrap_or(0..0);
        let span = range.start + local.start..range.start + local.end;
        let table = enclosing_table(text, local.start).unwrap_or_else(|| kind.to_owned());
        explain(file, span, &table, error.message())
    })
}

fn explain(file: &SourceFile, span: Range<usize>, table: &str, message: &str) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = split_field_and_expected(rest);
        let d = Diagnostic::at(
            file,
            span,
            "unknown-field",
            format!("`{field}` is not a field of `{table}`"),
        );
        return match closest(&field, &expected) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => d.help(format!(
                "the fields of `{table}` are {}; rename or remove this key",
                list(&expected)
            )),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return Diagnostic::at(
            file,
            span,
            "missing-field",
            format!("`{table}` needs a `{field}` field"),
        )
        .help(format!("add `{field} = ...` to this {table}"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = split_field_and_expected(rest);
        let d = Diagnostic::at(
            file,
            span,
            "unknown-value",
            format!("`{value}` is not an allowed value here"),
        );
        return match closest(&value, &expected) {
            Some(best) => d.help(format!(
                "did you mean \"{best}\"? allowed: {}",
                list(&expected)
            )),
            None => d.help(format!("use one of {}", list(&expected))),
        };
    }
    if message.contains("datetime") || message.contains("a date") || message.contains("date") {
        let what = if message.contains("invalid type: string") {
            "dates are written without quotes".to_owned()
        } else {
            first_line(message)
        };
        return Diagnostic::at(
            file,
            span,
            "bad-date",
            format!("this is not a valid date: {what}"),
        )
        .help("write dates as YYYY-MM-DD without quotes, e.g. last_reviewed = 2015-09-30");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return Diagnostic::at(
            file,
            span,
            "invalid-type",
            format!("wrong kind of value: {}", first_line(rest)),
        )
        .help(type_help(rest));
    }
    // A number of the right kind but out of range (`paginate_by = 0`,
    // `families_first_families = -1`): the TOML is fine, the value is not.
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return Diagnostic::at(
            file,
            span,
            "invalid-value",
            match value_rule(rest) {
                Some(rule) => format!("this number is not allowed here: it must be {rule}"),
                None => format!("this value is not allowed here: {}", first_line(rest)),
            },
        )
        .help(value_help(rest));
    }
    // The parser stops at a fixed depth rather than run out of stack.
    if message.starts_with("recursion limit exceeded") {
        return Diagnostic::at(
            file,
            span,
            "too-deep",
            "lists or tables are nested too deeply here",
        )
        .help("content needs only a few levels of [ ] and { }; remove the extra brackets");
    }
    if message.starts_with("duplicate key") {
        return Diagnostic::at(file, span, "duplicate-key", first_line(message))
            .help("each key may appear once in a table; delete or rename one of them");
    }
    Diagnostic::at(
        file,
        span,
        "toml-syntax",
        format!("this is not valid TOML: {}", first_line(message)),
    )
    .help("check the quotes, `=` signs and brackets on this line, e.g. name = \"Harehills\"")
}

fn type_help(detail: &str) -> &'static str {
    if detail.ends_with("a string") {
        "put text in double quotes, e.g. name = \"Harehills\""
    } else if detail.contains("u32") || detail.contains("u64") || detail.contains("integer") {
        "write a whole number without quotes, commas or £, e.g. 496038"
    } else if detail.contains("a boolean") {
        "write true or false, without quotes"
    } else if detail.contains("sequence") {
        "write a list in square brackets, e.g. [\"Harehills\", \"Gipton\"]"
    } else {
        "check the value against the examples in README.md"
    }
}

/// serde's "expected a nonzero u32" in words.
fn value_rule(detail: &str) -> Option<&'static str> {
    if detail.contains("expected a nonzero") {
        Some("1 or more")
    } else if detail.contains("expected u") {
        Some("0 or more")
    } else {
        None
    }
}

fn value_help(detail: &str) -> &'static str {
    if detail.contains("expected a nonzero") {
        "write a whole number of 1 or more, without quotes, e.g. 10"
    } else if detail.contains("expected u") {
        "write a whole number of 0 or more, without quotes or a minus sign, e.g. 10"
    } else {
        "check the value against the examples in README.md"
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}

/// From "emial`, expected one of `role`, `name`" returns ("emial", ["role", "name"]).
fn split_field_and_expected(rest: &str) -> (String, Vec<String>) {
    let mut parts = rest.split('`');
    let field = parts.next().unwrap_or_default().to_owned();
    let expected = parts
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .filter(|s| !s.is_empty())
        .collect();
    (field, expected)
}

fn closest(word: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= (c.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c.clone())
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table a byte offset sits in: an inline table's key on the same line, or
/// the nearest `[header]` / `[[header]]` above, in the singular ("contact").
fn enclosing_table(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    if let Some(brace) = line.rfind('{') {
        let key = line[..brace].trim_end().trim_end_matches('=').trim();
        if !key.is_empty() {
            return Some(key.rsplit('.').next().unwrap_or(key).to_owned());
        }
    }
    text[..line_start].lines().rev().find_map(|l| {
        let l = l.trim();
        let name = l.strip_prefix("[[").and_then(|r| r.strip_suffix("]]"));
        let name = name.or_else(|| l.strip_prefix('[').and_then(|r| r.strip_suffix(']')))?;
        let last = name.trim().rsplit('.').next().unwrap_or(name).trim();
        Some(singular(last).to_owned())
    })
}

fn singular(name: &str) -> &str {
    if name.ends_with("ss") {
        name
    } else {
        name.strip_suffix('s').unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Contact {
        role: String,
        email: Option<String>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Cluster {
        name: String,
        #[serde(default)]
        contacts: Vec<Contact>,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("cluster.toml", text)
    }

    fn error(text: &str) -> Diagnostic {
        let f = file(text);
        parse::<Cluster>(&f, 0..f.text.len(), "cluster").unwrap_err()
    }

    #[test]
    fn unknown_field_names_the_table_and_suggests() {
        let d = error("name = \"x\"\n\n[[contacts]]\nrole = \"TSL\"\nemial = \"a@b\"\n");
        assert_eq!(d.message, "`emial` is not a field of `contact`");
        assert_eq!(d.help.as_deref(), Some("did you mean `email`?"));
        assert_eq!((d.line, d.column), (5, 1));
    }

    #[test]
    fn missing_field_and_wrong_type_are_explained() {
        let d = error("contacts = []\n");
        assert_eq!(d.rule, "missing-field");
        assert!(d.message.contains("`name`"), "{}", d.message);
        let d = error("name = 3\n");
        assert_eq!(d.rule, "invalid-type");
        assert_eq!((d.line, d.column), (1, 8));
        assert!(d.help.unwrap().contains("double quotes"));
    }

    #[test]
    fn a_number_out_of_range_is_not_called_broken_toml() {
        #[allow(dead_code)]
        #[derive(Debug, Deserialize)]
        struct Settings {
            paginate_by: std::num::NonZeroU32,
            families: Option<u32>,
        }
        let of = |text: &str| {
            let f = file(text);
            parse::<Settings>(&f, 0..f.text.len(), "site").unwrap_err()
        };
        let d = of("paginate_by = 0\n");
        assert_eq!(d.rule, "invalid-value");
        assert_eq!((d.line, d.column), (1, 15));
        assert_eq!(
            d.message,
            "this number is not allowed here: it must be 1 or more"
        );
        assert!(d.help.unwrap().contains("1 or more"));
        let d = of("paginate_by = 5\nfamilies = -1\n");
        assert_eq!(d.rule, "invalid-value");
        assert_eq!(d.line, 2);
        assert!(d.help.unwrap().contains("minus"));
    }

    #[test]
    fn syntax_errors_are_located() {
        let d = error("name = \"x\nother = 1\n");
        assert_eq!(d.rule, "toml-syntax");
        assert_eq!(d.line, 1);
    }

    #[test]
    fn front_matter_offsets_are_file_offsets() {
        let f = file("+++\nname = \"x\"\nnmae = 1\n+++\n");
        let d = parse::<Cluster>(&f, 4..f.text.len() - 4, "page").unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn deep_nesting_is_a_located_error_not_a_stack_overflow() {
        let depth = 100_000;
        let d = error(&format!(
            "name = \"x\"\ncontacts = {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
        assert_eq!(d.rule, "too-deep");
        assert_eq!(d.line, 2);
        assert!(d.column > 12, "{}", d.column);
    }
}
