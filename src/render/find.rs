//! "Find your cluster": every school, children's centre and neighbourhood,
//! A to Z, each pointing at its cluster. Families know their child's school,
//! not the word "cluster".

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use crate::cache::{Key, KeyHasher, Memo};
use crate::model::{slugify, Phase, Site};
use crate::urls;

/// One name a family might know, and the clusters it belongs to.
struct Entry {
    name: String,
    kind: &'static str,
    anchor: String,
    clusters: Vec<(String, String)>,
}

/// Entries keyed by anchor, so a school listed by two clusters is one entry naming both.
fn entries(site: &Site) -> BTreeMap<String, Entry> {
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut add =
        |name: &str, kind: &'static str, anchor: String, cluster: &crate::model::Cluster| {
            let entry = entries.entry(anchor.clone()).or_insert_with(|| Entry {
                name: name.to_owned(),
                kind,
                anchor,
                clusters: Vec::new(),
            });
            let link = (cluster.data.name.clone(), urls::cluster(&cluster.slug));
            if !entry.clusters.contains(&link) {
                entry.clusters.push(link);
            }
        };
    for c in &site.clusters {
        for s in &c.data.schools {
            let kind = school_kind(s.phase);
            add(
                s.name.get_ref(),
                kind,
                format!("school-{}", s.slug.as_deref().unwrap_or_default()),
                c,
            );
        }
        for centre in &c.data.childrens_centres {
            let anchor = format!("centre-{}", centre.slug.as_deref().unwrap_or_default());
            add(centre.name.get_ref(), "Children's centre", anchor, c);
        }
        for area in &c.data.neighbourhoods {
            add(area, "Area", anchor("area", area), c);
        }
    }
    entries
}

fn school_kind(phase: Phase) -> &'static str {
    match phase {
        Phase::Primary => "Primary school",
        Phase::Secondary => "Secondary school",
    }
}

/// Everything [`entries`] reads of the site: each cluster's slug and name,
/// and its schools (name, phase, slug), centres (name, slug) and areas.
fn entries_key(site: &Site) -> Key {
    let mut key = KeyHasher::new("find layout");
    for c in &site.clusters {
        key.add(&c.slug).add(&c.data.name);
        key.add(c.data.schools.len());
        for s in &c.data.schools {
            key.add(s.name.get_ref())
                .add(school_kind(s.phase))
                .add(&s.slug);
        }
        key.add(c.data.childrens_centres.len());
        for centre in &c.data.childrens_centres {
            key.add(centre.name.get_ref()).add(&centre.slug);
        }
        key.add(&c.data.neighbourhoods);
    }
    key.key()
}

/// At most this many names on one page of the find list.
pub const PAGE_NAMES: usize = 250;

/// The most one page's names may cost, as [`ListCost`] measures them. A
/// page's header, footer, letter links and filter take about 2 KB gzipped
/// and its CSS 2.4 KB, so names costing at most this (about 8.7 KB really
/// gzipped, as [`ListCost`] over-counts by about a fifth) keep every page
/// under the 14 KB budget on a cheap phone (`bench/page_size.py`). A count
/// alone did not: at about 30 bytes a name (leeds) 250 fit, at 42 (the
/// national preset's longer names) 179 pages were over. Names that compress
/// unusually well (600 names of quotes) leave the over-count smaller, so
/// this keeps 500 bytes more in hand than those figures need.
const PAGE_LIST_COST: usize = 10_000;

/// What a page's names cost gzipped, counted as they are added: the text
/// each name puts on the page (its name three times, as shown, in the
/// filter's data and in each link's label; its anchor, kind, and clusters'
/// names and addresses) compressed in order, flushed after each name so
/// the bytes so far can be counted. The flushes make it an over-count, so
/// a page it passes is within budget however long its names are (a name
/// alone on a page is within it up to the 150 characters `long-name` allows).
struct ListCost {
    deflate: flate2::write::DeflateEncoder<Vec<u8>>,
}

