//! Reading content files: inside the site, UTF-8 only, never empty.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache::{Key, KeyHasher};
use crate::diagnostics::{display_path, Diagnostic, SourceFile};

/// Reads a content file, refusing a link to a file outside the site, bytes
/// that are not UTF-8 and files with nothing in them. Every refusal is
/// located in the file (line 1, column 1 when there is no better place).
pub fn read_source(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    read_in(&SiteFolders::of(root), root, path)
}

/// What the file system says of a content file: its path, and the device,
/// inode, size, modification and change times of the link (if it is one)
/// and of the file it leads to. Any write, rename, replacement or change of
/// a link's target changes one of them, so a file whose identity is
/// unchanged need not be read again (a file is never judged by its name or
/// by a watcher's event alone).
/// With it, whether the file has another name (a hard link) that may be
/// written through where no watcher sees.
pub fn looked_at(root: &Path, path: &Path) -> (Key, bool) {
    let mut other_names = false;
    let mut key = KeyHasher::new("content file");
    key.add(root).add(path);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    for meta in [std::fs::symlink_metadata(path), std::fs::metadata(path)] {
        match meta {
            Ok(m) => {
                other_names |= m.is_file() && m.nlink() > 1;
                key.add(m.dev())
                    .add(m.ino())
                    .add(m.size())
                    .add((m.mtime(), m.mtime_nsec()))
                    .add((m.ctime(), m.ctime_nsec()));
                // File times tick coarsely (a few milliseconds on ext4): a
                // file changed in the last seconds could change again with
                // the same times and size, so it is always read (as git
                // treats "racily clean" files).
                if now - m.mtime().max(m.ctime()) < 3 {
                    key.add(std::time::Instant::now());
                }
            }
            Err(e) => {
                key.add(e.kind().to_string());
            }
        }
    }
    (key.key(), other_names)
}

/// The folders a content file must be inside once links are resolved: the
/// site folder and `content/`, resolved once for all of a load's files.
pub struct SiteFolders {
    real: Vec<PathBuf>,
}

impl SiteFolders {
    pub fn of(root: &Path) -> Self {
        let folders = [root.to_path_buf(), root.join("content")];
        SiteFolders {
            real: folders
                .iter()
                .filter_map(|f| f.canonicalize().ok())
                .collect(),
        }
    }
}

/// As [`read_source`], with the site's folders already resolved.
pub fn read_in(
    folders: &SiteFolders,
    root: &Path,
    path: &Path,
) -> Result<Arc<SourceFile>, Diagnostic> {
    let shown = display_path(root, path);
    refuse_outside_root(folders, path, &shown)?;
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
    let file = SourceFile::new(shown, text);
    if file.text.trim().is_empty() {
        return Err(
            Diagnostic::file(&file.display_path, "empty-file", "this file is empty")
                .help("add the content this file needs, or delete the file"),
        );
    }
    Ok(Arc::new(file))
}

/// A content file reached through a symbolic link (the file's or a
/// folder's) must still be inside the site folder (or inside `content/`,
/// wherever that is) once links are resolved: otherwise a link could
/// publish any file on the computer.
fn refuse_outside_root(folders: &SiteFolders, path: &Path, shown: &str) -> Result<(), Diagnostic> {
    let Ok(real_path) = path.canonicalize() else {
        // Missing or unreadable: reading it says so.
        return Ok(());
    };
    let inside = folders
        .real
        .iter()
        .any(|folder| real_path.starts_with(folder));
    if inside {
        return Ok(());
    }
    Err(Diagnostic::file(
        shown,
        "outside-site",
        "this file is a link to a file outside the site folder",
    )
    .help("copy the file into the site folder instead of linking to it"))
}

fn not_utf8(shown: &str, error: std::string::FromUtf8Error) -> Diagnostic {
    let valid_up_to = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    // Locate the bad byte using the valid text before it.
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
    let file = SourceFile::new(shown.to_owned(), before);
    let (line, column) = file.line_col(valid_up_to);
    Diagnostic::file(
        shown,
        "not-utf8",
        format!(
            "this file is not UTF-8 text (byte {} is not valid)",
            valid_up_to + 1
        ),
    )
    .help("save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")")
    .located(line, column)
}

#[cfg(test)]
mod identity_tests {
    use super::looked_at;
    use crate::cache::Key;

    fn identity(root: &std::path::Path, path: &std::path::Path) -> Key {
        looked_at(root, path).0
    }
    use std::time::{Duration, SystemTime};

    fn age(path: &std::path::Path) {
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(hour_ago).unwrap();
    }

    #[test]
    fn a_file_is_read_again_whenever_it_may_have_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, "same length A").unwrap();
        // Just written: times tick coarsely, so it is never trusted.
        assert_ne!(identity(dir.path(), &path), identity(dir.path(), &path));
        age(&path);
        // ctime is now too, so still not trusted until it is a few seconds old.
        assert_ne!(identity(dir.path(), &path), identity(dir.path(), &path));
        std::thread::sleep(Duration::from_millis(3100));
        let before = identity(dir.path(), &path);
        assert_eq!(
            before,
            identity(dir.path(), &path),
            "an old, unchanged file"
        );
        // Rewritten in place with the same size, its time put back: the
        // change time still moves (and the file is recent again).
        std::fs::write(&path, "same length B").unwrap();
        age(&path);
        assert_ne!(identity(dir.path(), &path), before);
        // Replaced by a link to an old file with the same text.
        let other = dir.path().join("other.md");
        std::fs::write(&other, "same length A").unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&other, &path).unwrap();
        assert_ne!(identity(dir.path(), &path), before);
    }
}
