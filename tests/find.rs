//! Find your cluster, JSON-LD and the open data, checked on the built sites.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};
use support::*;

fn built(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(root, out.path()).unwrap_or_else(|r| panic!("{}", r.render(false)));
    out
}

fn page(out: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(path)).unwrap())
}

fn select(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_find_page_lists_every_school_and_centre_with_a_working_link() {
    let out = built(&repo_root());
    let (site, _) = clustersite::content::load(&repo_root());
    let site = site.unwrap();
    let find = page(out.path(), "find/index.html");
    let listed: BTreeSet<String> = find
        .select(&select("li[data-name]"))
        .map(|li| li.value().attr("data-name").unwrap().to_owned())
        .collect();
    for cluster in &site.clusters {
        for school in &cluster.data.schools {
            assert!(
                listed.contains(school.name.get_ref()),
                "{} not listed",
                school.name.get_ref()
            );
        }
        for centre in &cluster.data.childrens_centres {
            assert!(
                listed.contains(centre.name.get_ref()),
                "{} not listed",
                centre.name.get_ref()
            );
        }
    }
    // Every cluster link on the page resolves to a built page; every letter link to a group.
    for link in find.select(&select("#find-list a, .letters a")) {
        let href = link.value().attr("href").unwrap();
        if let Some(fragment) = href.strip_prefix('#') {
            assert_eq!(
                find.select(&select(&format!("[id=\"{fragment}\"]")))
                    .count(),
                1,
                "{href}"
            );
        } else {
            assert!(
                out.path()
                    .join(href.trim_start_matches('/'))
                    .join("index.html")
                    .exists(),
                "{href}"
            );
        }
    }
    // Two steps for a family who knows "Shakespeare": the find page entry links to Inner East.
    let entry = find
        .select(&select("li#centre-shakespeare a"))
        .next()
        .expect("Shakespeare centre entry");
    assert_eq!(entry.value().attr("href"), Some("/clusters/inner-east/"));
}

#[test]
fn the_cluster_page_links_each_school_to_its_find_anchor() {
    let out = built(&repo_root());
    let cluster = page(out.path(), "clusters/inner-east/index.html");
    let find = page(out.path(), "find/index.html");
    let links: Vec<_> = cluster.select(&select("a[href^=\"/find/#\"]")).collect();
    assert!(links.len() >= 19, "{} find links", links.len());
    for link in links {
        let id = link
            .value()
            .attr("href")
            .unwrap()
            .trim_start_matches("/find/#");
        assert_eq!(
            find.select(&select(&format!("[id=\"{id}\"]"))).count(),
            1,
            "no anchor {id}"
        );
    }
}

#[test]
fn a_school_in_two_clusters_names_both() {
    let out = built(&fixture("full"));
    let find = page(out.path(), "find/index.html");
    let entry = find
        .select(&select("li#school-st-marys"))
        .next()
        .expect("shared school entry");
    let text: String = entry.text().collect();
    assert!(text.contains("Shared by 2 clusters"), "{text}");
    assert_eq!(entry.select(&select("a")).count(), 2);
}

#[test]
fn json_ld_parses_and_names_the_right_things() {
    let out = built(&repo_root());
    let ld = |path: &str| -> serde_json::Value {
        let html = page(out.path(), path);
        let script = html
            .select(&select("script[type=\"application/ld+json\"]"))
            .next()
            .expect("a JSON-LD block");
        serde_json::from_str(&script.text().collect::<String>()).expect("JSON-LD parses")
    };
    let cluster = ld("clusters/inner-east/index.html");
    assert_eq!(cluster["@type"], "GovernmentOrganization");
    assert_eq!(cluster["name"], "Inner East cluster");
    let members = cluster["member"].as_array().unwrap();
    assert!(members
        .iter()
        .any(|m| m["@type"] == "HighSchool" && m["name"] == "Mount St Mary's High"));
    assert_eq!(cluster["contactPoint"][0]["@type"], "ContactPoint");
    let service = ld("clusters/inner-east/services/family-support/index.html");
    assert_eq!(service["@type"], "GovernmentService");
    assert_eq!(service["provider"]["name"], "Inner East cluster");
    assert_eq!(service["availableChannel"]["@type"], "ServiceChannel");
}

#[test]
fn open_data_validates_and_ids_are_stable_across_builds() {
    let found = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "jsonschema is missing: python3 -m pip install jsonschema (or run tests/run)"
    );
    for root in [repo_root(), fixture("full")] {
        let a = built(&root);
        let result = Command::new("python3")
            .arg(repo_root().join("tests/check_open_data.py"))
            .arg(a.path())
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stdout)
        );
        assert_tables_match_the_content(&root, a.path());
        let b = built(&root);
        for name in [
            "organizations",
            "services",
            "locations",
            "contacts",
            "phones",
        ] {
            let file = format!("open-data/{name}.json");
            assert_eq!(
                std::fs::read(a.path().join(&file)).unwrap(),
                std::fs::read(b.path().join(&file)).unwrap()
            );
        }
    }
    let csv = std::fs::read_to_string(
        built(&repo_root())
            .path()
            .join("open-data/schools-and-centres.csv"),
    )
    .unwrap();
    assert!(csv.starts_with("name,type,cluster,cluster_url,shared\r\n"));
    assert!(csv.contains("Shakespeare,Children's centre,Inner East,"));
}

