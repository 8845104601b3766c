//! Memoising between builds, for `serve`: a generic utility that knows
//! nothing of the site. Each stage owns the memos it needs (`content::Cache`,
//! `check::Cache`, `theme::Cache`, `render::Cache`); `BuildCache` in `lib.rs`
//! holds one of each.
//!
//! Every entry is keyed by a hash of **everything its output depends on**
//! (a file's text, a page's whole template context, a PDF's whole form), not
//! by which file the watcher saw change. A stale entry therefore cannot be
//! hit: a changed input is a different key. That keeps the incremental
//! rebuild byte-identical to a full one (`tests/incremental.rs` checks it
//! after every kind of edit), at the cost of building each key; building a
//! key is far cheaper than what it saves (Tera, PDF layout and compression,
//! TOML parsing).
//!
//! `build` and `check` use memos from [`Generations::off`], which compute
//! everything and keep nothing.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use xxhash_rust::xxh3::Xxh3Default;

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

/// The builds of one cache: every memo made by [`Generations::memo`] is
/// registered here, so starting and finishing a build reaches all of them
/// and a new memo is one field in the stage that owns it.
pub struct Generations {
    enabled: bool,
    now: Arc<AtomicU64>,
    memos: Mutex<Vec<Arc<dyn Generational>>>,
}

impl Generations {
    /// Memos that keep results between builds (for `serve`).
    pub fn on() -> Self {
        Self::new(true)
    }

    /// Memos that compute everything and keep nothing (`build`, `check`).
    pub fn off() -> Self {
        Self::new(false)
    }

    fn new(enabled: bool) -> Self {
        Generations {
            enabled,
            now: Arc::new(AtomicU64::new(0)),
            memos: Mutex::new(Vec::new()),
        }
    }

    /// A new, empty memo belonging to these builds.
    pub fn memo<V: Clone + Send + Sync + 'static>(&self) -> Memo<V> {
        let memo = Memo {
            inner: Arc::new(Entries {
                enabled: self.enabled,
                made: AtomicUsize::new(0),
                entries: Mutex::new(HashMap::default()),
                now: Arc::clone(&self.now),
            }),
        };
        lock(&self.memos).push(memo.inner.clone());
        memo
    }

    /// Starts a build: entries used from now on belong to it.
    pub fn start(&self) {
        self.now.fetch_add(1, Ordering::Relaxed);
        for memo in lock(&self.memos).iter() {
            memo.restart();
        }
    }

    /// After a successful build, forgets what it did not use (deleted pages,
    /// old versions of edited ones). A failed build keeps everything: it may
    /// have stopped before using entries the next build needs.
    pub fn finish(&self) {
        let now = self.now.load(Ordering::Relaxed);
        for memo in lock(&self.memos).iter() {
            memo.sweep(now);
        }
    }
}

/// Table hashing for keys that are already 128-bit hashes: SipHash over
/// every page's key was a tenth of a `serve` rebuild at region scale. The
/// two halves are folded with a seed chosen when the program starts, so
/// that content cannot be written to make the table's buckets collide.
#[derive(Clone)]
struct KeyHashing {
    seeds: [u64; 2],
}

impl Default for KeyHashing {
    fn default() -> Self {
        static SEEDS: std::sync::OnceLock<[u64; 2]> = std::sync::OnceLock::new();
        let seeds = *SEEDS.get_or_init(|| {
            let random = std::collections::hash_map::RandomState::new();
            [random.hash_one(1u8), random.hash_one(2u8)]
        });
        KeyHashing { seeds }
    }
}

impl BuildHasher for KeyHashing {
    type Hasher = FoldedKey;
    fn build_hasher(&self) -> FoldedKey {
        FoldedKey {
            seeds: self.seeds,
            value: 0,
        }
    }
}

struct FoldedKey {
    seeds: [u64; 2],
    value: u64,
}

impl Hasher for FoldedKey {
    fn write_u128(&mut self, key: u128) {
        // A folded multiply (as foldhash and aHash use): every bit of the
        // key and of the seeds reaches the result.
        let (low, high) = (
            key as u64 ^ self.seeds[0],
            (key >> 64) as u64 ^ self.seeds[1],
        );
        let product = u128::from(low) * u128::from(high ^ self.value);
        self.value = (product as u64) ^ ((product >> 64) as u64);
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `Key`s are hashed here; any other input is still spread.
        for chunk in bytes.chunks(16) {
            let mut word = [0u8; 16];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u128(u128::from_le_bytes(word));
        }
    }

    fn finish(&self) -> u64 {
        self.value
    }
}

/// One kind of result, by key. Entries not used by a successful build are
/// dropped after it, so the memory held is about one site's worth.
pub struct Memo<V> {
    inner: Arc<Entries<V>>,
}

