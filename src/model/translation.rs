//! Translations: `[[languages]]` in site.toml, and the files that translate
//! the English content into one of them (`how-to-get-help.pl.md`,
//! `cluster.pl.toml`, `request-for-support.pl.toml`).
//!
//! A translation holds only words a family reads: never names of schools,
//! centres or people, phone numbers or email addresses (those stay as the
//! English file has them). Every translation says whether a qualified
//! translator has checked it, and records the English it was made from
//! (`source_hash`) so that `check` can tell when the English has changed.

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::Document;
use crate::diagnostics::SourceFile;

/// One `[[languages]]` entry of site.toml.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageDecl {
    /// Its code, which is also the first part of its pages' addresses: "pl", "ur".
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// Its name in the language itself: "Polski", "اردو".
    pub name: String,
    #[serde(default)]
    pub dir: Direction,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// What every translation says about itself.
#[derive(Debug, Clone)]
pub struct Review {
    /// Whether a qualified translator has checked it. Until one has, the
    /// page says so in its own language.
    pub reviewed: bool,
    /// The checker's role (never a name), e.g. "qualified Polish translator".
    pub reviewer_role: Option<String>,
    /// The hash of the English it was made from (`clustersite translations --record`).
    pub source_hash: Option<Spanned<String>>,
}

/// Each kind of translation says the same three things about itself.
pub trait Reviewed {
    fn review(&self) -> Review;
}

macro_rules! reviewed {
    ($($t:ty),*) => {$(
        impl Reviewed for $t {
            fn review(&self) -> Review {
                Review {
                    reviewed: self.reviewed,
                    reviewer_role: self.reviewer_role.clone(),
                    source_hash: self.source_hash.clone(),
                }
            }
        }
    )*};
}
reviewed!(
    TranslatedFront,
    TranslatedEntryFront,
    ClusterTranslationFile,
    FormTranslationFile
);

/// Front matter of a translated page or home page (`how-to-get-help.pl.md`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub reviewed: bool,
    #[serde(default)]
    pub reviewer_role: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source_hash: Option<Spanned<String>>,
}

/// Front matter of a translated update or case study
/// (`updates/progress-report.pl.md`): its date, consent record and service
/// stay as the English file has them.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedEntryFront {
    pub title: String,
    pub summary: String,
    pub reviewed: bool,
    #[serde(default)]
    pub reviewer_role: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source_hash: Option<Spanned<String>>,
}

/// `clusters/<slug>/cluster.<lang>.toml`: the cluster's words a family reads.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterTranslationFile {
    pub reviewed: bool,
    #[serde(default)]
    pub reviewer_role: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source_hash: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    /// By the service's slug.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ServiceTranslation>")]
    pub services: BTreeMap<Spanned<String>, ServiceTranslation>,
    /// The cluster's referral page: how long it takes to hear back.
    #[serde(default)]
    pub referral_how_long: Option<String>,
    /// Each contact's role and note, in the English file's order (names,
    /// phone numbers and email addresses stay as the English has them).
    #[serde(default)]
    #[schemars(with = "Option<Vec<ContactTranslation>>")]
    pub contacts: Option<Spanned<Vec<ContactTranslation>>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactTranslation {
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceTranslation {
    #[serde(default)]
    pub staffing: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub how_to_get: Option<String>,
}

/// `forms/request-for-support.<lang>.toml`: the form's words, by field id.
/// Field ids and kinds are the English form's; a translation cannot change them.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormTranslationFile {
    pub reviewed: bool,
    #[serde(default)]
    pub reviewer_role: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source_hash: Option<Spanned<String>>,
    pub title: String,
    #[serde(default)]
    pub intro: Vec<String>,
    #[serde(default)]
    pub who_can_ask: Vec<String>,
    #[serde(default)]
    pub what_happens_next: Vec<String>,
    #[serde(default)]
    pub how_long: Option<String>,
    #[serde(default)]
    pub privacy_notice: Vec<String>,
    /// The sections' titles and introductions, in the English form's order.
    #[serde(default)]
    #[schemars(with = "Option<Vec<SectionTranslation>>")]
    pub sections: Option<Spanned<Vec<SectionTranslation>>>,
    /// By field id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, FieldTranslation>")]
    pub fields: BTreeMap<Spanned<String>, FieldTranslation>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionTranslation {
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldTranslation {
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// The choices, in the English form's order.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub options: Option<Spanned<Vec<String>>>,
}

/// A translated file: which language it is in and what it says.
#[derive(Debug, Clone)]
pub struct Translated<T> {
    pub lang: String,
    pub file: Arc<SourceFile>,
    pub data: T,
}

/// A translated page or home page; its `slug` is the English page's.
#[derive(Debug, Clone)]
pub struct TranslatedDoc {
    pub lang: String,
    pub doc: Document<TranslatedFront>,
}

/// A translated update or case study of one cluster; its `slug` is the
/// English one's.
#[derive(Debug, Clone)]
pub struct TranslatedEntry {
    pub lang: String,
    /// The cluster's slug.
    pub cluster: String,
    pub doc: Document<TranslatedEntryFront>,
}

/// Every translation of the site, checked against the English files.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    pub home: Vec<TranslatedDoc>,
    pub pages: Vec<TranslatedDoc>,
    /// With the cluster's slug.
    pub clusters: Vec<(String, Translated<ClusterTranslationFile>)>,
    pub forms: Vec<Translated<FormTranslationFile>>,
    pub updates: Vec<TranslatedEntry>,
    pub case_studies: Vec<TranslatedEntry>,
}

impl Translations {
    pub fn home(&self, lang: &str) -> Option<&TranslatedDoc> {
        self.home.iter().find(|t| t.lang == lang)
    }

    pub fn page(&self, lang: &str, slug: &str) -> Option<&TranslatedDoc> {
        self.pages
            .iter()
            .find(|t| t.lang == lang && t.doc.slug == slug)
    }

    pub fn cluster(&self, lang: &str, slug: &str) -> Option<&Translated<ClusterTranslationFile>> {
        (self.clusters.iter())
            .find(|(s, t)| s == slug && t.lang == lang)
            .map(|(_, t)| t)
    }

    pub fn form(&self, lang: &str) -> Option<&Translated<FormTranslationFile>> {
        self.forms.iter().find(|t| t.lang == lang)
    }

    pub fn update(&self, lang: &str, cluster: &str, slug: &str) -> Option<&TranslatedEntry> {
        entry(&self.updates, lang, cluster, slug)
    }

    pub fn case_study(&self, lang: &str, cluster: &str, slug: &str) -> Option<&TranslatedEntry> {
        entry(&self.case_studies, lang, cluster, slug)
    }
}

fn entry<'t>(
    all: &'t [TranslatedEntry],
    lang: &str,
    cluster: &str,
    slug: &str,
) -> Option<&'t TranslatedEntry> {
    all.iter()
        .find(|t| t.lang == lang && t.cluster == cluster && t.doc.slug == slug)
}

