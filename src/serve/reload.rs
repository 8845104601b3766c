//! Live reload: the Server-Sent Events clients and the script injected into
//! HTML responses (only in `serve`'s responses: `build` output never has it).
//!
//! Events on [`EVENTS_PATH`]:
//! - `reload`, data = the site's generation: sent after every successful
//!   rebuild (and once on connecting); the page reloads if it is older;
//! - `build-error`, data = JSON `{title, html}` of the overlay: a rebuild failed;
//! - `ok`: the errors are fixed (a `reload` follows).

use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use super::overlay::{Overlay, BODY_ID, TITLE_ID};

pub const EVENTS_PATH: &str = "/__clustersite/events";

/// Most open event streams: one per preview tab is plenty, and each holds a
/// thread and a socket.
pub const MAX_STREAMS: usize = 16;

/// Messages that may wait for one client. A browser reads each at once, so a
/// client this far behind has stopped reading and is dropped: a rebuild never
/// waits for a browser.
const QUEUE: usize = 8;

/// How often an idle stream's writer looks whether the browser has gone (a
/// closed tab), so that its place is free again.
const PEER_CHECK: Duration = Duration::from_secs(1);

/// Open event streams. Sending only queues: each stream has its own writer
/// ([`pump`]), so a client that stops reading cannot block anyone else.
#[derive(Default)]
pub struct Clients {
    streams: Mutex<Vec<Client>>,
}

/// One stream's queue, whether its writer still runs, and how to end it.
struct Client {
    queue: SyncSender<Arc<str>>,
    writing: Weak<()>,
    hang_up: Box<dyn Fn() + Send>,
}

impl Drop for Client {
    /// Unblocks a writer stuck on a full socket, so that its thread ends now.
    fn drop(&mut self) {
        (self.hang_up)();
    }
}

/// What a stream's writer takes: the messages, and a token that tells the
/// list, by being dropped, that the writer has ended.
pub struct Subscription {
    messages: Receiver<Arc<str>>,
    _writing: Arc<()>,
}

impl Clients {
    /// Runs `work` with the stream list locked, so that publishing a new site
    /// and telling the clients about it is one step for a client connecting.
    pub fn locked<T>(&self, work: impl FnOnce(&mut Streams) -> T) -> T {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        work(&mut Streams(&mut streams))
    }
}

pub struct Streams<'a>(&'a mut Vec<Client>);

