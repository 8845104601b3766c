//! Loading: walk `content/`, parse every file into the typed [`Site`], keep spans.
//!
//! Nothing here knows about HTML. Every file is read and parsed even after an
//! error so that one run reports every problem.

pub mod changes;
mod front_matter;
mod listing;
mod source;
pub mod toml_errors;
mod translation_keys;
pub mod translations;

use std::any::{Any, TypeId};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::cache::{Generations, KeyHasher, Memo};
use crate::diagnostics::{display_path, Diagnostic, Report, SourceFile};
use crate::model::{
    slugify, CaseStudyFront, Cluster, ClusterFile, Document, Form, FormFile, Glossary,
    GlossaryFile, IntroFront, MarkdownDoc, PageFront, Site, SiteConfig, Topics, TopicsFile,
    UpdateFront,
};

pub use source::read_source;

/// The referral form every cluster offers, under `content/forms/`.
pub const FORM_FILE: &str = "request-for-support.toml";

/// The site's glossary (optional), in `content/`.
pub const GLOSSARY_FILE: &str = "glossary.toml";

/// The topics services and pages may name (optional), in `content/`.
pub const TOPICS_FILE: &str = "topics.toml";

/// Loads the site under `root` (the folder holding `content/`).
/// Returns the site if every file parsed, and every problem found either way.
pub fn load(root: &Path) -> (Option<Site>, Report) {
    load_with(root, &Cache::new(&Generations::off()))
}

/// Parsed content files, kept between `serve`'s rebuilds.
pub struct Cache {
    /// By type, path and text.
    parsed: Memo<Arc<dyn Any + Send + Sync>>,
    /// A file's text, by its path and what the file system says of it
    /// (`source::looked_at`): a file `serve` has read is read again only
    /// when it changed, whatever the watcher saw or missed.
    read: Memo<Arc<SourceFile>>,
    /// Folder listings, by what the file system says of each folder.
    listings: listing::Listings,
    /// What changed since the last build, and what is known of each path.
    pub known: changes::Known,
    /// A cluster and what is wrong in it, by its folder's generation: one
    /// nothing in changed is shared as loaded, not loaded and copied again.
    clusters: Memo<(Option<Arc<Cluster>>, Vec<Diagnostic>)>,
    /// What a cluster's folder holds in other languages, by the folder's
    /// generation and the site's languages.
    cluster_translations: Memo<Arc<translations::InCluster>>,
}

impl Cache {
    pub fn new(builds: &Generations) -> Self {
        Cache {
            parsed: builds.memo(),
            read: builds.memo(),
            listings: listing::Listings::new(builds),
            known: changes::Known::default(),
            clusters: builds.memo(),
            cluster_translations: builds.memo(),
        }
    }
}

