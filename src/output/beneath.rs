//! File-system steps inside the output folder that never follow a symlink.
//!
//! Every path is opened relative to the output folder's descriptor, with the
//! kernel refusing any symlink and any `..` on the way (`openat2` with
//! `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`); where `openat2` is missing, one
//! folder at a time with `O_NOFOLLOW`. A link planted in the output is never
//! opened through: it is listed, and replaced or removed as an entry.

use std::ffi::CString;
use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use rustix::fs::{self as fs, FileType, Mode, OFlags, ResolveFlags};
use rustix::io::Errno;

/// Set once `openat2` turned out to be missing (Linux before 5.6, or a
/// sandbox that refuses it): every later call walks instead.
static NO_OPENAT2: AtomicBool = AtomicBool::new(false);

/// Opens `relative` (`/`-separated plain segments, as `site_path::inside`
/// allows) under the folder `dir`, following no symlink on the way or at
/// the end.
pub fn open(dir: BorrowedFd, relative: &str, flags: OFlags) -> io::Result<OwnedFd> {
    let flags = flags | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    if !NO_OPENAT2.load(Ordering::Relaxed) {
        let resolve =
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
        match fs::openat2(dir, relative, flags, Mode::empty(), resolve) {
            Err(Errno::NOSYS) | Err(Errno::PERM) => NO_OPENAT2.store(true, Ordering::Relaxed),
            done => return done.map_err(io::Error::from),
        }
    }
    let mut parts = relative.split('/').peekable();
    let mut here: Option<OwnedFd> = None;
    while let Some(part) = parts.next() {
        if part.is_empty() || part == "." || part == ".." {
            return Err(io::Error::other(format!(
                "`{relative}` is not a plain path"
            )));
        }
        let at = here.as_ref().map_or(dir, |fd| fd.as_fd());
        let last = parts.peek().is_none();
        let how = if last {
            flags
        } else {
            OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC
        };
        here = Some(fs::openat(at, part, how, Mode::empty())?);
    }
    here.ok_or_else(|| io::Error::other("an empty path"))
}

/// A folder under `dir` (`""` is `dir` itself), as a descriptor usable with
/// the `*at` calls.
pub fn folder(dir: BorrowedFd, relative: &str) -> io::Result<OwnedFd> {
    let flags = OFlags::PATH | OFlags::DIRECTORY;
    if relative.is_empty() {
        return Ok(fs::openat(
            dir,
            ".",
            flags | OFlags::CLOEXEC,
            Mode::empty(),
        )?);
    }
    open(dir, relative, flags)
}

/// Whether `relative` under `dir` is already exactly the file a build would
/// write: a regular file (not a link, folder or pipe), with these bytes, the
/// mode a new file gets and owned by this user. Anything else, including a
/// file that cannot be read, is "no": the build writes it again.
pub fn holds(dir: BorrowedFd, relative: &str, bytes: &[u8]) -> bool {
    let Some(mut file) = own_file(dir, relative, bytes.len() as u64) else {
        return false;
    };
    let mut buffer = vec![0; bytes.len().clamp(1, 64 * 1024)];
    for expected in bytes.chunks(buffer.len()) {
        let got = &mut buffer[..expected.len()];
        if file.read_exact(got).is_err() || got != expected {
            return false;
        }
    }
    at_end(&mut file, &mut buffer)
}

/// As [`holds`], for a file known only by its length and XXH3-128 digest
/// (one an earlier build recorded, `record.rs`): its bytes are read and
/// hashed, never trusted from its size or time.
pub fn holds_digest(dir: BorrowedFd, relative: &str, len: u64, digest: u128) -> bool {
    let Some(mut file) = own_file(dir, relative, len) else {
        return false;
    };
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    let mut buffer = vec![0; (len as usize).clamp(1, 64 * 1024)];
    let mut left = len as usize;
    while left > 0 {
        let chunk = &mut buffer[..left.min(64 * 1024)];
        if file.read_exact(chunk).is_err() {
            return false;
        }
        hasher.update(chunk);
        left -= chunk.len();
    }
    at_end(&mut file, &mut buffer) && hasher.digest128() == digest
}

