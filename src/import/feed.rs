//! Feeds: RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed, read with `feed-rs`.
//!
//! One article per item: its title, link, authors, date, categories as
//! tags, and its content (else its summary) as text. A feed that is not
//! well-formed XML is read item by item, so one broken item costs only
//! itself; each item that cannot be read is reported with its line and
//! column.

use std::fmt::Write as _;

use feed_rs::model::{Entry, Feed, Text};
use quick_xml::events::Event;

use crate::text::position;

use super::blocks::{Block, Rendered};
use super::normalize::{BadDate, NO_LINK, normalize};
use super::{Draft, Extracted, Kind, Note, absolute_url, decode};
use crate::article::{Enclosure, Shape};

/// A summary short enough to stand as the subtitle above the content.
const SUBTITLE_MAX_CHARS: usize = 300;

/// One feed's articles. `base` is the address it was fetched from, and
/// `charset` the encoding its server named.
pub fn extract(bytes: &[u8], base: Option<&str>, charset: Option<&str>) -> Extracted {
    let json = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    let declared = if json {
        None
    } else {
        charset
            .map(str::to_owned)
            .or_else(|| declared_encoding(bytes))
    };
    let (mut text, note) = decode(bytes, declared.as_deref());
    let mut notes: Vec<Note> = note.into_iter().collect();
    if !json {
        // feed-rs decodes by the declaration; the text is UTF-8 by now.
        text = declare_utf8(&text);
    }
    let parser = || feed_rs::parser::Builder::new().base_uri(base).build();
    let normal = (!json).then(|| normalize(&text)).flatten();
    let readable = normal.as_ref().map_or(text.as_str(), |n| n.text.as_str());
    match parser().parse(readable.as_bytes()) {
        Ok(feed) => {
            if feed.entries.is_empty() {
                notes.push(Note::warning(
                    None,
                    "the feed has no items; it is well-formed, there is just nothing to import",
                ));
            }
            let feed_base = feed_link(&feed, base);
            let feed_date = normal.as_ref().and_then(|n| n.feed_date);
            if let Some(normal) = &normal {
                notes.extend(date_notes(&normal.bad_dates, |i| i + 1, None));
            }
            let drafts = entries(&feed, feed_base.as_deref(), feed_date, &mut notes, |i| {
                (i, None)
            });
            Extracted {
                kind: Kind::Feed,
                drafts,
                notes,
            }
        }
        Err(e) if json => {
            let at = match &e {
                feed_rs::parser::ParseFeedError::JsonSerde(j) => Some((j.line(), j.column())),
                _ => None,
            };
            notes.push(Note::error(
                at,
                format!("not a JSON Feed that can be read: {}", plain(&e)),
            ));
            Extracted {
                kind: Kind::Feed,
                drafts: Vec::new(),
                notes,
            }
        }
        Err(e) => {
            let locate = |offset| position(text.as_bytes(), offset);
            let (at, why) = match xml_error(&text) {
                Some(fault) => (Some(locate(fault.at)), fault.message(locate)),
                None => (None, plain(&e)),
            };
            let (drafts, item_notes, total) = salvage(&text, base, &parser);
            let read = drafts.len();
            notes.push(if total == 0 {
                Note::error(at, format!("not a feed that can be read: {why}"))
            } else {
                // Each item lost has its own error.
                Note::warning(
                    at,
                    format!("the feed is malformed ({why}); read item by item: {read} of {total} items read"),
                )
            });
            notes.extend(item_notes);
            Extracted {
                kind: Kind::Feed,
                drafts,
                notes,
            }
        }
    }
}

/// Warnings for dates that could not be read; `number` turns an item's
/// index into the number the report gives it.
fn date_notes(
    bad: &[BadDate],
    number: impl Fn(usize) -> usize,
    at: Option<(usize, usize)>,
) -> Vec<Note> {
    bad.iter()
        .map(|b| {
            let text = crate::article::escape_controls(&b.text);
            Note::warning(
                at,
                match b.item {
                    Some(i) => format!(
                        "item {}: the date {text:?} cannot be read; left out",
                        number(i)
                    ),
                    None => format!("the feed's date {text:?} cannot be read; left out"),
                },
            )
        })
        .collect()
}

