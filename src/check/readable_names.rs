//! Names families read: of clusters, schools, children's centres, areas and
//! services. Each must have a letter or digit that can be seen (a name of
//! spaces, of a Braille blank or of invisible fillers is listed as a blank
//! line on the find page), and be short enough to read on a phone: a
//! 20,000-character name made its find page and cluster page larger than a
//! cheap phone's budget.

use std::ops::Range;

use super::locate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::invisible::is_hidden;
use crate::model::Site;

/// The longest name allowed, in characters. The longest school names in
/// England are about 100 characters.
pub const LONGEST_NAME: usize = 150;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for cluster in &site.clusters {
        let (file, data) = (&cluster.file, &cluster.data);
        let text = &file.text;
        let mut named: Vec<(&str, &str, Range<usize>)> = Vec::new();
        let top = locate::top_level_value(text, "name").unwrap_or(0..0);
        named.push(("cluster", &data.name, top));
        for school in &data.schools {
            named.push(("school", school.name.get_ref(), school.name.span()));
        }
        for centre in &data.childrens_centres {
            named.push((
                "children's centre",
                centre.name.get_ref(),
                centre.name.span(),
            ));
        }
        for service in &data.services {
            let span = locate::value_in_table(text, service.slug.span().start, "name")
                .unwrap_or(service.slug.span());
            named.push(("service", &service.name, span));
        }
        let areas = locate::top_level_value(text, "neighbourhoods").unwrap_or(0..0);
        for area in &data.neighbourhoods {
            named.push(("area", area, area_span(text, &areas, area)));
        }
        for (kind, name, span) in named {
            found.extend(problem(file, span, kind, name));
        }
    }
    found
}

/// Where `area` is written in the `neighbourhoods` list starting at `list`.
fn area_span(text: &str, list: &Range<usize>, area: &str) -> Range<usize> {
    let quoted = format!("\"{area}\"");
    text.get(list.start..)
        .and_then(|rest| rest.find(&quoted))
        .map_or(list.clone(), |at| {
            list.start + at..list.start + at + quoted.len()
        })
}

fn problem(file: &SourceFile, span: Range<usize>, kind: &str, name: &str) -> Option<Diagnostic> {
    let seen = |c: char| c.is_alphanumeric() && !is_hidden(c);
    if !name.chars().any(seen) {
        return Some(
            Diagnostic::at(
                file,
                span,
                "unreadable-name",
                format!("this {kind}'s name has no letter or digit that can be seen"),
            )
            .help(if kind == "area" {
                "write the area's name as families know it, e.g. neighbourhoods = [\"Harehills\"]"
            } else {
                "write the name as families know it, e.g. name = \"Harehills Primary School\""
            }),
        );
    }
    let length = name.chars().count();
    (length > LONGEST_NAME).then(|| {
        Diagnostic::at(
            file,
            span,
            "long-name",
            format!(
                "this {kind}'s name is {length} characters long: the most is {LONGEST_NAME}, so that lists stay readable on a phone"
            ),
        )
        .help("shorten it to the name families know; say more in a summary or description")
    })
}
