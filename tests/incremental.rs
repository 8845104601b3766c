//! `serve`'s incremental rebuilds (a `BuildCache` kept between builds) must
//! give exactly what a fresh build gives, after every kind of edit, and must
//! actually reuse work: a Markdown body edit re-renders one page.

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clustersite::content::changes::Changes;
use clustersite::BuildCache;
use clustersite::{generate, generate_with, Timings};
use support::{copy_tree, fixture, options};

/// Builds with the cache and afresh; asserts the files are identical and
/// returns how many pages the cached build made.
fn assert_same_as_fresh(root: &Path, cache: &BuildCache, after: &str) -> usize {
    cache.expect(changes_since_last_build(root));
    let options = options(root);
    let (cached, cached_report) = generate_with(&options, &mut Timings::default(), cache);
    let (fresh, fresh_report) = generate(&options, &mut Timings::default());
    assert_eq!(
        cached_report.render(false),
        fresh_report.render(false),
        "after {after}: the findings differ"
    );
    let (Some(cached), Some(fresh)) = (cached, fresh) else {
        panic!(
            "after {after}: the site did not build:\n{}",
            fresh_report.render(false)
        );
    };
    let paths = |files: &[clustersite::output_file::OutputFile]| -> Vec<String> {
        files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(
        paths(&cached.files),
        paths(&fresh.files),
        "after {after}: different files"
    );
    for (a, b) in cached.files.iter().zip(&fresh.files) {
        assert!(
            a.bytes == b.bytes,
            "after {after}: {} differs from a fresh build",
            a.path
        );
    }
    cache.pages_made()
}

/// A site's files, path to bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// The files of each site root as its last build here found them.
static LAST_SEEN: Mutex<Option<HashMap<PathBuf, Files>>> = Mutex::new(None);

/// What `serve`'s watcher would name since the last build of `root`: each
/// file added, removed or changed (everything, for a first build). So the
/// cached build trusts the names as `serve` does, and keeps what is made
/// only from files not named (`content/changes.rs`).
fn changes_since_last_build(root: &Path) -> Changes {
    let now = support::snapshot(root);
    let mut last_seen = LAST_SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let before = last_seen
        .get_or_insert_with(HashMap::new)
        .insert(root.to_owned(), now.clone());
    let Some(before) = before else {
        return Changes::Everything;
    };
    let named: BTreeSet<String> = (before.keys().chain(now.keys()))
        .filter(|path| before.get(*path) != now.get(*path))
        .cloned()
        .collect();
    Changes::Only(named)
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut all = std::fs::read_to_string(&path).unwrap();
    all.push_str(text);
    std::fs::write(&path, all).unwrap();
}

const NORTH: &str = "content/clusters/north";

/// A copy of the full fixture (edits must never touch the fixture) and an empty cache.
fn full_site_with_cache() -> (tempfile::TempDir, BuildCache) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("full"), dir.path());
    (dir, BuildCache::new())
}

/// A copy of this repository's content, built once with a new cache.
fn real_site_with_cache() -> (tempfile::TempDir, BuildCache) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &support::repo_root().join("content"),
        &dir.path().join("content"),
    );
    let cache = BuildCache::new();
    assert_same_as_fresh(dir.path(), &cache, "the first build of the real site");
    (dir, cache)
}

