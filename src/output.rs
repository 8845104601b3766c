//! Writing: everything goes into a fresh folder beside the output (as pages
//! are rendered), which then replaces the output in one step. A failed build
//! never touches the old site.

use std::collections::HashSet;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::output_file::OutputFile;

/// The file every build puts in its output folder. A folder without it was
/// not made by a build, so a build never replaces or deletes it. Its text
/// is the same wherever the site is built, so builds stay byte-identical.
pub const MARKER: &str = ".clustersite-output";
const MARKER_TEXT: &str =
    "This folder is made by `clustersite build` and is replaced whole by the next build.\n";

/// The output folder with symlinks resolved, or why a build may not write
/// there: it would replace the site's root, an ancestor of it, or its
/// content, templates, static files or themes (wherever symlinks lead), or
/// a folder that no build made.
pub fn check_output_path(root: &Path, output: &Path) -> Result<PathBuf, String> {
    let resolved_root = resolve(root);
    let resolved = resolve(output);
    let sources =
        ["content", "templates", "static", "themes"].map(|name| resolve(&root.join(name)));
    let clashes = |source: &PathBuf| source.starts_with(&resolved) || resolved.starts_with(source);
    if resolved_root.starts_with(&resolved) || sources.iter().any(clashes) {
        return Err(format!(
            "refusing to write the site to {}{}: it would replace the site's own folder, content, \
             templates, static files or themes\n  help: choose a new folder for the site, e.g. --output public",
            output.display(),
            shown_if_other(output, &resolved),
        ));
    }
    if let Some(link) = sources
        .iter()
        .find_map(|source| link_into(source, &resolved))
    {
        return Err(format!(
            "refusing to write the site to {}: {} is a symlink into it, so replacing the output would \
             delete the site's own files\n  help: move those files back and remove the link",
            output.display(),
            link.display()
        ));
    }
    if let Some(link) = symlink_on_the_way(root, output) {
        return Err(format!(
            "refusing to write the site to {}: {} is a symlink (to {}), and a build never follows \
             one to its output, which it replaces whole\n  help: if the site belongs there, give that \
             folder itself: --output {}",
            output.display(),
            link.display(),
            resolved.display(),
            resolved.display()
        ));
    }
    if let Ok(meta) = std::fs::metadata(&resolved) {
        if !meta.is_dir() {
            return Err(format!(
                "refusing to write the site to {}: it is a file, not a folder\n  help: choose a new folder for the site",
                output.display()
            ));
        }
        if !made_by_a_build(&resolved) {
            return Err(format!(
                "refusing to replace {}{}: it has files that a build did not make (it has no {MARKER} file)\n  \
                 help: choose a new or empty folder for the site, or move those files away first",
                output.display(),
                shown_if_other(output, &resolved),
            ));
        }
    }
    Ok(resolved)
}

/// The first symlink under `source` that leads into `output`, if any.
fn link_into(source: &Path, output: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(source)
        .into_iter()
        .flatten()
        .filter(|entry| entry.path_is_symlink())
        .find(|entry| resolve(entry.path()).starts_with(output))
        .map(|entry| entry.into_path())
}

fn shown_if_other(given: &Path, resolved: &Path) -> String {
    if absolute_unnormalised(given) == resolved {
        String::new()
    } else {
        format!(" (which is {})", resolved.display())
    }
}

