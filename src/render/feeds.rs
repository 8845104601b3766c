//! Machine-read files: Atom feeds, the sitemap and robots.txt.

use std::fmt::Write as _;
use std::sync::Arc;

use super::pages::Catalogue;
use crate::format::{escape_markup, escape_markup_into};
use crate::model::{Cluster, Date, Site, Update};
use crate::output_file::OutputFile;
use crate::urls;

/// The addresses of the files made here.
pub fn urls(site: &Site) -> Vec<String> {
    let mut urls: Vec<String> = [urls::UPDATES_FEED, urls::SITEMAP, urls::ROBOTS]
        .map(str::to_owned)
        .into();
    urls.extend(site.clusters.iter().map(|c| urls::cluster_feed(&c.slug)));
    urls
}

/// A feed carries the latest `feed_limit` updates, as Zola's and Hugo's do:
/// a feed reader only needs what is new, and a phone should not fetch years.
pub fn all(site: &Site, catalogue: &Catalogue, base_url: &str) -> Vec<OutputFile> {
    let limit = site.config.feed_limit.get() as usize;
    let mut all_updates = site.updates_newest_first();
    all_updates.truncate(limit);
    let mut files = vec![
        OutputFile {
            path: urls::output_path(urls::UPDATES_FEED),
            bytes: Arc::new(
                atom(
                    site,
                    base_url,
                    &site.config.title,
                    urls::UPDATES_FEED,
                    urls::UPDATES,
                    &all_updates,
                )
                .into_bytes(),
            ),
        },
        OutputFile {
            path: urls::output_path(urls::SITEMAP),
            bytes: Arc::new(sitemap(catalogue, base_url, &site.config.language).into_bytes()),
        },
        OutputFile {
            path: urls::output_path(urls::ROBOTS),
            bytes: Arc::new(
                format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {base_url}{}\n",
                    urls::SITEMAP
                )
                .into_bytes(),
            ),
        },
    ];
    for c in &site.clusters {
        let entries: Vec<_> = c.updates.iter().take(limit).map(|u| (c, u)).collect();
        let title = format!("{} cluster: {}", c.data.name, site.config.title);
        let feed = urls::cluster_feed(&c.slug);
        files.push(OutputFile {
            path: urls::output_path(&feed),
            bytes: Arc::new(
                atom(
                    site,
                    base_url,
                    &title,
                    &feed,
                    &urls::cluster(&c.slug),
                    &entries,
                )
                .into_bytes(),
            ),
        });
    }
    files
}

fn atom(
    site: &Site,
    base: &str,
    title: &str,
    self_url: &str,
    alternate: &str,
    entries: &[(&Cluster, &Update)],
) -> String {
    // A feed with no entries is still dated: by when its content was last reviewed.
    let updated = entries
        .iter()
        .map(|(_, u)| u.front.date)
        .max()
        .unwrap_or(*site.config.contact.last_reviewed.get_ref());
    let self_url = escape_markup(&format!("{base}{self_url}"));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    xml.push_str(&escape_markup(&site.config.language));
    let _ = write!(
        xml,
        "\">\n<title>{}</title>\n<id>{self_url}</id>\n<link rel=\"self\" href=\"{self_url}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        escape_markup(title),
        escape_markup(&format!("{base}{alternate}")),
        timestamp(updated),
        escape_markup(&site.config.title)
    );
    for (cluster, update) in entries {
        let url = escape_markup(&format!(
            "{base}{}",
            urls::update(&cluster.slug, &update.slug)
        ));
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            escape_markup(&update.front.title),
            timestamp(update.front.date),
            escape_markup(&update.front.summary)
        );
    }
    xml.push_str("</feed>\n");
    xml
}

fn sitemap(catalogue: &Catalogue, base: &str, language: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    // Each page in more than one language lists all its versions (Google's
    // `xhtml:link` alternates), the same set as its `hreflang` links.
    let mut versions: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for (english, translated) in &catalogue.versions {
        let mut all = vec![(language, english.as_str())];
        all.extend(
            translated
                .iter()
                .map(|(code, url)| (code.as_str(), url.as_str())),
        );
        for (_, url) in &all {
            versions.insert(url, all.clone());
        }
    }
    // Schools link straight to the forms, so search engines should find them too.
    let forms = catalogue.attachments();
    let base = escape_markup(base);
    for url in catalogue.urls().iter().chain(&forms) {
        let mut loc = base.clone();
        escape_markup_into(&mut loc, url);
        let Some(all) = versions.get(url.as_str()) else {
            let _ = writeln!(xml, "<url><loc>{loc}</loc></url>");
            continue;
        };
        let _ = write!(xml, "<url><loc>{loc}</loc>");
        for (code, other) in all {
            let _ = write!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{base}{}\"/>",
                escape_markup(other)
            );
        }
        let _ = writeln!(xml, "</url>");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}
