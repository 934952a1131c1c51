//! The header (name, counts, folder) and the footer (keys for the focused
//! pane).

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::app::{App, thousands};
use crate::text;

pub fn header(app: &App, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, app.theme().header);
    let total = app.library().articles.len();
    let shown = if app.filter().is_active() {
        format!("{} of {}", thousands(app.list().len()), thousands(total))
    } else {
        thousands(total)
    };
    let mut left = format!(
        " 号外 gogai │ {shown} article{} · {} unread │ {}",
        if total == 1 { "" } else { "s" },
        thousands(app.unread()),
        app.library().origin
    );
    if let Some(p) = app.refreshing() {
        let _ = write!(
            left,
            " │ updating {}/{} · {} new",
            p.done,
            p.feeds,
            thousands(p.new)
        );
    }
    // The results of a search grow until these reach 100%.
    if let Some((done, of)) = app.reading() {
        let _ = write!(left, " │ searching {}%", done * 100 / of.max(1));
    } else if let Some((done, of)) = app.indexing() {
        let _ = write!(left, " │ finding names {}%", done * 100 / of.max(1));
    }
    let skipped = app.library().skipped();
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
        Span::styled(right, app.theme().header_warn),
    ])
    .style(app.theme().header)
    .render(area, buf);
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, app.theme().footer);
    let width = usize::from(area.width);
    if let Some(input) = app.prompt() {
        prompt(app, input, area, buf);
        return;
    }
    if let Some(status) = app.status() {
        Line::styled(
            text::truncate(&format!(" {status}"), width).into_owned(),
            app.theme().status,
        )
        .render(area, buf);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 1;
    spans.push(Span::raw(" "));
    // In zen the reading pane is all there is: moving focus does nothing.
    let pointless = app.zen().then(|| Action::FocusNext.short());
    for (keys, words) in app.keymap().footer(app.context()) {
        if Some(words) == pointless {
            continue;
        }
        // A hint is shown whole or not at all; the gap after it may be cut.
        if used + keys.width() + 1 + words.width() > width {
            break;
        }
        used += keys.width() + words.width() + 4;
        spans.push(Span::styled(keys, app.theme().footer_key));
        spans.push(Span::styled(format!(" {words}   "), app.theme().footer));
    }
    Line::from(spans).render(area, buf);
}

/// `/query▏   12 of 340   Enter keep · Esc cancel`: the search being typed,
/// its count on the right. The end of the input stays in view.
fn prompt(app: &App, input: &str, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let count = format!(
        "  {} of {} ",
        thousands(app.list().len()),
        thousands(app.library().articles.len())
    );
    let room = width.saturating_sub(count.width() + 3);
    let shown = text::tail(&text::clean(input), room);
    Line::from(vec![
        Span::styled("/", app.theme().footer_key),
        Span::styled(shown.clone(), app.theme().prompt),
        Span::styled("▏", app.theme().footer_key),
        Span::raw(" ".repeat(room.saturating_sub(shown.width()) + 1)),
        Span::styled(count, app.theme().meta),
    ])
    .render(area, buf);
}
