//! Making one page's files: its context, the template, minifying; reused
//! from an earlier build when its inputs are unchanged.
//!
//! Making every page's context is most of an incremental rebuild once Tera
//! and the PDFs are cached, so each page also gets a key from its *inputs*:
//!
//! - the site's **structure**: all of its TOML (each TOML file, and the
//!   front matter of each Markdown file) with their paths, plus everything
//!   else a context can read (today, the base URL, minifying, the theme, the
//!   set of linkable URLs);
//! - the page's address and template, and the files of its own documents
//!   (their bodies and front matter).
//!
//! That split is sound because a page's context reaches Markdown bodies only
//! through [`Bodies`], which refuses any document the page does not list in
//! `PageKind::documents`: saving a body changes only its own page's key.
//!
//! The structure is split once more by cluster: the TOML inside a cluster's
//! folder (its `cluster.toml`, translations, front matter of its updates and
//! case studies) goes into the key of a page that reads only that cluster
//! (`PageKind::cluster`), with the find list's places it links into; a page
//! that may read any cluster gets every cluster's part. So a `cluster.toml`
//! edit makes again that cluster's pages and the site-wide ones, not all.
//! `tests/incremental.rs` compares `serve`'s rebuilds with fresh builds after
//! every kind of edit.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::inputs::Inputs;
use super::pages::{Bodies, PageKind};
use super::Cache;
use crate::cache::{Key, KeyHasher};
use crate::diagnostics::Diagnostic;
use crate::output_file::{OutputFile, Sink};
use crate::theme::{self, Theme};
use crate::urls;

pub struct Maker<'a> {
    pub inputs: Inputs<'a>,
    pub theme: &'a Theme,
    pub minify: bool,
    pub cache: &'a Cache,
    /// What every page shows of the site, as the templates' `site`.
    pub site_view: Value,
    /// Each page's versions in other languages (`pages::Catalogue::versions`).
    pub versions: &'a super::pages::Versions,
    site_key: OnceLock<Key>,
    glossary_key: OnceLock<Key>,
    structure_key: OnceLock<Key>,
    cluster_keys: OnceLock<ClusterKeys>,
    places_key: OnceLock<Key>,
    /// Takes each page's indexed part, when the build makes a search index.
    search: Option<&'a crate::search::Indexer>,
}

/// The TOML inside each cluster's folder, as one key per cluster (by slug)
/// and one for them all.
struct ClusterKeys {
    each: HashMap<String, Key>,
    all: Key,
}

impl<'a> Maker<'a> {
    pub fn new(
        inputs: Inputs<'a>,
        theme: &'a Theme,
        minify: bool,
        cache: &'a Cache,
        site_view: Value,
        versions: &'a super::pages::Versions,
    ) -> Self {
        Maker {
            inputs,
            theme,
            minify,
            cache,
            site_view,
            versions,
            site_key: OnceLock::new(),
            glossary_key: OnceLock::new(),
            structure_key: OnceLock::new(),
            cluster_keys: OnceLock::new(),
            places_key: OnceLock::new(),
            search: None,
        }
    }

    /// Hands every page to `search` as well (see `src/search`).
    pub fn indexing(self, search: Option<&'a crate::search::Indexer>) -> Self {
        Maker { search, ..self }
    }

    /// The page's files, handed to `sink`: those an earlier build left in
    /// the output if its inputs are unchanged since, else from the cache if
    /// `serve` made them from the same inputs, else made now.
    pub fn files(
        &self,
        page: &dyn PageKind,
        sink: &dyn Sink,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let key = OnceLock::new();
        let key = || {
            *key.get_or_init(|| {
                let mut key = KeyHasher::new("job");
                key.add(self.structure_key())
                    .add(page.template())
                    .add(page.url());
                let clusters = self.cluster_keys();
                match page.cluster() {
                    Some(c) => key.add(clusters.each.get(&c.slug)).add(self.places_key()),
                    None => key.add(clusters.all),
                };
                // The whole file's hash, kept with the file: hashing each
                // body again was a tenth of a rebuild at region scale.
                for doc in page.documents() {
                    key.add(&doc.file.display_path).add(doc.file.digest());
                }
                key.key()
            })
        };
        if !sink.reuses() {
            let files = self.cache.jobs.get_or_try(key, || self.make(page))?;
            return Ok(sink.keep(None, files));
        }
        if let Some(files) = sink.reused(key(), &own_paths(page)) {
            if let Some(search) = self.search {
                search.add_reused(key(), &files);
            }
            return Ok(files);
        }
        let files = self.cache.jobs.get_or_try(key, || self.make(page))?;
        let files = match self.search {
            Some(search) => search.add(key(), files),
            None => files,
        };
        Ok(sink.keep(Some(key()), files))
    }

    /// Everything a context can read except Markdown bodies and the TOML
    /// inside clusters' folders.
    fn structure_key(&self) -> Key {
        *self.structure_key.get_or_init(|| {
            let inputs = &self.inputs;
            let mut key = KeyHasher::new("structure");
            key.add(self.theme.fingerprint)
                .add(self.minify)
                .add(&inputs.base_url)
                .add(inputs.fresh.today)
                .add(inputs.fresh.review_after_months)
                .add(inputs.links_key())
                .add(self.site_key());
            let folders = self.cluster_folders();
            for (file, toml) in inputs.site.toml_parts() {
                if cluster_of(&file.display_path, &folders).is_none() {
                    key.add(&file.display_path).add(file.part_digest(&toml));
                }
            }
            key.key()
        })
    }

