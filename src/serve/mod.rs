//! `clustersite serve`: builds the site, serves it on 127.0.0.1, and rebuilds
//! and reloads the browser whenever a source file changes.
//!
//! - HTTP is a small server of our own on std sockets (`server.rs`): `GET` and
//!   `HEAD`, one request per connection, every resource bounded (connections,
//!   head size and time, write time), and only requests addressed to this
//!   machine answered (`host.rs`), so that a web page cannot read the preview
//!   through DNS rebinding. A preview for one person needs a few threads, not
//!   an async runtime; an event stream is a connection whose thread writes
//!   Server-Sent Events from its own queue (`reload.rs`).
//! - The site is served **from memory** (`state.rs`): each good build's files
//!   go into a new map that replaces the old one in one pointer swap, and the
//!   reload event is sent only after it. There is never a half-written site,
//!   `public/` is left alone, nothing outside the built site can be served
//!   (URLs are only keys of the map), and nothing is written to disk, so
//!   Ctrl-C needs no handler: the process just ends with nothing to clean up.
//! - The content, templates, static and themes folders are watched with
//!   `notify`; events are debounced into one rebuild per save (`watch.rs`).
//!   The build starts once a save's first events have come (3 ms without
//!   one) and runs while the rest of the quiet time passes; it is published
//!   only if no event came after it started, else built again on the whole
//!   save. So a save reloads a build's time after it, not the quiet time
//!   and a build's, and a half-written file is never published.
//!   Every rebuild is a whole `generate`, the same as `build` but without
//!   minifying (faster, readable source), with a [`BuildCache`] kept between
//!   rebuilds: files are re-read, but only what changed is parsed, checked
//!   and rendered again (`cache.rs`). Standing warnings print only once.
//! - HTML responses, and only `serve`'s responses, get a small script before
//!   `</body>` (`reload.rs`) that reloads after a good rebuild and shows a
//!   failed one's diagnostics over the last good page (`overlay.rs`).
//! - Requests: reading and checking the head (`request.rs`); content types,
//!   `/dir` → `/dir/`, the 404 page, refused paths (`http.rs`).

mod host;
mod http;
mod overlay;
mod reload;
mod request;
mod server;
mod state;
mod watch;

use std::collections::HashSet;
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, ToSocketAddrs, UdpSocket};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::changes::Changes;
use crate::diagnostics::{Report, Severity};
use crate::BuildCache;
use crate::{Options, Timings};
use state::Live;

/// Options of `clustersite serve` (the binary's `cli.rs` reads them from
/// the command line, with their defaults).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Interface to listen on; anything but loopback exposes the preview to the network.
    pub interface: String,
    /// Open the site in the default browser.
    pub open: bool,
    /// Print each rebuild's stages and how long they took.
    pub timings: bool,
}

/// How often idle event streams get a keep-alive comment (and dead ones are dropped).
const KEEPALIVE: Duration = Duration::from_secs(20);

/// Serves until the process is stopped; returns only on a setup or watcher error.
pub fn run(root: &Path, serve: ServeOptions) -> Result<(), String> {
    let (listener, address) = listen(&serve.interface, serve.port)?;
    let url = local_url(address);
    // Before the first build, so that an edit made during it is not missed.
    let mut watcher = watch::Watcher::start(root)?;
    let mut options = Options::new(root);
    // Unminified: about a third faster to rebuild at Leeds scale, and the
    // preview's "view source" is readable. `build` still minifies.
    options.minify = false;
    // Feeds, the sitemap and canonical links point at the preview.
    options.base_url = Some(url.trim_end_matches('/').to_owned());
    let live = Arc::new(Live::new());
    let mut builder = Rebuilder {
        options,
        live: Arc::clone(&live),
        color: std::io::stderr().is_terminal(),
        warned: HashSet::new(),
        cache: BuildCache::new(),
        timings: serve.timings,
    };
    eprintln!("Built {}", builder.first());
    server::spawn(listener, Arc::clone(&live), address.port());
    spawn_keepalive(Arc::clone(&live));
    let shown = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    eprintln!("Serving {} at {url} (Ctrl-C to stop)", shown.display());
    if address.ip().is_unspecified() {
        eprintln!(
            "note: other machines on the network can open it at http://{}:{}/",
            network_address(address.ip()).unwrap_or_else(|| "<this machine's address>".into()),
            address.port()
        );
    }
    if serve.open {
        open_browser(&url);
    }
    loop {
        let mut burst = watcher.opening()?;
        let opening = watcher.changed(&burst);
        let made = match opening.is_empty() {
            true => None,
            false => builder.make_while_settling(&opening, &mut watcher, &mut burst)?,
        };
        let (changed, made) = match made {
            Some(made) => (opening, made),
            None => {
                watcher.settle(&mut burst)?;
                let changed = watcher.changed(&burst);
                if changed.is_empty() {
                    continue;
                }
                let made = builder.make(&changed);
                (changed, made)
            }
        };
        let summary = builder.publish(made);
        eprintln!("{} changed, rebuilt {summary}", watch::describe(&changed));
    }
}

/// The watcher's batch as the build takes it.
fn changes(batch: &[String]) -> Changes {
    match batch.iter().any(|path| path == watch::SOME_FILES) {
        true => Changes::Everything,
        false => Changes::Only(batch.iter().cloned().collect()),
    }
}

