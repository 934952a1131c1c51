//! Drawing: a pure function of [`App`] into a [`Frame`]. One file per pane.

mod chrome;
mod facts;
mod list;
mod overlay;
mod panel;
mod reader;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::App;
use crate::layout::Pane;

/// Draws the whole screen for the current state.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let screen = crate::layout::Screen::compute_with(
        area,
        app.zen(),
        app.focus(),
        app.sidebar(),
        app.list_item_height() == 1,
    );
    let buf = frame.buffer_mut();
    chrome::header(app, screen.header, buf);
    if let Some(rect) = screen.list {
        list::render(app, rect, buf);
    }
    if let Some(rect) = screen.reader {
        reader::render(app, rect, buf);
    }
    if let Some(rect) = screen.facts {
        facts::render(app, rect, buf);
    }
    if let Some(overlay) = app.overlay() {
        overlay::render(app, overlay, area, buf);
    }
    // The footer is drawn last when the screen is tiny, so the help hint wins.
    chrome::footer(app, screen.footer, buf);
}

/// A pane's frame, bright when it has focus.
fn pane_block<'a>(theme: &theme::Theme, title: &'a str, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            theme.pane_title,
        ))
}

fn has_focus(app: &App, pane: Pane) -> bool {
    app.overlay().is_none() && (app.focus() == pane || (pane == Pane::Reader && app.zen()))
}

/// `rect` moved in by `dx` columns and cut to `width`, within bounds.
fn column(rect: Rect, dx: u16, width: u16) -> Rect {
    let x = rect.x.saturating_add(dx.min(rect.width));
    let width = width.min(rect.right().saturating_sub(x));
    Rect { x, width, ..rect }
}

/// A dim message wrapped into `area`, for a pane with nothing else to show.
fn message(theme: &theme::Theme, text: &str, area: Rect, buf: &mut ratatui::buffer::Buffer) {
    use ratatui::widgets::Widget as _;
    for (i, line) in crate::text::wrap(text, usize::from(area.width))
        .into_iter()
        .take(usize::from(area.height))
        .enumerate()
    {
        ratatui::text::Line::styled(line, theme.meta).render(
            Rect {
                y: area.y + i as u16,
                height: 1,
                ..area
            },
            buf,
        );
    }
}
