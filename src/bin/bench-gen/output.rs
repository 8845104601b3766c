//! Writing files, plus TOML value quoting shared by both writers.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes files under one root, creating each folder once, and counts them.
pub struct Tree {
    root: PathBuf,
    made: HashSet<PathBuf>,
    pub files: usize,
    pub bytes: u64,
}

impl Tree {
    pub fn new(root: &Path) -> Self {
        Tree {
            root: root.to_path_buf(),
            made: HashSet::new(),
            files: 0,
            bytes: 0,
        }
    }

    /// `path` is `/`-separated and relative to the root.
    pub fn write(&mut self, path: &str, text: &str) -> io::Result<()> {
        let full = self.root.join(path);
        if let Some(parent) = full.parent() {
            if !self.made.contains(parent) {
                fs::create_dir_all(parent)?;
                self.made.insert(parent.to_path_buf());
            }
        }
        fs::write(&full, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// A TOML basic string. Generated text has no control characters, but quotes
/// and backslashes are escaped anyway so any word list stays valid.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Markdown document with `+++` TOML front matter.
pub fn markdown(front: &[(&str, String)], body: &str) -> String {
    let mut out = String::from("+++\n");
    for (key, value) in front {
        out.push_str(&format!("{key} = {value}\n"));
    }
    out.push_str("+++\n");
    out.push_str(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
