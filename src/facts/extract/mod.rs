//! Finds facts in an article's own text: money, counts, percentages and
//! changes, dates and durations, quotes with their speakers, people,
//! organisations and places. Each found fact keeps the sentence it came from
//! and its byte span, so the reader can jump to it.
//!
//! Pure and deterministic: text in, facts out; rules, no model. English
//! first; on CJK text only figures written with digits are taken (`29億ドル`,
//! `300万人`), so nothing is invented from text the rules do not understand.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::facts::FactKind;

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
        figures(paragraph, &mut taken, &mut |k, s, n, l| {
            push(k, s, n, l, &mut found);
        });
        dates(paragraph, &mut taken, &mut |k, s, n, l| {
            push(k, s, n, l, &mut found);
        });
        if is_latin(paragraph) {
            // "He said" refers within the paragraph only. Names first, so a
            // quotation can point back to someone named earlier in it.
            people.mentions.clear();
            names(paragraph, &sentences, &mut people, &mut |k, s, n, l| {
                push(k, s, n, l, &mut found);
            });
            quotes(paragraph, &sentences, &mut people, &mut |k, s, n, l| {
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
    merge_entities(found)
}

type Sink<'a> = dyn FnMut(FactKind, Range<usize>, Option<String>, String) + 'a;

/// Mostly Latin script: the name and quote rules only read such text.
fn is_latin(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    letters > 0 && latin * 10 >= letters * 8
}

// ---------------------------------------------------------------- sentences

const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Inc", "Corp", "Co", "Ltd", "vs", "No",
    "Gen", "Gov", "Sen", "Rep", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "e.g", "i.e", "U.S", "U.K", "U.N", "E.U",
];

/// Byte spans of the sentences of a paragraph.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let ends_cjk = matches!(c, '。' | '！' | '？');
        if matches!(c, '.' | '!' | '?') || ends_cjk {
            // Closing quotes and brackets belong to the sentence they end.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '”' | '’' | '"' | '\'' | ')' | '」' | '』' | '.')
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let next_starts = chars[j..]
                .iter()
                .find(|(_, c)| !c.is_whitespace())
                .map(|&(_, c)| c);
            let boundary = if ends_cjk {
                true
            } else {
                j < chars.len()
                    && chars[j].1.is_whitespace()
                    && next_starts.is_some_and(|n| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘')
                    })
                    && !(c == '.' && is_abbreviation(&text[start..at]))
            };
            if boundary || j >= chars.len() {
                out.push(start..end);
                start = chars[j..]
                    .iter()
                    .find(|(_, c)| !c.is_whitespace())
                    .map_or(text.len(), |&(b, _)| b);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    // A lone capital is an initial ("J. Smith").
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(&word)
}

// ---------------------------------------------------------------- figures

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

fn multiplier(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "万" => 1e4,
        "million" | "m" | "mn" => 1e6,
        "億" => 1e8,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" | "兆" => 1e12,
        _ => return None,
    })
}

/// The multiplier in the first of `groups` that matched ("billion", "億"),
/// or one.
fn multiplier_of(caps: &regex::Captures<'_>, groups: &[&str]) -> f64 {
    groups
        .iter()
        .find_map(|g| caps.name(g))
        .and_then(|m| multiplier(m.as_str()))
        .unwrap_or(1.0)
}

fn number_value(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    if let Ok(v) = s.replace(',', "").parse::<f64>() {
        return Some(v);
    }
    // "twenty-five", "a dozen"
    let mut total = 0.0;
    for part in s.split(['-', ' ']).filter(|p| !p.is_empty()) {
        let (_, v) = NUMBER_WORDS.iter().find(|(w, _)| *w == part)?;
        // "hundred" and "dozen" multiply what came before ("a dozen").
        if matches!(part, "hundred" | "dozen") {
            total = if total > 0.0 { total * v } else { *v };
        } else {
            total += v;
        }
    }
    (total > 0.0).then_some(total)
}

fn currency(symbol: &str) -> &'static str {
    match symbol.to_ascii_lowercase().as_str() {
        "€" | "euro" | "euros" | "ユーロ" => "EUR",
        "£" | "pound" | "pounds" => "GBP",
        "¥" | "yen" | "円" => "JPY",
        "₹" | "rupees" => "INR",
        "₩" | "won" => "KRW",
        "yuan" => "CNY",
        _ => "USD",
    }
}

fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Compiles one of the extractor's fixed patterns (a bad one is a bug
/// caught by every test, never a user's input).
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
const WORD_NUM: &str = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred|a thousand";

