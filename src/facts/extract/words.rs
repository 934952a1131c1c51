//! The extractor's word lists: data in `words/*.txt`, one entry per line,
//! `#` starting a comment line, read once into sets. Entries match exactly
//! as written (case included); each file's header says how it is compared.

use std::collections::HashSet;
use std::sync::LazyLock;

/// One word list: its entries in file order (some rules take the first that
/// fits) and as a set, for lookups.
pub(super) struct Words {
    list: Vec<&'static str>,
    set: HashSet<&'static str>,
}

impl Words {
    fn parse(text: &'static str) -> Self {
        let list: Vec<&'static str> = entries(text).collect();
        let set = list.iter().copied().collect();
        Self { list, set }
    }

    pub(super) fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.list.iter().copied()
    }
}

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

macro_rules! word_lists {
    ($($name:ident = $file:literal;)*) => {
        $(
            pub(super) static $name: LazyLock<Words> =
                LazyLock::new(|| Words::parse(include_str!(concat!("words/", $file))));
        )*

        /// Every list file with its text, for the tests.
        #[cfg(test)]
        const FILES: &[(&str, &str)] = &[$(($file, include_str!(concat!("words/", $file)))),*];
    };
}

word_lists! {
    ABBREVIATIONS = "abbreviations.txt";
    IRREGULAR_PLURALS = "irregular_plurals.txt";
    NOT_COUNTED = "not_counted.txt";
    STOP = "stop.txt";
    TIME_WORDS = "time_words.txt";
    ROLE_WORDS = "roles.txt";
    ROLE_STEMS = "role_stems.txt";
    ORG_WORDS = "org_words.txt";
    KNOWN_ORGS = "known_orgs.txt";
    ORG_CUES = "org_cues.txt";
    PLACES = "places.txt";
    NOT_NAMES = "not_names.txt";
    NOT_ORGS = "not_orgs.txt";
    ORG_AFTER = "org_after.txt";
    PERSON_AFTER = "person_after.txt";
    SPEAKER_ROLES = "speaker_roles.txt";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_parses_non_empty_without_duplicates() {
        for (file, text) in FILES {
            let words: Vec<&str> = entries(text).collect();
            assert!(!words.is_empty(), "{file} has no entries");
            let mut seen = HashSet::new();
            for word in &words {
                assert!(seen.insert(word), "{file}: {word:?} appears twice");
                assert_eq!(*word, word.trim(), "{file}: {word:?} has spaces around it");
            }
        }
    }

    #[test]
    fn lists_keep_file_order_and_case() {
        assert_eq!(ROLE_WORDS.iter().next(), Some("Prime Minister"));
        assert!(PLACES.contains("U.S.") && !PLACES.contains("u.s."));
        assert!(ORG_CUES.contains("such as"));
        assert!(ABBREVIATIONS.contains("No") && !ABBREVIATIONS.contains("no"));
    }
}
