//! Quotes and who said them.
//!
//! A quotation is the words between quotation marks: curly or straight,
//! double or single (the British and Australian house style), or « ». A
//! single mark inside a word (`don't`), after a plural (`the Smiths' shop`)
//! or before a year (`the '90s`) is an apostrophe. A quotation still open
//! when its paragraph ends runs on: the next paragraph reopens with a mark.
//!
//! Its speaker is looked for after it (`…,” said Smith`, `…,” Smith told
//! Sky Sports`), then before it in its sentence (`Smith said: “…”`); failing
//! both, it is carried from the words just before: an earlier quotation in
//! the paragraph, a quotation running on from the last paragraph, a
//! paragraph that opens with a quotation after one that ended with an
//! attributed one, or `Smith said:` ending the last paragraph. `he`/`she`
//! is the last person named, in this paragraph or the one or two before.
//!
//! The speaker is a person's name, with the role the text gives beside it
//! (`Wallabies coach Dean Harker`, `Richard Yu, the chairman of …`). An
//! attribution to a role alone (`a spokesman said`) or to an organisation
//! names no speaker, and stops an earlier speaker carrying over. Titles of
//! programmes and works (`Face the Nation`), nicknames (`Tane "the Train"
//! Rawiri`) and one-word scare quotes (`so-called "reform"`) are not quotes.

use std::ops::Range;

use super::names::{People, has_org_word, is_place, is_role_phrase};
use super::sentences::Pieces;
use super::words::{ABBREVIATIONS, KNOWN_ORGS, NOT_NAMES, ROLE_WORDS, SPEAKER_ROLES};
use super::{FactKind, RuleSink};

/// Which rule found a quote or its speaker, for `gogai --facts --explain`.
pub(super) mod rule {
    pub const SAID_NAME: &str = "quote: speaker after it (said NAME)";
    pub const NAME_SAID: &str = "quote: speaker after it (NAME said)";
    pub const NAME_SAID_BEFORE: &str = "quote: speaker before it (NAME said: …)";
    pub const PRONOUN: &str = "quote: he/she, the last person named";
    pub const SAME_PARAGRAPH: &str = "quote: same speaker as the quotation before it";
    pub const RUNS_ON: &str = "quote: runs on from the last paragraph";
    pub const NEXT_PARAGRAPH: &str = "quote: opens a paragraph after an attributed one";
    pub const AFTER_COLON: &str = "quote: after \"NAME said:\" ending the last paragraph";
    pub const SPEAKER: &str = "person: the speaker of a quote";
    pub const SUBJECT: &str = "person: named with a role as a sentence's subject";
    pub const DESCRIBED: &str = "quote: \"the ROLE said\", the last person named";
}

/// What one paragraph leaves for the next.
#[derive(Default)]
pub(super) struct Carry {
    /// The speaker of a quotation left open at the end of the paragraph.
    open: Option<String>,
    /// The speaker of the paragraph's last quotation.
    last: Option<String>,
    /// The speaker of "Smith said:" ending the paragraph.
    colon: Option<String>,
    /// Who "he" would be at the end of the paragraph, and how many
    /// paragraphs ago that was.
    recent: Option<(Antecedent, usize)>,
}

/// Who "he" or "she" stands for.
#[derive(Clone)]
enum Antecedent {
    Nobody,
    Person(String),
    /// Two people were named together: either may be meant.
    Either,
}

/// Verbs that give words to a speaker.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "noted",
    "stated",
    "told",
    "tells",
    "wrote",
    "writes",
    "warned",
    "warns",
    "asked",
    "explained",
    "replied",
    "insisted",
    "argued",
    "recalled",
    "continued",
    "concluded",
    "cautioned",
    "declared",
    "admitted",
    "conceded",
    "acknowledged",
    "posted",
    "tweeted",
    "stressed",
];

/// Verbs that quote someone's words only before the quotation ("Smith
/// called the plan “a betrayal of voters”").
const VERBS_BEFORE: &[&str] = &["called", "described", "accused"];

/// Capitalised titles that end a role before a name ("Labour MP Nadia
/// Whittome", "Attorney General Letitia James"), besides the one-word
/// entries of `roles.txt`.
const TITLES: &[&str] = &[
    "MP",
    "MPs",
    "MSP",
    "MLA",
    "Taoiseach",
    "Tánaiste",
    "Treasurer",
    "Magistrate",
    "Justice",
    "Judge",
    "Prosecutor",
    "Commissioner",
    "Sheriff",
    "Inspector",
    "Superintendent",
    "Constable",
    "Sergeant",
    "Detective",
    "Captain",
    "Coach",
    "Manager",
    "General",
    "Admiral",
    "Colonel",
    "Executive",
    "Chief",
    "Officer",
    "Councillor",
    "Speaker",
    "Attorney",
    "Advocate",
    "Counsel",
    "Bishop",
    "Archbishop",
    "Cardinal",
    "Pope",
    "Prince",
    "Princess",
    "Sheikh",
    "Deputy",
    "President",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Governor",
    "Premier",
    "Minister",
    "Secretary",
    "Senator",
    "Mayor",
    "Representative",
];

/// Honorifics: part of how a name is written, not a role.
pub(super) const HONORIFICS: &[&str] = &[
    "Sir", "Dame", "Lord", "Lady", "Baroness", "Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms",
    "Ms.", "Prof", "Prof.", "Mx",
];

/// Letters after a name that are not part of it ("Imogen Hart KC").
const POST_NOMINALS: &[&str] = &["KC", "QC", "SC", "MP", "MSP", "MLA", "OBE", "CBE", "MBE"];

/// Small words inside a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "binti", "al", "ter",
    "dos", "das",
];

/// Words after which a capitalised run is an object, not who speaks.
const PREPOSITIONS: &[&str] = &[
    "at", "of", "in", "from", "by", "with", "for", "to", "on", "about", "against", "between",
    "into", "outside", "near", "after", "before", "during", "under", "over",
];

