//! Labels: what a figure or date is about, read from the words around it
//! ("$10 million in resource grants", "unemployment rose to 4%").

use std::ops::Range;

use super::Taken;
use super::words::{IRREGULAR_PLURALS, STOP, TIME_WORDS};

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

/// What a count counts: its noun phrase up to the first plural ("new food
/// halls", "people"), an "of …" after it ("counts of fraud"), and a
/// following "in …" or "for …" phrase of up to three words ("people in AI
/// skills"), but not a lone place ("people in Geelong").
pub(super) fn count_label(text: &str, at: usize) -> String {
    let rest = head(&text[at..], REACH);
    let mut label: Vec<&str> = Vec::new();
    for word in rest.split_whitespace() {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let lower = clean.to_ascii_lowercase();
        let time = !label.is_empty() && TIME_WORDS.contains(lower.as_str());
        if clean.is_empty()
            || time
            || STOP.contains(lower.as_str())
            || LINKING_VERBS.contains(&lower.as_str())
            || clean.chars().any(|c| c.is_ascii_digit())
            || label.len() == 4
        {
            break;
        }
        label.push(clean);
        let plural = (lower.ends_with('s') && !lower.ends_with("ss"))
            || IRREGULAR_PLURALS.contains(lower.as_str());
        if clean.len() != word.len() || plural {
            break;
        }
    }
    let mut label = label.join(" ");
    let used = label.split_whitespace().count();
    let mut words = rest.split_whitespace().skip(used).peekable();
    if let Some(prep) = words.next_if(|w| matches!(*w, "in" | "for" | "of")) {
        let mut tail = Vec::new();
        let mut timed = false;
        for word in words.take(if prep == "of" { 2 } else { 3 }) {
            let clean = word.trim_end_matches([',', '.', ';', ')', '”']);
            let lower = clean.to_ascii_lowercase();
            // "iPhones in fiscal 2024": the phrase was a time after all.
            if clean.chars().any(|c| c.is_ascii_digit()) || TIME_WORDS.contains(lower.as_str()) {
                timed = true;
                break;
            }
            if clean.is_empty()
                || STOP.contains(lower.as_str())
                || LINKING_VERBS.contains(&lower.as_str())
            {
                break;
            }
            tail.push(clean);
            if clean.len() != word.len() {
                break;
            }
        }
        let lone_place = tail.len() == 1 && tail[0].starts_with(char::is_uppercase);
        if !tail.is_empty() && !lone_place && !timed {
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
    let mut clause_start = window_start + boundary_in(window);
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
    // Dates are found before figures: words of an amount ("$13.7 billion
    // for the year") say nothing about the date.
    let amount = words.iter().any(|w| {
        w.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '€' | '£' | '¥' | '₹'))
            || matches!(
                bare(w).as_str(),
                "billion" | "million" | "trillion" | "crore" | "lakh" | "bln" | "mln" | "trln"
            )
    });
    if amount {
        return String::new();
    }
    words.join(" ")
}

/// What an amount measures, tried in this order: the noun it stands
/// before ("a $300 energy rebate"); the noun it is "of" ("a net profit of
/// $45 million"); what it is spent on or in ("£12m on a new sea wall",
/// "$10 million in resource grants"); the subject of the verb that moved
/// it ("net profit rose 15% to €2.1 billion") or its object ("cut its
/// dividend to 2.3p"). Nothing when none of these is there: a baseline
/// ("from $650 million") or a price with no noun ("closed at HK$18.42").
pub(super) fn money_label(text: &str, span: Range<usize>, taken: &Taken) -> String {
    figure_label(text, span, taken, true)
}

/// What a percentage measures: as for money, and "a 35% rise in net
/// profit" is about net profit, "52% of its revenue" about revenue.
pub(super) fn percent_label(text: &str, span: Range<usize>, taken: &Taken) -> String {
    figure_label(text, span, taken, false)
}

/// Nouns of change: "a 35% rise in X" labels X.
const CHANGE_NOUNS: &[&str] = &[
    "rise", "fall", "increase", "decrease", "drop", "jump", "gain", "growth", "decline", "cut",
    "slump", "surge", "climb",
];

