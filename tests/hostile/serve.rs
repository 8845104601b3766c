//! `serve` under attack: a web page doing DNS rebinding, a local program
//! flooding it with huge or slow requests, idle sockets or event streams that
//! never read. Each case runs the real preview on a copy of the real site and
//! asserts the answer, that the preview is still alive and answering
//! afterwards, and that it wrote nothing anywhere.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::Case;

const EVENTS: &str = "/__clustersite/events";
/// A debug build of the real site on a busy machine.
const STARTUP: Duration = Duration::from_secs(120);
const WAIT: Duration = Duration::from_secs(20);

/// `clustersite serve --port 0` on a copy of the real site; on drop, asserts
/// it is still running (no attack killed it) and changed no file.
struct Preview {
    child: Child,
    log: Arc<Mutex<String>>,
    address: String,
    port: u16,
    before: BTreeMap<PathBuf, Vec<u8>>,
    case: Case,
}

impl Preview {
    fn start() -> Preview {
        let case = Case::real();
        let before = files(case.sandbox());
        let mut child = Command::new(env!("CARGO_BIN_EXE_clustersite"))
            .args(["serve", "--port", "0"])
            .current_dir(case.root())
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
        let deadline = Instant::now() + STARTUP;
        let address = loop {
            let text = log.lock().unwrap().clone();
            if let Some(line) = text.lines().find(|l| l.starts_with("Serving ")) {
                let url = line.split("http://").nth(1).unwrap();
                break url.split('/').next().unwrap().to_owned();
            }
            assert!(Instant::now() < deadline, "serve did not start:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        };
        let port = address.rsplit(':').next().unwrap().parse().unwrap();
        Preview {
            child,
            log,
            address,
            port,
            before,
            case,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream
    }

    /// Sends `request` as it is; the status and the body of the reply.
    fn send(&self, request: &[u8]) -> (u16, String) {
        let mut stream = self.connect();
        stream.write_all(request).unwrap();
        read_reply(&mut stream)
    }

    /// `GET path` with the given `Host` header line (or none).
    fn get_with_host(&self, path: &str, host: Option<&str>) -> (u16, String) {
        let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
        self.send(format!("GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes())
    }

    /// A plain page request, as a browser on this machine makes it.
    fn get(&self, path: &str) -> u16 {
        let host = self.address.clone();
        self.get_with_host(path, Some(&host)).0
    }

    /// Opens the event stream and sends the request, never reading.
    /// An event stream that reads the start of its reply (so the server has
    /// taken it, or refused it, before this returns) and then nothing more.
    fn stalled_events(&self) -> TcpStream {
        let mut stream = self.connect();
        write!(
            stream,
            "GET {EVENTS} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut start = [0u8; 16];
        let _ = stream.read(&mut start);
        stream
    }

    /// A line of `/proc/<pid>/status` as a number (`VmHWM` in kB, `Threads`).
    fn status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .unwrap_or_else(|| panic!("no {field} in {status}"));
        line.split_whitespace().next().unwrap().parse().unwrap()
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let running = matches!(self.child.try_wait(), Ok(None));
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            return;
        }
        assert!(running, "serve stopped:\n{}", self.log());
        assert!(
            files(self.case.sandbox()) == self.before,
            "serve changed files on disk"
        );
    }
}

/// Every file under `dir` and its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Reads until the server closes (or [`WAIT`] passes: a reply that never
/// ends, such as an event stream, is cut there); the status (0 if none came)
/// and the body.
fn read_reply(stream: &mut TcpStream) -> (u16, String) {
    let deadline = Instant::now() + WAIT;
    let mut raw = Vec::new();
    let mut buffer = [0u8; 8192];
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
            // A reset after the reply (the server refused the rest) still leaves the reply.
            Err(_) => break,
        }
    }
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (status, body)
}

/// Asserts a refusal: the status, a short plain body, nothing of the site.
fn assert_refused((status, body): (u16, String), expected: u16, words: &str) {
    assert_eq!(status, expected, "{body}");
    assert!(body.contains(words), "{body:?} should say {words:?}");
    assert!(body.len() < 300, "a short body: {body}");
    for leak in ["<html", "event:", "Leeds"] {
        assert!(!body.contains(leak), "{body}");
    }
}

#[test]
fn a_rebinding_host_name_is_misdirected() {
    let preview = Preview::start();
    let host = format!("attacker.example:{}", preview.port);
    assert_refused(preview.get_with_host("/", Some(&host)), 421, "Misdirected");
    assert_eq!(preview.get("/"), 200);
}

#[test]
fn a_rebinding_host_cannot_open_the_event_stream() {
    let preview = Preview::start();
    let host = format!("attacker.example:{}", preview.port);
    // read_reply waits for the close: a stream would stay open.
    assert_refused(
        preview.get_with_host(EVENTS, Some(&host)),
        421,
        "Misdirected",
    );
}

#[test]
fn a_host_with_the_wrong_port_is_misdirected() {
    let preview = Preview::start();
    for host in [
        format!("127.0.0.1:{}", preview.port.wrapping_add(1)),
        format!("localhost:{}0", preview.port),
        "localhost".to_owned(),
        "localhost:".to_owned(),
        "localhost:http".to_owned(),
    ] {
        assert_refused(preview.get_with_host("/", Some(&host)), 421, "Misdirected");
    }
}

#[test]
fn look_alikes_of_localhost_are_misdirected() {
    let preview = Preview::start();
    let port = preview.port;
    for host in [
        format!("evil.localhost:{port}"),
        format!("localhost.:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("user@localhost:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("0x7f000001:{port}"),
        format!("[::ffff:7f00:1]x:{port}"),
        format!(":{port}"),
        String::new(),
    ] {
        assert_refused(preview.get_with_host("/", Some(&host)), 421, "Misdirected");
    }
    // What browsers on this machine send is answered, in any letter case.
    for host in [
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(preview.get_with_host("/", Some(&host)).0, 200, "{host}");
    }
}

#[test]
fn a_request_without_a_host_is_refused() {
    let preview = Preview::start();
    assert_refused(preview.get_with_host("/", None), 400, "Host");
    assert_refused(preview.send(b"GET / HTTP/1.0\r\n\r\n"), 400, "Host");
}

#[test]
fn two_host_headers_are_refused() {
    let preview = Preview::start();
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nHost: attacker.example\r\n\r\n",
        preview.address
    );
    assert_refused(preview.send(request.as_bytes()), 400, "Host");
}

#[test]
fn an_absolute_url_cannot_name_another_host() {
    let preview = Preview::start();
    let request = format!(
        "GET http://attacker.example/ HTTP/1.1\r\nHost: {}\r\n\r\n",
        preview.address
    );
    assert_refused(preview.send(request.as_bytes()), 400, "Bad request");
}

#[test]
fn malformed_request_heads_are_bad_requests() {
    let preview = Preview::start();
    let host = preview.address.clone();
    for request in [
        format!("GET /\r\nHost: {host}\r\n\r\n"),
        format!("GET / HTTP/1.1 extra\r\nHost: {host}\r\n\r\n"),
        format!("GET / SPDY/3\r\nHost: {host}\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\n folded: line\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost : {host}\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nNo colon here\r\n\r\n"),
        format!("GET /a\u{1}b HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nX: a\u{0}b\r\n\r\n"),
    ] {
        let (status, body) = preview.send(request.as_bytes());
        assert_eq!(status, 400, "{request:?}: {body}");
    }
    let mut not_utf8 = b"GET /\xff\xfe HTTP/1.1\r\nHost: ".to_vec();
    not_utf8.extend_from_slice(format!("{host}\r\n\r\n").as_bytes());
    assert_eq!(preview.send(&not_utf8).0, 400);
    assert_eq!(preview.get("/"), 200);
}

#[test]
fn an_oversized_header_is_refused_and_the_preview_goes_on() {
    let preview = Preview::start();
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\n\r\n",
        preview.address,
        "a".repeat(40 * 1024)
    );
    assert_refused(preview.send(request.as_bytes()), 431, "too large");
    let many = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\n{}\r\n",
        preview.address,
        "X: y\r\n".repeat(20_000)
    );
    assert_refused(preview.send(many.as_bytes()), 431, "too large");
    assert_eq!(preview.get("/"), 200);
}