static MONEY_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?P<cur>US\$|A\$|C\$|HK\$|S\$|\$|€|£|¥|₹|₩)\s?(?P<num>{NUM})(?:\s?(?P<mult>trillion|billion|million|thousand)(?-u:\b)|(?P<short>bn|tn|mn|m|k)(?-u:\b))?(?:\s?(?:-|–|to)\s?(?:US\$|\$|€|£|¥)?(?P<num2>{NUM})(?:\s?(?P<mult2>trillion|billion|million|thousand)(?-u:\b)|(?P<short2>bn|tn|mn|m|k)(?-u:\b))?)?"
    ))
});

static MONEY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<num>{NUM})\s(?:(?P<mult>trillion|billion|million|thousand)\s)?(?P<cur>dollars|euros|pounds|yen|yuan|rupees|cents)(?-u:\b)"
    ))
});

static MONEY_CJK: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?P<num>{NUM})(?P<mult>兆|億|万)?(?P<cur>ドル|円|ユーロ)"
    ))
});

static COUNT_CJK: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?P<num>{NUM})(?P<mult>兆|億|万)?(?P<unit>人|社|台|件|個)"
    ))
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:(?P<lo>\d+(?:[.,]\d+)?)\s?(?:-|–|to)\s?)?(?P<num>\d+,\d{{1,2}}|{NUM})\s?(?P<unit>%|percent(?-u:\b)|per cent(?-u:\b)|percentage points?(?-u:\b))"
    ))
});

static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?-u:\b)(?P<verb>doubles|doubled|doubling|triples|tripled|halves|halved)(?-u:\b)")
});

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<num>{NUM}|{WORD_NUM})(?:\s(?P<mult>million|billion|thousand|trillion)|(?P<short>m|k|bn))?\s(?P<noun>[a-z][a-z-]+)"
    ))
});

/// Plurals without an s that written-out numbers count.
const IRREGULAR_PLURALS: &[&str] = &["people", "children", "men", "women", "staff", "police"];

/// Words that follow a number without being what it counts.
const NOT_COUNTED: &[&str] = &[
    "of", "the", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "percent",
    "per", "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour",
    "times", "is", "was", "are", "were", "has", "have", "had", "will", "would", "more", "less",
    "than", "million", "billion", "thousand", "trillion", "dollars", "euros", "yen", "pounds",
    "new", "said", "says", "a", "an", "that", "this", "who", "which", "it", "its",
];

/// Words that end a noun phrase used as a label.
const STOP: &[&str] = &[
    "of", "the", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "over", "into",
    "a", "an", "is", "was", "are", "were", "will", "would", "that", "which", "who", "as", "than",
    "its", "their", "his", "her", "this", "these", "those", "since", "during", "across",
];