/// feed-rs's message without the Debug noise of nested errors.
fn plain(e: &feed_rs::parser::ParseFeedError) -> String {
    let s = e.to_string();
    s.lines().next().unwrap_or_default().to_owned()
}

/// The site the feed is for, to resolve relative item links against: the
/// feed's own `<link>` (made absolute against where it was fetched from),
/// else the fetch address.
fn feed_link(feed: &Feed, base: Option<&str>) -> Option<String> {
    feed.links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .find_map(|l| absolute_url(&l.href, base))
        .or_else(|| base.map(str::to_owned))
}

/// Drafts of a feed's entries; `place` numbers them and gives their
/// position in the file when known.
fn entries(
    feed: &Feed,
    feed_base: Option<&str>,
    feed_date: Option<chrono::DateTime<chrono::Utc>>,
    notes: &mut Vec<Note>,
    place: impl Fn(usize) -> (usize, Option<(usize, usize)>) + Sync,
) -> Vec<Draft> {
    let source = feed.title.as_ref().map(text_line).filter(|s| !s.is_empty());
    // Turning HTML into text is most of the work: done on every core, in
    // order, with each item's notes kept beside it.
    let one = |i: usize, entry: &Entry| {
        let mut notes = Vec::new();
        let (number, at) = place(i + 1);
        let outcome =
            draft(entry, feed, feed_base, feed_date, &mut notes, number, at).map_err(|lacks| {
                // The feed's quirk, not a failure of the import.
                Note::warning(at, format!("item {number} has {lacks}; skipped"))
            });
        (outcome, notes)
    };
    let done = crate::par::map_indexed(&feed.entries, super::PER_THREAD, one);
    let mut drafts = Vec::with_capacity(done.len());
    for (outcome, item_notes) in done {
        notes.extend(item_notes);
        match outcome {
            Ok(mut d) => {
                d.source.clone_from(&source);
                drafts.push(d);
            }
            Err(note) => notes.push(note),
        }
    }
    drafts
}

fn draft(
    entry: &Entry,
    feed: &Feed,
    feed_base: Option<&str>,
    feed_date: Option<chrono::DateTime<chrono::Utc>>,
    notes: &mut Vec<Note>,
    number: usize,
    at: Option<(usize, usize)>,
) -> Result<Draft, &'static str> {
    let title = entry
        .title
        .as_ref()
        .map(text_line)
        .filter(|t| !t.is_empty());
    let base = entry
        .base
        .as_deref()
        .and_then(|b| absolute_url(b, feed_base))
        .or_else(|| feed_base.map(str::to_owned));
    let (rendered, subtitle) = text_of(entry, base.as_deref());
    // The placeholder that kept a linkless RSS 1.0 item is no link.
    let real = || entry.links.iter().filter(|l| l.href != NO_LINK);
    let link = real()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .chain(real())
        .next();
    let url = link.and_then(|l| {
        let url = absolute_url(&l.href, base.as_deref());
        if url.is_none() {
            notes.push(Note::warning(
                at,
                format!(
                    "item {number}: link {:?} cannot be made absolute; left out",
                    l.href
                ),
            ));
        }
        url
    });
    if rendered.blocks.is_empty() && url.is_none() {
        return Err(if title.is_none() {
            "no title, no text and no link"
        } else {
            "a title but no text and no link"
        });
    }
    let names = |people: &[feed_rs::model::Person]| {
        let names: Vec<&str> = people
            .iter()
            .filter_map(|p| p.name.as_deref().map(str::trim))
            .filter(|n| !n.is_empty())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    };
    let author = names(&entry.authors).or_else(|| names(&feed.authors));
    let published = entry
        .published
        .or(entry.updated)
        .or(feed_date)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let tags = entry
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
        .collect();
    let mut draft = Draft {
        title,
        subtitle,
        source: None,
        author,
        url,
        published,
        tags,
        enclosures: enclosures(entry, base.as_deref()),
        place: Some(format!("item {number}")),
        at,
        ..Draft::default()
    };
    super::html::fill(&mut draft, rendered);
    Ok(draft)
}

