//! Application state and the one function that changes it.
//!
//! `App` is made of parts that each own their fields: the list and its view
//! (`list`), the search (`search`), the reading pane (`reader`), the facts
//! pane (`facts`), read marks (`marks`), overlays (`overlay`), the panes'
//! geometry and focus (`panes`) and the footer, notices and effects
//! (`chrome`). Their fields are private to their file; the rest of the app
//! goes through their methods.
//!
//! [`App::update`] applies a [`Message`] (a user's [`Action`], or news the
//! event loop carries in: the folder read again, an index's progress, a
//! save's result); nothing else changes state, and rendering only reads it.
//! No I/O happens here: what touches the world (disk, threads, terminal,
//! browser) is an [`Effect`] that [`App::take_effect`] hands to the loop.

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::action::Action;
use crate::doc::Doc;
use crate::facts::{Fact, FactGroup};
use crate::feeds::Subscription;
use crate::keymap::Context;
use crate::layout::{Pane, Screen};
use crate::panel_lines::{self, PanelLine};
use crate::search::{EntityIndex, Outcome, Query, SearchIndex};
use crate::store::articles::Articles;
use crate::store::bodies::{Bodies as _, BodyError};
use crate::store::catalog::Meta;
use crate::store::library::Library;
use crate::store::state::{JobError, ReadState, SaveJob, Session};
use crate::view::{FeedRow, Filter, Sort};

pub use crate::layout::OverlayKind;
pub use delete::{DeleteJob, Deleted, RestoreJob, Restored};
pub use facts::FactsPanel;
pub use live::{WatchJob, WatchMode};
pub use overlay::Overlay;
pub use read::{ArticleRead, FactsFound, FactsJob, HEAVY_BYTES, ReadJob};
pub use refresh::{Progress as RefreshProgress, RefreshJob, RefreshNews};

mod chrome;
mod delete;
mod facts;
mod list;
mod live;
mod marks;
mod mouse;
mod overlay;
mod panes;
mod read;
mod reader;
mod refresh;
mod search;

use chrome::Chrome;
use facts::FactsPane;
use list::ListView;
use marks::Marks;
use overlay::Overlays;
use panes::Panes;
use reader::Reader;
use search::Search;

/// Something for the caller to do outside the app: I/O the app does not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open this link with the system's opener.
    OpenLink(String),
    /// Put this text on the clipboard.
    Copy(String),
    /// Read the folder again, off the UI thread, and hand the result back
    /// as [`Message::Reloaded`].
    Reload,
    /// Stop the index builders under way and start these.
    Index(IndexJob),
    /// Read the folder (shown so far as the metadata index last saw it)
    /// off the UI thread, and hand the result back as [`Message::Checked`].
    Check,
    /// Open a heavy article on a worker (cancelling the one under way) and
    /// hand the result back as [`Message::ArticleRead`].
    Read(ReadJob),
    /// Cancel the article being opened on a worker: another is shown.
    StopReading,
    /// Refresh the subscribed feeds on a worker; news comes back as
    /// [`Message::Refresh`].
    Refresh(RefreshJob),
    /// Say [`RefreshNews::Due`] every this long while the reader runs.
    RefreshEvery(std::time::Duration),
    /// Find the facts of the article shown on a worker and hand them back
    /// as [`Message::FactsFound`].
    Facts(FactsJob),
    /// Start keeping the stored search index in step with these articles
    /// (stopping the worker of older ones); it answers [`Effect::Ask`].
    Store(StoreJob),
    /// Run a query on the stored index; the answer comes back as
    /// [`Message::Searched`].
    Ask(Ask),
    /// Move an article's file into the trash on a worker; the result comes
    /// back as [`Message::Deleted`].
    Delete(DeleteJob),
    /// Move a deleted article's file back on a worker; the result comes
    /// back as [`Message::Restored`].
    Restore(RestoreJob),
    /// Watch the folder on a worker; changes come back as
    /// [`Message::FolderChanged`].
    Watch(WatchJob),
}

/// The stored search index of a folder, for the articles listed from it.
#[derive(Debug, Clone)]
pub struct StoreJob {
    /// As for [`IndexJob`]: which start of the indexes this is.
    pub generation: u64,
    pub dir: std::path::PathBuf,
    /// The database.
    pub path: std::path::PathBuf,
    pub articles: Arc<Articles>,
}

impl PartialEq for StoreJob {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.dir == other.dir
            && self.path == other.path
            && Arc::ptr_eq(&self.articles, &other.articles)
    }
}

impl Eq for StoreJob {}

/// A query for the stored index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub generation: u64,
    /// Counts up with each question: only the last one's answer is used.
    pub seq: u64,
    pub query: Query,
}

/// The indexes to fill in the background, with the articles they index.
/// Progress comes back as [`Message::Progress`] tagged with `generation`.
#[derive(Debug, Clone)]
pub struct IndexJob {
    /// Counts up each time the indexes are started afresh (a reload), so
    /// progress from an older job is told apart.
    pub generation: u64,
    pub articles: Arc<Articles>,
    pub text: Option<Arc<SearchIndex>>,
    pub names: Option<Arc<EntityIndex>>,
}

