//! Machine-read files stay well-formed XML whatever the titles say: `&`, `<`,
//! `>` and quotes in an update's title and summary, and in the site's title,
//! come back from an XML parser exactly as written.

use crate::harness::Case;

const UPDATE: &str = "content/clusters/inner-east/updates/progress-report-september-2015.md";
const AWKWARD: &str = r#"Tom & Jerry's "best" <3 &amp; > 2"#;

fn parse(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn texts_of<'a>(doc: &'a roxmltree::Document, tag: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn feeds_and_sitemap_parse_as_xml_with_markup_characters_in_titles() {
    let toml_text = AWKWARD.replace('"', "\\\"");
    let case = Case::real()
        .replace(
            UPDATE,
            "title = \"Progress report, September 2015\"",
            &format!("title = \"{toml_text}\""),
        )
        .replace(
            UPDATE,
            "summary = \"How",
            &format!("summary = \"{toml_text} How"),
        )
        .replace(
            "content/site.toml",
            "title = \"Leeds early help clusters\"",
            "title = \"Leeds & help for <5s\"",
        );
    case.build().expect(0, &[]);
    let public = case.root().join("public");
    for feed in ["updates/atom.xml", "clusters/inner-east/atom.xml"] {
        let text = parse(&public.join(feed));
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}\n{text}"));
        let titles = texts_of(&doc, "title");
        assert!(titles.contains(&AWKWARD), "{feed}: {titles:?}");
        assert!(
            titles.iter().any(|t| t.contains("Leeds & help for <5s")),
            "{feed}: {titles:?}"
        );
        let summaries = texts_of(&doc, "summary");
        assert!(
            summaries.iter().any(|s| s.starts_with(AWKWARD)),
            "{feed}: {summaries:?}"
        );
        assert_eq!(texts_of(&doc, "name"), ["Leeds & help for <5s"], "{feed}");
    }
    let sitemap = parse(&public.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locations = texts_of(&doc, "loc");
    assert!(locations.len() > 20, "{locations:?}");
    assert!(locations
        .iter()
        .all(|l| l.starts_with("https://clusters.leeds.example/")));
}
