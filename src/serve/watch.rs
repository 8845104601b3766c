//! Watching the site's sources with `notify`, debounced into batches.
//!
//! An editor's save is several events (write a temp file and rename it over
//! the real one, move the old file to a backup, delete and recreate...). A
//! burst starts at the first event that matters and ends once no further one
//! has come for [`QUIET`], so each save is one rebuild. Its opening (the
//! events until [`OPENING`] passes without one) is what `serve` may start
//! building on before the burst ends (`serve/mod.rs`).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::is_ignored;

/// The folders of a root that a build reads.
pub const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

/// What a batch says when the kernel dropped events: it cannot say what changed.
pub const SOME_FILES: &str = "(some files)";

/// How long a batch waits for more events. Editors' saves take a few
/// milliseconds; this is most of the time from save to reload.
pub const QUIET: Duration = Duration::from_millis(20);

/// A burst ends after this even if events keep coming (a long copy).
const LONGEST: Duration = Duration::from_millis(1000);

/// The first steps of a save (open, write, close; a temp file and its
/// rename) come within a millisecond of each other. After this long without
/// an event `serve` starts building, while the rest of [`QUIET`] passes.
pub const OPENING: Duration = Duration::from_millis(3);

fn stopped() -> String {
    "the file watcher stopped".to_owned()
}

/// The events of one save so far, and when its first and last came.
pub struct Burst {
    batch: Batch,
    started: Instant,
    last: Instant,
}

pub struct Watcher {
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    watched: [bool; WATCHED.len()],
}

impl Watcher {
    /// Watches the root itself (to see the folders appear) and each folder it has.
    pub fn start(root: &Path) -> Result<Watcher, String> {
        let root = std::fs::canonicalize(root)
            .map_err(|e| format!("cannot read {}: {e}", root.display()))?;
        let (sender, events) = channel();
        let mut inner = notify::recommended_watcher(sender)
            .map_err(|e| format!("cannot watch for changes: {e}"))?;
        inner
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut watcher = Watcher {
            inner,
            events,
            root,
            watched: [false; WATCHED.len()],
        };
        watcher.update_folders()?;
        Ok(watcher)
    }

    /// Blocks until a relevant event, then takes events until [`OPENING`]
    /// passes without one: the first steps of a save, which a build may start
    /// on while [`Watcher::settle`] waits out the rest.
    pub fn opening(&mut self) -> Result<Burst, String> {
        let mut burst = Burst {
            batch: Batch::default(),
            started: Instant::now(),
            last: Instant::now(),
        };
        while burst.batch.is_empty() {
            let event = self.events.recv().map_err(|_| stopped())?;
            self.add(&mut burst, event);
        }
        burst.started = burst.last;
        self.take_until_quiet(&mut burst, OPENING)?;
        self.update_folders()?;
        Ok(burst)
    }

    /// Takes events into `burst` until [`QUIET`] has passed since its last
    /// one (or [`LONGEST`] since its first); true if any relevant one came.
    /// Called again after that, it takes only the events already waiting.
    pub fn settle(&mut self, burst: &mut Burst) -> Result<bool, String> {
        let grew = self.take_until_quiet(burst, QUIET)?;
        self.update_folders()?;
        Ok(grew)
    }

    fn take_until_quiet(&mut self, burst: &mut Burst, quiet: Duration) -> Result<bool, String> {
        let mut grew = false;
        while burst.started.elapsed() < LONGEST {
            match (self.events).recv_timeout(quiet.saturating_sub(burst.last.elapsed())) {
                Ok(event) => grew |= self.add(burst, event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
            }
        }
        Ok(grew)
    }

    /// Adds an event's relevant paths to the burst; true if there were any.
    fn add(&self, burst: &mut Burst, event: notify::Result<Event>) -> bool {
        match event {
            Ok(event) => {
                let any = burst.batch.add(relevant_paths(&self.root, &event));
                if any {
                    burst.last = Instant::now();
                }
                any
            }
            Err(error) => {
                eprintln!("warning: file watcher: {error}");
                false
            }
        }
    }

    /// What the burst changed so far: paths relative to the root,
    /// `/`-separated, sorted, each once. Empty if it was only a file that
    /// came and went (vim's `4913` permission probe, say): nothing a build
    /// reads changed.
    pub fn changed(&self, burst: &Burst) -> Vec<String> {
        burst.batch.lasting(&self.root)
    }

    /// Starts watching folders that appeared and forgets ones that went.
    fn update_folders(&mut self) -> Result<(), String> {
        for (name, watched) in WATCHED.iter().zip(self.watched.iter_mut()) {
            let folder = self.root.join(name);
            let exists = folder.is_dir();
            if exists && !*watched {
                self.inner
                    .watch(&folder, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
            } else if !exists && *watched {
                let _ = self.inner.unwatch(&folder);
            }
            *watched = exists;
        }
        Ok(())
    }
}

/// The paths one burst of events touched.
#[derive(Default)]
struct Batch {
    changed: BTreeSet<String>,
    /// Paths that appeared during the burst (created, or renamed to).
    appeared: BTreeSet<String>,
}

impl Batch {
    fn add(&mut self, paths: Vec<Touched>) -> bool {
        let any = !paths.is_empty();
        for touched in paths {
            if touched.appeared {
                self.appeared.insert(touched.path.clone());
            }
            self.changed.insert(touched.path);
        }
        any
    }

    fn is_empty(&self) -> bool {
        self.changed.is_empty()
    }

    /// The changed paths, less temp files: ones that appeared during the
    /// burst and are gone at its end (`sed -i`'s temp file, renamed away).
    fn lasting(&self, root: &Path) -> Vec<String> {
        (self.changed.iter())
            .filter(|path| !self.appeared.contains(*path) || root.join(path).exists())
            .cloned()
            .collect()
    }
}

/// A path an event touched, relative to the root.
#[derive(Debug, PartialEq, Eq)]
pub struct Touched {
    pub path: String,
    /// Created, or the target of a rename.
    pub appeared: bool,
}

/// The paths of `event` that a build could read, relative to `root`.
///
/// Opening and reading files (a build does it) is not a change. A path counts
/// if it is under one of the [`WATCHED`] folders and no part of it is an
/// editor's swap, backup or hidden file; for a rename, each end is judged on
/// its own, so a temp file renamed onto a real one counts.
pub fn relevant_paths(root: &Path, event: &Event) -> Vec<Touched> {
    let is_change = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    if !is_change {
        return Vec::new();
    }
    if event.need_rescan() {
        // The kernel dropped events: something changed, we cannot say what.
        return vec![Touched {
            path: SOME_FILES.to_owned(),
            appeared: false,
        }];
    }
    let last = event.paths.len().saturating_sub(1);
    event
        .paths
        .iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let appeared = match event.kind {
                EventKind::Create(_) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => i == last,
                _ => false,
            };
            let path = relative_if_watched(root, path)?;
            Some(Touched { path, appeared })
        })
        .collect()
}

