//! One request head, read with limits and parsed strictly.
//!
//! A preview needs `GET` and `HEAD` of a path and nothing more, so the head is
//! all that is read: at most [`MAX_HEAD`] bytes, within [`HEAD_TIMEOUT`] in
//! all. Anything larger, slower or malformed is refused before it costs
//! memory or a thread for long.

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Browsers send well under 8 KiB; cookies of other local tools can add some.
pub const MAX_HEAD: usize = 16 * 1024;

/// The whole head must arrive within this, however it trickles in.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// Why no head was read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Over [`MAX_HEAD`] bytes without the blank line that ends a head.
    TooLarge,
    /// Closed, timed out or failed: there is nobody to answer.
    Gone,
}

/// Reads until the blank line that ends the head; returns the head without
/// it. Bytes after it (a body, or another request) are left unread or ignored.
pub fn read_head(reader: &mut impl Read) -> Result<Vec<u8>, ReadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let room = MAX_HEAD - head.len();
        let want = room.min(chunk.len());
        let n = match reader.read(&mut chunk[..want]) {
            Ok(0) => return Err(ReadError::Gone),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Err(ReadError::Gone),
        };
        // Search from just before the new bytes: the end may straddle reads.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&head[from..]) {
            head.truncate(from + end);
            return Ok(head);
        }
        if head.len() == MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
    }
}

/// Where the head ends in `bytes` (`\r\n\r\n`, or `\n\n` from sloppy
/// clients): the index of the blank line's first byte.
fn head_end(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find_map(|i| {
        let rest = &bytes[i..];
        if rest.starts_with(b"\n\r\n") || rest.starts_with(b"\n\n") {
            Some(i + 1)
        } else {
            None
        }
    })
}

/// A connection whose reads share one deadline, so a client sending a byte
/// now and then cannot hold it open for longer than [`HEAD_TIMEOUT`].
pub struct Deadline<'a> {
    pub stream: &'a TcpStream,
    pub until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

/// What the preview needs of a request.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent: `/a/b?x`, or anything else (refused later).
    pub target: String,
    /// The `Host` header's value.
    pub host: String,
}

/// Parses a head read by [`read_head`]; the error is the 400 reply's text.
pub fn parse(head: &[u8]) -> Result<Request, &'static str> {
    let text = std::str::from_utf8(head).map_err(|_| "the request is not UTF-8 text")?;
    // The last line's end, so that splitting makes no empty last line.
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let (method, target) = request_line(lines.next().unwrap_or(""))?;
    let mut host = None;
    for line in lines {
        let (name, value) = header(line)?;
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err("more than one Host header");
            }
            host = Some(value);
        }
    }
    let host = host.ok_or("no Host header (HTTP/1.1 requires one)")?;
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        host: host.to_owned(),
    })
}

/// `GET /path HTTP/1.1`: method, target, version, one space apart.
fn request_line(line: &str) -> Result<(&str, &str), &'static str> {
    let bad = "a malformed request line";
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad);
    };
    let method_ok = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    let target_ok = !target.is_empty() && !target.chars().any(char::is_control);
    if !method_ok || !target_ok || !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(bad);
    }
    Ok((method, target))
}

/// `Name: value`; no space before the colon, no folded lines, no control
/// characters (all of which could make two readers see different headers).
fn header(line: &str) -> Result<(&str, &str), &'static str> {
    let bad = "a malformed header line";
    let (name, value) = line.split_once(':').ok_or(bad)?;
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let value = value.trim_matches([' ', '\t']);
    let value_ok = !value.chars().any(|c| c.is_control() && c != '\t');
    if !name_ok || !value_ok {
        return Err(bad);
    }
    Ok((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
        read_head(&mut &bytes[..])
    }

    /// Hands out one byte per read, as a slow network might.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn a_head_ends_at_the_blank_line() {
        let head = read(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody").unwrap();
        assert_eq!(head, b"GET / HTTP/1.1\r\nHost: a\r\n");
        let sloppy = read(b"GET / HTTP/1.1\nHost: a\n\n").unwrap();
        assert_eq!(sloppy, b"GET / HTTP/1.1\nHost: a\n");
        let slow = read_head(&mut Trickle(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")).unwrap();
        assert_eq!(slow, b"GET / HTTP/1.1\r\nHost: a\r\n");
    }

    #[test]
    fn a_head_over_the_limit_is_too_large_however_it_comes() {
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.resize(MAX_HEAD + 10, b'a');
        big.extend_from_slice(b"\r\n\r\n");
        assert_eq!(read(&big), Err(ReadError::TooLarge));
        assert_eq!(read_head(&mut Trickle(&big)), Err(ReadError::TooLarge));
        let mut fits = b"GET / HTTP/1.1\r\nX: ".to_vec();
        fits.resize(MAX_HEAD - 4, b'a');
        fits.extend_from_slice(b"\r\n\r\n");
        assert_eq!(read(&fits).unwrap().len(), MAX_HEAD - 2);
    }

    #[test]
    fn a_head_cut_short_is_gone() {
        assert_eq!(read(b""), Err(ReadError::Gone));
        assert_eq!(read(b"GET / HTTP/1.1\r\nHost: a\r\n"), Err(ReadError::Gone));
    }

    #[test]
    fn parses_method_target_and_host() {
        let request = parse(b"GET /a?b HTTP/1.1\r\nHOST:  localhost:8\t\r\nAccept: */*").unwrap();
        assert_eq!(
            request,
            Request {
                method: "GET".into(),
                target: "/a?b".into(),
                host: "localhost:8".into(),
            }
        );
        assert_eq!(
            parse(b"HEAD / HTTP/1.0\r\nHost: a\r\n").unwrap().method,
            "HEAD"
        );
        let head = read(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n").unwrap();
        assert_eq!(parse(&head).unwrap().host, "a");
    }

    #[test]
    fn refuses_what_two_readers_could_read_differently() {
        for head in [
            &b"GET / HTTP/1.1"[..],
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b",
            b"GET / HTTP/1.1\r\nHost : a",
            b"GET / HTTP/1.1\r\nHost: a\r\n folded",
            b"GET / HTTP/1.1\r\nHost: a\r\nno colon",
            b"GET / HTTP/1.1\r\nHost: a\r\nX: \x00",
            b"GET / HTTP/1.1\r\nHost: a\rb",
            b"GET  / HTTP/1.1\r\nHost: a",
            b"GET / HTTP/2\r\nHost: a",
            b"get / HTTP/1.1\r\nHost: a",
            b"GET /\x01 HTTP/1.1\r\nHost: a",
            b"GET /\xff HTTP/1.1\r\nHost: a",
            b"GET /\r\nHost: a",
            b"",
        ] {
            assert!(parse(head).is_err(), "{}", String::from_utf8_lossy(head));
        }
    }
}