/// Reads a regular file of this user's under `dir`, whole, if it is no
/// longer than `limit` (the reuse record: a planted huge file is ignored,
/// never read into memory).
pub fn read_own(dir: BorrowedFd, relative: &str, limit: u64) -> Option<Vec<u8>> {
    let fd = open_plain(dir, relative)?;
    let stat = fs::fstat(&fd).ok()?;
    let size = stat.st_size as u64;
    if !is_own_file(&stat) || size > limit {
        return None;
    }
    let mut file = std::fs::File::from(fd);
    let mut bytes = vec![0; size as usize];
    file.read_exact(&mut bytes).ok()?;
    at_end(&mut file, &mut [0]).then_some(bytes)
}

/// `relative` opened for reading if it is a file of this user's with the
/// mode a build gives and `len` bytes long.
fn own_file(dir: BorrowedFd, relative: &str, len: u64) -> Option<std::fs::File> {
    let fd = open_plain(dir, relative)?;
    let stat = fs::fstat(&fd).ok()?;
    (is_own_file(&stat) && stat.st_size as u64 == len).then(|| std::fs::File::from(fd))
}

fn open_plain(dir: BorrowedFd, relative: &str) -> Option<OwnedFd> {
    // O_NONBLOCK: a named pipe planted under a page's name must not hang the
    // build (it opens at once and is then refused as not a regular file).
    open(
        dir,
        relative,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY,
    )
    .ok()
}

fn is_own_file(stat: &fs::Stat) -> bool {
    FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
        && stat.st_mode & 0o7777 == new_file_mode()
        && stat.st_uid == builder()
}

/// Nothing more to read: the file did not grow since it was measured.
fn at_end(file: &mut std::fs::File, buffer: &mut [u8]) -> bool {
    file.read(&mut buffer[..1]).is_ok_and(|n| n == 0)
}

/// The user this build runs as (asked once).
fn builder() -> u32 {
    static UID: OnceLock<u32> = OnceLock::new();
    *UID.get_or_init(|| rustix::process::geteuid().as_raw())
}

/// The mode bits a file made by this process gets: 0666 less the umask, as
/// with `std::fs::write`.
pub fn new_file_mode() -> u32 {
    0o666 & !umask()
}

/// The mode bits a folder made by this process gets: 0777 less the umask.
pub fn new_folder_mode() -> u32 {
    0o777 & !umask()
}

fn umask() -> u32 {
    static UMASK: OnceLock<u32> = OnceLock::new();
    *UMASK.get_or_init(|| {
        // Linux tells the umask without changing it; elsewhere, assume 022.
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|l| l.starts_with("Umask:"))?;
                u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
            })
            .unwrap_or(0o022)
    })
}

/// Writes a new file `name` in the folder `dir`: `O_EXCL`, so it is never
/// an existing file or a link someone put there.
pub fn create(dir: BorrowedFd, name: &str, bytes: &[u8]) -> io::Result<()> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = fs::openat(dir, name, flags, Mode::from_raw_mode(0o666))?;
    std::io::Write::write_all(&mut std::fs::File::from(fd), bytes)
}

/// What an entry of a folder is, without following it if it is a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Folder,
    File,
    /// A symlink, pipe, socket or device: never opened, only replaced or removed.
    Other,
}

/// The entries of a folder (without `.` and `..`), names as bytes: a name
/// that is not UTF-8 is still listed, so that it can be removed.
pub fn entries(dir: BorrowedFd) -> io::Result<Vec<(CString, Kind)>> {
    let mut found = Vec::new();
    // A duplicate of the descriptor, not `Dir::read_from`, which opens the
    // folder again by its name (one more path lookup per folder).
    for entry in fs::Dir::new(dir.try_clone_to_owned()?)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == c"." || name == c".." {
            continue;
        }
        let mut kind = entry.file_type();
        if kind == FileType::Unknown {
            // Some file systems leave the type out of the listing.
            let stat = fs::statat(dir, name, fs::AtFlags::SYMLINK_NOFOLLOW)?;
            kind = FileType::from_raw_mode(stat.st_mode);
        }
        let kind = match kind {
            FileType::Directory => Kind::Folder,
            FileType::RegularFile => Kind::File,
            _ => Kind::Other,
        };
        found.push((name.to_owned(), kind));
    }
    Ok(found)
}

