//! Machine-read files: Atom feeds, the sitemap and robots.txt.

use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;

use super::pages::Catalogue;
use crate::cache::{Key, KeyHasher, Memo};
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
pub fn all(
    site: &Site,
    catalogue: &Catalogue,
    base_url: &str,
    sitemaps: &Memo<Arc<Vec<u8>>>,
    cluster_feeds: &Memo<Arc<Vec<u8>>>,
) -> Vec<OutputFile> {
    let limit = site.config.feed_limit.get() as usize;
    let mut all_updates = site.updates_newest_first();
    all_updates.truncate(limit);
    // The sitemap lists every address: kept while they are the same, as
    // after a Markdown edit; it and the clusters' feeds are made side by side.
    let (sitemap, cluster_feeds) = rayon::join(
        || {
            let language = &site.config.language;
            sitemaps.get_or(
                || sitemap_key(catalogue, base_url, language),
                || Arc::new(sitemap(catalogue, base_url, language).into_bytes()),
            )
        },
        || {
            (site.clusters.par_iter())
                .map(|c| OutputFile {
                    path: urls::output_path(&urls::cluster_feed(&c.slug)),
                    bytes: cluster_feeds.get_or(
                        || cluster_feed_key(site, c, base_url, limit),
                        || cluster_feed(site, c, base_url, limit),
                    ),
                })
                .collect::<Vec<_>>()
        },
    );
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
            bytes: sitemap,
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
    files.extend(cluster_feeds);
    files
}

/// One cluster's feed: its latest `limit` updates.
fn cluster_feed(site: &Site, c: &Cluster, base_url: &str, limit: usize) -> Arc<Vec<u8>> {
    let entries: Vec<_> = c.updates.iter().take(limit).map(|u| (c, u)).collect();
    let title = format!("{} cluster: {}", c.data.name, site.config.title);
    let feed = urls::cluster_feed(&c.slug);
    let xml = atom(
        site,
        base_url,
        &title,
        &feed,
        &urls::cluster(&c.slug),
        &entries,
    );
    Arc::new(xml.into_bytes())
}

/// Everything [`cluster_feed`] reads: the site's settings, the cluster's
/// file and the front matter of the updates it lists (not their bodies).
/// Kept between `serve`'s rebuilds, 300 feeds were a twentieth of one.
fn cluster_feed_key(site: &Site, c: &Cluster, base_url: &str, limit: usize) -> Key {
    let mut key = KeyHasher::new("cluster feed");
    key.add(base_url)
        .add(limit)
        .add(site.config_file.digest())
        .add(&c.slug)
        .add(c.file.digest());
    for update in c.updates.iter().take(limit) {
        key.add(&update.slug)
            .add(update.doc.file.part_digest(&update.front_matter()));
    }
    key.key()
}

/// Everything [`sitemap`] reads.
fn sitemap_key(catalogue: &Catalogue, base: &str, language: &str) -> Key {
    (KeyHasher::new("sitemap"))
        .add(base)
        .add(language)
        .add(&catalogue.versions)
        .add(catalogue.addresses_key())
        .key()
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
