//! Markdown bodies: cluster introductions, case studies (~600 words) and
//! updates (each with a table). Links point only at URLs the build makes.

use std::collections::HashSet;

use crate::corpus::{CaseStudy, Cluster, Phase, Service, Update};
use crate::names::slugify;
use crate::prose::*;
use crate::rng::Rng;
use clustersite::model::Date;

/// Numbers a story's sentences refer to, so one story stays consistent.
struct Facts {
    weeks: u64,
    sessions: u64,
    before: u64,
    after: u64,
}

impl Facts {
    fn draw(rng: &mut Rng) -> Self {
        let before = rng.between(62, 86);
        Facts {
            weeks: rng.between(8, 24),
            sessions: rng.between(6, 14),
            before,
            after: rng.between(before + 5, 98),
        }
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{weeks}", &self.weeks.to_string())
            .replace("{sessions}", &self.sessions.to_string())
            .replace("{before}", &self.before.to_string())
            .replace("{after}", &self.after.to_string())
    }
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {i}\n")).collect()
}

/// Capitalises the first letter, for list items that start a sentence.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn cluster_intro(rng: &mut Rng, c: &Cluster) -> String {
    let primary = c.schools_of(Phase::Primary).count();
    let secondary = c.schools_of(Phase::Secondary).count();
    let mut body = format!(
        "{}\n\n## What the cluster covers\n\nThe {} cluster covers {secondary} secondary schools, \
         {primary} primary schools and {} children's centres in {}. In {}, around {} children and \
         young people lived in the area, and {} were on the roll of a local school.\n\n",
        INTRO_PARAGRAPHS[0],
        c.name,
        c.centres.len(),
        c.neighbourhoods.join(", "),
        c.population_as_of.month_year(),
        c.population,
        c.on_roll,
    );
    body.push_str(
        "## What the cluster plans to do\n\nThe key things in the cluster's business plan are:\n\n",
    );
    body.push_str(&bullets(
        &c.priorities
            .iter()
            .map(|p| p.to_lowercase())
            .collect::<Vec<_>>(),
    ));
    body.push_str("\n## Services that work closely with the cluster\n\n");
    let linked: Vec<String> = rng
        .sample(&c.services, 4)
        .into_iter()
        .map(|s| {
            format!(
                "[{}]({}): {}",
                s.template.name,
                c.service_url(s),
                s.template.summary
            )
        })
        .collect();
    body.push_str(&bullets(&linked));
    body.push_str(&format!(
        "\n{} {}\n\n## Staff numbers\n\nSome services show their staff as full-time \
         equivalent (FTE): 3 FTE is the same amount of work as 3 people working full time.\n",
        INTRO_PARAGRAPHS[1], INTRO_PARAGRAPHS[2]
    ));
    body
}

/// 2-4 case studies, or `count`. Titles repeat once there are many: the
/// slug then gets a number.
pub fn case_studies(rng: &mut Rng, c: &Cluster, count: Option<usize>) -> Vec<CaseStudy> {
    let count = count.unwrap_or_else(|| rng.between(2, 4) as usize);
    let mut slugs = HashSet::new();
    let mut studies = Vec::with_capacity(count);
    let mut tries = 0;
    while studies.len() < count {
        let mut study = case_study(rng, c);
        tries += 1;
        if tries > 3 * count && slugs.contains(&study.slug) {
            study.slug = format!("{}-{}", study.slug, studies.len() + 1);
        }
        if slugs.insert(study.slug.clone()) {
            studies.push(study);
        }
    }
    studies
}