impl PartialEq for IndexJob {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: Option<&Arc<T>>, b: Option<&Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        self.generation == other.generation
            && Arc::ptr_eq(&self.articles, &other.articles)
            && same(self.text.as_ref(), other.text.as_ref())
            && same(self.names.as_ref(), other.names.as_ref())
    }
}

impl Eq for IndexJob {}

/// Which background index a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// The folded text of every article (`SearchIndex`).
    Text,
    /// The people, organisations and places of every article (`EntityIndex`).
    Names,
}

/// Everything that changes the app: what the user asked for, and what the
/// event loop brings back from the world.
#[derive(Debug)]
pub enum Message {
    /// A key, a click, a resize.
    Action(Action),
    /// A key pressed: what it does comes from the keymap in force (the
    /// config file's), after any keys of a sequence pressed before it.
    Key(ratatui::crossterm::event::KeyEvent),
    /// The folder was read again (see [`Effect::Reload`]); show the new
    /// articles, keeping the selected one, the sort, the filters and every
    /// mark. An error leaves everything as it was.
    Reloaded(Result<Library, String>),
    /// A background index has this many articles done.
    Progress {
        kind: IndexKind,
        generation: u64,
        done: usize,
    },
    /// A save made on the saver's thread finished; a failed one gives its
    /// changes back to be saved again.
    Saved {
        job: SaveJob,
        result: Result<Option<String>, JobError>,
    },
    /// A message for the problems overlay (kept for the session).
    Notice(String),
    /// A message for the footer (until the next key).
    Status(String),
    /// Open the UI on one article (a library index), as `gogai ARTICLE`
    /// does. Filters that hide it are dropped.
    OpenArticle(usize),
    /// A worker opened an article (see [`Effect::Read`]).
    ArticleRead(Box<ArticleRead>),
    /// A worker found an article's facts (see [`Effect::Facts`]).
    FactsFound(Box<FactsFound>),
    /// News from the refresh of the feeds (see [`Effect::Refresh`]).
    Refresh(RefreshNews),
    /// The stored index answered question `seq` (see [`Effect::Ask`]).
    Searched {
        generation: u64,
        seq: u64,
        outcome: Outcome,
    },
    /// The stored index cannot be used: searches read the articles instead.
    StoreFailed { generation: u64, message: String },
    /// The folder was read (see [`Effect::Check`]): the articles, if they
    /// differ from those shown.
    Checked(Result<Option<Library>, String>),
    /// The feeds file was read: the subscribed feeds, or why it could not
    /// be (the feeds view then shows only what the articles say).
    Subscriptions(Result<Vec<Subscription>, String>),
    /// An article's file was moved to the trash, or not (see
    /// [`Effect::Delete`]).
    Deleted(Box<Deleted>),
    /// A deleted article's file was moved back, or not (see
    /// [`Effect::Restore`]).
    Restored(Box<Restored>),
    /// The folder changed (see [`Effect::Watch`]): it is checked again.
    FolderChanged,
    /// The folder is watched from now on, this way (in words).
    Watching(String),
}

impl From<Action> for Message {
    fn from(action: Action) -> Self {
        Self::Action(action)
    }
}

/// How far a movement goes: some rows or lines (negative is up), or all the
/// way to an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scroll {
    By(isize),
    Top,
    Bottom,
}

impl Scroll {
    /// `from` moved, within `0..=max`.
    fn apply(self, from: usize, max: usize) -> usize {
        match self {
            Self::By(n) => from.saturating_add_signed(n).min(max),
            Self::Top => 0,
            Self::Bottom => max,
        }
    }

    /// How far a movement key moves a cursor (facts, tags): one row, five
    /// for a page, or to an end.
    fn in_rows(self) -> Self {
        match self {
            Self::By(n) if n.abs() <= 1 => self,
            Self::By(n) if n < 0 => Self::By(-5),
            Self::By(_) => Self::By(5),
            end => end,
        }
    }
}

#[derive(Debug)]
pub struct App {
    library: Library,
    list: ListView,
    search: Search,
    reader: Reader,
    facts: FactsPane,
    marks: Marks,
    overlays: Overlays,
    panes: Panes,
    chrome: Chrome,
    refresh: refresh::Refresh,
    /// The feeds file's feeds, for the feeds view and the reader's header.
    subscriptions: Vec<Subscription>,
    /// Articles deleted in this session (`d`).
    trash: delete::Trash,
    /// The folder checks under way and asked for.
    checks: live::Checks,
    /// The config file's settings, read once at start.
    config: crate::config::Config,
    /// The keys of a sequence pressed so far (`g` of `g g`).
    pending_keys: Vec<ratatui::crossterm::event::KeyEvent>,
}

impl App {
    /// The app over `library`, put back where the last session left off
    /// (sort, sidebar, article and its scroll position) as far as the
    /// folder still allows.
    pub fn new(library: Library, read: ReadState) -> Self {
        Self::start(library, read, false, None, crate::config::Config::default())
    }

