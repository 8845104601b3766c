//! `clustersite serve`: the live preview (the work is in the library's `serve`).

use std::path::Path;

use clustersite::serve::ServeOptions;

use crate::cli::ServeArgs;
use crate::Exit;

/// Runs until the process is stopped; returns only on a setup or watcher error.
pub fn run(root: &Path, args: ServeArgs) -> Exit {
    let options = ServeOptions {
        port: args.port,
        interface: args.interface,
        open: args.open,
        timings: args.timings,
    };
    match clustersite::serve::run(root, options) {
        Ok(()) => Exit::Success,
        Err(message) => {
            eprintln!("error: {message}");
            Exit::UsageOrIo
        }
    }
}
