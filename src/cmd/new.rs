//! `clustersite new`: writes a new content file (see `clustersite::scaffold`)
//! and says where it is and the address it will publish at.

use std::path::Path;

use clustersite::scaffold::{self, Kind, MARKER};

use crate::cli::{NewArgs, NewKind};
use crate::Exit;

pub fn run(root: &Path, args: NewArgs) -> Exit {
    let (kind, title) = match args.kind {
        NewKind::Update { cluster, title } => (Kind::Update { cluster }, title),
        NewKind::CaseStudy { cluster, title } => (Kind::CaseStudy { cluster }, title),
        NewKind::Page { title } => (Kind::Page, title),
        NewKind::Cluster { slug, name } => (Kind::Cluster { slug }, name),
    };
    let written = scaffold::plan(
        root,
        &kind,
        &title,
        args.slug.as_deref(),
        clustersite::today(),
    )
    .and_then(|plan| scaffold::write(root, &plan).map(|_| plan));
    match written {
        Ok(plan) => {
            println!("Created {}", plan.display_path);
            println!("It will be published at {}", address(root, &plan.url));
            println!(
                "Next: replace each {MARKER} in it with your own words, then run `clustersite check`."
            );
            Exit::Success
        }
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("Nothing was written.");
            Exit::UsageOrIo
        }
    }
}

/// The full address, with the site's `base_url` when site.toml has a good
/// one; otherwise the address from the site root.
fn address(root: &Path, url: &str) -> String {
    let base = std::fs::read_to_string(root.join("content/site.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| table.get("base_url")?.as_str().map(str::to_owned))
        .filter(|base| clustersite::base_url::problem(base).is_none());
    match base {
        Some(base) => format!("{}{url}", clustersite::base_url::trimmed(&base)),
        None => url.to_owned(),
    }
}
