//! Pages about the whole site: home, lists of clusters and updates, find,
//! open data, the 404 page, content pages and redirects.

use serde::Serialize;

use super::lists::Pager;
use super::{crumbs, Bodies, Body, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::{MarkdownDoc, Page, Redirect, Site};
use crate::render::find::{self, Group};
use crate::render::inputs::Inputs;
use crate::render::open_data;
use crate::render::views::{self, ClusterSummary, UpdateSummary};
use crate::urls;

pub fn all<'a>(site: &'a Site, find: &find::Layout) -> Vec<Box<dyn PageKind + 'a>> {
    let mut pages: Vec<Box<dyn PageKind>> = vec![
        Box::new(Home(site)),
        Box::new(Find),
        Box::new(OpenData),
        Box::new(NotFound(site)),
    ];
    for (index, page) in find.pages.iter().enumerate() {
        pages.push(Box::new(FindLetter {
            index,
            url: page.url.clone(),
            first: page.number == 1,
        }));
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
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
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
            .map(|c| views::cluster_summary(c))
            .collect(),
            clusters_count: site.clusters.len(),
            updates: views::update_summaries(inputs.updates_newest_first().into_iter().take(5)),
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

struct Find;

#[derive(Serialize)]
struct FindView<'a> {
    groups: &'a [Group],
    split: bool,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for Find {
    fn url(&self) -> String {
        urls::FIND.to_owned()
    }
    fn template(&self) -> &'static str {
        "find.html"
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let find = inputs.find();
        Ok(Context::of(FindView {
            groups: &find.groups,
            split: find.is_split(),
            breadcrumbs: home_crumbs(),
        }))
    }
}

/// One page of a find list too long for one page: a letter's names, or
/// part of them.
struct FindLetter {
    /// Its place in `find::Layout::pages`.
    index: usize,
    url: String,
    first: bool,
}

#[derive(Serialize)]
struct FindLetterView<'a> {
    groups: [&'a Group; 1],
    letter: &'a str,
    letters: Vec<LetterLink<'a>>,
    pager: Pager,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct LetterLink<'a> {
    letter: &'a str,
    url: &'a str,
}

impl PageKind for FindLetter {
    fn url(&self) -> String {
        self.url.clone()
    }
    fn template(&self) -> &'static str {
        "find.html"
    }
    /// A letter's first page stays; its later pages move as names are added.
    fn permanent(&self) -> bool {
        self.first
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let find = inputs.find();
        let page = &find.pages[self.index];
        let letters = (find.groups.iter())
            .map(|g| LetterLink {
                letter: &g.letter,
                url: &g.url,
            })
            .collect();
        Ok(Context::of(FindLetterView {
            groups: [&page.group],
            letter: &page.letter,
            letters,
            pager: Pager::at(&page.group.url, page.number, page.total),
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
                .map(|c| views::cluster_summary(c))
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
