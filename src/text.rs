//! Text hygiene and wrapping.
//!
//! Article text comes from files we do not control. It is cleaned once at load
//! time so that every later width computation (textwrap, ratatui) agrees with
//! what the terminal actually draws: control characters and escape sequences
//! have no width for textwrap but are partly printed by ratatui.

use std::borrow::Cow;

use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Removes everything a terminal would interpret rather than print.
///
/// Drops escape sequences (CSI, OSC, and two-byte `ESC x`), C0 controls other
/// than newline, DEL, C1 controls and bidirectional overrides; turns tabs into
/// a single space (prose has no tab stops) and `\r\n` into `\n`.
pub fn clean(input: &str) -> Cow<'_, str> {
    if !may_need_cleaning(input) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            c if needs_cleaning(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A byte-level pre-check (the common case is clean text, and this runs on
/// every paragraph at load): true if `input` holds a C0 control other than
/// newline, DEL, or a lead byte that may start a C1 control (0xC2) or a bidi
/// control (0xE2).
fn may_need_cleaning(input: &str) -> bool {
    let bytes = input.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' => false,
        0..0x20 | 0x7f => true,
        // U+0080..U+009F
        0xc2 => (0x80..0xa0).contains(&at(i + 1)),
        // U+202A..U+202E and U+2066..U+2069
        0xe2 => matches!(
            (at(i + 1), at(i + 2)),
            (0x80, 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
        ),
        _ => false,
    })
}

fn needs_cleaning(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Consumes the rest of an escape sequence whose `ESC` was just read.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        // CSI: parameters and intermediates, then one final byte in @..~
        Some('[') => {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, SOS, PM, APC: run to BEL or ST (ESC \)
        Some(']' | 'P' | 'X' | '^' | '_') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // Two-character sequences (ESC c, ESC 7, ...): the one char is gone.
        _ => {}
    }
}

/// Collapses runs of whitespace (including newlines) into single spaces and
/// trims the ends: a paragraph is one flow of text.
pub fn normalize_paragraph(paragraph: &str) -> String {
    if is_normalized(paragraph) {
        return paragraph.to_owned();
    }
    let mut out = String::with_capacity(paragraph.len());
    for word in paragraph.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True when `s` has no whitespace but single interior ASCII spaces.
fn is_normalized(s: &str) -> bool {
    let bytes = s.as_bytes();
    let ascii_ok = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
        && !bytes.iter().any(|b| b.is_ascii_whitespace() && *b != b' ');
    ascii_ok && (s.is_ascii() || !s.chars().any(|c| !c.is_ascii() && c.is_whitespace()))
}

/// Wraps `text` into lines no wider than `width` terminal columns.
///
/// Uses Unicode line-breaking rules so CJK text, which has no spaces, breaks
/// between characters; over-long words are broken. Every returned line is
/// guaranteed to fit, even for widths smaller than one wide character, where
/// the character is dropped rather than drawn across a pane border.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    let options = Options::new(width)
        .word_separator(WordSeparator::UnicodeBreakProperties)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|line| fit(&line, width).into_owned())
        .collect()
}

/// Cuts `s` to at most `width` columns (no ellipsis).
pub fn fit(s: &str, width: usize) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    Cow::Borrowed(&s[..end])
}

/// Cuts `s` to at most `width` columns, ending with `…` when something was cut.
pub fn truncate(s: &str, width: usize) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = fit(s, width - 1).into_owned();
    out.push('…');
    Cow::Owned(out)
}

/// The last `width` columns of `s` (for an input line whose end must show).
pub fn tail(s: &str, width: usize) -> String {
    let mut used = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        start = i;
    }
    s[start..].to_owned()
}

/// Pads or cuts `s` to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let cut = truncate(s, width);
    let fill = width.saturating_sub(cut.width());
    let mut out = cut.into_owned();
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_escapes_and_controls() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\y"), "xy");
        assert_eq!(clean("tab\there\r\nnext\u{7f}\u{85}"), "tab here\nnext");
        assert_eq!(clean("bi\u{202e}di\u{2066}"), "bidi");
        assert!(matches!(
            clean("plain 日本語 — “quoted” ü"),
            Cow::Borrowed(_)
        ));
        assert_eq!(clean("c1\u{85}\u{9b}x"), "c1x");
    }

    #[test]
    fn normalize_collapses_every_kind_of_whitespace() {
        assert_eq!(normalize_paragraph("a b"), "a b");
        assert_eq!(normalize_paragraph(" a  b\n c\t"), "a b c");
        assert_eq!(normalize_paragraph("日本\u{3000}語\u{a0}x"), "日本 語 x");
    }

    #[test]
    fn wrap_fits_cjk_at_every_width() {
        let text = "マイクロソフトは日本のクラウドとAIインフラに29億ドルを投資する。";
        for width in 1..40 {
            for line in wrap(text, width) {
                assert!(line.width() <= width, "{line:?} wider than {width}");
            }
        }
        // at width 1 a double-width character cannot be drawn at all
        assert!(wrap("日本", 1).iter().all(String::is_empty));
    }

    #[test]
    fn truncate_and_pad_count_columns() {
        assert_eq!(truncate("日本語の記事", 7), "日本語…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("日本語", 5), "日本…");
        assert_eq!(pad("日本語", 4), "日… ");
    }
}
