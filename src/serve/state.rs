//! The site being served: the last good build's files in memory, and the
//! errors of the last rebuild if it failed.
//!
//! A new build replaces the whole [`Snapshot`] in one pointer swap, so a
//! request sees the old site or the new one, never a mix, and the reload event
//! goes out only once the new one is in place.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::overlay::Overlay;
use super::reload::{self, Clients, Subscription};
use crate::output_file::OutputFile;

/// Output path (`/`-separated, relative, as `render` makes it) to contents.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

pub struct Snapshot {
    pub files: Arc<Files>,
    /// Changes with every successful build; pages carry it so they can tell
    /// whether they are out of date. Unique across restarts of `serve`.
    pub generation: String,
    /// Set while the content has errors; `files` is then the last good build.
    pub error: Option<Arc<Overlay>>,
    /// False until a build has succeeded.
    pub built: bool,
}

pub struct Live {
    snapshot: RwLock<Arc<Snapshot>>,
    clients: Clients,
    first_generation: u64,
}

impl Live {
    pub fn new() -> Self {
        // Milliseconds since 1970: a restarted server never reuses a generation.
        let first_generation = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Live {
            snapshot: RwLock::new(Arc::new(Snapshot {
                files: Arc::new(Files::new()),
                generation: first_generation.to_string(),
                error: None,
                built: false,
            })),
            clients: Clients::default(),
            first_generation,
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn replace(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }

    /// Serves `files` from now on, then tells the browsers to reload.
    pub fn publish_site(&self, files: Vec<OutputFile>) {
        let files: Files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
        let old = self.clients.locked(|streams| {
            let old = self.current();
            let generation = next_generation(&old.generation, self.first_generation);
            self.replace(Snapshot {
                files: Arc::new(files),
                generation: generation.clone(),
                error: None,
                built: true,
            });
            let mut events = String::new();
            if old.error.is_some() {
                events.push_str(&reload::ok_event());
            }
            events.push_str(&reload::reload_event(&generation));
            streams.send(&events);
            old
        });
        // The last site's thousands of files: freed after the browsers are told.
        crate::drop_elsewhere(old);
    }

    /// Keeps serving the last good site, with the overlay on top.
    pub fn publish_errors(&self, overlay: Overlay) {
        self.clients.locked(|streams| {
            let old = self.current();
            let event = reload::error_event(&overlay);
            self.replace(Snapshot {
                files: Arc::clone(&old.files),
                generation: old.generation.clone(),
                error: Some(Arc::new(overlay)),
                built: old.built,
            });
            streams.send(&event);
        });
    }

    /// Adds an event stream, greeting it with the current state so that a
    /// page that missed an event while it loaded catches up; `hang_up`
    /// closes its connection. `None` when too many streams are open.
    pub fn subscribe(&self, hang_up: Box<dyn Fn() + Send>) -> Option<Subscription> {
        self.clients.locked(|streams| {
            let now = self.current();
            let mut greeting = String::from(reload::STREAM_HEAD);
            greeting.push_str(&reload::reload_event(&now.generation));
            if let Some(error) = &now.error {
                greeting.push_str(&reload::error_event(error));
            }
            streams.add(&greeting, hang_up)
        })
    }

    pub fn keepalive(&self) {
        self.clients
            .locked(|streams| streams.send(reload::KEEPALIVE));
    }
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

fn next_generation(current: &str, first: u64) -> String {
    (current.parse::<u64>().unwrap_or(first) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: Arc::new(text.as_bytes().to_vec()),
        }
    }

    fn overlay() -> Overlay {
        Overlay {
            title: "1 error".into(),
            html: "<p>x</p>".into(),
        }
    }

    #[test]
    fn errors_keep_the_last_good_files_and_a_fix_clears_them() {
        let live = Live::new();
        live.publish_site(vec![file("index.html", "one")]);
        let first = live.current();
        assert!(first.built);
        live.publish_errors(overlay());
        let failed = live.current();
        assert_eq!(failed.files["index.html"].as_slice(), b"one");
        assert_eq!(failed.generation, first.generation);
        assert!(failed.error.is_some());
        live.publish_site(vec![file("index.html", "two")]);
        let fixed = live.current();
        assert!(fixed.error.is_none());
        assert_ne!(fixed.generation, first.generation);
        assert_eq!(fixed.files["index.html"].as_slice(), b"two");
    }

    #[test]
    fn nothing_is_served_before_the_first_good_build() {
        let live = Live::new();
        live.publish_errors(overlay());
        assert!(!live.current().built);
        assert!(live.current().files.is_empty());
    }
}
