//! The command line: every flag of every command, as clap reads it. Only the
//! binary knows clap; the library takes plain options ([`clustersite::Options`],
//! [`clustersite::serve::ServeOptions`]).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Builds the Leeds early-help clusters website from content/.
#[derive(Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// The folder that holds content/ (and optionally themes/, templates/, static/).
    #[arg(long, short, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into public/ (replaced only if the whole build succeeds).
    Build(BuildArgs),
    /// Check the content and report every problem; writes nothing.
    Check(CheckArgs),
    /// Build, serve the site on 127.0.0.1 and rebuild and reload the browser when files change.
    Serve(ServeArgs),
    /// Start a new update, case study, page or cluster: a file with every required field and today's date.
    New(NewArgs),
    /// List each language's translations: current, out of date or missing.
    Translations(TranslationsArgs),
    /// Print the JSON Schema of a content file's shape (the same as schemas/<shape>.schema.json).
    Schema(SchemaArgs),
}

#[derive(Args)]
pub struct SchemaArgs {
    /// Which shape: site, glossary, topics, cluster, form, page, intro, update or case-study.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(
        clustersite::schema::SHAPES.map(|(name, _)| name)
    ))]
    pub shape: String,
}

#[derive(Args)]
pub struct BuildArgs {
    /// Where to write the site [default: <root>/public].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of the one in site.toml (for feeds, sitemap, canonical links).
    #[arg(long, short = 'u')]
    pub base_url: Option<String>,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Fail on warnings too (stale information, counts that disagree...).
    #[arg(long)]
    pub strict: bool,
    /// Let published URLs disappear (and drop them from content/published-urls.txt).
    #[arg(long)]
    pub accept_url_changes: bool,
}

#[derive(Args)]
pub struct TranslationsArgs {
    /// Record in this translation the English it now translates (its source_hash).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Output format for the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too (for a publishing pipeline).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands: each finding on its line in a pull request.
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Interface to listen on; anything but 127.0.0.1 exposes the preview to the network.
    #[arg(long, short, default_value = "127.0.0.1")]
    pub interface: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Print how long each stage of every rebuild took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub kind: NewKind,
    /// The web address's last part, instead of the one made from the title.
    #[arg(long, global = true)]
    pub slug: Option<String>,
}

#[derive(Subcommand)]
pub enum NewKind {
    /// A news item or progress report: content/clusters/<cluster>/updates/<slug>.md.
    Update {
        /// The cluster's slug, e.g. inner-east.
        cluster: String,
        /// The update's title, in quotes.
        title: String,
    },
    /// An anonymised case study: content/clusters/<cluster>/case-studies/<slug>.md.
    CaseStudy {
        /// The cluster's slug, e.g. inner-east.
        cluster: String,
        /// The case study's title, in quotes.
        title: String,
    },
    /// A city-wide page: content/pages/<slug>.md.
    Page {
        /// The page's title, in quotes.
        title: String,
    },
    /// A cluster: content/clusters/<slug>/cluster.toml.
    Cluster {
        /// Its web address: lower-case words joined by hyphens, chosen once.
        slug: String,
        /// Its name, in quotes.
        name: String,
    },
}
