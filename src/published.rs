//! URL permanence. Schools paste our URLs into letters, so every URL the site
//! has published is recorded in `content/published-urls.txt`. A build that
//! would drop one fails, unless site.toml redirects it or the change is
//! accepted on purpose (`build --accept-url-changes`): the rule is
//! `check/removed_urls.rs`; this keeps the record.

use std::collections::BTreeSet;
use std::path::Path;

use crate::cache::{Key, KeyHasher};
use crate::model::Site;
use crate::output_file::OutputFile;

pub const MANIFEST: &str = "published-urls.txt";

const HEADER: &str =
    "# Every URL this site has published, one per line. Schools and services link to them,\n\
# so a build fails if one would disappear. To move a page, add a redirect in site.toml:\n\
#   [[redirects]]\n#   from = \"/old/\"\n#   to = \"/new/\"\n\
# To remove a URL on purpose, run: clustersite build --accept-url-changes\n";

/// The public URLs of a rendered site: pages, forms, feeds and data, not theme assets.
/// A list's later pages (`/updates/page/2/`) are not: their items move.
/// Everything [`public_urls`] reads: the files' paths, the pages whose
/// addresses are not promises and the redirected addresses.
pub fn urls_key(files: &[OutputFile], site: &Site, temporary: &BTreeSet<String>) -> Key {
    let mut key = KeyHasher::new("public urls");
    for file in files {
        key.add(&file.path);
    }
    key.add(temporary);
    for redirect in &site.config.redirects {
        key.add(redirect.from.get_ref());
    }
    key.key()
}

pub fn public_urls(
    files: &[OutputFile],
    site: &Site,
    temporary: &BTreeSet<String>,
) -> BTreeSet<String> {
    // The search index (`pagefind/`) is renamed by its content at every change.
    let assets: BTreeSet<&str> = ["css/", "js/", "fonts/", "images/", "pagefind/"].into();
    files
        .iter()
        .filter(|f| !assets.iter().any(|a| f.path.starts_with(a)))
        .filter(|f| f.path != "404.html" && f.path != "_redirects")
        .map(|f| match f.path.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{}", f.path),
        })
        .filter(|url| !temporary.contains(url))
        .filter(|url| {
            !site
                .config
                .redirects
                .iter()
                .any(|r| r.from.get_ref() == url)
        })
        .collect()
}

/// Writes the manifest: the current URLs, plus (unless accepting removals) every
/// URL already published. It only ever grows on an ordinary build.
/// Refuses a record that is a symlink leading out of `content`: it is the one
/// file a build writes outside its output, so it is checked before the build
/// writes anything, and again just before it is written.
pub fn writable(content: &Path) -> std::io::Result<()> {
    let path = content.join(MANIFEST);
    let resolved = crate::output::resolve(&path);
    if resolved.parent() == Some(crate::output::resolve(content).as_path()) {
        return Ok(());
    }
    Err(std::io::Error::other(format!(
        "{} is a symlink to {}; refusing to write outside content/\n  help: replace the link with the file itself",
        path.display(),
        resolved.display()
    )))
}

pub fn write(
    content: &Path,
    current: &BTreeSet<String>,
    accept_removals: bool,
) -> std::io::Result<bool> {
    let path = content.join(MANIFEST);
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let mut urls = current.clone();
    if !accept_removals {
        urls.extend(
            existing
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned),
        );
    }
    let mut text = String::from(HEADER);
    for url in &urls {
        text.push_str(url);
        text.push('\n');
    }
    if text == existing {
        return Ok(false);
    }
    // Never half-written: a new file beside it, renamed over it.
    writable(content)?;
    let beside = content.join(format!(".{MANIFEST}.new-{}", std::process::id()));
    // `create_new` never follows a symlink someone put under this name.
    std::io::Write::write_all(
        &mut std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&beside)?,
        text.as_bytes(),
    )?;
    std::fs::rename(&beside, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&beside);
    })?;
    Ok(true)
}
