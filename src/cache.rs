//! What `serve` keeps between rebuilds, so that a save re-does only the work
//! whose inputs changed.
//!
//! Every entry is keyed by a hash of **everything its output depends on**
//! (a file's text, a page's whole template context, a PDF's whole form), not
//! by which file the watcher saw change. A stale entry therefore cannot be
//! hit: a changed input is a different key. That keeps the incremental
//! rebuild byte-identical to a full one (tests/serve.rs and the unit test in
//! render check it), at the cost of building each key; building a key is far
//! cheaper than what it saves (Tera, PDF layout and compression, TOML parsing).
//!
//! `build` and `check` use [`BuildCache::none`], which computes everything and
//! keeps nothing.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::Xxh3Default;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{OutputFile, Theme};

/// 128 bits, so that a collision between two different inputs is not a risk
/// worth a thought even over millions of rebuilds.
pub type Key = u128;

/// Builds a [`Key`] from any number of parts with XXH3-128: hashing every
/// page's context on every rebuild is the incremental build's main overhead,
/// and XXH3 is several times faster than SipHash (`std`'s hasher) at it.
pub struct KeyHasher {
    state: Xxh3Default,
}

impl KeyHasher {
    /// A hasher for one kind of key; `domain` keeps kinds apart.
    pub fn new(domain: &str) -> Self {
        let mut hasher = KeyHasher {
            state: Xxh3Default::new(),
        };
        hasher.add(domain);
        hasher
    }

    pub fn add(&mut self, part: impl Hash) -> &mut Self {
        part.hash(self);
        self
    }

    /// Adds a JSON value (a template context) by its serialised form.
    pub fn add_json(&mut self, value: &serde_json::Value) -> &mut Self {
        // One buffer and one update: much faster than the serialiser's many
        // tiny writes going into the hash one by one.
        let bytes = serde_json::to_vec(value).expect("JSON values serialise");
        self.add(bytes)
    }

    pub fn key(&self) -> Key {
        self.state.digest128()
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.state.digest()
    }

    fn write(&mut self, bytes: &[u8]) {
        self.state.update(bytes);
    }
}

/// One kind of result, by key. Entries not used by a successful build are
/// dropped after it, so the memory held is about one site's worth.
pub struct Memo<V> {
    enabled: bool,
    /// Values computed (not found) since the build started.
    made: AtomicUsize,
    entries: Mutex<HashMap<Key, (V, u64)>>,
    generation: Arc<AtomicU64>,
}

impl<V: Clone> Memo<V> {
    fn new(enabled: bool, generation: &Arc<AtomicU64>) -> Self {
        Memo {
            enabled,
            made: AtomicUsize::new(0),
            entries: Mutex::new(HashMap::new()),
            generation: Arc::clone(generation),
        }
    }

    /// The value stored under `key()`, or `compute()`'s, stored if it is `Ok`.
    /// When the cache is off, neither the key is built nor anything stored.
    pub fn get_or_try<E>(
        &self,
        key: impl FnOnce() -> Key,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if !self.enabled {
            self.made.fetch_add(1, Ordering::Relaxed);
            return compute();
        }
        let key = key();
        let now = self.generation.load(Ordering::Relaxed);
        if let Some((value, used)) = self.lock().get_mut(&key) {
            *used = now;
            return Ok(value.clone());
        }
        // Computed outside the lock: other threads keep using the cache.
        self.made.fetch_add(1, Ordering::Relaxed);
        let value = compute()?;
        self.lock().insert(key, (value.clone(), now));
        Ok(value)
    }

