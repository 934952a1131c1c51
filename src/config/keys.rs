//! `[keys]`: a preset, then bindings by context.
//!
//! ```toml
//! [keys]
//! preset = "newsboat"        # or keys = "newsboat" on its own
//! [keys.global]              # every context but the search prompt
//! help = ["?", "f1"]
//! [keys.list]
//! next_unread = ["n", "ctrl-n"]
//! top = "g g"                # a sequence
//! delete = "none"            # unbound
//! ```
//!
//! `[keys.global]` is applied first, so a context's own table wins over
//! it. Two actions on one key in one table is a conflict, reported at the
//! second: the first keeps the key.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::schema::{Ctx, shown};
use crate::action::Action;
use crate::keymap::{self, Context, Keymap, Sequence};

/// The presets `preset` may name.
pub const PRESETS: &[&str] = &["default", "newsboat"];

/// A key bound in one table so far: for conflicts.
struct Taken {
    context: Context,
    keys: Sequence,
    action: Action,
    line: usize,
}

pub(super) fn read(cx: &mut Ctx<'_>, value: &Spanned<DeValue<'_>>) -> Keymap {
    let table = match value.get_ref() {
        DeValue::String(_) => return preset(cx, value),
        DeValue::Table(table) => table,
        other => {
            cx.error(
                value.span(),
                format!(
                    "keys: expected a preset's name or a table ([keys]), found {}; the default keys are kept",
                    shown(other)
                ),
            );
            return Keymap::default();
        }
    };
    let mut map = table
        .get("preset")
        .map_or_else(Keymap::default, |v| preset(cx, v));
    if let Some(global) = table.get("global")
        && let Some(bindings) = cx.table("keys.global", global)
    {
        bind_table(cx, bindings, keymap::EVERYWHERE, "global", &mut map);
    }
    for (key, value) in entries(table) {
        let name = key.get_ref().as_ref();
        if name == "preset" || name == "global" {
            continue;
        }
        let Some(context) = keymap::CONTEXTS
            .into_iter()
            .find(|&c| keymap::context_name(c) == name)
        else {
            cx.warn(
                key.span(),
                format!(
                    "unknown key context [keys.{name}] (global, list, reader, facts, overlay, \
                     facts_overlay, prompt, picker, links); ignored"
                ),
            );
            continue;
        };
        if let Some(bindings) = cx.table(&format!("keys.{name}"), value) {
            bind_table(cx, bindings, &[context], name, &mut map);
        }
    }
    map
}

/// A table's entries in the order they come in the file (the table
/// itself keeps them by name).
fn entries<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut all: Vec<_> = table.iter().collect();
    all.sort_by_key(|(k, _)| k.span().start);
    all
}

fn preset(cx: &mut Ctx<'_>, value: &Spanned<DeValue<'_>>) -> Keymap {
    let expected = PRESETS
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    let name: Option<String> = cx.get("preset", value, &expected);
    match name.as_deref().map(keymap::preset) {
        Some(Some(map)) => map,
        Some(None) => {
            cx.error(
                value.span(),
                format!(
                    "preset: expected {expected}, found {}; the default keys are kept",
                    shown(value.get_ref())
                ),
            );
            Keymap::default()
        }
        None => Keymap::default(),
    }
}

fn bind_table(
    cx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    contexts: &[Context],
    table_name: &str,
    map: &mut Keymap,
) {
    let mut taken: Vec<Taken> = Vec::new();
    for (key, value) in entries(table) {
        let name = key.get_ref().as_ref();
        let Some(action) = Action::from_name(name) else {
            cx.warn(
                key.span(),
                format!(
                    "unknown action `{name}` in [keys.{table_name}] (the README lists them); ignored"
                ),
            );
            continue;
        };
        let Some(words) = strings(cx, name, value) else {
            continue;
        };
        let mut keys = Vec::new();
        let mut bad = false;
        for (text, span) in words {
            match keymap::parse_sequence(&text) {
                Ok(Some(seq)) => keys.push((seq, span)),
                Ok(None) => {}
                Err(why) => {
                    cx.error(span, format!("{name}: {why}; the action keeps its keys"));
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        let line = cx.line_of(key.span().start);
        let mut kept = Vec::new();
        for (seq, span) in keys {
            let clash = taken.iter().find(|t| {
                t.action != action
                    && contexts.contains(&t.context)
                    && t.keys.iter().zip(&seq).all(|(a, b)| a == b)
            });
            if let Some(clash) = clash {
                cx.error(
                    span,
                    format!(
                        "`{}` is bound to both {} (line {}) and {name} in [keys.{table_name}]; {} keeps it",
                        keymap::sequence_name(&seq),
                        clash.action.name().unwrap_or("?"),
                        clash.line,
                        clash.action.name().unwrap_or("?"),
                    ),
                );
                continue;
            }
            for &context in contexts {
                taken.push(Taken {
                    context,
                    keys: seq.clone(),
                    action,
                    line,
                });
            }
            kept.push(seq);
        }
        for &context in contexts {
            map.bind(context, action, kept.clone());
        }
    }
}

/// A string or a list of strings, each with its place.
fn strings(
    cx: &mut Ctx<'_>,
    name: &str,
    value: &Spanned<DeValue<'_>>,
) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    let expected = "a key, a list of keys, or \"none\"";
    match value.get_ref() {
        DeValue::String(s) => Some(vec![(s.to_string(), value.span())]),
        DeValue::Array(items) => items
            .iter()
            .map(|item| {
                cx.get::<String>(name, item, expected)
                    .map(|s| (s, item.span()))
            })
            .collect(),
        other => {
            cx.error(
                value.span(),
                format!(
                    "{name}: expected {expected}, found {}; the action keeps its keys",
                    shown(other)
                ),
            );
            None
        }
    }
}