/// Up to three words of the noun phrase starting at `at` (after an optional
/// "in", "of", "worth of"), e.g. "resource grants".
fn noun_after(text: &str, at: usize) -> String {
    let rest = &text[at..];
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
        let time = !out.is_empty() && TIME_WORDS.contains(&lower.as_str());
        if clean.is_empty()
            || time
            || STOP.contains(&lower.as_str())
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
fn count_label(text: &str, at: usize) -> String {
    let mut label = noun_after(text, at);
    let taken = label.split_whitespace().count();
    let mut words = text[at..].split_whitespace().skip(taken).peekable();
    if let Some(prep) = words.next_if(|w| matches!(*w, "in" | "for")) {
        let mut tail = Vec::new();
        for word in words.take(3) {
            let clean = word.trim_end_matches([',', '.', ';', ')', '”']);
            if clean.is_empty() || STOP.contains(&clean.to_ascii_lowercase().as_str()) {
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
fn phrase_before(text: &str, at: usize, max: usize, taken: &[Range<usize>]) -> String {
    let before = &text[..at];
    let mut clause_start = before
        .rfind([',', '.', ';', ':', '“', '”', '(', '"'])
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    // A figure earlier in the clause is a fact of its own: what comes after
    // it says what this one is about ("people in AI skills").
    if let Some(end) = taken
        .iter()
        .map(|t| t.end)
        .filter(|&e| e <= at && e > clause_start)
        .max()
    {
        clause_start = end;
    }
    let words: Vec<&str> = before[clause_start..].split_whitespace().collect();
    let mut words: Vec<&str> = words[words.len().saturating_sub(max)..].to_vec();
    while words
        .last()
        .is_some_and(|w| STOP.contains(&w.to_ascii_lowercase().as_str()))
    {
        words.pop();
    }
    while words
        .first()
        .is_some_and(|w| STOP.contains(&w.to_ascii_lowercase().as_str()))
    {
        words.remove(0);
    }
    words.join(" ")
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

/// What an amount pays for: the noun phrase after it ("$10 million in
/// resource grants"), or when that is only a time ("in June", "a year
/// earlier"), the phrase before it ("market value passed").
fn money_label(text: &str, span: Range<usize>, taken: &[Range<usize>]) -> String {
    let after = noun_after(text, span.end);
    let first = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_time = TIME_WORDS.contains(&first.as_str())
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

/// Words that make a phrase a time, not a thing.
const TIME_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "first",
    "second",
    "third",
    "fourth",
    "last",
    "next",
    "previous",
    "quarter",
    "today",
    "yesterday",
    "spring",
    "summer",
    "autumn",
    "winter",
    "this",
    "early",
    "late",
];

fn money(text: &str, taken: &mut Vec<Range<usize>>, sink: &mut Sink<'_>) {
    for caps in MONEY_SYMBOL.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = number_value(&caps["num"]).unwrap_or(0.0);
        let mult_of = |a: &str, b: &str| {
            caps.name(a)
                .or_else(|| caps.name(b))
                .and_then(|m| multiplier(m.as_str()))
        };
        // "$72 billion to $74 billion", "$1-2 billion": one multiplier may
        // serve both ends.
        let (mult_lo, mult_hi) = (mult_of("mult", "short"), mult_of("mult2", "short2"));
        let mult = mult_lo.or(mult_hi).unwrap_or(1.0);
        let mult_hi = mult_hi.or(mult_lo).unwrap_or(1.0);
        let cur = currency(
            caps["cur"]
                .trim_start_matches(['U', 'S', 'A', 'C', 'H', 'K'])
                .trim(),
        );
        let normalized = match caps.name("num2").and_then(|n| number_value(n.as_str())) {
            Some(hi) => format!("{}-{} {cur}", plain(num * mult), plain(hi * mult_hi)),
            None => format!("{} {cur}", plain(num * mult)),
        };
        let label = money_label(text, whole.range(), taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in MONEY_WORD.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = number_value(&caps["num"]).unwrap_or(0.0);
        let mult = multiplier_of(&caps, &["mult"]);
        // "40 cents a share" is money too.
        let (num, cur) = if caps["cur"].eq_ignore_ascii_case("cents") {
            (num / 100.0, "USD")
        } else {
            (num, currency(&caps["cur"]))
        };
        let normalized = format!("{} {cur}", plain(num * mult));
        let label = money_label(text, whole.range(), taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in MONEY_CJK.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = number_value(&caps["num"]).unwrap_or(0.0);
        let mult = multiplier_of(&caps, &["mult"]);
        let normalized = format!("{} {}", plain(num * mult), currency(&caps["cur"]));
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            String::new(),
            taken,
        );
    }
    for caps in COUNT_CJK.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = number_value(&caps["num"]).unwrap_or(0.0);
        let mult = multiplier_of(&caps, &["mult"]);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(plain(num * mult)),
            caps["unit"].to_owned(),
            taken,
        );
    }
}

fn figures(text: &str, taken: &mut Vec<Range<usize>>, sink: &mut Sink<'_>) {
    money(text, taken, sink);
    for caps in PERCENT.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // "2,5%" is two and a half per cent: a comma before one or two
        // digits is a decimal comma.
        let decimal = |s: &str| {
            let is_decimal_comma = s.split_once(',').is_some_and(|(_, f)| f.len() <= 2);
            if is_decimal_comma {
                number_value(&s.replace(',', "."))
            } else {
                number_value(s)
            }
        };
        let num = decimal(&caps["num"]).unwrap_or(0.0);
        let points = caps["unit"].to_ascii_lowercase().starts_with("percentage");
        let value = |n: f64| {
            if points {
                format!("{} pp", plain(n))
            } else {
                plain(n / 100.0)
            }
        };
        let normalized = match caps.name("lo").and_then(|lo| decimal(lo.as_str())) {
            Some(lo) => format!("{}-{}", value(lo), value(num)),
            None => value(num),
        };
        let label = phrase_before(text, whole.start(), 4, taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in CHANGE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let factor = match caps["verb"].to_ascii_lowercase().chars().next() {
            Some('d') => "×2",
            Some('t') => "×3",
            _ => "×0.5",
        };
        let label = noun_after(text, whole.end());
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(factor.to_owned()),
            label,
            taken,
        );
    }
    counts(text, taken, sink);
}

/// Numbers with what they count: "3 million people", "10,000 GPUs".
fn counts(text: &str, taken: &mut Vec<Range<usize>>, sink: &mut Sink<'_>) {
    for caps in COUNT.captures_iter(text) {
        let noun = caps.name("noun").expect("group");
        let noun_lc = noun.as_str().to_ascii_lowercase();
        let num_text = &caps["num"];
        let is_word = !num_text.starts_with(|c: char| c.is_ascii_digit());
        // A bare year-like number is a date, not a count.
        if NOT_COUNTED.contains(&noun_lc.as_str())
            || (!is_word
                && caps.name("mult").is_none()
                && num_text.len() == 4
                && !num_text.contains([',', '.']))
        {
            continue;
        }
        // Written-out numbers only count plural things ("three companies",
        // "three people"); "one of the largest" counts nothing.
        let plural = noun_lc.ends_with('s') || IRREGULAR_PLURALS.contains(&noun_lc.as_str());
        if is_word && caps.name("mult").is_none() && !plural {
            continue;
        }
        // Model names and labels are not counts: "iPhone 15 models",
        // "Boeing 737 jets", "COVID-19", "Section 230".
        let num_start = caps.name("num").expect("group").start();
        let before = text[..num_start].trim_end_matches(' ');
        let previous = before.rsplit(' ').next().unwrap_or("");
        let glued = text[..num_start]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '-');
        let after_name = !is_word
            && previous.chars().any(char::is_uppercase)
            && !previous.ends_with(['.', ',', ':', ';'])
            && !NOT_NAMES.contains(&previous);
        if (!is_word && glued) || after_name {
            continue;
        }
        let num = number_value(num_text).unwrap_or(0.0);
        let mult = multiplier_of(&caps, &["mult", "short"]);
        // The figure ends where its number (or multiplier) ends.
        let end = caps
            .name("mult")
            .or_else(|| caps.name("short"))
            .map_or(caps.name("num").expect("group").end(), |m| m.end());
        let span = caps.get(0).expect("match").start()..end;
        let label = count_label(text, noun.start());
        add_once(
            sink,
            FactKind::Figure,
            span,
            Some(plain(num * mult)),
            label,
            taken,
        );
    }
}

// ---------------------------------------------------------------- dates

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s\d{1,2}(?:,\s(?:1[89]|20)\d\d)?(?-u:\b)|(?-u:\b)\d{4}-\d{2}-\d{2}(?-u:\b)|(?-u:\b)(?:on|last|next|this|by|until)\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)|(?-u:\b)(?:first|second|third|fourth)\squarter(?-u:\b)",
    )
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:(?-u:\b)|^)(?P<year>(?:1[89]|20)\d\d)(?:年|(?-u:\b))"));

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?:(?:over|for|within|in|during)\s(?:the\s)?)?(?:(?:next|past|last|coming)\s)(?:(?P<n1>{NUM}|{WORD_NUM})\s)?(?P<u1>years?|months?|weeks?|days?|decades?)(?-u:\b)|(?-u:\b)(?:over|for|within)\s(?P<n2>{NUM}|{WORD_NUM})\s(?P<u2>years?|months?|weeks?|days?|decades?)(?-u:\b)"
    ))
});

