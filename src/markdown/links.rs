//! The rules for a link's address: pages of this site that exist, secure
//! sites that say where they go, email and phone; nothing that runs code.

use std::collections::BTreeSet;

use super::destination::Destination;
use super::Finding;

const SAFE_HELP: &str = "link to a page (/clusters/) or a secure site (https://...)";

/// What is wrong with a link to `dest`, if anything. `addresses` is every
/// address the site publishes.
pub fn check(dest: &str, addresses: &BTreeSet<String>) -> Option<Finding> {
    match Destination::of(dest) {
        Destination::Fragment | Destination::Contact => None,
        Destination::Secure {
            hidden_by: false, ..
        } => None,
        Destination::Secure { host, .. } => Some(Finding::new(
            "unsafe-link",
            format!("this link hides where it goes: it leads to {host}"),
            "write the address of the page itself, as the browser's address bar shows it",
        )),
        Destination::Insecure { secure } => Some(Finding::new(
            "insecure-link",
            format!("this link is not secure: {dest}"),
            format!("use https:// instead: {secure}"),
        )),
        Destination::NoScheme { secure } => Some(Finding::new(
            "insecure-link",
            format!("this link leaves out https://: {dest}"),
            format!("use https:// instead: {secure}"),
        )),
        Destination::Dangerous(scheme) | Destination::OtherScheme(scheme) => Some(Finding::new(
            "unsafe-link",
            format!("`{scheme}:` links are not allowed"),
            SAFE_HELP,
        )),
        Destination::Malformed => Some(Finding::new(
            "broken-link",
            format!("`{dest}` is not a whole web address"),
            "copy the address from the browser's address bar, e.g. https://www.leeds.gov.uk/",
        )),
        Destination::Relative => Some(Finding::new(
            "relative-link",
            format!("`{dest}` is not a site address"),
            "write links to this site from its root, e.g. [Inner East](/clusters/inner-east/)",
        )),
        Destination::SitePath(path) => site_path(&path, addresses),
    }
}

fn site_path(path: &str, addresses: &BTreeSet<String>) -> Option<Finding> {
    if addresses.contains(path) {
        return None;
    }
    let help = match closest(path, addresses) {
        Some(best) => format!("did you mean {best}?"),
        None => "check the address; links to this site must point at a page it builds".into(),
    };
    Some(Finding::new(
        "broken-link",
        format!("no page has the address {path}"),
        help,
    ))
}

fn closest<'a>(path: &str, addresses: &'a BTreeSet<String>) -> Option<&'a String> {
    let with_slash = format!("{}/", path.trim_end_matches('/'));
    if let Some(found) = addresses.get(&with_slash) {
        return Some(found);
    }
    addresses
        .iter()
        .map(|l| (strsim::levenshtein(path, l), l))
        .filter(|(d, l)| *d <= (l.len() / 4).max(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, l)| l)
}
