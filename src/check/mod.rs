//! Rules over the whole loaded site. Each rule is its own module; all run,
//! and every finding is reported with its place in the files.

mod duplicates;
mod forms;
mod references;

use crate::diagnostics::Diagnostic;
use crate::model::{Date, Site};

/// Runs every rule. `today` is what staleness is measured against.
pub fn run(site: &Site, today: Date) -> Vec<Diagnostic> {
    let _ = today;
    let mut findings = Vec::new();
    findings.extend(duplicates::check(site));
    findings.extend(references::check(site));
    findings.extend(forms::check(site));
    findings
}