#[test]
fn every_kind_of_edit_gives_what_a_fresh_build_gives() {
    let (dir, cache) = full_site_with_cache();
    let root = dir.path();
    let all = assert_same_as_fresh(root, &cache, "the first build");
    assert!(all > 15, "the first build made every page ({all})");

    // A Markdown body: only that page is made again.
    append(
        root,
        &format!("{NORTH}/updates/spring-report.md"),
        "\nAttendance rose again in May.\n",
    );
    assert_eq!(assert_same_as_fresh(root, &cache, "an update's body"), 1);
    append(
        root,
        "content/pages/accessibility.md",
        "\nTell us if a page is hard to use.\n",
    );
    assert_eq!(assert_same_as_fresh(root, &cache, "a page's body"), 1);
    append(root, &format!("{NORTH}/index.md"), "\nIt meets monthly.\n");
    assert_eq!(
        assert_same_as_fresh(root, &cache, "a cluster introduction"),
        1
    );
    append(root, "content/index.md", "\nAsk your school first.\n");
    assert_eq!(assert_same_as_fresh(root, &cache, "the home page body"), 1);

    // Anything else can show on many pages: all are made again, and the
    // result still matches a fresh build.
    let edits: [(&str, &str, &str, &str); 5] = [
        (
            "an update's title (lists, feeds, the cluster page)",
            "content/clusters/north/updates/spring-report.md",
            "title = \"Spring report\"",
            "title = \"Spring progress report\"",
        ),
        (
            "a service in cluster.toml (service, cluster, open data, find)",
            "content/clusters/north/cluster.toml",
            "name = \"Family support\"",
            "name = \"Family support at home\"",
        ),
        (
            "a case study's front matter",
            "content/clusters/north/case-studies/a-family-story.md",
            "summary = \"A child's attendance improved.\"",
            "summary = \"A child's attendance got better.\"",
        ),
        (
            "site.toml (every page's header and footer)",
            "content/site.toml",
            "title = \"Full test site\"",
            "title = \"Full test website\"",
        ),
        (
            "the form (referral pages and PDFs)",
            "content/forms/request-for-support.toml",
            "title = \"",
            "title = \"Form: ",
        ),
    ];
    for (what, file, from, to) in edits {
        replace(root, file, from, to);
        assert_same_as_fresh(root, &cache, what);
    }

    // New and deleted files.
    std::fs::write(
        root.join(format!("{NORTH}/updates/summer-report.md")),
        "+++\ntitle = \"Summer report\"\nsummary = \"Progress this summer.\"\ndate = 2024-08-31\n+++\nA quiet term.\n",
    )
    .unwrap();
    assert_same_as_fresh(root, &cache, "a new update");
    std::fs::remove_file(root.join(format!("{NORTH}/updates/winter-report.md"))).unwrap();
    // Its URL was published: a redirect keeps it working.
    append(
        root,
        "content/site.toml",
        "\n[[redirects]]\nfrom = \"/clusters/north/updates/winter-report/\"\nto = \"/clusters/north/\"\n",
    );
    assert_same_as_fresh(root, &cache, "a deleted update");

    // The theme: a site's own template overrides the default.
    let template =
        std::fs::read_to_string(support::repo_root().join("themes/default/templates/page.html"))
            .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        template.replacen(
            "{% endblock content %}",
            "<p>Overridden.</p>{% endblock content %}",
            1,
        ),
    )
    .unwrap();
    assert_same_as_fresh(root, &cache, "a template override");
    let html = |root: &Path| {
        let (site, _) = generate(&options(root), &mut Timings::default());
        let site = site.unwrap();
        let page = site
            .files
            .iter()
            .find(|f| f.path == "accessibility/index.html");
        String::from_utf8(page.expect("the page exists").bytes.to_vec()).unwrap()
    };
    assert!(html(root).contains("Overridden."), "the override is used");

    // The same template edited in place, to the same size: the theme's
    // fingerprint must see more than paths and sizes.
    replace(root, "templates/page.html", "Overridden.", "Overwritten");
    assert_same_as_fresh(root, &cache, "a template edited in place");
    assert!(html(root).contains("Overwritten"), "the edit is used");
}

#[test]
fn a_case_study_body_edit_gives_what_a_fresh_build_gives() {
    // Service pages list case studies: their bodies must still show only on
    // their own page, or a body edit would leave the service page stale.
    let (dir, cache) = full_site_with_cache();
    let root = dir.path();
    assert_same_as_fresh(root, &cache, "the first build");
    append(
        root,
        &format!("{NORTH}/case-studies/a-family-story.md"),
        "\nThe family now meets the school each term.\n",
    );
    assert_eq!(assert_same_as_fresh(root, &cache, "a case study's body"), 1);
}