/// Binds the server (port 0: any free port) and returns the address it got.
fn listen(interface: &str, port: u16) -> Result<(TcpListener, SocketAddr), String> {
    let cannot =
        |e: &dyn std::fmt::Display| format!("cannot listen on {interface} port {port}: {e}");
    let address = (interface, port)
        .to_socket_addrs()
        .map_err(|e| cannot(&e))?
        .next()
        .ok_or_else(|| cannot(&"no such address"))?;
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: the preview is visible to other machines on the network",
            address.ip()
        );
    }
    let listener = TcpListener::bind(address).map_err(|e| cannot(&e))?;
    let bound = listener.local_addr().map_err(|e| cannot(&e))?;
    Ok((listener, bound))
}

/// The preview's address on this machine. `0.0.0.0` and `::` are where it
/// listens (every interface), not addresses a browser can open.
fn local_url(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, bound.port()))
}

/// This machine's address on its network, as other machines reach it: the
/// one the system would send from. A UDP `connect` sends nothing; the target
/// is a documentation address that is never contacted.
fn network_address(wildcard: IpAddr) -> Option<String> {
    let (any, far) = match wildcard {
        IpAddr::V4(_) => ("0.0.0.0:0", "192.0.2.1:9"),
        IpAddr::V6(_) => ("[::]:0", "[2001:db8::1]:9"),
    };
    let socket = UdpSocket::bind(any).ok()?;
    socket.connect(far).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then(|| match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    })
}

/// Rebuilds the site and publishes the result; prints what `build` prints.
struct Rebuilder {
    options: Options,
    live: Arc<Live>,
    color: bool,
    /// Warnings already printed (their one-line form), so that a site's
    /// standing warnings are printed once, not again on every save.
    warned: HashSet<String>,
    /// What earlier rebuilds made, reused where the inputs are unchanged.
    cache: BuildCache,
    timings: bool,
}

/// A build not yet published, and what it reports.
struct Made {
    started: Instant,
    generated: Option<crate::Generated>,
    report: Report,
    timings: Timings,
}

impl Rebuilder {
    /// The first build: everything is read.
    fn first(&mut self) -> String {
        self.cache.expect(Changes::Everything);
        let made = self.generate();
        self.publish(made)
    }

    /// Builds in memory after the watcher saw `changed`; publishes nothing.
    fn make(&self, changed: &[String]) -> Made {
        self.cache.expect(changes(changed));
        self.generate()
    }

    fn generate(&self) -> Made {
        let started = Instant::now();
        let mut timings = Timings::default();
        let (generated, report) = crate::generate_with(&self.options, &mut timings, &self.cache);
        Made {
            started,
            generated,
            report,
            timings,
        }
    }

    /// Builds on the `opening` of a save while the watcher waits out the
    /// rest of its quiet time, so the wait and the build overlap: the save
    /// is reloaded a build's time after it, not the quiet time and a build.
    /// The build is kept only if no event came after the opening (it may
    /// have read a file half-written); else `None`, and the caller builds
    /// again on the whole burst. Either way one build is published per save.
    fn make_while_settling(
        &self,
        opening: &[String],
        watcher: &mut watch::Watcher,
        burst: &mut watch::Burst,
    ) -> Result<Option<Made>, String> {
        let (made, grew) = std::thread::scope(|scope| {
            let making = scope.spawn(|| self.make(opening));
            let grew = watcher.settle(burst);
            let made = match making.join() {
                Ok(made) => made,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (made, grew)
        });
        // Events that came while the build was finishing count too.
        let grew = grew? | watcher.settle(burst)?;
        Ok((!grew).then_some(made))
    }

    /// Publishes the new site and a reload, or the errors with the last good
    /// site kept; prints the diagnostics after publishing, so the browser
    /// does not wait for the terminal.
    /// Returns "in 12 ms: ok (9 pages, 1 rendered again)", with " (1 warning)"
    /// after it as after `build`'s line, or "in 12 ms: 2 errors, 0 warnings".
    fn publish(&mut self, made: Made) -> String {
        let Made {
            started,
            generated,
            report,
            timings,
        } = made;
        let outcome = match generated {
            Some(generated) => {
                let pages = generated.pages;
                let first = !self.live.current().built;
                self.live.publish_site(generated.files);
                // What the cache saved, from the second good build on.
                let again = match first {
                    true => String::new(),
                    false => format!(", {} rendered again", self.cache.pages_made()),
                };
                format!("ok ({pages} pages{again}){}", report.warnings_note())
            }
            None => {
                self.live.publish_errors(overlay::from_report(&report));
                report.counts()
            }
        };
        let took = started.elapsed().as_millis();
        self.print(report);
        if self.timings {
            eprintln!("timings: {}", timings.summary());
        }
        format!("in {took} ms: {outcome}")
    }

    /// Every error, as `build` prints it, and the warnings not printed before.
    fn print(&mut self, report: Report) {
        let mut warned = HashSet::new();
        let mut shown = Report::default();
        for item in report.items {
            let new = match item.severity {
                Severity::Error => true,
                Severity::Warning => {
                    let short = item.short();
                    let new = !self.warned.contains(&short);
                    warned.insert(short);
                    new
                }
            };
            if new {
                shown.push(item);
            }
        }
        self.warned = warned;
        eprint!("{}", shown.render(self.color));
    }
}

fn spawn_keepalive(live: Arc<Live>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(KEEPALIVE);
        live.keepalive();
    });
}

/// Best effort: the URL is printed anyway.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(error) = command {
        eprintln!("warning: could not open a browser: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_url_opens_on_this_machine() {
        let url = |address: &str| local_url(address.parse().unwrap());
        assert_eq!(url("0.0.0.0:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("[::]:1111"), "http://[::1]:1111/");
        assert_eq!(url("127.0.0.1:8000"), "http://127.0.0.1:8000/");
        assert_eq!(url("192.168.1.5:1111"), "http://192.168.1.5:1111/");
        assert_eq!(url("[::1]:1111"), "http://[::1]:1111/");
    }
}
