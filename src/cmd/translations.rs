//! `clustersite translations`: for each language, which translations are
//! current, out of date or missing; `--record <file>` writes into a
//! translation the hash of the English it now translates.

use std::path::Path;

use clustersite::model::translation::{self, Status};
use clustersite::model::Site;

use crate::cli::TranslationsArgs;
use crate::Exit;

/// The pages families most need: listed as missing when a language lacks them.
const NEEDED: &[&str] = &[
    "content/pages/how-to-get-help.md",
    "content/forms/request-for-support.toml",
];

pub fn run(root: &Path, args: TranslationsArgs) -> Exit {
    let (site, report) = clustersite::content::load(root);
    let Some(site) = site else {
        eprint!("{}", report.render(false));
        eprintln!("Checked: {}.", report.counts());
        return Exit::ContentErrors;
    };
    match args.record {
        Some(file) => record(root, &site, &file),
        None => {
            print!("{}", listing(&site));
            Exit::Success
        }
    }
}

fn record(root: &Path, site: &Site, file: &Path) -> Exit {
    let shown = file.to_string_lossy().trim_start_matches("./").to_owned();
    let sources = translation::sources(site);
    let Some(source) = sources.iter().find(|s| s.file.display_path == shown) else {
        eprintln!("error: {shown} is not a translation (e.g. content/pages/how-to-get-help.pl.md)");
        return Exit::UsageOrIo;
    };
    let hash = translation::source_hash(&source.english);
    let Some(text) =
        translation::record_source_hash(&source.file.text, source.hash_span.clone(), &hash)
    else {
        eprintln!("error: {shown} has no `reviewed = ...` line to put source_hash after");
        return Exit::UsageOrIo;
    };
    if let Err(e) = std::fs::write(root.join(&shown), text) {
        eprintln!("error: could not write {shown}: {e}");
        return Exit::UsageOrIo;
    }
    println!(
        "{shown}: source_hash = \"{hash}\" (from {})",
        source.english_path
    );
    Exit::Success
}

/// Per language: every English file that can be translated, and its state.
fn listing(site: &Site) -> String {
    let sources = translation::sources(site);
    let mut english: Vec<&str> = Vec::new();
    english.extend(site.home.iter().map(|h| h.doc.file.display_path.as_str()));
    english.extend(site.pages.iter().map(|p| p.doc.file.display_path.as_str()));
    english.extend(site.clusters.iter().map(|c| c.file.display_path.as_str()));
    english.push(&site.form.file.display_path);
    let mut out = String::new();
    for lang in &site.config.languages {
        let code = lang.code.get_ref();
        out.push_str(&format!("{} ({code}):\n", lang.name));
        for path in &english {
            let state = match sources
                .iter()
                .find(|s| s.lang == code && s.english_path == *path)
            {
                Some(s) if s.status() == Status::Current && !s.review.reviewed => {
                    format!(
                        "current, not yet checked by a qualified translator ({})",
                        s.file.display_path
                    )
                }
                Some(s) => format!("{} ({})", s.status().as_str(), s.file.display_path),
                None if NEEDED.contains(path) => "MISSING (families need this page)".to_owned(),
                None => "missing".to_owned(),
            };
            out.push_str(&format!("  {path}: {state}\n"));
        }
    }
    out
}
