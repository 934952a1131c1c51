//! Folding: text made comparable one character at a time (see the
//! [module docs](super)), so that a match in folded text maps back to whole
//! characters of the original.

/// Folds one character that is not whitespace (see the module docs).
fn fold_char(c: char) -> char {
    let c = match c {
        'İ' => return 'i',
        'ς' => return 'σ',
        // Fullwidth `！`..`～` sit at a fixed distance from ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        // Only `İ` lowercases to two characters, and it is handled above;
        // keeping any other such character as it is keeps folding 1:1.
        _ => c,
    }
}

/// What [`fold_into`] does with each byte: most bytes are copied as they
/// are, and the index folds every byte of the folder, so the common case is a
/// table lookup in a tight loop.
const KEEP: u8 = 0;
const UPPER: u8 = 1;
const SPACE: u8 = 2;
/// ASCII whitespace other than the plain space.
const OTHER_SPACE: u8 = 3;
/// The first or a later byte of a non-ASCII character.
const WIDE: u8 = 4;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [KEEP; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'Z' => UPPER,
            b' ' => SPACE,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => OTHER_SPACE,
            0x80..=0xFF => WIDE,
            _ => KEEP,
        };
        b += 1;
    }
    table
};

/// Appends `text` folded to `out`. `space` says whether `out` ends in a space
/// that a following run of whitespace joins.
///
/// Copies unchanged stretches as slices: most text is lower-case ASCII.
pub(super) fn fold_into(out: &mut String, text: &str, space: &mut bool) {
    let bytes = text.as_bytes();
    // Start of the stretch not yet copied.
    let mut clean = 0;
    let mut i = 0;
    while i < bytes.len() {
        let run = i;
        while i < bytes.len() && BYTE_CLASS[usize::from(bytes[i])] == KEEP {
            i += 1;
        }
        if i > run {
            *space = false;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let (len, whitespace, folded) = match BYTE_CLASS[usize::from(b)] {
            UPPER => (1, false, Some(char::from(b.to_ascii_lowercase()))),
            SPACE | OTHER_SPACE => (1, true, None),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                let f = fold_char(c);
                (c.len_utf8(), c.is_whitespace(), (f != c).then_some(f))
            }
        };
        if whitespace {
            // One plain space not after another is kept as it is.
            if b != b' ' || *space {
                out.push_str(&text[clean..i]);
                if !*space {
                    out.push(' ');
                }
                clean = i + len;
            }
            *space = true;
        } else {
            if let Some(f) = folded {
                out.push_str(&text[clean..i]);
                out.push(f);
                clean = i + len;
            }
            *space = false;
        }
        i += len;
    }
    out.push_str(&text[clean..]);
}

/// `text` folded (see the module docs).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text, &mut false);
    out
}

/// `text` folded, and for each byte of the folded text (and one past the
/// end) the byte offset in `text` of the character it came from.
pub(super) fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut space = false;
    for (at, c) in text.char_indices() {
        let f = if c.is_whitespace() {
            if space {
                continue;
            }
            space = true;
            ' '
        } else {
            space = false;
            fold_char(c)
        };
        out.push(f);
        map.resize(out.len(), at);
    }
    map.push(text.len());
    (out, map)
}

/// Han, Hiragana, Katakana and Hangul: scripts written without spaces
/// between words, where a term may start anywhere.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'   // CJK and Kangxi radicals
        | '\u{3005}' | '\u{3007}'   // 々 〇
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'   // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo extended A
        | '\u{AC00}'..='\u{D7FF}'   // Hangul syllables, Jamo extended B
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF65}'..='\u{FFDC}'   // halfwidth Katakana and Hangul
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B onwards
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_copies_and_maps_alike() {
        for text in [
            "Hello  World",
            "ＡＩ\u{3000}\u{3000}東京 İstanbul ΟΔΟΣ οδός",
            " \t lead",
            "e\u{301}té",
        ] {
            let (mapped, map) = fold_with_map(text);
            assert_eq!(fold(text), mapped, "{text:?}");
            assert_eq!(map.len(), mapped.len() + 1);
        }
        assert_eq!(fold("ＡＩ  İstanbul ΟΔΟΣ"), "ai istanbul οδοσ");
    }

    proptest::proptest! {
        #[test]
        fn both_folds_agree(text in "(?s)[aA \t\n\r\u{3000}\u{85}İßΣς\u{301}]{0,30}|\\PC{0,30}") {
            let (mapped, map) = fold_with_map(&text);
            proptest::prop_assert_eq!(fold(&text), mapped.clone());
            proptest::prop_assert_eq!(map.len(), mapped.len() + 1);
            proptest::prop_assert!(map.iter().all(|&at| text.is_char_boundary(at)));
        }
    }
}
