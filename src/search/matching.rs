//! The matching rules (see the [module docs](super)): where a folded term
//! is accepted in folded text, and the highlights they give.

use std::ops::Range;

use memchr::memmem::Finder;
use unicode_segmentation::GraphemeCursor;

use super::fold::{fold_with_map, is_cjk};
use super::query::{Query, Term};

/// A folded term ready to be found under the matching rules.
pub(super) struct Needle<'a> {
    finder: Finder<'a>,
    len: usize,
    /// Whether a match must start a word.
    word_start: bool,
}

impl<'a> Needle<'a> {
    pub(super) fn new(folded: &'a str) -> Self {
        let first = folded.chars().next();
        Self {
            finder: Finder::new(folded.as_bytes()),
            len: folded.len(),
            word_start: first.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c)),
        }
    }

    /// The first accepted match in `hay` (folded text).
    pub(super) fn find(&self, hay: &str) -> Option<usize> {
        self.find_from(hay, 0)
    }

    fn find_from(&self, hay: &str, mut from: usize) -> Option<usize> {
        while let Some(found) = self.finder.find(&hay.as_bytes()[from..]) {
            let at = from + found;
            if self.accepts(hay, at) {
                return Some(at);
            }
            // Not `at + len`: a rejected match may overlap an accepted one
            // ("a-a" in "ba-a-a"). The needle starts with a whole character,
            // so the next match found is on a character boundary.
            from = at + 1;
        }
        None
    }

    /// Every accepted match in `hay`, overlapping ones included.
    pub(super) fn find_all(&self, hay: &str, out: &mut Vec<Range<usize>>) {
        let mut from = 0;
        while from < hay.len() {
            let Some(at) = self.find_from(hay, from) else {
                break;
            };
            out.push(at..at + self.len);
            from = at + 1;
        }
    }

    fn accepts(&self, hay: &str, at: usize) -> bool {
        (!self.word_start || starts_word(hay, at)) && ends_cluster(hay, at + self.len)
    }
}

/// Whether `at` starts a word: the character before (the first of its
/// grapheme cluster, so an accent does not hide its letter) is not a letter
/// or digit, or is CJK.
fn starts_word(hay: &str, at: usize) -> bool {
    let Some(prev) = at.checked_sub(1).and_then(|i| hay.as_bytes().get(i)) else {
        return true;
    };
    if prev.is_ascii() {
        return !prev.is_ascii_alphanumeric();
    }
    let mut cursor = GraphemeCursor::new(at, hay.len(), true);
    let start = match cursor.prev_boundary(hay, 0) {
        Ok(Some(start)) => start,
        _ => hay[..at].char_indices().next_back().map_or(0, |(i, _)| i),
    };
    hay[start..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
}

/// Whether a match may end at `end`: not inside a grapheme cluster.
fn ends_cluster(hay: &str, end: usize) -> bool {
    let bytes = hay.as_bytes();
    match bytes.get(end) {
        None => true,
        // Between two ASCII characters there is always a boundary (`\r\n`
        // aside, and folding turned `\r` into a space).
        Some(next) if next.is_ascii() && end > 0 && bytes[end - 1].is_ascii() => true,
        Some(_) => GraphemeCursor::new(end, hay.len(), true)
            .is_boundary(hay, 0)
            .unwrap_or(true),
    }
}

/// Whether every match of the longer term `b` is also a match of `a`: `a` is
/// a prefix of `b` that ends between two grapheme clusters of `b` (`e` does
/// not widen `e\u{301}`: it is not found where `e\u{301}` is).
pub(super) fn widens(a: &str, b: &str) -> bool {
    b.starts_with(a)
        && (a.len() == b.len()
            || GraphemeCursor::new(a.len(), b.len(), true)
                .is_boundary(b, 0)
                .unwrap_or(false))
}

/// Byte ranges of `text` to highlight for `query`: wherever a word or phrase
/// matches, and the values of `person:`, `org:` and `place:` terms, under the
/// same rules as the search. The ranges are on character boundaries, sorted,
/// and merged where they overlap or touch.
pub fn find_ranges(text: &str, query: &Query) -> Vec<Range<usize>> {
    let values: Vec<&str> = query
        .terms()
        .iter()
        .filter_map(|t| match t {
            Term::Text(v) | Term::Person(v) | Term::Org(v) | Term::Place(v) => Some(v.as_str()),
            _ => None,
        })
        .collect();
    if values.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let (folded, map) = fold_with_map(text);
    let mut found = Vec::new();
    for value in values {
        Needle::new(value).find_all(&folded, &mut found);
    }
    found.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
    for r in found {
        let (start, end) = (map[r.start], map[r.end]);
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_respects_combining_marks() {
        assert!(widens("ai", "aim"));
        assert!(widens("ai", "ai"));
        assert!(!widens("e", "e\u{301}"));
        assert!(!widens("aim", "ai"));
    }
}
