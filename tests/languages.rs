//! Pages in other languages, built from the real content: the right `lang`
//! and `dir`, `hreflang` alternates and a language switcher listing only
//! the versions that exist, no half-translated page, the "Read this website
//! in your language" page and the sitemap's alternates.

mod support;

use std::path::Path;

use scraper::{Html, Selector};
use support::*;

fn built() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    build(site.path(), &site.path().join("public")).unwrap_or_else(|r| panic!("{}", describe(&r)));
    site
}

fn page(site: &Path, url: &str) -> Html {
    let path = site
        .join("public")
        .join(url.trim_start_matches('/'))
        .join("index.html");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{url} was not made"));
    Html::parse_document(&text)
}

fn attr(html: &Html, selector: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    (html.select(&selector))
        .filter_map(|e| e.value().attr(name).map(str::to_owned))
        .collect()
}

#[test]
fn each_page_says_its_language_and_direction() {
    let site = built();
    for (url, lang, dir) in [
        ("/", "en-GB", "ltr"),
        ("/pl/", "pl", "ltr"),
        ("/ur/", "ur", "rtl"),
        ("/ur/how-to-get-help/", "ur", "rtl"),
        ("/ur/find/", "ur", "rtl"),
        ("/ur/clusters/inner-east/referral/", "ur", "rtl"),
    ] {
        let html = page(site.path(), url);
        assert_eq!(attr(&html, "html", "lang"), [lang], "{url}");
        assert_eq!(attr(&html, "html", "dir"), [dir], "{url}");
    }
}

#[test]
fn alternates_and_the_switcher_list_only_the_versions_that_exist() {
    let site = built();
    let base = "https://clusters.leeds.example";
    for url in [
        "/how-to-get-help/",
        "/pl/how-to-get-help/",
        "/ur/how-to-get-help/",
    ] {
        let html = page(site.path(), url);
        assert_eq!(
            attr(&html, "link[rel=alternate][hreflang]", "hreflang"),
            ["en-GB", "x-default", "pl", "ur"],
            "{url}"
        );
        assert_eq!(
            attr(&html, "link[rel=alternate][hreflang=pl]", "href"),
            [format!("{base}/pl/how-to-get-help/")]
        );
        let langs = attr(&html, "nav.languages [lang]", "lang");
        assert_eq!(langs, ["en-GB", "pl", "ur"], "{url}");
        assert_eq!(attr(&html, "nav.languages [lang=ur]", "dir"), ["rtl"]);
    }
    // Untranslated: no switcher, no alternates, no /pl/ page.
    let about = page(site.path(), "/about-clusters/");
    assert!(attr(&about, "nav.languages", "class").is_empty());
    assert!(attr(&about, "link[hreflang]", "href").is_empty());
    assert!(!site.path().join("public/pl/about-clusters").exists());
}

#[test]
fn a_translated_page_says_it_is_unchecked_and_links_to_the_english() {
    let site = built();
    let html = page(site.path(), "/pl/how-to-get-help/");
    let note = Selector::parse(".translation-note").unwrap();
    let text: String = html.select(&note).flat_map(|e| e.text()).collect();
    assert!(
        text.contains("Wykwalifikowany tłumacz nie sprawdził jeszcze"),
        "{text}"
    );
    assert_eq!(
        attr(&html, ".translation-note a", "href"),
        ["/how-to-get-help/"]
    );
    let referral = page(site.path(), "/ur/clusters/inner-east/referral/");
    let body: String = referral.root_element().text().collect();
    // The page has its own PDF in Urdu (tests/translated_pdf.rs), so it no
    // longer says the printable form is in English.
    assert!(
        !body.contains("انگریزی میں ہے"),
        "the PDF is still said to be in English"
    );
    assert!(
        body.contains("بچے کا پورا نام"),
        "the form's labels are in Urdu"
    );
    assert!(body.contains("0113 395 2613") || body.contains("diane.walker@leeds.gov.uk"));
}

