//! The anonymisation gate for case studies: they are about real families, so
//! nothing in them may say who the family are or how to reach them, and the
//! front matter must show who anonymised and reviewed them (as roles) and
//! what consent there is.
//!
//! The gate reads what will be published, not the file's raw text: each
//! front matter string as decoded, and the body as rendered, both with
//! characters nobody can see removed and NFKC applied (published_text.rs).
//! Those characters are themselves refused, so `J\u00ADane`, `Jay&#8203;den`
//! and `jane.doe&#64;example.com` are all found, and located in the file.
//!
//! A reviewer can allow a finding they judged safe with `allow = ["Easter"]`
//! in that case study's front matter; an allowance nothing needs is reported
//! so that allow lists stay short.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::locate;
use super::names::{self, Vocabulary};
use super::pii::{self, Kind};
use super::published_text::{self, hidden, Published};
use crate::cache::{KeyHasher, Memo};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{CaseStudy, Site};
use crate::toml_strings;

pub fn check(site: &Site, kept: &Memo<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let names = site_names(site);
    let names_key = KeyHasher::new("site names").add(&names).key();
    // Built only if some case study is not in the cache.
    let vocabulary = OnceLock::new();
    let studies: Vec<&CaseStudy> = site.clusters.iter().flat_map(|c| &c.case_studies).collect();
    // The scan is the slowest rule on a big site; case studies are independent.
    // A study's findings depend only on its own file and the site's names.
    studies
        .par_iter()
        .flat_map_iter(|study| {
            let key = || {
                KeyHasher::new("case study findings")
                    .add(&study.doc.file.display_path)
                    .add(study.doc.file.digest())
                    .add(names_key)
                    .key()
            };
            kept.get_or(key, || {
                let vocabulary = vocabulary.get_or_init(|| Vocabulary::new(names.clone()));
                let mut found = roles(study);
                found.extend(consent(study));
                found.extend(content(study, vocabulary));
                found
            })
        })
        .collect()
}

/// The names the site itself publishes: they explain capitals in a story.
/// Case-study titles are left out: they are what is being checked.
fn site_names(site: &Site) -> Vec<&str> {
    let config = &site.config;
    let mut names: Vec<&str> = vec![&config.title, &site.form.data.title];
    names.extend(config.contact.name.as_deref());
    names.extend(config.contact.role.as_deref());
    names.extend(site.home.iter().map(|h| h.front.title.as_str()));
    names.extend(site.pages.iter().map(|p| p.front.title.as_str()));
    for cluster in &site.clusters {
        let data = &cluster.data;
        names.push(&data.name);
        names.extend(data.neighbourhoods.iter().map(String::as_str));
        names.extend(data.governance.iter().map(|g| g.body.as_str()));
        names.extend(data.schools.iter().map(|s| s.name.get_ref().as_str()));
        names.extend(
            data.childrens_centres
                .iter()
                .map(|c| c.name.get_ref().as_str()),
        );
        names.extend(data.services.iter().map(|s| s.name.as_str()));
        names.extend(data.contacts.iter().filter_map(|c| c.role.as_deref()));
        names.extend(cluster.intro.iter().map(|i| i.front.title.as_str()));
        names.extend(cluster.updates.iter().map(|u| u.front.title.as_str()));
    }
    names
}

fn shift(span: Range<usize>, by: usize) -> Range<usize> {
    span.start + by..span.end + by
}

/// `anonymised_by` and `reviewed_by` name roles, never people.
fn roles(study: &CaseStudy) -> Vec<Diagnostic> {
    let file = &study.doc.file;
    role_fields(study)
        .into_iter()
        .filter_map(|(key, span)| {
            // Read as published: no hidden character may split the name.
            let value = published_text::toml::string(&file.text[span.clone()], span.start).text;
            names::looks_like_person(&value).then(|| {
                Diagnostic::at(
                    file,
                    span,
                    "role-not-name",
                    format!("`{value}` looks like a person's name; {key} must be a role"),
                )
                .help("write the person's role instead, e.g. \"Family Support Worker\" or \"Cluster Manager\"")
            })
        })
        .collect()
}

