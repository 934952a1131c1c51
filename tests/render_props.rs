//! Any library, any terminal size, any sequence of actions: the app never
//! panics, draws exactly its area with no control character in a cell and no
//! broken border, and keeps its selection and scroll positions in range.
//! And `text::wrap` keeps every character of what it is given, in order,
//! in lines that fit.
//!
//! 64 cases per property by default; `PROPTEST_CASES=1000 cargo test --test
//! render_props` runs more. Failures are not saved to a regressions file:
//! proptest prints the smallest failing input instead.

mod common;

use common::{dump, frame_problems, library_of};
use gogai::action::Action;
use gogai::app::{App, Effect, Message};
use gogai::store::library::Library;
use gogai::store::state::ReadState;
use proptest::prelude::*;
use proptest::test_runner::Config;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Bytes that terminals act on, text that hides or reorders, and text that
/// is hard to measure.
const HOSTILE: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}[0m",
    "\u{1b}[2J",
    "\u{1b}[10;20H",
    "\u{1b}[5A",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{1b}]8;;https://evil.example/\u{1b}\\",
    "\u{1b}",
    "\u{0}",
    "\u{7}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{7f}",
    "\u{80}",
    "\u{85}",
    "\u{9b}",
    "\u{9d}",
    "\u{9f}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{200f}",
    "\u{200b}",
    "\u{2060}",
    "\u{feff}",
    "\u{2028}",
    "e\u{301}",
    "a\u{300}\u{301}\u{302}\u{303}\u{304}",
    "\u{301}",
    "👩\u{200d}👩\u{200d}👧",
    "🇯🇵",
    "🇯",
    "❤\u{fe0f}",
    "#\u{fe0f}\u{20e3}",
    "👍🏽",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "\u{3000}",
    "\u{a0}",
    "日本語",
    "マイクロソフト",
    "“",
    "$2.9 billion",
    "Tokyo",
    "said",
];

/// A piece of text: words, CJK, hostile snippets, any characters at all.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,10}",
        2 => Just(" ".to_owned()),
        3 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => "[\u{3040}-\u{30ff}\u{4e00}-\u{4e80}]{1,12}",
        1 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 1..6)
            .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn text(pieces: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), pieces).prop_map(|pieces| pieces.concat())
}

/// A paragraph: a few pieces, or a run of them repeated into a long one
/// (a few thousand characters, possibly with no space).
fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(0..30),
        1 => (text(1..4), 1..600usize).prop_map(|(s, n)| s.repeat(n)),
    ]
}

#[derive(Debug, Clone)]
struct Spec {
    title: String,
    subtitle: Option<String>,
    source: Option<String>,
    tags: Vec<String>,
    body: Vec<String>,
    /// The body as one string (paragraphs at blank lines), not an array.
    body_as_text: bool,
    day: Option<u8>,
}

fn article() -> impl Strategy<Value = Spec> {
    (
        text(1..8),
        prop::option::of(text(1..8)),
        prop::option::of(text(1..4)),
        prop::collection::vec(text(1..3), 0..4),
        prop::collection::vec(paragraph(), 0..=5),
        any::<bool>(),
        prop::option::of(1..=28u8),
    )
        .prop_map(
            |(title, subtitle, source, tags, body, body_as_text, day)| Spec {
                title,
                subtitle,
                source,
                tags,
                body,
                body_as_text,
                day,
            },
        )
}

fn library(specs: &[Spec]) -> Library {
    let articles: Vec<serde_json::Value> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let mut json = serde_json::json!({
                "id": format!("p{i}"),
                "title": spec.title,
                "tags": spec.tags,
                "body": if spec.body_as_text {
                    serde_json::Value::from(spec.body.join("\n\n"))
                } else {
                    serde_json::Value::from(spec.body.clone())
                },
            });
            let fields = [
                ("subtitle", spec.subtitle.clone()),
                ("source", spec.source.clone()),
                ("published", spec.day.map(|d| format!("2024-05-{d:02}"))),
            ];
            for (key, value) in fields {
                if let Some(value) = value {
                    json[key] = serde_json::Value::from(value);
                }
            }
            json
        })
        .collect();
    library_of(&articles)
}

