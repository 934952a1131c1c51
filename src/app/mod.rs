//! Application state and the one function that changes it.
//!
//! `App` owns the articles, the selection, focus and scroll positions.
//! [`App::update`] applies an [`Action`]; nothing else mutates state, and
//! rendering only reads it. No I/O happens here: the caller saves the state
//! when [`App::take_state_changes`] says it changed, and carries out the
//! [`Effect`]s (open a link, copy, reload) that [`App::take_effect`] hands
//! over.
//!
//! The handlers are split by concern: `query` (search and the list it
//! leaves), `marks` (read, star, undo), `mouse`, `overlay` (help, facts,
//! problems, tags); this file has the state, `update` and the panes.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::action::Action;
use crate::doc::{Anchor, Doc};
use crate::facts::{self, Fact, FactGroup, FactKind};
use crate::keymap::Context;
use crate::layout::{self, Pane, Screen};
use crate::panel::{self, PanelLine};
use crate::search::{self, EntityIndex, Query, SearchIndex};
use crate::store::bodies::{Bodies as _, BodyError};
use crate::store::catalog::Meta;
use crate::store::library::Library;
use crate::store::state::{ReadState, Session};
use crate::view::{self, Filter, Sort};

pub use crate::layout::OverlayKind;

mod marks;
mod mouse;
mod overlay;
mod query;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlay {
    pub kind: OverlayKind,
    pub scroll: usize,
    /// The row under the cursor, for overlays you pick from (tags).
    pub cursor: usize,
}

/// The facts as a panel shows them at one width, and the lines of each fact.
#[derive(Debug, Clone, Default)]
pub struct FactsPanel {
    pub width: usize,
    pub lines: Vec<PanelLine>,
    pub spans: Vec<Range<usize>>,
}

/// Something for the caller to do outside the app: I/O the app does not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open this link with the system's opener.
    OpenLink(String),
    /// Put this text on the clipboard.
    Copy(String),
    /// Read the folder again and hand it to [`App::reload`].
    Reload,
}

/// One marking the user can take back with `u`: each article's marks as
/// they were before.
#[derive(Debug, Clone)]
struct Undo {
    what: String,
    /// By id, not list position, so `u` still works after `r` reloads the
    /// folder.
    before: Vec<(String, bool, bool)>,
}

/// How many markings `u` can take back.
const UNDO_DEPTH: usize = 50;

/// The search as last run: the query and every article it matched (before
/// the other filters), so typing one more letter searches only these.
#[derive(Debug)]
struct Hits {
    query: Query,
    articles: Vec<usize>,
    /// Articles not decided when it ran (not read yet, or their entities
    /// not known yet).
    pending: usize,
    /// How far the indexes had got when it ran (articles read plus names
    /// found): a tick runs it again only once they have moved on.
    progress: usize,
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
    /// What the list shows: article indices, in order.
    list: Vec<usize>,
    sort: Sort,
    /// Article indices in `sort` order, before filtering.
    order: Vec<usize>,
    filter: Filter,
    /// The search prompt's text while it is open.
    prompt: Option<String>,
    hits: Option<Hits>,
    /// Started by `start_indexing`, or on first use; it may still be
    /// filling in on background threads.
    search_index: Option<Arc<SearchIndex>>,
    entities: Option<Arc<EntityIndex>>,
    /// Where the search matches in the open article (paragraph, bytes), and
    /// which one `n`/`N` last went to.
    matches: Vec<(usize, Range<usize>)>,
    match_at: Option<usize>,
    /// Tags for the picker, counted when it opens.
    tags: Vec<(String, usize)>,
    undo: Vec<Undo>,
    /// A one-line message in the footer until the next key.
    status: Option<String>,
    effect: Option<Effect>,
    sidebar: bool,
    /// A paragraph to scroll to once the article is laid out (from the
    /// last session).
    restore_paragraph: Option<usize>,
    /// Position in `list` of the selected article.
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
    /// The selected article whole: with its body, which the list may not
    /// hold (it can come from the metadata index).
    open: Option<crate::article::Article>,
    /// The selected article laid out for the current reading-pane width.
    doc: Option<Doc>,
    /// The selected article's facts, grouped.
    facts: Vec<FactGroup>,
    /// Where figures are in the body (paragraph, bytes), by paragraph.
    figures_at: Vec<(usize, Range<usize>)>,
    /// The facts laid out as panel lines, for the widths the sidebar and the
    /// overlay have now: a long article has thousands, too many to lay out
    /// on every frame and every cursor move.
    facts_panels: Vec<FactsPanel>,
    /// Facts of every article visited, by index.
    facts_cache: HashMap<usize, Vec<FactGroup>>,
    /// Messages for the user (state file moved aside, save failed, ...).
    notices: Vec<String>,
    quit: bool,
}

