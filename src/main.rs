//! The `clustersite` command: build, check.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use clustersite::diagnostics::Report;
use clustersite::{BuildError, Options, Timings};

/// Builds the Leeds early-help clusters website from content/.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The folder that holds content/ (and optionally themes/, templates/, static/).
    #[arg(long, short, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (replaced only if the whole build succeeds).
    Build {
        /// Where to write the site [default: <root>/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in site.toml (for feeds, sitemap, canonical links).
        #[arg(long, short = 'u')]
        base_url: Option<String>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Fail on warnings too (stale information, counts that disagree...).
        #[arg(long)]
        strict: bool,
        /// Let published URLs disappear (and drop them from content/published-urls.txt).
        #[arg(long)]
        accept_url_changes: bool,
    },
    /// Check the content and report every problem; writes nothing.
    Check {
        /// Output format for the findings.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too (for a publishing pipeline).
        #[arg(long)]
        strict: bool,
    },
    /// Build, serve the site on 127.0.0.1 and rebuild and reload the browser when files change.
    Serve(clustersite::serve::ServeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

const CONTENT_ERRORS: u8 = 1;
const USAGE_OR_IO: u8 = 2;

/// Rendering builds and drops many small JSON values and strings per page;
/// mimalloc handles that allocation pattern far better than glibc's malloc
/// (measured in bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal();
    match cli.command {
        Command::Build {
            output,
            base_url,
            timings: show_timings,
            strict,
            accept_url_changes,
        } => {
            if let Some(why) = base_url.as_deref().and_then(clustersite::base_url::problem) {
                eprintln!(
                    "error: --base-url {why}\n  help: give the site's public address, e.g. --base-url https://clusters.leeds.gov.uk"
                );
                return ExitCode::from(USAGE_OR_IO);
            }
            let output = output.unwrap_or_else(|| cli.root.join("public"));
            let mut options = Options::new(&cli.root);
            options.base_url = base_url;
            options.strict = strict;
            options.record_urls = true;
            options.accept_url_changes = accept_url_changes;
            let started = Instant::now();
            let mut timings = Timings::default();
            match clustersite::build(&options, &output, &mut timings) {
                Ok((generated, report)) => {
                    eprint!("{}", report.render(color));
                    eprintln!(
                        "Built {} pages ({} files) into {} in {} ms{}",
                        generated.pages,
                        generated.files.len(),
                        output.display(),
                        started.elapsed().as_millis(),
                        warnings_note(&report)
                    );
                    if show_timings {
                        print_timings(&timings);
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(report)) => {
                    eprint!("{}", report.render(color));
                    eprintln!(
                        "Build failed: {}. {} was not changed.",
                        counts(&report),
                        output.display()
                    );
                    ExitCode::from(CONTENT_ERRORS)
                }
                Err(BuildError::Io(message)) => {
                    eprintln!("error: {message}");
                    ExitCode::from(USAGE_OR_IO)
                }
            }
        }
        Command::Serve(args) => serve(&cli.root, args),
        Command::Check { format, strict } => {
            let mut options = Options::new(&cli.root);
            options.strict = strict;
            options.reading_ease = true;
            let (_, report) = clustersite::generate(&options, &mut Timings::default());
            match format {
                Format::Human => {
                    eprint!("{}", report.render(color));
                    eprintln!("Checked: {}.", counts(&report));
                }
                Format::Json => println!("{}", report.to_json()),
            }
            if report.has_errors() || (strict && report.warning_count() > 0) {
                ExitCode::from(CONTENT_ERRORS)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn serve(root: &std::path::Path, args: clustersite::serve::ServeArgs) -> ExitCode {
    match clustersite::serve::run(root, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(USAGE_OR_IO)
        }
    }
}

fn counts(report: &Report) -> String {
    format!(
        "{} error{}, {} warning{}",
        report.error_count(),
        plural(report.error_count()),
        report.warning_count(),
        plural(report.warning_count())
    )
}

fn warnings_note(report: &Report) -> String {
    match report.warning_count() {
        0 => String::new(),
        n => format!(" ({n} warning{})", plural(n)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_timings(timings: &Timings) {
    for (stage, took) in &timings.stages {
        eprintln!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}
