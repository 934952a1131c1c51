//! Every key of the keymap, pressed the way the event loop presses it
//! (`keymap::action_for` then `App::update`), with the effect a user sees.
//! Each test presses *all* keys bound to its action, so a key added to the
//! table without a test fails `every_action_in_the_keymap_is_tested`.

mod common;

use common::{app_of, many, screen, seed_app, style_of};
use gogai::action::Action;
use gogai::app::{App, OverlayKind};
use gogai::keymap::{self, Context, KEYMAP, Key};
use gogai::layout::Pane;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The actions the tests below cover.
const TESTED: &[Action] = &[
    Action::Quit,
    Action::Help,
    Action::Back,
    Action::Down,
    Action::Up,
    Action::PageDown,
    Action::PageUp,
    Action::Top,
    Action::Bottom,
    Action::Open,
    Action::NextArticle,
    Action::PrevArticle,
    Action::FocusNext,
    Action::FocusPrev,
    Action::FocusLeft,
    Action::FocusRight,
    Action::ToggleRead,
    Action::Zen,
    Action::FactsOverlay,
    Action::Problems,
    Action::Jump,
    Action::Figures,
];

/// Keys bound to `action` in `context`.
fn keys_for(action: Action, context: Context) -> Vec<Key> {
    KEYMAP
        .iter()
        .filter(|b| b.action == action && b.contexts.contains(&context))
        .flat_map(|b| b.keys.iter().copied())
        .collect()
}

fn event(key: Key) -> KeyEvent {
    let mut modifiers = if key.ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    // Terminals report upper-case letters and `?`/`!` with Shift held.
    if let KeyCode::Char(c) = key.code
        && (c.is_ascii_uppercase() || "?!".contains(c))
    {
        modifiers |= KeyModifiers::SHIFT;
    }
    if key.code == KeyCode::BackTab {
        modifiers |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(key.code, modifiers)
}

fn press(app: &mut App, key: Key) {
    if let Some(action) = keymap::action_for(&event(key), app.context()) {
        app.update(action);
    }
}

/// Runs `check` once per key bound to `action` in `context`, each on a fresh
/// app from `setup`.
fn for_each_key(
    action: Action,
    context: Context,
    setup: impl Fn() -> App,
    check: impl Fn(&mut App, Key),
) {
    let keys = keys_for(action, context);
    assert!(!keys.is_empty(), "{action:?} has no key in {context:?}");
    for key in keys {
        let mut app = setup();
        assert_eq!(app.context(), context, "setup for {action:?}");
        press(&mut app, key);
        check(&mut app, key);
    }
}

fn list_app() -> App {
    app_of(many(100), 120, 40)
}

fn reader_app() -> App {
    let mut app = list_app();
    app.update(Action::Open);
    app
}

fn facts_app() -> App {
    let mut app = seed_app(120, 40);
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Pane::Facts);
    app
}

fn overlay_app() -> App {
    // Short enough that the help does not fit and has to scroll.
    let mut app = seed_app(120, 16);
    app.update(Action::Help);
    app
}

