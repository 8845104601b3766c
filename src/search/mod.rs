//! The search index behind `/search/`: Pagefind's Rust API, in-process, over
//! the pages the build renders. A page is indexed when its template marks its
//! main content with `data-pagefind-body` (so the header, footer and
//! navigation never are); `data-pagefind-filter` and `data-pagefind-meta`
//! give each result its kind and cluster. The index files come back as
//! [`OutputFile`]s under `pagefind/` and are written like every other file.
//!
//! **Reuse between builds.** The index gets a key from every page's reuse
//! key (`render/job.rs`), the Pagefind version and the code's identity. When
//! the reuse record holds that key and the index files are still as written,
//! they are kept and nothing is indexed. Otherwise the whole index is made
//! again (Pagefind cannot update one), but an unchanged page is not rendered
//! again for its text: its indexed part is read back from the page's file in
//! the output, checked against the digest the record holds for it. A cache of
//! fragments beside the record would hold the same text twice on disk and
//! need its own checks; the page's file is already there and already checked.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::cache::{Key, KeyHasher};
use crate::diagnostics::Diagnostic;
use crate::output_file::{OutputFile, Sink};

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

/// Pages handed to Pagefind by this process: tests see from it that a
/// build with nothing changed indexes nothing.
static INDEXED: AtomicUsize = AtomicUsize::new(0);

#[doc(hidden)]
pub fn pages_indexed() -> usize {
    INDEXED.load(Ordering::Relaxed)
}

/// Collects, from any thread, each page's key and either its indexed part
/// (a page made now) or where its file is (a page reused from the output);
/// then makes the index in address order, so it never depends on which
/// page finished first.
#[derive(Default)]
pub struct Indexer {
    /// Every page's HTML path and reuse key: the index's own key.
    keys: Mutex<Vec<(String, Key)>>,
    /// Pages made by this build: address and indexed part.
    made: Mutex<Vec<(String, String)>>,
    /// Pages reused from the output: their key and HTML path.
    reused: Mutex<Vec<(Key, String)>>,
}

impl Indexer {
    pub fn new() -> Self {
        Indexer::default()
    }

    /// Keeps what the index needs of one page's files, made now with
    /// `key` (the `<main>` of an HTML page marked for indexing, inside the
    /// page's `<html lang>`), and hands the files on.
    pub fn add(&self, key: Key, files: Vec<OutputFile>) -> Vec<OutputFile> {
        for file in &files {
            let Some(url) = page_url(&file.path) else {
                continue;
            };
            lock(&self.keys).push((file.path.clone(), key));
            let Ok(html) = std::str::from_utf8(&file.bytes) else {
                continue;
            };
            if let Some(kept) = indexed_part(html) {
                lock(&self.made).push((url, kept));
            }
        }
        files
    }

    /// Notes a page reused from the output with `key`: its indexed part is
    /// read back only if the index has to be made again.
    pub fn add_reused(&self, key: Key, files: &[OutputFile]) {
        for file in files.iter().filter(|f| page_url(&f.path).is_some()) {
            lock(&self.keys).push((file.path.clone(), key));
            lock(&self.reused).push((key, file.path.clone()));
        }
    }

    /// The index's key: every page's, the Pagefind version, the code's.
    fn key(&self, language: &str) -> Key {
        let mut keys = std::mem::take(&mut *lock(&self.keys));
        keys.sort_unstable();
        let mut key = KeyHasher::new("search index");
        key.add(PAGEFIND_VERSION)
            .add(env!("CLUSTERSITE_CODE_ID"))
            .add(language);
        for (path, page) in &keys {
            key.add(path).add(page);
        }
        key.key()
    }

    /// The index files, under `pagefind/`, handed to `sink`: those an
    /// earlier build left if every page is unchanged since, else made now.
    pub fn files(self, language: &str, sink: &dyn Sink) -> Result<Vec<OutputFile>, Diagnostic> {
        let key = self.key(language);
        if let Some(kept) = sink.reused_folder(key, FOLDER) {
            return Ok(kept);
        }
        let reused = self.reused.into_inner().unwrap_or_else(|e| e.into_inner());
        let read_back: Result<Vec<Option<(String, String)>>, Diagnostic> = reused
            .par_iter()
            .map(|(page, path)| {
                let bytes = sink.read_back(*page, path).ok_or_else(|| changed(path))?;
                let url = page_url(path).expect("only pages are noted");
                let html = String::from_utf8_lossy(&bytes);
                Ok(indexed_part(&html).map(|part| (url, part)))
            })
            .collect();
        let mut pages = self.made.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.extend(read_back?.into_iter().flatten());
        let files = make(pages, language)?;
        Ok(sink.keep(Some(key), files))
    }
}

