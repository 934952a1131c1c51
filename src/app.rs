//! Application state and the one function that changes it.
//!
//! `App` owns the articles, the selection, focus and scroll positions.
//! [`App::update`] applies an [`Action`]; nothing else mutates state, and
//! rendering only reads it. No I/O happens here: the caller saves the read
//! state when [`App::take_read_changes`] says it changed.

use std::collections::HashMap;
use std::ops::Range;

use ratatui::layout::Rect;

use crate::action::Action;
use crate::doc::Doc;
use crate::facts::{self, Fact, FactGroup};
use crate::keymap::Context;
use crate::layout::{self, Pane, Screen};
use crate::library::Library;
use crate::panel::{self, PanelLine};
use crate::state::ReadState;

pub use crate::layout::OverlayKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlay {
    pub kind: OverlayKind,
    pub scroll: usize,
}

// The flags are independent switches (zen, figure marks, quit, unsaved
// marks), not a state machine in disguise.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub struct App {
    pub library: Library,
    read: ReadState,
    read_changed: bool,
    unread: usize,
    selected: usize,
    list_top: usize,
    focus: Pane,
    zen: bool,
    overlay: Option<Overlay>,
    reader_top: usize,
    facts_top: usize,
    /// The fact under the cursor in the sidebar (or the facts overlay).
    fact_selected: usize,
    /// The sentence shown by `Jump`: paragraph and byte span, until the
    /// next move.
    highlight: Option<(usize, Range<usize>)>,
    /// Whether figures are marked in the body text.
    figures: bool,
    size: (u16, u16),
    /// The selected article laid out for the current reading-pane width.
    doc: Option<Doc>,
    /// The selected article's facts, grouped.
    facts: Vec<FactGroup>,
    /// Facts of every article visited, by index.
    facts_cache: HashMap<usize, Vec<FactGroup>>,
    /// Messages for the user (state file moved aside, save failed, ...).
    notices: Vec<String>,
    quit: bool,
}

impl App {
    pub fn new(library: Library, read: ReadState) -> Self {
        let unread = library
            .articles
            .iter()
            .filter(|a| !read.is_read(&a.id))
            .count();
        let mut app = Self {
            library,
            read,
            read_changed: false,
            unread,
            selected: 0,
            list_top: 0,
            focus: Pane::List,
            zen: false,
            overlay: None,
            reader_top: 0,
            facts_top: 0,
            fact_selected: 0,
            highlight: None,
            figures: true,
            size: (80, 24),
            doc: None,
            facts: Vec::new(),
            facts_cache: HashMap::new(),
            notices: Vec::new(),
            quit: false,
        };
        app.refresh_article();
        app
    }