/// The first line of text inside the overlay, as a person reads it.
fn overlay_top_line(app: &App) -> String {
    let rect = gogai::layout::overlay_rect(app.area(), OverlayKind::Help);
    let text = screen(app);
    // Row 3 is the overlay's second text row; left of it is ASCII only.
    let line = text.lines().nth(3).unwrap_or_default();
    line.chars()
        .skip(usize::from(rect.x) + 1)
        .take(usize::from(rect.width) - 2)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// What the overlay shows after `actions`.
fn overlay_after(actions: &[Action]) -> String {
    let mut app = overlay_app();
    for action in actions {
        app.update(*action);
    }
    overlay_top_line(&app)
}

#[test]
fn every_action_in_the_keymap_is_tested() {
    for binding in KEYMAP {
        assert!(
            TESTED.contains(&binding.action),
            "no test presses {:?}",
            binding.action
        );
    }
}

#[test]
fn quit_keys() {
    // Ctrl-C quits from anywhere, q only from the list.
    for (context, setup) in [
        (Context::List, list_app as fn() -> App),
        (Context::Reader, reader_app),
        (Context::Facts, facts_app),
        (Context::Overlay, overlay_app),
    ] {
        let expected: Vec<Key> = keys_for(Action::Quit, context);
        let names: Vec<String> = expected.iter().map(|k| k.name()).collect();
        assert!(
            names.contains(&"Ctrl-C".to_owned()),
            "{context:?}: {names:?}"
        );
        assert_eq!(
            names.contains(&"q".to_owned()),
            context == Context::List,
            "{context:?}"
        );
        for_each_key(Action::Quit, context, setup, |app, key| {
            assert!(app.should_quit(), "{} should quit", key.name());
        });
    }
    // Terminals differ in the case they report Ctrl-C with.
    let mut app = list_app();
    let event = KeyEvent::new(
        KeyCode::Char('C'),
        KeyModifiers::CONTROL | KeyModifiers::SHIFT,
    );
    assert_eq!(
        keymap::action_for(&event, app.context()),
        Some(Action::Quit)
    );
    app.update(Action::Quit);
    assert!(app.should_quit());
}

#[test]
fn back_keys() {
    for_each_key(Action::Back, Context::Reader, reader_app, |app, _| {
        assert_eq!(app.focus(), Pane::List);
        assert!(
            !app.should_quit(),
            "q in the reader goes back, it does not quit"
        );
    });
    for_each_key(Action::Back, Context::Facts, facts_app, |app, _| {
        assert_eq!(app.focus(), Pane::List);
    });
    for_each_key(Action::Back, Context::Overlay, overlay_app, |app, _| {
        assert_eq!(app.overlay(), None);
    });
    // Esc leaves distraction-free mode first.
    let mut app = reader_app();
    app.update(Action::Zen);
    press(&mut app, keys_for(Action::Back, Context::Reader)[1]);
    assert!(!app.zen());
    assert_eq!(app.focus(), Pane::Reader);
}

#[test]
fn help_key_opens_and_closes_the_overlay() {
    for_each_key(Action::Help, Context::List, list_app, |app, _| {
        assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Help));
        assert!(screen(app).contains("Keys — ? or Esc to close"));
    });
    for_each_key(Action::Help, Context::Overlay, overlay_app, |app, _| {
        assert_eq!(app.overlay(), None);
    });
}

#[test]
fn down_and_up_move_within_the_focused_pane() {
    for_each_key(Action::Down, Context::List, list_app, |app, _| {
        assert_eq!(app.selected(), 1);
    });
    for_each_key(Action::Down, Context::Reader, reader_app, |app, key| {
        assert_eq!(
            app.selected(),
            0,
            "{} must not change the article",
            key.name()
        );
        assert_eq!(app.reader_top(), 1);
    });
    for_each_key(Action::Down, Context::Facts, facts_app, |app, _| {
        // The sidebar moves a cursor from fact to fact.
        assert_eq!(app.fact_selected(), 1);
        assert_eq!(app.selected(), 0);
    });
    let start = overlay_after(&[]);
    for_each_key(Action::Down, Context::Overlay, overlay_app, |app, _| {
        assert_ne!(overlay_top_line(app), start, "the help moved up a line");
        assert_eq!(overlay_top_line(app), overlay_after(&[Action::Down]));
    });
    let down_then = |setup: fn() -> App| {
        move || {
            let mut app = setup();
            app.update(Action::Down);
            app.update(Action::Down);
            app
        }
    };
    for_each_key(Action::Up, Context::List, down_then(list_app), |app, _| {
        assert_eq!(app.selected(), 1);
    });
    for_each_key(
        Action::Up,
        Context::Reader,
        down_then(reader_app),
        |app, _| {
            assert_eq!(app.reader_top(), 1);
            assert_eq!(app.selected(), 0);
        },
    );
    for_each_key(
        Action::Up,
        Context::Facts,
        down_then(facts_app),
        |app, _| {
            assert_eq!(app.fact_selected(), 1);
        },
    );
    for_each_key(
        Action::Up,
        Context::Overlay,
        down_then(overlay_app),
        |app, _| {
            assert_eq!(overlay_top_line(app), overlay_after(&[Action::Down]));
        },
    );
    // At the ends nothing moves past the edge.
    let mut app = list_app();
    app.update(Action::Up);
    assert_eq!(app.selected(), 0);
}

