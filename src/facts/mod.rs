//! Facts shown in the sidebar.
//!
//! Facts come from sources: today the hand-written `facts` of the article
//! file. Every source yields the same [`Fact`] type, so an automatic extractor
//! slots in as one more [`FactSource`] and the sidebar stays as it is.

use std::ops::Range;

use serde::Serialize;

use crate::article::{Article, CuratedFact};

pub mod extract;

/// What a fact is about; decides the sidebar heading it is shown under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Figure,
    Quote,
    Person,
    Organisation,
    Place,
    Date,
    Other,
}

impl FactKind {
    /// Every kind, in the order the sidebar shows their groups.
    pub const ALL: [Self; 7] = [
        Self::Figure,
        Self::Quote,
        Self::Person,
        Self::Organisation,
        Self::Place,
        Self::Date,
        Self::Other,
    ];

    /// The names accepted in an article file's `kind` field.
    pub const NAMES: [&'static str; 7] = [
        "figure",
        "quote",
        "person",
        "organisation",
        "place",
        "date",
        "other",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let name = match name.as_str() {
            "organization" | "org" => "organisation",
            "people" => "person",
            "amount" | "number" | "money" => "figure",
            other => other,
        };
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// The heading of this kind's group in the sidebar.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Figure => "Key figures",
            Self::Quote => "Quotes",
            Self::Person => "People",
            Self::Organisation => "Organisations",
            Self::Place => "Places",
            Self::Date => "Dates",
            Self::Other => "Other facts",
        }
    }

    /// Guesses the kind of a hand-written fact that did not say, from its
    /// value (a label only marks a quote: "Smith said" over a phrase).
    pub fn guess(label: &str, value: &str) -> Self {
        let label_lc = label.to_lowercase();
        let starts_quoted = value.starts_with(['"', '“', '「', '『', '\'', '‘']);
        if starts_quoted || label_lc.contains("quote") || label_lc.contains("said") {
            Self::Quote
        } else if looks_like_date(value) {
            Self::Date
        } else if value.chars().any(|c| c.is_ascii_digit() || is_currency(c)) {
            Self::Figure
        } else {
            Self::Other
        }
    }
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₹' | '%')
}

fn looks_like_date(value: &str) -> bool {
    let v = value.trim();
    (v.len() == 4 && v.chars().all(|c| c.is_ascii_digit())) || crate::article::is_iso8601(v)
}

/// Where a fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Written by hand in the article file.
    Curated,
    /// Found in the article's text by a program.
    Extracted,
}

/// Where in the body a fact stands: the paragraph, the fact's byte span in
/// it, and the span of the sentence holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub paragraph: usize,
    pub span: Range<usize>,
    pub sentence: Range<usize>,
    /// The sentence itself, for scripts and for the reader's highlight.
    pub sentence_text: String,
}

/// One fact, whatever its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub kind: FactKind,
    pub label: String,
    /// As written in the article (or, for a curated fact, in its file).
    pub value: String,
    /// A normal form where there is one: `2900000000 USD`, `0.12`, `1978`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalized: Option<String>,
    pub origin: Origin,
    /// Where the body says it; none when only the title says it or, for a
    /// curated fact, when the text does not say it at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// For a curated fact: whether its value is found in the article's text.
    /// A wrong hand-written fact shows up as unverified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

/// Anything that can produce facts for an article.
pub trait FactSource {
    fn facts(&self, article: &Article) -> Vec<Fact>;
}

/// The facts written by hand in the article file, each checked against the
/// text.
pub struct Curated;

impl FactSource for Curated {
    fn facts(&self, article: &Article) -> Vec<Fact> {
        article
            .curated_facts
            .iter()
            .map(|fact| from_curated(article, fact))
            .collect()
    }
}

fn from_curated(article: &Article, fact: &CuratedFact) -> Fact {
    let evidence = locate(article, &fact.value);
    let in_heading = [Some(&article.title), article.subtitle.as_ref()]
        .into_iter()
        .flatten()
        .any(|t| find_ascii_ci(t, &fact.value).is_some());
    let kind = fact
        .kind
        .unwrap_or_else(|| FactKind::guess(&fact.label, &fact.value));
    // A hand-written figure gets the same normal form as a found one.
    let normalized = (kind == FactKind::Figure)
        .then(|| extract::extract(std::slice::from_ref(&fact.value)))
        .and_then(|found| found.into_iter().find(|f| f.kind == FactKind::Figure))
        .and_then(|f| f.normalized);
    Fact {
        kind,
        label: fact.label.clone(),
        value: fact.value.clone(),
        normalized,
        origin: Origin::Curated,
        verified: Some(evidence.is_some() || in_heading),
        evidence,
    }
}