impl App {
    /// The app over `library`, put back where the last session left off
    /// (sort, sidebar, article and its scroll position) as far as the
    /// folder still allows.
    pub fn new(library: Library, read: ReadState) -> Self {
        let unread = library
            .articles
            .iter()
            .filter(|a| !read.is_read(a.id()))
            .count();
        let session = read.session().clone();
        let sort = session
            .sort
            .as_deref()
            .and_then(Sort::from_name)
            .unwrap_or_default();
        let mut app = Self {
            order: view::order(&library.articles, sort),
            library,
            read,
            read_changed: false,
            unread,
            list: Vec::new(),
            sort,
            filter: Filter::default(),
            prompt: None,
            hits: None,
            search_index: None,
            entities: None,
            matches: Vec::new(),
            match_at: None,
            tags: Vec::new(),
            undo: Vec::new(),
            status: None,
            effect: None,
            sidebar: session.sidebar.unwrap_or(true),
            restore_paragraph: None,
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
            open: None,
            doc: None,
            facts: Vec::new(),
            facts_panels: Vec::new(),
            figures_at: Vec::new(),
            facts_cache: HashMap::new(),
            notices: Vec::new(),
            quit: false,
        };
        app.list.clone_from(&app.order);
        if let Some(index) = session
            .article
            .as_deref()
            .and_then(|id| app.library.position(id))
        {
            app.selected = app.list.iter().position(|&i| i == index).unwrap_or(0);
            if session.reading {
                app.focus = Pane::Reader;
                app.restore_paragraph = Some(session.paragraph);
            }
        }
        app.refresh_article();
        app
    }

    // ----- what the renderer and callers read -----

    /// Position of the selected article in the list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Index in `library.articles` of the selected article.
    pub fn current(&self) -> Option<usize> {
        self.list.get(self.selected).copied()
    }

