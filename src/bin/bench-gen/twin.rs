//! The plain-Markdown twin: one Markdown file per HTML page clustersite makes
//! for the same corpus, with the same text, so that Hugo and Eleventy can
//! build it with a minimal template and pages/s compare like with like.
//!
//! The twin is written twice with identical files except for how a "list"
//! page (home, /clusters/, /updates/) is named: Hugo needs `_index.md` for a
//! section's own page, Eleventy maps `index.md` to the folder's URL.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use crate::content::FORM;
use crate::corpus::{CaseStudy, Cluster, Contact, Corpus, Phase, Service, Update};
use crate::output::{markdown, quote, Tree};
use crate::site_pages;

pub struct TwinPage {
    /// URL path without slashes at either end ("" for home).
    pub path: String,
    /// A folder's own page: home, /clusters/, /updates/.
    pub is_index: bool,
    pub title: String,
    pub description: String,
    pub body: String,
}

impl TwinPage {
    fn new(path: String, title: &str, description: &str, body: String) -> Self {
        TwinPage {
            path,
            is_index: false,
            title: title.to_owned(),
            description: description.to_owned(),
            body,
        }
    }

    fn file_name(&self, index_name: &str) -> String {
        match (self.is_index, self.path.is_empty()) {
            (true, true) => format!("{index_name}.md"),
            (true, false) => format!("{}/{index_name}.md", self.path),
            (false, _) => format!("{}.md", self.path),
        }
    }

    fn document(&self) -> String {
        let front = [
            ("title", quote(&self.title)),
            ("description", quote(&self.description)),
        ];
        markdown(&front, &self.body)
    }
}

/// Writes `hugo/content/...` and `eleventy/...` under the twin's root.
pub fn write(corpus: &Corpus, tree: &mut Tree) -> io::Result<usize> {
    let pages = pages(corpus);
    for page in &pages {
        let text = page.document();
        tree.write(&format!("hugo/content/{}", page.file_name("_index")), &text)?;
        tree.write(&format!("eleventy/{}", page.file_name("index")), &text)?;
    }
    Ok(pages.len())
}

/// Every page, in the order clustersite lists its jobs.
pub fn pages(corpus: &Corpus) -> Vec<TwinPage> {
    let mut clusters: Vec<&Cluster> = corpus.clusters.iter().collect();
    clusters.sort_by(|a, b| a.slug.cmp(&b.slug));
    let updates = all_updates(&clusters);
    let mut pages = vec![home(corpus, &clusters, &updates)];
    pages.extend(paged(
        "clusters",
        "Clusters A to Z",
        "Every early help cluster.",
        clusters.iter().map(|c| cluster_line(c)).collect(),
    ));
    pages.extend(paged(
        "updates",
        "Updates",
        "News and progress reports from every cluster.",
        updates.iter().map(|(c, u)| update_line(c, u)).collect(),
    ));
    pages.extend([
        // The corpus has no topics, so /search/ has its form and no topic pages.
        TwinPage::new(
            "search".into(),
            "Search",
            "Search this website for help with what your family needs, or choose a topic.",
            SEARCH_BODY.into(),
        ),
        TwinPage::new(
            "open-data".into(),
            "Open data",
            "The cluster directory as open data.",
            OPEN_DATA_BODY.into(),
        ),
        TwinPage::new(
            "404".into(),
            "Page not found",
            "This page does not exist.",
            "If you typed the web address, check it is correct. You can also find your cluster in \
             the [clusters A to Z](/clusters/).\n"
                .into(),
        ),
    ]);
    pages.extend(find_pages(&clusters));
    for page in site_pages::pages(corpus) {
        pages.push(TwinPage::new(
            page.slug.into(),
            page.title,
            page.description,
            page.body,
        ));
    }
    let form = shared_form();
    for c in clusters {
        pages.push(cluster_page(c));
        pages.push(referral_page(c, &form));
        pages.extend(c.services.iter().map(|s| service_page(c, s)));
        pages.extend(c.case_studies.iter().map(|s| case_study_page(c, s)));
        pages.extend(c.updates.iter().map(|u| update_page(c, u)));
        pages.extend(paged(
            &format!("clusters/{}/updates", c.slug),
            &format!("Updates from the {} cluster", c.name),
            "News and progress reports from the cluster.",
            c.updates.iter().map(|u| update_line(c, u)).collect(),
        ));
        pages.extend(paged(
            &format!("clusters/{}/case-studies", c.slug),
            &format!("Case studies from the {} cluster", c.name),
            "Stories of families the cluster has helped.",
            (c.case_studies.iter())
                .map(|s| format!("- [{}]({}): {}\n", s.title, case_study_url(c, s), s.summary))
                .collect(),
        ));
    }
    pages
}

