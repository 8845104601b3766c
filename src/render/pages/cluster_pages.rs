//! Pages of one cluster: the cluster itself, its services, case studies,
//! updates and referral page (with the PDF form schools link to).

use serde::Serialize;

use super::{crumbs, Bodies, Body, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::{
    CaseStudy, CaseStudyFront, Cluster, Funding, Governance, MarkdownDoc, Phase, Population,
    Service, Site, StatedCounts, Update, UpdateFront,
};
use crate::output_file::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::open_data;
use crate::render::views::{
    self, CaseStudySummary, ClusterBrief, PlaceView, ReferralView, Reviewed, ServiceGroup,
    ServiceView, UpdateSummary,
};
use crate::urls;

pub fn all(site: &Site) -> Vec<Box<dyn PageKind + '_>> {
    let mut pages: Vec<Box<dyn PageKind>> = Vec::new();
    for c in &site.clusters {
        pages.push(Box::new(ClusterPage(c)));
        pages.push(Box::new(Referral(c)));
        pages.extend(c.data.services.iter().map(|s| boxed(ServicePage(c, s))));
        pages.extend(c.case_studies.iter().map(|s| boxed(CaseStudyPage(c, s))));
        pages.extend(c.updates.iter().map(|u| boxed(UpdatePage(c, u))));
    }
    pages
}

fn boxed<'a>(page: impl PageKind + 'a) -> Box<dyn PageKind + 'a> {
    Box::new(page)
}

/// Home › Clusters › the cluster.
pub(super) fn cluster_crumbs(c: &Cluster) -> Vec<Crumb> {
    let url = urls::cluster(&c.slug);
    crumbs(&[
        ("Home", urls::HOME),
        ("Clusters", urls::CLUSTERS),
        (c.data.name.as_str(), url.as_str()),
    ])
}

struct ClusterPage<'a>(&'a Cluster);

#[derive(Serialize)]
struct ClusterPageView<'a> {
    cluster: ClusterView<'a>,
    intro: Option<ClusterIntro<'a>>,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct ClusterIntro<'a> {
    title: &'a str,
    body: Body,
}

/// Everything the cluster page shows of its cluster.
#[derive(Serialize)]
struct ClusterView<'a> {
    #[serde(flatten)]
    brief: ClusterBrief<'a>,
    feed_url: String,
    json_ld: String,
    primary_schools: Vec<PlaceView<'a>>,
    secondary_schools: Vec<PlaceView<'a>>,
    childrens_centres: Vec<PlaceView<'a>>,
    stated_counts: Option<&'a StatedCounts>,
    population: &'a Option<Population>,
    families_first_families: Option<u32>,
    governance: &'a Option<Governance>,
    funding: Option<FundingView<'a>>,
    service_groups: Vec<ServiceGroup<'a>>,
    /// The first few; the `_count` and `_url` fields lead to the whole list.
    case_studies: Vec<CaseStudySummary<'a>>,
    case_studies_count: usize,
    case_studies_url: String,
    updates: Vec<UpdateSummary<'a>>,
    updates_count: usize,
    updates_url: String,
    reviewed: Reviewed,
}

/// How many updates or case studies a cluster or service page shows before
/// "See all": the page stays small however many a cluster collects.
const LATEST: usize = 5;

#[derive(Serialize)]
struct FundingView<'a> {
    #[serde(flatten)]
    funding: &'a Funding,
    summary_html: String,
}

impl PageKind for ClusterPage<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        Some(self.0)
    }
    fn url(&self) -> String {
        urls::cluster(&self.0.slug)
    }
    fn template(&self) -> &'static str {
        "cluster.html"
    }
    fn documents(&self) -> Vec<&MarkdownDoc> {
        self.0.intro.iter().map(|i| &i.doc).collect()
    }
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let c = self.0;
        let data = &c.data;
        let find = inputs.find();
        let mut problems = Vec::new();
        let funding = data.funding.as_ref().map(|funding| {
            let (summary_html, found) = inputs.toml_markdown(&c.file, &funding.summary);
            problems.extend(found);
            FundingView {
                funding,
                summary_html,
            }
        });
        let intro = c.intro.as_ref().map(|i| ClusterIntro {
            title: &i.front.title,
            body: bodies.of(&i.doc),
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Context::of(ClusterPageView {
            cluster: ClusterView {
                brief: inputs.cluster_brief(c),
                feed_url: urls::cluster_feed(&c.slug),
                json_ld: open_data::cluster_ld(&inputs.base_url, c),
                primary_schools: views::schools(c, Phase::Primary, find),
                secondary_schools: views::schools(c, Phase::Secondary, find),
                childrens_centres: views::centres(c, find),
                stated_counts: data.stated_counts.as_ref().map(|s| s.get_ref()),
                population: &data.population,
                families_first_families: data.families_first_families,
                governance: &data.governance,
                funding,
                service_groups: views::services_by_kind(c, &inputs.fresh),
                case_studies: first(views::case_study_summaries(c, None)),
                case_studies_count: c.case_studies.len(),
                case_studies_url: urls::cluster_case_studies(&c.slug),
                updates: views::update_summaries(c.updates.iter().take(LATEST).map(|u| (c, u))),
                updates_count: c.updates.len(),
                updates_url: urls::cluster_updates(&c.slug),
                reviewed: inputs.fresh.view(data.last_reviewed),
            },
            intro,
            breadcrumbs: crumbs(&[("Home", urls::HOME), ("Clusters", urls::CLUSTERS)]),
        }))
    }
}

