//! Sentence splitting: byte spans of a paragraph's sentences, so every
//! fact can point at the sentence holding it.

use std::ops::Range;

use super::words::ABBREVIATIONS;

/// Byte spans of the sentences of a paragraph.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let ends_cjk = matches!(c, '。' | '！' | '？');
        if matches!(c, '.' | '!' | '?') || ends_cjk {
            // Closing quotes and brackets belong to the sentence they end.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '”' | '’' | '"' | '\'' | ')' | '」' | '』' | '.')
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let next_starts = chars[j..]
                .iter()
                .find(|(_, c)| !c.is_whitespace())
                .map(|&(_, c)| c);
            let boundary = if ends_cjk {
                true
            } else {
                j < chars.len()
                    && chars[j].1.is_whitespace()
                    && next_starts.is_some_and(|n| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘')
                    })
                    && !(c == '.' && is_abbreviation(&text[start..at]))
            };
            if boundary || j >= chars.len() {
                out.push(start..end);
                start = chars[j..]
                    .iter()
                    .find(|(_, c)| !c.is_whitespace())
                    .map_or(text.len(), |&(b, _)| b);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    // A lone capital is an initial ("J. Smith").
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(word)
}
