//! The real Leeds content and the valid fixtures build, completely and reproducibly.

mod support;

use support::*;

/// Every URL of DESIGN.md's table that the core generator owns.
fn owned_urls(root: &std::path::Path) -> Vec<String> {
    let mut urls: Vec<String> = [
        "index.html",
        "clusters/index.html",
        "updates/index.html",
        "accessibility/index.html",
        "privacy/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "updates/atom.xml",
        "css/site.css",
    ]
    .map(String::from)
    .to_vec();
    let (site, report) = clustersite::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{}", report.render(false)));
    for c in &site.clusters {
        urls.push(format!("clusters/{}/index.html", c.slug));
        urls.push(format!("clusters/{}/atom.xml", c.slug));
        for s in &c.data.services {
            urls.push(format!(
                "clusters/{}/services/{}/index.html",
                c.slug,
                s.slug.get_ref()
            ));
        }
        for cs in &c.case_studies {
            urls.push(format!(
                "clusters/{}/case-studies/{}/index.html",
                c.slug, cs.slug
            ));
        }
        for u in &c.updates {
            urls.push(format!("clusters/{}/updates/{}/index.html", c.slug, u.slug));
        }
    }
    urls
}

#[test]
fn the_real_site_has_every_page_of_the_url_scheme() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build(&repo_root(), &output).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let files = snapshot(&output);
    for url in owned_urls(&repo_root()) {
        assert!(files.contains_key(&url), "missing {url}");
    }
    // Inner East specifics the content promises.
    let cluster = String::from_utf8(files["clusters/inner-east/index.html"].clone()).unwrap();
    for text in [
        "Inner East cluster",
        "Ebor Gardens",
        "Mount St Mary",
        "Osmondthorpe",
        "£496,038",
        "This is from <time datetime=2015-09-30>September 2015</time>. It may have changed.",
    ] {
        assert!(cluster.contains(text), "cluster page lacks {text}");
    }
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains("<loc>https://clusters.leeds.example/clusters/inner-east/</loc>"));
    assert!(!sitemap.contains("404.html"));
}

#[test]
fn the_progress_report_is_a_real_table_with_directions_in_words() {
    let out = tempfile::tempdir().unwrap();
    build(&repo_root(), out.path()).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let html = std::fs::read_to_string(
        out.path()
            .join("clusters/inner-east/updates/progress-report-september-2015/index.html"),
    )
    .unwrap();
    assert!(html.contains("<table>"), "no table");
    assert!(html.contains("<th>"), "no header cells");
    assert!(
        html.to_lowercase().contains("down 7"),
        "direction not in words"
    );
    assert!(!html.contains('↓') && !html.contains('û') && !html.contains('♣'));
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    for root in [repo_root(), fixture("full")] {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        build(&root, a.path()).unwrap();
        build(&root, b.path()).unwrap();
        assert_eq!(snapshot(a.path()), snapshot(b.path()), "{}", root.display());
    }
}

#[test]
fn the_full_fixture_renders_every_kind_of_record() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("full"), out.path()).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    let cluster = read("clusters/north/index.html");
    for text in [
        "Commissioned services",
        "Leeds City Council services",
        "(shared with another cluster)",
        "£100,000",
        "0113 000 0001",
        "North helps families early",
        "Help with getting to school",
        "Spring report",
    ] {
        assert!(cluster.contains(text), "cluster page lacks {text}");
    }
    // Updates are newest first, and a front-matter slug overrides the file name.
    let updates = read("updates/index.html");
    assert!(updates.find("Spring report").unwrap() < updates.find("Winter report").unwrap());
    assert!(out
        .path()
        .join("clusters/north/updates/winter-2023/index.html")
        .exists());
    // Footnotes, heading ids and the contents list on a page.
    let page = read("accessibility/index.html");
    assert!(page.contains("id=using-this-website") || page.contains("id=\"using-this-website\""));
    // The footnote mark links to a footnote that is on the page and says its text.
    let doc = scraper::Html::parse_document(&page);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let mark = doc
        .select(&select("sup.footnote-reference a"))
        .next()
        .expect("a footnote mark");
    let target = mark.value().attr("href").unwrap().trim_start_matches('#');
    let note = doc
        .select(&select(&format!("[id=\"{target}\"]")))
        .next()
        .unwrap_or_else(|| panic!("the footnote #{target} is not on the page"));
    assert!(note.value().classes().any(|c| c == "footnote-definition"));
    assert!(
        note.text().collect::<String>().trim().len() > 10,
        "the footnote has text"
    );
    let feed = read("clusters/north/atom.xml");
    assert!(feed.contains("<updated>2024-04-30T00:00:00Z</updated>"));
    assert!(feed.contains("https://full.example/clusters/north/updates/spring-report/"));
}

