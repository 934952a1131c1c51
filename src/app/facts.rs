//! The facts pane (sidebar, or the facts overlay): the selected article's
//! facts, laid out for the panel widths, the cursor and the scroll.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use ratatui::layout::Rect;

use super::{App, OverlayKind, Scroll};
use crate::article::Article;
use crate::facts::{self, Fact, FactGroup, FactKind};
use crate::layout;
use crate::panel_lines::{self, PanelLine, Role};

/// The facts as a panel shows them at one width, and the lines of each fact.
#[derive(Debug, Clone, Default)]
pub struct FactsPanel {
    pub width: usize,
    pub lines: Vec<PanelLine>,
    pub spans: Vec<Range<usize>>,
}

impl FactsPanel {
    fn lay_out(facts: &[FactGroup], width: usize) -> Self {
        let (lines, spans) = panel_lines::facts(facts, width);
        Self {
            width,
            lines,
            spans,
        }
    }

    /// What the panel says while a worker finds the facts.
    fn finding(width: usize) -> Self {
        let lines = vec![PanelLine(vec![(Role::Meta, "finding facts…".to_owned())])];
        let spans = Vec::new();
        Self {
            width,
            lines,
            spans,
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct FactsPane {
    /// The selected article's facts, grouped.
    groups: Vec<FactGroup>,
    /// The facts laid out as panel lines, for the widths the sidebar and the
    /// overlay have now: a long article has thousands, too many to lay out
    /// on every frame and every cursor move.
    panels: Vec<FactsPanel>,
    /// Facts of every article visited, by index.
    cache: HashMap<usize, Vec<FactGroup>>,
    /// The fact under the cursor in the sidebar (or the facts overlay).
    selected: usize,
    /// The sidebar's scroll.
    top: usize,
    /// Whether a worker is finding the facts (see `read`).
    finding: bool,
    /// Whether facts are found on a worker because the extractor is not
    /// warm yet (see [`App::new_cold`]).
    cold: bool,
}

impl FactsPane {
    pub(super) fn groups(&self) -> &[FactGroup] {
        &self.groups
    }

    pub(super) fn flat(&self) -> impl Iterator<Item = &Fact> {
        self.groups.iter().flat_map(|g| g.facts.iter())
    }

    pub(super) fn selected(&self) -> usize {
        self.selected
    }

    pub(super) fn top(&self) -> usize {
        self.top
    }

    pub(super) fn panel(&self, width: usize) -> Cow<'_, FactsPanel> {
        match self.panels.iter().find(|p| p.width == width) {
            Some(panel) => Cow::Borrowed(panel),
            None => Cow::Owned(self.lay_out_at(width)),
        }
    }

    fn lay_out_at(&self, width: usize) -> FactsPanel {
        if self.finding {
            FactsPanel::finding(width)
        } else {
            FactsPanel::lay_out(&self.groups, width)
        }
    }

    /// Where figures are in the body (paragraph, bytes).
    pub(super) fn figures(&self) -> Vec<(usize, Range<usize>)> {
        self.flat()
            .filter(|f| f.kind == FactKind::Figure)
            .filter_map(|f| f.evidence.as_ref().map(|e| (e.paragraph, e.span.clone())))
            .collect()
    }

    /// The facts of `article` (library index `index`), worked out once per
    /// article: going back to one is free.
    pub(super) fn load(&mut self, index: usize, article: &Article) {
        self.groups = self
            .cache
            .entry(index)
            .or_insert_with(|| facts::for_article(article))
            .clone();
        self.panels.clear();
        self.finding = false;
    }

    pub(super) fn cold(&self) -> bool {
        self.cold
    }

    pub(super) fn set_cold(&mut self, cold: bool) {
        self.cold = cold;
    }

    pub(super) fn is_finding(&self) -> bool {
        self.finding
    }

    /// Keeps facts found on a worker for `index`, shown or not.
    pub(super) fn remember(&mut self, index: usize, groups: Vec<FactGroup>) {
        self.cache.insert(index, groups);
    }

    /// Whether the facts of library index `index` are known already.
    pub(super) fn known(&self, index: usize) -> bool {
        self.cache.contains_key(&index)
    }

    /// A worker is finding the facts: the panel says so until
    /// [`FactsPane::found`] (or another article).
    pub(super) fn finding(&mut self) {
        self.clear();
        self.finding = true;
    }

    /// The worker is done: `found` are the facts of `article` (`None` when
    /// it was not asked, because they were known).
    pub(super) fn found(&mut self, index: usize, article: &Article, found: Option<Vec<FactGroup>>) {
        if let Some(groups) = found {
            self.cache.insert(index, groups);
        }
        self.load(index, article);
    }

    pub(super) fn clear(&mut self) {
        self.groups = Vec::new();
        self.panels.clear();
        self.finding = false;
    }

    /// Indices changed (the folder was read again).
    pub(super) fn forget_cache(&mut self) {
        self.cache.clear();
    }

    /// Another article: the cursor on its first fact, from the top.
    pub(super) fn reset(&mut self) {
        self.top = 0;
        self.selected = 0;
    }

    pub(super) fn select(&mut self, fact: usize) {
        self.selected = fact;
    }

    pub(super) fn clamp_top(&mut self, max: usize) {
        self.top = self.top.min(max);
    }

    /// Lays out the facts for `widths`, unless laid out for them already.
    fn lay_out(&mut self, widths: &[usize]) {
        self.panels.retain(|p| widths.contains(&p.width));
        for &width in widths {
            if !self.panels.iter().any(|p| p.width == width) {
                let panel = self.lay_out_at(width);
                self.panels.push(panel);
            }
        }
    }
}

impl App {
    /// Lays out the facts for the sidebar's and the overlay's widths.
    pub(super) fn lay_out_facts_panels(&mut self) {
        let mut widths = vec![usize::from(
            layout::panel_text(layout::overlay_rect(self.area(), OverlayKind::Facts)).width,
        )];
        if let Some(rect) = self.panes.screen().facts {
            widths.push(usize::from(layout::panel_text(rect).width));
        }
        self.facts.lay_out(&widths);
    }

    /// The facts panel's text area (sidebar or overlay), if shown.
    fn facts_text(&self) -> Option<Rect> {
        match self.overlays.current() {
            Some(o) if o.kind == OverlayKind::Facts => Some(layout::panel_text(
                layout::overlay_rect(self.area(), o.kind),
            )),
            _ => self.panes.screen().facts.map(layout::panel_text),
        }
    }

    pub(super) fn facts_max_top(&self) -> usize {
        let Some(text) = self.panes.screen().facts.map(layout::panel_text) else {
            return 0;
        };
        self.facts
            .panel(usize::from(text.width))
            .lines
            .len()
            .saturating_sub(usize::from(text.height))
    }

    /// Moves the fact cursor and keeps it on screen.
    pub(super) fn move_fact(&mut self, by: Scroll) {
        let count = self.facts.flat().count();
        if count == 0 {
            return;
        }
        self.facts.selected = by.apply(self.facts.selected, count - 1);
        let Some(text) = self.facts_text() else {
            return;
        };
        let panel = self.facts.panel(usize::from(text.width));
        let Some(span) = panel.spans.get(self.facts.selected).cloned() else {
            return;
        };
        let height = usize::from(text.height).max(1);
        let max_top = panel.lines.len().saturating_sub(height);
        // Show the group heading too when the first fact of a group is selected.
        let want_start = span.start.saturating_sub(1);
        let top = match self.overlays.current() {
            Some(o) => o.scroll,
            None => self.facts.top,
        };
        let top = if want_start < top {
            want_start
        } else if span.end > top + height {
            span.end - height
        } else {
            top
        }
        .min(max_top);
        if !self.overlays.set_scroll(top) {
            self.facts.top = top;
        }
    }

    /// The sidebar scrolled by the wheel, the cursor staying where it is.
    pub(super) fn scroll_facts(&mut self, by: Scroll) {
        let max = self.facts_max_top();
        self.facts.top = by.apply(self.facts.top, max);
    }
}