#[test]
fn the_languages_page_and_the_sitemap_list_each_languages_pages() {
    let site = built();
    let html = page(site.path(), "/languages/");
    let links = attr(&html, "section[lang=ur] a", "href");
    assert_eq!(
        links,
        [
            "/ur/",
            "/ur/how-to-get-help/",
            "/ur/find/",
            "/ur/clusters/inner-east/referral/"
        ]
    );
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<url><loc>https://clusters.leeds.example/pl/</loc><xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://clusters.leeds.example/\"/>"
    ), "{sitemap}");
    let published =
        std::fs::read_to_string(repo_root().join("content/published-urls.txt")).unwrap();
    for url in [
        "/pl/",
        "/ur/",
        "/ur/clusters/inner-east/referral/",
        "/languages/",
    ] {
        assert!(
            published.lines().any(|l| l == url),
            "{url} is recorded as published"
        );
    }
}

#[test]
fn the_find_filter_counts_in_the_pages_language() {
    let site = built();
    let html = page(site.path(), "/pl/find/");
    let counts = attr(&html, "#find-filter", "data-counts");
    // Fluent isolates each value (FSI ... PDI) so numbers keep their order in RTL text.
    let counts = counts[0].replace(['\u{2068}', '\u{2069}'], "");
    let counts: Vec<&str> = counts.split('|').collect();
    assert_eq!(
        &counts[..6],
        [
            "0 wyników",
            "1 wynik",
            "2 wyniki",
            "3 wyniki",
            "4 wyniki",
            "5 wyników"
        ]
    );
    let english = page(site.path(), "/find/");
    let counts = attr(&english, "#find-filter", "data-counts");
    assert!(counts[0].starts_with("0 results|1 result|2 results"));
}

#[test]
fn addresses_in_translated_interface_text_are_links_that_work() {
    let site = built();
    for url in [
        "/pl/find/",
        "/ur/find/",
        "/ur/clusters/inner-east/referral/",
    ] {
        let html = page(site.path(), url);
        for href in attr(&html, "a", "href") {
            assert!(
                !href.contains(['\u{2068}', '\u{2069}']),
                "{url}: {href:?} has bidi marks in it"
            );
        }
    }
    let find = std::fs::read_to_string(site.path().join("public/ur/find/index.html")).unwrap();
    assert!(
        find.contains("\u{2068}0113 395 2613\u{2069}"),
        "the phone number keeps its order in Urdu text"
    );
}

const UPDATE: &str = "content/clusters/inner-east/updates/progress-report-september-2015";
const STUDY: &str =
    "content/clusters/inner-east/case-studies/play-and-art-therapy-for-a-girl-at-risk-of-exclusion";

/// The real site with a Polish update and an Urdu case study beside the
/// English ones (the real site has none yet).
fn built_with_entries() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    std::fs::write(
        site.path().join(format!("{UPDATE}.pl.md")),
        "+++\ntitle = \"Sprawozdanie\"\nsummary = \"Jak radził sobie klaster.\"\nreviewed = false\n+++\nCo sześć miesięcy klaster pisze sprawozdanie.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join(format!("{STUDY}.ur.md")),
        "+++\ntitle = \"ایک لڑکی کے لیے کھیل اور آرٹ تھراپی\"\nsummary = \"خلاصہ۔\"\nreviewed = false\n+++\nکہانی۔\n",
    )
    .unwrap();
    build(site.path(), &site.path().join("public")).unwrap_or_else(|r| panic!("{}", describe(&r)));
    site
}

