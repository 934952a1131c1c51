//! Incremental search over the articles: a query typed one key at a time,
//! matched against every article's text on all cores, and against the people,
//! organisations and places the fact extractor finds in the background.
//!
//! Matching is case-insensitive and Unicode-aware. Text is *folded* one
//! character at a time: lower case (`char::to_lowercase`), fullwidth ASCII as
//! ASCII (`ＡＩ` is `ai`), `İ` as `i` and final `ς` as `σ`, every run of
//! whitespace as one space. `ß` stays `ß` (it does not match `ss`). Because
//! one character folds to one character, a match in folded text maps back to
//! whole characters of the original.
//!
//! A match is accepted where:
//! - a term that starts with a letter or digit outside CJK starts a word: the
//!   character before it is not a letter or digit, or is CJK (Japanese runs
//!   words together: `ai` is found in `生成AI`). So `ai` matches "AI" and
//!   "aims" but not "said". A CJK term matches anywhere (`東京` in `東京都`).
//! - it ends between two grapheme clusters: `e` does not match the `e` of
//!   `e\u{301}` (é written with a combining accent), `e\u{301}` does.
//!
//! The costly part, `facts::for_article` (about 0.3 ms an article), runs on
//! one background thread ([`EntityIndex`]); a query that needs entities
//! counts the articles not indexed yet as `pending` instead of waiting.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use memchr::memmem::Finder;
use unicode_segmentation::GraphemeCursor;

use crate::article::Article;
use crate::catalog::Articles;
use crate::facts::{self, FactGroup, FactKind};

// ---------------------------------------------------------------- folding

/// Folds one character that is not whitespace (see the module docs).
fn fold_char(c: char) -> char {
    let c = match c {
        'İ' => return 'i',
        'ς' => return 'σ',
        // Fullwidth `！`..`～` sit at a fixed distance from ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        // Only `İ` lowercases to two characters, and it is handled above;
        // keeping any other such character as it is keeps folding 1:1.
        _ => c,
    }
}

/// What [`fold_into`] does with each byte: most bytes are copied as they
/// are, and the index folds every byte of the folder, so the common case is a
/// table lookup in a tight loop.
const KEEP: u8 = 0;
const UPPER: u8 = 1;
const SPACE: u8 = 2;
/// ASCII whitespace other than the plain space.
const OTHER_SPACE: u8 = 3;
/// The first or a later byte of a non-ASCII character.
const WIDE: u8 = 4;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [KEEP; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'Z' => UPPER,
            b' ' => SPACE,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => OTHER_SPACE,
            0x80..=0xFF => WIDE,
            _ => KEEP,
        };
        b += 1;
    }
    table
};

/// Appends `text` folded to `out`. `space` says whether `out` ends in a space
/// that a following run of whitespace joins.
///
/// Copies unchanged stretches as slices: most text is lower-case ASCII.
fn fold_into(out: &mut String, text: &str, space: &mut bool) {
    let bytes = text.as_bytes();
    // Start of the stretch not yet copied.
    let mut clean = 0;
    let mut i = 0;
    while i < bytes.len() {
        let run = i;
        while i < bytes.len() && BYTE_CLASS[usize::from(bytes[i])] == KEEP {
            i += 1;
        }
        if i > run {
            *space = false;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let (len, whitespace, folded) = match BYTE_CLASS[usize::from(b)] {
            UPPER => (1, false, Some(char::from(b.to_ascii_lowercase()))),
            SPACE | OTHER_SPACE => (1, true, None),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                let f = fold_char(c);
                (c.len_utf8(), c.is_whitespace(), (f != c).then_some(f))
            }
        };
        if whitespace {
            // One plain space not after another is kept as it is.
            if b != b' ' || *space {
                out.push_str(&text[clean..i]);
                if !*space {
                    out.push(' ');
                }
                clean = i + len;
            }
            *space = true;
        } else {
            if let Some(f) = folded {
                out.push_str(&text[clean..i]);
                out.push(f);
                clean = i + len;
            }
            *space = false;
        }
        i += len;
    }
    out.push_str(&text[clean..]);
}

