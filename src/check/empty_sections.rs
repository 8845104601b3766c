//! Empty places on the site: a cluster nobody can be contacted through, or a
//! page, update or case study with a title and no text.

use super::locate;
use crate::diagnostics::Diagnostic;
use crate::model::{Document, Site};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for cluster in &site.clusters {
        if cluster.data.contacts.is_empty() {
            let span = locate::top_level_value(&cluster.file.text, "name").unwrap_or(0..0);
            found.push(
                Diagnostic::at(
                    &cluster.file,
                    span,
                    "empty-section",
                    format!("the {} cluster has no contacts", cluster.data.name),
                )
                .help("add at least one [[contacts]] with a role, a phone or email, and last_reviewed: it is how families ask for help"),
            );
        }
        found.extend(
            cluster
                .case_studies
                .iter()
                .filter_map(|d| empty_body(d, "case study")),
        );
        found.extend(
            cluster
                .updates
                .iter()
                .filter_map(|d| empty_body(d, "update")),
        );
    }
    found.extend(site.pages.iter().filter_map(|d| empty_body(d, "page")));
    found
}

fn empty_body<F>(doc: &Document<F>, what: &str) -> Option<Diagnostic> {
    if !doc.doc.body().trim().is_empty() {
        return None;
    }
    Some(
        Diagnostic::at(
            &doc.doc.file,
            locate::closing_fence(doc),
            "empty-section",
            format!("this {what} has a title but no text"),
        )
        .help("write its text below the front matter, or remove the file")
        .warning(),
    )
}