/// Verbs whose subject is what a figure after them measures ("sales fell
/// 4.5%", "revenue was $4.2 billion").
const SUBJECT_VERBS: &[&str] = &[
    "rose",
    "rise",
    "rises",
    "risen",
    "rising",
    "fell",
    "fall",
    "falls",
    "fallen",
    "falling",
    "climbed",
    "climb",
    "jumped",
    "jump",
    "grew",
    "grow",
    "grown",
    "slipped",
    "slip",
    "dropped",
    "drop",
    "widened",
    "narrowed",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "stood",
    "reached",
    "hit",
    "totalled",
    "totaled",
    "increased",
    "decreased",
    "declined",
    "gained",
    "plunged",
    "surged",
    "soared",
    "slumped",
    "eased",
    "edged",
    "cost",
    "costs",
    "came",
    "shrank",
    "shrunk",
    "tumbled",
    "sank",
    "improved",
    "doubled",
    "lost",
    "run",
    "runs",
    "weighs",
    "weighed",
    "uses",
    "use",
    "burned",
    "burnt",
    "covers",
    "covered",
    "measures",
    "measured",
];

/// Verbs whose object is what a figure after "to" or "by" measures ("cut
/// its dividend by 20%", "sold the tower for HK$6.2 billion").
const OBJECT_VERBS: &[&str] = &[
    "cut",
    "cuts",
    "raised",
    "raise",
    "raises",
    "lifted",
    "lift",
    "lowered",
    "lower",
    "increased",
    "reduced",
    "reduce",
    "set",
    "kept",
    "held",
    "sold",
    "bought",
    "trimmed",
    "slashed",
    "hiked",
];

/// Words between a figure and the verb or noun it belongs to ("rose *to*",
/// "*about*", "*up to*"), skipped when looking back.
const FILLERS: &[&str] = &[
    "to",
    "by",
    "at",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "roughly",
    "up",
    "down",
    "record",
    "approximately",
    "just",
    "over",
    "under",
    "than",
    "more",
    "less",
    "a",
    "an",
    "for",
    "only",
    "as",
    "much",
    "estimated",
    "expected",
    "forecast",
];

/// Words that may stand between a subject and its verb ("profit *will*
/// rise", "inflation *is expected to* fall").
const AUXILIARIES: &[&str] = &[
    "will", "would", "could", "may", "might", "should", "has", "have", "had", "is", "was", "are",
    "were", "be", "been", "to", "expected", "forecast", "set", "likely", "also", "sharply",
    "further", "slightly",
];

/// Words a label never starts with: a possessive pronoun, an article.
fn is_determiner(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "its" | "their" | "his" | "her" | "our" | "the" | "a" | "an" | "this" | "that" | "and"
    )
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
        .to_ascii_lowercase()
}

fn figure_label(text: &str, span: Range<usize>, taken: &Taken, money: bool) -> String {
    let after = head(&text[span.end..], REACH);
    let before_words = clause_words(text, span.start, taken);
    let last_before = before_words
        .last()
        .map(|(w, _)| bare(w))
        .unwrap_or_default();
    // "a $300 energy rebate", "a 5.5% pay rise", "a 35% rise in net profit".
    if matches!(last_before.as_str(), "a" | "an") && !after.starts_with([',', '.', ';']) {
        let noun = short_noun(after, 3);
        let first = noun
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if CHANGE_NOUNS.contains(&first.as_str()) {
            // After the noun's word as written (it may carry a bracket or
            // a curly quote the noun was cleaned of).
            let rest = after
                .trim_start()
                .split_once(char::is_whitespace)
                .map_or("", |(_, rest)| rest)
                .trim_start();
            if let Some(x) = rest
                .strip_prefix("in ")
                .or_else(|| rest.strip_prefix("of "))
            {
                let x = short_noun(skip_determiners(x), 3);
                if !x.is_empty() {
                    return x;
                }
            }
        }
        if !noun.is_empty() {
            return noun;
        }
    }
    // "5% growth in subscribers": the change is in what follows.
    if let Some(x) = change_in(after) {
        return x;
    }
    // "a net profit of $45 million", "a charge of about 120 mln dlrs".
    if let Some(noun) = noun_of(&before_words) {
        return noun;
    }
    // "£12m on a new sea wall", "$10 million in resource grants"; for a
    // percentage the verb's subject comes first ("the target is 4.4% of
    // GDP" is about the target), then "52% of its revenue".
    if money && let Some(label) = noun_after_preposition(after, &before_words, money) {
        return label;
    }
    let label = subject_or_object(text, span.start, taken);
    if label.is_empty()
        && !money
        && let Some(label) = noun_after_preposition(after, &before_words, money)
    {
        return label;
    }
    label
}