#[test]
fn page_keys_move_a_screenful() {
    // 40 rows: header, footer and two borders leave 36 rows; a page keeps one.
    for_each_key(Action::PageDown, Context::List, list_app, |app, _| {
        // 36 rows of two-line items: 18 on screen, a page keeps one.
        assert_eq!(app.selected(), 17);
        assert!(screen(app).contains("Articles 18/100"));
    });
    for_each_key(Action::PageDown, Context::Reader, reader_app, |app, _| {
        assert_eq!(app.reader_top(), 35);
    });
    let paged = || {
        let mut app = list_app();
        app.update(Action::PageDown);
        app.update(Action::PageDown);
        app
    };
    for_each_key(Action::PageUp, Context::List, paged, |app, _| {
        assert_eq!(app.selected(), 17);
    });
    let paged_reader = || {
        let mut app = reader_app();
        app.update(Action::PageDown);
        app
    };
    for_each_key(Action::PageUp, Context::Reader, paged_reader, |app, _| {
        assert_eq!(app.reader_top(), 0);
    });
    for context in [Context::Facts, Context::Overlay] {
        assert!(!keys_for(Action::PageDown, context).is_empty());
        assert!(!keys_for(Action::PageUp, context).is_empty());
    }
    for_each_key(Action::PageDown, Context::Overlay, overlay_app, |app, _| {
        assert_ne!(overlay_top_line(app), overlay_after(&[Action::Down]));
        assert_ne!(overlay_top_line(app), overlay_after(&[]));
    });
    for_each_key(Action::PageDown, Context::Facts, facts_app, |app, _| {
        assert_eq!(app.fact_selected(), 5, "a page is five facts");
    });
}

#[test]
fn top_and_bottom_keys() {
    for_each_key(Action::Bottom, Context::List, list_app, |app, _| {
        assert_eq!(app.selected(), 99);
        assert!(screen(app).contains("Articles 100/100"));
    });
    for_each_key(Action::Bottom, Context::Reader, reader_app, |app, _| {
        assert!(screen(app).contains("Bot ╯"));
    });
    let at_bottom = || {
        let mut app = list_app();
        app.update(Action::Bottom);
        app
    };
    for_each_key(Action::Top, Context::List, at_bottom, |app, _| {
        assert_eq!(app.selected(), 0);
    });
    let reader_bottom = || {
        let mut app = reader_app();
        app.update(Action::Bottom);
        app
    };
    for_each_key(Action::Top, Context::Reader, reader_bottom, |app, _| {
        assert_eq!(app.reader_top(), 0);
    });
    for_each_key(Action::Bottom, Context::Facts, facts_app, |app, _| {
        assert_eq!(app.fact_selected(), app.facts_flat().count() - 1);
        assert!(app.facts_top() > 0, "the sidebar scrolled to the last fact");
        assert!(
            screen(app).contains("over five years"),
            "the last fact shows"
        );
    });
    for_each_key(Action::Bottom, Context::Overlay, overlay_app, |app, _| {
        assert!(
            screen(app).contains("mark read / unread"),
            "the last help line shows"
        );
        // One line up from the bottom moves at once: no hidden over-scroll.
        let bottom = overlay_top_line(app);
        app.update(Action::Up);
        assert_ne!(overlay_top_line(app), bottom);
    });
    let overlay_scrolled = || {
        let mut app = overlay_app();
        app.update(Action::Down);
        app
    };
    for_each_key(Action::Top, Context::Overlay, overlay_scrolled, |app, _| {
        assert_eq!(overlay_top_line(app), overlay_after(&[]));
    });
}

#[test]
fn enter_opens_and_marks_read() {
    for_each_key(Action::Open, Context::List, list_app, |app, _| {
        assert_eq!(app.focus(), Pane::Reader);
        assert!(app.is_read(0));
        assert!(screen(app).contains("99 unread"));
    });
}

#[test]
fn next_and_previous_article_from_anywhere() {
    for_each_key(Action::NextArticle, Context::List, list_app, |app, _| {
        assert_eq!(app.selected(), 1);
        assert!(!app.is_read(1), "moving in the list does not mark read");
    });
    for_each_key(
        Action::NextArticle,
        Context::Reader,
        reader_app,
        |app, _| {
            assert_eq!(app.selected(), 1);
            assert_eq!(app.focus(), Pane::Reader);
            assert_eq!(app.reader_top(), 0, "a new article starts at its top");
            assert!(app.is_read(1), "reading the next article marks it read");
        },
    );
    for_each_key(Action::NextArticle, Context::Facts, facts_app, |app, _| {
        assert_eq!(app.selected(), 1);
        assert!(screen(app).contains("マイクロソフト"));
    });
    let second = || {
        let mut app = reader_app();
        app.update(Action::NextArticle);
        app
    };
    for_each_key(Action::PrevArticle, Context::Reader, second, |app, _| {
        assert_eq!(app.selected(), 0);
    });
    let second_in_list = || {
        let mut app = list_app();
        app.update(Action::Down);
        app
    };
    for_each_key(
        Action::PrevArticle,
        Context::List,
        second_in_list,
        |app, _| {
            assert_eq!(app.selected(), 0);
        },
    );
}

