//! `clustersite serve`: live preview. (Being written: see issue 7.)

use std::path::Path;

/// Options of `clustersite serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Interface to listen on; anything but 127.0.0.1 exposes the preview to the network.
    #[arg(long, short, default_value = "127.0.0.1")]
    pub interface: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(_root: &Path, _args: ServeArgs) -> Result<(), String> {
    Err("serve is not available yet".into())
}
