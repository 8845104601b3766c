//! Writing the site. A build renders and checks everything first; only then
//! does it touch the output, and it changes only what differs:
//!
//! - [`guard`]: where a build may write (symlinks resolved, sources refused,
//!   only a folder a build made is ever changed);
//! - [`record`]: which files each page's inputs made, so that the next
//!   build skips the pages whose inputs have not changed;
//! - [`staging`]: files written while rendering into a private folder beside
//!   the output (all of them for a first build, only those that differ from
//!   the output's for a rebuild), then put in place;
//! - [`update`]: the in-place update of an existing output, step by step,
//!   undone if a step fails;
//! - [`beneath`]: file-system calls inside the output that never follow a link;
//! - [`beside`]: the build's folders beside the output.

mod beneath;
mod beside;
mod guard;
mod record;
mod staging;
mod update;

#[cfg(test)]
mod tests;

use std::io;
use std::path::Path;

pub use guard::{check_output_path, resolve};
pub use staging::{Placed, Staging};

use crate::output_file::OutputFile;

/// The file every build puts in its output folder. A folder without it was
/// not made by a build, so a build never changes or deletes it. Its text
/// is the same wherever the site is built, so builds stay byte-identical.
pub const MARKER: &str = ".clustersite-output";
const MARKER_TEXT: &str =
    "This folder is made by `clustersite build`; each build brings it up to date \
and removes every file it did not make.\n";

/// Writes `files` as the whole site at `output`, replacing what was there.
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = Staging::new(output);
    staging.store(files.to_vec());
    staging.publish().map(drop)
}
