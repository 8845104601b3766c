//! The `clustersite` command: build, check, serve and new. The flags are in
//! `cli.rs`, each command in `cmd/`; the work is in the library.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// How a run ends, as the process's exit code (see the README).
#[derive(Clone, Copy)]
#[repr(u8)]
enum Exit {
    Success = 0,
    /// The content has errors (or warnings, with `--strict`).
    ContentErrors = 1,
    /// A bad argument, or a file that could not be read or written.
    UsageOrIo = 2,
}

/// Rendering builds and drops many small JSON values and strings per page;
/// mimalloc handles that allocation pattern far better than glibc's malloc
/// (measured in bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc asks Linux for transparent huge pages, and the kernel zeroes a
/// whole 2 MiB page the first time any byte of it is touched. A build is
/// short and spreads its memory over many threads' heaps, so that zeroing was
/// half of the time of a one-edit rebuild (`perf`: `clear_page_erms`), slowed
/// some builds to twice the median, and took a third more memory. Turned off
/// for this process only (`tests/serve.rs`); if the kernel refuses, the
/// build is just slower, so the error is ignored.
fn no_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let exit = match cli.command {
        Command::Build(args) => cmd::build::run(&cli.root, args),
        Command::Check(args) => cmd::check::run(&cli.root, args),
        Command::Serve(args) => cmd::serve::run(&cli.root, args),
        Command::New(args) => cmd::new::run(&cli.root, args),
        Command::Translations(args) => cmd::translations::run(&cli.root, args),
        Command::Schema(args) => {
            print!(
                "{}",
                clustersite::schema::schema(&args.shape).expect("clap allows only known shapes")
            );
            Exit::Success
        }
    };
    ExitCode::from(exit as u8)
}
