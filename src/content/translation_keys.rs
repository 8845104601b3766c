//! A translation's keys must name what the English file has: a service's
//! slug, a form field's id, as many sections and choices as the English.
//! A key that names nothing would be a translation no page ever shows.

use crate::diagnostics::Diagnostic;
use crate::model::translation::{ClusterTranslationFile, FormTranslationFile, Translated};
use crate::model::{Cluster, FormField, FormFile};

pub fn cluster(cluster: &Cluster, t: &Translated<ClusterTranslationFile>) -> Vec<Diagnostic> {
    let mut problems = contacts(cluster, t);
    let slugs: Vec<&str> = (cluster.data.services.iter())
        .map(|s| s.slug.get_ref().as_str())
        .collect();
    let unknown = (t.data.services.keys())
        .filter(|key| !slugs.contains(&key.get_ref().as_str()))
        .map(|key| {
            Diagnostic::at(
                &t.file,
                key.span(),
                "unknown-key",
                format!(
                    "`{}` is not a service of {}",
                    key.get_ref(),
                    cluster.file.display_path
                ),
            )
            .help(suggest(key.get_ref(), &slugs, "service slugs"))
        });
    problems.extend(unknown);
    problems
}

fn contacts(cluster: &Cluster, t: &Translated<ClusterTranslationFile>) -> Vec<Diagnostic> {
    let Some(contacts) = &t.data.contacts else {
        return Vec::new();
    };
    let (given, wanted) = (contacts.get_ref().len(), cluster.data.contacts.len());
    if given == wanted {
        return Vec::new();
    }
    vec![Diagnostic::at(
        &t.file,
        contacts.span(),
        "translation-shape",
        format!(
            "{} has {wanted} contacts; this has {given}",
            cluster.file.display_path
        ),
    )
    .help("give one [[contacts]] for each English contact, in the same order")]
}

pub fn form(english: &FormFile, t: &Translated<FormTranslationFile>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let fields: Vec<&FormField> = english.sections.iter().flat_map(|s| &s.fields).collect();
    let ids: Vec<&str> = fields.iter().map(|f| f.id.get_ref().as_str()).collect();
    for (key, field) in &t.data.fields {
        let Some(english) = fields.iter().find(|f| f.id.get_ref() == key.get_ref()) else {
            problems.push(
                Diagnostic::at(
                    &t.file,
                    key.span(),
                    "unknown-key",
                    format!("`{}` is not a field id of the English form", key.get_ref()),
                )
                .help(suggest(key.get_ref(), &ids, "field ids")),
            );
            continue;
        };
        let Some(options) = &field.options else {
            continue;
        };
        let (given, wanted) = (options.get_ref().len(), english.options.len());
        if given != wanted {
            problems.push(
                Diagnostic::at(
                    &t.file,
                    options.span(),
                    "translation-shape",
                    format!(
                        "the English `{}` has {wanted} choices; this has {given}",
                        key.get_ref()
                    ),
                )
                .help("translate each English choice once, in the same order"),
            );
        }
    }
    let Some(sections) = &t.data.sections else {
        return problems;
    };
    let (given, wanted) = (sections.get_ref().len(), english.sections.len());
    if given != wanted {
        problems.push(
            Diagnostic::at(
                &t.file,
                sections.span(),
                "translation-shape",
                format!("the English form has {wanted} sections; this has {given}"),
            )
            .help(
                "give one [[sections]] with its title for each English section, in the same order",
            ),
        );
    }
    problems
}

fn suggest(key: &str, known: &[&str], what: &str) -> String {
    let best = (known.iter())
        .map(|k| (strsim::jaro_winkler(key, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!("use one of the English file's {what}: {}", known.join(", ")),
    }
}
