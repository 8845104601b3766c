//! One file of the built site, as rendering makes it and `output` writes it.

use std::sync::Arc;

#[derive(Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so that a page reused from the cache is not copied.
    pub bytes: Arc<Vec<u8>>,
}