impl ListCost {
    fn new() -> ListCost {
        let level = flate2::Compression::default();
        ListCost {
            deflate: flate2::write::DeflateEncoder::new(Vec::new(), level),
        }
    }

    /// The cost of the names so far with `entry` added. The name is costed
    /// escaped, as the page carries it: quotes become entities five bytes
    /// long (600 names of quotes were 16,355 bytes by the raw text's count).
    fn with(&mut self, entry: &EntryView) -> usize {
        let name = &tera::escape_html(&entry.name);
        let mut text = format!("<li>{name} {} {name} {} ", entry.anchor, entry.kind);
        for c in &entry.clusters {
            let cluster = tera::escape_html(&c.name);
            text.push_str(&format!(
                "{cluster} cluster, for {name} {} {cluster}",
                c.url
            ));
        }
        self.with_text(&text)
    }

    /// The cost so far with `text` added.
    fn with_text(&mut self, text: &str) -> usize {
        use std::io::Write;
        // Writing to and flushing into memory cannot fail.
        let _ = self.deflate.write_all(text.as_bytes());
        let _ = self.deflate.flush();
        self.deflate.get_ref().len()
    }
}

/// Where one letter's pages start and end: each takes names in order until
/// it holds [`PAGE_NAMES`] or the next would make its names cost more than
/// [`PAGE_LIST_COST`]. A page always takes at least one name.
fn pages_of(entries: &[EntryView]) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut cost = ListCost::new();
    for (at, entry) in entries.iter().enumerate() {
        let full = at - start == PAGE_NAMES;
        if full || (cost.with(entry) > PAGE_LIST_COST && at > start) {
            pages.push(start..at);
            start = at;
            cost = ListCost::new();
            cost.with(entry);
        }
    }
    if start < entries.len() {
        pages.push(start..entries.len());
    }
    pages
}

/// Whether every name fits on one page, the filter over all of them. The
/// one page also has a heading and a link for each letter, and the
/// filter's count of results for each number of names: with a couple of
/// hundred letters (names in many scripts) those alone were over budget.
fn fits_one_page(groups: &[Group]) -> bool {
    let mut cost = ListCost::new();
    let mut names = 0;
    for group in groups {
        let letter = tera::escape_html(&group.letter);
        let markup = format!(
            "<li><a href=#{0}>{letter}</a></li><section class=letter-group aria-labelledby={0}><h2 id={0}>{letter}</h2><ul class=find-list></ul></section>",
            group.id
        );
        if cost.with_text(&markup) > PAGE_LIST_COST {
            return false;
        }
        for entry in &group.entries {
            names += 1;
            let count = format!("{names} results|");
            if names > PAGE_NAMES
                || cost.with(entry) > PAGE_LIST_COST
                || cost.with_text(&count) > PAGE_LIST_COST
            {
                return false;
            }
        }
    }
    true
}

/// The find list laid out in pages: one page (with the filter) while the
/// whole list fits; otherwise `/find/` lists the letters and each letter has
/// a page (`/find/c/`), continued on further pages when it holds more names
/// than one page takes (`/find/c/page/2/`).
pub struct Layout {
    /// The whole list, letter by letter (for a split list, without names).
    pub groups: Vec<Group>,
    /// The pages of a split list, in order; none when it is one page.
    pub pages: Vec<LetterPage>,
    /// Where each name's entry is, by its anchor.
    places: HashMap<String, String>,
    /// Those places as a key, made once: a layout is kept between `serve`'s
    /// rebuilds while the names are the same, and sorting 9,000 places on
    /// every rebuild was a tenth of one at region scale.
    places_key: std::sync::OnceLock<Key>,
}

/// One page of a split find list.
pub struct LetterPage {
    pub url: String,
    pub letter: String,
    /// Its place among the letter's pages, from 1.
    pub number: usize,
    pub total: usize,
    /// This page's names.
    pub group: Group,
}