/// An edit of each kind of record in the TOML files: (what, file, from, to).
const RECORD_EDITS: &[(&str, &str, &str, &str)] = &[
        ("the cluster's name", NORTH_TOML, "name = \"North\"", "name = \"North Leeds\""),
        ("the cluster's summary", NORTH_TOML, "The north of the test city.", "The north of the city."),
        ("a neighbourhood", NORTH_TOML, "[\"Hill Top\"]", "[\"Hill Top\", \"Low Bottom\"]"),
        ("the stated counts", NORTH_TOML, "primary_schools = 3", "primary_schools = 4"),
        ("the population", NORTH_TOML, "children_and_young_people = 1200", "children_and_young_people = 1300"),
        ("Families First families", NORTH_TOML, "families_first_families = 12", "families_first_families = 13"),
        ("the cluster's review date", NORTH_TOML, "last_reviewed = 2024-01-31\n\n[governance]", "last_reviewed = 2024-02-29\n\n[governance]"),
        ("governance", NORTH_TOML, "School and partner representatives.", "Schools and partners."),
        ("the funding summary (Markdown in TOML)", NORTH_TOML, "Funded by schools and the council.", "Funded by *schools* and the council."),
        ("a budget figure", NORTH_TOML, "per_pupil = 60", "per_pupil = 61"),
        ("a business plan step", NORTH_TOML, "step = \"Approved\"", "step = \"Agreed\""),
        ("a priority", NORTH_TOML, "\"Wellbeing\"]", "\"Well-being\"]"),
        ("a contact", NORTH_TOML, "Works Monday to Thursday.", "Works Monday to Friday."),
        ("a school", NORTH_TOML, "name = \"Hill Top Primary\"", "name = \"Hill Top Primary School\""),
        ("a school's phase", NORTH_TOML, "name = \"St Mary's\"\nphase = \"primary\"", "name = \"St Mary's\"\nphase = \"secondary\""),
        ("a children's centre", NORTH_TOML, "name = \"Hill Top\"\n", "name = \"Hill Top Centre\"\n"),
        ("a service's staffing", NORTH_TOML, "staffing = \"2 FTE\"", "staffing = \"3 FTE\""),
        ("a service's route", NORTH_TOML, "Ask the school's pastoral lead.", "Ask the school."),
        ("a service's review date", NORTH_TOML, "summary = \"Someone to talk to.\"\nhow_to_get = \"Ask the school.\"\nlast_reviewed = 2024-01-31", "summary = \"Someone to talk to.\"\nhow_to_get = \"Ask the school.\"\nlast_reviewed = 2024-03-31"),
        ("where referrals go", NORTH_TOML, "\"North Cluster Manager\"", "\"The North Cluster Manager\""),
        ("a cluster's own referral question", NORTH_TOML, "Would the family like a place at the holiday club?", "Would the family like a holiday club place?"),
        ("the site's contact", "content/site.toml", "[contact]", "[contact]\nnote = \"Lines are open 9 to 5.\""),
    ];

const NORTH_TOML: &str = "content/clusters/north/cluster.toml";

#[test]
fn every_kind_of_record_edit_gives_what_a_fresh_build_gives() {
    // Each kind of record in the TOML files shows on different pages (the
    // cluster page, find, open data, the referral PDF...): each edit must
    // give exactly what a fresh build gives, whatever it was reused from.
    let (dir, cache) = full_site_with_cache();
    let root = dir.path();
    assert_same_as_fresh(root, &cache, "the first build");
    for (what, file, from, to) in RECORD_EDITS {
        replace(root, file, from, to);
        assert_same_as_fresh(root, &cache, what);
    }
}

#[test]
fn a_broken_build_in_between_changes_nothing() {
    let (dir, cache) = full_site_with_cache();
    let root = dir.path();
    assert_same_as_fresh(root, &cache, "the first build");
    let page = "content/pages/accessibility.md";
    append(root, page, "\nSee [nowhere](/no-such-page/).\n");
    let (broken, report) = generate_with(&options(root), &mut Timings::default(), &cache);
    assert!(
        broken.is_none() && report.has_errors(),
        "a broken link fails"
    );
    replace(
        root,
        page,
        "See [nowhere](/no-such-page/).",
        "See the home page.",
    );
    assert_eq!(assert_same_as_fresh(root, &cache, "the fix"), 1);
}

/// Every entry of a built output: files with their bytes and mode, folders,
/// links (there should be none).
fn output_tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            let meta = e.path().symlink_metadata().unwrap();
            let what = if e.path_is_symlink() {
                "a link".to_owned()
            } else if meta.is_dir() {
                format!("folder {:o}", meta.mode() & 0o7777)
            } else {
                let bytes = std::fs::read(e.path()).unwrap();
                format!(
                    "file {:o} {} bytes, hash {:x}",
                    meta.mode() & 0o7777,
                    bytes.len(),
                    xxhash_rust::xxh3::xxh3_64(&bytes)
                )
            };
            (name, what)
        })
        .collect()
}

