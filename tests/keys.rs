//! Every key of the keymap, pressed the way the event loop presses it
//! (`keymap::action_for` then `App::update`), with the effect a user sees.
//! Each test presses *all* keys bound to its action, so a key added to the
//! table without a test fails `every_action_in_the_keymap_is_tested`.

mod common;

use common::{
    app_of, footer, header, list_ids, list_rows, list_title, many, news, screen, seed_app, style_of,
};
use gogai::action::Action;
use gogai::app::{App, Effect, Message, OverlayKind, RefreshNews};
use gogai::keymap::{self, Context, KEYMAP, Key};
use gogai::layout::Pane;
use gogai::store::Bodies as _;
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
    Action::Pick,
    Action::ClearSearch,
    Action::Figures,
    Action::Search,
    Action::DeleteBack,
    Action::DeleteWord,
    Action::ClearInput,
    Action::Accept,
    Action::Cancel,
    Action::NextMatch,
    Action::PrevMatch,
    Action::SearchFact,
    Action::ToggleStar,
    Action::MarkAllRead,
    Action::Undo,
    Action::Delete,
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
    Action::NextUnread,
    Action::PrevUnread,
    Action::Feeds,
    Action::Links,
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
    // Terminals report upper-case letters and `?`/`!`/`*` with Shift held.
    if let KeyCode::Char(c) = key.code
        && (c.is_ascii_uppercase() || "?!*".contains(c))
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

/// The search prompt open over the bundled articles.
fn prompt_app() -> App {
    let mut app = seed_app(120, 40);
    app.update(Action::Search);
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
        (Context::Prompt, prompt_app),
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
            screen(app).contains("clear the search"),
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
fn m_toggles_read() {
    for_each_key(Action::ToggleRead, Context::List, list_app, |app, key| {
        assert!(app.is_read(0));
        assert_eq!(app.unread(), 99);
        assert!(
            !list_rows(app)[0].contains('●'),
            "the unread mark is gone: {:?}",
            list_rows(app)[0]
        );
        assert!(list_rows(app)[1].starts_with('●'));
        assert!(footer(app).contains("marked read — u to undo"));
        press(app, key);
        assert!(!app.is_read(0));
        assert_eq!(app.unread(), 100);
        assert!(
            app.take_state_changes(),
            "the change is reported for saving"
        );
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
            gogai::ui::theme::HIGHLIGHT.bg,
            "the sentence is highlighted"
        );
        assert_eq!(app.focus(), Pane::Facts, "the cursor stays in the sidebar");
        // The next move clears the highlight.
        app.update(Action::Down);
        let style = style_of(app, "Microsoft will also provide").expect("still on screen");
        assert_ne!(style.bg, gogai::ui::theme::HIGHLIGHT.bg);
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
    for_each_key(Action::Jump, Context::FactsOverlay, setup, |app, _| {
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
            assert_ne!(plain.fg, gogai::ui::theme::FIGURE.fg);
            press(app, key);
            assert!(app.figures_marked());
            let marked = style_of(app, "$2.9 billion").expect("on screen");
            assert_eq!(marked.fg, gogai::ui::theme::FIGURE.fg);
        },
    );
}

// ----- search, marks, filters, sort, links: the keys added with them -----

const PANES: [Context; 3] = [Context::List, Context::Reader, Context::Facts];

/// Six short articles (see `common::news`) at 120x40.
fn news_app() -> App {
    app_of(news(), 120, 40)
}

/// `app` with the keyboard in `context`'s pane. Reaching the reader with
/// Tab marks its article read; the sidebar is reached with Shift-Tab, which
/// marks nothing.
fn in_pane(mut app: App, context: Context) -> App {
    match context {
        Context::List => {}
        Context::Reader => app.update(Action::FocusNext),
        Context::Facts => app.update(Action::FocusPrev),
        other => panic!("{other:?} is not a pane"),
    }
    assert_eq!(app.context(), context);
    app
}

/// The prompt opened from `context` with `text` typed.
fn typed(context: Context, text: &'static str) -> impl Fn() -> App {
    move || {
        let mut app = in_pane(news_app(), context);
        common::keys(&mut app, "/");
        common::keys(&mut app, text);
        assert_eq!(app.prompt(), Some(text));
        app
    }
}

/// `text` searched for and kept (Enter), the keyboard back in `context`.
fn searched(app: App, context: Context, text: &str) -> App {
    let mut app = in_pane(app, context);
    common::keys(&mut app, "/");
    common::keys(&mut app, text);
    common::press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), context);
    app
}

/// The background colours of every `needle` drawn in the reading pane.
fn reader_match_colours(app: &App, needle: &str) -> Vec<Option<ratatui::style::Color>> {
    let reader = app.screen().reader.expect("reader shown");
    common::find_in(app, reader, needle)
        .into_iter()
        .map(|found| found.styles[0].bg)
        .collect()
}

/// Moves the sidebar (or facts overlay) cursor to the fact with this value.
fn cursor_to_fact(app: &mut App, value: &str) {
    let at = app
        .facts_flat()
        .position(|f| f.value == value)
        .unwrap_or_else(|| panic!("no fact {value:?}"));
    for _ in 0..at {
        app.update(Action::Down);
    }
    assert_eq!(app.fact_selected(), at);
}

#[test]
fn slash_opens_the_search_prompt_in_any_pane() {
    for context in PANES {
        for_each_key(
            Action::Search,
            context,
            || in_pane(news_app(), context),
            |app, _| {
                assert_eq!(app.context(), Context::Prompt);
                assert_eq!(app.prompt(), Some(""));
                let line = footer(app);
                assert!(line.starts_with("/▏"), "{line}");
                assert!(line.trim_end().ends_with("6 of 6"), "{line}");
                common::keys(app, "tokyo");
                let line = footer(app);
                assert!(line.starts_with("/tokyo▏"), "{line}");
                assert!(line.trim_end().ends_with("3 of 6"), "{line}");
                assert!(header(app).contains("3 of 6 articles"), "{}", header(app));
                assert_eq!(list_ids(app), ["tokyo-ai", "osaka-expo", "tokyo-rain"]);
                assert!(list_title(app).starts_with("Articles 1/3 · /tokyo"));
            },
        );
    }
}

#[test]
fn keys_that_act_elsewhere_type_in_the_prompt() {
    let text = "q jk?nNmsAUSOoyrtuFfzH!*/ 1 Gg";
    for c in text.chars() {
        let mut modifiers = KeyModifiers::NONE;
        if c.is_ascii_uppercase() || "?!*".contains(c) {
            modifiers |= KeyModifiers::SHIFT;
        }
        let event = KeyEvent::new(KeyCode::Char(c), modifiers);
        assert_eq!(
            keymap::action_for(&event, Context::Prompt),
            Some(Action::Insert(c)),
            "{c:?}"
        );
    }
    let mut app = prompt_app();
    common::keys(&mut app, text);
    assert_eq!(app.prompt(), Some(text));
    assert!(!app.should_quit());
    assert_eq!(app.overlay(), None);
    assert!(app.sidebar() && !app.zen());
    assert!(footer(&app).starts_with(&format!("/{text}▏")));
    // Japanese types too.
    let mut app = prompt_app();
    common::keys(&mut app, "東京");
    assert_eq!(app.prompt(), Some("東京"));
    assert!(footer(&app).starts_with("/東京▏"), "{}", footer(&app));
}

#[test]
fn backspace_deletes_a_character() {
    let app = typed(Context::List, "tokyox")();
    assert!(app.list().is_empty());
    for_each_key(
        Action::DeleteBack,
        Context::Prompt,
        typed(Context::List, "tokyox"),
        |app, key| {
            assert_eq!(app.prompt(), Some("tokyo"));
            assert_eq!(list_ids(app), ["tokyo-ai", "osaka-expo", "tokyo-rain"]);
            for _ in 0..7 {
                press(app, key);
            }
            assert_eq!(app.prompt(), Some(""));
            assert_eq!(
                app.context(),
                Context::Prompt,
                "Backspace on an empty prompt leaves it open"
            );
            assert_eq!(app.list().len(), 6);
        },
    );
    // A wide character goes in one press.
    let mut app = prompt_app();
    common::keys(&mut app, "東京");
    common::press(&mut app, KeyCode::Backspace);
    assert_eq!(app.prompt(), Some("東"));
}

