//! Finds facts in an article's own text: money, counts, percentages and
//! changes, dates and durations, quotes with their speakers, people,
//! organisations and places. Each found fact keeps the sentence it came from
//! and its byte span, so the reader can jump to it.
//!
//! Pure and deterministic: text in, facts out; rules, no model. English
//! first; on CJK text only figures written with digits are taken (`29億ドル`,
//! `300万人`), so nothing is invented from text the rules do not understand.
//!
//! One module per kind of fact, run in this order by [`extract`]:
//! [`sentences`] splits a paragraph; `figures` (money, counts, percentages,
//! changes) and `dates` take their words first; on Latin text `names`
//! (people, organisations, places) then `quotes` (with their speakers); last,
//! `names` merges the mentions of one entity. `labels` says what a figure or
//! date is about. The word lists the rules use are data, in `words/*.txt`.

use std::collections::BTreeMap;
use std::ops::Range;

use regex::Regex;

use super::FactKind;

mod dates;
mod figures;
mod labels;
mod measures;
mod names;
mod places;
mod quotes;
mod sentences;
mod words;

use names::People;
pub(in crate::facts) use sentences::Pieces;
pub use sentences::{MAX_PIECE, sentences};

/// A fact found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: FactKind,
    /// The words as written (for a quote: the quoted words).
    pub text: String,
    /// A normal form where there is one: `2900000000 USD`, `0.12`, `1978`.
    pub normalized: Option<String>,
    /// What it is about: the thing counted, the speaker, a role.
    pub label: String,
    pub paragraph: usize,
    /// Byte span in the paragraph.
    pub span: Range<usize>,
    /// Byte span of the sentence holding it, in the paragraph.
    pub sentence: Range<usize>,
    /// The rule that found it, for `gogai --facts --explain`: the module
    /// (`figures`, `dates`, `names`) or, for quotes, how the speaker was
    /// found.
    pub rule: &'static str,
}

/// Every fact found in `paragraphs`, in reading order within each kind.
pub fn extract(paragraphs: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut people = People::default();
    let dollar = figures::article_dollar(paragraphs);
    let mut carry = quotes::Carry::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let sentences = sentences(paragraph);
        // What a fact points at: its sentence, or a bounded piece of an
        // over-long one, so no fact carries a whole runaway paragraph.
        let pieces = Pieces::new(paragraph, &sentences);
        let mut taken = Taken::default();
        let push = |rule,
                    kind,
                    span: Range<usize>,
                    normalized: Option<String>,
                    label: String,
                    found: &mut Vec<Found>| {
            let sentence = pieces.around(&span);
            found.push(Found {
                kind,
                text: paragraph[span.clone()].trim().to_owned(),
                normalized,
                label,
                paragraph: index,
                span,
                sentence,
                rule,
            });
        };
        // Calendar dates first, so "May 11" is never a count of 11.
        dates::find_calendar(paragraph, &mut taken, &mut |k, s, n, l| {
            push("dates", k, s, n, l, &mut found);
        });
        figures::find(paragraph, dollar, &mut taken, &mut |k, s, n, l| {
            push("figures", k, s, n, l, &mut found);
        });
        dates::find(paragraph, &mut taken, &mut |k, s, n, l| {
            push("dates", k, s, n, l, &mut found);
        });
        if is_latin(paragraph) {
            // Mentions are per paragraph ("he said" looks back further
            // through the quotes' carry). Names first, so a quotation can
            // point back to someone named earlier in it.
            people.mentions.clear();
            names::find(paragraph, &sentences, &mut people, &mut |k, s, n, l| {
                push("names", k, s, n, l, &mut found);
            });
            quotes::find(
                paragraph,
                &sentences,
                &pieces,
                &mut people,
                &mut carry,
                &mut |r, k, s, n, l| push(r, k, s, n, l, &mut found),
            );
        }
    }
    // Roles may be given at any mention; every mention gets the one known.
    for f in &mut found {
        if f.kind == FactKind::Person
            && let Some(role) = f.normalized.as_ref().and_then(|n| people.roles.get(n))
        {
            f.label.clone_from(role);
        }
    }
    names::merge(found)
}

type Sink<'a> = dyn FnMut(FactKind, Range<usize>, Option<String>, String) + 'a;

/// A [`Sink`] that is also told which rule found the fact ([`Found::rule`]).
type RuleSink<'a> = dyn FnMut(&'static str, FactKind, Range<usize>, Option<String>, String) + 'a;

/// Mostly Latin script: the name and quote rules only read such text.
fn is_latin(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    letters > 0 && latin * 10 >= letters * 8
}

/// Compiles one of the extractor's fixed patterns (a bad one is a bug
/// caught by every test, never a user's input).
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

/// Reports a fact unless its words were already taken by another.
fn add_once(
    sink: &mut Sink<'_>,
    kind: FactKind,
    span: Range<usize>,
    normalized: Option<String>,
    label: String,
    taken: &mut Taken,
) {
    if !taken.overlaps(&span) {
        taken.insert(span.clone());
        sink(kind, span, normalized, label);
    }
}

/// The byte spans of a paragraph already taken by a figure or date.
type Taken = DisjointSpans;

/// Byte spans that never overlap one another, kept by start so a look-up
/// costs a logarithm, not a walk over every fact found so far.
#[derive(Debug, Default)]
pub(super) struct DisjointSpans(BTreeMap<usize, usize>);

impl DisjointSpans {
    /// Whether `span` shares a byte with a taken span. The spans are
    /// disjoint, so only the last one starting before `span` ends can.
    pub(super) fn overlaps(&self, span: &Range<usize>) -> bool {
        self.0
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &end)| span.start < end)
    }

    /// Adds `span`; callers check [`DisjointSpans::overlaps`] first. An
    /// empty span overlaps nothing and is not kept.
    pub(super) fn insert(&mut self, span: Range<usize>) {
        debug_assert!(!self.overlaps(&span), "spans never overlap");
        if !span.is_empty() {
            self.0.insert(span.start, span.end);
        }
    }

    /// The end of the last taken span that ends by `at`. Ends rise with
    /// starts, so it is among the last two starting before `at`.
    fn last_end_by(&self, at: usize) -> Option<usize> {
        self.0
            .range(..at)
            .rev()
            .map(|(_, &end)| end)
            .find(|&end| end <= at)
    }
}
