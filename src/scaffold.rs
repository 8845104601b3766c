//! `clustersite new`: a new update, case study, page or cluster as a file
//! that already has every required field, today's date and a slug made from
//! its title. What only the author can write is left as a placeholder that
//! starts with [`MARKER`], which `check` reports (the `placeholder` rule)
//! until it is replaced: a warning, so an error under `--strict`.
//!
//! A new file is only ever created inside `content/`: every folder on the
//! way is a real folder (never a symbolic link), the file is created with
//! `create_new` and `O_NOFOLLOW` (so an existing file or link is never
//! overwritten or followed), and where it landed is checked again after.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::model::{slugify, Date};
use crate::site_path::{describe_char, slug_problem};
use crate::urls;

/// What starts every placeholder a new file holds. `check` reports any text
/// that holds it.
pub const MARKER: &str = "WRITE HERE";

/// The placeholder email of a new cluster's contact: an address at the
/// reserved `.invalid` domain, so it is well-formed but can never be sent to.
pub const PLACEHOLDER_EMAIL: &str = "WRITE.HERE@example.invalid";

/// The longest title (or cluster name) `new` accepts, in characters.
pub const MAX_TITLE: usize = 200;

/// The longest slug `new` makes from a title; a longer one is cut at a hyphen.
pub const MAX_SLUG: usize = 80;

/// What to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Update { cluster: String },
    CaseStudy { cluster: String },
    Page,
    Cluster { slug: String },
}

impl Kind {
    fn noun(&self) -> &'static str {
        match self {
            Kind::Update { .. } => "update",
            Kind::CaseStudy { .. } => "case study",
            Kind::Page => "page",
            Kind::Cluster { .. } => "cluster",
        }
    }
}

/// A file `new` will write.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Folders under `content/` from the top, each made if missing
    /// (`["clusters", "north", "updates"]`).
    pub folders: Vec<String>,
    /// The file's name in the last folder.
    pub file_name: String,
    /// The path as shown: `content/clusters/north/updates/x.md`.
    pub display_path: String,
    /// The address it will publish at, from the site root: `/clusters/north/updates/x/`.
    pub url: String,
    pub text: String,
}

/// Works out the file for `kind` with `title` (or, for a cluster, its name)
/// in the site at `root`. `slug` overrides the slug made from the title (a
/// cluster's slug is always given). Refuses a bad title or slug, an unknown
/// cluster, a reserved address and a file that exists, with a plain message.
pub fn plan(
    root: &Path,
    kind: &Kind,
    title: &str,
    slug: Option<&str>,
    today: Date,
) -> Result<Plan, String> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(format!(
            "there is no content/ folder in {}: run clustersite in the folder that holds content/, or pass --root <folder>",
            root.display()
        ));
    }
    let title = checked_title(title, kind)?;
    let slug = match (kind, slug) {
        (Kind::Cluster { slug }, _) => checked_slug(slug, "the cluster's slug")?,
        (_, Some(slug)) => checked_slug(slug, "--slug")?,
        (_, None) => slug_from_title(&title)?,
    };
    let quoted = toml_string(&title);
    let (folders, file_name, url, text) = match kind {
        Kind::Update { cluster } => {
            let cluster = known_cluster(&content, cluster)?;
            (
                vec!["clusters".into(), cluster.clone(), "updates".into()],
                format!("{slug}.md"),
                urls::update(&cluster, &slug),
                update_text(&quoted, today),
            )
        }
        Kind::CaseStudy { cluster } => {
            let cluster = known_cluster(&content, cluster)?;
            (
                vec!["clusters".into(), cluster.clone(), "case-studies".into()],
                format!("{slug}.md"),
                urls::case_study(&cluster, &slug),
                case_study_text(&quoted, today),
            )
        }
        Kind::Page => {
            if urls::RESERVED.contains(&slug.as_str()) {
                return Err(format!(
                    "a page cannot be at /{slug}/: the site's own pages use that address; choose another with --slug"
                ));
            }
            (
                vec!["pages".into()],
                format!("{slug}.md"),
                urls::page(&slug),
                page_text(&quoted),
            )
        }
        Kind::Cluster { .. } => {
            let folder = content.join("clusters").join(&slug);
            if std::fs::symlink_metadata(&folder).is_ok() {
                return Err(format!(
                    "content/clusters/{slug} already exists; a cluster's folder is made once (edit content/clusters/{slug}/cluster.toml instead)"
                ));
            }
            (
                vec!["clusters".into(), slug.clone()],
                "cluster.toml".into(),
                urls::cluster(&slug),
                cluster_text(&quoted, today),
            )
        }
    };
    let display_path = format!("content/{}/{file_name}", folders.join("/"));
    let path = folders
        .iter()
        .fold(content.clone(), |p, f| p.join(f))
        .join(&file_name);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(format!(
            "{display_path} already exists: new never replaces a file; edit it, or choose another slug with --slug"
        ));
    }
    Ok(Plan {
        folders,
        file_name,
        display_path,
        url,
        text,
    })
}

