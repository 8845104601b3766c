//! Templates that would repeat themselves without end: a macro that calls
//! itself (directly or through other macros) or templates that include each
//! other in a circle. Tera has no depth limit, so either would overflow the
//! stack and abort the build; they are refused, located at the tag, before
//! anything is rendered. (Tera itself refuses circular `extends`.)

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, SourceFile};

/// A macro (template, name) or a whole template (template, "").
type Node = (String, String);

pub fn check(templates: &[(String, String)]) -> Vec<Diagnostic> {
    let mut calls: BTreeMap<Node, (usize, BTreeSet<Node>)> = BTreeMap::new();
    for (name, text) in templates {
        let aliases = imports(text, name);
        calls.insert((name.clone(), String::new()), (0, includes(text)));
        for (macro_name, at, body) in macros(text) {
            let called = macro_calls(body, &aliases);
            calls.insert((name.clone(), macro_name), (at, called));
        }
    }
    let mut found = Vec::new();
    let mut reported = BTreeSet::new();
    for start in calls.keys() {
        if let Some(circle) = circle_from(start, &calls) {
            let members: BTreeSet<Node> = circle.iter().cloned().collect();
            if !reported.insert(members) {
                continue;
            }
            let (template, _) = start;
            let text = &templates
                .iter()
                .find(|(n, _)| n == template)
                .expect("known")
                .1;
            let file = SourceFile::new(format!("templates/{template}"), text.clone());
            let at = calls[start].0;
            let path: Vec<String> = circle.iter().map(describe).collect();
            found.push(
                Diagnostic::at(
                    &file,
                    at..at,
                    "template",
                    format!("{} would repeat without end: {}", describe(start), path.join(" → ")),
                )
                .help("templates cannot call or include themselves; write the repeated part out instead"),
            );
        }
    }
    found
}

fn describe((template, name): &Node) -> String {
    if name.is_empty() {
        format!("template {template}")
    } else {
        format!("macro {name} in {template}")
    }
}

/// A path from `start` back to itself, if there is one.
fn circle_from(start: &Node, calls: &BTreeMap<Node, (usize, BTreeSet<Node>)>) -> Option<Vec<Node>> {
    // Depth-first with an explicit stack: the templates may be many.
    let mut stack: Vec<(Node, Vec<Node>)> = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in calls
            .get(&node)
            .map(|(_, c)| c.iter())
            .into_iter()
            .flatten()
        {
            if next == start {
                let mut circle = path.clone();
                circle.push(next.clone());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

/// The quoted names after each `{% keyword "..."` tag, with where the tag starts.
fn tags<'a>(text: &'a str, keyword: &str) -> Vec<(usize, &'a str, &'a str)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("{%") {
        let rest = text[at + 2..].trim_start_matches('-').trim_start();
        let Some(after) = rest.strip_prefix(keyword) else {
            continue;
        };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(end) = after[1..].find(quote) else {
            continue;
        };
        found.push((at, &after[1..1 + end], &after[2 + end..]));
    }
    found
}

fn includes(text: &str) -> BTreeSet<Node> {
    tags(text, "include")
        .into_iter()
        .map(|(_, target, _)| (target.to_owned(), String::new()))
        .collect()
}

/// `self` and each `{% import "file" as alias %}`, to the template they name.
fn imports(text: &str, own: &str) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::from([("self".to_owned(), own.to_owned())]);
    for (_, target, rest) in tags(text, "import") {
        if let Some(alias) = rest.trim_start().strip_prefix("as") {
            let alias: String = alias
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            aliases.insert(alias, target.to_owned());
        }
    }
    aliases
}

/// Each `{% macro name(...) %} ... {% endmacro %}`: name, start, body.
fn macros(text: &str) -> Vec<(String, usize, &str)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("{%") {
        let rest = text[at + 2..].trim_start_matches('-').trim_start();
        let Some(after) = rest.strip_prefix("macro ") else {
            continue;
        };
        let name: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let body_start = at + 2;
        let body_end = text[body_start..]
            .find("endmacro")
            .map_or(text.len(), |i| body_start + i);
        found.push((name, at, &text[body_start..body_end]));
    }
    found
}

/// `alias::name(` calls in a macro's body, to the macros they name.
fn macro_calls(body: &str, aliases: &BTreeMap<String, String>) -> BTreeSet<Node> {
    let mut called = BTreeSet::new();
    for (at, _) in body.match_indices("::") {
        let alias: String = body[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let name: String = body[at + 2..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if let Some(template) = aliases.get(&alias) {
            called.insert((template.clone(), name));
        }
    }
    called
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_macro_calling_itself_is_refused_at_its_tag() {
        let found = check(&templates(&[(
            "rec.html",
            "x\n{% macro r(n) %}{{ self::r(n=n+1) }}{% endmacro r %}",
        )]));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].short(),
            "templates/rec.html:2:1: error[template]: macro r in rec.html would repeat without end: macro r in rec.html → macro r in rec.html"
        );
    }

    #[test]
    fn circles_through_imports_and_includes_are_refused() {
        let found = check(&templates(&[
            (
                "a.html",
                "{% import \"b.html\" as b %}{% macro one() %}{{ b::two() }}{% endmacro one %}",
            ),
            (
                "b.html",
                "{% import \"a.html\" as a %}{% macro two() %}{{ a::one() }}{% endmacro two %}",
            ),
            ("c.html", "{%- include \"d.html\" %}"),
            ("d.html", "{% include 'c.html' %}"),
        ]));
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn the_default_themes_macros_are_not_loops() {
        let found = check(&templates(&[
            (
                "macros.html",
                "{% macro a() %}x{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}",
            ),
            (
                "page.html",
                "{% import \"macros.html\" as m %}{{ m::b() }}{% include \"macros.html\" %}",
            ),
        ]));
        assert!(found.is_empty(), "{found:#?}");
    }
}