/// As [`load`], reusing the parse of any file whose text `cache` has seen.
pub fn load_with(root: &Path, cache: &Cache) -> (Option<Site>, Report) {
    let loader = Loader {
        root,
        folders: source::SiteFolders::of(root),
        cache,
    };
    let mut report = Report::default();
    let content = root.join("content");
    if !content.is_dir() {
        report.push(
            Diagnostic::file(
                "content",
                "missing-content",
                "there is no content/ folder here",
            )
            .help("run clustersite in the folder that holds content/, or pass --root <folder>"),
        );
        return (None, report);
    }
    cache.known.start();
    if std::fs::symlink_metadata(&content).is_ok_and(|m| m.file_type().is_symlink()) {
        cache.known.saw_link();
    }
    // First: it lists every folder, so links anywhere are known before any
    // file's identity is trusted (`changes.rs`).
    report.extend(unexpected_files(cache, root, &content));

    let config = loader.toml::<SiteConfig>(&content.join("site.toml"), "site");
    let form = loader.toml::<FormFile>(&content.join("forms").join(FORM_FILE), "form");
    let glossary = optional(&content.join(GLOSSARY_FILE))
        .map(|path| loader.toml::<GlossaryFile>(&path, "glossary"));
    let topics =
        optional(&content.join(TOPICS_FILE)).map(|path| loader.toml::<TopicsFile>(&path, "topics"));
    let home = optional(&content.join("index.md"))
        .map(|path| loader.document::<IntroFront>(&path, "home page"));
    let pages = loader
        .markdown_files(&content.join("pages"))
        .into_iter()
        .filter(|path| !translations::is_translation(path))
        .collect::<Vec<_>>()
        .par_iter()
        .map(|path| loader.document::<PageFront>(path, "page"))
        .collect::<Vec<_>>();
    let clusters = loader
        .cluster_dirs(&content.join("clusters"))
        .par_iter()
        .map(|dir| loader.cluster_kept(dir))
        .collect::<Vec<_>>();

    let config = keep(&mut report, config);
    let form = keep(&mut report, form);
    let glossary = glossary.and_then(|g| keep(&mut report, g));
    let topics = topics.and_then(|t| keep(&mut report, t));
    let home = home.and_then(|h| keep(&mut report, h));
    let pages: Vec<_> = pages
        .into_iter()
        .filter_map(|p| keep(&mut report, p))
        .collect();
    let mut loaded_clusters = Vec::new();
    for (cluster, problems) in clusters {
        report.extend(problems);
        loaded_clusters.extend(cluster);
    }
    if report.has_errors() {
        return (None, report);
    }
    let (config, config_file) = config.expect("no errors, so site.toml loaded");
    let (form, form_file) = form.expect("no errors, so the form loaded");
    let mut pages = pages;
    pages.sort_by(|a, b| (a.front.order, &a.slug).cmp(&(b.front.order, &b.slug)));
    loaded_clusters.sort_by(|a, b| a.slug.cmp(&b.slug));
    report.extend(translations::check_declarations(&config, &config_file));
    let (translations, problems) = translations::load(
        &loader,
        &content,
        &translations::English {
            config: &config,
            home: home.as_ref(),
            pages: &pages,
            clusters: &loaded_clusters,
            form: &form,
        },
    );
    report.extend(problems);
    if report.has_errors() {
        return (None, report);
    }
    let site = Site {
        config,
        config_file,
        home,
        pages,
        clusters: loaded_clusters,
        form: Form {
            file: form_file,
            data: form,
        },
        glossary: glossary.map_or_else(Glossary::default, |(data, file)| Glossary {
            file: Some(file),
            terms: data.terms,
        }),
        topics: topics.map_or_else(Topics::default, |(data, file)| Topics {
            file: Some(file),
            list: data.topics,
        }),
        translations,
    };
    (Some(site), report)
}

fn keep<T>(report: &mut Report, result: Result<T, Vec<Diagnostic>>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(problems) => {
            report.extend(problems);
            None
        }
    }
}

fn optional(path: &Path) -> Option<PathBuf> {
    path.is_file().then(|| path.to_path_buf())
}

/// Reads and parses content files, through the cache.
struct Loader<'a> {
    root: &'a Path,
    /// The folders every file must stay inside, resolved once.
    folders: source::SiteFolders,
    cache: &'a Cache,
}