/// Every action except those carrying data.
const PLAIN: &[Action] = &[
    Action::Quit,
    Action::Back,
    Action::Help,
    Action::Down,
    Action::Up,
    Action::PageDown,
    Action::PageUp,
    Action::Top,
    Action::Bottom,
    Action::FocusNext,
    Action::FocusPrev,
    Action::FocusLeft,
    Action::FocusRight,
    Action::Open,
    Action::NextArticle,
    Action::PrevArticle,
    Action::Zen,
    Action::FactsOverlay,
    Action::Problems,
    Action::ToggleRead,
    Action::ToggleStar,
    Action::MarkAllRead,
    Action::Undo,
    Action::Delete,
    Action::Search,
    Action::DeleteBack,
    Action::DeleteWord,
    Action::ClearInput,
    Action::Accept,
    Action::Cancel,
    Action::ClearSearch,
    Action::NextMatch,
    Action::PrevMatch,
    Action::SearchFact,
    Action::UnreadOnly,
    Action::ListLayout,
    Action::StarredOnly,
    Action::Tags,
    Action::CycleSort,
    Action::Sidebar,
    Action::OpenLink,
    Action::CopyLink,
    Action::Reload,
    Action::Refresh,
    Action::RefreshPicked,
    Action::Jump,
    Action::Pick,
    Action::Figures,
    Action::Tick,
    Action::NextUnread,
    Action::PrevUnread,
    Action::Feeds,
    Action::Links,
];

/// Fails to compile when an action is added, so it is added to the
/// generator too: every variant must be in `PLAIN` or in `action()`.
#[test]
fn every_action_is_generated() {
    for action in PLAIN {
        match action {
            Action::Insert(_)
            | Action::Digit(_)
            | Action::Click(..)
            | Action::Wheel(..)
            | Action::Resize(..) => {
                panic!("{action:?} carries data; it is generated in action()")
            }
            Action::Quit
            | Action::Back
            | Action::Help
            | Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::FocusNext
            | Action::FocusPrev
            | Action::FocusLeft
            | Action::FocusRight
            | Action::Open
            | Action::NextArticle
            | Action::PrevArticle
            | Action::Zen
            | Action::FactsOverlay
            | Action::Problems
            | Action::ToggleRead
            | Action::ToggleStar
            | Action::MarkAllRead
            | Action::Undo
            | Action::Delete
            | Action::Search
            | Action::DeleteBack
            | Action::DeleteWord
            | Action::ClearInput
            | Action::Accept
            | Action::Cancel
            | Action::ClearSearch
            | Action::NextMatch
            | Action::PrevMatch
            | Action::SearchFact
            | Action::UnreadOnly
            | Action::ListLayout
            | Action::StarredOnly
            | Action::Tags
            | Action::CycleSort
            | Action::Sidebar
            | Action::OpenLink
            | Action::CopyLink
            | Action::Reload
            | Action::Refresh
            | Action::RefreshPicked
            | Action::Jump
            | Action::Pick
            | Action::Figures
            | Action::Tick
            | Action::NextUnread
            | Action::PrevUnread
            | Action::Feeds
            | Action::Links => {}
        }
    }
    assert_eq!(PLAIN.len(), 53);
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    (1..=300u16, 1..=100u16)
}

/// A character to type: anything, often a hostile one.
fn typed() -> impl Strategy<Value = char> {
    prop_oneof![
        2 => any::<char>(),
        2 => "[a-z:# ]".prop_map(|s| s.chars().next().unwrap_or('a')),
        1 => prop::sample::select(vec!['\u{1b}', '\u{0}', '\u{7}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{200b}', '\t', '\r', '\n', '日', '\u{301}']),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        12 => prop::sample::select(PLAIN),
        2 => typed().prop_map(Action::Insert),
        1 => (0..=9u8).prop_map(Action::Digit),
        2 => (0..=320u16, 0..=110u16).prop_map(|(x, y)| Action::Click(x, y)),
        1 => (0..=320u16, 0..=110u16, any::<bool>()).prop_map(|(x, y, down)| Action::Wheel(x, y, down)),
        1 => size().prop_map(|(w, h)| Action::Resize(w, h)),
    ]
}

/// 0–40 actions; now and then a search typed whole: `Search`, some
/// characters, and a way out of the prompt.
fn actions() -> impl Strategy<Value = Vec<Action>> {
    let search = (
        prop::collection::vec(typed(), 0..8),
        prop::option::of(prop::sample::select(vec![
            Action::Accept,
            Action::Cancel,
            Action::DeleteBack,
            Action::DeleteWord,
            Action::ClearInput,
            Action::Back,
        ])),
    )
        .prop_map(|(chars, end)| {
            std::iter::once(Action::Search)
                .chain(chars.into_iter().map(Action::Insert))
                .chain(end)
                .collect::<Vec<_>>()
        });
    let step = prop_oneof![
        5 => action().prop_map(|a| vec![a]),
        1 => search,
    ];
    prop::collection::vec(step, 0..=40).prop_map(|steps| {
        let mut all: Vec<Action> = steps.concat();
        all.truncate(40);
        all
    })
}

