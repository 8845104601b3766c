//! The search index is renamed by content (Pagefind names its files by a
//! hash): an editor's next change must not read as "published URLs would
//! disappear", and the index never leaves the output folder.

use crate::harness::Case;

const CLUSTER: &str = "content/clusters/inner-east/cluster.toml";

#[test]
fn an_edit_after_a_build_rebuilds_the_index_without_a_removed_url_error() {
    let case = Case::real().built().replace(
        CLUSTER,
        "summary = \"Social workers for the cluster, in 3 teams at Osmondthorpe.\"",
        "summary = \"Social workers for the cluster, in 3 teams at Osmondthorpe. Speech.\"",
    );
    case.build().expect(0, &[]);
    let published =
        std::fs::read_to_string(case.root().join("content/published-urls.txt")).unwrap();
    assert!(
        !published.contains("/pagefind/"),
        "the index's files are not promises:\n{published}"
    );
    assert!(case
        .root()
        .join("public/pagefind/en/0/pagefind.js")
        .is_file());
}
