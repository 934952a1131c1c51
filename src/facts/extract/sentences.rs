//! Sentence splitting: byte spans of a paragraph's sentences, so every
//! fact can point at the sentence holding it; and the bounded pieces an
//! over-long sentence is cut into, so no fact points at a runaway one.

use std::ops::Range;

use super::words::ABBREVIATIONS;

/// Byte spans of the sentences of a paragraph.
///
/// One pass, no copy of the text: a hostile paragraph may be megabytes long.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    // Where the closing marks after an end mark stop, and the first
    // character that is not a space after them: the same for every mark
    // of a run ("?!", "..."), so found once per run.
    let mut run: Option<(usize, Option<(usize, char)>)> = None;
    while let Some(c) = text[at..].chars().next() {
        let next = at + c.len_utf8();
        let ends_cjk = matches!(c, '。' | '！' | '？');
        if matches!(c, '.' | '!' | '?') || ends_cjk {
            let (end, next_start) = match run {
                Some((end, next_start)) if next <= end => (end, next_start),
                _ => {
                    // Closing quotes and brackets belong to the sentence they end.
                    let end = next
                        + text[next..]
                            .find(|c| {
                                !matches!(c, '”' | '’' | '"' | '\'' | ')' | '」' | '』' | '.')
                            })
                            .unwrap_or(text.len() - next);
                    let next_start = text[end..]
                        .char_indices()
                        .find(|(_, c)| !c.is_whitespace())
                        .map(|(i, c)| (end + i, c));
                    run = Some((end, next_start));
                    (end, next_start)
                }
            };
            let boundary = ends_cjk
                || (text[end..].starts_with(char::is_whitespace)
                    && next_start.is_some_and(|(_, n)| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘')
                    })
                    && !(c == '.' && is_abbreviation(&text[start..at])));
            if boundary || end >= text.len() {
                out.push(start..end);
                start = next_start.map_or(text.len(), |(i, _)| i);
                at = end;
                continue;
            }
        }
        at = next;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Whether the word before a full stop is an abbreviation. Only the end of
/// `before` is read: a word longer than any abbreviation is none.
fn is_abbreviation(before: &str) -> bool {
    const LONGEST: usize = 64;
    let mut from = before.len().saturating_sub(LONGEST);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let tail = &before[from..];
    let Some(word) = tail
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .filter(|w| from == 0 || w.len() < tail.len())
    else {
        return false;
    };
    // A lone capital is an initial ("J. Smith").
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(word)
}

/// The longest piece of a sentence a fact points at, in bytes. Sentences
/// of prose are far shorter; a longer one (a paragraph with no full stops,
/// a pasted table) is cut into pieces about this long.
pub const MAX_PIECE: usize = 2000;

/// A paragraph's sentences with every one longer than [`MAX_PIECE`] cut
/// into pieces, for finding the sentence of a fact in logarithmic time.
pub(in crate::facts) struct Pieces {
    /// Each piece, and whether the next one continues its sentence.
    pieces: Vec<(Range<usize>, bool)>,
    len: usize,
}

impl Pieces {
    pub(in crate::facts) fn new(text: &str, sentences: &[Range<usize>]) -> Self {
        let mut pieces = Vec::with_capacity(sentences.len());
        for sentence in sentences {
            let mut from = sentence.start;
            while sentence.end - from > MAX_PIECE {
                let cut = cut_point(text, from, from + MAX_PIECE);
                pieces.push((from..cut, true));
                from = text[cut..sentence.end]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(sentence.end, |i| cut + i);
            }
            if from < sentence.end {
                pieces.push((from..sentence.end, false));
            } else if let Some(last) = pieces.last_mut() {
                last.1 = false;
            }
        }
        Self {
            pieces,
            len: text.len(),
        }
    }

    /// The index of the piece holding byte `at`.
    fn index_of(&self, at: usize) -> Option<usize> {
        let i = self.pieces.partition_point(|(p, _)| p.start <= at);
        let (piece, _) = self.pieces.get(i.checked_sub(1)?)?;
        (at < piece.end.max(piece.start + 1)).then_some(i - 1)
    }

