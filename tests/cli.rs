//! The command line: exit codes and what it prints.

mod support;

use std::process::Command;

use support::*;

fn clustersite() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clustersite"));
    command.env("SOURCE_DATE_EPOCH", "1795392000");
    command
}

/// `build` of a copy of the minimal fixture (the CLI's build records URLs
/// in content/published-urls.txt), with `flags`; what it printed to stderr.
fn build_minimal(flags: &[&str]) -> String {
    let out = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), out.path());
    let result = clustersite()
        .arg("build")
        .args(flags)
        .arg("--root")
        .arg(out.path())
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "{stderr}");
    stderr
}

#[test]
fn build_succeeds_with_a_summary_line() {
    let stderr = build_minimal(&[]);
    // Home, find, open data, clusters, updates, 404, the cluster, its referral
    // page, its updates and case studies lists, its one service, and search.
    assert!(stderr.contains("Built 12 pages"), "{stderr}");
}

/// `bench/pairs.py` and `bench/measure.py` read these lines to report each
/// stage: their own parsers are run on them here. The checks' line says
/// they run beside the rest, so their time is not read as the slow part.
#[test]
fn timings_name_each_stage_as_the_benchmark_reads_them() {
    let stderr = build_minimal(&["--timings"]);
    let check = (stderr.lines())
        .find(|line| line.trim_start().starts_with("check "))
        .unwrap_or_else(|| panic!("no check line in:\n{stderr}"));
    assert!(check.contains("at the same time as"), "{check}");
    let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
    for script in ["pairs", "measure"] {
        let read = Command::new("python3")
            .arg("-c")
            .arg(format!(
                "import sys, json; sys.path.insert(0, sys.argv[1]); import {script}; \
                 print(json.dumps(sorted({script}.stages(sys.stdin.read()))))"
            ))
            .arg(&bench)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs the benchmark's scripts: install it (tests/run does)");
        use std::io::Write;
        read.stdin
            .as_ref()
            .unwrap()
            .write_all(stderr.as_bytes())
            .unwrap();
        let read = read.wait_with_output().unwrap();
        assert!(
            read.status.success(),
            "{script}.py could not read the timings"
        );
        let stages: Vec<String> = serde_json::from_slice(&read.stdout).unwrap();
        for stage in ["check", "load", "render", "search", "theme", "write"] {
            assert!(
                stages.iter().any(|s| s == stage),
                "{script}.py read no {stage} stage from:\n{stderr}"
            );
        }
    }
}

#[test]
fn content_errors_exit_1_with_located_messages() {
    let site = error_site("unknown-field");
    let result = clustersite()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("content/clusters/north/cluster.toml:7:1"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `email`?"), "{stderr}");
}

#[test]
fn check_can_report_json_for_tools() {
    let site = error_site("unknown-field");
    let result = clustersite()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(findings[0]["file"], "content/clusters/north/cluster.toml");
    assert_eq!(findings[0]["line"], 7);
    assert_eq!(findings[0]["column"], 1);
    assert_eq!(findings[0]["rule"], "unknown-field");
    assert_eq!(findings[0]["severity"], "error");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let result = clustersite().arg("bulid").output().unwrap();
    assert_eq!(result.status.code(), Some(2));
    let result = clustersite()
        .args(["build", "--root"])
        .arg(fixture("minimal"))
        .arg("--output")
        .arg(fixture("minimal").join("content"))
        .output()
        .unwrap();
    assert_eq!(
        result.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        fixture("minimal").join("content/site.toml").exists(),
        "content must never be touched"
    );
}

#[test]
fn every_subcommand_has_help() {
    for (sub, option) in [
        ("build", "--output"),
        ("check", "--format"),
        ("serve", "--interface"),
        ("new", "--slug"),
    ] {
        let result = clustersite().args([sub, "--help"]).output().unwrap();
        assert!(result.status.success(), "{sub} --help");
        let help = String::from_utf8_lossy(&result.stdout);
        assert!(
            help.contains("--root") && help.contains(option),
            "{sub}: {help}"
        );
    }
}

#[test]
fn a_file_that_cannot_be_read_as_text_is_located_like_any_other_finding() {
    let site = error_site("not-utf8");
    let human = clustersite()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(
        stderr.contains("error[not-utf8]: this file is not UTF-8 text (byte 17 is not valid)\n --> content/pages/cafe.md:2:13\n"),
        "{stderr}"
    );
    let json = clustersite()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        findings[0],
        serde_json::json!({
            "file": "content/pages/cafe.md",
            "line": 2,
            "column": 13,
            "severity": "error",
            "rule": "not-utf8",
            "message": "this file is not UTF-8 text (byte 17 is not valid)",
            "help": "save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")",
        })
    );
}

/// `check` reports each page's reading ease as a note, in the findings'
/// shape: and the Inner East page's prose reads at 70 or more.
#[test]
fn check_reports_each_pages_reading_ease_and_inner_east_reads_easily() {
    let result = clustersite()
        .args(["check", "--format", "json", "--root"])
        .arg(repo_root())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0));
    let findings: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let notes: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "note")
        .collect();
    assert_eq!(notes.len(), 8, "{notes:?}");
    assert!(notes.iter().all(|n| n["rule"] == "reading-ease"));
    let inner_east = notes
        .iter()
        .find(|n| n["file"] == "content/clusters/inner-east/cluster.toml")
        .expect("a note for the Inner East page");
    let message = inner_east["message"].as_str().unwrap();
    let ease: f64 = message
        .split("reading ease ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no score in {message}"));
    assert!(ease >= 70.0, "{message}");

    // People see one line per page, after the findings.
    let human = clustersite()
        .args(["check", "--root"])
        .arg(repo_root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(
        stderr.contains("note[reading-ease]: content/clusters/inner-east/cluster.toml: Inner East: reading ease "),
        "{stderr}"
    );
    assert!(
        stderr.contains("Checked: 0 errors, 19 warnings."),
        "{stderr}"
    );
}

#[test]
fn check_can_print_github_workflow_commands() {
    let site = error_site("unknown-field");
    let result = clustersite()
        .args(["check", "--format", "github", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&result.stdout),
        "::error file=content/clusters/north/cluster.toml,line=7,col=1,title=clustersite unknown-field::`emial` is not a field of `contact`%0Ahelp: did you mean `email`?\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&result.stderr),
        "Checked: 1 error, 0 warnings.\n"
    );

    // `%`, `,` and `:` in a message, and a file name with `,` in it.
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), site.path());
    std::fs::create_dir_all(site.path().join("content/pages")).unwrap();
    std::fs::write(
        site.path().join("content/pages/a,b.md"),
        "+++\ntitle = \"A\"\ndescription = \"B\"\nslug = \"a-b\"\n+++\nWRITE HERE: 100%, then: more\n",
    )
    .unwrap();
    let result = clustersite()
        .args(["check", "--format", "github", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&result.stdout),
        "::warning file=content/pages/a%2Cb.md,line=6,col=1,title=clustersite placeholder::write 100%25, then: more here%0Ahelp: Replace the whole placeholder, from WRITE HERE on; check --strict and build --strict fail while it is there\n"
    );
    let sarif = clustersite()
        .args(["check", "--format", "sarif", "--strict", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(sarif.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "placeholder");
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "content/pages/a,b.md"
    );
}
