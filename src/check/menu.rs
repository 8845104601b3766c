//! `[menu]` in site.toml: every link must go to a page the site builds (or
//! an https:// address), and a link to anything but a content page needs
//! its own title.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::model::{MenuLink, Site};
use crate::{site_path, urls};

pub fn check(site: &Site, pages: &BTreeSet<String>) -> Vec<Diagnostic> {
    let menu = &site.config.menu;
    let links = menu.header.iter().chain(menu.footer.iter().flatten());
    links.flat_map(|link| problems(site, pages, link)).collect()
}

fn problems(site: &Site, pages: &BTreeSet<String>, link: &MenuLink) -> Vec<Diagnostic> {
    let file = &site.config_file;
    let url = link.url.get_ref();
    let mut found = Vec::new();
    let problem = if url.starts_with("https://") {
        crate::base_url::https_problem(url)
    } else if let Some(why) = site_path::site_url_problem(url) {
        Some(format!("is not an address on this site: {why}"))
    } else {
        (!pages.contains(url)).then(|| "is not a page of this site".to_owned())
    };
    if let Some(why) = problem {
        found.push(
            Diagnostic::at(
                file,
                link.url.span(),
                "menu",
                format!("the menu link {} {why}", site_path::visible(url)),
            )
            .help("link to a page the site builds, e.g. url = \"/how-to-get-help/\""),
        );
    }
    let content_page = site.pages.iter().any(|p| urls::page(&p.slug) == *url);
    if link.title.is_none() && !content_page {
        found.push(
            Diagnostic::at(
                file,
                link.url.span(),
                "menu",
                format!("the menu link to {} needs a title", site_path::visible(url)),
            )
            .help("add title = \"...\": only a link to a page in content/pages/ takes that page's title"),
        );
    }
    found
}
