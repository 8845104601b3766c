//! Writing: everything goes into a fresh folder beside the output (as pages
//! are rendered), which then replaces the output in one step. A failed build
//! never touches the old site.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::render::OutputFile;

/// Refuses outputs that would overwrite or delete the site's sources (its
/// content, templates, static files or themes) or the site folder itself.
pub fn check_output_path(root: &Path, output: &Path) -> Result<(), String> {
    let root = absolute(root);
    let output = absolute(output);
    let sources = ["content", "templates", "static", "themes"].map(|name| root.join(name));
    let clashes = |source: &PathBuf| source.starts_with(&output) || output.starts_with(source);
    if output == root || sources.iter().any(clashes) {
        return Err(format!(
            "refusing to write the site to {}: it would replace the site's content, templates, \
             static files or themes",
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
    let staging = Staging::new(output);
    staging.store(files.to_vec());
    staging.publish()
}

/// A folder beside the output that a build writes into while it renders, so
/// that no more than one job's pages are held in memory at once. It is made
/// on the first write (a build that fails before rendering touches nothing).
/// `publish` puts it in place of the output; dropping it unpublished removes
/// it, so a failed build leaves the old site and no stray folder.
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
    pub fn new(output: &Path) -> Staging {
        let output = absolute(output);
        let dir = sibling(&output, "new", std::process::id());
        Staging {
            dir,
            output,
            folders: Mutex::new(HashSet::new()),
            failed: Mutex::new(None),
            published: false,
            empty: Arc::new(Vec::new()),
        }
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
            if folders.is_empty() {
                self.start()?;
                folders.insert(self.dir.clone());
            }
            if !folders.contains(folder) {
                std::fs::create_dir_all(folder)?;
                folders.insert(folder.to_path_buf());
            }
        }
        std::fs::write(path, file.bytes.as_slice())
    }

    /// Makes the staging folder, first removing any that builds which are no
    /// longer running left behind (a build stopped with Ctrl-C runs no cleanup).
    fn start(&self) -> io::Result<()> {
        let parent = self.dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        remove_abandoned(&self.output);
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir)?;
        }
        std::fs::create_dir(&self.dir)
    }

    /// The first write that failed, if one did.
    pub fn error(&self) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts the written site in place of the output. Once the new site is in
    /// place the build has succeeded: failing to delete the old one after is
    /// only a warning.
    pub fn publish(mut self) -> io::Result<()> {
        if let Some(message) = self.error() {
            return Err(io::Error::other(message));
        }
        if !self.dir.exists() {
            // Nothing was written: the site has no files at all.
            self.start()?;
        }
        let old = swap_into_place(&self.dir, &self.output)?;
        self.published = true;
        if let Some(old) = old {
            if let Err(e) = std::fs::remove_dir_all(&old) {
                eprintln!(
                    "warning: the new site is in place, but the old one could not be deleted from {}: {e}",
                    old.display()
                );
            }
        }
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

/// `.public.new-123` beside `public`: a build's own folder next to the output.
fn sibling(output: &Path, what: &str, pid: u32) -> PathBuf {
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    parent.join(format!(".{name}.{what}-{pid}"))
}

/// Removes the staging and old-site folders of builds of this output whose
/// process has ended. Only where `/proc` tells which processes run (Linux).
fn remove_abandoned(output: &Path) {
    let proc = Path::new("/proc");
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    if !proc.join("self").exists() {
        return;
    }
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".new-", ".old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        if let Some(pid) = pid {
            if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Puts `staging` at `output` and returns where the previous site now is, to
/// be deleted. On Linux the two folders are exchanged in one atomic rename,
/// so a web server never sees a missing or half-written site.
fn swap_into_place(staging: &Path, output: &Path) -> io::Result<Option<PathBuf>> {
    if !output.exists() {
        std::fs::rename(staging, output)?;
        return Ok(None);
    }
    if !output.is_dir() {
        return Err(io::Error::other(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous site.
        return Ok(Some(staging.to_path_buf()));
    }
    // Not Linux, or a filesystem without RENAME_EXCHANGE: two renames, and
    // the old site goes back if the second fails.
    let old = sibling(output, "old", std::process::id());
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(output, &old)?;
    if let Err(e) = std::fs::rename(staging, output) {
        std::fs::rename(&old, output)?;
        return Err(e);
    }
    Ok(Some(old))
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
        // Nor over the theme's layers, which a build reads.
        assert!(check_output_path(root, Path::new("/site/static")).is_err());
        assert!(check_output_path(root, Path::new("/site/templates")).is_err());
        assert!(check_output_path(root, Path::new("/site/themes/default")).is_err());
    }

    #[test]
    fn folders_left_by_builds_that_were_stopped_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Above Linux's largest process id, so no such process runs.
        for kind in ["new", "old"] {
            let left = dir.path().join(format!(".public.{kind}-4294967"));
            std::fs::create_dir_all(left.join("a")).unwrap();
            std::fs::write(left.join("a/index.html"), "half a site").unwrap();
        }
        // Another output's folder is not this build's business.
        std::fs::create_dir(dir.path().join(".other.new-4294967")).unwrap();
        write_site(&out, &[file("index.html", "one")]).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".other.new-4294967", "public"]);
    }

    #[test]
    fn a_site_with_no_files_is_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "one")]).unwrap();
        write_site(&out, &[]).unwrap();
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    }
}
