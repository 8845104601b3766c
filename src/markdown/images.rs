//! The rules for an image: it loads from the site's own static files (the
//! site loads nothing from other sites, and nothing that runs code), and its
//! text alternative has something a screen reader can read out.

use std::collections::BTreeSet;

use super::destination::Destination;
use super::Finding;

const SAVE_HELP: &str = "save the image in the site's static/ folder and use its address on this site, e.g. ![what it shows](/images/photo.png)";

/// The endings of image files browsers show.
const IMAGE_TYPES: [&str; 7] = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"];

/// What is wrong with an image at `dest`, if anything. `addresses` is every
/// address the site publishes, its static files included.
pub fn check(dest: &str, addresses: &BTreeSet<String>) -> Option<Finding> {
    match Destination::of(dest) {
        Destination::SitePath(path) => local(&path, addresses),
        Destination::Secure { .. }
        | Destination::Insecure { .. }
        | Destination::NoScheme { .. }
        | Destination::Malformed => Some(Finding::new(
            "external-resource",
            format!("this image loads from another site: {dest}"),
            SAVE_HELP,
        )),
        Destination::Dangerous(scheme) | Destination::OtherScheme(scheme) => Some(Finding::new(
            "unsafe-link",
            format!("`{scheme}:` addresses are not allowed"),
            SAVE_HELP,
        )),
        Destination::Contact | Destination::Fragment | Destination::Relative => Some(Finding::new(
            "relative-link",
            format!("`{dest}` is not a site address"),
            "write the image's address from the site's root, e.g. /images/photo.png",
        )),
    }
}

fn local(path: &str, addresses: &BTreeSet<String>) -> Option<Finding> {
    let file = percent_decoded(path);
    let lower = file.to_ascii_lowercase();
    let is_image = IMAGE_TYPES.iter().any(|ending| lower.ends_with(ending));
    if is_image && addresses.contains(&file) {
        return None;
    }
    let help = if is_image {
        format!("save the image as static{file} in the site's folder, or correct the address")
    } else {
        format!(
            "an image's address ends with its file name and type ({}), e.g. /images/photo.png",
            IMAGE_TYPES.join(", ")
        )
    };
    Some(Finding::new(
        "missing-image",
        format!("there is no image {path}"),
        help,
    ))
}

/// `%20` and the like as the characters they stand for, as a web server
/// reads the path; an escape that is not valid UTF-8 stays as written.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let digit = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], digit(i + 1), digit(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_owned())
}

/// Whether an image's text alternative has anything to read out: not only
/// spaces, zero-width, joining, direction or other invisible characters.
pub fn has_visible_text(alt: &str) -> bool {
    alt.chars().any(|c| !is_invisible(c))
}

/// Blank to a reader: spaces, the invisible characters, and the blank
/// Braille pattern (which is printed, but shows nothing).
fn is_invisible(c: char) -> bool {
    c.is_whitespace() || c == '\u{2800}' || crate::invisible::is_hidden(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses() -> BTreeSet<String> {
        ["/clusters/", "/images/map.png", "/images/photo one.png"]
            .map(String::from)
            .into()
    }

    fn rule(dest: &str) -> Option<&'static str> {
        check(dest, &addresses()).map(|f| f.rule)
    }

    #[test]
    fn only_the_sites_own_image_files_load() {
        assert_eq!(rule("/images/map.png"), None);
        assert_eq!(rule("/images/map.png#x"), None);
        assert_eq!(rule("/images/photo%20one.png"), None);
        assert_eq!(rule("/images/other.png"), Some("missing-image"));
        assert_eq!(rule("/clusters/"), Some("missing-image"));
        assert_eq!(
            rule("HTTPS://evil.example/x.png"),
            Some("external-resource")
        );
        assert_eq!(rule("http:evil.example/x.png"), Some("external-resource"));
        assert_eq!(rule("//evil.example/x.png"), Some("external-resource"));
        assert_eq!(rule("/\\evil.example/x.png"), Some("external-resource"));
        assert_eq!(rule("https://"), Some("external-resource"));
        assert_eq!(rule("java\tscript:alert(1)"), Some("unsafe-link"));
        assert_eq!(rule("data:image/svg+xml,<svg>"), Some("unsafe-link"));
        assert_eq!(rule("images/map.png"), Some("relative-link"));
    }

    #[test]
    fn escapes_that_are_not_text_stay_as_written() {
        assert_eq!(percent_decoded("/a%20b%"), "/a b%");
        assert_eq!(percent_decoded("/a%zz%+1"), "/a%zz%+1");
        assert_eq!(percent_decoded("/a%ff"), "/a%ff");
        assert_eq!(percent_decoded("/caf%C3%A9"), "/café");
    }

    #[test]
    fn text_alternatives_need_something_to_read_out() {
        assert!(has_visible_text("a map"));
        assert!(has_visible_text("\u{200b}x"));
        for alt in [
            "",
            " ",
            "\u{200b}",
            "\u{ad}\u{a0}\u{2060}\u{200f}",
            "\u{3164}",
            "\u{feff}\t",
        ] {
            assert!(!has_visible_text(alt), "{alt:?}");
        }
    }
}
