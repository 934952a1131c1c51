//! The one table from keys to actions. Dispatch, the footer and the help
//! overlay are all read from [`KEYMAP`], so documentation cannot drift from
//! behaviour.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;

mod table;

pub use table::{
    CONTEXTS, Keymap, NEWSBOAT, Resolved, Row, Sequence, context_name, parse_key, parse_sequence,
    preset, row_keys_label, sequence_name,
};

/// Where the keyboard is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    List,
    Reader,
    Facts,
    /// The help or the problems overlay is open.
    Overlay,
    /// The facts overlay is open (its cursor jumps and searches like the
    /// sidebar's).
    FactsOverlay,
    /// The search prompt is open: keys type.
    Prompt,
    /// A list to pick from (the tags, the feeds) is open over the panes.
    Picker,
    /// The article's links are listed over the panes: digits pick one.
    Links,
}

/// A key and the modifiers that must be held (Shift is implied by the
/// character itself and never compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

pub(crate) const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// One row of the keymap.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// Where it applies.
    pub contexts: &'static [Context],
    /// How the footer shows it when one of its contexts has focus (a key
    /// pair such as "j/k" stands for two rows).
    pub footer: Option<&'static str>,
}

use Context::{Facts, FactsOverlay, Links, List, Overlay, Picker, Prompt, Reader};

pub(crate) const EVERYWHERE: &[Context] =
    &[List, Reader, Facts, Overlay, FactsOverlay, Picker, Links];
pub(crate) const PANES: &[Context] = &[List, Reader, Facts];
const ALWAYS: &[Context] = &[
    List,
    Reader,
    Facts,
    Overlay,
    FactsOverlay,
    Picker,
    Links,
    Prompt,
];
/// Where the keyboard goes back with `q`/`Esc`.
const BACK: &[Context] = &[Reader, Facts, Overlay, FactsOverlay, Picker, Links];

const fn bind(
    keys: &'static [Key],
    action: Action,
    contexts: &'static [Context],
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        action,
        contexts,
        footer,
    }
}

/// Every key gogai knows. Earlier rows win when two could apply.
pub static KEYMAP: &[Binding] = &[
    bind(&[ctrl('c')], Action::Quit, ALWAYS, None),
    bind(&[k('?')], Action::Help, EVERYWHERE, Some("?")),
    bind(&[k('q')], Action::Quit, &[List], Some("q")),
    bind(&[code(KeyCode::Esc)], Action::ClearSearch, &[List], None),
    bind(&[k('q'), code(KeyCode::Esc)], Action::Back, BACK, Some("q")),
    bind(
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        EVERYWHERE,
        Some("j/k"),
    ),
    bind(&[k('k'), code(KeyCode::Up)], Action::Up, EVERYWHERE, None),
    bind(
        &[k(' '), code(KeyCode::PageDown)],
        Action::PageDown,
        EVERYWHERE,
        None,
    ),
    bind(
        &[k('b'), code(KeyCode::PageUp)],
        Action::PageUp,
        EVERYWHERE,
        None,
    ),
    bind(
        &[k('g'), code(KeyCode::Home)],
        Action::Top,
        EVERYWHERE,
        None,
    ),
    bind(
        &[k('G'), code(KeyCode::End)],
        Action::Bottom,
        EVERYWHERE,
        None,
    ),
    bind(
        &[code(KeyCode::Enter)],
        Action::Open,
        &[List],
        Some("Enter"),
    ),
    bind(
        &[code(KeyCode::Enter)],
        Action::Jump,
        &[Facts, FactsOverlay],
        Some("Enter"),
    ),
    bind(
        &[code(KeyCode::Enter)],
        Action::Pick,
        &[Picker, Links],
        Some("Enter"),
    ),
    bind(&[k('J')], Action::NextArticle, EVERYWHERE, Some("J/K")),
    bind(&[k('K')], Action::PrevArticle, EVERYWHERE, None),
    bind(&[code(KeyCode::Tab)], Action::FocusNext, PANES, Some("Tab")),
    bind(&[code(KeyCode::BackTab)], Action::FocusPrev, PANES, None),
    bind(
        &[k('h'), code(KeyCode::Left)],
        Action::FocusLeft,
        PANES,
        None,
    ),
    bind(
        &[k('l'), code(KeyCode::Right)],
        Action::FocusRight,
        PANES,
        None,
    ),
    bind(&[k('/')], Action::Search, PANES, Some("/")),
    bind(&[k(']')], Action::NextMatch, PANES, None),
    bind(&[k('[')], Action::PrevMatch, PANES, None),
    bind(
        &[k('*')],
        Action::SearchFact,
        &[Facts, FactsOverlay],
        Some("*"),
    ),
    bind(&[k('m')], Action::ToggleRead, &[List, Reader], Some("m")),
    bind(&[k('s')], Action::ToggleStar, &[List, Reader], Some("s")),
    // `n` is newsboat's next-unread key, (so the search's matches are on brackets).
    bind(&[k('n')], Action::NextUnread, PANES, None),
    bind(&[k('N'), k('p')], Action::PrevUnread, PANES, None),
    bind(&[k('A')], Action::MarkAllRead, &[List], None),
    bind(&[k('u')], Action::Undo, PANES, None),
    bind(&[k('d')], Action::Delete, &[List, Reader], None),
    bind(&[k('U')], Action::UnreadOnly, PANES, None),
    bind(&[k('V')], Action::ListLayout, PANES, None),
    bind(&[k('S')], Action::StarredOnly, PANES, None),
    bind(&[k('t')], Action::Tags, PANES, None),
    bind(&[k('O')], Action::CycleSort, PANES, None),
    bind(&[k('v')], Action::Feeds, EVERYWHERE, None),
    bind(&[k('L')], Action::Links, EVERYWHERE, None),
    bind(&[k('o')], Action::OpenLink, PANES, None),
    bind(&[k('y')], Action::CopyLink, PANES, None),
    bind(&[k('r')], Action::Reload, PANES, None),
    bind(&[k('R')], Action::Refresh, PANES, None),
    bind(&[k('R')], Action::RefreshPicked, &[Picker], None),
    bind(&[k('z')], Action::Zen, PANES, Some("z")),
    bind(&[k('F')], Action::Sidebar, PANES, None),
    bind(&[k('H')], Action::Figures, EVERYWHERE, None),
    bind(&[k('f')], Action::FactsOverlay, EVERYWHERE, Some("f")),
    bind(&[k('!')], Action::Problems, EVERYWHERE, None),
    // While searching, printable keys type (see `action_for`); these are
    // the keys that do something else.
    bind(
        &[code(KeyCode::Enter)],
        Action::Accept,
        &[Prompt],
        Some("Enter"),
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Cancel,
        &[Prompt],
        Some("Esc"),
    ),
    bind(&[code(KeyCode::Down)], Action::Down, &[Prompt], Some("↓/↑")),
    bind(&[code(KeyCode::Up)], Action::Up, &[Prompt], None),
    bind(
        &[code(KeyCode::Backspace)],
        Action::DeleteBack,
        &[Prompt],
        None,
    ),
    bind(&[ctrl('w')], Action::DeleteWord, &[Prompt], None),
    bind(&[ctrl('u')], Action::ClearInput, &[Prompt], Some("Ctrl-U")),
];