#[test]
fn tab_and_shift_tab_cycle_focus() {
    for_each_key(
        Action::FocusNext,
        Context::List,
        || seed_app(120, 40),
        |app, key| {
            assert_eq!(app.focus(), Pane::Reader);
            press(app, key);
            assert_eq!(app.focus(), Pane::Facts);
            press(app, key);
            assert_eq!(app.focus(), Pane::List);
        },
    );
    for_each_key(
        Action::FocusPrev,
        Context::List,
        || seed_app(120, 40),
        |app, _| {
            assert_eq!(app.focus(), Pane::Facts);
        },
    );
    // With the sidebar folded, Tab moves between the two panes shown.
    for_each_key(
        Action::FocusNext,
        Context::List,
        || seed_app(80, 24),
        |app, key| {
            assert_eq!(app.focus(), Pane::Reader);
            press(app, key);
            assert_eq!(app.focus(), Pane::List);
        },
    );
}

#[test]
fn h_and_l_move_focus_left_and_right() {
    for_each_key(
        Action::FocusRight,
        Context::List,
        || seed_app(120, 40),
        |app, key| {
            assert_eq!(app.focus(), Pane::Reader);
            press(app, key);
            assert_eq!(app.focus(), Pane::Facts);
            press(app, key);
            assert_eq!(app.focus(), Pane::Facts, "no wrapping past the right edge");
        },
    );
    for_each_key(Action::FocusLeft, Context::Facts, facts_app, |app, key| {
        assert_eq!(app.focus(), Pane::Reader);
        press(app, key);
        assert_eq!(app.focus(), Pane::List);
    });
}

#[test]
fn shift_n_toggles_read() {
    for_each_key(Action::ToggleRead, Context::List, list_app, |app, key| {
        assert!(app.is_read(0));
        assert_eq!(app.unread(), 99);
        press(app, key);
        assert!(!app.is_read(0));
        assert_eq!(app.unread(), 100);
        assert!(app.take_read_changes(), "the change is reported for saving");
    });
    for_each_key(Action::ToggleRead, Context::Reader, reader_app, |app, _| {
        assert!(
            !app.is_read(0),
            "opened (read), then toggled back to unread"
        );
    });
}

#[test]
fn z_is_distraction_free() {
    for_each_key(
        Action::Zen,
        Context::List,
        || seed_app(120, 40),
        |app, key| {
            assert!(app.zen());
            let text = screen(app);
            assert!(!text.contains("Articles 1/2") && !text.contains("Key figures"));
            assert!(text.contains("Reader"));
            press(app, key);
            assert!(!app.zen());
            assert!(screen(app).contains("Key figures"));
        },
    );
}

#[test]
fn f_shows_the_facts_overlay() {
    for_each_key(
        Action::FactsOverlay,
        Context::List,
        || seed_app(80, 24),
        |app, key| {
            assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Facts));
            assert!(screen(app).contains("$2.9 billion"));
            press(app, key);
            assert_eq!(app.overlay(), None);
        },
    );
}

#[test]
fn bang_lists_problems() {
    for_each_key(
        Action::Problems,
        Context::List,
        || seed_app(120, 40),
        |app, key| {
            assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Problems));
            assert!(screen(app).contains("Every file loaded cleanly."));
            press(app, key);
            assert_eq!(app.overlay(), None);
        },
    );
}

#[test]
fn unknown_keys_and_releases_do_nothing() {
    let mut app = seed_app(120, 40);
    let before = screen(&app);
    for event in [
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT),
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL),
        KeyEvent::new_with_kind(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        ),
    ] {
        assert_eq!(keymap::action_for(&event, app.context()), None, "{event:?}");
        if let Some(action) = keymap::action_for(&event, app.context()) {
            app.update(action);
        }
    }
    assert_eq!(screen(&app), before);
}

#[test]
fn footer_shows_keys_of_the_focused_pane() {
    let mut app = seed_app(120, 40);
    let footer = |app: &App| screen(app).lines().last().unwrap_or_default().to_owned();
    assert!(footer(&app).contains("Enter open") && footer(&app).contains("q quit"));
    app.update(Action::Open);
    assert!(footer(&app).contains("q back") && !footer(&app).contains("Enter open"));
}

