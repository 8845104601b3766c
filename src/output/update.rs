//! Bringing an existing output up to date in place: the files that differ,
//! already written in full into the build's private folder, are renamed
//! into place, and every entry the build did not make is moved out. Each
//! step is recorded, so a step that fails undoes all those before it and the
//! output is as it was.

use std::collections::{BTreeMap, HashSet};
use std::ffi::CString;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use rustix::fs::{self as fs, AtFlags, Mode, OFlags, RenameFlags};
use rustix::io::Errno;

use super::beneath::{self, Kind};

/// What the existing output holds that the new site does not, and which of
/// its folders the new site keeps.
pub struct Plan {
    /// Entries to move out: `(folder, name)`; a folder goes whole.
    stale: Vec<(String, CString)>,
    /// Folders that exist as real folders and hold files of the new site.
    folders: HashSet<String>,
    /// Those of them whose mode is not what a first build gives a folder
    /// (someone ran `chmod 700 public/clusters`), with the mode they have:
    /// set back, or a web server running as another user loses them.
    modes: Vec<(String, u32)>,
}

/// Lists the output under `root` against `files`, the paths of every file
/// of the new site. Only real folders that the new site needs are entered;
/// a link is never followed, only listed.
pub fn plan(root: BorrowedFd, files: &HashSet<&str>) -> io::Result<Plan> {
    let mut needed = HashSet::new();
    for path in files {
        let mut at = 0;
        while let Some(slash) = path[at..].find('/') {
            needed.insert(&path[..at + slash]);
            at += slash + 1;
        }
    }
    let mut plan = Plan {
        stale: Vec::new(),
        folders: HashSet::from([String::new()]),
        modes: Vec::new(),
    };
    list(root, "", files, &needed, &mut plan)?;
    Ok(plan)
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.modes.is_empty()
    }
}

fn list(
    dir: BorrowedFd,
    here: &str,
    files: &HashSet<&str>,
    needed: &HashSet<&str>,
    plan: &mut Plan,
) -> io::Result<()> {
    for (name, kind) in beneath::entries(dir)? {
        let path = beneath::as_text(&name).map(|name| join(here, name));
        match (path, kind) {
            (Some(path), Kind::Folder) if needed.contains(path.as_str()) => {
                let inner = beneath::open_folder_entry(dir, &name)?;
                let mode = fs::fstat(&inner)?.st_mode & 0o7777;
                if mode != beneath::new_folder_mode() {
                    plan.modes.push((path.clone(), mode));
                }
                list(inner.as_fd(), &path, files, needed, plan)?;
                plan.folders.insert(path);
            }
            // A file of the new site: kept if it is the same, otherwise
            // exchanged for the new one (whatever it is now, even a folder
            // or a link) in one rename.
            (Some(path), _) if files.contains(path.as_str()) => {}
            _ => plan.stale.push((here.to_owned(), name)),
        }
    }
    Ok(())
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_owned()
    } else {
        format!("{folder}/{name}")
    }
}

/// One step done to the output, and how to undo it.
enum Step {
    /// An entry moved from the output into the private folder as `kept`.
    MovedOut {
        folder: String,
        name: CString,
        kept: String,
    },
    MadeFolder {
        path: String,
    },
    /// A folder's mode set to a new folder's; it was `old`.
    SetMode {
        path: String,
        old: u32,
    },
    /// A new file renamed from the private folder (`staged`) to a free name.
    MovedIn {
        path: String,
        staged: String,
    },
    /// A new file exchanged with what was at `path`, which is now `staged`.
    Exchanged {
        path: String,
        staged: String,
    },
}

/// The steps done so far, to undo if the build fails after all.
#[derive(Default)]
pub struct Journal {
    steps: Vec<Step>,
}

/// Applies `plan` and brings in `changed` (path, name in `private`), in an
/// order that never leaves a page missing while it is replaced. On an error
/// everything done is undone, and the error returned.
pub fn apply(
    root: BorrowedFd,
    private: BorrowedFd,
    plan: Plan,
    mut changed: Vec<(String, String)>,
) -> io::Result<Journal> {
    let mut journal = Journal { steps: Vec::new() };
    match steps(root, private, plan, &mut changed, &mut journal) {
        Ok(()) => Ok(journal),
        Err(e) => {
            if let Err(undo) = journal.undo(root, private) {
                return Err(io::Error::other(format!(
                    "{e}; undoing the steps done so far failed too ({undo}), so the output is part old, part new: \
                     build again"
                )));
            }
            Err(e)
        }
    }
}

