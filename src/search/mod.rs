//! The search index behind `/search/`: Pagefind's Rust API, in-process, over
//! the pages the build renders. A page is indexed when its template marks its
//! main content with `data-pagefind-body` (so the header, footer and
//! navigation never are); `data-pagefind-filter` and `data-pagefind-meta`
//! give each result its kind and cluster. The index files come back as
//! [`OutputFile`]s under `pagefind/` and are written like every other file.
//!
//! **In parts.** The index is one Pagefind index per part (`parts.rs`): per
//! language, the city-wide pages, then the clusters packed into parts of a
//! bounded size, each part in its own folder (`pagefind/en/0/`), listed in
//! `pagefind/parts.json`. `/search/` loads the main part and merges the
//! others in the browser (Pagefind's `mergeIndex`). Memory while indexing is
//! bounded by the biggest part: each part's index is freed before the next.
//!
//! **Reuse between builds.** Each part gets a key from its pages' reuse keys
//! (`render/job.rs`), its place, the Pagefind version and the code's
//! identity. When the reuse record holds that key and the part's files are
//! still as written, they are kept and nothing in it is indexed. Otherwise
//! the part is made again (Pagefind cannot update one), but an unchanged
//! page is not rendered again for its text: its indexed part is read back
//! from the page's file in the output, checked against the digest the record
//! holds for it. A cache of fragments beside the record would hold the same
//! text twice on disk and need its own checks; the page's file is already
//! there and already checked.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::cache::{Key, KeyHasher};
use crate::diagnostics::Diagnostic;
use crate::model::SiteConfig;
use crate::output_file::{OutputFile, Sink};

mod parts;
use parts::{Home, Part};

/// The folder the index goes in, and that `/search/`'s script loads it from.
pub const FOLDER: &str = "pagefind";

/// The Pagefind crate this code is built with (`Cargo.lock`; a unit test
/// checks): another version makes another index.
const PAGEFIND_VERSION: &str = "1.6.0";

/// What marks a page to index; every other page is left out.
const BODY: &str = "data-pagefind-body";

/// Files Pagefind makes for its own interfaces, which the site does not use:
/// `/search/` has a small interface of its own (`js/search.js`).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Parts of the index made at the same time, on threads of their own.
/// Indexing is most of the cost of the index, and each part's is one thread's
/// work; with [`parts::bound_for`] this bounds the memory indexing takes.
const PARTS_AT_ONCE: usize = 2;

/// Pages handed to Pagefind by this process, and parts of the index made:
/// tests see from them that a build with nothing changed indexes nothing and
/// that an edit in one cluster makes one part again.
static INDEXED: AtomicUsize = AtomicUsize::new(0);
static PARTS_MADE: AtomicUsize = AtomicUsize::new(0);

#[doc(hidden)]
pub fn pages_indexed() -> usize {
    INDEXED.load(Ordering::Relaxed)
}

#[doc(hidden)]
pub fn parts_made() -> usize {
    PARTS_MADE.load(Ordering::Relaxed)
}

/// What the index has of one page: its indexed part (a page made now, `None`
/// if it is not marked for indexing) or nothing yet (a page reused from the
/// output, read back only if its part is made again).
enum Text {
    Made(Option<String>),
    Reused,
}

struct Noted {
    /// The page's HTML file in the output: `clusters/x/index.html`.
    path: String,
    key: Key,
    text: Text,
}

/// Collects, from any thread, each page's key and either its indexed part
/// (a page made now) or where its file is (a page reused from the output);
/// then makes the index part by part, in address order, so it never depends
/// on which page finished first.
#[derive(Default)]
pub struct Indexer {
    pages: Mutex<Vec<Noted>>,
}

impl Indexer {
    pub fn new() -> Self {
        Indexer::default()
    }

    /// Keeps what the index needs of one page's files, made now with
    /// `key` (the `<main>` of an HTML page marked for indexing, inside the
    /// page's `<html lang>`), and hands the files on.
    pub fn add(&self, key: Key, files: Vec<OutputFile>) -> Vec<OutputFile> {
        for file in files.iter().filter(|f| page_url(&f.path).is_some()) {
            let text = std::str::from_utf8(&file.bytes).ok().and_then(indexed_part);
            lock(&self.pages).push(Noted {
                path: file.path.clone(),
                key,
                text: Text::Made(text),
            });
        }
        files
    }