#[test]
fn ctrl_w_deletes_a_word() {
    for_each_key(
        Action::DeleteWord,
        Context::Prompt,
        typed(Context::List, "rain tokyo"),
        |app, key| {
            assert_eq!(app.prompt(), Some("rain "));
            // Words match at word starts: "Trains" is not "rain".
            assert_eq!(list_ids(app), ["tokyo-rain"]);
            press(app, key);
            assert_eq!(app.prompt(), Some(""));
            assert_eq!(app.list().len(), 6);
            assert_eq!(app.context(), Context::Prompt);
        },
    );
    // Spaces after the last word go with it.
    for_each_key(
        Action::DeleteWord,
        Context::Prompt,
        typed(Context::List, "rain tokyo  "),
        |app, _| assert_eq!(app.prompt(), Some("rain ")),
    );
}

#[test]
fn ctrl_u_clears_the_prompt() {
    for_each_key(
        Action::ClearInput,
        Context::Prompt,
        typed(Context::List, "rain tokyo"),
        |app, _| {
            assert_eq!(app.prompt(), Some(""));
            assert_eq!(app.context(), Context::Prompt, "the prompt stays open");
            assert_eq!(app.list().len(), 6);
            assert!(footer(app).starts_with("/▏"));
        },
    );
}

#[test]
fn enter_keeps_the_search_as_a_filter() {
    for context in PANES {
        for_each_key(
            Action::Accept,
            Context::Prompt,
            typed(context, "tokyo"),
            |app, _| {
                assert_eq!(app.prompt(), None);
                assert_eq!(app.context(), context, "back where / was pressed");
                assert_eq!(app.filter().query, "tokyo");
                assert_eq!(list_ids(app), ["tokyo-ai", "osaka-expo", "tokyo-rain"]);
                // From the reader, the article found is opened there.
                let opened = if context == Context::Reader {
                    ", the first is open"
                } else {
                    ""
                };
                assert_eq!(
                    footer(app).trim_end(),
                    format!(" 3 of 6 match{opened} — Esc clears, ]/[ go through the matches")
                );
                assert!(list_title(app).contains("/tokyo"), "{}", list_title(app));
                // The message lasts until the next key; the filter stays.
                app.update(Action::Down);
                assert!(!footer(app).contains("match"));
                assert_eq!(app.filter().query, "tokyo");
            },
        );
    }
    // Enter on an empty prompt filters nothing and says nothing.
    for_each_key(
        Action::Accept,
        Context::Prompt,
        typed(Context::List, ""),
        |app, _| {
            assert_eq!(app.status(), None);
            assert!(!app.filter().is_active());
            assert_eq!(list_title(app), "Articles 1/6");
        },
    );
    // `/` again shows the kept search, ready to edit.
    let mut app = searched(news_app(), Context::List, "tokyo");
    common::keys(&mut app, "/");
    assert_eq!(app.prompt(), Some("tokyo"));
    common::keys(&mut app, " rain");
    assert_eq!(list_ids(&app), ["tokyo-rain"]);
}

#[test]
fn esc_in_the_prompt_drops_the_search() {
    for context in PANES {
        for_each_key(
            Action::Cancel,
            Context::Prompt,
            typed(context, "tokyo"),
            |app, _| {
                assert_eq!(app.prompt(), None);
                assert_eq!(app.context(), context);
                assert_eq!(app.filter().query, "");
                assert_eq!(app.list().len(), 6);
                assert_eq!(list_title(app), "Articles 1/6");
                assert!(header(app).contains(" 6 articles"), "{}", header(app));
                assert!(!app.should_quit());
            },
        );
    }
}

#[test]
fn arrows_move_the_list_selection_while_typing() {
    for_each_key(
        Action::Down,
        Context::Prompt,
        typed(Context::List, "tokyo"),
        |app, key| {
            assert_eq!(app.context(), Context::Prompt, "still typing");
            assert_eq!(app.prompt(), Some("tokyo"));
            assert_eq!(app.selected(), 1);
            assert_eq!(
                app.selected_article().map(|a| a.id().to_owned()).as_deref(),
                Some("osaka-expo")
            );
            assert!(list_title(app).starts_with("Articles 2/3"));
            assert!(screen(app).contains("Osaka expects millions of visitors."));
            // Not past the last match.
            for _ in 0..5 {
                press(app, key);
            }
            assert_eq!(app.selected(), 2);
        },
    );
    let moved = || {
        let mut app = typed(Context::List, "tokyo")();
        app.update(Action::Down);
        app.update(Action::Down);
        app
    };
    for_each_key(Action::Up, Context::Prompt, moved, |app, key| {
        assert_eq!(app.context(), Context::Prompt);
        assert_eq!(app.selected(), 1);
        press(app, key);
        press(app, key);
        assert_eq!(app.selected(), 0);
        assert_eq!(app.prompt(), Some("tokyo"));
    });
}

#[test]
fn esc_in_the_list_drops_a_kept_search() {
    let kept = || {
        let mut app = searched(news_app(), Context::List, "tokyo");
        // On the second match, so the selection can be seen to stay.
        app.update(Action::Down);
        app
    };
    for_each_key(Action::ClearSearch, Context::List, kept, |app, key| {
        assert_eq!(app.filter().query, "");
        assert_eq!(app.list().len(), 6);
        assert_eq!(
            app.selected_article().map(|a| a.id().to_owned()).as_deref(),
            Some("osaka-expo"),
            "the selected article stays selected"
        );
        assert!(
            list_title(app).starts_with("Articles 2/6"),
            "{}",
            list_title(app)
        );
        // A second Esc has nothing left to drop and does not quit.
        press(app, key);
        assert!(!app.should_quit());
        assert_eq!(app.context(), Context::List);
    });
    // Other filters are not Esc's to drop.
    let mut app = news_app();
    app.update(Action::UnreadOnly);
    press(&mut app, keys_for(Action::ClearSearch, Context::List)[0]);
    assert!(app.filter().unread_only);
}

#[test]
fn n_and_shift_n_go_through_the_matches_in_the_article() {
    let seed = |context: Context| move || searched(seed_app(120, 40), context, "tokyo");
    for context in PANES {
        for_each_key(Action::NextMatch, context, seed(context), |app, key| {
            assert_eq!(app.context(), context, "focus stays where it was");
            assert!(footer(app).contains("match 1 of 3"), "{}", footer(app));
            assert!(app.reader_top() > 0, "the reader scrolled to the match");
            assert!(screen(app).contains("research lab in Tokyo."));
            let gold = gogai::ui::theme::MATCH_CURRENT.bg;
            let cyan = gogai::ui::theme::MATCH.bg;
            assert_eq!(reader_match_colours(app, "Tokyo"), [gold, cyan, cyan]);
            press(app, key);
            assert!(footer(app).contains("match 2 of 3"));
            let colours = reader_match_colours(app, "Tokyo");
            assert_eq!(colours.iter().filter(|c| **c == gold).count(), 1);
            assert_eq!(colours[0], gold, "{colours:?}");
            press(app, key);
            assert!(footer(app).contains("match 3 of 3"));
            press(app, key);
            assert!(footer(app).contains("match 1 of 3"), "round to the first");
        });
        for_each_key(Action::PrevMatch, context, seed(context), |app, key| {
            assert!(footer(app).contains("match 3 of 3"), "{}", footer(app));
            assert!(screen(app).contains("Keio University in Tokyo."));
            press(app, key);
            assert!(footer(app).contains("match 2 of 3"));
        });
    }
    // Without a search, or with one the text does not contain, n says so.
    for_each_key(Action::NextMatch, Context::List, news_app, |app, _| {
        assert!(footer(app).contains("no search: / searches"));
    });
    let title_only = || searched(news_app(), Context::List, "kumamoto");
    for_each_key(Action::NextMatch, Context::List, title_only, |app, _| {
        assert_eq!(list_ids(app), ["chip-plant"]);
        assert!(footer(app).contains("no match in this article's text"));
        assert_eq!(app.reader_top(), 0);
    });
}

#[test]
fn n_in_the_one_pane_layout_shows_the_reader() {
    let mut app = searched(seed_app(50, 30), Context::List, "tokyo");
    assert_eq!(app.screen().reader, None);
    press(&mut app, keys_for(Action::NextMatch, Context::List)[0]);
    assert_eq!(app.context(), Context::Reader, "the match is shown");
    assert!(footer(&app).contains("match 1 of 3"), "{}", footer(&app));
    assert_eq!(
        reader_match_colours(&app, "Tokyo").first(),
        Some(&gogai::ui::theme::MATCH_CURRENT.bg)
    );
}

