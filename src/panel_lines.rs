//! What the facts sidebar and the overlays say, as lines fitted to a width.
//! Plain text with a role per span and no terminal types, so `App` can count
//! lines to limit scrolling and the renderer only maps roles to styles.

use std::ops::Range;

use crate::article::{Enclosure, Problem, Severity};
use crate::facts::{FactGroup, FactKind, Origin};
use crate::keymap;
use crate::text;
use crate::view::{FeedFilter, FeedRow};

/// What a span of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading,
    Label,
    Value,
    Key,
    Text,
    Meta,
    Error,
    Warning,
}

/// One line of a panel; its spans together fit the width it was made for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PanelLine(pub Vec<(Role, String)>);

impl PanelLine {
    fn one(role: Role, text: String) -> Self {
        Self(vec![(role, text)])
    }

    /// The line's text, spans joined.
    pub fn text(&self) -> String {
        self.0.iter().map(|(_, s)| s.as_str()).collect()
    }
}

fn wrapped(role: Role, s: &str, width: usize, out: &mut Vec<PanelLine>) {
    out.extend(
        text::wrap(s, width)
            .into_iter()
            .map(|l| PanelLine::one(role, l)),
    );
}

/// Quotations are cut to this many columns in the sidebar; `--facts` and
/// the reading pane have them whole.
const QUOTE_CHARS: usize = 120;

/// The facts under their headings: each fact's label, then its value
/// indented; a blank line between groups. Also the lines each fact takes,
/// in sidebar order, for the cursor.
pub fn facts(groups: &[FactGroup], width: usize) -> (Vec<PanelLine>, Vec<Range<usize>>) {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    if groups.is_empty() {
        wrapped(Role::Meta, "No facts for this article.", width, &mut out);
        return (out, spans);
    }
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(PanelLine::default());
        }
        wrapped(Role::Heading, group.heading, width, &mut out);
        for fact in &group.facts {
            let first = out.len();
            if fact.verified == Some(false) {
                // A hand-written fact the text does not bear out.
                let label = format!("? {} (unverified)", fact.label);
                wrapped(Role::Warning, &label, width, &mut out);
            } else if !fact.label.is_empty() {
                wrapped(Role::Label, &fact.label, width, &mut out);
            }
            let value = if fact.kind == FactKind::Quote && fact.origin == Origin::Extracted {
                format!("“{}”", text::truncate(&fact.value, QUOTE_CHARS))
            } else {
                fact.value.clone()
            };
            for line in text::wrap(&value, width.saturating_sub(2)) {
                out.push(PanelLine::one(Role::Value, format!("  {line}")));
            }
            spans.push(first..out.len());
        }
    }
    (out, spans)
}

/// Every binding of the keymap in force, grouped by where it applies.
pub fn help(map: &keymap::Keymap, width: usize) -> Vec<PanelLine> {
    const KEYS_WIDTH: usize = 16;
    let mut out = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for row in map.rows() {
        let group = keymap::contexts_label(&row.contexts);
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(PanelLine::default());
        }
        wrapped(Role::Heading, &capitalise(group), width, &mut out);
        for row in map
            .rows()
            .iter()
            .filter(|r| keymap::contexts_label(&r.contexts) == *group)
        {
            let keys = text::pad(&keymap::row_keys_label(row), KEYS_WIDTH.min(width));
            let room = width.saturating_sub(KEYS_WIDTH + 1);
            let mut spans = vec![(Role::Key, keys)];
            if room > 0 {
                spans.push((
                    Role::Text,
                    format!(" {}", text::truncate(row.action.describe(), room)),
                ));
            }
            out.push(PanelLine(spans));
        }
    }
    out
}

/// The tag picker: "All articles", then each tag with its count; the tag in
/// force is marked. Row `i` is choice `i` (the cursor's row).
pub fn tags(
    tags: &[(String, usize)],
    active: Option<&str>,
    total: usize,
    width: usize,
) -> Vec<PanelLine> {
    let row = |name: &str, count: usize, on: bool| {
        let mark = if on { "● " } else { "  " };
        let count = format!(" {count}");
        let room = width.saturating_sub(2 + count.len());
        PanelLine(vec![
            (Role::Key, mark.to_owned()),
            (Role::Text, text::pad(&text::truncate(name, room), room)),
            (Role::Meta, count),
        ])
    };
    let mut out = vec![row("All articles", total, active.is_none())];
    for (name, count) in tags {
        let on = active.is_some_and(|a| a.to_lowercase() == name.to_lowercase());
        out.push(row(&format!("#{name}"), *count, on));
    }
    out
}