/// Builds `root` into `warm` (which holds the previous build) and into a new
/// folder, and asserts both outputs are the same, entry for entry.
/// Returns how many pages the rebuild found unchanged and did not make again.
fn assert_warm_is_cold(root: &Path, warm: &Path, after: &str) -> usize {
    let mut options = options(root);
    options.accept_url_changes = true;
    let build = |output: &Path| match clustersite::build(&options, output, &mut Timings::default())
    {
        Ok((generated, _)) => generated.reused,
        Err(e) => {
            let why = match e {
                clustersite::BuildError::Content(report) => report.render(false),
                clustersite::BuildError::Io(message) => message,
            };
            panic!("after {after}: the build failed:\n{why}");
        }
    };
    let reused = build(warm);
    let cold = tempfile::tempdir().unwrap();
    build(&cold.path().join("public"));
    let (warm_tree, cold_tree) = (output_tree(warm), output_tree(&cold.path().join("public")));
    let differ: Vec<_> = warm_tree
        .keys()
        .chain(cold_tree.keys())
        .filter(|k| warm_tree.get(*k) != cold_tree.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "after {after}: the rebuild differs from a first build at {differ:?}"
    );
    // Nothing is left beside the output.
    let beside: Vec<_> = std::fs::read_dir(warm.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|name| name.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(
        beside.is_empty(),
        "after {after}: left beside it: {beside:?}"
    );
    reused
}

#[test]
fn a_rebuild_over_the_output_is_a_first_build_after_every_kind_of_edit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("full"), &root);
    let warm = dir.path().join("public");
    assert_warm_is_cold(&root, &warm, "the first build");
    assert_warm_is_cold(&root, &warm, "nothing");
    append(
        &root,
        &format!("{NORTH}/updates/spring-report.md"),
        "\nAttendance rose again in May.\n",
    );
    assert_warm_is_cold(&root, &warm, "one Markdown body");
    let page = "+++\ntitle = \"Holidays\"\ndescription = \"Help in the holidays.\"\n+++\nAsk your school.\n";
    std::fs::write(root.join("content/pages/holidays.md"), page).unwrap();
    assert_warm_is_cold(&root, &warm, "a new page");
    std::fs::rename(
        root.join("content/pages/holidays.md"),
        root.join("content/pages/school-holidays.md"),
    )
    .unwrap();
    assert_warm_is_cold(&root, &warm, "a renamed page");
    std::fs::remove_file(root.join("content/pages/school-holidays.md")).unwrap();
    assert_warm_is_cold(&root, &warm, "a removed page");
    std::fs::create_dir_all(root.join("static/files")).unwrap();
    std::fs::write(root.join("static/files/leaflet.txt"), "Leaflet").unwrap();
    std::fs::write(root.join("static/guide"), "a file, later a folder").unwrap();
    assert_warm_is_cold(&root, &warm, "new static files");
    std::fs::write(
        root.join("static/files/leaflet.txt"),
        "Leaflet, second edition",
    )
    .unwrap();
    std::fs::remove_file(root.join("static/guide")).unwrap();
    std::fs::create_dir_all(root.join("static/guide")).unwrap();
    std::fs::write(root.join("static/guide/index.txt"), "now a folder").unwrap();
    assert_warm_is_cold(
        &root,
        &warm,
        "a changed static file, a file become a folder",
    );
    std::fs::remove_dir_all(root.join("static")).unwrap();
    assert_warm_is_cold(&root, &warm, "the static files removed");
    std::fs::remove_dir_all(root.join("content/clusters/south")).unwrap();
    assert_warm_is_cold(&root, &warm, "a removed cluster");
    replace(
        &root,
        "content/site.toml",
        "title = \"Full test site\"",
        "title = \"Full test website\"",
    );
    assert_warm_is_cold(&root, &warm, "site.toml (every page)");
}

