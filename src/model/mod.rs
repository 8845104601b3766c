//! The typed site: what the content says, after loading and before rendering.
//!
//! The `*File` and `*Front` structs mirror the TOML exactly (unknown keys are
//! refused); the wrappers add what the loader derives: slugs and source files.

use std::num::NonZeroU32;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostics::SourceFile;

mod date;
mod site;
pub mod translation;
pub use date::{Date, MONTHS};
pub use site::{CaseStudy, Cluster, Document, Intro, MarkdownDoc, Page, Site, Update};

/// `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_review_after_months")]
    pub review_after_months: u32,
    /// The city-wide contact shown on every page.
    pub contact: Contact,
    /// Old URLs that now live elsewhere; each keeps working as a redirect.
    #[serde(default)]
    pub redirects: Vec<Redirect>,
    /// How many items a list of updates, case studies or clusters shows on
    /// one page before "Next page".
    #[serde(default = "default_paginate_by")]
    pub paginate_by: NonZeroU32,
    /// How many of the latest updates a feed carries.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: NonZeroU32,
    /// The links in every page's header and footer.
    #[serde(default)]
    pub menu: Menu,
    /// Sentences longer than this many words are flagged (`long-sentence`).
    #[serde(default = "default_max_sentence_words")]
    pub max_sentence_words: u32,
    /// The languages besides `language` that pages may be translated into.
    #[serde(default)]
    pub languages: Vec<translation::LanguageDecl>,
}

fn default_max_sentence_words() -> u32 {
    25
}

/// `glossary.toml`: words a family may not know, and what they mean. The
/// `plain-words` rules and the first-use explanation on pages read it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    #[serde(default)]
    pub terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    /// As it is written on pages: "JCC", "Schools Forum".
    #[schemars(with = "String")]
    pub term: Spanned<String>,
    /// Plain words, as they will stand in brackets after the term.
    pub meaning: String,
}

/// `topics.toml`: the needs a family may look for help with. Services and
/// pages name them in `topics = [...]`; each has a page under `/search/`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicsFile {
    #[serde(default)]
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Its address, `/search/topics/<slug>/`, and what tags name it by.
    #[schemars(with = "String")]
    pub slug: Spanned<String>,
    /// Plain words a family would use: "Going to school".
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// One plain sentence about the help it covers.
    #[schemars(with = "String")]
    pub description: Spanned<String>,
}

/// The topics and their file (none when the site has no topics.toml).
#[derive(Debug, Clone, Default)]
pub struct Topics {
    pub file: Option<Arc<SourceFile>>,
    pub list: Vec<Topic>,
}

impl Topics {
    /// The topics that get a page, in the file's order: a slug that cannot
    /// be an address, or that an earlier topic has, is an error
    /// (`check/topics.rs`) and never becomes a path.
    pub fn with_pages(&self) -> Vec<&Topic> {
        let mut seen = std::collections::HashSet::new();
        (self.list.iter())
            .filter(|t| {
                let slug = t.slug.get_ref().as_str();
                crate::site_path::slug_problem(slug).is_none() && seen.insert(slug)
            })
            .collect()
    }
}

/// The glossary and its file (none when the site has no glossary.toml).
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub file: Option<Arc<SourceFile>>,
    pub terms: Vec<GlossaryTerm>,
}

/// `[menu]` in site.toml. Without it, the header has only the built-in
/// links and the footer lists the first few content pages.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Menu {
    #[serde(default)]
    pub header: Vec<MenuLink>,
    pub footer: Option<Vec<MenuLink>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuLink {
    /// Needed unless the link is to a content page, whose title it takes.
    pub title: Option<String>,
    /// A page of the site, from its root: `/how-to-get-help/`.
    #[schemars(with = "String")]
    pub url: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    #[schemars(with = "String")]
    pub to: Spanned<String>,
}

fn default_language() -> String {
    "en-GB".into()
}