/// clustersite's default `paginate_by`: a list's items per page.
const PER_PAGE: usize = 20;
/// How many updates and case studies a cluster page shows.
const LATEST: usize = 5;

/// A list cut into pages as clustersite cuts it: the first at `path`, the
/// others at `path/page/N`, each with "Page N of M" and its neighbours.
fn paged(path: &str, title: &str, description: &str, lines: Vec<String>) -> Vec<TwinPage> {
    let chunks: Vec<&[String]> = match lines.is_empty() {
        true => vec![&[]],
        false => lines.chunks(PER_PAGE).collect(),
    };
    let total = chunks.len();
    let url = |n: usize| match n {
        1 => format!("/{path}/"),
        n => format!("/{path}/page/{n}/"),
    };
    (chunks.iter().enumerate())
        .map(|(i, chunk)| {
            let n = i + 1;
            let mut body: String = chunk.concat();
            if total > 1 {
                let _ = write!(body, "\nPage {n} of {total}\n");
                if n > 1 {
                    let _ = write!(body, "\n[Previous page]({})\n", url(n - 1));
                }
                if n < total {
                    let _ = write!(body, "\n[Next page]({})\n", url(n + 1));
                }
            }
            match n {
                1 => index_page(path, title, description, body),
                n => TwinPage::new(
                    format!("{path}/page/{n}"),
                    &format!("{title} (page {n} of {total})"),
                    description,
                    body,
                ),
            }
        })
        .collect()
}

fn index_page(path: &str, title: &str, description: &str, body: String) -> TwinPage {
    TwinPage {
        is_index: true,
        ..TwinPage::new(path.into(), title, description, body)
    }
}

/// Newest first, as clustersite's /updates/ lists them.
fn all_updates<'a>(clusters: &[&'a Cluster]) -> Vec<(&'a Cluster, &'a Update)> {
    let mut all: Vec<_> = clusters
        .iter()
        .flat_map(|c| c.updates.iter().map(move |u| (*c, u)))
        .collect();
    all.sort_by(|a, b| (b.1.date, &a.0.slug, &a.1.slug).cmp(&(a.1.date, &b.0.slug, &b.1.slug)));
    all
}

fn home(corpus: &Corpus, clusters: &[&Cluster], updates: &[(&Cluster, &Update)]) -> TwinPage {
    let intro = site_pages::home(corpus);
    let mut listed: String = clusters
        .iter()
        .take(PER_PAGE)
        .map(|c| cluster_line(c))
        .collect();
    if clusters.len() > PER_PAGE {
        let _ = writeln!(
            listed,
            "\n[See all {} clusters](/clusters/)",
            clusters.len()
        );
    }
    let latest: String = (updates.iter().take(LATEST))
        .map(|(c, u)| update_line(c, u))
        .collect();
    let body = format!(
        "{}\n## Find your cluster\n\n{listed}\n## Latest updates\n\n{latest}",
        intro.body,
    );
    index_page("", intro.title, intro.description, body)
}

fn cluster_line(c: &Cluster) -> String {
    format!("- [{}]({}): {}\n", c.name, c.url(), c.summary)
}

fn update_line(c: &Cluster, u: &Update) -> String {
    format!(
        "- [{}]({}): {}, [{} cluster]({}). {}\n",
        u.title,
        update_url(c, u),
        u.date.long(),
        c.name,
        c.url(),
        u.summary
    )
}

fn update_url(c: &Cluster, u: &Update) -> String {
    format!("/clusters/{}/updates/{}/", c.slug, u.slug)
}

fn case_study_url(c: &Cluster, s: &CaseStudy) -> String {
    format!("/clusters/{}/case-studies/{}/", c.slug, s.slug)
}

