//! JSON Schemas of every content file's shape, made from the model types
//! themselves (`schemars`), so a schema can never disagree with what the
//! loader accepts. Shipped in `schemas/` and printed by `clustersite schema`.

use crate::model::{
    CaseStudyFront, ClusterFile, FormFile, GlossaryFile, IntroFront, PageFront, SiteConfig,
    TopicsFile, UpdateFront,
};

/// Each shape: its name, the files it is for, and its schema.
pub const SHAPES: [(&str, &str); 12] = [
    ("site", "content/site.toml"),
    ("glossary", "content/glossary.toml"),
    ("topics", "content/topics.toml"),
    ("cluster", "content/clusters/<slug>/cluster.toml"),
    ("form", "content/forms/request-for-support.toml"),
    ("page", "the front matter of content/pages/*.md"),
    (
        "intro",
        "the front matter of content/index.md and content/clusters/<slug>/index.md",
    ),
    (
        "update",
        "the front matter of content/clusters/<slug>/updates/*.md",
    ),
    (
        "case-study",
        "the front matter of content/clusters/<slug>/case-studies/*.md",
    ),
    (
        "translated-page",
        "the front matter of content/index.<lang>.md and content/pages/*.<lang>.md",
    ),
    (
        "cluster-translation",
        "content/clusters/<slug>/cluster.<lang>.toml",
    ),
    (
        "form-translation",
        "content/forms/request-for-support.<lang>.toml",
    ),
];

/// The schema of the shape called `name` (see [`SHAPES`]), as pretty JSON.
pub fn schema(name: &str) -> Option<String> {
    let schema = match name {
        "site" => schemars::schema_for!(SiteConfig),
        "glossary" => schemars::schema_for!(GlossaryFile),
        "topics" => schemars::schema_for!(TopicsFile),
        "cluster" => schemars::schema_for!(ClusterFile),
        "form" => schemars::schema_for!(FormFile),
        "page" => schemars::schema_for!(PageFront),
        "intro" => schemars::schema_for!(IntroFront),
        "update" => schemars::schema_for!(UpdateFront),
        "case-study" => schemars::schema_for!(CaseStudyFront),
        "translated-page" => schemars::schema_for!(crate::model::translation::TranslatedFront),
        "cluster-translation" => {
            schemars::schema_for!(crate::model::translation::ClusterTranslationFile)
        }
        "form-translation" => schemars::schema_for!(crate::model::translation::FormTranslationFile),
        _ => return None,
    };
    let mut value = schema.to_value();
    let about = SHAPES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)?;
    value["description"] = format!("clustersite: {about}").into();
    Some(serde_json::to_string_pretty(&value).expect("schemas serialise") + "\n")
}
