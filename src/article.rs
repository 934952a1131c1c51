//! The article format: parsing one file's bytes into articles, and every
//! problem found on the way, each pinned to `file:line:column`.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::facts::{ArticleText, CuratedFact, FactKind};
use crate::text::{self, parse_iso8601, position};

/// Import checks `published` with the same test the loader uses.
pub use crate::text::is_iso8601;

/// One article, cleaned and ready to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The URL of the subscribed feed this article came from (as written
    /// in the feeds file), so an article knows its feed.
    pub feed: Option<String>,
    /// When a refresh last replaced the article because its item changed
    /// upstream (ISO 8601, written by `--update`); the reader says so.
    pub updated: Option<String>,
    /// `published` as seconds since the Unix epoch, for ordering.
    pub published_at: Option<i64>,
    pub tags: Vec<String>,
    /// Paragraphs. A prose paragraph is one flow of text without newlines;
    /// the others (see `shapes`) hold `\n` between their lines.
    pub body: Vec<String>,
    /// The body paragraphs that are not prose, by index, in ascending order.
    pub shapes: Vec<(usize, Shape)>,
    /// The addresses the text refers to as `[1]`, `[2]`, …: `links[0]` is `[1]`.
    pub links: Vec<String>,
    /// Media attached to the article (a podcast's episode, say).
    pub enclosures: Vec<Enclosure>,
    pub curated_facts: Vec<CuratedFact>,
    /// Where the article was read from, as shown in messages.
    pub file: String,
}

/// How a body paragraph keeps its lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shape {
    /// One flow of text, wrapped to the reading width.
    #[default]
    Prose,
    /// Lines broken where the author broke them (`<br>`: a poem, an
    /// address); each line wraps on its own.
    Lines,
    /// Preformatted (code, a table): spaces and line breaks kept, never
    /// re-wrapped; a line too wide is folded with a mark.
    Pre,
}

/// A media file attached to an article (RSS `<enclosure>`, Atom
/// `rel="enclosure"`, `media:content`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    pub url: String,
    /// Its media type (`audio/mpeg`), when the feed says.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    /// Its size in bytes, when the feed says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u64>,
}

