//! Paths the build writes: redirects, slugs and `--output` can never reach
//! outside the output folder or replace the site's own files.

use crate::harness::Case;

fn redirect(from: &str, to: &str) -> Case {
    Case::real().append(
        "content/site.toml",
        &format!("\n[[redirects]]\nfrom = {from}\nto = {to}\n"),
    )
}

#[test]
fn a_redirect_from_that_climbs_out_of_the_output_is_refused() {
    redirect(r#""/../../outside/""#, r#""/clusters/""#)
        .build()
        .expect_at(1, &["content/site.toml:19:8: error[site-path]"]);
}