fn dates(text: &str, taken: &mut Vec<Range<usize>>, sink: &mut Sink<'_>) {
    for m in FULL_DATE.find_iter(text) {
        if !overlaps(taken, &m.range()) {
            taken.push(m.range());
            let label = phrase_before(text, m.start(), 5, taken);
            sink(FactKind::Date, m.range(), None, label);
        }
    }
    for caps in DURATION.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if overlaps(taken, &whole.range()) {
            continue;
        }
        let n = caps
            .name("n1")
            .or_else(|| caps.name("n2"))
            .and_then(|n| number_value(n.as_str()));
        let unit = caps
            .name("u1")
            .or_else(|| caps.name("u2"))
            .map_or("", |u| u.as_str());
        let unit = unit.trim_end_matches('s').to_ascii_lowercase();
        let normalized = n.map(|n| {
            format!(
                "{} {unit}{}",
                plain(n),
                if (n - 1.0).abs() < f64::EPSILON {
                    ""
                } else {
                    "s"
                }
            )
        });
        let label = phrase_before(text, whole.start(), 5, taken);
        taken.push(whole.range());
        sink(FactKind::Date, whole.range(), normalized, label);
    }
    for caps in YEAR.captures_iter(text) {
        let year = caps.name("year").expect("group");
        let whole = caps.get(0).expect("match");
        // Not inside a figure, and not a quantity ("1978 people").
        let span = year.start()..whole.end();
        if overlaps(taken, &span) {
            continue;
        }
        let label = phrase_before(text, year.start(), 5, taken);
        taken.push(span.clone());
        sink(FactKind::Date, span, Some(year.as_str().to_owned()), label);
    }
}

// ---------------------------------------------------------------- names

/// What we know about people across the article: full names by surname, and
/// roles; and who was mentioned where in the current paragraph, for "he
/// said".
#[derive(Default)]
struct People {
    by_surname: HashMap<String, String>,
    roles: HashMap<String, String>,
    /// `(byte offset, full name)` of each mention in this paragraph.
    mentions: Vec<(usize, String)>,
}

