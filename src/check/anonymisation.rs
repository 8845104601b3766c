//! The anonymisation gate for case studies: they are about real families, so
//! nothing in them may say who the family are or how to reach them, and the
//! front matter must show who anonymised and reviewed them (as roles) and
//! what consent there is.
//!
//! A reviewer can allow a finding they judged safe with `allow = ["Easter"]`
//! in that case study's front matter; an allowance nothing needs is reported
//! so that allow lists stay short.

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::locate;
use super::names::{self, Vocabulary};
use super::pii::{self, Kind};
use crate::cache::{BuildCache, KeyHasher};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{CaseStudy, Site};

pub fn check(site: &Site, cache: &BuildCache) -> Vec<Diagnostic> {
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
                    .add(&study.doc.file.text)
                    .add(names_key)
                    .key()
            };
            cache.case_study_findings.get_or(key, || {
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
    let front = &study.front;
    [("anonymised_by", &front.anonymised_by), ("reviewed_by", &front.reviewed_by)]
        .into_iter()
        .filter(|(_, value)| names::looks_like_person(value.get_ref()))
        .map(|(key, value)| {
            Diagnostic::at(
                &study.doc.file,
                shift(value.span(), study.front_offset),
                "role-not-name",
                format!("`{}` looks like a person's name; {key} must be a role", value.get_ref()),
            )
            .help("write the person's role instead, e.g. \"Family Support Worker\" or \"Cluster Manager\"")
        })
        .collect()
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

/// A finding before allowances are applied.
struct Candidate {
    range: Range<usize>,
    error: bool,
    rule: &'static str,
    message: String,
    help: &'static str,
}

/// Personal details and names in the title, summary and body.
fn content(study: &CaseStudy, vocabulary: &Vocabulary) -> Vec<Diagnostic> {
    let file = &study.doc.file;
    let mut candidates = Vec::new();
    for (key, heading) in [("title", true), ("summary", false)] {
        if let Some(inner) = locate::front_value(study, key).and_then(|v| string_inside(file, v)) {
            let words = names::plain_words(&file.text[inner.clone()], inner.start, heading);
            candidates.extend(scan(file, inner, &words, vocabulary));
        }
    }
    let body = study.doc.body_offset..file.text.len();
    let words = names::markdown_words(study.doc.body())
        .into_iter()
        .map(|mut w| {
            w.range = shift(w.range, body.start);
            w
        })
        .collect::<Vec<_>>();
    candidates.extend(scan(file, body, &words, vocabulary));

    let allowances = &study.front.allow;
    let mut used = vec![false; allowances.len()];
    let mut found = Vec::new();
    for candidate in candidates {
        let allowed_by = allowances.iter().position(|allow| {
            let allow = allow.get_ref().as_str();
            !allow.is_empty()
                && file.text.match_indices(allow).any(|(at, _)| {
                    at <= candidate.range.start && candidate.range.end <= at + allow.len()
                })
        });
        if let Some(i) = allowed_by {
            used[i] = true;
            continue;
        }
        let d = Diagnostic::at(file, candidate.range, candidate.rule, candidate.message)
            .help(candidate.help);
        found.push(if candidate.error { d } else { d.warning() });
    }
    for (allow, used) in allowances.iter().zip(used) {
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

/// The text inside a one-line string value's quotes.
fn string_inside(file: &SourceFile, value: Range<usize>) -> Option<Range<usize>> {
    let raw = &file.text[value.clone()];
    let quoted = raw.len() >= 2 && (raw.starts_with('"') || raw.starts_with('\''));
    (quoted && !raw.starts_with("\"\"\"") && !raw.starts_with("'''"))
        .then(|| value.start + 1..value.end - 1)
}

/// Pattern and name findings in `range` of the file, whose words are given.
fn scan(
    file: &SourceFile,
    range: Range<usize>,
    words: &[names::Word],
    vocabulary: &Vocabulary,
) -> Vec<Candidate> {
    let text = &file.text[range.clone()];
    let mut found: Vec<Candidate> = pii::scan(text)
        .into_iter()
        .map(|p| {
            let span = shift(p.range, range.start);
            Candidate {
                message: format!(
                    "this looks like {} (`{}`): a case study must not say who the family are",
                    p.kind.describe(),
                    &file.text[span.clone()]
                ),
                range: span,
                error: true,
                rule: "personal-data",
                help: pii_help(p.kind),
            }
        })
        .collect();
    for name in names::find(&file.text, words, vocabulary) {
        let shown = &file.text[name.range.clone()];
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
