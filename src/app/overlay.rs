//! Windows over the panes: help, facts, problems and the tag picker.

use super::{Action, App, OverlayKind, Pane, Rect, Scroll, cursor_step};
use crate::layout;
use crate::view;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlay {
    pub kind: OverlayKind,
    pub scroll: usize,
    /// The row under the cursor, for overlays you pick from (tags).
    pub cursor: usize,
}

#[derive(Debug, Default)]
pub(super) struct Overlays {
    current: Option<Overlay>,
    /// Tags for the picker, counted when it opens.
    tags: Vec<(String, usize)>,
}

impl Overlays {
    pub(super) fn current(&self) -> Option<Overlay> {
        self.current
    }

    pub(super) fn tags(&self) -> &[(String, usize)] {
        &self.tags
    }

    pub(super) fn open(&mut self, kind: OverlayKind) {
        self.current = Some(Overlay {
            kind,
            scroll: 0,
            cursor: 0,
        });
    }

    pub(super) fn close(&mut self) {
        self.current = None;
    }

    /// Closes the overlay if it is `kind`, else shows `kind` instead.
    fn toggle(&mut self, kind: OverlayKind) {
        if self.current.is_some_and(|o| o.kind == kind) {
            self.close();
        } else {
            self.open(kind);
        }
    }

    /// Scrolls the overlay, if one is open; false if none is.
    pub(super) fn set_scroll(&mut self, scroll: usize) -> bool {
        match &mut self.current {
            Some(o) => {
                o.scroll = scroll;
                true
            }
            None => false,
        }
    }
}

impl App {
    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        let moves = matches!(
            action,
            Action::Down
                | Action::Up
                | Action::PageDown
                | Action::PageUp
                | Action::Top
                | Action::Bottom
        );
        match action {
            Action::Quit => {
                self.overlays.close();
                self.quit();
            }
            Action::Back => self.overlays.close(),
            Action::Help => self.overlays.toggle(OverlayKind::Help),
            Action::FactsOverlay => self.overlays.toggle(OverlayKind::Facts),
            Action::Problems => self.overlays.toggle(OverlayKind::Problems),
            _ if moves && overlay.kind == OverlayKind::Facts => self.move_fact(cursor_step(action)),
            _ if moves && overlay.kind == OverlayKind::Tags => {
                self.move_tag_cursor(cursor_step(action));
            }
            Action::Pick if overlay.kind == OverlayKind::Tags => self.pick_tag(overlay.cursor),
            Action::Jump if overlay.kind == OverlayKind::Facts => {
                // Close the overlay so the highlighted sentence shows.
                self.overlays.close();
                if self.panes.screen().reader.is_none() || self.panes.focus() == Pane::List {
                    self.set_focus(Pane::Reader);
                }
                self.jump();
            }
            Action::SearchFact if overlay.kind == OverlayKind::Facts => self.search_fact(),
            Action::Figures => self.reader.toggle_figures(),
            Action::Down => self.scroll_overlay(Scroll::By(1)),
            Action::Up => self.scroll_overlay(Scroll::By(-1)),
            Action::PageDown => self.scroll_overlay(Scroll::By(self.page())),
            Action::PageUp => self.scroll_overlay(Scroll::By(-self.page())),
            Action::Top => self.scroll_overlay(Scroll::Top),
            Action::Bottom => self.scroll_overlay(Scroll::Bottom),
            // Reading facts over the page, the next article's facts follow.
            Action::NextArticle | Action::PrevArticle => {
                let by = if action == Action::NextArticle { 1 } else { -1 };
                self.step_article(by);
                if overlay.kind == OverlayKind::Facts {
                    self.overlays.current = Some(Overlay {
                        scroll: 0,
                        ..overlay
                    });
                }
            }
            _ => {}
        }
    }

    /// The wheel over an overlay moves its cursor, or scrolls it.
    pub(super) fn wheel_overlay(&mut self, overlay: Overlay, down: bool) {
        let by: isize = if down { 3 } else { -3 };
        match overlay.kind {
            OverlayKind::Facts => self.move_fact(Scroll::By(by.signum())),
            OverlayKind::Tags => self.move_tag_cursor(Scroll::By(by.signum())),
            _ => self.scroll_overlay(Scroll::By(by)),
        }
    }

    pub(super) fn open_tags(&mut self) {
        self.overlays.tags = view::tags(&self.library.articles);
        // The cursor starts on the tag in force (row 0 is "all").
        let cursor = self
            .list
            .filter()
            .tag
            .as_ref()
            .and_then(|t| {
                self.overlays
                    .tags
                    .iter()
                    .position(|(name, _)| name.to_lowercase() == t.to_lowercase())
            })
            .map_or(0, |i| i + 1);
        self.overlays.current = Some(Overlay {
            kind: OverlayKind::Tags,
            scroll: 0,
            cursor,
        });
        self.move_tag_cursor(Scroll::By(0));
    }

    fn move_tag_cursor(&mut self, by: Scroll) {
        let Some(mut overlay) = self.overlays.current else {
            return;
        };
        let rows = self.overlays.tags.len() + 1;
        overlay.cursor = by.apply(overlay.cursor, rows - 1);
        let height = usize::from(self.overlay_extent(OverlayKind::Tags).0.height).max(1);
        if overlay.cursor < overlay.scroll {
            overlay.scroll = overlay.cursor;
        } else if overlay.cursor >= overlay.scroll + height {
            overlay.scroll = overlay.cursor + 1 - height;
        }
        self.overlays.current = Some(overlay);
    }

    pub(super) fn pick_tag(&mut self, cursor: usize) {
        let tag = cursor
            .checked_sub(1)
            .and_then(|i| self.overlays.tags.get(i))
            .map(|(name, _)| name.clone());
        self.list.set_tag(tag);
        self.overlays.close();
        self.refilter();
    }

    /// The overlay's text rectangle and line count, for scroll limits.
    pub(super) fn overlay_extent(&self, kind: OverlayKind) -> (Rect, usize) {
        let text = layout::panel_text(layout::overlay_rect(self.area(), kind));
        let width = usize::from(text.width);
        let lines = if kind == OverlayKind::Facts {
            self.facts.panel(width).lines.len()
        } else {
            self.overlay_lines(kind, width).len()
        };
        (text, lines)
    }

    pub(super) fn scroll_overlay(&mut self, by: Scroll) {
        if let Some(overlay) = self.overlays.current {
            let (text, lines) = self.overlay_extent(overlay.kind);
            let max = lines.saturating_sub(usize::from(text.height));
            self.overlays.current = Some(Overlay {
                scroll: by.apply(overlay.scroll, max),
                ..overlay
            });
        }
    }
}
