//! A count the source states ("14 primary schools") that disagrees with the
//! list beside it is a warning: either the list or the count is wrong, and a
//! family comparing the two would notice.

use crate::diagnostics::Diagnostic;
use crate::model::{Phase, Site};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for cluster in &site.clusters {
        let Some(stated) = &cluster.data.stated_counts else {
            continue;
        };
        let data = &cluster.data;
        let phase = |p: Phase| data.schools.iter().filter(|s| s.phase == p).count();
        let rows = [
            (
                "primary_schools",
                stated.get_ref().primary_schools,
                phase(Phase::Primary),
                "primary schools",
                "[[schools]] with phase = \"primary\"",
            ),
            (
                "secondary_schools",
                stated.get_ref().secondary_schools,
                phase(Phase::Secondary),
                "secondary schools",
                "[[schools]] with phase = \"secondary\"",
            ),
            (
                "childrens_centres",
                stated.get_ref().childrens_centres,
                data.childrens_centres.len(),
                "children's centres",
                "[[childrens_centres]]",
            ),
        ];
        let span = stated.span();
        for (key, stated, listed, noun, table) in rows {
            let Some(stated) = stated else { continue };
            if stated as usize == listed {
                continue;
            }
            // Point at the key inside `stated_counts = { ... }`.
            let at = cluster.file.text[span.clone()]
                .find(key)
                .map_or(span.clone(), |i| span.start + i..span.start + i + key.len());
            found.push(
                Diagnostic::at(
                    &cluster.file,
                    at,
                    "count-mismatch",
                    format!("the cluster states {stated} {noun} but lists {listed}"),
                )
                .help(if listed < stated as usize {
                    format!("add the missing ones as {table}, or correct stated_counts if the source's count is wrong")
                } else {
                    format!("remove the extra {table}, or correct stated_counts if the source's count is wrong")
                })
                .warning(),
            );
        }
    }
    found
}
