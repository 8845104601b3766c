//! Rendering: the loaded site to output files, in memory. Nothing here touches
//! the disk; `output.rs` writes what this returns.

mod feeds;
pub mod filters;
pub mod find;
pub mod open_data;
mod redirects;
mod reuse;
mod template_loops;
pub mod theme;
mod views;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::cache::{BuildCache, Key, KeyHasher};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::{self, Rendered};
use crate::model::{CaseStudy, Cluster, Date, MarkdownDoc, Page, Phase, Service, Site, Update};
use crate::urls;
pub use theme::Theme;
use views::Freshness;

#[derive(Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so that a page reused from the cache is not copied.
    pub bytes: Arc<Vec<u8>>,
}

pub struct RenderOptions {
    pub base_url: String,
    pub today: Date,
    pub minify: bool,
}

/// One HTML page to produce.
enum Job<'a> {
    Home,
    Find,
    FindLetter(String),
    OpenData,
    Clusters,
    Updates,
    NotFound,
    Page(&'a Page),
    Cluster(&'a Cluster),
    Service(&'a Cluster, &'a Service),
    CaseStudy(&'a Cluster, &'a CaseStudy),
    Update(&'a Cluster, &'a Update),
    Referral(&'a Cluster),
    Redirect(&'a crate::model::Redirect),
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    links: BTreeSet<String>,
    site_view: Value,
    base_url: String,
    fresh: Freshness,
    minify: bool,
    fonts: crate::forms::pdf::Fonts,
    cache: &'a BuildCache,
    /// Each cluster's brief, by slug.
    briefs: HashMap<&'a str, Value>,
    /// Hashes of what every page shares, made on first use (only when caching).
    links_key: OnceLock<Key>,
    site_key: OnceLock<Key>,
    structure_key: OnceLock<Key>,
}

pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_with(site, theme, options, &BuildCache::none(), &in_memory)
}

/// What happens to each job's files as they are made: `build` writes them
/// out and keeps only their paths (so a big site is never all in memory);
/// [`in_memory`] keeps them whole.
pub type Keep<'a> = &'a (dyn Fn(Vec<OutputFile>) -> Vec<OutputFile> + Sync);

/// Keeps the files, bytes and all (`serve`, `check`, tests).
pub fn in_memory(files: Vec<OutputFile>) -> Vec<OutputFile> {
    files
}

/// As [`render`], reusing any page, PDF or Markdown body whose inputs `cache`
/// has seen. The output is the same, byte for byte.
pub fn render_with(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    cache: &BuildCache,
    keep: Keep,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let fresh = Freshness {
        today: options.today,
        review_after_months: site.config.review_after_months,
    };
    let base_url = options.base_url.trim_end_matches('/').to_owned();
    let renderer = Renderer {
        site,
        theme,
        links: markdown::addresses(urls::linkable(site), theme.static_files.keys()),
        site_view: views::site(site, &base_url, &fresh),
        base_url: base_url.clone(),
        fresh,
        minify: options.minify,
        fonts: pdf_fonts(theme)?,
        cache,
        briefs: site
            .clusters
            .par_iter()
            .map(|c| (c.slug.as_str(), cluster_brief(c, &fresh)))
            .collect(),
        links_key: OnceLock::new(),
        site_key: OnceLock::new(),
        structure_key: OnceLock::new(),
    };
    let redirect_problems = redirects::check(site, &urls::html_pages(site));
    if !redirect_problems.is_empty() {
        return Err(redirect_problems);
    }
    let results: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> = jobs(site)
        .par_iter()
        .map(|job| renderer.output_reused(job).map(keep))
        .collect();
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(made) => files.extend(made),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut whole_site = feeds::all(site, &base_url);
    whole_site.extend(open_data_files(site, &base_url, cache));
    if !site.config.redirects.is_empty() {
        whole_site.push(OutputFile {
            path: "_redirects".into(),
            bytes: Arc::new(redirects::netlify_file(site).into_bytes()),
        });
    }
    let made: BTreeSet<&str> = (files.iter().chain(&whole_site))
        .map(|f| f.path.as_str())
        .collect();
    let replaced = static_files_replacing(theme, &made);
    if !replaced.is_empty() {
        return Err(replaced);
    }
    for (path, bytes) in &theme.static_files {
        whole_site.push(OutputFile {
            path: path.clone(),
            bytes: Arc::clone(bytes),
        });
    }
    files.extend(keep(whole_site));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A static file may add to the site but never replace what the build makes:
/// a page, a feed, the open data or a referral form that schools link to.
fn static_files_replacing(theme: &Theme, made: &BTreeSet<&str>) -> Vec<Diagnostic> {
    theme
        .static_files
        .keys()
        .filter(|path| made.contains(path.as_str()))
        .map(|path| {
            Diagnostic::file(
                format!("static/{path}"),
                "static-file",
                format!("this file would replace /{path}, which the build makes from the content"),
            )
            .help("rename it or move it into its own folder, e.g. static/files/")
        })
        .collect()
}

fn jobs(site: &Site) -> Vec<Job<'_>> {
    let mut jobs = vec![
        Job::Home,
        Job::Find,
        Job::OpenData,
        Job::Clusters,
        Job::Updates,
        Job::NotFound,
    ];
    jobs.extend(find::letter_pages(site).into_iter().map(Job::FindLetter));
    jobs.extend(site.pages.iter().map(Job::Page));
    jobs.extend(
        site.config
            .redirects
            .iter()
            .filter(|r| r.from.get_ref().ends_with('/'))
            .map(Job::Redirect),
    );
    for c in &site.clusters {
        jobs.push(Job::Cluster(c));
        jobs.push(Job::Referral(c));
        jobs.extend(c.data.services.iter().map(|s| Job::Service(c, s)));
        jobs.extend(c.case_studies.iter().map(|s| Job::CaseStudy(c, s)));
        jobs.extend(c.updates.iter().map(|u| Job::Update(c, u)));
    }
    jobs
}

/// What pages inside a cluster need of it: its name, address and contacts.
fn cluster_brief(c: &Cluster, fresh: &Freshness) -> Value {
    let mut brief = views::cluster_summary(c);
    brief["contacts"] = c
        .data
        .contacts
        .iter()
        .map(|k| views::contact(k, fresh))
        .collect();
    brief
}

/// A crumb trail of ancestors (the current page is the `h1`, not a crumb).
fn crumbs(items: &[(&str, &str)]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|(title, url)| json!({"title": title, "url": url}))
            .collect(),
    )
}