fn default_review_after_months() -> u32 {
    12
}

fn default_paginate_by() -> NonZeroU32 {
    NonZeroU32::new(20).expect("20 is not zero")
}

fn default_feed_limit() -> NonZeroU32 {
    NonZeroU32::new(20).expect("20 is not zero")
}

/// A way to reach a person or team. Shown in the same order on every page.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub role: Option<String>,
    /// Only where the source publishes a name.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub phone: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
    #[schemars(with = "Date")]
    pub last_reviewed: Spanned<Date>,
}

/// `clusters/<slug>/cluster.toml`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterFile {
    pub name: String,
    pub summary: String,
    #[serde(default)]
    pub neighbourhoods: Vec<String>,
    #[serde(default)]
    #[schemars(with = "Option<StatedCounts>")]
    pub stated_counts: Option<Spanned<StatedCounts>>,
    #[serde(default)]
    pub population: Option<Population>,
    #[serde(default)]
    pub families_first_families: Option<u32>,
    pub last_reviewed: Date,
    #[serde(default)]
    pub governance: Option<Governance>,
    #[serde(default)]
    pub funding: Option<Funding>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub schools: Vec<School>,
    #[serde(default)]
    pub childrens_centres: Vec<ChildrensCentre>,
    #[serde(default)]
    pub services: Vec<Service>,
    #[serde(default)]
    pub referral: ReferralSettings,
}

/// Counts the source states, which may differ from what could be listed.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedCounts {
    pub primary_schools: Option<u32>,
    pub secondary_schools: Option<u32>,
    pub childrens_centres: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Population {
    pub children_and_young_people: Option<u32>,
    pub on_school_roll: Option<u32>,
    pub as_of: Date,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    pub body: String,
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// Markdown.
    #[schemars(with = "String")]
    pub summary: Spanned<String>,
    pub schools_forum_budget: Option<u64>,
    pub budget_period: Option<String>,
    pub per_pupil: Option<u64>,
    pub city_average_per_pupil: Option<u64>,
    #[serde(default)]
    pub business_plan: Vec<PlanStep>,
    #[serde(default)]
    pub priorities: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    pub step: String,
    pub date: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Primary,
    Secondary,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct School {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    pub phase: Phase,
    /// Derived from the name when absent; filled in by the loader.
    #[serde(default)]
    pub slug: Option<String>,
    /// Set when the school belongs to more than one cluster.
    #[serde(default)]
    pub shared: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildrensCentre {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    #[serde(default)]
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ServiceKind {
    /// Funded through the cluster business plan.
    Cluster,
    /// Bought in by the cluster from another provider.
    Commissioned,
    /// Provided by the council at no direct charge to the cluster.
    Council,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    #[schemars(with = "String")]
    pub slug: Spanned<String>,
    pub name: String,
    pub kind: ServiceKind,
    #[serde(default)]
    pub staffing: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub how_to_get: Option<String>,
    #[schemars(with = "Date")]
    pub last_reviewed: Spanned<Date>,
    /// Slugs of the needs it meets, from `content/topics.toml`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub topics: Vec<Spanned<String>>,
}

/// `forms/request-for-support.toml`: the referral form, shared by every cluster.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormFile {
    pub title: String,
    /// When the wording last changed; printed on the PDF, so it comes from content.
    pub updated: Date,
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
    pub sections: Vec<FormSection>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormSection {
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Multiline,
    Date,
    Email,
    Phone,
    Checkbox,
    Choice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FieldWidth {
    Full,
    Half,
    Quarter,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    pub kind: FieldKind,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<String>,
    /// Multiline fields: how many lines to show.
    #[serde(default)]
    pub lines: Option<u32>,
    #[serde(default)]
    pub width: Option<FieldWidth>,
}

fn yes() -> bool {
    true
}

/// A cluster's own additions to the shared form (`[referral]` in cluster.toml).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralSettings {
    /// Where to send the form; defaults to the cluster's first contact.
    #[serde(default)]
    pub send_to: Vec<String>,
    #[serde(default)]
    pub how_long: Option<String>,
    /// Extra questions, shown in a last section of the cluster's form.
    #[serde(default)]
    pub questions: Vec<FormField>,
}

/// A form file with the file it came from, for located errors.
#[derive(Debug, Clone)]
pub struct Form {
    pub file: Arc<SourceFile>,
    pub data: FormFile,
}

/// Front matter of `pages/*.md`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub slug: Option<String>,
    /// Slugs of the needs it is about, from `content/topics.toml`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub topics: Vec<Spanned<String>>,
}

/// Front matter of `index.md` (home) and `clusters/<slug>/index.md`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntroFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub recorded: bool,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Front matter of `clusters/<slug>/case-studies/*.md`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseStudyFront {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub date: Option<Date>,
    #[schemars(with = "Consent")]
    pub consent: Spanned<Consent>,
    #[schemars(with = "String")]
    pub anonymised_by: Spanned<String>,
    #[schemars(with = "String")]
    pub reviewed_by: Spanned<String>,
    pub reviewed: Date,
    /// Slug of the cluster service the story is about.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub service: Option<Spanned<String>>,
    /// Words a reviewer judged safe in this case study (for the anonymisation scan).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub slug: Option<String>,
}

/// Front matter of `clusters/<slug>/updates/*.md`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateFront {
    pub title: String,
    pub summary: String,
    pub date: Date,
    #[serde(default)]
    pub slug: Option<String>,
}

