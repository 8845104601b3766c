//! clustersite: a static site generator for Leeds's early-help clusters.
//!
//! The pipeline is load (`content`) → check (`check`) → theme (`theme`) →
//! render (`render`) → write (`output`); each stage is its own module and can
//! be tested alone. `build` runs them all; `check` stops before writing; `serve`
//! keeps a [`BuildCache`] between its rebuilds.

// Diagnostics are returned by value on the error path, which is cold: a build
// stops at the first file-level problem. Boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod base_url;
pub mod cache;
pub mod check;
pub mod content;
pub mod diagnostics;
pub mod format;
pub mod forms;
pub mod glossary;
pub mod invisible;
pub mod markdown;
pub mod model;
pub mod output;
pub mod output_file;
pub mod published;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site_path;
pub mod theme;
pub mod timings;
pub mod toml_strings;
pub mod urls;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
pub use timings::Timings;

use cache::Generations;
use diagnostics::Report;
use model::Date;
use output_file::OutputFile;
use render::RenderOptions;

#[derive(Debug, Clone)]
pub struct Options {
    /// The folder holding `content/`.
    pub root: PathBuf,
    /// Overrides `base_url` from site.toml (e.g. for a preview host).
    pub base_url: Option<String>,
    /// The date staleness is measured against; defaults to today.
    pub today: Option<Date>,
    pub minify: bool,
    /// Treat warnings as errors (for a publishing pipeline).
    pub strict: bool,
    /// Record new URLs in content/published-urls.txt after a build (the CLI's build does).
    pub record_urls: bool,
    /// Allow published URLs to disappear, and drop them from the manifest.
    pub accept_url_changes: bool,
    /// Add each page's reading ease to the report as a note (`check` does).
    pub reading_ease: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            base_url: None,
            today: None,
            minify: true,
            strict: false,
            record_urls: false,
            accept_url_changes: false,
            reading_ease: false,
        }
    }
}

/// What `serve` keeps between rebuilds: each stage's own memos, started and
/// finished together.
pub struct BuildCache {
    builds: Generations,
    content: content::Cache,
    check: check::Cache,
    theme: theme::Cache,
    render: render::Cache,
    /// Every public URL, by the files' paths and what is left out.
    urls: cache::Memo<Arc<BTreeSet<String>>>,
    /// The published URLs that would go, by the record and every public URL.
    removed: cache::Memo<Vec<diagnostics::Diagnostic>>,
}

impl BuildCache {
    /// A cache that keeps results between builds (for `serve`).
    pub fn new() -> Self {
        Self::with(Generations::on())
    }

    /// No cache: every build computes everything (for `build` and `check`).
    pub fn none() -> Self {
        Self::with(Generations::off())
    }

    fn with(builds: Generations) -> Self {
        BuildCache {
            content: content::Cache::new(&builds),
            check: check::Cache::new(&builds),
            theme: theme::Cache::new(&builds),
            render: render::Cache::new(&builds),
            urls: builds.memo(),
            removed: builds.memo(),
            builds,
        }
    }

    /// How many pages the last build made rather than reused.
    pub fn pages_made(&self) -> usize {
        self.render.pages_made()
    }

    /// What changed since the last build (`serve`'s watcher says): only
    /// those paths are looked at again (`content/changes.rs`).
    pub fn expect(&self, changes: content::changes::Changes) {
        self.content.known.expect(changes);
    }
}

impl Default for BuildCache {
    fn default() -> Self {
        Self::new()
    }
}

/// The rendered site: in memory, ready to write, from [`generate`]; from
/// [`build`], already written, so the files' bytes are empty.
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Of those, the pages a build found unchanged in its output since the
    /// last build and did not make again (`output/record.rs`).
    pub reused: usize,
    /// Every public URL, for content/published-urls.txt.
    pub urls: Arc<BTreeSet<String>>,
}

