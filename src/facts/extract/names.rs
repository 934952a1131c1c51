//! Names: people (with their roles), organisations and places, read from
//! runs of capitalised words; and the merging that keeps one fact per
//! entity.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::words::{
    ABBREVIATIONS, KNOWN_ORGS, NOT_NAMES, ORG_CUES, ORG_WORDS, PLACES, ROLE_STEMS, ROLE_WORDS,
};
use super::{FactKind, Found, Sink, regex};

/// What we know about people across the article: full names by surname, and
/// roles; and who was mentioned where in the current paragraph, for "he
/// said".
#[derive(Default)]
pub(super) struct People {
    pub(super) by_surname: HashMap<String, String>,
    pub(super) roles: HashMap<String, String>,
    /// `(byte offset, full name)` of each mention in this paragraph.
    pub(super) mentions: Vec<(usize, String)>,
}

impl People {
    pub(super) fn add(&mut self, name: &str, role: Option<&str>, at: usize) -> String {
        let full = self.resolve(name);
        if let Some(surname) = full
            .split_whitespace()
            .last()
            .filter(|_| full.contains(' '))
        {
            self.by_surname
                .entry(surname.to_owned())
                .or_insert_with(|| full.clone());
        }
        if let Some(role) = role.map(str::trim).filter(|r| !r.is_empty()) {
            self.roles
                .entry(full.clone())
                .or_insert_with(|| role.to_owned());
        }
        // Kept in order of position (mentions mostly come in that order, so
        // this is mostly a push): after any at the same place, as a stable
        // sort would put it.
        let after = self.mentions.partition_point(|(pos, _)| *pos <= at);
        self.mentions.insert(after, (at, full.clone()));
        full
    }

    /// "Smith" after "Brad Smith" is Brad Smith.
    fn resolve(&self, name: &str) -> String {
        if !name.contains(' ')
            && let Some(full) = self.by_surname.get(name)
        {
            return full.clone();
        }
        name.to_owned()
    }
}

static CAPITALISED_RUN: LazyLock<Regex> = LazyLock::new(|| {
    // Title-case words (letters of any script after the first), joined by
    // spaces, "of", "and", "on", "for", "&" or a comma inside an
    // organisation name; split into names by `split_run`.
    regex(
        r"(?-u:\b)[A-Z][\p{L}\p{M}'’\-.]*(?:(?:\s|\s(?:of|and|on|for|de|van|von|&)\s|,\s)[A-Z][\p{L}\p{M}'’\-.]*)*(?:\s\([A-Z]{2,}\))?",
    )
});

pub(super) static ROLE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^,\s(?:the\s)?(?P<role>[^,.“”;]{3,60}?)[.;,]"));

pub(super) fn find(
    text: &str,
    sentences: &[Range<usize>],
    people: &mut People,
    sink: &mut Sink<'_>,
) {
    for m in CAPITALISED_RUN.find_iter(text) {
        for piece in split_run(text, m.range()) {
            let sentence_start = sentences
                .binary_search_by_key(&piece.start, |s| s.start)
                .is_ok();
            classify(text, piece, sentence_start, people, sink);
        }
    }
}

pub(super) fn has_org_word(s: &str) -> bool {
    s.split_whitespace()
        .any(|w| ORG_WORDS.contains(w.trim_end_matches([',', '.'])))
}

fn is_name_end(word: &str) -> bool {
    // "Beijing." ends a sentence; "U.S." and "Corp." do not end a name.
    word.ends_with('.')
        && !ABBREVIATIONS.contains(word.trim_end_matches('.'))
        && !ORG_WORDS.contains(word)
        && (word.len() > 4 || word.matches('.').count() < 2)
}