fn case_study(rng: &mut Rng, c: &Cluster) -> CaseStudy {
    let subject = rng.pick(CASE_SUBJECTS);
    let title = sentence_case(&format!(
        "help with {} for {subject}",
        rng.pick(CASE_TOPICS)
    ));
    let summary = format!(
        "{} {subject}, {}.",
        rng.pick(SUPPORT_PHRASES),
        rng.pick(CASE_OUTCOMES)
    );
    // Stories are about the cluster's own or commissioned services, whose
    // names read naturally in lower case inside a sentence.
    let candidates: Vec<&Service> = c
        .services
        .iter()
        .filter(|s| s.template.kind != "council")
        .collect();
    let service = rng.chance(75).then(|| *rng.pick(&candidates));
    let consent_date =
        Date::month_end(2024, rng.between(6, 12) as u8).with_day(rng.between(1, 28) as u8);
    let reviewed =
        Date::month_end(2025, rng.between(2, 10) as u8).with_day(rng.between(1, 28) as u8);
    let service_sentence = service.map(|s| {
        format!(
            "The help described here came through the cluster's [{}]({}) service.",
            s.template.name.to_lowercase(),
            c.service_url(s)
        )
    });
    CaseStudy {
        slug: slugify(&title),
        body: case_study_body(rng, service_sentence),
        consent_date,
        reviewed,
        service: service.map(|s| s.template.slug.to_owned()),
        title,
        summary,
    }
}

/// One section of a story: a paragraph of sentences and a list.
struct Section {
    heading: &'static str,
    sentences: Vec<String>,
    items: Vec<String>,
    sentence_pool: Vec<String>,
    item_pool: Vec<String>,
}

impl Section {
    fn new(
        rng: &mut Rng,
        facts: &Facts,
        heading: &'static str,
        sentences: &[&str],
        items: &[&str],
    ) -> Self {
        let mut shuffled = |pool: &[&str]| {
            let mut pool: Vec<String> = pool.iter().map(|s| facts.fill(s)).collect();
            rng.shuffle(&mut pool);
            pool
        };
        Section {
            heading,
            sentences: Vec::new(),
            items: Vec::new(),
            sentence_pool: shuffled(sentences),
            item_pool: shuffled(items),
        }
    }

    /// Moves one more sentence or list item into the section; false when
    /// there is nothing left to add. Lists stop at a readable length.
    fn grow(&mut self, rng: &mut Rng) -> bool {
        const MAX_ITEMS: usize = 7;
        if self.items.len() >= MAX_ITEMS {
            self.item_pool.clear();
        }
        let want_item = rng.chance(50);
        let (first, second) = if want_item {
            (&mut self.item_pool, &mut self.items)
        } else {
            (&mut self.sentence_pool, &mut self.sentences)
        };
        if let Some(next) = first.pop() {
            second.push(next);
            return true;
        }
        if let Some(next) = self.item_pool.pop() {
            self.items.push(next);
            return true;
        }
        if let Some(next) = self.sentence_pool.pop() {
            self.sentences.push(next);
            return true;
        }
        false
    }

    fn words(&self) -> usize {
        self.sentences
            .iter()
            .chain(&self.items)
            .map(|s| word_count(s))
            .sum()
    }

    fn render(&self, extra: &str) -> String {
        let mut out = format!("## {}\n\n", self.heading);
        if !self.sentences.is_empty() {
            out.push_str(&self.sentences.join(" "));
            out.push_str("\n\n");
        }
        out.push_str(&bullets(&self.items));
        if !extra.is_empty() {
            out.push('\n');
            out.push_str(extra);
        }
        out
    }
}

/// Grows the three sections in turn until the story reaches ~600 words.
fn case_study_body(rng: &mut Rng, service_sentence: Option<String>) -> String {
    let facts = Facts::draw(rng);
    let target = rng.between(540, 640) as usize;
    let mut sections = [
        Section::new(
            rng,
            &facts,
            "What were the issues?",
            ISSUE_SENTENCES,
            ISSUE_BULLETS,
        ),
        Section::new(
            rng,
            &facts,
            "What did we do?",
            ACTION_SENTENCES,
            ACTION_BULLETS,
        ),
        Section::new(
            rng,
            &facts,
            "What difference has it made?",
            OUTCOME_SENTENCES,
            OUTCOME_BULLETS,
        ),
    ];
    if let Some(sentence) = service_sentence {
        sections[1].sentences.push(sentence);
    }
    let quote = *rng.pick(FAMILY_QUOTES);
    let table = rng.chance(35).then(|| outcome_table(rng, &facts));
    let fixed_words = word_count(quote) + table.as_deref().map_or(0, word_count);
    let mut turn = 0;
    while fixed_words + sections.iter().map(Section::words).sum::<usize>() < target {
        let grew = (0..3).any(|_| {
            turn += 1;
            sections[turn % 3].grow(rng)
        });
        if !grew {
            break;
        }
    }
    let mut body = String::new();
    body.push_str(&sections[0].render(""));
    body.push('\n');
    body.push_str(&sections[1].render(""));
    body.push('\n');
    body.push_str(&sections[2].render(table.as_deref().unwrap_or("")));
    body.push_str(&format!("\n## What the family said\n\n> {quote}\n"));
    body
}

