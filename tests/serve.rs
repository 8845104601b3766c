//! `clustersite serve`: the real binary, over real HTTP, with real file edits.
//!
//! Every wait polls against a deadline; nothing sleeps longer than needed.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::*;

const EVENTS: &str = "/__clustersite/events";
/// Generous: a debug build on a busy machine.
const STARTUP: Duration = Duration::from_secs(60);
const WAIT: Duration = Duration::from_secs(20);
/// Longer than the debounce window: a second rebuild would have started by then.
const SETTLE: Duration = Duration::from_millis(400);

/// A running `clustersite serve` on a copy of a fixture; killed when dropped.
struct Serve {
    child: Child,
    log: Arc<Mutex<String>>,
    address: String,
    site: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(site: tempfile::TempDir, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clustersite"))
            .env("SOURCE_DATE_EPOCH", "1795392000")
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut serve = Serve {
            child,
            log,
            address: String::new(),
            site,
        };
        let log = serve.wait_for_log(STARTUP, "the URL", |log| log.contains("Serving "));
        let url = log.split("http://").nth(1).unwrap();
        serve.address = url.split('/').next().unwrap().to_owned();
        serve
    }

    fn root(&self) -> &Path {
        self.site.path()
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn wait_for_log(&self, within: Duration, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + within;
        loop {
            let log = self.log();
            if done(&log) {
                return log;
            }
            assert!(Instant::now() < deadline, "no {what} in time; log:\n{log}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn rebuilds(&self) -> usize {
        self.log().matches("changed, rebuilt").count()
    }

    fn request(&self, method: &str, path: &str) -> Reply {
        self.raw(&format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        ))
    }

    /// Sends `head` as it is and reads the whole reply.
    fn raw(&self, head: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        Reply {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "GET {EVENTS} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let (sender, events) = channel();
        let reader = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(reader).lines().map_while(Result::ok);
            let status = lines.next().unwrap_or_default();
            assert!(status.starts_with("HTTP/1.1 200"), "{status}");
            let head: Vec<String> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
            assert!(
                head.iter()
                    .any(|h| h
                        .eq_ignore_ascii_case("content-type: text/event-stream; charset=utf-8")),
                "{head:?}"
            );
            let (mut name, mut data) = (String::new(), String::new());
            for line in lines {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = value.to_owned();
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data = value.to_owned();
                } else if line.is_empty() && !name.is_empty() {
                    if sender.send((name.clone(), data.clone())).is_err() {
                        return;
                    }
                    name.clear();
                    data.clear();
                }
            }
        });
        Events {
            events,
            _stream: stream,
        }
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.root().join(path), text).unwrap();
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap()
    }

    fn path(&self, path: &str) -> PathBuf {
        self.root().join(path)
    }
}

fn full_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("full"), dir.path());
    dir
}

struct Reply {
    status: u16,
    /// Status line and headers, lower-cased.
    head: String,
    body: String,
}

impl Reply {
    fn content_type(&self) -> &str {
        self.head
            .lines()
            .find_map(|l| l.strip_prefix("content-type: "))
            .unwrap_or("")
    }
}

struct Events {
    events: Receiver<(String, String)>,
    _stream: TcpStream,
}

impl Events {
    /// The data of the next event called `name`, skipping others.
    fn wait(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.events.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok((event, _)) => seen.push(event),
                Err(_) => break,
            }
        }
        panic!("no `{name}` event in time; saw {seen:?}");
    }
}

const PAGE: &str = "content/pages/how-to-get-help.md";
const PAGE_URL: &str = "/how-to-get-help/";

