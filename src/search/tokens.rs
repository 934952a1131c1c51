//! Folded text cut into the tokens the stored index keeps (see
//! [`stored`](super::stored)), and queries cut the same way.
//!
//! A token is one of:
//! - a word: a run of letters and digits outside CJK, with the marks that
//!   combine with them;
//! - one CJK character (Japanese and Chinese run words together, so a
//!   term may start at any of them);
//! - one punctuation mark or symbol, so that `u.s` and `u s` stay
//!   different phrases.
//!
//! Whitespace only separates. A term of the query then matches where its
//! tokens stand in a row and its last one starts a token of the text: the
//! same places as the rules in the [module docs](super), but for two cases
//! written down in `docs/STORE.md` (whitespace next to punctuation or
//! between CJK characters is not told apart; a decomposed accent is part
//! of its letter's word).
//!
//! SQLite's own tokenisers cannot be told these rules, so the index is
//! given the tokens already cut, one space after each, and FTS5's `ascii`
//! tokeniser reads them back: it splits at ASCII spaces and punctuation
//! and takes every other byte (all of UTF-8 beyond ASCII) as part of a
//! token. Words and CJK characters are written as they are; an ASCII
//! punctuation mark, which that tokeniser would drop, as `_` and its hex
//! (`.` is `_2e`), `_` being made a token character. A prefix of a word is
//! then a prefix of what is stored: `ai` is found in `aims` by the FTS5
//! prefix query `"ai"*`.

use unicode_segmentation::GraphemeCursor;

use super::fold::is_cjk;

/// Written between fields and paragraphs: no token is written as `_`
/// alone, so no query produces it, and a phrase cannot run from one
/// paragraph into the next.
pub(crate) const BREAK: &str = "_";

/// The FTS5 tokeniser that reads what [`push_encoded`] writes.
pub(crate) const TOKENIZE: &str = "ascii tokenchars _";

/// Calls `f` with each token of folded `text`, and whether it is a word.
pub(crate) fn each(text: &str, mut f: impl FnMut(&str, bool)) {
    // The token being read: where it starts, and whether it is a word.
    let mut open: Option<(usize, bool)> = None;
    let mut flush = |open: &mut Option<(usize, bool)>, end: usize| {
        if let Some((start, word)) = open.take() {
            f(&text[start..end], word);
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if !matches!(open, Some((_, true))) {
                    flush(&mut open, i);
                    open = Some((i, true));
                }
            } else {
                flush(&mut open, i);
                if !c.is_ascii_whitespace() {
                    open = Some((i, false));
                }
            }
            continue;
        }
        if c.is_whitespace() {
            flush(&mut open, i);
            continue;
        }
        // A mark that combines with what is before stays with its token
        // (`e` + U+0301 is one letter).
        if open.is_some() && !starts_cluster(text, i) {
            continue;
        }
        let cjk = is_cjk(c);
        if c.is_alphanumeric() && !cjk {
            if !matches!(open, Some((_, true))) {
                flush(&mut open, i);
                open = Some((i, true));
            }
        } else {
            flush(&mut open, i);
            open = Some((i, false));
        }
    }
    flush(&mut open, text.len());
}

/// Whether a grapheme cluster starts at `at` (a character boundary).
fn starts_cluster(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// Appends `token` as the index stores it: as it is, unless it is one
/// ASCII punctuation mark (see the module docs).
fn push_token(out: &mut String, token: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match token.as_bytes() {
        &[b] if !b.is_ascii_alphanumeric() && b.is_ascii() => {
            out.push('_');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        _ => out.push_str(token),
    }
}

/// Appends folded `text` as the index stores it: its tokens, a space after
/// each.
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    each(text, |token, _| {
        push_token(out, token);
        out.push(' ');
    });
}

/// Appends the [`BREAK`] between two fields or paragraphs.
pub(crate) fn push_break(out: &mut String) {
    out.push_str(BREAK);
    out.push(' ');
}

/// The FTS5 phrase that finds folded `term` under the rules above: its
/// tokens in a row, the last one as a prefix. `None` when it has no token
/// (it is found nowhere). A `"` inside is doubled, as FTS5 wants.
pub(crate) fn phrase(term: &str) -> Option<String> {
    let mut out = String::from("\"");
    let mut any = false;
    each(term, |token, _| {
        if any {
            out.push(' ');
        }
        push_token(&mut out, token);
        any = true;
    });
    // Only ASCII `"` could break out of the phrase, and it is written as
    // `_22`; a non-ASCII token cannot hold one.
    out.push_str("\"*");
    any.then_some(out)
}

/// The longest prefix, in characters, kept in the `short` table: terms of
/// one or two characters are answered from it rather than from FTS5.
pub(crate) const SHORT: usize = 2;

/// Calls `f` with each token FTS5's `ascii` tokeniser ([`TOKENIZE`]) reads
/// in `encoded` (what [`push_encoded`] wrote, or a phrase's inside): it
/// splits at every ASCII byte that is not a letter, digit or `_`, and
/// lowers ASCII letters. Mostly the tokens [`each`] cut, but not always (a
/// mark combining with `-` is read alone), so the `short` table follows
/// this one, the way FTS5 sees the text.
fn each_fts(encoded: &str, mut f: impl FnMut(&str)) {
    let splits = |c: char| c.is_ascii() && !c.is_ascii_alphanumeric() && c != '_';
    for token in encoded.split(splits).filter(|t| !t.is_empty()) {
        if token.bytes().any(|b| b.is_ascii_uppercase()) {
            f(&token.to_ascii_lowercase());
        } else {
            f(token);
        }
    }
}

/// The `short` keys of one FTS5 token: its first one and two characters
/// (a term of that length finds a text exactly when one of its tokens
/// starts so), or the whole of an encoded punctuation mark (`_2e`), which
/// a query only ever asks for whole. The break (`_`) has none.
fn short_keys_of(token: &str, mut f: impl FnMut(&str)) {
    if token.starts_with('_') {
        if token.len() == 3 {
            f(token);
        }
        return;
    }
    let mut ends = token.char_indices().map(|(i, c)| i + c.len_utf8());
    for end in ends.by_ref().take(SHORT) {
        f(&token[..end]);
    }
}

/// The keys of text [`push_encoded`] wrote, each once, sorted: for the
/// `short` table, and its words of more than [`SHORT`] characters for the
/// `words` table (a longer term can only start one of those).
pub(crate) fn keys(encoded: &str) -> (Vec<Box<str>>, Vec<Box<str>>) {
    let mut shorts = std::collections::BTreeSet::new();
    let mut words = std::collections::BTreeSet::new();
    each_fts(encoded, |token| {
        short_keys_of(token, |key| {
            if !shorts.contains(key) {
                shorts.insert(Box::<str>::from(key));
            }
        });
        if !token.starts_with('_') && token.chars().nth(SHORT).is_some() && !words.contains(token) {
            words.insert(Box::<str>::from(token));
        }
    });
    (shorts.into_iter().collect(), words.into_iter().collect())
}

/// How a folded query term is answered without FTS5, exactly as its
/// [`phrase`] would be, when FTS5 reads that phrase as a single token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// One or two characters (or one punctuation mark): the `short` row
    /// of that key.
    Short(String),
    /// Longer: the `words` rows of every word starting with it.
    Words(String),
}