#[test]
fn every_page_has_one_h1_a_skip_link_and_no_outside_resources() {
    let out = tempfile::tempdir().unwrap();
    build(&repo_root(), out.path()).unwrap();
    for (path, bytes) in snapshot(out.path()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        // The skip link is the first link in the page and leads to the main content.
        let doc = scraper::Html::parse_document(&html);
        let select = |css: &str| scraper::Selector::parse(css).unwrap();
        let first_link = doc.select(&select("body a[href]")).next();
        assert_eq!(
            first_link.and_then(|a| a.value().attr("href")),
            Some("#main-content"),
            "{path}: the first link is the skip link"
        );
        assert_eq!(
            doc.select(&select("main#main-content")).count(),
            1,
            "{path}: the skip link's target is the main element"
        );
        assert!(html.contains("lang=en-GB"), "{path}: lang");
        for outside in [
            "src=http",
            "src=\"http",
            "href=http://",
            "href=\"http://",
            "stylesheet href=https",
        ] {
            assert!(
                !html.contains(outside),
                "{path}: loads from another site ({outside})"
            );
        }
    }
}

#[test]
fn redirects_keep_old_addresses_working_without_javascript() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("full"), out.path()).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let page = std::fs::read_to_string(
        out.path()
            .join("clusters/north/services/family-help/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("http-equiv=refresh") || page.contains("http-equiv=\"refresh\""),
        "{page}"
    );
    assert!(page.contains("url=/clusters/north/services/family-support/"));
    assert!(
        page.contains(
            "<link href=https://full.example/clusters/north/services/family-support/ rel=canonical>"
        ),
        "{page}"
    );
    assert!(
        page.contains("href=/clusters/north/services/family-support/>"),
        "a visible link: {page}"
    );
    assert!(!page.contains("<script"));
    let netlify = std::fs::read_to_string(out.path().join("_redirects")).unwrap();
    assert_eq!(
        netlify,
        "/clusters/north/services/family-help/ /clusters/north/services/family-support/ 301\n"
    );
}

#[test]
fn the_url_manifest_grows_on_build_and_shrinks_only_when_accepted() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), site.path());
    let manifest = site.path().join("content/published-urls.txt");
    let mut options = options(site.path());
    options.record_urls = true;
    let output = site.path().join("public");
    clustersite::build(&options, &output, &mut Default::default())
        .ok()
        .unwrap();
    let recorded = std::fs::read_to_string(&manifest).unwrap();
    assert!(recorded.contains("\n/clusters/north/services/family-support/\n"));
    assert!(recorded.contains("\n/clusters/north/referral-form.pdf\n"));

    // Removing the service would break a published URL: the build fails, nothing changes.
    let cluster = site.path().join("content/clusters/north/cluster.toml");
    let text = std::fs::read_to_string(&cluster).unwrap();
    std::fs::write(
        &cluster,
        text.replace("slug = \"family-support\"", "slug = \"family-help\""),
    )
    .unwrap();
    let before = snapshot(&output);
    let Err(clustersite::BuildError::Content(report)) =
        clustersite::build(&options, &output, &mut Default::default())
    else {
        panic!("removing a published URL must fail");
    };
    assert_eq!(report.items[0].rule, "url-removed");
    assert!(
        report.items[0]
            .short()
            .starts_with("content/published-urls.txt:"),
        "{}",
        report.items[0].short()
    );
    assert_eq!(snapshot(&output), before);
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), recorded);

    // Accepting the change on purpose drops the old URL from the manifest.
    options.accept_url_changes = true;
    clustersite::build(&options, &output, &mut Default::default())
        .ok()
        .unwrap();
    let accepted = std::fs::read_to_string(&manifest).unwrap();
    assert!(!accepted.contains("/family-support/") && accepted.contains("/family-help/"));
}

/// The words a family reads: no talk of sources or damaged text, one phone
/// format, no promise or claim the seeds do not make, and glossary terms
/// explained where a page first uses them.
#[test]
fn the_real_site_talks_to_families_not_about_its_sources() {
    let out = tempfile::tempdir().unwrap();
    build(&repo_root(), out.path()).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let files = snapshot(out.path());
    // ("well-resourced" in a quotation is fine: whole words only.)
    let forbidden = [
        "the source",
        "sources",
        "source's",
        "legib",
        "cut off",
        "cut-off",
        "could not be read",
        "0113 3952613",
        "interpreter",
        "every school in leeds",
        "anonymised by",
        "consent record",
        "published 30 september",
        "leeds average is",
    ];
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        // What a reader sees: tags (and so `tel:` addresses) left out.
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text.to_lowercase();
        for word in forbidden {
            assert!(!text.contains(word), "{path} says `{word}`");
        }
    }
    let page = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let cluster = page("clusters/inner-east/index.html");
    assert!(
        cluster.contains("Joint Collaborative Committee (<abbr title=\"Joint Collaborative Committee, the committee that runs the cluster\">JCC</abbr>)"),
        "the JCC is explained where it is first used"
    );
    assert!(cluster.contains("We list 12 of them."), "{cluster}");
    let report = page("clusters/inner-east/updates/progress-report-september-2015/index.html");
    assert!(report.contains("From <time datetime=2015-09-30>September 2015</time>"));
}