impl Enclosure {
    /// `audio/mpeg · 24.1 MB`, leaving out what is unknown.
    pub fn describe(&self) -> String {
        let size = self.length.filter(|&n| n > 0).map(human_size);
        [self.mime.clone(), size]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// A byte count as people read it: `812 B`, `3.4 kB`, `24.1 MB`.
#[allow(clippy::cast_precision_loss)]
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// One body paragraph as written in a file and printed by `--print --json`:
/// prose as a string, the other shapes as `{"pre": …}` or `{"lines": …}`.
#[derive(Serialize)]
#[serde(untagged)]
pub enum BodyItem<'a> {
    Prose(&'a str),
    Pre { pre: &'a str },
    Lines { lines: &'a str },
}

impl<'a> BodyItem<'a> {
    pub fn new(shape: Shape, text: &'a str) -> Self {
        match shape {
            Shape::Prose => Self::Prose(text),
            Shape::Pre => Self::Pre { pre: text },
            Shape::Lines => Self::Lines { lines: text },
        }
    }
}

/// The article as its file holds it: what `--print --json` shows and what
/// an import or a refresh writes (without an `id`: the file name is it).
#[derive(Serialize)]
pub(crate) struct ArticleOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub tags: &'a [String],
    pub body: Vec<BodyItem<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub links: &'a [String],
    #[serde(skip_serializing_if = "<[Enclosure]>::is_empty")]
    pub enclosures: &'a [Enclosure],
}

impl Serialize for Article {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ArticleOut {
            id: Some(&self.id),
            title: &self.title,
            subtitle: self.subtitle.as_deref(),
            source: self.source.as_deref(),
            author: self.author.as_deref(),
            url: self.url.as_deref(),
            published: self.published.as_deref(),
            feed: self.feed.as_deref(),
            updated: self.updated.as_deref(),
            tags: &self.tags,
            body: self.body_items().collect(),
            links: &self.links,
            enclosures: &self.enclosures,
        }
        .serialize(serializer)
    }
}

impl ArticleText for Article {
    fn title(&self) -> &str {
        &self.title
    }

    fn subtitle(&self) -> Option<&str> {
        self.subtitle.as_deref()
    }

    fn body(&self) -> &[String] {
        &self.body
    }

    fn curated_facts(&self) -> &[CuratedFact] {
        &self.curated_facts
    }

    fn is_preformatted(&self, i: usize) -> bool {
        self.shape(i) == Shape::Pre
    }
}

impl Article {
    /// The shape of body paragraph `i`.
    pub fn shape(&self, i: usize) -> Shape {
        self.shapes
            .binary_search_by_key(&i, |&(at, _)| at)
            .map_or(Shape::Prose, |found| self.shapes[found].1)
    }

    /// The body as it is written in a file.
    pub fn body_items(&self) -> impl Iterator<Item = BodyItem<'_>> {
        self.body
            .iter()
            .enumerate()
            .map(|(i, p)| BodyItem::new(self.shape(i), p))
    }

    /// The calendar date of `published` (`YYYY-MM-DD`), for list rows.
    pub fn date(&self) -> Option<&str> {
        self.published.as_deref().map(|p| p.get(..10).unwrap_or(p))
    }

    /// "source · author · date", leaving out what is absent.
    pub fn byline(&self) -> String {
        [self.source.as_deref(), self.author.as_deref(), self.date()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Something wrong with an article file. Errors mean the file (or one article
/// in it) was skipped; warnings mean it loaded, with something ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Both parts can hold text from outside (a file name, a key): escaped
        // here so no problem line can move the cursor or split in two.
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            escape_controls(&self.file),
            self.line,
            self.column,
            escape_controls(&self.message)
        )
    }
}

/// `s` with control characters (C0, DEL, C1) and bidirectional overrides
/// written as Rust escapes (`\n`, `\u{1b}`), so it prints as one inert line.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    let hostile =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.contains(hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hostile(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

impl Problem {
    fn at(file: &str, (line, column): (usize, usize), severity: Severity, message: String) -> Self {
        Self {
            file: file.to_owned(),
            line,
            column,
            severity,
            message,
        }
    }
}

/// What parsing one file gave: the articles it holds and what was wrong.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

// The schema as written in files. Optional strings accept null.
#[derive(Deserialize)]
struct RawArticle {
    id: Option<String>,
    title: String,
    subtitle: Option<String>,
    source: Option<String>,
    author: Option<String>,
    url: Option<String>,
    published: Option<String>,
    feed: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    body: RawBody,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    enclosures: Vec<Enclosure>,
    #[serde(default)]
    facts: Vec<RawFact>,
    /// When a refresh last replaced the article because it changed
    /// upstream (ISO 8601).
    #[serde(default)]
    updated: Option<String>,
}

/// The `links` list cleaned; an empty entry is kept (the numbers after it
/// stay right) with a warning.
fn links_of(
    raw: &[String],
    warnings: &mut Vec<Problem>,
    warn: &dyn Fn(&str, Option<&str>, String) -> Problem,
) -> Vec<String> {
    let links: Vec<String> = raw
        .iter()
        .map(|l| text::normalize_paragraph(&text::clean(l)))
        .collect();
    if links.iter().any(String::is_empty) {
        warnings.push(warn(
            "links",
            None,
            "an empty entry of `links` is kept so the numbers after it stay right".into(),
        ));
    }
    links
}

/// `body`: one string with blank lines between paragraphs, or an array of
/// paragraphs. Hand-written so a wrong type is reported as serde reports any
/// other ("invalid type: integer `5`, expected ...").
enum RawBody {
    Text(String),
    Paragraphs(Vec<RawParagraph>),
}

/// One entry of a `body` array: a prose string, `{"pre": "…"}` or
/// `{"lines": "…"}`.
struct RawParagraph {
    shape: Shape,
    text: String,
}

impl<'de> Deserialize<'de> for RawBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawBody;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    r#"a string or an array of paragraph strings (or {"pre": …} and {"lines": …} objects)"#,
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawBody, E> {
                Ok(RawBody::Text(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawBody, A::Error> {
                let mut paragraphs = Vec::new();
                while let Some(p) = seq.next_element::<RawParagraph>()? {
                    paragraphs.push(p);
                }
                Ok(RawBody::Paragraphs(paragraphs))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for RawParagraph {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawParagraph;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a paragraph string, {"pre": "…"} or {"lines": "…"}"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawParagraph, E> {
                Ok(RawParagraph {
                    shape: Shape::Prose,
                    text: v.to_owned(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawParagraph, A::Error> {
                use serde::de::Error as _;
                let mut found: Option<RawParagraph> = None;
                while let Some(key) = map.next_key::<String>()? {
                    let shape = match key.as_str() {
                        "pre" => Shape::Pre,
                        "lines" => Shape::Lines,
                        other => {
                            return Err(A::Error::unknown_field(other, &["pre", "lines"]));
                        }
                    };
                    if found.is_some() {
                        return Err(A::Error::custom(
                            "a paragraph object holds one key, `pre` or `lines`",
                        ));
                    }
                    found = Some(RawParagraph {
                        shape,
                        text: map.next_value::<String>()?,
                    });
                }
                found.ok_or_else(|| A::Error::custom("a paragraph object needs `pre` or `lines`"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
struct RawFact {
    label: String,
    value: String,
    kind: Option<String>,
}

/// Turns byte offsets into `line:column` of the whole file, for one article's
/// slice of it (the whole file, or one entry of a top-level array).
struct Locator<'a> {
    file: &'a str,
    base: usize,
    text: &'a str,
}

impl Locator<'_> {
    fn at(&self, local: usize) -> (usize, usize) {
        position(self.file.as_bytes(), self.base + local)
    }

    /// Where a `serde_json` error points. Its column counts bytes; ours
    /// counts characters, like every other position we print.
    fn error(&self, e: &serde_json::Error) -> (usize, usize) {
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let mut local = (line_start + e.column().saturating_sub(1)).min(self.text.len());
        while !self.text.is_char_boundary(local) {
            local -= 1;
        }
        self.at(local)
    }

    /// Where `"key":` first appears in this article; with `value`, preferably
    /// the occurrence holding that string value. Falls back to the article's
    /// start.
    fn key(&self, key: &str, value: Option<&str>) -> (usize, usize) {
        let needle = format!("\"{key}\"");
        let quoted = value.and_then(|v| serde_json::to_string(v).ok());
        let mut first = None;
        let mut from = 0;
        while let Some(i) = self.text[from..].find(&needle) {
            let at = from + i;
            let after = self.text[at + needle.len()..].trim_start();
            if let Some(rest) = after.strip_prefix(':') {
                let holds_value = quoted
                    .as_deref()
                    .is_none_or(|q| rest.trim_start().starts_with(q));
                if holds_value {
                    return self.at(at);
                }
                first.get_or_insert(at);
            }
            from = at + needle.len();
        }
        self.at(first.unwrap_or(0))
    }
}

/// Parses the bytes of one file. `name` is the file name (its stem is the
/// default id); `shown` is the path used in messages. One bad entry of an
/// array file is skipped; the others load.
pub fn parse(bytes: &[u8], name: &str, shown: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let err = |pos, msg: String| Problem::at(shown, pos, Severity::Error, msg);
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let pos = position(bytes, e.valid_up_to());
            parsed.problems.push(err(
                pos,
                format!(
                    "not valid UTF-8 (byte 0x{:02x}); article files must be UTF-8",
                    bytes[e.valid_up_to()]
                ),
            ));
            return parsed;
        }
    };
    let file = source.trim_start_matches('\u{feff}');
    if file.trim().is_empty() {
        parsed.problems.push(err(
            (1, 1),
            "file is empty; expected a JSON article object".into(),
        ));
        return parsed;
    }
    let repaired = match mend(file, shown) {
        Ok((repaired, warning)) => {
            parsed.problems.extend(warning);
            repaired
        }
        Err(problem) => {
            parsed.problems.push(problem);
            return parsed;
        }
    };
    let file = repaired.as_deref().unwrap_or(file);
    let whole = Locator {
        file,
        base: 0,
        text: file,
    };
    let entries: Vec<(usize, &str)> = if file.trim_start().starts_with('[') {
        match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(file) {
            // RawValue borrows from `file`, so its offset is pointer arithmetic.
            Ok(raws) => raws
                .iter()
                .map(|r| (r.get().as_ptr() as usize - file.as_ptr() as usize, r.get()))
                .collect(),
            Err(e) => {
                parsed.problems.push(err(whole.error(&e), json_message(&e)));
                return parsed;
            }
        }
    } else {
        vec![(0, file)]
    };
    let default_id = name.strip_suffix(".json").unwrap_or(name);
    let single = entries.len() == 1;
    for (index, (base, text)) in entries.into_iter().enumerate() {
        let at = Locator { file, base, text };
        let (fallback, prefix) = if single {
            (default_id.to_owned(), String::new())
        } else {
            (
                format!("{default_id}#{}", index + 1),
                format!("article {}: ", index + 1),
            )
        };
        let mut ignored = Vec::new();
        let raw = match deserialize::<RawArticle>(text, &mut ignored) {
            Ok(raw) => raw,
            Err(e) => {
                parsed
                    .problems
                    .push(err(at.error(&e), format!("{prefix}{}", json_message(&e))));
                continue;
            }
        };
        for path in ignored {
            parsed.problems.push(Problem::at(
                shown,
                at.key(path.rsplit('.').next().unwrap_or(&path), None),
                Severity::Warning,
                format!(
                    "{prefix}unknown field `{}` is ignored",
                    readable_path(&path)
                ),
            ));
        }
        match build(raw, fallback, shown, &at) {
            Ok((article, warnings)) => {
                parsed.problems.extend(warnings);
                parsed.articles.push(article);
            }
            Err(problem) => parsed.problems.push(Problem {
                message: format!("{prefix}{}", problem.message),
                ..problem
            }),
        }
    }
    parsed
}

/// Checks what `serde_json` would miss or reject before it sees the text:
/// nesting beyond [`MAX_NESTING`] is the file's one error; lone surrogate
/// escapes are replaced (the text keeps its length, so every position found
/// in it is a position in the file as written) with one warning.
fn mend(file: &str, shown: &str) -> Result<(Option<String>, Option<Problem>), Problem> {
    let scan = scan(file);
    if let Some(at) = scan.too_deep {
        return Err(Problem::at(
            shown,
            position(file.as_bytes(), at),
            Severity::Error,
            format!(
                "JSON nested more than {MAX_NESTING} levels deep; article files need only a few"
            ),
        ));
    }
    let Some(&first) = scan.lone_surrogates.first() else {
        return Ok((None, None));
    };
    let escape = &file[first..first + 6];
    let message = match scan.lone_surrogates.len() {
        1 => format!("lone surrogate {escape} replaced by U+FFFD"),
        n => format!("{n} lone surrogates replaced by U+FFFD (the first is {escape})"),
    };
    let warning = Problem::at(
        shown,
        position(file.as_bytes(), first),
        Severity::Warning,
        message,
    );
    Ok((
        Some(replace_lone_surrogates(file, &scan.lone_surrogates)),
        Some(warning),
    ))
}

/// How deeply `[` and `{` may nest. An article needs four levels (array
/// file, article, `facts`, fact). `serde_json` stops at 128 only where it
/// recurses: values it skips (unknown fields, array entries taken raw) are
/// walked without a limit, so the limit is checked here, before parsing, for
/// the whole file alike.
pub const MAX_NESTING: usize = 100;

/// What one pass over a file's text finds before `serde_json` sees it.
struct Scan {
    /// Offset of the bracket that opens one level more than [`MAX_NESTING`].
    too_deep: Option<usize>,
    /// Offsets of the `\uXXXX` escapes of unpaired UTF-16 surrogates, which
    /// `serde_json` rejects (and with them the whole file).
    lone_surrogates: Vec<usize>,
}

/// Walks the JSON text, tracking nesting outside string literals and
/// surrogate escapes inside them. Malformed JSON is walked as far as it
/// goes; `serde_json` reports it.
fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut lone_surrogates = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Scan {
                        too_deep: Some(i),
                        lone_surrogates,
                    };
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' => i = scan_string(b, i + 1, &mut lone_surrogates),
            _ => i += 1,
        }
    }
    Scan {
        too_deep: None,
        lone_surrogates,
    }
}

/// Walks one string literal from just after its opening quote, noting lone
/// surrogate escapes; returns the offset after its closing quote.
fn scan_string(b: &[u8], mut i: usize, lone: &mut Vec<usize>) -> usize {
    // A high surrogate escape, lone unless a low one follows right after.
    let mut high: Option<usize> = None;
    while let Some(found) = memchr::memchr2(b'"', b'\\', &b[i..]) {
        let at = i + found;
        if let Some(h) = high.filter(|&h| h + 6 != at) {
            lone.push(h);
            high = None;
        }
        if b[at] == b'"' {
            lone.extend(high);
            return at + 1;
        }
        // Any escape is two bytes at least, so `\\` and `\"` are skipped
        // whole and never misread as the start of something else.
        let Some(unit) = hex_escape(b, at) else {
            lone.extend(high.take());
            // A backslash may be the file's last byte (a truncated file).
            i = (at + 2).min(b.len());
            continue;
        };
        match unit {
            0xD800..=0xDBFF => lone.extend(high.replace(at)),
            0xDC00..=0xDFFF => {
                if high.take().is_none() {
                    lone.push(at);
                }
            }
            _ => lone.extend(high.take()),
        }
        i = at + 6;
    }
    lone.extend(high);
    b.len()
}

#[cfg(test)]
mod scan_tests {
    #[test]
    fn a_file_ending_in_a_backslash_inside_a_string_is_an_error_not_a_panic() {
        // Found by `cargo fuzz run article_loader`.
        for bytes in [&b"\"\\"[..], b"{\"title\": \"a\\", b"[\"\\"] {
            let parsed = super::parse(bytes, "t.json", "t.json");
            assert!(parsed.articles.is_empty());
            assert!(!parsed.problems.is_empty());
        }
    }
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn hex_escape(b: &[u8], at: usize) -> Option<u16> {
    let hex = b.get(at + 1..at + 6)?.strip_prefix(b"u")?;
    let hex = std::str::from_utf8(hex).ok()?;
    if !hex.bytes().all(|d| d.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

/// `text` with the escapes at `lone` (each `\uXXXX`, six bytes) rewritten as
/// `\ufffd`.
fn replace_lone_surrogates(text: &str, lone: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &at in lone {
        out.push_str(&text[from..at]);
        out.push_str("\\ufffd");
        from = at + 6;
    }
    out.push_str(&text[from..]);
    out
}

/// `facts.0.zz` → `facts[0].zz`.
fn readable_path(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() {
            out.push('[');
            out.push_str(part);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

fn deserialize<T: for<'de> Deserialize<'de>>(
    source: &str,
    ignored: &mut Vec<String>,
) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(source);
    let value = serde_ignored::deserialize(&mut de, |path| ignored.push(path.to_string()))?;
    de.end()?;
    Ok(value)
}

/// `serde_json`'s message without its trailing " at line L column C", which
/// we print in front instead.
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("invalid JSON: {message}")
        }
        _ => message.to_owned(),
    }
}

fn build(
    raw: RawArticle,
    fallback_id: String,
    shown: &str,
    at: &Locator<'_>,
) -> Result<(Article, Vec<Problem>), Problem> {
    let mut warnings = Vec::new();
    let warn = |key: &str, value: Option<&str>, msg: String| {
        Problem::at(shown, at.key(key, value), Severity::Warning, msg)
    };
    let line = |s: Option<String>| {
        s.map(|s| text::normalize_paragraph(&text::clean(&s)))
            .filter(|s| !s.is_empty())
    };
    let title = line(Some(raw.title)).ok_or_else(|| {
        Problem::at(
            shown,
            at.key("title", None),
            Severity::Error,
            "`title` is empty; every article needs a title".into(),
        )
    })?;
    // Ids are shown and printed: they get the same cleaning as text.
    let id = line(raw.id).unwrap_or(fallback_id);
    let (body, shapes) = body_of(raw.body);
    let links = links_of(&raw.links, &mut warnings, &warn);
    let enclosures = enclosures_of(raw.enclosures);
    if body.is_empty() {
        warnings.push(warn("body", None, "`body` is empty".into()));
    }
    let published = match raw.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => {
            let instant = parse_iso8601(p);
            if instant.is_none() {
                warnings.push(warn(
                    "published",
                    raw.published.as_deref(),
                    format!(
                        "`published` {p:?} is not an ISO 8601 date \
                         (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]); shown without a date"
                    ),
                ));
            }
            instant.map(|at| (p.to_owned(), at))
        }
    };
    let mut curated_facts = Vec::new();
    for fact in raw.facts {
        let (Some(label), Some(value)) = (line(Some(fact.label)), line(Some(fact.value))) else {
            warnings.push(warn(
                "facts",
                None,
                "a fact with an empty label or value is ignored".into(),
            ));
            continue;
        };
        let kind = match fact.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) => {
                let parsed = FactKind::parse(k);
                if parsed.is_none() {
                    warnings.push(warn(
                        "kind",
                        fact.kind.as_deref(),
                        format!(
                            "fact kind {k:?} is unknown (expected one of: {}); the kind is guessed",
                            FactKind::NAMES.join(", ")
                        ),
                    ));
                }
                parsed
            }
        };
        curated_facts.push(CuratedFact { label, value, kind });
    }
    let (published, published_at) = published.map_or((None, None), |(p, at)| (Some(p), Some(at)));
    let article = Article {
        id,
        title,
        subtitle: line(raw.subtitle),
        source: line(raw.source),
        author: line(raw.author),
        url: line(raw.url),
        published,
        feed: line(raw.feed),
        updated: line(raw.updated),
        published_at,
        tags: raw.tags.into_iter().filter_map(|t| line(Some(t))).collect(),
        body,
        shapes,
        links,
        enclosures,
        curated_facts,
        file: shown.to_owned(),
    };
    Ok((article, warnings))
}

/// The body's paragraphs, cleaned, and the shapes of those not prose.
fn body_of(raw: RawBody) -> (Vec<String>, Vec<(usize, Shape)>) {
    let mut shapes = Vec::new();
    let body: Vec<String> = match raw {
        RawBody::Text(text) => split_paragraphs(&text::clean(&text)),
        RawBody::Paragraphs(paragraphs) => {
            let mut body = Vec::with_capacity(paragraphs.len());
            for p in paragraphs {
                let (shape, text) = shaped(p.shape, &text::clean(&p.text));
                if text.is_empty() {
                    continue;
                }
                if shape != Shape::Prose {
                    shapes.push((body.len(), shape));
                }
                body.push(text);
            }
            body
        }
    };
    (body, shapes)
}

/// Enclosures with their text cleaned; one without an address is dropped.
fn enclosures_of(raw: Vec<Enclosure>) -> Vec<Enclosure> {
    let line =
        |s: String| Some(text::normalize_paragraph(&text::clean(&s))).filter(|s| !s.is_empty());
    raw.into_iter()
        .filter_map(|e| {
            Some(Enclosure {
                url: line(e.url)?,
                mime: e.mime.and_then(line),
                length: e.length,
            })
        })
        .collect()
}

/// A cleaned paragraph in its shape: prose as one flow; lines each one
/// flow, without empty ones; preformatted text with only trailing spaces and
/// blank lines at either end taken off. A paragraph left with one line is
/// prose.
pub fn shaped(shape: Shape, text: &str) -> (Shape, String) {
    match shape {
        Shape::Prose => (Shape::Prose, text::normalize_paragraph(text)),
        Shape::Lines => {
            let lines: Vec<String> = text
                .lines()
                .map(text::normalize_paragraph)
                .filter(|l| !l.is_empty())
                .collect();
            let shape = if lines.len() > 1 {
                Shape::Lines
            } else {
                Shape::Prose
            };
            (shape, lines.join("\n"))
        }
        Shape::Pre => {
            let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
            let first = lines.iter().position(|l| !l.is_empty());
            let last = lines.iter().rposition(|l| !l.is_empty());
            match (first, last) {
                (Some(first), Some(last)) => (Shape::Pre, lines[first..=last].join("\n")),
                _ => (Shape::Pre, String::new()),
            }
        }
    }
}

/// Splits a body string into paragraphs at blank lines; single newlines inside
/// a paragraph are soft.
fn split_paragraphs(body: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(text::normalize_paragraph(&current));
                current.clear();
            }
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        paragraphs.push(text::normalize_paragraph(&current));
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\n日本x".as_bytes(), "ab\n日本".len()), (2, 3));
        let text = "{\n  \"title\": 1}";
        let at = Locator {
            file: text,
            base: 0,
            text,
        };
        assert_eq!(at.key("title", None), (2, 3));
    }
}
