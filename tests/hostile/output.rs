//! What readers of the output see while and after a build: a web server
//! reading `public/` during a rebuild always finds a whole site, old or new;
//! the staleness note follows the documented default of 12 months.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::harness::Case;

#[test]
fn a_reader_during_a_rebuild_always_finds_a_whole_site() {
    let case = Case::real().built();
    let public = case.root().join("public");
    let done = Arc::new(AtomicBool::new(false));
    let (reads, misses) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (done, reads, misses) = (done.clone(), reads.clone(), misses.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                // Two files far apart in the tree: both from one whole site.
                for file in ["index.html", "clusters/inner-east/referral-form.pdf"] {
                    match std::fs::read(public.join(file)) {
                        Ok(bytes) if !bytes.is_empty() => reads.fetch_add(1, Ordering::Relaxed),
                        _ => misses.fetch_add(1, Ordering::Relaxed),
                    };
                }
            }
        })
    };
    for _ in 0..5 {
        case.build().expect(0, &[]);
    }
    done.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    let (reads, misses) = (
        reads.load(Ordering::Relaxed),
        misses.load(Ordering::Relaxed),
    );
    assert!(reads > 100, "the reader hardly ran ({reads} reads)");
    assert_eq!(
        misses,
        0,
        "{misses} of {} reads found no site",
        reads + misses
    );
}

/// The minimal fixture does not set `review_after_months`, so the default
/// applies. "Today" is 2026-11-18 (the harness's SOURCE_DATE_EPOCH).
fn home_page_with_contact_checked_on(date: &str) -> String {
    let case = Case::minimal().replace(
        "content/site.toml",
        "last_reviewed = 2026-10-31",
        &format!("last_reviewed = {date}"),
    );
    case.build();
    std::fs::read_to_string(case.root().join("public/index.html")).unwrap()
}

#[test]
fn information_is_marked_out_of_date_after_twelve_months_by_default() {
    let note = "It may have changed.";
    let fresh = home_page_with_contact_checked_on("2025-11-30");
    assert!(
        fresh.contains("Last checked") && !fresh.contains(note),
        "11 months: {fresh}"
    );
    let stale = home_page_with_contact_checked_on("2025-11-17");
    assert!(stale.contains(note), "12 months: {stale}");
}

/// Every entry under a built output: files by bytes, folders, and links
/// (there should be none left).
fn output_entries(dir: &std::path::Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            let what = if e.path_is_symlink() {
                format!(
                    "a link to {}",
                    std::fs::read_link(e.path()).unwrap().display()
                )
            } else if e.file_type().is_dir() {
                "a folder".to_owned()
            } else {
                format!("{} bytes", std::fs::read(e.path()).unwrap().len())
            };
            (name, what)
        })
        .collect()
}

#[test]
fn links_planted_in_the_output_are_replaced_never_followed() {
    // Someone who can write in public/ turns a page into a link to a file
    // outside, a cluster's folder into a link to a folder outside, the
    // stylesheet into a link to the content, the 404 page into a link to a
    // copy of itself, and adds a link to content/.
    // The harness proves nothing outside public/ changes (so no write went
    // through a link); afterwards public/ is exactly a first build.
    let case = Case::real().built();
    let public = case.root().join("public");
    std::fs::remove_file(public.join("index.html")).unwrap();
    std::fs::remove_dir_all(public.join("clusters/inner-east")).unwrap();
    std::fs::remove_file(public.join("css/site.css")).unwrap();
    // A link to a file with the very bytes of the page: still not the page.
    std::fs::rename(
        public.join("404.html"),
        case.sandbox().join("outside/404.html"),
    )
    .unwrap();
    std::fs::create_dir_all(case.sandbox().join("outside/cluster/updates")).unwrap();
    std::fs::write(
        case.sandbox().join("outside/cluster/index.html"),
        "not the site's",
    )
    .unwrap();
    let case = case
        .symlink("site/public/index.html", "../../outside/index.html")
        .symlink(
            "site/public/clusters/inner-east",
            "../../../outside/cluster",
        )
        .symlink("site/public/css/site.css", "../../content/site.toml")
        .symlink("site/public/content", "../content")
        .symlink("site/public/404.html", "../../outside/404.html");
    case.build().expect(0, &[]);
    case.run(&["build", "--output", "first"]).expect(0, &[]);
    let (rebuilt, first) = (
        output_entries(&public),
        output_entries(&case.root().join("first")),
    );
    assert!(
        rebuilt.iter().all(|(_, what)| !what.starts_with("a link")),
        "links left: {rebuilt:?}"
    );
    assert_eq!(rebuilt, first);
}

#[test]
fn a_rebuild_that_fails_at_any_stage_leaves_the_output_as_it_was() {
    // The harness proves, for every failed run, that public/ is byte for
    // byte what it was and that nothing was left beside it.
    let case = Case::real().built();
    // While rendering: a broken link.
    let broken = case.append(
        "content/pages/accessibility.md",
        "\nSee [nowhere](/no-such-page/).\n",
    );
    broken
        .build()
        .expect_at(1, &["content/pages/accessibility.md:"]);
    // After every page was rendered and written beside the output: a
    // published URL that would disappear.
    let case = broken
        .replace(
            "content/pages/accessibility.md",
            "\nSee [nowhere](/no-such-page/).\n",
            "\n",
        )
        // The footer menu follows the page to its new address.
        .replace(
            "content/site.toml",
            "{ url = \"/accessibility/\" }",
            "{ url = \"/accessibility-help/\" }",
        );
    std::fs::remove_file(case.root().join("content/pages/accessibility.md")).unwrap();
    std::fs::write(
        case.root().join("content/pages/accessibility-help.md"),
        "+++\ntitle = \"Accessibility\"\ndescription = \"How we make the site easy to use.\"\n+++\nTell us.\n",
    )
    .unwrap();
    case.build().expect_at(1, &["content/published-urls.txt:"]);
}
