//! The list pane: one row per article (unread and star marks, title with
//! search matches lit, source and date), titled with the filters in force.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use ratatui::style::Style;

use crate::app::App;
use crate::layout::{self, Pane};
use crate::search::{self, Query};
use crate::text;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = super::has_focus(app, Pane::List);
    let total = app.list().len();
    let mut title = if total == 0 {
        "Articles".to_owned()
    } else {
        format!("Articles {}/{total}", app.selected() + 1)
    };
    let mut parts = app.filter().describe();
    if app.sort() != crate::view::Sort::Date {
        parts.push(format!("by {}", app.sort().name()));
    }
    if !parts.is_empty() {
        title = format!("{title} · {}", parts.join(" · "));
    }
    let title = text::truncate(
        &text::clean(&title),
        usize::from(area.width.saturating_sub(4)),
    )
    .into_owned();
    super::pane_block(app.theme(), &title, focused).render(area, buf);
    let inner = layout::inner(area);
    if inner.is_empty() {
        return;
    }
    if total == 0 {
        let message = if app.filter().is_active() {
            "Nothing matches. Esc clears the search; U, S and t change the filters."
        } else {
            "No articles."
        };
        super::message(app.theme(), message, inner, buf);
        return;
    }
    let height = app.list_item_height();
    let rows = usize::from(inner.height).div_ceil(height);
    // Only the visible rows are built: the list may hold 100,000 articles.
    let top = app.list_top().min(total.saturating_sub(1));
    for (row, (position, &index)) in app
        .list()
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .enumerate()
    {
        let y = inner.y + (row * height) as u16;
        let rect = Rect {
            y,
            height: (inner.bottom() - y).min(height as u16),
            ..inner
        };
        if height == 1 {
            one_line(app, index, usize::from(inner.width)).render(rect, buf);
        } else {
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
        }
        if position == app.selected() {
            buf.set_style(
                rect,
                if focused {
                    app.theme().selected
                } else {
                    app.theme().selected_unfocused
                },
            );
        }
    }
}

/// `●★ Title…            Source      2024-04-10 09:30`: one row, the title
/// taking what the source and date columns leave (no source column below
/// 60 columns, the time only from 100).
fn one_line(app: &App, index: usize, width: usize) -> Line<'static> {
    let article = app.library().articles.at(index);
    let read = app.is_read(index);
    let date_width = if width >= 100 { 16 } else { 10 };
    let date = article.published().map_or_else(String::new, |p| {
        text::fit(&p.replacen('T', " ", 1), date_width).into_owned()
    });
    let source = article.source().unwrap_or("");
    // A row with neither source nor date gives its title the whole width.
    let bare = source.is_empty() && date.is_empty();
    let source_width = if width >= 60 && !bare {
        (width / 6).clamp(8, 24)
    } else {
        0
    };
    let title_width = if bare {
        width.saturating_sub(3)
    } else {
        width.saturating_sub(3 + source_width + date_width + 2)
    };
    let mut spans = vec![
        Span::styled(
            text::fit(if read { " " } else { "●" }, width).into_owned(),
            app.theme().unread_mark,
        ),
        Span::styled(
            text::fit(
                if app.is_starred(index) { "★ " } else { "  " },
                width.saturating_sub(1),
            )
            .into_owned(),
            app.theme().star,
        ),
    ];
    let title = text::pad(article.title(), title_width);
    let style = if read {
        app.theme().read
    } else {
        app.theme().unread
    };
    spans.extend(lit(title, app.query(), style, app.theme().search_match));
    if source_width > 0 {
        let source = text::pad(source, source_width);
        spans.push(Span::styled(format!(" {source}"), app.theme().meta));
    }
    if title_width > 0 && !bare {
        spans.push(Span::styled(
            format!(" {date:>date_width$}"),
            app.theme().meta,
        ));
    }
    Line::from(spans)
}

/// `●★ Title…` over `   Source · 2024-04-10` (or the subtitle when the
/// article has neither), each fitted to `width` columns.
fn item_lines(app: &App, index: usize, width: usize) -> [Line<'static>; 2] {
    let article = app.library().articles.at(index);
    let read = app.is_read(index);
    let unread_mark = if read { " " } else { "●" };
    let star_mark = if app.is_starred(index) { "★ " } else { "  " };
    let room = width.saturating_sub(3);
    let title_style = if read {
        app.theme().read
    } else {
        app.theme().unread
    };
    let meta = [article.source(), article.date()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let second = if meta.is_empty() {
        article.subtitle().unwrap_or_default().to_owned()
    } else {
        meta
    };
    let mut first = vec![
        Span::styled(
            text::fit(unread_mark, width).into_owned(),
            app.theme().unread_mark,
        ),
        Span::styled(
            text::fit(star_mark, width.saturating_sub(1)).into_owned(),
            app.theme().star,
        ),
    ];
    let title = text::truncate(article.title(), room).into_owned();
    first.extend(lit(
        title,
        app.query(),
        title_style,
        app.theme().search_match,
    ));
    [
        Line::from(first),
        Line::from(vec![
            Span::raw(text::fit("   ", width).into_owned()),
            Span::styled(text::truncate(&second, room).into_owned(), app.theme().meta),
        ]),
    ]
}

/// `text` cut into spans with the search's matches lit.
fn lit(text: String, query: Option<&Query>, style: Style, lit: Style) -> Vec<Span<'static>> {
    let ranges = query
        .map(|q| search::find_ranges(&text, q))
        .unwrap_or_default();
    if ranges.is_empty() {
        return vec![Span::styled(text, style)];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for range in ranges {
        // Overlapping matches ("ai air") light the rest of the longer one.
        let range = range.start.max(at)..range.end;
        if range.is_empty() {
            continue;
        }
        if range.start > at {
            spans.push(Span::styled(text[at..range.start].to_owned(), style));
        }
        spans.push(Span::styled(
            text[range.clone()].to_owned(),
            style.patch(lit),
        ));
        at = range.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_owned(), style));
    }
    spans
}
