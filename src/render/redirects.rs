//! Redirects from site.toml: a small HTML page at each old address (meta
//! refresh, canonical link, a visible link; no JavaScript) and a `_redirects`
//! file for hosts that read one (Netlify, Cloudflare Pages).

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::model::Site;

/// Redirects whose addresses are unusable, located in site.toml.
pub fn check(site: &Site, pages: &BTreeSet<String>) -> Vec<Diagnostic> {
    let file = &site.config_file;
    let mut found = Vec::new();
    for redirect in &site.config.redirects {
        let from = redirect.from.get_ref();
        let to = redirect.to.get_ref();
        if !from.starts_with('/') || from.starts_with("//") {
            found.push(
                Diagnostic::at(
                    file,
                    redirect.from.span(),
                    "redirect",
                    format!("`{from}` is not an address on this site"),
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
        let target = to.split('#').next().unwrap_or_default();
        if !(to.starts_with("https://") || pages.contains(target)) {
            found.push(
                Diagnostic::at(
                    file,
                    redirect.to.span(),
                    "redirect",
                    format!("the redirect target {to} is not a page of this site"),
                )
                .help("point it at a page the site builds, e.g. to = \"/clusters/inner-east/\""),
            );
        }
    }
    found
}

/// The `_redirects` file: `from to 301` per line.
pub fn netlify_file(site: &Site) -> String {
    site.config
        .redirects
        .iter()
        .map(|r| format!("{} {} 301\n", r.from.get_ref(), r.to.get_ref()))
        .collect()
}
