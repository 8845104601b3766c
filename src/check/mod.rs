//! Rules over the whole loaded site. Each rule is its own module; all run,
//! and every finding is reported with its place in the files.

// Rules.
mod anonymisation;
mod consent;
mod contact_details;
mod counts;
mod duplicate_names;
mod duplicates;
mod empty_sections;
mod forms;
mod glossary_file;
mod hidden_characters;
mod menu;
mod placeholder;
pub mod plain_words;
mod readable_names;
mod redirects;
mod references;
pub mod removed_urls;
mod shared_schools;
mod site_paths;
mod staleness;
mod topics;
mod translations;
mod unsafe_text;
mod web_address;

// What the rules share: scanners, word lists, finding fields in the text.
mod locate;
mod names;
mod pii;
mod published_text;
mod words;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::cache::{Generations, KeyHasher, Memo};
use crate::diagnostics::Diagnostic;
use crate::model::{Cluster, Date, Site};

/// Runs every rule. `today` is what staleness is measured against.
pub fn run(site: &Site, today: Date) -> Vec<Diagnostic> {
    let pages = crate::render::pages::Catalogue::of(site).urls().clone();
    run_with(site, today, &pages, &Cache::new(&Generations::off()))
}

/// Findings kept between `serve`'s rebuilds.
pub struct Cache {
    /// The anonymisation findings of a case study, by its text and the site's names.
    case_study_findings: Memo<Vec<Diagnostic>>,
    /// A rule's findings in one file, by rule and the file's text.
    file_findings: Memo<Vec<Diagnostic>>,
    /// The findings of a rule that reads the TOML files alone, by rule,
    /// day and those files' texts: a Markdown edit leaves them as they were.
    toml_findings: Memo<Vec<Diagnostic>>,
    /// One rule's findings in one cluster's folder, by rule and the texts of
    /// the cluster's files (`per_cluster`).
    cluster_findings: Memo<Vec<Diagnostic>>,
}

impl Cache {
    pub fn new(builds: &Generations) -> Self {
        Cache {
            case_study_findings: builds.memo(),
            file_findings: builds.memo(),
            toml_findings: builds.memo(),
            cluster_findings: builds.memo(),
        }
    }
}

/// A rule over the whole site, on a day.
type Rule = fn(&Site, Date) -> Vec<Diagnostic>;

/// The rules that read only `site.toml`, the form and the cluster files
/// (each cluster's slug is its folder's name), so their findings are kept
/// while none of those files changes. A rule that reads a Markdown file
/// does not belong here: `serve` would show its old findings.
const TOML_ONLY_RULES: [(&str, Rule); 7] = [
    ("site paths", |site, _| site_paths::check(site)),
    ("readable names", |site, _| readable_names::check(site)),
    ("staleness", staleness::check),
    ("counts", |site, _| counts::check(site)),
    ("shared schools", |site, _| shared_schools::check(site)),
    ("contact details", |site, _| contact_details::check(site)),
    ("web address", |site, _| {
        web_address::check(site).into_iter().collect()
    }),
];

fn toml_only_findings(site: &Site, today: Date, cache: &Cache) -> Vec<Diagnostic> {
    let files = std::cell::OnceCell::new();
    let files_key = || {
        *files.get_or_init(|| {
            let mut key = KeyHasher::new("toml files");
            key.add(site.config_file.digest())
                .add(site.form.file.digest());
            for cluster in &site.clusters {
                key.add(&cluster.slug)
                    .add(&cluster.file.display_path)
                    .add(cluster.file.digest());
            }
            key.key()
        })
    };
    let mut found = Vec::new();
    for (name, rule) in TOML_ONLY_RULES {
        let key = || KeyHasher::new(name).add(today).add(files_key()).key();
        found.extend(cache.toml_findings.get_or(key, || rule(site, today)));
    }
    found
}

/// The findings of a rule that reads one cluster's folder alone, for every
/// cluster in order; each cluster's are kept while none of its files
/// changes, as after an edit in another cluster or a city-wide page.
fn per_cluster(
    site: &Site,
    name: &str,
    rule: fn(&Cluster) -> Vec<Diagnostic>,
    cache: &Cache,
) -> Vec<Diagnostic> {
    let each: Vec<Vec<Diagnostic>> = (site.clusters.par_iter())
        .map(|cluster| {
            let key = || {
                let mut key = KeyHasher::new(name);
                key.add(&cluster.slug)
                    .add(&cluster.file.display_path)
                    .add(cluster.file.digest());
                let studies = cluster.case_studies.iter().map(|d| (&d.slug, &d.doc.file));
                let updates = cluster.updates.iter().map(|d| (&d.slug, &d.doc.file));
                for (slug, file) in studies.chain(updates) {
                    key.add(slug).add(&file.display_path).add(file.digest());
                }
                key.key()
            };
            cache.cluster_findings.get_or(key, || rule(cluster))
        })
        .collect();
    each.into_iter().flatten().collect()
}

/// As [`run`], with the site's page addresses made once for the build,
/// reusing a case study's findings while its text and the site's names are
/// unchanged (that scan is most of the time `check` takes).
pub fn run_with(
    site: &Site,
    today: Date,
    pages: &BTreeSet<String>,
    cache: &Cache,
) -> Vec<Diagnostic> {
    // The rules are independent: run them side by side, and keep their
    // findings in this order, so the report is the same on any machine.
    let rules: [&(dyn Fn() -> Vec<Diagnostic> + Sync); 17] = [
        &|| toml_only_findings(site, today, cache),
        &|| duplicates::check(site, |rule| per_cluster(site, "duplicates", rule, cache)),
        &|| references::check(site),
        &|| forms::check(site),
        &|| anonymisation::check(site, &cache.case_study_findings),
        &|| translations::check(site),
        &|| {
            let each = |rule| per_cluster(site, "duplicate names", rule, cache);
            duplicate_names::check(site, each)
        },
        &|| empty_sections::check(site),
        &|| unsafe_text::check(site, &cache.file_findings),
        &|| hidden_characters::check(site, &cache.file_findings),
        &|| redirects::check(site, pages),
        &|| menu::check(site, pages),
        &|| glossary_file::check(site),
        &|| plain_words::check(site, &cache.file_findings),
        &|| consent::check(site),
        &|| placeholder::check(site, &cache.file_findings),
        &|| topics::check(site),
    ];
    let each: Vec<Vec<Diagnostic>> = rules.par_iter().map(|rule| rule()).collect();
    each.into_iter().flatten().collect()
}
