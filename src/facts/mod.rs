//! Facts about an article, for the sidebar, the entity index and scripts.
//!
//! Facts come from sources, each yielding the same [`Fact`]: [`Curated`], the
//! hand-written `facts` of the article file, each checked against the text;
//! and [`Extracted`], those the rule-based extractor ([`extract`]) finds in
//! the body. [`gather`] merges the sources, drops facts an earlier source
//! already gave and groups them by [`FactKind`] in sidebar order.
//!
//! This layer is pure: text in, facts out, no I/O. It reads an article only
//! through [`ArticleText`], so it knows nothing of how articles are stored or
//! parsed; the article format (`crate::article`) builds on the types here,
//! never the other way round. The extractor could become a crate of its own.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

mod curated;
pub mod extract;
mod kind;

pub use curated::Curated;
pub use kind::FactKind;

/// A fact written by hand in the article's `facts` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedFact {
    pub label: String,
    pub value: String,
    pub kind: Option<FactKind>,
}

/// What facts are read from: an article's headings, its paragraphs and its
/// hand-written facts.
pub trait ArticleText {
    fn title(&self) -> &str;
    fn subtitle(&self) -> Option<&str>;
    /// Paragraphs, each one flow of text without newlines.
    fn body(&self) -> &[String];
    fn curated_facts(&self) -> &[CuratedFact];
}

/// A library hands out articles it may have loaded just now or kept.
impl<T: ArticleText + Clone> ArticleText for Cow<'_, T> {
    fn title(&self) -> &str {
        (**self).title()
    }

    fn subtitle(&self) -> Option<&str> {
        (**self).subtitle()
    }

    fn body(&self) -> &[String] {
        (**self).body()
    }

    fn curated_facts(&self) -> &[CuratedFact] {
        (**self).curated_facts()
    }
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
    fn facts(&self, article: &dyn ArticleText) -> Vec<Fact>;
}

/// The facts found in the article's text by [`extract`].
pub struct Extracted;

impl FactSource for Extracted {
    fn facts(&self, article: &dyn ArticleText) -> Vec<Fact> {
        let body = article.body();
        extract::extract(body)
            .into_iter()
            .map(|found| {
                let paragraph = &body[found.paragraph];
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
pub fn gather(article: &dyn ArticleText, sources: &[&dyn FactSource]) -> Vec<FactGroup> {
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
pub fn for_article(article: &dyn ArticleText) -> Vec<FactGroup> {
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
