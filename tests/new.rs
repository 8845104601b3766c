//! `clustersite new`: each kind of file it makes, what `check` then says
//! about it (only its placeholders), and what it refuses.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::*;

/// 2026-11-23, the date every test runs on.
const EPOCH: &str = "1795392000";

fn clustersite(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clustersite"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The minimal site with the checks' clean layer: `check` finds nothing in it.
fn clean_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    copy_tree(&fixture("checks").join("clean"), dir.path());
    std::fs::remove_file(dir.path().join("expected.txt")).ok();
    dir
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| display(dir, e.path()))
        .collect();
    found.sort();
    found
}

fn display(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// `check`'s findings, one short line each (as tests/checks.rs records them).
fn check_short(root: &Path) -> (Option<i32>, String) {
    let result = clustersite(root, &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&result.stdout).unwrap();
    // Reading-ease notes are not findings.
    let lines: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] != "note")
        .map(|f| {
            format!(
                "{}:{}:{}: {}[{}]: {}\n",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    (result.status.code(), lines.concat())
}

#[test]
fn the_clean_site_checks_clean_before_anything_is_added() {
    let site = clean_site();
    assert_eq!(check_short(site.path()), (Some(0), String::new()));
}

#[test]
fn a_new_update_has_every_field_and_only_its_placeholders_are_reported() {
    let site = clean_site();
    let result = clustersite(
        site.path(),
        &["new", "update", "north", "Holiday activities 2026"],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(
        text(&result.stdout),
        "Created content/clusters/north/updates/holiday-activities-2026.md\n\
         It will be published at https://test.example/clusters/north/updates/holiday-activities-2026/\n\
         Next: replace each WRITE HERE in it with your own words, then run `clustersite check`.\n"
    );
    let written = std::fs::read_to_string(
        site.path()
            .join("content/clusters/north/updates/holiday-activities-2026.md"),
    )
    .unwrap();
    assert!(
        written.starts_with("+++\ntitle = \"Holiday activities 2026\"\n"),
        "{written}"
    );
    assert!(written.contains("\ndate = 2026-11-23\n"), "{written}");

    // The human form, exactly: where each placeholder is and what it asks for.
    let check = clustersite(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0));
    // Reading-ease notes are not findings.
    let findings: String = (text(&check.stderr).lines())
        .filter(|l| !l.starts_with("note[reading-ease]"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        findings,
        r#"warning[placeholder]: write the summary here
 --> content/clusters/north/updates/holiday-activities-2026.md:3:12
  |
3 | summary = "WRITE HERE: the summary (one or two plain sentences saying what this update is about; it is shown in lists and feeds)"
  |            --------------------------------------------------------------------------------
  |
  = help: one or two plain sentences saying what this update is about; it is shown in lists and feeds. Replace the whole placeholder, from WRITE HERE on; check --strict and build --strict fail while it is there
warning[placeholder]: write the update here
 --> content/clusters/north/updates/holiday-activities-2026.md:8:1
  |
8 | WRITE HERE: the update (plain sentences; use ## for headings, as the title is the page's only top-level heading)
  | --------------------------------------------------------------------------------
  |
  = help: plain sentences; use ## for headings, as the title is the page's only top-level heading. Replace the whole placeholder, from WRITE HERE on; check --strict and build --strict fail while it is there
Checked: 0 errors, 2 warnings.
"#
    );
    // A strict pipeline never publishes a placeholder.
    let strict = clustersite(site.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let out = tempfile::tempdir().unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_clustersite"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("--root")
        .arg(site.path())
        .args(["build", "--strict", "--output"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(1), "{}", text(&build.stderr));
    assert!(!out.path().join("public").exists());

    // Once the author has written the text, check is clean again.
    let finished = written
        .replace(
            "\"WRITE HERE: the summary (one or two plain sentences saying what this update is about; it is shown in lists and feeds)\"",
            "\"Free activities for children in the summer holidays.\"",
        )
        .replace(
            "WRITE HERE: the update (plain sentences; use ## for headings, as the title is the page's only top-level heading)",
            "The cluster runs free activities every week of the holidays.",
        );
    std::fs::write(
        site.path()
            .join("content/clusters/north/updates/holiday-activities-2026.md"),
        finished,
    )
    .unwrap();
    assert_eq!(check_short(site.path()), (Some(0), String::new()));
}

#[test]
fn a_new_case_study_records_no_consent_and_asks_for_roles_not_names() {
    let site = clean_site();
    let result = clustersite(
        site.path(),
        &["new", "case-study", "north", "Support for a young carer"],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(
        text(&result.stdout),
        "Created content/clusters/north/case-studies/support-for-a-young-carer.md\n\
         It will be published at https://test.example/clusters/north/case-studies/support-for-a-young-carer/\n\
         Next: replace each WRITE HERE in it with your own words, then run `clustersite check`.\n"
    );
    let path = "content/clusters/north/case-studies/support-for-a-young-carer.md";
    let written = std::fs::read_to_string(site.path().join(path)).unwrap();
    assert!(
        written.contains("consent = { recorded = false, "),
        "{written}"
    );
    assert!(written.contains("\nreviewed = 2026-11-23 "), "{written}");
    let file = "content/clusters/north/case-studies/support-for-a-young-carer.md";
    assert_eq!(
        check_short(site.path()),
        (
            Some(0),
            [
                "3:12: warning[placeholder]: write the summary here",
                // Honest until the cluster sends the family's consent.
                "6:13: warning[no-consent-record]: this case study is published without a record that the family agreed to it",
                "6:39: warning[placeholder]: write the consent note here",
                "7:18: warning[placeholder]: write the role of who anonymised this story here",
                "8:16: warning[placeholder]: write the role of who reviewed it here",
                "9:26: warning[placeholder]: write the date of the review here",
                "18:1: warning[placeholder]: write the issues here",
                "22:1: warning[placeholder]: write what was done here",
                "26:1: warning[placeholder]: write the difference it made here",
            ]
            .map(|line| format!("{file}:{line}\n"))
            .concat()
        )
    );
}

#[test]
fn a_new_page_and_a_new_cluster_check_with_only_their_placeholders() {
    let site = clean_site();
    let page = clustersite(site.path(), &["new", "page", "School holidays"]);
    assert_eq!(page.status.code(), Some(0), "{}", text(&page.stderr));
    assert_eq!(
        text(&page.stdout),
        "Created content/pages/school-holidays.md\n\
         It will be published at https://test.example/school-holidays/\n\
         Next: replace each WRITE HERE in it with your own words, then run `clustersite check`.\n"
    );
    let cluster = clustersite(site.path(), &["new", "cluster", "west", "West"]);
    assert_eq!(cluster.status.code(), Some(0), "{}", text(&cluster.stderr));
    assert_eq!(
        text(&cluster.stdout),
        "Created content/clusters/west/cluster.toml\n\
         It will be published at https://test.example/clusters/west/\n\
         Next: replace each WRITE HERE in it with your own words, then run `clustersite check`.\n"
    );
    // The new cluster is known at once: an update can go in it.
    let update = clustersite(site.path(), &["new", "update", "west", "First news"]);
    assert_eq!(update.status.code(), Some(0), "{}", text(&update.stderr));
    assert_eq!(
        check_short(site.path()),
        (
            Some(0),
            "content/clusters/west/cluster.toml:2:12: warning[placeholder]: write the summary here\n\
             content/clusters/west/cluster.toml:13:9: warning[placeholder]: write the contact's role here\n\
             content/clusters/west/cluster.toml:14:10: warning[placeholder]: write the contact's email address here\n\
             content/clusters/west/updates/first-news.md:3:12: warning[placeholder]: write the summary here\n\
             content/clusters/west/updates/first-news.md:8:1: warning[placeholder]: write the update here\n\
             content/pages/school-holidays.md:3:16: warning[placeholder]: write the description here\n\
             content/pages/school-holidays.md:8:1: warning[placeholder]: write the page here\n"
                .to_owned()
        )
    );
}

#[test]
fn new_never_replaces_a_file() {
    let site = clean_site();
    let path = site
        .path()
        .join("content/clusters/north/updates/autumn-report.md");
    let before = std::fs::read(&path).unwrap();
    let result = clustersite(site.path(), &["new", "update", "north", "Autumn report"]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(
        text(&result.stderr),
        "error: content/clusters/north/updates/autumn-report.md already exists: new never replaces a file; edit it, or choose another slug with --slug\nNothing was written.\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Twice the same title: the second run refuses.
    assert_eq!(
        clustersite(site.path(), &["new", "page", "Help"])
            .status
            .code(),
        Some(0)
    );
    let again = clustersite(site.path(), &["new", "page", "Help"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("content/pages/help.md already exists"));
    // A cluster that exists.
    let cluster = clustersite(site.path(), &["new", "cluster", "north", "North again"]);
    assert_eq!(cluster.status.code(), Some(2));
    assert!(text(&cluster.stderr).contains("content/clusters/north already exists"));
    // --slug chooses another address.
    let other = clustersite(
        site.path(),
        &[
            "new",
            "update",
            "north",
            "Autumn report",
            "--slug",
            "autumn-report-2026",
        ],
    );
    assert_eq!(other.status.code(), Some(0), "{}", text(&other.stderr));
    assert!(site
        .path()
        .join("content/clusters/north/updates/autumn-report-2026.md")
        .is_file());
}

#[test]
fn an_unknown_cluster_is_refused_with_the_list_of_clusters() {
    let site = clean_site();
    let before = files(site.path());
    let result = clustersite(site.path(), &["new", "update", "nrth", "News"]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(
        text(&result.stderr),
        "error: there is no cluster `nrth` in content/clusters/; the clusters are: north. Did you mean `north`?\nNothing was written.\n"
    );
    let result = clustersite(site.path(), &["new", "case-study", "../north", "News"]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(
        text(&result.stderr),
        "error: there is no cluster `../north` in content/clusters/; the clusters are: north. Did you mean `north`?\nNothing was written.\n"
    );
    assert_eq!(files(site.path()), before);
}

#[test]
fn hostile_titles_give_a_clear_error_or_a_safe_slug_and_stay_inside_content() {
    let site = clean_site();
    let before = files(site.path());
    let refused = |args: &[&str], expected: &str| {
        let result = clustersite(site.path(), args);
        assert_eq!(result.status.code(), Some(2), "{args:?}");
        assert_eq!(
            text(&result.stderr),
            format!("error: {expected}\nNothing was written.\n"),
            "{args:?}"
        );
    };
    refused(
        &["new", "page", "?!..."],
        "cannot make a web address from the title (it gives ``: it is empty); choose one with --slug, e.g. --slug holiday-activities-2026",
    );
    refused(
        &["new", "page", "Help\u{202e}txt.exe"],
        "the title has the character U+202E (a text direction control), which readers cannot see or which breaks the line; type it again without it",
    );
    refused(
        &["new", "page", "Zero\u{200b}width"],
        "the title has the character U+200B (ZERO WIDTH SPACE), which readers cannot see or which breaks the line; type it again without it",
    );
    refused(
        &["new", "page", "Two\nlines"],
        "the title has the character U+000A (LINE FEED (a new line)), which readers cannot see or which breaks the line; type it again without it",
    );
    refused(
        &["new", "page", &"x".repeat(10_000)],
        "the title is 10000 characters long; keep it to 200 at most (a page is read on phones)",
    );
    refused(
        &["new", "page", "Clusters"],
        "a page cannot be at /clusters/: the site's own pages use that address; choose another with --slug",
    );
    refused(
        &["new", "page", "Fine", "--slug", "../../x"],
        "--slug `../../x` cannot be part of a web address: only lower-case letters a to z, digits and hyphens can be part of a web address; try `x`",
    );
    refused(
        &["new", "cluster", "../escape", "Escape"],
        "the cluster's slug `../escape` cannot be part of a web address: only lower-case letters a to z, digits and hyphens can be part of a web address; try `escape`",
    );
    refused(
        &["new", "page", "   "],
        "the title is empty; write it in quotes, e.g. \"Holiday activities 2026\"",
    );
    assert_eq!(
        files(site.path()),
        before,
        "a refused title wrote something"
    );

    // Dots and slashes only separate words: the file stays in content/pages/.
    let result = clustersite(site.path(), &["new", "page", "../../etc/passwd"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(site.path().join("content/pages/etc-passwd.md").is_file());
    // Quotes, backslashes and TOML syntax stay text.
    let tricky = "A \"quoted\" title \\ with = [brackets] # and +++";
    let result = clustersite(site.path(), &["new", "page", tricky]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let written = std::fs::read_to_string(
        site.path()
            .join("content/pages/a-quoted-title-with-brackets-and.md"),
    )
    .unwrap();
    let front = written
        .strip_prefix("+++\n")
        .and_then(|rest| rest.split_once("\n+++\n"))
        .unwrap()
        .0;
    let table: toml::Table = front.parse().unwrap();
    assert_eq!(table["title"].as_str(), Some(tricky));
    // Long titles under the limit get a slug cut at a word.
    let long = "Holiday activities for children and families ".repeat(4);
    let result = clustersite(site.path(), &["new", "page", long.trim()]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let added: Vec<String> = files(site.path())
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert_eq!(
        added,
        [
            "content/pages/a-quoted-title-with-brackets-and.md",
            "content/pages/etc-passwd.md",
            "content/pages/holiday-activities-for-children-and-families-holiday-activities-for-children-and.md",
        ]
    );
    // And every page it made checks with only placeholder warnings.
    let (code, findings) = check_short(site.path());
    assert_eq!(code, Some(0), "{findings}");
    assert!(
        findings.lines().all(|l| l.contains("warning[placeholder]")),
        "{findings}"
    );
}

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let site = clean_site();
    let elsewhere = tempfile::tempdir().unwrap();
    // A folder on the way is a link to somewhere else.
    std::fs::remove_dir_all(site.path().join("content/clusters/north/updates")).unwrap();
    symlink(
        elsewhere.path(),
        site.path().join("content/clusters/north/updates"),
    )
    .unwrap();
    let result = clustersite(site.path(), &["new", "update", "north", "News"]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(
        text(&result.stderr),
        "error: content/clusters/north/updates is a symbolic link: new never writes through a link; make it a real folder\nNothing was written.\n"
    );
    // The file's own name is a dangling link to a file elsewhere.
    let target = elsewhere.path().join("planted.md");
    symlink(&target, site.path().join("content/pages/planted.md")).unwrap();
    let result = clustersite(site.path(), &["new", "page", "Planted"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr).contains("content/pages/planted.md already exists"),
        "{}",
        text(&result.stderr)
    );
    assert!(!target.exists());
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}