impl People {
    fn add(&mut self, name: &str, role: Option<&str>, at: usize) -> String {
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
        self.mentions.push((at, full.clone()));
        self.mentions.sort_by_key(|(pos, _)| *pos);
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

const ROLE_WORDS: &[&str] = &[
    "Prime Minister",
    "President",
    "Vice President",
    "Chancellor",
    "Minister",
    "Secretary",
    "Governor",
    "Senator",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Chief Executive",
    "CEO",
    "Director",
    "Professor",
    "Judge",
    "Mayor",
    "King",
    "Queen",
    "Emperor",
    "Ambassador",
    "Leader",
    "Majority Leader",
    "Premier",
    "premier",
    "Representative",
    "Rep.",
    "Sen.",
    "press secretary",
    "chief executive",
    "Analyst",
    "Economist",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dr.",
];

const ORG_WORDS: &[&str] = &[
    "Co",
    "Hospital",
    "College",
    "School",
    "Airlines",
    "Airways",
    "Motors",
    "Steel",
    "Energy",
    "Holdings",
    "Technologies",
    "Systems",
    "Society",
    "Network",
    "Times",
    "Post",
    "Journal",
    "University",
    "Ministry",
    "Secretariat",
    "Department",
    "Agency",
    "Institute",
    "Inc.",
    "Inc",
    "Corp.",
    "Corp",
    "Corporation",
    "Company",
    "Co.",
    "Ltd",
    "Ltd.",
    "Group",
    "Bank",
    "Partnership",
    "Foundation",
    "Association",
    "Council",
    "Commission",
    "Committee",
    "Authority",
    "Office",
    "Laboratory",
    "Labs",
    "Challenge",
    "Organization",
    "Organisation",
    "Federation",
    "Union",
    "Party",
    "Court",
    "Parliament",
    "Congress",
    "Senate",
    "Fund",
    "Exchange",
    "Reserve",
    "Cabinet",
];

const PLACES: &[&str] = &[
    "Japan",
    "Tokyo",
    "Osaka",
    "Kyoto",
    "China",
    "Beijing",
    "Shanghai",
    "Hong Kong",
    "Taiwan",
    "Taipei",
    "South Korea",
    "Korea",
    "Seoul",
    "India",
    "Delhi",
    "New Delhi",
    "Mumbai",
    "Singapore",
    "Indonesia",
    "Jakarta",
    "Vietnam",
    "Thailand",
    "Bangkok",
    "Philippines",
    "Manila",
    "Malaysia",
    "Australia",
    "Sydney",
    "Melbourne",
    "New Zealand",
    "United States",
    "U.S.",
    "US",
    "USA",
    "America",
    "Washington",
    "New York",
    "San Francisco",
    "Seattle",
    "Los Angeles",
    "Chicago",
    "Boston",
    "Canada",
    "Toronto",
    "Mexico",
    "Brazil",
    "Argentina",
    "United Kingdom",
    "U.K.",
    "UK",
    "Britain",
    "London",
    "Ireland",
    "Dublin",
    "France",
    "Paris",
    "Germany",
    "Berlin",
    "Munich",
    "Italy",
    "Rome",
    "Milan",
    "Spain",
    "Madrid",
    "Portugal",
    "Lisbon",
    "Netherlands",
    "Amsterdam",
    "Belgium",
    "Brussels",
    "Switzerland",
    "Zurich",
    "Geneva",
    "Sweden",
    "Stockholm",
    "Norway",
    "Denmark",
    "Finland",
    "Poland",
    "Ukraine",
    "Kyiv",
    "Russia",
    "Moscow",
    "Turkey",
    "Istanbul",
    "Israel",
    "Iran",
    "Saudi Arabia",
    "United Arab Emirates",
    "Dubai",
    "Egypt",
    "Cairo",
    "Nigeria",
    "Kenya",
    "South Africa",
    "Europe",
    "Asia",
    "Africa",
    "Silicon Valley",
    "Nairobi",
    "Cape Town",
    "Johannesburg",
    "Lagos",
    "Abuja",
    "Accra",
    "Dakar",
    "Addis Ababa",
    "Khartoum",
    "Casablanca",
    "Tunis",
    "Algiers",
    "Cupertino",
    "Texas",
    "California",
    "Ohio",
    "Florida",
    "Kentucky",
    "Virginia",
    "Georgia",
    "Michigan",
    "Illinois",
    "Arizona",
    "Nevada",
    "Oregon",
    "Colorado",
    "Pennsylvania",
    "Massachusetts",
    "New Jersey",
    "North Carolina",
    "Houston",
    "Dallas",
    "Austin",
    "Miami",
    "Atlanta",
    "Denver",
    "Detroit",
    "Phoenix",
    "Philadelphia",
    "Vancouver",
    "Montreal",
    "Ottawa",
    "Quebec",
    "Lyon",
    "Lille",
    "Marseille",
    "Nice",
    "Toulouse",
    "Bordeaux",
    "Rotterdam",
    "The Hague",
    "Antwerp",
    "Hamburg",
    "Frankfurt",
    "Cologne",
    "Vienna",
    "Prague",
    "Budapest",
    "Warsaw",
    "Krakow",
    "Athens",
    "Oslo",
    "Copenhagen",
    "Helsinki",
    "Tampere",
    "Reykjavik",
    "Edinburgh",
    "Glasgow",
    "Manchester",
    "Birmingham",
    "Leeds",
    "Liverpool",
    "Barcelona",
    "Valencia",
    "Seville",
    "Naples",
    "Turin",
    "Venice",
    "Florence",
    "Zagreb",
    "Belgrade",
    "Bucharest",
    "Sofia",
    "Kiev",
    "Minsk",
    "Tbilisi",
    "Baku",
    "Tehran",
    "Baghdad",
    "Riyadh",
    "Doha",
    "Abu Dhabi",
    "Jerusalem",
    "Tel Aviv",
    "Beirut",
    "Damascus",
    "Amman",
    "Ankara",
    "Karachi",
    "Lahore",
    "Islamabad",
    "Dhaka",
    "Kathmandu",
    "Colombo",
    "Chennai",
    "Bangalore",
    "Bengaluru",
    "Hyderabad",
    "Kolkata",
    "Hanoi",
    "Ho Chi Minh City",
    "Kuala Lumpur",
    "Yokohama",
    "Nagoya",
    "Sapporo",
    "Fukuoka",
    "Kobe",
    "Hiroshima",
    "Busan",
    "Shenzhen",
    "Guangzhou",
    "Wuhan",
    "Chengdu",
    "Macau",
    "Lima",
    "Bogota",
    "Santiago",
    "Buenos Aires",
    "Sao Paulo",
    "Rio de Janeiro",
    "Caracas",
    "Havana",
    "Mexico City",
    "Auckland",
    "Wellington",
    "Brisbane",
    "Perth",
    "Pakistan",
    "Bangladesh",
    "Nepal",
    "Sri Lanka",
    "Myanmar",
    "Cambodia",
    "Laos",
    "Mongolia",
    "Kazakhstan",
    "Iraq",
    "Syria",
    "Lebanon",
    "Jordan",
    "Qatar",
    "Kuwait",
    "Oman",
    "Yemen",
    "Afghanistan",
    "Ethiopia",
    "Ghana",
    "Senegal",
    "Sudan",
    "Morocco",
    "Algeria",
    "Tunisia",
    "Libya",
    "Tanzania",
    "Uganda",
    "Rwanda",
    "Zimbabwe",
    "Angola",
    "Chile",
    "Peru",
    "Colombia",
    "Venezuela",
    "Cuba",
    "Austria",
    "Czech Republic",
    "Hungary",
    "Romania",
    "Bulgaria",
    "Greece",
    "Croatia",
    "Serbia",
    "Iceland",
    "Scotland",
    "Wales",
    "England",
    "Northern Ireland",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Belarus",
    "Georgia",
    "Armenia",
    "Azerbaijan",
];

/// Capitalised words that start no name: sentence furniture, months,
/// nationalities, common nouns that headlines capitalise.
const NOT_NAMES: &[&str] = &[
    "About",
    "Nearly",
    "Almost",
    "Over",
    "Around",
    "Roughly",
    "Only",
    "Just",
    "Some",
    "However",
    "Meanwhile",
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "Our",
    "Their",
    "His",
    "Her",
    "In",
    "On",
    "At",
    "For",
    "By",
    "With",
    "From",
    "As",
    "But",
    "And",
    "Or",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Among",
    "To",
    "Of",
    "Part",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Japanese",
    "American",
    "Chinese",
    "European",
    "British",
    "French",
    "German",
    "Indian",
    "Korean",
    "New",
    "Former",
    "According",
    "More",
    "Most",
    "Some",
    "All",
    "Also",
    "Both",
];

static CAPITALISED_RUN: LazyLock<Regex> = LazyLock::new(|| {
    // Title-case words (letters of any script after the first), joined by
    // spaces, "of", "and", "on", "for", "&" or a comma inside an
    // organisation name; split into names by `split_run`.
    regex(
        r"(?-u:\b)[A-Z][\p{L}\p{M}'’\-.]*(?:(?:\s|\s(?:of|and|on|for|de|van|von|&)\s|,\s)[A-Z][\p{L}\p{M}'’\-.]*)*(?:\s\([A-Z]{2,}\))?",
    )
});

const SPEECH_VERBS: &str = r"said|says|added|noted|stated|told|wrote|warned|asked|explained";

static SPEAKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*,?\s*(?:(?:{SPEECH_VERBS}|according to)\s+(?P<who1>(?:[A-Z][\p{{L}}’'.-]*\s?)+)|(?P<who2>(?:[A-Z][\p{{L}}’'.-]*\s?)+|[Hh]e|[Ss]he)\s(?:{SPEECH_VERBS}))"
    ))
});

