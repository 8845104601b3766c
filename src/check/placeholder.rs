//! Placeholders that `clustersite new` leaves for the author ("WRITE HERE:
//! the summary (...)"), still in a file. A warning, so that a draft can be
//! previewed, and an error under `--strict`, so that a publishing pipeline
//! never publishes one. Every line of every content file is read, comments
//! too: a new file's comment can ask for a date to be set.

use crate::cache::{KeyHasher, Memo};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::Site;
use crate::scaffold::{MARKER, PLACEHOLDER_EMAIL};

pub fn check(site: &Site, kept: &Memo<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let mut files: Vec<&SourceFile> = vec![&site.config_file, &site.form.file];
    files.extend(site.home.iter().map(|d| &*d.doc.file));
    files.extend(site.pages.iter().map(|d| &*d.doc.file));
    for cluster in &site.clusters {
        files.push(&cluster.file);
        files.extend(cluster.intro.iter().map(|d| &*d.doc.file));
        files.extend(cluster.case_studies.iter().map(|d| &*d.doc.file));
        files.extend(cluster.updates.iter().map(|d| &*d.doc.file));
    }
    // A file's findings depend on its text alone: kept between `serve`'s rebuilds.
    (files.into_iter())
        .flat_map(|file| {
            let key = || {
                (KeyHasher::new("placeholder"))
                    .add(&file.display_path)
                    .add(file.digest())
                    .key()
            };
            kept.get_or(key, || check_file(file))
        })
        .collect()
}

/// One finding per line that holds a placeholder, at its first one.
fn check_file(file: &SourceFile) -> Vec<Diagnostic> {
    let email_marker = &PLACEHOLDER_EMAIL[..MARKER.len()];
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in file.text.split_inclusive('\n') {
        let first = [line.find(MARKER), line.find(email_marker)]
            .into_iter()
            .flatten()
            .min();
        if let Some(at) = first {
            let (what, guidance, end) = match line.find(MARKER) {
                Some(marker) => instruction(line, marker),
                None => (
                    "the email address".to_owned(),
                    None,
                    at + email_marker.len(),
                ),
            };
            let end = end.max(at + email_marker.len());
            let mut help = guidance.map_or_else(String::new, |g| format!("{g}. "));
            help.push_str(&format!(
                "Replace the whole placeholder, from {MARKER} on; check --strict and build --strict fail while it is there"
            ));
            found.push(
                Diagnostic::at(
                    file,
                    line_start + at..line_start + end,
                    "placeholder",
                    format!("write {what} here"),
                )
                .help(help)
                .warning(),
            );
        }
        line_start += line.len();
    }
    found
}

/// What a placeholder asks for: "WRITE HERE: the summary (one sentence)" is
/// ("the summary", Some("one sentence")); and where it ends in the line (at
/// the end of its TOML string, or of the line).
fn instruction(line: &str, marker: usize) -> (String, Option<String>, usize) {
    let after = marker + MARKER.len();
    let rest = &line[after..];
    let end = after + rest.find(['"', '\n', '\r']).unwrap_or(rest.len());
    let text = line[after..end].trim_start_matches([':', ' ']).trim_end();
    let end = after + line[after..end].trim_end().len();
    match text.split_once(" (") {
        Some((what, guidance)) => (
            what.trim().to_owned(),
            Some(guidance.trim_end_matches(')').trim().to_owned()),
            end,
        ),
        None if text.is_empty() => ("your own words".to_owned(), None, end),
        None => (text.to_owned(), None, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<String> {
        let file = SourceFile::new("content/x.md", text);
        check_file(&file)
            .iter()
            .map(|d| format!("{} | {}", d.short(), d.help.as_deref().unwrap_or("")))
            .collect()
    }

    #[test]
    fn a_placeholder_says_what_to_write_and_where() {
        let found = findings(
            "title = \"A\"\nsummary = \"WRITE HERE: the summary (one sentence)\"\nWRITE HERE\nemail = \"WRITE.HERE@example.invalid\"  # WRITE HERE: the email (a real one)\nWrite here is not a placeholder\n",
        );
        assert_eq!(
            found,
            [
                "content/x.md:2:12: warning[placeholder]: write the summary here | one sentence. Replace the whole placeholder, from WRITE HERE on; check --strict and build --strict fail while it is there",
                "content/x.md:3:1: warning[placeholder]: write your own words here | Replace the whole placeholder, from WRITE HERE on; check --strict and build --strict fail while it is there",
                "content/x.md:4:10: warning[placeholder]: write the email here | a real one. Replace the whole placeholder, from WRITE HERE on; check --strict and build --strict fail while it is there",
            ]
        );
    }

    /// The underline covers the placeholder and nothing after it, on any
    /// line (a span measured from the wrong line start would run to the end
    /// of the line, or shrink to one character on the first).
    #[test]
    fn the_placeholder_itself_is_underlined() {
        let placeholder = "WRITE HERE: the summary (one sentence)";
        for text in [
            format!("summary = \"{placeholder}\" # and more after it\n"),
            format!("title = \"A\"\nsummary = \"{placeholder}\" # and more after it\n"),
        ] {
            let file = SourceFile::new("content/x.toml", &text);
            let found = check_file(&file);
            let shown = found[0].render(false);
            // The underline row: the gutter, then only spaces and marks
            // (a warning is underlined with '-').
            let marks = (shown.lines())
                .filter_map(|l| l.trim_start().strip_prefix('|'))
                .filter(|rest| rest.contains('-') && rest.chars().all(|c| c == ' ' || c == '-'))
                .map(|rest| rest.matches('-').count())
                .max();
            assert_eq!(marks, Some(placeholder.len()), "{shown}");
        }
    }
}
