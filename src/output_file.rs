//! One file of the built site, as rendering makes it and `output` writes it.

use std::sync::Arc;

#[derive(Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so that a page reused from the cache is not copied.
    pub bytes: Arc<Vec<u8>>,
}

/// Where a build's files go as they are made (`render` hands each page's
/// files to it at once, so a big site is never all in memory).
pub trait Sink: Sync {
    /// Whether it reuses files from earlier builds, and so needs each page's
    /// key (making keys costs a little; `serve`'s memos make their own).
    fn reuses(&self) -> bool {
        false
    }

    /// A page's files as an earlier build left them in the output, if that
    /// build made them from the same inputs (`key`, see `render/job.rs`) and
    /// they are still exactly as it wrote them (at `paths`, the page's
    /// own). The files come back without their bytes: nothing is rendered.
    fn reused(&self, _key: u128, _paths: &[String]) -> Option<Vec<OutputFile>> {
        None
    }

    /// Files an earlier build recorded under `key`, all inside `folder`, if
    /// each is still exactly as it wrote them: the search index, whose files
    /// Pagefind names, so only the record knows them. Without their bytes.
    fn reused_folder(&self, _key: u128, _folder: &str) -> Option<Vec<OutputFile>> {
        None
    }

    /// The bytes of `path`, a file this build reused for the page with
    /// `key`, read back from the output if they are still the recorded ones
    /// (the search index reads an unchanged page's text this way).
    fn read_back(&self, _key: u128, _path: &str) -> Option<Vec<u8>> {
        None
    }

    /// Whether the build makes the search index (`src/search`): only a build
    /// to disk does; `serve` and `check` leave it out.
    fn indexes(&self) -> bool {
        false
    }

    /// Takes files as they are made, a page's with its key; returns them,
    /// perhaps without their bytes (their paths are still needed).
    fn keep(&self, key: Option<u128>, files: Vec<OutputFile>) -> Vec<OutputFile>;
}

/// Keeps the files, bytes and all (`serve`, `check`, tests); reuses nothing.
pub struct InMemory;

impl Sink for InMemory {
    fn keep(&self, _key: Option<u128>, files: Vec<OutputFile>) -> Vec<OutputFile> {
        files
    }
}
