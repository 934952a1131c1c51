//! Facts shown in the sidebar.
//!
//! Facts come from sources: today the hand-written `facts` of the article
//! file. Every source yields the same [`Fact`] type, so an automatic extractor
//! slots in as one more [`FactSource`] and the sidebar stays as it is.

use serde::Serialize;

use crate::article::{Article, CuratedFact};

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

/// One fact, whatever its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub kind: FactKind,
    pub label: String,
    pub value: String,
    pub origin: Origin,
}

/// Anything that can produce facts for an article.
pub trait FactSource {
    fn facts(&self, article: &Article) -> Vec<Fact>;
}

/// The facts written by hand in the article file.
pub struct Curated;

impl FactSource for Curated {
    fn facts(&self, article: &Article) -> Vec<Fact> {
        article.curated_facts.iter().map(from_curated).collect()
    }
}

fn from_curated(fact: &CuratedFact) -> Fact {
    Fact {
        kind: fact
            .kind
            .unwrap_or_else(|| FactKind::guess(&fact.label, &fact.value)),
        label: fact.label.clone(),
        value: fact.value.clone(),
        origin: Origin::Curated,
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
            let duplicate = all
                .iter()
                .any(|f| f.kind == fact.kind && f.value.eq_ignore_ascii_case(&fact.value));
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

/// The facts gogai shows for an article: every source, in order.
pub fn for_article(article: &Article) -> Vec<FactGroup> {
    gather(article, &[&Curated])
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
