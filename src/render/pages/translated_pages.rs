//! Pages in another language, under `/<code>/`: the home page, content
//! pages, the find page and the referral pages, each made only when its
//! translation is whole (a page is never shown half-translated), and the
//! "Read this website in your language" page listing what each language has.
//!
//! They use the English pages' templates: interface text comes from the
//! theme's `i18n/<code>.ftl` through `t()`, content from the translations.

use serde::Serialize;

use super::{crumbs, Bodies, Body, Context, Crumb, PageKind};
use crate::diagnostics::Diagnostic;
use crate::model::translation::{self, LanguageDecl, Reviewed, TranslatedDoc};
use crate::model::{Cluster, MarkdownDoc, Site};
use crate::output_file::OutputFile;
use crate::render::find::Group;
use crate::render::inputs::Inputs;
use crate::render::views;
use crate::urls;

pub fn all<'a>(site: &'a Site) -> Vec<Box<dyn PageKind + 'a>> {
    let mut pages: Vec<Box<dyn PageKind + 'a>> = Vec::new();
    if site.config.languages.is_empty() {
        return pages;
    }
    for lang in site.languages() {
        let code = lang.code.get_ref();
        if let Some(home) = site.translations.home(code) {
            pages.push(Box::new(Home { site, lang, home }));
        }
        pages.push(Box::new(Find { site, lang }));
        for page in site.translations.pages.iter().filter(|p| &p.lang == code) {
            pages.push(Box::new(ContentPage { site, lang, page }));
        }
        for cluster in &site.clusters {
            if referral_is_whole(site, code, cluster) {
                pages.push(Box::new(Referral {
                    site,
                    lang,
                    cluster,
                }));
            }
        }
    }
    for lang in site.languages() {
        pages.push(Box::new(NotFound { site, lang }));
    }
    pages.push(Box::new(Languages(site)));
    pages
}

/// A cluster's referral page has a translation only when every word on it
/// has one: the form's, and the cluster's (its contacts, its own answers).
fn referral_is_whole(site: &Site, code: &str, cluster: &Cluster) -> bool {
    let (Some(form), Some(ct)) = (
        site.translations.form(code),
        site.translations.cluster(code, &cluster.slug),
    ) else {
        return false;
    };
    let referral = &cluster.data.referral;
    let contacts_whole = cluster.data.contacts.is_empty() || ct.data.contacts.is_some();
    let how_long_whole = referral.how_long.is_none() || ct.data.referral_how_long.is_some();
    super::translated_form::is_whole(&site.form.data, &form.data)
        && contacts_whole
        && how_long_whole
        && referral.send_to.is_empty()
        && referral.questions.is_empty()
}

/// What a translated page says about itself: checked or not, up to date or
/// not, and where its English is.
#[derive(Serialize)]
pub(super) struct TranslationNote {
    english_url: String,
    reviewed: bool,
    outdated: bool,
}

pub(super) fn note(
    review: translation::Review,
    english_source: &str,
    english_url: String,
) -> TranslationNote {
    let outdated = review
        .source_hash
        .is_some_and(|h| *h.get_ref() != translation::source_hash(english_source));
    TranslationNote {
        english_url,
        reviewed: review.reviewed,
        outdated,
    }
}

pub(super) fn lang_crumbs(site: &Site, lang: &LanguageDecl) -> Vec<Crumb> {
    let code = lang.code.get_ref();
    match site.translations.home(code) {
        Some(home) => crumbs(&[(&home.doc.front.title, &urls::in_language(code, urls::HOME))]),
        None => crumbs(&[("Home", urls::HOME)]),
    }
}

struct Home<'a> {
    site: &'a Site,
    lang: &'a LanguageDecl,
    home: &'a TranslatedDoc,
}

#[derive(Serialize)]
struct HomeView<'a> {
    intro: IntroView<'a>,
    clusters: Vec<ClusterLink<'a>>,
    clusters_count: usize,
    translation: TranslationNote,
}

#[derive(Serialize)]
struct IntroView<'a> {
    title: &'a str,
    description: &'a Option<String>,
    body: Body,
}

