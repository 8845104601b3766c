//! Writing a build's files while it renders, and putting them in place once
//! everything has been rendered and checked.
//!
//! - **No output yet** (a first build): the whole site is written into a
//!   private folder beside the output, which is renamed into place.
//! - **An output a build made**: each file is compared with the one already
//!   there (through the output folder's descriptor, never following a link);
//!   only a file whose bytes differ is written, in full, into a private
//!   folder beside the output. Once the build has succeeded, each is renamed
//!   over the old one in one atomic step, and every entry the build did not
//!   make is moved out. Nothing in the output is touched before that.

use std::collections::HashSet;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rustix::fs::{self as fs, Mode, OFlags};

use super::beside::{remove_abandoned, remove_made_by_a_build, sibling, swap_into_place};
use super::record::{self, Entry, Previous, Record, RECORD};
use super::update::{self, Journal};
use super::{beneath, resolve, MARKER, MARKER_TEXT};
use crate::output_file::{OutputFile, Sink};

/// What a build writes while it renders (so that no more than one job's
/// pages are held in memory at once) and then puts in place with
/// [`Staging::publish`]. Dropping it unpublished removes everything it
/// wrote, so a failed build leaves the old output and no stray folder.
pub struct Staging {
    /// The output folder, symlinks resolved.
    output: PathBuf,
    /// The build's private folder beside the output, made on the first
    /// write (a build that fails before rendering, or that changes nothing,
    /// makes none).
    pub(super) dir: PathBuf,
    /// Set when the output exists: it is brought up to date in place.
    update: Option<Update>,
    /// The first write that failed; the build fails with it.
    failed: Mutex<Option<String>>,
    published: bool,
    empty: Arc<Vec<u8>>,
    /// Folders made so far in the private folder (first build), so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
    /// The private folder's device and inode once made (first build): if
    /// anything swaps the folder (for a symlink, say) while the build runs,
    /// it stops.
    made: Mutex<Option<(u64, u64)>>,
    /// What the last build over this output recorded (`record.rs`).
    previous: Previous,
    /// What this build records, for the next.
    record: Record,
    /// Pages found unchanged in the output, not made again.
    reused: AtomicUsize,
}

struct Update {
    /// The output folder, opened once: every step inside it starts here.
    root: OwnedFd,
    /// The private folder, once made.
    private: Mutex<Option<Arc<OwnedFd>>>,
    /// Every file of the new site.
    paths: Mutex<Vec<String>>,
    /// The files that differ: path in the output, name in the private folder.
    changed: Mutex<Vec<(String, String)>>,
    next: AtomicUsize,
}

impl Staging {
    pub fn new(output: &Path) -> Staging {
        let output = resolve(output);
        let dir = sibling(&output, "new", std::process::id());
        let mut failed = None;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let update = match fs::open(&output, flags, Mode::empty()) {
            Ok(root) => {
                // One build at a time updates an output; a second waits.
                if let Err(e) = fs::flock(&root, fs::FlockOperation::LockExclusive) {
                    failed = Some(format!("could not lock {}: {e}", output.display()));
                }
                Some(Update {
                    root,
                    private: Mutex::new(None),
                    paths: Mutex::new(Vec::new()),
                    changed: Mutex::new(Vec::new()),
                    next: AtomicUsize::new(0),
                })
            }
            Err(rustix::io::Errno::NOENT) => None,
            Err(e) => {
                failed = Some(format!("could not open {}: {e}", output.display()));
                None
            }
        };
        let previous = match &update {
            Some(update) => beneath::read_own(update.root.as_fd(), RECORD, record::LIMIT)
                .map(|bytes| Previous::parse(&bytes))
                .unwrap_or_default(),
            None => Previous::default(),
        };
        Staging {
            output,
            dir,
            update,
            failed: Mutex::new(failed),
            published: false,
            empty: Arc::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            made: Mutex::new(None),
            previous,
            record: Record::default(),
            reused: AtomicUsize::new(0),
        }
    }

