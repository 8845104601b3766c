//! The output module as a whole: first builds, rebuilds in place, refusals.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::guard::resolve;
use super::*;

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: std::sync::Arc::new(text.as_bytes().to_vec()),
    }
}

#[test]
fn replaces_the_old_site_entirely() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("a/index.html", "one"), file("old.txt", "x")]).unwrap();
    write_site(&out, &[file("a/index.html", "two")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/index.html")).unwrap(),
        "two"
    );
    assert!(!out.join("old.txt").exists());
    // No staging folders are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn refuses_to_write_over_content() {
    let root = Path::new("/site");
    assert!(check_output_path(root, Path::new("/site")).is_err());
    assert!(check_output_path(root, Path::new("/site/content")).is_err());
    assert!(check_output_path(root, Path::new("/site/content/x")).is_err());
    assert!(check_output_path(root, Path::new("/")).is_err());
    assert!(check_output_path(root, Path::new("/site/public")).is_ok());
    // Nor over the theme's layers, which a build reads.
    assert!(check_output_path(root, Path::new("/site/static")).is_err());
    assert!(check_output_path(root, Path::new("/site/templates")).is_err());
    assert!(check_output_path(root, Path::new("/site/themes/default")).is_err());
}

/// A step that fails says which file it failed on, and the output is left
/// as it was: "could not write public: Operation not permitted" named
/// neither.
#[test]
fn a_failed_step_names_its_file_and_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &old_site()).unwrap();
    let before = tree(&out);
    let page = out.join("index.html");
    let undeletable = Undeletable::new(&page);
    let error = write_site(&out, &new_site()).unwrap_err().to_string();
    drop(undeletable);
    assert!(error.contains("index.html"), "{error}");
    assert_eq!(tree(&out), before);
}

/// A folder where a file system is mounted (an empty Docker volume given as
/// the output) is refused with a way out: every rename between the build's
/// folder beside it and the output failed with "Invalid cross-device link".
/// `/proc` is mounted on every Linux system, on another device than `/`.
#[cfg(target_os = "linux")]
#[test]
fn a_mounted_file_system_is_refused_as_the_output_with_a_folder_inside_it_offered() {
    let site = tempfile::tempdir().unwrap();
    let refused = check_output_path(site.path(), Path::new("/proc")).unwrap_err();
    assert!(
        refused.contains("a file system is mounted there"),
        "{refused}"
    );
    assert!(refused.contains("--output /proc/site"), "{refused}");
}

/// Makes `file` impossible to delete until dropped: immutable for root
/// (`chattr +i`, from e2fsprogs), its folder read-only for anyone else.
struct Undeletable<'a>(&'a Path, bool);

impl<'a> Undeletable<'a> {
    fn new(file: &'a Path) -> Self {
        let root = rustix::process::geteuid().is_root();
        if root {
            let done = std::process::Command::new("chattr")
                .arg("+i")
                .arg(file)
                .status();
            assert!(
                done.is_ok_and(|s| s.success()),
                "chattr +i failed: install e2fsprogs, on a file system with attributes (ext4)"
            );
        } else {
            let folder = file.parent().unwrap();
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        Undeletable(file, root)
    }
}

impl Drop for Undeletable<'_> {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(self.0)
                .status();
        } else {
            let folder = self.0.parent().unwrap();
            let _ = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// A build's folder whose deletion is cut short keeps its marker, so that a
/// later build removes the rest; unmarked, no build would ever touch it.
#[test]
fn a_build_folder_whose_deletion_is_cut_short_stays_marked() {
    let dir = tempfile::tempdir().unwrap();
    let left = dir.path().join(".public.old-4294967");
    // Many names before and after the marker's, whatever order the folder
    // lists them in.
    for n in 0..40 {
        std::fs::create_dir_all(left.join(format!("{n}"))).unwrap();
        std::fs::write(left.join(format!("{n}/index.html")), "old").unwrap();
    }
    std::fs::write(left.join(MARKER), MARKER_TEXT).unwrap();
    let stuck = left.join("7/index.html");
    let undeletable = Undeletable::new(&stuck);
    assert!(beside::remove_made_by_a_build(&left).is_err());
    assert!(left.join(MARKER).is_file(), "the marker was deleted first");
    drop(undeletable);
    beside::remove_made_by_a_build(&left).unwrap();
    assert!(!left.exists());
}

#[test]
fn folders_left_by_builds_that_were_stopped_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // Above Linux's largest process id, so no such process runs.
    for kind in ["new", "old"] {
        let left = dir.path().join(format!(".public.{kind}-4294967"));
        std::fs::create_dir_all(left.join("a")).unwrap();
        std::fs::write(left.join("a/index.html"), "half a site").unwrap();
        std::fs::write(left.join(MARKER), MARKER_TEXT).unwrap();
    }
    // Another output's folder is not this build's business.
    std::fs::create_dir(dir.path().join(".other.new-4294967")).unwrap();
    write_site(&out, &[file("index.html", "one")]).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".other.new-4294967", "public"]);
}

