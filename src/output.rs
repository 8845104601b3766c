//! Writing: everything goes into a fresh folder beside the output (as pages
//! are rendered), which then replaces the output in one step. A failed build
//! never touches the old site.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::render::OutputFile;

/// Refuses outputs that would overwrite or delete the content or the site itself.
pub fn check_output_path(root: &Path, output: &Path) -> Result<(), String> {
    let root = absolute(root);
    let output = absolute(output);
    let content = root.join("content");
    if output == root || content.starts_with(&output) || output.starts_with(&content) {
        return Err(format!(
            "refusing to write the site to {}: it would replace the content or the site folder",
            output.display()
        ));
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Normalise `.` and `..` without touching the disk (the output may not exist yet).
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Writes `files` as the whole site at `output`, replacing what was there.
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = Staging::create(output)?;
    staging.store(files.to_vec());
    staging.publish()
}

/// A folder beside the output that a build writes into while it renders, so
/// that no more than one job's pages are held in memory at once. `publish`
/// puts it in place of the output; dropping it unpublished removes it, so a
/// failed build leaves the old site and no stray folder.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// Folders made so far, so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
    /// The first write that failed; the build fails with it.
    failed: Mutex<Option<String>>,
    published: bool,
    empty: Arc<Vec<u8>>,
}

impl Staging {
    pub fn create(output: &Path) -> io::Result<Staging> {
        let output = absolute(output);
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = output.file_name().unwrap_or_default().to_string_lossy();
        std::fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            output,
            folders: Mutex::new(HashSet::new()),
            failed: Mutex::new(None),
            published: false,
            empty: Arc::new(Vec::new()),
        })
    }

    /// Writes the files and returns them without their bytes (the paths are
    /// still needed). After a failed write, nothing more is written.
    pub fn store(&self, mut files: Vec<OutputFile>) -> Vec<OutputFile> {
        for file in &mut files {
            if self.error().is_some() {
                break;
            }
            match self.write(file) {
                Ok(()) => file.bytes = Arc::clone(&self.empty),
                Err(e) => {
                    let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                    failed.get_or_insert(format!("{}: {e}", file.path));
                }
            }
        }
        files
    }

    fn write(&self, file: &OutputFile) -> io::Result<()> {
        let path = self.dir.join(&file.path);
        if let Some(folder) = path.parent() {
            let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
            if !folders.contains(folder) {
                std::fs::create_dir_all(folder)?;
                folders.insert(folder.to_path_buf());
            }
        }
        std::fs::write(path, file.bytes.as_slice())
    }

    /// The first write that failed, if one did.
    pub fn error(&self) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts the written site in place of the output.
    pub fn publish(mut self) -> io::Result<()> {
        if let Some(message) = self.error() {
            return Err(io::Error::other(message));
        }
        swap_into_place(&self.dir, &self.output)?;
        self.published = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published && self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts `staging` at `output`. On Linux the two folders are exchanged in one
/// atomic rename, so a web server never sees a missing or half-written site.
fn swap_into_place(staging: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return std::fs::rename(staging, output);
    }
    if !output.is_dir() {
        return Err(io::Error::other(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    if exchange(staging, output).is_err() {
        // Not Linux, or a filesystem without RENAME_EXCHANGE: two renames.
        let old = staging.with_extension("old");
        std::fs::rename(output, &old)?;
        std::fs::rename(staging, output)?;
        return std::fs::remove_dir_all(&old);
    }
    // `staging` now holds the previous site.
    std::fs::remove_dir_all(staging)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange here"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: std::sync::Arc::new(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn replaces_the_old_site_entirely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/index.html", "one"), file("old.txt", "x")]).unwrap();
        write_site(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("old.txt").exists());
        // No staging folders are left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_write_over_content() {
        let root = Path::new("/site");
        assert!(check_output_path(root, Path::new("/site")).is_err());
        assert!(check_output_path(root, Path::new("/site/content")).is_err());
        assert!(check_output_path(root, Path::new("/site/content/x")).is_err());
        assert!(check_output_path(root, Path::new("/")).is_err());
        assert!(check_output_path(root, Path::new("/site/public")).is_ok());
    }
}
