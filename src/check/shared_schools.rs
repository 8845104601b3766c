//! A school in two clusters must say so (`shared = true`) in both: otherwise
//! it is usually a copy-and-paste slip, and families get two answers to
//! "which cluster is my child's school in?".

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::model::{slugify, Cluster, School, Site};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    // A school's slug -> every listing of it. The find page lists a school
    // once per slug (its anchor, `#school-st-marys`), so two schools with
    // one slug are one entry there whatever their names: "St. Mary's" in
    // one cluster and "St Mary's" in another were shown as one shared
    // school, and the second was listed nowhere.
    let mut listings: BTreeMap<String, Vec<(&Cluster, &School)>> = BTreeMap::new();
    for cluster in &site.clusters {
        for school in &cluster.data.schools {
            let key = (school.slug.clone()).unwrap_or_else(|| slugify(school.name.get_ref()));
            listings.entry(key).or_default().push((cluster, school));
        }
    }
    let mut found = Vec::new();
    for places in listings.values() {
        for (cluster, school) in places {
            let others: Vec<String> = places
                .iter()
                .filter(|(c, _)| c.slug != cluster.slug)
                .map(|(c, other)| {
                    let name = other.name.get_ref();
                    if name == school.name.get_ref() {
                        format!("the {} cluster", c.data.name)
                    } else {
                        format!("the {} cluster (as `{name}`)", c.data.name)
                    }
                })
                .collect();
            if others.is_empty() || school.shared {
                continue;
            }
            found.push(
                Diagnostic::at(
                    &cluster.file,
                    school.name.span(),
                    "shared-school",
                    format!(
                        "`{}` is also listed by {}, but is not marked as shared",
                        school.name.get_ref(),
                        others.join(" and ")
                    ),
                )
                .help(
                    "if the school belongs to more than one cluster, add shared = true to it in \
                     each cluster.toml; if not, remove it from the cluster it does not belong to, \
                     or if they are two schools, give one another slug",
                ),
            );
        }
    }
    found
}
