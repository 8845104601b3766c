//! The clustersite content tree: site.toml, index.md, pages/, clusters/.

use std::fmt::Write as _;
use std::io;

use crate::corpus::{Cluster, Corpus, Phase};
use crate::output::{markdown, quote, Tree};
use crate::site_pages::{self, SITE_DESCRIPTION, SITE_TITLE};

/// The real site's request-for-support form, shared by every cluster: it is
/// valid by construction and has a realistic size (about 40 fields).
pub const FORM: &str = include_str!("../../../content/forms/request-for-support.toml");

pub fn write(corpus: &Corpus, tree: &mut Tree) -> io::Result<()> {
    tree.write("content/site.toml", &site_toml())?;
    tree.write("content/forms/request-for-support.toml", FORM)?;
    let home = site_pages::home(corpus);
    let front = [
        ("title", quote(home.title)),
        ("description", quote(home.description)),
    ];
    tree.write("content/index.md", &markdown(&front, &home.body))?;
    for page in site_pages::pages(corpus) {
        let front = [
            ("title", quote(page.title)),
            ("description", quote(page.description)),
            ("order", page.order.to_string()),
        ];
        let path = format!("content/pages/{}.md", page.slug);
        tree.write(&path, &markdown(&front, &page.body))?;
    }
    for cluster in &corpus.clusters {
        write_cluster(cluster, tree)?;
    }
    Ok(())
}

fn site_toml() -> String {
    format!(
        "title = {}\ndescription = {}\nbase_url = \"https://clusters.bench.example\"\n\
         language = \"en-GB\"\nreview_after_months = 12\n\n[contact]\n\
         name = \"City Early Help Team\"\nphone = \"0113 496 0000\"\n\
         email = \"city@bench.example\"\nlast_reviewed = 2025-06-30\n",
        quote(SITE_TITLE),
        quote(SITE_DESCRIPTION)
    )
}

fn write_cluster(c: &Cluster, tree: &mut Tree) -> io::Result<()> {
    let dir = format!("content/clusters/{}", c.slug);
    tree.write(&format!("{dir}/cluster.toml"), &cluster_toml(c))?;
    let intro_front = [("title", quote(&format!("{} cluster", c.name)))];
    tree.write(
        &format!("{dir}/index.md"),
        &markdown(&intro_front, &c.intro_body),
    )?;
    for study in &c.case_studies {
        let mut front = vec![
            ("title", quote(&study.title)),
            ("summary", quote(&study.summary)),
            (
                "consent",
                format!("{{ recorded = true, date = {} }}", study.consent_date),
            ),
            ("anonymised_by", quote("Family Support Worker")),
            ("reviewed_by", quote("Cluster Manager")),
            ("reviewed", study.reviewed.to_string()),
        ];
        if let Some(service) = &study.service {
            front.push(("service", quote(service)));
        }
        let path = format!("{dir}/case-studies/{}.md", study.slug);
        tree.write(&path, &markdown(&front, &study.body))?;
    }
    for update in &c.updates {
        let front = [
            ("title", quote(&update.title)),
            ("summary", quote(&update.summary)),
            ("date", update.date.to_string()),
        ];
        let path = format!("{dir}/updates/{}.md", update.slug);
        tree.write(&path, &markdown(&front, &update.body))?;
    }
    Ok(())
}