/// "rise in net profit" right after a figure: the net profit.
fn change_in(after: &str) -> Option<String> {
    let rest = after.trim_start();
    let (first, rest) = rest.split_once(' ')?;
    if !CHANGE_NOUNS.contains(&bare(first).as_str()) || first.ends_with([',', '.']) {
        return None;
    }
    let x = rest
        .strip_prefix("in ")
        .or_else(|| rest.strip_prefix("of "))?;
    let x = short_noun(skip_determiners(x), 3);
    (!x.is_empty()).then_some(x)
}

/// The words of the clause before `at`, each with its byte offset.
pub(super) fn clause_words<'a>(text: &'a str, at: usize, taken: &Taken) -> Vec<(&'a str, usize)> {
    let window = tail(&text[..at], 400);
    let base = at - window.len();
    let mut start = boundary_in(window);
    if let Some(i) = window[start..].rfind(" - ") {
        start += i + 3;
    }
    let _ = taken;
    let clause = &window[start..];
    let offset = base + start;
    clause
        .split_whitespace()
        .map(|w| {
            let pos = w.as_ptr() as usize - clause.as_ptr() as usize;
            (w, offset + pos)
        })
        .collect()
}

fn skip_determiners(text: &str) -> &str {
    let mut rest = text.trim_start();
    while let Some((first, tail)) = rest.split_once(' ')
        && is_determiner(first)
    {
        rest = tail.trim_start();
    }
    rest
}

/// The noun phrase after "on", "for", "in", "of" (and "from" after a
/// raise) following a figure, unless it is a time or a place.
fn noun_after_preposition(after: &str, before: &[(&str, usize)], money: bool) -> Option<String> {
    let mut rest = after.trim_start();
    // "$22.7 billion over 10 years for clean energy": step over the time.
    let words: Vec<&str> = rest.splitn(4, ' ').collect();
    if let [p, n, unit, tail] = words[..]
        && matches!(p, "over" | "within")
        && (n.starts_with(|c: char| c.is_ascii_digit()) || number_word(n))
        && TIME_WORDS.contains(bare(unit).as_str())
    {
        rest = tail;
    }
    let (prep, rest) = rest.split_once(' ')?;
    let raised = before
        .iter()
        .any(|(w, _)| matches!(bare(w).as_str(), "raise" | "raised" | "raising" | "raises"));
    let allowed = match prep {
        "on" | "for" | "in" | "through" => money,
        "of" => true,
        "from" => money && raised,
        _ => false,
    };
    if !allowed {
        return None;
    }
    let rest = skip_determiners(rest);
    // "in Australia", "in October", "in the quarter": a place or a time.
    let first = rest.split_whitespace().next().unwrap_or("");
    let ordinal = matches!(
        bare(first).as_str(),
        "first" | "second" | "third" | "fourth" | "last" | "next"
    );
    let time = (TIME_WORDS.contains(bare(first).as_str()) && !ordinal)
        || head(rest, 40).split_whitespace().take(3).any(|w| {
            matches!(
                bare(w).as_str(),
                "quarter" | "half" | "year" | "earlier" | "ago"
            )
        });
    if time {
        return None;
    }
    let mut noun = short_noun(rest, 3);
    // "in Australia", "in New York": a place, not what is paid for.
    let place = noun
        .split_whitespace()
        .all(|w| w.starts_with(char::is_uppercase));
    if noun.is_empty() || (prep == "in" && place) {
        return None;
    }
    // "a site in Jurong": a place after the noun belongs to it.
    let used: usize = noun.split_whitespace().count();
    let mut more = rest.split_whitespace().skip(used);
    if let Some(p) = more.next().filter(|p| *p == "in")
        && let Some(place) = more.next()
        && place.starts_with(char::is_uppercase)
        && !TIME_WORDS.contains(bare(place).as_str())
    {
        noun = format!("{noun} {p} {}", place.trim_end_matches([',', '.', ';']));
    }
    Some(noun)
}