impl Layout {
    /// As [`Layout::of`], kept while the names it lists are the same: an
    /// edit elsewhere in a `cluster.toml` (a service, a contact) keeps it.
    /// Remaking it was half of a rebuild after such an edit at region scale.
    pub fn kept(site: &Site, layouts: &Memo<Arc<Layout>>) -> Arc<Layout> {
        layouts.get_or(|| entries_key(site), || Arc::new(Layout::of(site)))
    }

    pub fn of(site: &Site) -> Layout {
        let all = groups(site);
        if fits_one_page(&all) {
            let places = (all.iter())
                .flat_map(|g| &g.entries)
                .map(|e| (e.anchor.clone(), format!("{}#{}", urls::FIND, e.anchor)))
                .collect();
            return Layout {
                groups: all,
                pages: Vec::new(),
                places,
                places_key: Default::default(),
            };
        }
        let mut pages = Vec::new();
        let mut places = HashMap::new();
        let mut index = Vec::new();
        for group in all {
            let first = format!("{}{}/", urls::FIND, letter_slug(&group.letter));
            let ranges = pages_of(&group.entries);
            let total = ranges.len();
            for (number, range) in (1..).zip(ranges) {
                let part = &group.entries[range];
                let url = urls::list_page(&first, number);
                for e in part {
                    places.insert(e.anchor.clone(), format!("{url}#{}", e.anchor));
                }
                pages.push(LetterPage {
                    url,
                    letter: group.letter.clone(),
                    number,
                    total,
                    group: Group {
                        entries: part.to_vec(),
                        ..group.clone_empty(&first)
                    },
                });
            }
            index.push(group.clone_empty(&first));
        }
        Layout {
            groups: index,
            pages,
            places,
            places_key: Default::default(),
        }
    }

    pub fn is_split(&self) -> bool {
        !self.pages.is_empty()
    }

    /// Where a school, centre or area's entry is: `/find/#school-ebor-gardens`
    /// or, split, `/find/e/#school-ebor-gardens`.
    /// Where every name's entry is, as a key: what a page that links into
    /// the list reads of it (`render/job.rs`).
    pub fn places_key(&self) -> Key {
        *self.places_key.get_or_init(|| {
            let mut places: Vec<_> = self.places.iter().collect();
            places.sort_unstable();
            KeyHasher::new("find places").add(&places).key()
        })
    }

    pub fn place(&self, anchor: &str) -> String {
        (self.places.get(anchor).cloned()).unwrap_or_else(|| format!("{}#{anchor}", urls::FIND))
    }
}

/// A letter's folder: `c`, or `other` for names filed under "#".
fn letter_slug(letter: &str) -> String {
    if letter == "#" {
        "other".to_owned()
    } else {
        letter.to_ascii_lowercase()
    }
}

/// The anchor of a school, centre or area on the find page: `school-ebor-gardens`.
pub fn anchor(prefix: &str, name: &str) -> String {
    format!("{prefix}-{}", slugify(name))
}

/// The letter a name is filed under: its first letter or digit, upper-cased
/// and without its accent ("École" under E), or "#" when that is not one of
/// the 26 letters or 10 digits (another script, "²", an invisible filler).
/// A letter is part of a permanent address (`/find/e/`): only these keep
/// to the web-address grammar, and no two of them can share an address
/// (the Kelvin sign "K" and "K" did, and one list was lost).
fn letter(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let Some(first) = name.chars().find(|c| c.is_alphanumeric()) else {
        return "#".to_owned();
    };
    match first.nfkd().next() {
        Some(base) if base.is_ascii_alphanumeric() => base.to_ascii_uppercase().to_string(),
        _ => "#".to_owned(),
    }
}

/// One letter of the find list.
#[derive(Serialize, Clone)]
pub struct Group {
    id: String,
    /// Where the letter's names start.
    pub url: String,
    pub letter: String,
    entries: Vec<EntryView>,
}