/// cluster.toml in the README's order: facts, governance, funding, then the lists.
fn cluster_toml(c: &Cluster) -> String {
    let mut out = String::new();
    let primary = c.schools_of(Phase::Primary).count();
    let secondary = c.schools_of(Phase::Secondary).count();
    let neighbourhoods: Vec<String> = c.neighbourhoods.iter().map(|n| quote(n)).collect();
    let _ = write!(
        out,
        "name = {}\nsummary = {}\nneighbourhoods = [{}]\n\
         stated_counts = {{ primary_schools = {primary}, secondary_schools = {secondary}, childrens_centres = {} }}\n\
         population = {{ children_and_young_people = {}, on_school_roll = {}, as_of = {} }}\n\
         families_first_families = {}\nlast_reviewed = {}\n\n",
        quote(&c.name),
        quote(&c.summary),
        neighbourhoods.join(", "),
        c.centres.len(),
        c.population,
        c.on_roll,
        c.population_as_of,
        c.families_first,
        c.last_reviewed,
    );
    let _ = write!(
        out,
        "[governance]\nbody = {}\nsummary = \"The cluster is run by its {}, with people from \
         its schools and local partners.\"\n\n",
        quote(c.governance_body),
        c.governance_body.to_lowercase()
    );
    out.push_str(&funding_toml(c));
    for contact in &c.contacts {
        let _ = writeln!(out, "[[contacts]]\nrole = {}", quote(contact.role));
        if let Some(email) = &contact.email {
            let _ = writeln!(out, "email = {}", quote(email));
        }
        if let Some(phone) = &contact.phone {
            let _ = writeln!(out, "phone = {}", quote(phone));
        }
        if let Some(note) = contact.note {
            let _ = writeln!(out, "note = {}", quote(note));
        }
        let _ = writeln!(out, "last_reviewed = {}\n", contact.last_reviewed);
    }
    for school in &c.schools {
        let _ = writeln!(
            out,
            "[[schools]]\nname = {}\nphase = \"{}\"",
            quote(&school.name),
            school.phase.as_str()
        );
        if school.shared {
            out.push_str("shared = true\n");
        }
        out.push('\n');
    }
    for centre in &c.centres {
        let _ = writeln!(out, "[[childrens_centres]]\nname = {}\n", quote(centre));
    }
    for service in &c.services {
        let t = service.template;
        let _ = writeln!(
            out,
            "[[services]]\nslug = \"{}\"\nname = {}\nkind = \"{}\"",
            t.slug,
            quote(t.name),
            t.kind
        );
        if let Some(staffing) = &service.staffing {
            let _ = writeln!(out, "staffing = {}", quote(staffing));
        }
        let _ = writeln!(out, "summary = {}", quote(t.summary));
        if let Some(how) = t.how_to_get {
            let _ = writeln!(out, "how_to_get = {}", quote(how));
        }
        let _ = writeln!(out, "last_reviewed = {}\n", service.last_reviewed);
    }
    out.push_str(&referral_toml(c));
    out
}

fn referral_toml(c: &Cluster) -> String {
    let r = &c.referral;
    let send_to: Vec<String> = r.send_to.iter().map(|line| quote(line)).collect();
    let mut out = format!(
        "[referral]\nsend_to = [{}]\nhow_long = {}\n",
        send_to.join(", "),
        quote(&r.how_long)
    );
    if let Some(id) = &r.holiday_club_question {
        let _ = write!(
            out,
            "\n[[referral.questions]]\nid = \"{id}\"\n\
             label = \"Would the family like a place at the holiday club?\"\n\
             kind = \"choice\"\noptions = [\"Yes\", \"No\"]\nrequired = false\n"
        );
    }
    out
}

fn funding_toml(c: &Cluster) -> String {
    let priorities: Vec<String> = c.priorities.iter().map(|p| quote(p)).collect();
    format!(
        "[funding]\nsummary = \"The cluster's money comes from the Schools Forum, the council's \
         children's services and local health services. The Schools Forum budget is worked out \
         with a formula based on the number of pupils on roll.\"\n\
         schools_forum_budget = {}\nbudget_period = \"2024/25\"\nper_pupil = {}\n\
         city_average_per_pupil = 50\nbusiness_plan = [\n  \
         {{ step = \"Signed off by the cluster partnership\", date = {} }},\n  \
         {{ step = \"Approved by Schools Forum\", date = {} }},\n]\npriorities = [\n  {},\n]\n\n",
        c.budget,
        c.per_pupil,
        c.plan_dates[0],
        c.plan_dates[1],
        priorities.join(",\n  ")
    )
}