/// `text` folded (see the module docs).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text, &mut false);
    out
}

/// `text` folded, and for each byte of the folded text (and one past the
/// end) the byte offset in `text` of the character it came from.
fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut space = false;
    for (at, c) in text.char_indices() {
        let f = if c.is_whitespace() {
            if space {
                continue;
            }
            space = true;
            ' '
        } else {
            space = false;
            fold_char(c)
        };
        out.push(f);
        map.resize(out.len(), at);
    }
    map.push(text.len());
    (out, map)
}

/// Han, Hiragana, Katakana and Hangul: scripts written without spaces
/// between words, where a term may start anywhere.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'   // CJK and Kangxi radicals
        | '\u{3005}' | '\u{3007}'   // 々 〇
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'   // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo extended A
        | '\u{AC00}'..='\u{D7FF}'   // Hangul syllables, Jamo extended B
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF65}'..='\u{FFDC}'   // halfwidth Katakana and Hangul
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B onwards
    )
}

// ---------------------------------------------------------------- matching

/// A folded term ready to be found under the matching rules.
struct Needle<'a> {
    finder: Finder<'a>,
    len: usize,
    /// Whether a match must start a word.
    word_start: bool,
}

impl<'a> Needle<'a> {
    fn new(folded: &'a str) -> Self {
        let first = folded.chars().next();
        Self {
            finder: Finder::new(folded.as_bytes()),
            len: folded.len(),
            word_start: first.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c)),
        }
    }

    /// The first accepted match in `hay` (folded text).
    fn find(&self, hay: &str) -> Option<usize> {
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
    fn find_all(&self, hay: &str, out: &mut Vec<Range<usize>>) {
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
fn widens(a: &str, b: &str) -> bool {
    b.starts_with(a)
        && (a.len() == b.len()
            || GraphemeCursor::new(a.len(), b.len(), true)
                .is_boundary(b, 0)
                .unwrap_or(false))
}

// ---------------------------------------------------------------- queries

/// One condition of a query; all must hold. Values are folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word or `"quoted phrase"`, found in the article's text.
    Text(String),
    /// `person:NAME`: a person the facts name. Like `org:` and `place:`, it
    /// holds when NAME is found in the entity's name at a word start
    /// (`person:smith` finds "Brad Smith").
    Person(String),
    /// `org:NAME`: an organisation the facts name.
    Org(String),
    /// `place:NAME`: a place the facts name.
    Place(String),
    /// `tag:NAME`: one of the article's tags, exactly.
    Tag(String),
    /// `has:quote`: the facts hold a quotation.
    HasQuote,
    /// `has:figure`: the facts hold money, a count or a percentage.
    HasFigure,
}

impl Term {
    fn needs_entities(&self) -> bool {
        matches!(
            self,
            Self::Person(_) | Self::Org(_) | Self::Place(_) | Self::HasQuote | Self::HasFigure
        )
    }

    /// Whether whatever `longer` matches, `self` matches too.
    fn widens(&self, longer: &Self) -> bool {
        match (self, longer) {
            (Self::Text(a), Self::Text(b))
            | (Self::Person(a), Self::Person(b))
            | (Self::Org(a), Self::Org(b))
            | (Self::Place(a), Self::Place(b)) => widens(a, b),
            // Tags match whole: `tag:new` finds nothing `tag:news` finds.
            (Self::Tag(a), Self::Tag(b)) => a == b,
            (Self::HasQuote, Self::HasQuote) | (Self::HasFigure, Self::HasFigure) => true,
            _ => false,
        }
    }
}

/// A parsed search: every term must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// Parses what the user typed: whitespace-separated words, `"quoted
    /// phrases"`, and the fields `person:`, `org:`, `place:`, `tag:` (whose
    /// value may be quoted: `person:"Brad Smith"`) and `has:quote`,
    /// `has:figure`.
    ///
    /// Made for typing one key at a time: an unclosed quote runs to the end;
    /// a field with no value yet is left out; `has:` takes any start of
    /// `quote` or `figure` (`has:q`). Anything else with a colon
    /// (`foo:bar`, `has:cats`) is a plain word. Field names ignore case and
    /// may be typed in fullwidth (`ＯＲＧ：`).
    pub fn parse(input: &str) -> Self {
        // Folding also turns a fullwidth `：` or `＂` into ASCII.
        let folded = fold(input);
        let mut terms = Vec::new();
        let mut rest = folded.as_str();
        loop {
            rest = rest.trim_start_matches(' ');
            let Some(first) = rest.chars().next() else {
                break;
            };
            if first == '"' {
                let (phrase, after) = quoted(&rest[1..]);
                rest = after;
                push_text(&mut terms, phrase);
                continue;
            }
            let end = rest.find([' ', '"']).unwrap_or(rest.len());
            let (token, after) = rest.split_at(end);
            rest = after;
            match token.split_once(':') {
                Some((name, value)) => {
                    let quoted_value = value.is_empty() && rest.starts_with('"');
                    let value = if quoted_value {
                        let (value, after) = quoted(&rest[1..]);
                        rest = after;
                        value.trim()
                    } else {
                        value
                    };
                    field(&mut terms, name, value);
                }
                None => push_text(&mut terms, token),
            }
        }
        Self { terms }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a term needs the [`EntityIndex`] (`person:`, `org:`, `place:`,
    /// `has:`).
    pub fn needs_entities(&self) -> bool {
        self.terms.iter().any(Term::needs_entities)
    }

    /// Whether every article this query matches is also matched by `wider`
    /// (the query before the last key press), so that only `wider`'s results
    /// need searching. True when each of `wider`'s terms is the start of the
    /// term in the same place here (`ai` → `aim`, `ai` → `ai res`) or, for
    /// `tag:` and `has:`, the same term.
    ///
    /// Only `wider`'s *complete* results may be narrowed: if its search had
    /// `pending` articles, search them all again.
    pub fn narrows(&self, wider: &Self) -> bool {
        self.terms.len() >= wider.terms.len()
            && wider
                .terms
                .iter()
                .zip(&self.terms)
                .all(|(a, b)| a.widens(b))
    }
}

/// Splits folded text after an opening quote into the quoted words and what
/// follows the closing quote (nothing, if it is not closed yet).
fn quoted(after_quote: &str) -> (&str, &str) {
    match after_quote.split_once('"') {
        Some((inside, after)) => (inside, after),
        None => (after_quote, ""),
    }
}

fn push_text(terms: &mut Vec<Term>, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        terms.push(Term::Text(text.to_owned()));
    }
}

/// Adds the term of a `name:value` token (both folded).
fn field(terms: &mut Vec<Term>, name: &str, value: &str) {
    let named: Option<fn(String) -> Term> = match name {
        "person" | "people" => Some(Term::Person),
        "org" | "organisation" | "organization" => Some(Term::Org),
        "place" => Some(Term::Place),
        "tag" => Some(Term::Tag),
        _ => None,
    };
    if let Some(make) = named {
        if !value.is_empty() {
            terms.push(make(value.to_owned()));
        }
        return;
    }
    if name == "has" {
        if value.is_empty() {
            return;
        }
        if "quote".starts_with(value) {
            terms.push(Term::HasQuote);
            return;
        }
        if "figure".starts_with(value) {
            terms.push(Term::HasFigure);
            return;
        }
    }
    push_text(terms, &format!("{name}:{value}"));
}

// ---------------------------------------------------------------- entities

/// What the facts of one article name, folded, for field terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// Full names; a surname is found in them (`person:smith`).
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub places: Vec<String>,
    pub has_quote: bool,
    /// Money, a count or a percentage.
    pub has_figure: bool,
}

