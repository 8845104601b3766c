//! Shared helpers for the integration tests: fixture sites in temporary folders.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clustersite::model::Date;
use clustersite::{Options, Timings};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A fixed "today" so that staleness, and so output, never depends on the clock.
pub const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 23,
};

pub fn options(root: &Path) -> Options {
    let mut options = Options::new(root);
    options.today = Some(TODAY);
    options
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The minimal fixture with an error fixture's files laid over it, in a temp folder.
pub fn error_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    copy_tree(&fixture("errors").join(name), dir.path());
    std::fs::remove_file(dir.path().join("expected.txt")).ok();
    dir
}

/// Every file of a built site, path to bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn build(root: &Path, output: &Path) -> Result<(), clustersite::diagnostics::Report> {
    match clustersite::build(&options(root), output, &mut Timings::default()) {
        Ok(_) => Ok(()),
        Err(clustersite::BuildError::Content(report)) => Err(report),
        Err(clustersite::BuildError::Io(message)) => panic!("I/O error: {message}"),
    }
}

/// Findings the way expected.txt records them: the short form, then help.
pub fn describe(report: &clustersite::diagnostics::Report) -> String {
    let mut out = String::new();
    for d in &report.items {
        out.push_str(&d.short());
        out.push('\n');
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

/// Compares with the recorded file, or records it under `BLESS=1` (exactly:
/// any other value is refused, so a stray `BLESS=0` cannot rewrite it).
/// `tests/run` refuses to run with BLESS set and ends by checking that no
/// recorded file changed, so a re-recording is always a reviewed commit.
pub fn compare(actual: &str, expected_path: &Path) -> Result<(), String> {
    let bless = std::env::var_os("BLESS");
    assert!(
        bless.is_none() || bless.as_deref() == Some("1".as_ref()),
        "BLESS={bless:?}: set BLESS=1 to re-record expected files, or unset it"
    );
    if bless.is_some() {
        std::fs::write(expected_path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_else(|_| {
        panic!(
            "missing {} (run with BLESS=1 to write it, then review it)",
            expected_path.display()
        )
    });
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "--- {}: expected\n{expected}--- actual\n{actual}",
            expected_path.display()
        ))
    }
}

/// The real site with one more cluster holding schools named `names`.
pub fn real_site_with_schools(names: impl Iterator<Item = String>) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    let mut cluster = String::from(
        "name = \"Extra\"\nsummary = \"A cluster.\"\nlast_reviewed = 2025-10-31\n\n\
         [[contacts]]\nrole = \"Cluster leader\"\nemail = \"lead@leeds.gov.uk\"\nlast_reviewed = 2025-10-31\n",
    );
    for (n, name) in names.enumerate() {
        let name = name.replace('\\', "\\\\").replace('"', "\\\"");
        cluster.push_str(&format!(
            "\n[[schools]]\nname = \"{name}\"\nphase = \"primary\"\nslug = \"s-{n}\"\n"
        ));
    }
    let folder = site.path().join("content/clusters/extra");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("cluster.toml"), cluster).unwrap();
    site
}
