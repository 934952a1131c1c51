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
    let mut meta = String::new();
    if let Some(source) = &article.source {
        meta.push_str(&text::truncate(source, 14));
    }
    if let Some(date) = article.date() {
        if !meta.is_empty() {
            meta.push(' ');
        }
        meta.push_str(date);
    }
    let room = width.saturating_sub(2);
    // Meta only when the title keeps a readable share of the row.
    let meta_w = unicode_width::UnicodeWidthStr::width(meta.as_str());
    let (title_w, meta) = if !meta.is_empty() && room >= meta_w + 1 + 16 {
        (room - meta_w - 1, format!(" {meta}"))
    } else {
        (room, String::new())
    };
    let title_style = if read { theme::READ } else { theme::UNREAD };
    Line::from(vec![
        Span::styled(text::fit(mark, width).into_owned(), theme::UNREAD_MARK),
        Span::styled(text::pad(&article.title, title_w), title_style),
        Span::styled(meta, theme::META),
    ])
    .style(Style::default())
}
