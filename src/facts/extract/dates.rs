//! Dates: calendar dates, weekdays, quarters, durations and years.

use std::sync::LazyLock;

use regex::Regex;

use super::figures::{NUM, WORD_NUM, number_value, plain};
use super::labels::phrase_before;
use super::{FactKind, Sink, Taken, regex};

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

pub(super) fn find(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for m in FULL_DATE.find_iter(text) {
        if !taken.overlaps(&m.range()) {
            taken.insert(m.range());
            let label = phrase_before(text, m.start(), 5, taken);
            sink(FactKind::Date, m.range(), None, label);
        }
    }
    for caps in DURATION.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if taken.overlaps(&whole.range()) {
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
        taken.insert(whole.range());
        sink(FactKind::Date, whole.range(), normalized, label);
    }
    for caps in YEAR.captures_iter(text) {
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