/// "Lagarde told reporters: “…" and "Schumer said the bill was “…": the
/// speaker named before the quotation, in the same sentence.
static SPEAKER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?P<who>(?:[A-Z][\p{{L}}’'.-]*\s)+|[Hh]e\s|[Ss]he\s)(?:{SPEECH_VERBS})(?-u:\b)[^“”\x22]*$"
    ))
});

static ROLE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^,\s(?:the\s)?(?P<role>[^,.“”;]{3,60}?)[.;,]"));

/// A quotation found in a paragraph: where its words are.
fn quotations(text: &str) -> Vec<(usize, Range<usize>, usize)> {
    // (opening mark, the quoted words, just after the closing mark)
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find(['“', '"']).map(|i| at + i) {
        let open_char = text[open..].chars().next().unwrap_or('"');
        let close_char = if open_char == '“' { '”' } else { '"' };
        let body_start = open + open_char.len_utf8();
        let Some(close) = text[body_start..].find(close_char).map(|i| body_start + i) else {
            break;
        };
        let after = close + close_char.len_utf8();
        at = after;
        // "…infrastructure,” said X": the comma is the sentence's, not theirs.
        let inner_end = body_start + text[body_start..close].trim_end_matches([',', ' ']).len();
        out.push((open, body_start..inner_end, after));
    }
    out
}

