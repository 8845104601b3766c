//! The URL scheme in one place. Every URL here is a public promise (see README).

use std::collections::BTreeSet;

use crate::model::Site;

pub fn cluster(slug: &str) -> String {
    format!("/clusters/{slug}/")
}

pub fn service(cluster_slug: &str, service: &str) -> String {
    format!("/clusters/{cluster_slug}/services/{service}/")
}

pub fn case_study(cluster_slug: &str, slug: &str) -> String {
    format!("/clusters/{cluster_slug}/case-studies/{slug}/")
}

pub fn update(cluster_slug: &str, slug: &str) -> String {
    format!("/clusters/{cluster_slug}/updates/{slug}/")
}

pub fn referral(cluster_slug: &str) -> String {
    format!("/clusters/{cluster_slug}/referral/")
}

pub fn referral_pdf(cluster_slug: &str) -> String {
    format!("/clusters/{cluster_slug}/referral-form.pdf")
}

pub fn cluster_feed(cluster_slug: &str) -> String {
    format!("/clusters/{cluster_slug}/atom.xml")
}

pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

pub const HOME: &str = "/";
pub const CLUSTERS: &str = "/clusters/";
pub const FIND: &str = "/find/";
pub const OPEN_DATA: &str = "/open-data/";
pub const UPDATES: &str = "/updates/";
pub const UPDATES_FEED: &str = "/updates/atom.xml";
pub const NOT_FOUND: &str = "/404.html";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";

/// First path segments that the generator owns; a page may not take them.
pub const RESERVED: &[&str] = &[
    "clusters",
    "updates",
    "css",
    "js",
    "fonts",
    "find",
    "open-data",
    "schools",
];

/// The file a URL is written to, relative to the output folder.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if url.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    }
}

/// Every HTML page URL of the site, in a stable order. Links are checked against it.
pub fn html_pages(site: &Site) -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    urls.insert(HOME.to_owned());
    urls.insert(CLUSTERS.to_owned());
    urls.insert(FIND.to_owned());
    urls.extend(crate::render::find::letter_pages(site));
    urls.insert(OPEN_DATA.to_owned());
    urls.insert(UPDATES.to_owned());
    for page in &site.pages {
        urls.insert(self::page(&page.slug));
    }
    for c in &site.clusters {
        urls.insert(cluster(&c.slug));
        urls.insert(referral(&c.slug));
        for s in &c.data.services {
            urls.insert(service(&c.slug, s.slug.get_ref()));
        }
        for cs in &c.case_studies {
            urls.insert(case_study(&c.slug, &cs.slug));
        }
        for u in &c.updates {
            urls.insert(update(&c.slug, &u.slug));
        }
    }
    urls
}

/// Every URL a link in content may point at: pages plus feeds and files.
pub fn linkable(site: &Site) -> BTreeSet<String> {
    let mut urls = html_pages(site);
    urls.extend([UPDATES_FEED, SITEMAP, ROBOTS].map(str::to_owned));
    for c in &site.clusters {
        urls.insert(cluster_feed(&c.slug));
        urls.insert(referral_pdf(&c.slug));
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_urls_become_index_files() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/clusters/a/"), "clusters/a/index.html");
        assert_eq!(output_path("/sitemap.xml"), "sitemap.xml");
    }
}
