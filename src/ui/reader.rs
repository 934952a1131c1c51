//! The reading pane: the selected article, wrapped to a comfortable measure
//! and centred, with a scroll position.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget};

use crate::app::App;
use crate::doc::{Doc, LineKind};
use crate::layout::{self, Pane};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = super::has_focus(app, Pane::Reader);
    let inner = layout::inner(area);
    let Some(article) = app.article() else {
        super::pane_block(app.theme(), "Reader", focused).render(area, buf);
        let message = if app.reading_article() {
            "reading…".to_owned()
        } else if app.library().articles.is_empty() {
            format!(
                "No articles in {}. Add *.json files there (see README).",
                app.library().origin
            )
        } else {
            "No article matches the filters in force.".to_owned()
        };
        super::message(app.theme(), &message, inner, buf);
        return;
    };
    let measure = layout::reader_measure(area, app.measure());
    // The app keeps the layout for the current size; a different size (a test
    // drawing at another size) is laid out here without touching state.
    let doc: Cow<'_, Doc> = match app.doc() {
        Some(doc) if doc.width == measure => Cow::Borrowed(doc),
        _ => Cow::Owned(Doc::build_with(article, measure, app.feed_title_shown())),
    };
    let height = usize::from(inner.height);
    let top = app.reader_top().min(doc.max_top(height));
    let block = super::pane_block(app.theme(), "Reader", focused)
        .title_bottom(Line::from(position(top, height, doc.len())).alignment(Alignment::Right));
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let text_width = layout::reader_text_width(area);
    let pad = (text_width.saturating_sub(measure) / 2) as u16;
    let text_area = super::column(inner, 1 + pad, measure as u16);
    for (row, line) in doc.lines.iter().skip(top).take(height).enumerate() {
        let style = match line.kind {
            LineKind::Title => app.theme().title,
            LineKind::Subtitle => app.theme().subtitle,
            LineKind::Byline | LineKind::Feed => app.theme().byline,
            LineKind::Tags => app.theme().tags,
            LineKind::Enclosure => app.theme().enclosure,
            LineKind::Code => app.theme().code,
            LineKind::Links | LineKind::Url => app.theme().links,
            LineKind::Body | LineKind::Blank => app.theme().body,
        };
        let mut rect = Rect {
            y: text_area.y + row as u16,
            height: 1,
            ..text_area
        };
        if !line.lead.is_empty() {
            Span::styled(line.lead.as_str(), app.theme().fold_mark).render(rect, buf);
            let lead =
                (unicode_width::UnicodeWidthStr::width(line.lead.as_str()) as u16).min(rect.width);
            rect.x += lead;
            rect.width -= lead;
        }
        match (line.paragraph, &line.range) {
            (Some(paragraph), Some(range)) => {
                Line::from(marked(app, paragraph, range, &line.text, style)).render(rect, buf);
            }
            _ => Span::styled(line.text.as_str(), style).render(rect, buf),
        }
    }
    if doc.len() > height {
        let mut state = ScrollbarState::new(doc.max_top(height) + 1).position(top);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .render(inner, buf, &mut state);
    }
}

/// A body line cut into spans: the highlighted sentence (after a jump from
/// the sidebar) and, unless turned off, the figures found in the text.
fn marked<'a>(
    app: &App,
    paragraph: usize,
    range: &Range<usize>,
    text: &'a str,
    base: Style,
) -> Vec<Span<'a>> {
    // Byte offsets in the line where the style changes, with the style from there.
    let mut marks: Vec<(Range<usize>, Style)> = Vec::new();
    if let Some((p, sentence)) = app.highlight()
        && p == paragraph
    {
        marks.push((sentence.clone(), app.theme().highlight));
    }
    if app.figures_marked() {
        for (_, span) in app.figures_in(paragraph) {
            marks.push((span.clone(), app.theme().figure));
        }
    }
    // Later marks win: a search match shows over a figure.
    let (first, matches) = app.matches_in(paragraph);
    let current = app.matches().1;
    for (i, (_, r)) in matches.iter().enumerate() {
        if r.start < range.end && range.start < r.end {
            let style = if Some(first + i) == current {
                app.theme().match_current
            } else {
                app.theme().search_match
            };
            marks.push((r.clone(), style));
        }
    }
    let mut cuts = vec![0, text.len()];
    for (r, _) in &marks {
        for at in [r.start, r.end] {
            if at > range.start && at < range.end && text.is_char_boundary(at - range.start) {
                cuts.push(at - range.start);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (from, to) = (w[0] + range.start, w[1] + range.start);
            let style = marks
                .iter()
                .filter(|(r, _)| r.start <= from && to <= r.end)
                .fold(base, |style, (_, s)| style.patch(*s));
            Span::styled(&text[w[0]..w[1]], style)
        })
        .collect()
}

/// Vim-style position: `All`, `Top`, `Bot` or a percentage, with the line.
fn position(top: usize, height: usize, len: usize) -> String {
    if len <= height {
        return " All ".into();
    }
    let max = len - height;
    let word = match top {
        0 => "Top".to_owned(),
        t if t >= max => "Bot".to_owned(),
        t => format!("{}%", t * 100 / max),
    };
    format!(" {}/{len} {word} ", (top + height).min(len))
}
