//! The theme: templates and static files, layered so a site can override any
//! single file. Order: built-in default < themes/<name>/ < the site's own
//! templates/ and static/ folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::cache::{Generations, Key, KeyHasher, Memo};
use crate::diagnostics::{display_path, Diagnostic};

mod filters;
pub mod strings;
mod template_loops;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

pub struct Theme {
    /// Changes whenever a theme file does: part of the key of everything
    /// cached that the theme shapes (pages, PDFs).
    pub fingerprint: Key,
    pub tera: Tera,
    /// Files copied as they are into the output, keyed by output path.
    pub static_files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Font files for the PDF forms, keyed by file name.
    pub fonts: BTreeMap<String, Arc<Vec<u8>>>,
    /// The interface text in each language (`i18n/*.ftl`).
    pub strings: Arc<strings::Strings>,
    /// Messages a language lacks (shown in English): `check` warns of them.
    pub warnings: Vec<Diagnostic>,
}

/// The language of the theme's own interface text, the fallback for others.
pub const INTERFACE_LANGUAGE: &str = "en-GB";

pub const DEFAULT_THEME: &str = "default";

/// The folders of a site that override the built-in theme, in layer order,
/// with the prefix their files take.
fn layers(root: &Path) -> [(PathBuf, &'static str); 3] {
    [
        (root.join("themes").join(DEFAULT_THEME), ""),
        (root.join("templates"), "templates/"),
        (root.join("static"), "static/"),
    ]
}

/// Whether the theme, or the site's own copy of it, has interface text in
/// `code` (`i18n/<code>.ftl`).
pub fn has_interface_text(root: &Path, code: &str) -> bool {
    let name = format!("{}{code}.ftl", strings::FOLDER);
    embedded::FILES.iter().any(|(n, _)| *n == name)
        || root
            .join("themes")
            .join(DEFAULT_THEME)
            .join(&name)
            .is_file()
}

/// A warning at each declared language with no interface text (no `.ftl`
/// in the theme or the site's folder): its pages would show their menus,
/// headings and buttons in English.
pub fn languages_without_text(root: &Path, site: &crate::model::Site) -> Vec<Diagnostic> {
    (site.config.languages.iter())
        .filter(|language| !has_interface_text(root, language.code.get_ref()))
        .map(|language| {
            let code = language.code.get_ref();
            let ftl = format!("themes/default/{}{code}.ftl", strings::FOLDER);
            Diagnostic::at(
                &site.config_file,
                language.code.span(),
                "interface-text",
                format!(
                    "there is no interface text in `{code}`, so pages in {} show their menus, headings and buttons in English",
                    language.name
                ),
            )
            .help(format!(
                "copy themes/default/i18n/en-GB.ftl from clustersite's theme to {ftl} in the site's folder and translate each message"
            ))
            .warning()
        })
        .collect()
}

/// The compiled theme, kept between `serve`'s rebuilds.
pub struct Cache {
    /// By the theme's files' names, sizes and times.
    theme: Memo<Arc<Theme>>,
}

impl Cache {
    pub fn new(builds: &Generations) -> Self {
        Cache {
            theme: builds.memo(),
        }
    }
}

/// As [`load`], reusing the compiled theme while no theme file has changed.
pub fn load_with(root: &Path, cache: &Cache) -> Result<Arc<Theme>, Vec<Diagnostic>> {
    cache
        .theme
        .get_or_try(|| fingerprint(root), || load(root).map(Arc::new))
}

/// The path, size and times of every file of the theme's layers: saving a
/// file changes its times, so any edit gives a new fingerprint, and the fonts
/// (most of the bytes) need not be read to tell. On Unix the inode and change
/// time count too: `mv`, `cp -p` or `tar` can put back an old modification
/// time, but nothing but the kernel sets the change time. With them, the
/// theme built into the binary, which the layers are laid over.
fn fingerprint(root: &Path) -> Key {
    static BUILT_IN: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    fingerprint_over(
        root,
        *BUILT_IN.get_or_init(|| built_in_identity(embedded::FILES)),
    )
}

/// The built-in theme's names and bytes, hashed: the binary's code identity
/// (`build.rs`) does not cover them, so a release that changed only the
/// theme would otherwise reuse every page made with the old one.
fn built_in_identity(files: &[(&str, &[u8])]) -> Key {
    let mut key = KeyHasher::new("built-in theme");
    for (name, bytes) in files {
        key.add(name).add(*bytes);
    }
    key.key()
}

fn fingerprint_over(root: &Path, built_in: Key) -> Key {
    let mut key = KeyHasher::new("theme");
    key.add(built_in);
    for (dir, prefix) in layers(root) {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            // Through a symlink, as `overlay` reads it: the link's own times
            // do not change when the file it leads to is saved.
            let Ok(meta) = std::fs::metadata(entry.path()) else {
                continue;
            };
            key.add(prefix)
                .add(entry.path())
                .add(meta.len())
                .add(meta.modified().ok());
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                key.add(meta.ino()).add(meta.ctime()).add(meta.ctime_nsec());
            }
        }
    }
    key.key()
}

pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    // Taken before the files are read: a file saved while they are read then
    // gives the next build a new fingerprint, so a cached theme is never stale.
    let fingerprint = fingerprint(root);
    let mut files: BTreeMap<String, Vec<u8>> = embedded::FILES
        .iter()
        .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
        .collect();
    let mut problems = Vec::new();
    for (dir, prefix) in layers(root) {
        overlay(&mut files, root, &dir, prefix, &mut problems);
    }

    let mut templates = Vec::new();
    let mut static_files = BTreeMap::new();
    let mut fonts = BTreeMap::new();
    let mut string_files = Vec::new();
    for (name, bytes) in files {
        if let Some(template) = name.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => templates.push((template.to_owned(), text)),
                Err(_) => problems.push(Diagnostic::file(
                    &name,
                    "not-utf8",
                    "this template is not UTF-8 text",
                )),
            }
        } else if let Some(path) = name.strip_prefix("static/") {
            if let Some(why) = crate::site_path::file_name_problem(path) {
                problems.push(
                    Diagnostic::file(&name, "static-file", why)
                        .help("rename the file: letters, digits, hyphens and dots only"),
                );
            }
            static_files.insert(path.to_owned(), Arc::new(bytes));
        } else if let Some(font) = name.strip_prefix("fonts/") {
            fonts.insert(font.to_owned(), Arc::new(bytes));
        } else if let Some(lang) =
            (name.strip_prefix(strings::FOLDER)).and_then(|n| n.strip_suffix(".ftl"))
        {
            match String::from_utf8(bytes) {
                Ok(text) => string_files.push((
                    lang.to_owned(),
                    crate::diagnostics::SourceFile::new(
                        format!("themes/{DEFAULT_THEME}/{name}"),
                        text,
                    ),
                )),
                Err(_) => problems.push(Diagnostic::file(
                    &name,
                    "not-utf8",
                    "this interface text file is not UTF-8 text",
                )),
            }
        }
    }
    let loaded = strings::load(string_files, INTERFACE_LANGUAGE);
    problems.extend(loaded.errors);
    let strings = Arc::new(loaded.strings);
    problems.extend(template_loops::check(&templates));
    let mut tera = Tera::default();
    if let Err(error) = tera.add_raw_templates(templates) {
        problems.push(template_error(&error));
    }
    filters::register(&mut tera);
    tera.register_function("t", strings::Translate(Arc::clone(&strings)));
    if problems.is_empty() {
        Ok(Theme {
            fingerprint,
            tera,
            static_files,
            fonts,
            strings,
            warnings: loaded.warnings,
        })
    } else {
        Err(problems)
    }
}

/// Every file under `dir`, replacing the file of the same name from earlier
/// layers. Symlinks are resolved first: one that leads outside the site's
/// folder (`static -> ~`) would publish someone's files, so it is refused.
fn overlay(
    files: &mut BTreeMap<String, Vec<u8>>,
    root: &Path,
    dir: &Path,
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    let site_folder = crate::output::resolve(root);
    if !crate::output::resolve(dir).starts_with(&site_folder) {
        problems.push(outside_site(root, dir));
        return;
    }
    // Hidden files and folders (`.git/`, `.ssh/`, `.env`) are never published.
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walk
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
    {
        if entry.file_name().to_str().is_none() {
            problems.push(
                Diagnostic::file(
                    display_path(root, entry.path()),
                    "static-file",
                    "this file's name is not UTF-8 text",
                )
                .help("rename it with letters, digits, hyphens and dots"),
            );
            continue;
        }
        let name = format!("{prefix}{}", display_path(dir, entry.path()));
        let is_link = entry.path_is_symlink();
        if is_link && !crate::output::resolve(entry.path()).starts_with(&site_folder) {
            problems.push(outside_site(root, entry.path()));
            continue;
        }
        let is_file = if is_link {
            entry.path().is_file()
        } else {
            entry.file_type().is_file()
        };
        if !is_file || crate::content::is_ignored(entry.path()) {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(name, bytes);
            }
            Err(e) => problems.push(Diagnostic::file(
                name,
                "unreadable-file",
                format!("cannot read this theme file: {e}"),
            )),
        }
    }
}

fn outside_site(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::file(
        display_path(root, path),
        "outside-site",
        "this leads through a symlink to a place outside the site's folder",
    )
    .help("copy the files you want to publish into the site's folder instead")
}

/// Tera's error with its causes, which carry the template line and column.
pub fn template_error(error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::file("templates", "template", message)
        .help("fix the template named above; themes/default/templates/ has working examples")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template saved through a symlink (allowed inside the site) must
    /// change the fingerprint, or every page is reused with the old one.
    #[cfg(unix)]
    #[test]
    fn saving_a_theme_file_through_a_symlink_changes_the_fingerprint() {
        let site = tempfile::tempdir().unwrap();
        let templates = site.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::create_dir_all(site.path().join("shared")).unwrap();
        let shared = site.path().join("shared/base.html");
        std::fs::write(&shared, "<p>before</p>").unwrap();
        std::os::unix::fs::symlink(&shared, templates.join("base.html")).unwrap();
        let before = fingerprint(site.path());
        assert_eq!(fingerprint(site.path()), before);
        std::fs::write(&shared, "<p>after, longer</p>").unwrap();
        assert_ne!(fingerprint(site.path()), before);
    }

    #[test]
    fn a_change_to_the_built_in_theme_changes_the_fingerprint() {
        let site = tempfile::tempdir().unwrap();
        let old: &[(&str, &[u8])] = &[("templates/base.html", b"<p>old</p>")];
        let new: &[(&str, &[u8])] = &[("templates/base.html", b"<p>new</p>")];
        let renamed: &[(&str, &[u8])] = &[("templates/page.html", b"<p>old</p>")];
        let of = |files| fingerprint_over(site.path(), built_in_identity(files));
        assert_ne!(of(old), of(new));
        assert_ne!(of(old), of(renamed));
        assert_eq!(of(old), of(old));
        assert_eq!(fingerprint(site.path()), of(embedded::FILES));
    }
}
