//! The typed site: what the content says, after loading and before rendering.
//!
//! The `*File` and `*Front` structs mirror the TOML exactly (unknown keys are
//! refused); the wrappers add what the loader derives: slugs and source files.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use crate::diagnostics::SourceFile;

/// A calendar date (`2015-09-30`). Content never needs times of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// "January" to "December".
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The last day of a month: sources that give only a month are recorded so.
    pub fn month_end(year: u16, month: u8) -> Date {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let day = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date { year, month, day }
    }

    /// The end of the month `months` after this date's month.
    pub fn months_later(self, months: u32) -> Date {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1 + months;
        Date::month_end((index / 12) as u16, (index % 12) as u8 + 1)
    }

    /// A day within this month (clamped to the month's length).
    pub fn with_day(self, day: u8) -> Date {
        let last = Date::month_end(self.year, self.month).day;
        Date {
            day: day.clamp(1, last),
            ..self
        }
    }

    pub fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month - 1)]
    }

    /// "September 2015", as GOV.UK writes a month.
    pub fn month_year(self) -> String {
        format!("{} {}", self.month_name(), self.year)
    }

    /// "30 September 2015".
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// Whole months from `self` to `later` (0 if `later` is earlier).
    pub fn months_until(self, later: Date) -> u32 {
        let months = (i32::from(later.year) - i32::from(self.year)) * 12 + i32::from(later.month)
            - i32::from(self.month)
            - i32::from(later.day < self.day);
        months.max(0) as u32
    }

    /// The civil date of a Unix timestamp (days-from-civil, Howard Hinnant's algorithm).
    pub fn from_unix_seconds(seconds: i64) -> Date {
        let days = seconds.div_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// In a schema, a TOML date is a `YYYY-MM-DD` date (validators see it as a string).
impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML date without quotes, YYYY-MM-DD, e.g. 2015-09-30",
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::value::Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(date), None, None) => Ok(Date {
                year: date.year,
                month: date.month,
                day: date.day,
            }),
            _ => Err(D::Error::custom(
                "expected a date without a time, like 2015-09-30",
            )),
        }
    }
}

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

/// A Markdown body and where it sits in its file, so errors point into the file.
#[derive(Debug, Clone)]
pub struct MarkdownDoc {
    pub file: Arc<SourceFile>,
    /// Byte offset of the body within the file (after the front matter).
    pub body_offset: usize,
}

impl MarkdownDoc {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

#[derive(Debug, Clone)]
pub struct Document<F> {
    pub slug: String,
    pub front: F,
    /// Byte offset of the front matter in the file: spans inside `front` are relative to it.
    pub front_offset: usize,
    pub doc: MarkdownDoc,
}

impl<F> Document<F> {
    /// Where the front matter's TOML is in the file, without its `+++` fences.
    pub fn front_matter(&self) -> Range<usize> {
        let text = &self.doc.file.text;
        let region = &text[self.front_offset..self.doc.body_offset];
        let end = region
            .rfind("+++")
            .map_or(self.doc.body_offset, |i| self.front_offset + i);
        self.front_offset..end
    }
}

pub type Page = Document<PageFront>;
pub type CaseStudy = Document<CaseStudyFront>;
pub type Update = Document<UpdateFront>;
pub type Intro = Document<IntroFront>;

#[derive(Debug, Clone)]
pub struct Cluster {
    pub slug: String,
    pub file: Arc<SourceFile>,
    pub data: ClusterFile,
    pub intro: Option<Intro>,
    pub case_studies: Vec<CaseStudy>,
    pub updates: Vec<Update>,
}

impl Cluster {
    pub fn service(&self, slug: &str) -> Option<&Service> {
        self.data.services.iter().find(|s| s.slug.get_ref() == slug)
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub config_file: Arc<SourceFile>,
    pub home: Option<Intro>,
    pub pages: Vec<Page>,
    pub clusters: Vec<Cluster>,
    /// The referral form every cluster offers.
    pub form: Form,
}

impl Site {
    /// Every update of every cluster, newest first.
    pub fn updates_newest_first(&self) -> Vec<(&Cluster, &Update)> {
        let mut all: Vec<_> = (self.clusters.iter())
            .flat_map(|c| c.updates.iter().map(move |u| (c, u)))
            .collect();
        all.sort_by(|a, b| {
            b.1.front
                .date
                .cmp(&a.1.front.date)
                .then(a.0.slug.cmp(&b.0.slug))
                .then(a.1.slug.cmp(&b.1.slug))
        });
        all
    }

    /// Every piece of TOML in the content: each TOML file whole, and the front
    /// matter of each Markdown file (everything but the Markdown bodies).
    pub fn toml_parts(&self) -> Vec<(&SourceFile, Range<usize>)> {
        fn whole(file: &SourceFile) -> (&SourceFile, Range<usize>) {
            (file, 0..file.text.len())
        }
        fn front<F>(doc: &Document<F>) -> (&SourceFile, Range<usize>) {
            (&doc.doc.file, doc.front_matter())
        }
        let mut parts = vec![whole(&self.config_file), whole(&self.form.file)];
        parts.extend(self.home.iter().map(front));
        parts.extend(self.pages.iter().map(front));
        for cluster in &self.clusters {
            parts.push(whole(&cluster.file));
            parts.extend(cluster.intro.iter().map(front));
            parts.extend(cluster.case_studies.iter().map(front));
            parts.extend(cluster.updates.iter().map(front));
        }
        parts
    }
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
