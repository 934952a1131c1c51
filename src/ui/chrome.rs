//! The header (name, counts, folder) and the footer (keys for the focused
//! pane).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::keymap;
use crate::text;
use crate::theme;

pub fn header(app: &App, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme::HEADER);
    let total = app.library.articles.len();
    let left = format!(
        " 号外 gogai │ {} article{} · {} unread │ {}",
        thousands(total),
        if total == 1 { "" } else { "s" },
        thousands(app.unread()),
        app.library.origin
    );
    let skipped = app.library.skipped();
    let mut flags = Vec::new();
    if skipped > 0 {
        flags.push(format!("{skipped} skipped"));
    }
    if !app.notices().is_empty() {
        flags.push(format!(
            "{} notice{}",
            app.notices().len(),
            if app.notices().len() == 1 { "" } else { "s" }
        ));
    }
    let right = if flags.is_empty() {
        String::new()
    } else {
        format!("⚠ {} (press !) ", flags.join(", "))
    };
    let width = usize::from(area.width);
    let right = text::truncate(&right, width).into_owned();
    let left_room = width.saturating_sub(right.width());
    Line::from(vec![
        Span::raw(text::pad(&left, left_room)),
        Span::styled(right, theme::HEADER_WARN),
    ])
    .style(theme::HEADER)
    .render(area, buf);
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    let mut used = 1;
    spans.push(Span::raw(" "));
    for (keys, words) in keymap::footer(app.context()) {
        let cost = keys.width() + words.width() + 3;
        if used + cost > usize::from(area.width) {
            break;
        }
        used += cost;
        spans.push(Span::styled(keys, theme::FOOTER_KEY));
        spans.push(Span::styled(format!(" {words}   "), theme::FOOTER));
    }
    buf.set_style(area, theme::FOOTER);
    Line::from(spans).render(area, buf);
}

/// `100000` → `100,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
