//! Redirects from site.toml, besides the small HTML page at each old address
//! (`pages/`): a `_redirects` file for hosts that read one (Netlify,
//! Cloudflare Pages). `check/redirects.rs` has proven every address usable.

use crate::model::Site;

/// The `_redirects` file: `from to 301` per line.
pub fn netlify_file(site: &Site) -> String {
    site.config
        .redirects
        .iter()
        .map(|r| format!("{} {} 301\n", r.from.get_ref(), r.to.get_ref()))
        .collect()
}