impl Group {
    /// The letter without its names, its list starting at `url`.
    fn clone_empty(&self, url: &str) -> Group {
        Group {
            id: self.id.clone(),
            url: url.to_owned(),
            letter: self.letter.clone(),
            entries: Vec::new(),
        }
    }
}

#[derive(Serialize, Clone)]
struct EntryView {
    name: String,
    kind: &'static str,
    anchor: String,
    shared: bool,
    clusters: Vec<ClusterLink>,
}

#[derive(Serialize, Clone)]
struct ClusterLink {
    name: String,
    url: String,
}

/// Entries grouped by letter, sorted by name within each letter, each
/// group at its place on the one-page list.
fn groups(site: &Site) -> Vec<Group> {
    let mut by_letter: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for entry in entries(site).into_values() {
        by_letter
            .entry(letter(&entry.name))
            .or_default()
            .push(entry);
    }
    by_letter
        .into_iter()
        .map(|(letter, mut entries)| {
            entries.sort_by_key(|e| (e.name.to_lowercase(), e.kind));
            Group {
                id: format!("letter-{}", letter_slug(&letter)),
                url: urls::FIND.to_owned(),
                letter,
                entries: entries
                    .into_iter()
                    .map(|e| EntryView {
                        shared: e.clusters.len() > 1,
                        clusters: (e.clusters.into_iter())
                            .map(|(name, url)| ClusterLink { name, url })
                            .collect(),
                        name: e.name,
                        kind: e.kind,
                        anchor: e.anchor,
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_under_their_first_letter() {
        assert_eq!(letter("St Patrick's"), "S");
        assert_eq!(letter("'Oakwood"), "O");
        assert_eq!(letter("École Jules Verne"), "E");
        assert_eq!(letter("İkra Academy"), "I");
        assert_eq!(letter("\u{212A}elvin School"), "K");
        assert_eq!(letter("2nd Chance School"), "2");
        assert_eq!(letter("²nd"), "2");
        for elsewhere in ["中文学校", "Ярославская школа", "\u{3164}School", "!!!"]
        {
            assert_eq!(letter(elsewhere), "#", "{elsewhere}");
        }
        for name in ["Öztürk School", "\u{212A}elvin School", "中文学校", "Zeta"] {
            let slug = letter_slug(&letter(name));
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{name}: {slug}"
            );
        }
        assert_eq!(
            anchor("school", "Mount St Mary's High"),
            "school-mount-st-marys-high"
        );
    }

    fn named(name: String) -> EntryView {
        EntryView {
            anchor: anchor("school", &name),
            name,
            kind: "Primary school",
            shared: false,
            clusters: vec![ClusterLink {
                name: "Inner East".to_owned(),
                url: "/clusters/inner-east/".to_owned(),
            }],
        }
    }

    #[test]
    fn short_names_fill_pages_by_count_and_every_name_has_one_page() {
        let entries: Vec<EntryView> = (0..600).map(|n| named(format!("Oak {n}"))).collect();
        let pages = pages_of(&entries);
        let sizes: Vec<usize> = pages.iter().map(|r| r.len()).collect();
        assert_eq!(sizes, [PAGE_NAMES, PAGE_NAMES, 100]);
        assert!(pages.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn a_name_bigger_than_a_page_still_gets_a_page_of_its_own() {
        // Text that deflate cannot shrink much: letters from xorshift.
        let mut state = 0x2545_f491_u32;
        let noise: String = (0..40_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                char::from(b'a' + (state % 26) as u8)
            })
            .collect();
        let entries = vec![
            named("Ash".to_owned()),
            named(noise),
            named("Elm".to_owned()),
        ];
        let pages = pages_of(&entries);
        assert_eq!(pages, [0..1, 1..2, 2..3]);
        assert!(!fits_one_page(&[Group {
            id: "letter-a".to_owned(),
            url: urls::FIND.to_owned(),
            letter: "A".to_owned(),
            entries,
        }]));
    }
}