/// The subject of the verb before a figure ("sales fell 4.5%"), or the
/// object of "cut", "raised" and the like ("cut interest rates to 4.75%").
/// Looks back over fillers and an earlier figure of the same clause ("rose
/// 15% to €2.1 billion"); after ", up 12%" it reads the clause before.
fn subject_or_object(text: &str, at: usize, taken: &Taken) -> String {
    subject_or_object_once(text, at, taken, true)
}

/// [`subject_or_object`]; `look_back` allows one step to the clause before
/// (only one, so a run of ", up 1%, up 2%" stays linear).
fn subject_or_object_once(text: &str, at: usize, taken: &Taken, look_back: bool) -> String {
    let mut words = clause_words(text, at, taken);
    while let Some((w, pos)) = words.last().copied() {
        let b = bare(w);
        // An earlier figure ("rose 15% to", "rose 15 per cent to"): step
        // over its words, found or not yet.
        let numeric = w.chars().any(|c| c.is_ascii_digit())
            || matches!(
                b.as_str(),
                "per" | "cent" | "percent" | "billion" | "million"
            )
            || taken.overlaps(&(pos..pos + w.len()));
        if b == "from" || b == "against" || b == "compared" {
            return String::new();
        }
        if numeric || FILLERS.contains(&b.as_str()) {
            words.pop();
            continue;
        }
        break;
    }
    // ", up 12%": the clause was only a change; read the one before.
    if words.is_empty() {
        let clause_start = clause_start(text, at);
        let up_or_down = text[clause_start..at]
            .split_whitespace()
            .next()
            .is_some_and(|w| matches!(w, "up" | "down"));
        if look_back && up_or_down && clause_start > 0 && text[..clause_start].ends_with(',') {
            return subject_or_object_once(text, clause_start - 1, taken, false);
        }
        return String::new();
    }
    let Some((verb, _)) = words.last().copied() else {
        return String::new();
    };
    // "a 35% rise in quarterly net profit to Rs 16,175 crore".
    if let Some(i) = words
        .iter()
        .rposition(|(w, _)| CHANGE_NOUNS.contains(&bare(w).as_str()))
        && words
            .get(i + 1)
            .is_some_and(|(w, _)| matches!(*w, "in" | "of"))
    {
        let x: Vec<&str> = words[i + 2..]
            .iter()
            .map(|(w, _)| *w)
            .skip_while(|w| is_determiner(w))
            .take(4)
            .collect();
        if !x.is_empty() && !x.iter().any(|w| STOP.contains(bare(w).as_str())) {
            return x.join(" ");
        }
    }
    let verb = bare(verb);
    if SUBJECT_VERBS.contains(&verb.as_str()) {
        words.pop();
        while words
            .last()
            .is_some_and(|(w, _)| AUXILIARIES.contains(&bare(w).as_str()))
        {
            words.pop();
        }
        return subject(&words);
    }
    // "cut its dividend by", "lifted its dividend to".
    let object_at = words
        .iter()
        .rposition(|(w, _)| OBJECT_VERBS.contains(&bare(w).as_str()));
    if let Some(i) = object_at
        && words.len() - i - 1 <= 4
        && i + 1 < words.len()
    {
        let object: Vec<&str> = words[i + 1..]
            .iter()
            .map(|(w, _)| *w)
            .skip_while(|w| is_determiner(w))
            .collect();
        if !object.is_empty() && !object.iter().any(|w| STOP.contains(bare(w).as_str())) {
            return object.join(" ");
        }
    }
    String::new()
}

