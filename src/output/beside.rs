//! The build's own folders beside the output (`.public.new-<pid>-<random>`):
//! their names, removing those that stopped builds left behind, and putting
//! a whole new site in place of the output.

use std::io;
use std::path::{Path, PathBuf};

use super::guard::made_by_a_build;

/// Deletes a folder that a build made (it holds the marker), and nothing else:
/// a symlink or a folder of someone else's under a build's name is refused.
pub fn remove_made_by_a_build(folder: &Path) -> io::Result<()> {
    let is_real_folder = std::fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir());
    if !is_real_folder || !made_by_a_build(folder) {
        return Err(io::Error::other(format!(
            "{} is in the way and was not made by a build; move it away",
            folder.display()
        )));
    }
    // Not `remove_dir_all`, which may delete the marker first.
    let inside = rustix::fs::open(
        folder,
        rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::NOFOLLOW,
        rustix::fs::Mode::empty(),
    )?;
    super::beneath::empty_folder(std::os::fd::AsFd::as_fd(&inside))?;
    std::fs::remove_dir(folder)
}

/// `.public.new-123-9f3a…` beside `public`: a build's own folder next to the
/// output, named by its process and a number nobody can guess beforehand.
pub fn sibling(output: &Path, what: &str, pid: u32) -> PathBuf {
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
pub fn remove_abandoned(output: &Path) {
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
pub fn swap_into_place(staging: &Path, output: &Path) -> io::Result<Option<PathBuf>> {
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
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
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
pub fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange here"))
}