    /// Each cluster's folder (where its `cluster.toml` is), to its slug.
    fn cluster_folders(&self) -> HashMap<&str, &str> {
        (self.inputs.site.clusters.iter())
            .filter_map(|c| {
                let (folder, _) = c.file.display_path.rsplit_once('/')?;
                Some((folder, c.slug.as_str()))
            })
            .collect()
    }

    fn cluster_keys(&self) -> &ClusterKeys {
        self.cluster_keys.get_or_init(|| {
            let site = self.inputs.site;
            let folders = self.cluster_folders();
            let mut hashers: HashMap<&str, KeyHasher> = HashMap::new();
            for (file, toml) in site.toml_parts() {
                if let Some(slug) = cluster_of(&file.display_path, &folders) {
                    (hashers.entry(slug))
                        .or_insert_with(|| KeyHasher::new("cluster"))
                        .add(&file.display_path)
                        .add(file.part_digest(&toml));
                }
            }
            let each: HashMap<String, Key> = (hashers.into_iter())
                .map(|(slug, hasher)| (slug.to_owned(), hasher.key()))
                .collect();
            let mut all = KeyHasher::new("every cluster");
            for c in &site.clusters {
                all.add(&c.slug).add(each.get(&c.slug));
            }
            ClusterKeys {
                all: all.key(),
                each,
            }
        })
    }

    /// Where the find list has each name: a cluster's pages link into it.
    fn places_key(&self) -> Key {
        *self
            .places_key
            .get_or_init(|| self.inputs.find().places_key())
    }

    /// Pages explain a glossary term where it is first used (`glossary.rs`).
    fn glossary_key(&self) -> Key {
        *self.glossary_key.get_or_init(|| {
            let mut key = KeyHasher::new("glossary");
            for term in &self.inputs.site.glossary.terms {
                key.add(term.term.get_ref()).add(&term.meaning);
            }
            key.key()
        })
    }

    fn site_key(&self) -> Key {
        *self
            .site_key
            .get_or_init(|| KeyHasher::new("site view").add_json(&self.site_view).key())
    }

    fn make(&self, page: &dyn PageKind) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let bodies = Bodies::new(page.documents(), &self.inputs);
        let made = page.context(&self.inputs, &bodies);
        let mut problems = bodies.problems();
        let context = match made {
            Ok(context) if problems.is_empty() => context,
            Ok(_) => return Err(problems),
            Err(found) => {
                problems.extend(found);
                return Err(problems);
            }
        };
        let url = page.url();
        let Value::Object(mut view) = context.view else {
            unreachable!("views are structs")
        };
        view.insert("url".into(), Value::String(url.clone()));
        let english_name = (self.theme.strings)
            .get("", "language-name", &Default::default())
            .unwrap_or_else(|| "English".to_owned());
        let language =
            super::pages::LanguageView::of(page, self.inputs.site, self.versions, &english_name);
        if let Value::Object(fields) = serde_json::to_value(language).expect("views serialise") {
            view.extend(fields);
        }
        let html = self.html(page.template(), Value::Object(view))?;
        let mut files = vec![OutputFile {
            path: urls::output_path(&url),
            bytes: html,
        }];
        files.extend(context.attachments);
        Ok(files)
    }

    /// The page's HTML, from the cache if the template and context are unchanged.
    fn html(&self, template: &str, context: Value) -> Result<Arc<Vec<u8>>, Vec<Diagnostic>> {
        let key = || {
            KeyHasher::new("page")
                .add(self.theme.fingerprint)
                .add(self.site_key())
                .add(self.glossary_key())
                .add(template)
                .add(self.minify)
                .add_json(&context)
                .key()
        };
        self.cache.pages.get_or_try(key, || {
            let Value::Object(mut context) = context.clone() else {
                unreachable!("contexts are objects")
            };
            context.insert("site".into(), self.site_view.clone());
            let context =
                tera::Context::from_value(Value::Object(context)).expect("an object is a context");
            let html = (self.theme.tera.render(template, &context))
                .map_err(|e| vec![theme::template_error(&e)])?;
            let html = crate::glossary::explain_first_uses(&html, &self.inputs.site.glossary.terms);
            Ok(Arc::new(if self.minify {
                minify(html.as_bytes())
            } else {
                html.into_bytes()
            }))
        })
    }
}

/// The cluster whose folder holds `path` (a display path, `/`-separated),
/// if any: the nearest of its folders that is a cluster's.
fn cluster_of<'s>(path: &str, folders: &HashMap<&str, &'s str>) -> Option<&'s str> {
    (path.rmatch_indices('/')).find_map(|(end, _)| folders.get(&path[..end]).copied())
}

/// Where a page's files go: its HTML, then its attachments.
fn own_paths(page: &dyn PageKind) -> Vec<String> {
    let mut paths = vec![urls::output_path(&page.url())];
    paths.extend(page.attachments().iter().map(|url| urls::output_path(url)));
    paths
}

fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    // Keep the document easy to validate and to read in "view source".
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    minify_html::minify(html, &cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_belongs_to_the_nearest_cluster_folder_above_it() {
        let folders: HashMap<&str, &str> = [
            ("content/clusters/inner-east", "inner-east"),
            ("content/clusters/inner-east/nested", "nested"),
        ]
        .into();
        let of = |path| cluster_of(path, &folders);
        assert_eq!(
            of("content/clusters/inner-east/cluster.toml"),
            Some("inner-east")
        );
        assert_eq!(
            of("content/clusters/inner-east/updates/a.md"),
            Some("inner-east")
        );
        assert_eq!(
            of("content/clusters/inner-east/nested/x.md"),
            Some("nested")
        );
        assert_eq!(of("content/clusters/inner-eastern/cluster.toml"), None);
        assert_eq!(of("content/clusters/inner-east"), None);
        assert_eq!(of("content/pages/about.md"), None);
    }
}
