//! Feeds rewritten into the forms `feed-rs` reads, before it reads them.
//!
//! feed-rs knows RSS 0.91/0.92/1.0/2.0 and Atom 1.0 by their exact names.
//! Older and looser feeds are made into those: RSS 0.90's namespace
//! becomes RSS 1.0's (the structure is the same), Atom 0.3's becomes Atom
//! 1.0's with its renamed elements (`issued`, `modified`, `tagline`,
//! `copyright`) and its content modes, and an `<rss>` with no or an odd
//! `version` is read as 2.0. Within each item, a Dublin Core `dc:title` or
//! `dc:description` stands in for a missing title or description, an RSS
//! 1.0 item with no `<link>` gets its `rdf:about` (or a placeholder that
//! [`NO_LINK`] names, so feed-rs keeps it), and every date is rewritten in
//! RFC 3339 when [`super::dates::parse`] can read it, or taken out and
//! reported when it cannot. A document that is not well-formed is left as
//! it is (the caller reads it item by item).

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;

const RSS090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS10: &str = "http://purl.org/rss/1.0/";
const ATOM03: &str = "http://purl.org/atom/ns#";
const ATOM10: &str = "http://www.w3.org/2005/Atom";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const DCTERMS: &str = "http://purl.org/dc/terms/";

/// The link given to an RSS 1.0 item that has none, so feed-rs keeps the
/// item; the reader of the feed drops it again.
pub const NO_LINK: &str = "urn:gogai:no-link";

/// A date that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate {
    /// The item it belongs to, counted from 0; `None` for the feed's own.
    pub item: Option<usize>,
    pub text: String,
}

/// A feed made readable.
#[derive(Debug, Default)]
pub struct Normalized {
    pub text: String,
    /// The feed's own date (`dc:date`, `pubDate`), for items that have
    /// none.
    pub feed_date: Option<DateTime<Utc>>,
    pub bad_dates: Vec<BadDate>,
    /// How many items it has.
    pub items: usize,
}

/// What the root element says the feed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Rss,
    Rdf,
    Atom,
}

impl Flavour {
    fn of(root: &str) -> Option<Self> {
        match root {
            "rss" => Some(Self::Rss),
            "RDF" => Some(Self::Rdf),
            "feed" => Some(Self::Atom),
            _ => None,
        }
    }
}

impl Normalized {
    /// The text of a feed-level date: the first readable one is the feed's
    /// date; an unreadable one is told.
    fn feed_date_read(&mut self, raw: &str) {
        match super::dates::parse(raw) {
            Some(date) => {
                self.feed_date.get_or_insert(date.with_timezone(&Utc));
            }
            None if !raw.trim().is_empty() => self.bad_dates.push(BadDate {
                item: None,
                text: raw.trim().to_owned(),
            }),
            None => {}
        }
    }
}

