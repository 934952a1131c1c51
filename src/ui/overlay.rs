//! Windows drawn over the panes: help (generated from the keymap), facts
//! (when the sidebar is folded away) and problems (skipped files, notices).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use crate::app::{App, Overlay, OverlayKind};
use crate::article::Severity;
use crate::keymap::{self, KEYMAP};
use crate::text;
use crate::theme;

pub fn render(app: &App, overlay: Overlay, area: Rect, buf: &mut Buffer) {
    let (title, width) = match overlay.kind {
        OverlayKind::Help => ("Keys — ? or Esc to close", 76),
        OverlayKind::Facts => ("Facts — f or Esc to close", 48),
        OverlayKind::Problems => ("Problems — ! or Esc to close", 100),
    };
    // Leave the header and footer visible when there is room.
    let room = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    let rect = room.centered(
        Constraint::Length(width.min(room.width)),
        Constraint::Percentage(if overlay.kind == OverlayKind::Facts {
            100
        } else {
            90
        }),
    );
    Clear.render(rect, buf);
    split_wide_at_left_edge(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme::OVERLAY_BORDER)
        .title(Span::styled(
            format!(
                " {} ",
                text::truncate(title, usize::from(rect.width.saturating_sub(4)))
            ),
            theme::PANE_TITLE,
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if inner.is_empty() {
        return;
    }
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let width = usize::from(inner.width);
    let lines = match overlay.kind {
        OverlayKind::Help => help_lines(width),
        OverlayKind::Facts => super::facts::lines(app.facts(), width),
        OverlayKind::Problems => problem_lines(app, width),
    };
    let height = usize::from(inner.height);
    let top = overlay.scroll.min(lines.len().saturating_sub(height));
    for (row, line) in lines.into_iter().skip(top).take(height).enumerate() {
        line.render(
            Rect {
                y: inner.y + row as u16,
                height: 1,
                ..inner
            },
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

/// Every binding of the keymap, grouped by where it applies.
pub fn help_lines(width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut groups: Vec<&'static str> = Vec::new();
    for binding in KEYMAP {
        let group = keymap::contexts_label(binding.contexts);
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.push(Line::styled(
            text::truncate(&capitalise(group), width).into_owned(),
            theme::FACT_HEADING,
        ));
        for binding in KEYMAP
            .iter()
            .filter(|b| keymap::contexts_label(b.contexts) == *group)
        {
            let keys = text::pad(&keymap::keys_label(binding), 16);
            let line = format!("{keys} {}", binding.action.describe());
            let keys_len = keys.len();
            let fitted = text::fit(&line, width).into_owned();
            let split = keys_len.min(fitted.len());
            out.push(Line::from(vec![
                Span::styled(fitted[..split].to_owned(), theme::FOOTER_KEY),
                Span::raw(fitted[split..].to_owned()),
            ]));
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn problem_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let problems = &app.library.problems;
    if problems.is_empty() && app.notices().is_empty() {
        out.push(Line::styled("Every file loaded cleanly.", theme::META));
    }
    for notice in app.notices() {
        for l in text::wrap(notice, width) {
            out.push(Line::styled(l, theme::WARNING));
        }
    }
    for problem in problems {
        let style = match problem.severity {
            Severity::Error => theme::ERROR,
            Severity::Warning => theme::WARNING,
        };
        for l in text::wrap(&problem.to_string(), width) {
            out.push(Line::styled(l, style));
        }
    }
    out
}
