//! Labels: what a figure or date is about, read from the words around it
//! ("$10 million in resource grants", "unemployment rose to 4%").

use std::ops::Range;

use super::Taken;
use super::words::{STOP, TIME_WORDS};

/// How far around a fact its label is looked for, in bytes: far more than
/// the few words a label takes, and a bound on the work per fact however
/// long the paragraph.
const REACH: usize = 1000;

/// The last `max` bytes of `s` or fewer, cut at a character boundary.
pub(super) fn tail(s: &str, max: usize) -> &str {
    let mut from = s.len().saturating_sub(max);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// The first `max` bytes of `s` or fewer, cut at a character boundary.
fn head(s: &str, max: usize) -> &str {
    let mut to = max.min(s.len());
    while !s.is_char_boundary(to) {
        to -= 1;
    }
    &s[..to]
}

/// Up to three words of the noun phrase starting at `at` (after an optional
/// "in", "of", "worth of"), e.g. "resource grants".
pub(super) fn noun_after(text: &str, at: usize) -> String {
    let rest = head(&text[at..], REACH);
    let mut words = rest
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .peekable();
    while words.peek().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "in" | "of" | "worth" | "a" | "an" | "the"
        )
    }) {
        words.next();
    }
    let mut out = Vec::new();
    for word in words.take(4) {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let lower = clean.to_ascii_lowercase();
        // A time after the noun ("engineers last spring") is not part of it.
        let time = !out.is_empty() && TIME_WORDS.contains(lower.as_str());
        if clean.is_empty()
            || time
            || STOP.contains(lower.as_str())
            || clean.chars().any(|c| c.is_ascii_digit())
        {
            break;
        }
        out.push(clean);
        if word.ends_with([',', '.', ';', ':', ')', '”']) {
            break;
        }
    }
    out.join(" ")
}

/// What a count counts: its noun phrase, and a following "in …" or "for …"
/// phrase of up to three words ("people in AI skills").
pub(super) fn count_label(text: &str, at: usize) -> String {
    let mut label = noun_after(text, at);
    let taken = label.split_whitespace().count();
    let mut words = head(&text[at..], REACH)
        .split_whitespace()
        .skip(taken)
        .peekable();
    if let Some(prep) = words.next_if(|w| matches!(*w, "in" | "for")) {
        let mut tail = Vec::new();
        for word in words.take(3) {
            let clean = word.trim_end_matches([',', '.', ';', ')', '”']);
            if clean.is_empty() || STOP.contains(clean.to_ascii_lowercase().as_str()) {
                break;
            }
            tail.push(clean);
            if clean.len() != word.len() {
                break;
            }
        }
        if !tail.is_empty() {
            label = format!("{label} {prep} {}", tail.join(" "));
        }
    }
    label
}

/// The phrase before `at` back to punctuation, at most `max` words: what a
/// date or percentage is about.
pub(super) fn phrase_before(text: &str, at: usize, max: usize, taken: &Taken) -> String {
    let window = tail(&text[..at], REACH);
    let window_start = at - window.len();
    let mut clause_start = window
        .rfind([',', '.', ';', ':', '“', '”', '(', '"'])
        .map_or(window_start, |i| {
            window_start + i + window[i..].chars().next().map_or(1, char::len_utf8)
        });
    // A figure earlier in the clause is a fact of its own: what comes after
    // it says what this one is about ("people in AI skills").
    if let Some(end) = taken.last_end_by(at).filter(|&e| e > clause_start) {
        clause_start = end;
    }
    let words: Vec<&str> = text[clause_start..at].split_whitespace().collect();
    let mut words: Vec<&str> = words[words.len().saturating_sub(max)..].to_vec();
    while words
        .last()
        .is_some_and(|w| STOP.contains(w.to_ascii_lowercase().as_str()))
    {
        words.pop();
    }
    while words
        .first()
        .is_some_and(|w| STOP.contains(w.to_ascii_lowercase().as_str()))
    {
        words.remove(0);
    }
    words.join(" ")
}

/// What an amount pays for: the noun phrase after it ("$10 million in
/// resource grants"), or when that is only a time ("in June", "a year
/// earlier"), the phrase before it ("market value passed").
pub(super) fn money_label(text: &str, span: Range<usize>, taken: &Taken) -> String {
    let after = noun_after(text, span.end);
    let first = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_time = TIME_WORDS.contains(first.as_str())
        || after.split_whitespace().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "quarter" | "earlier" | "ago"
            )
        });
    if !after.is_empty() && !is_time {
        return after;
    }
    let before = phrase_before(text, span.start, 4, taken);
    before
        .trim_end_matches(|c: char| c.is_whitespace())
        .trim_end_matches(" to")
        .trim_end_matches(" from")
        .trim_end_matches(" of")
        .to_owned()
}
