//! Which part of the search index each page goes in.
//!
//! One Pagefind index over the whole site holds every page's words in memory
//! at once and must be made again whole after any edit. So the index is made
//! in parts: per language, the city-wide pages in parts of their own (the
//! first of them is the one `/search/` loads first), and the clusters, taken
//! in address order, packed into parts of at most [`bound_for`] pages.
//! A cluster's pages share a part, so an edit in one cluster makes one part
//! again. A cluster bigger than the bound is cut into pieces (see [`units`])
//! at pages chosen by their address, so that an edit there too makes one
//! part of at most the bound again, and adding a page moves no other.

/// The sizes a part may be packed to, smallest first. An edit makes its
/// part again, so a small part makes an edit cheap (a Leeds-sized edit
/// indexed 560 pages in 0.34 s, 200 in 0.1 s); but each part costs a search
/// about three requests more. The largest bounds memory: two parts are
/// indexed at once (`PARTS_AT_ONCE`), and 1,000 keeps the national preset
/// under 1 GiB (README, "Search").
const PART_SIZES: [usize; 3] = [250, 500, 1_000];

/// A site packs into about this many parts at most, until parts reach the
/// largest size.
const PARTS_WANTED: usize = 8;

/// The most pages packed into one part of a site indexing `pages` pages:
/// the smallest of [`PART_SIZES`] that packs them into [`PARTS_WANTED`]
/// parts. A step, not a division, so adding a page almost never changes it
/// (which would pack every part again).
pub fn bound_for(pages: usize) -> usize {
    let largest = PART_SIZES[PART_SIZES.len() - 1];
    (PART_SIZES.into_iter())
        .find(|size| pages <= size * PARTS_WANTED)
        .unwrap_or(largest)
}

/// Where a page belongs: its language (Pagefind's two-letter code) and its
/// cluster, `None` for a city-wide page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Home {
    pub language: String,
    pub cluster: Option<String>,
}

impl Home {
    /// The home of the page at `path` (`pl/clusters/x/index.html`): a first
    /// folder named after one of `translated`'s codes is its language, else
    /// it is in `default`; `clusters/<slug>/` is its cluster.
    pub fn of(path: &str, default: &str, translated: &[String]) -> Home {
        let (language, rest) = match path.split_once('/') {
            Some((first, rest)) if translated.iter().any(|c| c == first) => (first, rest),
            _ => (default, path),
        };
        let cluster = rest
            .strip_prefix("clusters/")
            .and_then(|r| r.split_once('/'))
            .map(|(slug, _)| slug.to_owned());
        Home {
            language: language_code(language),
            cluster,
        }
    }
}

/// One part: its language, its folder in the output, and the range of the
/// (sorted) pages it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub language: String,
    /// `pagefind/en/0`: the first part of a language is its main one.
    pub folder: String,
    pub pages: std::ops::Range<usize>,
}

impl Part {
    /// The part `/search/` loads first; it alone carries Pagefind's script
    /// and WebAssembly, which search every part.
    pub fn is_main(&self) -> bool {
        self.folder.ends_with("/0")
    }
}

/// Packs the pages at `paths` with their `homes`, sorted, into parts of at
/// most `bound` pages: per language, city-wide pages (one by one) and then
/// whole clusters, or the pieces of a cluster bigger than `bound`.
pub fn pack(homes: &[Home], paths: &[&str], bound: usize) -> Vec<Part> {
    debug_assert!(homes.windows(2).all(|w| w[0] <= w[1]), "sorted homes");
    let mut parts: Vec<Part> = Vec::new();
    // A piece of a big cluster is a part alone: were pieces packed together,
    // one piece growing by a page would move every later piece along.
    let mut last_is_piece = false;
    for (std::ops::Range { start, end }, piece) in units(homes, paths, bound) {
        let home = &homes[start];
        let joins = !piece
            && !last_is_piece
            && parts.last().is_some_and(|last| {
                let first = &homes[last.pages.start];
                first.language == home.language
                    && first.cluster.is_none() == home.cluster.is_none()
                    && end - last.pages.start <= bound
            });
        match parts.last_mut() {
            Some(last) if joins => last.pages.end = end,
            _ => {
                let number = parts.iter().filter(|p| p.language == home.language).count();
                parts.push(Part {
                    language: home.language.clone(),
                    folder: format!("{}/{}/{number}", super::FOLDER, home.language),
                    pages: start..end,
                });
            }
        }
        last_is_piece = piece;
    }
    parts
}

