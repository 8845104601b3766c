//! The loaded site: the typed files with what the loader derives (slugs,
//! source files, where the front matter ends).

use std::ops::Range;
use std::sync::Arc;

use super::{
    CaseStudyFront, ClusterFile, Form, Glossary, IntroFront, PageFront, Service, SiteConfig,
    Topics, UpdateFront,
};
use crate::diagnostics::SourceFile;

/// A Markdown body and where it sits in its file, so errors point into the file.
#[derive(Debug, Clone)]
pub struct MarkdownDoc {
    pub file: Arc<SourceFile>,
    /// Byte offset of the body within the file (after the front matter).
    pub body_offset: usize,
}

impl MarkdownDoc {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

#[derive(Debug, Clone)]
pub struct Document<F> {
    pub slug: String,
    pub front: F,
    /// Byte offset of the front matter in the file: spans inside `front` are relative to it.
    pub front_offset: usize,
    pub doc: MarkdownDoc,
}

impl<F> Document<F> {
    /// Where the front matter's TOML is in the file, without its `+++` fences.
    pub fn front_matter(&self) -> Range<usize> {
        let text = &self.doc.file.text;
        let region = &text[self.front_offset..self.doc.body_offset];
        let end = region
            .rfind("+++")
            .map_or(self.doc.body_offset, |i| self.front_offset + i);
        self.front_offset..end
    }
}

pub type Page = Document<PageFront>;
pub type CaseStudy = Document<CaseStudyFront>;
pub type Update = Document<UpdateFront>;
pub type Intro = Document<IntroFront>;

#[derive(Debug, Clone)]
pub struct Cluster {
    pub slug: String,
    pub file: Arc<SourceFile>,
    pub data: ClusterFile,
    pub intro: Option<Intro>,
    pub case_studies: Vec<CaseStudy>,
    pub updates: Vec<Update>,
}

impl Cluster {
    pub fn service(&self, slug: &str) -> Option<&Service> {
        self.data.services.iter().find(|s| s.slug.get_ref() == slug)
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub config_file: Arc<SourceFile>,
    pub home: Option<Intro>,
    pub pages: Vec<Page>,
    pub clusters: Vec<Arc<Cluster>>,
    /// The referral form every cluster offers.
    pub form: Form,
    pub glossary: Glossary,
    pub topics: Topics,
    /// Every translation, in the order of `config.languages`.
    pub translations: super::translation::Translations,
}

impl Site {
    /// The languages pages may be translated into, in site.toml's order.
    pub fn languages(&self) -> impl Iterator<Item = &super::translation::LanguageDecl> {
        self.config.languages.iter()
    }

    /// Every update of every cluster, newest first.
    pub fn updates_newest_first(&self) -> Vec<(&Cluster, &Update)> {
        self.update_order()
            .into_iter()
            .map(|(c, u)| (&*self.clusters[c], &self.clusters[c].updates[u]))
            .collect()
    }

    /// [`Self::updates_newest_first`] as (cluster, update) positions: newest
    /// first, then by cluster and update slug so equal dates keep one order.
    pub fn update_order(&self) -> Vec<(usize, usize)> {
        let mut all: Vec<(usize, usize)> = (self.clusters.iter().enumerate())
            .flat_map(|(c, cluster)| (0..cluster.updates.len()).map(move |u| (c, u)))
            .collect();
        let update = |&(c, u): &(usize, usize)| (&self.clusters[c], &self.clusters[c].updates[u]);
        all.sort_by(|a, b| {
            let ((ac, au), (bc, bu)) = (update(a), update(b));
            (bu.front.date.cmp(&au.front.date))
                .then(ac.slug.cmp(&bc.slug))
                .then(au.slug.cmp(&bu.slug))
        });
        all
    }

    /// Every piece of TOML in the content: each TOML file whole, and the front
    /// matter of each Markdown file (everything but the Markdown bodies).
    pub fn toml_parts(&self) -> Vec<(&SourceFile, Range<usize>)> {
        fn whole(file: &SourceFile) -> (&SourceFile, Range<usize>) {
            (file, 0..file.text.len())
        }
        fn front<F>(doc: &Document<F>) -> (&SourceFile, Range<usize>) {
            (&doc.doc.file, doc.front_matter())
        }
        let mut parts = vec![whole(&self.config_file), whole(&self.form.file)];
        parts.extend(self.glossary.file.as_deref().map(whole));
        parts.extend(self.topics.file.as_deref().map(whole));
        parts.extend(self.home.iter().map(front));
        parts.extend(self.pages.iter().map(front));
        for cluster in &self.clusters {
            parts.push(whole(&cluster.file));
            parts.extend(cluster.intro.iter().map(front));
            parts.extend(cluster.case_studies.iter().map(front));
            parts.extend(cluster.updates.iter().map(front));
        }
        let t = &self.translations;
        parts.extend(t.home.iter().chain(&t.pages).map(|d| front(&d.doc)));
        parts.extend(t.clusters.iter().map(|(_, c)| whole(&c.file)));
        parts.extend(t.forms.iter().map(|f| whole(&f.file)));
        parts
    }
}
