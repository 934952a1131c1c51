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

use std::ops::Range;

use regex::Regex;

use super::FactKind;

mod dates;
mod figures;
mod labels;
mod names;
mod quotes;
mod sentences;
mod words;

use names::People;
pub use sentences::sentences;

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
}

/// Every fact found in `paragraphs`, in reading order within each kind.
pub fn extract(paragraphs: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut people = People::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let sentences = sentences(paragraph);
        let mut taken: Vec<Range<usize>> = Vec::new();
        let push = |kind,
                    span: Range<usize>,
                    normalized: Option<String>,
                    label: String,
                    found: &mut Vec<Found>| {
            let sentence = sentences
                .iter()
                .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
                .cloned()
                .unwrap_or(0..paragraph.len());
            found.push(Found {
                kind,
                text: paragraph[span.clone()].trim().to_owned(),
                normalized,
                label,
                paragraph: index,
                span,
                sentence,
            });
        };
        figures::find(paragraph, &mut taken, &mut |k, s, n, l| {
            push(k, s, n, l, &mut found);
        });
        dates::find(paragraph, &mut taken, &mut |k, s, n, l| {
            push(k, s, n, l, &mut found);
        });
        if is_latin(paragraph) {
            // "He said" refers within the paragraph only. Names first, so a
            // quotation can point back to someone named earlier in it.
            people.mentions.clear();
            names::find(paragraph, &sentences, &mut people, &mut |k, s, n, l| {
                push(k, s, n, l, &mut found);
            });
            quotes::find(paragraph, &sentences, &mut people, &mut |k, s, n, l| {
                push(k, s, n, l, &mut found);
            });
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
    taken: &mut Vec<Range<usize>>,
) {
    if !overlaps(taken, &span) {
        taken.push(span.clone());
        sink(kind, span, normalized, label);
    }
}

fn overlaps(taken: &[Range<usize>], span: &Range<usize>) -> bool {
    taken
        .iter()
        .any(|t| t.start < span.end && span.start < t.end)
}