/// "13,200".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn contacts(c: &Cluster) -> String {
    c.contacts.iter().map(contact).collect()
}

fn contact(k: &Contact) -> String {
    let mut out = format!("### {}\n\n", k.role);
    if let Some(email) = &k.email {
        let _ = writeln!(out, "- Email: [{email}](mailto:{email})");
    }
    if let Some(phone) = &k.phone {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let _ = writeln!(out, "- Phone: [{phone}](tel:{digits})");
    }
    if let Some(note) = k.note {
        let _ = write!(out, "\n{note}\n");
    }
    let _ = write!(out, "\nLast checked: {}\n\n", k.last_reviewed.month_year());
    out
}

fn kind_text(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "cluster" => (
            "Cluster services",
            "Paid for through the cluster's business plan.",
        ),
        "commissioned" => (
            "Commissioned services",
            "Bought in by the cluster from other providers.",
        ),
        _ => (
            "City council services",
            "Provided by the council's children's services, at no direct charge to the cluster.",
        ),
    }
}

fn cluster_page(c: &Cluster) -> TwinPage {
    let mut body = format!(
        "{}\n\n## How to ask for help\n\nTalk to your child's school first: they can ask the \
         cluster for help with you. Your GP or another service can also ask, and you can contact \
         the cluster yourself.\n\n{}{}\n",
        c.summary,
        contacts(c),
        c.intro_body
    );
    body.push_str(&schools_section(c));
    body.push_str(&services_section(c));
    if !c.case_studies.is_empty() {
        body.push_str("## Case studies\n\nStories of families the cluster has helped. Details that could identify anyone have been removed.\n\n");
        for s in c.case_studies.iter().take(LATEST) {
            let _ = writeln!(
                body,
                "- [{}]({}): {}",
                s.title,
                case_study_url(c, s),
                s.summary
            );
        }
        if c.case_studies.len() > LATEST {
            let _ = writeln!(
                body,
                "\n[See all {} case studies from this cluster](/clusters/{}/case-studies/)",
                c.case_studies.len(),
                c.slug
            );
        }
        body.push('\n');
    }
    body.push_str("## Updates\n\n");
    if c.updates.len() > LATEST {
        let _ = writeln!(
            body,
            "[See all {} updates from this cluster](/clusters/{}/updates/)\n",
            c.updates.len(),
            c.slug
        );
    }
    for u in c.updates.iter().take(LATEST) {
        let _ = writeln!(
            body,
            "- [{}]({}): {}. {}",
            u.title,
            update_url(c, u),
            u.date.long(),
            u.summary
        );
    }
    body.push('\n');
    body.push_str(&funding_section(c));
    let _ = writeln!(body, "Last checked: {}", c.last_reviewed.month_year());
    TwinPage::new(
        format!("clusters/{}", c.slug),
        &format!("{} cluster", c.name),
        &c.summary,
        body,
    )
}

fn schools_section(c: &Cluster) -> String {
    let mut out = String::from("## Schools and children's centres\n\n");
    for (phase, heading) in [
        (Phase::Primary, "Primary schools"),
        (Phase::Secondary, "Secondary schools"),
    ] {
        let _ = write!(out, "### {heading}\n\n");
        for s in c.schools_of(phase) {
            let shared = if s.shared {
                " (shared with another cluster)"
            } else {
                ""
            };
            let _ = writeln!(out, "- {}{shared}", s.name);
        }
        out.push('\n');
    }
    out.push_str("### Children's centres\n\n");
    for centre in &c.centres {
        let _ = writeln!(out, "- {centre}");
    }
    let _ = write!(
        out,
        "\n### Children in the area\n\n- Children and young people living in the area: about {}\n\
         - On the roll of a cluster school: {}\n- Families on the Families First programme: {}\n\n\
         Figures from {}.\n\n",
        thousands(c.population.into()),
        thousands(c.on_roll.into()),
        thousands(c.families_first.into()),
        c.population_as_of.month_year()
    );
    out
}