/// The PDF fonts from the theme's `fonts/` folder.
fn pdf_fonts(theme: &Theme) -> Result<crate::forms::pdf::Fonts, Vec<Diagnostic>> {
    let font = |name: &str| {
        theme.fonts.get(name).cloned().ok_or_else(|| {
            Diagnostic::file(
                format!("themes/default/fonts/{name}"),
                "missing-file",
                "the referral form's font is missing",
            )
            .help("restore the font file in the theme's fonts/ folder")
        })
    };
    match (font("DejaVuSans.ttf"), font("DejaVuSans-Bold.ttf")) {
        (Ok(regular), Ok(bold)) => Ok(crate::forms::pdf::Fonts { regular, bold }),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
    }
}

/// The open data comes from the cluster files alone.
fn open_data_files(site: &Site, base_url: &str, cache: &BuildCache) -> Vec<OutputFile> {
    let key = || {
        let mut key = KeyHasher::new("open data");
        key.add(base_url);
        for c in &site.clusters {
            key.add(&c.file.display_path).add(&c.file.text);
        }
        key.key()
    };
    let files = cache
        .open_data
        .get_or(key, || Arc::new(open_data::files(site, base_url)));
    files.as_ref().clone()
}

fn open_data_title(name: &str) -> &'static str {
    match name {
        "organizations" => "Organisations: the clusters",
        "services" => "Services",
        "locations" => "Locations: schools and children's centres",
        "contacts" => "Contacts",
        _ => "Phone numbers",
    }
}