const ARTICLES: &[&str] = &["the", "a", "an"];

/// Small words between a speaker and the verb ("Smith has since said").
const ADVERBS: &[&str] = &[
    "also",
    "once",
    "later",
    "then",
    "again",
    "earlier",
    "previously",
    "since",
    "has",
    "had",
    "have",
    "would",
    "will",
    "too",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
];

/// A quotation in a paragraph.
#[derive(Debug)]
struct Quotation {
    /// The opening mark.
    open: usize,
    /// The quoted words, without a trailing comma.
    words: Range<usize>,
    /// Just after the closing mark (the paragraph's end when open).
    after: usize,
    closed: bool,
}

/// Who a quotation's attribution names.
enum Speaker {
    /// A person, and the rule that found them.
    Named(String, &'static str),
    /// An attribution that names no person: a role alone, an organisation.
    Unnamed,
    /// No attribution.
    Unknown,
}

pub(super) fn find(
    text: &str,
    sentences: &[Range<usize>],
    pieces: &Pieces,
    people: &mut People,
    carry: &mut Carry,
    sink: &mut RuleSink<'_>,
) {
    let carried_open = carry.open.take();
    let carried_last = carry.last.take();
    let carried_colon = carry.colon.take();
    let recent = carry
        .recent
        .as_ref()
        .map_or(Antecedent::Nobody, |(who, _)| who.clone());
    let quotations = quotations(text);
    subjects(text, sentences, &quotations, people, sink);
    let mut last_speaker: Option<String> = None;
    // Where the sentence of the next quotation may start looking for its
    // speaker: not before the last quotation taken.
    let mut taken_end = 0;
    for (i, q) in quotations.iter().enumerate() {
        let quoted = &text[q.words.clone()];
        let word_count = quoted.split_whitespace().count();
        if word_count < 2 || is_title(quoted) || is_nickname(text, q) {
            continue;
        }
        let opens_paragraph = i == 0 && text[..q.open].trim().is_empty();
        // Carried speakers only take statements: four words or more, or a
        // whole sentence of its own, never a scare-quoted phrase.
        let statement = word_count >= 4
            || (begins_sentence(text, q.open) && (!q.closed || quoted.ends_with(['.', '!', '?'])));
        let limit = quotations.get(i + 1).map_or(text.len(), |next| next.open);
        let context = Context {
            text,
            pieces,
            people: &*people,
            recent: &recent,
            at: q.open,
        };
        let mut attributed = speaker_after(&context, q, limit);
        if matches!(attributed, Attribution::None) {
            let start = pieces.start_of(q.open).unwrap_or(0).max(taken_end);
            attributed = speaker_before(&context, start, q.open);
        }
        let speaker = match attributed.resolve(people, sink) {
            Speaker::Named(who, how) => Some((who, how)),
            Speaker::Unnamed => None,
            Speaker::Unknown if opens_paragraph => carried_open
                .clone()
                .map(|who| (who, rule::RUNS_ON))
                .or_else(|| carried_colon.clone().map(|who| (who, rule::AFTER_COLON)))
                .or_else(|| {
                    statement
                        .then(|| carried_last.clone().map(|who| (who, rule::NEXT_PARAGRAPH)))
                        .flatten()
                }),
            // An unattributed quotation continues the speaker before it.
            Speaker::Unknown => statement
                .then(|| last_speaker.clone().map(|who| (who, rule::SAME_PARAGRAPH)))
                .flatten(),
        };
        last_speaker = speaker.as_ref().map(|(who, _)| who.clone());
        if let Some((who, how)) = speaker {
            taken_end = q.after;
            if !q.closed {
                carry.open = Some(who.clone());
            }
            sink(how, FactKind::Quote, q.words.clone(), None, who);
        }
    }
    carry.last = last_speaker;
    carry.colon = colon_speaker(text, pieces, people, &recent, sink);
    carry.recent = match last_person(&people.mentions, text.len() + 1, pieces) {
        // "He said" may point back over one paragraph that names nobody.
        Antecedent::Nobody => carry
            .recent
            .take()
            .filter(|(_, age)| *age < 1)
            .map(|(who, age)| (who, age + 1)),
        found => Some((found, 0)),
    };
}

/// What the speaker look-ups read: the paragraph and the people known.
struct Context<'a> {
    text: &'a str,
    pieces: &'a Pieces,
    people: &'a People,
    /// Who "he" is in the paragraphs before.
    recent: &'a Antecedent,
    /// Where the quotation opens: "he" is someone named before it.
    at: usize,
}

