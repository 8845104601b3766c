//! Site-wide documents: site.toml's values, the home introduction and a few
//! city-wide pages. Their text is fixed; links go to clusters that exist.

use crate::corpus::Corpus;
use crate::prose::PAGE_SENTENCES;

pub const SITE_TITLE: &str = "Benchmark city early help clusters";
pub const SITE_DESCRIPTION: &str =
    "Made-up information about early help clusters in a made-up city, for benchmarking.";

/// A page under `pages/` (or the home introduction).
pub struct SitePage {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub order: i64,
    pub body: String,
}

pub fn home(corpus: &Corpus) -> SitePage {
    let first = &corpus.clusters[0];
    SitePage {
        slug: "",
        title: "Early help for children and families",
        description: "Local groups of schools and services work together to help children and \
                      families early, before problems grow.",
        order: 0,
        body: format!(
            "Early help means help that comes early. It comes as soon as a problem starts, before \
             it gets bigger.\n\n{}\n\nRead [how to get help](/how-to-get-help/) to find out more. \
             You can also see the [clusters A to Z](/clusters/), read the latest [updates](/updates/), \
             or start with the [{} cluster]({}).\n",
            PAGE_SENTENCES[..3].join(" "),
            first.name,
            first.url()
        ),
    }
}

pub fn pages(corpus: &Corpus) -> Vec<SitePage> {
    let example = &corpus.clusters[corpus.clusters.len() / 2];
    let paragraph = |from: usize, to: usize| PAGE_SENTENCES[from..to].join(" ");
    vec![
        SitePage {
            slug: "how-to-get-help",
            title: "How to get help",
            description: "The ways children and families can get early help from their local cluster.",
            order: 1,
            body: format!(
                "{}\n\n## Ways to ask for help\n\n- **Through your child's school.** The school can \
                 ask the cluster to help.\n- **Through someone else.** Your doctor or another \
                 service can ask for you.\n- **By asking yourself.** This is called a \
                 self-referral.\n\n## What happens next?\n\n{}\n\n## Find your cluster\n\nSee the \
                 [clusters A to Z](/clusters/). For example, see the [{} cluster]({}).\n",
                paragraph(0, 2),
                paragraph(4, 7),
                example.name,
                example.url()
            ),
        },
        SitePage {
            slug: "about-clusters",
            title: "About clusters",
            description: "What clusters are, what they do and who pays for them.",
            order: 2,
            body: format!(
                "## What is a cluster?\n\n{}\n\n## What do clusters mostly do?\n\n{}\n\n## Who pays \
                 for clusters?\n\n{}\n\nRead more about [benefits and funding](/benefits-and-funding/).\n",
                paragraph(0, 2),
                paragraph(2, 3),
                paragraph(3, 4)
            ),
        },
        SitePage {
            slug: "benefits-and-funding",
            title: "Benefits and funding",
            description: "How clusters help children, families and schools, and how they are paid for.",
            order: 3,
            body: format!(
                "## Benefits for families\n\n{}\n\n## How clusters are paid for\n\n{}\n\n| Source | \
                 Share of funding |\n| --- | --- |\n| Schools | about two thirds |\n| Council | about \
                 a fifth |\n| Health services | the rest |\n\nSee [about clusters](/about-clusters/).\n",
                paragraph(5, 7),
                paragraph(3, 4)
            ),
        },
        SitePage {
            slug: "accessibility",
            title: "Accessibility statement",
            description: "How accessible this website is and how to report a problem.",
            order: 8,
            body: "## How accessible this website is\n\nThis website aims to meet the Web Content \
                   Accessibility Guidelines (WCAG) 2.2 at level AA (the middle of 3 levels). You \
                   should be able to zoom in to 400%, use a keyboard only, and use a screen \
                   reader.\n\n## Reporting problems\n\nEmail [the city team](mailto:city@bench.example).\n"
                .to_owned(),
        },
        SitePage {
            slug: "privacy",
            title: "Privacy",
            description: "This website does not use cookies and does not track you.",
            order: 9,
            body: format!(
                "## What this website does not do\n\n- it does not use cookies\n- it does not use \
                 analytics\n- it does not load anything from other websites\n\n{}\n\nFind your \
                 cluster in the [clusters A to Z](/clusters/).\n",
                paragraph(7, 8)
            ),
        },
    ]
}
