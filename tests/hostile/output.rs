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
