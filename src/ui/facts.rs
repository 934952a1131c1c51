//! The facts sidebar: facts of the selected article under headings.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::app::App;
use crate::facts::FactGroup;
use crate::layout::{self, Pane};
use crate::text;
use crate::theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = super::has_focus(app, Pane::Facts);
    super::pane_block("Facts", focused).render(area, buf);
    draw(app.facts(), app.facts_top(), text_area(area), buf);
}

/// Where the sidebar's text goes: inside the border with a margin column.
pub fn text_area(pane: Rect) -> Rect {
    let inner = layout::inner(pane);
    super::column(inner, 1, inner.width.saturating_sub(2))
}

/// Draws fact lines from `top` into `area`; shared with the facts overlay.
pub fn draw(groups: &[FactGroup], top: usize, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let lines = lines(groups, usize::from(area.width));
    let height = usize::from(area.height);
    let top = top.min(lines.len().saturating_sub(height));
    for (row, line) in lines.into_iter().skip(top).take(height).enumerate() {
        line.render(
            Rect {
                y: area.y + row as u16,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// The sidebar's lines at `width` columns: heading, then each fact's label
/// and its value indented, a blank line between groups. Every line fits.
pub fn lines(groups: &[FactGroup], width: usize) -> Vec<Line<'static>> {
    if groups.is_empty() {
        return text::wrap("No facts for this article.", width)
            .into_iter()
            .map(|l| Line::styled(l, theme::META))
            .collect();
    }
    let mut out = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.push(Line::styled(
            text::truncate(group.heading, width).into_owned(),
            theme::FACT_HEADING,
        ));
        for fact in &group.facts {
            for l in text::wrap(&fact.label, width) {
                out.push(Line::styled(l, theme::FACT_LABEL));
            }
            for l in text::wrap(&fact.value, width.saturating_sub(2)) {
                out.push(Line::styled(format!("  {l}"), theme::FACT_VALUE));
            }
        }
    }
    out
}

/// How many lines [`lines`] gives, for scrolling limits.
pub fn line_count(groups: &[FactGroup], width: usize) -> usize {
    lines(groups, width).len()
}
