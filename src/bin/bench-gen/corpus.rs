//! The synthetic site in memory. Both writers (the clustersite content tree
//! and the plain-Markdown twin) read from this one model, so they cannot
//! drift apart.

use std::collections::HashSet;

use crate::names::{self, slugify};
use crate::rng::Rng;
use crate::stories;
use crate::words::{
    ServiceTemplate, CLUSTER_SERVICES, COMMISSIONED_SERVICES, CONTACT_NOTES, CONTACT_ROLES,
    COUNCIL_SERVICES, GOVERNANCE_BODIES, PRIORITIES, SERVICES_PER_KIND,
};
use clustersite::model::Date;

pub struct Corpus {
    pub clusters: Vec<Cluster>,
}

pub struct Cluster {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub neighbourhoods: Vec<String>,
    pub population: u32,
    pub on_roll: u32,
    pub population_as_of: Date,
    pub families_first: u32,
    pub last_reviewed: Date,
    pub governance_body: &'static str,
    pub budget: u64,
    pub per_pupil: u64,
    pub plan_dates: [Date; 2],
    pub priorities: Vec<&'static str>,
    pub contacts: Vec<Contact>,
    pub schools: Vec<School>,
    pub centres: Vec<String>,
    pub services: Vec<Service>,
    pub referral: Referral,
    pub intro_body: String,
    pub case_studies: Vec<CaseStudy>,
    pub updates: Vec<Update>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Primary,
    Secondary,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Primary => "primary",
            Phase::Secondary => "secondary",
        }
    }
}

#[derive(Clone)]
pub struct School {
    pub name: String,
    pub phase: Phase,
    pub shared: bool,
}

pub struct Contact {
    pub role: &'static str,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub note: Option<&'static str>,
    pub last_reviewed: Date,
}

pub struct Service {
    pub template: &'static ServiceTemplate,
    pub staffing: Option<String>,
    pub last_reviewed: Date,
}

/// The cluster's additions to the shared request-for-support form.
pub struct Referral {
    pub send_to: Vec<String>,
    pub how_long: String,
    /// Id of an extra yes/no question about the holiday club, if the cluster asks one.
    pub holiday_club_question: Option<String>,
}

pub struct CaseStudy {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub consent_date: Date,
    pub reviewed: Date,
    pub service: Option<String>,
    pub body: String,
}

pub struct Update {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub date: Date,
    pub body: String,
}

impl Cluster {
    pub fn url(&self) -> String {
        format!("/clusters/{}/", self.slug)
    }

    pub fn service_url(&self, service: &Service) -> String {
        format!(
            "/clusters/{}/services/{}/",
            self.slug, service.template.slug
        )
    }

    pub fn schools_of(&self, phase: Phase) -> impl Iterator<Item = &School> {
        self.schools.iter().filter(move |s| s.phase == phase)
    }
}

/// Roughly one cluster in twelve shares a school with its neighbour, as
/// real clusters occasionally do (both sides then say `shared = true`).
const SHARED_SCHOOL_PERCENT: usize = 8;

/// How many updates and case studies each cluster has, where not the usual
/// (6 updates, 2-4 case studies).
#[derive(Default)]
pub struct Shape {
    pub updates: Option<usize>,
    pub case_studies: Option<usize>,
}

pub fn generate(cluster_count: usize, seed: u64, shape: &Shape) -> Corpus {
    let mut rng = Rng::fork(seed, 0);
    let cluster_names = names::cluster_names(&mut rng, cluster_count);
    let mut school_slugs = HashSet::new();
    let mut clusters: Vec<Cluster> = Vec::with_capacity(cluster_count);
    for (index, name) in cluster_names.into_iter().enumerate() {
        let mut schools = draw_schools(&mut rng, &mut school_slugs);
        if let Some(previous) = clusters.last_mut() {
            if rng.chance(SHARED_SCHOOL_PERCENT) {
                schools.push(share_school(&mut rng, previous));
            }
        }
        let mut cluster_rng = Rng::fork(seed, index as u64 + 1);
        clusters.push(build_cluster(
            &mut cluster_rng,
            index + 1,
            name,
            schools,
            shape,
        ));
    }
    Corpus { clusters }
}

/// 12-14 primary and 1-3 secondary schools, named uniquely across the site.
fn draw_schools(rng: &mut Rng, taken: &mut HashSet<String>) -> Vec<School> {
    let primary = rng.between(12, 14) as usize;
    let secondary = rng.between(1, 3) as usize;
    let (primaries, secondaries) = names::schools(rng, taken, primary, secondary);
    let school = |phase| {
        move |name| School {
            name,
            phase,
            shared: false,
        }
    };
    primaries
        .into_iter()
        .map(school(Phase::Primary))
        .chain(secondaries.into_iter().map(school(Phase::Secondary)))
        .collect()
}