fn quotes(text: &str, sentences: &[Range<usize>], people: &mut People, sink: &mut Sink<'_>) {
    let mut paragraph_speaker: Option<String> = None;
    for (open, words, after) in quotations(text) {
        let quoted = &text[words.clone()];
        let word_count = quoted.split_whitespace().count();
        if word_count == 0 {
            continue;
        }
        let sentence_start = sentences
            .iter()
            .find(|s| s.start <= open && open < s.end)
            .map_or(0, |s| s.start);
        let speaker = speaker_after(text, after, open, people)
            .or_else(|| speaker_before(text, sentence_start, open, people));
        // An attributed quotation may be short; an unattributed one is taken
        // only as the continuation of a speaker's words in this paragraph,
        // and only when it reads as a statement (scare quotes do not).
        let speaker = match speaker {
            Some(who) => Some(who),
            None if word_count >= 4 => paragraph_speaker.clone(),
            None => None,
        };
        if let Some(who) = speaker {
            paragraph_speaker = Some(who.clone());
            sink(FactKind::Quote, words, None, who);
        }
    }
}

/// The person named by `he`/`she`: the last one mentioned before `at` in this
/// paragraph.
fn pronoun(people: &People, at: usize) -> Option<String> {
    people
        .mentions
        .iter()
        .rev()
        .find(|(pos, _)| *pos < at)
        .map(|(_, name)| name.clone())
}

fn speaker_after(text: &str, after: usize, open: usize, people: &mut People) -> Option<String> {
    let tail = &text[after..];
    let caps = SPEAKER_AFTER.captures(tail)?;
    let who_match = caps.name("who1").or_else(|| caps.name("who2"))?;
    let who = who_match.as_str().trim();
    // Where the name ends (the match may have taken a space).
    let who_end = who_match.start() + who_match.as_str().trim_end().len();
    let (role_prefix, name) = split_role(who);
    let name = name.trim_end_matches(['.', ',']);
    if matches!(name, "he" | "she" | "He" | "She") {
        return pronoun(people, open);
    }
    if name.is_empty() || is_place(name) || NOT_NAMES.contains(&name) {
        return None;
    }
    let role = ROLE_AFTER
        .captures(&tail[who_end.min(tail.len())..])
        .and_then(|c| c.name("role").map(|r| r.as_str().to_owned()))
        .filter(|r| is_role_phrase(r))
        .or(role_prefix.map(str::to_owned));
    Some(people.add(name, role.as_deref(), after + who_match.start()))
}

fn speaker_before(
    text: &str,
    sentence_start: usize,
    open: usize,
    people: &mut People,
) -> Option<String> {
    let before = &text[sentence_start..open];
    let caps = SPEAKER_BEFORE.captures(before)?;
    let who = caps.name("who")?.as_str().trim();
    let (role_prefix, name) = split_role(who);
    let name = name.trim_end_matches(['.', ',']);
    if matches!(name, "he" | "she" | "He" | "She") {
        return pronoun(people, open);
    }
    let name = name
        .split_whitespace()
        .filter(|w| !NOT_NAMES.contains(w))
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() || is_place(&name) || is_org_like(&name) {
        return None;
    }
    Some(people.add(&name, role_prefix, sentence_start))
}

fn is_org_like(name: &str) -> bool {
    has_org_word(name) || KNOWN_ORGS.contains(&name)
}

fn names(text: &str, sentences: &[Range<usize>], people: &mut People, sink: &mut Sink<'_>) {
    for m in CAPITALISED_RUN.find_iter(text) {
        for piece in split_run(text, m.range()) {
            let sentence_start = sentences.iter().any(|s| s.start == piece.start);
            classify(text, piece, sentence_start, people, sink);
        }
    }
}