    /// As [`App::new`], with the config file's settings.
    pub fn with_config(library: Library, read: ReadState, config: crate::config::Config) -> Self {
        Self::start(library, read, false, None, config)
    }

    /// As [`App::new`], for a reader about to draw its first frame: until
    /// the first facts are found, the shown article's facts are found on a
    /// worker. The fact extractor compiles its patterns on first use (about
    /// 20 ms, more than the rest of a start at 10,000 articles), and the
    /// first frame need not wait for that. Tests, which look at the facts
    /// at once, use [`App::new`]. `listed_read`, when known (see
    /// [`ReadState::survey`]), is how many listed articles are read, which
    /// spares the first frame a walk over every id to count the unread.
    pub fn new_cold(
        library: Library,
        read: ReadState,
        listed_read: Option<usize>,
        config: crate::config::Config,
    ) -> Self {
        Self::start(library, read, true, listed_read, config)
    }

    /// A setting written in the config file applies at every start; one
    /// left out is as the last run left it.
    fn start(
        library: Library,
        read: ReadState,
        cold_facts: bool,
        listed_read: Option<usize>,
        config: crate::config::Config,
    ) -> Self {
        let session = read.session().clone();
        let view = folder_view(&session, library.origin.folder());
        let sort = config
            .sort
            .or_else(|| view.sort.as_deref().and_then(Sort::from_name))
            .unwrap_or_default();
        let mut app = Self {
            list: ListView::new(&library.articles, sort),
            marks: Marks::new(read, &library.articles, listed_read),
            library,
            search: Search::default(),
            reader: Reader::default(),
            facts: FactsPane::default(),
            overlays: Overlays::default(),
            panes: Panes::new(config.facts_sidebar.or(session.sidebar).unwrap_or(true)),
            chrome: Chrome::default(),
            refresh: refresh::Refresh::default(),
            subscriptions: Vec::new(),
            trash: delete::Trash::default(),
            checks: live::Checks::default(),
            config,
            pending_keys: Vec::new(),
        };
        app.reader
            .configure(app.config.width, app.config.figure_marks.unwrap_or(true));
        let one_line = app.config.one_line.or(view.one_line).unwrap_or(false);
        app.list.set_one_line(one_line);
        app.panes.set_wide_list(one_line);
        let unread = app.config.unread_only.or(view.unread_only);
        let starred = app.config.starred_only;
        if unread.is_some() || starred.is_some() {
            app.start_filtered(unread.unwrap_or(false), starred.unwrap_or(false));
        }
        if let Some(index) = session
            .article
            .as_deref()
            .and_then(|id| app.library.position(id))
        {
            app.list.select(app.list.position_of(index).unwrap_or(0));
            if session.reading {
                app.panes.focus_on(Pane::Reader);
                app.reader.restore_at(session.paragraph);
            }
        }
        app.facts.set_cold(cold_facts);
        app.refresh_article();
        app
    }

    /// Searches through the stored index at `path` of the folder `dir`
    /// (see [`crate::search::stored`]) rather than by reading every
    /// article: a worker keeps it in step with the folder.
    pub fn use_search_store(&mut self, dir: std::path::PathBuf, path: std::path::PathBuf) {
        let job = self.search.use_store(dir, path, &self.library.articles);
        self.chrome.push_effect(Effect::Store(job));
    }

    // ----- what the renderer and callers read -----

    /// The config file's settings.
    pub fn config(&self) -> &crate::config::Config {
        &self.config
    }

    /// The colours and styles to draw with.
    pub fn theme(&self) -> &crate::ui::theme::Theme {
        &self.config.theme
    }

    /// The keys in force (the help overlay and the footer show them).
    pub fn keymap(&self) -> &crate::keymap::Keymap {
        &self.config.keys
    }

    /// The widest the body text is set, in columns.
    pub fn measure(&self) -> usize {
        self.reader.measure()
    }

    /// The articles, their folder and the problems met loading them.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Position of the selected article in the list.
    pub fn selected(&self) -> usize {
        self.list.selected()
    }

    /// Index in `library.articles` of the selected article.
    pub fn current(&self) -> Option<usize> {
        self.list.current()
    }

