//! The keymap in force: [`KEYMAP`](super::KEYMAP) as data, with a preset
//! and the user's bindings from the config file applied. Dispatch (with
//! key sequences such as `g g`), the footer and the help overlay all read
//! this one table.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Context, KEYMAP, Key};
use crate::action::Action;

/// Keys pressed one after another: `g g` is two.
pub type Sequence = Vec<Key>;

/// One row of the keymap in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub keys: Vec<Sequence>,
    pub action: Action,
    pub contexts: Vec<Context>,
    /// Shown in the footer when one of its contexts has focus.
    pub footer: bool,
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    rows: Vec<Row>,
}

/// What a key press comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The start of a sequence: wait for the next key.
    Pending,
    /// Bound to nothing here: any sequence begun is dropped.
    Nothing,
    /// A key release: changes nothing.
    Ignored,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            rows: KEYMAP
                .iter()
                .map(|b| Row {
                    keys: b.keys.iter().map(|&k| vec![k]).collect(),
                    action: b.action,
                    contexts: b.contexts.to_vec(),
                    footer: b.footer.is_some(),
                })
                .collect(),
        }
    }
}

/// The footer shows these as pairs: `j/k move`.
const PAIRS: &[(Action, Action)] = &[
    (Action::Down, Action::Up),
    (Action::NextArticle, Action::PrevArticle),
];

/// Whether one sequence is the other or begins it: both cannot be bound
/// in one context (the shorter would always win).
fn overlaps(a: &[Key], b: &[Key]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

impl Keymap {
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// `action` in `context` is on `keys` from now on (none: unbound
    /// there). The keys are taken from whatever else had them in that
    /// context: the later binding wins.
    pub fn bind(&mut self, context: Context, action: Action, keys: Vec<Sequence>) {
        let mut at = None;
        let mut footer = false;
        let mut split = Vec::new();
        for (i, row) in self.rows.iter_mut().enumerate() {
            if !row.contexts.contains(&context) {
                continue;
            }
            if row.action == action {
                at.get_or_insert(i);
                footer |= row.footer;
                row.contexts.retain(|&c| c != context);
                continue;
            }
            if row
                .keys
                .iter()
                .any(|seq| keys.iter().any(|k| overlaps(seq, k)))
            {
                // The row keeps its other keys in this context.
                let kept: Vec<Sequence> = row
                    .keys
                    .iter()
                    .filter(|seq| !keys.iter().any(|k| overlaps(seq, k)))
                    .cloned()
                    .collect();
                row.contexts.retain(|&c| c != context);
                split.push((
                    i,
                    Row {
                        keys: kept,
                        action: row.action,
                        contexts: vec![context],
                        footer: row.footer,
                    },
                ));
            }
        }
        // Inserted from the back so earlier indices stay right; each new
        // row goes where its old one was, keeping the footer's order.
        let mut inserts = split;
        inserts.push((
            at.unwrap_or(self.rows.len()),
            Row {
                keys,
                action,
                contexts: vec![context],
                footer,
            },
        ));
        inserts.sort_by_key(|(i, _)| *i);
        for (i, row) in inserts.into_iter().rev() {
            self.rows.insert(i, row);
        }
        self.rows
            .retain(|r| !r.contexts.is_empty() && !r.keys.is_empty());
    }

    /// What `event` does in `context` after the keys `pending` (the start
    /// of a sequence, if any).
    pub fn resolve(&self, pending: &[KeyEvent], event: &KeyEvent, context: Context) -> Resolved {
        if event.kind == KeyEventKind::Release {
            return Resolved::Ignored;
        }
        let pressed: Vec<&KeyEvent> = pending.iter().chain([event]).collect();
        let matches = |seq: &[Key], n: usize| {
            seq.len() >= n && seq.iter().zip(&pressed).all(|(k, e)| k.matches(e))
        };
        let rows = || self.rows.iter().filter(|r| r.contexts.contains(&context));
        if let Some(row) = rows().find(|r| {
            r.keys
                .iter()
                .any(|s| s.len() == pressed.len() && matches(s, pressed.len()))
        }) {
            return Resolved::Action(row.action);
        }
        if rows().any(|r| r.keys.iter().any(|s| matches(s, pressed.len()))) {
            return Resolved::Pending;
        }
        if !pending.is_empty() {
            // Not a sequence after all: the key counts on its own.
            return self.resolve(&[], event, context);
        }
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match event.code {
            KeyCode::Char(c @ '0'..='9') if context == Context::Links && plain => {
                // `c` is an ASCII digit: its value fits a byte.
                Resolved::Action(Action::Digit(c as u8 - b'0'))
            }
            KeyCode::Char(c) if context == Context::Prompt && plain => {
                Resolved::Action(Action::Insert(c))
            }
            _ => Resolved::Nothing,
        }
    }

    /// The first key (sequence) of `action` in `context`, as shown.
    fn first_key(&self, action: Action, context: Context) -> Option<String> {
        self.rows
            .iter()
            .filter(|r| r.action == action && r.contexts.contains(&context))
            .find_map(|r| r.keys.first())
            .map(|seq| sequence_name(seq))
    }

    /// `(keys, words)` pairs for the footer in this context.
    pub fn footer(&self, context: Context) -> Vec<(String, &'static str)> {
        self.rows
            .iter()
            .filter(|r| r.footer && r.contexts.contains(&context))
            .filter_map(|r| {
                let mut keys = sequence_name(r.keys.first()?);
                if let Some(&(_, partner)) = PAIRS.iter().find(|(a, _)| *a == r.action)
                    && let Some(other) = self.first_key(partner, context)
                {
                    keys = format!("{keys}/{other}");
                }
                Some((keys, r.action.short()))
            })
            .collect()
    }
}

/// `g g`, `Ctrl-N`: a sequence as help and the footer show it.
pub fn sequence_name(seq: &[Key]) -> String {
    seq.iter().map(|k| k.name()).collect::<Vec<_>>().join(" ")
}

/// The keys of a row joined for display: `j/↓`.
pub fn row_keys_label(row: &Row) -> String {
    row.keys
        .iter()
        .map(|s| sequence_name(s))
        .collect::<Vec<_>>()
        .join("/")
}

/// A key as the config file writes it: `n`, `N`, `ctrl-n`, `enter`,
/// `space`, `pagedown`, `f5` …; named keys in any case.
pub fn parse_key(word: &str) -> Result<Key, String> {
    let (ctrl, rest) = match word.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("ctrl-") && word.len() > 5 => {
            (true, &word[5..])
        }
        _ => (false, word),
    };
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let c = if ctrl { c.to_ascii_lowercase() } else { c };
        return Ok(Key {
            code: KeyCode::Char(c),
            ctrl,
        });
    }
    let lower = rest.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "shift-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
            KeyCode::F(f[1..].parse().unwrap_or(1))
        }
        _ => {
            return Err(format!(
                "`{word}` is not a key (a character, ctrl-x, enter, esc, tab, space, \
                 backspace, up, down, left, right, home, end, pageup, pagedown, f1–f12)"
            ));
        }
    };
    Ok(Key { code, ctrl })
}

