//! Named styles, so panes agree and a palette change is one edit.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Yellow;

pub const HEADER: Style = Style::new().fg(Color::Black).bg(ACCENT);
pub const HEADER_WARN: Style = Style::new()
    .fg(Color::Red)
    .bg(ACCENT)
    .add_modifier(Modifier::BOLD);
pub const FOOTER: Style = Style::new().fg(Color::Gray);
pub const FOOTER_KEY: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);

pub const BORDER: Style = Style::new().fg(Color::DarkGray);
pub const BORDER_FOCUSED: Style = Style::new().fg(ACCENT);
pub const PANE_TITLE: Style = Style::new().add_modifier(Modifier::BOLD);

pub const UNREAD_MARK: Style = Style::new().fg(ACCENT);
pub const UNREAD: Style = Style::new().add_modifier(Modifier::BOLD);
pub const READ: Style = Style::new().fg(Color::Gray);
pub const META: Style = Style::new().fg(Color::DarkGray);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const SELECTED_UNFOCUSED: Style = Style::new().bg(Color::DarkGray);

pub const TITLE: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);
pub const SUBTITLE: Style = Style::new().add_modifier(Modifier::ITALIC);
pub const BYLINE: Style = Style::new().fg(Color::Gray);
pub const TAGS: Style = Style::new().fg(Color::Cyan);
pub const BODY: Style = Style::new();
/// Preformatted text (code, tables), set apart from the prose.
pub const CODE: Style = Style::new().fg(Color::Green);
/// The continuation mark of a folded code line, and indents.
pub const FOLD_MARK: Style = Style::new().fg(Color::DarkGray);
/// The list of links after the text.
pub const LINKS: Style = Style::new().fg(Color::Gray);
/// A media file in the article's heading.
pub const ENCLOSURE: Style = Style::new().fg(Color::Cyan);
/// The sentence a fact came from, after Enter in the sidebar.
pub const HIGHLIGHT: Style = Style::new().fg(Color::Black).bg(ACCENT);
/// Figures found in the text.
pub const FIGURE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

pub const FACT_HEADING: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);
pub const FACT_LABEL: Style = Style::new().fg(Color::Gray);
pub const FACT_VALUE: Style = Style::new().add_modifier(Modifier::BOLD);

pub const OVERLAY_BORDER: Style = Style::new().fg(ACCENT);
pub const ERROR: Style = Style::new().fg(Color::Red);
pub const WARNING: Style = Style::new().fg(Color::Yellow);

/// A search match in the list and the reading pane.
pub const MATCH: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
/// The match `n`/`N` went to.
pub const MATCH_CURRENT: Style = Style::new()
    .fg(Color::Black)
    .bg(ACCENT)
    .add_modifier(Modifier::BOLD);
pub const STAR: Style = Style::new().fg(ACCENT);
pub const PROMPT: Style = Style::new().add_modifier(Modifier::BOLD);
pub const STATUS: Style = Style::new().fg(ACCENT);
