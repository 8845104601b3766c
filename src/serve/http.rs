//! Requests: URL to file of the built site, content types, path safety.
//!
//! Files are looked up as keys of the in-memory site, so nothing outside it
//! can be served whatever the URL says; suspicious URLs are still refused
//! with 400 so that a bug elsewhere cannot turn into a leak.

use super::reload::{self, EVENTS_PATH};
use super::state::Snapshot;

pub enum Route {
    Events,
    Reply(Reply),
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Reply {
    pub fn text(status: u16, text: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }

    /// The whole response; `HEAD` gets the head alone. Every connection
    /// serves one request (`Connection: close`): simple, and enough for a preview.
    pub fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        if let Some(location) = &self.location {
            out.push_str(&format!("Location: {}\r\n", ascii(location)));
        }
        if self.status == 405 {
            out.push_str("Allow: GET, HEAD\r\n");
        }
        // A preview is always rebuilt: never let the browser show an old copy.
        out.push_str(
            "Cache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\n\
             Connection: close\r\n\r\n",
        );
        let mut out = out.into_bytes();
        if !head_only {
            out.extend_from_slice(&self.body);
        }
        out
    }
}

/// The reason phrase of each status the preview answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// `text` with every byte that may not stand in a header percent-encoded
/// (a request line can carry raw UTF-8, and a redirect repeats it).
fn ascii(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'!'..=b'~' | b' ' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What to answer for `method` and the request target `url`.
pub fn route(method: &str, url: &str, site: &Snapshot) -> Route {
    if !matches!(method, "GET" | "HEAD") {
        return Route::Reply(Reply::text(405, "Method not allowed\n"));
    }
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    };
    if path == EVENTS_PATH {
        return Route::Events;
    }
    let Some(relative) = site_path(path) else {
        return Route::Reply(Reply::text(400, "Bad request\n"));
    };
    Route::Reply(find(site, &relative, path, query))
}

fn find(site: &Snapshot, relative: &str, path: &str, query: Option<&str>) -> Reply {
    let key = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    if let Some(bytes) = site.files.get(&key) {
        return file(site, 200, &key, bytes);
    }
    if !key.ends_with("index.html") && site.files.contains_key(&format!("{key}/index.html")) {
        // `/clusters` → `/clusters/`, so that the page's relative links work.
        let location = match query {
            Some(query) => format!("{}/?{}", ascii(path), ascii(query)),
            None => format!("{}/", ascii(path)),
        };
        return Reply {
            location: Some(location),
            ..Reply::text(301, "Moved permanently\n")
        };
    }
    not_found(site)
}

fn file(site: &Snapshot, status: u16, key: &str, bytes: &[u8]) -> Reply {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        reload::inject(bytes, &site.generation, site.error.as_deref())
    } else {
        bytes.to_vec()
    };
    Reply {
        status,
        content_type,
        body,
        location: None,
    }
}

fn not_found(site: &Snapshot) -> Reply {
    if let Some(bytes) = site.files.get("404.html") {
        return file(site, 404, "404.html", bytes);
    }
    // No good build yet: a bare page that still carries the overlay and reloads.
    let (status, text) = if site.built {
        (404, "Page not found.")
    } else {
        (
            503,
            "The site has not built yet: fix the errors and this page reloads by itself.",
        )
    };
    let page = format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
         <title>clustersite serve</title></head><body><p>{text}</p></body></html>"
    );
    file(site, status, "fallback.html", page.as_bytes())
}

/// The site-relative path of a request path (`/a/b/` → `a/b/`), or `None` if
/// it is anything but plain segments: `..` or `.`, empty segments (`//`),
/// backslashes, encoded `/` or `\` or NUL, bad escapes or UTF-8.
pub fn site_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    if rest.contains('\\') {
        return None;
    }
    let decoded = percent_decode(rest)?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    let bad = segments
        .iter()
        .enumerate()
        .any(|(i, segment)| matches!(*segment, "." | "..") || (segment.is_empty() && i != last));
    (!bad).then_some(decoded)
}

