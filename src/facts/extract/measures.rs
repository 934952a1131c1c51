//! Measures and sport numbers: amounts with a unit (`82mm`, `1.2GW`,
//! `6.8-inch`), scores (`4-0`), match minutes (`67th minute`), ages (`Smith,
//! 34,`), rankings (`world No 3`) and quake magnitudes. Each is a figure
//! whose normal form says what kind of number it is, so the sidebar reads
//! `rain: 82mm (82 mm)`, `win: 2-1`, `Jamie Vardy: 37 (age 37)`.
//!
//! Run after money and percentages and before plain counts, so "25kg of
//! cocaine" is a weight, not 25 of something called "kg".

use std::sync::LazyLock;

use regex::Regex;

use super::figures::{NUM, number_value, plain};
use super::labels::{measure_label, tail};
use super::words::{STOP, TIME_WORDS};
use super::{FactKind, Sink, Taken, add_once, regex};

/// Units as written, longest first within a family, each with the symbol
/// its normal form uses. Symbols that are also common letters or scale
/// words (`m`, `g`, `t`) are only read spelled out.
const UNITS: &[(&str, &str)] = &[
    ("square kilometres", "km²"),
    ("square kilometers", "km²"),
    ("sq km", "km²"),
    ("km²", "km²"),
    ("km/h", "km/h"),
    ("kph", "km/h"),
    ("kilometres per hour", "km/h"),
    ("kilometers per hour", "km/h"),
    ("miles per hour", "mph"),
    ("mph", "mph"),
    ("millimetres", "mm"),
    ("millimeters", "mm"),
    ("mm", "mm"),
    ("centimetres", "cm"),
    ("centimeters", "cm"),
    ("cm", "cm"),
    ("kilometres", "km"),
    ("kilometers", "km"),
    ("km", "km"),
    ("metres", "m"),
    ("meters", "m"),
    ("metre", "m"),
    ("meter", "m"),
    ("miles", "mi"),
    ("mile", "mi"),
    ("kilograms", "kg"),
    ("kilos", "kg"),
    ("kg", "kg"),
    ("grams", "g"),
    ("gram", "g"),
    ("tonnes", "tonnes"),
    ("tonne", "tonnes"),
    ("tons", "tons"),
    ("inches", "inch"),
    ("inch", "inch"),
    ("megapixels", "MP"),
    ("megapixel", "MP"),
    ("MP", "MP"),
    ("megawatts", "MW"),
    ("MW", "MW"),
    ("gigawatts", "GW"),
    ("GW", "GW"),
    ("kWh", "kWh"),
    ("MWh", "MWh"),
    ("GWh", "GWh"),
    ("TWh", "TWh"),
    ("mAh", "mAh"),
    ("barrels", "barrels"),
    ("barrel", "barrels"),
    ("hectares", "ha"),
    ("GB", "GB"),
    ("TB", "TB"),
    ("degrees Celsius", "°C"),
    ("°C", "°C"),
    ("C", "°C"),
    ("degrees Fahrenheit", "°F"),
    ("°F", "°F"),
    ("hours", "hours"),
    ("minutes", "minutes"),
    ("seconds", "seconds"),
];

/// The normal symbol of a unit as written.
fn unit_symbol(written: &str) -> Option<&'static str> {
    UNITS
        .iter()
        .find(|(w, _)| *w == written)
        .map(|&(_, symbol)| symbol)
}

static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    let units: Vec<String> = UNITS.iter().map(|(w, _)| regex::escape(w)).collect();
    regex(&format!(
        r"(?:^|[\s(])(?P<neg>-)?(?P<num>{NUM})(?:\s(?P<mult>million|billion|thousand))?(?P<sep>\s|-)?(?P<unit>{})(?:(?-u:\b)|$|[\s.,;:)])",
        units.join("|")
    ))
});

