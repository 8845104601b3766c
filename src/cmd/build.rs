//! `clustersite build`: builds the site into the output folder, replacing it
//! only when the whole build succeeds.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use clustersite::{BuildError, Options, Timings};

use crate::cli::BuildArgs;
use crate::Exit;

pub fn run(root: &Path, args: BuildArgs) -> Exit {
    if let Some(why) = args
        .base_url
        .as_deref()
        .and_then(clustersite::base_url::problem)
    {
        eprintln!(
            "error: --base-url {why}\n  help: give the site's public address, e.g. --base-url https://clusters.leeds.gov.uk"
        );
        return Exit::UsageOrIo;
    }
    let color = std::io::stderr().is_terminal();
    let output = args.output.unwrap_or_else(|| root.join("public"));
    let mut options = Options::new(root);
    options.base_url = args.base_url;
    options.strict = args.strict;
    options.record_urls = true;
    options.accept_url_changes = args.accept_url_changes;
    let started = Instant::now();
    let mut timings = Timings::default();
    match clustersite::build(&options, &output, &mut timings) {
        Ok((generated, report)) => {
            eprint!("{}", report.render(color));
            let unchanged = match generated.reused {
                0 => String::new(),
                n => format!("; {n} unchanged since the last build"),
            };
            eprintln!(
                "Built {} pages ({} files{unchanged}) into {} in {} ms{}",
                generated.pages,
                generated.files.len(),
                output.display(),
                started.elapsed().as_millis(),
                report.warnings_note()
            );
            if args.timings {
                print_timings(&timings);
            }
            Exit::Success
        }
        Err(BuildError::Content(report)) => {
            eprint!("{}", report.render(color));
            eprintln!(
                "Build failed: {}. {} was not changed.",
                report.counts(),
                output.display()
            );
            Exit::ContentErrors
        }
        Err(BuildError::Io(message)) => {
            eprintln!("error: {message}");
            Exit::UsageOrIo
        }
    }
}

fn print_timings(timings: &Timings) {
    for (stage, took) in &timings.stages {
        eprintln!(
            "  {stage:<8} {:>8.1} ms{}",
            took.as_secs_f64() * 1000.0,
            beside(stage)
        );
    }
}

/// The checks run on a thread of their own while the theme, the pages and
/// the search index are made: their time is not added to the others', and
/// read as if it were, a long check looks like the slow part of a build.
fn beside(stage: &str) -> &'static str {
    if stage == "check" {
        "  (at the same time as theme, render and search)"
    } else {
        ""
    }
}