#[test]
fn updates_and_case_studies_are_translated_by_sibling_files() {
    let site = built_with_entries();
    let update_en = "/clusters/inner-east/updates/progress-report-september-2015/";
    let update_pl = format!("/pl{update_en}");
    let study_en =
        "/clusters/inner-east/case-studies/play-and-art-therapy-for-a-girl-at-risk-of-exclusion/";
    let study_ur = format!("/ur{study_en}");
    let html = page(site.path(), &update_pl);
    assert_eq!(attr(&html, "html", "lang"), ["pl"]);
    let text: String = html.root_element().text().collect();
    assert!(text.contains("Sprawozdanie") && text.contains("Co sześć miesięcy"));
    assert!(text.contains("Wykwalifikowany tłumacz nie sprawdził jeszcze"));
    assert!(
        !text.contains("More about the") && !text.contains("From "),
        "no English interface text on the Polish update: {text}"
    );
    for url in [update_en, update_pl.as_str()] {
        let html = page(site.path(), url);
        assert_eq!(
            attr(&html, "nav.languages [lang]", "lang"),
            ["en-GB", "pl"],
            "{url}"
        );
        assert_eq!(
            attr(&html, "link[rel=alternate][hreflang=pl]", "href"),
            [format!("https://clusters.leeds.example{update_pl}")]
        );
    }
    let html = page(site.path(), &study_ur);
    assert_eq!(attr(&html, "html", "dir"), ["rtl"]);
    let text: String = html.root_element().text().collect();
    assert!(text.contains("کہانی۔"));
    assert!(
        !text.contains("About this case study") && !text.contains("This story comes from"),
        "no English interface text on the Urdu case study: {text}"
    );
    assert_eq!(
        attr(&page(site.path(), study_en), "nav.languages [lang]", "lang"),
        ["en-GB", "ur"]
    );
    // Only the languages that have a translation.
    assert!(!site.path().join(format!("public/ur{update_en}")).exists());
}

/// The text of the first element `selector` matches, without Fluent's bidi
/// isolation marks.
fn text_of(html: &Html, selector: &str) -> String {
    let selector = Selector::parse(selector).unwrap();
    let element = html.select(&selector).next().expect("the element is there");
    let text: String = element.text().collect();
    text.replace(['\u{2068}', '\u{2069}'], "")
}

#[test]
fn polish_dates_and_titles_follow_polish_grammar() {
    let site = built();
    let html = page(site.path(), "/pl/clusters/inner-east/referral/");
    // A day and a month: the month in the genitive ("1 grudnia 2026").
    assert_eq!(text_of(&html, "form + p.checked time"), "1 grudnia 2026");
    // "klaster" mid-title is not a proper noun: lower case in Polish.
    assert_eq!(
        text_of(&html, "title"),
        "Poproś o pomoc – klaster Inner East – Leeds early help clusters"
    );
    // The form's heading is Polish to its end.
    assert_eq!(
        text_of(&html, "h2#form"),
        "Wniosek o wsparcie: klaster Inner East"
    );
    assert_eq!(
        text_of(
            &page(site.path(), "/clusters/inner-east/referral/"),
            "h2#form"
        ),
        "Request for support: Inner East cluster"
    );
    let languages = page(site.path(), "/languages/");
    assert_eq!(
        text_of(&languages, "section[lang=pl] a[href$='/referral/']"),
        "Poproś o pomoc: klaster Inner East"
    );
    let ur = page(site.path(), "/ur/clusters/inner-east/referral/");
    assert_eq!(text_of(&ur, "form + p.checked time"), "1 دسمبر 2026");
}

#[test]
fn each_language_has_its_own_page_not_found() {
    let site = built();
    let read = |path: &str| {
        let text = std::fs::read_to_string(site.path().join("public").join(path))
            .unwrap_or_else(|_| panic!("{path} was not made"));
        Html::parse_document(&text)
    };
    let pl = read("pl/404.html");
    assert_eq!(attr(&pl, "html", "lang"), ["pl"]);
    assert_eq!(text_of(&pl, "h1"), "Nie znaleziono strony");
    let links = attr(&pl, "main a", "href");
    for href in ["/pl/find/", "/pl/", "/pl/clusters/inner-east/referral/"] {
        assert!(links.iter().any(|l| l == href), "{href} in {links:?}");
    }
    let ur = read("ur/404.html");
    assert_eq!(attr(&ur, "html", "dir"), ["rtl"]);
    assert_eq!(text_of(&ur, "h1"), "صفحہ نہیں ملا");
    let english = read("404.html");
    assert_eq!(text_of(&english, "h1"), "Page not found");
    assert_eq!(
        attr(&english, "main a", "href")[..2],
        ["/clusters/".to_owned(), "/".to_owned()]
    );
    // Not a page of the site: not in the sitemap.
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("404"));
}

