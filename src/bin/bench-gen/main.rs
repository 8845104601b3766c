//! bench-gen: writes a synthetic, valid clustersite `content/` tree of any
//! size (and optionally its plain-Markdown twin for Hugo and Eleventy),
//! deterministic from a seed. See bench/README.md.

mod content;
mod corpus;
mod names;
mod output;
mod prose;
mod rng;
mod site_pages;
mod stories;
mod twin;
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: bench-gen (--clusters N | --preset leeds|region|national|archive) --out DIR
                 [--seed S] [--twin DIR] [--force]
                 [--updates N] [--case-studies N]

  --clusters N   number of clusters (each ~15 schools, 12 services, 2-4 case
                 studies, 6 updates: about 22 HTML pages)
  --preset P     leeds = 25, region = 300, national = 3000 clusters;
                 archive = 1 cluster with 4,000 updates and 500 case studies
  --updates N    updates per cluster (default 6, every other month)
  --case-studies N  case studies per cluster (default 2-4)
  --seed S       any whole number (default 1); same seed, same bytes
  --out DIR      writes DIR/content/ (a valid clustersite site)
  --twin DIR     also writes the plain-Markdown twin: DIR/hugo/content/ and
                 DIR/eleventy/ (one Markdown file per page clustersite makes)
  --force        replace DIR/content/ and the twin's folders if they exist

Every date in the corpus is fixed, so that the same seed gives the same bytes.
Build or check it as of the corpus's own today, 2025-12-31, so that nothing is
flagged as out of date: SOURCE_DATE_EPOCH=1767139200 clustersite build ...";

/// 2025-12-31T00:00:00Z: the corpus's "today". Its review dates fall in the
/// twelve months before, so a build as of this date has no staleness warnings.
const AS_OF_EPOCH: u64 = 1_767_139_200;

struct Args {
    clusters: usize,
    shape: corpus::Shape,
    seed: u64,
    out: PathBuf,
    twin: Option<PathBuf>,
    force: bool,
}

/// Clusters, updates and case studies per cluster (`None`: the usual).
fn preset(name: &str) -> Option<(usize, Option<usize>, Option<usize>)> {
    match name {
        "leeds" => Some((25, None, None)),
        "region" => Some((300, None, None)),
        "national" => Some((3000, None, None)),
        // One cluster that has published for years: lists and feeds at scale.
        "archive" => Some((1, Some(4000), Some(500))),
        _ => None,
    }
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut clusters, mut seed, mut out, mut twin, mut force) = (None, 1, None, None, false);
    let mut shape = corpus::Shape::default();
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--clusters" => {
                let n = value()?;
                clusters = Some(
                    n.parse()
                        .map_err(|_| format!("--clusters {n}: not a number"))?,
                );
            }
            "--preset" => {
                let name = value()?;
                let (count, updates, case_studies) =
                    preset(&name).ok_or(format!("unknown preset `{name}`"))?;
                clusters = Some(count);
                shape = corpus::Shape {
                    updates,
                    case_studies,
                };
            }
            "--updates" | "--case-studies" => {
                let n = value()?;
                let n: usize = n.parse().map_err(|_| format!("{flag} {n}: not a number"))?;
                if flag == "--updates" {
                    shape.updates = Some(n);
                } else {
                    shape.case_studies = Some(n);
                }
            }
            "--seed" => {
                let s = value()?;
                seed = s
                    .parse()
                    .map_err(|_| format!("--seed {s}: not a whole number"))?;
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--twin" => twin = Some(PathBuf::from(value()?)),
            "--force" => force = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let clusters = clusters.ok_or("give --clusters N or --preset NAME")?;
    if clusters == 0 {
        return Err("--clusters must be at least 1".into());
    }
    let out = out.ok_or("give --out DIR")?;
    Ok(Args {
        clusters,
        shape,
        seed,
        out,
        twin,
        force,
    })
}

/// Refuses to mix a new corpus into an old one, unless told to replace it.
fn clear(dir: &Path, force: bool) -> Result<(), String> {
    if !dir.exists() {
        return Ok(());
    }
    if !force {
        return Err(format!(
            "{} already exists: remove it or pass --force",
            dir.display()
        ));
    }
    std::fs::remove_dir_all(dir).map_err(|e| format!("could not remove {}: {e}", dir.display()))
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    clear(&args.out.join("content"), args.force)?;
    if let Some(twin) = &args.twin {
        clear(&twin.join("hugo"), args.force)?;
        clear(&twin.join("eleventy"), args.force)?;
    }
    let corpus = corpus::generate(args.clusters, args.seed, &args.shape);
    let mut tree = output::Tree::new(&args.out);
    content::write(&corpus, &mut tree).map_err(|e| format!("writing content: {e}"))?;
    eprintln!(
        "bench-gen: {} clusters (seed {}): {} files, {:.1} MB in {}",
        args.clusters,
        args.seed,
        tree.files,
        tree.bytes as f64 / 1e6,
        args.out.join("content").display()
    );
    if let Some(dir) = &args.twin {
        let mut twin_tree = output::Tree::new(dir);
        let pages =
            twin::write(&corpus, &mut twin_tree).map_err(|e| format!("writing twin: {e}"))?;
        eprintln!(
            "bench-gen: twin: {pages} pages, written twice ({}/hugo/content, {}/eleventy)",
            dir.display(),
            dir.display()
        );
    }
    eprintln!(
        "bench-gen: done in {} ms; build it with SOURCE_DATE_EPOCH={AS_OF_EPOCH} (2025-12-31)",
        started.elapsed().as_millis()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("bench-gen: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench-gen: {message}");
            ExitCode::from(2)
        }
    }
}
