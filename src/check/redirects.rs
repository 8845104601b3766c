//! Redirects from site.toml: each old address must be a usable address that
//! is no longer a page, and each target a page of the site or an https://
//! address. (`render` makes the redirect pages and `_redirects`.)

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::site_path;

/// Redirects whose addresses are unusable, located in site.toml.
pub fn check(site: &Site, pages: &BTreeSet<String>) -> Vec<Diagnostic> {
    let file = &site.config_file;
    let mut found = Vec::new();
    for redirect in &site.config.redirects {
        let from = redirect.from.get_ref();
        let to = redirect.to.get_ref();
        if let Some(why) = site_path::site_url_problem(from) {
            found.push(
                Diagnostic::at(
                    file,
                    redirect.from.span(),
                    "redirect",
                    format!(
                        "{} cannot be an old address on this site: {why}",
                        site_path::visible(from)
                    ),
                )
                .help(
                    "write the old address from the site root, e.g. from = \"/clusters/old-name/\"",
                ),
            );
        } else if pages.contains(from) {
            found.push(
                Diagnostic::at(
                    file,
                    redirect.from.span(),
                    "redirect",
                    format!("{from} is still a page, so it cannot redirect"),
                )
                .help("remove this redirect, or move the page first"),
            );
        }
        if let Some(why) = target_problem(to, pages) {
            found.push(
                Diagnostic::at(
                    file,
                    redirect.to.span(),
                    "redirect",
                    format!("the redirect target {} {why}", site_path::visible(to)),
                )
                .help("point it at a page the site builds, e.g. to = \"/clusters/inner-east/\""),
            );
        }
    }
    found
}

/// Why a redirect cannot go to `to`: it must be a page of this site (with
/// an optional `#part`) or a plain https:// address.
fn target_problem(to: &str, pages: &BTreeSet<String>) -> Option<String> {
    if to.starts_with("https://") {
        return crate::base_url::https_problem(to);
    }
    let (page, fragment) = to.split_once('#').unwrap_or((to, ""));
    if let Some(why) = site_path::site_url_problem(page) {
        return Some(format!("is not an address on this site: {why}"));
    }
    if !fragment.is_empty() && site_path::slug_problem(fragment).is_some() {
        return Some("has a #part that is not a plain name".into());
    }
    (!pages.contains(page)).then(|| "is not a page of this site".into())
}