    // ----- what the renderer and callers read -----

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_article(&self) -> Option<&crate::article::Article> {
        self.library.articles.get(self.selected)
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn zen(&self) -> bool {
        self.zen
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    pub fn list_top(&self) -> usize {
        self.list_top
    }

    pub fn reader_top(&self) -> usize {
        self.reader_top
    }

    pub fn facts_top(&self) -> usize {
        self.facts_top
    }

    pub fn facts(&self) -> &[FactGroup] {
        &self.facts
    }

    /// Index (in sidebar order) of the fact under the cursor.
    pub fn fact_selected(&self) -> usize {
        self.fact_selected
    }

    /// The sentence to highlight in the body: paragraph and byte span.
    pub fn highlight(&self) -> Option<(usize, &Range<usize>)> {
        self.highlight.as_ref().map(|(p, r)| (*p, r))
    }

    /// Whether figures are marked in the body.
    pub fn figures_marked(&self) -> bool {
        self.figures
    }

    /// The selected article's facts in sidebar order.
    pub fn facts_flat(&self) -> impl Iterator<Item = &Fact> {
        self.facts.iter().flat_map(|g| g.facts.iter())
    }

    pub fn doc(&self) -> Option<&Doc> {
        self.doc.as_ref()
    }

    pub fn is_read(&self, index: usize) -> bool {
        self.library
            .articles
            .get(index)
            .is_some_and(|a| self.read.is_read(&a.id))
    }

    pub fn unread(&self) -> usize {
        self.unread
    }

    pub fn read_state(&self) -> &ReadState {
        &self.read
    }

    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub fn screen(&self) -> Screen {
        Screen::compute(self.area(), self.zen, self.focus)
    }

    /// Which bindings apply to the next key.
    pub fn context(&self) -> Context {
        if self.overlay.is_some() {
            return Context::Overlay;
        }
        match self.focus {
            _ if self.zen => Context::Reader,
            Pane::List => Context::List,
            Pane::Reader => Context::Reader,
            Pane::Facts => Context::Facts,
        }
    }

    /// True once, after the read state changed: the caller should save it.
    pub fn take_read_changes(&mut self) -> bool {
        std::mem::take(&mut self.read_changed)
    }

    pub fn notify(&mut self, message: String) {
        self.notices.push(message);
    }

    /// The lines an overlay shows at `width` columns.
    pub fn overlay_lines(&self, kind: OverlayKind, width: usize) -> Vec<PanelLine> {
        match kind {
            OverlayKind::Help => panel::help(width),
            OverlayKind::Facts => panel::facts(&self.facts, width).0,
            OverlayKind::Problems => panel::problems(&self.library.problems, &self.notices, width),
        }
    }

    // ----- the one place state changes -----

    pub fn update(&mut self, action: Action) {
        // A highlighted sentence stays until the next move.
        if !matches!(action, Action::Resize(..) | Action::Jump | Action::Figures) {
            self.highlight = None;
        }
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Back => {
                if self.zen {
                    self.set_zen(false);
                } else {
                    self.set_focus(Pane::List);
                }
            }
            Action::Help => self.open_overlay(OverlayKind::Help),
            Action::FactsOverlay => self.open_overlay(OverlayKind::Facts),
            Action::Problems => self.open_overlay(OverlayKind::Problems),
            Action::Down => self.scroll(1),
            Action::Up => self.scroll(-1),
            Action::PageDown => self.scroll(self.page()),
            Action::PageUp => self.scroll(-self.page()),
            Action::Top => self.scroll(isize::MIN / 2),
            Action::Bottom => self.scroll(isize::MAX / 2),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusLeft => self.step_focus(-1),
            Action::FocusRight => self.step_focus(1),
            Action::Open => {
                if !self.library.articles.is_empty() {
                    self.set_focus(Pane::Reader);
                    self.mark_selected_read();
                }
            }
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::Zen => self.set_zen(!self.zen),
            Action::ToggleRead => {
                if let Some(id) = self.selected_article().map(|a| a.id.clone()) {
                    let now_read = !self.read.is_read(&id);
                    self.set_read(&id, now_read);
                }
            }
            Action::Jump => self.jump(),
            Action::Figures => self.figures = !self.figures,
            Action::Resize(width, height) => self.resize(width, height),
        }
    }

    /// Scrolls the reading pane to the selected fact's sentence and
    /// highlights it. A fact the body does not say (unverified, or only in
    /// the title) has nowhere to go.
    fn jump(&mut self) {
        let Some(evidence) = self
            .facts_flat()
            .nth(self.fact_selected)
            .and_then(|f| f.evidence.clone())
        else {
            return;
        };
        self.highlight = Some((evidence.paragraph, evidence.sentence.clone()));
        if let Some(doc) = &self.doc
            && let Some(line) = doc.line_at(evidence.paragraph, evidence.sentence.start)
        {
            // A line of context above the sentence.
            let height = self.reader_height();
            self.reader_top = line.saturating_sub(1).min(doc.max_top(height));
        }
    }

    /// Moves the fact cursor and keeps it on screen.
    fn move_fact(&mut self, by: isize) {
        let count = self.facts_flat().count();
        if count == 0 {
            return;
        }
        self.fact_selected = self.fact_selected.saturating_add_signed(by).min(count - 1);
        let text = match self.overlay {
            Some(o) if o.kind == OverlayKind::Facts => {
                layout::panel_text(layout::overlay_rect(self.area(), o.kind))
            }
            _ => match self.screen().facts {
                Some(rect) => layout::panel_text(rect),
                None => return,
            },
        };
        let (lines, spans) = panel::facts(&self.facts, usize::from(text.width));
        let Some(span) = spans.get(self.fact_selected) else {
            return;
        };
        let height = usize::from(text.height).max(1);
        let max_top = lines.len().saturating_sub(height);
        // Show the group heading too when the first fact of a group is selected.
        let want_start = span.start.saturating_sub(1);
        let top = match self.overlay {
            Some(o) => o.scroll,
            None => self.facts_top,
        };
        let top = if want_start < top {
            want_start
        } else if span.end > top + height {
            span.end - height
        } else {
            top
        }
        .min(max_top);
        match &mut self.overlay {
            Some(o) => o.scroll = top,
            None => self.facts_top = top,
        }
    }

    /// Opens the UI on one article, as `gogai ARTICLE` does.
    pub fn open_article(&mut self, index: usize) {
        if index < self.library.articles.len() {
            self.select(index);
            self.update(Action::Open);
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match action {
            Action::Quit => {
                self.overlay = None;
                self.quit = true;
            }
            Action::Back => self.overlay = None,
            Action::Help => self.toggle_overlay(overlay, OverlayKind::Help),
            Action::FactsOverlay => self.toggle_overlay(overlay, OverlayKind::Facts),
            Action::Problems => self.toggle_overlay(overlay, OverlayKind::Problems),
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
                if overlay.kind == OverlayKind::Facts =>
            {
                self.move_fact(fact_step(action));
            }
            Action::Jump if overlay.kind == OverlayKind::Facts => {
                // Close the overlay so the highlighted sentence shows.
                self.overlay = None;
                if self.screen().reader.is_none() || self.focus == Pane::List {
                    self.set_focus(Pane::Reader);
                }
                self.jump();
            }
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
            _ => {}
        }
    }

    fn toggle_overlay(&mut self, current: Overlay, kind: OverlayKind) {
        self.overlay = (current.kind != kind).then_some(Overlay { kind, scroll: 0 });
    }

    fn open_overlay(&mut self, kind: OverlayKind) {
        self.overlay = Some(Overlay { kind, scroll: 0 });
    }

    /// The overlay's text rectangle and line count, for scroll limits.
    fn overlay_extent(&self, kind: OverlayKind) -> (Rect, usize) {
        let text = layout::panel_text(layout::overlay_rect(self.area(), kind));
        (
            text,
            self.overlay_lines(kind, usize::from(text.width)).len(),
        )
    }

    fn scroll_overlay(&mut self, by: isize) {
        if let Some(overlay) = self.overlay {
            let (text, lines) = self.overlay_extent(overlay.kind);
            let max = lines.saturating_sub(usize::from(text.height));
            self.overlay = Some(Overlay {
                scroll: overlay.scroll.saturating_add_signed(by).min(max),
                ..overlay
            });
        }
    }

    fn focused_pane(&self) -> Pane {
        if self.zen { Pane::Reader } else { self.focus }
    }

    fn set_zen(&mut self, on: bool) {
        self.zen = on;
        if on {
            self.set_focus(Pane::Reader);
            self.mark_selected_read();
        }
        self.relayout();
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        // A pane that is no longer shown (the sidebar folding away) cannot
        // keep focus: the reading pane takes it.
        if !Screen::focusable(width, self.zen).contains(&self.focus) {
            self.focus = Pane::Reader;
        }
        self.relayout();
        self.scroll_overlay(0);
    }

    fn scroll(&mut self, by: isize) {
        match self.focused_pane() {
            Pane::List => {
                let len = self.library.articles.len();
                if len == 0 {
                    return;
                }
                let target = self.selected.saturating_add_signed(by).min(len - 1);
                self.select(target);
            }
            Pane::Reader => {
                let max = self
                    .doc
                    .as_ref()
                    .map_or(0, |d| d.max_top(self.reader_height()));
                self.reader_top = self.reader_top.saturating_add_signed(by).min(max);
            }
            Pane::Facts => {
                // The sidebar moves by facts: one, five for a page, or to an end.
                let step = if by.abs() == 1 { by } else { fact_step_for(by) };
                self.move_fact(step);
            }
        }
    }

    fn facts_max_top(&self) -> usize {
        let Some(text) = self.screen().facts.map(layout::panel_text) else {
            return 0;
        };
        panel::facts(&self.facts, usize::from(text.width))
            .0
            .len()
            .saturating_sub(usize::from(text.height))
    }

    /// One screenful of what has focus, less a line (or row) of context.
    fn page(&self) -> isize {
        let screen = self.screen();
        let lines = match (self.overlay, self.focused_pane()) {
            (Some(o), _) => usize::from(self.overlay_extent(o.kind).0.height),
            (None, Pane::List) => self.list_rows(),
            (None, Pane::Reader) => self.reader_height(),
            (None, Pane::Facts) => screen
                .facts
                .map_or(1, |r| usize::from(layout::panel_text(r).height)),
        };
        isize::try_from(lines.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn cycle_focus(&mut self, by: isize) {
        let panes = Screen::focusable(self.size.0, self.zen);
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = (at as isize + by).rem_euclid(panes.len() as isize) as usize;
        self.set_focus(panes[next]);
    }

    fn step_focus(&mut self, by: isize) {
        let panes = Screen::focusable(self.size.0, self.zen);
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = at.saturating_add_signed(by).min(panes.len() - 1);
        self.set_focus(panes[next]);
    }

    fn set_focus(&mut self, pane: Pane) {
        if pane == self.focus {
            return;
        }
        let was = self.focus;
        self.focus = pane;
        if pane == Pane::Reader {
            self.mark_selected_read();
        }
        // In the one-pane layout the reading pane's width changes with focus.
        if was == Pane::List || pane == Pane::List {
            self.relayout();
        }
    }

    fn step_article(&mut self, by: isize) {
        let len = self.library.articles.len();
        if len == 0 {
            return;
        }
        let target = self.selected.saturating_add_signed(by).min(len - 1);
        if target != self.selected {
            self.select(target);
        }
        if self.focused_pane() != Pane::List {
            self.mark_selected_read();
        }
    }

    fn select(&mut self, index: usize) {
        if index != self.selected {
            self.selected = index;
            self.reader_top = 0;
            self.facts_top = 0;
            self.fact_selected = 0;
            self.refresh_article();
        }
        self.keep_selection_visible();
    }

    /// How many articles the list shows at once.
    fn list_rows(&self) -> usize {
        self.screen()
            .list
            .map_or(1, |r| {
                usize::from(layout::inner(r).height) / layout::LIST_ITEM_HEIGHT
            })
            .max(1)
    }

    fn keep_selection_visible(&mut self) {
        // A hidden list keeps its scroll; it is fixed up when shown again.
        if self.screen().list.is_none() {
            return;
        }
        let rows = self.list_rows();
        if self.selected < self.list_top {
            self.list_top = self.selected;
        } else if self.selected >= self.list_top + rows {
            self.list_top = self.selected + 1 - rows;
        }
        // After growing, do not leave empty rows below the last article.
        let max_top = self.library.articles.len().saturating_sub(rows);
        self.list_top = self.list_top.min(max_top);
    }

    fn mark_selected_read(&mut self) {
        if let Some(id) = self.selected_article().map(|a| a.id.clone()) {
            self.set_read(&id, true);
        }
    }

    fn set_read(&mut self, id: &str, read: bool) {
        if self.read.set_read(id, read) {
            self.read_changed = true;
            if read {
                self.unread = self.unread.saturating_sub(1);
            } else {
                self.unread += 1;
            }
        }
    }

    fn reader_height(&self) -> usize {
        self.screen()
            .reader
            .map_or(1, |r| usize::from(layout::inner(r).height))
    }

    /// The selected article changed: recompute what is derived from it.
    fn refresh_article(&mut self) {
        // Facts are worked out once per article: going back to one is free.
        let article = self.library.articles.get(self.selected);
        self.facts = self
            .facts_cache
            .entry(self.selected)
            .or_insert_with(|| article.map(facts::for_article).unwrap_or_default())
            .clone();
        self.doc = None;
        self.relayout();
    }

    /// The size or layout changed: re-wrap the article at the new width,
    /// keeping the same paragraph at the top, keep the list selection in
    /// view and the sidebar within its content.
    fn relayout(&mut self) {
        self.keep_selection_visible();
        self.facts_top = self.facts_top.min(self.facts_max_top());
        let Some(reader) = self.screen().reader else {
            // The reading pane is hidden (one-pane layout on the list): keep the
            // old layout so the position is there when it comes back.
            return;
        };
        let width = layout::reader_measure(reader);
        let height = usize::from(layout::inner(reader).height);
        let Some(article) = self.library.articles.get(self.selected) else {
            self.doc = None;
            return;
        };
        if self.doc.as_ref().is_none_or(|d| d.width != width) {
            let anchor = self.doc.as_ref().map(|d| d.anchor(self.reader_top));
            let doc = Doc::build(article, width);
            if let Some(anchor) = anchor {
                self.reader_top = doc.line_of(anchor);
            }
            self.doc = Some(doc);
        }
        if let Some(doc) = &self.doc {
            self.reader_top = self.reader_top.min(doc.max_top(height));
        }
    }
}

/// How far a movement key moves the fact cursor: one fact, five for a page,
/// or to an end.
fn fact_step(action: Action) -> isize {
    match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => 5,
        Action::PageUp => -5,
        Action::Top => isize::MIN / 2,
        _ => isize::MAX / 2,
    }
}

/// The same for the pane's scroll amounts (a page, or an end).
fn fact_step_for(by: isize) -> isize {
    match by {
        b if b <= isize::MIN / 4 => isize::MIN / 2,
        b if b >= isize::MAX / 4 => isize::MAX / 2,
        b if b < 0 => -5,
        _ => 5,
    }
}