    /// How many pages this build found unchanged in the output.
    pub fn pages_reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Writes the files (or notes that they are already there) and returns
    /// them without their bytes (the paths are still needed). After a failed
    /// write, nothing more is written.
    pub fn store(&self, files: Vec<OutputFile>) -> Vec<OutputFile> {
        self.store_keyed(None, files)
    }

    fn store_keyed(&self, key: Option<u128>, mut files: Vec<OutputFile>) -> Vec<OutputFile> {
        for file in &mut files {
            if let Some(key) = key {
                let entry = Entry {
                    path: file.path.clone(),
                    len: file.bytes.len() as u64,
                    digest: xxhash_rust::xxh3::xxh3_128(&file.bytes),
                };
                self.record.add(key, entry);
            }
            if self.error().is_some() {
                break;
            }
            let written = match &self.update {
                Some(update) => self.compare_and_stage(update, file),
                None => self.write(file),
            };
            match written {
                Ok(()) => file.bytes = Arc::clone(&self.empty),
                Err(e) => {
                    let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                    failed.get_or_insert(format!("{}: {e}", file.path));
                }
            }
        }
        files
    }

    /// An update: nothing is written when the output already holds the
    /// file; otherwise it goes, whole, into the private folder.
    fn compare_and_stage(&self, update: &Update, file: &OutputFile) -> io::Result<()> {
        // The one place a build's file gets its path: proven to be plain
        // segments inside the output, then used only beneath its descriptor.
        let path = crate::site_path::inside(&self.output, &file.path).map_err(io::Error::other)?;
        let relative = path
            .strip_prefix(&self.output)
            .ok()
            .and_then(Path::to_str)
            .ok_or_else(|| io::Error::other("not a path inside the output"))?;
        lock(&update.paths).push(relative.to_owned());
        if beneath::holds(update.root.as_fd(), relative, &file.bytes) {
            return Ok(());
        }
        let private = self.private(update)?;
        let name = format!("new-{}", update.next.fetch_add(1, Ordering::Relaxed));
        beneath::create(private.as_fd(), &name, &file.bytes)?;
        lock(&update.changed).push((relative.to_owned(), name));
        Ok(())
    }

    /// The private folder of an update, made on first use: `0700`, under a
    /// name nobody can guess, with the marker so that a stopped build's
    /// folder can be cleaned up by the next.
    fn private(&self, update: &Update) -> io::Result<Arc<OwnedFd>> {
        let mut private = lock(&update.private);
        if let Some(fd) = &*private {
            return Ok(Arc::clone(fd));
        }
        remove_abandoned(&self.output);
        std::fs::DirBuilder::new().mode(0o700).create(&self.dir)?;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = Arc::new(fs::open(&self.dir, flags, Mode::empty())?);
        beneath::create(fd.as_fd(), MARKER, MARKER_TEXT.as_bytes())?;
        *private = Some(Arc::clone(&fd));
        Ok(fd)
    }