/// `text` rewritten as the module says; `None` when it is not well-formed
/// XML.
pub fn normalize(text: &str) -> Option<Normalized> {
    let mut reader = quick_xml::NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut out = quick_xml::Writer::new(Vec::with_capacity(text.len() + 64));
    let mut done = Normalized::default();
    let mut flavour = None;
    let mut depth = 0usize;
    // The item being read: its events, held until its end shows what it
    // lacks.
    let mut item: Option<Item> = None;
    // A date element of the feed itself, while it is read.
    let mut feed_date: Option<(usize, String)> = None;
    loop {
        let (ns, event) = reader.read_resolved_event().ok()?;
        let ns = match ns {
            ResolveResult::Bound(n) => Some(n.as_ref().to_owned()),
            _ => None,
        };
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                depth += 1;
                let local = e.local_name().as_ref().to_owned();
                let e = fix_namespaces(e, ns.as_deref(), &local);
                if depth == 1 {
                    flavour = Flavour::of(&local);
                    let e = if flavour == Some(Flavour::Rss) {
                        rss_version(e)
                    } else {
                        e
                    };
                    out.write_event(Event::Start(e)).ok()?;
                    continue;
                }
                if let Some(open) = item.as_mut() {
                    open.start(e, ns.as_deref(), &local, depth);
                    continue;
                }
                if matches!(local.as_str(), "item" | "entry") && !is_extension(ns.as_deref()) {
                    item = Some(Item::new(e, depth, flavour));
                    continue;
                }
                if is_feed_date(ns.as_deref(), &local) && depth <= 3 {
                    feed_date = Some((depth, String::new()));
                }
                out.write_event(Event::Start(e)).ok()?;
            }
            Event::End(e) => {
                let e = fix_end(e, ns.as_deref());
                if let Some(open) = item.as_mut() {
                    if depth == open.depth {
                        let open = item.take()?;
                        let index = done.items;
                        done.items += 1;
                        for bad in open.finish(&mut out)? {
                            done.bad_dates.push(BadDate {
                                item: Some(index),
                                text: bad,
                            });
                        }
                    } else {
                        open.end(e, depth);
                    }
                    depth -= 1;
                    continue;
                }
                if let Some((_, raw)) = feed_date.take_if(|(at, _)| *at == depth) {
                    done.feed_date_read(&raw);
                }
                depth -= 1;
                out.write_event(Event::End(e)).ok()?;
            }
            Event::Empty(e) => {
                let local = e.local_name().as_ref().to_owned();
                let e = fix_namespaces(e, ns.as_deref(), &local);
                if depth == 0 {
                    // `<rss/>`: an empty feed, written out in full so
                    // feed-rs finds its root.
                    let e = if local == "rss" { rss_version(e) } else { e };
                    out.write_event(Event::Start(e.borrow())).ok()?;
                    out.write_event(Event::End(e.to_end())).ok()?;
                    continue;
                }
                match item.as_mut() {
                    Some(open) => open.empty(e, ns.as_deref(), &local),
                    None => out.write_event(Event::Empty(e)).ok()?,
                }
            }
            other => {
                if let Some((_, raw)) = feed_date.as_mut() {
                    raw.push_str(&content(&other));
                }
                match item.as_mut() {
                    Some(open) => open.other(other),
                    None => out.write_event(other).ok()?,
                }
            }
        }
    }
    if depth != 0 {
        return None;
    }
    done.text = String::from_utf8(out.into_inner()).ok()?;
    Some(done)
}

/// Namespaces from other vocabularies whose `item`/`entry` are not items.
fn is_extension(ns: Option<&str>) -> bool {
    ns.is_some_and(|n| !matches!(n, RSS090 | ATOM03 | RSS10 | ATOM10))
}

fn is_date(ns: Option<&str>, local: &str) -> bool {
    match ns {
        Some(DC | DCTERMS) => matches!(local, "date" | "issued" | "modified" | "created"),
        _ if is_extension(ns) => false,
        _ => matches!(
            local,
            "pubDate" | "lastBuildDate" | "published" | "updated" | "issued" | "modified"
        ),
    }
}

/// The feed's own publication date, which stands for its items' when
/// they have none (`lastBuildDate` and Atom's `updated` say when the file
/// was made, not when its items were).
fn is_feed_date(ns: Option<&str>, local: &str) -> bool {
    match ns {
        Some(DC | DCTERMS) => matches!(local, "date" | "issued" | "created"),
        _ if is_extension(ns) => false,
        _ => local == "pubDate",
    }
}

/// The text an event holds, unescaped as far as it can be.
fn content(event: &Event<'_>) -> String {
    match event {
        Event::Text(t) => t.xml10_content().into_owned(),
        Event::CData(c) => c.to_string(),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => match r.as_ref() {
                "amp" => "&".into(),
                "lt" => "<".into(),
                "gt" => ">".into(),
                "quot" => "\"".into(),
                "apos" => "'".into(),
                _ => String::new(),
            },
        },
        _ => String::new(),
    }
}

/// The element with the old namespaces' names replaced by the ones
/// feed-rs knows, and Atom 0.3's element names by Atom 1.0's.
fn fix_namespaces<'a>(e: BytesStart<'a>, ns: Option<&str>, local: &str) -> BytesStart<'a> {
    let atom03 = ns == Some(ATOM03);
    let renamed = if atom03 { atom03_name(local) } else { None };
    let old_ns = e
        .attributes()
        .with_checks(false)
        .flatten()
        .any(|a| a.key.as_ref().starts_with("xmlns") && matches!(&*a.value, RSS090 | ATOM03));
    // Atom 0.3's text constructs give a MIME type and a `mode`; Atom 1.0's
    // say `text`, `html` or `xhtml`.
    let mode = atom03
        && matches!(
            local,
            "title" | "tagline" | "summary" | "content" | "copyright" | "info"
        )
        && e.attributes()
            .flatten()
            .any(|a| matches!(a.key.as_ref(), "mode" | "type"));
    if renamed.is_none() && !old_ns && !mode {
        return e;
    }
    let name = e.name().as_ref().to_owned();
    let name = match renamed {
        Some(new) => match name.split_once(':') {
            Some((prefix, _)) => format!("{prefix}:{new}"),
            None => new.to_owned(),
        },
        None => name,
    };
    let mut fixed = BytesStart::new(name);
    let mode_value = e
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "mode")
        .map(|a| a.value.into_owned());
    for attr in e.attributes().with_checks(false).flatten() {
        let key = attr.key.as_ref();
        if key.starts_with("xmlns") && &*attr.value == RSS090 {
            fixed.push_attribute((key, RSS10));
        } else if key.starts_with("xmlns") && &*attr.value == ATOM03 {
            fixed.push_attribute((key, ATOM10));
        } else if mode && key == "mode" {
        } else if mode && key == "type" {
            let kind = atom03_type(&attr.value, mode_value.as_deref());
            fixed.push_attribute((key, kind));
        } else {
            fixed.push_attribute(attr);
        }
    }
    fixed
}

