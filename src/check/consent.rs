//! `no-consent-record`: a case study published while the site holds no
//! record that the family agreed. It may be honest (a story the cluster
//! published itself), but nobody should be able to miss it: a warning,
//! so `--strict` stops it.

use crate::diagnostics::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for cluster in &site.clusters {
        for case_study in &cluster.case_studies {
            let consent = &case_study.front.consent;
            if consent.get_ref().recorded {
                continue;
            }
            // At `recorded = false` inside the table, else the whole table.
            let span = consent.span();
            let text = &case_study.doc.file.text;
            let at = case_study.front_offset + span.start;
            let table = at..case_study.front_offset + span.end;
            let at = text[table.clone()]
                .find("recorded")
                .map_or(table.clone(), |i| at + i..at + i + "recorded".len());
            found.push(
                Diagnostic::at(
                    &case_study.doc.file,
                    at,
                    "no-consent-record",
                    "this case study is published without a record that the family agreed to it",
                )
                .help("ask the cluster for the family's consent, then set consent = { recorded = true, date = <when they agreed> }; or take the case study down")
                .warning(),
            );
        }
    }
    found
}
