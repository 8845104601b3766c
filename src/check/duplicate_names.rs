//! Two records with the same name but different addresses: a family cannot
//! tell them apart. (The same address is already `duplicate-slug`.)

use std::collections::HashMap;
use std::ops::Range;

use super::locate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{Cluster, Document, Site};

/// One named record: its name, its slug, and where its name is written
/// (found only when needed: most names are not repeated).
struct Named<'a> {
    name: &'a str,
    slug: &'a str,
    file: &'a SourceFile,
    span: Box<dyn Fn() -> Range<usize> + 'a>,
}

/// Every finding; `each_cluster` gives one cluster's (see
/// [`super::per_cluster`], which keeps them between `serve`'s rebuilds).
pub fn check(
    site: &Site,
    each_cluster: impl Fn(fn(&Cluster) -> Vec<Diagnostic>) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let clusters = site.clusters.iter().map(|c| Named {
        name: &c.data.name,
        slug: &c.slug,
        file: &c.file,
        span: Box::new(|| locate::top_level_value(&c.file.text, "name").unwrap_or(0..0)),
    });
    found.extend(repeats(clusters, "cluster"));
    found.extend(repeats(titled(&site.pages, |p| &p.front.title), "page"));
    found.extend(each_cluster(in_cluster));
    found
}

/// Repeated names inside one cluster's folder.
fn in_cluster(cluster: &Cluster) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let file = &cluster.file;
    let data = &cluster.data;
    let schools = data.schools.iter().map(|s| Named {
        name: s.name.get_ref(),
        slug: s.slug.as_deref().unwrap_or_default(),
        file,
        span: Box::new(|| s.name.span()),
    });
    found.extend(repeats(schools, "school"));
    let centres = data.childrens_centres.iter().map(|c| Named {
        name: c.name.get_ref(),
        slug: c.slug.as_deref().unwrap_or_default(),
        file,
        span: Box::new(|| c.name.span()),
    });
    found.extend(repeats(centres, "children's centre"));
    let services = data.services.iter().map(|s| Named {
        name: &s.name,
        slug: s.slug.get_ref(),
        file,
        span: Box::new(|| {
            locate::value_in_table(&file.text, s.slug.span().start, "name").unwrap_or(s.slug.span())
        }),
    });
    found.extend(repeats(services, "service"));
    found.extend(repeats(
        titled(&cluster.case_studies, |c| &c.front.title),
        "case study",
    ));
    found.extend(repeats(
        titled(&cluster.updates, |u| &u.front.title),
        "update",
    ));
    found
}

fn titled<'a, F>(
    docs: &'a [Document<F>],
    title: impl Fn(&'a Document<F>) -> &'a String + 'a,
) -> impl Iterator<Item = Named<'a>> + 'a {
    docs.iter().map(move |d| Named {
        name: title(d),
        slug: &d.slug,
        file: &d.doc.file,
        span: Box::new(|| {
            locate::front_value(d, "title").unwrap_or(d.front_offset..d.front_offset)
        }),
    })
}

/// "St Mary's" and "st  mary’s" are the same name to a reader.
fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('’', "'")
}

fn repeats<'a>(items: impl Iterator<Item = Named<'a>>, what: &str) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<String, Named<'a>> = HashMap::new();
    let mut found = Vec::new();
    for item in items {
        let key = normalise(item.name);
        match first_seen.get(&key) {
            // Same slug too: duplicates.rs reports it as one address.
            Some(first) if first.slug == item.slug => {}
            Some(first) => {
                let (line, _) = first.file.line_col((first.span)().start);
                let place = if first.file.display_path == item.file.display_path {
                    format!("line {line}")
                } else {
                    format!("{}:{line}", first.file.display_path)
                };
                found.push(
                    Diagnostic::at(
                        item.file,
                        (item.span)(),
                        "duplicate-name",
                        format!("another {what} is also called `{}` ({place})", item.name),
                    )
                    .help(format!(
                        "if they are the same {what}, remove one; if not, give them names a family can tell apart"
                    ))
                    .warning(),
                );
            }
            None => {
                first_seen.insert(key, item);
            }
        }
    }
    found
}