impl Key {
    pub fn matches(self, event: &KeyEvent) -> bool {
        let has_ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if has_ctrl != self.ctrl || event.modifiers.contains(KeyModifiers::ALT) {
            return false;
        }
        match (self.code, event.code) {
            // Terminals differ in whether Ctrl-C arrives as 'c' or 'C'.
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }

    /// The key an event is (for showing a sequence being typed).
    pub fn from_event(event: &KeyEvent) -> Self {
        Self {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the key is written in help and footer.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            other => other.to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// The action a key press asks for in this context, if any. Key releases
/// are ignored (terminals that report them would otherwise act twice).
pub fn action_for(event: &KeyEvent, context: Context) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let bound = KEYMAP
        .iter()
        .find(|b| b.contexts.contains(&context) && b.keys.iter().any(|key| key.matches(event)))
        .map(|b| b.action);
    match (bound, event.code) {
        (None, KeyCode::Char(c @ '0'..='9'))
            if context == Context::Links
                && !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            // `c` is an ASCII digit: its value fits a byte.
            Some(Action::Digit(c as u8 - b'0'))
        }
        (None, KeyCode::Char(c))
            if context == Context::Prompt
                && !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Insert(c))
        }
        _ => bound,
    }
}

/// The keys of a binding joined for display: `j/↓`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join("/")
}

/// `(keys, words)` pairs for the footer in this context.
pub fn footer(context: Context) -> Vec<(String, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .filter_map(|b| Some((b.footer?.to_owned(), b.action.short())))
        .collect()
}

/// Where a binding applies, in words, for the help overlay.
pub fn contexts_label(contexts: &[Context]) -> String {
    match contexts {
        c if c == EVERYWHERE || c == ALWAYS => "everywhere".into(),
        [Prompt] => "while searching (other keys type)".into(),
        [List] => "in the list".into(),
        [Facts, FactsOverlay] => "facts sidebar and facts overlay".into(),
        c if c == PANES => "in any pane".into(),
        c if c == BACK => "reader, facts, overlays".into(),
        [Reader] => "in the reader".into(),
        [Facts] => "in the facts sidebar".into(),
        [Picker] => "in the tag and feed pickers".into(),
        [Picker, Links] => "in the pickers and the links overlay (digits: a link's number)".into(),
        [List, Reader] => "list and reader".into(),
        other => other
            .iter()
            .map(|c| format!("{c:?}").to_lowercase())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