    /// As [`Memo::get_or_try`], for work that cannot fail.
    pub fn get_or(&self, key: impl FnOnce() -> Key, compute: impl FnOnce() -> V) -> V {
        self.get_or_try(key, || Ok::<V, ()>(compute()))
            .unwrap_or_else(|()| unreachable!("compute cannot fail"))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (V, u64)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many values were computed, not reused, since the build started.
    pub fn made(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    fn kept(&self) -> usize {
        self.lock().len()
    }
}

/// The cache of one site's builds.
pub struct BuildCache {
    generation: Arc<AtomicU64>,
    /// Parsed content files (TOML, front matter), by type, path and text.
    pub(crate) parsed: Memo<Arc<dyn Any + Send + Sync>>,
    /// The anonymisation findings of a case study, by its text and the site's names.
    pub(crate) case_study_findings: Memo<Vec<Diagnostic>>,
    /// A rule's findings in one file, by rule and the file's text.
    pub(crate) file_findings: Memo<Vec<Diagnostic>>,
    /// Rendered Markdown, by text and the set of linkable URLs.
    pub(crate) markdown: Memo<(Rendered, Vec<Diagnostic>)>,
    /// A job's files (a page, or a referral page and its PDF), by the job's
    /// inputs (see `render/reuse.rs`): a hit skips making its context.
    pub(crate) jobs: Memo<Vec<OutputFile>>,
    /// A page's HTML, by template and whole context.
    pub(crate) pages: Memo<Arc<Vec<u8>>>,
    /// A referral PDF, by its whole form and the fonts.
    pub(crate) pdfs: Memo<Arc<Vec<u8>>>,
    /// The open data files, by the cluster files they come from.
    pub(crate) open_data: Memo<Arc<Vec<OutputFile>>>,
    /// The compiled theme, by the theme's files' names, sizes and times.
    pub(crate) theme: Memo<Arc<Theme>>,
}

impl BuildCache {
    /// A cache that keeps results between builds (for `serve`).
    pub fn new() -> Self {
        Self::with(true)
    }

    /// No cache: every build computes everything (for `build` and `check`).
    pub fn none() -> Self {
        Self::with(false)
    }

    fn with(enabled: bool) -> Self {
        let generation = Arc::new(AtomicU64::new(0));
        BuildCache {
            parsed: Memo::new(enabled, &generation),
            case_study_findings: Memo::new(enabled, &generation),
            file_findings: Memo::new(enabled, &generation),
            markdown: Memo::new(enabled, &generation),
            jobs: Memo::new(enabled, &generation),
            pages: Memo::new(enabled, &generation),
            pdfs: Memo::new(enabled, &generation),
            open_data: Memo::new(enabled, &generation),
            theme: Memo::new(enabled, &generation),
            generation,
        }
    }

    /// Starts a build: entries used from now on belong to it.
    pub(crate) fn start(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
        for memo in self.memos() {
            memo.restart();
        }
    }

    /// How many pages (jobs: a page, or a referral page with its PDF) the
    /// last build made rather than reused.
    pub fn pages_made(&self) -> usize {
        self.jobs.made()
    }

    /// After a successful build, forgets what it did not use (deleted pages,
    /// old versions of edited ones). A failed build keeps everything: it may
    /// have stopped before using entries the next build needs.
    pub(crate) fn finish(&self) {
        let now = self.generation.load(Ordering::Relaxed);
        for memo in self.memos() {
            memo.sweep(now);
        }
    }

    fn memos(&self) -> [&dyn Generational; 9] {
        [
            &self.parsed,
            &self.case_study_findings,
            &self.file_findings,
            &self.markdown,
            &self.jobs,
            &self.pages,
            &self.pdfs,
            &self.open_data,
            &self.theme,
        ]
    }
}

/// What a build does to every memo, whatever it holds.
trait Generational {
    fn restart(&self);
    fn sweep(&self, generation: u64);
}

impl<V: Clone> Generational for Memo<V> {
    fn restart(&self) {
        self.made.store(0, Ordering::Relaxed);
    }

    fn sweep(&self, generation: u64) {
        self.lock().retain(|_, (_, used)| *used == generation);
    }
}

impl Default for BuildCache {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_any_part_and_domain() {
        let a = KeyHasher::new("page").add("x").add(1).key();
        assert_eq!(a, KeyHasher::new("page").add("x").add(1).key());
        assert_ne!(a, KeyHasher::new("page").add("x").add(2).key());
        assert_ne!(a, KeyHasher::new("pdf").add("x").add(1).key());
    }

    #[test]
    fn a_hit_skips_the_work_and_unused_entries_go_after_a_build() {
        let cache = BuildCache::new();
        let computed = std::cell::Cell::new(0);
        let compute = |v: u8| {
            computed.set(computed.get() + 1);
            Arc::new(vec![v])
        };
        cache.start();
        assert_eq!(*cache.pages.get_or(|| 1, || compute(1)), vec![1]);
        assert_eq!(*cache.pages.get_or(|| 2, || compute(2)), vec![2]);
        cache.finish();
        cache.start();
        assert_eq!(*cache.pages.get_or(|| 1, || compute(9)), vec![1]);
        assert_eq!(computed.get(), 2, "the second build reused key 1");
        cache.finish();
        assert_eq!(cache.pages.kept(), 1, "key 2 was not used, so it went");
    }

    #[test]
    fn errors_are_not_kept_and_a_disabled_cache_keeps_nothing() {
        let cache = BuildCache::new();
        cache.start();
        let failed: Result<Arc<Vec<u8>>, &str> = cache.pages.get_or_try(|| 1, || Err("no"));
        assert!(failed.is_err());
        assert_eq!(cache.pages.kept(), 0);
        let off = BuildCache::none();
        off.start();
        off.pages
            .get_or(|| panic!("no key is built"), || Arc::new(vec![1]));
        assert_eq!(off.pages.kept(), 0);
    }
}
