//! Helpers shared by the UI tests: build an app, draw it, read the screen.
#![allow(dead_code)]

use gogai::action::Action;
use gogai::app::App;
use gogai::keymap;
use gogai::library::{Library, Origin};
use gogai::state::ReadState;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The bundled articles (the seed and its Japanese translation).
pub fn seed_app(width: u16, height: u16) -> App {
    static BUNDLED: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    let library = BUNDLED.get_or_init(Library::bundled).clone();
    let mut app = App::new(library, ReadState::default());
    app.update(Action::Resize(width, height));
    app
}

/// A library of `n` generated articles with long bodies.
pub fn many(n: usize) -> Library {
    let files = (0..n).map(|i| {
        let body: Vec<String> = (0..12)
            .map(|p| {
                format!(
                    "Paragraph {p} of article {i}. {}",
                    "Words fill the line here. ".repeat(8)
                )
            })
            .collect();
        let json = serde_json::json!({
            "id": format!("a{i:05}"),
            "title": format!("Article number {i}"),
            "source": "Wire",
            "published": format!("2024-01-{:02}", 1 + i % 28),
            "body": body,
        });
        (
            format!("a{i:05}.json"),
            format!("a{i:05}.json"),
            std::borrow::Cow::Owned(json.to_string().into_bytes()),
        )
    });
    Library::from_files(Origin::Bundled, files)
}

pub fn app_of(library: Library, width: u16, height: u16) -> App {
    let mut app = App::new(library, ReadState::default());
    app.update(Action::Resize(width, height));
    app
}

/// Presses a key the way the event loop does.
pub fn press(app: &mut App, code: KeyCode) {
    press_with(app, code, KeyModifiers::NONE);
}

pub fn press_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let event = KeyEvent::new(code, modifiers);
    if let Some(action) = keymap::action_for(&event, app.context()) {
        app.update(action);
    }
}

pub fn keys(app: &mut App, chars: &str) {
    for c in chars.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Draws the app at its own size; returns the screen as text, one line per
/// row, wide characters shown once (as a person sees them).
pub fn screen(app: &App) -> String {
    let area = app.area();
    let mut terminal =
        Terminal::new(TestBackend::new(area.width, area.height)).expect("test backend");
    // The frame as rendered, before ratatui diffs it onto the terminal: a
    // cell hidden under a wide character is still visible here.
    let rendered = terminal
        .draw(|frame| gogai::ui::render(app, frame))
        .expect("draw")
        .buffer
        .clone();
    let buffer = &rendered;
    let mut out = String::new();
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            // The cells a wide character covers must hold nothing of their
            // own, or something drawn there (a border) is hidden by it.
            for covered in 1..=skip {
                let hidden = buffer
                    .cell((x + covered as u16, y))
                    .map_or("", ratatui::buffer::Cell::symbol);
                assert!(
                    hidden.trim().is_empty(),
                    "{symbol:?} at {x},{y} hides {hidden:?}"
                );
            }
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// Draws the app and returns the rendered buffer, for checking styles.
pub fn buffer(app: &App) -> ratatui::buffer::Buffer {
    let area = app.area();
    let mut terminal =
        Terminal::new(TestBackend::new(area.width, area.height)).expect("test backend");
    terminal
        .draw(|frame| gogai::ui::render(app, frame))
        .expect("draw")
        .buffer
        .clone()
}

/// The style of the first cell where `needle` starts in the reading pane.
pub fn style_of(app: &App, needle: &str) -> Option<ratatui::style::Style> {
    let buffer = buffer(app);
    let area = app.screen().reader?;
    let first = needle.chars().next()?;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if buffer[(x, y)].symbol().starts_with(first) {
                let text: String = (x..area.right())
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>();
                if text.starts_with(needle) {
                    return Some(buffer[(x, y)].style());
                }
            }
        }
    }
    None
}