#[test]
fn symlinks_are_resolved_before_deciding() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::os::unix::fs::symlink(".", root.join("rootlink")).unwrap();
    std::os::unix::fs::symlink("content", root.join("c")).unwrap();
    for output in ["rootlink/content", "c/pages", "c", "rootlink", "c/../.."] {
        assert!(
            check_output_path(&root, &root.join(output)).is_err(),
            "{output}"
        );
    }
    // Through the link `c`, `..` is the root, whatever the path's text says.
    assert_eq!(
        resolve(&root.join("c/pages/..")),
        resolve(&root.join("content"))
    );
    assert!(check_output_path(&root, &root.join("public")).is_ok());
}

#[test]
fn only_folders_a_build_made_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let theirs = dir.path().join("documents");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("letter.txt"), "keep").unwrap();
    assert!(check_output_path(dir.path(), &theirs).is_err());
    std::fs::remove_file(theirs.join("letter.txt")).unwrap();
    assert!(check_output_path(dir.path(), &theirs).is_ok());
    write_site(&theirs, &[file("index.html", "one")]).unwrap();
    assert!(check_output_path(dir.path(), &theirs).is_ok());
}

#[test]
fn a_staging_folder_swapped_for_a_symlink_stops_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let staging = Staging::new(&out);
    staging.store(vec![file("index.html", "one")]);
    // Someone moves the build's folder away and puts a link in its place.
    let moved = dir.path().join("moved");
    std::fs::rename(&staging.dir, &moved).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &staging.dir).unwrap();
    staging.store(vec![file("clusters/a/index.html", "two")]);
    assert!(staging
        .error()
        .is_some_and(|e| e.contains("was replaced while the build ran")));
    assert!(staging.publish().is_err());
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written through the link"
    );
    assert!(!out.exists(), "nothing published");
}

#[test]
fn the_staging_folder_is_private_until_published() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let staging = Staging::new(&out);
    staging.store(vec![file("index.html", "one")]);
    let mode = std::fs::metadata(&staging.dir)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
    staging.publish().unwrap();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o755);
}

#[test]
fn a_site_with_no_files_is_an_empty_folder() {
    // Empty but for what every build leaves: the marker and the (empty)
    // reuse record.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).unwrap();
    write_site(&out, &[]).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    assert_eq!(names, [MARKER, super::record::RECORD]);
}

/// Every entry under `dir` (files with their bytes, links with their target,
/// folders), without following links.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            let what = if e.path_is_symlink() {
                format!(
                    "link to {}",
                    std::fs::read_link(e.path()).unwrap().display()
                )
            } else if e.file_type().is_dir() {
                "folder".to_owned()
            } else {
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()
            };
            (name, what)
        })
        .collect()
}

/// Device and inode of every entry under `dir`.
fn inodes(dir: &Path) -> std::collections::BTreeMap<String, (u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let meta = e.metadata().unwrap();
            (e.path().display().to_string(), (meta.dev(), meta.ino()))
        })
        .collect()
}

