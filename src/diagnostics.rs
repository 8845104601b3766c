//! Located findings about content: what is wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s so that `build` and `check`
//! can print all of them at once, as text for people or JSON for tools.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{Level, Renderer, Snippet};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A content file held in memory, with its path as shown to the user.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators (stable across machines).
    pub display_path: String,
    pub text: String,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    /// A short stable id such as `unknown-field`, for tools and for tests.
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    #[serde(skip)]
    pub source: Option<String>,
}

impl Diagnostic {
    /// A finding at a byte range of a file.
    pub fn at(
        file: &SourceFile,
        span: Range<usize>,
        rule: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = file.line_col(span.start);
        Diagnostic {
            file: file.display_path.clone(),
            line,
            column,
            severity: Severity::Error,
            rule,
            message: message.into(),
            help: None,
            span: Some(span),
            source: Some(file.text.clone()),
        }
    }

    /// A finding about a whole file (it cannot be read, it is missing...).
    pub fn file(path: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: path.into(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            rule,
            message: message.into(),
            help: None,
            span: None,
            source: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// `file:line:col: rule: message`, the one-line form used by tests and editors.
    pub fn short(&self) -> String {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            self.file,
            self.line,
            self.column,
            self.severity_word(),
            self.rule,
            self.message
        )
    }

    fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The human form: message, location, the source line with a caret, help.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let location = format!("in {}", self.file);
        let mut message = level.title(&self.message).id(self.rule);
        if let (Some(span), Some(source)) = (&self.span, &self.source) {
            let span = clamp_span(source, span.clone());
            message = message.snippet(
                Snippet::source(source)
                    .origin(&self.file)
                    .fold(true)
                    .annotation(level.span(span)),
            );
        }
        if self.span.is_none() {
            message = message.footer(Level::Note.title(&location));
        }
        if let Some(help) = &self.help {
            message = message.footer(Level::Help.title(help));
        }
        let text = renderer.render(message).to_string();
        text
    }
}

/// Keeps a span inside the text and non-empty so the caret has something to point at.
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(source.len());
    let mut end = span.end.min(source.len()).max(start);
    if end == start && start < source.len() {
        end = start + source[start..].chars().next().map_or(1, char::len_utf8);
    }
    // Stop at the end of the first line: a caret under a whole table is noise.
    if let Some(newline) = source[start..end].find('\n') {
        if newline > 0 {
            end = start + newline;
        }
    }
    start..end
}

/// Sorted, de-duplicated diagnostics, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub items: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Orders findings by file and position so output is stable run to run.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
        });
        self.items.dedup_by(|a, b| {
            a.file == b.file
                && a.line == b.line
                && a.column == b.column
                && a.rule == b.rule
                && a.message == b.message
        });
    }

    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for item in &self.items {
            let _ = writeln!(out, "{}", item.render(color));
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.items).expect("diagnostics serialise")
    }
}

/// A path shown to users: relative to the site root, `/`-separated.
pub fn display_path(root: &std::path::Path, path: &std::path::Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            display_path: "content/x.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let f = file("a = 1\nnäme = 2\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        // "ä" is two bytes but one column.
        assert_eq!(f.line_col(6 + "nä".len()), (2, 3));
    }

    #[test]
    fn render_shows_location_snippet_and_help() {
        let f = file("name = \"x\"\nemial = \"a@b\"\n");
        let d = Diagnostic::at(&f, 11..16, "unknown-field", "`emial` is not a field")
            .help("did you mean `email`?");
        let text = d.render(false);
        assert!(text.contains("content/x.toml:2:1"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `email`?"), "{text}");
        assert_eq!(
            d.short(),
            "content/x.toml:2:1: error[unknown-field]: `emial` is not a field"
        );
    }
}
