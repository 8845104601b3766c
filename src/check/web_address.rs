//! The site's own address (`base_url`) goes into feeds, the sitemap and
//! canonical links: it must be a whole, secure web address.

use super::locate;
use crate::diagnostics::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site) -> Option<Diagnostic> {
    let url = site.config.base_url.as_str();
    let problem = crate::base_url::problem(url)?;
    let file = &site.config_file;
    let span = locate::top_level_value(&file.text, "base_url").unwrap_or(0..0);
    Some(
        Diagnostic::at(
            file,
            span,
            "url-format",
            format!("`{}` {problem}", crate::site_path::visible(url)),
        )
        .help("write the site's whole address, e.g. base_url = \"https://clusters.leeds.gov.uk\""),
    )
}