/// A cluster as a translated page lists it: its name (never translated),
/// its summary if translated, and its referral page in the language if
/// there is one.
#[derive(Serialize)]
struct ClusterLink<'a> {
    name: &'a str,
    url: String,
    summary: Option<&'a str>,
    referral_url: String,
}

fn cluster_link<'a>(site: &'a Site, code: &str, c: &'a Cluster) -> ClusterLink<'a> {
    let translated = site.translations.cluster(code, &c.slug);
    ClusterLink {
        name: &c.data.name,
        url: urls::cluster(&c.slug),
        summary: translated.and_then(|t| t.data.summary.as_deref()),
        referral_url: if referral_is_whole(site, code, c) {
            urls::in_language(code, &urls::referral(&c.slug))
        } else {
            urls::referral(&c.slug)
        },
    }
}

impl PageKind for Home<'_> {
    fn url(&self) -> String {
        urls::in_language(self.lang.code.get_ref(), urls::HOME)
    }
    fn template(&self) -> &'static str {
        "index.html"
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.lang)
    }
    fn english(&self) -> Option<String> {
        Some(urls::HOME.to_owned())
    }
    /// The English home page too: its text says whether this one is out
    /// of date, so a body edit there must make this page again.
    fn documents(&self) -> Vec<&MarkdownDoc> {
        let english = self.site.home.iter().map(|h| &h.doc);
        std::iter::once(&self.home.doc.doc).chain(english).collect()
    }
    fn context(&self, _: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let (site, code) = (self.site, self.lang.code.get_ref());
        let english = site.home.as_ref().map_or("", |h| h.doc.file.text.as_str());
        Ok(Context::of(HomeView {
            intro: IntroView {
                title: &self.home.doc.front.title,
                description: &self.home.doc.front.description,
                body: bodies.of(&self.home.doc.doc),
            },
            clusters: (site.clusters.iter())
                .take(site.config.paginate_by.get() as usize)
                .map(|c| cluster_link(site, code, c))
                .collect(),
            clusters_count: site.clusters.len(),
            translation: note(self.home.doc.front.review(), english, urls::HOME.to_owned()),
        }))
    }
}

struct ContentPage<'a> {
    site: &'a Site,
    lang: &'a LanguageDecl,
    page: &'a TranslatedDoc,
}

#[derive(Serialize)]
struct ContentPageView<'a> {
    page: PageHead<'a>,
    body: Body,
    breadcrumbs: Vec<Crumb>,
    translation: TranslationNote,
}

#[derive(Serialize)]
struct PageHead<'a> {
    title: &'a str,
    description: &'a str,
}

impl PageKind for ContentPage<'_> {
    fn url(&self) -> String {
        urls::in_language(self.lang.code.get_ref(), &urls::page(&self.page.doc.slug))
    }
    fn template(&self) -> &'static str {
        "page.html"
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.lang)
    }
    fn english(&self) -> Option<String> {
        Some(urls::page(&self.page.doc.slug))
    }
    /// The English page too: its text says whether this one is out of date.
    fn documents(&self) -> Vec<&MarkdownDoc> {
        let english = (self.site.pages.iter())
            .filter(|p| p.slug == self.page.doc.slug)
            .map(|p| &p.doc);
        std::iter::once(&self.page.doc.doc).chain(english).collect()
    }
    fn context(&self, _: &Inputs, bodies: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let front = &self.page.doc.front;
        let english = (self.site.pages.iter())
            .find(|p| p.slug == self.page.doc.slug)
            .map_or("", |p| p.doc.file.text.as_str());
        Ok(Context::of(ContentPageView {
            page: PageHead {
                title: &front.title,
                description: front.description.as_deref().unwrap_or(""),
            },
            body: bodies.of(&self.page.doc.doc),
            breadcrumbs: lang_crumbs(self.site, self.lang),
            translation: note(front.review(), english, urls::page(&self.page.doc.slug)),
        }))
    }
}