/// An attribution as found, before the people it names are recorded.
enum Attribution {
    /// A person's name at `span`, with their role.
    Name {
        name: String,
        span: Range<usize>,
        role: Option<String>,
        how: &'static str,
    },
    /// Someone already known (a pronoun, a surname), and the role the
    /// attribution gives them ("the Villa manager said").
    Known(String, &'static str, Option<String>),
    Unnamed,
    None,
}

impl Attribution {
    /// Records a named speaker (a person fact, their role) and says who it is.
    fn resolve(self, people: &mut People, sink: &mut RuleSink<'_>) -> Speaker {
        match self {
            Self::Name {
                name,
                span,
                role,
                how,
            } => {
                let full = people.add(&name, role.as_deref(), span.start);
                if let Some(role) = role {
                    set_role(people, &full, role);
                }
                sink(
                    rule::SPEAKER,
                    FactKind::Person,
                    span,
                    Some(full.clone()),
                    String::new(),
                );
                Speaker::Named(full, how)
            }
            Self::Known(who, how, role) => {
                if let Some(role) = role {
                    set_role(people, &who, role);
                }
                Speaker::Named(who, how)
            }
            Self::Unnamed => Speaker::Unnamed,
            Self::None => Speaker::Unknown,
        }
    }
}

/// Gives `who` the role an attribution names, unless they have one already
/// (an honorific such as "Dr." is no role).
fn set_role(people: &mut People, who: &str, role: String) {
    let known = people.roles.entry(who.to_owned()).or_default();
    if super::names::fuller_role(known, &role) {
        *known = role;
    }
}

// ------------------------------------------------------------- quotations

/// Every quotation in a paragraph, in order. Linear: each closing mark is
/// looked for once per kind of mark that still has one ahead.
fn quotations(text: &str) -> Vec<Quotation> {
    let last_firm_single = last_firm_single_close(text);
    let mut out = Vec::new();
    // Kinds of mark with no closing mark left in the paragraph.
    let mut no_close = [false; 4];
    let mut at = 0;
    while let Some((open, mark)) = next_opening(text, at) {
        let body = open + mark.len_utf8();
        let family = family(mark);
        let close = if no_close[family] {
            None
        } else {
            closing(text, body, mark, last_firm_single)
        };
        if let Some(close) = close {
            let close_len = text[close..].chars().next().map_or(1, char::len_utf8);
            let inner = text[body..close].trim_end_matches([',', ' ']);
            let start = body + (inner.len() - inner.trim_start().len());
            out.push(Quotation {
                open,
                words: start..body + inner.len(),
                after: close + close_len,
                closed: true,
            });
            at = close + close_len;
            continue;
        }
        no_close[family] = true;
        // Open to the end: a quotation running on into the next paragraph
        // begins a paragraph or a sentence; any other lone mark is not one.
        if begins_sentence(text, open) {
            let inner = text[body..].trim();
            if !inner.is_empty() {
                let start = body + text[body..].find(inner).unwrap_or(0);
                out.push(Quotation {
                    open,
                    words: start..start + inner.len(),
                    after: text.len(),
                    closed: false,
                });
            }
            break;
        }
        at = body;
    }
    out
}

fn family(mark: char) -> usize {
    match mark {
        '“' => 0,
        '"' => 1,
        '«' => 2,
        _ => 3,
    }
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// The next opening mark at or after `from`.
fn next_opening(text: &str, from: usize) -> Option<(usize, char)> {
    text[from..].char_indices().find_map(|(i, c)| {
        let at = from + i;
        let after_word = prev_char(text, at).is_some_and(char::is_alphanumeric);
        let opens = match c {
            '“' | '«' => true,
            '"' => !after_word,
            '‘' | '\'' => {
                !after_word
                    && next_char(text, at + c.len_utf8())
                        .is_some_and(|n| n.is_alphanumeric() || matches!(n, '“' | '"' | '…'))
                    && !is_elision(&text[at + c.len_utf8()..])
            }
            _ => false,
        };
        opens.then_some((at, c))
    })
}

/// "'90s", "'em", "rock 'n' roll": an apostrophe standing for missing
/// letters, not a quotation mark.
fn is_elision(rest: &str) -> bool {
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 2 {
        return true;
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "em" | "n" | "til" | "cause" | "bout" | "tis" | "twas"
    )
}

/// Whether a mark at `at` may close a single quotation: after a word or
/// punctuation, and not followed by a letter (`don't`, `it’s`).
fn is_single_close(text: &str, at: usize) -> bool {
    let mark_len = next_char(text, at).map_or(1, char::len_utf8);
    prev_char(text, at).is_some_and(|p| !p.is_whitespace())
        && !next_char(text, at + mark_len).is_some_and(char::is_alphanumeric)
}

/// "the suppliers’ patience": a plural's apostrophe reads like a closing
/// mark; it is one only when no surer closing mark comes after it.
fn is_possessive_like(text: &str, at: usize, mark: char) -> bool {
    let rest = &text[at + mark.len_utf8()..];
    prev_char(text, at) == Some('s')
        && rest.starts_with(' ')
        && rest[1..].chars().next().is_some_and(char::is_lowercase)
}

/// Where the last single closing mark that cannot be a plural's apostrophe
/// stands.
fn last_firm_single_close(text: &str) -> Option<usize> {
    text.char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '’' | '\'') && is_single_close(text, i) && !is_possessive_like(text, i, c)
        })
        .map(|(i, _)| i)
}

/// Where the quotation opened by `mark` closes, looking from `body`.
fn closing(text: &str, body: usize, mark: char, last_firm_single: Option<usize>) -> Option<usize> {
    match mark {
        '“' => text[body..].find('”').map(|i| body + i),
        '«' => text[body..].find('»').map(|i| body + i),
        '"' => text[body..].find('"').map(|i| body + i),
        _ => {
            let mut chars = text[body..].char_indices();
            while let Some((i, c)) = chars.next() {
                let at = body + i;
                match c {
                    // A quotation inside: its marks are not ours.
                    '“' | '"' => {
                        let close = if c == '“' { '”' } else { '"' };
                        for (_, inner) in chars.by_ref() {
                            if inner == close {
                                break;
                            }
                        }
                    }
                    '’' | '\''
                        if is_single_close(text, at)
                            && !(is_possessive_like(text, at, c)
                                && last_firm_single.is_some_and(|firm| firm > at)) =>
                    {
                        return Some(at);
                    }
                    _ => {}
                }
            }
            None
        }
    }
}

/// Whether `at` begins the paragraph or a sentence (after `.`, `:`, `?`,
/// `!`, or a closing mark after one).
fn begins_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let before = before.trim_end_matches(['’', '\'', '"', '”']);
    before.is_empty() || before.ends_with(['.', ':', '?', '!'])
}

