//! Cases for mutants that cargo-mutants found surviving (tests/MUTANTS.md):
//! each asserts behaviour a reader or an editor depends on that no other test
//! pinned down.

use crate::harness::Case;

const SITE: &str = "content/site.toml";

#[test]
fn an_old_address_with_capital_letters_is_refused_saying_so() {
    // Editors copy addresses from a browser bar or a document title:
    // "/Inner-East/" must say what is wrong in words they know, not name a
    // character as if it were exotic.
    let line = crate::harness::real_line_count(SITE) + 3;
    Case::real()
        .append(SITE, "\n[[redirects]]\nfrom = \"/Inner-East/\"\nto = \"/clusters/\"\n")
        .check()
        .expect(1, &[&format!(
            "{SITE}:{line}:8: error[redirect]: /Inner-East/ cannot be an old address on this site: it has capital letters; addresses are lower case"
        )]);
}
