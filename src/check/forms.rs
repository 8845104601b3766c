//! The referral form's fields: ids that name PDF fields, options where they belong.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{FieldKind, FormField, Site};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let shared: Vec<&FormField> = site
        .form
        .data
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .collect();
    let mut found = check_fields(&site.form.file, &shared, &HashMap::new());
    let shared_ids: HashMap<&str, &str> = shared
        .iter()
        .map(|f| {
            (
                f.id.get_ref().as_str(),
                site.form.file.display_path.as_str(),
            )
        })
        .collect();
    for cluster in &site.clusters {
        let own: Vec<&FormField> = cluster.data.referral.questions.iter().collect();
        found.extend(check_fields(&cluster.file, &own, &shared_ids));
    }
    found
}

fn check_fields(
    file: &SourceFile,
    fields: &[&FormField],
    taken: &HashMap<&str, &str>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for field in fields {
        let id = field.id.get_ref().as_str();
        let span = field.id.span();
        if !is_valid_id(id) {
            found.push(
                Diagnostic::at(file, span.clone(), "form-field-id", format!("`{id}` cannot name a form field"))
                    .help("use lower-case letters, digits and underscores, starting with a letter, e.g. child_name"),
            );
        }
        if let Some(line) = seen.get(id) {
            found.push(
                Diagnostic::at(
                    file,
                    span.clone(),
                    "duplicate-field",
                    format!("the field id `{id}` is already used on line {line}"),
                )
                .help("every field needs its own id: it names the field in the PDF"),
            );
        } else if let Some(other) = taken.get(id) {
            found.push(
                Diagnostic::at(file, span.clone(), "duplicate-field", format!("the field id `{id}` is already used in {other}"))
                    .help("give the cluster's question an id of its own, e.g. starting with the cluster's name"),
            );
        }
        seen.insert(id, file.line_col(span.start).0);
        found.extend(kind_problems(file, field));
    }
    found
}

fn kind_problems(file: &SourceFile, field: &FormField) -> Option<Diagnostic> {
    let span = field.id.span();
    let (rule, message, help) = match field.kind {
        FieldKind::Choice if field.options.len() < 2 => (
            "form-options",
            "a choice needs at least two options",
            "add options = [\"Yes\", \"No\"] (or the answers people can choose)",
        ),
        FieldKind::Choice => return None,
        _ if !field.options.is_empty() => (
            "form-options",
            "only a choice can have options",
            "set kind = \"choice\", or remove the options",
        ),
        FieldKind::Multiline if field.lines.is_some_and(|l| !(1..=30).contains(&l)) => (
            "form-lines",
            "lines must be between 1 and 30",
            "a box taller than 30 lines does not fit on a page; use lines = 8 for a long answer",
        ),
        FieldKind::Multiline => return None,
        _ if field.lines.is_some() => (
            "form-lines",
            "only a multiline field can have lines",
            "set kind = \"multiline\", or remove lines",
        ),
        _ => return None,
    };
    Some(Diagnostic::at(file, span, rule, message).help(help))
}

fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
