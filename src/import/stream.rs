//! Feed files too large to hold at once, read and written item by item.
//!
//! A local feed file larger than [`STREAM_ABOVE`] (or than the size cap,
//! when that is lower), or a response that large (spooled to disk as it
//! arrives, see [`super::fetch::read_capped`]), is not read whole: [`Splitter`] cuts it into the
//! feed's opening and one region per item while it reads, and each item is
//! put back into the opening and read alone (as a malformed feed is, see
//! [`super::feed`]), a batch of [`BATCH`] at a time, rendered and written
//! before the next batch is read. Memory is bounded by a batch of items,
//! not by the file.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::article::{Severity, escape_controls};

use super::decode::Wide;
use super::feed::{Opening, closers, declare_utf8, declared_encoding};
use super::report::note_line;
use super::{Draft, DuplicateFinder, ImportError, Kind, Limits, Note, Options, Summary};

/// Local feed files above this many bytes are streamed.
pub const STREAM_ABOVE: u64 = 8 * 1024 * 1024;

/// Items read, rendered and written at a time.
const BATCH: usize = 512;

/// Bytes read from the file at a time.
const READ: usize = 1 << 20;

/// Bytes of the file and the line and column they start at.
pub type Part = (Vec<u8>, (usize, usize));

/// Cuts a feed into its opening and its items as it reads. Item starts are
/// found as [`super::feed`] finds them in a malformed feed: `<item` or
/// `<entry` (with any prefix), outside comments and CDATA sections.
pub struct Splitter<R> {
    reader: R,
    buf: Vec<u8>,
    /// Where in `buf` the part not yet handed out starts.
    base: usize,
    /// Where in `buf` the search for the next item goes on.
    scan: usize,
    eof: bool,
    /// Whether `buf[base..]` starts with an item.
    in_item: bool,
    /// Line and column of `buf[base]` in the file.
    reached: (usize, usize),
}

