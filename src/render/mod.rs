//! Rendering: the loaded, checked site to output files, in memory. Nothing
//! here touches the disk; `output.rs` writes what this returns.
//!
//! - `pages/`: the catalogue of page kinds (URL, template, documents, context);
//! - `inputs.rs`: what contexts may read; `views.rs`: the typed views;
//! - `job.rs`: one page's files (Tera, minifying, reuse between builds);
//! - `feeds.rs`, `open_data.rs`, `redirects.rs`: the files that are not pages.

mod feeds;
pub mod find;
mod inputs;
mod job;
pub mod open_data;
pub mod pages;
mod redirects;
mod views;

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::{Generations, Key, KeyHasher, Memo};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::model::{Date, Site};
use crate::output_file::{InMemory, OutputFile, Sink};
use crate::theme::Theme;
use views::Freshness;

pub struct RenderOptions {
    pub base_url: String,
    pub today: Date,
    pub minify: bool,
}

/// What rendering keeps between `serve`'s rebuilds.
pub struct Cache {
    /// Rendered Markdown, by text and the set of linkable URLs.
    markdown: Memo<(Rendered, Vec<Diagnostic>)>,
    /// A page's files (with a referral page, its PDF), by the page's inputs
    /// (see `job.rs`): a hit skips making its context.
    jobs: Memo<Vec<OutputFile>>,
    /// A page's HTML, by template and whole context.
    pages: Memo<Arc<Vec<u8>>>,
    /// A referral PDF, by its whole form and the fonts.
    pdfs: Memo<Arc<Vec<u8>>>,
    /// Each cluster's share of the open data, by its cluster file.
    open_data: Memo<Arc<open_data::ClusterRecords>>,
    /// The open data files, by every cluster's share.
    open_data_files: Memo<Vec<OutputFile>>,
    /// The find list's layout, by the cluster files it comes from.
    pub(crate) find_layouts: Memo<Arc<find::Layout>>,
    /// The sitemap, by every address it lists.
    sitemaps: Memo<Arc<Vec<u8>>>,
    /// Each cluster's feed, by what it reads (`feeds.rs`).
    cluster_feeds: Memo<Arc<Vec<u8>>>,
    /// What a link in content may point at, by every address.
    links: Memo<Arc<inputs::Links>>,
}

impl Cache {
    pub fn new(builds: &Generations) -> Self {
        Cache {
            markdown: builds.memo(),
            jobs: builds.memo(),
            pages: builds.memo(),
            pdfs: builds.memo(),
            open_data: builds.memo(),
            open_data_files: builds.memo(),
            find_layouts: builds.memo(),
            sitemaps: builds.memo(),
            cluster_feeds: builds.memo(),
            links: builds.memo(),
        }
    }

    /// How many pages the last build made rather than reused.
    pub fn pages_made(&self) -> usize {
        self.jobs.made()
    }
}

pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let cache = Cache::new(&Generations::off());
    let catalogue = pages::Catalogue::of(site);
    let timings = &mut crate::timings::Timings::default();
    render_with(site, &catalogue, theme, options, &cache, &InMemory, timings)
}

/// Every address a link in content may point at: the pages, the files made
/// with them, the feeds and the static files.
pub fn linkable(site: &Site, catalogue: &pages::Catalogue, theme: &Theme) -> BTreeSet<String> {
    let mut urls = catalogue.urls().clone();
    urls.extend(catalogue.attachments());
    urls.extend(feeds::urls(site));
    markdown::addresses(urls, theme.static_files.keys())
}

/// [`linkable`] and its key, kept while the addresses are the same: the
/// set is thousands of strings at region scale.
fn links_kept(
    site: &Site,
    catalogue: &pages::Catalogue,
    theme: &Theme,
    cache: &Cache,
) -> Arc<inputs::Links> {
    let key = || {
        let mut key = KeyHasher::new("linkable");
        key.add(catalogue.addresses_key()).add(feeds::urls(site));
        for path in theme.static_files.keys() {
            key.add(path);
        }
        key.key()
    };
    cache.links.get_or(key, || {
        Arc::new(inputs::Links::new(linkable(site, catalogue, theme)))
    })
}