fn old_site() -> Vec<OutputFile> {
    vec![
        file("index.html", "home"),
        file("a/index.html", "a"),
        file("gone/index.html", "removed later"),
        file("gone/deep/index.html", "removed later"),
        file("was-a-file", "becomes a folder"),
        file("was-a-folder/index.html", "becomes a file"),
        file("same/index.html", "same"),
    ]
}

fn new_site() -> Vec<OutputFile> {
    vec![
        file("index.html", "home, changed"),
        file("a/index.html", "a"),
        file("was-a-file/index.html", "now a folder"),
        file("was-a-folder", "now a file"),
        file("same/index.html", "same"),
        file("new/deeper/index.html", "new"),
    ]
}

/// The site `files` make in a folder of their own.
fn cold(files: &[OutputFile]) -> std::collections::BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    write_site(&dir.path().join("public"), files).unwrap();
    tree(&dir.path().join("public"))
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &old_site()).unwrap();
    let before = inodes(dir.path());
    write_site(&out, &old_site()).unwrap();
    // Not one file or folder was made again, and no folder beside it.
    assert_eq!(inodes(dir.path()), before);
}

/// The modes of the folders under `dir`, by path.
fn folder_modes(dir: &Path) -> std::collections::BTreeMap<String, u32> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (path, e.metadata().unwrap().permissions().mode() & 0o7777)
        })
        .collect()
}

/// A folder whose mode someone changed is set back as a first build makes
/// it, even when no file changed.
#[test]
fn a_rebuild_sets_back_a_folders_mode() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &old_site()).unwrap();
    let first = folder_modes(&out);
    assert!(first.values().all(|&m| m == first["gone"]), "{first:?}");
    let folder = out.join("gone/deep");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    write_site(&out, &old_site()).unwrap();
    assert_eq!(folder_modes(&out), first, "nothing else changed");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    write_site(&out, &new_site()).unwrap();
    let cold_modes = {
        let cold_dir = tempfile::tempdir().unwrap();
        write_site(&cold_dir.path().join("public"), &new_site()).unwrap();
        folder_modes(&cold_dir.path().join("public"))
    };
    assert_eq!(folder_modes(&out), cold_modes);
}

#[test]
fn a_rebuild_changes_only_what_differs_and_equals_a_first_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &old_site()).unwrap();
    let before = inodes(&out);
    write_site(&out, &new_site()).unwrap();
    assert_eq!(tree(&out), cold(&new_site()));
    let after = inodes(&out);
    let kept = |path: &str| {
        let path = out.join(path).display().to_string();
        before.get(&path) == after.get(&path)
    };
    assert!(kept("a/index.html") && kept("same/index.html") && kept("same"));
    assert!(!kept("index.html"), "a changed file is a new file");
    // Only the output is left: the private folder went with the old files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn every_step_of_an_update_that_fails_is_undone() {
    let mut failed_at = 0;
    for step in 0.. {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &old_site()).unwrap();
        std::os::unix::fs::symlink("/etc", out.join("planted")).unwrap();
        let before = tree(&out);
        update::reset_steps();
        update::FAIL_AT.with(|f| f.set(Some(step)));
        let written = write_site(&out, &new_site());
        update::FAIL_AT.with(|f| f.set(None));
        match written {
            Err(e) => {
                assert!(e.to_string().contains("made by the test"), "{e}");
                assert_eq!(tree(&out), before, "after a failure at step {step}");
                assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
                failed_at += 1;
            }
            Ok(()) => {
                assert_eq!(tree(&out), cold(&new_site()));
                break;
            }
        }
    }
    // Moves out, new folders, exchanges and new files: each was a step.
    assert!(failed_at >= 8, "only {failed_at} steps");
}