/// The hash a translation records of the English it was made from: 16 hex
/// digits of XXH3, enough to tell an edit, short enough to read.
pub fn source_hash(english: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(english.as_bytes()))
}

/// The English a cluster translation translates: the fields it may hold,
/// so that a changed phone number or date does not call for a new translation.
pub fn cluster_source(cluster: &super::ClusterFile) -> String {
    let mut text = vec![cluster.summary.clone()];
    for s in &cluster.services {
        text.push(s.slug.get_ref().clone());
        text.extend(s.staffing.clone());
        text.push(s.summary.clone());
        text.extend(s.how_to_get.clone());
    }
    text.extend(cluster.referral.how_long.clone());
    for c in &cluster.contacts {
        text.extend(c.role.clone());
        text.extend(c.note.clone());
    }
    text.join("\n")
}

/// The English a form translation translates: every word a family reads.
pub fn form_source(form: &super::FormFile) -> String {
    let mut text = vec![form.title.clone()];
    for list in [
        &form.intro,
        &form.who_can_ask,
        &form.what_happens_next,
        &form.privacy_notice,
    ] {
        text.extend(list.iter().cloned());
    }
    text.extend(form.how_long.clone());
    for section in &form.sections {
        text.push(section.title.clone());
        text.extend(section.intro.clone());
        for field in &section.fields {
            text.push(field.id.get_ref().clone());
            text.push(field.label.clone());
            text.extend(field.hint.clone());
            text.extend(field.options.iter().cloned());
        }
    }
    text.join("\n")
}

/// One translation with the English it translates: what `check` and
/// `clustersite translations` compare.
pub struct Source<'s> {
    pub lang: &'s str,
    pub file: &'s SourceFile,
    /// The English file it translates.
    pub english_path: &'s str,
    /// The English words it translates (see [`cluster_source`], [`form_source`]).
    pub english: String,
    pub review: Review,
    /// Where `source_hash` sits in `file`, if it is there.
    pub hash_span: Option<std::ops::Range<usize>>,
}

impl Source<'_> {
    pub fn status(&self) -> Status {
        match &self.review.source_hash {
            None => Status::Unrecorded,
            Some(h) if *h.get_ref() == source_hash(&self.english) => Status::Current,
            Some(_) => Status::OutOfDate,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Current,
    OutOfDate,
    /// No `source_hash`: nobody knows which English it was made from.
    Unrecorded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::OutOfDate => "out of date",
            Status::Unrecorded => "source_hash not recorded",
        }
    }
}

