//! The library's modules form no import cycle: each stage can be read,
//! tested and changed without the ones after it. The graph is read from the
//! source itself (every `crate::…` and `super::…` path), at two levels:
//! between the top-level modules (`content`, `check`, `render`…), and
//! between sibling modules inside each of them (`render::pages` and
//! `render::job`…; a folder's own `mod.rs` orchestrates its children and is
//! left out of that level). Run: `cargo test --test architecture -- --nocapture`
//! to print the graph; `ARCHITECTURE_SRC=<other>/src` reads another tree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// `src/render/pages/site_pages.rs` → `["render", "pages", "site_pages"]`.
fn module_path(file: &Path, src: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The module paths a file names: `crate::a::b`, `crate::{a, b::c}`, `super::x`.
fn references(text: &str, own: &[String], is_root: bool) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    // Tests may reach anything; only the module's own code counts.
    let code = code.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = Vec::new();
    if is_root {
        // lib.rs names modules without `crate::`: `use cache::Generations;`,
        // `content::load_with(…)`. Every first segment of a path counts.
        for line in code.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("use ") {
                found.extend(paths(rest));
            }
        }
        for (at, _) in code.match_indices("::") {
            let before = &code[..at];
            let ident = before
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            let ahead = &before[..before.len() - ident.len()];
            if !ident.is_empty() && !ahead.ends_with("::") {
                found.push(vec![ident.to_owned()]);
            }
        }
    }
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent(own))] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for path in paths(rest) {
                let mut full = base.clone();
                full.extend(path);
                found.push(full);
            }
        }
    }
    found
}

/// The module a `super::` in this file means (a `mod.rs` file's module path
/// already leaves out `mod`, so it is the same rule).
fn parent(own: &[String]) -> Vec<String> {
    own[..own.len().saturating_sub(1)].to_vec()
}

/// The paths at the start of `text`: `a::b::C` or a `{a, b::{c, d}}` group.
fn paths(text: &str) -> Vec<Vec<String>> {
    let ident: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !ident.is_empty() {
        let rest = &text[ident.len()..];
        let mut tails = rest.strip_prefix("::").map(paths).unwrap_or_default();
        if tails.is_empty() {
            tails.push(Vec::new());
        }
        return tails
            .into_iter()
            .map(|mut t| {
                t.insert(0, ident.clone());
                t
            })
            .collect();
    }
    let Some(group) = text.strip_prefix('{') else {
        return Vec::new();
    };
    let mut depth = 0;
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .flat_map(|item| paths(item.trim_start()))
        .collect()
}

fn library_graph() -> (Graph, BTreeMap<String, Graph>) {
    // ARCHITECTURE_SRC reads another tree (an older checkout, to compare).
    let src = std::env::var_os("ARCHITECTURE_SRC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut modules: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        // The binaries are not the library.
        if path.extension().is_none_or(|e| e != "rs")
            || path.starts_with(src.join("bin"))
            || path.starts_with(src.join("cmd"))
            || path == src.join("main.rs")
            || path == src.join("cli.rs")
        {
            continue;
        }
        let own = module_path(path, &src);
        modules.insert(own.clone());
        files.push((path.to_path_buf(), own));
    }
    let mut top = Graph::new();
    let mut siblings: BTreeMap<String, Graph> = BTreeMap::new();
    for (path, own) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let is_root = own.is_empty();
        let from_top = own.first().cloned().unwrap_or_else(|| "lib".into());
        top.entry(from_top.clone()).or_default();
        for target in references(&text, own, is_root) {
            // The longest prefix that is a module of the library.
            let Some(module) = (1..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|m| modules.contains(m))
            else {
                // `crate::Options` and the like: the library's root.
                if from_top != "lib" {
                    top.entry(from_top.clone())
                        .or_default()
                        .insert("lib".into());
                }
                continue;
            };
            let to_top = module[0].clone();
            if std::env::var_os("ARCHITECTURE_EDGES").is_some() {
                eprintln!("{} -> {}", own.join("::"), target.join("::"));
            }
            if to_top != from_top {
                top.entry(from_top.clone()).or_default().insert(to_top);
            } else if own.len() >= 2 && module.len() >= 2 && own[1] != module[1] {
                siblings
                    .entry(from_top.clone())
                    .or_default()
                    .entry(own[1].clone())
                    .or_default()
                    .insert(module[1].clone());
            }
        }
    }
    (top, siblings)
}

/// A cycle in the graph, if there is one, as the modules along it.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, done, path) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let (top, _) = library_graph();
    for (module, uses) in &top {
        let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
        println!("{module} -> {}", uses.join(", "));
    }
    assert!(top.len() > 10, "the graph was read: {top:?}");
    if let Some(found) = cycle(&top) {
        panic!("import cycle between modules: {}", found.join(" -> "));
    }
}

#[test]
fn sibling_modules_form_no_cycle() {
    let (_, siblings) = library_graph();
    for (parent, graph) in &siblings {
        if let Some(found) = cycle(graph) {
            panic!("import cycle inside {parent}: {}", found.join(" -> "));
        }
    }
}

#[test]
fn the_reader_finds_grouped_and_relative_paths() {
    let own = vec!["render".to_owned(), "job".to_owned()];
    let found = references(
        "use super::inputs::Inputs;\nuse crate::{cache::{Key, KeyHasher}, urls};\n// crate::check\nlet x = crate::theme::load();",
        &own,
        false,
    );
    let found: BTreeSet<String> = found.iter().map(|p| p.join("::")).collect();
    for expected in [
        "render::inputs::Inputs",
        "cache::Key",
        "cache::KeyHasher",
        "urls",
        "theme::load",
    ] {
        assert!(found.contains(expected), "{expected} in {found:?}");
    }
    assert!(
        !found.iter().any(|p| p.starts_with("check")),
        "comments are not code"
    );
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("a".into());
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}
