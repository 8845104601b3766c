//! The preview's HTTP server: plain std sockets, one request per connection.
//!
//! Everything that costs memory or a thread is bounded: at most
//! [`MAX_CONNECTIONS`] at once (more are told 503 and closed at once), a
//! request head of at most `request::MAX_HEAD` bytes that must arrive within
//! `request::HEAD_TIMEOUT`, and writes that give up after [`WRITE_TIMEOUT`].
//! Requests not addressed to this machine (DNS rebinding) are refused before
//! anything of the site is looked at.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::http::{self, Reply, Route};
use super::request::{self, Deadline, ReadError, HEAD_TIMEOUT};
use super::state::Live;
use super::{host, reload};

/// Connections served at once, event streams included (each has a thread).
/// A preview is one person's few tabs: this is far more than they need.
pub const MAX_CONNECTIONS: usize = 64;

/// A client that takes no bytes for this long is gone, or not reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// After replying, what the client still sends is read and dropped for at
/// most this long (and [`DRAIN_LIMIT`] bytes) before the socket closes.
const DRAIN_TIME: Duration = Duration::from_secs(1);
const DRAIN_LIMIT: usize = 1 << 20;

/// Accepts connections on `listener` on a thread of its own.
pub fn spawn(listener: TcpListener, live: Arc<Live>, port: u16) {
    std::thread::spawn(move || {
        let open = Arc::new(AtomicUsize::new(0));
        for connection in listener.incoming() {
            let Ok(stream) = connection else {
                // Out of file descriptors, say: wait for some to close.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            };
            let Some(slot) = Slot::take(&open) else {
                refuse_busy(&stream);
                continue;
            };
            let live = Arc::clone(&live);
            // If no thread can be made, the closure is dropped and the connection closes.
            let _ = std::thread::Builder::new()
                .name("serve-connection".into())
                .spawn(move || {
                    handle(stream, &live, port);
                    drop(slot);
                });
        }
    });
}

/// One of the [`MAX_CONNECTIONS`] places; given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        open.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()?;
        Some(Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Tells a connection over the limit so, without ever blocking the accepting
/// thread: the reply fits in the new socket's empty send buffer.
fn refuse_busy(stream: &TcpStream) {
    let reply = Reply::text(503, "Too many connections: try again in a moment.\n");
    if stream.set_nonblocking(true).is_ok() {
        let _ = (&mut &*stream).write_all(&reply.to_bytes(false));
    }
}

fn handle(stream: TcpStream, live: &Live, port: u16) {
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let Ok(local) = stream.local_addr() else {
        return;
    };
    let until = Instant::now() + HEAD_TIMEOUT;
    let head = match request::read_head(&mut Deadline {
        stream: &stream,
        until,
    }) {
        Ok(head) => head,
        Err(ReadError::TooLarge) => {
            let reply = Reply::text(431, "Request header too large.\n");
            return answer(&stream, &reply, false);
        }
        Err(ReadError::Gone) => return,
    };
    let request = match request::parse(&head) {
        Ok(request) => request,
        Err(why) => {
            let reply = Reply::text(400, &format!("Bad request: {why}.\n"));
            return answer(&stream, &reply, false);
        }
    };
    if !host::is_ours(&request.host, port, local.ip()) {
        let reply = Reply::text(
            421,
            "Misdirected request: this preview answers only to its own address \
             (localhost, 127.0.0.1 or the address it listens on).\n",
        );
        return answer(&stream, &reply, false);
    }
    let head_only = request.method == "HEAD";
    match http::route(&request.method, &request.target, &live.current()) {
        Route::Reply(reply) => answer(&stream, &reply, head_only),
        Route::Events if head_only => {
            let reply = Reply {
                content_type: "text/event-stream; charset=utf-8",
                ..Reply::text(200, "")
            };
            answer(&stream, &reply, true);
        }
        Route::Events => stream_events(stream, live),
    }
}

/// Sends live-reload events until the client goes or is dropped.
fn stream_events(stream: TcpStream, live: &Live) {
    let Ok(other_end) = stream.try_clone() else {
        return;
    };
    let hang_up = Box::new(move || {
        let _ = other_end.shutdown(Shutdown::Both);
    });
    match live.subscribe(hang_up) {
        Some(subscription) => reload::pump(subscription, &mut &stream, || peer_closed(&stream)),
        None => {
            let reply = Reply::text(
                503,
                "Too many live-reload connections: close some preview tabs, then reload this one.\n",
            );
            answer(&stream, &reply, false);
        }
    }
}

/// Whether the client has closed its end (a closed tab), without waiting.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let closed = match stream.peek(&mut [0u8; 1]) {
        Ok(n) => n == 0,
        Err(e) => e.kind() != ErrorKind::WouldBlock,
    };
    stream.set_nonblocking(false).is_err() || closed
}

/// Writes `reply` and closes the connection.
fn answer(stream: &TcpStream, reply: &Reply, head_only: bool) {
    if (&mut &*stream)
        .write_all(&reply.to_bytes(head_only))
        .is_err()
    {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    // Closing a socket with unread bytes resets the connection, and the
    // client may then lose the reply: read what it still sends (a body, the
    // rest of an oversized head) first, within limits.
    let mut rest = Deadline {
        stream,
        until: Instant::now() + DRAIN_TIME,
    };
    let mut buffer = [0u8; 4096];
    let mut drained = 0;
    while drained < DRAIN_LIMIT {
        match rest.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}