#[test]
fn a_rebuild_with_nothing_changed_makes_no_new_file_or_folder() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("full"), &root);
    let out = dir.path().join("public");
    let inodes = || -> std::collections::BTreeMap<String, (u64, u64, i64)> {
        walkdir::WalkDir::new(dir.path())
            .into_iter()
            .flatten()
            .filter(|e| !e.path().starts_with(root.join("content")))
            .map(|e| {
                let meta = e.path().symlink_metadata().unwrap();
                let path = e.path().display().to_string();
                (path, (meta.dev(), meta.ino(), meta.mtime_nsec()))
            })
            .collect()
    };
    support::build(&root, &out).unwrap();
    let before = inodes();
    assert!(
        before.len() > 40,
        "the site was built ({} entries)",
        before.len()
    );
    support::build(&root, &out).unwrap();
    assert_eq!(
        inodes(),
        before,
        "a rebuild of the same content made or rewrote files"
    );
}

#[test]
fn a_rebuild_after_any_record_edit_is_a_first_build() {
    // A rebuild reuses the pages whose inputs are unchanged (the record in
    // the output): after each edit it must still equal a first build.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("full"), &root);
    let warm = dir.path().join("public");
    assert_warm_is_cold(&root, &warm, "the first build");
    for (what, file, from, to) in RECORD_EDITS {
        replace(&root, file, from, to);
        assert_warm_is_cold(&root, &warm, what);
    }
}

/// The reuse record's lines.
/// The record's lines, without its last (the seal: the digest of the rest).
fn record_lines(out: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(out.join(".clustersite-reuse")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let seal = lines.pop().unwrap();
    assert!(
        seal.starts_with("end "),
        "the record ends with its seal: {seal}"
    );
    lines
}

/// Writes `lines` as the record, sealed as a build seals it: the checks of
/// each line are tested as if the seal could be forged.
fn write_record(out: &Path, lines: &[String]) {
    let text = lines.join("\n") + "\n";
    let seal = format!(
        "end {:032x}\n",
        xxhash_rust::xxh3::xxh3_128(text.as_bytes())
    );
    std::fs::write(out.join(".clustersite-reuse"), text + &seal).unwrap();
}

/// Writes `lines` as the record with the seal the build wrote before they
/// were changed, as an edit by hand leaves it.
fn write_record_unsealed(out: &Path, lines: &[String]) {
    let text = std::fs::read_to_string(out.join(".clustersite-reuse")).unwrap();
    let seal = text.lines().last().unwrap();
    std::fs::write(
        out.join(".clustersite-reuse"),
        lines.join("\n") + "\n" + seal + "\n",
    )
    .unwrap();
}

/// The record line of the file at `path`.
fn line_of(lines: &[String], path: &str) -> usize {
    (lines.iter())
        .position(|l| l.splitn(4, ' ').nth(3) == Some(path))
        .unwrap_or_else(|| panic!("{path} is not in the record"))
}

#[test]
fn a_rebuild_reuses_only_pages_whose_inputs_and_files_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("full"), &root);
    let out = dir.path().join("public");
    assert_eq!(assert_warm_is_cold(&root, &out, "the first build"), 0);
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert_eq!(assert_warm_is_cold(&root, &out, "nothing"), pages);

    append(
        &root,
        &format!("{NORTH}/updates/spring-report.md"),
        "\nAttendance rose again in May.\n",
    );
    let after_edit = assert_warm_is_cold(&root, &out, "one Markdown body");
    assert_eq!(
        after_edit,
        pages - 1,
        "only the edited update is made again"
    );

    // A page edited in the output, same length: its bytes are checked, not
    // its size or time, and it is made again.
    let home = out.join("index.html");
    let mut bytes = std::fs::read(&home).unwrap();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'x' { b'y' } else { b'x' };
    std::fs::write(&home, bytes).unwrap();
    let after_tamper = assert_warm_is_cold(&root, &out, "a page edited in the output");
    assert_eq!(after_tamper, pages - 1);

    // A record whose digest was changed, or that gives one page's key to
    // another page's file: those pages are made again.
    let mut lines = record_lines(&out);
    let changed = line_of(&lines, "404.html");
    let mut parts: Vec<&str> = lines[changed].splitn(4, ' ').collect();
    let wrong = format!("{:032x}", 1);
    parts[1] = &wrong;
    lines[changed] = parts.join(" ");
    let (a, b) = (
        line_of(&lines, "accessibility/index.html"),
        line_of(&lines, "index.html"),
    );
    let key = |line: &str| line.split(' ').next().unwrap().to_owned();
    let (key_a, key_b) = (key(&lines[a]), key(&lines[b]));
    lines[a] = lines[a].replacen(&key_a, &key_b, 1);
    lines[b] = lines[b].replacen(&key_b, &key_a, 1);
    write_record(&out, &lines);
    let after_forgery = assert_warm_is_cold(&root, &out, "a tampered record");
    assert_eq!(after_forgery, pages - 3);

    // A line taken out of the record by hand (its seal no longer fits):
    // nothing is reused, as a search index part is kept with the files the
    // record lists for it.
    let mut lines = record_lines(&out);
    lines.remove(line_of(&lines, "404.html"));
    write_record_unsealed(&out, &lines);
    assert_eq!(assert_warm_is_cold(&root, &out, "a line taken out"), 0);

    // A record from other code, or damaged: nothing is reused.
    let mut lines = record_lines(&out);
    lines[0] = lines[0].replace("code ", "code other-");
    write_record(&out, &lines);
    assert_eq!(
        assert_warm_is_cold(&root, &out, "another binary's record"),
        0
    );
    let mut lines = record_lines(&out);
    lines.truncate(lines.len() / 2);
    lines.push("not a record line".into());
    write_record(&out, &lines);
    assert_eq!(assert_warm_is_cold(&root, &out, "a damaged record"), 0);
    assert_eq!(assert_warm_is_cold(&root, &out, "nothing again"), pages);
}

