//! The extractor never panics, and every span it gives is a real place in
//! the text: on character boundaries, inside its paragraph, inside its
//! sentence.

use gogai::facts::extract::{extract, sentences};
use proptest::prelude::*;

/// Text that looks like news often enough to reach every rule: words,
/// numbers, currency signs, quotes of every kind, CJK, and any Unicode.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[A-Z][a-z]{1,8}",
        "(\\$|US\\$|€|£|¥)[0-9]{1,3}(,[0-9]{3})?(\\.[0-9])? ?(billion|million|m|bn)?",
        "[0-9]{1,4}(,[0-9]{1,2})? ?(%|percent|people|years)",
        "(“|”|\"|‘|’|「|」|,|\\.|!|\\?| |\u{a0}|\n)",
        "(said|told|he|she|Mr\\.|U\\.S\\.|Inc\\.|University of|Ministry of|and|of|in|over the next)",
        "[\u{3040}-\u{30ff}\u{4e00}-\u{4e80}0-9億万ドル人]{1,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_always_real_places_in_the_text(paragraphs in prop::collection::vec(newsy(), 1..4)) {
        for fact in extract(&paragraphs) {
            let text = &paragraphs[fact.paragraph];
            prop_assert!(fact.span.start <= fact.span.end && fact.span.end <= text.len(), "{fact:?}");
            prop_assert!(text.is_char_boundary(fact.span.start) && text.is_char_boundary(fact.span.end), "{fact:?}");
            prop_assert!(fact.sentence.end <= text.len(), "{fact:?}");
            prop_assert!(text.is_char_boundary(fact.sentence.start) && text.is_char_boundary(fact.sentence.end), "{fact:?}");
        }
    }

    #[test]
    fn sentences_cover_the_text_in_order(text in newsy()) {
        let mut last = 0;
        for s in sentences(&text) {
            prop_assert!(s.start >= last && s.start <= s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            last = s.end;
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let _ = extract(&[text]);
    }
}