#[test]
fn star_searches_for_every_article_mentioning_the_fact() {
    let on_fact = |value: &'static str| {
        move || {
            let mut app = facts_app();
            cursor_to_fact(&mut app, value);
            app
        }
    };
    for (value, query) in [
        ("Brad Smith", "person:\"Brad Smith\""),
        ("University of Tokyo", "org:\"University of Tokyo\""),
        ("Tokyo", "place:\"Tokyo\""),
    ] {
        for_each_key(
            Action::SearchFact,
            Context::Facts,
            on_fact(value),
            |app, _| {
                assert_eq!(app.filter().query, query);
                assert_eq!(app.context(), Context::List, "the list shows the articles");
                assert!(footer(app).contains(" of 2 mention "), "{}", footer(app));
                assert!(header(app).contains(" of 2 articles"), "{}", header(app));
            },
        );
    }
    // From the facts overlay (no room for the sidebar): the overlay closes.
    let overlay_on_person = || {
        let mut app = seed_app(80, 24);
        app.update(Action::FactsOverlay);
        cursor_to_fact(&mut app, "Brad Smith");
        app
    };
    for_each_key(
        Action::SearchFact,
        Context::FactsOverlay,
        overlay_on_person,
        |app, _| {
            assert_eq!(app.overlay(), None);
            assert_eq!(app.filter().query, "person:\"Brad Smith\"");
            assert!(footer(app).contains(" of 2 mention "), "{}", footer(app));
        },
    );
    // In the Japanese article the name is searched as written there.
    let japanese = || {
        let mut app = seed_app(120, 40);
        app.update(Action::NextArticle);
        let mut app = in_pane(app, Context::Facts);
        cursor_to_fact(&mut app, "ブラッド・スミス");
        app
    };
    for_each_key(Action::SearchFact, Context::Facts, japanese, |app, _| {
        assert_eq!(app.filter().query, "person:\"ブラッド・スミス\"");
    });
    // A figure or a quote is not something articles mention by name.
    for value in ["$2.9 billion", "1978"] {
        for_each_key(
            Action::SearchFact,
            Context::Facts,
            on_fact(value),
            |app, _| {
                assert_eq!(app.filter().query, "");
                assert_eq!(app.context(), Context::Facts);
                assert!(
                    footer(app).contains("* searches for people, organisations and places"),
                    "{}",
                    footer(app)
                );
            },
        );
    }
}

/// The footer names the fact searched for, whatever the search finds (the
/// list may no longer hold the article the fact came from, for instance
/// while names are still being found in the background).
#[test]
fn star_names_the_fact_it_searched_for() {
    for value in ["Brad Smith", "Tokyo"] {
        let mut app = facts_app();
        cursor_to_fact(&mut app, value);
        press(&mut app, keys_for(Action::SearchFact, Context::Facts)[0]);
        assert!(
            footer(&app).contains(&format!(" mention {value}")),
            "{}",
            footer(&app)
        );
    }
}

#[test]
fn s_stars_and_unstars() {
    for context in [Context::List, Context::Reader] {
        for_each_key(
            Action::ToggleStar,
            context,
            || in_pane(news_app(), context),
            |app, key| {
                assert!(app.is_starred(0));
                assert!(
                    list_rows(app)[0].contains("★ Tokyo startups bet on AI"),
                    "{:?}",
                    list_rows(app)
                );
                assert!(!list_rows(app)[1].contains('★'));
                assert!(footer(app).contains("starred — u to undo"));
                assert!(app.take_state_changes(), "the star is saved");
                press(app, key);
                assert!(!app.is_starred(0));
                assert!(!list_rows(app)[0].contains('★'));
                assert!(footer(app).contains("unstarred — u to undo"));
            },
        );
    }
    // The star and the unread mark sit side by side.
    let mut app = news_app();
    app.update(Action::ToggleStar);
    assert!(
        list_rows(&app)[0].starts_with("●★ Tokyo"),
        "{:?}",
        list_rows(&app)
    );
}

#[test]
fn shift_a_marks_every_article_shown_read() {
    for_each_key(Action::MarkAllRead, Context::List, list_app, |app, key| {
        assert_eq!(app.unread(), 0);
        assert!(header(app).contains("· 0 unread"), "{}", header(app));
        assert!(footer(app).contains("marked 100 read — u to undo"));
        assert!(list_rows(app).iter().all(|row| !row.contains('●')));
        press(app, key);
        assert!(footer(app).contains("nothing to mark"));
    });
    // Only what the filter shows.
    let tokyo = || searched(news_app(), Context::List, "tokyo");
    for_each_key(Action::MarkAllRead, Context::List, tokyo, |app, _| {
        assert_eq!(app.unread(), 3);
        assert!(footer(app).contains("marked 3 read"));
        assert!(app.is_read(0) && app.is_read(1) && app.is_read(4));
        assert!(!app.is_read(2) && !app.is_read(3) && !app.is_read(5));
    });
}

#[test]
fn u_undoes_the_last_marking() {
    for context in PANES {
        let marked = move || {
            let mut app = in_pane(news_app(), context);
            app.update(Action::MarkAllRead);
            app
        };
        let unread_before = in_pane(news_app(), context).unread();
        for_each_key(Action::Undo, context, marked, |app, key| {
            assert_eq!(app.unread(), unread_before, "{context:?}");
            assert!(footer(app).contains(&format!("undone: marked {unread_before} read")));
            assert!(list_rows(app)[1].starts_with('●'));
            press(app, key);
            assert!(footer(app).contains("nothing to undo"));
        });
    }
    // Steps come back one at a time, last first.
    let steps = || {
        let mut app = news_app();
        app.update(Action::ToggleStar);
        app.update(Action::Down);
        app.update(Action::ToggleRead);
        app
    };
    for_each_key(Action::Undo, Context::List, steps, |app, key| {
        assert!(!app.is_read(1));
        assert!(app.is_starred(0));
        press(app, key);
        assert!(!app.is_starred(0));
        assert!(footer(app).contains("undone: starred"));
    });
}

#[test]
fn shift_u_shows_unread_articles_only() {
    let some_read = |context: Context| {
        move || {
            let mut app = news_app();
            app.update(Action::Down);
            app.update(Action::ToggleRead);
            app.update(Action::Up);
            in_pane(app, context)
        }
    };
    for context in PANES {
        for_each_key(
            Action::UnreadOnly,
            context,
            some_read(context),
            |app, key| {
                assert!(app.filter().unread_only);
                let shown = list_ids(app);
                assert!(!shown.contains(&"osaka-expo".to_owned()), "{shown:?}");
                // Unread only, but the article being read stays in the list
                // though opening it marked it read.
                let selected = app.selected_article().map(|a| a.id().to_owned());
                assert!(shown.iter().all(|id| {
                    let i = app.library().position(id).unwrap_or(usize::MAX);
                    !app.is_read(i) || Some(id) == selected.as_ref()
                }));
                assert!(list_title(app).contains("· unread"), "{}", list_title(app));
                assert!(header(app).contains(&format!("{} of 6 articles", shown.len())));
                press(app, key);
                assert!(!app.filter().unread_only);
                assert_eq!(app.list().len(), 6);
                assert!(!list_title(app).contains("unread"));
            },
        );
    }
}

#[test]
fn shift_s_shows_starred_articles_only() {
    let two_starred = |context: Context| {
        move || {
            let mut app = news_app();
            app.update(Action::Down);
            app.update(Action::ToggleStar);
            app.update(Action::Bottom);
            app.update(Action::ToggleStar);
            app.update(Action::Top);
            in_pane(app, context)
        }
    };
    for context in PANES {
        for_each_key(
            Action::StarredOnly,
            context,
            two_starred(context),
            |app, key| {
                assert_eq!(list_ids(app), ["osaka-expo", "ai-rules"]);
                assert!(list_title(app).contains("· starred"), "{}", list_title(app));
                assert!(header(app).contains("2 of 6 articles"));
                assert!(list_rows(app).iter().all(|row| row.contains('★')));
                press(app, key);
                assert_eq!(app.list().len(), 6);
            },
        );
    }
    // Nothing starred: the list says how to get out.
    for_each_key(Action::StarredOnly, Context::List, news_app, |app, _| {
        assert!(app.list().is_empty());
        assert!(screen(app).contains("Nothing matches."));
    });
}

