//! The list pane: one row per article, unread mark, title, source, date.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::layout::{self, Pane};
use crate::text;
use crate::theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = super::has_focus(app, Pane::List);
    let total = app.library.articles.len();
    let title = if total == 0 {
        "Articles".to_owned()
    } else {
        format!("Articles {}/{total}", app.selected() + 1)
    };
    super::pane_block(&title, focused).render(area, buf);
    let inner = layout::inner(area);
    if inner.is_empty() {
        return;
    }
    if total == 0 {
        Line::styled(
            text::truncate("No articles.", usize::from(inner.width)).into_owned(),
            theme::META,
        )
        .render(inner, buf);
        return;
    }
    let height = usize::from(inner.height);
    // Only the visible rows are built: the list may hold 100,000 articles.
    let top = app.list_top().min(total.saturating_sub(1));
    for (row, index) in (top..total).take(height).enumerate() {
        let rect = Rect {
            y: inner.y + row as u16,
            height: 1,
            ..inner
        };
        let selected = index == app.selected();
        row_line(app, index, usize::from(inner.width)).render(rect, buf);
        if selected {
            buf.set_style(
                rect,
                if focused {
                    theme::SELECTED
                } else {
                    theme::SELECTED_UNFOCUSED
                },
            );
        }
    }
}

/// `● Title…  Source  2024-04-10`, fitted to `width` columns.
fn row_line(app: &App, index: usize, width: usize) -> Line<'static> {
    let article = &app.library.articles[index];
    let read = app.is_read(index);
    let mark = if read { "  " } else { "● " };
    let room = width.saturating_sub(2);
    // Source and date when the title keeps a readable share of the row;
    // the date alone when only that fits; else the title takes the row.
    let source = article
        .source
        .as_deref()
        .map(|s| text::truncate(s, 14).into_owned());
    let date = article.date().map(str::to_owned);
    let candidates = [
        (
            source
                .clone()
                .zip(date.clone())
                .map(|(s, d)| format!("{s} {d}")),
            20,
        ),
        (source.clone().filter(|_| date.is_none()), 16),
        (date.clone(), 12),
    ];
    let meta = candidates
        .into_iter()
        .find_map(|(meta, min_title)| {
            meta.filter(|m| {
                room >= unicode_width::UnicodeWidthStr::width(m.as_str()) + 1 + min_title
            })
        })
        .map(|m| format!(" {m}"))
        .unwrap_or_default();
    let title_w = room - unicode_width::UnicodeWidthStr::width(meta.as_str());
    let title_style = if read { theme::READ } else { theme::UNREAD };
    Line::from(vec![
        Span::styled(text::fit(mark, width).into_owned(), theme::UNREAD_MARK),
        Span::styled(text::pad(&article.title, title_w), title_style),
        Span::styled(meta, theme::META),
    ])
    .style(Style::default())
}