impl Entities {
    pub fn from_facts(groups: &[FactGroup]) -> Self {
        let mut out = Self::default();
        for group in groups {
            let names = match group.kind {
                FactKind::Person => &mut out.people,
                FactKind::Organisation => &mut out.orgs,
                FactKind::Place => &mut out.places,
                FactKind::Quote => {
                    out.has_quote |= !group.facts.is_empty();
                    continue;
                }
                FactKind::Figure => {
                    out.has_figure |= !group.facts.is_empty();
                    continue;
                }
                FactKind::Date | FactKind::Other => continue,
            };
            // A person's value is the full name; `normalized` may hold
            // another form of it.
            let forms = group
                .facts
                .iter()
                .flat_map(|f| std::iter::once(&f.value).chain(f.normalized.as_ref()));
            for form in forms {
                let name = fold(form.trim());
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        out
    }

    /// Whether the entity term holds here: its value is found in a name
    /// under the matching rules, so at a word start: `org:microsoft` matches
    /// "Microsoft Japan", `person:smith` matches "Brad Smith", `org:soft`
    /// matches neither. Terms that are not about entities hold.
    fn satisfy(&self, term: &Term) -> bool {
        let any = |names: &[String], value: &str| {
            let needle = Needle::new(value);
            names.iter().any(|n| needle.find(n).is_some())
        };
        match term {
            Term::Person(v) => any(&self.people, v),
            Term::Org(v) => any(&self.orgs, v),
            Term::Place(v) => any(&self.places, v),
            Term::HasQuote => self.has_quote,
            Term::HasFigure => self.has_figure,
            Term::Text(_) | Term::Tag(_) => true,
        }
    }
}

/// The [`Entities`] of every article, filled in list order by a background
/// worker. Shared between the UI and the worker.
#[derive(Debug)]
pub struct EntityIndex {
    slots: Vec<OnceLock<Entities>>,
    done: AtomicUsize,
}

impl EntityIndex {
    /// An index of `len` articles with nothing in it yet, filled in one
    /// article at a time by [`EntityIndex::fill`] (the workers do that in
    /// the background).
    pub fn new(len: usize) -> Self {
        Self {
            slots: (0..len).map(|_| OnceLock::new()).collect(),
            done: AtomicUsize::new(0),
        }
    }

    /// The whole index, built now on this thread.
    pub fn build(articles: &Articles) -> Self {
        let index = Self::new(articles.len());
        for i in 0..articles.len() {
            if !index.fill(articles, i) {
                break;
            }
        }
        index
    }

    /// Finds the entities of article `i`, unless they are known already
    /// (offered: the article was opened). False when the article cannot be
    /// read: the list holds only metadata and the body is read here, then
    /// let go.
    pub fn fill(&self, articles: &Articles, i: usize) -> bool {
        let Some(slot) = self.slots.get(i) else {
            return true;
        };
        if slot.get().is_some() {
            return true;
        }
        let Some(article) = articles.open(i) else {
            return false;
        };
        let entities = Entities::from_facts(&facts::for_article(&article));
        if slot.set(entities).is_ok() {
            self.done.fetch_add(1, Ordering::Release);
        }
        true
    }

    /// Records the entities of article `i` found elsewhere: the reader works
    /// out the open article's facts anyway, so a search from its sidebar
    /// need not wait for the background thread to reach it.
    pub fn offer(&self, i: usize, groups: &[FactGroup]) {
        if let Some(slot) = self.slots.get(i)
            && slot.set(Entities::from_facts(groups)).is_ok()
        {
            self.done.fetch_add(1, Ordering::Release);
        }
    }

    /// The entities of article `i`, once indexed.
    pub fn get(&self, i: usize) -> Option<&Entities> {
        self.slots.get(i)?.get()
    }

    /// How many articles are indexed.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// How many articles there are to index.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn is_complete(&self) -> bool {
        self.done() == self.len()
    }
}

// ---------------------------------------------------------------- the index

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Indices of the matching articles, in the order searched.
    pub matches: Vec<usize>,
    /// Articles not decided yet, not in `matches`: their text is not indexed
    /// yet, or it matched but the entities the query needs are not. Search
    /// again when the indexes are further along.
    pub pending: usize,
}