/// See [`Lookup`]; `None`: a phrase of several tokens, asked of FTS5.
pub(crate) fn lookup(term: &str) -> Option<Lookup> {
    let mut inside = String::new();
    each(term, |token, _| {
        push_token(&mut inside, token);
        inside.push(' ');
    });
    let mut tokens = Vec::new();
    each_fts(&inside, |t| tokens.push(t.to_owned()));
    let [token] = tokens.as_slice() else {
        return None;
    };
    if token.starts_with('_') {
        // Only ever an encoded punctuation mark: a query writes `_` so.
        return (token.len() == 3).then(|| Lookup::Short(token.clone()));
    }
    Some(if token.chars().nth(SHORT).is_some() {
        Lookup::Words(token.clone())
    } else {
        Lookup::Short(token.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        each(text, |t, w| out.push((t.to_owned(), w)));
        out
    }

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn words_cjk_and_punctuation_are_tokens() {
        assert_eq!(words("brad smith, 42"), ["brad", "smith", ",", "42"]);
        assert_eq!(words("u.s."), ["u", ".", "s", "."]);
        assert_eq!(words("生成ai 東京都"), ["生", "成", "ai", "東", "京", "都"]);
        assert_eq!(words("$2.9 billion"), ["$", "2", ".", "9", "billion"]);
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("são paulo"), ["são", "paulo"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        assert_eq!(words("cafe\u{301} x"), ["cafe\u{301}", "x"]);
        assert_eq!(words("-\u{301}a"), ["-\u{301}", "a"]);
        assert!(tokens("ai")[0].1, "a word");
        assert!(!tokens("東")[0].1, "not a word");
    }

    #[test]
    fn phrases_are_tokens_with_a_prefix_star() {
        assert_eq!(phrase("ai").as_deref(), Some("\"ai\"*"));
        assert_eq!(phrase("u.s").as_deref(), Some("\"u _2e s\"*"));
        assert_eq!(phrase("\"x").as_deref(), Some("\"_22 x\"*"));
        assert_eq!(phrase("東京").as_deref(), Some("\"東 京\"*"));
        assert_eq!(phrase(" ").as_deref(), None);
        let mut stored = String::new();
        push_encoded(&mut stored, "ai, 東京");
        push_break(&mut stored);
        assert_eq!(stored, "ai _2c 東 京 _ ");
    }
    #[test]
    fn short_keys_are_the_first_characters_of_what_fts5_reads() {
        let mut stored = String::new();
        push_encoded(&mut stored, "ai, sol u.s 東京 são -\u{301}x");
        push_break(&mut stored);
        let (shorts, words) = keys(&stored);
        let keys: Vec<String> = shorts.into_iter().map(String::from).collect();
        let want = [
            "_2c", "_2e", "a", "ai", "s", "so", "sã", "u", "x", "\u{301}", "京", "東",
        ];
        let mut want: Vec<String> = want.iter().map(|s| (*s).to_owned()).collect();
        want.sort();
        assert_eq!(keys, want);
        assert_eq!(words, [Box::from("sol"), Box::from("são")]);
        let short = |k: &str| Some(Lookup::Short(k.to_owned()));
        assert_eq!(lookup("ai"), short("ai"));
        assert_eq!(lookup("s"), short("s"));
        assert_eq!(lookup("東"), short("東"));
        assert_eq!(lookup("."), short("_2e"));
        assert_eq!(lookup("sol"), Some(Lookup::Words("sol".to_owned())));
        assert_eq!(lookup("u.s"), None, "a phrase: FTS5");
        assert_eq!(lookup("東京"), None, "two tokens: FTS5");
        assert_eq!(lookup(" "), None);
    }
}
