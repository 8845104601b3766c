//! The error overlay: a failed rebuild's diagnostics as HTML for the browser.
//!
//! The HTML is built here, on the server, with every piece of content escaped;
//! the injected script only drops it into the page.

use serde::Serialize;

use crate::diagnostics::{counted, Report, Severity};

/// What the browser shows over the last good page while the content has errors.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Overlay {
    /// "2 errors", the dialog's heading.
    pub title: String,
    pub html: String,
}

/// The ids the script uses to label the dialog (see `reload.rs`).
pub const TITLE_ID: &str = "__clustersite-overlay-title";
pub const BODY_ID: &str = "__clustersite-overlay-body";

pub fn from_report(report: &Report) -> Overlay {
    let title = counted(report.error_count(), "error");
    let items: String = report
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "<li style=\"margin:0 0 1rem\"><p style=\"margin:0 0 .25rem\"><code>{}:{}:{}</code> {}</p>\
                 <pre style=\"margin:0;padding:.5rem;overflow:auto;background:#f3f2f1;color:#0b0c0c;\
                 font:14px/1.35 ui-monospace,monospace;white-space:pre\">{}</pre></li>",
                escape(&d.file),
                d.line,
                d.column,
                escape(&d.message),
                // The same text `build` prints: message, snippet with caret, help.
                escape(d.render(false).trim_end()),
            )
        })
        .collect();
    let html = format!(
        "<h2 id=\"{TITLE_ID}\" style=\"margin:0 0 .5rem;font-size:1.4rem;color:#b10e1e\">\
         The site did not rebuild: {title}</h2>\
         <p id=\"{BODY_ID}\" style=\"margin:0 0 1rem\">You are looking at the last version that built. \
         Fix the content below and save: this page reloads by itself.</p>\
         <ol style=\"margin:0 0 1rem;padding-left:1.5rem\">{items}</ol>\
         <button type=\"button\" style=\"font:inherit;padding:.4rem 1rem;border:2px solid #0b0c0c;\
         background:#fff;color:#0b0c0c;cursor:pointer\">Close</button>"
    );
    Overlay { title, html }
}

pub use crate::format::escape_markup as escape;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, SourceFile};

    fn report() -> Report {
        let file = SourceFile::new(
            "content/pages/a.md",
            "+++\ntitle = \"<b>\"\n+++\n<script>x</script>\n",
        );
        let mut report = Report::default();
        report.push(
            Diagnostic::at(
                &file,
                22..30,
                "raw-html",
                "raw HTML <script> is not allowed",
            )
            .help("use Markdown & not HTML"),
        );
        report.push(Diagnostic::file("content/x", "stale", "old").warning());
        report
    }

    #[test]
    fn lists_errors_with_location_snippet_and_help_escaped() {
        let overlay = from_report(&report());
        assert_eq!(overlay.title, "1 error");
        assert!(overlay.html.contains("<code>content/pages/a.md:4:1</code>"));
        assert!(overlay
            .html
            .contains("raw HTML &lt;script&gt; is not allowed"));
        assert!(overlay.html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(overlay.html.contains("use Markdown &amp; not HTML"));
        assert!(!overlay.html.contains("<script"));
        // Warnings do not block a rebuild, so they are not in the overlay.
        assert!(!overlay.html.contains("content/x"));
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