    /// A first build: the file goes into the private folder's tree.
    fn write(&self, file: &OutputFile) -> io::Result<()> {
        // The one place a build's file gets its path: proven inside the
        // private folder, which this build made, so it holds no symlinks.
        let path = crate::site_path::inside(&self.dir, &file.path).map_err(io::Error::other)?;
        if let Some(folder) = path.parent() {
            let mut folders = lock(&self.folders);
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

    /// Makes the private folder of a first build, first removing any that
    /// builds which are no longer running left behind (a build stopped with
    /// Ctrl-C runs no cleanup).
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
        *lock(&self.made) = Some((meta.dev(), meta.ino()));
        std::fs::write(self.dir.join(MARKER), MARKER_TEXT)
    }

    /// Fails if the private folder is no longer the one this build made.
    fn still_ours(&self) -> io::Result<()> {
        let made = *lock(&self.made);
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
        lock(&self.failed).clone()
    }

    /// Puts the new site in place of the output: only call it once the
    /// build has succeeded. The returned [`Placed`] can still put the old
    /// output back; dropping it removes what the build moved out.
    pub fn publish(mut self) -> io::Result<Placed> {
        if let Some(message) = self.error() {
            return Err(io::Error::other(message));
        }
        let record = OutputFile {
            path: RECORD.into(),
            bytes: Arc::new(self.record.bytes()),
        };
        let Some(update) = self.update.take() else {
            self.write(&record)?;
            return self.publish_first();
        };
        let marker = OutputFile {
            path: MARKER.into(),
            bytes: Arc::new(MARKER_TEXT.as_bytes().to_vec()),
        };
        let result = self
            .compare_and_stage(&update, &marker)
            .and_then(|()| self.compare_and_stage(&update, &record))
            .and_then(|()| self.bring_up_to_date(&update));
        // Whatever happened, the private folder is the update's to remove.
        self.update = Some(update);
        let journal = result?;
        self.published = true;
        let update = self.update.take().expect("just put back");
        let private = lock(&update.private).take();
        Ok(Placed {
            dir: self.dir.clone(),
            undo: Some(Undo::Update {
                root: update.root,
                private,
                journal,
            }),
        })
    }

    fn bring_up_to_date(&self, update: &Update) -> io::Result<Journal> {
        let paths = std::mem::take(&mut *lock(&update.paths));
        let files: HashSet<&str> = paths.iter().map(String::as_str).collect();
        if files.len() != paths.len() {
            return Err(io::Error::other("two files of the site have the same path"));
        }
        let plan = update::plan(update.root.as_fd(), &files)?;
        let changed = std::mem::take(&mut *lock(&update.changed));
        if plan.is_empty() && changed.is_empty() {
            return Ok(Journal::default());
        }
        let private = self.private(update)?;
        update::apply(update.root.as_fd(), private.as_fd(), plan, changed)
    }

    fn publish_first(mut self) -> io::Result<Placed> {
        if !self.dir.exists() {
            // Nothing was written: the site has no files at all.
            self.start()?;
        }
        self.still_ours()?;
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755))?;
        let old = swap_into_place(&self.dir, &self.output)?;
        self.published = true;
        Ok(Placed {
            dir: old.clone().unwrap_or_else(|| self.dir.clone()),
            undo: Some(Undo::First {
                output: self.output.clone(),
                old,
            }),
        })
    }
}

impl Staging {
    /// `path` as a plain path inside the output, relative to it.
    fn inside(&self, path: &str) -> Option<String> {
        let path = crate::site_path::inside(&self.output, path).ok()?;
        Some(path.strip_prefix(&self.output).ok()?.to_str()?.to_owned())
    }

    /// Keeps the `recorded` files of `key` if each is in the output still as
    /// it was written: they stay in the site and in the next record.
    fn reuse(&self, key: u128, recorded: &[Entry]) -> Option<Vec<OutputFile>> {
        let update = self.update.as_ref()?;
        if self.error().is_some() {
            return None;
        }
        let mut relative = Vec::with_capacity(recorded.len());
        for entry in recorded {
            let inside = self.inside(&entry.path)?;
            if !beneath::holds_digest(update.root.as_fd(), &inside, entry.len, entry.digest) {
                return None;
            }
            relative.push(inside);
        }
        lock(&update.paths).extend(relative);
        for entry in recorded {
            self.record.add(key, entry.clone());
        }
        let files = recorded.iter().map(|entry| OutputFile {
            path: entry.path.clone(),
            bytes: Arc::clone(&self.empty),
        });
        Some(files.collect())
    }
}

impl Sink for Staging {
    /// Always: even a first build records each page's key for the next.
    fn reuses(&self) -> bool {
        true
    }