/// "48 KB", the way GOV.UK gives a download's size.
fn file_size(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

impl Renderer<'_> {
    /// The job's files, from the cache if its inputs are unchanged.
    fn output_reused(&self, job: &Job) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let key = || reuse::job_key(self.site, self.structure_key(), job);
        self.cache.jobs.get_or_try(key, || self.output(job))
    }

    /// Everything a context can read except Markdown bodies (`reuse.rs`).
    fn structure_key(&self) -> Key {
        *self.structure_key.get_or_init(|| {
            let mut shared = KeyHasher::new("structure");
            shared
                .add(self.theme.fingerprint)
                .add(self.minify)
                .add(&self.base_url)
                .add(self.fresh.today)
                .add(self.fresh.review_after_months)
                .add(self.links_key())
                .add(self.site_key());
            reuse::structure_key(self.site, &mut shared)
        })
    }

    fn output(&self, job: &Job) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let Job::Referral(cluster) = job else {
            return self
                .page(job, serde_json::Map::new())
                .map(|page| vec![page]);
        };
        let form = crate::forms::pdf_form(self.site, cluster);
        let key = || {
            KeyHasher::new("pdf")
                .add(self.theme.fingerprint)
                .add(&form)
                .key()
        };
        let pdf = self
            .cache
            .pdfs
            .get_or_try(key, || {
                crate::forms::pdf::write_pdf(&form, &self.fonts).map(Arc::new)
            })
            .map_err(|message| {
                vec![Diagnostic::file(
                    &self.site.form.file.display_path,
                    "form-pdf",
                    format!("the referral form PDF could not be made: {message}"),
                )]
            })?;
        let mut extra = serde_json::Map::new();
        extra.insert("pdf_size".into(), json!(file_size(pdf.len())));
        let page = self.page(job, extra)?;
        let pdf = OutputFile {
            path: urls::output_path(&urls::referral_pdf(&cluster.slug)),
            bytes: pdf,
        };
        Ok(vec![page, pdf])
    }

    fn page(
        &self,
        job: &Job,
        extra: serde_json::Map<String, Value>,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
        let (url, template, mut context, problems) = self.context(job);
        context.extend(extra);
        if !problems.is_empty() {
            return Err(problems);
        }
        context.insert("url".into(), json!(url));
        let context = Value::Object(context);
        let key = || {
            KeyHasher::new("page")
                .add(self.theme.fingerprint)
                .add(self.site_key())
                .add(template)
                .add(self.minify)
                .add_json(&context)
                .key()
        };
        let bytes = self.cache.pages.get_or_try(key, || {
            let Value::Object(mut context) = context.clone() else {
                unreachable!("contexts are objects")
            };
            context.insert("site".into(), self.site_view.clone());
            let context =
                tera::Context::from_value(Value::Object(context)).expect("an object is a context");
            let html = self
                .theme
                .tera
                .render(template, &context)
                .map_err(|e| vec![theme::template_error(&e)])?;
            let html = crate::glossary::explain_first_uses(&html, &self.site.glossary.terms);
            Ok::<_, Vec<Diagnostic>>(Arc::new(if self.minify {
                minify(html.as_bytes())
            } else {
                html.into_bytes()
            }))
        })?;
        Ok(OutputFile {
            path: urls::output_path(&url),
            bytes,
        })
    }

    fn markdown(&self, doc: &MarkdownDoc, problems: &mut Vec<Diagnostic>) -> Rendered {
        let (rendered, found) = self.cached_markdown(&doc.file, doc.body_offset, || {
            markdown::render(doc, &self.links)
        });
        problems.extend(found);
        rendered
    }

    /// Rendered Markdown from `file` at `offset`, which depends only on the
    /// file's text and on which URLs exist (for the link check).
    fn cached_markdown(
        &self,
        file: &SourceFile,
        offset: usize,
        render: impl FnOnce() -> (Rendered, Vec<Diagnostic>),
    ) -> (Rendered, Vec<Diagnostic>) {
        let key = || {
            KeyHasher::new("markdown")
                .add(&file.display_path)
                .add(&file.text)
                .add(offset)
                .add(self.links_key())
                .key()
        };
        self.cache.markdown.get_or(key, render)
    }

    fn links_key(&self) -> Key {
        *self
            .links_key
            .get_or_init(|| KeyHasher::new("links").add(&self.links).key())
    }

    fn site_key(&self) -> Key {
        *self
            .site_key
            .get_or_init(|| KeyHasher::new("site view").add_json(&self.site_view).key())
    }

    fn body(&self, doc: &MarkdownDoc, problems: &mut Vec<Diagnostic>) -> Value {
        let r = self.markdown(doc, problems);
        json!({
            "html": r.html,
            "sections": r.sections.iter().map(|(id, title)| json!({"id": id, "title": title})).collect::<Vec<_>>(),
        })
    }

    fn context(
        &self,
        job: &Job,
    ) -> (
        String,
        &'static str,
        serde_json::Map<String, Value>,
        Vec<Diagnostic>,
    ) {
        let mut problems = Vec::new();
        let site = self.site;
        let fresh = &self.fresh;
        let home = [("Home", urls::HOME)];
        let (url, template, value) = match job {
            Job::Home => {
                let intro = site.home.as_ref().map(|h| {
                    json!({"title": h.front.title, "description": h.front.description, "body": self.body(&h.doc, &mut problems)})
                });
                let latest = views::update_summaries(all_updates(site).into_iter().take(5));
                (
                    urls::HOME.to_owned(),
                    "index.html",
                    json!({
                        "intro": intro,
                        "clusters": site.clusters.iter().map(views::cluster_summary).collect::<Vec<_>>(),
                        "updates": latest,
                    }),
                )
            }
            Job::Clusters => (
                urls::CLUSTERS.to_owned(),
                "clusters.html",
                json!({
                    "clusters": site.clusters.iter().map(views::cluster_summary).collect::<Vec<_>>(),
                    "breadcrumbs": crumbs(&home),
                }),
            ),
            Job::Updates => (
                urls::UPDATES.to_owned(),
                "updates.html",
                json!({
                    "updates": views::update_summaries(all_updates(site).into_iter()),
                    "breadcrumbs": crumbs(&home),
                }),
            ),
            Job::OpenData => (
                urls::OPEN_DATA.to_owned(),
                "open_data.html",
                json!({
                    "files": open_data::FILES.iter().map(|name| json!({"url": open_data::file_url(name), "title": open_data_title(name)})).collect::<Vec<_>>(),
                    "csv": open_data::CSV,
                    "breadcrumbs": crumbs(&home),
                }),
            ),
            Job::Redirect(r) => (
                r.from.get_ref().clone(),
                "redirect.html",
                json!({"target": r.to.get_ref()}),
            ),
            Job::Find => (
                urls::FIND.to_owned(),
                "find.html",
                json!({"groups": find::groups(site), "split": find::is_split(site), "breadcrumbs": crumbs(&home)}),
            ),
            Job::FindLetter(url) => {
                let groups: Vec<Value> = find::groups(site)
                    .into_iter()
                    .filter(|g| g["url"] == json!(url))
                    .collect();
                let letter = groups
                    .first()
                    .map(|g| g["letter"].clone())
                    .unwrap_or_default();
                let find_crumbs =
                    crumbs(&[("Home", urls::HOME), ("Find your cluster", urls::FIND)]);
                let letters: Vec<Value> = find::groups(site)
                    .iter()
                    .map(|g| json!({"letter": g["letter"], "url": g["url"]}))
                    .collect();
                (
                    url.clone(),
                    "find.html",
                    json!({"groups": groups, "letter": letter, "letters": letters, "breadcrumbs": find_crumbs}),
                )
            }
            Job::NotFound => (
                urls::NOT_FOUND.to_owned(),
                "404.html",
                json!({"clusters": site.clusters.iter().take(30).map(views::cluster_summary).collect::<Vec<_>>()}),
            ),
            Job::Page(page) => (
                urls::page(&page.slug),
                "page.html",
                json!({
                    "page": {"title": page.front.title, "description": page.front.description},
                    "body": self.body(&page.doc, &mut problems),
                    "breadcrumbs": crumbs(&home),
                }),
            ),
            Job::Cluster(c) => {
                let intro = c.intro.as_ref().map(
                    |i| json!({"title": i.front.title, "body": self.body(&i.doc, &mut problems)}),
                );
                (
                    urls::cluster(&c.slug),
                    "cluster.html",
                    json!({
                        "cluster": self.cluster_view(c, &mut problems),
                        "intro": intro,
                        "breadcrumbs": crumbs(&[("Home", urls::HOME), ("Clusters", urls::CLUSTERS)]),
                    }),
                )
            }
            Job::Service(c, s) => (
                urls::service(&c.slug, s.slug.get_ref()),
                "service.html",
                json!({
                    "cluster": self.cluster_brief(c),
                    "service": views::service(c, s, fresh),
                "json_ld": open_data::service_ld(&self.base_url, c, s),
                    "case_studies": views::case_study_summaries(c, Some(s.slug.get_ref())),
                    "breadcrumbs": self.cluster_crumbs(c),
                }),
            ),
            Job::CaseStudy(c, cs) => {
                let service = cs
                    .front
                    .service
                    .as_ref()
                    .and_then(|s| c.service(s.get_ref()))
                    .map(|s| views::service(c, s, fresh));
                (
                    urls::case_study(&c.slug, &cs.slug),
                    "case_study.html",
                    json!({
                        "cluster": self.cluster_brief(c),
                        "case_study": cs.front,
                        "service": service,
                        "body": self.body(&cs.doc, &mut problems),
                        "breadcrumbs": self.cluster_crumbs(c),
                    }),
                )
            }
            Job::Referral(c) => (
                urls::referral(&c.slug),
                "referral.html",
                json!({
                    "cluster": self.cluster_brief(c),
                    "referral": views::referral(self.site, c),
                    "breadcrumbs": self.cluster_crumbs(c),
                }),
            ),
            Job::Update(c, u) => (
                urls::update(&c.slug, &u.slug),
                "update.html",
                json!({
                    "cluster": self.cluster_brief(c),
                    "update": u.front,
                    "body": self.body(&u.doc, &mut problems),
                    "breadcrumbs": self.cluster_crumbs(c),
                }),
            ),
        };
        let Value::Object(map) = value else {
            unreachable!("contexts are objects")
        };
        (url, template, map, problems)
    }

    fn cluster_crumbs(&self, c: &Cluster) -> Value {
        let url = urls::cluster(&c.slug);
        crumbs(&[
            ("Home", urls::HOME),
            ("Clusters", urls::CLUSTERS),
            (c.data.name.as_str(), url.as_str()),
        ])
    }

    /// What pages inside a cluster need of it (made once per cluster: every
    /// service, case study and update page of the cluster shows it).
    fn cluster_brief(&self, c: &Cluster) -> Value {
        self.briefs[c.slug.as_str()].clone()
    }

    fn cluster_view(&self, c: &Cluster, problems: &mut Vec<Diagnostic>) -> Value {
        let data = &c.data;
        let mut view = self.cluster_brief(c);
        let stated = data.stated_counts.as_ref().map(|s| *s.get_ref());
        let split = find::is_split(self.site);
        let primary = views::schools(c, Phase::Primary, split);
        let secondary = views::schools(c, Phase::Secondary, split);
        view["feed_url"] = json!(urls::cluster_feed(&c.slug));
        view["json_ld"] = json!(open_data::cluster_ld(&self.base_url, c));
        view["primary_schools"] = json!(primary);
        view["secondary_schools"] = json!(secondary);
        view["childrens_centres"] = json!(views::centres(c, split));
        view["stated_counts"] = json!(stated);
        view["population"] = json!(data.population);
        view["families_first_families"] = json!(data.families_first_families);
        view["governance"] = json!(data.governance);
        view["funding"] = json!(data.funding);
        if let Some(funding) = &data.funding {
            let summary = &funding.summary;
            let (rendered, found) = self.cached_markdown(&c.file, summary.span().start, || {
                markdown::render_toml_string(
                    &c.file,
                    summary.span(),
                    summary.get_ref(),
                    &self.links,
                )
            });
            problems.extend(found);
            view["funding"]["summary_html"] = json!(rendered.html);
        }
        view["service_groups"] = json!(views::services_by_kind(c, &self.fresh));
        view["case_studies"] = json!(views::case_study_summaries(c, None));
        view["updates"] = json!(views::update_summaries(c.updates.iter().map(|u| (c, u))));
        view["reviewed"] = self.fresh.view(data.last_reviewed);
        view
    }
}

/// Every update of every cluster, newest first.
fn all_updates(site: &Site) -> Vec<(&Cluster, &Update)> {
    let mut all: Vec<_> = site
        .clusters
        .iter()
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

fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    // Keep the document easy to validate and to read in "view source".
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    minify_html::minify(html, &cfg)
}
