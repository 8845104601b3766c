//! The reuse record: for each page, the key of its inputs (`render/job.rs`)
//! and the length and XXH3-128 digest of each file it made. A build leaves
//! it in the output as `.clustersite-reuse`; the next build over that output
//! skips rendering a page whose key is unchanged when its files are still
//! there, byte for byte (read and hashed, never judged by size or time).
//!
//! The record only lets a build *skip work*; it never decides what the site
//! holds. A record that is missing, damaged, too big, not the builder's own,
//! or written by other code (the first line names the binary's code, see
//! `build.rs`) is ignored, and every page is made again. A recorded file is
//! reused only at the path the page itself gives, so a planted record cannot
//! make a build keep a file the page does not make.
//!
//! A part of the search index has no list of paths to check its files
//! against (Pagefind names them), so the record must be whole: its last line
//! is the digest of all before it, and a record with a line taken out, added
//! or repeated since it was written is ignored whole. Otherwise a part would
//! be kept without a file it makes (an edit dropping `pagefind-entry.json`
//! broke search for good) or with one it does not, and a repeated path
//! failed every later build.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;

/// Its name in the output folder.
pub const RECORD: &str = ".clustersite-reuse";

/// A record bigger than this is not read: it would take more memory than
/// any real output's (about 100 bytes a file) and is ignored, not trusted.
pub const LIMIT: u64 = 256 << 20;

/// The first line: a record made by other code is ignored.
fn header() -> String {
    format!(
        "clustersite reuse record 1, code {}\n",
        env!("CLUSTERSITE_CODE_ID")
    )
}

/// One file of a page, as the build that made it recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub len: u64,
    pub digest: u128,
}

/// The record an earlier build left, by page key.
#[derive(Default)]
pub struct Previous {
    pages: HashMap<u128, Vec<Entry>>,
}

impl Previous {
    /// Reads a record; anything unexpected in it gives an empty one.
    pub fn parse(bytes: &[u8]) -> Previous {
        Self::try_parse(bytes).unwrap_or_default()
    }

    fn try_parse(bytes: &[u8]) -> Option<Previous> {
        let text = std::str::from_utf8(bytes).ok()?;
        let (sealed, seal) = text.strip_suffix('\n')?.rsplit_once('\n')?;
        let sealed = &text[..sealed.len() + 1];
        if seal != seal_line(sealed).trim_end() {
            return None;
        }
        let rest = sealed.strip_prefix(header().as_str())?;
        let mut pages: HashMap<u128, Vec<Entry>> = HashMap::new();
        let mut paths = std::collections::HashSet::new();
        for line in rest.lines() {
            let mut parts = line.splitn(4, ' ');
            let mut field = || parts.next();
            let key = u128::from_str_radix(field()?, 16).ok()?;
            let digest = u128::from_str_radix(field()?, 16).ok()?;
            let len = field()?.parse().ok()?;
            let path = field()?.to_owned();
            if !paths.insert(path.clone()) {
                return None;
            }
            pages
                .entry(key)
                .or_default()
                .push(Entry { path, len, digest });
        }
        Some(Previous { pages })
    }

    /// The files recorded for a page's key, if any.
    pub fn get(&self, key: u128) -> Option<&[Entry]> {
        self.pages.get(&key).map(Vec::as_slice)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// The record this build is making, filled as pages are made or reused.
#[derive(Default)]
pub struct Record {
    lines: Mutex<Vec<(u128, Entry)>>,
}

impl Record {
    pub fn add(&self, key: u128, entry: Entry) {
        self.lines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((key, entry));
    }

    /// The record's text, in path order so that every build of the same
    /// content writes the same bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut lines = std::mem::take(&mut *self.lines.lock().unwrap_or_else(|p| p.into_inner()));
        lines.sort_by(|a, b| a.1.path.cmp(&b.1.path));
        let mut text = header();
        for (key, entry) in &lines {
            let _ = writeln!(
                text,
                "{key:032x} {:032x} {} {}",
                entry.digest, entry.len, entry.path
            );
        }
        let seal = seal_line(&text);
        text.push_str(&seal);
        text.into_bytes()
    }
}

/// The last line: the digest of every line before it, so that a record
/// changed since it was written is known and ignored.
fn seal_line(lines: &str) -> String {
    let digest = xxhash_rust::xxh3::xxh3_128(lines.as_bytes());
    format!("end {digest:032x}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            path: path.into(),
            len: 12,
            digest: 0xabc,
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let record = Record::default();
        record.add(7, entry("b/index.html"));
        record.add(7, entry("b/form.pdf"));
        record.add(9, entry("a/index.html"));
        let previous = Previous::parse(&record.bytes());
        assert_eq!(
            previous.get(7).unwrap(),
            &[entry("b/form.pdf"), entry("b/index.html")]
        );
        assert_eq!(previous.get(9).unwrap(), &[entry("a/index.html")]);
        assert!(previous.get(8).is_none());
    }

    #[test]
    fn a_damaged_or_foreign_record_is_ignored_whole() {
        let record = Record::default();
        record.add(7, entry("index.html"));
        let good = String::from_utf8(record.bytes()).unwrap();
        let foreign = good.replacen("code ", "code other-", 1);
        let damaged = good.replace(" 12 ", " twelve ");
        let cut = good.trim_end().rsplit_once(' ').unwrap().0.to_owned();
        for bad in [foreign, damaged, cut, "\u{0}\u{ff}".into(), String::new()] {
            // Resealed, so that only the damage itself can be why it is ignored.
            let bad = reseal(&bad);
            assert!(Previous::parse(bad.as_bytes()).is_empty(), "{bad:?}");
        }
        assert!(!Previous::parse(good.as_bytes()).is_empty());
    }

    /// `text` with its seal made again for what it now holds.
    fn reseal(text: &str) -> String {
        let lines = match text.strip_suffix('\n').and_then(|t| t.rsplit_once('\n')) {
            Some((lines, last)) if last.starts_with("end ") => format!("{lines}\n"),
            _ => text.to_owned(),
        };
        format!("{lines}{}", seal_line(&lines))
    }

    /// A part of the search index is kept with whatever files the record
    /// lists for it: a line taken out or planted must not be believed.
    #[test]
    fn a_record_with_a_line_taken_out_added_or_repeated_is_ignored_whole() {
        let record = Record::default();
        record.add(7, entry("pagefind/en/0/pagefind-entry.json"));
        record.add(7, entry("pagefind/en/0/pagefind.js"));
        record.add(9, entry("index.html"));
        let good = String::from_utf8(record.bytes()).unwrap();
        assert_eq!(Previous::parse(good.as_bytes()).get(7).unwrap().len(), 2);
        let line = good.lines().find(|l| l.ends_with("entry.json")).unwrap();
        let taken_out = good.replace(&format!("{line}\n"), "");
        let (sealed, seal) = good.trim_end().rsplit_once('\n').unwrap();
        let planted = format!(
            "{sealed}\n{}\n{seal}\n",
            line.replace("entry.json", "x.html")
        );
        let repeated = format!("{sealed}\n{line}\n{seal}\n");
        for changed in [&taken_out, &planted, &repeated] {
            assert!(Previous::parse(changed.as_bytes()).is_empty(), "{changed}");
        }
        // A path twice is never what a build writes, sealed or not.
        assert!(Previous::parse(reseal(&repeated).as_bytes()).is_empty());
        assert!(!Previous::parse(reseal(&planted).as_bytes()).is_empty());
    }
}
