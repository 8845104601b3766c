//! The page catalogue: every kind of HTML page the site has. Each kind is
//! one type giving its URL, its template, the Markdown documents it may show
//! and its context as a typed view. The job list, the URL set
//! ([`Catalogue::urls`]), the sitemap and the reuse keys (`render/job.rs`) all come from
//! here ([`Catalogue`]), so a new kind of page is one new type and one line
//! in its file's `all`.

mod cluster_pages;
mod lists;
mod search_pages;
mod site_pages;
mod translated_entries;
mod translated_form;
mod translated_pages;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::inputs::Inputs;
use crate::cache::Memo;
use crate::diagnostics::Diagnostic;
use crate::model::translation::LanguageDecl;
use crate::model::{Cluster, MarkdownDoc, Site};
use crate::output_file::OutputFile;
use crate::render::find::Layout;

pub trait PageKind: Sync {
    /// Its address: a promise to whoever links to it (`urls.rs`).
    fn url(&self) -> String;

    fn template(&self) -> &'static str;

    /// Whether this is one of the site's pages: content may link to it and
    /// the sitemap lists it. Redirects and the 404 page are not.
    fn listed(&self) -> bool {
        true
    }

    /// Whether its address is a promise (`content/published-urls.txt`).
    /// A list's later pages are not: their items move as new ones come.
    fn permanent(&self) -> bool {
        true
    }

    /// Files made with the page and linked from it (a referral form's PDF).
    fn attachments(&self) -> Vec<String> {
        Vec::new()
    }

    /// The Markdown documents whose bodies this page shows. Its context can
    /// reach no other body ([`Bodies::of`]): that is what lets a body edit
    /// rebuild only this page (`render/job.rs`).
    fn documents(&self) -> Vec<&MarkdownDoc> {
        Vec::new()
    }

    /// The one cluster this page reads, if it reads no other cluster's
    /// files (`None`: it may read any). A `cluster.toml` or update edit then
    /// makes again only that cluster's pages and the site-wide ones
    /// (`render/job.rs`). Besides its cluster, such a page may read only
    /// files outside every cluster's folder and the find list's places.
    fn cluster(&self) -> Option<&Cluster> {
        None
    }

    /// The language of a page in another language (`None`: the site's own).
    fn language(&self) -> Option<&LanguageDecl> {
        None
    }

    /// The address of the English page a page in another language translates.
    fn english(&self) -> Option<String> {
        None
    }

    /// What the template sees, besides `site` and `url` that every page gets.
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>>;
}

/// A page's context, and any file made with it.
pub struct Context {
    pub view: Value,
    pub attachments: Vec<OutputFile>,
}

impl Context {
    pub fn of(view: impl Serialize) -> Self {
        Context {
            view: serde_json::to_value(view).expect("views serialise"),
            attachments: Vec::new(),
        }
    }
}

/// Every page of the site, in a stable order, made once per build: the job
/// list, the URL set (link checks, the sitemap), the attachments and the
/// published-URL record all read it.
pub struct Catalogue<'a> {
    pub pages: Vec<Box<dyn PageKind + 'a>>,
    /// How the find list is laid out in pages (cluster pages link into it).
    pub find: Arc<Layout>,
    /// The listed pages' URLs, made once: the checks, the link set and the
    /// sitemap all read them.
    listed: BTreeSet<String>,
    /// Each page that has translations, by its English address: its
    /// versions in other languages (language code, address).
    pub versions: Versions,
    /// The key of `listed` and the attachments, made once when first asked.
    addresses: std::sync::OnceLock<crate::cache::Key>,
}

pub type Versions = BTreeMap<String, Vec<(String, String)>>;

impl<'a> Catalogue<'a> {
    pub fn of(site: &'a Site) -> Self {
        Self::with(site, Arc::new(Layout::of(site)))
    }

