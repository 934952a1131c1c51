//! Bytes to text, whatever encoding the source claims.

use crate::text::position;

use super::Note;

/// Text from bytes whose encoding may be declared wrongly. Bytes that are
/// valid UTF-8 are read as UTF-8 whatever the declaration says (a
/// declaration left over from another encoding is the common mistake, and
/// UTF-8 almost never happens by accident); otherwise the declared encoding
/// is used, and with none (or a false claim of UTF-8), Windows-1252, as
/// browsers do. The note says what was guessed.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Option<Note>) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), None);
    }
    let declared_encoding =
        declared.and_then(|d| encoding_rs::Encoding::for_label(d.trim().as_bytes()));
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let note = declared_encoding
                .filter(|e| *e != encoding_rs::UTF_8 && !text.is_ascii())
                .map(|_| {
                    Note::warning(
                        None,
                        format!(
                            "declares the encoding {:?}, but its bytes are UTF-8; read as UTF-8",
                            declared.unwrap_or_default()
                        ),
                    )
                });
            (text.to_owned(), note)
        }
        Err(e) => {
            let at = position(bytes, e.valid_up_to());
            let (encoding, note) = match declared_encoding {
                Some(enc) if enc != encoding_rs::UTF_8 => (enc, None),
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
}
