//! Updates and case studies in another language, under `/<code>/`: made
//! from a sibling file (`updates/<slug>.pl.md`) that translates the title,
//! summary and body; the date, consent record and service stay the English
//! file's. They use the English pages' templates, whose interface text
//! comes from the theme's `i18n/<code>.ftl`.

use serde::Serialize;

use super::translated_pages::{lang_crumbs, note, TranslationNote};
use super::{Bodies, Body, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::translation::{LanguageDecl, Reviewed, TranslatedEntry};
use crate::model::{CaseStudy, Cluster, MarkdownDoc, Site, Update};
use crate::render::inputs::Inputs;
use crate::render::views::{self, ClusterBrief, ServiceView};
use crate::urls;

pub fn all(site: &Site) -> Vec<Box<dyn PageKind + '_>> {
    let mut pages: Vec<Box<dyn PageKind + '_>> = Vec::new();
    for lang in site.languages() {
        let code = lang.code.get_ref();
        for c in &site.clusters {
            for u in &c.updates {
                if let Some(t) = site.translations.update(code, &c.slug, &u.slug) {
                    pages.push(Box::new(UpdatePage(site, lang, c, u, t)));
                }
            }
            for s in &c.case_studies {
                if let Some(t) = site.translations.case_study(code, &c.slug, &s.slug) {
                    pages.push(Box::new(CaseStudyPage(site, lang, c, s, t)));
                }
            }
        }
    }
    pages
}

/// Home (in the language) › the cluster (its name is never translated).
fn entry_crumbs(site: &Site, lang: &LanguageDecl, c: &Cluster) -> Vec<Crumb> {
    let mut list = lang_crumbs(site, lang);
    list.extend(super::crumbs(&[(&c.data.name, &urls::cluster(&c.slug))]));
    list
}

/// What the templates read of a translated update or case study: the
/// translation's words, the English file's facts.
#[derive(Serialize)]
struct EntryFront<'a, F: Serialize> {
    /// First, so that the translation's title and summary replace its own.
    #[serde(flatten)]
    english: &'a F,
    title: &'a str,
    summary: &'a str,
}

struct UpdatePage<'a>(
    &'a Site,
    &'a LanguageDecl,
    &'a Cluster,
    &'a Update,
    &'a TranslatedEntry,
);

#[derive(Serialize)]
struct UpdateView<'a> {
    cluster: ClusterBrief<'a>,
    update: EntryFront<'a, crate::model::UpdateFront>,
    body: Body,
    breadcrumbs: Vec<Crumb>,
    translation: TranslationNote,
}

impl PageKind for UpdatePage<'_> {
    fn url(&self) -> String {
        urls::in_language(self.1.code.get_ref(), &self.english().unwrap_or_default())
    }
    fn template(&self) -> &'static str {
        "update.html"
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.1)
    }
    fn english(&self) -> Option<String> {
        Some(urls::update(&self.2.slug, &self.3.slug))
    }
    /// The English one too: its text says whether this one is out of date.
    fn documents(&self) -> Vec<&MarkdownDoc> {
        vec![&self.4.doc.doc, &self.3.doc]
    }
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let UpdatePage(site, lang, c, english, t) = *self;
        let front = &t.doc.front;
        Ok(Context::of(UpdateView {
            cluster: inputs.cluster_brief(c),
            update: EntryFront {
                title: &front.title,
                summary: &front.summary,
                english: &english.front,
            },
            body: bodies.of(&t.doc.doc),
            breadcrumbs: entry_crumbs(site, lang, c),
            translation: note(
                front.review(),
                &english.doc.file.text,
                urls::update(&c.slug, &english.slug),
            ),
        }))
    }
}

struct CaseStudyPage<'a>(
    &'a Site,
    &'a LanguageDecl,
    &'a Cluster,
    &'a CaseStudy,
    &'a TranslatedEntry,
);

#[derive(Serialize)]
struct CaseStudyView<'a> {
    cluster: ClusterBrief<'a>,
    case_study: EntryFront<'a, crate::model::CaseStudyFront>,
    service: Option<ServiceView<'a>>,
    body: Body,
    breadcrumbs: Vec<Crumb>,
    translation: TranslationNote,
}

impl PageKind for CaseStudyPage<'_> {
    fn url(&self) -> String {
        urls::in_language(self.1.code.get_ref(), &self.english().unwrap_or_default())
    }
    fn template(&self) -> &'static str {
        "case_study.html"
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.1)
    }
    fn english(&self) -> Option<String> {
        Some(urls::case_study(&self.2.slug, &self.3.slug))
    }
    /// The English one too: its text says whether this one is out of date.
    fn documents(&self) -> Vec<&MarkdownDoc> {
        vec![&self.4.doc.doc, &self.3.doc]
    }
    fn context(&self, inputs: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let CaseStudyPage(site, lang, c, english, t) = *self;
        let front = &t.doc.front;
        let service = (english.front.service.as_ref())
            .and_then(|s| c.service(s.get_ref()))
            .map(|s| views::service(c, s, &inputs.fresh));
        Ok(Context::of(CaseStudyView {
            cluster: inputs.cluster_brief(c),
            case_study: EntryFront {
                title: &front.title,
                summary: &front.summary,
                english: &english.front,
            },
            service,
            body: bodies.of(&t.doc.doc),
            breadcrumbs: entry_crumbs(site, lang, c),
            translation: note(
                front.review(),
                &english.doc.file.text,
                urls::case_study(&c.slug, &english.slug),
            ),
        }))
    }
}
