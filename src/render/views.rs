//! What templates see: typed views of the model, with display forms ready.
//! Each field is named as the templates use it; a view borrows from the
//! model, so making one copies little.

use serde::Serialize;

use super::find::Layout;

use crate::model::{
    Cluster, Contact, Date, FieldKind, FieldWidth, FormField, MenuLink, Phase, Service,
    ServiceKind, Site, Update,
};
use crate::urls;

/// When the build happens and how old information may get before we say so.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    pub today: Date,
    pub review_after_months: u32,
}

#[derive(Serialize, Clone)]
pub struct Reviewed {
    last_checked: String,
    date: String,
    stale: bool,
}

impl Freshness {
    pub fn view(&self, reviewed: Date) -> Reviewed {
        Reviewed {
            last_checked: reviewed.month_year(),
            date: reviewed.to_string(),
            stale: reviewed.months_until(self.today) >= self.review_after_months,
        }
    }
}

#[derive(Serialize, Clone)]
pub struct ContactView<'a> {
    role: &'a Option<String>,
    name: &'a Option<String>,
    phone: Option<&'a String>,
    email: Option<&'a String>,
    note: &'a Option<String>,
    reviewed: Reviewed,
}

pub fn contact<'a>(contact: &'a Contact, fresh: &Freshness) -> ContactView<'a> {
    ContactView {
        role: &contact.role,
        name: &contact.name,
        phone: contact.phone.as_ref().map(|p| p.get_ref()),
        email: contact.email.as_ref().map(|e| e.get_ref()),
        note: &contact.note,
        reviewed: fresh.view(*contact.last_reviewed.get_ref()),
    }
}

/// What every page shows of the site (its name, contact, menu).
#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    contact: ContactView<'a>,
    menu: MenuView<'a>,
    updates_feed: &'static str,
    /// Whether the site has pages in other languages (`/languages/`).
    has_languages: bool,
}

#[derive(Serialize)]
struct MenuView<'a> {
    header: Vec<Link<'a>>,
    footer: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

/// Without a `[menu]`, the footer lists this many content pages, in order.
const DEFAULT_FOOTER_PAGES: usize = 8;

fn menu<'a>(site: &'a Site) -> MenuView<'a> {
    let links = |links: &'a [MenuLink]| -> Vec<Link<'a>> {
        (links.iter())
            .map(|l| Link {
                title: l.title.as_deref().unwrap_or_else(|| {
                    (site.pages.iter())
                        .find(|p| urls::page(&p.slug) == *l.url.get_ref())
                        .map_or(l.url.get_ref(), |p| &p.front.title)
                }),
                url: l.url.get_ref().clone(),
            })
            .collect()
    };
    let menu = &site.config.menu;
    MenuView {
        header: links(&menu.header),
        footer: match &menu.footer {
            Some(footer) => links(footer),
            None => (site.pages.iter().take(DEFAULT_FOOTER_PAGES))
                .map(|p| Link {
                    title: &p.front.title,
                    url: urls::page(&p.slug),
                })
                .collect(),
        },
    }
}

pub fn site<'a>(site: &'a Site, base_url: &'a str, fresh: &Freshness) -> SiteView<'a> {
    let config = &site.config;
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url,
        language: &config.language,
        contact: contact(&config.contact, fresh),
        menu: menu(site),
        updates_feed: urls::UPDATES_FEED,
        has_languages: !site.config.languages.is_empty(),
    }
}

#[derive(Serialize, Clone)]
pub struct ClusterSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    summary: &'a str,
    referral_url: String,
    referral_pdf: String,
}

pub fn cluster_summary(cluster: &Cluster) -> ClusterSummary<'_> {
    ClusterSummary {
        name: &cluster.data.name,
        slug: &cluster.slug,
        url: urls::cluster(&cluster.slug),
        summary: &cluster.data.summary,
        referral_url: urls::referral(&cluster.slug),
        referral_pdf: urls::referral_pdf(&cluster.slug),
    }
}

/// What pages inside a cluster show of it: its name, address and contacts.
#[derive(Serialize, Clone)]
pub struct ClusterBrief<'a> {
    #[serde(flatten)]
    summary: ClusterSummary<'a>,
    contacts: Vec<ContactView<'a>>,
}

pub fn cluster_brief<'a>(c: &'a Cluster, fresh: &Freshness) -> ClusterBrief<'a> {
    ClusterBrief {
        summary: cluster_summary(c),
        contacts: c.data.contacts.iter().map(|k| contact(k, fresh)).collect(),
    }
}

pub fn kind_title(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Cluster => "Cluster services",
        ServiceKind::Commissioned => "Commissioned services",
        ServiceKind::Council => "Leeds City Council services",
    }
}

fn kind_description(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Cluster => "Paid for through the cluster's business plan.",
        ServiceKind::Commissioned => "Bought in by the cluster from other providers.",
        ServiceKind::Council => "Provided by Leeds City Council Children's Services, at no direct charge to the cluster.",
    }
}

#[derive(Serialize)]
pub struct ServiceView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    kind: &'static str,
    kind_description: &'static str,
    staffing: &'a Option<String>,
    summary: &'a str,
    how_to_get: &'a Option<String>,
    reviewed: Reviewed,
}

pub fn service<'a>(cluster: &Cluster, service: &'a Service, fresh: &Freshness) -> ServiceView<'a> {
    ServiceView {
        name: &service.name,
        slug: service.slug.get_ref(),
        url: urls::service(&cluster.slug, service.slug.get_ref()),
        kind: kind_title(service.kind),
        kind_description: kind_description(service.kind),
        staffing: &service.staffing,
        summary: &service.summary,
        how_to_get: &service.how_to_get,
        reviewed: fresh.view(*service.last_reviewed.get_ref()),
    }
}