    fn reused(&self, key: u128, paths: &[String]) -> Option<Vec<OutputFile>> {
        let recorded = self.previous.get(key)?;
        // Only the page's own files, each still as it was written.
        let mut wanted: Vec<&str> = paths.iter().map(String::as_str).collect();
        let mut found: Vec<&str> = recorded.iter().map(|e| e.path.as_str()).collect();
        wanted.sort_unstable();
        found.sort_unstable();
        if wanted != found {
            return None;
        }
        let files = self.reuse(key, recorded)?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(files)
    }

    fn reused_folder(&self, key: u128, folder: &str) -> Option<Vec<OutputFile>> {
        let recorded = self.previous.get(key)?;
        // A planted record can name nothing outside the folder.
        let inside = |e: &Entry| {
            e.path
                .strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        if !recorded.iter().all(inside) {
            return None;
        }
        self.reuse(key, recorded)
    }

    fn read_back(&self, key: u128, path: &str) -> Option<Vec<u8>> {
        let update = self.update.as_ref()?;
        let entry = self.previous.get(key)?.iter().find(|e| e.path == path)?;
        let inside = self.inside(&entry.path)?;
        let bytes = beneath::read_own(update.root.as_fd(), &inside, entry.len)?;
        let same =
            bytes.len() as u64 == entry.len && xxhash_rust::xxh3::xxh3_128(&bytes) == entry.digest;
        same.then_some(bytes)
    }

    fn indexes(&self) -> bool {
        true
    }

    fn keep(&self, key: Option<u128>, files: Vec<OutputFile>) -> Vec<OutputFile> {
        self.store_keyed(key, files)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.published {
            return;
        }
        let private = self.update.as_ref().and_then(|u| lock(&u.private).take());
        if let Some(private) = private {
            let _ = remove_private(&self.dir, &private);
        } else if self.update.is_none() && self.dir.exists() {
            let _ = remove_made_by_a_build(&self.dir);
        }
    }
}

/// The private folder emptied through its descriptor (so a link inside is
/// removed, never followed), then removed.
fn remove_private(dir: &Path, private: &OwnedFd) -> io::Result<()> {
    beneath::empty_folder(private.as_fd())?;
    std::fs::remove_dir(dir)
}

/// A published build: the new site is in place. Dropping it deletes the old
/// files it replaced or moved out; [`Placed::roll_back`] instead puts them
/// back, for a build that fails after publishing (recording its URLs).
pub struct Placed {
    /// The private folder, holding what the build moved out of the output.
    dir: PathBuf,
    undo: Option<Undo>,
}

enum Undo {
    /// A first build was renamed into place; `old` is where whatever was
    /// there (another build's site, if one finished meanwhile) went.
    First {
        output: PathBuf,
        old: Option<PathBuf>,
    },
    Update {
        root: OwnedFd,
        private: Option<Arc<OwnedFd>>,
        journal: Journal,
    },
}

impl Placed {
    /// Puts the output back as it was before this build.
    pub fn roll_back(mut self) -> io::Result<()> {
        match self.undo.as_mut() {
            Some(Undo::First { output, old: None }) => std::fs::rename(output, &self.dir),
            Some(Undo::First {
                output,
                old: Some(old),
            }) => super::beside::exchange(old, output),
            Some(Undo::Update {
                root,
                private: Some(private),
                journal,
            }) => journal.undo(root.as_fd(), private.as_fd()),
            _ => Ok(()),
        }
    }
}

impl Drop for Placed {
    fn drop(&mut self) {
        let removed = match self.undo.take() {
            Some(Undo::Update {
                private: Some(private),
                ..
            }) => remove_private(&self.dir, &private),
            Some(Undo::First { .. }) if self.dir.exists() => remove_made_by_a_build(&self.dir),
            _ => Ok(()),
        };
        if let Err(e) = removed {
            eprintln!(
                "warning: the new site is in place, but the old files could not be deleted from {}: {e}",
                self.dir.display()
            );
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