/// An end tag renamed as [`fix_namespaces`] renamed its start.
fn fix_end<'a>(e: BytesEnd<'a>, ns: Option<&str>) -> BytesEnd<'a> {
    if ns != Some(ATOM03) {
        return e;
    }
    let Some(new) = atom03_name(e.local_name().as_ref()) else {
        return e;
    };
    match e.name().as_ref().split_once(':') {
        Some((prefix, _)) => BytesEnd::new(format!("{prefix}:{new}")),
        None => BytesEnd::new(new),
    }
}

fn atom03_name(local: &str) -> Option<&'static str> {
    Some(match local {
        "issued" => "published",
        "modified" => "updated",
        "tagline" => "subtitle",
        "copyright" => "rights",
        _ => return None,
    })
}

/// Atom 1.0's `type` for Atom 0.3's MIME type and `mode`.
fn atom03_type(mime: &str, mode: Option<&str>) -> &'static str {
    let mime = mime.to_ascii_lowercase();
    match mode {
        Some("xml") if mime.contains("xhtml") => "xhtml",
        _ if mime.contains("html") => "html",
        _ => "text",
    }
}

/// An `<rss>` whose `version` feed-rs knows: 0.91, 0.92 and 2.0 as they
/// are, anything else (none, 0.93, 0.94, 2.01) as 2.0.
fn rss_version(e: BytesStart<'_>) -> BytesStart<'_> {
    let known = e
        .attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "version" && matches!(a.value.trim(), "2.0" | "0.91" | "0.92"));
    if known {
        return e;
    }
    let mut fixed = BytesStart::new(e.name().as_ref().to_owned());
    for attr in e.attributes().with_checks(false).flatten() {
        if attr.key.as_ref() != "version" {
            fixed.push_attribute(attr);
        }
    }
    fixed.push_attribute(("version", "2.0"));
    fixed
}

/// The children an item has of its own vocabulary.
#[derive(Debug, Default)]
struct Has {
    title: bool,
    description: bool,
    link: bool,
}

/// One item's events, held until its end.
struct Item<'a> {
    start: BytesStart<'a>,
    depth: usize,
    rdf: bool,
    events: Vec<Event<'a>>,
    /// Which of its own children it has.
    has: Has,
    /// Indexes in `events` of the starts of its `dc:title` and
    /// `dc:description`.
    dc_title: Option<usize>,
    dc_description: Option<usize>,
    /// A date child being read: the index of its start and its text.
    date: Option<(usize, String)>,
    /// The dates read: start index, end index, text.
    dates: Vec<(usize, usize, String)>,
}

impl<'a> Item<'a> {
    fn new(start: BytesStart<'a>, depth: usize, flavour: Option<Flavour>) -> Self {
        Self {
            start,
            depth,
            rdf: flavour == Some(Flavour::Rdf),
            events: Vec::new(),
            has: Has::default(),
            dc_title: None,
            dc_description: None,
            date: None,
            dates: Vec::new(),
        }
    }

    fn child(&mut self, ns: Option<&str>, local: &str) {
        let index = self.events.len();
        if ns == Some(DC) {
            match local {
                "title" => self.dc_title = Some(index),
                "description" => self.dc_description = Some(index),
                _ => {}
            }
        } else if !is_extension(ns) {
            match local {
                "title" => self.has.title = true,
                "description" | "summary" | "content" => self.has.description = true,
                "link" => self.has.link = true,
                _ => {}
            }
        }
    }