#[test]
fn t_picks_a_tag() {
    for context in PANES {
        for_each_key(
            Action::Tags,
            context,
            || in_pane(news_app(), context),
            |app, _| {
                assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Tags));
                assert_eq!(app.context(), Context::Picker);
                // Most used first; "AI" and "ai" are one tag.
                let choices: Vec<(&str, usize)> = app
                    .tag_choices()
                    .iter()
                    .map(|(t, n)| (t.as_str(), *n))
                    .collect();
                assert_eq!(
                    choices,
                    [("AI", 3), ("Europe", 2), ("Japan", 2), ("chips", 1)]
                );
                let text = screen(app);
                assert!(text.contains("Tags — Enter picks, Esc closes"));
                assert!(text.contains("All articles"));
                assert!(text.contains("#Europe"));
                assert_eq!(app.overlay().map(|o| o.cursor), Some(0));
                // j moves to #AI, Enter picks it.
                common::press(app, KeyCode::Char('j'));
                assert_eq!(app.overlay().map(|o| o.cursor), Some(1));
                common::press(app, KeyCode::Enter);
                assert_eq!(app.overlay(), None);
                assert_eq!(app.filter().tag.as_deref(), Some("AI"));
                assert_eq!(list_ids(app), ["tokyo-ai", "chip-plant", "ai-rules"]);
                assert!(list_title(app).contains("· #AI"), "{}", list_title(app));
                assert!(header(app).contains("3 of 6 articles"));
                // Open again: the cursor is on the tag in force; row 0 is all.
                common::press(app, KeyCode::Char('t'));
                assert_eq!(app.overlay().map(|o| o.cursor), Some(1));
                common::press(app, KeyCode::Char('k'));
                common::press(app, KeyCode::Enter);
                assert_eq!(app.filter().tag, None);
                assert_eq!(app.list().len(), 6);
            },
        );
    }
    // The footer offers what works in the picker.
    let mut app = news_app();
    app.update(Action::Tags);
    let line = footer(&app);
    assert!(line.contains("j/k move"), "{line}");
    // Esc closes the picker and changes nothing.
    let mut app = news_app();
    app.update(Action::Tags);
    app.update(Action::Down);
    common::press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.filter().tag, None);
}

/// Enter in the tag picker picks the tag and `*` does nothing there: the
/// footer must not offer "Enter show in text" or "* articles with it",
/// which are the facts overlay's.
#[test]
fn the_tag_picker_footer_offers_only_what_works_there() {
    let mut app = news_app();
    press(&mut app, keys_for(Action::Tags, Context::List)[0]);
    let line = footer(&app);
    assert!(!line.contains("show in text"), "{line}");
    assert!(!line.contains("articles with it"), "{line}");
}

#[test]
fn shift_o_cycles_the_sort() {
    use gogai::view::Sort;
    for context in PANES {
        for_each_key(
            Action::CycleSort,
            context,
            || in_pane(news_app(), context),
            |app, key| {
                assert_eq!(app.sort(), Sort::Title);
                assert!(footer(app).contains("sorted by title"));
                assert!(
                    list_title(app).ends_with("· by title"),
                    "{}",
                    list_title(app)
                );
                assert_eq!(list_ids(app)[0], "chip-plant");
                press(app, key);
                assert_eq!(app.sort(), Sort::Source);
                assert!(footer(app).contains("sorted by source"));
                assert!(list_title(app).ends_with("· by source"));
                assert_eq!(list_ids(app)[0], "rail-strike");
                let newest_first = {
                    let mut ids = list_ids(app);
                    ids.sort();
                    ids
                };
                press(app, key);
                assert_eq!(app.sort(), Sort::Oldest);
                assert!(footer(app).contains("sorted by oldest"));
                assert!(list_title(app).ends_with("· by oldest"));
                assert_eq!(list_ids(app).last().map(String::as_str), Some("tokyo-ai"));
                let mut same = list_ids(app);
                same.sort();
                assert_eq!(same, newest_first, "the same articles");
                press(app, key);
                assert_eq!(app.sort(), Sort::Date);
                assert!(footer(app).contains("sorted by date"));
                assert!(!list_title(app).contains(" by "), "date is the default");
                assert_eq!(list_ids(app)[0], "tokyo-ai");
            },
        );
    }
}

#[test]
fn shift_f_hides_and_shows_the_facts_sidebar() {
    for context in PANES {
        for_each_key(
            Action::Sidebar,
            context,
            || in_pane(seed_app(120, 40), context),
            |app, key| {
                assert!(!app.sidebar());
                assert_eq!(app.screen().facts, None);
                assert!(!screen(app).contains("Key figures"));
                if context == Context::Facts {
                    assert_eq!(app.focus(), Pane::Reader, "focus leaves the hidden pane");
                }
                // The reader takes the room.
                assert!(app.screen().reader.is_some_and(|r| r.width > 70));
                press(app, key);
                assert!(app.sidebar());
                assert!(screen(app).contains("Key figures"));
            },
        );
    }
    // Too narrow for it: F changes nothing, and the footer says why.
    for_each_key(
        Action::Sidebar,
        Context::List,
        || seed_app(80, 24),
        |app, _| {
            assert!(app.sidebar());
            assert_eq!(app.screen().facts, None);
            assert!(
                footer(app).contains("the sidebar needs 100 columns: f shows the facts"),
                "{}",
                footer(app)
            );
        },
    );
}

#[test]
fn o_opens_and_y_copies_the_link() {
    for (action, effect) in [
        (Action::OpenLink, Effect::OpenLink as fn(String) -> Effect),
        (Action::CopyLink, Effect::Copy),
    ] {
        for context in PANES {
            for_each_key(
                action,
                context,
                || in_pane(news_app(), context),
                |app, _| {
                    assert_eq!(
                        app.take_effect(),
                        Some(effect("https://example.com/tokyo-ai".to_owned()))
                    );
                    assert_eq!(app.take_effect(), None, "handed over once");
                },
            );
            // chip-plant has no link.
            let no_link = || {
                let mut app = news_app();
                app.update(Action::Down);
                app.update(Action::Down);
                in_pane(app, context)
            };
            for_each_key(action, context, no_link, |app, _| {
                assert_eq!(app.take_effect(), None);
                assert!(footer(app).contains("this article has no link"));
            });
        }
    }
}

#[test]
fn capital_r_refreshes_the_feeds_of_a_folder_but_not_of_the_bundled_articles() {
    for context in PANES {
        // The bundled articles have no folder to fetch into: it says so.
        for_each_key(
            Action::Refresh,
            context,
            || in_pane(news_app(), context),
            |app, _| {
                assert_eq!(app.take_effect(), None);
                assert!(footer(app).contains("take no feeds"), "{}", footer(app));
            },
        );
        let in_folder = || {
            let bundled = news();
            let library = gogai::store::library::Library {
                origin: gogai::store::library::LibrarySource::Flag("/news".into()),
                ..bundled
            };
            in_pane(app_of(library, 120, 40), context)
        };
        for_each_key(Action::Refresh, context, in_folder, |app, _| {
            let Some(Effect::Refresh(job)) = app.take_effect() else {
                panic!("a refresh is asked for");
            };
            assert_eq!(job.dir, std::path::Path::new("/news"));
            assert!(
                common::header(app).contains("updating 0/0"),
                "{}",
                common::header(app)
            );
        });
    }
}

#[test]
fn r_asks_for_a_reload_that_keeps_the_place() {
    for context in PANES {
        let on_osaka = || {
            let mut app = news_app();
            app.update(Action::Down);
            app.update(Action::ToggleStar);
            in_pane(app, context)
        };
        for_each_key(Action::Reload, context, on_osaka, |app, _| {
            assert_eq!(app.take_effect(), Some(Effect::Reload));
            assert_eq!(app.take_effect(), None);
            // The caller reads the folder again, now with one more article.
            let mut grown = common::library_of(&[serde_json::json!({
                "id": "newest", "title": "Fresh off the wire",
                "published": "2024-06-01", "body": ["Just in."],
            })]);
            let news = news();
            for i in 0..news.articles.len() {
                let article = news.articles.open(i).expect("listed").into_owned();
                grown.insert(article, None);
            }
            app.update(Message::Reloaded(Ok(grown)));
            assert_eq!(
                app.selected_article().map(|a| a.id().to_owned()).as_deref(),
                Some("osaka-expo"),
                "the same article stays selected"
            );
            assert_eq!(app.context(), context);
            assert!(header(app).contains(" 7 articles"), "{}", header(app));
            assert!(footer(app).contains("reloaded: 7 articles"));
            let osaka = app.library().position("osaka-expo").unwrap_or(usize::MAX);
            assert!(app.is_starred(osaka), "marks survive a reload");
        });
    }
}

// ----- the mouse -----

/// The middle of row `row` (0-based article row) of the list.
fn list_row_at(app: &App, row: u16) -> (u16, u16) {
    let inner = gogai::layout::inner(app.screen().list.expect("list shown"));
    (inner.x + 5, inner.y + row * 2)
}

/// Where `needle` is drawn in `area`: its first cell.
fn where_is(app: &App, area: ratatui::layout::Rect, needle: &str) -> (u16, u16) {
    let found = common::find_in(app, area, needle);
    let first = found
        .first()
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", screen(app)));
    (first.x, first.y)
}