/// An entry's text (its content, else its summary, else a podcast's
/// episode notes) and its subtitle: a short summary beside content that
/// does not merely repeat its opening.
fn text_of(entry: &Entry, base: Option<&str>) -> (Rendered, Option<String>) {
    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?;
        let html = c.content_type.to_string().contains("html") || looks_like_html(body);
        Some(if html {
            super::html::to_body(body, base)
        } else {
            plain_body(body)
        })
    });
    // A podcast's episode notes (`itunes:summary`) stand in for a missing
    // summary.
    let episode_notes = entry.media.iter().find_map(|m| m.description.as_ref());
    let summary = entry.summary.as_ref().or(episode_notes);
    let summary_text = summary.map(text_paragraphs);
    match (content.filter(|c| !c.blocks.is_empty()), summary_text) {
        (Some(content), Some(summary)) => {
            let joined = summary.join(" ");
            // An excerpt ("The council said … [&#8230;]", as WordPress
            // writes them) repeats the opening: not a subtitle.
            let excerpt = excerpt_stem(&joined);
            let opening = content
                .blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let standalone = joined.chars().count() <= SUBTITLE_MAX_CHARS
                && !opening.starts_with(excerpt)
                && !excerpt.is_empty();
            (
                content,
                standalone.then_some(joined).filter(|s| !s.is_empty()),
            )
        }
        (Some(content), None) => (content, None),
        (None, Some(_)) => (
            summary.map_or_else(Rendered::default, |t| text_body(t, base)),
            None,
        ),
        (None, None) => (Rendered::default(), None),
    }
}

/// The media attached to an entry: RSS `<enclosure>` and `media:content`
/// (which feed-rs reads as media objects) and Atom `rel="enclosure"` links,
/// each address once.
fn enclosures(entry: &Entry, base: Option<&str>) -> Vec<Enclosure> {
    let mut out: Vec<Enclosure> = Vec::new();
    let mut add = |url: Option<String>, mime: Option<String>, length: Option<u64>| {
        let Some(url) = url else { return };
        let mime = mime.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
        match out.iter_mut().find(|e| e.url == url) {
            Some(known) => {
                known.mime = known.mime.take().or(mime);
                known.length = known.length.or(length);
            }
            None => out.push(Enclosure { url, mime, length }),
        }
    };
    for media in &entry.media {
        for content in &media.content {
            add(
                content
                    .url
                    .as_ref()
                    .and_then(|u| absolute_url(u.as_str(), base)),
                content.content_type.as_ref().map(ToString::to_string),
                content.size,
            );
        }
    }
    for link in entry
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("enclosure"))
    {
        add(
            absolute_url(&link.href, base),
            link.media_type.clone(),
            link.length,
        );
    }
    out
}

/// Whether text a feed calls plain holds HTML markup all the same (RSS 1.0
/// descriptions often do; feed-rs takes them as plain text): a tag gogai
/// knows, opened or closed, or an escaped one.
fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "p",
        "a",
        "br",
        "div",
        "span",
        "b",
        "i",
        "em",
        "strong",
        "ul",
        "ol",
        "li",
        "img",
        "pre",
        "code",
        "table",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ];
    let lower = text.to_ascii_lowercase();
    lower.match_indices('<').any(|(at, _)| {
        let rest = lower[at + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let after = rest[name.len()..].chars().next();
        TAGS.contains(&name.as_str()) && matches!(after, Some('>' | ' ' | '/' | '\n' | '\t'))
    })
}

/// Plain text as a body: paragraphs at blank lines.
fn plain_body(s: &str) -> Rendered {
    Rendered {
        blocks: plain_paragraphs(s)
            .into_iter()
            .map(|text| Block {
                shape: Shape::Prose,
                text,
            })
            .collect(),
        links: Vec::new(),
    }
}

/// A summary as a body, its links kept when it is HTML.
fn text_body(t: &Text, base: Option<&str>) -> Rendered {
    if t.content_type.to_string().contains("html") || looks_like_html(&t.content) {
        super::html::to_body(&t.content, base)
    } else {
        plain_body(&t.content)
    }
}