/// A name from a listing as text, if it is UTF-8.
pub fn as_text(name: &CString) -> Option<&str> {
    std::str::from_utf8(name.as_bytes()).ok()
}

/// Opens a folder entry `name` of `dir` for listing, if it is a real folder.
pub fn open_folder_entry(dir: BorrowedFd, name: &CString) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(fs::openat(dir, name.as_c_str(), flags, Mode::empty())?)
}

/// Deletes everything inside the folder `dir` (never following a link: a
/// link is removed as an entry), leaving it empty. A build's marker goes
/// last: a deletion cut short (a file that cannot be deleted, the process
/// killed) leaves a folder still marked as a build's, which the next build
/// removes, rather than an unmarked one that no build would ever touch.
pub fn empty_folder(dir: BorrowedFd) -> io::Result<()> {
    let mut entries = entries(dir)?;
    entries.sort_by_key(|(name, _)| name.as_bytes() == super::MARKER.as_bytes());
    for (name, kind) in entries {
        if kind == Kind::Folder {
            let inner = open_folder_entry(dir, &name)?;
            empty_folder(inner.as_fd())?;
            fs::unlinkat(dir, name.as_c_str(), fs::AtFlags::REMOVEDIR)?;
        } else {
            fs::unlinkat(dir, name.as_c_str(), fs::AtFlags::empty())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_fd(path: &std::path::Path) -> OwnedFd {
        fs::open(path, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()).unwrap()
    }

    #[test]
    fn no_symlink_is_followed_on_the_way_or_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let secret = dir.path().join("secret");
        std::fs::create_dir_all(out.join("real")).unwrap();
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("index.html"), "secret").unwrap();
        std::fs::write(out.join("real/index.html"), "ok").unwrap();
        std::os::unix::fs::symlink(&secret, out.join("linked")).unwrap();
        std::os::unix::fs::symlink(secret.join("index.html"), out.join("page.html")).unwrap();
        let root = dir_fd(&out);
        assert!(open(root.as_fd(), "real/index.html", OFlags::RDONLY).is_ok());
        for through_a_link in ["linked/index.html", "page.html", "../secret/index.html"] {
            assert!(
                open(root.as_fd(), through_a_link, OFlags::RDONLY).is_err(),
                "{through_a_link}"
            );
            assert!(!holds(root.as_fd(), through_a_link, b"secret"));
        }
        // The same without openat2: the walk refuses the same paths.
        NO_OPENAT2.store(true, Ordering::Relaxed);
        assert!(open(root.as_fd(), "real/index.html", OFlags::RDONLY).is_ok());
        for through_a_link in ["linked/index.html", "page.html", "../secret/index.html"] {
            assert!(
                open(root.as_fd(), through_a_link, OFlags::RDONLY).is_err(),
                "{through_a_link} without openat2"
            );
        }
        NO_OPENAT2.store(false, Ordering::Relaxed);
    }

    #[test]
    fn only_a_regular_file_with_the_same_bytes_and_mode_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir_fd(dir.path());
        std::fs::write(dir.path().join("a.html"), "same").unwrap();
        assert!(holds(root.as_fd(), "a.html", b"same"));
        assert!(!holds(root.as_fd(), "a.html", b"diff"));
        assert!(!holds(root.as_fd(), "a.html", b"same but longer"));
        assert!(!holds(root.as_fd(), "a.html", b"sam"));
        assert!(!holds(root.as_fd(), "missing.html", b""));
        // Same bytes, but anyone may write it now: written again.
        std::fs::set_permissions(
            dir.path().join("a.html"),
            std::fs::Permissions::from_mode(0o666),
        )
        .unwrap();
        assert!(!holds(root.as_fd(), "a.html", b"same"));
        // A named pipe neither hangs the build nor counts as the file.
        rustix::fs::mknodat(
            rustix::fs::CWD,
            dir.path().join("pipe.html"),
            FileType::Fifo,
            Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        assert!(!holds(root.as_fd(), "pipe.html", b""));
    }
}