/// The feeds view: one line per row (row `i` is line `i`, the cursor's
/// row). Headings for the groups, each feed with `unread/total`, and the
/// feed in force marked.
pub fn feeds(rows: &[FeedRow], active: Option<&FeedFilter>, width: usize) -> Vec<PanelLine> {
    rows.iter()
        .map(|row| match row {
            FeedRow::Group(name) => {
                PanelLine::one(Role::Heading, text::fit(name, width).into_owned())
            }
            FeedRow::Note(note) => PanelLine::one(Role::Meta, text::fit(note, width).into_owned()),
            FeedRow::Feed {
                title,
                pick,
                unread,
                total,
                status,
            } => {
                let mark = if pick.as_ref() == active {
                    "● "
                } else {
                    "  "
                };
                let count = format!(" {unread}/{total}");
                let room = width.saturating_sub(2 + count.len());
                // The status (what changes while a refresh runs) takes
                // what the title leaves, the title keeping at least half.
                let title = text::clean(title);
                let title_width = unicode_width::UnicodeWidthStr::width(&*title);
                let status_room = room.saturating_sub(2 + title_width.min(room / 2));
                let said = status.as_ref().map_or_else(String::new, |s| {
                    text::truncate(&text::clean(&s.said), status_room).into_owned()
                });
                let said_width = unicode_width::UnicodeWidthStr::width(said.as_str());
                let title_room =
                    room.saturating_sub(if said.is_empty() { 0 } else { said_width + 2 });
                let mut line = vec![
                    (Role::Key, mark.to_owned()),
                    (
                        Role::Text,
                        text::pad(&text::truncate(&title, title_room), title_room),
                    ),
                ];
                if let Some(status) = status {
                    let role = if status.failed {
                        Role::Error
                    } else {
                        Role::Meta
                    };
                    line.push((Role::Text, "  ".to_owned()));
                    line.push((role, said));
                }
                line.push((if *unread > 0 { Role::Value } else { Role::Meta }, count));
                PanelLine(line)
            }
        })
        .collect()
}

/// The links overlay: `[n] address` for each link the text refers to, then
/// the enclosures numbered on (`[n] ▶ audio/mpeg · 12.0 MB address`). One line
/// per link, cut to the width, so row `i` is link `i + 1`.
pub fn links(links: &[String], enclosures: &[Enclosure], width: usize) -> Vec<PanelLine> {
    let mut out = Vec::new();
    if links.is_empty() && enclosures.is_empty() {
        wrapped(
            Role::Meta,
            "This article has no links (o opens its own address).",
            width,
            &mut out,
        );
        return out;
    }
    let numbers = (links.len() + enclosures.len()).to_string().len();
    let rows = links
        .iter()
        .map(|l| (String::new(), text::clean(l).into_owned()))
        .chain(enclosures.iter().map(|e| {
            let about = e.describe();
            let about = if about.is_empty() {
                "▶ ".to_owned()
            } else {
                format!("▶ {about} ")
            };
            (about, text::clean(&e.url).into_owned())
        }));
    for (i, (about, url)) in rows.enumerate() {
        let label = format!("[{:>numbers$}] ", i + 1);
        let rest = format!("{about}{url}");
        let room = width.saturating_sub(label.len());
        out.push(PanelLine(vec![
            (Role::Key, text::truncate(&label, width).into_owned()),
            (Role::Text, text::truncate(&rest, room).into_owned()),
        ]));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Notices, then every load problem as `file:line:column: message`.
pub fn problems(
    problems: &[Problem],
    notices: &[String],
    watching: Option<&str>,
    width: usize,
) -> Vec<PanelLine> {
    let mut out = Vec::new();
    if problems.is_empty() && notices.is_empty() {
        wrapped(Role::Meta, "Every file loaded cleanly.", width, &mut out);
    }
    for notice in notices {
        wrapped(Role::Warning, notice, width, &mut out);
    }
    for problem in problems {
        let role = match problem.severity {
            Severity::Error => Role::Error,
            Severity::Warning => Role::Warning,
        };
        wrapped(role, &problem.to_string(), width, &mut out);
    }
    // Why a change made elsewhere shows, or how soon.
    if let Some(how) = watching {
        let said = format!("Changes to the folder show as they happen: it is watched {how}.");
        wrapped(Role::Meta, &said, width, &mut out);
    }
    out
}
