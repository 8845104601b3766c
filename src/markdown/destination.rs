//! Where a link or image address leads, read the way a browser reads it:
//! schemes in any capitals, with spaces and control characters around them
//! or tabs and newlines inside them (`java\tscript:` is `javascript:` to a
//! browser), and `\` taken as `/` (`/\evil.example` is another site).

/// An address, as a browser will follow it.
#[derive(Debug, PartialEq, Eq)]
pub enum Destination {
    /// `#section`: a place on the same page.
    Fragment,
    /// `/clusters/`: a path on this site, without its `#fragment`.
    SitePath(String),
    /// `https://host/…`, a whole secure address; `hidden_by` is the user name
    /// or password written before the host (`https://www.leeds.gov.uk@evil/`),
    /// which makes the address look like it leads somewhere it does not.
    Secure { host: String, hidden_by: bool },
    /// `http:` in any form; `secure` is the same address with `https://`.
    Insecure { secure: String },
    /// `//host/…`: another site, over whatever scheme the page was loaded with.
    NoScheme { secure: String },
    /// `mailto:` and `tel:`.
    Contact,
    /// A scheme that runs code or reads the reader's own files.
    Dangerous(String),
    /// Any other scheme (`ftp:`, `sms:`), lower-cased.
    OtherScheme(String),
    /// `https:` with no host, or one a browser would not accept.
    Malformed,
    /// Anything else: `page.html`, `../x`, `https:evil.example`.
    Relative,
}

/// Schemes that run code in the page or read the reader's own files.
const DANGEROUS: [&str; 4] = ["javascript", "data", "vbscript", "file"];

impl Destination {
    pub fn of(dest: &str) -> Destination {
        let read = as_browser_reads(dest);
        if let Some((scheme, rest)) = split_scheme(&read) {
            return match scheme.as_str() {
                "https" => secure(&read, rest),
                "http" => Destination::Insecure {
                    secure: format!("https://{}", without_slashes(rest)),
                },
                "mailto" | "tel" => Destination::Contact,
                s if DANGEROUS.contains(&s) => Destination::Dangerous(scheme),
                _ => Destination::OtherScheme(scheme),
            };
        }
        let mut chars = read.chars();
        match (chars.next(), chars.next()) {
            (Some('/' | '\\'), Some('/' | '\\')) => Destination::NoScheme {
                secure: format!("https://{}", without_slashes(&read)),
            },
            // The path as written, so that a tab in it is not forgiven.
            (Some('/'), _) => {
                let path = dest.split('#').next().unwrap_or_default();
                Destination::SitePath(path.to_owned())
            }
            (Some('#'), _) => Destination::Fragment,
            _ => Destination::Relative,
        }
    }
}

/// The address with what browsers remove removed: control characters and
/// spaces at either end, tabs and newlines anywhere (WHATWG URL standard).
fn as_browser_reads(dest: &str) -> String {
    dest.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// `(scheme, rest)` with the scheme lower-cased, if the address starts with one.
fn split_scheme(read: &str) -> Option<(String, &str)> {
    let (scheme, rest) = read.split_once(':')?;
    let mut chars = scheme.chars();
    let is_scheme = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| (scheme.to_ascii_lowercase(), rest))
}

fn without_slashes(rest: &str) -> &str {
    rest.trim_start_matches(['/', '\\'])
}

/// An `https:` address: whole only with `//` and a host; browsers take a
/// bare `https:evil.example` as a path on the page's own site.
fn secure(read: &str, rest: &str) -> Destination {
    let mut chars = rest.chars();
    if !matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    ) {
        return Destination::Relative;
    }
    match url::Url::parse(read) {
        Ok(url) => match url.host_str() {
            Some(host) if !host.is_empty() => Destination::Secure {
                host: host.to_owned(),
                hidden_by: !url.username().is_empty() || url.password().is_some(),
            },
            _ => Destination::Malformed,
        },
        Err(_) => Destination::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::Destination::*;
    use super::*;

    fn of(dest: &str) -> Destination {
        Destination::of(dest)
    }

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for dest in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1} javascript:alert(1)",
            " JAVASCRIPT:alert(1) ",
        ] {
            assert_eq!(of(dest), Dangerous("javascript".into()), "{dest:?}");
        }
        assert_eq!(of("DATA:image/svg+xml,<svg>"), Dangerous("data".into()));
        assert_eq!(of("vbscript:x"), Dangerous("vbscript".into()));
        assert_eq!(of("File:///etc/passwd"), Dangerous("file".into()));
        assert_eq!(of("ftp://x.example/"), OtherScheme("ftp".into()));
        assert_eq!(of("mailto:a@b.example"), Contact);
        assert_eq!(of("TEL:0113"), Contact);
    }

    #[test]
    fn web_addresses_in_every_spelling() {
        let secure = |host: &str| Secure {
            host: host.into(),
            hidden_by: false,
        };
        assert_eq!(of("https://leeds.gov.uk/x"), secure("leeds.gov.uk"));
        assert_eq!(of("HTTPS://Leeds.gov.uk/x"), secure("leeds.gov.uk"));
        assert_eq!(of("https:\\\\leeds.gov.uk/x"), secure("leeds.gov.uk"));
        assert_eq!(
            of("https://leeds.gov.uk@evil.example/"),
            Secure {
                host: "evil.example".into(),
                hidden_by: true
            }
        );
        assert_eq!(of("https://"), Malformed);
        assert_eq!(of("https:evil.example"), Relative);
        let insecure = |s: &str| Insecure { secure: s.into() };
        assert_eq!(
            of("http://evil.example/"),
            insecure("https://evil.example/")
        );
        assert_eq!(
            of("HTTP://evil.example/"),
            insecure("https://evil.example/")
        );
        assert_eq!(
            of("http:evil.example/x"),
            insecure("https://evil.example/x")
        );
        let no_scheme = |s: &str| NoScheme { secure: s.into() };
        assert_eq!(of("//evil.example/"), no_scheme("https://evil.example/"));
        assert_eq!(of("/\\evil.example/"), no_scheme("https://evil.example/"));
        assert_eq!(of("\\\\evil.example/"), no_scheme("https://evil.example/"));
    }

    #[test]
    fn site_paths_fragments_and_the_rest() {
        assert_eq!(of("/clusters/#a"), SitePath("/clusters/".into()));
        assert_eq!(of("/clus\tters/"), SitePath("/clus\tters/".into()));
        assert_eq!(of("#contact"), Fragment);
        assert_eq!(of("page.html"), Relative);
        assert_eq!(of("java%73cript:alert(1)"), Relative);
        assert_eq!(of(""), Relative);
    }
}