/// Writes the planned file, making its folders, never through a symbolic
/// link and never outside `content/`. Returns the file's path.
pub fn write(root: &Path, plan: &Plan) -> Result<PathBuf, String> {
    let content = root.join("content");
    let real_content = crate::output::resolve(&content);
    let mut folder = content.clone();
    let mut shown = String::from("content");
    for name in &plan.folders {
        folder.push(name);
        shown.push('/');
        shown.push_str(name);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(format!(
                    "{shown} is a symbolic link: new never writes through a link; make it a real folder"
                ))
            }
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(format!("{shown} is a file, not a folder")),
            // create_dir (not create_dir_all) refuses anything already there.
            Err(_) => std::fs::create_dir(&folder)
                .map_err(|e| format!("could not make the folder {shown}: {e}"))?,
        }
    }
    let path = folder.join(&plan.file_name);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} already exists: new never replaces a file",
                plan.display_path
            )
        } else {
            format!("could not create {}: {e}", plan.display_path)
        }
    })?;
    // The folders were real when looked at; the file must be where they led.
    let landed = crate::output::resolve(&path);
    if !landed.starts_with(&real_content) {
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(format!(
            "{} would be outside content/ (a folder on the way changed); nothing was written",
            plan.display_path
        ));
    }
    file.write_all(plan.text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("could not write {}: {e}", plan.display_path))?;
    Ok(path)
}

/// The title trimmed, or why it cannot be one: empty, too long, or holding
/// a character that is invisible or breaks the line.
fn checked_title(title: &str, kind: &Kind) -> Result<String, String> {
    let what = match kind {
        Kind::Cluster { .. } => "the cluster's name",
        _ => "the title",
    };
    let title = title.trim();
    if title.is_empty() {
        return Err(format!(
            "{what} is empty; write it in quotes, e.g. \"Holiday activities 2026\""
        ));
    }
    let length = title.chars().count();
    if length > MAX_TITLE {
        return Err(format!(
            "{what} is {length} characters long; keep it to {MAX_TITLE} at most (a {} is read on phones)",
            kind.noun()
        ));
    }
    if let Some(bad) = title.chars().find(|&c| {
        c.is_control() || crate::invisible::is_hidden(c) || crate::invisible::is_noncharacter(c)
    }) {
        return Err(format!(
            "{what} has the character {}, which readers cannot see or which breaks the line; type it again without it",
            describe_char(bad)
        ));
    }
    Ok(title.to_owned())
}

fn checked_slug(slug: &str, what: &str) -> Result<String, String> {
    match slug_problem(slug) {
        None => Ok(slug.to_owned()),
        Some(problem) => Err(format!(
            "{what} `{}` cannot be part of a web address: {problem}{}",
            crate::site_path::visible(slug),
            match slugify(slug) {
                s if slug_problem(&s).is_none() => format!("; try `{s}`"),
                _ => String::new(),
            }
        )),
    }
}

