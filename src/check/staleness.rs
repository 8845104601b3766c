//! Information families rely on goes out of date: a contact or service not
//! checked for `review_after_months` (default 12) is a warning naming the
//! record and how old it is, at its `last_reviewed` date.

use std::ops::Range;

use super::locate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{Contact, Date, Site};

pub fn check(site: &Site, today: Date) -> Vec<Diagnostic> {
    let limit = site.config.review_after_months;
    let mut found = Vec::new();
    // The place is found only for a finding: most records are not out of date.
    let mut check = |file: &SourceFile,
                     span: &dyn Fn() -> Range<usize>,
                     what: String,
                     date: Date| {
        let months = date.months_until(today);
        if months >= limit {
            found.push(
                Diagnostic::at(
                    file,
                    span(),
                    "out-of-date",
                    format!(
                        "{what} was last checked in {}, {} ago",
                        date.month_year(),
                        plural(months, "month")
                    ),
                )
                .help(format!(
                    "check it against its source, then set last_reviewed to the date you did; \
                     the site marks anything checked {limit} or more months ago as possibly out of date"
                ))
                .warning(),
            );
        }
    };
    let contact = &site.config.contact;
    check(
        &site.config_file,
        &|| contact.last_reviewed.span(),
        format!("the site contact `{}`", label(contact)),
        *contact.last_reviewed.get_ref(),
    );
    for cluster in &site.clusters {
        let file = &cluster.file;
        // The cluster's own date has no span in the model: find its line.
        let span = || locate::top_level_value(&file.text, "last_reviewed").unwrap_or(0..0);
        check(
            file,
            &span,
            format!("the {} cluster", cluster.data.name),
            cluster.data.last_reviewed,
        );
        for contact in &cluster.data.contacts {
            check(
                file,
                &|| contact.last_reviewed.span(),
                format!("the contact `{}`", label(contact)),
                *contact.last_reviewed.get_ref(),
            );
        }
        for service in &cluster.data.services {
            check(
                file,
                &|| service.last_reviewed.span(),
                format!("the service `{}`", service.name),
                *service.last_reviewed.get_ref(),
            );
        }
    }
    found
}

/// How a contact is known on the page: its role, else its name.
fn label(contact: &Contact) -> &str {
    contact
        .role
        .as_deref()
        .or(contact.name.as_deref())
        .unwrap_or("without a role or name")
}

fn plural(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
