//! Display forms shared by pages, feeds and checks: phone numbers, money, counts.

/// GOV.UK style for UK numbers: "0113 395 2613", "020 7946 0000", "07700 900 982".
/// Anything that is not an 11-digit UK number is returned as written.
pub fn phone_display(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("44") {
        Some(rest) if raw.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    };
    if digits.len() != 11 || !digits.starts_with('0') {
        return raw.trim().to_owned();
    }
    let groups: &[usize] = if digits.starts_with("02") {
        &[3, 4, 4]
    } else if digits.starts_with("011")
        || (digits.starts_with("01") && digits.as_bytes()[3] == b'1')
        || ["03", "08", "09"].iter().any(|p| digits.starts_with(p))
    {
        &[4, 3, 4]
    } else {
        &[5, 3, 3]
    };
    let mut out = String::new();
    let mut at = 0;
    for size in groups {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&digits[at..at + size]);
        at += size;
    }
    out
}

/// A `tel:` address: digits only, so every phone dials it.
pub fn phone_href(raw: &str) -> String {
    let digits: String = raw
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// Whether a phone number is a UK number we can show in the standard form.
pub fn is_uk_phone(raw: &str) -> bool {
    phone_display(raw) != raw.trim() || {
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        digits.len() == 11 && digits.starts_with('0')
    }
}

/// "£496,038".
pub fn pounds(amount: u64) -> String {
    format!("£{}", thousands(amount))
}

/// "13,200".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text made safe inside XML or HTML, in content and in quoted attributes.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_markup_into(&mut out, text);
    out
}

/// As [`escape_markup`], onto the end of `out`. The characters it replaces
/// are ASCII, so the text between them is copied in runs, not one character
/// at a time (the sitemap escapes every URL of the site).
pub fn escape_markup_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape_markup("Tom & Jerry's <b>\"café\"</b>"),
            "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;café&quot;&lt;/b&gt;"
        );
        assert_eq!(escape_markup("ąę śćż اردو"), "ąę śćż اردو");
        assert_eq!(escape_markup("&&"), "&amp;&amp;");
        assert_eq!(escape_markup(""), "");
    }

    #[test]
    fn phones_are_grouped_the_govuk_way() {
        assert_eq!(phone_display("0113 3952613"), "0113 395 2613");
        assert_eq!(phone_display("+44 113 395 2613"), "0113 395 2613");
        assert_eq!(phone_display("02079460000"), "020 7946 0000");
        assert_eq!(phone_display("07700900982"), "07700 900 982");
        assert_eq!(phone_display("123"), "123");
        assert_eq!(phone_href("0113 3952613"), "tel:01133952613");
        assert!(is_uk_phone("0113 3952613"));
        assert!(!is_uk_phone("12345"));
    }

    #[test]
    fn money_and_counts_have_thousands_separators() {
        assert_eq!(pounds(496_038), "£496,038");
        assert_eq!(thousands(13_200), "13,200");
        assert_eq!(thousands(70), "70");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
