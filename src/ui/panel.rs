//! Draws a [`PanelLine`] list (facts, help, problems) with a scrollbar when
//! it does not fit.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget};

use super::theme;
use crate::panel_lines::{PanelLine, Role};

fn style(theme: &theme::Theme, role: Role) -> Style {
    match role {
        Role::Heading => theme.fact_heading,
        Role::Label => theme.fact_label,
        Role::Value => theme.fact_value,
        Role::Key => theme.footer_key,
        Role::Text => Style::default(),
        Role::Meta => theme.meta,
        Role::Error => theme.error,
        Role::Warning => theme.warning,
    }
}

/// Draws `lines` from `top` into the text area of the bordered `rect`, and a
/// scrollbar in its last inner column when there is more than fits.
/// `cursor` is the range of lines to show as selected.
pub fn draw(
    theme: &theme::Theme,
    lines: &[PanelLine],
    top: usize,
    cursor: Option<&Range<usize>>,
    rect: Rect,
    buf: &mut Buffer,
) {
    let area = crate::layout::panel_text(rect);
    if area.is_empty() {
        return;
    }
    let height = usize::from(area.height);
    let max_top = lines.len().saturating_sub(height);
    let top = top.min(max_top);
    for (row, line) in lines.iter().skip(top).take(height).enumerate() {
        let spans: Vec<Span<'_>> = line
            .0
            .iter()
            .map(|(role, text)| Span::styled(text.as_str(), style(theme, *role)))
            .collect();
        let line_rect = Rect {
            y: area.y + row as u16,
            height: 1,
            ..area
        };
        Line::from(spans).render(line_rect, buf);
        if cursor.is_some_and(|c| c.contains(&(top + row))) {
            buf.set_style(line_rect, theme.selected);
        }
    }
    if max_top > 0 {
        let mut state = ScrollbarState::new(max_top + 1).position(top);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .render(crate::layout::inner(rect), buf, &mut state);
    }
}
