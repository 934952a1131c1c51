//! The one table from keys to actions. Dispatch, the footer and the help
//! overlay are all read from [`KEYMAP`], so documentation cannot drift from
//! behaviour.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;

/// Where the keyboard is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    List,
    Reader,
    Facts,
    /// An overlay (help, facts, problems) is open.
    Overlay,
}

/// A key and the modifiers that must be held (Shift is implied by the
/// character itself and never compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
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
    /// Shown in the footer when one of its contexts has focus.
    pub footer: bool,
}

use Context::{Facts, List, Overlay, Reader};

const EVERYWHERE: &[Context] = &[List, Reader, Facts, Overlay];
const PANES: &[Context] = &[List, Reader, Facts];

const fn bind(
    keys: &'static [Key],
    action: Action,
    contexts: &'static [Context],
    footer: bool,
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
    bind(&[ctrl('c')], Action::Quit, EVERYWHERE, false),
    bind(&[k('?')], Action::Help, EVERYWHERE, true),
    bind(&[k('q')], Action::Quit, &[List], true),
    bind(
        &[k('q'), code(KeyCode::Esc)],
        Action::Back,
        &[Reader, Facts, Overlay],
        true,
    ),
    bind(
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        EVERYWHERE,
        true,
    ),
    bind(&[k('k'), code(KeyCode::Up)], Action::Up, EVERYWHERE, false),
    bind(
        &[k(' '), code(KeyCode::PageDown)],
        Action::PageDown,
        EVERYWHERE,
        false,
    ),
    bind(
        &[k('b'), code(KeyCode::PageUp)],
        Action::PageUp,
        EVERYWHERE,
        false,
    ),
    bind(
        &[k('g'), code(KeyCode::Home)],
        Action::Top,
        EVERYWHERE,
        false,
    ),
    bind(
        &[k('G'), code(KeyCode::End)],
        Action::Bottom,
        EVERYWHERE,
        false,
    ),
    bind(&[code(KeyCode::Enter)], Action::Open, &[List], true),
    bind(
        &[code(KeyCode::Enter)],
        Action::Jump,
        &[Facts, Overlay],
        true,
    ),
    bind(&[k('J')], Action::NextArticle, EVERYWHERE, true),
    bind(&[k('K')], Action::PrevArticle, EVERYWHERE, false),
    bind(&[code(KeyCode::Tab)], Action::FocusNext, PANES, true),
    bind(&[code(KeyCode::BackTab)], Action::FocusPrev, PANES, false),
    bind(
        &[k('h'), code(KeyCode::Left)],
        Action::FocusLeft,
        PANES,
        false,
    ),
    bind(
        &[k('l'), code(KeyCode::Right)],
        Action::FocusRight,
        PANES,
        false,
    ),
    bind(&[k('N')], Action::ToggleRead, &[List, Reader], false),
    bind(&[k('z')], Action::Zen, PANES, true),
    bind(&[k('H')], Action::Figures, EVERYWHERE, false),
    bind(&[k('f')], Action::FactsOverlay, EVERYWHERE, true),
    bind(&[k('!')], Action::Problems, EVERYWHERE, false),
];

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
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
    KEYMAP
        .iter()
        .find(|b| b.contexts.contains(&context) && b.keys.iter().any(|key| key.matches(event)))
        .map(|b| b.action)
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
        .filter(|b| b.footer && b.contexts.contains(&context))
        .map(|b| {
            let keys = match b.action {
                Action::Down => "j/k".to_owned(),
                Action::NextArticle => "J/K".to_owned(),
                _ => b.keys.first().map(|k| k.name()).unwrap_or_default(),
            };
            (keys, b.action.short())
        })
        .collect()
}

/// Where a binding applies, in words, for the help overlay.
pub fn contexts_label(contexts: &[Context]) -> String {
    match contexts {
        c if c == EVERYWHERE => "everywhere".into(),
        c if c == PANES => "in any pane".into(),
        [List] => "in the list".into(),
        [Reader, Facts, Overlay] => "reader, facts, overlays".into(),
        [List, Reader] => "list and reader".into(),
        [Facts, Overlay] => "facts sidebar and facts overlay".into(),
        other => other
            .iter()
            .map(|c| format!("{c:?}").to_lowercase())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
