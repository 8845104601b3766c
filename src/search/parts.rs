//! Which part of the search index each page goes in.
//!
//! One Pagefind index over the whole site holds every page's words in memory
//! at once and must be made again whole after any edit. So the index is made
//! in parts: per language, the city-wide pages in parts of their own (the
//! first of them is the one `/search/` loads first), and the clusters, taken
//! in address order, packed into parts of at most [`PAGES_PER_PART`] pages.
//! A cluster's pages always share a part, so an edit in one cluster makes
//! one part again; a cluster bigger than the bound is a part on its own.

/// The most pages packed into one part (a bigger cluster is a part alone).
/// Memory while indexing grows with the biggest part, and each part costs a
/// search about two requests more; 2,000 keeps the national preset under
/// 1 GiB with a handful of parts at region scale (README, "Search").
pub const PAGES_PER_PART: usize = 2_000;

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

/// Packs `homes`, sorted, into parts of at most `bound` pages: per language,
/// city-wide pages (one by one) and then whole clusters.
pub fn pack(homes: &[Home], bound: usize) -> Vec<Part> {
    debug_assert!(homes.windows(2).all(|w| w[0] <= w[1]), "sorted homes");
    let mut parts: Vec<Part> = Vec::new();
    let mut start = 0;
    while start < homes.len() {
        // A unit: one city-wide page, or all of one cluster's pages.
        let home = &homes[start];
        let end = match home.cluster {
            None => start + 1,
            Some(_) => start + homes[start..].iter().take_while(|h| *h == home).count(),
        };
        let joins = parts.last().is_some_and(|last| {
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
        start = end;
    }
    parts
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

/// Pagefind's language is the ISO 639-1 part: "en-GB" is "en".
pub fn language_code(language: &str) -> String {
    let code = language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) {
        code
    } else {
        "en".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn homes(paths: &[&str]) -> Vec<Home> {
        let translated = ["pl".to_owned()];
        let mut homes: Vec<Home> = paths
            .iter()
            .map(|p| Home::of(p, "en-GB", &translated))
            .collect();
        homes.sort();
        homes
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
        let homes = homes(&[
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
        ]);
        let parts = pack(&homes, 3);
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

    #[test]
    fn a_cluster_bigger_than_the_bound_is_a_part_alone() {
        let mut paths = vec!["clusters/a/index.html".to_owned()];
        paths.extend((0..5).map(|n| format!("clusters/b/updates/{n}/index.html")));
        paths.push("clusters/c/index.html".to_owned());
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let parts = pack(&homes(&refs), 2);
        let sizes: Vec<usize> = parts.iter().map(|p| p.pages.len()).collect();
        assert_eq!(sizes, vec![1, 5, 1]);
    }

    #[test]
    fn city_pages_over_the_bound_fill_several_parts() {
        let paths: Vec<String> = (0..5).map(|n| format!("p{n}/index.html")).collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let sizes: Vec<usize> = pack(&homes(&refs), 2)
            .iter()
            .map(|p| p.pages.len())
            .collect();
        assert_eq!(sizes, vec![2, 2, 1]);
    }

    #[test]
    fn the_listing_names_each_languages_parts_main_first() {
        let homes = homes(&["index.html", "clusters/a/index.html", "pl/index.html"]);
        assert_eq!(
            listing(&pack(&homes, 10)),
            r#"{"en":["/pagefind/en/0/","/pagefind/en/1/"],"pl":["/pagefind/pl/0/"]}"#
        );
    }

    #[test]
    fn languages_become_two_letter_codes() {
        assert_eq!(language_code("en-GB"), "en");
        assert_eq!(language_code("CY"), "cy");
        assert_eq!(language_code("../x"), "en");
    }
}
