//! Reading content files: UTF-8 only, never empty.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{display_path, Diagnostic, SourceFile};

/// Reads a content file, refusing bytes that are not UTF-8 and files with nothing in them.
pub fn read_source(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let shown = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::file(
            &shown,
            "unreadable-file",
            format!("cannot read this file: {e}"),
        )
        .help("check that the file exists and that you may read it")
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(&shown, e)),
    };
    // A byte-order mark is invisible in editors; TOML and front matter must not start with one.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let file = SourceFile {
        display_path: shown,
        text,
    };
    if file.text.trim().is_empty() {
        return Err(
            Diagnostic::file(&file.display_path, "empty-file", "this file is empty")
                .help("add the content this file needs, or delete the file"),
        );
    }
    Ok(Arc::new(file))
}

fn not_utf8(shown: &str, error: std::string::FromUtf8Error) -> Diagnostic {
    let valid_up_to = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    // Locate the bad byte using the valid text before it.
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
    let file = SourceFile {
        display_path: shown.to_owned(),
        text: before,
    };
    let (line, column) = file.line_col(valid_up_to);
    let mut d = Diagnostic::file(
        shown,
        "not-utf8",
        format!(
            "this file is not UTF-8 text (byte {} at line {line} is not valid)",
            valid_up_to + 1
        ),
    )
    .help("save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")");
    d.line = line;
    d.column = column;
    d
}
