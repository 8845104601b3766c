//! Located findings about content: what is wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s so that `build` and `check`
//! can print all of them at once, as text for people or JSON for tools.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{Level, Renderer, Snippet};
use serde::Serialize;

pub mod formats;

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
    /// The text's hash, made once: `serve`'s memos key on it every rebuild,
    /// and hashing every file's whole text again each time was a tenth of it.
    digest: std::sync::OnceLock<u128>,
    /// One part's hash (its TOML), made once, for the same reason.
    part: std::sync::OnceLock<(Range<usize>, u128)>,
}

impl SourceFile {
    pub fn new(display_path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            display_path: display_path.into(),
            text: text.into(),
            digest: std::sync::OnceLock::new(),
            part: std::sync::OnceLock::new(),
        }
    }

    /// A 128-bit hash of the text (not of the path).
    pub fn digest(&self) -> u128 {
        *self
            .digest
            .get_or_init(|| xxhash_rust::xxh3::xxh3_128(self.text.as_bytes()))
    }

    /// A 128-bit hash of the text in `range`. The first range asked for is
    /// kept (a file has one TOML part: the whole file, or its front matter).
    pub fn part_digest(&self, range: &Range<usize>) -> u128 {
        let hash = || xxhash_rust::xxh3::xxh3_128(self.text[range.clone()].as_bytes());
        let (kept, digest) = self.part.get_or_init(|| (range.clone(), hash()));
        match kept == range {
            true => *digest,
            false => hash(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset. An offset
    /// past the end or inside a character counts as the start of that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = char_start(&self.text, offset);
        let before = &self.text.as_bytes()[..offset];
        let line = count_newlines(before) + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let col = before[line_start..]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
            + 1;
        (line, col)
    }
}

/// A file with thousands of findings asks for thousands of line numbers:
/// counted in chunks small enough for a one-byte counter, which the
/// compiler turns into wide vector compares.
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')) as usize)
        .sum()
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// `offset`, moved back to the start of the character it falls in (and
/// into the text): any span a rule computes is safe to slice with.
fn char_start(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `offset`, moved on to the end of the character it falls in.
fn char_end(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
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
    /// The part of the line the finding is on, for the human form. Only
    /// this is kept, never the file: memory stays small however many
    /// findings a file has.
    #[serde(skip)]
    excerpt: Option<Excerpt>,
    /// How many more findings like this one it stands for (see [`Report::sort`]).
    #[serde(skip)]
    more: usize,
}

/// A piece of one line of a file, and the part of it to underline.
#[derive(Debug, Clone)]
struct Excerpt {
    text: String,
    underline: Range<usize>,
}

/// How much of a long line is shown either side of what is underlined.
const EXCERPT_CONTEXT: usize = 60;
/// The most of one line that is underlined.
const EXCERPT_UNDERLINE: usize = 80;

impl Excerpt {
    /// The line holding `span.start`, cut to a window around the span.
    fn of(text: &str, span: Range<usize>) -> Excerpt {
        let start = char_start(text, span.start);
        let end = char_end(text, span.end.max(start));
        let bytes = text.as_bytes();
        let line_start = bytes[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| start + i);
        let line_end = if line_end > line_start && bytes[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        };
        let mut underline_end = end.clamp(start, line_end.max(start));
        if underline_end == start && start < line_end {
            // An empty span still gets a caret under the character it is at.
            underline_end = char_end(text, start + 1);
        }
        let underline_end = nth_char_end(text, start, underline_end, EXCERPT_UNDERLINE);
        let from = nth_char_back(text, line_start, start, EXCERPT_CONTEXT);
        let to = nth_char_end(
            text,
            underline_end,
            line_end.max(underline_end),
            EXCERPT_CONTEXT,
        );
        let mut excerpt = String::new();
        if from > line_start {
            excerpt.push_str("...");
        }
        let shift = excerpt.len();
        excerpt.push_str(&text[from..to]);
        if to < line_end {
            excerpt.push_str("...");
        }
        Excerpt {
            text: excerpt,
            underline: shift + start - from..shift + underline_end - from,
        }
    }
}

/// The end of at most `n` characters of `text[from..limit]`.
fn nth_char_end(text: &str, from: usize, limit: usize, n: usize) -> usize {
    text[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// The start of at most `n` characters before `to`, not before `limit`.
fn nth_char_back(text: &str, limit: usize, to: usize, n: usize) -> usize {
    text[limit..to]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(limit, |(i, _)| limit + i)
}

impl Diagnostic {
    /// A finding at a byte range of a file. The range may be anything: it
    /// is kept inside the text and on character boundaries.
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
            excerpt: Some(Excerpt::of(&file.text, span)),
            more: 0,
        }
    }

    /// A finding about a whole file (it cannot be read, it is missing...),
    /// located at its first line and column.
    pub fn file(path: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: path.into(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            rule,
            message: message.into(),
            help: None,
            excerpt: None,
            more: 0,
        }
    }

    /// Moves a whole-file finding to a better place than line 1, column 1.
    pub fn located(mut self, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self
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

    /// The human form: message, `--> file:line:col`, the line with a caret
    /// under the problem, help. Every finding has the location line, with
    /// or without a snippet.
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
        // One line, so that the location goes right under it.
        let title = self.message.replace(['\n', '\r'], " ");
        let mut message = level.title(&title).id(self.rule);
        if let Some(excerpt) = &self.excerpt {
            message = message.snippet(
                Snippet::source(&excerpt.text)
                    .line_start(self.line)
                    .annotation(level.span(excerpt.underline.clone())),
            );
        }
        if let Some(help) = &self.help {
            message = message.footer(Level::Help.title(help));
        }
        let text = renderer.render(message).to_string();
        // The gutter is as wide as the line number shown in the snippet.
        let gutter = " ".repeat(self.line.to_string().len());
        let arrow = if color { "\x1b[1;94m-->\x1b[0m" } else { "-->" };
        let location = format!(
            "{gutter}{arrow} {}:{}:{}",
            self.file, self.line, self.column
        );
        match text.split_once('\n') {
            Some((heading, rest)) => format!("{heading}\n{location}\n{rest}"),
            None => format!("{text}\n{location}"),
        }
    }
}

/// Something `check` reports that is not a problem (a page's reading
/// ease): never counted, never fails a run. In JSON it has a finding's
/// shape with `"severity": "note"`; for people it is one line.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
}

impl Note {
    pub fn new(file: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Note {
        Note {
            file: file.into(),
            line: 1,
            column: 1,
            severity: "note",
            rule,
            message: message.into(),
            help: None,
        }
    }

    /// `note[rule]: file: message`.
    pub fn line(&self) -> String {
        format!("note[{}]: {}: {}", self.rule, self.file, self.message)
    }
}

/// Sorted, de-duplicated diagnostics, errors and warnings together, and
/// any notes (after them, in the order they were added).
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub items: Vec<Diagnostic>,
    pub notes: Vec<Note>,
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

    /// Findings of one severity, counting those a summary stands for.
    fn count(&self, severity: Severity) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| 1 + d.more)
            .sum()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Whether this report stops a run: any error, or with `strict` (for a
    /// publishing pipeline) any warning too.
    pub fn fails(&self, strict: bool) -> bool {
        self.has_errors() || (strict && self.warning_count() > 0)
    }

    /// "1 error, 0 warnings": how `check`, a failed build and a failed
    /// rebuild of `serve` sum up.
    pub fn counts(&self) -> String {
        format!(
            "{}, {}",
            counted(self.error_count(), "error"),
            counted(self.warning_count(), "warning")
        )
    }

    /// " (2 warnings)" at the end of a good build's or rebuild's line;
    /// nothing when there are none.
    pub fn warnings_note(&self) -> String {
        match self.warning_count() {
            0 => String::new(),
            n => format!(" ({})", counted(n, "warning")),
        }
    }

    /// Orders findings by file and position so output is stable run to run,
    /// and lists at most [`SHOWN_PER_FILE_AND_RULE`] of one rule in one file:
    /// after them, one finding at the next place says how many more there are.
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
        self.cap_repeats();
    }

    fn cap_repeats(&mut self) {
        let mut totals: HashMap<(&str, &str), usize> = HashMap::new();
        for d in &self.items {
            *totals.entry((&d.file, d.rule)).or_default() += 1;
        }
        if totals.values().all(|&n| n <= SHOWN_PER_FILE_AND_RULE) {
            return;
        }
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        let fates: Vec<Fate> = self
            .items
            .iter()
            .map(|d| {
                let key = (d.file.as_str(), d.rule);
                let n = seen.entry(key).or_default();
                *n += 1;
                match *n {
                    n if n <= SHOWN_PER_FILE_AND_RULE => Fate::Keep,
                    n if n == SHOWN_PER_FILE_AND_RULE + 1 => {
                        Fate::Summary(totals[&key] - SHOWN_PER_FILE_AND_RULE)
                    }
                    _ => Fate::Drop,
                }
            })
            .collect();
        let mut fates = fates.into_iter();
        self.items.retain_mut(|d| match fates.next() {
            Some(Fate::Keep) => true,
            Some(Fate::Summary(more)) => {
                d.message = format!("and {} more like this", thousands(more));
                d.help = Some("fix the ones above first, then check again to see the rest".into());
                d.more = more - 1;
                true
            }
            _ => false,
        });
    }

    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for item in &self.items {
            let _ = writeln!(out, "{}", item.render(color));
        }
        for note in &self.notes {
            let _ = writeln!(out, "{}", note.line());
        }
        out
    }

    pub fn to_json(&self) -> String {
        let mut all: Vec<serde_json::Value> = Vec::new();
        all.extend(self.items.iter().map(|d| serde_json::json!(d)));
        all.extend(self.notes.iter().map(|n| serde_json::json!(n)));
        serde_json::to_string_pretty(&all).expect("diagnostics serialise")
    }

    /// GitHub workflow commands, one line per finding (see [`formats::github`]).
    pub fn to_github(&self) -> String {
        formats::github(self)
    }

    /// A SARIF 2.1.0 log (see [`formats::sarif`]).
    pub fn to_sarif(&self) -> String {
        formats::sarif(self)
    }
}

