//! What changed since the last build, as `serve`'s file watcher saw it, so
//! that a rebuild asks the file system only about those paths.
//!
//! Without a hint every content file and folder is looked at (`stat`) on
//! every rebuild: at region scale (3,300 files) that was a fifth of a
//! rebuild, and it grows with the site. With one, a file or folder the
//! watcher did not name keeps what the file system said of it last time.
//! A path it did name is looked at again, and its text read again if its
//! size or times changed (and memos key on the text's hash, so even a
//! same-size edit within a clock tick is seen).
//!
//! The watcher is trusted only where it can see: not when the kernel
//! dropped events (the watcher then says "everything"), not in a site
//! whose content has a symbolic link anywhere, whose target may change
//! where no watch is, and not once a content file has been seen with
//! another hard link: a write through that other name, in a folder no
//! watch is on, raises no event here.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::cache::Key;

/// Paths relative to the site's root, `/`-separated, as the watcher gives them.
#[derive(Clone, Debug, Default)]
pub enum Changes {
    /// Look at everything (the first build, dropped events, `build`).
    #[default]
    Everything,
    Only(BTreeSet<String>),
}

/// What the last builds learnt of each path, and what changed since.
#[derive(Default)]
pub struct Known {
    changes: Mutex<Changes>,
    /// Each path's identity (`source::looked_at`) when last looked at.
    identities: Mutex<HashMap<String, Key>>,
    /// Whether a listing of this build has a symbolic link in it.
    links: AtomicBool,
    /// Whether a content file was ever seen with another hard link: kept
    /// for good, as the file is not looked at again to learn otherwise.
    hard_links: AtomicBool,
    /// Each folder's generation (`generation_within`) when last asked,
    /// and the build that asked.
    generations: Mutex<HashMap<String, (Key, u64)>>,
    /// The last generation given out.
    last_generation: AtomicU64,
    /// Builds started.
    builds: AtomicU64,
}

impl Known {
    /// Sets what changed before the next build.
    pub fn expect(&self, changes: Changes) {
        *lock(&self.changes) = changes;
    }

    /// A build starts: links are counted again by its listings.
    pub fn start(&self) {
        self.builds.fetch_add(1, Ordering::Relaxed);
        self.links.store(false, Ordering::Relaxed);
    }

    pub fn saw_link(&self) {
        self.links.store(true, Ordering::Relaxed);
    }

    /// A content file has another name (a hard link) somewhere.
    pub fn saw_hard_link(&self) {
        self.hard_links.store(true, Ordering::Relaxed);
    }

    /// The identity of `path` (under `root`): the one known, if nothing
    /// may have changed it, else `look()`'s, remembered for next time.
    /// `within` says whether a change to a path inside it counts (a folder).
    pub fn identity(
        &self,
        root: &Path,
        path: &Path,
        within: bool,
        look: impl FnOnce() -> Key,
    ) -> Key {
        let Some(name) = relative(root, path) else {
            return look();
        };
        if !self.may_have_changed(&name, within) {
            if let Some(key) = lock(&self.identities).get(name.as_ref()) {
                return *key;
            }
        }
        let key = look();
        lock(&self.identities).insert(name.into_owned(), key);
        key
    }

    /// The generation of everything under the folder `dir`: the one given
    /// last time if nothing in it may have changed since (or if this build
    /// asked already), else a new one, never given before. What is made
    /// from that folder alone can be kept by it without looking at any of
    /// its files.
    pub fn generation_within(&self, root: &Path, dir: &Path) -> Key {
        let new = || {
            let n = self.last_generation.fetch_add(1, Ordering::Relaxed) + 1;
            Key::from(n) | (1 << 127)
        };
        let Some(name) = relative(root, dir) else {
            return new();
        };
        let build = self.builds.load(Ordering::Relaxed);
        let unchanged = !self.may_have_changed(&name, true);
        let mut generations = lock(&self.generations);
        match generations.get(name.as_ref()) {
            Some(&(generation, asked)) if unchanged || asked == build => generation,
            _ => {
                let generation = new();
                generations.insert(name.into_owned(), (generation, build));
                generation
            }
        }
    }

    fn may_have_changed(&self, name: &str, within: bool) -> bool {
        if self.links.load(Ordering::Relaxed) || self.hard_links.load(Ordering::Relaxed) {
            return true;
        }
        match &*lock(&self.changes) {
            Changes::Everything => true,
            Changes::Only(paths) => paths.iter().any(|changed| {
                changed == name
                    || (within && changed.strip_prefix(name).is_some_and(|rest| rest.starts_with('/')))
                    // A folder replaced or removed: everything in it may differ.
                    || name.strip_prefix(changed.as_str()).is_some_and(|rest| rest.starts_with('/'))
            }),
        }
    }
}