/// How many pages a site has under `prefix`.
fn pages_under(root: &Path, prefix: &str) -> usize {
    let (site, _) = generate(&options(root), &mut Timings::default());
    (site.expect("the site builds").files.iter())
        .filter(|f| f.path.starts_with(prefix) && f.path.ends_with("index.html"))
        .count()
}

#[test]
fn a_cluster_file_edit_makes_again_only_that_clusters_pages_and_the_site_wide_ones() {
    let (dir, cache) = full_site_with_cache();
    let root = dir.path();
    let all = assert_same_as_fresh(root, &cache, "the first build");
    let south = pages_under(root, "clusters/south/");
    assert!(south > 0, "the fixture has South's pages");

    replace(
        root,
        "content/clusters/north/cluster.toml",
        "name = \"Family support\"",
        "name = \"Family support at home\"",
    );
    let made = assert_same_as_fresh(root, &cache, "a service name in North's cluster.toml");
    assert!(
        made > 0 && made <= all - south,
        "North's edit made {made} of {all} pages: none of South's {south} should be made again"
    );

    // South's pages show South's own file: an edit there makes them again.
    replace(
        root,
        "content/clusters/south/cluster.toml",
        "summary = \"The south of the test city.\"",
        "summary = \"The southern part of the test city.\"",
    );
    let made = assert_same_as_fresh(root, &cache, "South's summary");
    assert!(
        made >= south,
        "South's edit made {made}, fewer than its {south} pages"
    );
}

/// A cluster's pages link each of its schools to its entry in the find
/// list, and where an entry is depends on every cluster's names: an edit in
/// one cluster that moves another's entries must make that one's pages again.
#[test]
fn an_edit_that_moves_another_clusters_find_entries_makes_its_pages_again() {
    let (dir, cache) = full_site_with_cache();
    let root = dir.path();
    // Enough names that the list is split by letter, and H runs to a second
    // page where North's "Hill Top Primary" comes after 400 of South's.
    let mut schools = String::new();
    for n in 0..400 {
        schools.push_str(&format!(
            "\n[[schools]]\nname = \"Ha{n:03} Primary\"\nphase = \"primary\"\n"
        ));
    }
    append(root, "content/clusters/south/cluster.toml", &schools);
    assert_same_as_fresh(root, &cache, "400 schools in South");
    let north_page = |root: &Path| {
        let (site, _) = generate(&options(root), &mut Timings::default());
        let site = site.unwrap();
        let page = (site.files.iter()).find(|f| f.path == "clusters/north/index.html");
        String::from_utf8(page.expect("North's page").bytes.to_vec()).unwrap()
    };
    assert!(
        north_page(root).contains("/find/h/page/2/#school-hill-top-primary"),
        "Hill Top is on H's second page"
    );

    // Renaming 200 of them past "Hi" moves Hill Top to H's first page; the
    // pages of the list stay the same addresses.
    let text = std::fs::read_to_string(root.join("content/clusters/south/cluster.toml")).unwrap();
    let mut renamed = text.clone();
    for n in 0..200 {
        renamed = renamed.replacen(
            &format!("\"Ha{n:03} Primary\""),
            &format!("\"Hz{n:03} Primary\""),
            1,
        );
    }
    std::fs::write(root.join("content/clusters/south/cluster.toml"), renamed).unwrap();
    assert_same_as_fresh(root, &cache, "200 of South's schools renamed");
    assert!(
        north_page(root).contains("/find/h/#school-hill-top-primary"),
        "Hill Top is now on H's first page, and North's page says so"
    );
}