#[test]
fn a_site_name_is_english_until_a_language_file_translates_it() {
    let site = built();
    let html = page(site.path(), "/pl/how-to-get-help/");
    assert!(text_of(&html, "title").ends_with(" – Leeds early help clusters"));
    assert_eq!(attr(&html, "a.site-name", "lang"), ["en-GB"]);
    // A site's own pl.ftl: its messages win, and one it lacks is English with a warning.
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    let i18n = site.path().join("themes/default/i18n");
    std::fs::create_dir_all(&i18n).unwrap();
    let polish = std::fs::read_to_string(repo_root().join("themes/default/i18n/pl.ftl")).unwrap();
    let polish = polish
        .replace("skip-link = Przejdź do treści głównej\n", "")
        .replace(
            "nav-find = Znajdź swój klaster",
            "nav-find = Znajdź klaster",
        )
        + "site-name = Nazwa strony\n";
    std::fs::write(i18n.join("pl.ftl"), polish).unwrap();
    let (_, report) = clustersite::generate(
        &support::options(site.path()),
        &mut clustersite::Timings::default(),
    );
    let missing: Vec<String> = (report.items.iter())
        .filter(|d| d.short().contains("missing-translation"))
        .map(|d| d.short())
        .collect();
    assert_eq!(
        missing,
        ["themes/default/i18n/pl.ftl:1:1: warning[missing-translation]: message `skip-link` is missing, so pages in `pl` show it in English"]
    );
    build(site.path(), &site.path().join("public")).unwrap_or_else(|r| panic!("{}", describe(&r)));
    let html = page(site.path(), "/pl/how-to-get-help/");
    assert!(text_of(&html, "title").ends_with(" – Nazwa strony"));
    assert_eq!(text_of(&html, "a.site-name"), "Nazwa strony");
    assert!(attr(&html, "a.site-name", "lang").is_empty());
    assert_eq!(text_of(&html, "header nav a"), "Znajdź klaster");
    assert_eq!(text_of(&html, "a.skip-link"), "Skip to main content");
    let english = page(site.path(), "/how-to-get-help/");
    assert!(text_of(&english, "title").ends_with(" – Leeds early help clusters"));
}

/// With more names than one page takes, the find list is split by letter;
/// the translated find pages stay, at the address every translated page's
/// menu links to and `published-urls.txt` promises, as the letter index.
#[test]
fn a_find_list_split_by_letter_keeps_the_translated_find_pages() {
    let site = real_site_with_schools((0..300).map(|n| format!("Filler School Number {n}")));
    // No --accept-url-changes: /pl/find/ and /ur/find/ are published.
    build(site.path(), &site.path().join("public")).unwrap_or_else(|r| panic!("{}", describe(&r)));
    let english = page(site.path(), "/find/");
    assert!(
        attr(&english, ".letters a", "href")
            .iter()
            .all(|h| h != "/find/#letter-f"),
        "the English list is split"
    );
    for code in ["pl", "ur"] {
        let find = page(site.path(), &format!("/{code}/find/"));
        assert_eq!(attr(&find, "html", "lang"), [code]);
        let letters = attr(&find, ".letters a", "href");
        assert!(letters.iter().any(|h| h == "/find/f/"), "{letters:?}");
        assert_eq!(attr(&find, ".letters a", "hreflang").len(), letters.len());
        for href in &letters {
            assert!(
                site.path()
                    .join("public")
                    .join(&href[1..])
                    .join("index.html")
                    .is_file(),
                "{href}"
            );
        }
    }
    // Every link to a translated find page leads to one.
    for file in walkdir::WalkDir::new(site.path().join("public"))
        .into_iter()
        .flatten()
    {
        if file.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = Html::parse_document(&std::fs::read_to_string(file.path()).unwrap());
        for href in attr(&html, "a", "href") {
            if href.ends_with("/find/") && href != "/find/" {
                let target = site
                    .path()
                    .join("public")
                    .join(&href[1..])
                    .join("index.html");
                assert!(
                    target.is_file(),
                    "{} links to {href}",
                    file.path().display()
                );
            }
        }
    }
}