/// Byte offset of `needle` in `haystack` as whole words, ignoring ASCII case
/// (offsets stay valid in the original text): "$45" is not found in "$450",
/// "29億ドル" is found in "日本への29億ドル".
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    // Word boundaries only mean something between Latin letters and digits:
    // Japanese runs words together ("日本への29億ドル").
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    (0..=h.len() - n.len()).find(|&i| {
        h[i..i + n.len()].eq_ignore_ascii_case(n)
            && haystack.is_char_boundary(i)
            && haystack.is_char_boundary(i + n.len())
            && !(word_char(haystack[..i].chars().last()) && word_char(needle.chars().next()))
            && !(word_char(haystack[i + n.len()..].chars().next())
                && word_char(needle.chars().last()))
    })
}

/// The first place the body says `value`.
fn locate(article: &Article, value: &str) -> Option<Evidence> {
    article
        .body
        .iter()
        .enumerate()
        .find_map(|(paragraph, text)| {
            let at = find_ascii_ci(text, value)?;
            let sentence = extract::sentences(text)
                .into_iter()
                .find(|s| s.start <= at && at < s.end)
                .unwrap_or(0..text.len());
            Some(Evidence {
                paragraph,
                span: at..at + value.len(),
                sentence_text: text[sentence.clone()].to_owned(),
                sentence,
            })
        })
}

/// The facts found in the article's text by [`crate::extract`].
pub struct Extracted;

impl FactSource for Extracted {
    fn facts(&self, article: &Article) -> Vec<Fact> {
        extract::extract(&article.body)
            .into_iter()
            .map(|found| {
                let paragraph = &article.body[found.paragraph];
                Fact {
                    kind: found.kind,
                    label: found.label,
                    value: found.text,
                    normalized: found.normalized,
                    origin: Origin::Extracted,
                    evidence: Some(Evidence {
                        paragraph: found.paragraph,
                        sentence_text: paragraph[found.sentence.clone()].to_owned(),
                        span: found.span,
                        sentence: found.sentence,
                    }),
                    verified: None,
                }
            })
            .collect()
    }
}

/// Facts grouped under one heading, in sidebar order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactGroup {
    pub kind: FactKind,
    pub heading: &'static str,
    pub facts: Vec<Fact>,
}

/// All facts of an article from the given sources, grouped by kind in
/// sidebar order; within a group, earlier sources come first and a fact whose
/// value an earlier source already gave is dropped.
pub fn gather(article: &Article, sources: &[&dyn FactSource]) -> Vec<FactGroup> {
    let mut all: Vec<Fact> = Vec::new();
    for source in sources {
        for fact in source.facts(article) {
            let duplicate = all.iter().any(|f| same_fact(f, &fact));
            if !duplicate {
                all.push(fact);
            }
        }
    }
    FactKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let facts: Vec<Fact> = all.iter().filter(|f| f.kind == kind).cloned().collect();
            (!facts.is_empty()).then(|| FactGroup {
                kind,
                heading: kind.heading(),
                facts,
            })
        })
        .collect()
}

/// Whether two facts say the same thing: the same words, or (for a found
/// fact) words inside the text a curated fact points at ("three million"
/// inside "over three million people"). Organisations and places may differ
/// in kind between sources ("Acme Corp." curated without a kind).
fn same_fact(a: &Fact, b: &Fact) -> bool {
    let entity = |k: FactKind| {
        matches!(
            k,
            FactKind::Organisation | FactKind::Place | FactKind::Other
        )
    };
    let kinds_match = a.kind == b.kind || (entity(a.kind) && entity(b.kind));
    if !kinds_match {
        return false;
    }
    let trim = |s: &str| s.trim_end_matches(['.', ',']).to_lowercase();
    if trim(&a.value) == trim(&b.value) {
        return true;
    }
    match (&a.evidence, &b.evidence) {
        (Some(x), Some(y)) => {
            x.paragraph == y.paragraph && x.span.start < y.span.end && y.span.start < x.span.end
        }
        _ => false,
    }
}

/// The facts gogai shows for an article: the curated ones first, then those
/// found in the text.
pub fn for_article(article: &Article) -> Vec<FactGroup> {
    gather(article, &[&Curated, &Extracted])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_kinds_of_untyped_facts() {
        assert_eq!(
            FactKind::guess("Investment", "$2.9 billion"),
            FactKind::Figure
        );
        assert_eq!(FactKind::guess("Founded", "1978"), FactKind::Date);
        assert_eq!(FactKind::guess("Smith", "“We are here”"), FactKind::Quote);
        assert_eq!(FactKind::guess("Lab", "Tokyo"), FactKind::Other);
        assert_eq!(
            FactKind::parse("Organization"),
            Some(FactKind::Organisation)
        );
        assert_eq!(FactKind::parse("gadget"), None);
    }
}
