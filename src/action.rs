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
    /// Show the selected fact's sentence in the reading pane.
    Jump,
    /// Mark figures in the body text, or stop marking them.
    Figures,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
}

impl Action {
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
            Self::Jump => "show the fact's sentence in the article",
            Self::Figures => "mark figures in the text on/off",
            Self::Resize(..) => "terminal resized",
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
            Self::ToggleRead => "read/unread",
            Self::Jump => "show in text",
            Self::Figures => "figures",
            Self::Resize(..) => "",
        }
    }
}