/// A title or name: HTML rendered to text, on one line.
fn text_line(t: &Text) -> String {
    text_paragraphs(t).join(" ")
}

fn text_paragraphs(t: &Text) -> Vec<String> {
    if t.content_type.to_string().contains("html") || looks_like_html(&t.content) {
        super::html::to_paragraphs(&t.content)
    } else {
        plain_paragraphs(&t.content)
    }
}

/// Plain text with blank lines between paragraphs.
fn plain_paragraphs(s: &str) -> Vec<String> {
    s.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The encoding an XML declaration names, if any.
pub(super) fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    let range = declaration_encoding(&head)?;
    Some(head[range].to_owned())
}

/// Where the value of the declaration's `encoding` is: its byte range.
fn declaration_encoding(text: &str) -> Option<std::ops::Range<usize>> {
    let start = text.len() - text.trim_start_matches('\u{feff}').trim_start().len();
    let rest = &text[start..];
    if !rest.starts_with("<?xml") {
        return None;
    }
    let end = rest.find("?>")?;
    let decl = &rest[..end];
    let key = decl.find("encoding")?;
    let after = &decl[key + "encoding".len()..];
    let eq = after.find('=')?;
    let value = after[eq + 1..].trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &value[1..];
    let close = inner.find(quote)?;
    let from = start + (inner.as_ptr() as usize - rest.as_ptr() as usize);
    Some(from..from + close)
}

/// `text` with its XML declaration's encoding changed to UTF-8.
pub(super) fn declare_utf8(text: &str) -> String {
    match declaration_encoding(text) {
        Some(range) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..range.start]);
            out.push_str("UTF-8");
            out.push_str(&text[range.end..]);
            out
        }
        None => text.to_owned(),
    }
}

/// The first well-formedness error in a document.
struct Fault {
    /// Where the mistake is: for an element closed by the wrong end tag,
    /// or left open at the end, where it opens.
    at: usize,
    /// The wrong end tag's offset, when that is the fault.
    found_at: Option<usize>,
    what: String,
}

impl Fault {
    /// The message, with offsets turned into positions by `locate`.
    fn message(&self, locate: impl Fn(usize) -> (usize, usize)) -> String {
        match self.found_at {
            Some(found) => {
                let (line, column) = locate(found);
                format!("{}, at {line}:{column}", self.what)
            }
            None => self.what.clone(),
        }
    }
}

fn xml_error(text: &str) -> Option<Fault> {
    use quick_xml::errors::{Error, IllFormedError};
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut open: Vec<(String, usize)> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Eof) => {
                return open.pop().map(|(name, at)| Fault {
                    at,
                    found_at: None,
                    what: format!("<{name}> is never closed"),
                });
            }
            Ok(Event::Start(e)) => open.push((e.name().as_ref().to_owned(), before)),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(_) => {}
            Err(Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found })) => {
                return Some(Fault {
                    at: open.last().map_or(before, |(_, at)| *at),
                    found_at: Some(before),
                    what: format!("<{expected}> is not closed where </{found}> is"),
                });
            }
            Err(e) => {
                return Some(Fault {
                    at: reader.error_position() as usize,
                    found_at: None,
                    what: e.to_string(),
                });
            }
        }
    }
}

/// The byte offsets of the items' (`<item>`, `<entry>`) start tags, outside
/// comments and CDATA sections.
fn item_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'<', &b[i..]) {
        let at = i + found;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = rest.find("]]>").map_or(b.len(), |e| at + e + 3);
            continue;
        }
        let name_end = rest[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..name_end];
        let local = name.rsplit(':').next().unwrap_or(name);
        if local == "item" || local == "entry" {
            starts.push(at);
        }
        i = at + 1;
    }
    starts
}

/// The end tags that close the elements still open at the end of `prefix`.
pub(super) fn closers(prefix: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(prefix);
    reader.config_mut().check_end_names = true;
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => open.push(e.name().as_ref().to_owned()),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    Some(open.iter().rev().fold(String::new(), |mut out, name| {
        let _ = write!(out, "</{name}>");
        out
    }))
}

