//! Lists that grow with the content (updates, case studies, clusters), cut
//! into pages of `paginate_by` items with GOV.UK's pagination pattern:
//! "Previous page" and "Next page" links with `rel`, and "Page 2 of 5".
//! A list's first page is a permanent address; later pages are not, since
//! their items move as new ones arrive.

use serde::Serialize;

use super::{crumbs, Bodies, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::{Cluster, Site};
use crate::render::inputs::Inputs;
use crate::render::views::{self, CaseStudySummary, ClusterBrief, ClusterSummary, UpdateSummary};
use crate::urls;

pub fn all(site: &Site) -> Vec<Box<dyn PageKind + '_>> {
    let per = per_page(site);
    let mut pages: Vec<Box<dyn PageKind>> = Vec::new();
    for number in 1..=page_count(site.clusters.len(), per) {
        pages.push(Box::new(ClusterList { site, number }));
    }
    let all_updates = site.clusters.iter().map(|c| c.updates.len()).sum();
    for number in 1..=page_count(all_updates, per) {
        pages.push(Box::new(UpdateList {
            site,
            cluster: None,
            number,
        }));
    }
    for c in &site.clusters {
        for number in 1..=page_count(c.updates.len(), per) {
            pages.push(Box::new(UpdateList {
                site,
                cluster: Some(c),
                number,
            }));
        }
        for number in 1..=page_count(c.case_studies.len(), per) {
            pages.push(Box::new(CaseStudyList { site, c, number }));
        }
    }
    pages
}

fn per_page(site: &Site) -> usize {
    site.config.paginate_by.get() as usize
}

/// How many pages `items` fill: at least one, so an empty list still says so.
fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Where this page is in its list.
#[derive(Serialize)]
pub struct Pager {
    number: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn new(first: &str, number: usize, items: usize, per_page: usize) -> Self {
        Self::at(first, number, page_count(items, per_page))
    }

    /// Page `number` of `total`, the first at `first`.
    pub(super) fn at(first: &str, number: usize, total: usize) -> Self {
        Pager {
            number,
            total,
            previous: (number > 1).then(|| urls::list_page(first, number - 1)),
            next: (number < total).then(|| urls::list_page(first, number + 1)),
        }
    }
}

/// This page's share of `items`.
fn slice<T>(items: Vec<T>, number: usize, per_page: usize) -> Vec<T> {
    items
        .into_iter()
        .skip((number - 1) * per_page)
        .take(per_page)
        .collect()
}

struct ClusterList<'a> {
    site: &'a Site,
    number: usize,
}

#[derive(Serialize)]
struct ClusterListView<'a> {
    clusters: Vec<ClusterSummary<'a>>,
    pager: Pager,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for ClusterList<'_> {
    fn url(&self) -> String {
        urls::list_page(urls::CLUSTERS, self.number)
    }
    fn template(&self) -> &'static str {
        "clusters.html"
    }
    fn permanent(&self) -> bool {
        self.number == 1
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let per = per_page(self.site);
        let all: Vec<_> = self
            .site
            .clusters
            .iter()
            .map(|c| views::cluster_summary(c))
            .collect();
        Ok(Context::of(ClusterListView {
            pager: Pager::new(urls::CLUSTERS, self.number, all.len(), per),
            clusters: slice(all, self.number, per),
            breadcrumbs: crumbs(&[("Home", urls::HOME)]),
        }))
    }
}

/// Updates from every cluster, or from one.
struct UpdateList<'a> {
    site: &'a Site,
    cluster: Option<&'a Cluster>,
    number: usize,
}

#[derive(Serialize)]
struct UpdateListView<'a> {
    updates: Vec<UpdateSummary<'a>>,
    /// Only for one cluster's updates.
    cluster: Option<ClusterBrief<'a>>,
    feed_url: String,
    pager: Pager,
    breadcrumbs: Vec<Crumb>,
}

impl UpdateList<'_> {
    fn first(&self) -> String {
        match self.cluster {
            Some(c) => urls::cluster_updates(&c.slug),
            None => urls::UPDATES.to_owned(),
        }
    }
}

impl PageKind for UpdateList<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        self.cluster
    }
    fn url(&self) -> String {
        urls::list_page(&self.first(), self.number)
    }
    fn template(&self) -> &'static str {
        "updates.html"
    }
    fn permanent(&self) -> bool {
        self.number == 1
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let per = per_page(self.site);
        let (items, feed_url, breadcrumbs) = match self.cluster {
            Some(c) => (
                c.updates.iter().map(|u| (c, u)).collect::<Vec<_>>(),
                urls::cluster_feed(&c.slug),
                super::cluster_pages::cluster_crumbs(c),
            ),
            None => (
                inputs.updates_newest_first(),
                urls::UPDATES_FEED.to_owned(),
                crumbs(&[("Home", urls::HOME)]),
            ),
        };
        let first = self.first();
        Ok(Context::of(UpdateListView {
            pager: Pager::new(&first, self.number, items.len(), per),
            updates: views::update_summaries(slice(items, self.number, per).into_iter()),
            cluster: self.cluster.map(|c| inputs.cluster_brief(c)),
            feed_url,
            breadcrumbs,
        }))
    }
}

/// One cluster's case studies.
struct CaseStudyList<'a> {
    site: &'a Site,
    c: &'a Cluster,
    number: usize,
}

#[derive(Serialize)]
struct CaseStudyListView<'a> {
    case_studies: Vec<CaseStudySummary<'a>>,
    cluster: ClusterBrief<'a>,
    pager: Pager,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for CaseStudyList<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        Some(self.c)
    }
    fn url(&self) -> String {
        urls::list_page(&urls::cluster_case_studies(&self.c.slug), self.number)
    }
    fn template(&self) -> &'static str {
        "case_studies.html"
    }
    fn permanent(&self) -> bool {
        self.number == 1
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let per = per_page(self.site);
        let all = views::case_study_summaries(self.c, None);
        let first = urls::cluster_case_studies(&self.c.slug);
        Ok(Context::of(CaseStudyListView {
            pager: Pager::new(&first, self.number, all.len(), per),
            case_studies: slice(all, self.number, per),
            cluster: inputs.cluster_brief(self.c),
            breadcrumbs: super::cluster_pages::cluster_crumbs(self.c),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_their_neighbours_and_count_from_one() {
        let first = Pager::new("/updates/", 1, 45, 20);
        assert_eq!((first.number, first.total), (1, 3));
        assert_eq!(first.previous, None);
        assert_eq!(first.next.as_deref(), Some("/updates/page/2/"));
        let last = Pager::new("/updates/", 3, 45, 20);
        assert_eq!(last.previous.as_deref(), Some("/updates/page/2/"));
        assert_eq!(last.next, None);
        assert_eq!(
            page_count(0, 20),
            1,
            "an empty list is one page that says so"
        );
        assert_eq!(page_count(40, 20), 2);
        assert_eq!(slice((1..=45).collect(), 3, 20), vec![41, 42, 43, 44, 45]);
    }
}