/// As [`render`], reusing any page, PDF or Markdown body whose inputs `cache`
/// has seen, or whose files `sink` still holds from an earlier build made
/// from the same inputs; each page's files go to `sink` as they are made.
/// The output is the same, byte for byte. The pages are timed as "render",
/// the search index as "search" and the feeds, open data and static files
/// as "site files".
pub fn render_with(
    site: &Site,
    catalogue: &pages::Catalogue,
    theme: &Theme,
    options: &RenderOptions,
    cache: &Cache,
    sink: &dyn Sink,
    timings: &mut crate::timings::Timings,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let fresh = Freshness {
        today: options.today,
        review_after_months: site.config.review_after_months,
    };
    let base_url = options.base_url.trim_end_matches('/').to_owned();
    let site_view =
        serde_json::to_value(views::site(site, &base_url, &fresh)).expect("views serialise");
    let inputs = inputs::Inputs::new(
        site,
        &catalogue.find,
        theme,
        base_url.clone(),
        fresh,
        links_kept(site, catalogue, theme, cache),
        cache,
    )?;
    let maker = job::Maker::new(
        inputs,
        theme,
        options.minify,
        cache,
        site_view,
        &catalogue.versions,
    );
    let search = sink.indexes().then(crate::search::Indexer::new);
    let maker = maker.indexing(search.as_ref());
    let results: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> = timings.time("render", || {
        (catalogue.pages)
            .par_iter()
            .map(|page| maker.files(page.as_ref(), sink))
            .collect()
    });
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(made) => files.extend(made),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(search) = search {
        let index = timings.time("search", || search.files(&site.config, sink));
        files.extend(index.map_err(|d| vec![d])?);
    }
    timings.time("site files", || {
        site_files(site, catalogue, theme, &base_url, cache, sink, files)
    })
}

/// The files made for the whole site (feeds, open data, redirects, the
/// theme's static files) added to `files`, all sorted by path.
fn site_files(
    site: &Site,
    catalogue: &pages::Catalogue,
    theme: &Theme,
    base_url: &str,
    cache: &Cache,
    sink: &dyn Sink,
    mut files: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut whole_site = feeds::all(
        site,
        catalogue,
        base_url,
        &cache.sitemaps,
        &cache.cluster_feeds,
    );
    whole_site.extend(open_data_files(site, base_url, cache));
    if !site.config.redirects.is_empty() {
        whole_site.push(OutputFile {
            path: "_redirects".into(),
            bytes: Arc::new(redirects::netlify_file(site).into_bytes()),
        });
    }
    let made: BTreeSet<&str> = (files.iter().chain(&whole_site))
        .map(|f| f.path.as_str())
        .collect();
    let replaced = static_files_replacing(theme, &made);
    if !replaced.is_empty() {
        return Err(replaced);
    }
    for (path, bytes) in &theme.static_files {
        whole_site.push(OutputFile {
            path: path.clone(),
            bytes: Arc::clone(bytes),
        });
    }
    files.extend(sink.keep(None, whole_site));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A static file may add to the site but never replace what the build makes:
/// a page, a feed, the open data or a referral form that schools link to.
fn static_files_replacing(theme: &Theme, made: &BTreeSet<&str>) -> Vec<Diagnostic> {
    theme
        .static_files
        .keys()
        .filter(|path| made.contains(path.as_str()))
        .map(|path| {
            Diagnostic::file(
                format!("static/{path}"),
                "static-file",
                format!("this file would replace /{path}, which the build makes from the content"),
            )
            .help("rename it or move it into its own folder, e.g. static/files/")
        })
        .collect()
}

/// The open data comes from the cluster files alone: each cluster's share
/// is kept by its file, so an edit makes again only its own.
fn open_data_files(site: &Site, base_url: &str, cache: &Cache) -> Vec<OutputFile> {
    let shares: Vec<(Key, Arc<open_data::ClusterRecords>)> = (site.clusters.par_iter())
        .map(|c| {
            let key = KeyHasher::new("open data")
                .add(base_url)
                .add(&c.slug)
                .add(&c.file.display_path)
                .add(c.file.digest())
                .key();
            let records = (cache.open_data).get_or(
                || key,
                || Arc::new(open_data::ClusterRecords::of(base_url, c)),
            );
            (key, records)
        })
        .collect();
    // Joining the shares copies every table (megabytes at region scale):
    // kept whole while no cluster file changed, as after a Markdown edit.
    let key = || {
        let mut whole = KeyHasher::new("open data files");
        for (key, _) in &shares {
            whole.add(key);
        }
        whole.key()
    };
    cache.open_data_files.get_or(key, || {
        let parts: Vec<_> = shares
            .iter()
            .map(|(_, records)| Arc::clone(records))
            .collect();
        open_data::files_from(&parts)
    })
}
