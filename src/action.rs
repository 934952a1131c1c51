//! Everything the user can ask for. Keys map to these (see `keymap`), and
//! `App::update` is the one place that carries them out.

/// A request to change the application state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Quit gogai.
    Quit,
    /// Go back: close the overlay, leave distraction-free mode, return to the list.
    Back,
    /// Show or hide the help overlay.
    Help,
    /// Move down one row, or scroll down one line.
    Down,
    /// Move up one row, or scroll up one line.
    Up,
    /// Page down.
    PageDown,
    /// Page up.
    PageUp,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the pane to the left.
    FocusLeft,
    /// Focus the pane to the right.
    FocusRight,
    /// Open the selected article in the reading pane.
    Open,
    /// Open the next article.
    NextArticle,
    /// Open the previous article.
    PrevArticle,
    /// Toggle distraction-free reading (reading pane only).
    Zen,
    /// Show or hide the facts as an overlay (when the sidebar is folded away).
    FactsOverlay,
    /// List the files that were skipped or had warnings.
    Problems,
    /// Mark the selected article read or unread.
    ToggleRead,
    /// Star the selected article, or take the star off.
    ToggleStar,
    /// Mark every article in the list (as filtered) read.
    MarkAllRead,
    /// Undo the last marking (read, unread, star, mark all) or delete.
    Undo,
    /// Delete the selected article: its file goes to the trash (`u` puts it
    /// back).
    Delete,
    /// Open the search prompt.
    Search,
    /// Type a character into the prompt.
    Insert(char),
    /// Delete the character before the prompt's cursor.
    DeleteBack,
    /// Delete the word before the prompt's cursor.
    DeleteWord,
    /// Empty the prompt.
    ClearInput,
    /// Keep the search as a filter and close the prompt.
    Accept,
    /// Drop the search and close the prompt.
    Cancel,
    /// Drop the search kept as a filter.
    ClearSearch,
    /// Jump to the next match of the search in the open article.
    NextMatch,
    /// Jump to the previous match.
    PrevMatch,
    /// Go to the next unread article in the list (round to the top).
    NextUnread,
    /// Go to the previous unread article in the list (round to the end).
    PrevUnread,
    /// Show the feeds, grouped by tag, to pick one to read.
    Feeds,
    /// Show the article's links, to open one by its number.
    Links,
    /// A digit typed in the links overlay (part of a link's number).
    Digit(u8),
    /// Show every article that mentions the selected fact (a person, an
    /// organisation or a place).
    SearchFact,
    /// Show only unread articles, or all.
    UnreadOnly,
    /// The list one line per article, or two (title over source and date).
    ListLayout,
    /// Show only starred articles, or all.
    StarredOnly,
    /// Pick a tag to filter by.
    Tags,
    /// Sort by date, title or source (one step round).
    CycleSort,
    /// Show or hide the facts sidebar.
    Sidebar,
    /// Open the article's link in the browser.
    OpenLink,
    /// Copy the article's link to the clipboard (OSC 52).
    CopyLink,
    /// Read the folder again, keeping the selection.
    Reload,
    /// Refresh the subscribed feeds into the folder, in the background.
    Refresh,
    /// Refresh only the feed (feeds view) or the tag's feeds (tags) under
    /// the cursor.
    RefreshPicked,
    /// A mouse click at a column and row.
    Click(u16, u16),
    /// The mouse wheel at a column and row: down (true) or up.
    Wheel(u16, u16, bool),
    /// Show the selected fact's sentence in the reading pane.
    Jump,
    /// Take the row under the cursor (the tag picker).
    Pick,
    /// Mark figures in the body text, or stop marking them.
    Figures,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Time passed with no input (background work may have progressed).
    Tick,
}

/// The actions a key can be bound to, by the name the config file uses.
pub const BINDABLE: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("back", Action::Back),
    ("help", Action::Help),
    ("down", Action::Down),
    ("up", Action::Up),
    ("page_down", Action::PageDown),
    ("page_up", Action::PageUp),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("focus_next", Action::FocusNext),
    ("focus_prev", Action::FocusPrev),
    ("focus_left", Action::FocusLeft),
    ("focus_right", Action::FocusRight),
    ("open", Action::Open),
    ("next_article", Action::NextArticle),
    ("prev_article", Action::PrevArticle),
    ("zen", Action::Zen),
    ("facts_overlay", Action::FactsOverlay),
    ("problems", Action::Problems),
    ("toggle_read", Action::ToggleRead),
    ("toggle_star", Action::ToggleStar),
    ("mark_all_read", Action::MarkAllRead),
    ("undo", Action::Undo),
    ("delete", Action::Delete),
    ("search", Action::Search),
    ("delete_back", Action::DeleteBack),
    ("delete_word", Action::DeleteWord),
    ("clear_input", Action::ClearInput),
    ("accept", Action::Accept),
    ("cancel", Action::Cancel),
    ("clear_search", Action::ClearSearch),
    ("next_match", Action::NextMatch),
    ("prev_match", Action::PrevMatch),
    ("next_unread", Action::NextUnread),
    ("prev_unread", Action::PrevUnread),
    ("feeds", Action::Feeds),
    ("links", Action::Links),
    ("search_fact", Action::SearchFact),
    ("unread_only", Action::UnreadOnly),
    ("list_layout", Action::ListLayout),
    ("starred_only", Action::StarredOnly),
    ("tags", Action::Tags),
    ("cycle_sort", Action::CycleSort),
    ("sidebar", Action::Sidebar),
    ("open_link", Action::OpenLink),
    ("copy_link", Action::CopyLink),
    ("reload", Action::Reload),
    ("refresh", Action::Refresh),
    ("refresh_picked", Action::RefreshPicked),
    ("jump", Action::Jump),
    ("pick", Action::Pick),
    ("figures", Action::Figures),
];

