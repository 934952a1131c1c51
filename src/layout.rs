//! Where each pane goes for a given terminal size. Shared by the renderer and
//! by `App`, which needs pane sizes to page and to keep selections visible.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this width the facts sidebar folds away (`f` shows it as an overlay).
pub const SIDEBAR_MIN_WIDTH: u16 = 100;
/// Below this width only one pane is shown at a time.
pub const SPLIT_MIN_WIDTH: u16 = 60;
/// Lines per article in the list: the title, then source and date (or the
/// subtitle) dimmed beneath it.
pub const LIST_ITEM_HEIGHT: usize = 2;
/// The widest the body text is set, in columns: a comfortable measure.
pub const MEASURE: usize = 80;

/// A window drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlayKind {
    Help,
    Facts,
    Problems,
    /// The tag picker.
    Tags,
    /// The feeds, grouped by tag, to pick one.
    Feeds,
    /// The open article's links, by number.
    Links,
}

/// The panes that can hold focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
    Facts,
}

/// The screen cut into areas. A pane that is not shown is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub footer: Rect,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub facts: Option<Rect>,
}

impl Screen {
    /// `sidebar` is the user's choice to show the facts sidebar when there
    /// is room for it.
    pub fn compute(area: Rect, zen: bool, focus: Pane, sidebar: bool) -> Self {
        Self::compute_with(area, zen, focus, sidebar, false)
    }

    /// [`Screen::compute`], with a wider list when it shows one line per
    /// article (its title, source and date columns want the room).
    pub fn compute_with(
        area: Rect,
        zen: bool,
        focus: Pane,
        sidebar: bool,
        wide_list: bool,
    ) -> Self {
        let [header, body, footer] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        let none = Self {
            header,
            footer,
            list: None,
            reader: None,
            facts: None,
        };
        if zen {
            return Self {
                reader: Some(body),
                ..none
            };
        }
        let width = area.width;
        if width >= SIDEBAR_MIN_WIDTH && sidebar {
            let list_w = if wide_list {
                (width * 40 / 100).clamp(28, 80)
            } else {
                (width * 27 / 100).clamp(28, 48)
            };
            let facts_w = (width * 22 / 100).clamp(26, 40);
            let [list, reader, facts] = body.layout(&Layout::horizontal([
                Constraint::Length(list_w),
                Constraint::Fill(1),
                Constraint::Length(facts_w),
            ]));
            Self {
                list: Some(list),
                reader: Some(reader),
                facts: Some(facts),
                ..none
            }
        } else if width >= SPLIT_MIN_WIDTH {
            let list_w = (width * if wide_list { 45 } else { 35 } / 100).max(22);
            let [list, reader] = body.layout(&Layout::horizontal([
                Constraint::Length(list_w),
                Constraint::Fill(1),
            ]));
            Self {
                list: Some(list),
                reader: Some(reader),
                ..none
            }
        } else if focus == Pane::List {
            Self {
                list: Some(body),
                ..none
            }
        } else {
            Self {
                reader: Some(body),
                ..none
            }
        }
    }

    /// The panes Tab moves between, left to right.
    pub fn focusable(width: u16, zen: bool, sidebar: bool) -> &'static [Pane] {
        if zen {
            &[Pane::Reader]
        } else if width >= SIDEBAR_MIN_WIDTH && sidebar {
            &[Pane::List, Pane::Reader, Pane::Facts]
        } else {
            &[Pane::List, Pane::Reader]
        }
    }
}

/// Inside of a bordered pane.
pub fn inner(rect: Rect) -> Rect {
    Rect {
        x: rect.x.saturating_add(1),
        y: rect.y.saturating_add(1),
        width: rect.width.saturating_sub(2),
        height: rect.height.saturating_sub(2),
    }
}

/// Columns available for text in the reading pane: inside the border, less a
/// margin column on each side and the scrollbar column.
pub fn reader_text_width(reader: Rect) -> usize {
    usize::from(inner(reader).width.saturating_sub(3))
}

/// The measure body text is wrapped to: the text width, capped at
/// `measure` (the config file's `width`, [`MEASURE`] by default).
pub fn reader_measure(reader: Rect, measure: usize) -> usize {
    reader_text_width(reader).min(measure)
}

/// Where a panel's text goes inside its bordered rectangle: a margin column
/// on the left, and the rightmost column kept for the scrollbar.
pub fn panel_text(rect: Rect) -> Rect {
    let inner = inner(rect);
    let x = inner.x.saturating_add(1.min(inner.width));
    Rect {
        x,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// The overlay's rectangle, centred below the header and above the footer.
pub fn overlay_rect(area: Rect, kind: OverlayKind) -> Rect {
    let width = match kind {
        OverlayKind::Help => 76,
        OverlayKind::Facts => 48,
        OverlayKind::Problems | OverlayKind::Links => 100,
        OverlayKind::Tags => 40,
        OverlayKind::Feeds => 64,
    };
    let room = Rect {
        y: area.y.saturating_add(1.min(area.height)),
        height: area.height.saturating_sub(2),
        ..area
    };
    let height = if kind == OverlayKind::Facts { 100 } else { 90 };
    room.centered(
        Constraint::Length(width.min(room.width)),
        Constraint::Percentage(height),
    )
}
