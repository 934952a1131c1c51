//! Bytes to text, whatever encoding the source claims.

use encoding_rs::Encoding;

use crate::text::position;

use super::Note;

/// The encodings whose code units are wider than a byte, which
/// `encoding_rs` leaves to the caller to find (UTF-32 it does not decode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    /// Found by a byte-order mark, else by how an ASCII first character
    /// (`<`, `{`, a letter, white space) is spread over the first four
    /// bytes; with the mark's length. Text in a one-byte encoding has no
    /// NUL bytes, so this never takes it for wide.
    pub fn detect(bytes: &[u8]) -> Option<(Self, usize)> {
        let b = bytes;
        match b {
            [0xff, 0xfe, 0, 0, ..] => return Some((Self::Utf32Le, 4)),
            [0, 0, 0xfe, 0xff, ..] => return Some((Self::Utf32Be, 4)),
            [0xff, 0xfe, ..] => return Some((Self::Utf16Le, 2)),
            [0xfe, 0xff, ..] => return Some((Self::Utf16Be, 2)),
            _ => {}
        }
        let ascii = |c: u8| c.is_ascii_graphic() || c.is_ascii_whitespace();
        match b {
            [0, 0, 0, c, ..] if ascii(*c) => Some((Self::Utf32Be, 0)),
            [c, 0, 0, 0, ..] if ascii(*c) => Some((Self::Utf32Le, 0)),
            [0, c, 0, d, ..] if ascii(*c) && ascii(*d) => Some((Self::Utf16Be, 0)),
            [c, 0, d, 0, ..] if ascii(*c) && ascii(*d) => Some((Self::Utf16Le, 0)),
            _ => None,
        }
    }

    /// `bytes` (without the mark) as text; a unit that is no character,
    /// or a last one cut short, becomes U+FFFD.
    pub fn decode(self, bytes: &[u8]) -> String {
        match self {
            Self::Utf16Le => encoding_rs::UTF_16LE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            Self::Utf16Be => encoding_rs::UTF_16BE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            Self::Utf32Le | Self::Utf32Be => {
                let mut out = String::with_capacity(bytes.len() / 4);
                let mut units = bytes.chunks_exact(4);
                for unit in &mut units {
                    let unit = [unit[0], unit[1], unit[2], unit[3]];
                    let n = if self == Self::Utf32Le {
                        u32::from_le_bytes(unit)
                    } else {
                        u32::from_be_bytes(unit)
                    };
                    out.push(char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                if !units.remainder().is_empty() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                out
            }
        }
    }
}

/// Text from bytes whose encoding may be declared wrongly. UTF-16 and
/// UTF-32 are found by their byte-order mark or their first character.
/// A declared ISO-2022-JP is honoured (its bytes are 7-bit, so they are
/// always valid UTF-8 too). Otherwise bytes that are valid UTF-8 are read
/// as UTF-8 whatever the declaration says (a declaration left over from
/// another encoding is the common mistake, and UTF-8 almost never happens
/// by accident); else the declared encoding is used, and with none (or a
/// false claim of UTF-8, or a name gogai does not know), Windows-1252, as
/// browsers do. A declared UTF-7 is decoded by gogai itself. The note
/// says what was guessed.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Option<Note>) {
    if let Some((wide, mark)) = Wide::detect(bytes) {
        return (wide.decode(&bytes[mark..]), None);
    }
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), None);
    }
    let label = declared.map(str::trim).filter(|d| !d.is_empty());
    // UTF-7 is 7-bit like ISO-2022-JP, so a declared one is honoured;
    // encoding_rs does not decode it.
    if label.is_some_and(|l| {
        ["utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7"]
            .iter()
            .any(|name| l.eq_ignore_ascii_case(name))
    }) {
        return (utf7(bytes), None);
    }
    let found = label.and_then(|d| Encoding::for_label(d.as_bytes()));
    // encoding_rs maps the encodings it will not decode (ISO-2022-KR and
    // -CN, HZ) to "replacement", which would turn the text into U+FFFD.
    let (usable, unknown) = match found {
        Some(e) if e == encoding_rs::REPLACEMENT => (None, label),
        Some(e) => (Some(e), None),
        None => (None, label),
    };
    if usable == Some(encoding_rs::ISO_2022_JP) {
        let (text, _, errors) = encoding_rs::ISO_2022_JP.decode(bytes);
        let note = errors.then(|| {
            Note::warning(
                None,
                "declares ISO-2022-JP, but some of its bytes are not; those show as \u{fffd}",
            )
        });
        return (text.into_owned(), note);
    }
    let unknown_note = |read_as: &str| {
        unknown.map(|name| {
            Note::warning(
                None,
                format!(
                    "declares the encoding {name:?}, which gogai cannot decode; read as {read_as}"
                ),
            )
        })
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let note = usable
                .filter(|e| *e != encoding_rs::UTF_8 && !text.is_ascii())
                .map(|_| {
                    Note::warning(
                        None,
                        format!(
                            "declares the encoding {:?}, but its bytes are UTF-8; read as UTF-8",
                            declared.unwrap_or_default()
                        ),
                    )
                })
                .or_else(|| unknown_note("UTF-8"));
            (text.to_owned(), note)
        }
        Err(e) => {
            let at = position(bytes, e.valid_up_to());
            let (encoding, note) = match usable {
                Some(enc) if enc != encoding_rs::UTF_8 => (enc, None),
                _ if unknown.is_some() => (
                    encoding_rs::WINDOWS_1252,
                    unknown_note("Windows-1252 (Latin-1)"),
                ),
                _ => (
                    encoding_rs::WINDOWS_1252,
                    Some(Note::warning(
                        Some(at),
                        format!(
                            "not valid UTF-8 (byte 0x{:02x}){}; read as Windows-1252 (Latin-1)",
                            bytes.get(e.valid_up_to()).copied().unwrap_or(0),
                            if declared.is_some() {
                                " although it says it is"
                            } else {
                                ""
                            }
                        ),
                    )),
                ),
            };
            let (text, _, _) = encoding.decode(bytes);
            (text.into_owned(), note)
        }
    }
}