    pub fn selected_article(&self) -> Option<Meta<'_>> {
        self.current().and_then(|i| self.library.articles.get(i))
    }

    /// The articles the list shows, in order (indices into the library).
    pub fn list(&self) -> &[usize] {
        self.list.shown()
    }

    pub fn filter(&self) -> &Filter {
        self.list.filter()
    }

    pub fn sort(&self) -> Sort {
        self.list.sort()
    }

    /// The search prompt's text, while it is open.
    pub fn prompt(&self) -> Option<&str> {
        self.search.prompt()
    }

    /// The search in force (typed or kept), parsed.
    pub fn query(&self) -> Option<&Query> {
        self.search.query()
    }

    /// How far the background text index has got: articles read and
    /// total, while a search is waiting on it. As last reported by the
    /// index, not read from it live: a frame depends on the state alone.
    pub fn reading(&self) -> Option<(usize, usize)> {
        self.search.reading()
    }

    /// How far the background entity index has got: done and total, while
    /// a search that needs it is waiting on it (as last reported).
    pub fn indexing(&self) -> Option<(usize, usize)> {
        self.search.indexing()
    }

    /// The figures found in one paragraph of the body (byte spans).
    pub fn figures_in(&self, paragraph: usize) -> &[(usize, Range<usize>)] {
        self.reader.figures_in(paragraph)
    }

    /// The search's matches in one paragraph, and the index of the first
    /// (to tell the current one).
    pub fn matches_in(&self, paragraph: usize) -> (usize, &[(usize, Range<usize>)]) {
        self.search.matches_in(paragraph)
    }

    /// Where the search matches in the open article, and the one `n`/`N`
    /// went to last.
    pub fn matches(&self) -> (&[(usize, Range<usize>)], Option<usize>) {
        self.search.matches()
    }

    pub fn sidebar(&self) -> bool {
        self.panes.sidebar()
    }

    pub fn status(&self) -> Option<&str> {
        self.chrome.status()
    }

    pub fn focus(&self) -> Pane {
        self.panes.focus()
    }

    pub fn zen(&self) -> bool {
        self.panes.zen()
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlays.current()
    }

    /// The tags the picker offers, with counts.
    pub fn tag_choices(&self) -> &[(String, usize)] {
        self.overlays.tags()
    }

    /// The rows of the feeds view, as counted when it opened.
    pub fn feed_choices(&self) -> &[FeedRow] {
        self.overlays.feeds()
    }

    /// The digits typed so far in the links overlay.
    pub fn typed_number(&self) -> &str {
        self.overlays.typed()
    }

    /// The feeds file's feeds.
    pub fn subscriptions(&self) -> &[Subscription] {
        &self.subscriptions
    }

    /// What to call the feed at `url`: its name in the feeds file, else
    /// the URL.
    pub fn feed_title<'a>(&'a self, url: &'a str) -> &'a str {
        self.subscriptions
            .iter()
            .find(|s| s.url == url)
            .map_or(url, Subscription::title)
    }

    pub fn list_top(&self) -> usize {
        self.list.top()
    }

    /// Terminal rows one article takes in the list (1 or 2, `V`).
    pub fn list_item_height(&self) -> usize {
        self.list.item_height()
    }

    pub fn reader_top(&self) -> usize {
        self.reader.top()
    }

    pub fn facts_top(&self) -> usize {
        self.facts.top()
    }

    pub fn facts(&self) -> &[FactGroup] {
        self.facts.groups()
    }

    /// The facts laid out at `width` columns: kept from the last layout
    /// when the width is the same, else laid out now.
    pub fn facts_panel(&self, width: usize) -> std::borrow::Cow<'_, FactsPanel> {
        self.facts.panel(width)
    }

    /// Index (in sidebar order) of the fact under the cursor.
    pub fn fact_selected(&self) -> usize {
        self.facts.selected()
    }

    /// The sentence to highlight in the body: paragraph and byte span.
    pub fn highlight(&self) -> Option<(usize, &Range<usize>)> {
        self.reader.highlight()
    }

    /// Whether figures are marked in the body.
    pub fn figures_marked(&self) -> bool {
        self.reader.figures_marked()
    }

    /// The selected article's facts in sidebar order.
    pub fn facts_flat(&self) -> impl Iterator<Item = &Fact> {
        self.facts.flat()
    }

    /// The selected article with its body, as the reading pane shows it.
    pub fn article(&self) -> Option<&crate::article::Article> {
        self.reader.article()
    }

    pub fn doc(&self) -> Option<&Doc> {
        self.reader.doc()
    }

    /// What the reader's header calls the open article's feed.
    pub fn feed_title_shown(&self) -> Option<&str> {
        self.reader.feed_title()
    }

    /// Whether the selected article is being opened on a worker (the
    /// reader says "reading…").
    pub fn reading_article(&self) -> bool {
        self.reader.reading().is_some()
    }

    /// Whether the article at library index `index` is read.
    pub fn is_read(&self, index: usize) -> bool {
        self.library
            .articles
            .get(index)
            .is_some_and(|a| self.marks.is_read(a.id()))
    }

    pub fn is_starred(&self, index: usize) -> bool {
        self.library
            .articles
            .get(index)
            .is_some_and(|a| self.marks.is_starred(a.id()))
    }

    pub fn unread(&self) -> usize {
        self.marks.unread()
    }

    pub fn read_state(&self) -> &ReadState {
        self.marks.state()
    }

    /// The state, for the event loop's saves. A save merges with what is on
    /// disk and notes what it wrote: the one change to the app made outside
    /// [`App::update`], because it is the loop that does the writing.
    pub fn read_state_mut(&mut self) -> &mut ReadState {
        self.marks.state_mut()
    }

    pub fn notices(&self) -> &[String] {
        self.chrome.notices()
    }

    pub fn should_quit(&self) -> bool {
        self.chrome.quitting()
    }

    pub fn area(&self) -> Rect {
        self.panes.area()
    }

    pub fn screen(&self) -> Screen {
        self.panes.screen()
    }

    /// Which bindings apply to the next key.
    pub fn context(&self) -> Context {
        if self.search.prompt().is_some() {
            return Context::Prompt;
        }
        match self.overlays.current() {
            Some(o) if matches!(o.kind, OverlayKind::Tags | OverlayKind::Feeds) => {
                return Context::Picker;
            }
            Some(o) if o.kind == OverlayKind::Links => return Context::Links,
            Some(o) if o.kind == OverlayKind::Facts => return Context::FactsOverlay,
            Some(_) => return Context::Overlay,
            None => {}
        }
        match self.panes.focus() {
            _ if self.panes.zen() => Context::Reader,
            Pane::List => Context::List,
            Pane::Reader => Context::Reader,
            Pane::Facts => Context::Facts,
        }
    }

    /// True once, after the state changed: the caller should save it.
    pub fn take_state_changes(&mut self) -> bool {
        self.marks.take_changes()
    }

    /// The next thing for the caller to do, if any.
    pub fn take_effect(&mut self) -> Option<Effect> {
        self.chrome.take_effect()
    }

    /// The session as it stands, for the state file.
    pub fn session(&self) -> Session {
        Session {
            // With nothing selected (a search that matches nothing), the
            // last place is kept rather than forgotten.
            article: self
                .selected_article()
                .map(|a| a.id().to_owned())
                .or_else(|| self.marks.state().session().article.clone()),
            reading: self.panes.focused() != Pane::List,
            paragraph: self.reader.paragraph(),
            sort: Some(self.list.sort().name().to_owned()),
            sidebar: Some(self.panes.sidebar()),
            unread_only: Some(self.list.filter().unread_only),
            one_line: Some(self.list.one_line()),
            folders: {
                let mut folders = self.marks.state().session().folders.clone();
                if let Some(dir) = self.library.origin.folder() {
                    folders.insert(
                        dir.display().to_string(),
                        crate::store::state::FolderView {
                            sort: Some(self.list.sort().name().to_owned()),
                            unread_only: Some(self.list.filter().unread_only),
                            one_line: Some(self.list.one_line()),
                        },
                    );
                }
                folders
            },
        }
    }

    /// The lines an overlay shows at `width` columns.
    pub fn overlay_lines(&self, kind: OverlayKind, width: usize) -> Vec<PanelLine> {
        match kind {
            OverlayKind::Help => panel_lines::help(&self.config.keys, width),
            OverlayKind::Facts => self.facts.panel(width).into_owned().lines,
            OverlayKind::Problems => panel_lines::problems(
                &self.library.problems,
                self.chrome.notices(),
                self.watching(),
                width,
            ),
            OverlayKind::Tags => panel_lines::tags(
                self.overlays.tags(),
                self.list.filter().tag.as_deref(),
                self.library.articles.len(),
                width,
            ),
            OverlayKind::Feeds => panel_lines::feeds(
                self.overlays.feeds(),
                self.list.filter().feed.as_ref(),
                width,
            ),
            OverlayKind::Links => match self.article() {
                Some(article) => panel_lines::links(&article.links, &article.enclosures, width),
                None => panel_lines::links(&[], &[], width),
            },
        }
    }

    // ----- the one place state changes -----

    /// Applies a user's action or news from the event loop.
    pub fn update(&mut self, message: impl Into<Message>) {
        let message = message.into();
        // What changes the feeds view's counts while it is open (refresh
        // news sees to it itself).
        let recount = matches!(
            message,
            Message::Checked(Ok(Some(_)))
                | Message::Reloaded(Ok(_))
                | Message::Subscriptions(Ok(_))
        );
        self.apply(message);
        if recount {
            self.relist_feeds();
        }
    }

    fn apply(&mut self, message: Message) {
        match message {
            Message::Action(action) => self.act(action),
            Message::Key(event) => self.key(event),
            Message::Reloaded(Ok(library)) => {
                self.reload(library);
                if let Some(summary) = self.refresh.take_reread() {
                    self.chrome.set_status(summary);
                }
            }
            Message::Reloaded(Err(e)) => {
                self.chrome
                    .set_status(format!("reload failed, nothing changed: {e}"));
            }
            Message::Progress {
                kind,
                generation,
                done,
            } => {
                if self.search.progress(kind, generation, done) {
                    self.rerun_waiting_search();
                    self.tell_again();
                }
            }
            Message::Saved { job, result } => self.saved(job, result),
            Message::Notice(message) => self.chrome.notify(message),
            Message::Status(message) => self.chrome.set_status(message),
            Message::OpenArticle(index) => self.open_article(index),
            Message::ArticleRead(read) => self.article_read(*read),
            Message::FactsFound(found) => self.facts_found(*found),
            Message::Refresh(news) => self.refresh_news(news),
            Message::Searched {
                generation,
                seq,
                outcome,
            } => self.searched(generation, seq, outcome),
            Message::StoreFailed {
                generation,
                message,
            } => self.store_failed(generation, &message),
            Message::Checked(result) => self.checked(result),
            Message::FolderChanged => self.folder_changed(),
            Message::Watching(how) => self.checks.watching = Some(how),
            Message::Subscriptions(Ok(feeds)) => {
                self.subscriptions = feeds;
                // The reader's header names the feed.
                self.reader.forget_layout();
                self.refresh_feed_title();
                self.relayout();
            }
            Message::Subscriptions(Err(e)) => self.chrome.notify(e),
            Message::Deleted(deleted) => self.deleted(*deleted),
            Message::Restored(restored) => self.restored(*restored),
        }
    }

    /// A key press, through the keymap in force.
    fn key(&mut self, event: ratatui::crossterm::event::KeyEvent) {
        use crate::keymap::Resolved;
        match self
            .config
            .keys
            .resolve(&self.pending_keys, &event, self.context())
        {
            Resolved::Action(action) => {
                self.pending_keys.clear();
                self.act(action);
            }
            Resolved::Pending => {
                self.pending_keys.push(event);
                let typed: Vec<String> = self
                    .pending_keys
                    .iter()
                    .map(|e| crate::keymap::Key::from_event(e).name())
                    .collect();
                self.chrome.set_status(format!("{}…", typed.join(" ")));
            }
            Resolved::Nothing => {
                if !self.pending_keys.is_empty() {
                    self.pending_keys.clear();
                    self.chrome.clear_status();
                }
            }
            Resolved::Ignored => {}
        }
    }

    fn act(&mut self, action: Action) {
        // A highlighted sentence stays until the next move; a status
        // message until the next key.
        if !matches!(
            action,
            Action::Resize(..) | Action::Jump | Action::Figures | Action::Tick
        ) {
            self.reader.clear_highlight();
            self.chrome.clear_status();
        }
        // The same wherever focus is: the size, time, and the mouse, which
        // acts on what is under it.
        match action {
            Action::Resize(width, height) => return self.resize(width, height),
            Action::Tick => return self.rerun_waiting_search(),
            Action::Click(x, y) => {
                return match self.overlays.current() {
                    Some(overlay) => self.click_overlay(overlay, x, y),
                    None => self.click(x, y),
                };
            }
            Action::Wheel(x, y, down) => {
                return match self.overlays.current() {
                    Some(overlay) => self.wheel_overlay(overlay, down),
                    None => self.wheel(x, y, down),
                };
            }
            _ => {}
        }
        if self.search.prompt().is_some() {
            return self.update_prompt(action);
        }
        if let Some(overlay) = self.overlays.current() {
            return self.update_overlay(overlay, action);
        }
        match action {
            Action::Quit => self.quit(),
            Action::Back => {
                if self.panes.zen() {
                    self.set_zen(false);
                } else {
                    self.set_focus(Pane::List);
                }
            }
            Action::Help => self.overlays.open(OverlayKind::Help),
            Action::FactsOverlay => self.overlays.open(OverlayKind::Facts),
            Action::Problems => self.overlays.open(OverlayKind::Problems),
            Action::Tags => self.open_tags(),
            Action::Feeds => self.open_feeds(),
            Action::Links => self.open_links(),
            Action::NextUnread => self.step_unread(true),
            Action::PrevUnread => self.step_unread(false),
            Action::Down => self.scroll(Scroll::By(1)),
            Action::Up => self.scroll(Scroll::By(-1)),
            Action::PageDown => self.scroll(Scroll::By(self.page())),
            Action::PageUp => self.scroll(Scroll::By(-self.page())),
            Action::Top => self.scroll(Scroll::Top),
            Action::Bottom => self.scroll(Scroll::Bottom),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusLeft => self.step_focus(-1),
            Action::FocusRight => self.step_focus(1),
            Action::Open => self.open_selected(),
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::Zen => self.set_zen(!self.panes.zen()),
            Action::ToggleRead | Action::ToggleStar | Action::MarkAllRead => self.mark_key(action),
            Action::Undo => self.undo(),
            Action::Delete => self.delete_selected(),
            Action::Search => self.open_prompt(),
            Action::ClearSearch => {
                if !self.list.filter().query.is_empty() {
                    self.set_query(String::new());
                } else if self.list.filter().feed.is_some() {
                    // Then the feed picked in the feeds view.
                    self.list.set_feed(None);
                    self.refilter();
                }
            }
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            Action::SearchFact => self.search_fact(),
            Action::UnreadOnly | Action::StarredOnly | Action::CycleSort | Action::ListLayout => {
                self.view_key(action);
            }
            Action::Sidebar => self.toggle_sidebar(),
            Action::OpenLink | Action::CopyLink => self.link(action),
            Action::Reload => self.chrome.push_effect(Effect::Reload),
            Action::Refresh => self.refresh_feeds(),
            Action::Jump => self.jump(),
            Action::Figures => self.toggle_figures(),
            Action::Resize(..)
            | Action::Tick
            | Action::Click(..)
            | Action::Wheel(..)
            | Action::Pick
            | Action::RefreshPicked
            | Action::Digit(_)
            | Action::Insert(_)
            | Action::DeleteBack
            | Action::DeleteWord
            | Action::ClearInput
            | Action::Accept
            | Action::Cancel => {}
        }
    }

    /// Keeps the session in the state (to be saved) and stops.
    fn quit(&mut self) {
        let session = self.session();
        self.marks.set_session(session);
        self.chrome.quit();
    }

    /// The selected article is opened in the reading pane.
    /// `H`: figure marks on or off, said in the footer (with no figures in
    /// the article, nothing on screen would change).
    pub(super) fn toggle_figures(&mut self) {
        self.reader.toggle_figures();
        let message = match (self.reader.figures_marked(), self.reader.figures_found()) {
            (false, _) => "figure marks off".to_owned(),
            (true, 0) => "figure marks on — this article has no figures to mark".to_owned(),
            (true, 1) => "figure marks on: 1 figure".to_owned(),
            (true, n) => format!("figure marks on: {n} figures"),
        };
        self.chrome.set_status(message);
    }

    fn open_selected(&mut self) {
        if self.current().is_some() {
            // The reading pane may say an article is gone: the one
            // selected now is shown instead.
            if self.reader.article().map(|a| a.id.as_str())
                != self.selected_article().map(|a| a.id())
            {
                self.show_new_article();
            }
            self.set_focus(Pane::Reader);
            self.mark_selected_read();
        }
    }

    fn link(&mut self, action: Action) {
        let Some(url) = self
            .selected_article()
            .and_then(|a| a.url().map(str::to_owned))
        else {
            self.chrome
                .set_status("this article has no link".to_owned());
            return;
        };
        self.chrome.push_effect(if action == Action::OpenLink {
            Effect::OpenLink(url)
        } else {
            Effect::Copy(url)
        });
    }

    /// The links overlay, for an article that has links.
    pub(super) fn open_links(&mut self) {
        if self.article().is_none() {
            return self.chrome.set_status("no article is open".to_owned());
        }
        if self.link_count() == 0 {
            let own = if self.selected_article().and_then(|a| a.url()).is_some() {
                " (o opens its own address)"
            } else {
                ""
            };
            return self
                .chrome
                .set_status(format!("this article has no links{own}"));
        }
        self.overlays.open(OverlayKind::Links);
    }

    /// The reader's header names the open article's feed by the name the
    /// feeds file gives it.
    pub(super) fn refresh_feed_title(&mut self) {
        let title = self
            .reader
            .article()
            .and_then(|a| a.feed.as_deref())
            .map(|url| self.feed_title(url).to_owned());
        self.reader.set_feed_title(title);
    }

    /// `n`/`N`: the next (or previous) unread article in the list, going
    /// round the end; the article read stays as it is.
    fn step_unread(&mut self, forward: bool) {
        let shown = self.list.shown();
        let len = shown.len();
        if len == 0 {
            return self.chrome.set_status("no articles shown".to_owned());
        }
        let from = self.list.selected();
        let found = (1..len).find_map(|step| {
            let at = if forward {
                (from + step) % len
            } else {
                (from + len - step) % len
            };
            let index = shown[at];
            let unread = self
                .library
                .articles
                .get(index)
                .is_some_and(|a| !self.marks.is_read(a.id()));
            unread.then_some(at)
        });
        let Some(target) = found else {
            return self.chrome.set_status(if self.is_read_at(from) {
                "no unread articles".to_owned()
            } else {
                "no other unread article".to_owned()
            });
        };
        let wrapped = if forward {
            target < from
        } else {
            target > from
        };
        self.reader.forget_restore();
        self.select(target);
        if self.panes.focused() != Pane::List {
            self.mark_selected_read();
        }
        if wrapped {
            self.chrome.set_status(if forward {
                "went round to the top for the next unread article".to_owned()
            } else {
                "went round to the end for the previous unread article".to_owned()
            });
        }
    }

    /// Whether the article at list position `position` is read.
    fn is_read_at(&self, position: usize) -> bool {
        self.list
            .shown()
            .get(position)
            .is_none_or(|&index| self.is_read(index))
    }

    fn open_article(&mut self, index: usize) {
        if index >= self.library.articles.len() {
            return;
        }
        self.open_article_in_list(index);
        if self.list.position_of(index).is_some() {
            self.update(Action::Open);
        }
    }

    /// The folder was read again: show the new articles, keeping the
    /// selected one, the sort, the filters and every mark. Returns the
    /// title of the article being read if it is no longer there.
    fn reload(&mut self, mut library: Library) -> Option<String> {
        self.trash.drop_stale(&mut library.articles);
        let id = self.selected_article().map(|a| a.id().to_owned());
        let was = self.selected_article().map(|a| (a.to_article(), a.file()));
        let position = self.list.selected();
        let top = self.reader.top();
        let awaited = self.awaited();
        self.library = library;
        self.marks.recount(&self.library.articles);
        self.facts.forget_cache();
        // Indices changed: the old indexes point at other articles.
        if let Some(job) = self.search.restart(&self.library.articles) {
            self.chrome.push_effect(Effect::Index(job));
        }
        if let Some(job) = self.search.store_job(&self.library.articles) {
            self.chrome.push_effect(Effect::Store(job));
        }
        self.list.reorder(&self.library.articles);
        // The article the reading pane said was gone is back (its file was
        // being rewritten): it is opened again where it was.
        let back = awaited
            .as_ref()
            .and_then(|gone| Some((self.library.position(gone.id())?, gone.top)));
        let keep = back
            .map(|(index, _)| index)
            .or_else(|| id.as_deref().and_then(|id| self.library.position(id)));
        self.refilter_keeping(keep);
        self.reader.forget_layout();
        self.refresh_article();
        // The same article still selected: the reader stays where it was
        // (a refresh or a check adds articles while one is being read).
        let same = id.is_some() && self.selected_article().map(|a| a.id().to_owned()) == id;
        match (back, awaited) {
            (Some((index, top)), _) if self.current() == Some(index) => {
                self.reader.keep_place(top);
                self.relayout();
            }
            (None, Some(gone)) => self.show_note(gone),
            _ if same => {
                self.reader.keep_place(top);
                self.relayout();
            }
            _ => {}
        }
        self.chrome.set_status(format!(
            "reloaded: {} articles",
            self.library.articles.len()
        ));
        let (article, file) = was.filter(|_| keep.is_none())?;
        // Gone: the list stays where it was rather than jumping to its top.
        if let Some(last) = self.list.shown().len().checked_sub(1) {
            self.select(position.min(last));
        }
        let title = article.title.clone();
        self.show_gone(article, &file, top);
        Some(title)
    }

    /// The saver's thread finished a save.
    fn saved(&mut self, job: SaveJob, result: Result<Option<String>, JobError>) {
        match result {
            Ok(notice) => {
                if let Some(notice) = notice {
                    self.chrome.notify_once(notice);
                }
            }
            Err(e) => {
                self.marks.give_back(job);
                // Saved whole by the loop, which asks for it by the
                // changes given back.
                if let JobError::State(e) = e {
                    self.chrome.notify_once(e.to_string());
                }
            }
        }
    }

    /// The selected article changed: recompute what is derived from it.
    fn refresh_article(&mut self) {
        self.stop_reading();
        if let Some(index) = self.current()
            && self.is_heavy(index)
        {
            self.start_reading(index);
            self.find_matches();
            self.relayout();
            return;
        }
        // The body is read now if the list has only the metadata. One that
        // cannot be read is shown as a message, which has no facts.
        let mut readable = false;
        let open = self
            .current()
            .and_then(|index| match self.library.articles.open(index) {
                Ok(article) => {
                    readable = true;
                    Some(article.into_owned())
                }
                Err(e) => unreadable_article(self.library.articles.get(index)?, &e),
            });
        // Facts are worked out once per article: going back to one is free.
        match (self.current(), &open) {
            (Some(index), Some(article)) if readable => {
                if !self.find_facts_later(index, article) {
                    self.facts.load(index, article);
                }
            }
            _ => self.facts.clear(),
        }
        self.reader.load(open, self.facts.figures());
        self.refresh_feed_title();
        self.find_matches();
        self.relayout();
    }

    /// The size or layout changed: re-wrap the article at the new width,
    /// keeping the same paragraph at the top, keep the list selection in
    /// view and the sidebar within its content.
    fn relayout(&mut self) {
        self.lay_out_facts_panels();
        self.keep_selection_visible();
        self.facts.clamp_top(self.facts_max_top());
        // A hidden reading pane (one-pane layout on the list) keeps the old
        // layout so the position is there when it comes back.
        self.reader.relayout(self.panes.screen().reader);
    }
}