#[test]
fn a_click_selects_a_list_row_and_a_second_click_opens_it() {
    let mut app = news_app();
    let (x, y) = list_row_at(&app, 2);
    app.update(Action::Click(x, y));
    assert_eq!(app.selected(), 2);
    assert_eq!(app.focus(), Pane::List);
    assert!(!app.is_read(2), "one click only selects");
    assert!(screen(&app).contains("The plant will make chips for AI servers."));
    // The row's second line is the same article.
    app.update(Action::Click(x, y + 1));
    assert_eq!(app.focus(), Pane::Reader, "a second click opens it");
    assert!(app.is_read(2));
    // Below the last article nothing is selected.
    let mut app = news_app();
    let (x, y) = list_row_at(&app, 10);
    app.update(Action::Click(x, y));
    assert_eq!(app.selected(), 0);
    // A scrolled list: the row under the pointer, not the row number.
    let mut app = list_app();
    app.update(Action::Bottom);
    let top = app.list_top();
    assert!(top > 0);
    let (x, y) = list_row_at(&app, 0);
    app.update(Action::Click(x, y));
    assert_eq!(app.selected(), top);
    // Clicking while typing a search picks from the results.
    let mut app = typed(Context::List, "tokyo")();
    let (x, y) = list_row_at(&app, 2);
    app.update(Action::Click(x, y));
    assert_eq!(
        app.selected_article().map(|a| a.id().to_owned()).as_deref(),
        Some("tokyo-rain")
    );
    assert_eq!(app.prompt(), Some("tokyo"));
}

#[test]
fn a_click_focuses_the_pane_under_the_pointer() {
    let mut app = seed_app(120, 40);
    let reader = app.screen().reader.expect("reader");
    app.update(Action::Click(reader.x + 10, reader.y + 10));
    assert_eq!(app.focus(), Pane::Reader);
    assert!(app.is_read(0), "reading the article marks it read");
    let facts = app.screen().facts.expect("sidebar");
    // The sidebar's border: focus, but no fact.
    app.update(Action::Click(facts.x, facts.y));
    assert_eq!(app.focus(), Pane::Facts);
    assert_eq!(app.fact_selected(), 0);
    let list = app.screen().list.expect("list");
    app.update(Action::Click(list.x, list.y));
    assert_eq!(app.focus(), Pane::List);
    assert_eq!(app.selected(), 0, "the border is no row");
    // The header and footer do nothing.
    app.update(Action::Click(50, 0));
    app.update(Action::Click(50, 39));
    assert_eq!(app.focus(), Pane::List);
}

#[test]
fn a_click_on_a_fact_shows_its_sentence() {
    let mut app = seed_app(120, 40);
    let facts = app.screen().facts.expect("sidebar");
    assert!(!screen(&app).contains("Microsoft will also provide $10 million"));
    let (x, y) = where_is(&app, facts, "$10 million");
    app.update(Action::Click(x, y));
    assert_eq!(app.focus(), Pane::Facts);
    assert_eq!(
        app.facts_flat()
            .nth(app.fact_selected())
            .map(|f| f.value.as_str()),
        Some("$10 million")
    );
    assert!(screen(&app).contains("Microsoft will also provide $10 million"));
    let style = style_of(&app, "Microsoft will also provide").expect("on screen");
    assert_eq!(style.bg, gogai::ui::theme::HIGHLIGHT.bg);
    // In the facts overlay a click does the same and closes it.
    let mut app = seed_app(80, 24);
    app.update(Action::FactsOverlay);
    let rect = gogai::layout::overlay_rect(app.area(), OverlayKind::Facts);
    let (x, y) = where_is(&app, rect, "$10 million");
    app.update(Action::Click(x, y));
    assert_eq!(app.overlay(), None);
    assert!(screen(&app).contains("Microsoft will also provide $10 million"));
    // A click outside an overlay closes it.
    let mut app = news_app();
    app.update(Action::Help);
    app.update(Action::Click(0, 20));
    assert_eq!(app.overlay(), None);
}

#[test]
fn a_click_in_the_tag_picker_picks_the_row() {
    let mut app = news_app();
    app.update(Action::Tags);
    let rect = gogai::layout::overlay_rect(app.area(), OverlayKind::Tags);
    let (x, y) = where_is(&app, rect, "#Europe");
    app.update(Action::Click(x, y));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.filter().tag.as_deref(), Some("Europe"));
    assert_eq!(list_ids(&app), ["rail-strike", "ai-rules"]);
    app.update(Action::Tags);
    let (x, y) = where_is(&app, rect, "All articles");
    app.update(Action::Click(x, y));
    assert_eq!(app.filter().tag, None);
    assert_eq!(app.list().len(), 6);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = seed_app(120, 40);
    let screen_rects = app.screen();
    let reader = screen_rects.reader.expect("reader");
    let (rx, ry) = (reader.x + 10, reader.y + 10);
    app.update(Action::Wheel(rx, ry, true));
    assert_eq!(app.reader_top(), 3, "three lines a notch");
    assert_eq!(app.focus(), Pane::List, "the wheel does not move focus");
    assert!(!app.is_read(0));
    app.update(Action::Wheel(rx, ry, true));
    app.update(Action::Wheel(rx, ry, false));
    assert_eq!(app.reader_top(), 3);
    app.update(Action::Wheel(rx, ry, false));
    app.update(Action::Wheel(rx, ry, false));
    assert_eq!(app.reader_top(), 0, "not above the top");
    let facts = screen_rects.facts.expect("sidebar");
    app.update(Action::Wheel(facts.x + 5, facts.y + 5, true));
    assert_eq!(app.facts_top(), 3);
    assert_eq!(app.reader_top(), 0);
    let list = screen_rects.list.expect("list");
    app.update(Action::Wheel(list.x + 5, list.y + 5, true));
    assert_eq!(app.selected(), 1, "the list moves a row a notch");
    assert!(screen(&app).contains("マイクロソフト、日本のクラウド"));
    app.update(Action::Wheel(list.x + 5, list.y + 5, false));
    assert_eq!(app.selected(), 0);
    assert!(!app.is_read(1), "browsing the list marks nothing, as j/k");
    // While reading, the wheel over the list reads on, as J/K do: the
    // article it brings into the reading pane is marked read.
    app.update(Action::Open);
    assert_eq!(app.focus(), Pane::Reader);
    app.update(Action::Wheel(list.x + 5, list.y + 5, true));
    assert_eq!(app.selected(), 1);
    assert!(app.is_read(1), "the article the wheel opened is read");
    // Over an overlay the wheel scrolls the overlay.
    let mut app = overlay_app();
    let before = overlay_top_line(&app);
    app.update(Action::Wheel(60, 8, true));
    assert_ne!(overlay_top_line(&app), before);
    assert_eq!(app.reader_top(), 0);
}

// ----- subscriptions in the reader: next unread, feeds, links -----

fn feeds_app() -> App {
    common::feeds_app(120, 40)
}

fn ids_of(app: &App) -> Vec<String> {
    list_ids(app)
}

fn selected_id(app: &App) -> String {
    app.selected_article()
        .map(|a| a.id().to_owned())
        .unwrap_or_default()
}

#[test]
fn n_goes_to_the_next_unread_article_and_round_to_the_top() {
    for context in PANES {
        let setup = move || in_pane(feeds_app(), context);
        for_each_key(Action::NextUnread, context, setup, |app, key| {
            // From n1, the next unread is n2.
            assert_eq!(selected_id(app), "n2", "{context:?}");
            assert_eq!(app.context(), context, "focus stays");
            press(app, key);
            assert_eq!(selected_id(app), "b1");
        });
    }
    // Marked read ones are skipped, and the end goes round to the top.
    let mut app = feeds_app();
    let key = keys_for(Action::NextUnread, Context::List)[0];
    let toggle = keys_for(Action::ToggleRead, Context::List)[0];
    // Mark n2 and b1 read from the list, then come back to the top.
    press(&mut app, keys_for(Action::Down, Context::List)[0]);
    press(&mut app, toggle);
    press(&mut app, keys_for(Action::Down, Context::List)[0]);
    press(&mut app, toggle);
    press(&mut app, keys_for(Action::Top, Context::List)[0]);
    assert_eq!(selected_id(&app), "n1");
    press(&mut app, key);
    assert_eq!(selected_id(&app), "g1", "read ones are passed over");
    press(&mut app, key);
    assert_eq!(selected_id(&app), "x1");
    press(&mut app, key);
    assert_eq!(selected_id(&app), "n1", "round to the top");
    assert!(
        footer(&app).contains("went round to the top"),
        "{}",
        footer(&app)
    );
    // In the reader, n reads: it marks the article it goes to.
    let mut app = feeds_app();
    app.update(Action::Open);
    let unread = app.unread();
    press(&mut app, key);
    assert_eq!(selected_id(&app), "n2");
    assert_eq!(app.unread(), unread - 1, "n2 is read now");
    // With nothing unread, the footer says so and nothing moves.
    let mut app = feeds_app();
    press(&mut app, keys_for(Action::MarkAllRead, Context::List)[0]);
    press(&mut app, key);
    assert_eq!(selected_id(&app), "n1");
    assert!(
        footer(&app).contains("no unread articles"),
        "{}",
        footer(&app)
    );
}

