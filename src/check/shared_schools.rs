//! A school in two clusters must say so (`shared = true`) in both: otherwise
//! it is usually a copy-and-paste slip, and families get two answers to
//! "which cluster is my child's school in?".

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::model::{Cluster, School, Site};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    // School name as a reader sees it -> every listing of it.
    let mut listings: BTreeMap<String, Vec<(&Cluster, &School)>> = BTreeMap::new();
    for cluster in &site.clusters {
        for school in &cluster.data.schools {
            let key = school.name.get_ref().to_lowercase().replace('’', "'");
            let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
            listings.entry(key).or_default().push((cluster, school));
        }
    }
    let mut found = Vec::new();
    for places in listings.values() {
        for (cluster, school) in places {
            let others: Vec<&str> = places
                .iter()
                .filter(|(c, _)| c.slug != cluster.slug)
                .map(|(c, _)| c.data.name.as_str())
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
                        "`{}` is also listed by the {} cluster, but is not marked as shared",
                        school.name.get_ref(),
                        others.join(" and ")
                    ),
                )
                .help(
                    "if the school belongs to more than one cluster, add shared = true to it in \
                     each cluster.toml; if not, remove it from the cluster it does not belong to",
                ),
            );
        }
    }
    found
}