/// The folded text of every article, ready to search. When the bodies are
/// on disk it fills in on background threads (reading 100,000 files takes
/// seconds); a search meanwhile finds what is indexed so far and counts the
/// rest as pending, as with the [`EntityIndex`].
#[derive(Debug)]
pub struct SearchIndex {
    slots: Vec<OnceLock<Folded>>,
    done: AtomicUsize,
    threads: usize,
}

/// One article, folded.
#[derive(Debug)]
struct Folded {
    /// Its fields folded, each after a `\n` (folding turns every newline of
    /// the text into a space, so a phrase cannot run from one field into
    /// the next).
    haystack: Box<str>,
    /// Its tags folded, for `tag:`.
    tags: Vec<String>,
}

/// Fewer candidates than this are searched on the calling thread: starting a
/// thread costs about as much as searching a few hundred articles.
const PARALLEL_MIN: usize = 256;

impl SearchIndex {
    /// An index of `len` articles with nothing in it yet, filled in one
    /// article at a time by [`SearchIndex::fill`] (the workers do that in
    /// the background when the bodies are on disk).
    pub fn empty(len: usize) -> Self {
        Self {
            slots: (0..len).map(|_| OnceLock::new()).collect(),
            done: AtomicUsize::new(0),
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        }
    }

    /// Folds article `i`'s title, subtitle, source, author, tags, curated
    /// facts and paragraphs into its slot.
    pub fn fill(&self, articles: &Articles, i: usize) {
        let folded = articles.open(i).map_or_else(
            || Folded {
                haystack: Box::default(),
                tags: Vec::new(),
            },
            |a| Folded {
                haystack: haystack(&a),
                tags: a.tags.iter().map(|t| fold(t.trim())).collect(),
            },
        );
        if self.slots[i].set(folded).is_ok() {
            self.done.fetch_add(1, Ordering::Release);
        }
    }