#[test]
fn edits_reload_and_errors_show_over_the_last_good_site() {
    let serve = Serve::start(full_site(), &[]);
    let events = serve.events();
    let first = events.wait("reload");
    let page = serve.get(PAGE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains(EVENTS));
    assert!(page
        .body
        .contains(&format!(r#""generation":"{first}","error":null"#)));

    // An edit: one reload, after which the new text is served.
    let original = serve.read(PAGE);
    serve.write(
        PAGE,
        &format!("{original}\nZebra crossings are near every school.\n"),
    );
    let second = events.wait("reload");
    assert_ne!(second, first);
    assert!(serve.get(PAGE_URL).body.contains("Zebra crossings"));

    // A TOML error: the overlay, with the file and line, over the old site.
    let site_toml = serve.read("content/site.toml");
    serve.write("content/site.toml", &format!("{site_toml}oops = = 1\n"));
    let line = site_toml.lines().count() + 1;
    let location = format!("content/site.toml:{line}:");
    let error = events.wait("build-error");
    assert!(error.contains(&location), "{error}");
    assert!(error.contains(r#""title":"1 error""#), "{error}");
    let page = serve.get(PAGE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Zebra crossings"));
    assert!(
        page.body.contains(&location),
        "the page carries the error state"
    );
    assert!(page.body.contains(&format!(r#""generation":"{second}""#)));
    // The terminal shows the diagnostics as `build` does, then the summary line.
    let log = serve.wait_for_log(WAIT, "rebuild summary", |log| {
        log.contains("content/site.toml changed, rebuilt in") && log.contains("ms: 1 error")
    });
    assert!(log.contains("error[toml-syntax]"), "{log}");
    assert!(log.contains(&format!("--> {location}")), "{log}");

    // Fixing it clears the overlay, then reloads.
    serve.write("content/site.toml", &site_toml);
    events.wait("ok");
    let third = events.wait("reload");
    assert_ne!(third, second);
    let page = serve.get(PAGE_URL);
    assert!(page.body.contains(r#""error":null"#));
    assert!(!page.body.contains(&location));

    assert!(
        !serve.path("public").exists(),
        "serve writes nothing to disk"
    );
}

#[test]
fn serves_files_with_types_redirects_and_a_404_page() {
    let serve = Serve::start(full_site(), &[]);
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/clusters/north/", "text/html; charset=utf-8"),
        ("/css/site.css", "text/css; charset=utf-8"),
        ("/js/find.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/updates/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/clusters/north/referral-form.pdf", "application/pdf"),
        ("/open-data/services.json", "application/json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = serve.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.content_type(), content_type, "{path}");
        let injected = reply.body.contains(EVENTS);
        assert_eq!(injected, content_type.starts_with("text/html"), "{path}");
    }
    assert!(serve
        .get("/css/site.css")
        .head
        .contains("cache-control: no-store"));

    let moved = serve.get("/clusters/north");
    assert_eq!(moved.status, 301);
    assert!(
        moved.head.contains("location: /clusters/north/\r\n"),
        "{}",
        moved.head
    );

    let missing = serve.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.content_type(), "text/html; charset=utf-8");
    assert!(
        missing.body.contains("<h1>Page not found</h1>"),
        "the site's 404 page"
    );
    assert!(missing.body.contains(EVENTS));

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fcontent/site.toml",
        "//etc/passwd",
        "/..\\..\\etc\\passwd",
        "/clusters/../../Cargo.toml",
    ] {
        let reply = serve.get(path);
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        for secret in ["root:", "[package]", "base_url"] {
            assert!(!reply.body.contains(secret), "{path} leaked {secret}");
        }
    }

    let head = serve.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(serve.request("POST", "/").status, 405);
}

/// An editor's way of saving: its name, and what it does with the new text.
type Save<'a> = (&'a str, &'a dyn Fn(&str));

#[test]
fn each_editor_save_pattern_is_one_rebuild() {
    let serve = Serve::start(full_site(), &[]);
    let page = "content/pages/accessibility.md";
    let original = serve.read(page);
    let saves: [Save; 6] = [
        ("write a temp file, rename it onto the page", &|text| {
            serve.write("content/pages/.accessibility.md.tmp", text);
            std::fs::rename(
                serve.path("content/pages/.accessibility.md.tmp"),
                serve.path(page),
            )
            .unwrap();
        }),
        ("move to a backup, write anew, delete the backup", &|text| {
            std::fs::rename(
                serve.path(page),
                serve.path("content/pages/accessibility.md~"),
            )
            .unwrap();
            serve.write(page, text);
            std::fs::remove_file(serve.path("content/pages/accessibility.md~")).unwrap();
        }),
        ("delete and recreate", &|text| {
            std::fs::remove_file(serve.path(page)).unwrap();
            serve.write(page, text);
        }),
        ("write in place with a swap file beside it", &|text| {
            serve.write("content/pages/.accessibility.md.swp", "swap");
            serve.write(page, text);
            std::fs::remove_file(serve.path("content/pages/.accessibility.md.swp")).unwrap();
        }),
        (
            "sed -i: a temp file with a plain name renamed onto the page",
            &|text| {
                serve.write("content/pages/sedAb12Cd", text);
                std::fs::rename(serve.path("content/pages/sedAb12Cd"), serve.path(page)).unwrap();
            },
        ),
        (
            "vim: a permission probe file, then a write in place",
            &|text| {
                serve.write("content/pages/4913", "");
                std::fs::remove_file(serve.path("content/pages/4913")).unwrap();
                serve.write(page, text);
            },
        ),
    ];
    for (number, (pattern, save)) in saves.iter().enumerate() {
        let before = serve.rebuilds();
        let marker = format!("Saved by pattern number {number}.");
        save(&format!("{original}\n{marker}\n"));
        serve.wait_for_log(WAIT, pattern, |log| {
            log.matches("changed, rebuilt").count() > before
        });
        std::thread::sleep(SETTLE);
        assert_eq!(serve.rebuilds(), before + 1, "{pattern}:\n{}", serve.log());
        assert!(
            serve.get("/accessibility/").body.contains(&marker),
            "{pattern}"
        );
        let log = serve.log();
        let line = log
            .lines()
            .rfind(|l| l.contains("changed, rebuilt"))
            .unwrap();
        assert!(
            line.starts_with("content/pages/accessibility.md changed, rebuilt in "),
            "{pattern}: names the one file: {line}"
        );
        // Only the edited page is rendered again; the rest comes from the cache.
        assert!(
            line.contains(", 1 rendered again"),
            "{pattern}: one page made again: {line}"
        );
    }

    // Editor-only files never rebuild.
    let before = serve.rebuilds();
    serve.write("content/pages/.accessibility.md.swp", "swap");
    serve.write("content/pages/accessibility.md~", "backup");
    std::thread::sleep(SETTLE);
    assert_eq!(serve.rebuilds(), before, "{}", serve.log());
}

/// `serve` starts building a few milliseconds into a save, while it waits
/// for the save to end: a build that read the save's first half-written step
/// must never be published, only one of the finished file.
#[test]
fn a_build_started_during_a_save_is_published_only_if_the_save_had_ended() {
    let serve = Serve::start(full_site(), &[]);
    let page = "content/pages/accessibility.md";
    let original = serve.read(page);
    // A save whose two steps came further apart than the quiet time (the
    // machine stalled) is two saves, rightly two rebuilds: such a round
    // proves nothing and is tried again, up to a limit.
    let (wanted, mut proven) = (4, 0);
    for round in 0..12 {
        if proven == wanted {
            break;
        }
        let before = serve.rebuilds();
        let marker = format!("Saved in two steps, round {round}.");
        // A first step that does not build (the front matter is cut off),
        // then, after more than the opening gap but within the quiet time,
        // the whole file.
        serve.write(page, "+++\ntitle = \"Access");
        let first = Instant::now();
        std::thread::sleep(Duration::from_millis(8));
        serve.write(page, &format!("{original}\n{marker}\n"));
        let gap = first.elapsed();
        serve.wait_for_log(WAIT, "a rebuild", |log| {
            log.matches("changed, rebuilt").count() > before
        });
        std::thread::sleep(SETTLE);
        if gap > Duration::from_millis(15) {
            continue;
        }
        let log = serve.log();
        let lines: Vec<&str> = (log.lines())
            .filter(|l| l.contains("changed, rebuilt"))
            .skip(before)
            .collect();
        assert_eq!(lines.len(), 1, "one rebuild per save:\n{log}");
        assert!(lines[0].contains(": ok ("), "{}", lines[0]);
        assert!(serve.get("/accessibility/").body.contains(&marker));
        proven += 1;
    }
    assert_eq!(
        proven, wanted,
        "the machine was too busy: too few saves had their steps within 15 ms"
    );
}

#[test]
fn a_site_that_never_built_shows_its_errors_then_reloads_when_fixed() {
    let site = full_site();
    let site_toml = site.path().join("content/site.toml");
    let good = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, good.replacen("title = ", "titel = ", 1)).unwrap();
    let serve = Serve::start(site, &[]);
    let events = serve.events();
    let error = events.wait("build-error");
    assert!(error.contains("content/site.toml:1:1"), "{error}");
    let page = serve.get("/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("content/site.toml:1:1"));
    assert!(page.body.contains("did you mean"), "the help is shown");

    serve.write("content/site.toml", &good);
    events.wait("ok");
    events.wait("reload");
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn another_interface_warns_that_the_preview_is_public() {
    let serve = Serve::start(full_site(), &["--interface", "0.0.0.0"]);
    let log = serve.log();
    assert!(
        log.contains("visible to other machines on the network"),
        "{log}"
    );
    // A link that opens: 0.0.0.0 is where it listens, not an address to visit.
    assert!(!log.contains("http://0.0.0.0"), "{log}");
    let port = serve.address.rsplit(':').next().unwrap().to_owned();
    assert_eq!(serve.address, format!("127.0.0.1:{port}"), "{log}");
    assert!(
        log.contains("other machines on the network can open it at http://"),
        "{log}"
    );
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn only_requests_addressed_to_this_machine_are_answered() {
    let serve = Serve::start(full_site(), &[]);
    let port = serve.address.rsplit(':').next().unwrap().to_owned();
    let with_host = |path: &str, host: &str| {
        serve.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(with_host("/", &host).status, 200, "{host}");
    }
    // DNS rebinding: a name the attacker controls now points at 127.0.0.1.
    for path in ["/", EVENTS] {
        for host in [
            format!("rebind.evil.example:{port}"),
            "rebind.evil.example".to_owned(),
            format!("localhost:{}", port.parse::<u16>().unwrap() ^ 1),
        ] {
            let reply = with_host(path, &host);
            assert_eq!(reply.status, 421, "{path} {host}");
            assert_eq!(reply.content_type(), "text/plain; charset=utf-8");
            assert!(!reply.body.contains("event:"), "{path} {host}");
            assert!(!reply.body.contains("<html"), "{path} {host}");
        }
    }
    let bare = serve.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(bare.status, 400);
    assert!(bare.body.contains("Host"), "{}", bare.body);
}

#[test]
fn an_oversized_request_head_is_refused() {
    let serve = Serve::start(full_site(), &[]);
    let huge = "a".repeat(64 * 1024);
    let reply = serve.raw(&format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {huge}\r\n\r\n",
        serve.address
    ));
    assert_eq!(reply.status, 431);
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn a_client_that_stops_reading_does_not_hold_up_rebuilds() {
    let serve = Serve::start(full_site(), &[]);
    let mut stalled = TcpStream::connect(&serve.address).unwrap();
    write!(
        stalled,
        "GET {EVENTS} HTTP/1.1\r\nHost: {}\r\n\r\n",
        serve.address
    )
    .unwrap();
    let events = serve.events();
    events.wait("reload");
    // Pages with many errors: every failed rebuild sends each client an
    // overlay of about a megabyte, so one that never reads fills its socket.
    let spans: String = (0..40)
        .map(|i| format!("Line <span>{i}</span>.\n\n"))
        .collect();
    let bad = |n: usize| format!("content/pages/bad-{n}.md");
    for save in 0..12 {
        let started = Instant::now();
        for n in 0..24 {
            let blank = "\n".repeat(save);
            serve.write(
                &bad(n),
                &format!("+++\ntitle = \"Bad {n}\"\ndescription = \"x\"\n+++\n{spans}{blank}"),
            );
        }
        events.wait("build-error");
        assert!(
            started.elapsed() < WAIT,
            "save {save} took {:?}",
            started.elapsed()
        );
        // Pages still answer, from the last good build.
        assert_eq!(serve.get("/css/site.css").status, 200);
    }
    for n in 0..24 {
        std::fs::remove_file(serve.path(&bad(n))).unwrap();
    }
    events.wait("ok");
    events.wait("reload");
    assert_eq!(serve.get("/").status, 200);
    drop(stalled);
}

/// `serve` asks the file system only about paths its watcher names, except
/// in a site with a link in its content: a link's target can change where
/// no watch is, and must still be read again on the next rebuild.
#[test]
fn a_linked_page_is_read_again_though_no_watch_sees_its_target_change() {
    let site = full_site();
    let outside_watch = site.path().join("drafts");
    std::fs::create_dir(&outside_watch).unwrap();
    let target = outside_watch.join("how-to-get-help.md");
    std::fs::rename(site.path().join(PAGE), &target).unwrap();
    std::os::unix::fs::symlink(&target, site.path().join(PAGE)).unwrap();
    let serve = Serve::start(site, &[]);
    let events = serve.events();
    events.wait("reload");
    assert_eq!(serve.get(PAGE_URL).status, 200);

    // The target changes unseen; then another file changes, and is seen.
    let original = std::fs::read_to_string(&target).unwrap();
    std::fs::write(
        &target,
        format!("{original}\nZebra crossings are near every school.\n"),
    )
    .unwrap();
    std::thread::sleep(SETTLE);
    let other = "content/pages/accessibility.md";
    serve.write(other, &format!("{}\n", serve.read(other)));
    events.wait("reload");
    assert!(
        serve.get(PAGE_URL).body.contains("Zebra crossings"),
        "the rebuild read the linked page again"
    );
}

/// mimalloc's huge pages made short builds slower and bigger (`src/main.rs`):
/// the running process has them turned off.
#[test]
#[cfg(target_os = "linux")]
fn the_process_asks_for_no_transparent_huge_pages() {
    let serve = Serve::start(full_site(), &[]);
    let status = std::fs::read_to_string(format!("/proc/{}/status", serve.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("THP_enabled:"));
    assert_eq!(
        line.map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["THP_enabled:", "0"]),
        "{status}"
    );
}
