//! What every page's context may read besides its own Markdown bodies: the
//! site, the date, the base URL, each cluster's brief, and the cached work
//! several pages share (Markdown in TOML, the referral PDFs).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use toml::Spanned;

use super::find;
use super::views::{self, ClusterBrief, Freshness};
use super::Cache;
use crate::cache::{Key, KeyHasher};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::forms::pdf::Fonts;
use crate::markdown::{self, Rendered};
use crate::model::{Cluster, MarkdownDoc, Site};
use crate::theme::Theme;

pub struct Inputs<'a> {
    pub site: &'a Site,
    /// Without a trailing `/`.
    pub base_url: String,
    pub fresh: Freshness,
    /// Every address a link in content may point at.
    links: BTreeSet<String>,
    links_key: OnceLock<Key>,
    theme_fingerprint: Key,
    fonts: Fonts,
    cache: &'a Cache,
    /// Each cluster's brief, by slug: every page inside a cluster shows it.
    briefs: HashMap<&'a str, ClusterBrief<'a>>,
    /// The find list's pages: cluster pages link into it.
    find: &'a find::Layout,
}

impl<'a> Inputs<'a> {
    pub fn new(
        site: &'a Site,
        find: &'a find::Layout,
        theme: &Theme,
        base_url: String,
        fresh: Freshness,
        links: BTreeSet<String>,
        cache: &'a Cache,
    ) -> Result<Self, Vec<Diagnostic>> {
        Ok(Inputs {
            site,
            base_url,
            fresh,
            links,
            links_key: OnceLock::new(),
            theme_fingerprint: theme.fingerprint,
            fonts: pdf_fonts(theme)?,
            cache,
            briefs: (site.clusters.par_iter())
                .map(|c| (c.slug.as_str(), views::cluster_brief(c, &fresh)))
                .collect(),
            find,
        })
    }

    pub fn find(&self) -> &find::Layout {
        self.find
    }

    pub fn cluster_brief(&self, c: &Cluster) -> ClusterBrief<'a> {
        self.briefs[c.slug.as_str()].clone()
    }

    /// A document's rendered body: only a page's [`super::pages::Bodies`] asks.
    pub(super) fn markdown(&self, doc: &MarkdownDoc) -> (Rendered, Vec<Diagnostic>) {
        self.cached_markdown(&doc.file, doc.body_offset, || {
            markdown::render(doc, &self.links)
        })
    }

    /// A Markdown string from a TOML file, as HTML, with what it found.
    pub fn toml_markdown(
        &self,
        file: &SourceFile,
        text: &Spanned<String>,
    ) -> (String, Vec<Diagnostic>) {
        let (rendered, found) = self.cached_markdown(file, text.span().start, || {
            markdown::render_toml_string(file, text.span(), text.get_ref(), &self.links)
        });
        (rendered.html, found)
    }

    /// Rendered Markdown from `file` at `offset`, which depends only on the
    /// file's text and on which URLs exist (for the link check).
    fn cached_markdown(
        &self,
        file: &SourceFile,
        offset: usize,
        render: impl FnOnce() -> (Rendered, Vec<Diagnostic>),
    ) -> (Rendered, Vec<Diagnostic>) {
        let key = || {
            KeyHasher::new("markdown")
                .add(&file.display_path)
                .add(file.digest())
                .add(offset)
                .add(self.links_key())
                .key()
        };
        self.cache.markdown.get_or(key, render)
    }

    pub fn links_key(&self) -> Key {
        *self
            .links_key
            .get_or_init(|| KeyHasher::new("links").add(&self.links).key())
    }

    /// The cluster's fillable referral form.
    pub fn referral_pdf(&self, cluster: &Cluster) -> Result<Arc<Vec<u8>>, Vec<Diagnostic>> {
        let form = crate::forms::pdf_form(self.site, cluster);
        let key = || {
            KeyHasher::new("pdf")
                .add(self.theme_fingerprint)
                .add(&form)
                .key()
        };
        self.cache
            .pdfs
            .get_or_try(key, || {
                crate::forms::pdf::write_pdf(&form, &self.fonts).map(Arc::new)
            })
            .map_err(|message| {
                vec![Diagnostic::file(
                    &self.site.form.file.display_path,
                    "form-pdf",
                    format!("the referral form PDF could not be made: {message}"),
                )]
            })
    }
}

/// The PDF fonts from the theme's `fonts/` folder.
fn pdf_fonts(theme: &Theme) -> Result<Fonts, Vec<Diagnostic>> {
    let font = |name: &str| {
        theme.fonts.get(name).cloned().ok_or_else(|| {
            Diagnostic::file(
                format!("themes/default/fonts/{name}"),
                "missing-file",
                "the referral form's font is missing",
            )
            .help("restore the font file in the theme's fonts/ folder")
        })
    };
    match (font("DejaVuSans.ttf"), font("DejaVuSans-Bold.ttf")) {
        (Ok(regular), Ok(bold)) => Ok(Fonts { regular, bold }),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
    }
}