/// `"g g"` → two keys; `"none"` or `""` → nothing.
pub fn parse_sequence(text: &str) -> Result<Option<Sequence>, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || (words.len() == 1 && words[0].eq_ignore_ascii_case("none")) {
        return Ok(None);
    }
    words
        .into_iter()
        .map(parse_key)
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A context's name in the config file (`[keys.list]`).
pub fn context_name(context: Context) -> &'static str {
    match context {
        Context::List => "list",
        Context::Reader => "reader",
        Context::Facts => "facts",
        Context::Overlay => "overlay",
        Context::FactsOverlay => "facts_overlay",
        Context::Prompt => "prompt",
        Context::Picker => "picker",
        Context::Links => "links",
    }
}

/// Every context, in the order the config file's tables are listed.
pub const CONTEXTS: [Context; 8] = [
    Context::List,
    Context::Reader,
    Context::Facts,
    Context::Overlay,
    Context::FactsOverlay,
    Context::Prompt,
    Context::Picker,
    Context::Links,
];

/// newsboat's well-known keys where they differ from gogai's, as
/// `(context, action, keys)` bound over the default table: `n`/`p` next
/// and previous unread, `N` toggles read, `u` lists the links (so undo
/// moves to `Ctrl-Z`), `D` deletes, `Q` quits from anywhere, and `g`
/// sorts (top and bottom stay on `Home`/`End`).
pub const NEWSBOAT: &[(&str, Action, &[&str])] = &[
    ("panes", Action::PrevUnread, &["p"]),
    ("list_reader", Action::ToggleRead, &["N", "m"]),
    ("everywhere", Action::Links, &["u", "L"]),
    ("panes", Action::Undo, &["ctrl-z"]),
    ("list_reader", Action::Delete, &["D", "d"]),
    ("everywhere", Action::Top, &["home"]),
    ("everywhere", Action::Bottom, &["end"]),
    ("panes", Action::CycleSort, &["g", "O"]),
    ("list", Action::Quit, &["q", "Q"]),
];

