//! OPML, the subscription lists feed readers import and export: reading
//! one into subscriptions, and writing the feeds file as one.
//!
//! Each `<outline>` with an `xmlUrl` is a feed; its `title` (else `text`)
//! is its name, and the outlines around it (folders, in most readers) give
//! it their titles as tags. Exported, each tag is a folder holding its
//! feeds (a feed with two tags is in two folders), and untagged feeds are
//! at the top; importing that gives the same feeds, names and tags.

use std::fmt::Write as _;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::list::{Subscription, is_source};

/// What an OPML file holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Opml {
    /// The feeds, in the file's order, each once (the first time it
    /// appears gives its name; every folder it is in gives a tag).
    pub feeds: Vec<Subscription>,
    /// What was left out, with the line it is on.
    pub warnings: Vec<(usize, String)>,
}

/// Why a file cannot be read as OPML.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("{line}:{column}: not well-formed XML: {message}")]
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("its root element is <{0}>, not <opml>: not an OPML subscription list")]
    NotOpml(String),
    #[error("not valid UTF-8 at byte {0}; OPML files are read as UTF-8")]
    NotUtf8(usize),
}

/// Whether `bytes` start like an OPML document (its root element is
/// `<opml>`), for telling a subscription list from a feed.
pub fn looks_like_opml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return e.local_name().as_ref().eq_ignore_ascii_case("opml");
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Reads an OPML document.
pub fn parse(bytes: &[u8]) -> Result<Opml, OpmlError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| OpmlError::NotUtf8(e.valid_up_to()))?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut opml = Opml::default();
    // The titles of the outlines around the current one; `None` for an
    // outline that gives no tag (a feed holding outlines, an untitled one).
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut root_seen = false;
    loop {
        let at = reader.buffer_position() as usize;
        let line = line_of(text, at);
        let event = reader.read_event().map_err(|e| {
            let (line, column) = crate::text::position(bytes, reader.error_position() as usize);
            OpmlError::Malformed {
                line,
                column,
                message: e.to_string(),
            }
        })?;
        let (element, open) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                if e.local_name().as_ref() == "outline" {
                    folders.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = element.local_name();
        if !root_seen {
            root_seen = true;
            if !name.as_ref().eq_ignore_ascii_case("opml") {
                return Err(OpmlError::NotOpml(name.as_ref().to_owned()));
            }
            continue;
        }
        if name.as_ref() != "outline" {
            continue;
        }
        let attrs = attributes(element);
        let get = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        // Names and folders become words of one line in the feeds file:
        // line breaks and other controls are spaces.
        let title = get("title").or_else(|| get("text")).map(|t| {
            t.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
        });
        let Some(url) = get("xmlUrl") else {
            if open {
                folders.push(title);
            }
            continue;
        };
        if open {
            folders.push(None);
        }
        if !is_source(url) || url.contains(char::is_whitespace) {
            opml.warnings
                .push((line, format!("{url:?} is not an http(s) URL; left out")));
            continue;
        }
        let tags: Vec<String> = folders.iter().flatten().cloned().collect();
        add(&mut opml, url, title, tags);
    }
    if !root_seen {
        return Err(OpmlError::NotOpml("(none)".into()));
    }
    Ok(opml)
}

/// Adds a feed met in an OPML file; one met before gets the new tags.
fn add(opml: &mut Opml, url: &str, name: Option<String>, tags: Vec<String>) {
    // A name is only worth keeping when it says more than the URL.
    let name = name.filter(|n| n != url);
    if let Some(known) = opml.feeds.iter_mut().find(|f| f.url == url) {
        for tag in tags {
            if !known.tags.contains(&tag) {
                known.tags.push(tag);
            }
        }
        if known.name.is_none() {
            known.name = name;
        }
        return;
    }
    let mut unique = Vec::new();
    for tag in tags {
        if !unique.contains(&tag) {
            unique.push(tag);
        }
    }
    opml.feeds.push(Subscription {
        url: url.to_owned(),
        name,
        tags: unique,
        line: 0,
    });
}

