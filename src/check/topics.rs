//! Topics (`content/topics.toml`) and the tags that name them. A topic's slug
//! becomes an address (`/search/topics/<slug>/`), so it follows the slug
//! grammar and is given once; a tag must name a topic that exists (a typo
//! would silently drop a service from a topic page); a topic nothing is
//! tagged with would be an empty page, so it is a warning.

use std::collections::{BTreeSet, HashSet};

use toml::Spanned;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{slugify, Site};
use crate::site_path::slug_problem;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = topic_problems(site);
    let known = known_slugs(site);
    let mut used = HashSet::new();
    for (file, offset, tags) in tags(site) {
        for tag in tags {
            used.insert(tag.get_ref().as_str());
            if !known.contains(tag.get_ref().as_str()) {
                found.push(unknown(site, file, offset, tag, &known));
            }
        }
    }
    if let Some(file) = &site.topics.file {
        for topic in &site.topics.list {
            let slug = topic.slug.get_ref();
            if !used.contains(slug.as_str()) && known.contains(slug.as_str()) {
                found.push(
                    Diagnostic::at(
                        file,
                        topic.slug.span(),
                        "unused-topic",
                        format!("no service or page has the topic `{slug}`"),
                    )
                    .help(format!(
                        "add \"{slug}\" to the `topics` of the services and pages it is about, \
                         or remove this topic: its page would list nothing"
                    ))
                    .warning(),
                );
            }
        }
    }
    found
}

/// The slugs a tag may name: those of the topics that get a page.
fn known_slugs(site: &Site) -> BTreeSet<&str> {
    (site.topics.with_pages().into_iter())
        .map(|t| t.slug.get_ref().as_str())
        .collect()
}

/// Every `topics = [...]` list: its file, where its TOML starts, its tags.
fn tags(site: &Site) -> Vec<(&SourceFile, usize, &[Spanned<String>])> {
    let mut all = Vec::new();
    for cluster in &site.clusters {
        for service in &cluster.data.services {
            all.push((&*cluster.file, 0, service.topics.as_slice()));
        }
    }
    for page in &site.pages {
        all.push((
            &*page.doc.file,
            page.front_offset,
            page.front.topics.as_slice(),
        ));
    }
    all
}

fn unknown(
    site: &Site,
    file: &SourceFile,
    offset: usize,
    tag: &Spanned<String>,
    known: &BTreeSet<&str>,
) -> Diagnostic {
    let name = tag.get_ref();
    let span = tag.span();
    let d = Diagnostic::at(
        file,
        offset + span.start..offset + span.end,
        "unknown-topic",
        format!(
            "`{}` is not a topic in content/topics.toml",
            name.escape_debug()
        ),
    );
    // In the file's order, as the editor sees them.
    let listed: Vec<String> = (site.topics.list.iter())
        .map(|t| t.slug.get_ref())
        .filter(|s| known.contains(s.as_str()))
        .map(|s| format!("\"{s}\""))
        .collect();
    if listed.is_empty() {
        return d.help(format!(
            "add it to content/topics.toml as a [[topics]] entry with slug = \"{}\", a name \
             and a description",
            slugify(name)
        ));
    }
    let closest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance);
    match closest {
        Some((_, best)) => d.help(format!(
            "did you mean \"{best}\"? the topics are {}",
            listed.join(", ")
        )),
        None => d.help(format!(
            "use one of the topics {}, or add it to content/topics.toml as a [[topics]] entry",
            listed.join(", ")
        )),
    }
}

/// Slugs that cannot be addresses, slugs given twice, topics without words.
fn topic_problems(site: &Site) -> Vec<Diagnostic> {
    let Some(file) = &site.topics.file else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for topic in &site.topics.list {
        let slug = topic.slug.get_ref();
        if let Some(why) = slug_problem(slug) {
            let example = match slugify(slug) {
                s if s.is_empty() => "family-support".to_owned(),
                s => s,
            };
            found.push(
                Diagnostic::at(
                    file,
                    topic.slug.span(),
                    "bad-slug",
                    format!(
                        "topic slug `{}` cannot be part of a web address: {why}",
                        slug.escape_debug()
                    ),
                )
                .help(format!(
                    "use lower-case letters, digits and hyphens, e.g. slug = \"{example}\""
                )),
            );
        } else if !seen.insert(slug.as_str()) {
            found.push(
                Diagnostic::at(
                    file,
                    topic.slug.span(),
                    "duplicate-topic",
                    format!("the topic `{slug}` is already in content/topics.toml"),
                )
                .help("keep one [[topics]] entry for each slug, or give this one another slug"),
            );
        }
        let fields = [
            ("name", &topic.name, "Going to school"),
            (
                "description",
                &topic.description,
                "Help when a child misses school or finds it hard to go.",
            ),
        ];
        for (field, value, example) in fields {
            if value.get_ref().trim().is_empty() {
                found.push(
                    Diagnostic::at(
                        file,
                        value.span(),
                        "topic",
                        format!("the topic `{slug}` has an empty {field}"),
                    )
                    .help(format!(
                        "write its {field} in plain words, as a family would say it, \
                         e.g. {field} = \"{example}\""
                    )),
                );
            }
        }
    }
    found
}
