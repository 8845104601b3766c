//! URL permanence: a published URL (`content/published-urls.txt`, kept by
//! `published.rs`) may not disappear unless site.toml redirects it. Runs
//! after rendering, over the URLs the new site would have.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::Site;

/// The manifest's URLs with the line each is on.
pub fn read(file: &SourceFile) -> Vec<(String, usize)> {
    let mut offset = 0;
    let mut urls = Vec::new();
    for line in file.text.split_inclusive('\n') {
        let url = line.trim();
        if !url.is_empty() && !url.starts_with('#') {
            urls.push((
                url.to_owned(),
                offset + (line.len() - line.trim_start().len()),
            ));
        }
        offset += line.len();
    }
    urls
}

/// Errors for published URLs that the new site would drop without a redirect.
pub fn removed(manifest: &SourceFile, current: &BTreeSet<String>, site: &Site) -> Vec<Diagnostic> {
    read(manifest)
        .into_iter()
        .filter(|(url, _)| !current.contains(url) && !site.config.redirects.iter().any(|r| r.from.get_ref() == url))
        .map(|(url, at)| {
            Diagnostic::at(manifest, at..at + url.len(), "url-removed", format!("{url} was published and would disappear"))
                .help(format!(
                    "if the page moved, add to site.toml: [[redirects]] from = \"{url}\" to = \"<its new address>\"; \
                     to remove it on purpose, run `clustersite build --accept-url-changes`"
                ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_urls_with_their_offsets_and_skips_comments() {
        let file = SourceFile::new("content/published-urls.txt", "# note\n/\n  /clusters/\n");
        assert_eq!(
            read(&file),
            vec![("/".into(), 7), ("/clusters/".into(), 11)]
        );
    }
}
