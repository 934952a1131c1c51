//! An article laid out as lines for one text width: what the reading pane
//! scrolls through.

use std::ops::Range;

use crate::article::{Article, Shape};
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Subtitle,
    Byline,
    /// The feed the article came from, in the heading.
    Feed,
    /// The article's own address, in the heading.
    Url,
    Tags,
    /// A media file attached to the article, in the heading.
    Enclosure,
    Body,
    /// A line of a preformatted paragraph (code, a table).
    Code,
    /// The heading of the list of links after the text, and its entries.
    Links,
    Blank,
}

/// Drawn before the continuation of a preformatted line too wide for the
/// column: the line is folded, never cut or scrolled sideways.
pub const FOLD_MARK: &str = "↪";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: LineKind,
    /// Drawn before `text` and not part of it: an indent, or
    /// [`FOLD_MARK`]. `range` counts only `text`.
    pub lead: String,
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

fn blank() -> DocLine {
    DocLine {
        kind: LineKind::Blank,
        lead: String::new(),
        text: String::new(),
        paragraph: None,
        range: None,
    }
}

fn heading_line(text: &str) -> DocLine {
    DocLine {
        kind: LineKind::Links,
        lead: String::new(),
        text: text.to_owned(),
        paragraph: None,
        range: None,
    }
}

/// The lines of a paragraph that holds `\n`s, each with its byte offset.
fn line_offsets(paragraph: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    paragraph.split('\n').map(move |line| {
        let start = at;
        at += line.len() + 1;
        (start, line)
    })
}

/// How far a list item is indented, by its bullet: `◦` items sit in a
/// list inside a list, `▪` deeper still (see `import::blocks`). The item's
/// later lines hang under its text.
fn list_indent(text: &str) -> (usize, usize) {
    let level = match text.chars().next() {
        Some('◦') => 2,
        Some('▪') => 4,
        _ => 0,
    };
    let rest = text.trim_start_matches(['•', '◦', '▪']).trim_start();
    let bullet = text.len() - rest.len();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = if digits > 0 && digits < 4 && rest[digits..].starts_with(". ") {
        digits + 2
    } else {
        0
    };
    let hang = if bullet > 0 || number > 0 {
        // Bullets are one column wide, whatever their UTF-8 length.
        usize::from(bullet > 0) * 2 + number
    } else {
        0
    };
    (level, hang)
}

/// Wraps one flow of text (a prose paragraph, or one line of a `lines`
/// paragraph starting at byte `offset` of paragraph `i`).
fn prose(lines: &mut Vec<DocLine>, i: usize, flow: &str, offset: usize, width: usize) {
    let (level, hang) = list_indent(flow);
    // Indents are given up in a column too narrow for them.
    let (level, hang) = if level + hang + 8 > width {
        (0, 0)
    } else {
        (level, hang)
    };
    // Wrapped lines are pieces of the paragraph in order: find each just
    // after the previous one to know which bytes it shows. Only the spaces
    // between lines lie between them, so the search is bounded: one that
    // failed must not read on to the paragraph's end, once per line.
    let mut cursor = 0;
    for (k, line) in text::wrap_hanging(flow, width - level, hang)
        .into_iter()
        .enumerate()
    {
        let reach = floor_boundary(flow, cursor + line.len() + SLACK);
        let range = flow[cursor..reach].find(line.as_str()).map(|at| {
            let start = cursor + at;
            cursor = start + line.len();
            offset + start..offset + cursor
        });
        let lead = level + if k == 0 { 0 } else { hang };
        lines.push(DocLine {
            kind: LineKind::Body,
            lead: " ".repeat(lead),
            text: line,
            paragraph: Some(i),
            range,
        });
    }
}

/// One line of preformatted text, starting at byte `offset` of paragraph
/// `i`, folded at the width: the pieces after the first start with
/// [`FOLD_MARK`].
fn code(lines: &mut Vec<DocLine>, i: usize, line: &str, offset: usize, width: usize) {
    let rest = if width > 1 { width - 1 } else { width };
    for (k, piece) in text::fold(line, width, rest).into_iter().enumerate() {
        // Each piece is a slice of `line`: its place is pointer arithmetic.
        let start = piece.as_ptr() as usize - line.as_ptr() as usize;
        lines.push(DocLine {
            kind: LineKind::Code,
            lead: if k > 0 && width > 1 {
                FOLD_MARK.to_owned()
            } else {
                String::new()
            },
            text: piece.to_owned(),
            paragraph: Some(i),
            range: Some(offset + start..offset + start + piece.len()),
        });
    }
}

impl Doc {
    /// Lays out the article at `width` columns. Every line fits the width.
    /// Its feed, if any, is shown by its URL.
    pub fn build(article: &Article, width: usize) -> Self {
        Self::build_with(article, width, None)
    }

    /// As [`Doc::build`], calling the article's feed `feed_title` (its
    /// name in the feeds file).
    pub fn build_with(article: &Article, width: usize, feed_title: Option<&str>) -> Self {
        let mut lines = Vec::new();
        let mut push = |kind, text: &str, paragraph| {
            for line in text::wrap(text, width) {
                lines.push(DocLine {
                    kind,
                    lead: String::new(),
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
        if let Some(feed) = &article.feed {
            let title = text::clean(feed_title.unwrap_or(feed));
            push(LineKind::Feed, &format!("feed: {title}"), None);
        }
        if let Some(url) = &article.url {
            push(LineKind::Url, &format!("↗ {url}"), None);
        }
        if let Some(updated) = &article.updated {
            // Changed upstream since it was first fetched: the text is the
            // new one.
            let day = updated.get(..10).unwrap_or(updated);
            push(
                LineKind::Feed,
                &format!("↻ updated by its feed on {day}"),
                None,
            );
        }
        if !article.tags.is_empty() {
            let tags: Vec<String> = article.tags.iter().map(|t| format!("#{t}")).collect();
            push(LineKind::Tags, &tags.join(" "), None);
        }
        for enclosure in &article.enclosures {
            let about = enclosure.describe();
            let text = if about.is_empty() {
                format!("▶ {}", enclosure.url)
            } else {
                format!("▶ {about} {}", enclosure.url)
            };
            push(LineKind::Enclosure, &text, None);
        }
        let mut paragraph_starts = Vec::with_capacity(article.body.len());
        for (i, paragraph) in article.body.iter().enumerate() {
            lines.push(blank());
            paragraph_starts.push(lines.len());
            match article.shape(i) {
                Shape::Prose => prose(&mut lines, i, paragraph, 0, width),
                Shape::Lines => {
                    for (start, line) in line_offsets(paragraph) {
                        prose(&mut lines, i, line, start, width);
                    }
                }
                Shape::Pre => {
                    for (start, line) in line_offsets(paragraph) {
                        code(&mut lines, i, line, start, width);
                    }
                }
            }
        }
        if !article.links.is_empty() {
            lines.push(blank());
            let mut heading = heading_line("Links");
            heading.text = text::fit(&heading.text, width).into_owned();
            lines.push(heading);
            for (n, link) in article.links.iter().enumerate() {
                let label = format!("[{}] ", n + 1);
                let hang = label.len().min(width.saturating_sub(1));
                for (k, line) in text::wrap_hanging(&format!("{label}{link}"), width, hang)
                    .into_iter()
                    .enumerate()
                {
                    lines.push(DocLine {
                        kind: LineKind::Links,
                        lead: if k == 0 {
                            String::new()
                        } else {
                            " ".repeat(hang)
                        },
                        text: line,
                        paragraph: None,
                        range: None,
                    });
                }
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
