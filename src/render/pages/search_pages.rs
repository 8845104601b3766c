//! Search by need: `/search/` (the search form, and "Help by topic" for
//! when there is no JavaScript) and one page per topic of
//! `content/topics.toml`, listing the services that meet it, grouped by
//! cluster, and the site's pages about it.

use serde::Serialize;

use super::{crumbs, Bodies, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::{Site, Topic};
use crate::render::inputs::Inputs;
use crate::urls;

pub fn all(site: &Site) -> Vec<Box<dyn PageKind + '_>> {
    let mut pages: Vec<Box<dyn PageKind>> = vec![Box::new(Search(site))];
    for topic in site.topics.with_pages() {
        pages.push(Box::new(TopicPage(site, topic)));
    }
    pages
}

struct Search<'a>(&'a Site);

#[derive(Serialize)]
struct SearchView<'a> {
    topics: Vec<TopicLink<'a>>,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
pub(super) struct TopicLink<'a> {
    name: &'a str,
    description: &'a str,
    url: String,
}

impl PageKind for Search<'_> {
    fn url(&self) -> String {
        urls::SEARCH.to_owned()
    }
    fn template(&self) -> &'static str {
        "search.html"
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        Ok(Context::of(SearchView {
            topics: (self.0.topics.with_pages().into_iter())
                .map(|t| TopicLink {
                    name: t.name.get_ref(),
                    description: t.description.get_ref(),
                    url: urls::topic(t.slug.get_ref()),
                })
                .collect(),
            breadcrumbs: crumbs(&[("Home", urls::HOME)]),
        }))
    }
}

/// The topics a service or page is tagged with, as links to their pages.
pub(super) fn topics_of<'a>(site: &'a Site, tags: &[toml::Spanned<String>]) -> Vec<TopicLink<'a>> {
    (site.topics.with_pages().into_iter())
        .filter(|t| tags.iter().any(|tag| tag.get_ref() == t.slug.get_ref()))
        .map(|t| TopicLink {
            name: t.name.get_ref(),
            description: t.description.get_ref(),
            url: urls::topic(t.slug.get_ref()),
        })
        .collect()
}

struct TopicPage<'a>(&'a Site, &'a Topic);

#[derive(Serialize)]
struct TopicView<'a> {
    topic: TopicLink<'a>,
    clusters: Vec<ClusterServices<'a>>,
    pages: Vec<PageLink<'a>>,
    breadcrumbs: Vec<Crumb>,
}

/// One cluster's services that meet the topic.
#[derive(Serialize)]
struct ClusterServices<'a> {
    name: &'a str,
    url: String,
    services: Vec<ServiceLink<'a>>,
}

#[derive(Serialize)]
struct ServiceLink<'a> {
    name: &'a str,
    summary: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
}

impl PageKind for TopicPage<'_> {
    fn url(&self) -> String {
        urls::topic(self.1.slug.get_ref())
    }
    fn template(&self) -> &'static str {
        "topic.html"
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let (site, topic) = (self.0, self.1);
        let slug = topic.slug.get_ref();
        let tagged = |tags: &[toml::Spanned<String>]| tags.iter().any(|t| t.get_ref() == slug);
        let clusters = (site.clusters.iter())
            .map(|c| ClusterServices {
                name: &c.data.name,
                url: urls::cluster(&c.slug),
                services: (c.data.services.iter())
                    .filter(|s| tagged(&s.topics))
                    .map(|s| ServiceLink {
                        name: &s.name,
                        summary: &s.summary,
                        url: urls::service(&c.slug, s.slug.get_ref()),
                    })
                    .collect(),
            })
            .filter(|c| !c.services.is_empty())
            .collect();
        let pages = (site.pages.iter())
            .filter(|p| tagged(&p.front.topics))
            .map(|p| PageLink {
                title: &p.front.title,
                description: &p.front.description,
                url: urls::page(&p.slug),
            })
            .collect();
        Ok(Context::of(TopicView {
            topic: TopicLink {
                name: topic.name.get_ref(),
                description: topic.description.get_ref(),
                url: urls::topic(slug),
            },
            clusters,
            pages,
            breadcrumbs: crumbs(&[("Home", urls::HOME), ("Search", urls::SEARCH)]),
        }))
    }
}
