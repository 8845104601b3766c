//! Builds running at the same time in one process (as the tests of one
//! binary do, and as a program using the library may) all succeed. Pagefind
//! runs rayon inside its own runtime; a rayon thread waiting there once took
//! up another build's part of the index and started a runtime inside a
//! runtime, a panic seen in about one run in three of `tests/find.rs`.

mod support;

use support::{build, copy_tree, repo_root};

#[test]
fn six_builds_at_once_all_make_the_whole_site() {
    let work = tempfile::tempdir().unwrap();
    // Each from its own copy: a build records new addresses in content/.
    let roots: Vec<_> = (0..6)
        .map(|n| {
            let root = work.path().join(format!("site{n}"));
            copy_tree(&repo_root().join("content"), &root.join("content"));
            root
        })
        .collect();
    for round in 0..10 {
        std::thread::scope(|threads| {
            for root in &roots {
                threads.spawn(move || {
                    let output = root.join(format!("public{round}"));
                    build(root, &output).unwrap_or_else(|r| panic!("{}", r.render(false)));
                    let parts = std::fs::read_to_string(output.join("pagefind/parts.json"));
                    assert!(parts.is_ok_and(|p| p.contains("/pagefind/en/")));
                });
            }
        });
    }
}