/// `4-0`, `27–15`: two small numbers joined by a hyphen or en dash.
static SCORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?P<a>\d{1,3})[-–](?P<b>\d{1,3})(?-u:\b)"));

static MINUTE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?P<n>\d{1,3})(?:st|nd|rd|th)\sminute(?-u:\b)"));

/// `Jamie Vardy, 37,` and `Alex de Minaur, 25,`: a capitalised name, a
/// comma, a number of years, a comma.
static AGE_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?P<name>[A-Z][\w'’.-]*(?:\s(?:(?:de|da|di|van|von|der|le|la|bin|al|el)\s)?[A-Z][\w'’.-]*){0,3}),\s(?P<n>\d{1,3}),",
    )
});

static AGE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?:aged\s(?P<a>\d{1,3})|age\sof\s(?P<b>\d{1,3})|(?P<c>\d{1,3})-year-old)(?-u:\b)",
    )
});

/// `world No 8`, `No. 3 seed`, `ranked 12th`.
static RANK: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:(?P<world>world)\s)?(?P<rank>(?-i:No)\.?\s?(?P<n>\d{1,4}))(?-u:\b)(?P<seed>\sseed)?|(?-u:\b)ranked\s(?P<ord>\d{1,4}(?:st|nd|rd|th))(?P<in_world>\sin\sthe\sworld)?",
    )
});

static MAGNITUDE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?-u:\b)(?:magnitude[\s-](?P<a>\d(?:\.\d)?)|(?P<b>\d\.\d)[\s-]magnitude)(?-u:\b)")
});

/// Words after a score that say what it was.
const RESULTS: &[&str] = &[
    "win",
    "victory",
    "defeat",
    "draw",
    "loss",
    "lead",
    "triumph",
    "thrashing",
    "scoreline",
    "aggregate",
];

/// Verbs before a score (`beat Leeds 2-1`, `won 3-2`).
const RESULT_VERBS: &[&str] = &[
    "beat", "beating", "won", "win", "wins", "lost", "lose", "losing", "drew", "draw", "defeated",
    "thrashed", "edged", "led", "leads", "trail", "trailed", "lead",
];

pub(super) fn find(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    magnitudes(text, taken, sink);
    ages(text, taken, sink);
    ranks(text, taken, sink);
    scores(text, taken, sink);
    for caps in MINUTE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let normal = whole.as_str().to_owned();
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normal),
            String::new(),
            taken,
        );
    }
    measures(text, taken, sink);
}

fn measures(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in MEASURE.captures_iter(text) {
        let num = caps.name("num").expect("group");
        let unit = caps.name("unit").expect("group");
        let Some(symbol) = unit_symbol(unit.as_str()) else {
            continue;
        };
        let glued = caps.name("sep").is_none();
        let start = caps.name("neg").map_or(num.start(), |m| m.start());
        let previous = tail(&text[..start], 64)
            .split_whitespace()
            .next_back()
            .unwrap_or("");
        // A bare `C` is a temperature only glued to its number ("-18C"),
        // and not a label's letter ("Section 12C").
        if unit.as_str() == "C" && (!glued || previous.starts_with(char::is_uppercase)) {
            continue;
        }
        let span = start..unit.end();
        // A time in hours or minutes said as a period ("for 3 hours", "36
        // hours later") is a duration, left to the dates.
        if matches!(symbol, "hours" | "minutes" | "seconds") {
            let after = text[span.end..].trim_start();
            let period = ["over", "for", "within", "in"].contains(&previous)
                || after.starts_with("later")
                || after.starts_with("ago");
            if period {
                continue;
            }
        }
        let mut value = number_value(num.as_str()).unwrap_or(0.0);
        if let Some(m) = caps.name("mult") {
            value *= match m.as_str() {
                "thousand" => 1e3,
                "million" => 1e6,
                _ => 1e9,
            };
        }
        if caps.name("neg").is_some() {
            value = -value;
        }
        let normal = format!("{} {symbol}", plain(value));
        let label = measure_label(text, span.clone(), taken);
        add_once(sink, FactKind::Figure, span, Some(normal), label, taken);
    }
}

