//! Pages stay small however much a cluster collects: lists are cut into
//! pages with "Previous page" and "Next page", the cluster and service pages
//! show the latest few with a link to the rest, feeds carry the latest
//! `feed_limit` entries, and a list's later pages are not permanent URLs.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use clustersite::{generate, Timings};
use support::{copy_tree, fixture, options};

const NORTH: &str = "content/clusters/north";

/// The full fixture with `updates` more updates and `studies` more case
/// studies in the north cluster (all of them about its family support).
fn site_with(updates: usize, studies: usize, site_toml_extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("full"), dir.path());
    let root = dir.path();
    for n in 1..=updates {
        let day = 1 + n % 28;
        let month = 1 + n / 28 % 12;
        std::fs::write(
            root.join(format!("{NORTH}/updates/news-{n:03}.md")),
            format!("+++\ntitle = \"News {n}\"\nsummary = \"Item {n}.\"\ndate = 2023-{month:02}-{day:02}\n+++\nText {n}.\n"),
        )
        .unwrap();
    }
    let story =
        std::fs::read_to_string(root.join(format!("{NORTH}/case-studies/a-family-story.md")))
            .unwrap();
    for n in 1..=studies {
        std::fs::write(
            root.join(format!("{NORTH}/case-studies/story-{n:03}.md")),
            story.replacen("title = \"", &format!("title = \"Story {n}: "), 1),
        )
        .unwrap();
    }
    let site_toml = root.join("content/site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    // Top-level keys go before the first table.
    let (head, tables) = text.split_at(text.find("\n[").unwrap());
    std::fs::write(&site_toml, format!("{head}\n{site_toml_extra}\n{tables}")).unwrap();
    dir
}

fn build(root: &Path) -> (BTreeMap<String, String>, Vec<String>) {
    let (site, report) = generate(&options(root), &mut Timings::default());
    let site = site.unwrap_or_else(|| panic!("{}", report.render(false)));
    let files = (site.files.iter())
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect();
    (files, site.urls.iter().cloned().collect())
}

fn count(text: &str, what: &str) -> usize {
    text.matches(what).count()
}

#[test]
fn a_long_list_of_updates_is_cut_into_linked_pages() {
    let dir = site_with(43, 0, "paginate_by = 20");
    let (files, urls) = build(dir.path());
    // 43 new and the fixture's own updates in north: 3 pages of up to 20.
    let list = |n: usize| match n {
        1 => "clusters/north/updates/index.html".to_owned(),
        n => format!("clusters/north/updates/page/{n}/index.html"),
    };
    let first = &files[&list(1)];
    assert!(
        first.contains("<h1>Updates from the North cluster</h1>"),
        "{first}"
    );
    assert!(first.contains("Page 1 of 3"));
    assert!(
        first.contains(r#"<a href=/clusters/north/updates/page/2/ rel=next>Next page</a>"#),
        "{first}"
    );
    assert!(!first.contains("Previous page"));
    let items = first
        .split("link-list>")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert_eq!(count(items, "<li><a href=/clusters/north/updates/"), 20);
    let second = &files[&list(2)];
    assert!(second.contains("(page 2 of 3)"));
    assert!(
        second.contains(r#"<a href=/clusters/north/updates/ rel=prev>Previous page</a>"#),
        "{second}"
    );
    assert!(second.contains(r#"<a href=/clusters/north/updates/page/3/ rel=next>Next page</a>"#));
    let third = &files[&list(3)];
    assert!(!third.contains("Next page"));
    assert!(!files.contains_key(&list(4)));
    // The site-wide list has the south cluster's updates too, but pages the same way.
    assert!(files["updates/index.html"].contains("Page 1 of 3"));
    // Every update still has its own permanent page; later list pages are not permanent.
    assert!(urls.contains(&"/clusters/north/updates/news-043/".to_owned()));
    assert!(urls.contains(&"/clusters/north/updates/".to_owned()));
    assert!(!urls.iter().any(|u| u.contains("/page/")), "{urls:?}");
    // The sitemap lists every list page: search engines may find them all.
    assert!(files["sitemap.xml"].contains("/clusters/north/updates/page/3/"));
}

#[test]
fn the_cluster_page_shows_the_latest_few_and_links_to_the_rest() {
    let dir = site_with(30, 12, "");
    let (files, _) = build(dir.path());
    let cluster = &files["clusters/north/index.html"];
    let updates = cluster.split("id=updates").nth(1).unwrap();
    assert_eq!(
        count(updates, "<li><a href=/clusters/north/updates/"),
        5,
        "{updates}"
    );
    assert!(
        cluster.contains("See all 32 updates from this cluster"),
        "{cluster}"
    );
    assert!(cluster.contains("See all 13 case studies from this cluster"));
    let service = &files["clusters/north/services/family-support/index.html"];
    assert_eq!(
        count(service, "<li><a href=/clusters/north/case-studies/"),
        5
    );
    assert!(service.contains("See all case studies from the North cluster"));
    let studies = &files["clusters/north/case-studies/index.html"];
    assert_eq!(
        count(studies, "<li><a href=/clusters/north/case-studies/"),
        13
    );
    assert!(
        !studies.contains("Page 1 of"),
        "one page needs no pagination"
    );
}

#[test]
fn feeds_carry_only_the_latest_entries() {
    let dir = site_with(30, 0, "feed_limit = 7");
    let (files, _) = build(dir.path());
    assert_eq!(count(&files["clusters/north/atom.xml"], "<entry>"), 7);
    assert_eq!(count(&files["updates/atom.xml"], "<entry>"), 7);
    // The newest first: the fixture's own spring report is from 2024.
    let feed = &files["clusters/north/atom.xml"];
    assert!(feed.find("Spring report").unwrap() < feed.find("News").unwrap());
}

#[test]
fn the_menu_comes_from_site_toml_not_from_every_page() {
    let dir = site_with(
        0,
        0,
        "[menu]\nheader = [{ url = \"/accessibility/\" }]\nfooter = [{ url = \"/find/\", title = \"Find help\" }]\n",
    );
    let root = dir.path();
    for n in 0..30 {
        std::fs::write(
            root.join(format!("content/pages/extra-{n}.md")),
            format!("+++\ntitle = \"Extra {n}\"\ndescription = \"x\"\n+++\nText.\n"),
        )
        .unwrap();
    }
    let (files, _) = build(root);
    let home = &files["index.html"];
    assert!(
        !home.contains("Extra 0"),
        "no page is listed just for existing"
    );
    let header = home.split("</header>").next().unwrap();
    assert!(
        header.contains("<a href=/accessibility/>Accessibility"),
        "{header}"
    );
    let footer = home.split("<footer").nth(1).unwrap();
    assert!(footer.contains("<a href=/find/>Find help</a>"), "{footer}");
}

#[test]
fn without_a_menu_the_footer_lists_only_the_first_content_pages() {
    let dir = site_with(0, 0, "");
    let root = dir.path();
    for n in 0..30 {
        std::fs::write(
            root.join(format!("content/pages/extra-{n:02}.md")),
            format!("+++\ntitle = \"Extra {n}\"\ndescription = \"x\"\n+++\nText.\n"),
        )
        .unwrap();
    }
    let (files, _) = build(root);
    let footer = files["index.html"]
        .split("<footer")
        .nth(1)
        .unwrap()
        .to_owned();
    let links = footer
        .split("footer-links>")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    // Eight content pages, then "Open data" and the updates feed.
    assert_eq!(count(links, "<li>"), 8 + 2, "{links}");
}
