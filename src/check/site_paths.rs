//! Values that become part of web addresses and links: the slugs of services, schools and children's
//! centres (used as page addresses and as `#anchors`). Redirect addresses
//! are checked with the pages they point at (render/redirects.rs).

use super::locate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{slugify, Site};
use crate::site_path::slug_problem;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for cluster in &site.clusters {
        let file = &cluster.file;
        for service in &cluster.data.services {
            let slug = service.slug.get_ref();
            if let Some(why) = slug_problem(slug) {
                found.push(bad_slug(file, service.slug.span(), slug, why));
            }
        }
        let schools = cluster
            .data
            .schools
            .iter()
            .map(|s| (&s.slug, s.name.span()));
        let centres = (cluster.data.childrens_centres.iter()).map(|c| (&c.slug, c.name.span()));
        for (slug, name) in schools.chain(centres) {
            let slug = slug.as_deref().unwrap_or_default();
            if let Some(why) = slug_problem(slug) {
                let span = locate::value_in_table(&file.text, name.start, "slug").unwrap_or(name);
                found.push(bad_slug(file, span, slug, why));
            }
        }
    }
    found
}

fn bad_slug(file: &SourceFile, span: std::ops::Range<usize>, slug: &str, why: &str) -> Diagnostic {
    let example = match slugify(slug) {
        s if s.is_empty() => "services".to_owned(),
        s => s,
    };
    Diagnostic::at(
        file,
        span,
        "bad-slug",
        format!(
            "slug `{}` cannot be part of a web address: {why}",
            slug.escape_debug()
        ),
    )
    .help(format!(
        "use lower-case letters, digits and hyphens, e.g. slug = \"{example}\""
    ))
}