/// Reads a malformed feed one item at a time: each item is put back into
/// the feed's opening (everything before the first item, so namespaces,
/// the feed's title and its base stay) and parsed alone. Returns the items
/// read, a note for each that could not be, and how many there were.
fn salvage(
    text: &str,
    base: Option<&str>,
    parser: &dyn Fn() -> feed_rs::parser::Parser,
) -> (Vec<Draft>, Vec<Note>, usize) {
    let starts = item_starts(text);
    let (mut drafts, mut notes) = (Vec::new(), Vec::new());
    let Some(&first) = starts.first() else {
        return (drafts, notes, 0);
    };
    let prefix = &text[..first];
    let Some(close) = closers(prefix) else {
        notes.push(Note::error(None, OPENING_MALFORMED));
        return (drafts, notes, starts.len());
    };
    // Positions are found walking forwards: a one-line feed of 10,000 items
    // would otherwise be counted from its start 10,000 times.
    let (mut counted, mut reached) = (0, (1, 1));
    for (i, &start) in starts.iter().enumerate() {
        reached = crate::text::advance(reached, &text.as_bytes()[counted..start]);
        counted = start;
        let limit = starts.get(i + 1).copied().unwrap_or(text.len());
        let opening = Opening {
            prefix,
            close: &close,
            base,
        };
        let (d, n) = opening.item(&text[start..limit], i + 1, reached, parser);
        drafts.extend(d);
        notes.extend(n);
    }
    (drafts, notes, starts.len())
}

pub(super) const OPENING_MALFORMED: &str =
    "the feed's opening, before its first item, is itself malformed; no item read";

/// What an item read alone is put back into.
pub(super) struct Opening<'a> {
    /// Everything before the first item.
    pub prefix: &'a str,
    /// The end tags that close what `prefix` leaves open.
    pub close: &'a str,
    /// Where the feed was fetched from.
    pub base: Option<&'a str>,
}

impl Opening<'_> {
    /// Reads one item: `region` runs from its start tag to the next item's
    /// (or the end of the feed); `number` counts items from 1, and `at` is
    /// where it starts in the file.
    pub(super) fn item(
        &self,
        region: &str,
        number: usize,
        at: (usize, usize),
        parser: &dyn Fn() -> feed_rs::parser::Parser,
    ) -> (Vec<Draft>, Vec<Note>) {
        let (prefix, close) = (self.prefix, self.close);
        let mut notes = Vec::new();
        // A region that does not start with `<` (text decoded differently
        // from how it was cut) is no item: reported, never sliced.
        let Some(inner) = region.strip_prefix('<') else {
            notes.push(Note::error(
                Some(at),
                format!("item {number} cannot be read in this encoding; skipped"),
            ));
            return (Vec::new(), notes);
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(inner.len(), |e| e);
        let end_tag = format!("</{}>", &inner[..name_end]);
        let end = region
            .find(&end_tag)
            .map_or(region.len(), |e| e + end_tag.len());
        let chunk = &region[..end];
        let doc = format!("{prefix}{chunk}{close}");
        let normal = normalize(&doc);
        let readable = normal.as_ref().map_or(doc.as_str(), |n| n.text.as_str());
        let drafts = match parser().parse(readable.as_bytes()) {
            Ok(feed) if !feed.entries.is_empty() => {
                let feed_base = feed_link(&feed, self.base);
                let feed_date = normal.as_ref().and_then(|n| n.feed_date);
                if let Some(normal) = &normal {
                    // The feed's own dates are told once, with the first item.
                    let bad = normal
                        .bad_dates
                        .iter()
                        .filter(|b| b.item.is_some() || number == 1)
                        .cloned()
                        .collect::<Vec<_>>();
                    notes.extend(date_notes(&bad, |_| number, Some(at)));
                }
                entries(&feed, feed_base.as_deref(), feed_date, &mut notes, |_| {
                    (number, Some(at))
                })
            }
            Ok(_) => {
                notes.push(Note::error(
                    Some(at),
                    format!("item {number} could not be read"),
                ));
                Vec::new()
            }
            Err(_) if !region.contains(&end_tag) => {
                notes.push(Note::error(
                    Some(at),
                    format!(
                        "item {number} is cut off: the file ends before its {end_tag}; skipped"
                    ),
                ));
                Vec::new()
            }
            Err(e) => {
                // Offsets in the rebuilt document, as positions in the file.
                let locate = |offset: usize| {
                    let inside = offset.saturating_sub(prefix.len()).min(chunk.len());
                    crate::text::advance(at, &chunk.as_bytes()[..inside])
                };
                let (at, why) = match xml_error(&doc) {
                    Some(fault) => (locate(fault.at), fault.message(locate)),
                    None => (at, plain(&e)),
                };
                notes.push(Note::error(
                    Some(at),
                    format!("item {number} is malformed ({why}); skipped"),
                ));
                Vec::new()
            }
        };
        (drafts, notes)
    }
}