/// Marks one of `previous`'s schools as shared and returns a copy for the next cluster.
fn share_school(rng: &mut Rng, previous: &mut Cluster) -> School {
    let index = rng.below(previous.schools.len());
    previous.schools[index].shared = true;
    previous.schools[index].clone()
}

fn build_cluster(
    rng: &mut Rng,
    number: usize,
    name: String,
    schools: Vec<School>,
    shape: &Shape,
) -> Cluster {
    let slug = slugify(&name);
    let last_reviewed = Date::month_end(2025, rng.between(1, 9) as u8);
    let population_as_of = Date::month_end(2025, 1);
    let population = rng.between(6_000, 16_000) as u32;
    let centres = names::centres(rng, 5);
    let services = draw_services(rng, last_reviewed);
    let mut cluster = Cluster {
        summary: String::new(),
        neighbourhoods: (0..rng.between(2, 4)).map(|_| names::place(rng)).collect(),
        population,
        on_roll: population * rng.between(50, 65) as u32 / 100,
        population_as_of,
        families_first: rng.between(40, 300) as u32,
        last_reviewed,
        governance_body: GOVERNANCE_BODIES[rng.below(GOVERNANCE_BODIES.len())],
        budget: rng.between(250_000, 750_000),
        per_pupil: rng.between(40, 90),
        plan_dates: [Date::month_end(2024, 6), Date::month_end(2024, 10)],
        priorities: draw_priorities(rng),
        contacts: draw_contacts(rng, number, last_reviewed),
        schools,
        centres,
        services,
        referral: draw_referral(rng, number),
        intro_body: String::new(),
        case_studies: Vec::new(),
        updates: Vec::new(),
        slug,
        name,
    };
    cluster.summary = summary(&cluster);
    cluster.intro_body = stories::cluster_intro(rng, &cluster);
    cluster.case_studies = stories::case_studies(rng, &cluster, shape.case_studies);
    cluster.updates = match shape.updates {
        Some(count) => stories::many_updates(rng, &cluster, count),
        None => stories::updates(rng, &cluster),
    };
    cluster
}

fn draw_referral(rng: &mut Rng, number: usize) -> Referral {
    Referral {
        send_to: vec![
            "The Cluster Manager".to_owned(),
            format!("Email: cluster-{number}@bench.example"),
        ],
        how_long: format!(
            "The cluster replies within {} working days.",
            rng.between(3, 10)
        ),
        // Field ids share one namespace with the shared form's, so prefix them.
        holiday_club_question: rng
            .chance(25)
            .then(|| format!("cluster_{number}_holiday_club")),
    }
}

fn draw_priorities(rng: &mut Rng) -> Vec<&'static str> {
    let count = rng.between(3, 5) as usize;
    rng.sample(PRIORITIES, count).into_iter().copied().collect()
}

fn summary(c: &Cluster) -> String {
    let primary = c.schools_of(Phase::Primary).count();
    let secondary = c.schools_of(Phase::Secondary).count();
    format!(
        "{} is one of the early help clusters in the city. Its {secondary} secondary schools, \
         {primary} primary schools and {} children's centres work together with local partners \
         to help children and families early.",
        c.name,
        c.centres.len()
    )
}

/// 12 services: 5 paid through the cluster, 4 commissioned, 3 from the council.
fn draw_services(rng: &mut Rng, reviewed: Date) -> Vec<Service> {
    let pools = [CLUSTER_SERVICES, COMMISSIONED_SERVICES, COUNCIL_SERVICES];
    let mut services = Vec::new();
    for (pool, count) in pools.into_iter().zip(SERVICES_PER_KIND) {
        for template in rng.sample(pool, count) {
            let staffing = (template.kind != "council" && rng.chance(70))
                // Spelled out: a staffing line is the first use of FTE in its file.
                .then(|| {
                    format!(
                        "{} full-time equivalent (FTE)",
                        rng.between(1, 8) as f64 / 2.0
                    )
                });
            services.push(Service {
                template,
                staffing,
                last_reviewed: reviewed,
            });
        }
    }
    services
}

/// 2-3 contacts by role, each with an email or a phone or both.
fn draw_contacts(rng: &mut Rng, number: usize, reviewed: Date) -> Vec<Contact> {
    let count = rng.between(2, 3) as usize;
    rng.sample(CONTACT_ROLES, count)
        .into_iter()
        .enumerate()
        .map(|(i, (role, mailbox))| {
            let email = match i {
                0 => format!("cluster-{number}@bench.example"),
                _ => format!("cluster-{number}-{mailbox}@bench.example"),
            };
            let has_email = i == 0 || rng.chance(70);
            Contact {
                role,
                email: has_email.then_some(email),
                // 0113 496 0000-0999 is Ofcom's range for fiction: never a real line.
                phone: (!has_email || rng.chance(80))
                    .then(|| format!("0113 496 {:04}", rng.below(1000))),
                note: rng.chance(40).then(|| *rng.pick(CONTACT_NOTES)),
                last_reviewed: reviewed,
            }
        })
        .collect()
}