    pub fn selected_article(&self) -> Option<Meta<'_>> {
        self.current().and_then(|i| self.library.articles.get(i))
    }

    /// The articles the list shows, in order (indices into the library).
    pub fn list(&self) -> &[usize] {
        &self.list
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The search prompt's text, while it is open.
    pub fn prompt(&self) -> Option<&str> {
        self.prompt.as_deref()
    }

    /// The search in force (typed or kept), parsed.
    pub fn query(&self) -> Option<&Query> {
        self.hits.as_ref().map(|h| &h.query)
    }

    /// How far the background text index has got: articles read and
    /// total, while a search is waiting on it.
    pub fn reading(&self) -> Option<(usize, usize)> {
        self.hits.as_ref()?;
        let index = self.search_index.as_ref()?;
        let done = index.done();
        (done < index.len()).then(|| (done, index.len()))
    }

    /// How far the background entity index has got: done and total, while
    /// a search that needs it is waiting on it.
    pub fn indexing(&self) -> Option<(usize, usize)> {
        let hits = self.hits.as_ref()?;
        let entities = self.entities.as_ref()?;
        // One read of the counter: the thread may finish between two reads,
        // which once reported "4 of 4 still to do".
        let done = entities.done();
        (hits.query.needs_entities() && done < entities.len()).then(|| (done, entities.len()))
    }

    /// The figures found in one paragraph of the body (byte spans).
    pub fn figures_in(&self, paragraph: usize) -> &[(usize, Range<usize>)] {
        in_paragraph(&self.figures_at, paragraph)
    }

    /// The search's matches in one paragraph, and the index of the first
    /// (to tell the current one).
    pub fn matches_in(&self, paragraph: usize) -> (usize, &[(usize, Range<usize>)]) {
        let start = self.matches.partition_point(|(p, _)| *p < paragraph);
        (start, in_paragraph(&self.matches, paragraph))
    }

    /// Where the search matches in the open article, and the one `n`/`N`
    /// went to last.
    pub fn matches(&self) -> (&[(usize, Range<usize>)], Option<usize>) {
        (&self.matches, self.match_at)
    }

    pub fn sidebar(&self) -> bool {
        self.sidebar
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
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

    /// The tags the picker offers, with counts.
    pub fn tag_choices(&self) -> &[(String, usize)] {
        &self.tags
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

    /// The facts laid out at `width` columns: kept from the last layout
    /// when the width is the same, else laid out now.
    pub fn facts_panel(&self, width: usize) -> std::borrow::Cow<'_, FactsPanel> {
        match self.facts_panels.iter().find(|p| p.width == width) {
            Some(panel) => std::borrow::Cow::Borrowed(panel),
            None => std::borrow::Cow::Owned(lay_out_facts(&self.facts, width)),
        }
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

    /// The selected article with its body, as the reading pane shows it.
    pub fn article(&self) -> Option<&crate::article::Article> {
        self.open.as_ref()
    }

    pub fn doc(&self) -> Option<&Doc> {
        self.doc.as_ref()
    }

    /// Whether the article at library index `index` is read.
    pub fn is_read(&self, index: usize) -> bool {
        self.library
            .articles
            .get(index)
            .is_some_and(|a| self.read.is_read(a.id()))
    }

    pub fn is_starred(&self, index: usize) -> bool {
        self.library
            .articles
            .get(index)
            .is_some_and(|a| self.read.is_starred(a.id()))
    }

    pub fn unread(&self) -> usize {
        self.unread
    }

    pub fn read_state(&self) -> &ReadState {
        &self.read
    }

    /// The state to save (marks and the session).
    pub fn read_state_mut(&mut self) -> &mut ReadState {
        &mut self.read
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
        Screen::compute(self.area(), self.zen, self.focus, self.sidebar)
    }

    /// Which bindings apply to the next key.
    pub fn context(&self) -> Context {
        if self.prompt.is_some() {
            return Context::Prompt;
        }
        match self.overlay {
            Some(o) if o.kind == OverlayKind::Tags => return Context::Picker,
            Some(o) if o.kind == OverlayKind::Facts => return Context::FactsOverlay,
            Some(_) => return Context::Overlay,
            None => {}
        }
        match self.focus {
            _ if self.zen => Context::Reader,
            Pane::List => Context::List,
            Pane::Reader => Context::Reader,
            Pane::Facts => Context::Facts,
        }
    }

    /// True once, after the state changed: the caller should save it.
    pub fn take_state_changes(&mut self) -> bool {
        std::mem::take(&mut self.read_changed)
    }

    /// The next thing for the caller to do, if any.
    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effect.take()
    }

    /// A message for the problems overlay (kept for the session).
    pub fn notify(&mut self, message: String) {
        self.notices.push(message);
    }

    /// A message for the footer (until the next key).
    pub fn set_status(&mut self, message: String) {
        self.status = Some(message);
    }

    /// Starts finding people, organisations and places in every article on
    /// a background thread, so entity searches are ready when asked for.
    pub fn start_indexing(&mut self) {
        if self.entities.is_none() {
            self.entities = Some(EntityIndex::spawn(Arc::clone(&self.library.articles)));
        }
        if self.search_index.is_none() {
            self.search_index = Some(SearchIndex::spawn(&self.library.articles));
        }
    }

    /// The session as it stands, for the state file.
    pub fn session(&self) -> Session {
        let paragraph = match (&self.doc, self.restore_paragraph) {
            (_, Some(p)) => p,
            (Some(doc), None) => match doc.anchor(self.reader_top) {
                Anchor::Paragraph { index, .. } => index,
                Anchor::Heading(_) => 0,
            },
            (None, None) => 0,
        };
        Session {
            // With nothing selected (a search that matches nothing), the
            // last place is kept rather than forgotten.
            article: self
                .selected_article()
                .map(|a| a.id().to_owned())
                .or_else(|| self.read.session().article.clone()),
            reading: self.focused_pane() != Pane::List,
            paragraph,
            sort: Some(self.sort.name().to_owned()),
            sidebar: Some(self.sidebar),
        }
    }

    /// The folder was read again: show the new articles, keeping the
    /// selected one, the sort, the filters and every mark.
    pub fn reload(&mut self, library: Library) {
        let id = self.selected_article().map(|a| a.id().to_owned());
        self.library = library;
        self.unread = self
            .library
            .articles
            .iter()
            .filter(|a| !self.read.is_read(a.id()))
            .count();
        self.facts_cache.clear();
        self.search_index = None;
        self.hits = None;
        // Indices changed: the old name index points at other articles.
        let was_indexing = self.entities.take().is_some();
        if was_indexing {
            self.start_indexing();
        }
        self.order = view::order(&self.library.articles, self.sort);
        let keep = id.and_then(|id| self.library.position(&id));
        self.refilter_keeping(keep);
        self.doc = None;
        self.refresh_article();
        self.status = Some(format!(
            "reloaded: {} articles",
            self.library.articles.len()
        ));
    }

    /// The lines an overlay shows at `width` columns.
    pub fn overlay_lines(&self, kind: OverlayKind, width: usize) -> Vec<PanelLine> {
        match kind {
            OverlayKind::Help => panel::help(width),
            OverlayKind::Facts => self.facts_panel(width).into_owned().lines,
            OverlayKind::Problems => panel::problems(&self.library.problems, &self.notices, width),
            OverlayKind::Tags => panel::tags(
                &self.tags,
                self.filter.tag.as_deref(),
                self.library.articles.len(),
                width,
            ),
        }
    }

    // ----- the one place state changes -----

    pub fn update(&mut self, action: Action) {
        // A highlighted sentence stays until the next move; a status
        // message until the next key.
        if !matches!(
            action,
            Action::Resize(..) | Action::Jump | Action::Figures | Action::Tick
        ) {
            self.highlight = None;
            self.status = None;
        }
        if self.prompt.is_some() {
            self.update_prompt(action);
            return;
        }
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
            return;
        }
        match action {
            Action::Quit => self.quit(),
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
            Action::Tags => self.open_tags(),
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
                if self.current().is_some() {
                    self.set_focus(Pane::Reader);
                    self.mark_selected_read();
                }
            }
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::Zen => self.set_zen(!self.zen),
            Action::ToggleRead | Action::ToggleStar | Action::MarkAllRead => self.mark_key(action),
            Action::Undo => self.undo(),
            Action::Search => self.open_prompt(),
            Action::ClearSearch => {
                if !self.filter.query.is_empty() {
                    self.set_query(String::new());
                }
            }
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            Action::SearchFact => self.search_fact(),
            Action::UnreadOnly | Action::StarredOnly | Action::CycleSort | Action::Sidebar => {
                self.view_key(action);
            }
            Action::OpenLink | Action::CopyLink => self.link(action),
            Action::Reload => self.effect = Some(Effect::Reload),
            Action::Jump => self.jump(),
            Action::Figures => self.figures = !self.figures,
            Action::Resize(width, height) => self.resize(width, height),
            Action::Click(x, y) => self.click(x, y),
            Action::Wheel(x, y, down) => self.wheel(x, y, down),
            Action::Tick => self.tick(),
            Action::Pick
            | Action::Insert(_)
            | Action::DeleteBack
            | Action::DeleteWord
            | Action::ClearInput
            | Action::Accept
            | Action::Cancel => {}
        }
    }

    /// U, S, O and F: what the list shows and how.
    fn view_key(&mut self, action: Action) {
        match action {
            Action::UnreadOnly => {
                self.filter.unread_only = !self.filter.unread_only;
                self.refilter();
            }
            Action::StarredOnly => {
                self.filter.starred_only = !self.filter.starred_only;
                self.refilter();
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.order = view::order(&self.library.articles, self.sort);
                self.refilter();
                self.status = Some(format!("sorted by {}", self.sort.name()));
            }
            Action::Sidebar => {
                if self.size.0 < layout::SIDEBAR_MIN_WIDTH {
                    self.status = Some(format!(
                        "the sidebar needs {} columns: f shows the facts",
                        layout::SIDEBAR_MIN_WIDTH
                    ));
                } else {
                    self.sidebar = !self.sidebar;
                    self.fix_focus();
                    self.relayout();
                }
            }
            _ => {}
        }
    }

    /// Keeps the session in the state (to be saved) and stops.
    fn quit(&mut self) {
        let session = self.session();
        if self.read.set_session(session) {
            self.read_changed = true;
        }
        self.quit = true;
    }

    fn link(&mut self, action: Action) {
        let Some(url) = self
            .selected_article()
            .and_then(|a| a.url().map(str::to_owned))
        else {
            self.status = Some("this article has no link".to_owned());
            return;
        };
        self.effect = Some(if action == Action::OpenLink {
            Effect::OpenLink(url)
        } else {
            Effect::Copy(url)
        });
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

    /// The facts panel's text area (sidebar or overlay), if shown.
    fn facts_text(&self) -> Option<Rect> {
        match self.overlay {
            Some(o) if o.kind == OverlayKind::Facts => Some(layout::panel_text(
                layout::overlay_rect(self.area(), o.kind),
            )),
            _ => self.screen().facts.map(layout::panel_text),
        }
    }

    /// Moves the fact cursor and keeps it on screen.
    fn move_fact(&mut self, by: isize) {
        let count = self.facts_flat().count();
        if count == 0 {
            return;
        }
        self.fact_selected = self.fact_selected.saturating_add_signed(by).min(count - 1);
        let Some(text) = self.facts_text() else {
            return;
        };
        let panel = self.facts_panel(usize::from(text.width));
        let Some(span) = panel.spans.get(self.fact_selected).cloned() else {
            return;
        };
        let height = usize::from(text.height).max(1);
        let max_top = panel.lines.len().saturating_sub(height);
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

    /// Opens the UI on one article (a library index), as `gogai ARTICLE`
    /// does. Filters that hide it are dropped.
    pub fn open_article(&mut self, index: usize) {
        if index >= self.library.articles.len() {
            return;
        }
        if !self.list.contains(&index) {
            self.filter = Filter::default();
            self.refilter_keeping(Some(index));
        }
        if let Some(position) = self.list.iter().position(|&i| i == index) {
            self.restore_paragraph = None;
            self.select(position);
            self.update(Action::Open);
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
        self.fix_focus();
        self.relayout();
        self.restore_paragraph = None;
        self.scroll_overlay(0);
    }

    /// A pane that is no longer shown (the sidebar folding away) cannot
    /// keep focus: the reading pane takes it.
    fn fix_focus(&mut self) {
        if !Screen::focusable(self.size.0, self.zen, self.sidebar).contains(&self.focus) {
            self.focus = Pane::Reader;
        }
    }

    fn scroll(&mut self, by: isize) {
        match self.focused_pane() {
            Pane::List => self.move_selection(by),
            Pane::Reader => self.scroll_reader(by),
            Pane::Facts => {
                // The sidebar moves by facts: one, five for a page, or to an end.
                let step = if by.abs() == 1 { by } else { fact_step_for(by) };
                self.move_fact(step);
            }
        }
    }

    fn move_selection(&mut self, by: isize) {
        let len = self.list.len();
        if len == 0 {
            return;
        }
        let target = self.selected.saturating_add_signed(by).min(len - 1);
        self.select(target);
    }

    fn scroll_reader(&mut self, by: isize) {
        self.restore_paragraph = None;
        let max = self
            .doc
            .as_ref()
            .map_or(0, |d| d.max_top(self.reader_height()));
        self.reader_top = self.reader_top.saturating_add_signed(by).min(max);
    }

    fn facts_max_top(&self) -> usize {
        let Some(text) = self.screen().facts.map(layout::panel_text) else {
            return 0;
        };
        self.facts_panel(usize::from(text.width))
            .lines
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
        let panes = Screen::focusable(self.size.0, self.zen, self.sidebar);
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = (at as isize + by).rem_euclid(panes.len() as isize) as usize;
        self.set_focus(panes[next]);
    }

    fn step_focus(&mut self, by: isize) {
        let panes = Screen::focusable(self.size.0, self.zen, self.sidebar);
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
        let len = self.list.len();
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

    /// Selects the article at `position` in the list.
    fn select(&mut self, position: usize) {
        if position != self.selected {
            self.selected = position;
            self.reader_top = 0;
            self.facts_top = 0;
            self.fact_selected = 0;
            self.restore_paragraph = None;
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
        let max_top = self.list.len().saturating_sub(rows);
        self.list_top = self.list_top.min(max_top);
    }

    fn reader_height(&self) -> usize {
        self.screen()
            .reader
            .map_or(1, |r| usize::from(layout::inner(r).height))
    }

    /// The selected article changed: recompute what is derived from it.
    fn refresh_article(&mut self) {
        // The body is read now if the list has only the metadata. One that
        // cannot be read is shown as a message, which has no facts.
        let mut readable = false;
        self.open = self
            .current()
            .and_then(|index| match self.library.articles.open(index) {
                Ok(article) => {
                    readable = true;
                    Some(article.into_owned())
                }
                Err(e) => unreadable_article(self.library.articles.get(index)?, &e),
            });
        // Facts are worked out once per article: going back to one is free.
        self.facts = match (self.current(), &self.open) {
            (Some(index), Some(article)) if readable => self
                .facts_cache
                .entry(index)
                .or_insert_with(|| facts::for_article(article))
                .clone(),
            _ => Vec::new(),
        };
        self.facts_panels.clear();
        self.figures_at = self
            .facts_flat()
            .filter(|f| f.kind == FactKind::Figure)
            .filter_map(|f| f.evidence.as_ref().map(|e| (e.paragraph, e.span.clone())))
            .collect();
        self.figures_at.sort_by_key(|(p, r)| (*p, r.start));
        self.doc = None;
        self.find_matches();
        self.relayout();
    }

    /// The size or layout changed: re-wrap the article at the new width,
    /// keeping the same paragraph at the top, keep the list selection in
    /// view and the sidebar within its content.
    fn relayout(&mut self) {
        self.lay_out_facts_panels();
        self.keep_selection_visible();
        self.facts_top = self.facts_top.min(self.facts_max_top());
        let Some(reader) = self.screen().reader else {
            // The reading pane is hidden (one-pane layout on the list): keep the
            // old layout so the position is there when it comes back.
            return;
        };
        let width = layout::reader_measure(reader);
        let height = usize::from(layout::inner(reader).height);
        let Some(article) = self.open.as_ref() else {
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
            // Back where the last session was reading. Kept until the first
            // resize, since the first layout is at a guessed size.
            if let Some(paragraph) = self.restore_paragraph.filter(|&p| p > 0) {
                self.reader_top = doc.line_of(Anchor::Paragraph {
                    index: paragraph,
                    fraction: 0.0,
                });
            }
            self.reader_top = self.reader_top.min(doc.max_top(height));
        }
    }
}

impl App {
    /// Lays out the facts for the sidebar's and the overlay's widths, unless
    /// they are laid out for those widths already.
    fn lay_out_facts_panels(&mut self) {
        let mut widths = vec![usize::from(
            layout::panel_text(layout::overlay_rect(self.area(), OverlayKind::Facts)).width,
        )];
        if let Some(rect) = self.screen().facts {
            widths.push(usize::from(layout::panel_text(rect).width));
        }
        self.facts_panels.retain(|p| widths.contains(&p.width));
        for width in widths {
            if !self.facts_panels.iter().any(|p| p.width == width) {
                let panel = lay_out_facts(&self.facts, width);
                self.facts_panels.push(panel);
            }
        }
    }
}

/// The entries of a list sorted by paragraph that belong to `paragraph`.
fn in_paragraph(sorted: &[(usize, Range<usize>)], paragraph: usize) -> &[(usize, Range<usize>)] {
    let start = sorted.partition_point(|(p, _)| *p < paragraph);
    let end = sorted.partition_point(|(p, _)| *p <= paragraph);
    &sorted[start..end]
}

fn lay_out_facts(facts: &[FactGroup], width: usize) -> FactsPanel {
    let (lines, spans) = panel::facts(facts, width);
    FactsPanel {
        width,
        lines,
        spans,
    }
}

/// How far a movement key moves a cursor (facts, tags): one row, five for
/// a page, or to an end.
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

/// `100000` → `100,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the reading pane shows for an article whose body cannot be had: its
/// metadata from the list and the error as its one paragraph. It lives only
/// in the reading pane: no index ever sees it.
fn unreadable_article(meta: Meta<'_>, error: &BodyError) -> Option<crate::article::Article> {
    let BodyError::Unreadable { file, why } = error else {
        return None;
    };
    Some(crate::article::Article {
        body: vec![format!(
            "This article could not be read again from {file}: {why}. Press r to reload the folder."
        )],
        ..meta.to_article()
    })
}
