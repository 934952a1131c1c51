//! Dates: calendar dates, months, financial years, quarters, decades,
//! weekdays, durations and years, each with a normal form where the text
//! gives one (`2018-03-31`, `2021-06`, `FY2024`, `2016/2017`, `2025-Q3`).
//!
//! Calendar dates are found before figures ([`find_calendar`]), so the day
//! in "May 11" or "12 August" is never read as a count; durations and bare
//! years come after figures ([`find`]), so "$2,024" stays money.

use std::sync::LazyLock;

use regex::Regex;

use super::figures::{NUM, WORD_NUM, number_value, plain};
use super::labels::phrase_before;
use super::{FactKind, Sink, Taken, regex};

/// A month as written: full names, and abbreviations with or without their
/// full stop ("Sept. 12", Reuters' "Feb 6").
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";

/// Only full month names stand after a day ("4 July 2024") or before a year
/// ("June 2021"): an abbreviation there is too often something else.
const FULL_MONTH: &str =
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)";

const YEAR: &str = r"(?:1[89]|20)\d\d";

/// The month number of a month name or abbreviation.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    let prefix = word.get(..3)?;
    let n = match prefix {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// Dates on the calendar, tried in this order at each place in the text
/// (the regex takes the first alternative that matches).
static CALENDAR: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?x)
        (?-u:\b)(?P<iso>{YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)(?-u:\b)
        | (?-u:\b)(?P<mon>{MONTH})\s(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s(?P<year>{YEAR}))?(?-u:\b)
        | (?-u:\b)(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s(?P<mon2>{FULL_MONTH})(?:,?\s(?P<year2>{YEAR}))?(?-u:\b)
        | (?-u:\b)(?P<mon3>{FULL_MONTH})\s(?P<year3>{YEAR})(?-u:\b)
        | (?-u:\b)Q(?P<q>[1-4])\s?(?:(?P<q_year>{YEAR})|FY\s?(?P<q_fy>\d\d(?:\d\d)?))(?-u:\b)
        | (?-u:\b)(?P<qw>first|second|third|fourth)\squarter(?:\sof\s(?P<qw_year>{YEAR}))?(?-u:\b)
        | (?-u:\b)FY\s?'?(?P<fy>\d\d(?:\d\d)?)(?-u:\b)
        | (?-u:\b)(?P<span_a>{YEAR})[/\-–](?P<span_b>\d\d(?:\d\d)?)(?-u:\b)
        | (?-u:\b)(?P<decade>{YEAR})s(?-u:\b)
        | (?-u:\b)(?:on|last|next|this|by|until)\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)
        "
    ))
});

static YEAR_ALONE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?:(?-u:\b)|^)(?P<year>{YEAR})(?:年|(?-u:\b))")));

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?:(?:over|for|within|in|during)\s(?:the\s)?(?:(?:next|past|last|coming)\s)(?:(?P<n1>{NUM}|{WORD_NUM})\s)?(?P<u1>years?|months?|weeks?|days?|decades?)|(?:(?:the\s)?(?:next|past|last|coming)\s)(?P<n5>{NUM}|{WORD_NUM})\s(?P<u5>years?|months?|weeks?|days?|decades?))(?-u:\b)|(?-u:\b)(?:over|for|within)\s(?P<n2>{NUM}|{WORD_NUM})\s(?P<u2>years?|months?|weeks?|days?|decades?|hours?)(?-u:\b)|(?-u:\b)(?P<n3>{NUM}|{WORD_NUM})(?:\s(?P<m3>million|billion))?\s(?P<u3>years?|months?|weeks?|days?|hours?|minutes?)\s(?:later|ago)(?-u:\b)|(?-u:\b)(?P<n4>{WORD_NUM}|\d{{1,3}})-(?P<u4>year|month|week|day|hour)(?-u:\b)"
    ))
});

/// A four-digit year for a financial year written `24` or `2024`.
fn full_year(digits: &str) -> Option<u32> {
    let n: u32 = digits.parse().ok()?;
    Some(if digits.len() == 2 { 2000 + n } else { n })
}