/// A synthetic site of 80 clusters (about 1,600 schools and centres),
/// made by bench-gen.
fn generated_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let generated = Command::new(env!("CARGO_BIN_EXE_bench-gen"))
        .args(["--clusters", "80", "--seed", "7", "--out"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    site
}

#[test]
fn at_large_scale_the_find_list_is_split_into_letter_pages() {
    // 80 synthetic clusters hold about 1,600 schools and centres: far more than one page takes.
    let site = generated_site();
    let out = built(site.path());
    let index = page(out.path(), "find/index.html");
    assert_eq!(
        index.select(&select("li[data-name]")).count(),
        0,
        "the index holds no entries"
    );
    let letters: Vec<String> = index
        .select(&select(".letters a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert!(letters.len() > 5, "{letters:?}");
    // Every letter's pages, followed by their "Next page" links: each holds
    // at most a page's worth of names, and together they hold every name.
    let mut entries = Vec::new();
    let mut continued = 0;
    for href in &letters {
        assert!(
            href.starts_with("/find/") && href.ends_with('/') && href != "/find/",
            "{href}"
        );
        let mut next = Some(href.clone());
        while let Some(url) = next.take() {
            let letter_page = page(
                out.path(),
                &format!("{}index.html", url.trim_start_matches('/')),
            );
            let names: Vec<String> = letter_page
                .select(&select("li[data-name]"))
                .map(|li| li.value().attr("id").unwrap().to_owned())
                .collect();
            assert!(
                !names.is_empty() && names.len() <= clustersite::render::find::PAGE_NAMES,
                "{url}: {} names",
                names.len()
            );
            entries.extend(names);
            next = (letter_page.select(&select("a[rel=next]")).next())
                .map(|a| a.value().attr("href").unwrap().to_owned());
            continued += usize::from(next.is_some());
        }
    }
    let (loaded, _) = clustersite::content::load(site.path());
    let loaded = loaded.unwrap();
    let names: BTreeSet<String> = (loaded.clusters.iter())
        .flat_map(|c| {
            let schools = c
                .data
                .schools
                .iter()
                .map(|s| format!("school-{}", s.slug.as_deref().unwrap()));
            let centres = (c.data.childrens_centres.iter())
                .map(|k| format!("centre-{}", k.slug.as_deref().unwrap()));
            let areas = (c.data.neighbourhoods.iter())
                .map(|a| clustersite::render::find::anchor("area", a));
            schools.chain(centres).chain(areas).collect::<Vec<_>>()
        })
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        names.into_iter().collect::<Vec<_>>(),
        "every name is on exactly one page"
    );
    assert!(
        continued > 0,
        "a letter with more names than a page takes goes on"
    );
    // Cluster pages link to the letter page's anchor, and it exists.
    let first = &loaded.clusters[0];
    let cluster = page(out.path(), &format!("clusters/{}/index.html", first.slug));
    let find_links = select("main a[href^=\"/find/\"][href*=\"#\"]");
    assert!(cluster.select(&find_links).count() >= 15);
    for link in cluster.select(&find_links) {
        let href = link.value().attr("href").unwrap();
        let (path, anchor) = href.split_once('#').unwrap();
        let target = page(
            out.path(),
            &format!("{}index.html", path.trim_start_matches('/')),
        );
        assert_eq!(
            target
                .select(&select(&format!("[id=\"{anchor}\"]")))
                .count(),
            1,
            "{href}"
        );
    }
}

/// Each open data table has exactly one record per record of the content
/// model, and no id twice (an emptied table or a doubled record fails).
fn assert_tables_match_the_content(root: &Path, public: &Path) {
    let (site, report) = clustersite::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{}", describe(&report)));
    let clusters = &site.clusters;
    let sum = |count: fn(&clustersite::model::Cluster) -> usize| {
        clusters.iter().map(|c| count(c)).sum::<usize>()
    };
    let expected = [
        ("organizations", clusters.len()),
        ("services", sum(|c| c.data.services.len())),
        (
            "locations",
            sum(|c| c.data.schools.len() + c.data.childrens_centres.len()),
        ),
        ("contacts", sum(|c| c.data.contacts.len())),
        (
            "phones",
            sum(|c| c.data.contacts.iter().filter(|k| k.phone.is_some()).count()),
        ),
    ];
    for (table, count) in expected {
        let text = std::fs::read_to_string(public.join(format!("open-data/{table}.json"))).unwrap();
        let records: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(records.len(), count, "{}: {table}.json", root.display());
        let ids: BTreeSet<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids.len(),
            count,
            "{}: {table}.json repeats an id",
            root.display()
        );
    }
    assert!(
        expected[1].1 > 0,
        "{}: the site has services to publish",
        root.display()
    );
}

/// Gzipped at level 6, as a web server sends it (`bench/page_size.py`).
fn gzipped(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// Every page of the find list, gzipped with its stylesheet, stays within
/// the 14 KB budget for a cheap phone however long the names are: here
/// every school's name is made about 80 characters long and starts with
/// "St", so that one letter holds hundreds of them, and 250 (the most a
/// page takes) would be well over the budget.
#[test]
fn find_pages_stay_within_the_page_budget_when_names_are_long() {
    let site = generated_site();
    let clusters = site.path().join("content/clusters");
    let mut lengthened = 0;
    for cluster in std::fs::read_dir(&clusters).unwrap() {
        let file = cluster.unwrap().path().join("cluster.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        let mut out = String::new();
        let mut in_school = false;
        for line in text.lines() {
            match line
                .strip_prefix("name = \"")
                .and_then(|l| l.strip_suffix('"'))
            {
                Some(name) if in_school => {
                    lengthened += 1;
                    // Words that differ from name to name, as real names do:
                    // a repeated ending would cost a page almost nothing.
                    let words = ["Holy", "Trinity", "Cross", "Mary", "Oak", "Moor", "Dale"];
                    let pick = |n: usize| words[(lengthened * 7 + n * 3) % words.len()];
                    out.push_str(&format!(
                        "name = \"St {name} {} {} {} and {lengthened} Church of England School\"\n",
                        pick(1),
                        pick(lengthened / 7),
                        pick(lengthened / 49)
                    ));
                }
                _ => out.push_str(&format!("{line}\n")),
            }
            in_school = line == "[[schools]]";
        }
        std::fs::write(&file, out).unwrap();
    }
    assert!(lengthened > 800, "{lengthened} schools renamed");
    let out = built(site.path());
    let (pages, split_by_size, largest) = find_pages_within_budget(out.path(), "find");
    assert!(pages > 10, "{pages} find pages");
    assert!(
        split_by_size,
        "no letter page was ended by its size (largest {largest} bytes)"
    );
}

/// Asserts each page under `folder` is within the budget, gzipped with its
/// stylesheet; gives how many there are, whether one was ended by its size
/// and the largest.
fn find_pages_within_budget(out: &Path, folder: &str) -> (usize, bool, usize) {
    const BUDGET: usize = 14_336;
    let css = gzipped(&std::fs::read(out.join("css/site.css")).unwrap());
    let pages: Vec<(String, Vec<u8>)> = (snapshot(&out.join(folder)).into_iter())
        .filter(|(path, _)| path.ends_with(".html"))
        .collect();
    let mut split_by_size = false;
    let mut largest = 0;
    for (path, bytes) in &pages {
        let html = String::from_utf8_lossy(bytes);
        assert!(html.contains("href=/css/site.css"), "{folder}/{path}");
        let size = gzipped(bytes) + css;
        largest = largest.max(size);
        assert!(
            size <= BUDGET,
            "{folder}/{path}: {size} bytes gzipped with its CSS"
        );
        let names = html.matches("<li data-name=").count();
        split_by_size |= names < clustersite::render::find::PAGE_NAMES && html.contains("rel=next");
    }
    (pages.len(), split_by_size, largest)
}

/// Names that compress unusually well once escaped (quotes become
/// entities on the page), and names starting with a couple of hundred
/// different letters, each letter's heading and link costing more than its
/// one name: both were over the budget (16,355 and 15,973 bytes).
#[test]
fn find_pages_stay_within_the_page_budget_with_quoted_names_and_many_letters() {
    let mut seed: u64 = 3;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let quoted = (0..600).map(|n| {
        let body: String = (0..40).map(|_| ['"', '\'', 'a', 'b'][next() % 4]).collect();
        format!("S{body} {n}")
    });
    let site = real_site_with_schools(quoted);
    let out = built(site.path());
    let (pages, ..) = find_pages_within_budget(out.path(), "find");
    assert!(pages > 2, "{pages} find pages");
    for language in ["pl/find", "ur/find"] {
        find_pages_within_budget(out.path(), language);
    }

    // Letters of the Latin (with its accented letters), Greek, Cyrillic
    // and Armenian alphabets, one name each: few names, but too many
    // letters for one page.
    let mut seen = BTreeSet::new();
    let letters: Vec<char> = ('A'..='Z')
        .chain('\u{C0}'..='\u{24F}')
        .chain('\u{391}'..='\u{3A9}')
        .chain('\u{410}'..='\u{42F}')
        .chain('\u{531}'..='\u{556}')
        .filter(|c| c.is_alphabetic())
        .filter(|c| {
            let upper: Vec<char> = c.to_uppercase().collect();
            upper.len() == 1 && seen.insert(upper[0])
        })
        .take(228)
        .collect();
    assert_eq!(letters.len(), 228);
    let many = letters
        .iter()
        .map(|c| format!("{c}lder Grove Primary School"));
    let site = real_site_with_schools(many);
    let out = built(site.path());
    find_pages_within_budget(out.path(), "find");
    for language in ["pl/find", "ur/find"] {
        find_pages_within_budget(out.path(), language);
    }
    // Filed under the 26 letters, 10 digits or "#", whatever the script.
    let index = page(out.path(), "find/index.html");
    let letters = index.select(&select(".letters a")).count();
    assert!((2..=37).contains(&letters), "{letters} letters");
}
