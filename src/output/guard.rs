//! Where a build may write: the output folder with symlinks resolved, refused
//! when it is, holds or lies inside the site's own files, when a symlink
//! leads to it, or when no build made it.

use std::path::{Path, PathBuf};

use super::MARKER;

/// The output folder with symlinks resolved, or why a build may not write
/// there: it would replace the site's root, an ancestor of it, or its
/// content, templates, static files or themes (wherever symlinks lead), or
/// a folder that no build made.
pub fn check_output_path(root: &Path, output: &Path) -> Result<PathBuf, String> {
    let resolved_root = resolve(root);
    let resolved = resolve(output);
    let sources =
        ["content", "templates", "static", "themes"].map(|name| resolve(&root.join(name)));
    let clashes = |source: &PathBuf| source.starts_with(&resolved) || resolved.starts_with(source);
    if resolved_root.starts_with(&resolved) || sources.iter().any(clashes) {
        return Err(format!(
            "refusing to write the site to {}{}: it would replace the site's own folder, content, \
             templates, static files or themes\n  help: choose a new folder for the site, e.g. --output public",
            output.display(),
            shown_if_other(output, &resolved),
        ));
    }
    if let Some(link) = sources
        .iter()
        .find_map(|source| link_into(source, &resolved))
    {
        return Err(format!(
            "refusing to write the site to {}: {} is a symlink into it, so replacing the output would \
             delete the site's own files\n  help: move those files back and remove the link",
            output.display(),
            link.display()
        ));
    }
    if let Some(link) = symlink_on_the_way(root, output) {
        return Err(format!(
            "refusing to write the site to {}: {} is a symlink (to {}), and a build never follows \
             one to its output, whose files it replaces and deletes\n  help: if the site belongs there, give that \
             folder itself: --output {}",
            output.display(),
            link.display(),
            resolved.display(),
            resolved.display()
        ));
    }
    if let Ok(meta) = std::fs::metadata(&resolved) {
        if !meta.is_dir() {
            return Err(format!(
                "refusing to write the site to {}: it is a file, not a folder\n  help: choose a new folder for the site",
                output.display()
            ));
        }
        if is_mounted_on(&resolved) {
            return Err(format!(
                "refusing to write the site to {}{}: a file system is mounted there (a Docker volume, \
                 another disk), and a build puts a new site in place beside its output, on the \
                 output's own file system\n  help: build into a folder inside it, e.g. --output {}",
                output.display(),
                shown_if_other(output, &resolved),
                resolved.join("site").display(),
            ));
        }
        if !made_by_a_build(&resolved) {
            return Err(format!(
                "refusing to replace {}{}: it has files that a build did not make (it has no {MARKER} file)\n  \
                 help: choose a new or empty folder for the site, or move those files away first",
                output.display(),
                shown_if_other(output, &resolved),
            ));
        }
    }
    Ok(resolved)
}

/// Whether `folder` is where a file system is mounted: on another device
/// than its parent. Every rename between the build's folder beside it and
/// the output would fail ("Invalid cross-device link").
fn is_mounted_on(folder: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = folder.parent() else {
        return false;
    };
    match (std::fs::metadata(folder), std::fs::metadata(parent)) {
        (Ok(here), Ok(above)) => here.dev() != above.dev(),
        _ => false,
    }
}

/// The first symlink under `source` that leads into `output`, if any.
fn link_into(source: &Path, output: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(source)
        .into_iter()
        .flatten()
        .filter(|entry| entry.path_is_symlink())
        .find(|entry| resolve(entry.path()).starts_with(output))
        .map(|entry| entry.into_path())
}

fn shown_if_other(given: &Path, resolved: &Path) -> String {
    if absolute_unnormalised(given) == resolved {
        String::new()
    } else {
        format!(" (which is {})", resolved.display())
    }
}

/// Whether a build may replace or delete `folder`: it is empty, or a build
/// made it (its marker is a file, not a link).
pub(super) fn made_by_a_build(folder: &Path) -> bool {
    std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
        || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// A symlink a build would follow to reach its output: the output folder
/// itself, or a folder on the way inside the site's root (both are in the
/// hands of whoever wrote the site's files). Links above the root, such as
/// a home folder reached through one, are the machine's own business.
fn symlink_on_the_way(root: &Path, output: &Path) -> Option<PathBuf> {
    let root = lexical(&absolute_unnormalised(root));
    let output = lexical(&absolute_unnormalised(output));
    output
        .ancestors()
        .filter(|place| *place == output || (place.starts_with(&root) && *place != root))
        .find(|place| std::fs::symlink_metadata(place).is_ok_and(|m| m.file_type().is_symlink()))
        .map(Path::to_path_buf)
}

/// `.` and `..` taken out by reading the path alone.
fn lexical(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// `path` made absolute with every symlink resolved, including those in the
/// part that exists when the rest does not yet (the output may be new).
pub fn resolve(path: &Path) -> PathBuf {
    let mut resolved = PathBuf::new();
    for part in absolute_unnormalised(path).components() {
        match part {
            std::path::Component::ParentDir => {
                // `resolved` has no symlinks left, so its parent is the real one.
                resolved.pop();
            }
            std::path::Component::CurDir => {}
            std::path::Component::Normal(name) => {
                resolved.push(name);
                if std::fs::symlink_metadata(&resolved).is_ok() {
                    if let Ok(real) = std::fs::canonicalize(&resolved) {
                        resolved = real;
                    }
                }
            }
            other => resolved.push(other),
        }
    }
    resolved
}

fn absolute_unnormalised(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}