/// The find page: its words are all interface text, its names are never
/// translated, so every language has it while the list fits on one page.
struct Find<'a> {
    site: &'a Site,
    lang: &'a LanguageDecl,
}

/// The find page in a language. A list on one page is shown whole, its
/// interface text translated (names are never translated); a list split by
/// letter keeps the address `/<code>/find/`, which every translated page's
/// menu links to, as the letter index, each letter leading to the English
/// letter page.
#[derive(Serialize)]
struct FindView<'a> {
    groups: &'a [Group],
    split: bool,
    breadcrumbs: Vec<Crumb>,
}

impl PageKind for Find<'_> {
    fn url(&self) -> String {
        urls::in_language(self.lang.code.get_ref(), urls::FIND)
    }
    fn template(&self) -> &'static str {
        "find.html"
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.lang)
    }
    fn english(&self) -> Option<String> {
        Some(urls::FIND.to_owned())
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let find = inputs.find();
        Ok(Context::of(FindView {
            groups: &find.groups,
            split: find.is_split(),
            breadcrumbs: lang_crumbs(self.site, self.lang),
        }))
    }
}

struct Referral<'a> {
    site: &'a Site,
    lang: &'a LanguageDecl,
    cluster: &'a Cluster,
}

#[derive(Serialize)]
struct ReferralPageView<'a> {
    cluster: views::ClusterBrief<'a>,
    referral: views::ReferralView<'a>,
    breadcrumbs: Vec<Crumb>,
    translation: TranslationNote,
    /// The printable form in the page's language.
    pdf_url: String,
    pdf_size: String,
}

impl Referral<'_> {
    fn pdf_url(&self) -> String {
        urls::in_language(
            self.lang.code.get_ref(),
            &urls::referral_pdf(&self.cluster.slug),
        )
    }
}

impl PageKind for Referral<'_> {
    fn url(&self) -> String {
        urls::in_language(
            self.lang.code.get_ref(),
            &urls::referral(&self.cluster.slug),
        )
    }
    fn template(&self) -> &'static str {
        "referral.html"
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.lang)
    }
    fn english(&self) -> Option<String> {
        Some(urls::referral(&self.cluster.slug))
    }
    fn attachments(&self) -> Vec<String> {
        vec![self.pdf_url()]
    }
    fn context(&self, inputs: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let (site, code, c) = (self.site, self.lang.code.get_ref(), self.cluster);
        // A referral page is only made when both translations are whole.
        let (Some(form), Some(ct), Some((translated_site, cluster))) = (
            site.translations.form(code),
            site.translations.cluster(code, &c.slug),
            super::translated_form::translated(site, code, c),
        ) else {
            return Err(vec![Diagnostic::file(
                &site.form.file.display_path,
                "form-pdf",
                format!(
                    "the `{code}` referral page of {} has no translation",
                    c.slug
                ),
            )]);
        };
        // Out of date if either the form's or the cluster's English changed.
        let mut review = form.data.review();
        review.reviewed &= ct.data.reviewed;
        let form_english = translation::form_source(&site.form.data);
        let mut note = note(review, &form_english, urls::referral(&c.slug));
        note.outdated |= (ct.data.source_hash.as_ref()).is_some_and(|h| {
            *h.get_ref() != translation::source_hash(&translation::cluster_source(&c.data))
        });
        let pdf_form = super::translated_form::pdf_form(
            &translated_site,
            &cluster,
            self.lang,
            inputs.strings(),
        )
        .map_err(|d| vec![d])?;
        let pdf = inputs.pdf(&pdf_form, &form.file.display_path)?;
        let mut context = Context::of(ReferralPageView {
            cluster: views::cluster_brief(&cluster, &inputs.fresh),
            referral: views::referral(&translated_site, &cluster),
            breadcrumbs: lang_crumbs(site, self.lang),
            translation: note,
            pdf_url: self.pdf_url(),
            pdf_size: super::cluster_pages::file_size(pdf.len()),
        });
        context.attachments.push(OutputFile {
            path: urls::output_path(&self.pdf_url()),
            bytes: pdf,
        });
        Ok(context)
    }
}

