//! The article format: parsing one file's bytes into articles, and every
//! problem found on the way, each pinned to `file:line:column`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::facts::FactKind;
use crate::text;

/// One article, cleaned and ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Paragraphs, each one flow of text without newlines.
    pub body: Vec<String>,
    #[serde(skip)]
    pub curated_facts: Vec<CuratedFact>,
    /// Where the article was read from, as shown in messages.
    #[serde(skip)]
    pub file: String,
}

impl Article {
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

/// A fact written by hand in the article's `facts` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedFact {
    pub label: String,
    pub value: String,
    pub kind: Option<FactKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Something wrong with an article file. Errors mean the file (or one article
/// in it) was skipped; warnings mean it loaded, with something ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
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
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.file, self.line, self.column, self.message
        )
    }
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
    #[serde(default)]
    tags: Vec<String>,
    body: RawBody,
    #[serde(default)]
    facts: Vec<RawFact>,
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a string or an array of paragraph strings")]
enum RawBody {
    Text(String),
    Paragraphs(Vec<String>),
}

#[derive(Deserialize)]
struct RawFact {
    label: String,
    value: String,
    kind: Option<String>,
}

/// Parses the bytes of one file. `name` is the file name (its stem is the
/// default id); `shown` is the path used in messages.
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
    let trimmed = source.trim_start_matches('\u{feff}');
    if trimmed.trim().is_empty() {
        parsed.problems.push(err(
            (1, 1),
            "file is empty; expected a JSON article object".into(),
        ));
        return parsed;
    }
    let default_id = name.strip_suffix(".json").unwrap_or(name);
    let mut ignored = Vec::new();
    let result = if trimmed.trim_start().starts_with('[') {
        deserialize::<Vec<RawArticle>>(trimmed, &mut ignored)
    } else {
        deserialize::<RawArticle>(trimmed, &mut ignored).map(|one| vec![one])
    };
    let raws = match result {
        Ok(raws) => raws,
        Err(e) => {
            parsed
                .problems
                .push(err((e.line().max(1), e.column().max(1)), json_message(&e)));
            return parsed;
        }
    };
    for path in ignored {
        let key = path.rsplit('.').next().unwrap_or(&path);
        parsed.problems.push(Problem::at(
            shown,
            find_key(source, key),
            Severity::Warning,
            format!("unknown field `{path}` is ignored"),
        ));
    }
    let single = raws.len() == 1;
    for (index, raw) in raws.into_iter().enumerate() {
        let fallback = if single {
            default_id.to_owned()
        } else {
            format!("{default_id}#{}", index + 1)
        };
        match build(raw, fallback, shown, source) {
            Ok((article, warnings)) => {
                parsed.problems.extend(warnings);
                parsed.articles.push(article);
            }
            Err(problem) => parsed.problems.push(problem),
        }
    }
    parsed
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
    source: &str,
) -> Result<(Article, Vec<Problem>), Problem> {
    let mut warnings = Vec::new();
    let warn =
        |key: &str, msg: String| Problem::at(shown, find_key(source, key), Severity::Warning, msg);
    let line = |s: Option<String>| {
        s.map(|s| text::normalize_paragraph(&text::clean(&s)))
            .filter(|s| !s.is_empty())
    };
    let title = line(Some(raw.title)).ok_or_else(|| {
        Problem::at(
            shown,
            find_key(source, "title"),
            Severity::Error,
            "`title` is empty; every article needs a title".into(),
        )
    })?;
    let id = match raw.id.map(|s| s.trim().to_owned()) {
        Some(id) if !id.is_empty() => id,
        _ => fallback_id,
    };
    let body: Vec<String> = match raw.body {
        RawBody::Text(text) => split_paragraphs(&text::clean(&text)),
        RawBody::Paragraphs(paragraphs) => paragraphs
            .iter()
            .map(|p| text::normalize_paragraph(&text::clean(p)))
            .filter(|p| !p.is_empty())
            .collect(),
    };
    if body.is_empty() {
        warnings.push(warn("body", "`body` is empty".into()));
    }
    let published = match line(raw.published) {
        Some(p) if is_iso8601(&p) => Some(p),
        Some(p) => {
            warnings.push(warn(
                "published",
                format!("`published` {p:?} is not an ISO 8601 date (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]); shown without a date"),
            ));
            None
        }
        None => None,
    };
    let mut curated_facts = Vec::new();
    for fact in raw.facts {
        let (Some(label), Some(value)) = (line(Some(fact.label)), line(Some(fact.value))) else {
            warnings.push(warn(
                "facts",
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
    let article = Article {
        id,
        title,
        subtitle: line(raw.subtitle),
        source: line(raw.source),
        author: line(raw.author),
        url: line(raw.url),
        published,
        tags: raw.tags.into_iter().filter_map(|t| line(Some(t))).collect(),
        body,
        curated_facts,
        file: shown.to_owned(),
    };
    Ok((article, warnings))
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

/// Accepts `YYYY-MM-DD` optionally followed by `THH:MM`, `:SS`, fractional
/// seconds and a `Z` or `±HH:MM` offset (a space may stand for the `T`).
pub fn is_iso8601(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !matches!(b[10], b'T' | b't' | b' ')
        || b.len() < 16
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
    {
        return false;
    }
    if num(11..13) > 23 || num(14..16) > 59 {
        return false;
    }
    let mut rest = &s[16..];
    if let Some(sec) = rest.strip_prefix(':') {
        let sb = sec.as_bytes();
        if sb.len() < 2
            || !sb[..2].iter().all(u8::is_ascii_digit)
            || sec[..2].parse::<u32>().unwrap_or(99) > 60
        {
            return false;
        }
        rest = &sec[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            rest = &frac[n..];
        }
    }
    match rest.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Where `"key"` first appears as an object key, for messages about a value
/// that parsed but is not acceptable. Falls back to 1:1.
fn find_key(source: &str, key: &str) -> (usize, usize) {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = source[from..].find(&needle) {
        let at = from + i;
        let after = source[at + needle.len()..].trim_start();
        if after.starts_with(':') {
            return position(source.as_bytes(), at);
        }
        from = at + needle.len();
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        for ok in [
            "2024-04-10",
            "2024-02-29",
            "2024-04-10T09:30",
            "2024-04-10T09:30:00Z",
            "2024-04-10 09:30:00.123+09:00",
        ] {
            assert!(is_iso8601(ok), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "April 10",
            "2024-4-10",
            "2024-04-10T25:00",
            "2024-04-10T09:30+9",
        ] {
            assert!(!is_iso8601(bad), "{bad}");
        }
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\n日本x".as_bytes(), "ab\n日本".len()), (2, 3));
        assert_eq!(find_key("{\n  \"title\": 1}", "title"), (2, 3));
    }
}