    /// As [`Catalogue::of`], with the find list's layout kept between
    /// `serve`'s rebuilds while no cluster file changed.
    pub fn kept(site: &'a Site, layouts: &Memo<Arc<Layout>>) -> Self {
        Self::with(site, Layout::kept(site, layouts))
    }

    fn with(site: &'a Site, find: Arc<Layout>) -> Self {
        let mut pages = site_pages::all(site, &find);
        pages.extend(lists::all(site));
        pages.extend(cluster_pages::all(site));
        pages.extend(search_pages::all(site));
        pages.extend(translated_pages::all(site));
        pages.extend(translated_entries::all(site));
        let listed = (pages.iter())
            .filter(|p| p.listed())
            .map(|p| p.url())
            .collect();
        let mut versions = Versions::new();
        for page in &pages {
            if let (Some(lang), Some(english)) = (page.language(), page.english()) {
                (versions.entry(english).or_default())
                    .push((lang.code.get_ref().clone(), page.url()));
            }
        }
        Catalogue {
            pages,
            find,
            listed,
            versions,
            addresses: std::sync::OnceLock::new(),
        }
    }

    /// Every HTML page URL of the site, in order. Links are checked against it.
    pub fn urls(&self) -> &BTreeSet<String> {
        &self.listed
    }

    /// A key of every page's address and every file made with a page: what
    /// is made from the addresses alone (the sitemap, the link set) is kept
    /// by it between `serve`'s rebuilds.
    pub fn addresses_key(&self) -> crate::cache::Key {
        *self.addresses.get_or_init(|| {
            let mut key = crate::cache::KeyHasher::new("addresses");
            for url in &self.listed {
                key.add(url);
            }
            key.add(self.attachments());
            key.key()
        })
    }

    /// The pages whose addresses are not promises (later pages of lists).
    pub fn temporary_urls(&self) -> BTreeSet<String> {
        (self.pages.iter())
            .filter(|p| !p.permanent())
            .map(|p| p.url())
            .collect()
    }

    /// Every file made with a page (the referral PDFs), in page order.
    pub fn attachments(&self) -> Vec<String> {
        self.pages.iter().flat_map(|p| p.attachments()).collect()
    }
}

/// What every page's template gets about its language: `lang`, `dir`, and
/// `versions` (this page in each language it exists in, English first,
/// each named in its own language) for the switcher and `hreflang` links.
#[derive(Serialize)]
pub struct LanguageView {
    lang: String,
    dir: &'static str,
    versions: Vec<Version>,
    /// The English page of a page in another language.
    english_url: Option<String>,
}

#[derive(Serialize)]
struct Version {
    code: String,
    name: String,
    dir: &'static str,
    url: String,
    current: bool,
}

impl LanguageView {
    pub fn of(page: &dyn PageKind, site: &Site, versions: &Versions, english_name: &str) -> Self {
        let url = page.url();
        let english = page.english().unwrap_or_else(|| url.clone());
        let mut list = Vec::new();
        if let Some(translated) = versions.get(&english) {
            list.push(Version {
                code: site.config.language.clone(),
                name: english_name.to_owned(),
                dir: "ltr",
                current: english == url,
                url: english.clone(),
            });
            for (code, address) in translated {
                let Some(lang) = site.languages().find(|l| l.code.get_ref() == code) else {
                    continue;
                };
                list.push(Version {
                    code: code.clone(),
                    name: lang.name.clone(),
                    dir: lang.dir.as_str(),
                    current: *address == url,
                    url: address.clone(),
                });
            }
        }
        let (lang, dir) = match page.language() {
            Some(l) => (l.code.get_ref().clone(), l.dir.as_str()),
            None => (site.config.language.clone(), "ltr"),
        };
        LanguageView {
            lang,
            dir,
            versions: list,
            english_url: page.english(),
        }
    }
}

/// The Markdown bodies one page may show, rendered on request. Asking for
/// any other document's body is a bug that would make `serve` show a stale
/// page, so it stops the build.
pub struct Bodies<'p> {
    own: Vec<&'p MarkdownDoc>,
    inputs: &'p Inputs<'p>,
    problems: RefCell<Vec<Diagnostic>>,
}