impl Loader<'_> {
    /// A whole TOML file as `T`.
    fn toml<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        kind: &str,
    ) -> Result<(T, Arc<SourceFile>), Vec<Diagnostic>> {
        self.toml_then(path, kind, |_| {})
    }

    /// As [`Self::toml`], with `finish` applied to a newly parsed value and
    /// its result kept with it (work a rebuild need not repeat).
    fn toml_then<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        kind: &str,
        finish: impl FnOnce(&mut T),
    ) -> Result<(T, Arc<SourceFile>), Vec<Diagnostic>> {
        let root = self.root;
        if !path.is_file() {
            let shown = display_path(root, path);
            return Err(vec![Diagnostic::file(
                &shown,
                "missing-file",
                format!("{shown} is missing"),
            )
            .help(format!("create {shown}; README.md shows what goes in it"))]);
        }
        let file = self.read(path).map_err(|d| vec![d])?;
        let value = self.parsed(&file, || {
            let mut value =
                toml_errors::parse(&file, 0..file.text.len(), kind).map_err(|d| vec![d])?;
            finish(&mut value);
            Ok(value)
        })?;
        Ok((value, file))
    }

    /// A Markdown file with `+++` TOML front matter as `F`.
    fn document<F: DeserializeOwned + FrontSlug + Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        kind: &str,
    ) -> Result<Document<F>, Vec<Diagnostic>> {
        let file = self.read(path).map_err(|d| vec![d])?;
        self.parsed(&file, || parse_document(path, &file, kind))
    }

    /// A content file's text, read again only if the file changed since
    /// `serve` last read it.
    fn read(&self, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
        let look = || {
            let (key, other_names) = source::looked_at(self.root, path);
            if other_names {
                self.cache.known.saw_hard_link();
            }
            key
        };
        let key = || self.cache.known.identity(self.root, path, false, look);
        (self.cache.read).get_or_try(key, || source::read_in(&self.folders, self.root, path))
    }

    /// `parse()`'s value, or the one kept from a file with the same path and text.
    fn parsed<T: Clone + Send + Sync + 'static>(
        &self,
        file: &SourceFile,
        parse: impl FnOnce() -> Result<T, Vec<Diagnostic>>,
    ) -> Result<T, Vec<Diagnostic>> {
        let key = || {
            KeyHasher::new("parsed")
                .add(TypeId::of::<T>())
                .add(&file.display_path)
                .add(file.digest())
                .key()
        };
        let kept = self.cache.parsed.get_or_try(key, || {
            parse().map(|value| Arc::new(value) as Arc<dyn Any + Send + Sync>)
        })?;
        Ok(kept
            .downcast_ref::<T>()
            .expect("the key holds the type")
            .clone())
    }

    fn all<F: DeserializeOwned + FrontSlug + Clone + Send + Sync + 'static>(
        &self,
        dir: &Path,
        kind: &str,
    ) -> Vec<Result<Document<F>, Vec<Diagnostic>>> {
        // Translations (`<slug>.pl.md`) are loaded with the others (translations.rs).
        self.markdown_files(dir)
            .iter()
            .filter(|path| !translations::is_translation(path))
            .map(|path| self.document::<F>(path, kind))
            .collect()
    }

    /// `*.md` files directly in `dir`, sorted so that loading order never changes output.
    fn markdown_files(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files = self.entries(dir, |kind| kind.is_file());
        files.retain(|p| p.extension().is_some_and(|e| e == "md"));
        files
    }

    fn cluster_dirs(&self, dir: &Path) -> Vec<PathBuf> {
        self.entries(dir, |kind| kind.is_dir())
    }

    /// The entries of `dir` of one kind (a link followed), not ignored, sorted.
    fn entries(&self, dir: &Path, wanted: impl Fn(&std::fs::FileType) -> bool) -> Vec<PathBuf> {
        let listing = self.cache.listings.of(&self.cache.known, self.root, dir);
        listing
            .iter()
            .filter(|entry| entry.resolved_kind().is_some_and(|kind| wanted(&kind)))
            .map(|entry| entry.path.clone())
            .filter(|p| !is_ignored(p))
            .collect()
    }
}

/// Splits and parses a Markdown document that has been read.
fn parse_document<F: DeserializeOwned + FrontSlug>(
    path: &Path,
    file: &Arc<SourceFile>,
    kind: &str,
) -> Result<Document<F>, Vec<Diagnostic>> {
    let split = front_matter::split(file).map_err(|d| vec![d])?;
    let front: F = toml_errors::parse(file, split.front.clone(), kind).map_err(|d| vec![d])?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let slug = front.slug().map_or_else(|| stem.to_string(), str::to_owned);
    if !is_valid_slug(&slug) {
        let d = Diagnostic::at(
            file,
            split.front.start..split.front.start,
            "bad-slug",
            format!("`{slug}` cannot be part of a web address"),
        )
        .help(format!(
            "use lower-case letters, digits and hyphens only, e.g. slug = \"{}\"",
            slugify(&slug)
        ));
        return Err(vec![d]);
    }
    Ok(Document {
        slug,
        front,
        front_offset: split.front.start,
        doc: MarkdownDoc {
            file: Arc::clone(file),
            body_offset: split.body_offset,
        },
    })
}