/// Pagefind's files for `pages`, in address order.
fn make(mut pages: Vec<(String, String)>, language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    pages.sort();
    INDEXED.fetch_add(pages.len(), Ordering::Relaxed);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e.to_string()))?;
    let made = runtime.block_on(index(pages, language));
    let made = made.map_err(|e| failed(&format!("{e:#}")))?;
    let mut files = Vec::with_capacity(made.len());
    for file in made {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if UNUSED.contains(&name.as_str()) {
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
            path: format!("{FOLDER}/{name}"),
            bytes: std::sync::Arc::new(file.contents),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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
        .force_language(language_code(language))
        .build();
    let mut index = PagefindIndex::new(Some(options))?;
    for (url, html) in pages {
        index.add_html_file(None, Some(url), html).await?;
    }
    index.get_files().await
}

/// Pagefind's language is the ISO 639-1 part: "en-GB" is "en".
fn language_code(language: &str) -> String {
    let code = language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) {
        code
    } else {
        "en".to_owned()
    }
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

    const SPEECH: &str = "<html lang=en><main data-pagefind-body><h1>Speech and language therapy</h1><p>Talking.</p></main></html>";
    const BEHAVIOUR: &str = "<html lang=en><main data-pagefind-body><h1>Behaviour</h1><p>Help at home.</p></main></html>";

    /// An output holding files an earlier build made, by key and path.
    #[derive(Default)]
    struct Output {
        files: HashMap<(Key, String), Vec<u8>>,
        index: Option<(Key, Vec<OutputFile>)>,
        kept: Mutex<Vec<Option<Key>>>,
    }

    impl Sink for Output {
        fn reused_folder(&self, key: Key, _folder: &str) -> Option<Vec<OutputFile>> {
            let (recorded, files) = self.index.as_ref()?;
            (*recorded == key).then(|| files.clone())
        }

        fn read_back(&self, key: Key, path: &str) -> Option<Vec<u8>> {
            self.files.get(&(key, path.to_owned())).cloned()
        }

        fn keep(&self, key: Option<Key>, files: Vec<OutputFile>) -> Vec<OutputFile> {
            lock(&self.kept).push(key);
            files
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
        let pages = indexer.made.into_inner().unwrap();
        assert_eq!(
            pages,
            vec![(
                "/a/".to_owned(),
                "<html lang=en-GB><body><main data-pagefind-body><h1>Speech</h1></main></body></html>"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn the_index_is_the_same_whatever_order_pages_come_in() {
        let pages = [
            page("one/index.html", SPEECH),
            page("two/index.html", BEHAVIOUR),
        ];
        let forward = Indexer::new();
        forward.add(1, pages.to_vec());
        let backward = Indexer::new();
        backward.add(1, vec![pages[1].clone()]);
        backward.add(1, vec![pages[0].clone()]);
        let a = forward.files("en-GB", &InMemory).unwrap();
        let b = backward.files("en-GB", &InMemory).unwrap();
        assert_eq!(bytes(&a), bytes(&b));
        assert!(a.iter().any(|f| f.path == "pagefind/pagefind.js"));
        assert!(a.iter().any(|f| f.path == "pagefind/pagefind-entry.json"));
        assert!(a.iter().all(|f| f.path.starts_with("pagefind/")));
        assert!(!a.iter().any(|f| f.path.ends_with("pagefind-ui.js")));
    }

    #[test]
    fn a_reused_page_is_read_back_and_indexed_as_if_made() {
        let made = Indexer::new();
        made.add(1, vec![page("one/index.html", SPEECH)]);
        made.add(2, vec![page("two/index.html", BEHAVIOUR)]);
        let cold = made.files("en", &InMemory).unwrap();

        let mut output = Output::default();
        output
            .files
            .insert((2, "two/index.html".into()), BEHAVIOUR.as_bytes().to_vec());
        let warm = Indexer::new();
        warm.add(1, vec![page("one/index.html", SPEECH)]);
        warm.add_reused(2, &[page("two/index.html", "")]);
        let files = warm.files("en", &output).unwrap();
        assert_eq!(bytes(&files), bytes(&cold));
        assert_eq!(
            *lock(&output.kept),
            vec![Some(files_key(&[(1, "one"), (2, "two")]))]
        );
    }

    #[test]
    fn a_reused_page_that_cannot_be_read_back_fails_the_build() {
        let warm = Indexer::new();
        warm.add_reused(2, &[page("two/index.html", "")]);
        let Err(error) = warm.files("en", &Output::default()) else {
            panic!("a page that cannot be read back is not left out of the index");
        };
        assert!(
            error.message.contains("/two/index.html"),
            "{}",
            error.message
        );
    }

    /// The key the index gets from pages with these keys and folders.
    fn files_key(pages: &[(Key, &str)]) -> Key {
        let indexer = Indexer::new();
        for (key, folder) in pages {
            indexer.add_reused(*key, &[page(&format!("{folder}/index.html"), "")]);
        }
        indexer.key("en")
    }

    #[test]
    fn the_index_is_kept_only_while_every_page_is_unchanged() {
        let key = files_key(&[(1, "one"), (2, "two")]);
        assert_eq!(key, files_key(&[(2, "two"), (1, "one")]));
        assert_ne!(key, files_key(&[(1, "one"), (3, "two")]));
        assert_ne!(key, files_key(&[(1, "one")]));
        assert_ne!(key, files_key(&[(1, "one"), (2, "three")]));

        let kept = vec![page("pagefind/pagefind.js", "")];
        let output = Output {
            index: Some((key, kept)),
            ..Output::default()
        };
        let unchanged = Indexer::new();
        unchanged.add_reused(1, &[page("one/index.html", "")]);
        unchanged.add_reused(2, &[page("two/index.html", "")]);
        let files = unchanged.files("en", &output).unwrap();
        assert_eq!(bytes(&files), vec![("pagefind/pagefind.js".into(), vec![])]);
        assert!(lock(&output.kept).is_empty(), "nothing new to keep");
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

    #[test]
    fn languages_become_two_letter_codes() {
        assert_eq!(language_code("en-GB"), "en");
        assert_eq!(language_code("CY"), "cy");
        assert_eq!(language_code("../x"), "en");
    }
}