/// `path` relative to `root` with `/` separators, if it is inside it.
/// Asked for every content path on every rebuild: where the path is already
/// in that form (as the loader's joined paths are on Unix), it is borrowed.
fn relative<'p>(root: &Path, path: &'p Path) -> Option<Cow<'p, str>> {
    let inside = path.strip_prefix(root).ok()?;
    if let Some(text) = inside.to_str() {
        let plain = |part: &str| !part.is_empty() && part != "." && part != "..";
        if std::path::MAIN_SEPARATOR == '/' && text.split('/').all(plain) {
            return Some(Cow::Borrowed(text));
        }
    }
    let parts: Option<Vec<&str>> = inside
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(Cow::Owned(parts?.join("/")))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(changes: Changes) -> Known {
        let known = Known::default();
        known.expect(changes);
        known
    }

    fn only(paths: &[&str]) -> Changes {
        Changes::Only(paths.iter().map(|p| p.to_string()).collect())
    }

    /// Looks `path` up, returning whether it was looked at again.
    fn looked(known: &Known, path: &str, within: bool) -> bool {
        let mut looked = false;
        let root = Path::new("/site");
        known.identity(root, &root.join(path), within, || {
            looked = true;
            7
        });
        looked
    }

    #[test]
    fn only_named_paths_and_their_folders_are_looked_at_again() {
        let known = known(Changes::Everything);
        for path in ["content/pages/a.md", "content/pages/b.md"] {
            assert!(looked(&known, path, false), "everything is looked at first");
        }
        assert!(looked(&known, "content/pages", true));
        assert!(looked(&known, "content/pages-old", true));
        known.expect(only(&["content/pages/a.md"]));
        assert!(looked(&known, "content/pages/a.md", false));
        assert!(!looked(&known, "content/pages/b.md", false));
        assert!(
            looked(&known, "content/pages", true),
            "a folder with a change in it"
        );
        assert!(
            !looked(&known, "content/pages-old", true),
            "a name that only starts the same"
        );
    }

    #[test]
    fn a_replaced_folder_and_a_link_anywhere_mean_everything_is_looked_at() {
        let known = known(Changes::Everything);
        looked(&known, "content/clusters/a/updates/x.md", false);
        known.expect(only(&["content/clusters/a"]));
        assert!(looked(&known, "content/clusters/a/updates/x.md", false));
        known.expect(only(&["content/site.toml"]));
        assert!(!looked(&known, "content/clusters/a/updates/x.md", false));
        known.saw_link();
        assert!(looked(&known, "content/clusters/a/updates/x.md", false));
        known.start();
        assert!(!looked(&known, "content/clusters/a/updates/x.md", false));
        // A hard link is never listed again: it counts in every later build.
        known.saw_hard_link();
        known.start();
        assert!(looked(&known, "content/clusters/a/updates/x.md", false));
    }

    #[test]
    fn a_folder_keeps_its_generation_until_something_in_it_may_have_changed() {
        let root = Path::new("/site");
        let known = known(Changes::Everything);
        // Each build starts, is told what changed, then asks.
        let build = |changes: Changes| {
            known.start();
            known.expect(changes);
        };
        let folder = |name: &str| known.generation_within(root, &root.join(name));
        build(Changes::Everything);
        let (a, b) = (folder("content/clusters/a"), folder("content/clusters/b"));
        assert_ne!(a, b);
        assert_eq!(a, folder("content/clusters/a"), "asked twice in one build");
        build(Changes::Everything);
        assert_ne!(
            a,
            folder("content/clusters/a"),
            "everything may have changed"
        );
        let (a, b) = (folder("content/clusters/a"), folder("content/clusters/b"));

        build(only(&["content/clusters/b/updates/x.md"]));
        assert_eq!(a, folder("content/clusters/a"));
        let changed = folder("content/clusters/b");
        assert_ne!(b, changed, "a file in it changed");
        assert_eq!(
            changed,
            folder("content/clusters/b"),
            "asked again in that build"
        );
        build(only(&["content/site.toml"]));
        assert_eq!(changed, folder("content/clusters/b"), "and kept after");

        build(only(&["content/clusters"]));
        assert_ne!(
            a,
            folder("content/clusters/a"),
            "its parent folder was replaced"
        );
        let a = folder("content/clusters/a");
        build(only(&["content/clusters/a"]));
        assert_ne!(a, folder("content/clusters/a"), "it was replaced");
        let a = folder("content/clusters/a");
        build(only(&["content/site.toml"]));
        known.saw_link();
        assert_ne!(a, folder("content/clusters/a"), "a link anywhere");
        assert_ne!(
            folder("content/clusters/new"),
            folder("content/clusters/other"),
            "folders never seen"
        );
    }

    #[test]
    fn a_path_never_seen_is_looked_at_even_if_unnamed() {
        let known = known(only(&["content/pages/a.md"]));
        assert!(looked(&known, "content/pages/new.md", false));
    }

    /// The borrowed form is the same name the watcher gives, and anything
    /// unusual still goes through the path's components.
    #[test]
    fn a_path_is_named_as_the_watcher_names_it() {
        let root = Path::new("/site");
        let name = |path: &str| relative(root, Path::new(path)).map(Cow::into_owned);
        assert_eq!(
            name("/site/content/pages/a.md").as_deref(),
            Some("content/pages/a.md")
        );
        assert!(matches!(
            relative(root, Path::new("/site/content/a.md")),
            Some(Cow::Borrowed(_))
        ));
        assert_eq!(
            name("/site/content//pages/./a.md").as_deref(),
            Some("content/pages/a.md")
        );
        assert_eq!(
            name("/site/content/pages/").as_deref(),
            Some("content/pages")
        );
        assert_eq!(name("/site").as_deref(), Some(""));
        assert_eq!(name("/elsewhere/content"), None);
    }
}
