//! The URL scheme in one place. Every URL here is a public promise (see README).

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

/// A cluster's updates, newest first (page 1 of the list).
pub fn cluster_updates(cluster_slug: &str) -> String {
    format!("/clusters/{cluster_slug}/updates/")
}

/// A cluster's case studies (page 1 of the list).
pub fn cluster_case_studies(cluster_slug: &str) -> String {
    format!("/clusters/{cluster_slug}/case-studies/")
}

/// Page `number` of a list whose first page is `first`: `/updates/page/2/`.
/// Only the first page is a permanent address; the others move as items come.
pub fn list_page(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_owned()
    } else {
        format!("{first}{LIST_PAGE}/{number}/")
    }
}

/// The folder that a list's later pages go in. An update or case study may
/// not take it as its slug.
pub const LIST_PAGE: &str = "page";

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

/// The help for one need (`content/topics.toml`), reached from `/search/`.
pub fn topic(slug: &str) -> String {
    format!("{SEARCH}topics/{slug}/")
}

/// A page's address in another language: `/pl/how-to-get-help/`. The
/// site's own language keeps the addresses it has always had.
pub fn in_language(code: &str, url: &str) -> String {
    format!("/{code}{url}")
}

/// "Read this website in your language": which pages each language has.
pub const LANGUAGES: &str = "/languages/";

pub const HOME: &str = "/";
pub const SEARCH: &str = "/search/";
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
    "search",
    "languages",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_urls_become_index_files() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/clusters/a/"), "clusters/a/index.html");
        assert_eq!(output_path("/sitemap.xml"), "sitemap.xml");
        assert_eq!(list_page("/updates/", 1), "/updates/");
        assert_eq!(list_page("/updates/", 3), "/updates/page/3/");
    }
}
