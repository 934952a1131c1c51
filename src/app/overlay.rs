//! Windows over the panes: help, facts, problems and the tag picker.

use super::{Action, App, Overlay, OverlayKind, Pane, Rect, fact_step, layout, view};

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
                self.overlay = None;
                self.quit();
            }
            Action::Back => self.overlay = None,
            Action::Help => self.toggle_overlay(overlay, OverlayKind::Help),
            Action::FactsOverlay => self.toggle_overlay(overlay, OverlayKind::Facts),
            Action::Problems => self.toggle_overlay(overlay, OverlayKind::Problems),
            _ if moves && overlay.kind == OverlayKind::Facts => self.move_fact(fact_step(action)),
            _ if moves && overlay.kind == OverlayKind::Tags => {
                self.move_tag_cursor(fact_step(action));
            }
            Action::Pick if overlay.kind == OverlayKind::Tags => self.pick_tag(overlay.cursor),
            Action::Jump if overlay.kind == OverlayKind::Facts => {
                // Close the overlay so the highlighted sentence shows.
                self.overlay = None;
                if self.screen().reader.is_none() || self.focus == Pane::List {
                    self.set_focus(Pane::Reader);
                }
                self.jump();
            }
            Action::SearchFact if overlay.kind == OverlayKind::Facts => self.search_fact(),
            Action::Figures => self.figures = !self.figures,
            Action::Down => self.scroll_overlay(1),
            Action::Up => self.scroll_overlay(-1),
            Action::PageDown => self.scroll_overlay(self.page()),
            Action::PageUp => self.scroll_overlay(-self.page()),
            Action::Top => self.scroll_overlay(isize::MIN / 2),
            Action::Bottom => self.scroll_overlay(isize::MAX / 2),
            // Reading facts over the page, the next article's facts follow.
            Action::NextArticle | Action::PrevArticle => {
                let by = if action == Action::NextArticle { 1 } else { -1 };
                self.step_article(by);
                if overlay.kind == OverlayKind::Facts {
                    self.overlay = Some(Overlay {
                        scroll: 0,
                        ..overlay
                    });
                }
            }
            Action::Resize(width, height) => self.resize(width, height),
            Action::Click(x, y) => self.click_overlay(overlay, x, y),
            Action::Wheel(_, _, down) => {
                let by: isize = if down { 3 } else { -3 };
                match overlay.kind {
                    OverlayKind::Facts => self.move_fact(by.signum()),
                    OverlayKind::Tags => self.move_tag_cursor(by.signum()),
                    _ => self.scroll_overlay(by),
                }
            }
            Action::Tick => self.tick(),
            _ => {}
        }
    }

    pub(super) fn open_tags(&mut self) {
        self.tags = view::tags(&self.library.articles);
        // The cursor starts on the tag in force (row 0 is "all").
        let cursor = self
            .filter
            .tag
            .as_ref()
            .and_then(|t| {
                self.tags
                    .iter()
                    .position(|(name, _)| name.to_lowercase() == t.to_lowercase())
            })
            .map_or(0, |i| i + 1);
        self.overlay = Some(Overlay {
            kind: OverlayKind::Tags,
            scroll: 0,
            cursor,
        });
        self.move_tag_cursor(0);
    }

    pub(super) fn move_tag_cursor(&mut self, by: isize) {
        let Some(mut overlay) = self.overlay else {
            return;
        };
        let rows = self.tags.len() + 1;
        overlay.cursor = overlay.cursor.saturating_add_signed(by).min(rows - 1);
        let height = usize::from(self.overlay_extent(OverlayKind::Tags).0.height).max(1);
        if overlay.cursor < overlay.scroll {
            overlay.scroll = overlay.cursor;
        } else if overlay.cursor >= overlay.scroll + height {
            overlay.scroll = overlay.cursor + 1 - height;
        }
        self.overlay = Some(overlay);
    }

    pub(super) fn pick_tag(&mut self, cursor: usize) {
        self.filter.tag = cursor
            .checked_sub(1)
            .and_then(|i| self.tags.get(i))
            .map(|(name, _)| name.clone());
        self.overlay = None;
        self.refilter();
    }

    pub(super) fn toggle_overlay(&mut self, current: Overlay, kind: OverlayKind) {
        self.overlay = (current.kind != kind).then_some(Overlay {
            kind,
            scroll: 0,
            cursor: 0,
        });
    }

    pub(super) fn open_overlay(&mut self, kind: OverlayKind) {
        self.overlay = Some(Overlay {
            kind,
            scroll: 0,
            cursor: 0,
        });
    }

    /// The overlay's text rectangle and line count, for scroll limits.
    pub(super) fn overlay_extent(&self, kind: OverlayKind) -> (Rect, usize) {
        let text = layout::panel_text(layout::overlay_rect(self.area(), kind));
        let width = usize::from(text.width);
        let lines = if kind == OverlayKind::Facts {
            self.facts_panel(width).lines.len()
        } else {
            self.overlay_lines(kind, width).len()
        };
        (text, lines)
    }

    pub(super) fn scroll_overlay(&mut self, by: isize) {
        if let Some(overlay) = self.overlay {
            let (text, lines) = self.overlay_extent(overlay.kind);
            let max = lines.saturating_sub(usize::from(text.height));
            self.overlay = Some(Overlay {
                scroll: overlay.scroll.saturating_add_signed(by).min(max),
                ..overlay
            });
        }
    }
}
