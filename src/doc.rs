//! An article laid out as lines for one text width: what the reading pane
//! scrolls through.

use std::ops::Range;

use crate::article::Article;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Subtitle,
    Byline,
    Tags,
    Body,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: LineKind,
    pub text: String,
    /// The body paragraph this line belongs to.
    pub paragraph: Option<usize>,
    /// The bytes of that paragraph this line shows, for highlighting a
    /// sentence or a figure.
    pub range: Option<Range<usize>>,
}

/// A scroll position that survives re-wrapping: a paragraph and how far into
/// it (as a fraction of its lines), or a line of the heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    Heading(usize),
    Paragraph { index: usize, fraction: f64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub width: usize,
    pub lines: Vec<DocLine>,
    /// First line of each body paragraph.
    paragraph_starts: Vec<usize>,
}

/// Bytes of spaces looked across between one wrapped line and the next.
const SLACK: usize = 256;

/// The largest character boundary of `s` at or before `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Doc {
    /// Lays out the article at `width` columns. Every line fits the width.
    pub fn build(article: &Article, width: usize) -> Self {
        let mut lines = Vec::new();
        let mut push = |kind, text: &str, paragraph| {
            for line in text::wrap(text, width) {
                lines.push(DocLine {
                    kind,
                    text: line,
                    paragraph,
                    range: None,
                });
            }
        };
        push(LineKind::Title, &article.title, None);
        if let Some(subtitle) = &article.subtitle {
            push(LineKind::Subtitle, subtitle, None);
        }
        let byline = article.byline();
        if !byline.is_empty() {
            push(LineKind::Byline, &byline, None);
        }
        if !article.tags.is_empty() {
            let tags: Vec<String> = article.tags.iter().map(|t| format!("#{t}")).collect();
            push(LineKind::Tags, &tags.join(" "), None);
        }
        let mut paragraph_starts = Vec::with_capacity(article.body.len());
        for (i, paragraph) in article.body.iter().enumerate() {
            lines.push(DocLine {
                kind: LineKind::Blank,
                text: String::new(),
                paragraph: None,
                range: None,
            });
            paragraph_starts.push(lines.len());
            // Wrapped lines are pieces of the paragraph in order: find each
            // just after the previous one to know which bytes it shows. Only
            // the spaces between lines lie between them, so the search is
            // bounded: one that failed must not read on to the paragraph's
            // end, once per line.
            let mut cursor = 0;
            for line in text::wrap(paragraph, width) {
                let reach = floor_boundary(paragraph, cursor + line.len() + SLACK);
                let range = paragraph[cursor..reach].find(line.as_str()).map(|at| {
                    let start = cursor + at;
                    cursor = start + line.len();
                    start..cursor
                });
                lines.push(DocLine {
                    kind: LineKind::Body,
                    text: line,
                    paragraph: Some(i),
                    range,
                });
            }
        }
        Self {
            width,
            lines,
            paragraph_starts,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The largest top line that still fills a viewport of `height` lines.
    pub fn max_top(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height.max(1))
    }

    /// Where line `top` is, in terms that survive a different width.
    pub fn anchor(&self, top: usize) -> Anchor {
        let first_body = self.paragraph_starts.first().copied().unwrap_or(usize::MAX);
        if top < first_body.saturating_sub(1) || self.paragraph_starts.is_empty() {
            return Anchor::Heading(top);
        }
        // A blank line before a paragraph belongs to that paragraph.
        let index = match self.paragraph_starts.binary_search(&top) {
            Ok(i) => i,
            Err(i) if i < self.paragraph_starts.len() && self.paragraph_starts[i] == top + 1 => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.paragraph_starts[index];
        let len = self.paragraph_len(index).max(1);
        let fraction = (top.saturating_sub(start)) as f64 / len as f64;
        Anchor::Paragraph { index, fraction }
    }

    /// The line an anchor points at in this layout.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        match anchor {
            Anchor::Heading(line) => line.min(self.lines.len().saturating_sub(1)),
            Anchor::Paragraph { index, fraction } => {
                let Some(&start) = self.paragraph_starts.get(index) else {
                    return self.lines.len().saturating_sub(1);
                };
                let len = self.paragraph_len(index);
                let offset = (fraction * len as f64).floor() as usize;
                start + offset.min(len.saturating_sub(1))
            }
        }
    }

    /// The line showing byte `at` of paragraph `paragraph`.
    pub fn line_at(&self, paragraph: usize, at: usize) -> Option<usize> {
        let start = *self.paragraph_starts.get(paragraph)?;
        let len = self.paragraph_len(paragraph);
        (start..start + len)
            .find(|&i| self.lines[i].range.as_ref().is_some_and(|r| at < r.end))
            .or(Some(start))
    }

    fn paragraph_len(&self, index: usize) -> usize {
        let start = self.paragraph_starts[index];
        let end = self
            .paragraph_starts
            .get(index + 1)
            .map_or(self.lines.len(), |next| next - 1);
        end - start
    }
}
