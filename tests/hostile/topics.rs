//! Topics: a service or page names a topic from `content/topics.toml`, and
//! the slug becomes an address (`/search/topics/<slug>/`). A typo, a topic
//! nobody uses and a slug that is not an address are all located, with a fix.

use crate::harness::Case;

const CLUSTER: &str = "content/clusters/inner-east/cluster.toml";
const TOPICS: &str = "content/topics.toml";
const ABOUT: &str = "content/pages/about-clusters.md";

/// The 1-based line of the real `file` that starts with `start`.
fn line_of(file: &str, start: &str) -> usize {
    let text = std::fs::read_to_string(crate::harness::repo_root().join(file)).unwrap();
    1 + text
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("{file} has no line starting {start:?}"))
}

#[test]
fn a_misspelt_topic_on_a_service_is_located_with_a_suggestion() {
    let line = line_of(CLUSTER, "topics = [\"behaviour\"]");
    let outcome = Case::real()
        .replace(
            CLUSTER,
            "topics = [\"behaviour\"]",
            "topics = [\"behavior\"]",
        )
        .check();
    outcome.expect(
        1,
        &[&format!(
            "{CLUSTER}:{line}:11: error[unknown-topic]: `behavior` is not a topic in content/topics.toml"
        )],
    );
    assert!(
        outcome.stderr.contains("help: did you mean \"behaviour\"?"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_topic_nobody_knows_on_a_page_lists_the_known_ones() {
    let line = line_of(ABOUT, "topics = ");
    let outcome = Case::real()
        .replace(
            ABOUT,
            "topics = [\"family-support\", ",
            "topics = [\"family-support\", \"housing\", ",
        )
        .check();
    outcome.expect(
        1,
        &[&format!(
            "{ABOUT}:{line}:29: error[unknown-topic]: `housing` is not a topic in content/topics.toml"
        )],
    );
    assert!(
        outcome.stderr.contains("\"behaviour\", \"attendance\""),
        "the help lists the known topics: {}",
        outcome.stderr
    );
}

#[test]
fn topics_without_a_topics_file_say_to_create_it() {
    let outcome = Case::real().write(TOPICS, "# No topics yet.\n").check();
    let line = line_of(CLUSTER, "topics = [\"family-support\", \"attendance\"");
    let errors = outcome.errors();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        errors.contains(&format!(
            "{ABOUT}:5:11: error[unknown-topic]: `family-support` is not a topic in content/topics.toml"
        )),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(&format!(
            "{CLUSTER}:{line}:11: error[unknown-topic]: `family-support` is not a topic"
        ))),
        "{errors:#?}"
    );
    assert!(
        outcome
            .stderr
            .contains("add it to content/topics.toml as a [[topics]] entry"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_topic_nothing_is_tagged_with_is_a_warning() {
    let start = crate::harness::real_line_count(TOPICS) + 2;
    let outcome = Case::real()
        .append(
            TOPICS,
            "\n[[topics]]\nslug = \"housing\"\nname = \"Housing\"\ndescription = \"Help with a home.\"\n",
        )
        .check();
    outcome.expect(0, &[]);
    let warning = "warning[unused-topic]: no service or page has the topic `housing`";
    let at = format!("--> {TOPICS}:{}:8\n", start + 1);
    let found = outcome.stderr.find(warning).expect(warning);
    assert!(
        outcome.stderr[found..]
            .trim_start_matches(warning)
            .trim_start()
            .starts_with(&at),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_topic_slug_that_is_not_an_address_is_refused_before_anything_is_written() {
    let line = line_of(TOPICS, "slug = \"behaviour\"");
    Case::real()
        .built()
        .replace(TOPICS, "slug = \"behaviour\"", "slug = \"../../../etc\"")
        .build()
        .expect_at(
            1,
            &[
                // The tags that named it now name nothing.
                &format!("{CLUSTER}:"),
                &format!("{CLUSTER}:"),
                &format!("{TOPICS}:{line}:8: error[bad-slug]"),
            ],
        );
}

#[test]
fn a_topic_given_twice_or_without_words_is_an_error() {
    let line = line_of(TOPICS, "slug = \"attendance\"");
    Case::real()
        .replace(TOPICS, "slug = \"attendance\"", "slug = \"behaviour\"")
        .check()
        .expect_at(
            1,
            &[
                // "attendance" is gone, so its tags name nothing.
                &format!("{CLUSTER}:"),
                &format!("{CLUSTER}:"),
                "content/pages/benefits-and-funding.md:",
                &format!("{TOPICS}:{line}:8: error[duplicate-topic]"),
            ],
        );
    let line = line_of(TOPICS, "name = \"Behaviour\"");
    Case::real()
        .replace(TOPICS, "name = \"Behaviour\"", "name = \" \"")
        .check()
        .expect_at(1, &[&format!("{TOPICS}:{line}:8: error[topic]")]);
}

#[test]
fn an_unknown_key_in_the_topics_file_is_located() {
    let line = line_of(TOPICS, "name = \"Behaviour\"");
    Case::real()
        .replace(TOPICS, "name = \"Behaviour\"", "nmae = \"Behaviour\"")
        .check()
        .expect_at(1, &[&format!("{TOPICS}:{line}:1: error[unknown-field]")]);
}

#[test]
fn a_page_cannot_take_the_search_address() {
    Case::real()
        .write(
            "content/pages/search.md",
            "+++\ntitle = \"Search\"\ndescription = \"Find help.\"\n+++\nText.\n",
        )
        .check()
        .expect(
            1,
            &["content/pages/search.md:1:1: error[reserved-slug]: the address /search/ belongs to the generator"],
        );
}
