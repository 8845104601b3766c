//! The editor association in `.taplo.toml`: Even Better TOML (VS Code,
//! github.dev) and the `taplo` command check each content TOML file against
//! its schema in schemas/. These tests run the real `taplo` (PyPI `taplo`,
//! installed by tests/run) with the repository's own `.taplo.toml`, over every
//! real and fixture content TOML file, and prove the association bites: a
//! misspelt key fails, with taplo naming the key and its line.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::*;

/// Content TOML files that no schema covers, relative to `content/`.
const WITHOUT_SCHEMA: [&str; 0] = [];

/// A key no content file has: every file with a schema must refuse it.
const NOT_A_FIELD: &str = "zz_not_a_field";

/// Runs `taplo check` in `dir` (where `.taplo.toml` is found, as an editor
/// finds it in the folder it opened) over `files`, relative to `dir`.
fn taplo_check(dir: &Path, files: &[PathBuf]) -> Output {
    Command::new("taplo")
        .current_dir(dir)
        .args(["check", "--colors", "never"])
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!("taplo did not run ({e}); install it with: python3 -m pip install taplo==0.9.3")
        })
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Every TOML file under `content/` of the real site and of the valid
/// fixtures, relative to the repository root.
fn content_toml_files() -> Vec<PathBuf> {
    let root = repo_root();
    let mut sites = vec![root.clone()];
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == "errors" {
            continue; // broken on purpose; .taplo.toml excludes them
        }
        sites.push(path.clone());
        // tests/fixtures/checks holds several sites, one per folder.
        for inner in std::fs::read_dir(&path).unwrap() {
            let inner = inner.unwrap().path();
            if inner.join("content").is_dir() {
                sites.push(inner);
            }
        }
    }
    let mut files = Vec::new();
    for site in sites {
        let content = site.join("content");
        if content.is_dir() {
            collect_toml(&content, &mut files);
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|f| f.strip_prefix(&root).unwrap().to_path_buf())
        .collect()
}

fn collect_toml(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_toml(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

/// A folder laid out as the repository is for an editor: `.taplo.toml`,
/// `schemas/`, and the given files (relative paths kept).
fn editor_workspace(files: &[PathBuf]) -> tempfile::TempDir {
    let root = repo_root();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join(".taplo.toml"), dir.path().join(".taplo.toml")).unwrap();
    copy_tree(&root.join("schemas"), &dir.path().join("schemas"));
    for file in files {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), to).unwrap();
    }
    dir
}

fn under_content(file: &Path) -> String {
    let text = file.to_string_lossy();
    text[text.rfind("content/").unwrap() + "content/".len()..].to_owned()
}

#[test]
fn every_real_and_fixture_content_toml_passes_taplo() {
    let files = content_toml_files();
    assert!(files.len() >= 20, "{files:#?}");
    assert!(files.contains(&PathBuf::from("content/site.toml")));
    let result = taplo_check(&repo_root(), &files);
    let output = text(&result);
    assert!(result.status.success(), "{output}");
    // Every file was checked: none fell to the config's `exclude`.
    assert!(
        output.contains(&format!("found files total={} excluded=0", files.len())),
        "{output}"
    );
}

#[test]
fn every_content_toml_is_checked_against_a_schema() {
    // Put a key that is no field at the top of a copy of every file: each file
    // that has a schema must fail, naming the key, so none is unassociated.
    let files = content_toml_files();
    let workspace = editor_workspace(&files);
    for file in &files {
        let path = workspace.path().join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{NOT_A_FIELD} = 1\n{original}")).unwrap();
    }
    let mut unchecked = Vec::new();
    for file in &files {
        let result = taplo_check(workspace.path(), std::slice::from_ref(file));
        let output = text(&result);
        let named = output.contains(&format!(
            "Additional properties are not allowed ('{NOT_A_FIELD}' was unexpected)"
        ));
        assert_eq!(
            !result.status.success(),
            named,
            "{}: {output}",
            file.display()
        );
        if named {
            assert!(
                output.contains(&format!("{}:1:1", file.display())),
                "{}: {output}",
                file.display()
            );
        } else {
            unchecked.push(under_content(file));
        }
    }
    unchecked.sort();
    unchecked.dedup();
    assert_eq!(unchecked, WITHOUT_SCHEMA, "files no schema checks");
}

#[test]
fn a_misspelt_key_in_a_real_file_fails_taplo_naming_it() {
    let file = PathBuf::from("content/clusters/inner-east/cluster.toml");
    let workspace = editor_workspace(std::slice::from_ref(&file));
    let path = workspace.path().join(&file);
    let original = std::fs::read_to_string(&path).unwrap();
    let line = original
        .lines()
        .position(|l| l.starts_with("email = "))
        .expect("the real cluster has a contact email")
        + 1;
    std::fs::write(&path, original.replacen("\nemail = ", "\nemial = ", 1)).unwrap();

    let result = taplo_check(workspace.path(), std::slice::from_ref(&file));
    let output = text(&result);
    assert!(!result.status.success(), "{output}");
    assert!(
        output.contains("error: Additional properties are not allowed ('emial' was unexpected)"),
        "{output}"
    );
    assert!(
        output.contains(&format!("{}:{line}:1", file.display())),
        "line {line}: {output}"
    );
}

#[test]
fn error_fixtures_that_are_schema_errors_fail_taplo() {
    for (fixture_name, expected) in [
        (
            "unknown-field",
            "Additional properties are not allowed ('emial' was unexpected)",
        ),
        (
            "unknown-value",
            "\"primery\" is not one of [\"primary\",\"secondary\"]",
        ),
    ] {
        // The same file at the same place in a copy of the repository's layout
        // (in the repository, .taplo.toml excludes the error fixtures).
        let file = PathBuf::from("content/clusters/north/cluster.toml");
        let workspace = editor_workspace(&[]);
        let to = workspace.path().join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture("errors").join(fixture_name).join(&file), &to).unwrap();
        let result = taplo_check(workspace.path(), std::slice::from_ref(&file));
        let output = text(&result);
        assert!(!result.status.success(), "{fixture_name}: {output}");
        assert!(output.contains(expected), "{fixture_name}: {output}");
    }
}

#[test]
fn vs_code_recommends_the_extension_and_reads_this_association() {
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(repo_root().join(name)).unwrap()).unwrap()
    };
    let extensions = read(".vscode/extensions.json");
    assert_eq!(
        extensions["recommendations"],
        serde_json::json!(["tamasfe.even-better-toml"])
    );
    let settings = read(".vscode/settings.json");
    assert_eq!(settings["evenBetterToml.schema.enabled"], true);
    assert_eq!(settings["evenBetterToml.taplo.configFile.enabled"], true);
    let config = settings["evenBetterToml.taplo.configFile.path"]
        .as_str()
        .unwrap();
    assert!(repo_root().join(config).is_file(), "{config}");
    // Every schema the association names is shipped.
    let association = std::fs::read_to_string(repo_root().join(config)).unwrap();
    let named: Vec<&str> = association
        .lines()
        .filter_map(|l| l.strip_prefix("schema.path = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert_eq!(named.len(), 7, "{association}");
    for schema in named {
        assert!(repo_root().join(schema).is_file(), "{schema}");
    }
}
