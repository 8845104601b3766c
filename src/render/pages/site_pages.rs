//! Pages about the whole site: home, lists of clusters and updates, find,
//! open data, the 404 page, content pages and redirects.

use serde::Serialize;

use super::{crumbs, Bodies, Body, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::{MarkdownDoc, Page, Redirect, Site};
use crate::render::find::{self, Group};
use crate::render::inputs::Inputs;
use crate::render::open_data;
use crate::render::views::{self, ClusterSummary, UpdateSummary};
use crate::urls;

pub fn all(site: &Site) -> Vec<Box<dyn PageKind + '_>> {
    let mut pages: Vec<Box<dyn PageKind>> = vec![
        Box::new(Home(site)),
        Box::new(Find(site)),
        Box::new(OpenData),
        Box::new(NotFound(site)),
    ];
    for url in find::letter_pages(site) {
        pages.push(Box::new(FindLetter(site, url)));
    }
    for page in &site.pages {
        pages.push(Box::new(ContentPage(page)));
    }
    for redirect in &site.config.redirects {
        // A redirect to a file (`/old.pdf`) is only in `_redirects`.
        if redirect.from.get_ref().ends_with('/') {
            pages.push(Box::new(RedirectPage(redirect)));
        }
    }
    pages
}

fn home_crumbs() -> Vec<Crumb> {
    crumbs(&[("Home", urls::HOME)])
}

struct Home<'a>(&'a Site);

#[derive(Serialize)]
struct HomeView<'a> {
    intro: Option<IntroView<'a>>,
    /// The first page's worth; `clusters_count` says how many there are.
    clusters: Vec<ClusterSummary<'a>>,
    clusters_count: usize,
    updates: Vec<UpdateSummary<'a>>,
}

#[derive(Serialize)]
struct IntroView<'a> {
    title: &'a str,
    description: &'a Option<String>,
    body: Body,
}

impl PageKind for Home<'_> {
    fn url(&self) -> String {
        urls::HOME.to_owned()
    }
    fn template(&self) -> &'static str {
        "index.html"
    }
    fn documents(&self) -> Vec<&MarkdownDoc> {
        self.0.home.iter().map(|h| &h.doc).collect()
    }
    fn context(&self, _: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let site = self.0;
        Ok(Context::of(HomeView {
            intro: site.home.as_ref().map(|h| IntroView {
                title: &h.front.title,
                description: &h.front.description,
                body: bodies.of(&h.doc),
            }),
            clusters: (site
                .clusters
                .iter()
                .take(site.config.paginate_by.get() as usize))
            .map(views::cluster_summary)
            .collect(),
            clusters_count: site.clusters.len(),
            updates: views::update_summaries(site.updates_newest_first().into_iter().take(5)),
        }))
    }
}

struct OpenData;

#[derive(Serialize)]
struct OpenDataView {
    files: Vec<OpenDataFile>,
    csv: &'static str,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct OpenDataFile {
    url: String,
    title: &'static str,
}

impl PageKind for OpenData {
    fn url(&self) -> String {
        urls::OPEN_DATA.to_owned()
    }
    fn template(&self) -> &'static str {
        "open_data.html"
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        Ok(Context::of(OpenDataView {
            files: (open_data::FILES.iter())
                .map(|name| OpenDataFile {
                    url: open_data::file_url(name),
                    title: open_data::title(name),
                })
                .collect(),
            csv: open_data::CSV,
            breadcrumbs: home_crumbs(),
        }))
    }
}

struct RedirectPage<'a>(&'a Redirect);

#[derive(Serialize)]
struct RedirectView<'a> {
    target: &'a str,
}

impl PageKind for RedirectPage<'_> {
    fn url(&self) -> String {
        self.0.from.get_ref().clone()
    }
    fn template(&self) -> &'static str {
        "redirect.html"
    }
    fn listed(&self) -> bool {
        false
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        Ok(Context::of(RedirectView {
            target: self.0.to.get_ref(),
        }))
    }
}

struct Find<'a>(&'a Site);

#[derive(Serialize)]
struct FindView {
    groups: Vec<Group>,
    split: bool,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for Find<'_> {
    fn url(&self) -> String {
        urls::FIND.to_owned()
    }
    fn template(&self) -> &'static str {
        "find.html"
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        Ok(Context::of(FindView {
            groups: find::groups(self.0),
            split: find::is_split(self.0),
            breadcrumbs: home_crumbs(),
        }))
    }
}

/// One letter's page of a find list too long for one page.
struct FindLetter<'a>(&'a Site, String);

#[derive(Serialize)]
struct FindLetterView {
    groups: Vec<Group>,
    letter: String,
    letters: Vec<LetterLink>,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct LetterLink {
    letter: String,
    url: String,
}

impl PageKind for FindLetter<'_> {
    fn url(&self) -> String {
        self.1.clone()
    }
    fn template(&self) -> &'static str {
        "find.html"
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let all = find::groups(self.0);
        let letters = (all.iter())
            .map(|g| LetterLink {
                letter: g.letter.clone(),
                url: g.url.clone(),
            })
            .collect();
        let groups: Vec<Group> = all.into_iter().filter(|g| g.url == self.1).collect();
        Ok(Context::of(FindLetterView {
            letter: groups.first().map(|g| g.letter.clone()).unwrap_or_default(),
            groups,
            letters,
            breadcrumbs: crumbs(&[("Home", urls::HOME), ("Find your cluster", urls::FIND)]),
        }))
    }
}

struct NotFound<'a>(&'a Site);

#[derive(Serialize)]
struct NotFoundView<'a> {
    clusters: Vec<ClusterSummary<'a>>,
}

impl PageKind for NotFound<'_> {
    fn url(&self) -> String {
        urls::NOT_FOUND.to_owned()
    }
    fn template(&self) -> &'static str {
        "404.html"
    }
    fn listed(&self) -> bool {
        false
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        Ok(Context::of(NotFoundView {
            clusters: (self.0.clusters.iter().take(30))
                .map(views::cluster_summary)
                .collect(),
        }))
    }
}

/// A page from `content/pages/`.
struct ContentPage<'a>(&'a Page);

#[derive(Serialize)]
struct ContentPageView<'a> {
    page: PageHead<'a>,
    body: Body,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct PageHead<'a> {
    title: &'a str,
    description: &'a str,
}

impl PageKind for ContentPage<'_> {
    fn url(&self) -> String {
        urls::page(&self.0.slug)
    }
    fn template(&self) -> &'static str {
        "page.html"
    }
    fn documents(&self) -> Vec<&MarkdownDoc> {
        vec![&self.0.doc]
    }
    fn context(&self, _: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let page = self.0;
        Ok(Context::of(ContentPageView {
            page: PageHead {
                title: &page.front.title,
                description: &page.front.description,
            },
            body: bodies.of(&page.doc),
            breadcrumbs: home_crumbs(),
        }))
    }
}
