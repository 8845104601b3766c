//! What templates see: plain JSON views of the model, with display forms ready.

use serde_json::{json, Value};

use crate::model::{Cluster, Contact, Date, Phase, Service, ServiceKind, Site};
use crate::urls;

/// When the build happens and how old information may get before we say so.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    pub today: Date,
    pub review_after_months: u32,
}

impl Freshness {
    pub fn view(&self, reviewed: Date) -> Value {
        json!({
            "last_checked": reviewed.month_year(),
            "date": reviewed.to_string(),
            "stale": reviewed.months_until(self.today) >= self.review_after_months,
        })
    }
}

pub fn contact(contact: &Contact, fresh: &Freshness) -> Value {
    json!({
        "role": contact.role,
        "name": contact.name,
        "phone": contact.phone.as_ref().map(|p| p.get_ref()),
        "email": contact.email.as_ref().map(|e| e.get_ref()),
        "note": contact.note,
        "reviewed": fresh.view(*contact.last_reviewed.get_ref()),
    })
}

pub fn site(site: &Site, base_url: &str, fresh: &Freshness) -> Value {
    let config = &site.config;
    json!({
        "title": config.title,
        "description": config.description,
        "base_url": base_url,
        "language": config.language,
        "contact": contact(&config.contact, fresh),
        "pages": site.pages.iter().map(|p| json!({
            "title": p.front.title,
            "description": p.front.description,
            "url": urls::page(&p.slug),
        })).collect::<Vec<_>>(),
        "updates_feed": urls::UPDATES_FEED,
        // Pages explain glossary terms (src/glossary.rs): a changed glossary
        // changes this view, and so the key of every cached page.
        "glossary": site.glossary.terms.iter().map(|t| json!([t.term.get_ref(), t.meaning])).collect::<Vec<_>>(),
    })
}

pub fn cluster_summary(cluster: &Cluster) -> Value {
    json!({
        "name": cluster.data.name,
        "slug": cluster.slug,
        "url": urls::cluster(&cluster.slug),
        "summary": cluster.data.summary,
        "referral_url": urls::referral(&cluster.slug),
        "referral_pdf": urls::referral_pdf(&cluster.slug),
    })
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

pub fn service(cluster: &Cluster, service: &Service, fresh: &Freshness) -> Value {
    json!({
        "name": service.name,
        "slug": service.slug.get_ref(),
        "url": urls::service(&cluster.slug, service.slug.get_ref()),
        "kind": kind_title(service.kind),
        "kind_description": kind_description(service.kind),
        "staffing": service.staffing,
        "summary": service.summary,
        "how_to_get": service.how_to_get,
        "reviewed": fresh.view(*service.last_reviewed.get_ref()),
    })
}

pub fn services_by_kind(cluster: &Cluster, fresh: &Freshness) -> Vec<Value> {
    [
        ServiceKind::Cluster,
        ServiceKind::Commissioned,
        ServiceKind::Council,
    ]
    .into_iter()
    .filter_map(|kind| {
        let services: Vec<Value> = cluster
            .data
            .services
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| service(cluster, s, fresh))
            .collect();
        (!services.is_empty()).then(|| {
            json!({
                "title": kind_title(kind),
                "description": kind_description(kind),
                "services": services,
            })
        })
    })
    .collect()
}

pub fn schools(cluster: &Cluster, phase: Phase, find_is_split: bool) -> Vec<Value> {
    cluster
        .data
        .schools
        .iter()
        .filter(|s| s.phase == phase)
        .map(|s| {
            let anchor = format!("school-{}", s.slug.as_deref().unwrap_or_default());
            json!({
                "name": s.name.get_ref(),
                "shared": s.shared,
                "find_url": super::find::entry_url(find_is_split, s.name.get_ref(), &anchor),
            })
        })
        .collect()
}

pub fn centres(cluster: &Cluster, find_is_split: bool) -> Vec<Value> {
    cluster
        .data
        .childrens_centres
        .iter()
        .map(|c| {
            let anchor = format!("centre-{}", c.slug.as_deref().unwrap_or_default());
            json!({"name": c.name.get_ref(), "find_url": super::find::entry_url(find_is_split, c.name.get_ref(), &anchor)})
        })
        .collect()
}

pub fn case_study_summaries(cluster: &Cluster, service: Option<&str>) -> Vec<Value> {
    cluster
        .case_studies
        .iter()
        .filter(|c| {
            service.is_none() || c.front.service.as_ref().map(|s| s.get_ref().as_str()) == service
        })
        .map(|c| {
            json!({
                "title": c.front.title,
                "summary": c.front.summary,
                "url": urls::case_study(&cluster.slug, &c.slug),
            })
        })
        .collect()
}

pub fn update_summaries<'a>(
    items: impl Iterator<Item = (&'a Cluster, &'a crate::model::Update)>,
) -> Vec<Value> {
    items
        .map(|(cluster, u)| {
            json!({
                "title": u.front.title,
                "summary": u.front.summary,
                "date": u.front.date.to_string(),
                "url": urls::update(&cluster.slug, &u.slug),
                "cluster": cluster.data.name,
                "cluster_url": urls::cluster(&cluster.slug),
            })
        })
        .collect()
}

/// The referral page: how to ask, what happens next, and the form's questions.
pub fn referral(site: &Site, cluster: &Cluster) -> Value {
    let form = crate::forms::for_cluster(site, cluster);
    let shared = &site.form.data;
    json!({
        "title": form.title,
        "intro": shared.intro,
        "who_can_ask": shared.who_can_ask,
        "what_happens_next": shared.what_happens_next,
        "how_long": form.how_long,
        "privacy_notice": shared.privacy_notice,
        "send_to": form.send_to,
        "updated": shared.updated.to_string(),
        "sections": form.sections.iter().map(|s| json!({
            "title": s.title,
            "intro": s.intro,
            "fields": s.fields.iter().map(|f| form_field(f)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn form_field(field: &crate::model::FormField) -> Value {
    let id = field.id.get_ref();
    json!({
        "id": id,
        "label": field.label,
        "hint": field.hint,
        "kind": field.kind,
        "required": field.required,
        "lines": field.lines.unwrap_or(4),
        "width": field.width,
        "options": field.options.iter().enumerate().map(|(i, o)| json!({
            "id": format!("{id}-{}", i + 1),
            "label": o,
        })).collect::<Vec<_>>(),
    })
}