/// UTF-7 (RFC 2152): ASCII as it is, and after `+` UTF-16 in base64 up to
/// the first character that is not base64 (a `-` there is dropped; `+-` is
/// a `+`). A byte over 0x7f, which UTF-7 never has, becomes U+FFFD.
fn utf7(bytes: &[u8]) -> String {
    fn sextet(b: u8) -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b != b'+' {
            out.push(if b.is_ascii() {
                char::from(b)
            } else {
                char::REPLACEMENT_CHARACTER
            });
            continue;
        }
        if bytes.get(i) == Some(&b'-') {
            out.push('+');
            i += 1;
            continue;
        }
        let (mut bits, mut count, mut units) = (0u32, 0u32, Vec::new());
        while let Some(v) = bytes.get(i).copied().and_then(sextet) {
            bits = (bits << 6) | v;
            count += 6;
            if count >= 16 {
                count -= 16;
                units.push((bits >> count) as u16);
                bits &= (1 << count) - 1;
            }
            i += 1;
        }
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrongly_declared_encodings_are_read_by_their_bytes() {
        let (text, note) = decode("café".as_bytes(), Some("ISO-8859-1"));
        assert_eq!(text, "café");
        assert!(note.is_some());
        let (text, note) = decode(b"caf\xe9", Some("UTF-8"));
        assert_eq!(text, "café");
        assert!(note.is_some());
        let (text, note) = decode(b"caf\xe9", Some("iso-8859-1"));
        assert_eq!(text, "café");
        assert!(note.is_none());
    }

    #[test]
    fn wide_encodings_are_found_with_or_without_a_mark() {
        let text = "<rss>café 東京 😀</rss>";
        let le16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let le32: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let be32: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        for (bytes, mark) in [
            (le16, &[0xff, 0xfe][..]),
            (be16, &[0xfe, 0xff][..]),
            (le32, &[0xff, 0xfe, 0, 0][..]),
            (be32, &[0, 0, 0xfe, 0xff][..]),
        ] {
            assert_eq!(decode(&bytes, None).0, text);
            let marked = [mark, &bytes].concat();
            assert_eq!(decode(&marked, None).0, text);
        }
        assert_eq!(Wide::detect(b"<rss"), None);
        assert_eq!(Wide::detect(b"%PDF-1.4"), None);
        assert_eq!(Wide::detect(&[0x1f, 0x8b, 8, 0]), None);
    }

    #[test]
    fn a_declared_iso_2022_jp_is_honoured_and_unknown_names_are_named() {
        let (text, note) = decode(b"\x1b$B9A\x1b(B", Some("ISO-2022-JP"));
        assert_eq!(text, "港");
        assert!(note.is_none());
        let (text, note) = decode(b"plain", Some("x-klingon"));
        assert_eq!(text, "plain");
        let message = note.expect("a warning").message;
        assert!(message.contains("\"x-klingon\""), "{message}");
        assert!(message.contains("cannot decode"), "{message}");
        let (_, note) = decode(b"caf\xe9", Some("iso-2022-kr"));
        assert!(note.expect("a warning").message.contains("\"iso-2022-kr\""));
    }

    #[test]
    fn a_declared_utf_7_is_decoded() {
        // RFC 2152's own examples, and `+-` for a plus.
        let (text, note) = decode(b"Hi Mom -+Jjo--!", Some("UTF-7"));
        assert_eq!(text, "Hi Mom -\u{263a}-!");
        assert!(note.is_none());
        assert_eq!(decode(b"+ZeVnLIqe-", Some("utf-7")).0, "日本語");
        assert_eq!(decode(b"A+ImIDkQ.", Some("utf-7")).0, "A\u{2262}\u{391}.");
        assert_eq!(decode(b"1 +- 1", Some("utf-7")).0, "1 + 1");
    }
}