/// What is packed whole: one city-wide page, all of one cluster's pages, or
/// a piece of a cluster bigger than `bound` (`true`). A piece starts at a
/// page whose address hashes to a multiple of half the bound, or where the
/// piece would outgrow the bound. Cuts chosen by address, not by position,
/// stay where they are when a page is added or removed elsewhere in the
/// cluster, so such a change alters one piece and the others keep their
/// pages and their index.
fn units(homes: &[Home], paths: &[&str], bound: usize) -> Vec<(std::ops::Range<usize>, bool)> {
    let bound = bound.max(1);
    let cut_every = (bound as u64 / 2).max(1);
    let mut units = Vec::new();
    let mut start = 0;
    while start < homes.len() {
        let home = &homes[start];
        let end = match home.cluster {
            None => start + 1,
            Some(_) => start + homes[start..].iter().take_while(|h| *h == home).count(),
        };
        if end - start <= bound {
            units.push((start..end, false));
        } else {
            let mut piece = start;
            for (page, path) in paths.iter().enumerate().take(end).skip(start + 1) {
                let cut_here =
                    xxhash_rust::xxh3::xxh3_64(path.as_bytes()).is_multiple_of(cut_every);
                if cut_here || page - piece == bound {
                    units.push((piece..page, true));
                    piece = page;
                }
            }
            units.push((piece..end, true));
        }
        start = end;
    }
    units
}

/// `pagefind/parts.json`: each language's parts, main first, as the
/// addresses `/search/` hands to Pagefind.
pub fn listing(parts: &[Part]) -> String {
    let mut by_language: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for part in parts {
        by_language
            .entry(&part.language)
            .or_default()
            .push(format!("/{}/", part.folder));
    }
    serde_json::to_string(&by_language).expect("strings serialise")
}

