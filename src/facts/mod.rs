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
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use serde::{Serialize, Serializer};

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
    /// Whether body paragraph `i` is preformatted (code, a table): no
    /// facts are read from it, as its figures and names are not prose.
    fn is_preformatted(&self, _i: usize) -> bool {
        false
    }
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

    fn is_preformatted(&self, i: usize) -> bool {
        (**self).is_preformatted(i)
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
    /// The sentence itself, for scripts and for the reader's highlight;
    /// one copy shared by the facts of a sentence.
    #[serde(serialize_with = "shared_str")]
    pub sentence_text: Arc<str>,
}

fn shared_str<S: Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}

/// Hands out one shared copy of each sentence facts point at.
#[derive(Default)]
struct SentenceTexts(HashMap<(usize, usize, usize), Arc<str>>);

impl SentenceTexts {
    fn get(&mut self, paragraph: usize, text: &str, sentence: &Range<usize>) -> Arc<str> {
        self.0
            .entry((paragraph, sentence.start, sentence.end))
            .or_insert_with(|| Arc::from(&text[sentence.clone()]))
            .clone()
    }
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
    /// Which rule gave it (`gogai --facts --explain`): for a found fact,
    /// the extractor's [`extract::Found::rule`]. Serialised only when asked.
    #[serde(skip)]
    pub rule: &'static str,
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
        let mut texts = SentenceTexts::default();
        // Preformatted paragraphs are read as empty: the numbering of the
        // others, which the evidence points into, stays.
        let prose: Cow<'_, [String]> = if (0..body.len()).any(|i| article.is_preformatted(i)) {
            Cow::Owned(
                body.iter()
                    .enumerate()
                    .map(|(i, p)| {
                        if article.is_preformatted(i) {
                            String::new()
                        } else {
                            p.clone()
                        }
                    })
                    .collect(),
            )
        } else {
            Cow::Borrowed(body)
        };
        extract::extract(&prose)
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
                        sentence_text: texts.get(found.paragraph, paragraph, &found.sentence),
                        span: found.span,
                        sentence: found.sentence,
                    }),
                    verified: None,
                    rule: found.rule,
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
    let mut seen = Seen::default();
    let mut by_kind: [Vec<Fact>; FactKind::ALL.len()] = Default::default();
    for source in sources {
        for fact in source.facts(article) {
            if seen.admit(&fact) {
                let group = FactKind::ALL
                    .iter()
                    .position(|k| *k == fact.kind)
                    .unwrap_or(0);
                by_kind[group].push(fact);
            }
        }
    }
    FactKind::ALL
        .into_iter()
        .zip(by_kind)
        .filter(|(_, facts)| !facts.is_empty())
        .map(|(kind, facts)| FactGroup {
            kind,
            heading: kind.heading(),
            facts,
        })
        .collect()
}

/// The facts kept so far, as [`same_fact`] compares them: each fact's
/// words, and the spans of the body they stand on, by paragraph. A new fact
/// is looked up, never compared with every kept one: an article may have
/// hundreds of thousands of facts.
#[derive(Default)]
struct Seen {
    values: HashSet<(FactKind, String)>,
    /// Kept facts never overlap one another within a kind and paragraph
    /// (one that would is dropped), so their spans are disjoint.
    spans: HashMap<(FactKind, usize), extract::DisjointSpans>,
}

impl Seen {
    /// Keeps `fact` unless it says what a kept fact says.
    fn admit(&mut self, fact: &Fact) -> bool {
        let kind = kind_class(fact.kind);
        let value = (kind, value_key(&fact.value));
        if self.values.contains(&value) {
            return false;
        }
        if let Some(evidence) = &fact.evidence {
            // By place only within one kind: a fact of another kind that
            // stands on the same words (a hand-written summary over a
            // quotation or a name) says something else.
            let spans = self
                .spans
                .entry((fact.kind, evidence.paragraph))
                .or_default();
            if spans.overlaps(&evidence.span) {
                return false;
            }
            spans.insert(evidence.span.clone());
        }
        self.values.insert(value);
        true
    }
}

/// Kinds that [`same_fact`] counts as one: organisations and places may
/// differ in kind between sources ("Acme Corp." curated without a kind).
fn kind_class(kind: FactKind) -> FactKind {
    match kind {
        FactKind::Organisation | FactKind::Place | FactKind::Other => FactKind::Organisation,
        other => other,
    }
}

/// The words of a fact as [`same_fact`] compares them.
fn value_key(value: &str) -> String {
    value.trim_end_matches(['.', ',']).to_lowercase()
}

/// Whether two facts say the same thing: the same words, or (for a found
/// fact) words of the same kind inside the text a curated fact points at
/// ("three million" inside "over three million people"; never a quotation
/// under a hand-written summary of it). Organisations and places may differ
/// in kind between sources ("Acme Corp." curated without a kind).
///
/// The definition [`Seen`] implements with look-ups; kept for the tests
/// that hold the two to the same answers.
#[cfg(test)]
fn same_fact(a: &Fact, b: &Fact) -> bool {
    if kind_class(a.kind) != kind_class(b.kind) {
        return false;
    }
    if value_key(&a.value) == value_key(&b.value) {
        return true;
    }
    match (&a.evidence, &b.evidence) {
        (Some(x), Some(y)) => {
            a.kind == b.kind
                && x.paragraph == y.paragraph
                && x.span.start < y.span.end
                && y.span.start < x.span.end
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

    fn fact(kind: FactKind, value: &str, evidence: Option<(usize, Range<usize>)>) -> Fact {
        Fact {
            kind,
            label: String::new(),
            value: value.to_owned(),
            normalized: None,
            origin: Origin::Extracted,
            evidence: evidence.map(|(paragraph, span)| Evidence {
                paragraph,
                sentence: span.clone(),
                span,
                sentence_text: Arc::from(""),
            }),
            verified: None,
            rule: "",
        }
    }

    /// The look-ups keep exactly the facts the pairwise comparison keeps.
    #[test]
    fn seen_agrees_with_same_fact() {
        let kinds = [
            FactKind::Figure,
            FactKind::Organisation,
            FactKind::Place,
            FactKind::Other,
            FactKind::Quote,
        ];
        let values = ["Acme", "acme.", "ACME,", "Tokyo", "3 million", "three"];
        // A fixed, varied sequence of candidates: kinds, words, spans that
        // overlap, touch and miss, in two paragraphs and none.
        let mut candidates = Vec::new();
        for i in 0..400usize {
            let start = (i * 7) % 50;
            let len = 1 + (i * 3) % 9;
            let evidence = match i % 5 {
                0 => None,
                k => Some((k % 2, start..start + len)),
            };
            candidates.push(fact(
                kinds[i % kinds.len()],
                values[(i / 3) % values.len()],
                evidence,
            ));
        }
        let mut naive: Vec<Fact> = Vec::new();
        let mut seen = Seen::default();
        for candidate in candidates {
            let naive_keeps = !naive.iter().any(|f| same_fact(f, &candidate));
            assert_eq!(seen.admit(&candidate), naive_keeps, "{candidate:?}");
            if naive_keeps {
                naive.push(candidate);
            }
        }
        assert!(naive.len() > 10, "the sequence keeps some facts");
    }
}
