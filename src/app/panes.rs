//! The screen's size and which panes it shows: focus, the sidebar and
//! distraction-free reading.

use ratatui::layout::Rect;

use super::{App, Scroll};
use crate::layout::{self, Pane, Screen};

#[derive(Debug)]
pub(super) struct Panes {
    size: (u16, u16),
    focus: Pane,
    zen: bool,
    sidebar: bool,
    /// The list is one line per article: it is given more of the width.
    wide_list: bool,
}

impl Panes {
    pub(super) fn new(sidebar: bool) -> Self {
        Self {
            size: (80, 24),
            focus: Pane::List,
            zen: false,
            sidebar,
            wide_list: false,
        }
    }

    pub(super) fn set_wide_list(&mut self, wide: bool) {
        self.wide_list = wide;
    }

    pub(super) fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub(super) fn screen(&self) -> Screen {
        Screen::compute_with(
            self.area(),
            self.zen,
            self.focus,
            self.sidebar,
            self.wide_list,
        )
    }

    pub(super) fn focus(&self) -> Pane {
        self.focus
    }

    /// The pane the keys act on: the reading pane in zen.
    pub(super) fn focused(&self) -> Pane {
        if self.zen { Pane::Reader } else { self.focus }
    }

    pub(super) fn zen(&self) -> bool {
        self.zen
    }

    pub(super) fn sidebar(&self) -> bool {
        self.sidebar
    }

    /// Focus set as the app starts (the last session was reading).
    pub(super) fn focus_on(&mut self, pane: Pane) {
        self.focus = pane;
    }

    fn focusable(&self) -> &'static [Pane] {
        Screen::focusable(self.size.0, self.zen, self.sidebar)
    }

    /// A pane that is no longer shown (the sidebar folding away) cannot
    /// keep focus: the reading pane takes it.
    fn fix_focus(&mut self) {
        if !self.focusable().contains(&self.focus) {
            self.focus = Pane::Reader;
        }
    }
}

impl App {
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.panes.size = (width, height);
        self.panes.fix_focus();
        self.relayout();
        self.reader.forget_restore();
        self.scroll_overlay(Scroll::By(0));
    }

    pub(super) fn set_zen(&mut self, on: bool) {
        self.panes.zen = on;
        if on {
            self.set_focus(Pane::Reader);
            self.mark_selected_read();
        }
        self.relayout();
    }

    pub(super) fn toggle_sidebar(&mut self) {
        if self.panes.size.0 < layout::SIDEBAR_MIN_WIDTH {
            self.chrome.set_status(format!(
                "the sidebar needs {} columns: f shows the facts",
                layout::SIDEBAR_MIN_WIDTH
            ));
        } else {
            self.panes.sidebar = !self.panes.sidebar;
            self.panes.fix_focus();
            self.relayout();
        }
    }

    pub(super) fn cycle_focus(&mut self, by: isize) {
        let panes = self.panes.focusable();
        let at = panes
            .iter()
            .position(|p| *p == self.panes.focus)
            .unwrap_or(0);
        let next = (at as isize + by).rem_euclid(panes.len() as isize) as usize;
        self.set_focus(panes[next]);
    }

    pub(super) fn step_focus(&mut self, by: isize) {
        let panes = self.panes.focusable();
        let at = panes
            .iter()
            .position(|p| *p == self.panes.focus)
            .unwrap_or(0);
        let next = at.saturating_add_signed(by).min(panes.len() - 1);
        self.set_focus(panes[next]);
    }

    pub(super) fn set_focus(&mut self, pane: Pane) {
        if pane == self.panes.focus {
            return;
        }
        let was = self.panes.focus;
        self.panes.focus = pane;
        if pane == Pane::Reader {
            self.mark_selected_read();
        }
        // In the one-pane layout the reading pane's width changes with focus.
        if was == Pane::List || pane == Pane::List {
            self.relayout();
        }
    }

    /// Up, down, a page or to an end in the focused pane.
    pub(super) fn scroll(&mut self, by: Scroll) {
        match self.panes.focused() {
            Pane::List => self.move_selection(by),
            Pane::Reader => self.scroll_reader(by),
            // The sidebar moves by facts: one, five for a page, or to an end.
            Pane::Facts => self.move_fact(by.in_rows()),
        }
    }

    /// One screenful of what has focus, less a line (or row) of context.
    pub(super) fn page(&self) -> isize {
        let screen = self.panes.screen();
        let lines = match (self.overlays.current(), self.panes.focused()) {
            (Some(o), _) => usize::from(self.overlay_extent(o.kind).0.height),
            (None, Pane::List) => self.list_rows(),
            (None, Pane::Reader) => self.reader_height(),
            (None, Pane::Facts) => screen
                .facts
                .map_or(1, |r| usize::from(layout::panel_text(r).height)),
        };
        isize::try_from(lines.saturating_sub(1).max(1)).unwrap_or(1)
    }
}