#[test]
fn zen_then_back_restores_the_layout_and_position() {
    let mut app = seed_app(120, 30);
    app.update(Action::Open);
    for _ in 0..6 {
        app.update(Action::Down);
    }
    app.update(Action::Zen);
    let paragraph = |app: &App| app.doc().and_then(|d| d.lines[app.reader_top()].paragraph);
    let in_zen = paragraph(&app);
    press(&mut app, keys_for(Action::Back, Context::Reader)[1]);
    assert!(!app.zen());
    assert_eq!(
        paragraph(&app),
        in_zen,
        "the same paragraph stays at the top"
    );
    app.update(Action::Bottom);
    assert!(
        screen(&app).contains("Bot ╯"),
        "the end of the article is reachable"
    );
}

#[test]
fn a_folded_sidebar_gives_focus_to_the_reader() {
    let mut app = seed_app(120, 40);
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Pane::Facts);
    app.update(Action::Resize(80, 24));
    assert_eq!(app.focus(), Pane::Reader);
    let before = app.reader_top();
    app.update(Action::Down);
    assert_eq!(app.reader_top(), before + 1, "j scrolls what is on screen");
    assert!(screen(&app).contains("q back"));
}

#[test]
fn next_article_from_the_facts_overlay_shows_its_facts() {
    let mut app = seed_app(80, 24);
    app.update(Action::FactsOverlay);
    assert!(screen(&app).contains("$2.9 billion"));
    for key in keys_for(Action::NextArticle, Context::Overlay) {
        press(&mut app, key);
    }
    assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Facts));
    assert!(screen(&app).contains("29億ドル"), "{}", screen(&app));
    for key in keys_for(Action::PrevArticle, Context::Overlay) {
        press(&mut app, key);
    }
    assert!(screen(&app).contains("$2.9 billion"));
}

#[test]
fn enter_in_the_sidebar_shows_the_fact_in_the_text() {
    let setup = || {
        let mut app = seed_app(120, 30);
        app.update(Action::FocusNext);
        app.update(Action::FocusNext);
        // The third key figure is the $10 million of resource grants.
        app.update(Action::Down);
        app.update(Action::Down);
        app
    };
    let before = setup();
    assert!(
        !screen(&before).contains("Microsoft will also provide $10 million"),
        "the sentence starts off screen"
    );
    // The cursor shows on the selected fact in the sidebar.
    let app = setup();
    let buffer = common::buffer(&app);
    let facts = app.screen().facts.expect("sidebar shown");
    let cursor_rows: Vec<String> = (facts.top()..facts.bottom())
        .filter(|&y| {
            (facts.left() + 2..facts.right() - 2).any(|x| {
                buffer[(x, y)]
                    .style()
                    .add_modifier
                    .contains(ratatui::style::Modifier::REVERSED)
            })
        })
        .map(|y| {
            (facts.left()..facts.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect();
    assert!(
        cursor_rows.iter().any(|r| r.contains("$10 million")),
        "cursor rows: {cursor_rows:?}"
    );
    for_each_key(Action::Jump, Context::Facts, setup, |app, _| {
        let text = screen(app);
        assert!(
            text.contains("Microsoft will also provide $10 million"),
            "{text}"
        );
        let style = style_of(app, "Microsoft will also provide").expect("on screen");
        assert_eq!(
            style.bg,
            gogai::theme::HIGHLIGHT.bg,
            "the sentence is highlighted"
        );
        assert_eq!(app.focus(), Pane::Facts, "the cursor stays in the sidebar");
        // The next move clears the highlight.
        app.update(Action::Down);
        let style = style_of(app, "Microsoft will also provide").expect("still on screen");
        assert_ne!(style.bg, gogai::theme::HIGHLIGHT.bg);
    });
}

#[test]
fn enter_in_the_facts_overlay_closes_it_and_shows_the_sentence() {
    let setup = || {
        let mut app = seed_app(80, 24);
        app.update(Action::FactsOverlay);
        app.update(Action::Bottom);
        app
    };
    for_each_key(Action::Jump, Context::Overlay, setup, |app, _| {
        assert_eq!(app.overlay(), None);
        assert_eq!(app.focus(), Pane::Reader);
        let text = screen(app);
        assert!(
            text.contains("Bot ╯") || text.contains('%'),
            "the reader moved: {text}"
        );
    });
}

#[test]
fn shift_h_turns_figure_marks_off_and_on() {
    for_each_key(
        Action::Figures,
        Context::List,
        || seed_app(120, 40),
        |app, key| {
            assert!(!app.figures_marked());
            let plain = style_of(app, "$2.9 billion").expect("on screen");
            assert_ne!(plain.fg, gogai::theme::FIGURE.fg);
            press(app, key);
            assert!(app.figures_marked());
            let marked = style_of(app, "$2.9 billion").expect("on screen");
            assert_eq!(marked.fg, gogai::theme::FIGURE.fg);
        },
    );
}