#[test]
fn a_200_mb_header_is_not_buffered() {
    let preview = Preview::start();
    let before = preview.status("VmHWM");
    let mut stream = preview.connect();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: ",
        preview.address
    )
    .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    stream.set_write_timeout(Some(WAIT)).unwrap();
    let mut sent = 0;
    for _ in 0..200 {
        if stream.write_all(&chunk).is_err() {
            break; // the server refused the rest and closed
        }
        sent += 1;
    }
    let (status, _) = read_reply(&mut stream);
    assert!(
        sent < 200 || status == 431,
        "all 200 MB were taken, answered {status}"
    );
    let grown_mb = preview.status("VmHWM").saturating_sub(before) / 1024;
    assert!(grown_mb < 32, "memory grew by {grown_mb} MB");
    assert_eq!(preview.get("/"), 200);
}

#[test]
fn a_head_sent_a_byte_at_a_time_is_cut_off() {
    let preview = Preview::start();
    let mut stream = preview.connect();
    let started = Instant::now();
    let head = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: {}",
        preview.address,
        "a".repeat(1000)
    );
    let mut closed = false;
    for byte in head.bytes() {
        if stream.write_all(&[byte]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        if started.elapsed() > Duration::from_secs(15) {
            break;
        }
    }
    if !closed {
        // The server closes: reading ends (EOF or reset) well before the wait runs out.
        let mut rest = Vec::new();
        let ended = stream.read_to_end(&mut rest);
        assert!(
            !matches!(&ended, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "still open after {:?}",
            started.elapsed()
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(14),
        "cut off after {:?}",
        started.elapsed()
    );
    assert_eq!(preview.get("/"), 200);
}

#[test]
fn many_idle_connections_do_not_take_a_thread_each() {
    let preview = Preview::start();
    let idle: Vec<TcpStream> = (0..300).map(|_| preview.connect()).collect();
    std::thread::sleep(Duration::from_millis(500));
    let threads = preview.status("Threads");
    assert!(threads < 100, "{threads} threads for 300 idle connections");
    drop(idle);
    // The slots come back as the sockets close.
    let deadline = Instant::now() + WAIT;
    while preview.get("/") != 200 {
        assert!(Instant::now() < deadline, "no page after the idle flood");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn too_many_event_streams_are_refused_and_pages_still_answer() {
    let preview = Preview::start();
    // Each has its first bytes back, so all are taken or refused by now.
    let streams: Vec<TcpStream> = (0..40).map(|_| preview.stalled_events()).collect();
    let (status, body) = preview.get_with_host(EVENTS, Some(&preview.address.clone()));
    assert_refused((status, body), 503, "Too many");
    assert_eq!(preview.get("/"), 200);
    drop(streams);
}

#[test]
fn event_streams_that_never_read_do_not_hold_up_rebuilds() {
    let preview = Preview::start();
    let _stalled: Vec<TcpStream> = (0..8).map(|_| preview.stalled_events()).collect();
    // Errors in many pages: each failed rebuild sends every stream a big overlay.
    let spans: String = (0..40)
        .map(|i| format!("A <span>{i}</span>.\n\n"))
        .collect();
    let root = preview.case.root();
    let page = |n: usize| root.join(format!("content/pages/flood-{n}.md"));
    let write_pages = |extra: &str| {
        for n in 0..24 {
            let text =
                format!("+++\ntitle = \"Flood {n}\"\ndescription = \"x\"\n+++\n{spans}{extra}");
            std::fs::write(page(n), text).unwrap();
        }
    };
    let rebuilt = |count: usize| {
        let deadline = Instant::now() + WAIT;
        while preview.log().matches("changed, rebuilt").count() < count {
            assert!(
                Instant::now() < deadline,
                "rebuild {count} held up:\n{}",
                preview.log().lines().last().unwrap_or("")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    for save in 1..=10 {
        write_pages(&"\n".repeat(save));
        rebuilt(save);
    }
    assert_eq!(preview.get("/"), 200);
    for n in 0..24 {
        std::fs::remove_file(page(n)).unwrap();
    }
    // The Drop check compares files: the flood pages are gone again.
}