/// A translated page says when its English has changed since: under
/// `serve`, an edit to the English body must make the translation's page
/// again too, though it shows none of that body.
#[test]
fn an_english_body_edit_makes_its_translations_pages_again() {
    let (dir, cache) = real_site_with_cache();
    let root = dir.path();
    append(
        root,
        "content/pages/how-to-get-help.md",
        "\nYou can also ask your child's school.\n",
    );
    let made = assert_same_as_fresh(root, &cache, "the English How to get help");
    assert_eq!(made, 3, "the English page and its Polish and Urdu pages");
}

/// A cluster's translations are kept by its folder: an edit, a new
/// translation and one in a language the site lacks, each named as the
/// watcher names it, give what a fresh build gives.
#[test]
fn a_translation_edit_in_a_cluster_folder_gives_what_a_fresh_build_gives() {
    let (dir, cache) = real_site_with_cache();
    let root = dir.path();
    let cluster = "content/clusters/inner-east";
    replace(
        root,
        &format!("{cluster}/cluster.pl.toml"),
        "Inner East to klaster",
        "Inner East jest klastrem",
    );
    assert_same_as_fresh(root, &cache, "the Polish words of the cluster");
    let update = format!("{cluster}/updates/progress-report-september-2015");
    std::fs::write(
        root.join(format!("{update}.pl.md")),
        "+++\ntitle = \"Raport\"\nsummary = \"Jak szło.\"\nreviewed = false\n+++\nTekst.\n",
    )
    .unwrap();
    assert_same_as_fresh(root, &cache, "a new Polish update");

    std::fs::copy(
        root.join(format!("{update}.pl.md")),
        root.join(format!("{update}.fr.md")),
    )
    .unwrap();
    cache.expect(changes_since_last_build(root));
    let (cached, cached_report) = generate_with(&options(root), &mut Timings::default(), &cache);
    let (_, fresh_report) = generate(&options(root), &mut Timings::default());
    let shown = cached_report.render(false);
    assert!(cached.is_none(), "a language the site lacks is an error");
    assert!(
        shown.contains("`fr` is not one of the site's languages"),
        "{shown}"
    );
    assert_eq!(shown, fresh_report.render(false));

    std::fs::remove_file(root.join(format!("{update}.fr.md"))).unwrap();
    std::fs::remove_file(root.join(format!("{update}.pl.md"))).unwrap();
    assert_same_as_fresh(root, &cache, "both translations deleted");
}

/// A content file with another hard link, outside the watched folders, can
/// be written through it with no event for the watcher to name; `serve`
/// kept the old page for good. Once a file with another name is seen, the
/// watcher is not trusted, as for a symbolic link.
#[test]
fn a_file_written_through_another_hard_link_is_seen_though_no_watcher_named_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&support::repo_root().join("content"), &root.join("content"));
    let elsewhere = dir.path().join("privacy-link.md");
    std::fs::hard_link(root.join("content/pages/privacy.md"), &elsewhere).unwrap();
    let cache = BuildCache::new();
    let privacy = |changes: Changes| {
        cache.expect(changes);
        let (site, report) = generate_with(&options(&root), &mut Timings::default(), &cache);
        let site = site.unwrap_or_else(|| panic!("{report:?}"));
        let page = site
            .files
            .iter()
            .find(|f| f.path == "privacy/index.html")
            .unwrap();
        String::from_utf8_lossy(&page.bytes).into_owned()
    };
    assert!(!privacy(Changes::Everything).contains("Written elsewhere"));
    // The same file (inode), written in place through the other name.
    let mut text = std::fs::read_to_string(&elsewhere).unwrap();
    text.push_str("\nWritten elsewhere, through another name.\n");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&elsewhere)
        .unwrap();
    std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
    drop(file);
    // Nothing named: the watcher saw nothing in the site's folders.
    assert!(privacy(Changes::Only(BTreeSet::new())).contains("Written elsewhere"));
}