#[test]
fn a_published_update_can_be_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &old_site()).unwrap();
    let before = tree(&out);
    let staging = Staging::new(&out);
    staging.store(new_site());
    let placed = staging.publish().unwrap();
    assert_eq!(tree(&out), cold(&new_site()));
    placed.roll_back().unwrap();
    assert_eq!(tree(&out), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // And a first build too: there is no output again.
    std::fs::remove_dir_all(&out).unwrap();
    let staging = Staging::new(&out);
    staging.store(new_site());
    staging.publish().unwrap().roll_back().unwrap();
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn nothing_changes_in_the_output_before_publishing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &old_site()).unwrap();
    let before = tree(&out);
    let inodes_before = inodes(&out);
    let staging = Staging::new(&out);
    staging.store(new_site());
    assert_eq!(tree(&out), before);
    assert_eq!(inodes(&out), inodes_before);
    // A build that fails now (a later check) leaves no trace.
    drop(staging);
    assert_eq!(tree(&out), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn links_planted_in_the_output_are_replaced_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("a")).unwrap();
    std::fs::write(outside.join("secret"), "not the site's").unwrap();
    std::fs::write(outside.join("a/index.html"), "not the site's").unwrap();
    std::fs::write(outside.join("same"), "same").unwrap();
    write_site(&out, &old_site()).unwrap();
    let outside_before = tree(&outside);
    // A page replaced by a link to a file, a folder by a link to a folder,
    // a link where a file is the same (the link must not count as the file),
    // and a link that no page has.
    let link = |target: &Path, at: &str| {
        let at = out.join(at);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&at).unwrap();
        } else {
            std::fs::remove_file(&at).ok();
        }
        std::os::unix::fs::symlink(target, at).unwrap();
    };
    link(&outside.join("secret"), "index.html");
    link(&outside.join("a"), "a");
    link(&outside.join("same"), "same/index.html");
    link(&outside, "extra");
    write_site(&out, &new_site()).unwrap();
    assert_eq!(tree(&outside), outside_before, "nothing outside changed");
    assert_eq!(tree(&out), cold(&new_site()), "every link replaced");
}

/// Writes each file as one page whose key is a hash of what it holds (as a
/// page's key is of its inputs), through the reuse record; returns how many
/// pages were found unchanged and not written again.
fn write_pages(out: &Path, files: &[OutputFile]) -> usize {
    use crate::output_file::Sink;
    let staging = Staging::new(out);
    for f in files {
        let key = xxhash_rust::xxh3::xxh3_128(format!("{}{:?}", f.path, f.bytes).as_bytes());
        if staging.reused(key, std::slice::from_ref(&f.path)).is_none() {
            staging.keep(Some(key), vec![f.clone()]);
        }
    }
    let reused = staging.pages_reused();
    staging.publish().unwrap();
    reused
}

#[test]
fn pages_are_reused_from_the_record_only_when_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(write_pages(&out, &new_site()), 0, "a first build");
    let cold_tree = tree(&out);
    assert_eq!(write_pages(&out, &new_site()), new_site().len());
    assert_eq!(tree(&out), cold_tree);
    std::fs::write(out.join("index.html"), "tampered").unwrap();
    assert_eq!(write_pages(&out, &new_site()), new_site().len() - 1);
    assert_eq!(tree(&out), cold_tree, "the tampered page is written again");
}

#[test]
fn a_planted_record_is_never_followed_read_whole_or_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    write_pages(&out, &new_site());
    let cold_tree = tree(&out);
    let record = out.join(record::RECORD);
    // A good record, moved outside and linked to: a link is not followed.
    std::fs::rename(&record, outside.join("record")).unwrap();
    std::os::unix::fs::symlink(outside.join("record"), &record).unwrap();
    let outside_before = tree(&outside);
    assert_eq!(write_pages(&out, &new_site()), 0, "through a link");
    assert_eq!(tree(&outside), outside_before, "nothing outside changed");
    assert_eq!(tree(&out), cold_tree);
    // A named pipe: opened without waiting, and refused.
    std::fs::remove_file(&record).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &record,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    assert_eq!(write_pages(&out, &new_site()), 0, "a pipe");
    assert_eq!(tree(&out), cold_tree);
    // A huge file (sparse: no disk used) is not read into memory.
    let huge = std::fs::File::create(&record).unwrap();
    huge.set_len(record::LIMIT + 1).unwrap();
    drop(huge);
    assert_eq!(write_pages(&out, &new_site()), 0, "a huge record");
    assert_eq!(tree(&out), cold_tree);
    assert_eq!(write_pages(&out, &new_site()), new_site().len());
}