/// The normal form of a calendar match, or `None` when the text does not
/// pin one down (a day without a year, a bare quarter) or is no date after
/// all (`2016/12` is not a span of years).
fn calendar_normal(caps: &regex::Captures<'_>) -> Result<Option<String>, ()> {
    let get = |name: &str| caps.name(name).map(|m| m.as_str());
    if let (Some(y), Some(m), Some(d)) = (get("iso"), get("iso_m"), get("iso_d")) {
        return Ok(Some(format!("{y}-{m}-{d}")));
    }
    let day_date = |mon: Option<&str>, day: Option<&str>, year: Option<&str>| {
        let month = mon.and_then(month_number).ok_or(())?;
        let day: u32 = day.and_then(|d| d.parse().ok()).ok_or(())?;
        if !(1..=31).contains(&day) {
            return Err(());
        }
        Ok(year.map(|y| format!("{y}-{month:02}-{day:02}")))
    };
    if get("mon").is_some() {
        return day_date(get("mon"), get("day"), get("year"));
    }
    if get("mon2").is_some() {
        return day_date(get("mon2"), get("day2"), get("year2"));
    }
    if let (Some(mon), Some(year)) = (get("mon3"), get("year3")) {
        let month = month_number(mon).ok_or(())?;
        return Ok(Some(format!("{year}-{month:02}")));
    }
    if let Some(q) = get("q") {
        return Ok(match (get("q_year"), get("q_fy").and_then(full_year)) {
            (Some(year), _) => Some(format!("{year}-Q{q}")),
            (None, Some(fy)) => Some(format!("FY{fy}-Q{q}")),
            (None, None) => None,
        });
    }
    if let Some(word) = get("qw") {
        let q = match word {
            "first" => 1,
            "second" => 2,
            "third" => 3,
            _ => 4,
        };
        return Ok(get("qw_year").map(|y| format!("{y}-Q{q}")));
    }
    if let Some(fy) = get("fy") {
        return Ok(full_year(fy).map(|y| format!("FY{y}")));
    }
    if let (Some(a), Some(b)) = (get("span_a"), get("span_b")) {
        // "2016/17" and "2025-26" run to the next year; "2010-2014" to a
        // later one. Anything else ("2016/12") is no span of years.
        let from: u32 = a.parse().map_err(|_| ())?;
        let to = if b.len() == 2 {
            let next = (from + 1) % 100;
            (b.parse::<u32>().map_err(|_| ())? == next).then_some(from + 1)
        } else {
            b.parse::<u32>()
                .ok()
                .filter(|&to| to > from && to - from <= 50)
        };
        return to.map(|to| Some(format!("{from}/{to}"))).ok_or(());
    }
    if let Some(decade) = get("decade") {
        return if decade.ends_with('0') {
            Ok(Some(format!("{decade}s")))
        } else {
            Err(())
        };
    }
    Ok(None)
}

/// Calendar dates, months, financial years, quarters, spans of years,
/// decades and weekdays; run before figures so their numbers stay dates.
pub(super) fn find_calendar(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in CALENDAR.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if taken.overlaps(&whole.range()) {
            continue;
        }
        let Ok(normalized) = calendar_normal(&caps) else {
            continue;
        };
        // A decade is the year part: "the 1990s" lists "1990s".
        let label = phrase_before(text, whole.start(), 5, taken);
        taken.insert(whole.range());
        sink(FactKind::Date, whole.range(), normalized, label);
    }
}