impl Action {
    /// The action the config file calls `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        BINDABLE.iter().find(|(n, _)| *n == name).map(|&(_, a)| a)
    }

    /// The name the config file uses, for a bindable action.
    pub fn name(self) -> Option<&'static str> {
        BINDABLE.iter().find(|(_, a)| *a == self).map(|&(n, _)| n)
    }

    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::Back => "back: close overlay, leave zen, return to the list",
            Self::Help => "show or hide this help",
            Self::Down => "move down / scroll down",
            Self::Up => "move up / scroll up",
            Self::PageDown => "page down",
            Self::PageUp => "page up",
            Self::Top => "go to the top",
            Self::Bottom => "go to the bottom",
            Self::FocusNext => "focus the next pane",
            Self::FocusPrev => "focus the previous pane",
            Self::FocusLeft => "focus the pane to the left",
            Self::FocusRight => "focus the pane to the right",
            Self::Open => "open the selected article",
            Self::NextArticle => "next article",
            Self::PrevArticle => "previous article",
            Self::Zen => "distraction-free reading on/off",
            Self::FactsOverlay => "show the facts over the page",
            Self::Problems => "list skipped files and warnings",
            Self::ToggleRead => "mark read / unread",
            Self::ToggleStar => "star / unstar",
            Self::MarkAllRead => "mark every article shown as read",
            Self::Undo => "undo the last marking or delete",
            Self::Delete => "delete the article (its file goes to .gogai-trash/)",
            Self::Search => "search; also person: org: place: tag: has:quote",
            Self::Insert(_) => "type",
            Self::DeleteBack => "delete a character",
            Self::DeleteWord => "delete a word",
            Self::ClearInput => "clear the search",
            Self::Accept => "keep the search as a filter",
            Self::Cancel | Self::ClearSearch => "drop the search",
            Self::NextMatch => "next match in the article",
            Self::PrevMatch => "previous match in the article",
            Self::NextUnread => "next unread article (round to the top)",
            Self::PrevUnread => "previous unread article",
            Self::Feeds => "feeds by tag with unread counts: pick one to read",
            Self::Links => "the article's links by number: open one",
            Self::Digit(_) => "a link's number",
            Self::SearchFact => "every article naming this person, organisation, place",
            Self::UnreadOnly => "show unread only / all",
            Self::ListLayout => "the list one line per article / two (remembered)",
            Self::StarredOnly => "show starred only / all",
            Self::Tags => "filter by tag",
            Self::CycleSort => "sort by date, title or source",
            Self::Sidebar => "show / hide the facts sidebar",
            Self::OpenLink => "open the article's link in the browser",
            Self::CopyLink => "copy the article's link (OSC 52)",
            Self::Reload => "reload the folder",
            Self::Refresh => "refresh the subscribed feeds",
            Self::RefreshPicked => "refresh only the feed (or tag) under the cursor",
            Self::Click(..) => "mouse click",
            Self::Wheel(..) => "mouse wheel",
            Self::Jump => "show the fact's sentence in the article",
            Self::Pick => "take the row under the cursor",
            Self::Figures => "mark figures in the text on/off",
            Self::Resize(..) => "terminal resized",
            Self::Tick => "time passes",
        }
    }

    /// A word or two for the footer.
    pub fn short(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::Back => "back",
            Self::Help => "help",
            Self::Down | Self::Up => "move",
            Self::PageDown | Self::PageUp => "page",
            Self::Top | Self::Bottom => "top/end",
            Self::FocusNext | Self::FocusPrev | Self::FocusLeft | Self::FocusRight => "pane",
            Self::Open => "open",
            Self::NextArticle | Self::PrevArticle => "next/prev",
            Self::Zen => "zen",
            Self::FactsOverlay => "facts",
            Self::Problems => "problems",
            Self::ToggleRead => "read",
            Self::ToggleStar => "star",
            Self::MarkAllRead => "all read",
            Self::Undo => "undo",
            Self::Delete => "delete",
            Self::Search => "search",
            Self::Insert(_) | Self::DeleteBack | Self::DeleteWord => "edit",
            Self::ClearInput => "clear",
            Self::Accept => "keep",
            Self::Cancel => "cancel",
            Self::ClearSearch => "clear search",
            Self::NextMatch | Self::PrevMatch => "match",
            Self::NextUnread | Self::PrevUnread => "next unread",
            Self::Feeds => "feeds",
            Self::Links => "links",
            Self::Digit(_) => "number",
            Self::SearchFact => "articles with it",
            Self::UnreadOnly => "unread",
            Self::ListLayout => "layout",
            Self::StarredOnly => "starred",
            Self::Tags => "tags",
            Self::CycleSort => "sort",
            Self::Sidebar => "sidebar",
            Self::OpenLink => "open link",
            Self::CopyLink => "copy link",
            Self::Reload => "reload",
            Self::Refresh => "refresh feeds",
            Self::RefreshPicked => "refresh this",
            Self::Jump => "show in text",
            Self::Pick => "pick",
            Self::Figures => "figures",
            Self::Resize(..) | Self::Tick | Self::Click(..) | Self::Wheel(..) => "",
        }
    }
}