#[derive(Serialize)]
pub struct Body {
    html: String,
    sections: Vec<Section>,
}

#[derive(Serialize)]
struct Section {
    id: String,
    title: String,
}

impl<'p> Bodies<'p> {
    pub fn new(own: Vec<&'p MarkdownDoc>, inputs: &'p Inputs<'p>) -> Self {
        Bodies {
            own,
            inputs,
            problems: RefCell::new(Vec::new()),
        }
    }

    pub fn of(&self, doc: &MarkdownDoc) -> Body {
        assert!(
            self.own.iter().any(|own| std::ptr::eq(*own, doc)),
            "{} is not one of this page's documents: list it in PageKind::documents",
            doc.file.display_path
        );
        let (rendered, found) = self.inputs.markdown(doc);
        self.problems.borrow_mut().extend(found);
        Body {
            html: rendered.html,
            sections: (rendered.sections.into_iter())
                .map(|(id, title)| Section { id, title })
                .collect(),
        }
    }

    /// What rendering the bodies found (broken links, unsafe HTML...).
    pub fn problems(self) -> Vec<Diagnostic> {
        self.problems.into_inner()
    }
}

/// A crumb trail of ancestors (the current page is the `h1`, not a crumb).
#[derive(Serialize, Clone)]
pub struct Crumb {
    title: String,
    url: String,
}

pub fn crumbs(items: &[(&str, &str)]) -> Vec<Crumb> {
    items
        .iter()
        .map(|(title, url)| Crumb {
            title: (*title).to_owned(),
            url: (*url).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Generations;
    use crate::render::views::Freshness;
    use crate::render::Cache;

    fn with_bodies(use_bodies: impl FnOnce(&Site, &Bodies)) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full");
        let (site, report) = crate::content::load(&root);
        let site = site.unwrap_or_else(|| panic!("{}", report.render(false)));
        let theme = crate::theme::load(&root).unwrap_or_else(|_| panic!("the theme loads"));
        let cache = Cache::new(&Generations::off());
        let fresh = Freshness {
            today: crate::model::Date::from_unix_seconds(0),
            review_after_months: 12,
        };
        let catalogue = Catalogue::of(&site);
        let links = catalogue.urls().clone();
        let inputs = Inputs::new(
            &site,
            &catalogue.find,
            &theme,
            String::new(),
            fresh,
            Arc::new(crate::render::inputs::Links::new(links)),
            &cache,
        )
        .unwrap();
        let update = &site.clusters[0].updates[0];
        let bodies = Bodies::new(vec![&update.doc], &inputs);
        use_bodies(&site, &bodies);
    }

    #[test]
    fn a_page_reads_its_own_body() {
        with_bodies(|site, bodies| {
            let body = bodies.of(&site.clusters[0].updates[0].doc);
            assert!(!body.html.is_empty());
        });
    }

    #[test]
    #[should_panic(expected = "is not one of this page's documents")]
    fn a_page_cannot_read_another_pages_body() {
        with_bodies(|site, bodies| {
            bodies.of(&site.clusters[0].case_studies[0].doc);
        });
    }

    #[test]
    fn every_page_kind_has_one_url_and_the_catalogue_lists_each_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full");
        let (site, _) = crate::content::load(&root);
        let site = site.unwrap();
        let catalogue = Catalogue::of(&site);
        let pages = &catalogue.pages;
        let addresses: BTreeSet<String> = pages.iter().map(|p| p.url()).collect();
        assert_eq!(addresses.len(), pages.len(), "no two pages share a URL");
        let listed = catalogue.urls();
        assert!(listed.contains("/") && listed.contains("/clusters/north/referral/"));
        assert!(
            !listed.contains("/404.html"),
            "the 404 page is not a page to link to"
        );
    }
}