/// The role fields and their values' ranges in the file.
fn role_fields(study: &CaseStudy) -> [(&'static str, Range<usize>); 2] {
    let front = &study.front;
    let at = |value: &toml::Spanned<String>| shift(value.span(), study.front_offset);
    [
        ("anonymised_by", at(&front.anonymised_by)),
        ("reviewed_by", at(&front.reviewed_by)),
    ]
}

/// Recorded consent has a date: when it was given is part of the record.
fn consent(study: &CaseStudy) -> Option<Diagnostic> {
    let consent = study.front.consent.get_ref();
    if !consent.recorded || consent.date.is_some() {
        return None;
    }
    Some(
        Diagnostic::at(
            &study.doc.file,
            shift(study.front.consent.span(), study.front_offset),
            "consent-date",
            "consent is recorded as given, but not when",
        )
        .help("add the date the family gave consent, e.g. consent = { recorded = true, date = 2015-09-30 }"),
    )
}

/// A finding before allowances are applied, in published text.
struct Candidate {
    /// Where it is in the published text it was found in.
    range: Range<usize>,
    error: bool,
    rule: &'static str,
    message: String,
    help: &'static str,
}

/// One published text of a case study, and how to read it for names.
struct Part {
    text: Published,
    names: Names,
}

enum Names {
    /// Words of a front matter string; a title reads like a heading.
    Plain { heading: bool },
    /// The words of the Markdown body.
    Words(Vec<names::Word>),
    /// Not read for names: roles have their own rule, link targets are not prose.
    No,
}

/// Every text a case study publishes: each string of its front matter
/// (but the reviewer's allowances), the body, and the body's link targets.
fn published_parts(study: &CaseStudy) -> Vec<Part> {
    let file = &study.doc.file;
    let front = study.front_matter();
    let title = locate::front_value(study, "title");
    let roles = role_fields(study).map(|(_, span)| span);
    let allowances: Vec<Range<usize>> = study
        .front
        .allow
        .iter()
        .map(|a| shift(a.span(), study.front_offset))
        .collect();
    let mut parts = Vec::new();
    for literal in toml_strings::spans(&file.text[front.clone()]) {
        let span = shift(literal, front.start);
        if allowances.contains(&span) {
            continue;
        }
        let names = if roles.contains(&span) {
            Names::No
        } else {
            Names::Plain {
                heading: title.as_ref() == Some(&span),
            }
        };
        let text = published_text::toml::string(&file.text[span.clone()], span.start);
        parts.push(Part { text, names });
    }
    let body = published_text::markdown::body(study.doc.body(), study.doc.body_offset);
    let words = names::markdown_words(&body);
    parts.push(Part {
        text: body.text,
        names: Names::Words(words),
    });
    parts.push(Part {
        text: body.targets,
        names: Names::No,
    });
    parts
}

/// Personal details and names in everything the case study publishes, and
/// characters in it that a reader cannot see.
fn content(study: &CaseStudy, vocabulary: &Vocabulary) -> Vec<Diagnostic> {
    let file = &study.doc.file;
    let parts = published_parts(study);
    let allowances: Vec<String> = study
        .front
        .allow
        .iter()
        .map(|a| published_text::normalise(a.get_ref()))
        .collect();
    let mut used = vec![false; allowances.len()];
    let mut found = hidden_characters(file, &parts);
    for part in &parts {
        let text = &part.text.text;
        for candidate in scan(part, vocabulary) {
            let allowed_by = allowances.iter().position(|allow| {
                !allow.is_empty()
                    && text.match_indices(allow.as_str()).any(|(at, _)| {
                        at <= candidate.range.start && candidate.range.end <= at + allow.len()
                    })
            });
            if let Some(i) = allowed_by {
                used[i] = true;
                continue;
            }
            let span = part.text.source(candidate.range);
            let d =
                Diagnostic::at(file, span, candidate.rule, candidate.message).help(candidate.help);
            found.push(if candidate.error { d } else { d.warning() });
        }
    }
    for (allow, used) in study.front.allow.iter().zip(used) {
        if !used {
            found.push(
                Diagnostic::at(
                    file,
                    shift(allow.span(), study.front_offset),
                    "stale-allow",
                    format!(
                        "`{}` is allowed, but nothing in this case study needs it",
                        allow.get_ref()
                    ),
                )
                .help(
                    "remove it from `allow`: an allowance is for a finding a reviewer judged safe",
                )
                .warning(),
            );
        }
    }
    found
}

/// Every character a reader cannot see, typed anywhere in the file or
/// written as an escape or entity in what it publishes: one error each.
fn hidden_characters(file: &SourceFile, parts: &[Part]) -> Vec<Diagnostic> {
    let typed = file
        .text
        .char_indices()
        .filter(|&(_, c)| hidden::is_hidden(c))
        .map(|(at, c)| (at..at + c.len_utf8(), c));
    let written = parts
        .iter()
        .flat_map(|p| &p.text.hidden)
        .map(|h| (h.source.clone(), h.char));
    // By place in the file: a typed character is also in the published text.
    let all: BTreeMap<usize, (Range<usize>, char)> = typed
        .chain(written)
        .map(|(span, c)| (span.start, (span, c)))
        .collect();
    all.into_values()
        .map(|(span, c)| {
            // Rule and wording shared with the hidden-character rule for every
            // content file (src/check/hidden_characters.rs): where both find
            // the same character, the sorted report keeps one finding.
            let message = format!(
                "the character {} is hidden here: it cannot be seen, but it changes how the text reads",
                hidden::describe(c)
            );
            Diagnostic::at(file, span, "hidden-character", message)
                .help("delete it (retype the words around it if your editor does not show it)")
        })
        .collect()
}

/// Pattern and name findings in one published part.
fn scan(part: &Part, vocabulary: &Vocabulary) -> Vec<Candidate> {
    let text = &part.text.text;
    let mut found: Vec<Candidate> = pii::scan(text)
        .into_iter()
        .map(|p| Candidate {
            message: format!(
                "this looks like {} (`{}`): a case study must not say who the family are",
                p.kind.describe(),
                &text[p.range.clone()]
            ),
            range: p.range,
            error: true,
            rule: "personal-data",
            help: pii_help(p.kind),
        })
        .collect();
    let plain;
    let words = match &part.names {
        Names::Words(words) => words,
        Names::Plain { heading } => {
            plain = names::plain_words(text, 0, *heading);
            &plain
        }
        Names::No => return found,
    };
    for name in names::find(text, words, vocabulary) {
        let shown = &text[name.range.clone()];
        let (message, help) = if name.certain {
            (
                format!("`{shown}` is a person's name: a case study must not name anyone"),
                "write a role or description instead (\"the child\", \"Mum\", \"the older brother\"); \
                 if it is not a person, a reviewer can add it to `allow = [...]` in the front matter",
            )
        } else {
            (
                format!("`{shown}` looks like a name"),
                "if it names a person, write a role or description instead; if a reviewer judges it \
                 safe (a place, a method, a programme), add it to `allow = [...]` in the front matter",
            )
        };
        found.push(Candidate {
            range: name.range,
            error: name.certain,
            rule: "personal-name",
            message,
            help,
        });
    }
    found
}

fn pii_help(kind: Kind) -> &'static str {
    match kind {
        Kind::Email | Kind::Phone => {
            "remove it; if it is a service's public address, a reviewer can add it to `allow = [...]` \
             in the front matter"
        }
        Kind::Postcode => "give the area instead (\"LS9\", or the neighbourhood)",
        Kind::ExactDate => "give the month and year, or the child's age, instead",
        Kind::BirthDate => "give the child's age instead (\"aged 7\")",
        Kind::SocialMedia => "remove the link: a profile identifies the person",
    }
}