fn outcome_table(rng: &mut Rng, facts: &Facts) -> String {
    let incidents = rng.between(6, 16);
    let score = rng.between(14, 24);
    format!(
        "| Measure | Before | After |\n| --- | --- | --- |\n\
         | Attendance | {}% | {}% |\n\
         | Incidents in class each month | {incidents} | {} |\n\
         | Well-being score (out of 40) | {score} | {} |\n",
        facts.before,
        facts.after,
        rng.between(0, incidents / 3),
        score + rng.between(3, 12),
    )
}

/// Six bimonthly progress reports, each with a table of figures.
pub fn updates(rng: &mut Rng, c: &Cluster) -> Vec<Update> {
    let first = Date::month_end(2024, rng.between(1, 3) as u8);
    (0..6)
        .map(|i| update(rng, c, first.months_later(i * 2)))
        .collect()
}

/// `count` updates, one a day on the 1st to the 28th of each month from
/// January 2012 (4,000 reach the end of 2023): a cluster that has
/// published for years.
pub fn many_updates(rng: &mut Rng, c: &Cluster, count: usize) -> Vec<Update> {
    let first = Date::month_end(2012, 1);
    (0..count)
        .map(|i| {
            let date = first
                .months_later((i / 28) as u32)
                .with_day((i % 28) as u8 + 1);
            let mut update = update(rng, c, date);
            update.title = format!("Progress report, {} {}", date.day, date.month_year());
            update.slug = slugify(&update.title);
            update
        })
        .collect()
}

fn update(rng: &mut Rng, c: &Cluster, date: Date) -> Update {
    let month = date.month_year();
    let title = format!("Progress report, {month}");
    let intro = rng.pick(UPDATE_INTROS).replace("{month}", &month);
    let service = rng.pick(&c.services);
    let body = format!(
        "{intro}\n\n## The figures\n\n{}\n{}\n\n## Families First\n\n{} families with more than \
         one problem on the Families First programme live in the area. An update on each family is \
         given at each cluster partnership meeting.\n\n## More information\n\nSee the contact \
         details on the [{} cluster]({}) page, or read about [{}]({}).\n",
        figures_table(rng),
        rng.pick(UPDATE_NOTES),
        c.families_first,
        c.name,
        c.url(),
        service.template.name,
        c.service_url(service),
    );
    Update {
        slug: slugify(&title),
        summary: format!(
            "How the {} cluster was doing in {month} on attendance, requests for help and the \
             families it supports.",
            c.name
        ),
        title,
        date,
        body,
    }
}

fn figures_table(rng: &mut Rng) -> String {
    let mut table = String::from(
        "| Priority | Latest position | Change since last report | Target |\n| --- | --- | --- | --- |\n",
    );
    let rows = rng.between(4, 6) as usize;
    for priority in rng.sample(UPDATE_PRIORITIES, rows) {
        let (latest, change, target) = if priority.starts_with("School absence") {
            let latest = rng.between(30, 90);
            (
                format!("{}.{}%", latest / 10, latest % 10),
                format!("{} 0.{}", rng.pick(&["down", "up"]), rng.between(1, 9)),
                format!("{}.0%", latest / 10),
            )
        } else {
            let latest = rng.between(5, 400);
            let change = rng.between(0, 12);
            let change = match change {
                0 => "no change".to_owned(),
                n => format!("{} {n}", rng.pick(&["down", "up"])),
            };
            (latest.to_string(), change, "N/A (not set)".to_owned())
        };
        table.push_str(&format!(
            "| {priority} | {latest} | {change} | {target} |\n"
        ));
    }
    table
}
