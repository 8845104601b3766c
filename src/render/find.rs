//! "Find your cluster": every school, children's centre and neighbourhood,
//! A to Z, each pointing at its cluster. Families know their child's school,
//! not the word "cluster".

use std::collections::BTreeMap;

use serde_json::{json, Value};

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

/// Entries grouped by letter, sorted by name within each letter.
pub fn groups(site: &Site) -> Vec<Value> {
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
            json!({
                "letter": letter,
                "id": format!("letter-{}", letter.to_lowercase()),
                "entries": entries.iter().map(|e| json!({
                    "name": e.name,
                    "kind": e.kind,
                    "anchor": e.anchor,
                    "shared": e.clusters.len() > 1,
                    "clusters": e.clusters.iter().map(|(name, url)| json!({"name": name, "url": url})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
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