/// "Read this website in your language": each language's pages.
struct Languages<'a>(&'a Site);

#[derive(Serialize)]
struct LanguagesView {
    languages: Vec<LanguagePages>,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct LanguagePages {
    code: String,
    name: String,
    dir: &'static str,
    pages: Vec<LinkView>,
    find: String,
    /// Each cluster's referral page in the language, by the cluster's name.
    referrals: Vec<LinkView>,
}

#[derive(Serialize)]
struct LinkView {
    title: String,
    url: String,
}

impl PageKind for Languages<'_> {
    fn url(&self) -> String {
        urls::LANGUAGES.to_owned()
    }
    fn template(&self) -> &'static str {
        "languages.html"
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let site = self.0;
        let languages = (site.languages())
            .map(|lang| {
                let code = lang.code.get_ref();
                LanguagePages {
                    code: code.clone(),
                    name: lang.name.clone(),
                    dir: lang.dir.as_str(),
                    pages: listed_pages(site, lang),
                    find: urls::in_language(code, urls::FIND),
                    referrals: (site.clusters.iter())
                        .filter(|c| referral_is_whole(site, code, c))
                        .map(|c| LinkView {
                            title: c.data.name.clone(),
                            url: urls::in_language(code, &urls::referral(&c.slug)),
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(Context::of(LanguagesView {
            languages,
            breadcrumbs: crumbs(&[("Home", urls::HOME)]),
        }))
    }
}

/// A language's pages, with their titles in the language (the find and
/// referral pages' titles are interface text: the template gives them).
fn listed_pages(site: &Site, lang: &LanguageDecl) -> Vec<LinkView> {
    let code = lang.code.get_ref();
    let mut pages = Vec::new();
    if let Some(home) = site.translations.home(code) {
        pages.push(LinkView {
            title: home.doc.front.title.clone(),
            url: urls::in_language(code, urls::HOME),
        });
    }
    for page in site.translations.pages.iter().filter(|p| &p.lang == code) {
        pages.push(LinkView {
            title: page.doc.front.title.clone(),
            url: urls::in_language(code, &urls::page(&page.doc.slug)),
        });
    }
    pages
}

/// The page-not-found page in a language (`/pl/404.html`): hosts that serve
/// a folder's own 404 page show it for missing addresses under `/pl/`.
/// Its links go to the language's pages where they exist.
struct NotFound<'a> {
    site: &'a Site,
    lang: &'a LanguageDecl,
}

#[derive(Serialize)]
struct NotFoundView<'a> {
    clusters_url: String,
    home_url: String,
    clusters: Vec<NotFoundCluster<'a>>,
}

#[derive(Serialize)]
struct NotFoundCluster<'a> {
    name: &'a str,
    referral_url: String,
}

impl PageKind for NotFound<'_> {
    fn url(&self) -> String {
        urls::in_language(self.lang.code.get_ref(), urls::NOT_FOUND)
    }
    fn template(&self) -> &'static str {
        "404.html"
    }
    fn listed(&self) -> bool {
        false
    }
    fn permanent(&self) -> bool {
        false
    }
    fn language(&self) -> Option<&LanguageDecl> {
        Some(self.lang)
    }
    fn english(&self) -> Option<String> {
        Some(urls::NOT_FOUND.to_owned())
    }
    fn context(&self, _: &Inputs, _: &Bodies) -> Result<Context, Vec<Diagnostic>> {
        let (site, code) = (self.site, self.lang.code.get_ref());
        let in_language = |url: &str| urls::in_language(code, url);
        Ok(Context::of(NotFoundView {
            clusters_url: in_language(urls::FIND),
            home_url: match site.translations.home(code) {
                Some(_) => in_language(urls::HOME),
                None => urls::HOME.to_owned(),
            },
            // As many as the English page lists.
            clusters: (site.clusters.iter().take(30))
                .map(|c| NotFoundCluster {
                    name: &c.data.name,
                    referral_url: cluster_link(site, code, c).referral_url,
                })
                .collect(),
        }))
    }
}