#[test]
fn shift_n_and_p_go_to_the_previous_unread_article() {
    for context in PANES {
        let setup = move || {
            let mut app = feeds_app();
            app.update(Action::Bottom);
            in_pane(app, context)
        };
        for_each_key(Action::PrevUnread, context, setup, |app, key| {
            assert_eq!(selected_id(app), "g1", "{context:?}");
            press(app, key);
            assert_eq!(selected_id(app), "b1");
        });
    }
    // From the top it goes round to the end.
    let mut app = feeds_app();
    press(&mut app, keys_for(Action::PrevUnread, Context::List)[0]);
    assert_eq!(selected_id(&app), "x1");
    assert!(
        footer(&app).contains("went round to the end"),
        "{}",
        footer(&app)
    );
}

#[test]
fn the_search_matches_moved_to_brackets_and_n_is_free_of_them() {
    let names = |action| -> Vec<String> {
        keys_for(action, Context::Reader)
            .iter()
            .map(|k| k.name())
            .collect()
    };
    assert_eq!(names(Action::NextMatch), ["]"]);
    assert_eq!(names(Action::PrevMatch), ["["]);
    assert_eq!(names(Action::NextUnread), ["n"]);
    assert_eq!(names(Action::PrevUnread), ["N", "p"]);
    // With a search in force, n still goes to the next unread article.
    let mut app = searched(news_app(), Context::List, "tokyo");
    let first = selected_id(&app);
    press(&mut app, keys_for(Action::NextUnread, Context::List)[0]);
    assert_ne!(selected_id(&app), first);
    assert!(!footer(&app).contains("match"), "{}", footer(&app));
}

#[test]
fn v_shows_the_feeds_by_tag_and_enter_keeps_one_feed() {
    for context in PANES {
        let setup = move || in_pane(feeds_app(), context);
        for_each_key(Action::Feeds, context, setup, |app, key| {
            assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Feeds));
            assert_eq!(app.context(), Context::Picker);
            let text = screen(app);
            for row in [
                "All articles",
                "#news",
                "#tech",
                "Example News",
                "A Blog",
                "Not in the feeds file",
                "https://gone.example/feed",
                "not from a feed",
            ] {
                assert!(text.contains(row), "{row} missing:\n{text}");
            }
            press(app, key);
            assert_eq!(app.overlay(), None, "the same key closes it");
        });
    }
    // Counts are unread/all: opening n1 in the reader read it.
    let mut app = feeds_app();
    app.update(Action::Open);
    app.update(Action::Back);
    press(&mut app, keys_for(Action::Feeds, Context::List)[0]);
    let text = screen(&app);
    let news_line = text
        .lines()
        .find(|l| l.contains("Example News"))
        .unwrap_or_default();
    assert!(news_line.contains("1/2"), "{news_line}");
    // Down from "All articles" skips the heading to the first feed; Enter
    // keeps only its articles and says so in the list's title.
    press(&mut app, keys_for(Action::Down, Context::Picker)[0]);
    press(&mut app, keys_for(Action::Pick, Context::Picker)[0]);
    assert_eq!(app.overlay(), None);
    assert_eq!(ids_of(&app), ["n1", "n2"]);
    assert!(
        list_title(&app).contains("@Example News"),
        "{}",
        list_title(&app)
    );
    assert!(header(&app).contains("2 of 5 articles"), "{}", header(&app));
    // The feed the file no longer lists, and the articles from no feed.
    let pick = |app: &mut App, row: &str| {
        press(app, keys_for(Action::Feeds, Context::List)[0]);
        let at = app
            .feed_choices()
            .iter()
            .position(|r| matches!(r, gogai::view::FeedRow::Feed { title, .. } if title == row))
            .unwrap_or_else(|| panic!("no row {row}"));
        press(app, keys_for(Action::Top, Context::Picker)[0]);
        let cursor = app.overlay().unwrap().cursor;
        for _ in cursor..at {
            app.update(Action::Down);
        }
        while app.overlay().unwrap().cursor > at {
            app.update(Action::Up);
        }
        press(app, keys_for(Action::Pick, Context::Picker)[0]);
    };
    pick(&mut app, "https://gone.example/feed");
    assert_eq!(ids_of(&app), ["g1"]);
    pick(&mut app, "not from a feed");
    assert_eq!(ids_of(&app), ["x1"]);
    // Esc in the list drops it; "All articles" does too.
    press(&mut app, keys_for(Action::ClearSearch, Context::List)[0]);
    assert_eq!(ids_of(&app).len(), 5);
    pick(&mut app, "A Blog");
    assert_eq!(ids_of(&app), ["b1"]);
    pick(&mut app, "All articles");
    assert_eq!(ids_of(&app).len(), 5);
    assert!(!list_title(&app).contains('@'));
}

/// [`feeds_app`] over a folder, so `R` has somewhere to write.
fn feeds_app_in_a_folder() -> App {
    let library = gogai::store::library::Library {
        origin: gogai::store::library::LibrarySource::Flag("/news".into()),
        ..common::feed_library()
    };
    let mut app = app_of(library, 120, 40);
    app.update(Message::Subscriptions(Ok(common::subscriptions())));
    app
}

/// The feeds view's line naming `feed`.
fn feeds_line(app: &App, feed: &str) -> String {
    screen(app)
        .lines()
        .find(|l| l.contains(feed))
        .unwrap_or_default()
        .to_owned()
}

/// Moves the feeds view's cursor onto the feed called `title`.
fn cursor_to_feed(app: &mut App, title: &str) {
    let at = app
        .feed_choices()
        .iter()
        .position(|r| matches!(r, gogai::view::FeedRow::Feed { title: t, .. } if t == title))
        .unwrap_or_else(|| panic!("no row {title}"));
    while app.overlay().expect("open").cursor < at {
        app.update(Action::Down);
    }
}

fn refresh_jobs(app: &mut App) -> Vec<Option<Vec<String>>> {
    std::iter::from_fn(|| app.take_effect())
        .filter_map(|e| match e {
            Effect::Refresh(job) => Some(job.only),
            _ => None,
        })
        .collect()
}

#[test]
fn capital_r_in_the_feeds_view_refreshes_the_feed_under_the_cursor() {
    for_each_key(
        Action::RefreshPicked,
        Context::Picker,
        || {
            let mut app = feeds_app_in_a_folder();
            app.update(Action::Feeds);
            cursor_to_feed(&mut app, "A Blog");
            app
        },
        |app, _| {
            assert_eq!(
                refresh_jobs(app),
                [Some(vec!["https://blog.example/atom".to_owned()])]
            );
            assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Feeds));
            assert!(
                footer(app).contains("updating https://blog.example/atom"),
                "{}",
                footer(app)
            );
        },
    );
    // On "All articles": every feed.
    let mut app = feeds_app_in_a_folder();
    app.update(Action::Feeds);
    press(
        &mut app,
        keys_for(Action::RefreshPicked, Context::Picker)[0],
    );
    assert_eq!(refresh_jobs(&mut app), [None]);
    // In the tags: the feeds of the feeds file with that tag.
    let mut app = feeds_app_in_a_folder();
    app.update(Message::Reloaded(Ok(gogai::store::library::Library {
        origin: gogai::store::library::LibrarySource::Flag("/news".into()),
        ..common::library_of(&[serde_json::json!({
            "id": "t1", "title": "Tagged", "tags": ["news"], "body": ["x"],
        })])
    })));
    app.update(Action::Tags);
    app.update(Action::Down);
    press(
        &mut app,
        keys_for(Action::RefreshPicked, Context::Picker)[0],
    );
    assert_eq!(
        refresh_jobs(&mut app),
        [Some(vec![
            "https://news.example/rss".to_owned(),
            "https://blog.example/atom".to_owned()
        ])]
    );
    // Help lists it, from the keymap.
    let mut app = feeds_app_in_a_folder();
    app.update(Action::Help);
    let mut text = String::new();
    for _ in 0..20 {
        text.push_str(&screen(&app));
        app.update(Action::PageDown);
    }
    assert!(text.contains("refresh only the feed"), "{text}");
}

