//! Text hygiene, wrapping, line:column positions in source text, and the ISO
//! 8601 dates article files carry.
//!
//! Article text comes from files we do not control. It is cleaned once at load
//! time so that every later width computation (textwrap, ratatui) agrees with
//! what the terminal actually draws: control characters and escape sequences
//! have no width for textwrap but are partly printed by ratatui.

use std::borrow::Cow;

use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Makes text from a file safe and honest to print: nothing in it can reach
/// the terminal as a control sequence, and nothing is hidden.
///
/// - Control characters become visible placeholders: C0 controls their
///   Control Picture (`␛` for ESC, `␀` for NUL, ...), DEL `␡`, C1 controls
///   `�`. The rest of an escape sequence stays as plain text, so
///   `ESC [31m` shows as `␛[31m` and cannot colour anything.
/// - Tabs expand to spaces up to the next multiple of [`TAB_STOP`] columns
///   (prose then folds runs of spaces, see [`normalize_paragraph`]).
/// - `\r\n`, a lone `\r`, NEL and the Unicode line and paragraph
///   separators become `\n`.
/// - Bidirectional embeddings, overrides, isolates and marks, the byte-order
///   mark, the zero-width space and other invisible format characters are
///   dropped: they would reorder or hide what is shown. Joiners (ZWJ,
///   ZWNJ), which emoji sequences and many scripts need, are kept.
/// - The emoji presentation selector (U+FE0F) is dropped: terminals
///   disagree on whether `❤` followed by it takes one column or two, and a
///   wrong guess shifts everything after it on the line.
pub fn clean(input: &str) -> Cow<'_, str> {
    if !may_need_cleaning(input) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 8);
    // Display columns since the last line break, for tab stops.
    let mut column = 0;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let shown = match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                column = 0;
                continue;
            }
            '\t' => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
                continue;
            }
            c if is_invisible_format(c) => continue,
            c => placeholder(c).unwrap_or(c),
        };
        out.push(shown);
        column += shown.width().unwrap_or(0);
    }
    Cow::Owned(out)
}

/// Columns between tab stops.
pub const TAB_STOP: usize = 4;

/// What a control character is shown as, or `None` for a printable one.
fn placeholder(c: char) -> Option<char> {
    match u32::from(c) {
        // Control Pictures: U+2400 SYMBOL FOR NULL onwards, in C0 order.
        n @ 0..0x20 => char::from_u32(0x2400 + n),
        0x7f => Some('\u{2421}'),
        0x80..0xa0 => Some('\u{fffd}'),
        _ => None,
    }
}

/// Format characters that change how text is ordered or hide it, and
/// carry nothing to read.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{fe0f}'
            | '\u{061c}'
            | '\u{feff}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// A byte-level pre-check (the common case is clean text, and this runs on
/// every field at load): false only when `input` certainly needs nothing.
/// Bytes that may start a C1 control or a format character send it to a
/// closer look.
fn may_need_cleaning(input: &str) -> bool {
    let bytes = input.as_bytes();
    let suspect = bytes
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n') || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef));
    // (U+200B starts with 0xE2 and U+FE0F with 0xEF.)
    suspect
        && input.chars().any(|c| {
            (c.is_control() && c != '\n')
                || is_invisible_format(c)
                || matches!(c, '\u{2028}' | '\u{2029}')
        })
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

/// Wraps `text` like [`wrap`], leaving room for a hanging indent: the
/// first line takes `width` columns, the others `width - hang` (the caller
/// draws the indent). A `hang` that leaves no room is ignored.
pub fn wrap_hanging(text: &str, width: usize, hang: usize) -> Vec<String> {
    if hang == 0 || hang >= width {
        return wrap(text, width);
    }
    let indent = " ".repeat(hang);
    let options = Options::new(width)
        .word_separator(WordSeparator::UnicodeBreakProperties)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(true)
        .subsequent_indent(&indent);
    textwrap::wrap(text, options)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                fit(&line, width).into_owned()
            } else {
                let line = line.strip_prefix(indent.as_str()).unwrap_or(&line);
                fit(line, width - hang).into_owned()
            }
        })
        .collect()
}

/// Folds one line of preformatted text into pieces: the first at most
/// `first` columns wide, the others at most `rest`. Nothing is re-flowed
/// and nothing but a character wider than the whole column is left out.
/// An empty line is one empty piece; a zero width gives none.
pub fn fold(line: &str, first: usize, rest: usize) -> Vec<&str> {
    if first == 0 {
        return Vec::new();
    }
    if line.width() <= first {
        return vec![line];
    }
    let mut pieces = Vec::new();
    let (mut start, mut used, mut limit) = (0, 0, first);
    for (i, c) in line.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > limit && used > 0 {
            pieces.push(&line[start..i]);
            start = i;
            used = 0;
            limit = rest.max(1);
        }
        if w > limit {
            // It can never be drawn in this column: left out, as `wrap`
            // leaves it out.
            start = i + c.len_utf8();
            continue;
        }
        used += w;
    }
    if start < line.len() {
        pieces.push(&line[start..]);
    }
    pieces
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
    // A sequence can be wider than its characters added up (an emoji with
    // a presentation selector): give back characters until the whole fits
    // as the terminal will measure it.
    while end > 0 && s[..end].width() > width {
        end = s[..end].char_indices().next_back().map_or(0, |(i, _)| i);
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

/// 1-based line and column (in characters) of a byte offset.
pub fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    advance((1, 1), &bytes[..offset.min(bytes.len())])
}

