//! Ways to reach a contact must work: an email address a mail program can
//! use, a UK phone number shown in the standard way, and at least one of them.

use std::ops::Range;

use super::locate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::format::is_uk_phone;
use crate::model::{Contact, Site};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = check_contact(&site.config_file, &site.config.contact);
    for cluster in &site.clusters {
        for contact in &cluster.data.contacts {
            found.extend(check_contact(&cluster.file, contact));
        }
    }
    found
}

fn check_contact(file: &SourceFile, contact: &Contact) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(email) = &contact.email {
        if !is_email(email.get_ref()) {
            found.push(
                Diagnostic::at(
                    file,
                    email.span(),
                    "email-format",
                    format!("`{}` is not an email address", email.get_ref()),
                )
                .help("write the whole address with nothing around it, e.g. families.first@leeds.gov.uk"),
            );
        }
    }
    if let Some(phone) = &contact.phone {
        if !is_uk_phone(phone.get_ref()) {
            found.push(
                Diagnostic::at(
                    file,
                    phone.span(),
                    "phone-format",
                    format!(
                        "`{}` is not a UK phone number the site can show and dial",
                        phone.get_ref()
                    ),
                )
                .help(
                    "write the full number with its area code, e.g. 0113 395 2613 or 07700 900 982",
                )
                .warning(),
            );
        }
    }
    if contact.email.is_none() && contact.phone.is_none() {
        let span = table_of(file, contact.last_reviewed.span());
        found.push(
            Diagnostic::at(file, span, "no-contact-details", "this contact has no phone number or email address")
                .help("add phone = \"...\" or email = \"...\" (or both): a contact families cannot reach is no help"),
        );
    }
    found
}

/// The `[[contacts]]` line of the table holding `span`.
fn table_of(file: &SourceFile, span: Range<usize>) -> Range<usize> {
    locate::table_header(&file.text, span.start).unwrap_or(span)
}

/// A plain address: one `@`, a local part of the usual characters, and a
/// domain of at least two dot-separated labels ending in letters.
pub fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        for good in [
            "families.first@leeds.gov.uk",
            "north@test.example",
            "a+b@x.co",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "diane.walker@leeds",
            "diane walker@leeds.gov.uk",
            "mailto:x@y.org",
            "x@@y.org",
            "@leeds.gov.uk",
            "x@leeds..gov.uk",
            "x.@y.org",
            "x@y.org.",
            "<x@y.org>",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