/// The app's own invariants, as messages.
fn invariant_problems(app: &App) -> Vec<String> {
    let mut out = Vec::new();
    let len = app.list().len();
    if len > 0 && app.selected() >= len {
        out.push(format!("selected {} of a list of {len}", app.selected()));
    }
    if let Some(doc) = app.doc() {
        if !doc.is_empty() && app.reader_top() >= doc.len() {
            out.push(format!(
                "reader_top {} past the doc's {} lines",
                app.reader_top(),
                doc.len()
            ));
        }
        if let Some(reader) = app.screen().reader {
            let height = usize::from(gogai::layout::inner(reader).height);
            if app.reader_top() > doc.max_top(height) {
                out.push(format!(
                    "reader_top {} past the last page (max_top {} for {height} rows)",
                    app.reader_top(),
                    doc.max_top(height)
                ));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_library_size_and_actions_draw_a_sound_frame(
        specs in prop::collection::vec(article(), 1..=6),
        (w, h) in size(),
        actions in actions(),
    ) {
        let library = library(&specs);
        let mut app = App::new(library.clone(), ReadState::default());
        app.update(Action::Resize(w, h));
        let mut done = Vec::new();
        for action in &actions {
            app.update(*action);
            done.push(*action);
            // What the event loop does with the one effect that comes back
            // into the app.
            if let Some(Effect::Reload) = app.take_effect() {
                app.update(Message::Reloaded(Ok(library.clone())));
            }
            // Drawn after every action, not only the last: a state passed
            // through (an overlay at a small size) must draw soundly too.
            let problems = draw_and_check(&app);
            prop_assert!(problems.is_ok(), "after {:?}: {}", done, problems.unwrap_err());
        }
        let problems = draw_and_check(&app);
        prop_assert!(problems.is_ok(), "after {:?}: {}", done, problems.unwrap_err());
    }
}

/// Draws the app with a `TestBackend` terminal of its size, and checks the
/// frame (its area, no control character, borders, wide characters) and
/// the app's invariants.
fn draw_and_check(app: &App) -> Result<(), String> {
    let area = app.area();
    let mut terminal =
        Terminal::new(TestBackend::new(area.width, area.height)).expect("test backend");
    let drawn = terminal
        .draw(|frame| gogai::ui::render(app, frame))
        .expect("draw")
        .buffer
        .clone();
    let mut problems = Vec::new();
    if drawn.area != Rect::new(0, 0, area.width, area.height)
        || drawn.content().len() != usize::from(area.width) * usize::from(area.height)
    {
        problems.push(format!(
            "the frame is {:?} with {} cells, the terminal {area:?}",
            drawn.area,
            drawn.content().len()
        ));
    }
    problems.extend(frame_problems(app, &drawn));
    problems.extend(invariant_problems(app));
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "at {}x{}:\n{}\n{}",
        area.width,
        area.height,
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        dump(&drawn)
    ))
}

/// Columns as ratatui draws them: each grapheme in a cell, as wide as the
/// grapheme (a ZWJ sequence or a character with VS16 may be wider or
/// narrower than its characters added up); graphemes holding a control
/// character are not drawn at all.
fn drawn_width(line: &str) -> usize {
    line.graphemes(true)
        .filter(|g| !g.contains(char::is_control))
        .map(UnicodeWidthStr::width)
        .sum()
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(Config { cases: config().cases * 4, ..config() })]

    /// The wrapped lines hold every non-space character of the cleaned
    /// text, in order, and each fits `width` as drawn.
    ///
    /// `wrap` is given cleaned text, as it is in the app (text is cleaned
    /// once at load). Its documented exception, a character wider than the
    /// line being dropped, needs a width below 2, and widths start at 2.
    #[test]
    fn wrap_keeps_every_character_in_order_and_fits(
        s in prop_oneof![3 => text(0..40), 1 => paragraph()],
        width in 2..=120usize,
    ) {
        let cleaned = gogai::text::clean(&s);
        let lines = gogai::text::wrap(&cleaned, width);
        prop_assert_eq!(non_space(&lines.concat()), non_space(&cleaned), "lines {:?}", lines);
        for line in &lines {
            prop_assert!(
                drawn_width(line) <= width,
                "{:?} takes {} columns, more than {}", line, drawn_width(line), width
            );
        }
    }

    /// `truncate` keeps a prefix and adds `…` only when it cut something;
    /// the result fits `width` as drawn. (`fit` is the same without the mark.)
    #[test]
    fn truncate_and_fit_keep_a_prefix_that_fits(
        s in text(0..20),
        width in 0..=60usize,
    ) {
        let cleaned = gogai::text::clean(&s);
        let fitted = gogai::text::fit(&cleaned, width);
        prop_assert!(cleaned.starts_with(fitted.as_ref()));
        prop_assert!(drawn_width(&fitted) <= width, "fit {:?} to {}", fitted, width);
        let cut = gogai::text::truncate(&cleaned, width);
        if cut.as_ref() != cleaned.as_ref() {
            let kept = cut.strip_suffix('…').unwrap_or(&cut);
            prop_assert!(cut.ends_with('…') || width == 0, "{:?}", cut);
            prop_assert!(cleaned.starts_with(kept));
        }
        prop_assert!(drawn_width(&cut) <= width, "truncate {:?} to {}: {:?}", cleaned, width, cut);
    }
}