/// An element's attributes, unescaped; one that cannot be read is left out.
fn attributes(element: &BytesStart<'_>) -> Vec<(String, String)> {
    element
        .attributes()
        .flatten()
        .filter_map(|a| {
            let key = a.key.local_name().as_ref().to_owned();
            let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
            Some((key, value.into_owned()))
        })
        .collect()
}

fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The feeds as an OPML 2.0 document: one folder outline per tag (in the
/// order tags first appear) holding its feeds, then the untagged feeds.
pub fn export(feeds: &[Subscription]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>gogai subscriptions</title>\n  </head>\n  <body>\n",
    );
    let mut tags: Vec<&str> = Vec::new();
    for feed in feeds {
        for tag in &feed.tags {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
    }
    for tag in tags {
        let tag_attr = attr(tag);
        let _ = writeln!(
            out,
            "    <outline text=\"{tag_attr}\" title=\"{tag_attr}\">"
        );
        for feed in feeds.iter().filter(|f| f.tags.iter().any(|t| t == tag)) {
            feed_outline(&mut out, feed, "      ");
        }
        out.push_str("    </outline>\n");
    }
    for feed in feeds.iter().filter(|f| f.tags.is_empty()) {
        feed_outline(&mut out, feed, "    ");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn feed_outline(out: &mut String, feed: &Subscription, indent: &str) {
    let name = attr(feed.title());
    let url = attr(&feed.url);
    let _ = writeln!(
        out,
        "{indent}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{url}\"/>"
    );
}

/// `value` escaped for a double-quoted attribute; tabs and line breaks as
/// character references, so reading it back does not turn them to spaces.
fn attr(value: &str) -> String {
    quick_xml::escape::escape(value)
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_outlines_give_tags() {
        let doc = br#"<?xml version="1.0"?>
<opml version="2.0"><head/><body>
  <outline text="Tech">
    <outline text="Rust">
      <outline text="This Week" xmlUrl="https://this-week-in-rust.org/rss.xml"/>
    </outline>
  </outline>
  <outline title="Top" text="ignored" xmlUrl="https://example.com/top.xml"/>
  <outline text="bad" xmlUrl="javascript:alert(1)"/>
</body></opml>"#;
        let opml = parse(doc).unwrap();
        assert_eq!(opml.feeds.len(), 2);
        assert_eq!(opml.feeds[0].tags, ["Tech", "Rust"]);
        assert_eq!(opml.feeds[0].name.as_deref(), Some("This Week"));
        assert_eq!(opml.feeds[1].name.as_deref(), Some("Top"));
        assert!(opml.feeds[1].tags.is_empty());
        assert_eq!(opml.warnings.len(), 1);
        assert_eq!(opml.warnings[0].0, 9);
        assert!(looks_like_opml(doc));
        assert!(!looks_like_opml(b"<rss version=\"2.0\"/>"));
    }

    #[test]
    fn a_line_break_in_a_name_never_reaches_the_feeds_file_as_one() {
        let doc = br#"<opml version="2.0"><body>
  <outline text="News&#10;https://evil.example/feed">
    <outline title="x&#10;https://evil.example/feed" xmlUrl="https://example.com/real.xml"/>
  </outline>
</body></opml>"#;
        let opml = parse(doc).unwrap();
        assert_eq!(opml.feeds.len(), 1);
        let feed = &opml.feeds[0];
        assert_eq!(feed.name.as_deref(), Some("x https://evil.example/feed"));
        assert_eq!(feed.tags, ["News https://evil.example/feed"]);
        // Written out and read back: one feed, the real one.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds");
        let mut list = crate::feeds::list::Subscriptions::load(&path).unwrap();
        list.add(feed.clone());
        list.save().unwrap();
        let back = crate::feeds::list::Subscriptions::load(&path).unwrap();
        let urls: Vec<&str> = back.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(urls, ["https://example.com/real.xml"]);
        assert!(back.warnings().is_empty(), "{:?}", back.warnings());
    }
}
