//! Dates as sources write them, made ISO 8601 as the article format wants.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone as _};

use crate::article;

/// A date as the article format wants it (ISO 8601), from the forms sources
/// use: ISO 8601 itself, RFC 3339, RFC 2822 (`Wed, 10 Apr 2024 09:30:00
/// +0900`), and `2024-04-10 09:30:00 +0900` (Jekyll and Hugo front matter),
/// and the looser forms [`parse`] reads. `None` for anything else.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if article::is_iso8601(s) {
        return Some(s.to_owned());
    }
    Some(parse(s)?.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// Time zones by the names feeds write instead of an offset, in minutes. Names that
/// mean different zones in different places (IST, BST in some lists) keep
/// their common English-language meaning.
const ZONES: &[(&str, i32)] = &[
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("MET", 60),
    ("CEST", 2 * 60),
    ("MEST", 2 * 60),
    ("EET", 2 * 60),
    ("EEST", 3 * 60),
    ("MSK", 3 * 60),
    ("IST", 5 * 60 + 30),
    ("JST", 9 * 60),
    ("KST", 9 * 60),
    ("AEST", 10 * 60),
    ("AEDT", 11 * 60),
    ("NZST", 12 * 60),
    ("NZDT", 13 * 60),
    ("AST", -4 * 60),
    ("EST", -5 * 60),
    ("EDT", -4 * 60),
    ("CST", -6 * 60),
    ("CDT", -5 * 60),
    ("MST", -7 * 60),
    ("MDT", -6 * 60),
    ("PST", -8 * 60),
    ("PDT", -7 * 60),
    ("AKST", -9 * 60),
    ("AKDT", -8 * 60),
    ("HST", -10 * 60),
];

fn zone_minutes(name: &str) -> Option<i32> {
    ZONES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, minutes)| minutes)
}

/// Forms with an offset (`%z` takes `+0200` and `+02:00`).
const WITH_ZONE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M %z",
    "%Y%m%dT%H%M%S%z",
    "%Y%m%dT%H%M%z",
    "%d %b %Y %H:%M:%S %z",
    "%d %b %Y %H:%M %z",
    "%d %B %Y %H:%M:%S %z",
    "%d %B %Y %H:%M %z",
    "%b %d %Y %H:%M:%S %z",
    "%B %d %Y %H:%M:%S %z",
];

/// Forms without one, taken as UTC.
const WITHOUT_ZONE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y%m%dT%H%M%S",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %B %Y %H:%M:%S",
    "%b %d %Y %H:%M:%S",
];

/// Dates alone, taken as midnight UTC.
const DATE_ONLY: &[&str] = &[
    "%Y-%m-%d", "%Y%m%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y",
];

/// A date and time in the forms feeds and pages write them: RFC 3339 and
/// RFC 2822 and their near misses (a space or nothing between date and
/// time, no seconds, no offset — taken as UTC —, basic ISO 8601
/// `20020907T000001Z`, a date alone, a weekday or not, and zone names such
/// as `CEST` or `PDT` in place of an offset). `None` when none fits.
pub fn parse(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s).or_else(|_| DateTime::parse_from_rfc2822(s)) {
        return Some(d);
    }
    let cleaned = clean(s)?;
    let s = cleaned.as_str();
    for format in WITH_ZONE {
        if let Ok(d) = DateTime::parse_from_str(s, format) {
            return Some(d);
        }
    }
    let utc = FixedOffset::east_opt(0)?;
    for format in WITHOUT_ZONE {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, format) {
            return utc.from_local_datetime(&d).single();
        }
    }
    for format in DATE_ONLY {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return utc.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single();
        }
    }
    None
}

/// `s` made regular: no weekday, no commas, single spaces, and a trailing
/// zone name (or `Z`) as a numeric offset.
fn clean(s: &str) -> Option<String> {
    let mut words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let weekday = |w: &str| {
        let w = w.trim_end_matches('.').to_ascii_lowercase();
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .any(|d| w.starts_with(d) && w.chars().all(|c| c.is_ascii_alphabetic()))
    };
    if words.first().is_some_and(|w| weekday(w)) {
        words.remove(0);
    }
    let last = words.last_mut()?;
    let offset = |minutes: i32| {
        let sign = if minutes < 0 { '-' } else { '+' };
        format!("{sign}{:02}{:02}", minutes.abs() / 60, minutes.abs() % 60)
    };
    if let Some(minutes) = zone_minutes(last) {
        *last = offset(minutes);
    } else if let Some(stem) = last.strip_suffix(['Z', 'z'])
        && stem.ends_with(|c: char| c.is_ascii_digit())
    {
        // `2002-09-07T00:00Z`, `20020907T000001Z`.
        *last = format!("{stem}+0000");
    } else if let Some(cut) = last.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1)
        && let Some(minutes) = zone_minutes(&last[cut..])
    {
        // A zone name stuck to the time: `00:00:01CEST`.
        last.truncate(cut);
        words.push(offset(minutes));
    }
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_iso() {
        assert_eq!(normalize_date("2024-04-10").as_deref(), Some("2024-04-10"));
        assert_eq!(
            normalize_date("Wed, 10 Apr 2024 09:30:00 +0900").as_deref(),
            Some("2024-04-10T09:30:00+09:00")
        );
        assert_eq!(
            normalize_date("2024-04-10 09:30:00 +0900").as_deref(),
            Some("2024-04-10T09:30:00+09:00")
        );
        assert_eq!(normalize_date("last Tuesday"), None);
    }

    #[test]
    fn loose_forms_are_read() {
        let iso = |s: &str| parse(s).map(|d| d.to_rfc3339());
        let cases = [
            ("2002-09-07 00:00:01", "2002-09-07T00:00:01+00:00"),
            ("2002-09-07T00:00:01", "2002-09-07T00:00:01+00:00"),
            ("2002-09-07T00:00Z", "2002-09-07T00:00:00+00:00"),
            ("20020907T000001Z", "2002-09-07T00:00:01+00:00"),
            ("7 Sep 2002", "2002-09-07T00:00:00+00:00"),
            (
                "Sat, 07 Sep 2002 00:00:01 CEST",
                "2002-09-07T00:00:01+02:00",
            ),
            ("Sat, 07 Sep 2002 00:00:01 PDT", "2002-09-07T00:00:01-07:00"),
            ("Sat, 07 Sep 2002 00:00:01 UT", "2002-09-07T00:00:01+00:00"),
            ("07 Sep 2002 00:00 GMT", "2002-09-07T00:00:00+00:00"),
            (
                "Saturday, 7 September 2002 12:00:00 EST",
                "2002-09-07T12:00:00-05:00",
            ),
            (
                "2002-09-07T00:00:01.250+02:00",
                "2002-09-07T00:00:01.250+02:00",
            ),
            ("September 7, 2002", "2002-09-07T00:00:00+00:00"),
        ];
        for (input, want) in cases {
            assert_eq!(iso(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(iso("soon"), None);
        assert_eq!(iso("2002-13-45"), None);
    }
}