fn services_section(c: &Cluster) -> String {
    let mut out = String::from("## Services\n\n");
    for kind in ["cluster", "commissioned", "council"] {
        let (title, description) = kind_text(kind);
        let _ = write!(out, "### {title}\n\n{description}\n\n");
        for s in c.services.iter().filter(|s| s.template.kind == kind) {
            let staffing = s
                .staffing
                .as_ref()
                .map(|st| format!(" ({st})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- [{}]({}){staffing}: {}",
                s.template.name,
                c.service_url(s),
                s.template.summary
            );
        }
        out.push('\n');
    }
    out
}

fn funding_section(c: &Cluster) -> String {
    let mut out = format!(
        "## Funding and how the cluster is run\n\nThe cluster's money comes from the Schools Forum, \
         the council's children's services and local health services.\n\n\
         - Schools Forum budget (2024/25): £{}\n- Per pupil on a cluster school roll: £{} a year \
         (the city average is £50)\n",
        thousands(c.budget),
        c.per_pupil
    );
    for (step, date) in [
        "Signed off by the cluster partnership",
        "Approved by Schools Forum",
    ]
    .iter()
    .zip(c.plan_dates)
    {
        let _ = writeln!(out, "- Business plan: {step}: {}", date.month_year());
    }
    out.push_str("\n### What the business plan focuses on\n\n");
    for p in &c.priorities {
        let _ = writeln!(out, "- {p}");
    }
    let _ = write!(
        out,
        "\n### Who runs the cluster\n\n{}: the cluster is run by its {}, with people from its \
         schools and local partners.\n\n",
        c.governance_body,
        c.governance_body.to_lowercase()
    );
    out
}

fn service_page(c: &Cluster, s: &Service) -> TwinPage {
    let t = s.template;
    let (kind, kind_description) = kind_text(t.kind);
    let mut body = format!(
        "{}\n\n- Type of service: {kind}. {kind_description}\n",
        t.summary
    );
    if let Some(staffing) = &s.staffing {
        let _ = writeln!(body, "- Staffing: {staffing}");
    }
    let _ = write!(
        body,
        "\nLast checked: {}\n\n## How to get this help\n\n{}\n\n{}",
        s.last_reviewed.month_year(),
        t.how_to_get
            .unwrap_or("Ask your child's school, or contact the cluster."),
        contacts(c)
    );
    let stories: Vec<&CaseStudy> = c
        .case_studies
        .iter()
        .filter(|cs| cs.service.as_deref() == Some(t.slug))
        .collect();
    if !stories.is_empty() {
        body.push_str("## Case studies\n\n");
        for cs in stories {
            let _ = writeln!(
                body,
                "- [{}]({}): {}",
                cs.title,
                case_study_url(c, cs),
                cs.summary
            );
        }
        body.push('\n');
    }
    let _ = writeln!(
        body,
        "[All services and contacts of the {} cluster]({})",
        c.name,
        c.url()
    );
    TwinPage::new(
        format!("clusters/{}/services/{}", c.slug, t.slug),
        t.name,
        t.summary,
        body,
    )
}

fn case_study_page(c: &Cluster, s: &CaseStudy) -> TwinPage {
    let mut body = format!("{}\n\n{}\n## About this story\n\n", s.summary, s.body);
    let _ = write!(
        body,
        "Consent was recorded on {}. Anonymised by: Family Support Worker. Reviewed by: Cluster \
         Manager, {}.\n\n",
        s.consent_date.long(),
        s.reviewed.long()
    );
    if let Some(service) = c
        .services
        .iter()
        .find(|v| Some(v.template.slug) == s.service.as_deref())
    {
        let _ = write!(
            body,
            "This story is about [{}]({}).\n\n",
            service.template.name,
            c.service_url(service)
        );
    }
    let _ = writeln!(body, "[Back to the {} cluster]({})", c.name, c.url());
    TwinPage::new(
        format!("clusters/{}/case-studies/{}", c.slug, s.slug),
        &s.title,
        &s.summary,
        body,
    )
}

fn update_page(c: &Cluster, u: &Update) -> TwinPage {
    let body = format!("{}. {}\n\n{}", u.date.long(), u.summary, u.body);
    TwinPage::new(
        format!("clusters/{}/updates/{}", c.slug, u.slug),
        &u.title,
        &u.summary,
        body,
    )
}

const SEARCH_BODY: &str = "Search for the help your family needs, for example \"speech\" or \
\"behaviour\".\n\n## Help by topic\n\nThere are no topics yet.\n\nNot sure where to start? \
[Find your cluster](/find/) from your child's school, or ask the school.\n";

const OPEN_DATA_BODY: &str = "The information on this site about clusters, their services, \
contacts, schools and children's centres is also published as data, so that other directories \
and apps can use it.\n\n## Open Referral UK\n\nThese files follow the shapes of the Open \
Referral UK standard for describing local services. Each record has an id that stays the same \
between updates.\n\n## What is not included\n\nOnly what this website publishes is in the data. \
Case studies and updates are not included.\n";

/// At most this many names on one page of the find list: above it,
/// clustersite splits the list into a page per letter (`/find/<letter>/`,
/// continued on `/find/<letter>/page/2/`...); mirrors `PAGE_NAMES` in
/// src/render/find.rs. clustersite also ends a page early when its names
/// would be over the page budget (`PAGE_LIST_COST`); the twin splits by
/// count only, so where names are long (the national preset) it has a few
/// pages fewer (bench/README.md).
const FIND_PAGE_NAMES: usize = 250;

/// One line of the find list: "- Oakfield Primary (Primary school): [North](/clusters/north/)".
type FindEntries = BTreeMap<(String, &'static str), (String, Vec<String>)>;

/// Every school, children's centre and area, keyed by lower-case name, with its clusters.
fn find_entries(clusters: &[&Cluster]) -> FindEntries {
    let mut entries = FindEntries::new();
    let mut add = |name: &str, kind: &'static str, c: &Cluster| {
        let entry = entries
            .entry((name.to_lowercase(), kind))
            .or_insert_with(|| (name.to_owned(), Vec::new()));
        let link = format!("[{}]({})", c.name, c.url());
        if !entry.1.contains(&link) {
            entry.1.push(link);
        }
    };
    for c in clusters {
        for s in &c.schools {
            let kind = match s.phase {
                Phase::Primary => "Primary school",
                Phase::Secondary => "Secondary school",
            };
            add(&s.name, kind, c);
        }
        for centre in &c.centres {
            add(centre, "Children's centre", c);
        }
        for area in &c.neighbourhoods {
            add(area, "Area", c);
        }
    }
    entries
}

/// The entries of each first letter, A to Z, one line each.
fn find_letters(entries: &FindEntries) -> BTreeMap<char, Vec<String>> {
    let mut letters: BTreeMap<char, Vec<String>> = BTreeMap::new();
    for ((key, kind), (name, links)) in entries {
        let letter = key.chars().next().map_or('#', |c| c.to_ascii_uppercase());
        let list = letters.entry(letter).or_default();
        list.push(format!("- {name} ({kind}): {}\n", links.join(", ")));
    }
    letters
}

/// The find page, or (for a big site) its letter index and one page per letter.
fn find_pages(clusters: &[&Cluster]) -> Vec<TwinPage> {
    const INTRO: &str = "Every school and children's centre belongs to a cluster. Find your \
                         child's school or your children's centre below to see its cluster.";
    const OUTRO: &str =
        "\nNot listed? Ask your child's school, or see [all clusters from A to Z](/clusters/).\n";
    let title = "Find your local cluster";
    let description =
        "Find the early help cluster for your child's school, children's centre or area.";
    let names: usize = clusters
        .iter()
        .map(|c| c.schools.len() + c.centres.len() + c.neighbourhoods.len())
        .sum();
    let letters = find_letters(&find_entries(clusters));
    if names <= FIND_PAGE_NAMES {
        let mut body = format!("{INTRO}\n");
        for (letter, list) in &letters {
            let _ = write!(body, "\n## {letter}\n\n{}", list.concat());
        }
        body.push_str(OUTRO);
        return vec![index_page("find", title, description, body)];
    }
    let index: String = letters
        .keys()
        .map(|l| format!("- [{l}](/find/{}/)\n", l.to_ascii_lowercase()))
        .collect();
    // A folder's own page, so that Hugo's section for find/ does not clash with it.
    let mut pages = vec![index_page(
        "find",
        title,
        description,
        format!("{INTRO}\n\nChoose the first letter of the name.\n\n{index}{OUTRO}"),
    )];
    for (letter, list) in &letters {
        let first = format!("find/{}", letter.to_ascii_lowercase());
        let parts: Vec<&[String]> = list.chunks(FIND_PAGE_NAMES).collect();
        for (number, part) in (1..).zip(&parts) {
            // `find/c.md` is a plain page, not a section, so Hugo makes no
            // list pages of its own under it.
            let path_of = |n: usize| match n {
                1 => first.clone(),
                n => format!("{first}/page/{n}"),
            };
            let of = match number {
                1 => String::new(),
                n => format!(" (page {n} of {})", parts.len()),
            };
            let path = path_of(number);
            let mut pager = String::new();
            if number > 1 {
                let _ = write!(pager, "\n[Previous page](/{}/)\n", path_of(number - 1));
            }
            if number < parts.len() {
                let _ = write!(pager, "\n[Next page](/{}/)\n", path_of(number + 1));
            }
            pages.push(TwinPage::new(
                path,
                &format!("{title}: {letter}{of}"),
                description,
                format!(
                    "{INTRO}\n\n{index}\n## {letter}\n\n{}{pager}{OUTRO}",
                    part.concat()
                ),
            ));
        }
    }
    pages
}

/// The parts of the request-for-support form every cluster shows.
struct SharedForm {
    intro: String,
    who_can_ask: String,
    what_happens_next: String,
    privacy: String,
    fields: String,
    updated: String,
}

fn strings(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn text(table: &toml::Table, key: &str) -> Option<String> {
    table
        .get(key)
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
}

/// Reads the form once; its text is the same on every cluster's referral page.
fn shared_form() -> SharedForm {
    let form: toml::Table = toml::from_str(FORM).expect("the real site's form is valid TOML");
    let mut fields = format!("## {}\n\n", text(&form, "title").unwrap_or_default());
    let sections = form.get("sections").and_then(toml::Value::as_array);
    for section in sections
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
    {
        let _ = write!(
            fields,
            "### {}\n\n",
            text(section, "title").unwrap_or_default()
        );
        if let Some(intro) = text(section, "intro") {
            let _ = write!(fields, "{intro}\n\n");
        }
        let items = section.get("fields").and_then(toml::Value::as_array);
        for field in items
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_table)
        {
            fields.push_str(&field_line(field));
        }
        fields.push('\n');
    }
    let lines = |key| {
        strings(&form, key)
            .iter()
            .map(|s| format!("- {s}\n"))
            .collect()
    };
    SharedForm {
        intro: strings(&form, "intro").join("\n\n"),
        who_can_ask: lines("who_can_ask"),
        what_happens_next: lines("what_happens_next"),
        privacy: strings(&form, "privacy_notice").join("\n\n"),
        fields,
        updated: form
            .get("updated")
            .map(ToString::to_string)
            .unwrap_or_default(),
    }
}

/// "- Full name (optional): hint. Options: Yes, No"
fn field_line(field: &toml::Table) -> String {
    let required = field
        .get("required")
        .and_then(toml::Value::as_bool)
        .unwrap_or(true);
    let mut line = format!("- {}", text(field, "label").unwrap_or_default());
    if !required {
        line.push_str(" (optional)");
    }
    if let Some(hint) = text(field, "hint") {
        let _ = write!(line, ": {hint}");
    }
    let options = strings(field, "options");
    if !options.is_empty() {
        let _ = write!(line, ". Options: {}", options.join(", "));
    }
    line.push('\n');
    line
}

fn referral_page(c: &Cluster, form: &SharedForm) -> TwinPage {
    let r = &c.referral;
    let mut body = format!(
        "{}\n\n## Who can ask\n\n{}\n## What happens next\n\n{}\n{}\n\n## Where to send the \
         form\n\n{}\n\n{}## Privacy notice\n\n{}\n\n{}",
        form.intro,
        form.who_can_ask,
        form.what_happens_next,
        r.how_long,
        r.send_to.join("\n\n"),
        contacts(c),
        form.privacy,
        form.fields
    );
    if r.holiday_club_question.is_some() {
        body.push_str("### Questions from the cluster\n\n- Would the family like a place at the holiday club? (optional). Options: Yes, No\n\n");
    }
    let _ = writeln!(body, "Form last updated: {}", form.updated);
    TwinPage::new(
        format!("clusters/{}/referral", c.slug),
        "Ask for help",
        &format!("How to ask the {} cluster for early help.", c.name),
        body,
    )
}