fn scores(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    let mut last_score_end = None;
    for caps in SCORE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let before = tail(&text[..whole.start()], 64);
        let previous = before.split_whitespace().next_back().unwrap_or("");
        let after = &text[whole.end()..];
        let next = after
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        let result_noun = RESULTS.contains(&next.as_str());
        let after_verb = RESULT_VERBS.contains(&previous.to_ascii_lowercase().as_str());
        // "beat Casper Ruud 6-4, 7-6": a team or player just before, or the
        // previous set's score.
        let after_name = previous.chars().next().is_some_and(char::is_uppercase)
            && !previous.ends_with(['.', ':'])
            && !before.trim_end().ends_with('.');
        let chained = last_score_end.is_some_and(|end: usize| {
            text[end..whole.start()]
                .trim()
                .trim_matches(',')
                .trim()
                .is_empty()
        });
        let followed_by_noun = next.chars().next().is_some_and(char::is_alphabetic)
            && !result_noun
            && !STOP.contains(next.as_str());
        if !(result_noun || after_verb || chained || (after_name && !followed_by_noun)) {
            continue;
        }
        let (Some(a), Some(b)) = (
            caps.name("a").and_then(|m| m.as_str().parse::<u32>().ok()),
            caps.name("b").and_then(|m| m.as_str().parse::<u32>().ok()),
        ) else {
            continue;
        };
        let label = if result_noun { next } else { String::new() };
        if !taken.overlaps(&whole.range()) {
            last_score_end = Some(whole.end());
        }
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(format!("{a}-{b}")),
            label,
            taken,
        );
    }
}

fn ages(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in AGE_AFTER_NAME.captures_iter(text) {
        let name = caps.name("name").expect("group");
        let n = caps.name("n").expect("group");
        let Ok(age) = n.as_str().parse::<u32>() else {
            continue;
        };
        // "In March, 34, ..." or "Sales, 12, ..." are no ages: the name
        // must look like a person's (no time word) and the age a life.
        let words: Vec<&str> = name
            .as_str()
            .split_whitespace()
            .skip_while(|w| STOP.contains(w.to_ascii_lowercase().as_str()))
            .collect();
        let timed = words
            .iter()
            .any(|w| TIME_WORDS.contains(w.to_ascii_lowercase().as_str()));
        if !(1..=115).contains(&age) || timed || words.first().is_none_or(|w| w.len() < 2) {
            continue;
        }
        // "at Anfield. Jamie Vardy, 37,": the name starts after a full stop
        // that ends a sentence (not an initial's).
        let from = words
            .iter()
            .rposition(|w| w.ends_with('.') && w.trim_end_matches('.').chars().count() > 1)
            .map_or(0, |i| i + 1);
        let words = &words[from..];
        if words.is_empty() {
            continue;
        }
        let name = words.join(" ");
        add_once(
            sink,
            FactKind::Figure,
            n.range(),
            Some(format!("age {age}")),
            name,
            taken,
        );
    }
    for caps in AGE_WORDS.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let Some(age) = ["a", "b", "c"]
            .iter()
            .find_map(|g| caps.name(g))
            .and_then(|m| m.as_str().parse::<u32>().ok())
        else {
            continue;
        };
        // "A man aged 52": the one whose age it is, when named just before.
        let label = if whole.as_str().starts_with("aged") {
            tail(&text[..whole.start()], 64)
                .split_whitespace()
                .next_back()
                .filter(|w| w.chars().all(char::is_alphabetic))
                .unwrap_or("")
                .to_owned()
        } else {
            String::new()
        };
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(format!("age {age}")),
            label,
            taken,
        );
    }
}