fn has_org_word(s: &str) -> bool {
    s.split_whitespace()
        .any(|w| ORG_WORDS.contains(&w.trim_end_matches([',', '.'])))
}

/// Companies and bodies often named without a suffix.
const KNOWN_ORGS: &[&str] = &[
    "Microsoft",
    "Google",
    "Alphabet",
    "Apple",
    "Amazon",
    "Meta",
    "Facebook",
    "Netflix",
    "Nvidia",
    "OpenAI",
    "Anthropic",
    "Intel",
    "AMD",
    "IBM",
    "Oracle",
    "Samsung",
    "Sony",
    "Toyota",
    "Honda",
    "Nissan",
    "SoftBank",
    "Tesla",
    "SpaceX",
    "Alibaba",
    "Tencent",
    "Baidu",
    "Huawei",
    "Reuters",
    "Bloomberg",
    "Boeing",
    "Airbus",
    "Siemens",
    "Volkswagen",
    "BMW",
    "Shell",
    "BP",
    "Pfizer",
    "Moderna",
    "NASA",
    "NATO",
    "UNESCO",
    "WHO",
    "IMF",
    "OPEC",
    "Goldman Sachs",
    "Morgan Stanley",
    "JPMorgan",
    "Citigroup",
    "BlackRock",
    "Walmart",
    "Disney",
    "Uber",
    "Airbnb",
    "TSMC",
];

/// Words that, just before a single proper name, say it is an organisation:
/// "startup Sakana", "developer Abjea", "rival Contoso".
const ORG_CUES: &[&str] = &[
    "startup",
    "startups",
    "company",
    "firm",
    "developer",
    "maker",
    "provider",
    "rival",
    "lender",
    "insurer",
    "carrier",
    "retailer",
    "bank",
    "group",
    "platform",
    "include",
    "including",
    "such as",
    "unit",
    "subsidiary",
    "brand",
    "agency",
    "regulator",
];

fn is_name_end(word: &str) -> bool {
    // "Beijing." ends a sentence; "U.S." and "Corp." do not end a name.
    word.ends_with('.')
        && !ABBREVIATIONS.contains(&word.trim_end_matches('.'))
        && !ORG_WORDS.contains(&word)
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
        if NOT_NAMES.contains(&word) {
            if !more {
                return pieces;
            }
            start = we + 1;
            continue;
        }
        // "Shares of Sony Group Corp.": a common word "of" an organisation.
        if more
            && text[we..end].starts_with(" of ")
            && !ORG_WORDS.contains(&word)
            && has_org_word(&text[we..end])
            && !has_org_word(word)
        {
            let after_of = we + " of ".len();
            if after_of < end
                && !ORG_WORDS.contains(&text[after_of..end].split(' ').next().unwrap_or(""))
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
                &left
                    .split_whitespace()
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
fn split_role(who: &str) -> (Option<&str>, &str) {
    let mut best: Option<(usize, usize)> = None;
    for role in ROLE_WORDS {
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

fn is_place(name: &str) -> bool {
    PLACES.contains(&name)
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
        .find(|p| run == **p || run.trim_end_matches('.') == **p)
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
        if words.len() >= 2 || KNOWN_ORGS.contains(&run) {
            sink(FactKind::Organisation, span, None, String::new());
        }
        return;
    }
    if KNOWN_ORGS.contains(&run) {
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
        && !NOT_NAMES.contains(&run)
    {
        // A single proper word: an organisation when the words before it say
        // so ("startup Sakana"); otherwise one if it comes back mid-sentence
        // (decided when merging).
        let before = text[..span.start].trim_end().to_ascii_lowercase();
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

fn is_role_phrase(role: &str) -> bool {
    let lower = role.to_lowercase();
    [
        "president",
        "chair",
        "minister",
        "chief",
        "director",
        "ceo",
        "founder",
        "head",
        "secretary",
        "spokes",
        "professor",
        "analyst",
        "officer",
        "executive",
        "manager",
        "governor",
        "senator",
        "mayor",
        "economist",
        "leader",
        "editor",
        "researcher",
        "scientist",
        "lawyer",
        "partner",
        "democrat",
        "republican",
        "member",
    ]
    .iter()
    .any(|r| lower.contains(r))
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
fn merge_entities(found: Vec<Found>) -> Vec<Found> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for f in found.iter().filter(|f| f.kind == FactKind::Other) {
        *counts.entry(f.text.clone()).or_default() += 1;
    }
    let person_names: Vec<String> = found
        .iter()
        .filter(|f| f.kind == FactKind::Person)
        .filter_map(|f| f.normalized.clone())
        .collect();
    let mut seen: HashSet<(FactKind, String)> = HashSet::new();
    let mut out = Vec::new();
    for mut f in found {
        match f.kind {
            FactKind::Other => {
                let is_surname = person_names
                    .iter()
                    .any(|p| p.split_whitespace().last() == Some(f.text.as_str()));
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