    /// The whole index, built now on every core.
    pub fn build(articles: &Articles) -> Self {
        let index = Self::empty(articles.len());
        let all: Vec<usize> = (0..articles.len()).collect();
        par_chunks(&all, index.threads, |part| {
            for &i in part {
                index.fill(articles, i);
            }
        });
        index
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// How many articles are indexed.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// The articles matching `query`: all of them, or those of `candidates`
    /// (in their order; indices past the end are skipped). `entities` must
    /// index the same article list; it is read only if the query needs it.
    pub fn search(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        entities: &EntityIndex,
    ) -> Outcome {
        let all: Vec<usize>;
        let candidates = if let Some(c) = candidates {
            c
        } else {
            all = (0..self.len()).collect();
            &all
        };
        let plan = Plan::new(query);
        let scan = |part: &[usize]| {
            let mut out = Outcome::default();
            for &i in part.iter().filter(|&&i| i < self.len()) {
                match plan.check(self, i, entities) {
                    Some(true) => out.matches.push(i),
                    Some(false) => {}
                    None => out.pending += 1,
                }
            }
            out
        };
        let parts = (candidates.len() / PARALLEL_MIN).clamp(1, self.threads);
        let mut outcome = Outcome::default();
        for part in par_chunks(candidates, parts, scan) {
            outcome.matches.extend(part.matches);
            outcome.pending += part.pending;
        }
        outcome
    }
}

/// `f` on `parts` nearly equal chunks of `items`, the first on this thread,
/// the others on scoped threads; results in order.
fn par_chunks<T: Sync, R: Send>(items: &[T], parts: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    if parts <= 1 || items.len() < 2 {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(parts);
    let mut chunks = items.chunks(size);
    let first = chunks.next().unwrap_or_default();
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks.map(|part| scope.spawn(move || f(part))).collect();
        let mut out = vec![f(first)];
        out.extend(handles.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        out
    })
}

/// The searchable fields of an article, folded, each after a `\n`.
fn haystack(article: &Article) -> Box<str> {
    let facts = article
        .curated_facts
        .iter()
        .flat_map(|f| [f.label.as_str(), f.value.as_str()]);
    let fields = [article.title.as_str()]
        .into_iter()
        .chain(article.subtitle.as_deref())
        .chain(article.source.as_deref())
        .chain(article.author.as_deref())
        .chain(article.tags.iter().map(String::as_str))
        .chain(facts)
        .chain(article.body.iter().map(String::as_str));
    let size: usize = article.body.iter().map(String::len).sum::<usize>() + 256;
    let mut out = String::with_capacity(size);
    for field in fields {
        out.push('\n');
        fold_into(&mut out, field, &mut false);
    }
    out.into_boxed_str()
}

/// A query made ready for the index: its text terms as needles, longest
/// (most selective) first.
struct Plan<'q> {
    texts: Vec<Needle<'q>>,
    tags: Vec<&'q str>,
    entity_terms: Vec<&'q Term>,
}