fn steps(
    root: BorrowedFd,
    private: BorrowedFd,
    plan: Plan,
    changed: &mut [(String, String)],
    journal: &mut Journal,
) -> io::Result<()> {
    let mut folders: BTreeMap<String, OwnedFd> = BTreeMap::new();
    let mut open = |path: &str| -> io::Result<OwnedFd> {
        if let Some(fd) = folders.get(path) {
            return fd.try_clone();
        }
        let fd = beneath::folder(root, path)?;
        if folders.len() > 64 {
            folders.clear();
        }
        folders.insert(path.to_owned(), fd.try_clone()?);
        Ok(fd)
    };
    for (n, (folder, name)) in plan.stale.into_iter().enumerate() {
        fault_point()?;
        let kept = format!("old-{n}");
        let dir = open(&folder)?;
        fs::renameat(&dir, name.as_c_str(), private, kept.as_str()).map_err(|e| {
            let shown = join(&folder, &name.to_string_lossy());
            naming(&shown, "moving out", e)
        })?;
        journal.steps.push(Step::MovedOut { folder, name, kept });
    }
    for (path, old) in plan.modes {
        fault_point()?;
        set_mode(root, &path, beneath::new_folder_mode())
            .map_err(|e| naming(&path, "setting the mode of", e))?;
        journal.steps.push(Step::SetMode { path, old });
    }
    let mut made = plan.folders;
    changed.sort();
    for (path, staged) in changed.iter() {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut at = 0;
        while at <= folder.len() && !folder.is_empty() {
            let end = folder[at..].find('/').map_or(folder.len(), |i| at + i);
            let path = &folder[..end];
            if !made.contains(path) {
                fault_point()?;
                let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
                fs::mkdirat(open(parent)?, name, Mode::from_raw_mode(0o777))
                    .map_err(|e| naming(path, "making the folder", e))?;
                journal.steps.push(Step::MadeFolder {
                    path: path.to_owned(),
                });
                made.insert(path.to_owned());
            }
            at = end + 1;
        }
        fault_point()?;
        let dir = open(folder)?;
        match fs::renameat_with(private, staged.as_str(), &dir, name, RenameFlags::EXCHANGE) {
            Ok(()) => journal.steps.push(Step::Exchanged {
                path: path.clone(),
                staged: staged.clone(),
            }),
            Err(Errno::NOENT) => {
                fs::renameat_with(private, staged.as_str(), &dir, name, RenameFlags::NOREPLACE)
                    .map_err(|e| naming(path, "putting in place", e))?;
                journal.steps.push(Step::MovedIn {
                    path: path.clone(),
                    staged: staged.clone(),
                });
            }
            // A file system without exchange: a plain rename is still atomic
            // for readers, but the old file cannot be put back.
            Err(Errno::INVAL) => fs::renameat(private, staged.as_str(), &dir, name)
                .map_err(|e| naming(path, "putting in place", e))?,
            Err(e) => return Err(naming(path, "replacing", e)),
        }
    }
    Ok(())
}

/// `error`, naming the file or folder it happened to and what was being
/// done: "replacing clusters/x/index.html: Operation not permitted".
fn naming(path: &str, doing: &str, error: impl Into<io::Error>) -> io::Error {
    let error: io::Error = error.into();
    io::Error::new(error.kind(), format!("{doing} {path}: {error}"))
}

/// Sets the mode of the folder at `path` (a descriptor for `*at` calls
/// cannot change it: the folder itself is opened, following no link).
fn set_mode(root: BorrowedFd, path: &str, mode: u32) -> io::Result<()> {
    let folder = beneath::open(root, path, OFlags::RDONLY | OFlags::DIRECTORY)?;
    Ok(fs::fchmod(folder, Mode::from_raw_mode(mode))?)
}

impl Journal {
    /// Puts the output back as it was, last step first.
    pub fn undo(&mut self, root: BorrowedFd, private: BorrowedFd) -> io::Result<()> {
        while let Some(step) = self.steps.pop() {
            match &step {
                Step::MovedOut { folder, name, kept } => {
                    let dir = beneath::folder(root, folder)?;
                    fs::renameat_with(
                        private,
                        kept.as_str(),
                        &dir,
                        name.as_c_str(),
                        RenameFlags::NOREPLACE,
                    )?;
                }
                Step::MadeFolder { path } => {
                    let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
                    fs::unlinkat(beneath::folder(root, parent)?, name, AtFlags::REMOVEDIR)?;
                }
                Step::SetMode { path, old } => {
                    set_mode(root, path, *old)?;
                }
                Step::MovedIn { path, staged } => {
                    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
                    let dir = beneath::folder(root, folder)?;
                    fs::renameat_with(
                        &dir,
                        name,
                        private,
                        staged.as_str(),
                        RenameFlags::NOREPLACE,
                    )?;
                }
                Step::Exchanged { path, staged } => {
                    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
                    let dir = beneath::folder(root, folder)?;
                    fs::renameat_with(private, staged.as_str(), &dir, name, RenameFlags::EXCHANGE)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
thread_local! {
    /// Tests make the step with this number (counted from 0) fail.
    pub static FAIL_AT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    static STEP: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A place where a test can make the update fail, to prove it is undone.
fn fault_point() -> io::Result<()> {
    #[cfg(test)]
    {
        let step = STEP.with(|s| s.replace(s.get() + 1));
        if FAIL_AT.with(|f| f.get()) == Some(step) {
            return Err(io::Error::other("a failure made by the test"));
        }
    }
    Ok(())
}

/// Restarts the step count (tests).
#[cfg(test)]
pub fn reset_steps() {
    STEP.with(|s| s.set(0));
}