/// Durations and bare years, after figures have taken theirs.
pub(super) fn find(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in DURATION.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // "17-year-old" is an age, not a period; "its biggest one-day fall"
        // measures a move, not a time.
        let next = text[whole.end()..].split_whitespace().next().unwrap_or("");
        let a_move = caps.name("n4").is_some()
            && matches!(
                next.trim_end_matches([',', '.']),
                "fall"
                    | "rise"
                    | "drop"
                    | "gain"
                    | "loss"
                    | "decline"
                    | "move"
                    | "jump"
                    | "high"
                    | "low"
            );
        if taken.overlaps(&whole.range()) || text[whole.end()..].starts_with("-old") || a_move {
            continue;
        }
        let mult = match caps.name("m3").map(|m| m.as_str()) {
            Some("million") => 1e6,
            Some("billion") => 1e9,
            _ => 1.0,
        };
        let n = ["n1", "n2", "n3", "n4", "n5"]
            .iter()
            .find_map(|g| caps.name(g))
            .and_then(|n| number_value(n.as_str()))
            .map(|n| n * mult);
        let unit = ["u1", "u2", "u3", "u4", "u5"]
            .iter()
            .find_map(|g| caps.name(g))
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
        taken.insert(whole.range());
        sink(FactKind::Date, whole.range(), normalized, label);
    }
    for caps in YEAR_ALONE.captures_iter(text) {
        let year = caps.name("year").expect("group");
        let whole = caps.get(0).expect("match");
        // Not inside a figure, and not a quantity ("1978 people").
        let span = year.start()..whole.end();
        if taken.overlaps(&span) {
            continue;
        }
        let label = phrase_before(text, year.start(), 5, taken);
        taken.insert(span.clone());
        sink(FactKind::Date, span, Some(year.as_str().to_owned()), label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text, normal form)` of every date found in `text`.
    fn dates(text: &str) -> Vec<(String, Option<String>)> {
        let mut taken = Taken::default();
        let mut out = Vec::new();
        let mut sink = |_, span: std::ops::Range<usize>, normal: Option<String>, _| {
            out.push((text[span].to_owned(), normal));
        };
        find_calendar(text, &mut taken, &mut sink);
        find(text, &mut taken, &mut sink);
        out
    }

    fn one(text: &str, want: &str, normal: Option<&str>) {
        let got = dates(text);
        assert!(
            got.iter().any(|(t, n)| t == want && n.as_deref() == normal),
            "{text:?}: want {want:?} {normal:?}, got {got:?}"
        );
    }

    #[test]
    fn a_dateline_day_is_a_date() {
        one("TOKYO, May 11 (Reuters) - Sony said", "May 11", None);
        one("SYDNEY, Aug 20 (Reuters) - BHP", "Aug 20", None);
        one("LONDON, June 30 (Reuters) -", "June 30", None);
    }

    #[test]
    fn a_day_with_its_year_is_one_date() {
        one(
            "the year ended March 31 2018 was",
            "March 31 2018",
            Some("2018-03-31"),
        );
        one(
            "on Jan. 8, 2027, in court",
            "Jan. 8, 2027",
            Some("2027-01-08"),
        );
        one(
            "held on 4 July 2024, he said",
            "4 July 2024",
            Some("2024-07-04"),
        );
        one("from 12 August for", "12 August", None);
        one("on 2025-01-01.", "2025-01-01", Some("2025-01-01"));
    }

    #[test]
    fn months_years_and_periods() {
        one("went public in June 2021 at", "June 2021", Some("2021-06"));
        one("Net debt in 2016/17, it", "2016/17", Some("2016/2017"));
        one("target for 2025-26 is", "2025-26", Some("2025/2026"));
        one("margins in FY24 as", "FY24", Some("FY2024"));
        one("report its Q3 2025 results", "Q3 2025", Some("2025-Q3"));
        one("fell in Q2 FY25.", "Q2 FY25", Some("FY2025-Q2"));
        one(
            "the third quarter of 2024, it",
            "third quarter of 2024",
            Some("2024-Q3"),
        );
        one("decline since the 1970s.", "1970s", Some("1970s"));
    }

    #[test]
    fn not_a_span_of_years() {
        assert!(
            dates("code 2016/12 here")
                .iter()
                .all(|(t, _)| t != "2016/12")
        );
    }

    #[test]
    fn durations_later_and_ago() {
        one(
            "the village 36 hours later.",
            "36 hours later",
            Some("36 hours"),
        );
        one(
            "about 4.5 billion years ago.",
            "4.5 billion years ago",
            Some("4500000000 years"),
        );
        one("after a two-day meeting", "two-day", Some("2 days"));
    }
}
