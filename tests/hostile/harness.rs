//! One hostile case: a copy of the real site in a sandbox folder, edited the
//! way an attacker or a careless editor would, then the real binary run on it.
//!
//! Every run proves the promises that hold whatever the input: the exit code
//! is one we define (never a panic or an abort), and nothing outside the
//! output folder was created, replaced or deleted. A failed run also leaves
//! the output folder byte for byte as it was.

// Each module uses the part of the harness its attacks need.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BINARY: &str = env!("CARGO_BIN_EXE_clustersite");

/// A sandbox: `<tmp>/site` is the site root (a copy of the real `content/`),
/// `<tmp>/outside/index.html` a file no build may touch.
pub struct Case {
    dir: tempfile::TempDir,
}

/// What a run printed and how it ended.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One entry of the sandbox: a file's bytes, a symlink's target or a folder.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Link(PathBuf),
    Folder,
}

impl Case {
    /// The real content, as `build` publishes it.
    pub fn real() -> Case {
        Case::from_content(&repo_root().join("content"))
    }

    /// The minimal fixture: a site with one page.
    pub fn minimal() -> Case {
        Case::from_content(&repo_root().join("tests/fixtures/minimal/content"))
    }

    fn from_content(content: &Path) -> Case {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(content, &dir.path().join("site/content"));
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("index.html"), "not the site's").unwrap();
        Case { dir }
    }

    /// The site root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The sandbox around the root.
    pub fn sandbox(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces the first `from` in a file under the root with `to`. Panics
    /// when `from` is not there, so a case can never pass by editing nothing.
    pub fn replace(self, file: &str, from: &str, to: &str) -> Case {
        let path = self.root().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Adds text at the end of a file under the root.
    pub fn append(self, file: &str, more: &str) -> Case {
        let path = self.root().join(file);
        let mut text = std::fs::read(&path).unwrap();
        text.extend_from_slice(more.as_bytes());
        std::fs::write(&path, text).unwrap();
        self
    }

    /// Writes a file under the root, making its folders.
    pub fn write(self, file: &str, bytes: impl AsRef<[u8]>) -> Case {
        let path = self.root().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        self
    }

    /// Makes `link` (under the sandbox) a symlink to `target`.
    pub fn symlink(self, link: &str, target: &str) -> Case {
        let path = self.dir.path().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, &path).unwrap();
        self
    }

    /// Builds once into `site/public`, so later runs have a site to keep.
    pub fn built(self) -> Case {
        let outcome = self.run(&["build"]);
        assert_eq!(
            outcome.code, 0,
            "the unedited site builds:\n{}",
            outcome.stderr
        );
        self
    }

    pub fn check(&self) -> Outcome {
        self.run(&["check"])
    }

    pub fn build(&self) -> Outcome {
        self.run(&["build"])
    }

    /// Runs the binary with `args` in the root, and asserts what holds for
    /// any input: a defined exit code, nothing touched outside the output,
    /// and on failure the output as it was.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let output = self.output_of(args);
        let before = snapshot(self.dir.path());
        let ran = Command::new(BINARY)
            .args(args)
            .current_dir(self.root())
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .output()
            .unwrap();
        let after = snapshot(self.dir.path());
        let outcome = Outcome {
            code: ran.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&ran.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&ran.stderr).into_owned(),
        };
        assert!(
            [0, 1, 2].contains(&outcome.code),
            "{args:?} ended with {:?} (a crash or abort):\n{}",
            ran.status,
            outcome.stderr
        );
        let may_change = |path: &Path| {
            let in_output =
                outcome.code == 0 && output.as_ref().is_some_and(|o| path.starts_with(o));
            // A successful build records its URLs.
            let manifest = outcome.code == 0
                && args.first() == Some(&"build")
                && path == self.root().join("content/published-urls.txt");
            in_output || manifest
        };
        let changed: std::collections::BTreeSet<String> = before
            .keys()
            .chain(after.keys())
            .filter(|path| before.get(*path) != after.get(*path) && !may_change(path))
            .map(|path| path.display().to_string())
            .collect();
        assert!(
            changed.is_empty(),
            "{args:?} (exit {}) changed what it must not: {changed:?}\n{}",
            outcome.code,
            outcome.stderr
        );
        outcome
    }

    /// The output folder a build with these arguments writes, as the sandbox
    /// sees it (without following symlinks: the point is to catch builds that do).
    fn output_of(&self, args: &[&str]) -> Option<PathBuf> {
        if args.first() != Some(&"build") {
            return None;
        }
        let given = args
            .windows(2)
            .find(|pair| pair[0] == "--output" || pair[0] == "-o")
            .map(|pair| pair[1]);
        Some(match given {
            Some(path) => self.root().join(path),
            None => self.root().join("public"),
        })
    }
}

impl Outcome {
    /// Errors in the one-line form `file:line:col: error[rule]: message`,
    /// read from the human output; an error without a `-->` location reads
    /// `UNLOCATED: error[rule]: message` so that it can never match.
    pub fn errors(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut lines = self.stderr.lines().peekable();
        while let Some(line) = lines.next() {
            let Some(rest) = line.strip_prefix("error[") else {
                continue;
            };
            let heading = format!("error[{rest}");
            let location = lines
                .peek()
                .and_then(|next| next.trim_start().strip_prefix("--> "))
                .map(str::to_owned);
            found.push(match location {
                Some(location) => format!("{location}: {heading}"),
                None => format!("UNLOCATED: {heading}"),
            });
        }
        found
    }

    /// Asserts the exit code and that the errors are exactly `expected`
    /// (warnings aside), each in the one-line form.
    pub fn expect(&self, code: i32, expected: &[&str]) -> &Outcome {
        assert_eq!(
            (self.code, self.errors()),
            (code, expected.iter().map(|e| e.to_string()).collect()),
            "\n{}",
            self.stderr
        );
        self
    }

    /// Asserts the exit code and that one error starts with each of
    /// `locations` (`file:line:col: error[rule]`), and no other error.
    pub fn expect_at(&self, code: i32, locations: &[&str]) -> &Outcome {
        let errors = self.errors();
        let matched = errors.len() == locations.len()
            && locations
                .iter()
                .zip(&errors)
                .all(|(location, error)| error.starts_with(location));
        assert!(
            self.code == code && matched,
            "expected exit {code} with errors at {locations:#?}\ngot exit {} with {errors:#?}\n{}",
            self.code,
            self.stderr
        );
        self
    }

    /// Asserts the run failed with a usage or file-system error saying `words`.
    pub fn expect_refused(&self, words: &str) -> &Outcome {
        assert!(
            self.code == 2 && self.stderr.contains(words),
            "expected exit 2 saying {words:?}, got exit {}:\n{}",
            self.code,
            self.stderr
        );
        self
    }
}

use crate::support::copy_tree;
pub use crate::support::repo_root;

/// Every entry under `dir`, symlinks not followed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .map(|e| {
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Folder
            } else {
                Entry::File(std::fs::read(e.path()).unwrap_or_default())
            };
            (e.path().to_path_buf(), entry)
        })
        .collect()
}

/// How many lines a file of the real site has: tests that append to it
/// find their own lines after these, whatever the content's editors add.
pub fn real_line_count(file: &str) -> usize {
    let text = std::fs::read_to_string(crate::support::repo_root().join(file)).unwrap();
    text.lines().count()
}
