//! Folder listings, kept between `serve`'s rebuilds while a folder is
//! unchanged. Listing every content folder (open, read entries, close) was a
//! fifth of a rebuild at region scale; a `stat` of the folder is enough to
//! know its entries did not change, because adding, removing or renaming an
//! entry changes the folder's modification time.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::changes::Known;
use crate::cache::{Generations, Key, KeyHasher, Memo};

/// One entry of a folder, as the listing gives it (a link is not followed).
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub kind: std::fs::FileType,
}

impl Entry {
    /// Its kind once links are followed: a link's target may change without
    /// its folder changing, so this is asked again every time.
    pub fn resolved_kind(&self) -> Option<std::fs::FileType> {
        match self.kind.is_symlink() {
            true => std::fs::metadata(&self.path).ok().map(|m| m.file_type()),
            false => Some(self.kind),
        }
    }
}

pub struct Listings {
    folders: Memo<Arc<Vec<Entry>>>,
}

impl Listings {
    pub fn new(builds: &Generations) -> Self {
        Listings {
            folders: builds.memo(),
        }
    }

    /// The entries of `dir`, sorted by name (empty if it cannot be read).
    /// `known` says whether the folder may have changed; it learns from the
    /// listing whether the site has links (where the watcher cannot see).
    pub fn of(&self, known: &Known, root: &Path, dir: &Path) -> Arc<Vec<Entry>> {
        let key = || known.identity(root, dir, true, || identity(dir));
        let listing = self.folders.get_or(key, || Arc::new(read(dir)));
        if listing.iter().any(|entry| entry.kind.is_symlink()) {
            known.saw_link();
        }
        listing
    }
}

fn read(dir: &Path) -> Vec<Entry> {
    let mut found: Vec<Entry> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let kind = entry.file_type().ok()?;
            Some(Entry {
                path: entry.path(),
                kind,
            })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// What the file system says of a folder (and of the link to it, if it is
/// one). A folder modified in the last seconds is listed again every time:
/// its times tick coarsely, so a second change could leave them equal (as
/// for files, `source::looked_at`). Only the modification time counts for
/// that: adding, removing or renaming an entry sets it.
fn identity(dir: &Path) -> Key {
    let mut key = KeyHasher::new("folder listing");
    key.add(dir);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    for meta in [std::fs::symlink_metadata(dir), std::fs::metadata(dir)] {
        match meta {
            Ok(m) => {
                key.add(m.dev())
                    .add(m.ino())
                    .add((m.mtime(), m.mtime_nsec()))
                    .add((m.ctime(), m.ctime_nsec()));
                if now - m.mtime() < 3 {
                    key.add(std::time::Instant::now());
                }
            }
            Err(e) => {
                key.add(e.kind().to_string());
            }
        }
    }
    key.key()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<String> {
        let name = |e: &Entry| e.path.file_name().unwrap().to_string_lossy().into_owned();
        entries.iter().map(name).collect()
    }

    #[test]
    fn a_new_or_removed_entry_is_seen_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let builds = Generations::on();
        let listings = Listings::new(&builds);
        let known = Known::default();
        let of = |dir: &Path| listings.of(&known, dir, dir);
        std::fs::write(dir.path().join("b.md"), "b").unwrap();
        builds.start();
        assert_eq!(names(&of(dir.path())), ["b.md"]);
        std::fs::write(dir.path().join("a.md"), "a").unwrap();
        assert_eq!(names(&of(dir.path())), ["a.md", "b.md"]);
        std::fs::remove_file(dir.path().join("b.md")).unwrap();
        assert_eq!(names(&of(dir.path())), ["a.md"]);
    }

    #[test]
    fn an_unchanged_old_folder_is_not_listed_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "a").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::open(dir.path())
            .unwrap()
            .set_modified(old)
            .unwrap();
        let builds = Generations::on();
        let listings = Listings::new(&builds);
        let known = Known::default();
        builds.start();
        let first = listings.of(&known, dir.path(), dir.path());
        let again = listings.of(&known, dir.path(), dir.path());
        assert!(Arc::ptr_eq(&first, &again), "the listing was kept");
        assert_eq!(listings.folders.made(), 1);
    }
}
