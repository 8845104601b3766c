//! `clustersite check`: loads and checks the content, reports every problem
//! (as text, JSON, GitHub workflow commands or SARIF), and writes nothing.

use std::io::IsTerminal;
use std::path::Path;

use clustersite::{Options, Timings};

use crate::cli::{CheckArgs, Format};
use crate::Exit;

pub fn run(root: &Path, args: CheckArgs) -> Exit {
    let mut options = Options::new(root);
    options.strict = args.strict;
    // Each page's reading ease, as notes: check is where editors look.
    options.reading_ease = true;
    let (_, report) = clustersite::generate(&options, &mut Timings::default());
    match args.format {
        Format::Human => {
            eprint!("{}", report.render(std::io::stderr().is_terminal()));
            eprintln!("Checked: {}.", report.counts());
        }
        Format::Json => println!("{}", report.to_json()),
        Format::Github => {
            print!("{}", report.to_github());
            eprintln!("Checked: {}.", report.counts());
        }
        Format::Sarif => println!("{}", report.to_sarif()),
    }
    if report.fails(args.strict) {
        Exit::ContentErrors
    } else {
        Exit::Success
    }
}