impl<R: Read> Splitter<R> {
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            buf: Vec::new(),
            base: 0,
            scan: 0,
            eof: false,
            in_item: false,
            reached: (1, 1),
        }
    }

    /// Reads more of the file, first dropping what was handed out.
    fn fill(&mut self) -> std::io::Result<()> {
        self.buf.drain(..self.base);
        self.scan -= self.base;
        self.base = 0;
        let have = self.buf.len();
        self.buf.resize(have + READ, 0);
        let n = loop {
            match self.reader.read(&mut self.buf[have..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(have);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(have + n);
        self.eof = n == 0;
        Ok(())
    }

    /// The offset in `buf` of the next item's start tag at or after
    /// `scan`; `None` at the end of the file.
    fn next_start(&mut self) -> std::io::Result<Option<usize>> {
        loop {
            let Some(found) = memchr::memchr(b'<', &self.buf[self.scan..]) else {
                self.scan = self.buf.len();
                if self.eof {
                    return Ok(None);
                }
                self.fill()?;
                continue;
            };
            let at = self.scan + found;
            self.scan = at;
            let rest = &self.buf[at..];
            let skip = |open: &[u8], close: &[u8]| {
                rest.starts_with(open).then(|| {
                    memchr::memmem::find(&rest[open.len()..], close)
                        .map(|e| at + open.len() + e + close.len())
                })
            };
            let name_end = rest[1..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
                .map(|e| e + 1);
            // A comment, a CDATA section or a name cut by the end of what
            // was read: read on and look again.
            let (skipped, whole) =
                match skip(b"<!--", b"-->").or_else(|| skip(b"<![CDATA[", b"]]>")) {
                    Some(Some(end)) => (Some(end), true),
                    Some(None) => (None, false),
                    None => (None, name_end.is_some()),
                };
            if !whole {
                if self.eof {
                    self.scan = self.buf.len();
                    return Ok(None);
                }
                self.fill()?;
                continue;
            }
            if let Some(end) = skipped {
                self.scan = end;
                continue;
            }
            let name = &rest[1..name_end.unwrap_or(rest.len())];
            let local = name.rsplit(|c| *c == b':').next().unwrap_or(name);
            self.scan = at + 1;
            if local == b"item" || local == b"entry" {
                return Ok(Some(at));
            }
        }
    }

    /// Hands out `buf[base..end]` and moves past it.
    fn take(&mut self, end: usize) -> Part {
        let part = self.buf[self.base..end].to_vec();
        let at = self.reached;
        self.reached = crate::text::advance(self.reached, &part);
        self.base = end;
        (part, at)
    }

    /// The feed's opening: everything before its first item (the whole
    /// file when it has none), and whether an item follows.
    pub fn opening(&mut self) -> std::io::Result<(Vec<u8>, bool)> {
        let first = self.next_start()?;
        let end = first.unwrap_or(self.buf.len());
        let (opening, _) = self.take(end);
        self.in_item = first.is_some();
        Ok((opening, self.in_item))
    }

    /// The next item: from its start tag to the next item's (the last runs
    /// to the end of the file), with its line and column.
    pub fn next_item(&mut self) -> std::io::Result<Option<Part>> {
        if !self.in_item {
            return Ok(None);
        }
        let next = self.next_start()?;
        self.in_item = next.is_some();
        Ok(Some(self.take(next.unwrap_or(self.buf.len()))))
    }
}

/// Whether a feed whose first bytes are `head` can be read item by item:
/// XML in an ASCII-compatible encoding (items are found by their bytes),
/// declared by itself or by the server's `charset`.
pub fn can_stream(
    head: &[u8],
    extension: Option<&str>,
    content_type: Option<&str>,
    charset: Option<&str>,
) -> bool {
    let xml = head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<' || b == 0xef);
    // ISO-2022-JP's two-byte characters can hold a `<`; a file that
    // declares UTF-16 or UTF-32 (whatever its bytes) cannot be cut at its
    // `<` bytes and read item by item either.
    let stateful = |e: &str| {
        let label = e.trim().to_ascii_lowercase();
        label.starts_with("utf-16")
            || label.starts_with("utf-32")
            || label.starts_with("ucs-")
            || encoding_rs::Encoding::for_label(label.as_bytes()) == Some(encoding_rs::ISO_2022_JP)
    };
    let declared = declared_encoding(head).is_some_and(|e| stateful(&e));
    let served = charset.is_some_and(stateful);
    let feed = matches!(super::sniff(head, extension, content_type), Ok(Kind::Feed));
    feed && xml && !declared && !served && Wide::detect(head).is_none()
}

/// The path of a source to stream: a local file that is a feed
/// [`can_stream`] reads and larger than [`STREAM_ABOVE`] or the cap. `None`
/// sends it the usual way.
pub fn streamable(source: &str, limits: &Limits) -> Option<PathBuf> {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return None;
    }
    let path = Path::new(source);
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() <= STREAM_ABOVE.min(limits.max_bytes) {
        return None;
    }
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    let extension = path.extension().and_then(|e| e.to_str());
    can_stream(&head, extension, None, None).then(|| path.to_path_buf())
}

/// A feed to read item by item: a large local file, or a large response
/// spooled to disk.
#[derive(Debug)]
pub struct Streamed {
    pub file: std::fs::File,
    /// Where it was fetched from: the base for relative links.
    pub base: Option<String>,
    /// The server's `charset`, which outranks the feed's own declaration.
    pub charset: Option<String>,
}

/// Items read from one batch: their drafts, and what there is to tell
/// (in the order of the items).
#[derive(Debug, Default)]
pub struct Batch {
    pub drafts: Vec<Draft>,
    pub notes: Vec<Note>,
}

/// A feed's items as it is read, a batch at a time: only the opening and
/// one batch are ever held.
pub struct Items<R> {
    split: Splitter<R>,
    /// The opening as UTF-8 text.
    prefix: String,
    /// What closes the opening; `None` when the opening is malformed (no
    /// item is read then).
    close: Option<String>,
    declared: Option<String>,
    base: Option<String>,
    /// Items handed out so far.
    number: usize,
    told_guess: bool,
}

impl<R: Read> Items<R> {
    /// Reads the feed's opening. The notes are the encoding guess, a feed
    /// with no items, and an opening that is itself malformed.
    pub fn open(
        reader: R,
        base: Option<String>,
        charset: Option<String>,
    ) -> std::io::Result<(Self, Vec<Note>)> {
        let mut split = Splitter::new(reader);
        let (opening, has_items) = split.opening()?;
        let declared = charset.or_else(|| declared_encoding(&opening));
        let (prefix, note) = super::decode(&opening, declared.as_deref());
        let prefix = declare_utf8(&prefix);
        let mut notes = Vec::new();
        let told_guess = note.is_some();
        notes.extend(note);
        let close = if has_items {
            let close = closers(&prefix);
            if close.is_none() {
                notes.push(Note::error(None, super::feed::OPENING_MALFORMED));
            }
            close
        } else {
            notes.push(Note::warning(
                None,
                "the feed has no items; nothing to import",
            ));
            None
        };
        let items = Self {
            split,
            prefix,
            close,
            declared,
            base,
            number: 0,
            told_guess,
        };
        Ok((items, notes))
    }

    /// The next [`BATCH`] items (fewer at the end), read on every core;
    /// `Ok(None)` after the last. An error says what could not be read.
    pub fn next_batch(&mut self) -> Result<Option<Batch>, String> {
        let Some(close) = self.close.as_deref() else {
            return Ok(None);
        };
        let mut parts = Vec::with_capacity(BATCH);
        while parts.len() < BATCH {
            match self.split.next_item() {
                Ok(Some(item)) => parts.push(item),
                Ok(None) => break,
                Err(e) => {
                    return Err(format!(
                        "cannot read on from item {}: {e}",
                        self.number + parts.len() + 1
                    ));
                }
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        let first = self.number + 1;
        self.number += parts.len();
        let opening = Opening {
            prefix: &self.prefix,
            close,
            base: self.base.as_deref(),
        };
        let base = self.base.as_deref();
        let parser = || feed_rs::parser::Builder::new().base_uri(base).build();
        let declared = self.declared.as_deref();
        let done = crate::par::map_indexed(&parts, super::PER_THREAD, |i, (bytes, at)| {
            let (text, note) = super::decode(bytes, declared);
            let (drafts, notes) = opening.item(&text, first + i, *at, &parser);
            // Where the decoder's note points is within the item.
            let guess = note.map(|n| Note { at: Some(*at), ..n });
            (drafts, guess, notes)
        });
        drop(parts);
        let mut batch = Batch::default();
        for (drafts, guess, notes) in done {
            // An encoding guess is told once for the feed, not per item.
            if let Some(guess) = guess
                && !self.told_guess
            {
                self.told_guess = true;
                batch.notes.push(guess);
            }
            batch.notes.extend(notes);
            batch.drafts.extend(drafts);
        }
        Ok(Some(batch))
    }
}

/// Imports a streamed feed, telling `out` as [`super::run`] does.
pub(super) fn import(
    feed: Streamed,
    shown: &str,
    options: &Options,
    dupes: &mut DuplicateFinder,
    summary: &mut Summary,
    out: &mut dyn std::io::Write,
) -> Result<(), ImportError> {
    let failed = |summary: &mut Summary, out: &mut dyn std::io::Write, why: &str| {
        summary.failed_sources += 1;
        writeln!(out, "failed  {shown}: {}", escape_controls(why))
    };
    let (mut items, notes) = match Items::open(feed.file, feed.base, feed.charset) {
        Ok(read) => read,
        Err(e) => return Ok(failed(summary, out, &format!("cannot read: {e}"))?),
    };
    let tell = |summary: &mut Summary, out: &mut dyn std::io::Write, note: &Note| {
        match note.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
        }
        writeln!(out, "{}", note_line(shown, note))
    };
    let mut errors = false;
    for note in &notes {
        errors |= note.severity == Severity::Error;
        tell(summary, out, note)?;
    }
    let mut read = 0;
    loop {
        let batch = match items.next_batch() {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(why) => return Ok(failed(summary, out, &why)?),
        };
        for note in &batch.notes {
            errors |= note.severity == Severity::Error;
            tell(summary, out, note)?;
        }
        read += batch.drafts.len();
        let rendered =
            crate::par::map_indexed(&batch.drafts, super::PER_THREAD, |_, d| super::render(d));
        for (draft, rendered) in batch.drafts.iter().zip(rendered) {
            super::import_one(draft, rendered, shown, options, dupes, summary, out)?;
        }
    }
    // Nothing read and an error said why: the source failed.
    if read == 0 && errors {
        summary.failed_sources += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives a few bytes at a time, to cut tags and
    /// comments at every place.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn items_are_cut_where_they_start_outside_comments_and_cdata() {
        let xml = "<rss><channel><title>x</title>\n<!-- <item> -->\n<item><description><![CDATA[<item>]]></description></item>\n<atom:entry/><items/></channel></rss>";
        for step in [1, 2, 3, 7, 4096] {
            let mut split = Splitter::new(Trickle(xml.as_bytes(), step));
            let (opening, more) = split.opening().expect("read");
            assert!(more);
            assert_eq!(
                String::from_utf8(opening).expect("text"),
                "<rss><channel><title>x</title>\n<!-- <item> -->\n"
            );
            let (first, at) = split.next_item().expect("read").expect("an item");
            assert_eq!(at, (3, 1));
            assert_eq!(
                String::from_utf8(first).expect("text"),
                "<item><description><![CDATA[<item>]]></description></item>\n"
            );
            let (second, at) = split.next_item().expect("read").expect("an item");
            assert_eq!(at, (4, 1));
            assert_eq!(
                String::from_utf8(second).expect("text"),
                "<atom:entry/><items/></channel></rss>"
            );
            assert!(split.next_item().expect("read").is_none(), "step {step}");
        }
    }

    #[test]
    fn a_feed_without_items_is_all_opening() {
        let xml = b"<rss><channel><title>x</title></channel></rss>";
        let mut split = Splitter::new(&xml[..]);
        let (opening, more) = split.opening().expect("read");
        assert!(!more);
        assert_eq!(opening, xml);
        assert!(split.next_item().expect("read").is_none());
    }

    #[test]
    fn a_big_file_that_declares_a_wide_encoding_is_not_cut_into_items() {
        let dir = tempfile::tempdir().expect("tmp");
        let limits = Limits::default();
        let item = "<item><title>t</title><description>caf\u{e9}</description></item>\n";
        let body = item.repeat(usize::try_from(STREAM_ABOVE).expect("fits") / item.len() + 1);
        for (name, declared, streamed) in [
            ("plain.xml", "UTF-8", true),
            ("wide.xml", "UTF-16", false),
            ("wider.xml", "utf-32le", false),
        ] {
            let path = dir.path().join(name);
            let doc = format!(
                "<?xml version=\"1.0\" encoding=\"{declared}\"?><rss version=\"2.0\"><channel><title>x</title>{body}</channel></rss>"
            );
            std::fs::write(&path, doc).expect("write");
            let source = path.to_str().expect("UTF-8 path");
            assert_eq!(
                streamable(source, &limits).is_some(),
                streamed,
                "{declared}"
            );
        }
    }
}