/// Decodes `%XX` escapes; refuses escapes of separators, NUL or control
/// characters (a real page path never needs them) and anything not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            let byte = u8::from_str_radix(hex, 16).ok()?;
            if byte == b'/' || byte == b'\\' || byte < 0x20 || byte == 0x7f {
                return None;
            }
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of an output file, by its name.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "atom.xml" => return "application/atom+xml; charset=utf-8",
        // Netlify-style host configuration, plain text.
        "_redirects" | "_headers" => return "text/plain; charset=utf-8",
        _ => {}
    }
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::overlay::Overlay;
    use crate::serve::state::Files;
    use std::sync::Arc;

    fn site() -> Snapshot {
        let files: Files = [
            ("index.html", "<body>home</body>"),
            ("404.html", "<body>missing</body>"),
            ("clusters/index.html", "<body>clusters</body>"),
            ("css/site.css", "body{}"),
            ("sitemap.xml", "<urlset/>"),
        ]
        .into_iter()
        .map(|(path, text)| (path.to_owned(), Arc::new(text.as_bytes().to_vec())))
        .collect();
        Snapshot {
            files: Arc::new(files),
            generation: "5".into(),
            error: None,
            built: true,
        }
    }

    fn get(url: &str, site: &Snapshot) -> Reply {
        match route("GET", url, site) {
            Route::Reply(reply) => reply,
            Route::Events => panic!("{url} is not the event stream"),
        }
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn folders_serve_their_index_and_get_a_slash() {
        let site = site();
        let home = get("/", &site);
        assert_eq!(home.status, 200);
        assert!(body(&home).contains("home"));
        assert_eq!(get("/clusters/", &site).status, 200);
        let moved = get("/clusters?x=1", &site);
        assert_eq!(moved.status, 301);
        assert_eq!(moved.location.as_deref(), Some("/clusters/?x=1"));
        assert_eq!(get("/clusters/?utm=1", &site).status, 200);
    }

    #[test]
    fn redirects_to_raw_unicode_paths_stay_valid_headers() {
        let mut site = site();
        Arc::get_mut(&mut site.files).unwrap().insert(
            "café/index.html".into(),
            Arc::new(b"<body></body>".to_vec()),
        );
        let moved = get("/café", &site);
        assert_eq!(moved.location.as_deref(), Some("/caf%C3%A9/"));
        let bytes = moved.to_bytes(false);
        assert!(bytes.is_ascii());
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\r\nLocation: /caf%C3%A9/\r\n"), "{text}");
    }

    #[test]
    fn missing_paths_get_the_404_page() {
        let site = site();
        for url in ["/nope", "/nope/", "/css/", "/index.html/"] {
            let reply = get(url, &site);
            assert_eq!(reply.status, 404, "{url}");
            assert!(body(&reply).contains("missing"), "{url}");
        }
    }

    #[test]
    fn never_built_sites_answer_503_with_the_overlay() {
        let site = Snapshot {
            files: Arc::new(Files::new()),
            generation: "1".into(),
            error: Some(Arc::new(Overlay {
                title: "1 error".into(),
                html: "content/site.toml:3:1".into(),
            })),
            built: false,
        };
        let reply = get("/", &site);
        assert_eq!(reply.status, 503);
        assert!(body(&reply).contains("content/site.toml:3:1"));
    }

    #[test]
    fn only_html_gets_the_script() {
        let site = site();
        assert!(body(&get("/", &site)).contains(EVENTS_PATH));
        assert!(body(&get("/404.html", &site)).contains(EVENTS_PATH));
        assert_eq!(body(&get("/css/site.css", &site)), "body{}");
        assert_eq!(body(&get("/sitemap.xml", &site)), "<urlset/>");
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2fcontent/site.toml",
            "/%2E%2E/x",
            "//etc/passwd",
            "/a//b",
            "/a/./b",
            "/a/../index.html",
            "/..\\x",
            "/%5c..%5cx",
            "/x%00.html",
            "/%zz",
            "/%c3",
            "etc/passwd",
            "http://example.test/",
            "",
        ] {
            assert_eq!(site_path(path), None, "{path}");
            assert_eq!(get(path, &site()).status, 400, "{path}");
        }
    }

    #[test]
    fn plain_paths_are_decoded() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/a/b/").as_deref(), Some("a/b/"));
        assert_eq!(site_path("/a%20b.pdf").as_deref(), Some("a b.pdf"));
        assert_eq!(site_path("/caf%C3%A9/").as_deref(), Some("café/"));
    }

    #[test]
    fn other_methods_are_not_allowed() {
        match route("POST", "/", &site()) {
            Route::Reply(reply) => assert_eq!(reply.status, 405),
            Route::Events => panic!(),
        }
    }

    #[test]
    fn the_event_stream_has_its_own_path() {
        assert!(matches!(route("GET", EVENTS_PATH, &site()), Route::Events));
    }

    #[test]
    fn responses_carry_length_and_head_gets_no_body() {
        let reply = Reply::text(421, "Misdirected\n");
        let full = String::from_utf8(reply.to_bytes(false)).unwrap();
        assert!(
            full.starts_with("HTTP/1.1 421 Misdirected Request\r\n"),
            "{full}"
        );
        assert!(full.contains("\r\nContent-Length: 12\r\n"), "{full}");
        assert!(full.contains("\r\nConnection: close\r\n"), "{full}");
        assert!(full.ends_with("\r\n\r\nMisdirected\n"), "{full}");
        let head = String::from_utf8(reply.to_bytes(true)).unwrap();
        assert!(head.ends_with("Content-Length: 12\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"), "{head}");
    }

    #[test]
    fn content_types_by_name() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("css/site.css", "text/css; charset=utf-8"),
            ("updates/atom.xml", "application/atom+xml; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("a/referral.pdf", "application/pdf"),
            ("data.json", "application/json"),
            ("logo.svg", "image/svg+xml"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.PNG", "image/png"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