struct ServicePage<'a>(&'a Cluster, &'a Service);

#[derive(Serialize)]
struct ServicePageView<'a> {
    cluster: ClusterBrief<'a>,
    service: ServiceView<'a>,
    json_ld: String,
    case_studies: Vec<CaseStudySummary<'a>>,
    case_studies_count: usize,
    case_studies_url: String,
    breadcrumbs: Vec<Crumb>,
    topics: Vec<super::search_pages::TopicLink<'a>>,
}

impl PageKind for ServicePage<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        Some(self.0)
    }
    fn url(&self) -> String {
        urls::service(&self.0.slug, self.1.slug.get_ref())
    }
    fn template(&self) -> &'static str {
        "service.html"
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let ServicePage(c, s) = *self;
        let studies = views::case_study_summaries(c, Some(s.slug.get_ref()));
        Ok(Context::of(ServicePageView {
            cluster: inputs.cluster_brief(c),
            service: views::service(c, s, &inputs.fresh),
            json_ld: open_data::service_ld(&inputs.base_url, c, s),
            case_studies_count: studies.len(),
            case_studies_url: urls::cluster_case_studies(&c.slug),
            case_studies: first(studies),
            breadcrumbs: cluster_crumbs(c),
            topics: super::search_pages::topics_of(inputs.site, &s.topics),
        }))
    }
}

struct CaseStudyPage<'a>(&'a Cluster, &'a CaseStudy);

#[derive(Serialize)]
struct CaseStudyView<'a> {
    cluster: ClusterBrief<'a>,
    case_study: &'a CaseStudyFront,
    service: Option<ServiceView<'a>>,
    body: Body,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for CaseStudyPage<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        Some(self.0)
    }
    fn url(&self) -> String {
        urls::case_study(&self.0.slug, &self.1.slug)
    }
    fn template(&self) -> &'static str {
        "case_study.html"
    }
    fn documents(&self) -> Vec<&MarkdownDoc> {
        vec![&self.1.doc]
    }
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let CaseStudyPage(c, study) = *self;
        let service = (study.front.service.as_ref())
            .and_then(|s| c.service(s.get_ref()))
            .map(|s| views::service(c, s, &inputs.fresh));
        Ok(Context::of(CaseStudyView {
            cluster: inputs.cluster_brief(c),
            case_study: &study.front,
            service,
            body: bodies.of(&study.doc),
            breadcrumbs: cluster_crumbs(c),
        }))
    }
}

struct UpdatePage<'a>(&'a Cluster, &'a Update);

#[derive(Serialize)]
struct UpdateView<'a> {
    cluster: ClusterBrief<'a>,
    update: &'a UpdateFront,
    body: Body,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for UpdatePage<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        Some(self.0)
    }
    fn url(&self) -> String {
        urls::update(&self.0.slug, &self.1.slug)
    }
    fn template(&self) -> &'static str {
        "update.html"
    }
    fn documents(&self) -> Vec<&MarkdownDoc> {
        vec![&self.1.doc]
    }
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let UpdatePage(c, update) = *self;
        Ok(Context::of(UpdateView {
            cluster: inputs.cluster_brief(c),
            update: &update.front,
            body: bodies.of(&update.doc),
            breadcrumbs: cluster_crumbs(c),
        }))
    }
}

/// The referral page, made with the cluster's fillable PDF form.
struct Referral<'a>(&'a Cluster);

#[derive(Serialize)]
struct ReferralPageView<'a> {
    cluster: ClusterBrief<'a>,
    referral: ReferralView<'a>,
    breadcrumbs: Vec<Crumb>,
    pdf_size: String,
}

impl PageKind for Referral<'_> {
    fn cluster(&self) -> Option<&Cluster> {
        Some(self.0)
    }
    fn url(&self) -> String {
        urls::referral(&self.0.slug)
    }
    fn template(&self) -> &'static str {
        "referral.html"
    }
    fn attachments(&self) -> Vec<String> {
        vec![urls::referral_pdf(&self.0.slug)]
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let c = self.0;
        let pdf = inputs.referral_pdf(c)?;
        let mut context = Context::of(ReferralPageView {
            cluster: inputs.cluster_brief(c),
            referral: views::referral(inputs.site, c),
            breadcrumbs: cluster_crumbs(c),
            pdf_size: file_size(pdf.len()),
        });
        context.attachments.push(OutputFile {
            path: urls::output_path(&urls::referral_pdf(&c.slug)),
            bytes: pdf,
        });
        Ok(context)
    }
}

fn first<T>(items: Vec<T>) -> Vec<T> {
    items.into_iter().take(LATEST).collect()
}

/// "48 KB", the way GOV.UK gives a download's size.
pub(super) fn file_size(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}
