//! Loading translations: the sibling files that translate English content
//! (`pages/how-to-get-help.pl.md`, `index.pl.md`, `clusters/<slug>/cluster.pl.toml`,
//! `forms/request-for-support.pl.toml`), each checked against site.toml's
//! `[[languages]]` and against the English file it translates. Every
//! mismatch is a located error: a translation nobody would ever see, or one
//! that names a field the English form does not have, is a mistake.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{front_matter, toml_errors, Loader, FORM_FILE};
use crate::cache::KeyHasher;
use crate::diagnostics::{display_path, Diagnostic, SourceFile};
use crate::model::translation::{
    ClusterTranslationFile, FormTranslationFile, LanguageDecl, Translated, TranslatedDoc,
    TranslatedEntry, TranslatedEntryFront, Translations,
};
use crate::model::{Cluster, Document, FormFile, Intro, MarkdownDoc, Page, SiteConfig};

/// `how-to-get-help.pl.md` -> ("how-to-get-help", "pl"): a file name with
/// a language code between its stem and its extension.
pub fn split_name<'n>(name: &'n str, extension: &str) -> Option<(&'n str, &'n str)> {
    let stem = name.strip_suffix(extension)?.strip_suffix('.')?;
    let (english, code) = stem.rsplit_once('.')?;
    let looks_like_code = !code.is_empty()
        && code.len() <= 8
        && code.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    (looks_like_code && !english.is_empty()).then_some((english, code))
}

/// Whether `path` is a translation's file name (and so not an English page).
pub fn is_translation(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    split_name(&name, "md").is_some() || split_name(&name, "toml").is_some()
}

/// What a declared language's code must be: it starts its pages' addresses.
fn code_problem(code: &str, default: &str) -> Option<String> {
    if code.len() < 2 || code.len() > 3 || !code.chars().all(|c| c.is_ascii_lowercase()) {
        return Some(format!(
            "`{code}` is not a language code: use the two or three lower-case letters of ISO 639, e.g. \"pl\" or \"ur\""
        ));
    }
    let default_base = default
        .split('-')
        .next()
        .unwrap_or(default)
        .to_ascii_lowercase();
    if code == default_base {
        return Some(format!(
            "`{code}` is the site's own language (`language = \"{default}\"`), whose pages keep their addresses"
        ));
    }
    None
}

/// Problems with `[[languages]]` itself: a bad or repeated code. (A
/// language with no interface text is the theme's to say:
/// `theme::languages_without_text`.)
pub fn check_declarations(config: &SiteConfig, file: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for language in &config.languages {
        let code = language.code.get_ref().as_str();
        let span = language.code.span();
        if let Some(why) = code_problem(code, &config.language) {
            problems.push(
                Diagnostic::at(file, span.clone(), "language", why)
                    .help("set code to the language's ISO 639 code, e.g. code = \"pl\""),
            );
        } else if seen.contains(&code) {
            problems.push(
                Diagnostic::at(
                    file,
                    span.clone(),
                    "language",
                    format!("`{code}` is declared twice"),
                )
                .help("remove one of the two [[languages]] entries"),
            );
        }
        seen.push(code);
    }
    problems
}

/// The English content a translation may translate.
pub(super) struct English<'s> {
    pub config: &'s SiteConfig,
    pub home: Option<&'s Intro>,
    pub pages: &'s [Page],
    pub clusters: &'s [Arc<Cluster>],
    pub form: &'s FormFile,
}