/// "Face the Nation", "The Harbour Lights at Dawn": a title, every word
/// capitalised but the small ones.
fn is_title(quoted: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from",
        "as", "but", "vs",
    ];
    let words: Vec<&str> = quoted.split_whitespace().collect();
    let first_capital = words
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    words.len() <= 8
        && first_capital
        && !quoted.ends_with(['.', '!', '?'])
        && words.iter().all(|w| {
            SMALL.contains(w)
                || w.chars()
                    .find(|c| c.is_alphanumeric())
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
}

/// `Tane "the Train" Rawiri`: a few words between two parts of a name.
fn is_nickname(text: &str, q: &Quotation) -> bool {
    let before = text[..q.open].strip_suffix(' ');
    let after = text[q.after..].strip_prefix(' ');
    let capital = |w: Option<&str>| {
        w.and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    };
    q.closed
        && text[q.words.clone()].split_whitespace().count() <= 4
        && !text[q.words.clone()].ends_with(['.', ',', '!', '?'])
        && capital(before.and_then(|b| b.split(' ').next_back()))
        && capital(after)
}

// ---------------------------------------------------------------- speakers

/// A word of the paragraph with its place.
#[derive(Clone, Copy)]
struct Token<'a> {
    word: &'a str,
    span: (usize, usize),
}

/// The words of `text[range]`, each without the punctuation around it
/// (a dot stays on initials and abbreviations: "K.", "Dr.", "U.S.").
fn tokens(text: &str, range: Range<usize>) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut at = range.start;
    for raw in text[range.clone()].split(' ') {
        let start = at;
        at += raw.len() + 1;
        let lead = raw.len() - raw.trim_start_matches(['(', '“', '"', '‘', '\'']).len();
        let mut word = &raw[lead..];
        word = word.trim_end_matches([',', ';', ':', '!', '?', ')', '”', '"', '’', '\'']);
        if word.ends_with('.') && !keeps_dot(word) {
            word = &word[..word.len() - 1];
        }
        if word.is_empty() {
            continue;
        }
        out.push(Token {
            word,
            span: (start + lead, start + lead + word.len()),
        });
    }
    out
}

fn keeps_dot(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    is_initials(word) || ABBREVIATIONS.contains(bare) || bare.contains('.')
}

