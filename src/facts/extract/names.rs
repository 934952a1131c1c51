//! Names: people (with their roles), organisations and places, read from
//! runs of capitalised words; and the merging that keeps one fact per
//! entity.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::places::{self, Gazetteer};
use super::words::{
    ABBREVIATIONS, KNOWN_ORGS, NOT_NAMES, NOT_ORGS, ORG_AFTER, ORG_CUES, ORG_WORDS, PERSON_AFTER,
    PLACES, ROLE_STEMS, ROLE_WORDS, STOP,
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
    /// Full names that look like a person's but had nothing beside them to
    /// say so, by surname: the surname coming back alone confirms them.
    candidates: HashMap<String, String>,
}

/// Whether `new` says more about a person than the role `known` already
/// held: there was none, or only an honorific ("Dr."), or `new` is the same
/// role with who it is for ("Arsenal captain" after "captain").
pub(super) fn fuller_role(known: &str, new: &str) -> bool {
    known.is_empty()
        || super::quotes::HONORIFICS.contains(&known)
        || (new.len() > known.len()
            && new
                .strip_suffix(known)
                .is_some_and(|head| head.ends_with(' ')))
}

impl People {
    pub(super) fn add(&mut self, name: &str, role: Option<&str>, at: usize) -> String {
        let full = self.resolve(name);
        // A full name is found again by its surname; a lone surname (a
        // player in a line-up) by itself.
        if let Some(surname) = full.split_whitespace().last() {
            self.by_surname
                .entry(surname.to_owned())
                .or_insert_with(|| full.clone());
        }
        if let Some(role) = role.map(str::trim).filter(|r| !r.is_empty()) {
            let known = self.roles.entry(full.clone()).or_default();
            if fuller_role(known, role) {
                role.clone_into(known);
            }
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
        r"(?-u:\b)[A-Z][\p{L}\p{M}'’\-.]*(?:(?:\s|\s(?:of|and|on|for|de|de\sla|da|dos|van|van\sder|van\sden|von|von\sder|&)\s|,\s)[A-Z][\p{L}\p{M}'’\-.]*)*(?:\s\([A-Z]{2,}\))?",
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
        if is_headline_case(&text[m.range()]) {
            continue;
        }
        let pieces = split_run(text, m.range());
        let mut kinds = Vec::with_capacity(pieces.len());
        for piece in &pieces {
            let sentence_start = sentences
                .binary_search_by_key(&piece.start, |s| s.start)
                .is_ok();
            kinds.push(classify(text, piece.clone(), sentence_start, people, sink));
        }
        complete_list(text, &pieces, &kinds, people, sink);
    }
}

/// Small words that a name keeps in lower case ("Bank of America") and a
/// headline capitalises ("Bank Holds Rates Amid Slowdown").
const HEADLINE_SMALL: [&str; 22] = [
    "For", "To", "In", "On", "At", "With", "Amid", "As", "After", "Over", "Into", "From", "By",
    "Is", "Are", "Was", "Will", "Than", "Up", "Says", "Say", "Be",
];

/// A run in headline case is a headline's words, not a name: four words
/// or more with a small word capitalised after the first.
fn is_headline_case(run: &str) -> bool {
    let words: Vec<&str> = run.split_whitespace().collect();
    words.len() >= 4 && words[1..].iter().any(|w| HEADLINE_SMALL.contains(w))
}

/// "Apple, Foxconn, Qualcomm, Sharp and SoftBank": in a list of names where
/// some are known organisations (or people) and none is the other kind,
/// the unknown single names are of the same kind.
fn complete_list(
    text: &str,
    pieces: &[Range<usize>],
    kinds: &[Option<FactKind>],
    people: &mut People,
    sink: &mut Sink<'_>,
) {
    if pieces.len() < 2 {
        return;
    }
    let is_list = pieces.windows(2).all(|w| {
        let between = text.get(w[0].end..w[1].start).unwrap_or("x").trim();
        matches!(between, "," | "and" | ", and" | "or" | "&")
    });
    if !is_list {
        return;
    }
    let has = |k: FactKind| kinds.contains(&Some(k));
    let kind = match (has(FactKind::Organisation), has(FactKind::Person)) {
        (true, false) => FactKind::Organisation,
        (false, true) => FactKind::Person,
        _ => return,
    };
    for (piece, found) in pieces.iter().zip(kinds) {
        let word = &text[piece.clone()];
        let unknown = matches!(found, None | Some(FactKind::Other));
        let single = !word.contains(' ') && word.chars().skip(1).any(char::is_lowercase);
        // "Frank-Walter Steinmeier and Ursula von der Leyen".
        let full_name = kind == FactKind::Person
            && looks_like_person(&word.split_whitespace().collect::<Vec<_>>());
        if unknown
            && (single || full_name)
            && !NOT_NAMES.contains(word)
            && places::lookup(word).is_none()
        {
            if kind == FactKind::Person {
                let full = people.add(word, None, piece.start);
                sink(kind, piece.clone(), Some(full), String::new());
            } else {
                sink(kind, piece.clone(), None, String::new());
            }
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
        && (!is_initials(word) || PLACES.contains(word))
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
    let mut seg_words = 0;
    for (i, w) in words.iter().enumerate() {
        let word = text[w.clone()].trim_end_matches(',');
        let last = i + 1 == words.len();
        let possessive = word.ends_with("’s") || word.ends_with("'s");
        seg_words += 1;
        // "Hawke's Bay" is a place, not Hawke's bay. Asked only at a
        // possessive, and of a segment short enough to be a place name, so
        // a long run is not hashed again at every word.
        let place_name = possessive
            && !last
            && seg_words <= 6
            && is_place(text[seg_start..words[i + 1].end].trim_end_matches([',', '.']));
        if possessive && !last && !place_name {
            let suffix = if word.ends_with("'s") {
                2
            } else {
                "’s".len()
            };
            segments.push(seg_start..w.start + word.len() - suffix);
            seg_start = words[i + 1].start;
            seg_words = 0;
        } else if is_name_end(word) && !last {
            segments.push(seg_start..w.start + word.len() - 1);
            seg_start = words[i + 1].start;
            seg_words = 0;
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

/// Where a segment's name starts once its leading furniture is dropped, or
/// `None` when it is all furniture.
fn skip_furniture(text: &str, mut start: usize, end: usize) -> Option<usize> {
    // Leading furniture: words that start no name, unless they begin a place
    // ("New York") or qualify an organisation ("European Central Bank").
    loop {
        let rest = &text[start..end];
        let we = rest.find(' ').map_or(end, |i| start + i);
        let word = text[start..we].trim_end_matches(',');
        let more = we < end;
        let begins_place = begins_place(rest);
        let qualifies_org = has_org_word(rest) && more;
        // "European Commission" names a body; "the Japanese Ministry of …"
        // describes one.
        if begins_place || (qualifies_org && word == "European") {
            break;
        }
        if NOT_NAMES.contains(word) {
            if !more {
                return None;
            }
            start = we + 1;
            continue;
        }
        // "Carmaker Maruti Suzuki": a cue capitalised to open a sentence.
        let lower = word.to_lowercase();
        if more && lower != word && ORG_CUES.contains(&lower) && !ORG_WORDS.contains(word) {
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
    Some(start)
}

fn split_segment(text: &str, seg: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let start = seg.start;
    let end = seg.end;
    if start >= end {
        return pieces;
    }
    let Some(start) = skip_furniture(text, start, end) else {
        return pieces;
    };
    let whole = &text[start..end];
    // "Bay of Plenty", "Bath and North East Somerset": a place whole.
    if whole.contains(' ') && (PLACES.contains(whole) || places::lookup(whole).is_some()) {
        pieces.push(start..end);
        return pieces;
    }
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
        // A comma list inside a name must be closed by "and"; and a comma
        // just after a name's last word ("… Investment Company, Apple")
        // ends the name: a list of names follows.
        let piece = &text[from..end];
        let first_comma = piece.find(',');
        let ends_org = first_comma.is_some_and(|i| {
            ORG_WORDS.contains(piece[..i].split_whitespace().last().unwrap_or(""))
        });
        let cut = if piece.contains(',') && (!piece.contains(" and ") || ends_org) {
            first_comma.map_or(end, |i| from + i)
        } else {
            end
        };
        pieces.push(from..cut);
        if cut < end && ends_org {
            let rest = cut + 1 + text[cut + 1..end].len() - text[cut + 1..end].trim_start().len();
            pieces.extend(split_segment(text, rest..end));
        }
    } else {
        // Separate names: "Paris and London", "McConnell of Kentucky".
        // Where each separator next occurs is kept and looked for again
        // only once the cut has passed it, so a long list is read once per
        // separator, not once per name.
        const SEPS: [&str; 6] = [", ", " and ", " of ", " on ", " for ", " & "];
        let find_from = |sep: &str, from: usize| text[from..end].find(sep).map(|i| from + i);
        let mut next = SEPS.map(|sep| find_from(sep, start));
        let mut from = start;
        loop {
            for (at, sep) in next.iter_mut().zip(SEPS) {
                if at.is_some_and(|a| a < from) {
                    *at = find_from(sep, from);
                }
            }
            let cut = next
                .iter()
                .zip(SEPS)
                .filter_map(|(at, sep)| at.map(|a| (a, sep.len())))
                .min();
            if let Some((at, len)) = cut {
                pieces.push(from..at);
                from = at + len;
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
        Some((_, end)) => {
            // A dateline or a clause before a dash is not part of the
            // role: "WASHINGTON - Senator" is "Senator".
            let role = &who[..end];
            let from = [" - ", " — ", " – ", "— ", "– "]
                .iter()
                .filter_map(|dash| role.rfind(dash).map(|at| at + dash.len()))
                .max()
                .unwrap_or(0);
            (Some(role[from..].trim()), who[end..].trim())
        }
        None => (None, who),
    }
}

/// Whether `name` is a place wherever it stands: in the hand list, or a
/// gazetteer name that is not also a common word or a person's name.
pub(super) fn is_place(name: &str) -> bool {
    PLACES.contains(name) || places::lookup(name) == Some(Gazetteer::Place)
}

/// Whether `rest` starts with a place of two to four words ("New South
/// Wales Police"), so the run is not cut before it.
fn begins_place(rest: &str) -> bool {
    let mut ends = rest.match_indices(' ').map(|(i, _)| i).chain([rest.len()]);
    let _first = ends.next();
    ends.take(3).any(|end| {
        let words = rest[..end].trim_end_matches(',');
        PLACES.contains(words) || places::lookup(words) == Some(Gazetteer::Place)
    })
}

/// A paragraph's opening dateline word in capitals ("AUCKLAND (Reuters) -",
/// "SYDNEY -"), read as the place it names.
fn dateline_place(text: &str, span: &Range<usize>) -> bool {
    let run = &text[span.clone()];
    let after = &text[span.end..];
    let capitals = run.len() >= 3
        && run
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '-');
    if span.start != 0
        || !capitals
        || ![" (", " -", " –", " —", ","]
            .iter()
            .any(|s| after.starts_with(s))
    {
        return false;
    }
    let title: String = run
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_string() + &chars.as_str().to_lowercase()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    PLACES.contains(&title) || places::lookup(&title).is_some()
}

/// Words before a name that make a name that is also a common word a
/// place: "in Reading", "from Bath".
const PLACE_PREPOSITIONS: [&str; 20] = [
    "in", "at", "from", "near", "to", "outside", "around", "across", "between", "via", "towards",
    "toward", "into", "through", "of", "visited", "visiting", "toured", "reached", "reaches",
];

/// Context that makes a name that is also a word a place: a preposition of
/// place before it ("in Mobile"), or a state or country after it ("Mobile,
/// Alabama"), or a place it is listed with ("Bristol and Bath").
fn place_context(text: &str, span: &Range<usize>) -> bool {
    place_context_within(text, span, 2)
}

/// [`place_context`], following a list back at most `depth` names
/// ("visited Cork and Limerick").
fn place_context_within(text: &str, span: &Range<usize>, depth: usize) -> bool {
    let before = text[..span.start].trim_end();
    let last = before.rsplit([' ', '(']).next().unwrap_or("");
    if PLACE_PREPOSITIONS.contains(&last) {
        return true;
    }
    if last == "and" || last == "or" {
        let earlier = before[..before.len() - last.len()].trim_end();
        let last_word = earlier.rsplit(' ').next().unwrap_or("");
        let word = last_word.trim_end_matches(',');
        let word_start = earlier.len() - last_word.len();
        if is_place(word)
            || (depth > 0
                && places::lookup(word).is_some()
                && place_context_within(text, &(word_start..word_start + word.len()), depth - 1))
        {
            return true;
        }
    }
    let after = &text[span.end..];
    after.strip_prefix(", ").is_some_and(|rest| {
        let next: &str = rest.split([',', '.', ';', ' ']).next().unwrap_or("");
        is_place(next)
            || rest
                .match_indices(' ')
                .take(3)
                .any(|(i, _)| is_place(rest[..i].trim_end_matches([',', '.'])))
    })
}

/// Whether a name found in the gazetteer is a place here.
fn gazetteer_place(text: &str, span: &Range<usize>, name: &str, sentence_start: bool) -> bool {
    match places::lookup(name) {
        // "Darwin said" is a person speaking, not the city.
        Some(Gazetteer::Place) => {
            name.contains(' ')
                || !(followed_by(text, span.end, &PERSON_AFTER)
                    || [" said", " says", " told"]
                        .iter()
                        .any(|verb| text[span.end..].starts_with(verb)))
        }
        Some(Gazetteer::NeedsContext) => place_context(text, span),
        // "Turkey sales rose": a capital at a sentence's start says nothing.
        Some(Gazetteer::CountryWord) => !sentence_start || place_context(text, span),
        None => false,
    }
}

/// Reads one name and reports it; returns the kind reported, if any.
fn classify(
    text: &str,
    span: Range<usize>,
    sentence_start: bool,
    people: &mut People,
    sink: &mut Sink<'_>,
) -> Option<FactKind> {
    let run = &text[span.clone()];
    // "US$12 billion" is money, not the United States.
    if text[span.end..].starts_with('$') {
        return None;
    }
    // "U.S." keeps its dot; other names lose a sentence-final one.
    let bare = run.trim_end_matches('.');
    // "Luxon said", after "Christopher Luxon arrived": the surname alone
    // says the full name was a person's.
    if !bare.contains(' ')
        && !people.by_surname.contains_key(bare)
        && let Some(full) = people.candidates.get(bare).cloned()
    {
        people.add(&full, None, span.start);
    }
    let known_surname = !bare.contains(' ') && people.by_surname.contains_key(bare);
    // "in March" is a month, not the town in Cambridgeshire.
    let org_first = KNOWN_ORGS.contains(bare)
        || (!bare.contains(' ')
            && !PLACES.contains(bare)
            && org_context(text, &(span.start..span.start + bare.len())));
    if !known_surname
        && !org_first
        && !NOT_NAMES.contains(bare)
        && let Some(len) = place_length(text, &span, sentence_start)
    {
        sink(
            FactKind::Place,
            span.start..span.start + len,
            None,
            String::new(),
        );
        return Some(FactKind::Place);
    }
    let run = if ORG_WORDS
        .iter()
        .any(|w| w.ends_with('.') && run.ends_with(w))
    {
        run
    } else {
        bare
    };
    let span = span.start..span.start + run.len();
    classify_name(text, span, sentence_start, known_surname, people, sink)
}

/// Reads a name that is no place: a person, an organisation, or a single
/// word to decide on when merging.
fn classify_name(
    text: &str,
    span: Range<usize>,
    sentence_start: bool,
    known_surname: bool,
    people: &mut People,
    sink: &mut Sink<'_>,
) -> Option<FactKind> {
    let run = &text[span.clone()];
    let words: Vec<&str> = run.split_whitespace().collect();
    let (role, name) = match split_role(run) {
        (None, _) if sentence_start => opening_role(run),
        found => found,
    };
    let org = |sink: &mut Sink<'_>| {
        sink(FactKind::Organisation, span.clone(), None, String::new());
        Some(FactKind::Organisation)
    };
    // A role word inside an organisation-looking run ("Senate Majority
    // Leader Chuck Schumer") makes it a person.
    if has_org_word(run) && role.is_none() {
        if words.len() >= 2 || KNOWN_ORGS.contains(run) {
            return org(sink);
        }
        return None;
    }
    if KNOWN_ORGS.contains(run) || (is_acronym(run) && !NOT_ORGS.contains(run)) {
        return org(sink);
    }
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let looks_like_person = looks_like_person(&name_words);
    let honorific_name = is_honorific_name(role, &name_words);
    let name_start = span.end - name.len();
    let before_role = if role.is_none() {
        role_before(text, span.start)
    } else {
        None
    };
    let person_after =
        followed_by(text, span.end, &PERSON_AFTER) || followed_by_age(text, span.end);
    // "J.K. Rowling": initials then a name are a person's.
    let initials = name_words.len() >= 2 && is_initials(name_words[0]);
    let speaks = [
        " said", " says", " told", " spoke", " met ", " visited", " wrote", " added",
    ]
    .iter()
    .any(|v| text[span.end..].starts_with(v));
    if looks_like_person
        && !known_surname
        && (works_at(text, span.start) || org_context(text, &span))
    {
        // "an economist at Capital Economics", "WH Smith agreed to sell":
        // the firm, not a person.
        return org(sink);
    }
    if (looks_like_person
        && (role.is_some()
            || before_role.is_some()
            || person_after
            || initials
            || speaks
            || followed_by_role(text, span.end)
            || people.roles.contains_key(name)))
        || honorific_name
        || known_surname
        || (looks_like_person && !sentence_start && said_nearby(text, span.clone()))
        || (words.len() == 1 && is_name_word(run) && person_after)
    {
        let role = role
            .map(str::to_owned)
            .or(before_role)
            .or_else(|| role_after(text, span.end));
        let full = people.add(name, role.as_deref(), name_start);
        sink(
            FactKind::Person,
            name_start..span.end,
            Some(full),
            String::new(),
        );
        return Some(FactKind::Person);
    }
    if (2..=4).contains(&words.len()) && org_context(text, &span) {
        return org(sink);
    }
    if looks_like_person && name_words.len() == words.len() {
        // Listed only if its surname comes back alone (decided when
        // merging).
        let full = name.to_owned();
        if let Some(surname) = name_words.last() {
            people
                .candidates
                .entry((*surname).to_owned())
                .or_insert_with(|| full.clone());
        }
        sink(FactKind::Other, span, Some(full), String::new());
        return None;
    }
    if words.len() == 1 && run.chars().skip(1).any(char::is_lowercase) && !NOT_NAMES.contains(run) {
        // A single proper word: an organisation when the words around it
        // say so ("startup Sakana", "Permira acquired", "Toyota's
        // profit"); otherwise one if it comes back mid-sentence (decided
        // when merging).
        if org_context(text, &span) || works_at(text, span.start) {
            return org(sink);
        } else if !sentence_start {
            sink(FactKind::Other, span, None, String::new());
            return Some(FactKind::Other);
        }
    }
    None
}

/// The length of the place a name is here, if it is one: in the hand
/// list, the gazetteer (in context when it needs it) or a dateline.
fn place_length(text: &str, span: &Range<usize>, sentence_start: bool) -> Option<usize> {
    let run = &text[span.clone()];
    let bare = run.trim_end_matches('.');
    if PLACES.contains(run) {
        Some(run.len())
    } else if PLACES.contains(bare)
        || gazetteer_place(
            text,
            &(span.start..span.start + bare.len()),
            bare,
            sentence_start,
        )
    {
        Some(bare.len())
    } else {
        dateline_place(text, span).then_some(run.len())
    }
}

/// "Farmer Nguyen Van An", "Manager Arne Slot": a job opening the
/// sentence, capitalised only because it opens it; else no role.
fn opening_role(run: &str) -> (Option<&str>, &str) {
    match run.split_once(' ') {
        Some((first, rest))
            if starts_with_role(&first.to_lowercase())
                && looks_like_person(&rest.split_whitespace().collect::<Vec<_>>()) =>
        {
            (Some(first), rest)
        }
        _ => (None, run),
    }
}

/// "Mr. Okafor", "Dr Wiles", "Coach Slot": a title and a surname.
fn is_honorific_name(role: Option<&str>, name_words: &[&str]) -> bool {
    const TITLES: [&str; 9] = [
        "Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr", "Coach",
    ];
    role.is_some_and(|r| TITLES.iter().any(|h| r.ends_with(h)))
        && name_words.len() == 1
        && is_name_word(name_words[0])
}

/// Particles inside a person's name: "Ursula von der Leyen".
const PARTICLES: [&str; 8] = ["von", "van", "der", "den", "de", "la", "da", "dos"];

/// A capitalised name word ("Tanaka", "O'Brien") or initials ("J.K.").
fn is_name_word(w: &str) -> bool {
    is_initials(w)
        || (w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && !PLACES.contains(w))
}

/// "J.", "J.K.", "J.R.R.": a person's initials.
fn is_initials(w: &str) -> bool {
    // "U.S." and "U.N." are places and bodies, not initials.
    w.len() >= 2
        && !PLACES.contains(w)
        && !ABBREVIATIONS.contains(w.trim_end_matches('.'))
        && w.len().is_multiple_of(2)
        && w.as_bytes()
            .chunks(2)
            .all(|c| c[0].is_ascii_uppercase() && c[1] == b'.')
}

/// Two or three name words, particles aside ("Nguyen Van An", "J.K.
/// Rowling", "Ursula von der Leyen"); the first is no sentence furniture.
fn looks_like_person(words: &[&str]) -> bool {
    let names = words.iter().filter(|w| !PARTICLES.contains(w)).count();
    (2..=3).contains(&names)
        && words
            .first()
            .is_some_and(|w| !NOT_NAMES.contains(w) && is_name_word(w))
        && words.last().is_some_and(|w| is_name_word(w))
        && words
            .iter()
            .all(|w| PARTICLES.contains(w) || is_name_word(w) || w.len() <= 3)
}

/// An organisation's abbreviation: three to six capitals ("HMRC", "CBS",
/// "NVIDIA").
fn is_acronym(w: &str) -> bool {
    (3..=6).contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'&')
        && w.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// Whether the text after `end` starts with one of `phrases` (each read
/// after a space, or after an apostrophe for "'s profit"; either
/// apostrophe).
fn followed_by(text: &str, end: usize, phrases: &super::words::Words) -> bool {
    let after = &text[end..];
    let after = after
        .strip_prefix('’')
        .map_or_else(|| after.to_owned(), |rest| format!("'{rest}"));
    phrases.iter().any(|p| {
        after
            .strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || !rest.starts_with(char::is_alphanumeric))
            || after.strip_prefix(' ').is_some_and(|a| {
                a.strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() || !rest.starts_with(char::is_alphanumeric))
            })
    })
}

/// "Smith, 34,": an age after a name.
fn followed_by_age(text: &str, end: usize) -> bool {
    let after = &text.as_bytes()[end..];
    after.len() >= 5
        && after[0] == b','
        && after[1] == b' '
        && after[2].is_ascii_digit()
        && after[3].is_ascii_digit()
        && after[4] == b','
}

/// Words around a name that say a company: a cue before ("startup",
/// "shares of") or a verb or business noun after ("acquired", "'s
/// profit").
fn org_context(text: &str, span: &Range<usize>) -> bool {
    let before = super::labels::tail(text[..span.start].trim_end(), 256).to_ascii_lowercase();
    ORG_CUES.iter().any(|cue| {
        before
            .strip_suffix(cue)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '(', ',']))
    }) || text[span.end..].starts_with(", founded")
        || followed_by(text, span.end, &ORG_AFTER)
}

/// "an economist at Capital Economics", "chief executive of Wesfarmers":
/// a job title then "at"/"of"/"with" before the name.
fn works_at(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let Some(rest) = [" at", " of", " with"]
        .iter()
        .find_map(|p| before.strip_suffix(p))
    else {
        return false;
    };
    let title = rest.rsplit(' ').next().unwrap_or("");
    // "chief executive of", "the CEO of"
    (title.chars().all(char::is_lowercase) || title.chars().all(|c| c.is_ascii_uppercase()))
        && starts_with_role(&title.to_lowercase())
}

/// A word that is a job: "economist", "directors", "spokeswoman" (not
/// "ahead", which only holds one).
/// Words that may stand before a lower-case job as part of it.
const ROLE_QUALIFIERS: [&str; 16] = [
    "former",
    "deputy",
    "chief",
    "senior",
    "junior",
    "managing",
    "acting",
    "assistant",
    "executive",
    "general",
    "vice",
    "head",
    "lead",
    "interim",
    "associate",
    "shadow",
];

fn starts_with_role(word: &str) -> bool {
    ROLE_STEMS.iter().any(|r| word.starts_with(r))
}

/// A lower-case job before a name: "novelist Mei Tanaka", "mayor Campbell
/// Barry", "Managing director Rob Scott".
fn role_before(text: &str, start: usize) -> Option<String> {
    let before = &text[..start];
    let head = before.trim_end();
    if head.len() == before.len() || head.ends_with([',', '.', ';', ':', '(', '"', '“']) {
        return None;
    }
    let words: Vec<&str> = head.rsplit(' ').take(4).collect();
    let lower = |w: &&str| {
        !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-') && !STOP.contains(w)
    };
    // The job and the words that qualify it ("former chief executive"),
    // never the clause before it ("the prize went to novelist").
    let qualifies = |w: &&str| starts_with_role(w) || ROLE_QUALIFIERS.contains(w);
    let taken = words
        .iter()
        .take_while(|w| lower(w) && qualifies(w))
        .count();
    if taken == 0 || !starts_with_role(words[0]) {
        return None;
    }
    let mut phrase: Vec<&str> = words[..taken].iter().rev().copied().collect();
    // "Managing director …" at the start of a sentence.
    if let Some(first) = words.get(taken) {
        let cut = head.len() - phrase.iter().map(|w| w.len() + 1).sum::<usize>() - first.len();
        let opens =
            head[..cut].trim_end().is_empty() || head[..cut].trim_end().ends_with(['.', '!', '?']);
        if opens
            && first.chars().next().is_some_and(char::is_uppercase)
            && !NOT_NAMES.contains(first)
        {
            phrase.insert(0, first);
        }
    }
    Some(phrase.join(" "))
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
    for f in found
        .iter()
        .filter(|f| f.kind == FactKind::Other && f.normalized.is_none())
    {
        *counts.entry(f.text.clone()).or_default() += 1;
    }
    let surnames: HashSet<String> = found
        .iter()
        .filter(|f| f.kind == FactKind::Person)
        .filter_map(|f| f.normalized.as_deref()?.split_whitespace().last())
        .map(str::to_owned)
        .collect();
    let persons: HashSet<String> = found
        .iter()
        .filter(|f| f.kind == FactKind::Person)
        .filter_map(|f| f.normalized.clone())
        .collect();
    let mut seen: HashSet<(FactKind, String)> = HashSet::new();
    let mut out = Vec::new();
    for mut f in found {
        match f.kind {
            FactKind::Other if f.normalized.is_some() => {
                // A full name that looked like a person's: one if its
                // surname came back alone (and so is a known person).
                let name = f.normalized.take().unwrap_or_default();
                if !persons.contains(&name) || !seen.insert((FactKind::Person, name.clone())) {
                    continue;
                }
                f.kind = FactKind::Person;
                f.text = name;
                out.push(f);
                continue;
            }
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

#[cfg(test)]
mod tests {
    use super::super::extract;
    use crate::facts::FactKind;

    /// `(kind, text, label)` of the people, organisations and places found.
    fn names(paragraphs: &[&str]) -> Vec<(FactKind, String, String)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|&p| p.to_owned()).collect();
        extract(&paragraphs)
            .into_iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    FactKind::Person | FactKind::Organisation | FactKind::Place
                )
            })
            .map(|f| (f.kind, f.text, f.label))
            .collect()
    }

