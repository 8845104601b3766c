//! The site's base address (`base_url` in site.toml, or `--base-url`) and
//! other absolute addresses the site publishes: parsed as browsers parse
//! them, and refused unless they are plain `https://` addresses.

/// What is wrong with an absolute address the site links to, if anything:
/// it must parse as a URL, use https, name a host, carry no user name or
/// password, and hold no spaces, control or invisible characters (a URL
/// parser silently drops tabs and new lines, so they are refused first).
pub fn https_problem(url: &str) -> Option<String> {
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || crate::invisible::is_hidden(*c))
    {
        return Some(format!(
            "has the character {}, which cannot be part of a web address",
            crate::site_path::describe_char(c)
        ));
    }
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(e) => return Some(format!("is not a web address ({e})")),
    };
    if parsed.scheme() != "https" {
        return Some(format!(
            "starts with {}: instead of https:",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Some("names no host".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some("holds a user name or password".into());
    }
    None
}

/// What is wrong with a base address, if anything: an https address with a
/// plain host name and no `?query` or `#part`, since every page's address is
/// added to its end. `base_url` in site.toml and `--base-url` both obey it.
pub fn problem(url: &str) -> Option<String> {
    if url.starts_with("http://") {
        return Some("is not secure: the site is served over https://".into());
    }
    let Some(rest) = url.strip_prefix("https://") else {
        return Some("is not a web address: it must start with https://".into());
    };
    let host = rest.split('/').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && (label.chars()).all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        });
    if !host_ok {
        return Some("is not a web address: it needs a host name".into());
    }
    if let Some(why) = https_problem(url) {
        return Some(why);
    }
    if url.contains(['?', '#']) {
        return Some("must be the site's address alone, without ? or #".into());
    }
    None
}

/// The base address without a final `/`, as page addresses (which start
/// with `/`) are added to it.
pub fn trimmed(url: &str) -> &str {
    url.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_https_addresses_are_base_addresses() {
        for good in [
            "https://localhost:8080",
            "https://clusters.leeds.example",
            "https://clusters.leeds.example/",
            "https://example.org/leeds/clusters",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
        for bad in [
            "http://clusters.leeds.example",
            "javascript:alert(1)",
            "data:text/html,hi",
            "//evil.example",
            "https://user:pw@evil.example",
            "https://evil.example/?a=1&b=<script>",
            "https://evil.example/#x",
            "https://a.example/\nSitemap: https://evil.example/",
            "https://a\u{200b}.example",
            "https://",
            "ftp://a.example",
            "HTTP://a.example",
            "clusters.leeds.example",
            "https://bad host.example",
            "https://x..example",
        ] {
            assert!(problem(bad).is_some(), "{bad:?} accepted");
        }
    }
}
