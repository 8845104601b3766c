//! The search index behind `/search/`: Pagefind's Rust API, in-process, over
//! the pages the build renders. A page is indexed when its template marks its
//! main content with `data-pagefind-body` (so the header, footer and
//! navigation never are); `data-pagefind-filter` and `data-pagefind-meta`
//! give each result its kind and cluster. The index files come back as
//! [`OutputFile`]s under `pagefind/` and are written like every other file.

use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::output_file::OutputFile;

/// The folder the index goes in, and that `/search/`'s script loads it from.
pub const FOLDER: &str = "pagefind";

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

/// Collects the pages to index as they are rendered (from any thread), then
/// makes the index from them in address order, so it never depends on which
/// page finished first.
#[derive(Default)]
pub struct Indexer {
    pages: Mutex<Vec<(String, String)>>,
}

impl Indexer {
    pub fn new() -> Self {
        Indexer::default()
    }

    /// Keeps what the index needs of one page's files (the `<main>` of an
    /// HTML page marked for indexing, inside the page's `<html lang>`), and
    /// hands the files on.
    pub fn add(&self, files: Vec<OutputFile>) -> Vec<OutputFile> {
        for file in &files {
            let Some(url) = page_url(&file.path) else {
                continue;
            };
            let Ok(html) = std::str::from_utf8(&file.bytes) else {
                continue;
            };
            if let Some(kept) = indexed_part(html) {
                let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
                pages.push((url, kept));
            }
        }
        files
    }

    /// How many pages will be indexed.
    pub fn len(&self) -> usize {
        self.pages.lock().map_or(0, |p| p.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index files, under `pagefind/`.
    pub fn files(self, language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut pages = self.pages.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort();
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
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: std::sync::Arc::new(html.as_bytes().to_vec()),
        }
    }

    #[test]
    fn only_the_marked_main_content_of_html_pages_is_kept() {
        let indexer = Indexer::new();
        indexer.add(vec![
            page(
                "a/index.html",
                "<html lang=en-GB><header>Menu words</header><main data-pagefind-body><h1>Speech</h1></main><footer>Call</footer></html>",
            ),
            page("b/index.html", "<html><main><h1>Not marked</h1></main></html>"),
            page("c.pdf", "<main data-pagefind-body>bytes</main>"),
        ]);
        let pages = indexer.pages.into_inner().unwrap();
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
            page("one/index.html", "<html lang=en><main data-pagefind-body><h1>Speech and language therapy</h1><p>Talking.</p></main></html>"),
            page("two/index.html", "<html lang=en><main data-pagefind-body><h1>Behaviour</h1><p>Help at home.</p></main></html>"),
        ];
        let forward = Indexer::new();
        forward.add(pages.to_vec());
        let backward = Indexer::new();
        backward.add(vec![pages[1].clone()]);
        backward.add(vec![pages[0].clone()]);
        let a = forward.files("en-GB").unwrap();
        let b = backward.files("en-GB").unwrap();
        let bytes = |files: &[OutputFile]| {
            files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.as_ref().clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(bytes(&a), bytes(&b));
        assert!(a.iter().any(|f| f.path == "pagefind/pagefind.js"));
        assert!(a.iter().any(|f| f.path == "pagefind/pagefind-entry.json"));
        assert!(a.iter().all(|f| f.path.starts_with("pagefind/")));
        assert!(!a.iter().any(|f| f.path.ends_with("pagefind-ui.js")));
    }

    #[test]
    fn languages_become_two_letter_codes() {
        assert_eq!(language_code("en-GB"), "en");
        assert_eq!(language_code("CY"), "cy");
        assert_eq!(language_code("../x"), "en");
    }
}