/// Front matter that may override the slug taken from the file name.
pub trait FrontSlug {
    fn slug(&self) -> Option<&str>;
}

macro_rules! front_slug {
    ($($t:ty => $field:ident),*) => {$(
        impl FrontSlug for $t {
            fn slug(&self) -> Option<&str> {
                self.$field.as_deref()
            }
        }
    )*};
}
front_slug!(PageFront => slug, CaseStudyFront => slug, UpdateFront => slug);

impl FrontSlug for IntroFront {
    fn slug(&self) -> Option<&str> {
        None
    }
}

pub fn is_valid_slug(slug: &str) -> bool {
    crate::site_path::slug_problem(slug).is_none()
}

impl Loader<'_> {
    /// As [`Self::cluster`], kept while nothing in `dir` changes: at
    /// region scale, loading 300 clusters from their files' memos, then
    /// freeing them, was a quarter of a rebuild after a one-file edit.
    fn cluster_kept(&self, dir: &Path) -> (Option<Arc<Cluster>>, Vec<Diagnostic>) {
        let key = || {
            let generation = self.cache.known.generation_within(self.root, dir);
            KeyHasher::new("cluster").add(dir).add(generation).key()
        };
        (self.cache.clusters).get_or(key, || {
            let (cluster, problems) = self.cluster(dir);
            (cluster.map(Arc::new), problems)
        })
    }

    fn cluster(&self, dir: &Path) -> (Option<Cluster>, Vec<Diagnostic>) {
        let root = self.root;
        let mut problems = Vec::new();
        let slug = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !is_valid_slug(&slug) {
            problems.push(
                Diagnostic::file(
                    display_path(root, dir),
                    "bad-slug",
                    format!("the folder name `{slug}` cannot be part of a web address"),
                )
                .help(format!("rename the folder to `{}`", slugify(&slug))),
            );
        }
        let data = self.toml_then(&dir.join("cluster.toml"), "cluster", derive_slugs);
        let intro = optional(&dir.join("index.md"))
            .map(|path| self.document::<IntroFront>(&path, "cluster introduction"));
        let case_studies = self.all::<CaseStudyFront>(&dir.join("case-studies"), "case study");
        let updates = self.all::<UpdateFront>(&dir.join("updates"), "update");

        let data = take(&mut problems, data);
        let intro = intro.and_then(|i| take(&mut problems, i));
        let mut case_studies: Vec<_> = case_studies
            .into_iter()
            .filter_map(|c| take(&mut problems, c))
            .collect();
        let mut updates: Vec<_> = updates
            .into_iter()
            .filter_map(|u| take(&mut problems, u))
            .collect();
        let Some((data, file)) = data else {
            return (None, problems);
        };
        if !problems.is_empty() {
            return (None, problems);
        }
        // Newest first, then by slug so equal dates keep a stable order.
        updates.sort_by(|a, b| b.front.date.cmp(&a.front.date).then(a.slug.cmp(&b.slug)));
        case_studies.sort_by(|a, b| b.front.date.cmp(&a.front.date).then(a.slug.cmp(&b.slug)));
        let cluster = Cluster {
            slug,
            file,
            data,
            intro,
            case_studies,
            updates,
        };
        (Some(cluster), problems)
    }
}

fn take<T>(problems: &mut Vec<Diagnostic>, result: Result<T, Vec<Diagnostic>>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(found) => {
            problems.extend(found);
            None
        }
    }
}

