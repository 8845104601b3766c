//! Paths the build writes: redirects, slugs, the base address and `--output`
//! can never reach outside the output folder, replace the site's own files
//! or put a line of the attacker's into a published file.

use crate::harness::{Case, Outcome};

const SITE: &str = "content/site.toml";
const CLUSTER: &str = "content/clusters/inner-east/cluster.toml";

/// The real site with one more redirect at the end of site.toml (its `from`
/// value is on [`from_line`], column 8; its `to` value on the line after,
/// column 6). Values are TOML, quotes included.
fn redirect(from: &str, to: &str) -> Case {
    redirect_on(Case::real(), from, to)
}

/// The line an appended redirect's `from` is on: after the real site.toml's
/// lines, a blank line and `[[redirects]]`.
fn from_line() -> usize {
    crate::harness::real_line_count(SITE) + 3
}

fn redirect_on(case: Case, from: &str, to: &str) -> Case {
    case.append(
        SITE,
        &format!("\n[[redirects]]\nfrom = {from}\nto = {to}\n"),
    )
}

fn bad_from(from: &str) {
    let outcome = redirect_on(Case::real().built(), from, r#""/clusters/""#).build();
    expect_only_on_line(&outcome, &format!("content/site.toml:{}:", from_line()));
}

fn bad_to(to: &str) {
    let outcome = redirect_on(Case::real().built(), r#""/old/""#, to).build();
    expect_only_on_line(&outcome, &format!("content/site.toml:{}:", from_line() + 1));
}

/// Exit 1 with errors (from `redirect` or the earlier `unsafe-text` rule)
/// all on one line of site.toml.
fn expect_only_on_line(outcome: &Outcome, line: &str) {
    let errors = outcome.errors();
    assert!(
        outcome.code == 1 && !errors.is_empty() && errors.iter().all(|e| e.starts_with(line)),
        "expected errors only at {line}, got exit {} with {errors:#?}",
        outcome.code
    );
}

#[test]
fn a_redirect_from_that_climbs_out_of_the_output_is_refused() {
    redirect(r#""/../../outside/""#, r#""/clusters/""#)
        .build()
        .expect(1, &[&format!("content/site.toml:{}:8: error[redirect]: /../../outside/ cannot be an old address on this site: it has a `..` part, which points elsewhere", from_line())]);
}

#[test]
fn redirect_froms_that_point_elsewhere_are_refused() {
    for from in [
        r#""/a/../../../outside/""#,
        r#""/./x/""#,
        r#""//evil.example/""#,
        r#""/a//b/""#,
        r#""old/""#,
        r#""""#,
    ] {
        bad_from(from);
    }
}

#[test]
fn a_new_line_in_a_redirect_cannot_add_lines_to_redirects_file() {
    bad_from(r#""/old/\n/* https://evil.example/:splat 200!""#);
    bad_to(r#""/clusters/\n/* https://evil.example/:splat 200!""#);
    bad_from(r#""/old/\r/x/""#);
    bad_from("\"/old/\tx/\"");
}

#[test]
fn escapes_and_look_alike_characters_in_a_redirect_are_refused() {
    for from in [
        r#""/a\\..\\..\\outside\\""#,
        r#""/%2e%2e/%2e%2e/outside/""#,
        r#""/\u202Etxt.lmth/""#,
        r#""/old\u200B/""#,
        r#""/Old-Page/""#,
        r#""/old page/""#,
    ] {
        bad_from(from);
    }
}

#[test]
fn redirect_targets_are_pages_here_or_plain_https_addresses() {
    for to in [
        r#""javascript:alert(1)""#,
        r#""JavaScript:alert(1)""#,
        r#""http://evil.example/""#,
        r#""HTTPS://evil.example/""#,
        r#""https://user:password@evil.example/""#,
        r#""https://evil.example/ x""#,
        r#""data:text/html,<script>alert(1)</script>""#,
        r#""//evil.example/""#,
        r#""/clusters/#\"><script>alert(1)</script>""#,
        r#""/no-such-page/""#,
    ] {
        bad_to(to);
    }
}

#[test]
fn a_good_redirect_still_builds_into_the_output_only() {
    let case = redirect(r#""/old-clusters/""#, r#""/clusters/#inner-east""#);
    case.build().expect(0, &[]);
    let page = std::fs::read_to_string(case.root().join("public/old-clusters/index.html")).unwrap();
    assert!(page.contains("/clusters/#inner-east"), "{page}");
    let netlify = std::fs::read_to_string(case.root().join("public/_redirects")).unwrap();
    assert_eq!(netlify, "/old-clusters/ /clusters/#inner-east 301\n");
}

#[test]
fn a_service_slug_cannot_climb_out_of_the_output() {
    Case::real()
        .built()
        .replace(
            CLUSTER,
            r#"slug = "family-support""#,
            r#"slug = "../../../../outside""#,
        )
        .build()
        .expect_at(
            1,
            &["content/clusters/inner-east/cluster.toml:177:8: error[bad-slug]"],
        );
}

#[test]
fn service_slugs_follow_the_one_grammar() {
    for slug in [
        r#""Family Support""#,
        r#""family/support""#,
        r#""family.support""#,
        r#""""#,
        r#""-family""#,
    ] {
        Case::real()
            .replace(CLUSTER, r#""family-support""#, slug)
            .check()
            .expect_at(
                1,
                &["content/clusters/inner-east/cluster.toml:177:8: error[bad-slug]"],
            );
    }
}

#[test]
fn school_and_centre_slugs_follow_the_one_grammar() {
    Case::real()
        .replace(CLUSTER, "name = \"Ebor Gardens\"\n", "name = \"Ebor Gardens\"\nslug = \"../../x\"\n")
        .check()
        .expect(1, &[r#"content/clusters/inner-east/cluster.toml:91:8: error[bad-slug]: slug `../../x` cannot be part of a web address: only lower-case letters a to z, digits and hyphens can be part of a web address"#]);
    Case::real()
        .replace(
            CLUSTER,
            "name = \"Richmond Hill\"\n",
            "name = \"Richmond Hill\"\nslug = \"x\\\" onmouseover=\\\"alert(1)\"\n",
        )
        .check()
        .expect_at(
            1,
            &["content/clusters/inner-east/cluster.toml:103:8: error[bad-slug]"],
        );
}

#[test]
fn base_url_in_site_toml_must_be_plain_https() {
    for base in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "http://clusters.leeds.example",
        "https://user:pw@clusters.leeds.example",
        "https://clusters.leeds.example/?a=1&b=<script>",
        "https://clusters.leeds.example\\nSitemap: https://evil.example/s.xml",
    ] {
        let outcome = Case::real()
            .built()
            .replace(SITE, "https://clusters.leeds.example", base)
            .build()
            .errors();
        assert!(
            outcome
                .first()
                .is_some_and(|e| e.starts_with("content/site.toml:4:12: error[url-format]")),
            "{base}: {outcome:#?}"
        );
    }
}

#[test]
fn base_url_from_the_command_line_must_be_plain_https() {
    let case = Case::real().built();
    for base in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil",
        "http://clusters.leeds.example",
        "https://a.example/\nSitemap: https://evil.example/",
        "https://u:p@a.example",
    ] {
        case.run(&["build", "--base-url", base])
            .expect_refused("--base-url");
    }
}

#[test]
fn base_url_is_escaped_in_every_published_file() {
    let case = Case::real();
    case.run(&["build", "--base-url", "https://a.example/x&y"])
        .expect(0, &[]);
    let public = case.root().join("public");
    for feed in ["updates/atom.xml", "sitemap.xml"] {
        let xml = std::fs::read_to_string(public.join(feed)).unwrap();
        assert!(xml.contains("https://a.example/x&amp;y/"), "{feed}: {xml}");
        assert!(!xml.contains("x&y"), "{feed} has a raw &");
    }
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(
        robots.ends_with("Sitemap: https://a.example/x&y/sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn an_output_that_reaches_content_through_a_symlink_is_refused() {
    Case::real()
        .symlink("site/rootlink", ".")
        .run(&["build", "--output", "rootlink/content"])
        .expect_refused("refusing to write the site");
    Case::real()
        .symlink("site/c", "content")
        .run(&["build", "--output", "c/pages"])
        .expect_refused("refusing to write the site");
    Case::real()
        .symlink("site/public", "content")
        .run(&["build"])
        .expect_refused("refusing to write the site");
}

#[test]
fn an_output_that_is_or_holds_the_site_is_refused() {
    for output in [
        ".",
        "..",
        "content",
        "content/pages",
        "../site",
        "./content/../content/x",
    ] {
        Case::real()
            .run(&["build", "--output", output])
            .expect_refused("refusing to write the site");
    }
}

#[test]
fn a_folder_that_no_build_made_is_never_replaced() {
    let case = Case::real();
    case.run(&["build", "--output", "../outside"])
        .expect_refused("it has files that a build did not make");
    case.run(&["build", "--output", "../outside/index.html"])
        .expect_refused("it is a file, not a folder");
    // Nor is one reached through a symlink: a build never follows one to
    // the output it replaces.
    let case = Case::real().symlink("site/public", "../outside");
    case.build()
        .expect_refused("/site/public is a symlink (to ");
}

#[test]
fn a_build_replaces_its_own_output_and_an_empty_folder() {
    let case = Case::real().built();
    case.build().expect(0, &[]);
    assert!(case.root().join("public/.clustersite-output").is_file());
    let empty = Case::real();
    std::fs::create_dir(empty.root().join("public")).unwrap();
    empty.build().expect(0, &[]);
}

#[test]
fn leftover_folders_of_someone_else_beside_the_output_are_kept() {
    // Names a stopped build's folders would have, but not made by a build.
    let case = Case::real()
        .write(".public.old-4294967/keep.txt", "mine")
        .write(".public.new-4294967/keep.txt", "mine too");
    case.build().expect(0, &[]);
    for kind in ["old", "new"] {
        let kept = case.root().join(format!(".public.{kind}-4294967/keep.txt"));
        assert!(kept.is_file(), "{} was deleted", kept.display());
    }
}

#[test]
fn spreadsheet_formulas_in_names_are_neutralised_in_the_csv() {
    let case = Case::real().replace(
        CLUSTER,
        r#"name = "Ebor Gardens""#,
        r#"name = "=HYPERLINK(\"https://evil.example\",\"Ebor\")""#,
    );
    case.build().expect(0, &[]);
    let csv = std::fs::read_to_string(case.root().join("public/open-data/schools-and-centres.csv"))
        .unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.lines().any(|line| line.starts_with("=")), "{csv}");
}

#[test]
fn templates_cannot_publish_environment_variables() {
    let case = Case::real().write("templates/page.html", r#"{% extends "base.html" %}{% block content %}{{ get_env(name="HOME") }}{% endblock content %}"#);
    let outcome = case.build();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("templates cannot read environment variables"),
        "{}",
        outcome.stderr
    );
    assert!(!case.root().join("public").exists());
}

#[test]
fn a_static_file_cannot_replace_a_page_a_feed_or_a_referral_form() {
    for path in [
        "static/clusters/inner-east/index.html",
        "static/clusters/inner-east/referral-form.pdf",
        "static/sitemap.xml",
        "static/open-data/services.json",
        "static/index.html",
    ] {
        let outcome = Case::real().built().write(path, "not the build's").build();
        assert_eq!(outcome.code, 1, "{path}: {}", outcome.stderr);
        assert!(
            outcome
                .stderr
                .contains("error[static-file]: this file would replace"),
            "{path}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn a_static_file_whose_name_cannot_be_an_address_is_refused() {
    let outcome = Case::real().write("static/files/a\nb.txt", "x").build();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("error[static-file]"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_theme_folder_or_file_that_leads_outside_the_site_is_refused() {
    // `static -> ../outside` would publish whatever is there.
    for (link, target) in [
        ("site/static", "../outside"),
        ("site/static/secret.txt", "../../outside/index.html"),
        ("site/templates", "../outside"),
    ] {
        let outcome = Case::real().symlink(link, target).build();
        assert_eq!(outcome.code, 1, "{link}: {}", outcome.stderr);
        assert!(
            outcome.stderr.contains(
                "error[outside-site]: this leads through a symlink to a place outside the site's folder"
            ),
            "{link}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn a_theme_symlink_inside_the_site_is_followed() {
    let case = Case::real()
        .write("files/leaflet.txt", "leaflet")
        .symlink("site/static/leaflet.txt", "../files/leaflet.txt");
    case.build().expect(0, &[]);
    let published = std::fs::read_to_string(case.root().join("public/leaflet.txt")).unwrap();
    assert_eq!(published, "leaflet");
}

#[test]
fn the_url_record_is_never_written_through_a_symlink_out_of_content() {
    let case = Case::real();
    let manifest = case.root().join("content/published-urls.txt");
    // Outside, a copy of the record with one URL fewer, so the build reads
    // it happily and then wants to write the missing URL back.
    let record = std::fs::read_to_string(&manifest).unwrap();
    let fewer: String = (record.lines())
        .filter(|l| !l.contains("/find/"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(case.sandbox().join("outside/urls.txt"), fewer).unwrap();
    std::fs::remove_file(&manifest).unwrap();
    std::os::unix::fs::symlink("../../outside/urls.txt", &manifest).unwrap();
    case.build()
        .expect_refused("refusing to write outside content/");
}

#[test]
fn a_symlinked_themes_folder_that_leads_outside_is_refused() {
    let case = Case::real()
        .write("../outside/th/default/static/leak.txt", "from outside")
        .symlink("site/themes", "../outside/th");
    let outcome = case.build();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("error[outside-site]"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn hidden_files_and_folders_in_static_are_never_published() {
    let case = Case::real()
        .write(
            "static/.git/config",
            "url = https://user:TOKEN@example.org/x",
        )
        .write("static/files/.ssh/id_rsa", "PRIVATE KEY")
        .write("static/.env", "SECRET=1")
        .write("static/files/leaflet.txt", "leaflet");
    case.build().expect(0, &[]);
    let public = case.root().join("public");
    assert!(public.join("files/leaflet.txt").is_file());
    for hidden in [".git/config", "files/.ssh/id_rsa", ".env"] {
        assert!(!public.join(hidden).exists(), "{hidden} was published");
    }
    let record = std::fs::read_to_string(case.root().join("content/published-urls.txt")).unwrap();
    assert!(
        !record.contains(".ssh") && !record.contains(".git"),
        "{record}"
    );
}

#[test]
fn static_file_names_with_spaces_or_hidden_characters_are_refused() {
    for name in [
        "static/my file.pdf",
        "static/a\u{202e}fdp.exe",
        "static/a\u{200b}b.txt",
        "static/a\u{2028}b.txt",
    ] {
        let outcome = Case::real().write(name, "x").build();
        assert_eq!(outcome.code, 1, "{name:?}: {}", outcome.stderr);
        assert!(
            outcome.stderr.contains("error[static-file]"),
            "{name:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn a_marker_planted_in_another_folder_does_not_make_it_replaceable() {
    // `public` is a symlink to a folder someone else planted a marker in.
    let case = Case::real()
        .write("../outside/site-b/.clustersite-output", "x")
        .write("../outside/site-b/data.txt", "important")
        .symlink("site/public", "../outside/site-b");
    case.build()
        .expect_refused("a build never follows one to its output");
    // A folder inside the site on the way to the output is a symlink too.
    Case::real()
        .write("../outside/site-c/.clustersite-output", "x")
        .symlink("site/out", "../outside")
        .run(&["build", "--output", "out/site-c"])
        .expect_refused("out is a symlink (to ");
}

#[test]
fn a_source_folder_linked_into_the_output_is_refused() {
    // The cluster's files live in the output, reached by a symlink: replacing
    // the output would delete them.
    let case = Case::real().built();
    let root = case.root();
    std::fs::create_dir_all(root.join("public/src")).unwrap();
    std::fs::rename(
        root.join("content/clusters/inner-east"),
        root.join("public/src/inner-east"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../public/src/inner-east",
        root.join("content/clusters/inner-east"),
    )
    .unwrap();
    case.build().expect_refused("is a symlink into it");
    assert!(root.join("public/src/inner-east/cluster.toml").is_file());
}

#[test]
fn templates_that_would_repeat_without_end_are_refused_not_aborted() {
    let page = r#"{% extends "base.html" %}{% import "rec.html" as rec %}{% block content %}{{ rec::r(n=1) }}{% endblock content %}"#;
    Case::real()
        .write("templates/rec.html", "{% macro r(n) %}{{ self::r(n=n+1) }}{% endmacro r %}")
        .write("templates/page.html", page)
        .build()
        .expect(1, &["templates/rec.html:1:1: error[template]: macro r in rec.html would repeat without end: macro r in rec.html → macro r in rec.html"]);
    let outcome = Case::real()
        .write("templates/loop.html", "{% include \"page.html\" %}")
        .write("templates/page.html", r#"{% extends "base.html" %}{% block content %}{% include "loop.html" %}{% endblock content %}"#)
        .build();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("would repeat without end"),
        "{}",
        outcome.stderr
    );
}