/// Loads, checks and renders. Returns the files only if there were no errors;
/// the report holds every error and warning either way.
pub fn generate(options: &Options, timings: &mut Timings) -> (Option<Generated>, Report) {
    generate_with(options, timings, &BuildCache::none())
}

/// As [`generate`], reusing from `cache` whatever earlier builds made from
/// the same inputs (`serve` keeps one cache for all its rebuilds).
pub fn generate_with(
    options: &Options,
    timings: &mut Timings,
    cache: &BuildCache,
) -> (Option<Generated>, Report) {
    cache.builds.start();
    let generated = generate_in(options, timings, cache, &output_file::InMemory);
    if generated.0.is_some() {
        cache.builds.finish();
    }
    generated
}

fn generate_in(
    options: &Options,
    timings: &mut Timings,
    cache: &BuildCache,
    sink: &dyn output_file::Sink,
) -> (Option<Generated>, Report) {
    let (site, mut report) =
        timings.time("load", || content::load_with(&options.root, &cache.content));
    let Some(site) = site else {
        report.sort();
        return (None, report);
    };
    report.extend(theme::languages_without_text(&options.root, &site));
    let today = options.today.unwrap_or_else(today);
    let catalogue = timings.time("pages", || {
        render::pages::Catalogue::kept(&site, &cache.render.find_layouts)
    });
    // The checks run beside the theme and the render, which take the other
    // core (the search index is one thread's work): they decide whether the
    // build is published, not what it makes. If they fail, what was made is
    // dropped unseen (a build's staging removes what it wrote), and the
    // report is the checks' alone, as if nothing had been rendered.
    let render_options = RenderOptions {
        base_url: options
            .base_url
            .clone()
            .unwrap_or_else(|| site.config.base_url.clone()),
        today,
        minify: options.minify,
    };
    // On a thread of its own, not rayon's: the render waits for the search
    // index's threads, which use rayon, and a rayon worker blocked in that
    // wait could leave none to do their work (`tests/concurrent_builds.rs`).
    let mut made_timings = Timings::default();
    let (checked, made) = std::thread::scope(|threads| {
        let checking = threads.spawn(|| {
            let started = std::time::Instant::now();
            let found = check::run_with(&site, today, catalogue.urls(), &cache.check);
            (found, started.elapsed())
        });
        let made = (|| {
            let timings = &mut made_timings;
            let theme = timings.time("theme", || theme::load_with(&options.root, &cache.theme))?;
            let rendered = render::render_with(
                &site,
                &catalogue,
                &theme,
                &render_options,
                &cache.render,
                sink,
                timings,
            );
            Ok::<_, Vec<diagnostics::Diagnostic>>((theme.warnings.clone(), rendered))
        })();
        match checking.join() {
            Ok(checked) => (checked, made),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let (found, took) = checked;
    timings.stages.push(("check", took));
    timings.stages.extend(made_timings.stages);
    report.extend(found);
    if options.reading_ease {
        report.notes = check::plain_words::reading_ease(&site);
    }
    if report.fails(options.strict) {
        // What broken content rendered would only repeat the same problems.
        report.sort();
        return (None, report);
    }
    let files = match made {
        Ok((theme_warnings, Ok(files))) => {
            // Interface text a language lacks is shown in English: say so.
            report.extend(theme_warnings);
            files
        }
        Ok((_, Err(problems))) | Err(problems) => {
            report.extend(problems);
            report.sort();
            return (None, report);
        }
    };
    // Both kept while no address changes, as after an edit under `serve`;
    // the key is made only when a memo asks (never in a one-off build).
    let temporary = catalogue.temporary_urls();
    let urls_key = std::cell::OnceCell::new();
    let urls_key = || *urls_key.get_or_init(|| published::urls_key(&files, &site, &temporary));
    let urls = timings.time("urls", || {
        cache.urls.get_or(urls_key, || {
            Arc::new(published::public_urls(&files, &site, &temporary))
        })
    });
    let manifest = options.root.join("content").join(published::MANIFEST);
    if manifest.is_file() && !options.accept_url_changes {
        report.extend(timings.time("removed", || {
            match content::read_source(&options.root, &manifest) {
                Ok(file) => cache.removed.get_or(
                    || {
                        cache::KeyHasher::new("removed urls")
                            .add(&file.display_path)
                            .add(file.digest())
                            .add(urls_key())
                            .key()
                    },
                    || check::removed_urls::removed(&file, &urls, &site),
                ),
                Err(problem) => vec![problem],
            }
        }));
    }
    report.sort();
    if report.fails(options.strict) {
        return (None, report);
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let generated = Generated {
        files,
        pages,
        reused: 0,
        urls,
    };
    drop(catalogue);
    drop_elsewhere(site);
    (Some(generated), report)
}

/// Frees `value` on a thread of its own. The whole site model is tens of
/// thousands of small allocations (a tenth of a rebuild under `serve` at the
/// region preset, `perf`); nobody waits for it to go.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    // With no thread to be had, `spawn` drops the closure, and `value` with
    // it, here: freed all the same, only later.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

pub enum BuildError {
    /// The content has errors; nothing was written.
    Content(Report),
    /// Writing failed; the previous output is untouched.
    Io(String),
}

/// Builds the site into `output`, replacing it only when everything succeeded.
pub fn build(
    options: &Options,
    output: &Path,
    timings: &mut Timings,
) -> Result<(Generated, Report), BuildError> {
    let output = &output::check_output_path(&options.root, output).map_err(BuildError::Io)?;
    if options.record_urls {
        published::writable(&options.root.join("content"))
            .map_err(|e| BuildError::Io(e.to_string()))?;
    }
    let cannot_write = |e: &dyn std::fmt::Display| {
        BuildError::Io(format!(
            "could not write {}: {e}\n  help: check that you may write there (`ls -l`, and `lsattr` for a \
             file made immutable), then build again; the site that was there is as it was",
            output.display()
        ))
    };
    // Pages are written as they are rendered, so the whole site is never held
    // in memory: a first build writes them all into a private folder beside
    // the output; a rebuild writes there only those that differ from the
    // output's. Nothing in the output changes until everything has been
    // rendered and checked; if anything fails, dropping the staging removes
    // what it wrote and the old output stays as it was.
    let staging = output::Staging::new(output);
    let (generated, report) = generate_in(options, timings, &BuildCache::none(), &staging);
    // Broken content is reported as such, located, even if rendering it
    // (beside the checks) also met a path the output refuses.
    if generated.is_none() && report.has_errors() {
        return Err(BuildError::Content(report));
    }
    if let Some(error) = staging.error() {
        return Err(cannot_write(&error));
    }
    let Some(mut generated) = generated else {
        return Err(BuildError::Content(report));
    };
    generated.reused = staging.pages_reused();
    // "write" is only putting files in place: they were written (or found
    // unchanged) during "render".
    let placed = timings
        .time("write", || staging.publish())
        .map_err(|e| cannot_write(&e))?;
    if options.record_urls {
        let recorded = published::write(
            &options.root.join("content"),
            &generated.urls,
            options.accept_url_changes,
        );
        if let Err(e) = recorded {
            // The build failed after all: the old output goes back.
            let output_note = match placed.roll_back() {
                Ok(()) => format!("{} was put back as it was", output.display()),
                Err(undo) => format!(
                    "putting the old {} back failed too: {undo}",
                    output.display()
                ),
            };
            return Err(BuildError::Io(format!(
                "could not record published URLs: {e}; {output_note}"
            )));
        }
    }
    // Dropping `placed` deletes the old files it replaced.
    drop(placed);
    Ok((generated, report))
}

/// Today's date, or the one in SOURCE_DATE_EPOCH so that builds can be reproduced.
pub fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    Date::from_unix_seconds(seconds)
}
