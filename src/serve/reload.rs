//! Live reload: the Server-Sent Events clients and the script injected into
//! HTML responses (only in `serve`'s responses: `build` output never has it).
//!
//! Events on [`EVENTS_PATH`]:
//! - `reload`, data = the site's generation: sent after every successful
//!   rebuild (and once on connecting); the page reloads if it is older;
//! - `build-error`, data = JSON `{title, html}` of the overlay: a rebuild failed;
//! - `ok`: the errors are fixed (a `reload` follows).

use std::io::Write;
use std::sync::Mutex;

use super::overlay::{Overlay, BODY_ID, TITLE_ID};

pub const EVENTS_PATH: &str = "/__clustersite/events";

/// Open event streams. A stream that fails to take a write is dropped.
#[derive(Default)]
pub struct Clients {
    streams: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Clients {
    /// Runs `work` with the stream list locked, so that publishing a new site
    /// and telling the clients about it is one step for a client connecting.
    pub fn locked<T>(&self, work: impl FnOnce(&mut Streams) -> T) -> T {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        work(&mut Streams(&mut streams))
    }
}

pub struct Streams<'a>(&'a mut Vec<Box<dyn Write + Send>>);

impl Streams<'_> {
    /// Sends `text` (one or more formatted events) to every client.
    pub fn send(&mut self, text: &str) {
        self.0.retain_mut(|stream| write_all(stream, text));
    }

    /// Adds a client after sending it `greeting` (the current state).
    pub fn add(&mut self, mut stream: Box<dyn Write + Send>, greeting: &str) {
        if write_all(&mut stream, greeting) {
            self.0.push(stream);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.len()
    }
}

fn write_all(stream: &mut Box<dyn Write + Send>, text: &str) -> bool {
    stream.write_all(text.as_bytes()).is_ok() && stream.flush().is_ok()
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

    #[test]
    fn closed_clients_are_dropped() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let clients = Clients::default();
        clients.locked(|streams| {
            streams.add(Box::new(Vec::new()), "hello");
            streams.add(Box::new(Broken), "hello");
            assert_eq!(streams.len(), 1);
            streams.send(KEEPALIVE);
            assert_eq!(streams.len(), 1);
        });
    }
}