#[derive(Serialize)]
pub struct ServiceGroup<'a> {
    title: &'static str,
    description: &'static str,
    services: Vec<ServiceView<'a>>,
}

pub fn services_by_kind<'a>(cluster: &'a Cluster, fresh: &Freshness) -> Vec<ServiceGroup<'a>> {
    [
        ServiceKind::Cluster,
        ServiceKind::Commissioned,
        ServiceKind::Council,
    ]
    .into_iter()
    .filter_map(|kind| {
        let services: Vec<ServiceView> = cluster
            .data
            .services
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| service(cluster, s, fresh))
            .collect();
        (!services.is_empty()).then(|| ServiceGroup {
            title: kind_title(kind),
            description: kind_description(kind),
            services,
        })
    })
    .collect()
}

/// A school or children's centre, with where it is on the find page.
#[derive(Serialize)]
pub struct PlaceView<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    shared: Option<bool>,
    find_url: String,
}

pub fn schools<'a>(cluster: &'a Cluster, phase: Phase, find: &Layout) -> Vec<PlaceView<'a>> {
    cluster
        .data
        .schools
        .iter()
        .filter(|s| s.phase == phase)
        .map(|s| {
            let anchor = format!("school-{}", s.slug.as_deref().unwrap_or_default());
            PlaceView {
                name: s.name.get_ref(),
                shared: Some(s.shared),
                find_url: find.place(&anchor),
            }
        })
        .collect()
}

pub fn centres<'a>(cluster: &'a Cluster, find: &Layout) -> Vec<PlaceView<'a>> {
    cluster
        .data
        .childrens_centres
        .iter()
        .map(|c| {
            let anchor = format!("centre-{}", c.slug.as_deref().unwrap_or_default());
            PlaceView {
                name: c.name.get_ref(),
                shared: None,
                find_url: find.place(&anchor),
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct CaseStudySummary<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
}

pub fn case_study_summaries<'a>(
    cluster: &'a Cluster,
    service: Option<&str>,
) -> Vec<CaseStudySummary<'a>> {
    cluster
        .case_studies
        .iter()
        .filter(|c| {
            service.is_none() || c.front.service.as_ref().map(|s| s.get_ref().as_str()) == service
        })
        .map(|c| CaseStudySummary {
            title: &c.front.title,
            summary: &c.front.summary,
            url: urls::case_study(&cluster.slug, &c.slug),
        })
        .collect()
}

#[derive(Serialize)]
pub struct UpdateSummary<'a> {
    title: &'a str,
    summary: &'a str,
    date: String,
    url: String,
    cluster: &'a str,
    cluster_url: String,
}

pub fn update_summaries<'a>(
    items: impl Iterator<Item = (&'a Cluster, &'a Update)>,
) -> Vec<UpdateSummary<'a>> {
    items
        .map(|(cluster, u)| UpdateSummary {
            title: &u.front.title,
            summary: &u.front.summary,
            date: u.front.date.to_string(),
            url: urls::update(&cluster.slug, &u.slug),
            cluster: &cluster.data.name,
            cluster_url: urls::cluster(&cluster.slug),
        })
        .collect()
}

/// The referral page: how to ask, what happens next, and the form's questions.
#[derive(Serialize)]
pub struct ReferralView<'a> {
    title: String,
    /// The form's own title, without the cluster: a page in another
    /// language adds the cluster's name in its own words.
    form_title: &'a str,
    intro: &'a [String],
    who_can_ask: &'a [String],
    what_happens_next: &'a [String],
    how_long: Option<&'a str>,
    privacy_notice: &'a [String],
    send_to: Vec<String>,
    updated: String,
    sections: Vec<FormSectionView<'a>>,
}

#[derive(Serialize)]
struct FormSectionView<'a> {
    title: String,
    intro: Option<&'a str>,
    fields: Vec<FormFieldView<'a>>,
}

#[derive(Serialize)]
struct FormFieldView<'a> {
    id: &'a str,
    label: &'a str,
    hint: &'a Option<String>,
    kind: FieldKind,
    required: bool,
    lines: u32,
    width: Option<FieldWidth>,
    options: Vec<FormOption<'a>>,
}

#[derive(Serialize)]
struct FormOption<'a> {
    id: String,
    label: &'a str,
}

pub fn referral<'a>(site: &'a Site, cluster: &'a Cluster) -> ReferralView<'a> {
    let form = crate::forms::for_cluster(site, cluster);
    let shared = &site.form.data;
    ReferralView {
        title: form.title,
        form_title: &shared.title,
        intro: &shared.intro,
        who_can_ask: &shared.who_can_ask,
        what_happens_next: &shared.what_happens_next,
        how_long: form.how_long,
        privacy_notice: &shared.privacy_notice,
        send_to: form.send_to,
        updated: shared.updated.to_string(),
        sections: form
            .sections
            .into_iter()
            .map(|s| FormSectionView {
                title: s.title,
                intro: s.intro,
                fields: s.fields.into_iter().map(form_field).collect(),
            })
            .collect(),
    }
}

fn form_field(field: &FormField) -> FormFieldView<'_> {
    let id = field.id.get_ref();
    FormFieldView {
        id,
        label: &field.label,
        hint: &field.hint,
        kind: field.kind,
        required: field.required,
        lines: field.lines.unwrap_or(4),
        width: field.width,
        options: field
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| FormOption {
                id: format!("{id}-{}", i + 1),
                label: o,
            })
            .collect(),
    }
}