    /// Notes a page reused from the output with `key`: its indexed part is
    /// read back only if its part of the index has to be made again.
    pub fn add_reused(&self, key: Key, files: &[OutputFile]) {
        for file in files.iter().filter(|f| page_url(&f.path).is_some()) {
            lock(&self.pages).push(Noted {
                path: file.path.clone(),
                key,
                text: Text::Reused,
            });
        }
    }

    /// The index files, under `pagefind/`, handed to `sink` part by part:
    /// a part an earlier build left is kept if every page in it is
    /// unchanged since, else made now; each part's Pagefind index is freed
    /// before the next is made. Then `pagefind/parts.json`, which lists them.
    pub fn files(self, site: &SiteConfig, sink: &dyn Sink) -> Result<Vec<OutputFile>, Diagnostic> {
        let translated: Vec<String> = (site.languages.iter())
            .map(|l| l.code.get_ref().clone())
            .collect();
        let pages = lock(&self.pages).len();
        self.files_in_parts(&site.language, &translated, parts::bound_for(pages), sink)
    }

    /// As [`Indexer::files`], with the site's language, the codes of its
    /// translations and the most pages a part packs.
    fn files_in_parts(
        self,
        language: &str,
        translated: &[String],
        bound: usize,
        sink: &dyn Sink,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let pages = self.pages.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut pages: Vec<(Home, Noted)> = pages
            .into_iter()
            .map(|page| (Home::of(&page.path, language, translated), page))
            .collect();
        pages.sort_unstable_by(|(a, x), (b, y)| (a, &x.path).cmp(&(b, &y.path)));
        let homes: Vec<Home> = pages.iter().map(|(home, _)| home.clone()).collect();
        let paths: Vec<&str> = pages.iter().map(|(_, page)| page.path.as_str()).collect();
        let layout = parts::pack(&homes, &paths, bound);
        drop((homes, paths));
        let mut files = Vec::new();
        let mut to_make = Vec::new();
        let mut pages = pages.into_iter();
        for part in &layout {
            let members: Vec<(Home, Noted)> = pages.by_ref().take(part.pages.len()).collect();
            let key = part_key(part, &members);
            match sink.reused_folder(key, &part.folder) {
                Some(kept) => files.extend(kept),
                None => to_make.push((part, key, members)),
            }
        }
        // A few parts at a time, each on its own thread: memory grows with
        // the pages being indexed at once, not with the site. Plain threads,
        // not rayon's: Pagefind runs rayon inside the runtime `make` starts,
        // and a rayon thread waiting there could take up another part (of
        // this build or of another in the same process) and start a runtime
        // inside a runtime, which panics (`tests/concurrent_builds.rs`).
        let made = made_biggest_first(
            &mut to_make,
            |(_, _, members)| members.len(),
            |(part, key, members)| {
                let texts = texts_of(members, sink)?;
                let made = make(texts, part)?;
                Ok(sink.keep(Some(*key), made))
            },
        );
        for part in made {
            files.extend(part?);
        }
        let listing = OutputFile {
            path: format!("{FOLDER}/parts.json"),
            bytes: std::sync::Arc::new(parts::listing(&layout).into_bytes()),
        };
        files.extend(sink.keep(None, vec![listing]));
        Ok(files)
    }
}

/// What made one part of the index: its files, or why it could not be.
type Made = Result<Vec<OutputFile>, Diagnostic>;