struct Entries<V> {
    enabled: bool,
    /// Values computed (not found) since the build started.
    made: AtomicUsize,
    entries: Mutex<HashMap<Key, (V, u64), KeyHashing>>,
    now: Arc<AtomicU64>,
}

impl<V: Clone> Memo<V> {
    /// The value stored under `key()`, or `compute()`'s, stored if it is `Ok`.
    /// When the cache is off, neither the key is built nor anything stored.
    pub fn get_or_try<E>(
        &self,
        key: impl FnOnce() -> Key,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let memo = &self.inner;
        if !memo.enabled {
            memo.made.fetch_add(1, Ordering::Relaxed);
            return compute();
        }
        let key = key();
        let now = memo.now.load(Ordering::Relaxed);
        if let Some((value, used)) = lock(&memo.entries).get_mut(&key) {
            *used = now;
            return Ok(value.clone());
        }
        // Computed outside the lock: other threads keep using the cache.
        memo.made.fetch_add(1, Ordering::Relaxed);
        let value = compute()?;
        lock(&memo.entries).insert(key, (value.clone(), now));
        Ok(value)
    }

    /// As [`Memo::get_or_try`], for work that cannot fail.
    pub fn get_or(&self, key: impl FnOnce() -> Key, compute: impl FnOnce() -> V) -> V {
        self.get_or_try(key, || Ok::<V, ()>(compute()))
            .unwrap_or_else(|()| unreachable!("compute cannot fail"))
    }

    /// How many values were computed, not reused, since the build started.
    pub fn made(&self) -> usize {
        self.inner.made.load(Ordering::Relaxed)
    }

    /// How many values are kept.
    pub fn kept(&self) -> usize {
        lock(&self.inner.entries).len()
    }
}

/// A poisoned lock only means another thread panicked mid-build; the map is
/// still a valid cache (entries are inserted whole).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a build does to every memo, whatever it holds.
trait Generational: Send + Sync {
    fn restart(&self);
    fn sweep(&self, generation: u64);
}

impl<V: Send + Sync> Generational for Entries<V> {
    fn restart(&self) {
        self.made.store(0, Ordering::Relaxed);
    }

    fn sweep(&self, generation: u64) {
        lock(&self.entries).retain(|_, (_, used)| *used == generation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys that differ only in their high or only in their low half still
    /// land in different places in the table.
    #[test]
    fn both_halves_of_a_key_spread_it() {
        let hashing = KeyHashing::default();
        let mut seen = std::collections::HashSet::new();
        for n in 1..=1_000u128 {
            seen.insert(hashing.hash_one(n));
            seen.insert(hashing.hash_one(n << 64));
        }
        assert_eq!(seen.len(), 2_000);
    }

    #[test]
    fn keys_differ_by_any_part_and_domain() {
        let a = KeyHasher::new("page").add("x").add(1).key();
        assert_eq!(a, KeyHasher::new("page").add("x").add(1).key());
        assert_ne!(a, KeyHasher::new("page").add("x").add(2).key());
        assert_ne!(a, KeyHasher::new("pdf").add("x").add(1).key());
    }

    #[test]
    fn a_hit_skips_the_work_and_unused_entries_go_after_a_build() {
        let builds = Generations::on();
        let pages: Memo<Arc<Vec<u8>>> = builds.memo();
        let other: Memo<u8> = builds.memo();
        let computed = std::cell::Cell::new(0);
        let compute = |v: u8| {
            computed.set(computed.get() + 1);
            Arc::new(vec![v])
        };
        builds.start();
        assert_eq!(*pages.get_or(|| 1, || compute(1)), vec![1]);
        assert_eq!(*pages.get_or(|| 2, || compute(2)), vec![2]);
        other.get_or(|| 1, || 7);
        builds.finish();
        builds.start();
        assert_eq!(*pages.get_or(|| 1, || compute(9)), vec![1]);
        assert_eq!(computed.get(), 2, "the second build reused key 1");
        assert_eq!(pages.made(), 0, "start() restarted the count");
        builds.finish();
        assert_eq!(pages.kept(), 1, "key 2 was not used, so it went");
        assert_eq!(other.kept(), 0, "every registered memo is swept");
    }

    #[test]
    fn errors_are_not_kept_and_a_disabled_cache_keeps_nothing() {
        let builds = Generations::on();
        let pages: Memo<Arc<Vec<u8>>> = builds.memo();
        builds.start();
        let failed: Result<Arc<Vec<u8>>, &str> = pages.get_or_try(|| 1, || Err("no"));
        assert!(failed.is_err());
        assert_eq!(pages.kept(), 0);
        let off = Generations::off();
        let pages: Memo<Arc<Vec<u8>>> = off.memo();
        off.start();
        pages.get_or(|| panic!("no key is built"), || Arc::new(vec![1]));
        assert_eq!(pages.kept(), 0);
    }
}