/// A number written as a word ("ten", "three").
fn number_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "several"
    )
}

/// Where the clause holding `at` starts.
fn clause_start(text: &str, at: usize) -> usize {
    let window = tail(&text[..at], 400);
    let base = at - window.len();
    base + boundary_in(window)
}

/// Where the last clause of `window` starts: after its last punctuation,
/// where a full stop or comma counts only before a space (not the ones in
/// "4.5%" or "2,300").
fn boundary_in(window: &str) -> usize {
    let chars = window.char_indices().rev();
    let mut next: Option<char> = None;
    for (i, c) in chars {
        let ends = match c {
            ',' | '.' => next.is_none_or(char::is_whitespace),
            ';' | ':' | '“' | '”' | '(' | ')' | '"' | '—' => true,
            _ => false,
        };
        if ends {
            return i + c.len_utf8();
        }
        next = Some(c);
    }
    0
}

/// A subject as a label: after the last "said" or "that", without leading
/// determiners, cut at "at", "for", "on" ("sales at stores open a year" is
/// sales); at most four words that are not small ones.
fn subject(words: &[(&str, usize)]) -> String {
    let from = words
        .iter()
        .rposition(|(w, _)| {
            matches!(
                bare(w).as_str(),
                "said"
                    | "says"
                    | "say"
                    | "that"
                    | "while"
                    | "reported"
                    | "showed"
                    | "shows"
                    | "but"
                    | "as"
                    | "after"
                    | "expects"
                    | "estimated"
                    | "when"
                    | "where"
            )
        })
        .map_or(0, |i| i + 1);
    let mut out: Vec<&str> = words[from..]
        .iter()
        .map(|(w, _)| *w)
        .skip_while(|w| is_determiner(w) || STOP.contains(bare(w).as_str()))
        .collect();
    if let Some(cut) = out
        .iter()
        .position(|w| matches!(bare(w).as_str(), "at" | "for" | "on" | "from" | "with"))
    {
        out.truncate(cut);
    }
    let content = out
        .iter()
        .filter(|w| !STOP.contains(bare(w).as_str()))
        .count();
    if content > 4 {
        if let Some(cut) = out.iter().position(|w| STOP.contains(bare(w).as_str())) {
            out.truncate(cut);
        } else {
            out.drain(..out.len() - 4);
        }
    }
    // "revenue in FY2025": a date or figure ends the subject.
    if let Some(cut) = out
        .iter()
        .position(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        out.truncate(cut);
        while out.last().is_some_and(|w| STOP.contains(bare(w).as_str())) {
            out.pop();
        }
    }
    out.join(" ")
}

/// Verbs that end the words before a measure without being what it
/// measures ("the new laptop weighs 1.24 kg").
const LINKING_VERBS: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "weighs",
    "weighed",
    "measures",
    "measured",
    "reached",
    "reaches",
    "recorded",
    "hit",
    "hits",
    "has",
    "had",
    "have",
    "fell",
    "rose",
    "struck",
    "totalled",
    "totaled",
    "pumped",
    "generate",
    "generates",
    "uses",
    "expected",
    "estimated",
    "captures",
];

/// What a measure measures: the noun after "of" ("82mm of rain"), the
/// noun it describes after an article ("a 6.8-inch screen", "a 4km stretch
/// of coast"), the noun it is "of" ("gusts of 78 mph"), or the subject of
/// the verb before it ("the new laptop weighs 1.24 kg").
pub(super) fn measure_label(text: &str, span: Range<usize>, taken: &Taken) -> String {
    let after = &text[span.end..];
    let before_words = clause_words(text, span.start, taken);
    let after_article = before_words
        .last()
        .is_some_and(|(w, _)| matches!(bare(w).as_str(), "a" | "an" | "the"));
    if let Some(rest) = after.strip_prefix(" of ") {
        let label = short_noun(rest, 2);
        if !label.is_empty() {
            return label;
        }
    } else if after_article {
        let mut label = short_noun(after, 3);
        let used = label.split_whitespace().count();
        let mut more = after.split_whitespace().skip(used);
        if !label.is_empty()
            && more.next() == Some("of")
            && let Some(x) = more.next()
        {
            let x = x.trim_end_matches([',', '.', ';']);
            if !STOP.contains(bare(x).as_str()) && !x.chars().any(|c| c.is_ascii_digit()) {
                label = format!("{label} of {x}");
            }
        }
        if !label.is_empty() {
            return label;
        }
    }
    if let Some(noun) = noun_of(&before_words) {
        return noun;
    }
    subject_or_object(text, span.start, taken)
}