impl Streams<'_> {
    /// Queues `text` (one or more formatted events) for every client; drops
    /// clients whose queue is full or whose writer has ended. Never blocks.
    pub fn send(&mut self, text: &str) {
        let text: Arc<str> = Arc::from(text);
        self.0
            .retain(|client| client.queue.try_send(Arc::clone(&text)).is_ok());
    }

    /// Adds a client whose first message is `greeting` (the current state);
    /// `hang_up` closes its connection. `None` when [`MAX_STREAMS`] are open.
    pub fn add(&mut self, greeting: &str, hang_up: Box<dyn Fn() + Send>) -> Option<Subscription> {
        self.0.retain(|client| client.writing.strong_count() > 0);
        if self.0.len() >= MAX_STREAMS {
            return None;
        }
        let (queue, messages) = sync_channel(QUEUE);
        queue.try_send(Arc::from(greeting)).ok()?;
        let writing = Arc::new(());
        self.0.push(Client {
            queue,
            writing: Arc::downgrade(&writing),
            hang_up,
        });
        Some(Subscription {
            messages,
            _writing: writing,
        })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// A stream's writer: sends each queued message until the client is dropped
/// (its queue closes), a write fails (it went away, or stopped reading for
/// longer than the socket's write timeout) or `gone` says the browser left.
pub fn pump(subscription: Subscription, out: &mut impl Write, gone: impl Fn() -> bool) {
    loop {
        match subscription.messages.recv_timeout(PEER_CHECK) {
            Ok(text) => {
                if out
                    .write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .is_err()
                {
                    return;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if gone() {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The response head of an event stream, written by hand because the stream
/// never ends: no length, no chunking, the body runs until the connection closes.
pub const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\n\
    Content-Type: text/event-stream; charset=utf-8\r\n\
    Cache-Control: no-store\r\n\
    Connection: close\r\n\
    X-Content-Type-Options: nosniff\r\n\r\n\
    retry: 1000\n\n";

/// One event. `data` must be a single line (JSON from serde_json is).
pub fn event(name: &str, data: &str) -> String {
    debug_assert!(!data.contains('\n'));
    format!("event: {name}\ndata: {data}\n\n")
}

pub fn reload_event(generation: &str) -> String {
    event("reload", generation)
}

pub fn error_event(overlay: &Overlay) -> String {
    event("build-error", &to_json(overlay))
}

pub fn ok_event() -> String {
    event("ok", "")
}

/// A comment line: keeps idle connections open and finds closed ones.
pub const KEEPALIVE: &str = ": keepalive\n\n";

/// JSON that is safe inside an inline `<script>`: no `<` to end it early.
fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .expect("overlay state serialises")
        .replace('<', "\\u003c")
}

#[derive(serde::Serialize)]
struct PageState<'a> {
    generation: &'a str,
    error: Option<&'a Overlay>,
}

/// `html` with the live-reload script (and the current error state, so a
/// reload still shows the overlay) inserted before `</body>`.
pub fn inject(html: &[u8], generation: &str, error: Option<&Overlay>) -> Vec<u8> {
    let state = to_json(&PageState { generation, error });
    let script = SCRIPT
        .replace("__STATE__", &state)
        .replace("__EVENTS__", EVENTS_PATH)
        .replace("__TITLE_ID__", TITLE_ID)
        .replace("__BODY_ID__", BODY_ID);
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Where the last `</body>` starts, in any letter case.
fn body_end(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body";
    (0..html.len().saturating_sub(TAG.len() - 1))
        .rev()
        .find(|&i| html[i..i + TAG.len()].eq_ignore_ascii_case(TAG))
}

/// Listens for events; reloads when the site changed, shows the overlay while
/// the content has errors. The overlay is a labelled `alertdialog` that takes
/// focus on its Close button and closes with Escape.
const SCRIPT: &str = r#"<script data-clustersite-serve>(function () {
  var state = __STATE__;
  var id = "__clustersite-overlay";
  function hide() {
    var old = document.getElementById(id);
    if (old) old.parentNode.removeChild(old);
  }
  function show(error) {
    hide();
    var box = document.createElement("div");
    box.id = id;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "__TITLE_ID__");
    box.setAttribute("aria-describedby", "__BODY_ID__");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;max-height:85vh;overflow:auto;" +
      "z-index:2147483647;box-sizing:border-box;padding:1rem 1.25rem;background:#fff;color:#0b0c0c;" +
      "border-bottom:6px solid #b10e1e;box-shadow:0 4px 16px rgba(0,0,0,.35);font:16px/1.4 system-ui,sans-serif";
    box.innerHTML = error.html;
    var close = box.querySelector("button");
    close.addEventListener("click", hide);
    box.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
    document.body.appendChild(box);
    close.focus();
  }
  if (state.error) show(state.error);
  if (!window.EventSource) return;
  var events = new EventSource("__EVENTS__");
  events.addEventListener("reload", function (e) {
    if (e.data !== state.generation) location.reload();
  });
  events.addEventListener("build-error", function (e) {
    state.error = JSON.parse(e.data);
    show(state.error);
  });
  events.addEventListener("ok", function () {
    state.error = null;
    hide();
  });
})();</script>"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(page, "7", None)).unwrap();
        let script = out.find("<script data-clustersite-serve>").unwrap();
        assert!(script > out.find("<p>x</p>").unwrap());
        assert!(out.ends_with("</script></BODY></html>"));
        assert!(out.contains(r#"var state = {"generation":"7","error":null};"#));
        assert!(out.contains(EVENTS_PATH));
    }

    #[test]
    fn a_page_without_body_end_gets_the_script_at_the_end() {
        let out = String::from_utf8(inject(b"<p>x", "1", None)).unwrap();
        assert!(out.starts_with("<p>x<script"));
        assert!(out.ends_with("</script>"));
    }

    #[test]
    fn error_state_cannot_close_the_script_early() {
        let overlay = Overlay {
            title: "1 error".into(),
            html: "</script><script>alert(1)</script>".into(),
        };
        let out = String::from_utf8(inject(b"<body></body>", "1", Some(&overlay))).unwrap();
        assert_eq!(out.matches("</script>").count(), 1);
        assert!(out.contains(r#""title":"1 error""#));
    }

    #[test]
    fn events_are_one_data_line_each() {
        assert_eq!(reload_event("3"), "event: reload\ndata: 3\n\n");
        let overlay = Overlay {
            title: "2 errors".into(),
            html: "<pre>a\nb</pre>".into(),
        };
        let text = error_event(&overlay);
        assert!(text.starts_with("event: build-error\ndata: {"));
        assert_eq!(text.matches('\n').count(), 3);
    }

    fn add(streams: &mut Streams, hung_up: &Arc<AtomicUsize>) -> Option<Subscription> {
        let hung_up = Arc::clone(hung_up);
        streams.add(
            "hello",
            Box::new(move || {
                hung_up.fetch_add(1, Ordering::SeqCst);
            }),
        )
    }

    /// A writer on its own thread into a shared buffer, as a socket's would be.
    fn writer(subscription: Subscription) -> (Arc<Mutex<Vec<u8>>>, std::thread::JoinHandle<()>) {
        struct Shared(Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let out = Arc::new(Mutex::new(Vec::new()));
        let mut shared = Shared(Arc::clone(&out));
        let thread = std::thread::spawn(move || pump(subscription, &mut shared, || false));
        (out, thread)
    }

    #[test]
    fn a_client_that_stops_reading_is_dropped_without_blocking_the_rest() {
        let hung_up = Arc::new(AtomicUsize::new(0));
        let clients = Clients::default();
        // Never pumped: its queue fills like the socket of a client that never reads.
        let stalled = clients.locked(|streams| add(streams, &hung_up)).unwrap();
        let reading = clients.locked(|streams| add(streams, &hung_up)).unwrap();
        let (out, thread) = writer(reading);
        let received = |n: usize| {
            let text = String::from_utf8(out.lock().unwrap().clone()).unwrap();
            text.contains(&format!("data: {n}\n"))
        };
        for n in 0..20 {
            let started = std::time::Instant::now();
            clients.locked(|streams| streams.send(&reload_event(&n.to_string())));
            assert!(started.elapsed() < Duration::from_millis(100), "send {n}");
            // The reader keeps up, as a browser does; the stalled one never reads.
            let deadline = started + Duration::from_secs(10);
            while !received(n) {
                assert!(
                    std::time::Instant::now() < deadline,
                    "event {n} not written"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        assert_eq!(
            hung_up.load(Ordering::SeqCst),
            1,
            "the stalled one was hung up"
        );
        clients.locked(|streams| assert_eq!(streams.len(), 1));
        // Dropping the last client closes its queue; its writer ends.
        clients.locked(|streams| streams.0.clear());
        thread.join().unwrap();
        let text = String::from_utf8(out.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("helloevent: reload\ndata: 0\n"));
        assert!(text.ends_with("data: 19\n\n"));
        drop(stalled);
    }

    #[test]
    fn clients_whose_writer_ended_are_dropped() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let hung_up = Arc::new(AtomicUsize::new(0));
        let clients = Clients::default();
        let broken = clients.locked(|streams| add(streams, &hung_up)).unwrap();
        pump(broken, &mut Broken, || false);
        let left = clients.locked(|streams| add(streams, &hung_up)).unwrap();
        pump(left, &mut Vec::new(), || true);
        clients.locked(|streams| {
            streams.send(KEEPALIVE);
            assert_eq!(streams.len(), 0);
        });
        assert_eq!(hung_up.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn streams_are_capped_and_ended_ones_free_their_place() {
        let hung_up = Arc::new(AtomicUsize::new(0));
        let clients = Clients::default();
        let mut open: Vec<Subscription> = (0..MAX_STREAMS)
            .map(|_| clients.locked(|streams| add(streams, &hung_up)).unwrap())
            .collect();
        assert!(clients.locked(|streams| add(streams, &hung_up)).is_none());
        drop(open.pop());
        assert!(clients.locked(|streams| add(streams, &hung_up)).is_some());
    }
}
