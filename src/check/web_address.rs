//! The site's own address (`base_url`) goes into feeds, the sitemap and
//! canonical links: it must be a whole, secure web address.

use super::locate;
use crate::diagnostics::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site) -> Option<Diagnostic> {
    let url = site.config.base_url.as_str();
    let problem = site_address_problem(url)?;
    let file = &site.config_file;
    let span = locate::top_level_value(&file.text, "base_url").unwrap_or(0..0);
    Some(
        Diagnostic::at(file, span, "url-format", format!("`{url}` {problem}")).help(
            "write the site's whole address, e.g. base_url = \"https://clusters.leeds.gov.uk\"",
        ),
    )
}

/// What is wrong with a site address, if anything.
pub fn site_address_problem(url: &str) -> Option<&'static str> {
    if url.starts_with("http://") {
        return Some("is not secure: the site is served over https://");
    }
    let Some(rest) = url.strip_prefix("https://") else {
        return Some("is not a web address: it must start with https://");
    };
    let host = rest.split('/').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        });
    if !host_ok || url.chars().any(|c| c.is_whitespace()) {
        return Some("is not a web address: it needs a host name and no spaces");
    }
    if url.contains(['?', '#']) {
        return Some("must be the site's address alone, without ? or #");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses() {
        for good in [
            "https://clusters.leeds.example",
            "https://full.example/",
            "https://localhost:8080",
        ] {
            assert_eq!(site_address_problem(good), None, "{good}");
        }
        for bad in [
            "http://clusters.leeds.example",
            "clusters.leeds.example",
            "https://",
            "https://bad host.example",
            "https://x..example",
            "https://x.example/?a=1",
        ] {
            assert!(site_address_problem(bad).is_some(), "{bad}");
        }
    }
}
