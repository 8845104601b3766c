//! One grammar for the site's own paths, and the one place that turns a
//! relative output path into a file path inside the output folder.
//!
//! Everything the build writes gets its name from content (slugs, redirect
//! addresses), so every such value is checked against this grammar while
//! checking, and every path is proven again just before it is written.

use std::path::{Path, PathBuf};

/// What is wrong with a slug (one segment of a web address), if anything.
/// Lower-case ASCII letters, digits and single hyphens inside: nothing a
/// browser, a file system or a reader could take for something else.
pub fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("it is empty")
    } else if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Some("only lower-case letters a to z, digits and hyphens can be part of a web address")
    } else if slug.starts_with('-') || slug.ends_with('-') {
        Some("it starts or ends with a hyphen")
    } else {
        None
    }
}

/// What is wrong with an address on this site (`/clusters/old-name/`), if
/// anything. Segments are lower-case letters, digits, `-`, `_` and `.`; no
/// `.` or `..` segment, no empty segment, no `%`-escapes, no `\`, spaces,
/// control, invisible or bidi characters. A final segment with a dot is a
/// file (`/old/page.html`); otherwise the address ends with `/`.
pub fn site_url_problem(url: &str) -> Option<String> {
    let Some(rest) = url.strip_prefix('/') else {
        return Some("it does not start with /".into());
    };
    if let Some(bad) = url.chars().find(|c| !is_url_char(*c)) {
        return Some(match bad {
            '%' => "it has a %-escape; write the address as it reads".into(),
            '\\' => "it has a backslash (\\); web addresses use /".into(),
            c if c.is_ascii_uppercase() => {
                "it has capital letters; addresses are lower case".into()
            }
            c => format!(
                "it has the character {}, which cannot be part of a web address here",
                describe_char(c)
            ),
        });
    }
    if rest.is_empty() {
        return None;
    }
    let segments: Vec<&str> = rest.strip_suffix('/').unwrap_or(rest).split('/').collect();
    for segment in &segments {
        match *segment {
            "" => return Some("it has an empty part (//)".into()),
            "." | ".." => {
                return Some(format!("it has a `{segment}` part, which points elsewhere"))
            }
            _ => {}
        }
    }
    None
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | '/')
}

/// `U+202E (RIGHT-TO-LEFT OVERRIDE)`-style names for characters people
/// cannot see; others are shown as themselves.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\t' => "TAB",
        '\n' => "LINE FEED (a new line)",
        '\r' => "CARRIAGE RETURN",
        ' ' => "SPACE",
        '\u{a0}' => "NO-BREAK SPACE",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        c if crate::invisible::is_hidden(c) => return crate::invisible::describe(c),
        c if crate::invisible::is_noncharacter(c) => "a noncharacter",
        c => return format!("`{c}`"),
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

/// Text as it can be shown in one line of a message: characters people
/// cannot see (new lines, tabs, zero-width, bidi controls) are named.
pub fn visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let name = describe_char(c);
        if name.starts_with("U+") && c != ' ' {
            out.push('<');
            out.push_str(&name);
            out.push('>');
        } else {
            out.push(c);
        }
    }
    out
}

/// What is wrong with the name of a file published as it is (a static file),
/// if anything: its path must stay inside the output, and it may hold no
/// spaces, control, invisible or bidi characters, which would make an
/// address that reads as something else.
pub fn file_name_problem(relative: &str) -> Option<String> {
    if let Err(why) = inside(Path::new("/"), relative) {
        return Some(why);
    }
    let bad = relative
        .chars()
        .find(|&c| c.is_whitespace() || crate::invisible::is_hidden(c))?;
    Some(format!(
        "its name has the character {}, which cannot be part of a web address",
        describe_char(bad)
    ))
}

/// The file for a relative output path (`clusters/a/index.html`) inside
/// `folder`, or why it would not be inside. Only plain segments are allowed,
/// so the result cannot climb out of `folder` whatever the path says; the
/// folder itself is made by the build, so no symlink can be inside it.
pub fn inside(folder: &Path, relative: &str) -> Result<PathBuf, String> {
    let refuse = |why: &str| Err(format!("refusing to write `{}`: {why}", visible(relative)));
    if relative.is_empty() {
        return refuse("it has no name");
    }
    let mut path = folder.to_path_buf();
    for segment in relative.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return refuse("it would not be a file inside the output folder");
        }
        if segment.chars().any(|c| c == '\\' || c.is_control()) {
            return refuse("it has a backslash or a control character");
        }
        path.push(segment);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_segments() {
        assert_eq!(slug_problem("inner-east"), None);
        assert_eq!(slug_problem("a1"), None);
        for bad in [
            "",
            "-a",
            "a-",
            "A",
            "a b",
            "../x",
            "a/b",
            "a.b",
            "é",
            "a\u{200b}b",
        ] {
            assert!(slug_problem(bad).is_some(), "{bad:?} accepted");
        }
    }

    #[test]
    fn site_urls_cannot_point_elsewhere() {
        for good in ["/", "/clusters/old-name/", "/old/page.html", "/a_b/"] {
            assert_eq!(site_url_problem(good), None, "{good}");
        }
        for bad in [
            "clusters/",
            "/../../x/",
            "/a/../b/",
            "/./x/",
            "//evil.example/",
            "/a//b/",
            "/a\\b/",
            "/%2e%2e/",
            "/a b/",
            "/a\n/* https://evil.example/:splat 200!",
            "/\u{202e}txt.exe/",
            "/A/",
        ] {
            assert!(site_url_problem(bad).is_some(), "{bad:?} accepted");
        }
    }

    #[test]
    fn output_paths_stay_inside_their_folder() {
        let folder = Path::new("/out");
        assert_eq!(
            inside(folder, "clusters/a/index.html").unwrap(),
            Path::new("/out/clusters/a/index.html")
        );
        for bad in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "./a",
            "a\\..\\b",
            "a/\n/b",
        ] {
            assert!(inside(folder, bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn invisible_characters_are_named() {
        assert_eq!(
            describe_char('\u{202e}'),
            "U+202E (a text direction control)"
        );
        assert_eq!(describe_char('x'), "`x`");
    }
}
