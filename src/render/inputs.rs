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
use crate::forms::pdf::{self, Direction, Fonts, PdfForm};
use crate::markdown::{self, Rendered};
use crate::model::{Cluster, MarkdownDoc, Site, Update};
use crate::theme::strings::Strings;
use crate::theme::Theme;

/// Every address a link in content may point at, and the key of that set.
pub struct Links {
    pub set: BTreeSet<String>,
    pub key: Key,
}

impl Links {
    pub fn new(set: BTreeSet<String>) -> Self {
        let key = KeyHasher::new("links").add(&set).key();
        Links { set, key }
    }
}

pub struct Inputs<'a> {
    pub site: &'a Site,
    /// Without a trailing `/`.
    pub base_url: String,
    pub fresh: Freshness,
    /// Every address a link in content may point at.
    links: Arc<Links>,
    theme_fingerprint: Key,
    fonts: Fonts,
    /// Noto Naskh Arabic, for right-to-left forms; an error only if one
    /// is made without it.
    rtl_fonts: Result<Fonts, Vec<Diagnostic>>,
    /// The interface text: a translated PDF's own words come from it.
    strings: Arc<Strings>,
    cache: &'a Cache,
    /// Each cluster's brief, by slug: every page inside a cluster shows it.
    briefs: HashMap<&'a str, ClusterBrief<'a>>,
    /// The find list's pages: cluster pages link into it.
    find: &'a find::Layout,
    /// Every update, newest first, as (cluster, update) positions in the
    /// site: sorted once for all the list pages. (Positions, not
    /// references, keep `Inputs` covariant in its lifetime.)
    updates: OnceLock<Vec<(usize, usize)>>,
}

impl<'a> Inputs<'a> {
    pub fn new(
        site: &'a Site,
        find: &'a find::Layout,
        theme: &Theme,
        base_url: String,
        fresh: Freshness,
        links: Arc<Links>,
        cache: &'a Cache,
    ) -> Result<Self, Vec<Diagnostic>> {
        Ok(Inputs {
            site,
            base_url,
            fresh,
            links,
            theme_fingerprint: theme.fingerprint,
            fonts: pdf_fonts(theme, DEJAVU)?,
            rtl_fonts: pdf_fonts(theme, NASKH),
            strings: theme.strings.clone(),
            cache,
            briefs: (site.clusters.par_iter())
                .map(|c| (c.slug.as_str(), views::cluster_brief(c, &fresh)))
                .collect(),
            find,
            updates: OnceLock::new(),
        })
    }

    pub fn find(&self) -> &find::Layout {
        self.find
    }

    /// [`Site::updates_newest_first`], made once per build: each of the
    /// site-wide update list's pages sorting every update again grew with
    /// the square of the number of updates.
    pub fn updates_newest_first(&self) -> Vec<(&'a Cluster, &'a Update)> {
        let site = self.site;
        let order = self.updates.get_or_init(|| site.update_order());
        (order.iter())
            .map(|&(c, u)| (&*site.clusters[c], &site.clusters[c].updates[u]))
            .collect()
    }

    pub fn cluster_brief(&self, c: &Cluster) -> ClusterBrief<'a> {
        self.briefs[c.slug.as_str()].clone()
    }

    /// A document's rendered body: only a page's [`super::pages::Bodies`] asks.
    pub(super) fn markdown(&self, doc: &MarkdownDoc) -> (Rendered, Vec<Diagnostic>) {
        self.cached_markdown(&doc.file, doc.body_offset, || {
            markdown::render(doc, &self.links.set)
        })
    }

    /// A Markdown string from a TOML file, as HTML, with what it found.
    pub fn toml_markdown(
        &self,
        file: &SourceFile,
        text: &Spanned<String>,
    ) -> (String, Vec<Diagnostic>) {
        let (rendered, found) = self.cached_markdown(file, text.span().start, || {
            markdown::render_toml_string(file, text.span(), text.get_ref(), &self.links.set)
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
        self.links.key
    }

    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// The cluster's fillable referral form.
    pub fn referral_pdf(&self, cluster: &Cluster) -> Result<Arc<Vec<u8>>, Vec<Diagnostic>> {
        let form = crate::forms::pdf_form(self.site, cluster);
        self.pdf(&form, &self.site.form.file.display_path)
    }

    /// A referral form's PDF, made once per form (and theme): in a
    /// right-to-left language with Noto Naskh Arabic as the script font.
    /// An error names `file`, the form the PDF is made from.
    pub fn pdf(&self, form: &PdfForm, file: &str) -> Result<Arc<Vec<u8>>, Vec<Diagnostic>> {
        let key = || {
            KeyHasher::new("pdf")
                .add(self.theme_fingerprint)
                .add(form)
                .key()
        };
        let script = match (form.direction, &self.rtl_fonts) {
            (Direction::Ltr, _) => None,
            (Direction::Rtl, Ok(naskh)) => Some(naskh),
            (Direction::Rtl, Err(missing)) => return Err(missing.clone()),
        };
        self.cache
            .pdfs
            .get_or_try(key, || {
                match script {
                    Some(script) => pdf::write_pdf_with_script(form, &self.fonts, Some(script)),
                    None => pdf::write_pdf(form, &self.fonts),
                }
                .map(Arc::new)
            })
            .map_err(|message| {
                vec![Diagnostic::file(
                    file,
                    "form-pdf",
                    format!("the referral form PDF could not be made: {message}"),
                )]
            })
    }
}

/// Latin, Greek and Cyrillic: every form's text.
const DEJAVU: [&str; 2] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
/// Arabic script (Urdu): right-to-left forms' letters.
const NASKH: [&str; 2] = ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"];

/// A regular and bold pair of PDF fonts from the theme's `fonts/` folder.
fn pdf_fonts(theme: &Theme, [regular, bold]: [&str; 2]) -> Result<Fonts, Vec<Diagnostic>> {
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
    match (font(regular), font(bold)) {
        (Ok(regular), Ok(bold)) => Ok(Fonts { regular, bold }),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
    }
}
