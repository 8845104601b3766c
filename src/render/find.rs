//! "Find your cluster": every school, children's centre and neighbourhood,
//! A to Z, each pointing at its cluster. Families know their child's school,
//! not the word "cluster".

use std::collections::BTreeMap;

use serde::Serialize;

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
            let kind = match s.phase {
                Phase::Primary => "Primary school",
                Phase::Secondary => "Secondary school",
            };
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

/// Above this many entries the no-JavaScript list is split into a page per
/// letter: one page of 60,000 schools would be megabytes on a cheap phone.
pub const SPLIT_ABOVE: usize = 1500;

/// Whether the find list is split into `/find/<letter>/` pages.
pub fn is_split(site: &Site) -> bool {
    let count: usize = site
        .clusters
        .iter()
        .map(|c| {
            c.data.schools.len() + c.data.childrens_centres.len() + c.data.neighbourhoods.len()
        })
        .sum();
    count > SPLIT_ABOVE
}

/// The page a letter's entries are on.
pub fn letter_url(site_is_split: bool, letter: &str) -> String {
    if site_is_split {
        format!("{}{}/", urls::FIND, letter_slug(letter))
    } else {
        urls::FIND.to_owned()
    }
}

fn letter_slug(letter: &str) -> String {
    if letter == "#" {
        "other".to_owned()
    } else {
        letter.to_lowercase()
    }
}

/// Where a school or centre's entry is: `/find/#school-ebor-gardens` or, split, `/find/e/#...`.
pub fn entry_url(site_is_split: bool, name: &str, anchor: &str) -> String {
    format!("{}#{anchor}", letter_url(site_is_split, &letter(name)))
}

/// The letter pages of a split find list (none when it is one page).
pub fn letter_pages(site: &Site) -> Vec<String> {
    if !is_split(site) {
        return Vec::new();
    }
    let letters: std::collections::BTreeSet<String> =
        entries(site).values().map(|e| letter(&e.name)).collect();
    letters.iter().map(|l| letter_url(true, l)).collect()
}

/// The anchor of a school, centre or area on the find page: `school-ebor-gardens`.
pub fn anchor(prefix: &str, name: &str) -> String {
    format!("{prefix}-{}", slugify(name))
}

/// The letter a name is filed under: its first letter or digit, upper-cased.
fn letter(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map_or_else(|| "#".to_owned(), |c| c.to_uppercase().collect())
}

/// One letter of the find list.
#[derive(Serialize, Clone)]
pub struct Group {
    id: String,
    pub url: String,
    pub letter: String,
    entries: Vec<EntryView>,
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

/// Entries grouped by letter, sorted by name within each letter.
pub fn groups(site: &Site) -> Vec<Group> {
    let split = is_split(site);
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
                url: letter_url(split, &letter),
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
        assert_eq!(
            anchor("school", "Mount St Mary's High"),
            "school-mount-st-marys-high"
        );
    }
}