fn ranks(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in RANK.captures_iter(text) {
        let (span, n, world) = if let Some(ord) = caps.name("ord") {
            let digits: String = ord
                .as_str()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (ord.range(), digits, caps.name("in_world").is_some())
        } else {
            let n = caps.name("n").expect("group");
            let world = caps.name("world").is_some();
            // "No 10 Downing Street", "No. 2 official": a ranking only in a
            // world ranking or a seeding.
            if !world && caps.name("seed").is_none() {
                continue;
            }
            let rank = caps.name("rank").expect("group");
            (rank.range(), n.as_str().to_owned(), world)
        };
        let label = if world { "world ranking" } else { "ranking" };
        add_once(
            sink,
            FactKind::Figure,
            span,
            Some(format!("rank {n}")),
            label.to_owned(),
            taken,
        );
    }
}

fn magnitudes(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in MAGNITUDE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let Some(m) = caps.name("a").or_else(|| caps.name("b")) else {
            continue;
        };
        let normal = format!("magnitude {}", m.as_str());
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normal),
            String::new(),
            taken,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text, normal form, label)` of every figure found in `text`.
    fn figures(text: &str) -> Vec<(String, String, String)> {
        let mut taken = Taken::default();
        let mut out = Vec::new();
        find(text, &mut taken, &mut |_, span, normal, label| {
            out.push((text[span].to_owned(), normal.unwrap_or_default(), label));
        });
        out
    }

    fn has(text: &str, want: &str, normal: &str) {
        let got = figures(text);
        assert!(
            got.iter().any(|(t, n, _)| t == want && n == normal),
            "{text:?}: want {want:?} ({normal}), got {got:?}"
        );
    }

    #[test]
    fn units_people_care_about() {
        has("82mm of rain fell", "82mm", "82 mm");
        has("a 6.8-inch screen", "6.8-inch", "6.8 inch");
        has("a 200MP main camera", "200MP", "200 MP");
        has("The 1.2GW wind farm", "1.2GW", "1.2 GW");
        has("a depth of 33 kilometres.", "33 kilometres", "33 km");
        has(
            "harvest 31.8 million tonnes of wheat",
            "31.8 million tonnes",
            "31800000 tonnes",
        );
        has(
            "cut output by 500,000 barrels per day",
            "500,000 barrels",
            "500000 barrels",
        );
        has("temperatures of -18C.", "-18C", "-18 °C");
        has("reached 47.4°C in Phalodi", "47.4°C", "47.4 °C");
        has("gusts of 230 km/h to", "230 km/h", "230 km/h");
    }

    #[test]
    fn sport_numbers() {
        has("Liverpool beat Bournemouth 4-0 at Anfield", "4-0", "4-0");
        has("Aston Villa's 2-1 win at Old Trafford", "2-1", "2-1");
        has("beat Daniil Medvedev 6-3, 6-4.", "6-4", "6-4");
        has(
            "scored in the 67th minute and",
            "67th minute",
            "67th minute",
        );
        has("Jamie Vardy, 37, signed", "37", "age 37");
        let after_stop = figures("He scored at Anfield. Jamie Vardy, 37, signed.");
        assert_eq!(after_stop[0].2, "Jamie Vardy");
        has("A man aged 52 has been charged", "aged 52", "age 52");
        has("The 17-year-old scored twice", "17-year-old", "age 17");
        has("Emma Raducanu, the world No 55, lost", "No 55", "rank 55");
        has(
            "Alex de Minaur, ranked 12th in the world",
            "12th",
            "rank 12",
        );
        has(
            "A magnitude 6.1 earthquake",
            "magnitude 6.1",
            "magnitude 6.1",
        );
    }

    #[test]
    fn ranges_and_addresses_are_not_scores_or_ranks() {
        assert!(figures("between 10-12 people attended").is_empty());
        assert!(figures("He left No 10 Downing Street.").is_empty());
        assert!(figures("In March, 34, of them").is_empty());
    }
}
