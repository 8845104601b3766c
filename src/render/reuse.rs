//! Keys for reusing a page from an earlier build without making its context.
//!
//! Making every page's context (views, JSON) is most of an incremental
//! rebuild once Tera and the PDFs are cached, so each job also gets a key
//! from its *inputs*:
//!
//! - the site's **structure**: all of its TOML (each TOML file, and the
//!   front matter of each Markdown file) with their paths, plus everything
//!   else a context can read
//!   (today, the base URL, minifying, the theme, the set of linkable URLs);
//! - the bodies of the documents the job itself shows.
//!
//! That split is sound because a Markdown body appears only on its own page
//! (lists, feeds and the find page use front matter and TOML only), so saving
//! a body changes one job's key, and any other edit changes every key. A
//! wrong split would show as a stale page; `tests/serve.rs` and the unit test
//! below compare incremental rebuilds with fresh builds after each kind of edit.

use super::Job;
use crate::cache::{Key, KeyHasher};
use crate::model::{MarkdownDoc, Site};

/// The key of everything but Markdown bodies; `shared` holds the other
/// inputs every context can read.
pub fn structure_key(site: &Site, shared: &mut KeyHasher) -> Key {
    for (file, toml) in site.toml_parts() {
        shared.add(&file.display_path).add(&file.text[toml]);
    }
    shared.key()
}

/// The Markdown documents whose body the job shows.
fn own_document<'a>(site: &'a Site, job: &Job<'a>) -> Option<&'a MarkdownDoc> {
    match job {
        Job::Home => site.home.as_ref().map(|h| &h.doc),
        Job::Page(page) => Some(&page.doc),
        Job::Cluster(c) => c.intro.as_ref().map(|i| &i.doc),
        Job::CaseStudy(_, study) => Some(&study.doc),
        Job::Update(_, update) => Some(&update.doc),
        Job::Find
        | Job::FindLetter(_)
        | Job::OpenData
        | Job::Clusters
        | Job::Updates
        | Job::NotFound
        | Job::Service(..)
        | Job::Referral(_)
        | Job::Redirect(_) => None,
    }
}

/// The job's key: the structure, which job it is, and its own body.
pub fn job_key(site: &Site, structure: Key, job: &Job) -> Key {
    let mut key = KeyHasher::new("job");
    key.add(structure);
    match job {
        Job::Home => key.add("home"),
        Job::Find => key.add("find"),
        Job::FindLetter(url) => key.add("find letter").add(url),
        Job::OpenData => key.add("open data"),
        Job::Clusters => key.add("clusters"),
        Job::Updates => key.add("updates"),
        Job::NotFound => key.add("not found"),
        Job::Page(page) => key.add("page").add(&page.slug),
        Job::Cluster(c) => key.add("cluster").add(&c.slug),
        Job::Service(c, s) => key.add("service").add(&c.slug).add(s.slug.get_ref()),
        Job::CaseStudy(c, s) => key.add("case study").add(&c.slug).add(&s.slug),
        Job::Update(c, u) => key.add("update").add(&c.slug).add(&u.slug),
        Job::Referral(c) => key.add("referral").add(&c.slug),
        Job::Redirect(r) => key.add("redirect").add(r.from.get_ref()),
    };
    if let Some(doc) = own_document(site, job) {
        key.add(&doc.file.display_path).add(doc.body());
    }
    key.key()
}