/// Whether a build may replace or delete `folder`: it is empty, or a build
/// made it (its marker is a file, not a link).
fn made_by_a_build(folder: &Path) -> bool {
    std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
        || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// A symlink a build would follow to reach its output: the output folder
/// itself, or a folder on the way inside the site's root (both are in the
/// hands of whoever wrote the site's files). Links above the root, such as
/// a home folder reached through one, are the machine's own business.
fn symlink_on_the_way(root: &Path, output: &Path) -> Option<PathBuf> {
    let root = lexical(&absolute_unnormalised(root));
    let output = lexical(&absolute_unnormalised(output));
    output
        .ancestors()
        .filter(|place| *place == output || (place.starts_with(&root) && *place != root))
        .find(|place| std::fs::symlink_metadata(place).is_ok_and(|m| m.file_type().is_symlink()))
        .map(Path::to_path_buf)
}

/// `.` and `..` taken out by reading the path alone.
fn lexical(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
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

/// `path` made absolute with every symlink resolved, including those in the
/// part that exists when the rest does not yet (the output may be new).
pub fn resolve(path: &Path) -> PathBuf {
    let mut resolved = PathBuf::new();
    for part in absolute_unnormalised(path).components() {
        match part {
            std::path::Component::ParentDir => {
                // `resolved` has no symlinks left, so its parent is the real one.
                resolved.pop();
            }
            std::path::Component::CurDir => {}
            std::path::Component::Normal(name) => {
                resolved.push(name);
                if std::fs::symlink_metadata(&resolved).is_ok() {
                    if let Ok(real) = std::fs::canonicalize(&resolved) {
                        resolved = real;
                    }
                }
            }
            other => resolved.push(other),
        }
    }
    resolved
}

fn absolute_unnormalised(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
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
    /// The staging folder's device and inode once made: if anything swaps
    /// the folder (for a symlink, say) while the build runs, it stops.
    made: Mutex<Option<(u64, u64)>>,
}

impl Staging {
    pub fn new(output: &Path) -> Staging {
        let output = resolve(output);
        let dir = sibling(&output, "new", std::process::id());
        Staging {
            dir,
            output,
            folders: Mutex::new(HashSet::new()),
            failed: Mutex::new(None),
            published: false,
            empty: Arc::new(Vec::new()),
            made: Mutex::new(None),
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
        // The one place a build's file gets its path: proven inside the
        // staging folder, which this build made, so it holds no symlinks.
        let path = crate::site_path::inside(&self.dir, &file.path).map_err(io::Error::other)?;
        if let Some(folder) = path.parent() {
            let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
            if folders.is_empty() {
                self.start()?;
                folders.insert(self.dir.clone());
            }
            if !folders.contains(folder) {
                self.still_ours()?;
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
        if std::fs::symlink_metadata(&self.dir).is_ok() {
            remove_made_by_a_build(&self.dir)?;
        }
        // Private while it is built: nobody else can swap what is inside it.
        std::fs::DirBuilder::new().mode(0o700).create(&self.dir)?;
        let meta = std::fs::symlink_metadata(&self.dir)?;
        *self.made.lock().unwrap_or_else(|p| p.into_inner()) = Some((meta.dev(), meta.ino()));
        std::fs::write(self.dir.join(MARKER), MARKER_TEXT)
    }

    /// Fails if the staging folder is no longer the one this build made.
    fn still_ours(&self) -> io::Result<()> {
        let made = *self.made.lock().unwrap_or_else(|p| p.into_inner());
        let now = std::fs::symlink_metadata(&self.dir)
            .ok()
            .filter(|m| m.is_dir())
            .map(|m| (m.dev(), m.ino()));
        if made.is_some() && made == now {
            return Ok(());
        }
        Err(io::Error::other(format!(
            "{} was replaced while the build ran; nothing was published",
            self.dir.display()
        )))
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
        self.still_ours()?;
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755))?;
        let old = swap_into_place(&self.dir, &self.output)?;
        self.published = true;
        if let Some(old) = old {
            if let Err(e) = remove_made_by_a_build(&old) {
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
            let _ = remove_made_by_a_build(&self.dir);
        }
    }
}

/// Deletes a folder that a build made (it holds the marker), and nothing else:
/// a symlink or a folder of someone else's under a build's name is refused.
fn remove_made_by_a_build(folder: &Path) -> io::Result<()> {
    let is_real_folder = std::fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir());
    if !is_real_folder || !made_by_a_build(folder) {
        return Err(io::Error::other(format!(
            "{} is in the way and was not made by a build; move it away",
            folder.display()
        )));
    }
    std::fs::remove_dir_all(folder)
}

/// `.public.new-123-9f3a…` beside `public`: a build's own folder next to the
/// output, named by its process and a number nobody can guess beforehand.
fn sibling(output: &Path, what: &str, pid: u32) -> PathBuf {
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    parent.join(format!(".{name}.{what}-{pid}-{:016x}", unguessable()))
}

/// A number from the clock and the randomly seeded hasher of std.
fn unguessable() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
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
                .and_then(|rest| rest.split('-').next()?.parse::<u32>().ok())
        });
        if let Some(pid) = pid {
            if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
                let _ = remove_made_by_a_build(&entry.path());
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
    if std::fs::symlink_metadata(&old).is_ok() {
        remove_made_by_a_build(&old)?;
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
            std::fs::write(left.join(MARKER), MARKER_TEXT).unwrap();
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
    fn symlinks_are_resolved_before_deciding() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/pages")).unwrap();
        std::os::unix::fs::symlink(".", root.join("rootlink")).unwrap();
        std::os::unix::fs::symlink("content", root.join("c")).unwrap();
        for output in ["rootlink/content", "c/pages", "c", "rootlink", "c/../.."] {
            assert!(
                check_output_path(&root, &root.join(output)).is_err(),
                "{output}"
            );
        }
        // Through the link `c`, `..` is the root, whatever the path's text says.
        assert_eq!(
            resolve(&root.join("c/pages/..")),
            resolve(&root.join("content"))
        );
        assert!(check_output_path(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn only_folders_a_build_made_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("documents");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("letter.txt"), "keep").unwrap();
        assert!(check_output_path(dir.path(), &theirs).is_err());
        std::fs::remove_file(theirs.join("letter.txt")).unwrap();
        assert!(check_output_path(dir.path(), &theirs).is_ok());
        write_site(&theirs, &[file("index.html", "one")]).unwrap();
        assert!(check_output_path(dir.path(), &theirs).is_ok());
    }

    #[test]
    fn a_staging_folder_swapped_for_a_symlink_stops_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let staging = Staging::new(&out);
        staging.store(vec![file("index.html", "one")]);
        // Someone moves the build's folder away and puts a link in its place.
        let moved = dir.path().join("moved");
        std::fs::rename(&staging.dir, &moved).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &staging.dir).unwrap();
        staging.store(vec![file("clusters/a/index.html", "two")]);
        assert!(staging
            .error()
            .is_some_and(|e| e.contains("was replaced while the build ran")));
        assert!(staging.publish().is_err());
        assert_eq!(
            std::fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written through the link"
        );
        assert!(!out.exists(), "nothing published");
    }

    #[test]
    fn the_staging_folder_is_private_until_published() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out);
        staging.store(vec![file("index.html", "one")]);
        let mode = std::fs::metadata(&staging.dir)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        staging.publish().unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    #[test]
    fn a_site_with_no_files_is_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "one")]).unwrap();
        write_site(&out, &[]).unwrap();
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, [MARKER]);
    }
}