/// A summary without the marks that say it was cut short (`…`, `...`,
/// `[…]`, `[...]`, "Continue reading", "Read more").
fn excerpt_stem(summary: &str) -> &str {
    const TAILS: [&str; 7] = [
        "[…]",
        "[...]",
        "[&#8230;]",
        "…",
        "...",
        "read more",
        "continue reading",
    ];
    let mut s = summary.trim_end();
    while let Some(shorter) = TAILS.iter().find_map(|tail| {
        let cut = s.len().checked_sub(tail.len())?;
        s.as_bytes()[cut..]
            .eq_ignore_ascii_case(tail.as_bytes())
            .then(|| s.get(..cut))
            .flatten()
    }) {
        s = shorter.trim_end();
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_loses_the_marks_that_say_it_was_cut() {
        assert_eq!(
            excerpt_stem("The council said [&#8230;]"),
            "The council said"
        );
        assert_eq!(excerpt_stem("The council said […]"), "The council said");
        assert_eq!(
            excerpt_stem("The council said... Read more"),
            "The council said"
        );
        assert_eq!(excerpt_stem("東京 …"), "東京");
        assert_eq!(excerpt_stem("A whole sentence."), "A whole sentence.");
        assert_eq!(excerpt_stem("…"), "");
    }

    #[test]
    fn an_excerpt_of_the_content_is_no_subtitle() {
        let rss = r#"<rss version="2.0"><channel><title>Blog</title><item>
            <title>Harbour wall</title><link>https://example.com/wall</link>
            <description>The council said the wall is finished and [&#8230;]</description>
            <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>The council said the wall is finished and open to walkers.</p>]]></content:encoded>
            </item></channel></rss>"#;
        let extracted = extract(rss.as_bytes(), None, None);
        assert_eq!(extracted.drafts.len(), 1, "{:?}", extracted.notes);
        assert_eq!(extracted.drafts[0].subtitle, None);
    }

    use super::*;

    #[test]
    fn the_declared_encoding_is_found_and_replaced() {
        let xml = "<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n<rss/>";
        assert_eq!(
            declared_encoding(xml.as_bytes()).as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(
            declare_utf8(xml),
            "<?xml version=\"1.0\" encoding='UTF-8'?>\n<rss/>"
        );
        assert_eq!(declare_utf8("<rss/>"), "<rss/>");
    }

    #[test]
    fn items_are_found_outside_cdata_and_comments() {
        let xml = "<rss><channel><!-- <item> --><item><description><![CDATA[<item>]]></description></item><atom:entry/></channel></rss>";
        assert_eq!(item_starts(xml).len(), 2);
        assert_eq!(
            closers("<rss><channel><title>x</title>").as_deref(),
            Some("</channel></rss>")
        );
    }

    #[test]
    fn unclosed_elements_are_errors_with_their_place() {
        let fault = xml_error("<rss>\n<channel>\n<item>").expect("an error");
        assert_eq!(position(b"<rss>\n<channel>\n<item>", fault.at), (3, 1));
        assert!(fault.what.contains("item"), "{}", fault.what);
        assert!(xml_error("<rss><channel/></rss>").is_none());
    }
}