/// Runs `make` on each of `parts`, [`PARTS_AT_ONCE`] threads each taking
/// the next part as it finishes one, the biggest (by `size`) first. A part
/// is one thread's work, so a big part started last, or a small one waiting
/// behind a big one while the other thread sits idle, adds its whole time
/// to the build's. After a part fails no other is started. The results come
/// back in the order of `parts`, whichever finished first.
fn made_biggest_first<T: Send>(
    parts: &mut [T],
    size: impl Fn(&T) -> usize,
    make: impl Fn(&mut T) -> Made + Sync,
) -> Vec<Made> {
    let mut order: Vec<(usize, &mut T)> = parts.iter_mut().enumerate().collect();
    order.sort_by_key(|(at, part)| (std::cmp::Reverse(size(part)), *at));
    let count = order.len();
    let queue = Mutex::new(order.into_iter());
    let results: Vec<Mutex<Option<Made>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|threads| {
        let workers: Vec<_> = (0..PARTS_AT_ONCE.min(count))
            .map(|_| {
                threads.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let Some((at, part)) = lock(&queue).next() else {
                            break;
                        };
                        let made = make(part);
                        failed.fetch_or(made.is_err(), Ordering::Relaxed);
                        *lock(&results[at]) = Some(made);
                    }
                })
            })
            .collect();
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    (results.into_iter())
        .filter_map(|made| made.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

/// A part's key: its pages' addresses and keys, its place, the Pagefind
/// version and the code's.
fn part_key(part: &Part, members: &[(Home, Noted)]) -> Key {
    let mut key = KeyHasher::new("search index part");
    key.add(PAGEFIND_VERSION)
        .add(env!("CLUSTERSITE_CODE_ID"))
        .add(&part.language)
        .add(&part.folder);
    for (_, page) in members {
        key.add(&page.path).add(page.key);
    }
    key.key()
}

/// The indexed parts of a part's pages, taken out of `members` (so they are
/// freed with the part's index), reused pages read back from the output.
fn texts_of(
    members: &mut [(Home, Noted)],
    sink: &dyn Sink,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let texts: Result<Vec<Option<(String, String)>>, Diagnostic> = members
        .par_iter_mut()
        .map(|(_, page)| {
            let url = page_url(&page.path).expect("only pages are noted");
            let text = match std::mem::replace(&mut page.text, Text::Made(None)) {
                Text::Made(text) => text,
                Text::Reused => {
                    let bytes = (sink.read_back(page.key, &page.path))
                        .ok_or_else(|| changed(&page.path))?;
                    indexed_part(&String::from_utf8_lossy(&bytes))
                }
            };
            Ok(text.map(|text| (url, text)))
        })
        .collect();
    Ok(texts?.into_iter().flatten().collect())
}

/// Pagefind's files for one part's `pages`, in address order, under the
/// part's folder; only the main part keeps the script and WebAssembly.
fn make(mut pages: Vec<(String, String)>, part: &Part) -> Result<Vec<OutputFile>, Diagnostic> {
    pages.sort();
    INDEXED.fetch_add(pages.len(), Ordering::Relaxed);
    PARTS_MADE.fetch_add(1, Ordering::Relaxed);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e.to_string()))?;
    let made = runtime.block_on(index(pages, &part.language));
    let made = made.map_err(|e| failed(&format!("{e:#}")))?;
    let mut files = Vec::with_capacity(made.len());
    for file in made {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if UNUSED.contains(&name.as_str()) || (!part.is_main() && for_main_only(&name)) {
            continue;
        }
        // Pagefind names its own files; each must still be a plain path
        // inside its folder before the output layer sees it.
        if name.split('/').any(|part| {
            part.is_empty() || part == "." || part == ".." || part.contains(['\0', ':'])
        }) {
            return Err(failed(&format!("it made a file named {name:?}")));
        }
        files.push(OutputFile {
            path: format!("{}/{name}", part.folder),
            bytes: std::sync::Arc::new(file.contents),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Pagefind's script and WebAssembly: the main part's search every part
/// merged into it, so the others need not carry their own.
fn for_main_only(name: &str) -> bool {
    name.ends_with(".js") || name.ends_with(".pagefind")
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

async fn index(
    pages: Vec<(String, String)>,
    language: &str,
) -> anyhow::Result<Vec<pagefind::api::SyntheticFile>> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let options = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language(language.to_owned())
        .build();
    let mut index = PagefindIndex::new(Some(options))?;
    for (url, html) in pages {
        index.add_html_file(None, Some(url), html).await?;
    }
    index.get_files().await
}

/// A reused page's file no longer holds what the record says: something
/// changed the output while the build ran.
fn changed(path: &str) -> Diagnostic {
    Diagnostic::file(
        FOLDER,
        "search-index",
        format!(
            "the search index could not read /{path} back: the file changed while the build ran"
        ),
    )
    .help("run the build again; if it happens again, delete the output folder and build")
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::file(
        FOLDER,
        "search-index",
        format!("the search index could not be made: {why}"),
    )
    .help("this is a bug in clustersite, not in the content: report it with this message")
}

/// `clusters/x/index.html` is the page `/clusters/x/`; other files are not pages.
fn page_url(path: &str) -> Option<String> {
    if path == "index.html" {
        return Some("/".to_owned());
    }
    path.strip_suffix("/index.html")
        .map(|dir| format!("/{dir}/"))
}

/// The page's `<main>` element, marked for indexing, in a minimal document
/// that keeps the page's language. `None` for a page not marked.
fn indexed_part(html: &str) -> Option<String> {
    let start = html.find("<main")?;
    let end = html[start..].find("</main>")? + start + "</main>".len();
    let main = &html[start..end];
    let open = &main[..main.find('>')?];
    if !open.contains(BODY) {
        return None;
    }
    let lang = html
        .find("<html")
        .and_then(|at| html[at..].find('>').map(|close| &html[at..at + close]))
        .unwrap_or("<html");
    Some(format!("{lang}><body>{main}</body></html>"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::output_file::InMemory;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: std::sync::Arc::new(html.as_bytes().to_vec()),
        }
    }

    fn bytes(files: &[OutputFile]) -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.as_ref().clone()))
            .collect()
    }

    /// The index in parts of at most `bound` pages, in English.
    fn files(
        indexer: Indexer,
        bound: usize,
        sink: &dyn Sink,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        indexer.files_in_parts("en-GB", &["pl".to_owned()], bound, sink)
    }

    const SPEECH: &str = "<html lang=en><main data-pagefind-body><h1>Speech and language therapy</h1><p>Talking.</p></main></html>";
    const BEHAVIOUR: &str = "<html lang=en><main data-pagefind-body><h1>Behaviour</h1><p>Help at home.</p></main></html>";

    /// An output holding files an earlier build made: pages by key and
    /// path, parts of the index by key.
    #[derive(Default)]
    struct Output {
        files: HashMap<(Key, String), Vec<u8>>,
        parts: HashMap<Key, Vec<OutputFile>>,
        kept: Mutex<Vec<(Option<Key>, Vec<String>)>>,
    }

    impl Sink for Output {
        fn reused_folder(&self, key: Key, folder: &str) -> Option<Vec<OutputFile>> {
            let files = self.parts.get(&key)?;
            assert!(files.iter().all(|f| f.path.starts_with(folder)));
            Some(files.clone())
        }

        fn read_back(&self, key: Key, path: &str) -> Option<Vec<u8>> {
            self.files.get(&(key, path.to_owned())).cloned()
        }

        fn keep(&self, key: Option<Key>, files: Vec<OutputFile>) -> Vec<OutputFile> {
            let paths = files.iter().map(|f| f.path.clone()).collect();
            lock(&self.kept).push((key, paths));
            files
        }
    }

    impl Output {
        /// Records what a build handed to `keep`, as the next build finds it.
        fn after(build: &Output, files: &[OutputFile]) -> Output {
            let mut next = Output::default();
            for (key, paths) in lock(&build.kept).iter() {
                let Some(key) = key else { continue };
                let part = files.iter().filter(|f| paths.contains(&f.path));
                next.parts.insert(*key, part.cloned().collect());
            }
            next
        }

        fn parts_kept(&self) -> usize {
            lock(&self.kept).iter().filter(|(k, _)| k.is_some()).count()
        }
    }

    #[test]
    fn only_the_marked_main_content_of_html_pages_is_kept() {
        let indexer = Indexer::new();
        indexer.add(1, vec![
            page(
                "a/index.html",
                "<html lang=en-GB><header>Menu words</header><main data-pagefind-body><h1>Speech</h1></main><footer>Call</footer></html>",
            ),
            page("b/index.html", "<html><main><h1>Not marked</h1></main></html>"),
            page("c.pdf", "<main data-pagefind-body>bytes</main>"),
        ]);
        let pages = indexer.pages.into_inner().unwrap();
        let texts: Vec<(&str, Option<&str>)> = pages
            .iter()
            .map(|p| match &p.text {
                Text::Made(text) => (p.path.as_str(), text.as_deref()),
                Text::Reused => panic!("made, not reused"),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                (
                    "a/index.html",
                    Some("<html lang=en-GB><body><main data-pagefind-body><h1>Speech</h1></main></body></html>")
                ),
                ("b/index.html", None),
            ]
        );
    }

    #[test]
    fn the_index_is_the_same_whatever_order_pages_come_in() {
        let pages = [
            page("one/index.html", SPEECH),
            page("clusters/a/two/index.html", BEHAVIOUR),
        ];
        let forward = Indexer::new();
        forward.add(1, pages.to_vec());
        let backward = Indexer::new();
        backward.add(1, vec![pages[1].clone()]);
        backward.add(1, vec![pages[0].clone()]);
        let a = files(forward, 10, &InMemory).unwrap();
        let b = files(backward, 10, &InMemory).unwrap();
        assert_eq!(bytes(&a), bytes(&b));
        assert!(a.iter().all(|f| f.path.starts_with("pagefind/")));
        assert!(!a.iter().any(|f| f.path.ends_with("pagefind-ui.js")));
        let has = |path: &str| a.iter().any(|f| f.path == path);
        assert!(has("pagefind/parts.json"));
        // The main part (city-wide pages) carries the script for all parts.
        assert!(has("pagefind/en/0/pagefind.js"));
        assert!(has("pagefind/en/0/pagefind-entry.json"));
        assert!(has("pagefind/en/1/pagefind-entry.json"));
        assert!(!a.iter().any(|f| f.path.starts_with("pagefind/en/1/")
            && (f.path.ends_with(".js") || f.path.ends_with(".pagefind"))));
    }

    #[test]
    fn a_reused_page_is_read_back_and_indexed_as_if_made() {
        let made = Indexer::new();
        made.add(1, vec![page("one/index.html", SPEECH)]);
        made.add(2, vec![page("two/index.html", BEHAVIOUR)]);
        let cold = files(made, 10, &InMemory).unwrap();

        let mut output = Output::default();
        output
            .files
            .insert((2, "two/index.html".into()), BEHAVIOUR.as_bytes().to_vec());
        let warm = Indexer::new();
        warm.add(1, vec![page("one/index.html", SPEECH)]);
        warm.add_reused(2, &[page("two/index.html", "")]);
        let warm = files(warm, 10, &output).unwrap();
        assert_eq!(bytes(&warm), bytes(&cold));
    }

    #[test]
    fn a_reused_page_that_cannot_be_read_back_fails_the_build() {
        let warm = Indexer::new();
        warm.add_reused(2, &[page("two/index.html", "")]);
        let Err(error) = files(warm, 10, &Output::default()) else {
            panic!("a page that cannot be read back is not left out of the index");
        };
        assert!(
            error.message.contains("/two/index.html"),
            "{}",
            error.message
        );
    }

    /// Three clusters of one page each and one city page.
    const PATHS: [&str; 4] = [
        "index.html",
        "clusters/a/index.html",
        "clusters/b/index.html",
        "clusters/c/index.html",
    ];

    /// The pages at [`PATHS`], made with these keys.
    fn site(keys: [Key; 4]) -> Indexer {
        let indexer = Indexer::new();
        for (path, key) in PATHS.iter().zip(keys) {
            indexer.add_reused(key, &[page(path, "")]);
        }
        indexer
    }

    fn output_of(keys: [Key; 4]) -> Output {
        let mut output = Output::default();
        for (path, key) in PATHS.iter().zip(keys) {
            let html = format!(
                "<html lang=en><main data-pagefind-body><h1>{path} {key}</h1></main></html>"
            );
            output
                .files
                .insert((key, path.to_string()), html.into_bytes());
        }
        output
    }

    #[test]
    fn a_part_is_kept_while_its_pages_are_unchanged_and_only_a_changed_part_is_made() {
        // Parts of two pages: the city page; clusters a and b; cluster c.
        let first = output_of([1, 2, 3, 4]);
        let cold = files(site([1, 2, 3, 4]), 2, &first).unwrap();
        assert_eq!(first.parts_kept(), 3);

        let mut unchanged = Output::after(&first, &cold);
        unchanged.files = first.files.clone();
        let warm = files(site([1, 2, 3, 4]), 2, &unchanged).unwrap();
        assert_eq!(unchanged.parts_kept(), 0, "nothing changed, nothing made");
        let paths = |files: &[OutputFile]| -> Vec<String> {
            files
                .iter()
                .map(|f| f.path.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        assert_eq!(paths(&warm), paths(&cold));

        // Cluster c's page changes (key 4 -> 5): its part alone is made.
        let mut edited = Output::after(&first, &cold);
        edited.files = output_of([1, 2, 3, 5]).files;
        let warm = files(site([1, 2, 3, 5]), 2, &edited).unwrap();
        let made: Vec<Vec<String>> = lock(&edited.kept)
            .iter()
            .filter(|(k, _)| k.is_some())
            .map(|(_, p)| p.clone())
            .collect();
        assert_eq!(made.len(), 1, "{made:?}");
        assert!(
            made[0].iter().all(|p| p.starts_with("pagefind/en/2/")),
            "{made:?}"
        );
        // And it is what a first build of the edited site makes.
        let fresh = files(site([1, 2, 3, 5]), 2, &output_of([1, 2, 3, 5])).unwrap();
        let warm_c: Vec<_> = bytes(&warm)
            .into_iter()
            .filter(|(p, _)| p.starts_with("pagefind/en/2/"))
            .collect();
        let fresh_c: Vec<_> = bytes(&fresh)
            .into_iter()
            .filter(|(p, _)| p.starts_with("pagefind/en/2/"))
            .collect();
        assert_eq!(warm_c, fresh_c);
    }

    #[test]
    fn the_pagefind_version_named_is_the_one_locked() {
        let lock = include_str!("../../Cargo.lock");
        let locked = format!("name = \"pagefind\"\nversion = \"{PAGEFIND_VERSION}\"\n");
        assert!(
            lock.contains(&locked),
            "update PAGEFIND_VERSION in src/search/mod.rs"
        );
    }

    /// A part made by [`made_biggest_first`]'s test: it says which part it
    /// is, after a pause long enough for the other thread to take one.
    fn made_as(number: usize, started: &Mutex<Vec<usize>>) -> Made {
        lock(started).push(number);
        std::thread::sleep(std::time::Duration::from_millis(20 * number as u64));
        Ok(vec![page(&format!("part-{number}"), "")])
    }

    #[test]
    fn the_biggest_parts_are_started_first_and_come_back_in_order() {
        let started = Mutex::new(Vec::new());
        let mut parts = vec![1, 9, 4, 2, 7];
        let made = made_biggest_first(&mut parts, |size| *size, |size| made_as(*size, &started));
        let paths: Vec<String> = made
            .into_iter()
            .map(|m| m.unwrap()[0].path.clone())
            .collect();
        assert_eq!(paths, ["part-1", "part-9", "part-4", "part-2", "part-7"]);
        let started = started.into_inner().unwrap();
        assert_eq!(started.len(), 5, "each part made once: {started:?}");
        let mut first = started[..PARTS_AT_ONCE].to_vec();
        first.sort_unstable();
        assert_eq!(first, [7, 9], "the two biggest first: {started:?}");
    }

    #[test]
    fn after_a_part_fails_no_other_is_started() {
        let started = Mutex::new(Vec::new());
        let mut parts = vec![1, 2, 3, 4, 5, 6];
        let made = made_biggest_first(
            &mut parts,
            |size| *size,
            |size| {
                lock(&started).push(*size);
                Err(failed("a test"))
            },
        );
        assert!(made.iter().all(Result::is_err));
        let started = started.into_inner().unwrap();
        assert!(
            started.len() <= PARTS_AT_ONCE,
            "started after a failure: {started:?}"
        );
    }
}
