//! Arbitrary text through `text::clean` and `text::wrap`. The first byte
//! picks the width (1..=120), the rest is the text.
//!
//! Checks: the cleaned text holds nothing a terminal would interpret (C0
//! controls but newline, DEL, C1, bidi controls); every wrapped line fits the
//! width; and wrapping keeps every non-whitespace character, in order (from
//! width 2: at width 1 `wrap` drops a double-width character by design).

#![no_main]

use gogai::text;
use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

fn interpreted(c: char) -> bool {
    matches!(c, '\0'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn visible(lines: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut out = String::new();
    for line in lines {
        out.extend(line.as_ref().chars().filter(|c| !c.is_whitespace()));
    }
    out
}

fn check_wrap(text: &str, width: usize) {
    let lines = text::wrap(text, width);
    for line in &lines {
        assert!(
            line.width() <= width,
            "line {line:?} is {} columns wide at width {width}",
            line.width()
        );
    }
    if width >= 2 {
        assert_eq!(
            visible(&lines),
            visible([text]),
            "wrapping at {width} lost or moved text"
        );
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&first, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let width = 1 + usize::from(first) % 120;

    let cleaned = text::clean(input);
    if let Some(c) = cleaned.chars().find(|&c| interpreted(c)) {
        panic!("clean left U+{:04X} in {cleaned:?}", u32::from(c));
    }
    // Raw text never reaches `wrap` in gogai, but it must not panic on it.
    let _ = text::wrap(input, width);
    check_wrap(&cleaned, width);
    // What the loader actually wraps: one paragraph, whitespace collapsed.
    check_wrap(&text::normalize_paragraph(&cleaned), width);
});