/// Cuts a capitalised run into the names it holds: drops leading sentence
/// furniture ("The", "Among", "Shares of"), splits at sentence ends inside
/// the run, at possessives ("Japan’s Cabinet Secretariat"), at commas unless
/// inside an organisation's name ("Ministry of Economy, Trade and Industry"),
/// and at "and"/"of"/"on" between separate names.
fn split_run(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    // Words with their byte ranges.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut at = range.start;
    for w in text[range.clone()].split(' ') {
        words.push(at..at + w.len());
        at += w.len() + 1;
    }
    // First cut at sentence ends and possessives: independent segments.
    let mut segments: Vec<Range<usize>> = Vec::new();
    let mut seg_start = range.start;
    for (i, w) in words.iter().enumerate() {
        let word = text[w.clone()].trim_end_matches(',');
        let last = i + 1 == words.len();
        let possessive = word.ends_with("’s") || word.ends_with("'s");
        if possessive && !last {
            let suffix = if word.ends_with("'s") {
                2
            } else {
                "’s".len()
            };
            segments.push(seg_start..w.start + word.len() - suffix);
            seg_start = words[i + 1].start;
        } else if is_name_end(word) && !last {
            segments.push(seg_start..w.start + word.len() - 1);
            seg_start = words[i + 1].start;
        }
    }
    segments.push(seg_start..range.end);
    segments
        .into_iter()
        .flat_map(|seg| split_segment(text, seg))
        .map(|r| {
            let trimmed = text[r.clone()].trim_end_matches([',', '’', '\'']);
            let trimmed = trimmed
                .strip_suffix("’s")
                .or_else(|| trimmed.strip_suffix("'s"))
                .unwrap_or(trimmed);
            r.start..r.start + trimmed.len()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn split_segment(text: &str, seg: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = seg.start;
    let end = seg.end;
    if start >= end {
        return pieces;
    }
    // Leading furniture: words that start no name, unless they begin a place
    // ("New York") or qualify an organisation ("European Central Bank").
    loop {
        let rest = &text[start..end];
        let we = rest.find(' ').map_or(end, |i| start + i);
        let word = text[start..we].trim_end_matches(',');
        let more = we < end;
        let begins_place = PLACES
            .iter()
            .any(|p| rest.starts_with(p) && p.contains(' '));
        let qualifies_org = has_org_word(rest) && more;
        // "European Commission" names a body; "the Japanese Ministry of …"
        // describes one.
        if begins_place || (qualifies_org && word == "European") {
            break;
        }
        if NOT_NAMES.contains(word) {
            if !more {
                return pieces;
            }
            start = we + 1;
            continue;
        }
        // "Shares of Sony Group Corp.": a common word "of" an organisation.
        if more
            && text[we..end].starts_with(" of ")
            && !ORG_WORDS.contains(word)
            && has_org_word(&text[we..end])
            && !has_org_word(word)
        {
            let after_of = we + " of ".len();
            if after_of < end
                && !ORG_WORDS.contains(text[after_of..end].split(' ').next().unwrap_or(""))
            {
                start = after_of;
                continue;
            }
        }
        break;
    }
    let whole = &text[start..end];
    if has_org_word(whole) {
        // "A University and B University" is two organisations.
        let mut from = start;
        let mut rest = whole;
        while let Some(i) = rest.find(" and ") {
            let (left, right) = (&rest[..i], &rest[i + 5..]);
            let left_ends_org = ORG_WORDS.contains(
                left.split_whitespace()
                    .last()
                    .unwrap_or("")
                    .trim_end_matches('.'),
            );
            if left_ends_org && has_org_word(right) {
                pieces.push(from..from + i);
                from += i + 5;
                rest = right;
            } else {
                break;
            }
        }
        // A comma list inside a name must be closed by "and".
        let piece = &text[from..end];
        let cut = if piece.contains(',') && !piece.contains(" and ") {
            piece.find(',').map_or(end, |i| from + i)
        } else {
            end
        };
        pieces.push(from..cut);
    } else {
        // Separate names: "Paris and London", "McConnell of Kentucky".
        let mut from = start;
        let mut rest = whole;
        loop {
            let cut = [", ", " and ", " of ", " on ", " for ", " & "]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
                .min();
            if let Some((i, len)) = cut {
                pieces.push(from..from + i);
                from += i + len;
                rest = &text[from..end];
            } else {
                pieces.push(from..end);
                break;
            }
        }
    }
    pieces
}

/// "Senate Majority Leader Chuck Schumer" → (Some("Senate Majority
/// Leader"), "Chuck Schumer"): the last role word and what follows it.
pub(super) fn split_role(who: &str) -> (Option<&str>, &str) {
    let mut best: Option<(usize, usize)> = None;
    for role in ROLE_WORDS.iter() {
        let mut from = 0;
        while let Some(i) = who[from..].find(role) {
            let at = from + i;
            let end = at + role.len();
            let starts_word = at == 0 || who[..at].ends_with(' ');
            if starts_word && who[end..].starts_with(' ') && best.is_none_or(|(_, e)| end > e) {
                best = Some((at, end));
            }
            from = end;
        }
    }
    match best {
        Some((_, end)) => (Some(&who[..end]), who[end..].trim()),
        None => (None, who),
    }
}

pub(super) fn is_place(name: &str) -> bool {
    PLACES.contains(name)
}

fn classify(
    text: &str,
    span: Range<usize>,
    sentence_start: bool,
    people: &mut People,
    sink: &mut Sink<'_>,
) {
    let run = &text[span.clone()];
    // "US$12 billion" is money, not the United States.
    if text[span.end..].starts_with('$') {
        return;
    }
    // "U.S." keeps its dot; other names lose a sentence-final one.
    if let Some(place) = PLACES
        .iter()
        .find(|p| run == *p || run.trim_end_matches('.') == *p)
    {
        sink(
            FactKind::Place,
            span.start..span.start + place.len(),
            None,
            String::new(),
        );
        return;
    }
    let run = if ORG_WORDS
        .iter()
        .any(|w| w.ends_with('.') && run.ends_with(w))
    {
        run
    } else {
        run.trim_end_matches('.')
    };
    let span = span.start..span.start + run.len();
    let words: Vec<&str> = run.split_whitespace().collect();
    let (role, name) = split_role(run);
    // A role word inside an organisation-looking run ("Senate Majority
    // Leader Chuck Schumer") makes it a person.
    if has_org_word(run) && role.is_none() {
        if words.len() >= 2 || KNOWN_ORGS.contains(run) {
            sink(FactKind::Organisation, span, None, String::new());
        }
        return;
    }
    if KNOWN_ORGS.contains(run) {
        sink(FactKind::Organisation, span, None, String::new());
        return;
    }
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let is_name_word = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && !NOT_NAMES.contains(w)
            && !PLACES.contains(w)
    };
    let looks_like_person =
        (2..=3).contains(&name_words.len()) && name_words.iter().all(is_name_word);
    let honorific_name = role
        .is_some_and(|r| ["Mr.", "Ms.", "Mrs.", "Dr."].iter().any(|h| r.ends_with(h)))
        && name_words.len() == 1
        && name_words.iter().all(is_name_word);
    let known_surname = name_words.len() == 1 && people.by_surname.contains_key(name);
    let name_start = span.end - name.len();
    if (looks_like_person
        && (role.is_some() || followed_by_role(text, span.end) || people.roles.contains_key(name)))
        || honorific_name
        || known_surname
        || (looks_like_person && !sentence_start && said_nearby(text, span.clone()))
    {
        let role = role
            .map(str::to_owned)
            .or_else(|| role_after(text, span.end));
        let full = people.add(name, role.as_deref(), name_start);
        sink(
            FactKind::Person,
            name_start..span.end,
            Some(full),
            String::new(),
        );
    } else if words.len() == 1
        && run.chars().skip(1).any(char::is_lowercase)
        && !NOT_NAMES.contains(run)
    {
        // A single proper word: an organisation when the words before it say
        // so ("startup Sakana"); otherwise one if it comes back mid-sentence
        // (decided when merging).
        let before = super::labels::tail(text[..span.start].trim_end(), 256).to_ascii_lowercase();
        if ORG_CUES.iter().any(|cue| before.ends_with(cue))
            || text[span.end..].starts_with(", founded")
        {
            sink(FactKind::Organisation, span, None, String::new());
        } else if !sentence_start {
            sink(FactKind::Other, span, None, String::new());
        }
    }
}

fn followed_by_role(text: &str, end: usize) -> bool {
    role_after(text, end).is_some()
}

pub(super) fn is_role_phrase(role: &str) -> bool {
    let lower = role.to_lowercase();
    ROLE_STEMS.iter().any(|r| lower.contains(r))
}

/// ", Microsoft vice chair and president." after a name.
fn role_after(text: &str, end: usize) -> Option<String> {
    let caps = ROLE_AFTER.captures(&text[end..])?;
    let role = caps.name("role")?.as_str();
    is_role_phrase(role).then(|| role.to_owned())
}

fn said_nearby(text: &str, span: Range<usize>) -> bool {
    let before = &text[..span.start];
    let after = &text[span.end..];
    // "Analysts at Goldman Sachs said" is a firm speaking, not a person.
    let after_preposition = [" at", " from", " of", " by"]
        .iter()
        .any(|p| before.trim_end().ends_with(p));
    !after_preposition
        && (before.trim_end().ends_with("said") || after.trim_start().starts_with("said"))
}

// ---------------------------------------------------------------- merging

/// Keeps one fact per entity (the first mention, labelled with the full name
/// and role), turns single proper words that recur into organisations and
/// drops those that do not.
pub(super) fn merge(found: Vec<Found>) -> Vec<Found> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for f in found.iter().filter(|f| f.kind == FactKind::Other) {
        *counts.entry(f.text.clone()).or_default() += 1;
    }
    let surnames: HashSet<String> = found
        .iter()
        .filter(|f| f.kind == FactKind::Person)
        .filter_map(|f| f.normalized.as_deref()?.split_whitespace().last())
        .map(str::to_owned)
        .collect();
    let mut seen: HashSet<(FactKind, String)> = HashSet::new();
    let mut out = Vec::new();
    for mut f in found {
        match f.kind {
            FactKind::Other => {
                let is_surname = surnames.contains(&f.text);
                if counts.get(&f.text).copied().unwrap_or(0) < 2 || is_surname {
                    continue;
                }
                f.kind = FactKind::Organisation;
            }
            FactKind::Person => {
                // One fact per person, under the full name, at the first
                // mention; the role is the label.
                let name = f.normalized.take().unwrap_or_else(|| f.text.clone());
                if !seen.insert((FactKind::Person, name.clone())) {
                    continue;
                }
                f.text = name;
                out.push(f);
                continue;
            }
            _ => {}
        }
        let key = (f.kind, f.text.to_lowercase());
        if matches!(f.kind, FactKind::Organisation | FactKind::Place) && !seen.insert(key) {
            continue;
        }
        out.push(f);
    }
    out
}
