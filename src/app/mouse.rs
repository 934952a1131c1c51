//! Clicks and the wheel, mapped onto the panes and overlays under them.

use super::{Action, App, Overlay, OverlayKind, Pane, Rect, Scroll};
use crate::layout;

impl App {
    /// A click picks what is under the pointer: a list row (a second click
    /// opens it), a pane, or a fact (and shows its sentence).
    pub(super) fn click(&mut self, x: u16, y: u16) {
        let at = (x, y).into();
        let screen = self.panes.screen();
        if let Some(list) = screen.list.filter(|r| r.contains(at)) {
            let inner = layout::inner(list);
            self.set_focus(Pane::List);
            if inner.contains(at) {
                let row = usize::from(y - inner.y) / self.list.item_height();
                let position = self.list.top() + row;
                if position < self.list.shown().len() {
                    if position == self.list.selected() {
                        self.open_selected();
                    } else {
                        self.select(position);
                    }
                }
            }
        } else if screen.reader.is_some_and(|r| r.contains(at)) {
            self.set_focus(Pane::Reader);
        } else if let Some(facts) = screen.facts.filter(|r| r.contains(at)) {
            self.set_focus(Pane::Facts);
            let text = layout::panel_text(facts);
            if text.contains(at)
                && let Some(fact) =
                    self.fact_at_line(text, self.facts.top() + usize::from(y - text.y))
            {
                self.facts.select(fact);
                self.jump();
            }
        }
    }

    /// A click inside an overlay picks the row under it; outside, closes it.
    pub(super) fn click_overlay(&mut self, overlay: Overlay, x: u16, y: u16) {
        let rect = layout::overlay_rect(self.area(), overlay.kind);
        if !rect.contains((x, y).into()) {
            self.overlays.close();
            return;
        }
        let text = layout::panel_text(rect);
        if !text.contains((x, y).into()) {
            return;
        }
        let line = overlay.scroll + usize::from(y - text.y);
        match overlay.kind {
            OverlayKind::Tags if line <= self.overlays.tags().len() => self.pick_tag(line),
            OverlayKind::Feeds | OverlayKind::Links => {
                self.update_overlay(
                    Overlay {
                        cursor: line,
                        ..overlay
                    },
                    Action::Pick,
                );
            }
            OverlayKind::Facts => {
                if let Some(fact) = self.fact_at_line(text, line) {
                    self.facts.select(fact);
                    self.update_overlay(overlay, Action::Jump);
                }
            }
            _ => {}
        }
    }

    /// The wheel scrolls the pane under the pointer, whichever has focus.
    pub(super) fn wheel(&mut self, x: u16, y: u16, down: bool) {
        const LINES: isize = 3;
        let at = (x, y).into();
        let screen = self.panes.screen();
        let by = if down { LINES } else { -LINES };
        if screen.list.is_some_and(|r| r.contains(at)) {
            // As the keys do: browsing the list (j/k) marks nothing, but
            // while reading, the article the wheel brings into the reading
            // pane is read, as with J/K.
            self.step_article(by.signum());
        } else if screen.reader.is_some_and(|r| r.contains(at)) {
            self.scroll_reader(Scroll::By(by));
        } else if screen.facts.is_some_and(|r| r.contains(at)) {
            self.scroll_facts(Scroll::By(by));
        }
    }

    /// Which fact (sidebar order) is drawn on `line` of the facts panel.
    fn fact_at_line(&self, text: Rect, line: usize) -> Option<usize> {
        self.facts
            .panel(usize::from(text.width))
            .spans
            .iter()
            .position(|s| s.contains(&line))
    }
}