/// The noun a figure is "of", looking back over fillers ("a depth of 33
/// kilometres", "a charge of about 120 mln dlrs"): up to three words, not
/// past a verb, a determiner or a comma.
pub(super) fn noun_of(before_words: &[(&str, usize)]) -> Option<String> {
    let mut words = before_words.to_vec();
    while words.len() > 1 && FILLERS.contains(&bare(words[words.len() - 1].0).as_str()) {
        words.pop();
    }
    if words.last().is_none_or(|(w, _)| bare(w) != "of") {
        return None;
    }
    words.pop();
    let noun: Vec<&str> = words
        .iter()
        .rev()
        .take_while(|(w, _)| {
            let b = bare(w);
            !is_determiner(w)
                && !STOP.contains(b.as_str())
                && !SUBJECT_VERBS.contains(&b.as_str())
                && !OBJECT_VERBS.contains(&b.as_str())
                && !PARTICIPLES.contains(&b.as_str())
                && !LINKING_VERBS.contains(&b.as_str())
                && !w.ends_with(',')
        })
        .take(3)
        .map(|(w, _)| *w)
        .collect();
    if noun.is_empty() || noun.iter().any(|w| bare(w) == "worth") {
        return None;
    }
    Some(noun.into_iter().rev().collect::<Vec<_>>().join(" "))
}

/// Up to `max` words of the noun phrase starting `text`, ending at a small
/// word, a time, a verb, a number or punctuation.
fn short_noun(text: &str, max: usize) -> String {
    let words: Vec<&str> = head(text, REACH).split_whitespace().take(max + 1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, word) in words.iter().enumerate().take(max) {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let lower = clean.to_ascii_lowercase();
        // "stores and technology": "and" joins two nouns, never ends one.
        let joins = lower == "and"
            && !out.is_empty()
            && words
                .get(i + 1)
                .is_some_and(|n| !STOP.contains(bare(n).as_str()) && i + 1 < max);
        let ordinal = matches!(lower.as_str(), "first" | "second" | "third" | "fourth");
        if clean.is_empty()
            || (STOP.contains(lower.as_str()) && !joins)
            || (TIME_WORDS.contains(lower.as_str()) && !ordinal)
            || LINKING_VERBS.contains(&lower.as_str())
            || AUXILIARIES.contains(&lower.as_str())
            || PARTICIPLES.contains(&lower.as_str())
            || clean.chars().any(|c| c.is_ascii_digit())
            || (!out.is_empty()
                && ((lower.ends_with("ed") && !lower.ends_with("eed"))
                    || lower == "fell"
                    || lower == "hit"))
        {
            break;
        }
        out.push(clean);
        if word.len() != word.trim_end_matches([',', '.', ';', ':', ')', '”']).len() {
            break;
        }
    }
    out.join(" ")
}

/// Past forms that end a noun phrase without "-ed" ("cocaine hidden in").
const PARTICIPLES: &[&str] = &[
    "hidden", "taken", "given", "stolen", "found", "held", "sold", "left", "brought", "made",
    "seen", "built", "paid", "sent", "kept", "just", "could", "can",
];

#[cfg(test)]
mod tests {
    use super::super::figures;
    use super::*;

