//! The list pane: one row per article, unread mark, title, source, date.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
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
    let rows = usize::from(inner.height).div_ceil(layout::LIST_ITEM_HEIGHT);
    // Only the visible rows are built: the list may hold 100,000 articles.
    let top = app.list_top().min(total.saturating_sub(1));
    for (row, index) in (top..total).take(rows).enumerate() {
        let y = inner.y + (row * layout::LIST_ITEM_HEIGHT) as u16;
        let rect = Rect {
            y,
            height: (inner.bottom() - y).min(layout::LIST_ITEM_HEIGHT as u16),
            ..inner
        };
        let [first, second] = item_lines(app, index, usize::from(inner.width));
        first.render(Rect { height: 1, ..rect }, buf);
        if rect.height > 1 {
            second.render(
                Rect {
                    y: y + 1,
                    height: 1,
                    ..rect
                },
                buf,
            );
        }
        if index == app.selected() {
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

/// `● Title…` over `  Source · 2024-04-10` (or the subtitle when the
/// article has neither), each fitted to `width` columns.
fn item_lines(app: &App, index: usize, width: usize) -> [Line<'static>; 2] {
    let article = &app.library.articles[index];
    let read = app.is_read(index);
    let mark = if read { "  " } else { "● " };
    let room = width.saturating_sub(2);
    let title_style = if read { theme::READ } else { theme::UNREAD };
    let meta = [article.source.as_deref(), article.date()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let second = if meta.is_empty() {
        article.subtitle.clone().unwrap_or_default()
    } else {
        meta
    };
    [
        Line::from(vec![
            Span::styled(text::fit(mark, width).into_owned(), theme::UNREAD_MARK),
            Span::styled(
                text::truncate(&article.title, room).into_owned(),
                title_style,
            ),
        ]),
        Line::from(vec![
            Span::raw(text::fit("  ", width).into_owned()),
            Span::styled(text::truncate(&second, room).into_owned(), theme::META),
        ]),
    ]
}