    fn start(&mut self, e: BytesStart<'a>, ns: Option<&str>, local: &str, depth: usize) {
        if depth == self.depth + 1 {
            self.child(ns, local);
            if is_date(ns, local) {
                self.date = Some((self.events.len(), String::new()));
            }
        }
        self.events.push(Event::Start(e));
    }

    fn empty(&mut self, e: BytesStart<'a>, ns: Option<&str>, local: &str) {
        // An empty `<link/>` is no link, but Atom's `<link href=…/>` is.
        if local != "link" || e.attributes().flatten().any(|a| a.key.as_ref() == "href") {
            self.child(ns, local);
        }
        self.events.push(Event::Empty(e));
    }

    fn end(&mut self, e: BytesEnd<'a>, depth: usize) {
        if depth == self.depth + 1
            && let Some((start, text)) = self.date.take()
        {
            self.dates.push((start, self.events.len(), text));
        }
        self.events.push(Event::End(e));
    }

    fn other(&mut self, e: Event<'a>) {
        if let Some((_, text)) = self.date.as_mut() {
            text.push_str(&content(&e));
        }
        self.events.push(e);
    }

    /// Writes the item, mended; returns the dates that could not be read.
    fn finish(mut self, out: &mut quick_xml::Writer<Vec<u8>>) -> Option<Vec<String>> {
        let prefix = self
            .start
            .name()
            .as_ref()
            .split_once(':')
            .map(|(p, _)| format!("{p}:"));
        let prefix = prefix.as_deref().unwrap_or("");
        let mut bad = Vec::new();
        // Dates: rewritten in RFC 3339 (start, text, end) or dropped.
        let mut drop = vec![false; self.events.len()];
        let mut replace: Vec<(usize, String)> = Vec::new();
        for (start, end, text) in &self.dates {
            if let Some(date) = super::dates::parse(text) {
                replace.push((*start, date.to_rfc3339()));
                // Its old text and its end: written anew below.
                drop[*start + 1..=*end].fill(true);
            } else {
                if !text.trim().is_empty() {
                    bad.push(text.trim().to_owned());
                }
                drop[*start..=*end].fill(true);
            }
        }
        let mut renames: Vec<(usize, String)> = Vec::new();
        if !self.has.title
            && let Some(at) = self.dc_title
        {
            renames.push((at, format!("{prefix}title")));
        }
        if !self.has.description
            && let Some(at) = self.dc_description
        {
            renames.push((at, format!("{prefix}description")));
        }
        let about = self
            .start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == "rdf:about")
            .map(|a| a.value.into_owned());
        out.write_event(Event::Start(self.start.borrow())).ok()?;
        let mut renamed_end: Vec<(usize, String)> = Vec::new();
        let mut level = 0usize;
        for (i, event) in std::mem::take(&mut self.events).into_iter().enumerate() {
            if drop[i] {
                continue;
            }
            let event = match event {
                Event::Start(e) => {
                    level += 1;
                    if let Some((_, name)) = renames.iter().find(|(at, _)| *at == i) {
                        renamed_end.push((level, name.clone()));
                        let mut fixed = BytesStart::new(name.clone());
                        fixed.extend_attributes(e.attributes().with_checks(false).flatten());
                        Event::Start(fixed)
                    } else if let Some((_, date)) = replace.iter().find(|(at, _)| *at == i) {
                        out.write_event(Event::Start(e.borrow())).ok()?;
                        out.write_event(Event::Text(BytesText::new(date))).ok()?;
                        out.write_event(Event::End(e.to_end())).ok()?;
                        level -= 1;
                        continue;
                    } else {
                        Event::Start(e)
                    }
                }
                Event::End(e) => {
                    let fixed = match renamed_end.last() {
                        Some((l, name)) if *l == level => {
                            let name = name.clone();
                            renamed_end.pop();
                            Event::End(BytesEnd::new(name))
                        }
                        _ => Event::End(e),
                    };
                    level = level.saturating_sub(1);
                    fixed
                }
                other => other,
            };
            out.write_event(event).ok()?;
        }
        if self.rdf && !self.has.link {
            let link = format!("{prefix}link");
            let href = about.unwrap_or_else(|| NO_LINK.to_owned());
            out.write_event(Event::Start(BytesStart::new(link.as_str())))
                .ok()?;
            out.write_event(Event::Text(BytesText::new(&href))).ok()?;
            out.write_event(Event::End(BytesEnd::new(link))).ok()?;
        }
        out.write_event(Event::End(self.start.to_end())).ok()?;
        Some(bad)
    }
}