/// Pagefind's language is the ISO 639 part: "en-GB" is "en", and a
/// language with no two-letter code keeps its three ("ckb", Central
/// Kurdish), as `[[languages]]` allows: its pages are never put in the
/// English index.
pub fn language_code(language: &str) -> String {
    let code = language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        code
    } else {
        "en".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_small_until_a_site_needs_more_than_eight() {
        assert_eq!(bound_for(52), 250);
        assert_eq!(bound_for(587), 250);
        assert_eq!(bound_for(2_000), 250);
        assert_eq!(bound_for(2_001), 500);
        assert_eq!(bound_for(4_000), 500);
        assert_eq!(bound_for(4_519), 1_000);
        assert_eq!(bound_for(76_272), 1_000);
    }

    /// The pages at `paths` sorted as the index sorts them, and their parts.
    fn sort_and_pack<'a>(paths: &[&'a str], bound: usize) -> (Vec<Home>, Vec<&'a str>, Vec<Part>) {
        let translated = ["pl".to_owned()];
        let mut pages: Vec<(Home, &str)> = paths
            .iter()
            .map(|p| (Home::of(p, "en-GB", &translated), *p))
            .collect();
        pages.sort();
        let (homes, sorted): (Vec<Home>, Vec<&str>) = pages.into_iter().unzip();
        let parts = pack(&homes, &sorted, bound);
        (homes, sorted, parts)
    }

    fn pack_paths(paths: &[&str], bound: usize) -> (Vec<Home>, Vec<Part>) {
        let (homes, _, parts) = sort_and_pack(paths, bound);
        (homes, parts)
    }

    fn sizes(paths: &[String], bound: usize) -> Vec<usize> {
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let (_, parts) = pack_paths(&refs, bound);
        parts.iter().map(|p| p.pages.len()).collect()
    }

    /// Each part's pages, by address.
    fn members(paths: &[String], bound: usize) -> Vec<Vec<String>> {
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let (_, sorted, parts) = sort_and_pack(&refs, bound);
        let at =
            |range: std::ops::Range<usize>| sorted[range].iter().map(|p| p.to_string()).collect();
        parts.iter().map(|p| at(p.pages.clone())).collect()
    }

    #[test]
    fn a_page_belongs_to_its_language_and_cluster() {
        let translated = ["pl".to_owned(), "ur".to_owned()];
        let home = |p| Home::of(p, "en-GB", &translated);
        assert_eq!(
            home("clusters/inner-east/services/x/index.html"),
            Home {
                language: "en".into(),
                cluster: Some("inner-east".into())
            }
        );
        assert_eq!(
            home("pl/clusters/inner-east/referral/index.html"),
            Home {
                language: "pl".into(),
                cluster: Some("inner-east".into())
            }
        );
        assert_eq!(home("ur/index.html").cluster, None);
        assert_eq!(home("ur/index.html").language, "ur");
        // A folder merely named like a language that the site lacks.
        assert_eq!(home("cy/index.html").language, "en");
        assert_eq!(home("clusters/index.html").cluster, None);
        assert_eq!(home("index.html").cluster, None);
    }

    #[test]
    fn clusters_are_packed_whole_and_apart_from_city_pages_and_languages() {
        let (homes, parts) = pack_paths(
            &[
                "index.html",
                "about/index.html",
                "clusters/a/index.html",
                "clusters/a/services/s/index.html",
                "clusters/b/index.html",
                "clusters/c/index.html",
                "clusters/c/updates/u/index.html",
                "clusters/c/updates/v/index.html",
                "pl/index.html",
                "pl/clusters/a/referral/index.html",
            ],
            3,
        );
        let folders: Vec<(&str, usize)> = parts
            .iter()
            .map(|p| (p.folder.as_str(), p.pages.len()))
            .collect();
        assert_eq!(
            folders,
            vec![
                ("pagefind/en/0", 2),
                ("pagefind/en/1", 3), // a and b
                ("pagefind/en/2", 3), // c alone: a and c would be 5
                ("pagefind/pl/0", 1),
                ("pagefind/pl/1", 1),
            ]
        );
        for part in &parts {
            let clusters: std::collections::BTreeSet<_> = homes[part.pages.clone()]
                .iter()
                .map(|h| &h.cluster)
                .collect();
            assert!(
                clusters.iter().all(|c| c.is_some()) || clusters.len() == 1,
                "city pages alone"
            );
        }
        assert!(parts[0].is_main() && !parts[1].is_main() && parts[3].is_main());
        // Every page in exactly one part, in order.
        let covered: Vec<usize> = parts.iter().flat_map(|p| p.pages.clone()).collect();
        assert_eq!(covered, (0..homes.len()).collect::<Vec<_>>());
    }

    /// The archive's shape: one cluster of thousands of updates.
    fn big_cluster(updates: impl Iterator<Item = usize>) -> Vec<String> {
        let mut paths = vec!["index.html".to_owned(), "clusters/a/index.html".to_owned()];
        paths.extend(updates.map(|n| format!("clusters/b/updates/u{n:05}/index.html")));
        paths.push("clusters/c/index.html".to_owned());
        paths
    }

    #[test]
    fn a_cluster_bigger_than_the_bound_is_cut_into_parts_within_it() {
        let paths = big_cluster(0..2_500);
        let parts = members(&paths, 200);
        assert!(
            parts.iter().all(|p| p.len() <= 200),
            "{:?}",
            sizes(&paths, 200)
        );
        // Each piece of b is a part alone, apart from a and c.
        let holding_b: Vec<&Vec<String>> = (parts.iter())
            .filter(|p| p.iter().any(|x| x.contains("/b/")))
            .collect();
        assert!(holding_b.len() >= 2_500 / 200);
        assert!(holding_b
            .iter()
            .all(|p| p.iter().all(|x| x.contains("/b/"))));
    }

    #[test]
    fn a_page_added_to_or_removed_from_a_big_cluster_changes_one_part() {
        let updates = || (0..3_000).filter(|n| n % 7 != 3);
        let before = members(&big_cluster(updates()), 200);
        assert!(before.len() > 10);
        // Added early on, where a cut by position would move every later
        // page to another part; then one removed instead.
        let mut added = big_cluster(updates());
        added.push("clusters/b/updates/u00403/index.html".to_owned());
        let mut removed = big_cluster(updates());
        removed.retain(|p| p != "clusters/b/updates/u00400/index.html");
        for changed_site in [added, removed] {
            let after = members(&changed_site, 200);
            let changed = after.iter().filter(|p| !before.contains(p)).count();
            // One, or two where the page added is where a piece starts.
            assert!(changed <= 2, "{changed} of {} parts changed", after.len());
        }
    }

    #[test]
    fn city_pages_over_the_bound_fill_several_parts() {
        let paths: Vec<String> = (0..5).map(|n| format!("p{n}/index.html")).collect();
        assert_eq!(sizes(&paths, 2), vec![2, 2, 1]);
    }

    #[test]
    fn the_listing_names_each_languages_parts_main_first() {
        let (_, parts) = pack_paths(
            &["index.html", "clusters/a/index.html", "pl/index.html"],
            10,
        );
        assert_eq!(
            listing(&parts),
            r#"{"en":["/pagefind/en/0/","/pagefind/en/1/"],"pl":["/pagefind/pl/0/"]}"#
        );
    }

    #[test]
    fn languages_become_their_iso_639_codes() {
        assert_eq!(language_code("en-GB"), "en");
        assert_eq!(language_code("CY"), "cy");
        assert_eq!(language_code("../x"), "en");
        assert_eq!(language_code("ckb"), "ckb");
        assert_eq!(language_code("toolong"), "en");
    }
}