    /// The label of the figure written `want` in `text`.
    fn label_of(text: &str, want: &str) -> String {
        let mut taken = Taken::default();
        let mut out = None;
        figures::find(text, "USD", &mut taken, &mut |_, span, _, label| {
            if &text[span] == want {
                out = Some(label);
            }
        });
        out.unwrap_or_else(|| panic!("{want:?} not found in {text:?}"))
    }

    /// A change noun written in a bracket or curly quotes ("a 10%
    /// (“cut” in hours)"): its label is looked for after the word as
    /// written, never by a byte count that lands inside the quote mark.
    #[test]
    fn a_quoted_change_noun_does_not_split_a_character() {
        for text in [
            "The union accepted a 10% (“cut” in hours).",
            "Staff were offered a 4% «“rise” of pay».",
        ] {
            let want = if text.contains("10%") { "10%" } else { "4%" };
            let _ = label_of(text, want);
        }
    }

    #[test]
    fn a_label_is_what_the_figure_measures() {
        assert_eq!(
            label_of("Net profit rose 15% to €2.1 billion.", "€2.1 billion"),
            "Net profit"
        );
        assert_eq!(
            label_of("Net profit rose 15% to €2.1 billion.", "15%"),
            "Net profit"
        );
        assert_eq!(
            label_of("The board declared a final dividend of 8p a share.", "8p"),
            "final dividend"
        );
        assert_eq!(
            label_of("The council will spend £12m on a new sea wall.", "£12m"),
            "new sea wall"
        );
        assert_eq!(
            label_of("The budget has a $300 energy rebate.", "$300"),
            "energy rebate"
        );
        assert_eq!(
            label_of("It posted a 35% rise in quarterly net profit.", "35%"),
            "quarterly net profit"
        );
        assert_eq!(
            label_of("Rio Tinto cut its dividend by 20%.", "20%"),
            "dividend"
        );
        assert_eq!(
            label_of("Inflation is expected to fall to 2.75% by June.", "2.75%"),
            "Inflation"
        );
    }

    #[test]
    fn never_a_leftover_small_word() {
        // "up:", "rise:", "against:", "it:", "each:" from the issue.
        assert_eq!(
            label_of(
                "Revenue was $4.2 billion, up 12% from a year earlier.",
                "12%"
            ),
            "Revenue"
        );
        assert_eq!(
            label_of(
                "Inflation rose to 3.8%, a rise of 0.2 percentage points.",
                "0.2 percentage points"
            ),
            ""
        );
        assert_eq!(
            label_of(
                "Profit was 210 billion yen, against 180 billion yen a year ago.",
                "180 billion yen"
            ),
            ""
        );
        assert_eq!(
            label_of(
                "The company said it expects 5% growth in subscribers.",
                "5%"
            ),
            "subscribers"
        );
        assert_eq!(
            label_of(
                "The two chains will each pay a fine of $2 million.",
                "$2 million"
            ),
            "fine"
        );
    }

    #[test]
    fn never_a_label_about_something_else() {
        // The 2% is the fall in sales, not in stores.
        assert_eq!(
            label_of(
                "Sales at stores open more than a year have fallen 2%.",
                "2%"
            ),
            "Sales"
        );
    }

    #[test]
    fn measures_and_counts() {
        assert_eq!(label_of("Up to 120mm of rain could fall.", "120mm"), "rain");
        assert_eq!(label_of("It has a 6.8-inch screen.", "6.8-inch"), "screen");
        assert_eq!(
            label_of("Storm Darragh brought gusts of 96 mph.", "96 mph"),
            "gusts"
        );
        assert_eq!(
            label_of("The new laptop weighs 1.24 kg.", "1.24 kg"),
            "new laptop"
        );
        assert_eq!(
            label_of("It will open 10 new food halls.", "10"),
            "new food halls"
        );
        assert_eq!(
            label_of("He admitted 14 counts of fraud at court.", "14"),
            "counts of fraud"
        );
        assert_eq!(
            label_of(
                "Apple sold 232 million iPhones in fiscal 2024.",
                "232 million"
            ),
            "iPhones"
        );
        assert_eq!(
            label_of("A crowd of 100,024 watched the final.", "100,024"),
            "crowd"
        );
    }
}