/// The slug the project makes from a title, cut at a hyphen to
/// [`MAX_SLUG`] characters.
fn slug_from_title(title: &str) -> Result<String, String> {
    let mut slug = slugify(title);
    if slug.chars().count() > MAX_SLUG {
        let cut: String = slug.chars().take(MAX_SLUG + 1).collect();
        slug = match cut.rfind('-') {
            Some(i) if i > 0 => cut[..i].to_owned(),
            _ => cut.chars().take(MAX_SLUG).collect(),
        };
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    match slug_problem(&slug) {
        None => Ok(slug),
        Some(problem) => Err(format!(
            "cannot make a web address from the title (it gives `{}`: {problem}); choose one with --slug, e.g. --slug holiday-activities-2026",
            crate::site_path::visible(&slug)
        )),
    }
}

/// `cluster` if it is a cluster of the site, or an error listing those there are.
fn known_cluster(content: &Path, cluster: &str) -> Result<String, String> {
    let clusters = cluster_slugs(content);
    if slug_problem(cluster).is_none() && clusters.iter().any(|c| c == cluster) {
        return Ok(cluster.to_owned());
    }
    let list = if clusters.is_empty() {
        "there are no clusters yet (make one with `clustersite new cluster <slug> \"Name\"`)"
            .to_owned()
    } else {
        format!("the clusters are: {}", clusters.join(", "))
    };
    let closest = clusters
        .iter()
        .map(|c| (strsim::levenshtein(c, cluster), c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| format!(" Did you mean `{c}`?"))
        .unwrap_or_default();
    Err(format!(
        "there is no cluster `{}` in content/clusters/; {list}.{closest}",
        crate::site_path::visible(cluster)
    ))
}

/// The slugs of the folders under `content/clusters/` that hold a
/// `cluster.toml`, sorted.
pub fn cluster_slugs(content: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(content.join("clusters"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("cluster.toml").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|s| slug_problem(s).is_none())
        .collect();
    slugs.sort();
    slugs
}

/// A TOML string holding `text` exactly, quoted and escaped by the TOML library.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn update_text(title: &str, today: Date) -> String {
    format!(
        r#"+++
title = {title}
summary = "{MARKER}: the summary (one or two plain sentences saying what this update is about; it is shown in lists and feeds)"
date = {today}
# Optional: the web address is made from the file name; set slug to change it.
# slug = "a-shorter-address"
+++
{MARKER}: the update (plain sentences; use ## for headings, as the title is the page's only top-level heading)
"#
    )
}

fn case_study_text(title: &str, today: Date) -> String {
    format!(
        r#"+++
title = {title}
summary = "{MARKER}: the summary (one or two plain sentences about the help given; no names, ages, places or dates that could say who the family are)"
# Consent stays recorded = false until the family's consent is on record;
# then set recorded = true and the date it was given, e.g. date = 2026-01-31.
consent = {{ recorded = false, note = "{MARKER}: the consent note (what consent there is, or why there is none)" }}
anonymised_by = "{MARKER}: the role of who anonymised this story (a role such as Family Support Worker, never a name)"
reviewed_by = "{MARKER}: the role of who reviewed it (a role, never a name)"
reviewed = {today}  # {MARKER}: the date of the review (today's date is only a placeholder: set the day the review is done)
# Optional:
# date = {today}                     # when the story happened, if it may be published
# service = "family-support"         # the slug of the cluster service it is about
# allow = ["Easter"]                 # words a reviewer judged safe in this story
# slug = "a-shorter-address"
+++
## What were the issues?

{MARKER}: the issues (what was happening, without anything that could say who the family are)

## What did we do?

{MARKER}: what was done (the help given and by which service)

## What difference has it made?

{MARKER}: the difference it made (for the child and the family)
"#
    )
}

fn page_text(title: &str) -> String {
    format!(
        r#"+++
title = {title}
description = "{MARKER}: the description (one plain sentence saying what the page is for; search engines show it)"
# Optional:
# order = 10                 # where the page comes in lists (smaller first)
# slug = "a-shorter-address"
+++
{MARKER}: the page (plain sentences; use ## for headings, as the title is the page's only top-level heading)
"#
    )
}

fn cluster_text(name: &str, today: Date) -> String {
    format!(
        r#"name = {name}
summary = "{MARKER}: the summary (one or two plain sentences: which area the cluster covers and who works together in it)"
last_reviewed = {today}
# Optional, each as in README.md:
# neighbourhoods = ["..."]
# stated_counts = {{ primary_schools = 0, secondary_schools = 0, childrens_centres = 0 }}
# population = {{ children_and_young_people = 0, on_school_roll = 0, as_of = {today} }}
# families_first_families = 0

# How families ask for help: at least one contact with a phone number or an
# email address. Add a name only where the cluster publishes one.
[[contacts]]
role = "{MARKER}: the contact's role (e.g. Cluster Manager)"
email = "{PLACEHOLDER_EMAIL}"  # {MARKER}: the contact's email address
# phone = "0113 000 0000"
last_reviewed = {today}

# Optional, each as in README.md:
# [[schools]]
# name = "..."
# phase = "primary"
#
# [[childrens_centres]]
# name = "..."
#
# [[services]]
# slug = "family-support"
# name = "..."
# kind = "cluster"
# summary = "..."
# last_reviewed = {today}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_titles_and_stay_short() {
        assert_eq!(
            slug_from_title("Holiday activities 2026").unwrap(),
            "holiday-activities-2026"
        );
        assert_eq!(slug_from_title("../x").unwrap(), "x");
        assert!(slug_from_title("?!...").is_err());
        let long = "word ".repeat(2000);
        let slug = slug_from_title(&long).unwrap();
        assert!(slug.len() <= MAX_SLUG && !slug.ends_with('-'), "{slug}");
        assert!(slug_problem(&slug).is_none());
    }

    #[test]
    fn titles_are_written_as_toml_strings() {
        for title in [
            r#"A "quoted" \ title"#,
            "It's = [x] # +++",
            r#"'''"""\u{41}"#,
        ] {
            let line = format!("title = {}", toml_string(title));
            let table: toml::Table = line.parse().unwrap();
            assert_eq!(table["title"].as_str(), Some(title), "{line}");
        }
    }
}