impl<'q> Plan<'q> {
    fn new(query: &'q Query) -> Self {
        let mut texts: Vec<&str> = Vec::new();
        let mut tags = Vec::new();
        let mut entity_terms = Vec::new();
        for term in &query.terms {
            match term {
                Term::Text(t) => texts.push(t),
                Term::Tag(t) => tags.push(t.as_str()),
                other => entity_terms.push(other),
            }
        }
        texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Self {
            texts: texts.into_iter().map(Needle::new).collect(),
            tags,
            entity_terms,
        }
    }

    /// Whether article `i` matches; `None` when only its entities, not
    /// indexed yet, could tell.
    fn check(&self, index: &SearchIndex, i: usize, entities: &EntityIndex) -> Option<bool> {
        // Not read yet: pending.
        let folded = index.slots[i].get()?;
        let tags = &folded.tags;
        if !self.tags.iter().all(|t| tags.iter().any(|have| have == t)) {
            return Some(false);
        }
        let hay = &folded.haystack;
        if !self.texts.iter().all(|n| n.find(hay).is_some()) {
            return Some(false);
        }
        if self.entity_terms.is_empty() {
            return Some(true);
        }
        let found = entities.get(i)?;
        Some(self.entity_terms.iter().all(|t| found.satisfy(t)))
    }
}

// ---------------------------------------------------------------- highlights

/// Byte ranges of `text` to highlight for `query`: wherever a word or phrase
/// matches, and the values of `person:`, `org:` and `place:` terms, under the
/// same rules as the search. The ranges are on character boundaries, sorted,
/// and merged where they overlap or touch.
pub fn find_ranges(text: &str, query: &Query) -> Vec<Range<usize>> {
    let values: Vec<&str> = query
        .terms
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
    fn fold_copies_and_maps_alike() {
        for text in [
            "Hello  World",
            "ＡＩ\u{3000}\u{3000}東京 İstanbul ΟΔΟΣ οδός",
            " \t lead",
            "e\u{301}té",
        ] {
            let (mapped, map) = fold_with_map(text);
            assert_eq!(fold(text), mapped, "{text:?}");
            assert_eq!(map.len(), mapped.len() + 1);
        }
        assert_eq!(fold("ＡＩ  İstanbul ΟΔΟΣ"), "ai istanbul οδοσ");
    }

    proptest::proptest! {
        #[test]
        fn both_folds_agree(text in "(?s)[aA \t\n\r\u{3000}\u{85}İßΣς\u{301}]{0,30}|\\PC{0,30}") {
            let (mapped, map) = fold_with_map(&text);
            proptest::prop_assert_eq!(fold(&text), mapped.clone());
            proptest::prop_assert_eq!(map.len(), mapped.len() + 1);
            proptest::prop_assert!(map.iter().all(|&at| text.is_char_boundary(at)));
        }
    }

    #[test]
    fn widening_respects_combining_marks() {
        assert!(widens("ai", "aim"));
        assert!(widens("ai", "ai"));
        assert!(!widens("e", "e\u{301}"));
        assert!(!widens("aim", "ai"));
    }
}