#[test]
fn the_feeds_view_follows_a_refresh_while_it_is_open_and_its_cursor_stays() {
    let mut app = feeds_app_in_a_folder();
    app.update(Action::Feeds);
    cursor_to_feed(&mut app, "A Blog");
    let before = app.overlay().expect("open");
    assert!(feeds_line(&app, "Example News").contains("2/2"));
    app.update(Action::Refresh);
    // R in the view refreshes the blog; the timer's refresh of every feed
    // reports the same way.
    app.update(Message::Refresh(RefreshNews::Started { feeds: 2 }));
    app.update(Message::Refresh(RefreshNews::FeedStarted {
        url: "https://news.example/rss".into(),
    }));
    assert!(
        feeds_line(&app, "Example News").contains("updating…"),
        "{}",
        screen(&app)
    );
    app.update(Message::Refresh(RefreshNews::Feed {
        url: "https://news.example/rss".into(),
        label: "Example News".into(),
        said: "new 1".into(),
        new: 1,
        updated: 0,
        failed: false,
    }));
    app.update(Message::Refresh(RefreshNews::Feed {
        url: "https://blog.example/atom".into(),
        label: "A Blog".into(),
        said: "failed: the server answered 500".into(),
        new: 0,
        updated: 0,
        failed: true,
    }));
    let news_line = feeds_line(&app, "Example News");
    assert!(news_line.contains("new 1"), "{news_line}");
    let blog_line = feeds_line(&app, "A Blog");
    assert!(
        blog_line.contains("failed: the server answered 500"),
        "{blog_line}"
    );
    // The new article arrives: the counts change where they are.
    let mut grown = common::feed_library();
    grown.insert(
        gogai::article::parse(
            br#"{"id": "n3", "title": "News three", "published": "2024-05-07",
                "feed": "https://news.example/rss", "body": ["Three."]}"#,
            "n3.json",
            "n3.json",
        )
        .articles
        .remove(0),
        None,
    );
    let grown = gogai::store::library::Library {
        origin: gogai::store::library::LibrarySource::Flag("/news".into()),
        ..grown
    };
    app.update(Message::Checked(Ok(Some(grown))));
    assert!(
        feeds_line(&app, "Example News").contains("3/3"),
        "{}",
        screen(&app)
    );
    assert_eq!(app.overlay(), Some(before), "the cursor has not moved");
    // A feed added to the feeds file meanwhile, sorted above: the cursor
    // stays on the blog's row.
    let mut feeds = common::subscriptions();
    feeds.push(gogai::feeds::Subscription {
        url: "https://first.example/rss".into(),
        name: Some("Aardvark Daily".into()),
        tags: vec!["aaa".into()],
        line: 0,
    });
    app.update(Message::Refresh(RefreshNews::Feeds(feeds)));
    assert!(screen(&app).contains("Aardvark Daily"));
    let cursor = app.overlay().expect("open").cursor;
    assert!(
        matches!(&app.feed_choices()[cursor], gogai::view::FeedRow::Feed { title, .. } if title == "A Blog"),
        "{:?}",
        app.feed_choices()[cursor]
    );
}

#[test]
fn the_feeds_view_without_a_feeds_file_says_how_to_add_one() {
    let mut app = app_of(common::feed_library(), 120, 40);
    app.update(Action::Feeds);
    let text = screen(&app);
    assert!(text.contains("gogai --subscribe URL"), "{text}");
    assert!(text.contains("https://news.example/rss"), "grouped by URL");
}

#[test]
fn l_lists_the_links_and_a_number_opens_one() {
    for context in PANES {
        let setup = move || in_pane(feeds_app(), context);
        for_each_key(Action::Links, context, setup, |app, key| {
            assert_eq!(app.overlay().map(|o| o.kind), Some(OverlayKind::Links));
            assert_eq!(app.context(), Context::Links);
            let text = screen(app);
            for row in [
                "[1] https://a.example/one",
                "[2] https://b.example/two",
                "[3] https://c.example/three",
                "[4] ▶ audio/mpeg · 12.0 MB https://news.example/ep1.mp3",
            ] {
                assert!(text.contains(row), "{row} missing:\n{text}");
            }
            press(app, key);
            assert_eq!(app.overlay(), None, "the same key closes it");
        });
    }
    let open = |typed: &str| {
        let mut app = feeds_app();
        app.update(Action::Links);
        while app.take_effect().is_some() {}
        common::keys(&mut app, typed);
        let mut opened = Vec::new();
        while let Some(effect) = app.take_effect() {
            if let Effect::OpenLink(url) = effect {
                opened.push(url);
            }
        }
        (app, opened)
    };
    // Four rows: any digit is a whole number, opened at once.
    let (app, opened) = open("2");
    assert_eq!(opened, ["https://b.example/two"]);
    assert_eq!(app.overlay().map(|o| o.cursor), Some(1), "cursor on [2]");
    let (_, opened) = open("4");
    assert_eq!(opened, ["https://news.example/ep1.mp3"], "the enclosure");
    // A number with no link says so and opens nothing.
    let (app, opened) = open("7");
    assert!(opened.is_empty());
    assert!(footer(&app).contains("no link [7]"), "{}", footer(&app));
    // Enter opens the link under the cursor; the overlay stays for another.
    let mut app = feeds_app();
    app.update(Action::Links);
    app.update(Action::Down);
    press(&mut app, keys_for(Action::Pick, Context::Links)[0]);
    assert_eq!(
        app.take_effect(),
        Some(Effect::OpenLink("https://b.example/two".into()))
    );
    assert_eq!(app.context(), Context::Links);
    // o still opens the article's own link.
    press(&mut app, keys_for(Action::Back, Context::Links)[0]);
    press(&mut app, keys_for(Action::OpenLink, Context::List)[0]);
    assert_eq!(
        app.take_effect(),
        Some(Effect::OpenLink("https://news.example/1".into()))
    );
    // An article with no links says so instead of opening an empty list.
    let mut app = feeds_app();
    app.update(Action::Down);
    press(&mut app, keys_for(Action::Links, Context::List)[0]);
    assert_eq!(app.overlay(), None);
    assert!(footer(&app).contains("no links"), "{}", footer(&app));
}

#[test]
fn two_digits_pick_a_link_past_the_ninth() {
    use serde_json::json;
    let links: Vec<String> = (1..=12).map(|i| format!("https://l.example/{i}")).collect();
    let library = common::library_of(&[json!({
        "id": "many", "title": "Many links", "body": ["Text."], "links": links,
    })]);
    let mut app = app_of(library, 120, 40);
    app.update(Action::Links);
    common::keys(&mut app, "1");
    assert_eq!(app.take_effect(), None, "1 could be 10, 11 or 12: it waits");
    assert_eq!(app.overlay().map(|o| o.cursor), Some(0));
    assert!(
        screen(&app).contains("Links — [1▏"),
        "the number so far shows"
    );
    common::keys(&mut app, "2");
    assert_eq!(
        app.take_effect(),
        Some(Effect::OpenLink("https://l.example/12".into()))
    );
    // 1 then Enter opens the first.
    common::keys(&mut app, "1");
    press(&mut app, keys_for(Action::Pick, Context::Links)[0]);
    assert_eq!(
        app.take_effect(),
        Some(Effect::OpenLink("https://l.example/1".into()))
    );
}

#[test]
fn the_reader_heading_shows_the_feed_by_name_the_url_and_the_enclosure() {
    let mut app = feeds_app();
    app.update(Action::Open);
    let text = screen(&app);
    assert!(text.contains("feed: Example News"), "{text}");
    assert!(text.contains("↗ https://news.example/1"), "{text}");
    assert!(text.contains("▶ audio/mpeg · 12.0 MB"), "{text}");
    // Without the feeds file, the feed is named by its URL.
    let mut app = app_of(common::feed_library(), 120, 40);
    app.update(Action::Open);
    assert!(screen(&app).contains("feed: https://news.example/rss"));
}

// ----- d: delete one article, u puts it back -----

/// A folder of three article files, newest first `c`, `b`, `a`, and the
/// app over it (a wide screen, so footer messages fit).
fn folder_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    for (id, day) in [("a", 1), ("b", 2), ("c", 3)] {
        let json = serde_json::json!({
            "id": id,
            "title": format!("Title {id}"),
            "published": format!("2024-03-{day:02}"),
            "body": [format!("Body of {id}.")],
        });
        std::fs::write(dir.path().join(format!("{id}.json")), json.to_string()).unwrap();
    }
    let app = app_over(dir.path());
    (dir, app)
}

fn app_over(dir: &std::path::Path) -> App {
    let library = gogai::store::library::Library::load_dir(
        gogai::store::library::LibrarySource::Flag(dir.to_path_buf()),
        dir,
    )
    .unwrap();
    app_of(library, 200, 30)
}

/// Carries out the deletes and restores asked for, as the workers do, and
/// hands the results back; other effects are dropped.
fn carry_out_moves(app: &mut App) {
    while let Some(effect) = app.take_effect() {
        match effect {
            Effect::Delete(job) => app.update(Message::Deleted(Box::new(job.run()))),
            Effect::Restore(job) => app.update(Message::Restored(Box::new(job.run()))),
            _ => {}
        }
    }
}

