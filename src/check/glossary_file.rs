//! `glossary`: the glossary itself must be usable. A term is matched as
//! written on pages, so it is letters, digits, spaces and hyphens, given
//! once, with a meaning to show.

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let Some(file) = &site.glossary.file else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for entry in &site.glossary.terms {
        let term = entry.term.get_ref();
        let span = entry.term.span();
        let problem = if term.trim().is_empty() || entry.meaning.trim().is_empty() {
            Some((
                "a glossary entry needs a term and a meaning",
                "write both, e.g. term = \"JCC\", meaning = \"Joint Collaborative Committee\""
                    .to_owned(),
            ))
        } else if !term
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        {
            Some((
                "a glossary term can only hold letters, digits, spaces and hyphens",
                format!(
                    "write the term as pages write it, without punctuation: `{}`",
                    term.replace(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '-'), "")
                ),
            ))
        } else if !seen.insert(term.clone()) {
            Some((
                "this term is already in the glossary",
                "keep one entry for each term".to_owned(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            found.push(Diagnostic::at(file, span, "glossary", message).help(help));
        }
    }
    found
}