/// The line and column (both from 1, columns in characters) reached from
/// `from` by reading `bytes`: positions further on in a file without
/// counting it from the start again.
pub fn advance(from: (usize, usize), bytes: &[u8]) -> (usize, usize) {
    // Characters are counted by their first bytes (a cut-off one counts
    // once, as the lossy reading of it would).
    let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xc0 != 0x80).count();
    let (line, column) = from;
    match memchr::memrchr(b'\n', bytes) {
        None => (line, column + chars(bytes)),
        Some(last) => (
            line + memchr::memchr_iter(b'\n', bytes).count(),
            chars(&bytes[last + 1..]) + 1,
        ),
    }
}

// ---------------------------------------------------------------- dates

/// Whether `s` is an ISO 8601 date or date-time gogai accepts.
pub fn is_iso8601(s: &str) -> bool {
    parse_iso8601(s).is_some()
}

/// Parses `YYYY-MM-DD`, optionally followed by `THH:MM`, `:SS`, fractional
/// seconds and a `Z` or `±HH:MM` offset (a space may stand for the `T`), into
/// seconds since 1970-01-01T00:00Z, so articles sort by instant. A date or
/// time without an offset is taken as UTC.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return None;
    }
    // The layout is checked by hand above and below: chrono's own parser
    // takes one-digit months and signed years, reads `:60` as `:59`, and
    // refuses offsets of a day or more, all of which would change what
    // gogai accepts or where it sorts. The calendar (month lengths, leap
    // years, days since 1970) is chrono's.
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0..4)).ok()?, num(5..7), num(8..10))?
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp();
    if b.len() == 10 {
        return Some(date);
    }
    if !matches!(b[10], b'T' | b't' | b' ')
        || b.len() < 16
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
    {
        return None;
    }
    let (hour, minute) = (num(11..13), num(14..16));
    if hour > 23 || minute > 59 {
        return None;
    }
    let mut seconds = 0;
    let mut rest = &s[16..];
    if let Some(sec) = rest.strip_prefix(':') {
        let sb = sec.as_bytes();
        if sb.len() < 2 || !sb[..2].iter().all(u8::is_ascii_digit) {
            return None;
        }
        seconds = sec[..2].parse::<u32>().ok().filter(|s| *s <= 60)?;
        rest = &sec[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            rest = &frac[n..];
        }
    }
    let offset = match rest.as_bytes() {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) =>
        {
            let minutes = i64::from((h1 - b'0') * 10 + (h2 - b'0')) * 60
                + i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    Some(date + i64::from(hour * 3600 + minute * 60 + seconds) - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_shows_controls_as_placeholders() {
        // An escape sequence is shown, not obeyed.
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "a␛[31mred␛[0m b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "x␛]0;title␇y");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\y"), "x␛]8;;http://e␛\\y");
        assert_eq!(clean("nul\u{0}del\u{7f}"), "nul␀del␡");
        // C1 controls, 0x9B being a one-character CSI.
        assert_eq!(clean("c1\u{9b}31m\u{80}x"), "c1�31m�x");
    }

    #[test]
    fn clean_expands_tabs_and_unifies_line_breaks() {
        assert_eq!(clean("a\tb"), "a   b");
        assert_eq!(clean("abcd\tb"), "abcd    b");
        assert_eq!(clean("日本\tx"), "日本    x");
        assert_eq!(clean("a\r\nb\rc\u{85}d\u{2028}e"), "a\nb\nc\nd\ne");
        assert_eq!(clean("x\n\ty"), "x\n    y");
    }

    #[test]
    fn clean_drops_bidi_and_invisible_format_characters_but_keeps_joiners() {
        assert_eq!(clean("bi\u{202e}di\u{2066}"), "bidi");
        assert_eq!(clean("\u{feff}rtl\u{200f}mark\u{2060}"), "rtlmark");
        assert_eq!(clean("zero\u{200b}width ❤\u{fe0f}"), "zerowidth ❤");
        // A family emoji is three people joined by ZWJ.
        let family = "👩\u{200d}👩\u{200d}👧";
        assert_eq!(clean(family), family);
        assert!(matches!(
            clean("plain 日本語 — “quoted” ü e\u{301}"),
            Cow::Borrowed(_)
        ));
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
    fn fit_measures_sequences_as_the_terminal_does() {
        // Found by `cargo fuzz run sanitiser`: "#" + U+FE0F is two columns
        // wide though its characters add up to one.
        for width in 0..4 {
            let fitted = fit("a#\u{fe0f}b", width);
            assert!(fitted.width() <= width, "{fitted:?} at {width}");
        }
    }

    #[test]
    fn truncate_and_pad_count_columns() {
        assert_eq!(truncate("日本語の記事", 7), "日本語…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("日本語", 5), "日本…");
        assert_eq!(pad("日本語", 4), "日… ");
    }

    #[test]
    fn iso_dates() {
        for ok in [
            "2024-04-10",
            "2024-02-29",
            "2024-04-10T09:30",
            "2024-04-10T09:30:00Z",
            "2024-04-10 09:30:00.123+09:00",
        ] {
            assert!(is_iso8601(ok), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "April 10",
            "2024-4-10",
            "2024-04-10T25:00",
            "2024-04-10T09:30+9",
        ] {
            assert!(!is_iso8601(bad), "{bad}");
        }
        assert_eq!(parse_iso8601("1970-01-02"), Some(86_400));
        assert_eq!(
            parse_iso8601("2024-04-11T01:00Z"),
            parse_iso8601("2024-04-10T20:00-05:00")
        );
    }
}