fn relative_if_watched(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let first = parts.first()?;
    let watched = WATCHED.contains(first);
    let ignored = parts.iter().any(|part| is_ignored(Path::new(part)));
    (watched && !ignored).then(|| parts.join("/"))
}

/// "content/pages/a.md", or "3 files".
pub fn describe(changed: &[String]) -> String {
    match changed {
        [one] => one.clone(),
        many => format!("{} files", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, Flag, RemoveKind};

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut event = Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        event
    }

    fn relevant(kind: EventKind, paths: &[&str]) -> Vec<String> {
        relevant_paths(Path::new("/site"), &event(kind, paths))
            .into_iter()
            .map(|t| t.path)
            .collect()
    }

    #[test]
    fn changes_under_the_watched_folders_count() {
        let write = EventKind::Modify(ModifyKind::Any);
        assert_eq!(
            relevant(write, &["/site/content/pages/a.md"]),
            ["content/pages/a.md"]
        );
        assert_eq!(
            relevant(write, &["/site/themes/default/static/css/site.css"]),
            ["themes/default/static/css/site.css"]
        );
        assert_eq!(
            relevant(EventKind::Create(CreateKind::Folder), &["/site/templates"]),
            ["templates"]
        );
    }

    #[test]
    fn other_folders_and_editor_files_do_not() {
        let write = EventKind::Modify(ModifyKind::Any);
        for path in [
            "/site/public/index.html",
            "/site/.public.new-1",
            "/site/target/x",
            "/site/content/pages/.a.md.swp",
            "/site/content/pages/a.md~",
            "/site/content/pages/a.md.tmp",
            "/site/content/.git/index",
            "/elsewhere/content/a.md",
        ] {
            assert!(relevant(write, &[path]).is_empty(), "{path}");
        }
    }

    #[test]
    fn reading_is_not_a_change_but_finishing_a_write_is() {
        let path = ["/site/content/site.toml"];
        assert!(relevant(EventKind::Access(AccessKind::Open(AccessMode::Any)), &path).is_empty());
        assert!(relevant(EventKind::Access(AccessKind::Read), &path).is_empty());
        assert_eq!(
            relevant(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &path
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_temp_file_renamed_onto_a_real_one_counts() {
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(
            relevant(
                rename,
                &["/site/content/pages/.a.md.tmp", "/site/content/pages/a.md"]
            ),
            ["content/pages/a.md"]
        );
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert_eq!(
            relevant(to, &["/site/content/pages/a.md"]),
            ["content/pages/a.md"]
        );
    }

    #[test]
    fn temp_files_that_came_and_went_are_not_reported() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        std::fs::write(root.path().join("content/site.toml"), "").unwrap();
        let at = |path: &str| root.path().join(path).to_string_lossy().into_owned();
        let touched = |kind, paths: &[&str]| {
            let paths: Vec<String> = paths.iter().map(|p| at(p)).collect();
            let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
            relevant_paths(root.path(), &event(kind, &paths))
        };
        // `sed -i`: a temp file written, then renamed onto the real one.
        let mut batch = Batch::default();
        batch.add(touched(
            EventKind::Create(CreateKind::File),
            &["content/sedX1"],
        ));
        batch.add(touched(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["content/sedX1", "content/site.toml"],
        ));
        assert_eq!(batch.lasting(root.path()), ["content/site.toml"]);
        // A real deletion is reported.
        let mut batch = Batch::default();
        batch.add(touched(
            EventKind::Remove(RemoveKind::File),
            &["content/gone.md"],
        ));
        assert_eq!(batch.lasting(root.path()), ["content/gone.md"]);
        // A probe file alone is no change at all.
        let mut batch = Batch::default();
        batch.add(touched(
            EventKind::Create(CreateKind::File),
            &["content/4913"],
        ));
        batch.add(touched(
            EventKind::Remove(RemoveKind::File),
            &["content/4913"],
        ));
        assert!(batch.lasting(root.path()).is_empty());
    }

    #[test]
    fn dropped_events_mean_a_rebuild() {
        let event = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(relevant_paths(Path::new("/site"), &event).len(), 1);
    }

    #[test]
    fn describes_one_file_or_a_count() {
        assert_eq!(describe(&["content/a.md".into()]), "content/a.md");
        assert_eq!(describe(&["a".into(), "b".into(), "c".into()]), "3 files");
    }
}