/// Lower-case, hyphen-separated, apostrophes dropped: "St Mary's" -> "st-marys".
/// Accents are taken off Latin letters ("Thérèse" -> "therese") so that a
/// name's slug follows the web-address grammar wherever it can.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘') {
            continue;
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_drops_apostrophes_and_joins_words() {
        assert_eq!(slugify("Mount St Mary's High"), "mount-st-marys-high");
        assert_eq!(slugify("St Nicholas’"), "st-nicholas");
        assert_eq!(slugify("  Co-operative  Academy "), "co-operative-academy");
        assert_eq!(slugify("St Thérèse’s Ŝchool"), "st-thereses-school");
    }

    #[test]
    fn dates_format_and_count_months() {
        let d = Date {
            year: 2015,
            month: 9,
            day: 30,
        };
        assert_eq!(d.to_string(), "2015-09-30");
        assert_eq!(d.month_year(), "September 2015");
        assert_eq!(d.long(), "30 September 2015");
        let later = Date {
            year: 2016,
            month: 9,
            day: 29,
        };
        assert_eq!(d.months_until(later), 11);
        assert_eq!(Date::from_unix_seconds(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_unix_seconds(1_795_392_000).to_string(),
            "2026-11-23"
        );
    }

    #[test]
    fn month_arithmetic_lands_on_month_ends() {
        let jan = Date::month_end(2024, 1);
        assert_eq!(jan.to_string(), "2024-01-31");
        assert_eq!(jan.months_later(1).to_string(), "2024-02-29");
        assert_eq!(jan.months_later(12).to_string(), "2025-01-31");
        assert_eq!(jan.with_day(40).to_string(), "2024-01-31");
        assert_eq!(Date::month_end(1900, 2).day, 28);
        assert_eq!(Date::month_end(2000, 2).day, 29);
    }

    #[test]
    fn date_deserialises_from_toml_date_only() {
        #[derive(Deserialize)]
        struct T {
            d: Date,
        }
        let t: T = toml::from_str("d = 2016-01-31").unwrap();
        assert_eq!(t.d.to_string(), "2016-01-31");
        assert!(toml::from_str::<T>("d = 2016-01-31T10:00:00").is_err());
        assert!(toml::from_str::<T>("d = \"2016-01-31\"").is_err());
    }
}
