//! The one list of characters a reader cannot see: Unicode's
//! default-ignorable code points (zero-width spaces and joiners, the soft
//! hyphen, text-direction controls, variation selectors, tag characters) and
//! control characters, and how messages name them. Typed into a word they
//! split it for a scanner while the reader still sees the word: the
//! anonymisation gate removes them before its scan and refuses them in case
//! studies; the hidden-character rule refuses the worst of them everywhere;
//! addresses and alt text may not be made of them.

/// Whether a reader cannot see `c`: a control character (but tab and line
/// endings) or a default-ignorable code point (DerivedCoreProperties.txt,
/// Unicode 15), which takes in the text-direction controls.
pub fn is_hidden(c: char) -> bool {
    let code = u32::from(c);
    if (0x20..0x7f).contains(&code) {
        return false;
    }
    match code {
        0x09 | 0x0a | 0x0d => false,
        _ if c.is_control() => true,
        0x00ad
        | 0x034f
        | 0x061c
        | 0x115f
        | 0x1160
        | 0x17b4
        | 0x17b5
        | 0x180b..=0x180f
        | 0x200b..=0x200f
        | 0x202a..=0x202e
        | 0x2060..=0x206f
        | 0x3164
        | 0xfe00..=0xfe0f
        | 0xfeff
        | 0xffa0
        | 0xfff0..=0xfff8
        | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a
        | 0xe0000..=0xe0fff => true,
        _ => false,
    }
}

/// Code points Unicode will never assign (U+FDD0 to U+FDEF and the last two
/// of every plane); XML does not allow them.
pub fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{fdd0}'..='\u{fdef}') || u32::from(c) & 0xfffe == 0xfffe
}

/// "U+200B (ZERO WIDTH SPACE)": the code point and what it is, named as the
/// hidden-character rule for every content file names them, so that the two
/// rules say the same thing about the same character.
pub fn describe(c: char) -> String {
    let code = u32::from(c);
    let name = match code {
        0x202a..=0x202e | 0x2066..=0x2069 => "a text direction control".to_string(),
        _ if c.is_control() => "a control character".to_string(),
        _ => name(code).unwrap_or_else(|| "an invisible character".to_string()),
    };
    format!("U+{code:04X} ({name})")
}

fn name(code: u32) -> Option<String> {
    let fixed = match code {
        0x00ad => "SOFT HYPHEN",
        0x034f => "COMBINING GRAPHEME JOINER",
        0x061c => "ARABIC LETTER MARK",
        0x115f => "HANGUL CHOSEONG FILLER",
        0x1160 => "HANGUL JUNGSEONG FILLER",
        0x180e => "MONGOLIAN VOWEL SEPARATOR",
        0x200b => "ZERO WIDTH SPACE",
        0x200c => "ZERO WIDTH NON-JOINER",
        0x200d => "ZERO WIDTH JOINER",
        0x200e => "LEFT-TO-RIGHT MARK",
        0x200f => "RIGHT-TO-LEFT MARK",
        0x2060 => "WORD JOINER",
        0x2061 => "FUNCTION APPLICATION",
        0x2062 => "INVISIBLE TIMES",
        0x2063 => "INVISIBLE SEPARATOR",
        0x2064 => "INVISIBLE PLUS",
        0x3164 => "HANGUL FILLER",
        0xfeff => "ZERO WIDTH NO-BREAK SPACE",
        0xffa0 => "HALFWIDTH HANGUL FILLER",
        0xe0001 => "LANGUAGE TAG",
        0xe0020 => "TAG SPACE",
        0xe007f => "CANCEL TAG",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some(fixed.to_string());
    }
    let ascii = |base: u32| char::from_u32(code - base).unwrap_or('?');
    match code {
        0xfe00..=0xfe0f => Some(format!("VARIATION SELECTOR-{}", code - 0xfe00 + 1)),
        0xe0100..=0xe01ef => Some(format!("VARIATION SELECTOR-{}", code - 0xe0100 + 17)),
        0xe0041..=0xe005a => Some(format!("TAG LATIN CAPITAL LETTER {}", ascii(0xe0000))),
        0xe0061..=0xe007a => Some(format!(
            "TAG LATIN SMALL LETTER {}",
            ascii(0xe0000).to_ascii_uppercase()
        )),
        0xe0030..=0xe0039 => {
            const DIGITS: [&str; 10] = [
                "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
            ];
            Some(format!("TAG DIGIT {}", DIGITS[(code - 0xe0030) as usize]))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trick_is_hidden_and_ordinary_text_is_not() {
        for c in [
            '\u{ad}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{2060}',
            '\u{feff}',
            '\u{202e}',
            '\u{2066}',
            '\u{e0041}',
            '\u{fe0f}',
            '\u{8}',
            '\u{7f}',
            '\u{85}',
        ] {
            assert!(is_hidden(c), "{}", describe(c));
        }
        for c in [
            'a', ' ', '\t', '\n', '\r', 'é', '’', '–', '\u{a0}', '€', 'Ｊ',
        ] {
            assert!(!is_hidden(c), "{}", describe(c));
        }
    }

    #[test]
    fn characters_are_named_by_code_point_and_name() {
        assert_eq!(describe('\u{200b}'), "U+200B (ZERO WIDTH SPACE)");
        assert_eq!(describe('\u{ad}'), "U+00AD (SOFT HYPHEN)");
        assert_eq!(describe('\u{202e}'), "U+202E (a text direction control)");
        assert_eq!(describe('\u{8}'), "U+0008 (a control character)");
        assert_eq!(describe('\u{fe0f}'), "U+FE0F (VARIATION SELECTOR-16)");
        assert_eq!(
            describe('\u{e0041}'),
            "U+E0041 (TAG LATIN CAPITAL LETTER A)"
        );
        assert_eq!(describe('\u{e0061}'), "U+E0061 (TAG LATIN SMALL LETTER A)");
        assert_eq!(describe('\u{e0032}'), "U+E0032 (TAG DIGIT TWO)");
        assert_eq!(describe('\u{1d173}'), "U+1D173 (an invisible character)");
    }
}
