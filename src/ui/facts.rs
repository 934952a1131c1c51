//! The facts sidebar: facts of the selected article under headings.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::app::App;
use crate::layout::{self, Pane};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = super::has_focus(app, Pane::Facts);
    super::pane_block(app.theme(), "Facts", focused).render(area, buf);
    let width = usize::from(layout::panel_text(area).width);
    let panel = app.facts_panel(width);
    // The cursor shows only where the keys are.
    let cursor = panel.spans.get(app.fact_selected()).filter(|_| focused);
    super::panel::draw(
        app.theme(),
        &panel.lines,
        app.facts_top(),
        cursor,
        area,
        buf,
    );
}