/// How the folder `dir` was last shown. A session from before folders were
/// told apart (none recorded) gives its one view to every folder; after
/// that, a folder never shown starts from the defaults, not from another
/// folder's choices.
fn folder_view(
    session: &Session,
    dir: Option<&std::path::Path>,
) -> crate::store::state::FolderView {
    let last = || crate::store::state::FolderView {
        sort: session.sort.clone(),
        unread_only: session.unread_only,
        one_line: session.one_line,
    };
    match dir {
        Some(dir) if !session.folders.is_empty() => session
            .folders
            .get(&dir.display().to_string())
            .cloned()
            .unwrap_or_default(),
        _ => last(),
    }
}

/// The entries of a list sorted by paragraph that belong to `paragraph`.
fn in_paragraph(sorted: &[(usize, Range<usize>)], paragraph: usize) -> &[(usize, Range<usize>)] {
    let start = sorted.partition_point(|(p, _)| *p < paragraph);
    let end = sorted.partition_point(|(p, _)| *p <= paragraph);
    &sorted[start..end]
}

/// How far a movement key moves a cursor (facts, tags).
fn cursor_step(action: Action) -> Scroll {
    match action {
        Action::Down => Scroll::By(1),
        Action::Up => Scroll::By(-1),
        Action::PageDown => Scroll::By(5),
        Action::PageUp => Scroll::By(-5),
        Action::Top => Scroll::Top,
        _ => Scroll::Bottom,
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