    /// Where the piece holding byte `at` starts.
    pub(super) fn start_of(&self, at: usize) -> Option<usize> {
        self.index_of(at).map(|i| self.pieces[i].0.start)
    }

    /// The sentence (or piece of one) where `span` starts, reaching on
    /// across cuts to where it ends; the whole paragraph when no sentence
    /// holds it.
    pub(in crate::facts) fn around(&self, span: &Range<usize>) -> Range<usize> {
        let Some(first) = self.index_of(span.start) else {
            return 0..self.len;
        };
        let mut last = first;
        while self.pieces[last].1
            && self.pieces[last].0.end < span.end
            && last + 1 < self.pieces.len()
        {
            last += 1;
        }
        self.pieces[first].0.start..self.pieces[last].0.end
    }
}

/// Where to cut the text from `from`, at most at `limit`: after the last
/// comma or semicolon in the second half, else at the last space, else (a
/// run with no spaces) at the last character that fits.
fn cut_point(text: &str, from: usize, limit: usize) -> usize {
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text.as_bytes()[from..limit];
    let half = window.len() / 2;
    let clause = (half.max(1)..window.len())
        .rev()
        .find(|&k| window[k] == b' ' && matches!(window[k - 1], b',' | b';'));
    let space = || {
        text[from..limit]
            .rfind(char::is_whitespace)
            .filter(|&k| k > 0)
    };
    match clause.or_else(space) {
        Some(k) => from + k,
        None if limit > from => limit,
        // Not even one character fits (cannot happen with MAX_PIECE above
        // four bytes); take the next whole character.
        None => from + text[from..].chars().next().map_or(0, char::len_utf8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sentences_are_their_own_pieces() {
        let text = "Sales rose. Costs fell.";
        let s = sentences(text);
        let pieces = Pieces::new(text, &s);
        assert_eq!(pieces.around(&(0..5)), 0..11);
        assert_eq!(pieces.around(&(12..17)), 12..23);
        assert_eq!(pieces.start_of(14), Some(12));
    }

    #[test]
    fn a_runaway_sentence_is_cut_into_bounded_pieces_at_clauses() {
        let clause = "revenue rose 5% to $3 million in 2001 as 4 firms hired 7 staff, ";
        let text = clause.repeat(200);
        let s = sentences(&text);
        assert_eq!(s.len(), 1);
        let pieces = Pieces::new(&text, &s);
        assert!(pieces.pieces.len() > 5);
        for (piece, cut) in &pieces.pieces {
            assert!(piece.len() <= MAX_PIECE, "{piece:?}");
            assert!(
                !cut || text[..piece.end].ends_with(','),
                "cut after a clause"
            );
        }
        // Together the pieces cover the sentence but the spaces at cuts.
        let covered: usize = pieces
            .pieces
            .iter()
            .map(|(p, cut)| p.len() + usize::from(*cut))
            .sum();
        assert_eq!(covered, text.len());
    }

    #[test]
    fn a_span_over_a_cut_reaches_into_the_next_piece() {
        let text = "x".repeat(MAX_PIECE + 10);
        let s = sentences(&text);
        let pieces = Pieces::new(&text, &s);
        let span = MAX_PIECE - 2..MAX_PIECE + 2;
        assert_eq!(pieces.around(&span), 0..text.len());
        assert_eq!(pieces.around(&(3..4)), 0..MAX_PIECE);
    }

    #[test]
    fn runs_of_marks_and_long_words_are_read_once() {
        // Quadratic scans here took minutes on megabytes of dots.
        let dots = format!("{} x {} X", ".".repeat(100_000), ".".repeat(100_000));
        assert_eq!(sentences(&dots), [0..200_003, 200_004..dots.len()]);
        let text = format!("{} x. Next one.", "a".repeat(100_000));
        assert_eq!(sentences(&text).len(), 2);
        assert!(is_abbreviation("He met Mr"));
        assert!(!is_abbreviation(&"Mr".repeat(100)));
    }
}