/// See [`Report::sort`]: 10,000 copies of one mistake help nobody, and
/// would cost memory and time to print.
pub const SHOWN_PER_FILE_AND_RULE: usize = 50;

enum Fate {
    Keep,
    /// The first finding past the limit, standing for this many.
    Summary(usize),
    Drop,
}

/// "1 error", "3 warnings": a number of findings, the one way every
/// summary words it.
pub fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// 9950 as "9,950".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
        SourceFile::new("content/x.toml", text)
    }

    #[test]
    fn a_part_digest_is_of_the_range_asked_for_even_after_another() {
        let f = file("title = \"a\"\n+++\nbody");
        let toml = 0..11;
        let digest =
            |range: std::ops::Range<usize>| xxhash_rust::xxh3::xxh3_128(&f.text.as_bytes()[range]);
        assert_eq!(f.part_digest(&toml), digest(toml.clone()));
        assert_eq!(f.part_digest(&toml), digest(toml.clone()), "kept");
        assert_eq!(f.part_digest(&(0..5)), digest(0..5), "not the kept one");
        assert_ne!(f.part_digest(&(0..5)), f.part_digest(&toml));
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

    #[test]
    fn any_span_is_safe_inside_multibyte_text() {
        let f = file("a = \"€€€\"\nb = \"ä\"\n");
        for start in 0..f.text.len() + 3 {
            for end in [start, start + 1, start + 2, f.text.len() + 5, 0] {
                let d = Diagnostic::at(&f, start..end, "x", "m");
                assert!(d.line >= 1 && d.column >= 1);
                d.render(false);
            }
        }
        // Inside the second "€": the column of that character.
        assert_eq!(f.line_col(5 + 3 + 1), (1, 7));
        assert_eq!(f.line_col(999), (3, 1));
    }

    #[test]
    fn every_finding_renders_its_location_line() {
        let d = Diagnostic::file("content/pages/a.md", "empty-file", "this file is empty")
            .help("add text");
        assert_eq!(
            d.render(false),
            "error[empty-file]: this file is empty\n --> content/pages/a.md:1:1\n = help: add text\n"
                .trim_end()
        );
        let d = Diagnostic::file("content/a.md", "not-utf8", "bad").located(12, 4);
        assert!(
            d.render(false).contains("  --> content/a.md:12:4"),
            "{}",
            d.render(false)
        );
        assert_eq!(d.short(), "content/a.md:12:4: error[not-utf8]: bad");
    }

    #[test]
    fn a_long_line_is_shown_around_the_problem_only() {
        let line = format!("{}<b>{}", "x".repeat(5000), "y".repeat(5000));
        let f = file(&line);
        let d = Diagnostic::at(&f, 5000..5003, "raw-html", "HTML");
        let text = d.render(false);
        assert!(text.contains("content/x.toml:1:5001"), "{text}");
        let shown = format!("1 | ...{}<b>{}...\n", "x".repeat(60), "y".repeat(60));
        assert!(text.contains(&shown), "{text}");
        assert!(text.len() < 600, "{text}");
    }

    #[test]
    fn findings_of_one_rule_in_one_file_are_capped_with_a_summary() {
        let text = "<b>\n".repeat(120);
        let f = file(&text);
        let mut report = Report::default();
        for i in 0..120 {
            report.push(Diagnostic::at(&f, i * 4..i * 4 + 3, "raw-html", "HTML"));
        }
        report.push(Diagnostic::at(&f, 0..1, "other", "other"));
        report.sort();
        let raw: Vec<&Diagnostic> = report
            .items
            .iter()
            .filter(|d| d.rule == "raw-html")
            .collect();
        assert_eq!(raw.len(), 51);
        assert_eq!(
            raw[49].short(),
            "content/x.toml:50:1: error[raw-html]: HTML"
        );
        assert_eq!(
            raw[50].short(),
            "content/x.toml:51:1: error[raw-html]: and 70 more like this"
        );
        assert_eq!(report.items.len(), 52);
        // The counts still tell the whole story.
        assert_eq!(report.error_count(), 121);
        assert_eq!(thousands(9950), "9,950");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(950), "950");
    }

    #[test]
    fn summaries_count_errors_and_warnings() {
        let f = file("a = 1\nb = 2\n");
        let mut report = Report::default();
        assert_eq!(report.counts(), "0 errors, 0 warnings");
        assert_eq!(report.warnings_note(), "");
        assert!(!report.fails(true));
        report.push(Diagnostic::at(&f, 0..1, "x", "one").warning());
        assert_eq!(report.counts(), "0 errors, 1 warning");
        assert_eq!(report.warnings_note(), " (1 warning)");
        assert!(!report.fails(false));
        assert!(report.fails(true));
        report.push(Diagnostic::at(&f, 6..7, "x", "two").warning());
        report.push(Diagnostic::at(&f, 0..1, "y", "three"));
        assert_eq!(report.counts(), "1 error, 2 warnings");
        assert_eq!(report.warnings_note(), " (2 warnings)");
        assert!(report.fails(false));
        assert_eq!(counted(0, "page"), "0 pages");
    }

    #[test]
    fn json_has_one_shape_for_every_finding() {
        let f = file("a = 1\n");
        let mut report = Report::default();
        report.push(Diagnostic::at(&f, 0..1, "x", "at a span"));
        report.push(Diagnostic::file("content/y.md", "empty-file", "empty"));
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let keys = |i: usize| {
            let mut k: Vec<String> = json[i].as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(0), keys(1));
        assert_eq!(
            keys(0),
            ["column", "file", "help", "line", "message", "rule", "severity"]
        );
    }
}
