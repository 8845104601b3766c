//! Records that name other records must name ones that exist.

use crate::diagnostics::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for cluster in &site.clusters {
        for study in &cluster.case_studies {
            let Some(service) = &study.front.service else {
                continue;
            };
            if cluster.service(service.get_ref()).is_some() {
                continue;
            }
            let known: Vec<String> = cluster
                .data
                .services
                .iter()
                .map(|s| format!("\"{}\"", s.slug.get_ref()))
                .collect();
            let span = service.span();
            let span = study.front_offset + span.start..study.front_offset + span.end;
            found.push(
                Diagnostic::at(
                    &study.doc.file,
                    span,
                    "unknown-reference",
                    format!(
                        "the {} cluster has no service `{}`",
                        cluster.data.name,
                        service.get_ref()
                    ),
                )
                .help(format!(
                    "use one of the slugs in {}: {}",
                    cluster.file.display_path,
                    known.join(", ")
                )),
            );
        }
    }
    found
}