fn derive_slugs(data: &mut ClusterFile) {
    for school in &mut data.schools {
        school
            .slug
            .get_or_insert_with(|| slugify(school.name.get_ref()));
    }
    for centre in &mut data.childrens_centres {
        centre
            .slug
            .get_or_insert_with(|| slugify(centre.name.get_ref()));
    }
}

/// Editors' swap, backup and hidden files are never content.
pub fn is_ignored(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// Files in places the loader does not read: a misplaced file would silently vanish.
/// In name order, depth first; links are not followed (a linked folder is
/// not searched), and ignored names are skipped with everything under them.
fn unexpected_files(cache: &Cache, root: &Path, content: &Path) -> Vec<Diagnostic> {
    let list = |dir: &Path| cache.listings.of(&cache.known, root, dir);
    let mut found = Vec::new();
    // Each open folder's listing and the place reached in it: no recursion,
    // however deep the folders go.
    let mut stack = vec![(list(content), 0)];
    while let Some((listing, next)) = stack.last_mut() {
        let Some(entry) = listing.get(*next).cloned() else {
            stack.pop();
            continue;
        };
        *next += 1;
        if is_ignored(&entry.path) {
            continue;
        }
        if entry.kind.is_dir() {
            stack.push((list(&entry.path), 0));
        } else if entry.kind.is_file() && !is_expected(&display_path(content, &entry.path)) {
            found.push(unexpected(root, &entry.path));
        }
    }
    found
}

fn unexpected(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::file(
        display_path(root, path),
        "unexpected-file",
        "clustersite does not read a file in this place",
    )
    .help(
        "content files go in site.toml, glossary.toml, topics.toml, index.md, pages/*.md, forms/*.toml, \
         clusters/<slug>/cluster.toml, clusters/<slug>/index.md, \
         clusters/<slug>/case-studies/*.md or clusters/<slug>/updates/*.md",
    )
}

fn is_expected(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["site.toml"] | ["index.md"] | ["published-urls.txt"] | [GLOSSARY_FILE] | [TOPICS_FILE] => {
            true
        }
        // A translation's language is checked when it is loaded.
        [file] => translations::split_name(file, "md").is_some_and(|(stem, _)| stem == "index"),
        ["pages", file] => file.ends_with(".md"),
        ["forms", file] => {
            *file == FORM_FILE
                || translations::split_name(file, "toml")
                    .is_some_and(|(stem, _)| format!("{stem}.toml") == FORM_FILE)
        }
        ["clusters", _, "cluster.toml"] | ["clusters", _, "index.md"] => true,
        ["clusters", _, file] => {
            translations::split_name(file, "toml").is_some_and(|(stem, _)| stem == "cluster")
        }
        ["clusters", _, "case-studies" | "updates", file] => file.ends_with(".md"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_paths_follow_the_content_layout() {
        assert!(is_expected("clusters/inner-east/updates/a.md"));
        assert!(is_expected("pages/privacy.md"));
        assert!(!is_expected("clusters/inner-east/notes.txt"));
        assert!(!is_expected("pages/sub/x.md"));
    }

    #[test]
    fn a_stray_file_deep_in_nested_folders_is_found_without_recursion() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        let deepest = (0..400).fold(content.join("pages"), |dir, _| dir.join("d"));
        std::fs::create_dir_all(&deepest).unwrap();
        std::fs::write(deepest.join("stray.md"), "x").unwrap();
        std::fs::write(content.join(".hidden.md"), "x").unwrap();
        let cache = Cache::new(&Generations::off());
        let found = unexpected_files(&cache, root.path(), &content);
        assert_eq!(found.len(), 1, "only the stray file, not the hidden one");
        assert!(
            found[0].short().contains("stray.md"),
            "{}",
            found[0].short()
        );
    }

    #[test]
    fn slugs_are_lower_case_words_and_hyphens() {
        assert!(is_valid_slug("inner-east"));
        assert!(!is_valid_slug("Inner East"));
        assert!(!is_valid_slug("-x"));
    }
}