/// Every translation of the site with its English.
pub fn sources(site: &super::Site) -> Vec<Source<'_>> {
    let t = &site.translations;
    let mut all = Vec::new();
    let doc = |d: &'_ TranslatedDoc,
               english: &'_ super::MarkdownDoc|
     -> (String, Option<std::ops::Range<usize>>) {
        let span = (d.doc.front.source_hash.as_ref())
            .map(|h| d.doc.front_offset + h.span().start..d.doc.front_offset + h.span().end);
        (english.file.text.clone(), span)
    };
    for home in &t.home {
        if let Some(english) = &site.home {
            let (text, span) = doc(home, &english.doc);
            all.push(Source {
                lang: &home.lang,
                file: &home.doc.doc.file,
                english_path: &english.doc.file.display_path,
                english: text,
                review: home.doc.front.review(),
                hash_span: span,
            });
        }
    }
    for page in &t.pages {
        if let Some(english) = site.pages.iter().find(|p| p.slug == page.doc.slug) {
            let (text, span) = doc(page, &english.doc);
            all.push(Source {
                lang: &page.lang,
                file: &page.doc.doc.file,
                english_path: &english.doc.file.display_path,
                english: text,
                review: page.doc.front.review(),
                hash_span: span,
            });
        }
    }
    all.extend(entry_sources(site, &t.updates, |c| {
        c.updates
            .iter()
            .map(|u| (u.slug.as_str(), &u.doc))
            .collect()
    }));
    all.extend(entry_sources(site, &t.case_studies, |c| {
        (c.case_studies.iter())
            .map(|s| (s.slug.as_str(), &s.doc))
            .collect()
    }));
    for (slug, c) in &t.clusters {
        if let Some(english) = site.clusters.iter().find(|e| &e.slug == slug) {
            all.push(Source {
                lang: &c.lang,
                file: &c.file,
                english_path: &english.file.display_path,
                english: cluster_source(&english.data),
                review: c.data.review(),
                hash_span: c.data.source_hash.as_ref().map(|h| h.span()),
            });
        }
    }
    for f in &t.forms {
        all.push(Source {
            lang: &f.lang,
            file: &f.file,
            english_path: &site.form.file.display_path,
            english: form_source(&site.form.data),
            review: f.data.review(),
            hash_span: f.data.source_hash.as_ref().map(|h| h.span()),
        });
    }
    all
}

/// Translated updates or case studies with their English (`english`: a
/// cluster's updates or case studies, by slug).
fn entry_sources<'s>(
    site: &'s super::Site,
    all: &'s [TranslatedEntry],
    english: fn(&'s super::Cluster) -> Vec<(&'s str, &'s super::MarkdownDoc)>,
) -> Vec<Source<'s>> {
    let mut found = Vec::new();
    for entry in all {
        let Some((_, doc)) = (site.clusters.iter())
            .filter(|c| c.slug == entry.cluster)
            .flat_map(|c| english(c))
            .find(|(slug, _)| *slug == entry.doc.slug)
        else {
            continue;
        };
        let front = &entry.doc.front;
        let offset = entry.doc.front_offset;
        found.push(Source {
            lang: &entry.lang,
            file: &entry.doc.doc.file,
            english_path: &doc.file.display_path,
            english: doc.file.text.clone(),
            review: front.review(),
            hash_span: (front.source_hash.as_ref())
                .map(|h| offset + h.span().start..offset + h.span().end),
        });
    }
    found
}

/// `text` with `source_hash = "<hash>"`: the value replaced where it is
/// (`span`, the quoted string), or else a new line after `reviewed = ...`.
/// Nothing else in the file moves, so an editor's diff shows one line.
pub fn record_source_hash(
    text: &str,
    span: Option<std::ops::Range<usize>>,
    hash: &str,
) -> Option<String> {
    let quoted = format!("\"{hash}\"");
    if let Some(span) = span {
        let mut out = text.to_owned();
        out.replace_range(span, &quoted);
        return Some(out);
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            return None;
        }
        offset += line.len();
        if line.trim_start_matches('\u{feff}').starts_with("reviewed") {
            let newline = if line.ends_with('\n') { "" } else { "\n" };
            let mut out = text.to_owned();
            out.insert_str(offset, &format!("{newline}source_hash = {quoted}\n"));
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_adds_one_line_after_reviewed_or_replaces_the_value() {
        let md = "+++\ntitle = \"T\"\nreviewed = false\n+++\nBody\n";
        let added = record_source_hash(md, None, "abc").unwrap();
        assert_eq!(
            added,
            "+++\ntitle = \"T\"\nreviewed = false\nsource_hash = \"abc\"\n+++\nBody\n"
        );
        let start = added.find("\"abc\"").unwrap();
        let replaced = record_source_hash(&added, Some(start..start + 5), "def").unwrap();
        assert_eq!(replaced, added.replace("abc", "def"));
        assert_eq!(
            record_source_hash("[x]\nreviewed = true\n", None, "a"),
            None
        );
    }
}