fn ids_in_folder(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn delete_moves_the_file_to_the_trash_and_u_moves_it_back() {
    for context in [Context::List, Context::Reader] {
        for key in keys_for(Action::Delete, context) {
            let (dir, mut app) = folder_app();
            if context == Context::Reader {
                app.update(Action::Open);
            }
            assert_eq!(app.context(), context);
            app.update(Action::ToggleStar);
            assert_eq!(list_ids(&app), ["c", "b", "a"]);
            press(&mut app, key);
            // Gone from the list at once, the next one selected.
            assert_eq!(list_ids(&app), ["b", "a"]);
            assert_eq!(app.selected_article().unwrap().id(), "b");
            carry_out_moves(&mut app);
            assert_eq!(list_ids(&app), ["b", "a"]);
            assert!(
                footer(&app).contains("deleted \"Title c\" — u to undo"),
                "{}",
                footer(&app)
            );
            assert_eq!(
                ids_in_folder(dir.path()),
                [".gogai-trash", "a.json", "b.json"]
            );
            assert!(dir.path().join(".gogai-trash/c.json").is_file());
            // The folder read again does not list it.
            let again = app_over(dir.path());
            assert_eq!(list_ids(&again), ["b", "a"]);

            press(
                &mut app,
                Key {
                    code: KeyCode::Char('u'),
                    ctrl: false,
                },
            );
            carry_out_moves(&mut app);
            assert_eq!(list_ids(&app), ["c", "b", "a"]);
            assert_eq!(app.selected_article().unwrap().id(), "c");
            assert!(
                footer(&app).contains("put back \"Title c\""),
                "{}",
                footer(&app)
            );
            assert!(dir.path().join("c.json").is_file());
            assert!(!dir.path().join(".gogai-trash/c.json").exists());
            // Its marks stayed.
            assert!(app.is_starred(app.current().unwrap()));
            assert!(app.article().unwrap().body[0].contains("Body of c"));
        }
    }
}

#[test]
fn u_takes_back_the_latest_of_a_delete_and_a_marking() {
    let (dir, mut app) = folder_app();
    app.update(Action::Delete);
    carry_out_moves(&mut app);
    app.update(Action::ToggleRead);
    assert!(app.is_read(app.current().unwrap()));
    app.update(Action::Undo);
    carry_out_moves(&mut app);
    assert!(!app.is_read(app.current().unwrap()), "the marking first");
    assert_eq!(list_ids(&app), ["b", "a"]);
    app.update(Action::Undo);
    carry_out_moves(&mut app);
    assert_eq!(list_ids(&app), ["c", "b", "a"]);
    assert!(dir.path().join("c.json").is_file());
}

#[test]
fn a_name_taken_meanwhile_is_not_overwritten_by_undo() {
    let (dir, mut app) = folder_app();
    app.update(Action::Delete);
    carry_out_moves(&mut app);
    std::fs::write(dir.path().join("c.json"), "written since").unwrap();
    app.update(Action::Undo);
    carry_out_moves(&mut app);
    let footer = footer(&app);
    assert!(footer.contains("not put back"), "{footer}");
    assert!(footer.contains(".gogai-trash/c.json"), "{footer}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.json")).unwrap(),
        "written since"
    );
    assert!(dir.path().join(".gogai-trash/c.json").is_file());
    assert_eq!(list_ids(&app), ["b", "a"]);
}

#[test]
fn bundled_and_outside_articles_and_files_of_several_are_not_deleted() {
    let mut app = seed_app(200, 30);
    let before = list_ids(&app);
    app.update(Action::Delete);
    assert!(
        footer(&app).contains("bundled articles cannot be deleted"),
        "{}",
        footer(&app)
    );
    assert_eq!(app.take_effect(), None);
    assert_eq!(list_ids(&app), before);

    // A file of two articles: both would go.
    let dir = tempfile::tempdir().unwrap();
    let one = |id: &str, day: u32| serde_json::json!({"id": id, "title": id, "published": format!("2024-03-{day:02}"), "body": ["x"]});
    let both = serde_json::json!([one("x", 2), one("y", 1)]);
    std::fs::write(dir.path().join("pair.json"), both.to_string()).unwrap();
    let mut app = app_over(dir.path());
    app.update(Action::Delete);
    let footer_text = footer(&app);
    assert!(
        footer_text.contains("pair.json holds several articles"),
        "{footer_text}"
    );
    assert_eq!(app.take_effect(), None);
    assert_eq!(list_ids(&app), ["x", "y"]);
    assert!(dir.path().join("pair.json").is_file());

    // An article opened from outside the folder.
    let outside = tempfile::tempdir().unwrap();
    let path = outside.path().join("far.json");
    std::fs::write(&path, one("far", 9).to_string()).unwrap();
    let mut library = gogai::store::library::Library::load_dir(
        gogai::store::library::LibrarySource::Flag(dir.path().to_path_buf()),
        dir.path(),
    )
    .unwrap();
    let parsed = gogai::article::parse(
        &std::fs::read(&path).unwrap(),
        "far.json",
        &path.display().to_string(),
    );
    std::sync::Arc::make_mut(&mut library.articles)
        .insert(parsed.articles.into_iter().next().unwrap(), Some(&path));
    let mut app = app_of(library, 200, 30);
    assert_eq!(app.selected_article().unwrap().id(), "far");
    app.update(Action::Delete);
    let footer_text = footer(&app);
    assert!(
        footer_text.contains("is not in the article folder"),
        "{footer_text}"
    );
    assert_eq!(app.take_effect(), None);
    assert!(path.is_file());
}

#[test]
fn a_folder_read_begun_before_a_delete_does_not_bring_the_article_back() {
    let (dir, mut app) = folder_app();
    let read_before = gogai::store::library::Library::load_dir(
        gogai::store::library::LibrarySource::Flag(dir.path().to_path_buf()),
        dir.path(),
    )
    .unwrap();
    app.update(Action::Delete);
    carry_out_moves(&mut app);
    app.update(Message::Checked(Ok(Some(read_before.clone()))));
    assert_eq!(list_ids(&app), ["b", "a"]);
    app.update(Message::Reloaded(Ok(read_before)));
    assert_eq!(list_ids(&app), ["b", "a"]);
    // Put back, it is listed by the next read.
    app.update(Action::Undo);
    carry_out_moves(&mut app);
    app.update(Message::Reloaded(Ok(
        gogai::store::library::Library::load_dir(
            gogai::store::library::LibrarySource::Flag(dir.path().to_path_buf()),
            dir.path(),
        )
        .unwrap(),
    )));
    assert_eq!(list_ids(&app), ["c", "b", "a"]);
}

/// Keys that would otherwise do nothing visible say what happened: `J`
/// past the last article and `K` before the first, and `H` turning the
/// figure marks off and on. In zen the footer offers no `Tab`, which has
/// no pane to go to there.
#[test]
fn keys_at_an_end_say_so_and_zen_offers_no_pane_key() {
    let mut app = seed_app(120, 40);
    app.update(Action::Open);
    app.update(Action::NextArticle);
    assert_eq!(app.selected(), 1);
    app.update(Action::NextArticle);
    assert_eq!(app.selected(), 1);
    assert!(
        footer(&app).contains("this is the last article"),
        "{}",
        footer(&app)
    );
    app.update(Action::PrevArticle);
    app.update(Action::PrevArticle);
    assert!(
        footer(&app).contains("this is the first article"),
        "{}",
        footer(&app)
    );

    app.update(Action::Figures);
    assert!(
        footer(&app).contains("figure marks off"),
        "{}",
        footer(&app)
    );
    app.update(Action::Figures);
    assert!(
        footer(&app).contains("figure marks on: "),
        "{}",
        footer(&app)
    );
    assert!(footer(&app).contains(" figures"), "{}", footer(&app));

    let mut app = seed_app(120, 40);
    assert!(footer(&app).contains("Tab"), "{}", footer(&app));
    app.update(Action::Zen);
    assert!(app.zen());
    assert!(!footer(&app).contains("Tab"), "{}", footer(&app));
}

/// `V` in any pane turns the list to one line per article and back, and
/// says so.
#[test]
fn capital_v_toggles_one_line_per_article() {
    for context in [Context::List, Context::Reader] {
        for_each_key(
            Action::ListLayout,
            context,
            || in_pane(seed_app(120, 40), context),
            |app, _| {
                assert_eq!(app.list_item_height(), 1);
                assert!(
                    footer(app).contains("one line per article"),
                    "{}",
                    footer(app)
                );
                app.update(Action::ListLayout);
                assert_eq!(app.list_item_height(), 2);
            },
        );
    }
}
