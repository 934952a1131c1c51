//! Each theme drawn in `TestBackend`, with its styles: the snapshots hold
//! the screen's text and then, row by row, where each style begins
//! (`x: fg/bg/modifiers`), so a colour that changes shows in review.

mod common;

use gogai::action::Action;
use gogai::app::App;
use gogai::config::Config;
use gogai::store::library::Library;
use gogai::store::state::ReadState;
use gogai::ui::theme::Theme;
use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Style};

/// The bundled articles under `theme`, the reading pane focused (so the
/// list's selection is the unfocused kind).
fn themed(theme: &Theme, width: u16, height: u16) -> App {
    let config = Config {
        theme: *theme,
        ..Config::default()
    };
    let mut app = App::with_config(Library::bundled(), ReadState::default(), config);
    app.update(Action::Resize(width, height));
    app.update(Action::Open);
    app
}

fn style_name(style: Style) -> String {
    let colour = |c: Option<Color>| c.map_or("-".to_owned(), |c| format!("{c:?}"));
    let mods = format!("{:?}", style.add_modifier);
    format!("{}/{}/{}", colour(style.fg), colour(style.bg), mods)
}

/// The screen's text, then each row's style changes.
fn with_styles(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = common::dump(buffer);
    out.push_str("\n--- styles: x: fg/bg/modifiers where a style begins ---\n");
    for y in 0..area.height {
        let mut last = None;
        let mut runs = Vec::new();
        for x in 0..area.width {
            let style = buffer[(x, y)].style();
            if last != Some(style) {
                runs.push(format!("{x}: {}", style_name(style)));
                last = Some(style);
            }
        }
        let _ = writeln!(out, "{y:>2} | {}", runs.join("  "));
    }
    out
}

fn snapshot_of(theme: &Theme) -> String {
    with_styles(&common::buffer(&themed(theme, 80, 16)))
}

#[test]
fn the_dark_theme() {
    insta::assert_snapshot!(snapshot_of(&Theme::DARK));
}

#[test]
fn the_light_theme() {
    insta::assert_snapshot!(snapshot_of(&Theme::light()));
}

#[test]
fn the_mono_theme_has_no_colour_at_all() {
    let buffer = common::buffer(&themed(&Theme::mono(), 80, 16));
    for cell in buffer.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "a coloured cell"
        );
    }
    insta::assert_snapshot!(with_styles(&buffer));
}

#[test]
fn a_theme_from_the_file_colours_its_roles() {
    let (config, problems) = gogai::config::parse(
        "[theme]\nbase = \"light\"\naccent = \"#ff8700\"\nread = \"244\"\n",
        "config.toml",
        std::path::Path::new("/"),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config.theme.header.bg, Some(Color::Rgb(255, 135, 0)));
    assert_eq!(config.theme.read.fg, Some(Color::Indexed(244)));
    // On a 256-colour terminal the accent is the nearest of its palette.
    let shown = config
        .theme
        .for_terminal(|name| (name == "TERM").then(|| "xterm-256color".to_owned()));
    assert_eq!(shown.header.bg, Some(Color::Indexed(208)));
    insta::assert_snapshot!(snapshot_of(&shown));
}

#[test]
fn the_unfocused_selection_is_readable_in_every_theme() {
    for (name, theme) in [
        ("dark", Theme::DARK),
        ("light", Theme::light()),
        ("mono", Theme::mono()),
    ] {
        let app = themed(&theme, 80, 16);
        let buffer = common::buffer(&app);
        let list = gogai::layout::inner(app.screen().list.expect("a list"));
        // The selected article's second line (source and date).
        let y = list.y + 1;
        for x in list.x + 3..list.x + 10 {
            let cell = &buffer[(x, y)];
            if cell.symbol() != " " {
                let plain = cell.fg == Color::Reset && cell.bg == Color::Reset;
                assert!(
                    plain || cell.fg != cell.bg,
                    "{name}: text the colour of its ground"
                );
                assert!(
                    !(cell.bg == Color::DarkGray && cell.fg == Color::DarkGray),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn a_wrong_theme_setting_is_placed_and_the_rest_applies() {
    let (config, problems) = gogai::config::parse(
        "[theme]\nbase = \"solarized\"\nread = \"mauve\"\nunread = \"cyan\"\nglow = \"red\"\n",
        "config.toml",
        std::path::Path::new("/"),
    );
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "config.toml:2:8: theme: expected one of \"dark\", \"light\", \"mono\", found \"solarized\"; dark is kept",
            "config.toml:3:8: read: expected a colour: a name (yellow, dark-gray …), \"#rrggbb\" or 0-255, found \"mauve\"; the theme's is kept",
            "config.toml:5:1: unknown setting `glow` in [theme]; ignored",
        ]
    );
    assert_eq!(config.theme.unread.fg, Some(Color::Cyan));
    assert_eq!(config.theme.read, Theme::DARK.read);
}