    fn has(found: &[(FactKind, String, String)], kind: FactKind, text: &str) -> bool {
        found.iter().any(|(k, t, _)| *k == kind && t == text)
    }

    #[test]
    fn players_named_alone_are_people_when_they_score() {
        let found = names(&["Saka scored twice and Odegaard hit the post in London."]);
        assert!(has(&found, FactKind::Person, "Saka"), "{found:?}");
        assert!(has(&found, FactKind::Person, "Odegaard"), "{found:?}");
    }

    #[test]
    fn a_lower_case_job_before_a_name_is_its_role() {
        let found = names(&["The prize went to novelist Mei Tanaka."]);
        assert!(
            found.contains(&(FactKind::Person, "Mei Tanaka".into(), "novelist".into())),
            "{found:?}"
        );
    }

    #[test]
    fn a_surname_coming_back_is_the_person_not_an_organisation() {
        let found = names(&[
            "Christopher Luxon arrived in Auckland.",
            "Luxon said the plan would cut costs. Luxon then left.",
        ]);
        assert!(
            has(&found, FactKind::Person, "Christopher Luxon"),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|(_, t, _)| t == "Luxon"),
            "the surname is not listed apart: {found:?}"
        );
    }

    #[test]
    fn initials_and_particles_stay_in_a_name() {
        let found = names(&[
            "A letter from J.K. Rowling reached Ursula von der Leyen, the Commission president.",
        ]);
        assert!(has(&found, FactKind::Person, "J.K. Rowling"), "{found:?}");
        assert!(
            has(&found, FactKind::Person, "Ursula von der Leyen"),
            "{found:?}"
        );
    }

    #[test]
    fn a_list_after_a_company_name_is_six_organisations() {
        let found = names(&[
            "Investors include Mubadala Investment Company, Apple, Foxconn, Qualcomm, Sharp and SoftBank.",
        ]);
        for org in [
            "Mubadala Investment Company",
            "Apple",
            "Foxconn",
            "Qualcomm",
            "Sharp",
            "SoftBank",
        ] {
            assert!(has(&found, FactKind::Organisation, org), "{org}: {found:?}");
        }
    }

    #[test]
    fn companies_are_known_by_what_they_do() {
        let found = names(&[
            "Woodside's shares fell. Permira acquired Squarespace. HMRC fined the firm.",
            "WH Smith agreed to sell its shops. Sarah Lin, an economist at Capital Economics, spoke.",
        ]);
        for org in [
            "Woodside",
            "Permira",
            "Squarespace",
            "HMRC",
            "WH Smith",
            "Capital Economics",
        ] {
            assert!(has(&found, FactKind::Organisation, org), "{org}: {found:?}");
        }
    }

    #[test]
    fn a_currency_a_tax_or_a_headline_is_no_name() {
        let found = names(&[
            "Infosys raised Rs 500 crore and Rs 200 crore more, and GST rose.",
            "Regional Lenders Brace For Tougher Capital Rules",
        ]);
        assert!(
            found
                .iter()
                .all(|(_, t, _)| !["Rs", "GST"].contains(&t.as_str()) && !t.contains("Lenders")),
            "{found:?}"
        );
    }

    #[test]
    fn states_counties_and_provinces_come_from_the_gazetteer() {
        let found = names(&["Rain fell on Victoria and NSW, on Haskell County and on Quang Ninh."]);
        for place in ["Victoria", "NSW", "Haskell County", "Quang Ninh"] {
            assert!(has(&found, FactKind::Place, place), "{place}: {found:?}");
        }
    }

    #[test]
    fn a_place_that_is_also_a_word_needs_context() {
        let found = names(&["Reading the report, officials in Slough agreed."]);
        assert!(!has(&found, FactKind::Place, "Reading"), "{found:?}");
        let found = names(&["Commuters from Reading and a port in Mobile, Alabama, waited."]);
        assert!(has(&found, FactKind::Place, "Reading"), "{found:?}");
        assert!(has(&found, FactKind::Place, "Mobile"), "{found:?}");
        let found = names(&["Turkey sales rose. Talks with Turkey resumed."]);
        assert_eq!(
            found
                .iter()
                .filter(|(k, t, _)| *k == FactKind::Place && t == "Turkey")
                .count(),
            1,
            "{found:?}"
        );
    }

    #[test]
    fn a_dateline_in_capitals_is_a_place() {
        let found = names(&["AUCKLAND (Reuters) - Rain fell."]);
        assert!(has(&found, FactKind::Place, "AUCKLAND"), "{found:?}");
    }
}