/// The preset named `name`, if there is one.
pub fn preset(name: &str) -> Option<Keymap> {
    let mut map = Keymap::default();
    match name {
        "default" => {}
        "newsboat" => {
            for &(group, action, keys) in NEWSBOAT {
                let contexts: &[Context] = match group {
                    "panes" => super::PANES,
                    "list_reader" => &[Context::List, Context::Reader],
                    "list" => &[Context::List],
                    _ => super::EVERYWHERE,
                };
                let seqs: Vec<Sequence> = keys
                    .iter()
                    .filter_map(|k| parse_key(k).ok().map(|k| vec![k]))
                    .collect();
                for &context in contexts {
                    map.bind(context, action, seqs.clone());
                }
            }
        }
        _ => return None,
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::{CONTEXTS, Keymap, Resolved, parse_sequence, preset};
    use crate::action::Action;
    use crate::keymap::{Context, footer};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_default_table_reads_as_the_static_one() {
        let map = Keymap::default();
        for context in CONTEXTS {
            assert_eq!(map.footer(context), footer(context), "{context:?}");
            for c in ['j', 'n', 'q', 'g', '7', 'x'] {
                let expected = crate::keymap::action_for(&key(c), context);
                let got = match map.resolve(&[], &key(c), context) {
                    Resolved::Action(a) => Some(a),
                    _ => None,
                };
                assert_eq!(got, expected, "{c} in {context:?}");
            }
        }
    }

    #[test]
    fn a_sequence_waits_for_its_second_key_and_a_stray_key_counts_alone() {
        let mut map = Keymap::default();
        let gg = parse_sequence("g g").unwrap().unwrap();
        map.bind(Context::List, Action::Top, vec![gg]);
        assert_eq!(
            map.resolve(&[], &key('g'), Context::List),
            Resolved::Pending
        );
        assert_eq!(
            map.resolve(&[key('g')], &key('g'), Context::List),
            Resolved::Action(Action::Top)
        );
        assert_eq!(
            map.resolve(&[key('g')], &key('j'), Context::List),
            Resolved::Action(Action::Down)
        );
        // Elsewhere `g` is still top on its own.
        assert_eq!(
            map.resolve(&[], &key('g'), Context::Reader),
            Resolved::Action(Action::Top)
        );
    }

    #[test]
    fn a_key_bound_to_another_action_leaves_the_old_one() {
        let mut map = Keymap::default();
        map.bind(
            Context::List,
            Action::Reload,
            vec![vec![crate::keymap::k('j')]],
        );
        assert_eq!(
            map.resolve(&[], &key('j'), Context::List),
            Resolved::Action(Action::Reload)
        );
        // Down keeps its arrow in the list, and `j` elsewhere.
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(
            map.resolve(&[], &down, Context::List),
            Resolved::Action(Action::Down)
        );
        assert_eq!(
            map.resolve(&[], &key('j'), Context::Reader),
            Resolved::Action(Action::Down)
        );
        // Unbinding takes the action off its keys.
        map.bind(Context::List, Action::Reload, Vec::new());
        assert_eq!(
            map.resolve(&[], &key('j'), Context::List),
            Resolved::Nothing
        );
    }

    #[test]
    fn the_newsboat_preset_has_newsboats_keys() {
        let map = preset("newsboat").unwrap();
        let act = |c, context| map.resolve(&[], &key(c), context);
        assert_eq!(
            act('n', Context::List),
            Resolved::Action(Action::NextUnread)
        );
        assert_eq!(
            act('p', Context::List),
            Resolved::Action(Action::PrevUnread)
        );
        assert_eq!(
            act('N', Context::Reader),
            Resolved::Action(Action::ToggleRead)
        );
        assert_eq!(act('u', Context::Reader), Resolved::Action(Action::Links));
        assert_eq!(act('D', Context::List), Resolved::Action(Action::Delete));
        assert_eq!(act('g', Context::List), Resolved::Action(Action::CycleSort));
        assert_eq!(act('Q', Context::List), Resolved::Action(Action::Quit));
        assert_eq!(act('o', Context::List), Resolved::Action(Action::OpenLink));
        assert!(preset("vim").is_none());
    }
}