/// "K.", "R.C.": initials of a name.
fn is_initials(word: &str) -> bool {
    !word.is_empty()
        && word.ends_with('.')
        && word
            .split_terminator('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Where a sentence ends in `text[from..to]`: a full stop, `?`, `!` or
/// `;` before a space or the end, not after an abbreviation or initial.
fn sentence_end(text: &str, from: usize, to: usize) -> usize {
    let part = &text[from..to];
    for (i, c) in part.char_indices() {
        if !matches!(c, '.' | '?' | '!' | ';') {
            continue;
        }
        let next = part[i + 1..].chars().next();
        if !next.is_none_or(char::is_whitespace) {
            continue;
        }
        if c == '.' {
            let word = part[..=i].rsplit(' ').next().unwrap_or("");
            let word = word.trim_start_matches(['(', '“', '"', '‘', '\'']);
            if keeps_dot(word) && !is_initials_before_name(part, i) {
                continue;
            }
        }
        return from + i;
    }
    to
}

/// An initial ends a sentence only when no capitalised word follows.
fn is_initials_before_name(part: &str, dot: usize) -> bool {
    !part[dot + 1..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

fn is_verb(word: &str, before_only: bool) -> bool {
    SPEECH_VERBS.contains(&word) || (before_only && VERBS_BEFORE.contains(&word))
}

fn is_name_token(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    if !first.is_uppercase() || word.ends_with("'s") || word.ends_with("’s") {
        return false;
    }
    is_initials(word)
        || (rest.chars().any(char::is_lowercase)
            && rest
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’')))
}

fn is_title_token(word: &str) -> bool {
    TITLES.contains(&word) || (!word.contains(' ') && ROLE_WORDS.contains(word))
}

/// A person named at the end of `text[range]`: "Helen Marsh", "Judge Helen
/// Marsh", "Wallabies coach Dean Harker", "Bank of Japan Governor Kazuo
/// Ueda", with the role written before the name.
struct Named {
    name: String,
    span: Range<usize>,
    role: Option<String>,
    /// A title or honorific came before it: a surname alone is a name.
    titled: bool,
}

fn named_at_end(text: &str, range: Range<usize>) -> Option<Named> {
    let mut toks = tokens(text, range.clone());
    // "Boris Johnson once said", "Smith has said", "Imogen Hart KC".
    while toks.len() > 1
        && toks.last().is_some_and(|t| {
            POST_NOMINALS.contains(&t.word)
                || ADVERBS.contains(&t.word)
                || (t.word.ends_with("ly") && t.word.starts_with(char::is_lowercase))
        })
    {
        toks.pop();
    }
    let end = toks.len();
    // The capitalised run at the end: names, titles, particles inside.
    let mut start = end;
    while start > 0 {
        let w = toks[start - 1].word;
        let inside = start < end && PARTICLES.contains(&w);
        if is_name_token(w) || is_title_token(w) || HONORIFICS.contains(&w) || inside {
            start -= 1;
        } else {
            break;
        }
    }
    while start < end && PARTICLES.contains(&toks[start].word) {
        start += 1;
    }
    if start == end {
        return None;
    }
    // The name follows the last title or honorific in the run; "Secretary
    // of State Marco Rubio": a title's "of"/"for" phrase is the role's too.
    let mut name_from = start;
    let mut titled = false;
    for (i, t) in toks.iter().enumerate().take(end).skip(start) {
        if is_title_token(t.word) || HONORIFICS.contains(&t.word) {
            name_from = i + 1;
            titled = true;
        }
    }
    if !titled
        && start >= 2
        && matches!(toks[start - 1].word, "of" | "for")
        && is_title_token(toks[start - 2].word)
        && end - start >= 2
    {
        name_from = start + 1;
        titled = true;
        start -= 2;
    }
    // "Police Chief Maria Lopez": past three words, the first are a role.
    let words = toks[name_from..end]
        .iter()
        .filter(|t| !PARTICLES.contains(&t.word))
        .count();
    if !titled && words > 3 {
        name_from = end - 2;
    }
    let name_toks = &toks[name_from..end];
    if name_toks.is_empty()
        || name_toks.len() > 4
        || !name_toks
            .iter()
            .all(|t| is_name_token(t.word) || PARTICLES.contains(&t.word))
    {
        return None;
    }
    // "at Orient Mobile", "the Crusaders": an object or a thing, not who
    // speaks.
    let before = start.checked_sub(1).map(|i| toks[i].word.to_lowercase());
    // "Bank of Japan Governor …": an organisation's "of" is the role's.
    let of_org = titled
        && before.as_deref() == Some("of")
        && start >= 2
        && toks[start - 2]
            .word
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    if !of_org
        && before
            .as_deref()
            .is_some_and(|b| PREPOSITIONS.contains(&b) || (!titled && ARTICLES.contains(&b)))
    {
        return None;
    }
    let span = name_toks[0].span.0..name_toks[name_toks.len() - 1].span.1;
    let name = text[span.clone()].to_owned();
    if name_toks.iter().any(|t| NOT_NAMES.contains(t.word))
        || is_place(&name)
        || has_org_word(&name)
        || KNOWN_ORGS.contains(&name)
    {
        return None;
    }
    let role = toks
        .get(..name_from)
        .filter(|r| !r.is_empty())
        .and_then(|r| role_before(text, r[0].span.0..r[r.len() - 1].span.1));
    Some(Named {
        name,
        span,
        role,
        titled,
    })
}

/// The words before a name as its role: "Wallabies coach", "Labour MP",
/// "the Scottish First Minister" (without "the"); honorifics are not roles.
fn role_before(text: &str, range: Range<usize>) -> Option<String> {
    let toks = tokens(text, range);
    let toks: Vec<&str> = toks
        .iter()
        .map(|t| t.word)
        .skip_while(|w| DETERMINERS.contains(&w.to_lowercase().as_str()))
        .filter(|w| !HONORIFICS.contains(w))
        .collect();
    let (first, last) = (toks.first()?, toks.last()?);
    let possessive_only = toks.len() == 1 && (last.ends_with("'s") || last.ends_with("’s"));
    let reads_as_role = toks.len() <= 7
        && !possessive_only
        && !PREPOSITIONS.contains(&first.to_lowercase().as_str())
        && !PREPOSITIONS.contains(last)
        && !toks.iter().any(|w| {
            w.chars().any(|c| c.is_ascii_digit()) || (NOT_NAMES.contains(w) && *w != *first)
        });
    reads_as_role.then(|| toks.join(" "))
}

/// ", the shadow housing secretary," beside a name, as its role.
fn apposition_role(text: &str, range: Range<usize>) -> Option<String> {
    const NOT_ROLES: &[&str] = &[
        "who",
        "which",
        "whose",
        "where",
        "when",
        "that",
        "adding",
        "saying",
        "noting",
        "citing",
        "referring",
        "speaking",
        "and",
        "but",
        "as",
        "while",
        "though",
        "although",
        "if",
    ];
    let phrase = text[range].trim().trim_end_matches(['.', ',']);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = *words.first()?;
    let lower = first.to_lowercase();
    if words.len() > 12
        || NOT_ROLES.contains(&lower.as_str())
        || PREPOSITIONS.contains(&lower.as_str())
        || first.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let determiner = DETERMINERS.contains(&lower.as_str());
    let role = if determiner {
        phrase[first.len()..].trim()
    } else {
        phrase
    };
    let known = is_role_phrase(role)
        || role
            .split_whitespace()
            .any(|w| SPEAKER_ROLES.contains(&w.to_lowercase()) || is_title_token(w));
    (!role.is_empty() && (determiner || known)).then(|| role.to_owned())
}

/// The comma-separated parts of `text[range]`, as ranges.
fn segments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = range.start;
    for (i, _) in text[range.clone()].match_indices(", ") {
        out.push(from..range.start + i);
        from = range.start + i + 2;
    }
    out.push(from..range.end);
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

/// The last person named before `ctx.at`: in this paragraph, or the
/// paragraphs just before.
fn pronoun(ctx: &Context<'_>) -> Attribution {
    let found = match last_person(&ctx.people.mentions, ctx.at, ctx.pieces) {
        Antecedent::Nobody => ctx.recent.clone(),
        found => found,
    };
    match found {
        Antecedent::Person(who) => Attribution::Known(who, rule::PRONOUN, None),
        _ => Attribution::Unnamed,
    }
}

/// The last person named before `at`, unless the sentence naming them
/// names someone else too ("Trump met Starmer. “…,” he said": either may
/// have said it).
fn last_person(mentions: &[(usize, String)], at: usize, pieces: &Pieces) -> Antecedent {
    let before = mentions.partition_point(|(pos, _)| *pos < at);
    let Some((pos, name)) = before.checked_sub(1).and_then(|i| mentions.get(i)) else {
        return Antecedent::Nobody;
    };
    let sentence = pieces.start_of(*pos).unwrap_or(0);
    // A bounded look back: mentions of one sentence are few.
    let other = mentions[..before - 1]
        .iter()
        .rev()
        .take(16)
        .take_while(|(p, _)| *p >= sentence)
        .any(|(_, n)| n != name);
    if other {
        Antecedent::Either
    } else {
        Antecedent::Person(name.clone())
    }
}

fn is_pronoun(s: &str) -> bool {
    matches!(s.trim(), "he" | "she" | "He" | "She")
}

/// The speaker in a subject ending just before its verb: "Judge Helen
/// Marsh", "the Treasurer, Jim Chalmers", "Dr. Hana Kim, a virologist at
/// …", "he". Looks at the comma-separated parts nearest the verb first.
fn subject_speaker(ctx: &Context<'_>, range: Range<usize>, how: &'static str) -> Attribution {
    let parts = segments(ctx.text, range);
    for (k, part) in parts.iter().enumerate().rev().take(3) {
        let words = &ctx.text[part.clone()];
        if is_pronoun(words) || is_pronoun(words.rsplit(' ').next().unwrap_or("")) {
            return pronoun(ctx);
        }
        if k + 1 == parts.len()
            && let Some(role) = described_role(words)
        {
            return described(ctx, role);
        }
        if let Some(named) = named_at_end(ctx.text, part.clone()) {
            let beside = |i: Option<usize>| {
                i.and_then(|i| parts.get(i))
                    .and_then(|p| apposition_role(ctx.text, p.clone()))
            };
            let role = named
                .role
                .clone()
                .or_else(|| beside(Some(k + 1)))
                .or_else(|| beside(k.checked_sub(1)));
            // A lone word nobody introduced ("… of Hong Kong Exchanges and
            // Clearing") is no one: look further back.
            let found = name_or_known(ctx, named, role, how);
            if !matches!(found, Attribution::Unnamed) {
                return found;
            }
        }
    }
    Attribution::Unnamed
}

/// A name as found: a known surname is the full name already met; a lone
/// surname nobody introduced is no one (unless titled: "Prime Minister
/// Kishida").
fn name_or_known(
    ctx: &Context<'_>,
    named: Named,
    role: Option<String>,
    how: &'static str,
) -> Attribution {
    if !named.name.contains(' ') {
        if let Some(full) = ctx.people.by_surname.get(&named.name) {
            return Attribution::Known(full.clone(), how, role);
        }
        if !named.titled {
            return Attribution::Unnamed;
        }
    }
    Attribution::Name {
        name: named.name,
        span: named.span,
        role,
        how,
    }
}

/// The speaker written after a closed quotation, before `limit`:
/// `…,” said Smith, the …` or `…,” Smith told …`.
fn speaker_after(ctx: &Context<'_>, q: &Quotation, limit: usize) -> Attribution {
    if !q.closed {
        return Attribution::None;
    }
    let text = ctx.text;
    let limit = cap(text, q.after, limit, 400);
    let rest = text[q.after..limit].trim_start_matches([',', ' ', '\u{a0}']);
    let from = limit - rest.len();
    let end = sentence_end(text, from, limit);
    let words = tokens(text, from..end);
    let Some(first) = words.first() else {
        return Attribution::None;
    };
    // "said Smith", "according to Smith".
    let verb_len = if is_verb(first.word, false) {
        Some(first.span.1)
    } else if first.word == "according" && words.get(1).is_some_and(|w| w.word == "to") {
        Some(words[1].span.1)
    } else {
        None
    };
    if let Some(verb_end) = verb_len {
        return named_after_verb(ctx, verb_end, end);
    }
    // "Smith said", "the Treasurer, Jim Chalmers, told": the verb within
    // the clause that follows the quotation.
    let Some(verb) = words.iter().take(25).position(|t| is_verb(t.word, false)) else {
        return Attribution::None;
    };
    subject_speaker(ctx, from..words[verb].span.0, rule::NAME_SAID)
}

/// `limit`, but no more than `max` bytes after `from`.
fn cap(text: &str, from: usize, limit: usize, max: usize) -> usize {
    let mut to = limit.min(from + max);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    to
}

/// The person after a speech verb: `said barrister Fiona McLeod outside
/// the court`, `said Rachel Okafor, the shadow housing secretary`, `said
/// his barrister, Imogen Hart KC`.
fn named_after_verb(ctx: &Context<'_>, from: usize, end: usize) -> Attribution {
    let text = ctx.text;
    let parts = segments(text, from..end);
    let Some(first) = parts.first() else {
        return Attribution::Unnamed;
    };
    if is_pronoun(&text[first.clone()]) {
        return pronoun(ctx);
    }
    let first = name_prefix(text, first.clone());
    if let Some(named) = named_at_end(text, first.clone()) {
        let role = named
            .role
            .clone()
            .or_else(|| parts.get(1).and_then(|p| apposition_role(text, p.clone())));
        return name_or_known(ctx, named, role, rule::SAID_NAME);
    }
    // "said his barrister, Imogen Hart KC": the role, then the name.
    let role = apposition_role(text, first);
    if let (Some(role), Some(second)) = (role, parts.get(1)) {
        let second = name_prefix(text, second.clone());
        if let Some(named) = named_at_end(text, second) {
            return name_or_known(ctx, named, Some(role), rule::SAID_NAME);
        }
    }
    Attribution::Unnamed
}

/// `text[range]` up to the end of the first name in it: `barrister Fiona
/// McLeod` of `barrister Fiona McLeod outside the court`. A lower-case
/// word after a name ends it unless it is a role ("Nationals leader David
/// Littleproud").
fn name_prefix(text: &str, range: Range<usize>) -> Range<usize> {
    let toks = tokens(text, range.clone());
    for (i, t) in toks.iter().enumerate().skip(1) {
        let lower_word = t.word.chars().next().is_some_and(char::is_lowercase);
        if !lower_word || PARTICLES.contains(&t.word) || is_role_word(t.word) {
            continue;
        }
        let upto = range.start..toks[i - 1].span.1;
        // A name of two words or a titled one: "Opposition defence
        // spokesman" does not end at "Opposition".
        if named_at_end(text, upto.clone()).is_some_and(|n| n.titled || n.name.contains(' ')) {
            return upto;
        }
    }
    range
}

fn is_role_word(word: &str) -> bool {
    SPEAKER_ROLES.contains(word) || is_role_phrase(word)
}

/// The speaker named before a quotation in its sentence, between `start`
/// and the opening mark: "Judge Helen Marsh said: ‘…’", "Senator Amy
/// Klobuchar told … that the bill “…”".
fn speaker_before(ctx: &Context<'_>, start: usize, open: usize) -> Attribution {
    // A bounded look back, however long the sentence.
    let mut start = start.max(open.saturating_sub(600));
    while !ctx.text.is_char_boundary(start) {
        start += 1;
    }
    let words = tokens(ctx.text, start..open);
    let Some(verb) = words.iter().rposition(|t| is_verb(t.word, true)) else {
        return Attribution::None;
    };
    // The verb governs the quotation only from near it.
    if words.len() - verb > 25 || verb == 0 {
        return Attribution::None;
    }
    subject_speaker(ctx, start..words[verb].span.0, rule::NAME_SAID_BEFORE)
}

/// "… Smith said:" ending a paragraph: the speaker of the quotation that
/// opens the next.
fn colon_speaker(
    text: &str,
    pieces: &Pieces,
    people: &mut People,
    recent: &Antecedent,
    sink: &mut RuleSink<'_>,
) -> Option<String> {
    let body = text.trim_end();
    let before_colon = body.strip_suffix(':')?;
    let verb = before_colon.rsplit(' ').next()?;
    if !is_verb(verb, false) {
        return None;
    }
    let at = before_colon.len() - verb.len();
    let start = pieces.start_of(at).unwrap_or(0);
    let ctx = Context {
        text,
        pieces,
        people,
        recent,
        at,
    };
    match subject_speaker(&ctx, start..at, rule::AFTER_COLON).resolve(people, sink) {
        Speaker::Named(who, _) => Some(who),
        _ => None,
    }
}

/// "the Villa manager", "the prime minister": a role standing for someone
/// just named. Singular, short, and a person's role.
fn described_role(words: &str) -> Option<String> {
    let rest = words.trim().strip_prefix("the ")?;
    let count = rest.split_whitespace().count();
    let last = rest.split_whitespace().last()?;
    let plural = last.ends_with('s') && !last.ends_with("ss");
    let personal = rest.split_whitespace().any(|w| {
        let lower = w.to_lowercase();
        SPEAKER_ROLES.contains(&lower) || is_title_token(w) || is_role_phrase(&lower)
    });
    ((1..=4).contains(&count) && personal && !plural && !has_org_word(rest))
        .then(|| rest.to_owned())
}

/// The person a description stands for: the last one named, unless the
/// role known for them says otherwise.
fn described(ctx: &Context<'_>, role: String) -> Attribution {
    let Attribution::Known(who, _, _) = pronoun(ctx) else {
        return Attribution::Unnamed;
    };
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(str::to_lowercase)
            .filter(|w| !DETERMINERS.contains(&w.as_str()))
            .collect()
    };
    let fits = ctx.people.roles.get(&who).is_none_or(|known| {
        let known = words(known);
        words(&role).iter().any(|w| known.contains(w))
    });
    if fits {
        Attribution::Known(who, rule::DESCRIBED, Some(role))
    } else {
        Attribution::Unnamed
    }
}

/// People introduced with their role as the subject of a sentence:
/// "India captain Shubman Gill praised …", "Rachel Reeves, the chancellor,
/// raised …", "the victim's mother, Karen Doyle, spoke …". Noted (and
/// listed) so that a later "he said" or "the captain said" finds them.
fn subjects(
    text: &str,
    sentences: &[Range<usize>],
    quotations: &[Quotation],
    people: &mut People,
    sink: &mut RuleSink<'_>,
) {
    let mut q = 0;
    for sentence in sentences {
        // Sentences inside a quotation are someone's words, not the story.
        while q < quotations.len() && quotations[q].after <= sentence.start {
            q += 1;
        }
        if quotations
            .get(q)
            .is_some_and(|quote| quote.open <= sentence.start)
        {
            continue;
        }
        let end = cap(text, sentence.start, sentence.end, 300);
        let parts = segments(text, sentence.start..end);
        if let Some((name, span, role)) = subject_in(text, &parts) {
            let full = people.add(
                &name,
                Some(&role).filter(|r| !r.is_empty()).map(String::as_str),
                span.start,
            );
            sink(
                rule::SUBJECT,
                FactKind::Person,
                span,
                Some(full),
                String::new(),
            );
        }
    }
}

/// The subject of a sentence when it is a person with a role, as
/// `(name, span, role)`.
fn subject_in(text: &str, parts: &[Range<usize>]) -> Option<(String, Range<usize>, String)> {
    let whole_name = |part: &Range<usize>| {
        named_at_end(text, part.clone()).filter(|n| {
            n.role.is_none() && n.name.contains(' ') && n.span.start == trimmed_start(text, part)
        })
    };
    let role_of = |part: &Range<usize>| {
        let phrase = &text[part.clone()];
        let role = apposition_role(text, part.clone())?;
        let last = role.split_whitespace().last().unwrap_or("");
        let plural = last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("'s");
        let personal = role.split_whitespace().any(|w| {
            let lower = w.to_lowercase();
            SPEAKER_ROLES.contains(&lower) || is_title_token(w) || is_role_phrase(&lower)
        });
        (personal && !plural && !phrase.contains(['“', '"', '‘'])).then_some(role)
    };
    // "India captain Shubman Gill praised …"
    let first = parts.first()?;
    let cut = name_prefix(text, first.clone());
    if cut != *first
        && let Some(named) = named_at_end(text, cut)
        && named.name.contains(' ')
    {
        let role = named.role.filter(|r| {
            r.split_whitespace().any(|w| {
                let lower = w.to_lowercase();
                SPEAKER_ROLES.contains(&lower) || is_title_token(w) || is_role_phrase(&lower)
            })
        });
        // "Sir Keir Starmer used …": an honorific says a person too.
        if role.is_some() || named.titled {
            return Some((named.name, named.span, role.unwrap_or_default()));
        }
    }
    // "Rachel Reeves, the chancellor, …" and "the victim's mother, Karen
    // Doyle, …", after at most one leading phrase.
    for k in 0..parts.len().saturating_sub(2).min(2) {
        let (a, b) = (&parts[k], &parts[k + 1]);
        if let (Some(named), Some(role)) = (whole_name(a), role_of(b)) {
            return Some((named.name, named.span, role));
        }
        let determiner = text[a.clone()]
            .split_whitespace()
            .next()
            .is_some_and(|w| DETERMINERS.contains(&w.to_lowercase().as_str()));
        if determiner && let (Some(role), Some(named)) = (role_of(a), whole_name(b)) {
            return Some((named.name, named.span, role));
        }
    }
    None
}

fn trimmed_start(text: &str, range: &Range<usize>) -> usize {
    let part = &text[range.clone()];
    range.start + (part.len() - part.trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quotations(text)
            .into_iter()
            .map(|q| &text[q.words])
            .collect()
    }

    #[test]
    fn single_marks_with_apostrophes_inside() {
        assert_eq!(
            quoted("‘It’s not the government’s job, and it won’t start now,’ she said."),
            ["It’s not the government’s job, and it won’t start now"]
        );
        assert_eq!(
            quoted("'We just didn't take our chances,' the coach said."),
            ["We just didn't take our chances"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        assert!(quoted("In the '90s the Smiths' shop in Leeds didn't stock it.").is_empty());
        assert_eq!(
            quoted("‘The suppliers’ patience has run out,’ said Helen Dickinson."),
            ["The suppliers’ patience has run out"]
        );
    }

    #[test]
    fn nested_quotations_stay_inside() {
        assert_eq!(
            quoted("‘He promised “no more cuts”, and here we are,’ said Marie Dunne."),
            ["He promised “no more cuts”, and here we are"]
        );
        assert_eq!(
            quoted(r#""When he said 'trust me', I walked away," said Paula Grant."#),
            ["When he said 'trust me', I walked away"]
        );
    }

    #[test]
    fn a_quotation_left_open_runs_to_the_end() {
        let text = "‘We listened,’ said Wes Streeting. ‘Waiting lists are falling.";
        let qs = quotations(text);
        assert_eq!(qs.len(), 2);
        assert!(qs[0].closed && !qs[1].closed);
        assert_eq!(&text[qs[1].words.clone()], "Waiting lists are falling.");
        // A lone mark mid-sentence is no quotation.
        assert!(quoted("The ‘plan was never costed, he said.").is_empty());
    }

    #[test]
    fn titles_and_nicknames_are_not_quotes() {
        assert!(is_title("Face the Nation"));
        assert!(is_title("Fox News Sunday"));
        assert!(!is_title("We will see them in court"));
        let text = r#"Winger Tane "the Train" Rawiri scored twice."#;
        assert!(is_nickname(text, &quotations(text)[0]));
    }

    /// `(quoted words, speaker)` of the quotes found in `paragraphs`.
    fn speakers(paragraphs: &[&str]) -> Vec<(String, String)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|&p| p.to_owned()).collect();
        super::super::extract(&paragraphs)
            .into_iter()
            .filter(|f| f.kind == FactKind::Quote)
            .map(|f| (f.text, f.label))
            .collect()
    }

    fn pair(words: &str, who: &str) -> (String, String) {
        (words.to_owned(), who.to_owned())
    }

    /// The attributions issue 15 lists, each with its speaker.
    #[test]
    fn speakers_in_the_forms_of_issue_15() {
        assert_eq!(
            speakers(&[r#""We were second best," Callum Wray told Sky Sports."#]),
            [pair("We were second best", "Callum Wray")]
        );
        assert_eq!(
            speakers(&["Sales “held up well,” according to Dana Whitfield, an analyst."]),
            [pair("held up well", "Dana Whitfield")]
        );
        assert_eq!(
            speakers(&["Judge Helen Marsh said: ‘You abused their trust.’"]),
            [pair("You abused their trust.", "Helen Marsh")]
        );
        assert_eq!(
            speakers(&[
                "Richard Yu, the chief executive of the consumer arm of Orient Mobile, which sold ten models, told reporters: “This changes phones.”"
            ]),
            [pair("This changes phones.", "Richard Yu")]
        );
        // "He said" two paragraphs on.
        assert_eq!(
            speakers(&[
                "Finance Minister Ana Costa spoke in Lisbon.",
                "The deficit is narrowing.",
                "“We made the choices people asked for,” he said.",
            ]),
            [pair("We made the choices people asked for", "Ana Costa")]
        );
        // A quotation over three paragraphs, each reopened with a mark.
        assert_eq!(
            speakers(&[
                "‘We have listened,’ said Wes Streeting, the health secretary. ‘Lists are falling.",
                "‘There is more to do.’",
            ]),
            [
                pair("We have listened", "Wes Streeting"),
                pair("Lists are falling.", "Wes Streeting"),
                pair("There is more to do.", "Wes Streeting"),
            ]
        );
        // A programme's name is not a quote; the words after it are.
        assert_eq!(
            speakers(&[
                r#"Senator Amy Klobuchar told "Face the Nation" that the bill "has the votes.""#
            ]),
            [pair("has the votes.", "Amy Klobuchar")]
        );
    }

    /// The speaker is a person, never a role alone, and a role alone stops
    /// the last speaker carrying over.
    #[test]
    fn a_role_alone_is_no_speaker() {
        assert_eq!(
            speakers(&[
                "‘We are confident,’ said Richard Hermer, the attorney general.",
                "‘The government will respond in due course,’ a spokesman said.",
            ]),
            [pair("We are confident", "Richard Hermer")]
        );
        assert!(speakers(&["“We will appeal the verdict,” the company said."]).is_empty());
        assert!(
            speakers(&["Trump met Keir Starmer at Chequers. “It was a great meeting,” he said."])
                .is_empty(),
            "either could have said it"
        );
    }

    #[test]
    fn names_with_the_role_before_them() {
        let text = "Bank of Japan Governor Kazuo Ueda";
        let named = named_at_end(text, 0..text.len()).expect("a name");
        assert_eq!(named.name, "Kazuo Ueda");
        assert_eq!(named.role.as_deref(), Some("Bank of Japan Governor"));
        let text = "Secretary of State Marco Rubio";
        let named = named_at_end(text, 0..text.len()).expect("a name");
        assert_eq!(named.name, "Marco Rubio");
        let text = "the president of the handset division at Orient Mobile";
        assert!(named_at_end(text, 0..text.len()).is_none());
        let text = "his barrister, Imogen Hart KC";
        let named = named_at_end(text, 0..text.len()).expect("a name");
        assert_eq!(named.name, "Imogen Hart");
    }
}