pub(super) fn load(
    loader: &Loader,
    content: &Path,
    english: &English,
) -> (Translations, Vec<Diagnostic>) {
    let mut found = Found {
        loader,
        languages: &english.config.languages,
        problems: Vec::new(),
    };
    let mut translations = Translations::default();
    for (path, code) in found.translations_in(content, "index", "md") {
        if english.home.is_none() {
            found.orphan(&path, "content/index.md");
        } else if let Some(doc) = found.document(&path, "translated home page", String::new()) {
            translations.home.push(TranslatedDoc { lang: code, doc });
        }
    }
    let pages_dir = content.join("pages");
    for path in found.loader.entries(&pages_dir, |k| k.is_file()) {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some((stem, code)) = split_name(&name, "md") else {
            continue;
        };
        let Some(code) = found.declared(&path, code) else {
            continue;
        };
        let english_path = pages_dir.join(format!("{stem}.md"));
        let shown = display_path(loader.root, &english_path);
        match english
            .pages
            .iter()
            .find(|p| p.doc.file.display_path == shown)
        {
            None => found.orphan(&path, &shown),
            Some(page) => {
                if let Some(doc) = found.document(&path, "translated page", page.slug.clone()) {
                    translations.pages.push(TranslatedDoc { lang: code, doc });
                }
            }
        }
    }
    // Each cluster's, kept while nothing in its folder changes (its English
    // files are there too) and the site's languages are the same.
    let mut languages = KeyHasher::new("languages");
    for language in &english.config.languages {
        languages.add(language.code.get_ref());
    }
    let languages = languages.key();
    let per_cluster: Vec<Arc<InCluster>> = (english.clusters.par_iter())
        .map(|cluster| {
            let dir = content.join("clusters").join(&cluster.slug);
            let key = || {
                let generation = loader.cache.known.generation_within(loader.root, &dir);
                (KeyHasher::new("cluster translations"))
                    .add(&dir)
                    .add(generation)
                    .add(languages)
                    .key()
            };
            let languages = &english.config.languages;
            (loader.cache.cluster_translations).get_or(key, || {
                Arc::new(in_cluster(loader, languages, cluster, &dir))
            })
        })
        .collect();
    for found_in in &per_cluster {
        translations
            .clusters
            .extend(found_in.clusters.iter().cloned());
        translations
            .updates
            .extend(found_in.updates.iter().cloned());
        (translations.case_studies).extend(found_in.case_studies.iter().cloned());
        found.problems.extend(found_in.problems.iter().cloned());
    }
    let form_stem = FORM_FILE.trim_end_matches(".toml");
    for (path, code) in found.translations_in(&content.join("forms"), form_stem, "toml") {
        if let Some(t) = found.toml::<FormTranslationFile>(&path, "form translation", code) {
            found
                .problems
                .extend(super::translation_keys::form(english.form, &t));
            translations.forms.push(t);
        }
    }
    let order = |lang: &str| {
        (english.config.languages.iter())
            .position(|l| l.code.get_ref() == lang)
            .unwrap_or(usize::MAX)
    };
    translations.home.sort_by_key(|t| order(&t.lang));
    translations
        .pages
        .sort_by_key(|t| (order(&t.lang), t.doc.slug.clone()));
    translations.forms.sort_by_key(|t| order(&t.lang));
    for entries in [&mut translations.updates, &mut translations.case_studies] {
        entries.sort_by_key(|t| (order(&t.lang), t.cluster.clone(), t.doc.slug.clone()));
    }
    (translations, found.problems)
}

/// What one cluster's folder holds in other languages, and what is wrong there.
#[derive(Clone)]
pub(super) struct InCluster {
    clusters: Vec<(String, Translated<ClusterTranslationFile>)>,
    updates: Vec<TranslatedEntry>,
    case_studies: Vec<TranslatedEntry>,
    problems: Vec<Diagnostic>,
}

/// The translations in `cluster`'s folder `dir`: of its `cluster.toml`, its
/// updates and its case studies.
fn in_cluster(
    loader: &Loader,
    languages: &[LanguageDecl],
    cluster: &Cluster,
    dir: &Path,
) -> InCluster {
    let mut found = Found {
        loader,
        languages,
        problems: Vec::new(),
    };
    let mut clusters = Vec::new();
    for (path, code) in found.translations_in(dir, "cluster", "toml") {
        if let Some(t) = found.toml::<ClusterTranslationFile>(&path, "cluster translation", code) {
            (found.problems).extend(super::translation_keys::cluster(cluster, &t));
            clusters.push((cluster.slug.clone(), t));
        }
    }
    let updates = (cluster.updates.iter()).map(|u| (&u.slug, &u.doc.file.display_path));
    let found_updates = found.entries(&dir.join("updates"), "translated update", updates);
    let studies = (cluster.case_studies.iter()).map(|s| (&s.slug, &s.doc.file.display_path));
    let found_studies = found.entries(&dir.join("case-studies"), "translated case study", studies);
    let entry = |(lang, doc): (String, Document<TranslatedEntryFront>)| TranslatedEntry {
        lang,
        cluster: cluster.slug.clone(),
        doc,
    };
    InCluster {
        clusters,
        updates: found_updates.into_iter().map(&entry).collect(),
        case_studies: found_studies.into_iter().map(&entry).collect(),
        problems: found.problems,
    }
}

