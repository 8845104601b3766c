//! Two records with the same slug would fight over one URL.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{Cluster, Document, Site};
use crate::urls::RESERVED;

/// Every finding; `each_cluster` gives one cluster's (see
/// [`super::per_cluster`], which keeps them between `serve`'s rebuilds).
pub fn check(
    site: &Site,
    each_cluster: impl Fn(fn(&Cluster) -> Vec<Diagnostic>) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for page in &site.pages {
        if RESERVED.contains(&page.slug.as_str()) {
            found.push(
                Diagnostic::at(
                    &page.doc.file,
                    0..3,
                    "reserved-slug",
                    format!("the address /{}/ belongs to the generator", page.slug),
                )
                .help("give the page another file name or set slug = \"...\" in its front matter"),
            );
        }
    }
    found.extend(duplicate_documents(&site.pages, "page"));
    found.extend(each_cluster(in_cluster));
    found
}

/// Repeated addresses inside one cluster's folder.
fn in_cluster(cluster: &Cluster) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // `updates/page/2/` is the second page of the cluster's updates.
    let studies = cluster.case_studies.iter().map(|d| (&d.doc.file, &d.slug));
    for (file, slug) in studies.chain(cluster.updates.iter().map(|d| (&d.doc.file, &d.slug))) {
        if slug == crate::urls::LIST_PAGE {
            found.push(
                Diagnostic::at(
                    file,
                    0..3,
                    "reserved-slug",
                    format!("the address …/{slug}/ belongs to the generator: it holds the list's later pages"),
                )
                .help("rename the file or set slug = \"...\" in its front matter"),
            );
        }
    }
    found.extend(duplicate_documents(&cluster.case_studies, "case study"));
    found.extend(duplicate_documents(&cluster.updates, "update"));
    let file = &cluster.file;
    let services = cluster
        .data
        .services
        .iter()
        .map(|s| (s.slug.get_ref().clone(), s.slug.span()));
    found.extend(duplicates_in(file, services, "service slug"));
    let schools = cluster
        .data
        .schools
        .iter()
        .map(|s| (s.slug.clone().unwrap_or_default(), s.name.span()));
    found.extend(duplicates_in(file, schools, "school"));
    let centres = cluster
        .data
        .childrens_centres
        .iter()
        .map(|c| (c.slug.clone().unwrap_or_default(), c.name.span()));
    found.extend(duplicates_in(file, centres, "children's centre"));
    found
}

fn duplicates_in(
    file: &SourceFile,
    items: impl Iterator<Item = (String, Range<usize>)>,
    what: &str,
) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut found = Vec::new();
    for (slug, span) in items {
        if let Some(first) = first_seen.get(&slug) {
            let (line, _) = file.line_col(first.start);
            found.push(
                Diagnostic::at(
                    file,
                    span,
                    "duplicate-slug",
                    format!(
                        "this {what} has the same address (`{slug}`) as the one on line {line}"
                    ),
                )
                .help("remove the repeated entry, or give one of them a different `slug`"),
            );
        } else {
            first_seen.insert(slug, span);
        }
    }
    found
}

fn duplicate_documents<F>(docs: &[Document<F>], what: &str) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<&str, &str> = HashMap::new();
    let mut found = Vec::new();
    for doc in docs {
        if let Some(first) = first_seen.insert(&doc.slug, &doc.doc.file.display_path) {
            found.push(
                Diagnostic::at(
                    &doc.doc.file,
                    0..3,
                    "duplicate-slug",
                    format!(
                        "this {what} has the same address (`{}`) as {first}",
                        doc.slug
                    ),
                )
                .help("set a different slug = \"...\" in the front matter of one of them"),
            );
            first_seen.insert(&doc.slug, first);
        }
    }
    found
}
