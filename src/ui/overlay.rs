//! Windows drawn over the panes: help (generated from the keymap), facts
//! (when the sidebar is folded away) and problems (skipped files, notices).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use crate::app::{App, Overlay};
use crate::layout::{self, OverlayKind};
use crate::text;

pub fn render(app: &App, overlay: Overlay, area: Rect, buf: &mut Buffer) {
    let title = match overlay.kind {
        OverlayKind::Help => "Keys — ? or Esc to close".to_owned(),
        OverlayKind::Facts => "Facts — f or Esc to close".to_owned(),
        OverlayKind::Problems => "Problems — ! or Esc to close".to_owned(),
        OverlayKind::Tags => "Tags — Enter picks, Esc closes".to_owned(),
        OverlayKind::Feeds => "Feeds (unread/all) — Enter picks, Esc closes".to_owned(),
        OverlayKind::Links if app.typed_number().is_empty() => {
            "Links — a number or Enter opens, Esc closes".to_owned()
        }
        OverlayKind::Links => format!("Links — [{}▏ Enter opens", app.typed_number()),
    };
    let rect = layout::overlay_rect(area, overlay.kind);
    Clear.render(rect, buf);
    split_wide_at_left_edge(rect, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(app.theme().overlay_border)
        .title(Span::styled(
            format!(
                " {} ",
                text::truncate(&title, usize::from(rect.width.saturating_sub(4)))
            ),
            app.theme().pane_title,
        ))
        .render(rect, buf);
    let width = usize::from(layout::panel_text(rect).width);
    if overlay.kind == OverlayKind::Facts {
        let panel = app.facts_panel(width);
        let cursor = panel.spans.get(app.fact_selected());
        super::panel::draw(app.theme(), &panel.lines, overlay.scroll, cursor, rect, buf);
    } else {
        let lines = app.overlay_lines(overlay.kind, width);
        let picks = matches!(
            overlay.kind,
            OverlayKind::Tags | OverlayKind::Feeds | OverlayKind::Links
        );
        let cursor = picks.then(|| overlay.cursor..overlay.cursor + 1);
        super::panel::draw(
            app.theme(),
            &lines,
            overlay.scroll,
            cursor.as_ref(),
            rect,
            buf,
        );
    }
}

/// A double-width character drawn just left of the overlay would spill into
/// its border column; blank it so the border shows.
fn split_wide_at_left_edge(rect: Rect, buf: &mut Buffer) {
    let Some(x) = rect.x.checked_sub(1) else {
        return;
    };
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buf.cell_mut((x, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}