struct Found<'a, 'r> {
    loader: &'a Loader<'r>,
    languages: &'a [LanguageDecl],
    problems: Vec<Diagnostic>,
}

impl Found<'_, '_> {
    /// The files `<stem>.<code>.<extension>` in `dir` whose code is declared.
    fn translations_in(
        &mut self,
        dir: &Path,
        stem: &str,
        extension: &str,
    ) -> Vec<(PathBuf, String)> {
        let mut kept = Vec::new();
        for path in self.loader.entries(dir, |k| k.is_file()) {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            match split_name(&name, extension) {
                Some((s, code)) if s == stem => {
                    if let Some(code) = self.declared(&path, code) {
                        kept.push((path, code));
                    }
                }
                _ => {}
            }
        }
        kept
    }

    /// `code` if site.toml declares it; else a located error.
    fn declared(&mut self, path: &Path, code: &str) -> Option<String> {
        if self.languages.iter().any(|l| l.code.get_ref() == code) {
            return Some(code.to_owned());
        }
        let known: Vec<String> = (self.languages.iter())
            .map(|l| format!("\"{}\"", l.code.get_ref()))
            .collect();
        let help = if known.is_empty() {
            format!("add [[languages]] with code = \"{code}\" at the end of content/site.toml, or rename the file")
        } else {
            format!(
                "the site's languages are {}: rename the file, or add [[languages]] with code = \"{code}\" to content/site.toml",
                known.join(", ")
            )
        };
        self.problems.push(
            Diagnostic::file(
                display_path(self.loader.root, path),
                "unknown-language",
                format!("`{code}` is not one of the site's languages"),
            )
            .help(help),
        );
        None
    }

    /// The translations `<stem>.<code>.md` in `dir` of the English files
    /// `english` (slug, path), each with its language.
    fn entries<'e>(
        &mut self,
        dir: &Path,
        kind: &str,
        english: impl Iterator<Item = (&'e String, &'e String)> + Clone,
    ) -> Vec<(String, Document<TranslatedEntryFront>)> {
        let mut kept = Vec::new();
        for path in self.loader.entries(dir, |k| k.is_file()) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some((stem, code)) = split_name(&name, "md") else {
                continue;
            };
            let Some(code) = self.declared(&path, code) else {
                continue;
            };
            let shown = display_path(self.loader.root, &dir.join(format!("{stem}.md")));
            match english.clone().find(|(_, path)| **path == shown) {
                None => self.orphan(&path, &shown),
                Some((slug, _)) => {
                    if let Some(doc) = self.document(&path, kind, slug.clone()) {
                        kept.push((code, doc));
                    }
                }
            }
        }
        kept
    }

    fn orphan(&mut self, path: &Path, english: &str) {
        self.problems.push(
            Diagnostic::file(
                display_path(self.loader.root, path),
                "orphan-translation",
                format!("this translates {english}, which does not exist"),
            )
            .help(format!(
                "rename it after the English file it translates, or delete it (there is no {english})"
            )),
        );
    }

    fn read(&mut self, path: &Path) -> Option<Arc<SourceFile>> {
        match self.loader.read(path) {
            Ok(file) => Some(file),
            Err(d) => {
                self.problems.push(d);
                None
            }
        }
    }

    fn document<F: serde::de::DeserializeOwned + Clone + Send + Sync + 'static>(
        &mut self,
        path: &Path,
        kind: &str,
        slug: String,
    ) -> Option<Document<F>> {
        let file = self.read(path)?;
        let parsed = self.loader.parsed(&file, || {
            let split = front_matter::split(&file).map_err(|d| vec![d])?;
            let front: F =
                toml_errors::parse(&file, split.front.clone(), kind).map_err(|d| vec![d])?;
            Ok((front, split.front.start, split.body_offset))
        });
        match parsed {
            Ok((front, front_offset, body_offset)) => Some(Document {
                slug,
                front,
                front_offset,
                doc: MarkdownDoc { file, body_offset },
            }),
            Err(found) => {
                self.problems.extend(found);
                None
            }
        }
    }

    fn toml<T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static>(
        &mut self,
        path: &Path,
        kind: &str,
        lang: String,
    ) -> Option<Translated<T>> {
        match self.loader.toml::<T>(path, kind) {
            Ok((data, file)) => Some(Translated { lang, file, data }),
            Err(found) => {
                self.problems.extend(found);
                None
            }
        }
    }
}
