//! What a person sees: whole screens drawn with ratatui's `TestBackend` at
//! the sizes people use, and no panic at any size.

mod common;

use common::{app_of, keys, many, press, screen, seed_app};
use gogai::action::Action;
use gogai::app::Message;
use gogai::layout::Pane;
use ratatui::crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;

const SEED_TITLE: &str =
    "Microsoft Invests $2.9 Billion to Enhance Cloud, AI Infrastructure in Japan";

fn select_japanese(app: &mut gogai::app::App) {
    let index = app
        .library()
        .position("microsoft-japan-investment-ja")
        .expect("bundled");
    app.update(Message::OpenArticle(index));
}

#[test]
fn seed_at_120x40_shows_list_reader_and_facts() {
    let app = seed_app(120, 40);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    // The list row: unread mark and the title, cut to the pane.
    assert!(
        text.lines()
            .nth(2)
            .is_some_and(|l| l.contains("●  Microsoft Invests $2.9"))
    );
    // The reading pane starts with the title; the sidebar groups the facts.
    assert!(text.contains("Microsoft Invests $2.9 Billion to Enhance Cloud, AI"));
    for heading in ["Key figures", "Quotes"] {
        assert!(text.contains(heading), "sidebar lacks {heading}");
    }
    assert!(text.contains("$2.9 billion"));
    assert!(text.contains("2 articles · 2 unread │ bundled articles"));
    // The rest of the sidebar is a page or two away.
    let mut app = app;
    keys(&mut app, "ll");
    assert_eq!(app.focus(), Pane::Facts);
    let mut seen = screen(&app);
    for _ in 0..5 {
        keys(&mut app, " ");
        seen.push_str(&screen(&app));
    }
    for heading in ["People", "Organisations", "Places", "Dates"] {
        assert!(seen.contains(heading), "sidebar lacks {heading}:\n{seen}");
    }
    assert!(seen.contains("1978") && seen.contains("Keio University"));
}

#[test]
fn seed_at_80x24_folds_the_sidebar() {
    let mut app = seed_app(80, 24);
    press(&mut app, KeyCode::Enter);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert!(
        !text.contains("Key figures"),
        "sidebar should be folded at 80 columns"
    );
    assert!(text.contains("1 unread"), "opening marks the article read");
    // `f` brings the facts back as an overlay.
    keys(&mut app, "f");
    let text = screen(&app);
    insta::assert_snapshot!("seed_at_80x24_facts_overlay", text);
    assert!(text.contains("Key figures") && text.contains("$2.9 billion"));
}

#[test]
fn seed_at_40x12_shows_one_pane_at_a_time() {
    let mut app = seed_app(40, 12);
    let list = screen(&app);
    insta::assert_snapshot!("seed_at_40x12_list", list);
    assert!(list.contains("Articles 1/2") && !list.contains("Reader"));
    press(&mut app, KeyCode::Enter);
    let reader = screen(&app);
    insta::assert_snapshot!("seed_at_40x12_reader", reader);
    assert!(reader.contains("Reader") && !reader.contains("Articles 1/2"));
    for line in reader.lines() {
        assert!(line.width() <= 40, "{line:?} is wider than the terminal");
    }
}

#[test]
fn japanese_article_wraps_to_the_pane_in_display_columns() {
    for (width, height) in [(120, 40), (80, 24), (40, 12)] {
        let mut app = seed_app(width, height);
        select_japanese(&mut app);
        let text = screen(&app);
        if width == 80 {
            insta::assert_snapshot!("japanese_at_80x24", text);
        }
        assert!(text.contains("マイクロソフト"), "{width}x{height}:\n{text}");
        for line in text.lines() {
            assert_eq!(
                line.width(),
                usize::from(width),
                "{width}x{height}: {line:?}"
            );
        }
        // No wrapped line of the body may exceed the reading measure.
        let doc = app.doc().expect("laid out");
        assert!(doc.lines.iter().all(|l| l.text.width() <= doc.width));
    }
}

#[test]
fn wide_reading_pane_is_capped_and_centred() {
    let mut app = seed_app(200, 50);
    keys(&mut app, "z");
    let doc = app.doc().expect("laid out");
    assert_eq!(doc.width, gogai::layout::MEASURE);
    let text = screen(&app);
    let title_row = text
        .lines()
        .find(|l| l.contains("Microsoft Invests"))
        .expect("title shown");
    let indent = title_row.find('M').expect("title") - title_row.find('│').expect("border") - 1;
    assert!(
        indent > 40,
        "text should be centred in a 200-column pane, indent {indent}"
    );
}

#[test]
fn help_overlay_lists_every_key() {
    let mut app = seed_app(120, 40);
    keys(&mut app, "?");
    let mut text = screen(&app);
    insta::assert_snapshot!(text);
    // What does not fit is a page or a few away.
    for _ in 0..4 {
        keys(&mut app, " ");
        text.push_str(&screen(&app));
    }
    for binding in gogai::keymap::KEYMAP {
        assert!(
            text.contains(&gogai::keymap::keys_label(binding)),
            "help lacks {}",
            gogai::keymap::keys_label(binding)
        );
        assert!(text.contains(binding.action.describe()));
    }
}

#[test]
fn scroll_position_is_shown_and_moves() {
    let mut app = seed_app(80, 24);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Top ╯"));
    press(&mut app, KeyCode::Char('G'));
    assert!(screen(&app).contains("Bot ╯"));
    press(&mut app, KeyCode::Char('b'));
    let text = screen(&app);
    assert!(text.contains("% ╯"), "a percentage in the middle:\n{text}");
}

#[test]
fn resize_keeps_the_reader_at_the_same_paragraph() {
    let mut app = seed_app(120, 20);
    press(&mut app, KeyCode::Enter);
    // Scroll until paragraph 8 is at the top.
    for _ in 0..100 {
        if app.doc().and_then(|d| d.lines[app.reader_top()].paragraph) == Some(8) {
            break;
        }
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(
        app.doc().and_then(|d| d.lines[app.reader_top()].paragraph),
        Some(8)
    );
    for (w, h) in [(80, 24), (200, 30), (45, 20), (120, 20)] {
        app.update(Action::Resize(w, h));
        let doc = app.doc().expect("laid out");
        assert_eq!(
            doc.lines[app.reader_top()].paragraph,
            Some(8),
            "after resize to {w}x{h}"
        );
    }
}

#[test]
fn list_keeps_the_selection_visible_at_any_length() {
    let mut app = app_of(many(500), 100, 30);
    for _ in 0..120 {
        press(&mut app, KeyCode::Char('j'));
    }
    let text = screen(&app);
    assert!(text.contains("Articles 121/500"));
    let selected = app.library().articles.at(app.selected()).title();
    assert!(
        text.contains(selected),
        "selected row {selected} not on screen"
    );
    press(&mut app, KeyCode::Char('G'));
    assert!(screen(&app).contains(app.library().articles.at(499).title()));
    // Shrinking the terminal keeps it in view too.
    app.update(Action::Resize(70, 10));
    assert!(screen(&app).contains(app.library().articles.at(499).title()));
}

#[test]
fn empty_folder_says_so() {
    let app = app_of(
        gogai::store::library::Library::from_files(
            gogai::store::library::LibrarySource::Bundled,
            Vec::new(),
        ),
        80,
        24,
    );
    let text = screen(&app);
    assert!(text.contains("0 articles"));
    assert!(text.contains("No articles"));
}

#[test]
fn skipped_files_are_announced_and_listed() {
    let files = vec![
        (
            "good.json".to_owned(),
            "good.json".to_owned(),
            std::borrow::Cow::Borrowed(&br#"{"title":"Good","body":"x"}"#[..]),
        ),
        (
            "bad.json".to_owned(),
            "bad.json".to_owned(),
            std::borrow::Cow::Borrowed(&b"{\"title\": "[..]),
        ),
    ];
    let library = gogai::store::library::Library::from_files(
        gogai::store::library::LibrarySource::Bundled,
        files,
    );
    let mut app = app_of(library, 120, 30);
    let text = screen(&app);
    assert!(text.contains("1 skipped (press !)"), "{text}");
    keys(&mut app, "!");
    let text = screen(&app);
    assert!(
        text.contains("bad.json:1:10: error: invalid JSON"),
        "{text}"
    );
}

/// Every size from 0x0 up, in every mode, draws without panicking, and no
/// cell is hidden under a wide character (`common::screen` checks that).
#[test]
fn no_size_panics() {
    let mut sizes = Vec::new();
    for w in 0..=130 {
        for h in [0, 1, 2, 3, 4, 5, 8, 12, 24] {
            sizes.push((w, h));
        }
    }
    for h in 0..=45 {
        for w in [1, 2, 3, 5, 20, 40, 59, 60, 99, 100, 120] {
            sizes.push((w, h));
        }
    }
    let setups: [&dyn Fn(&mut gogai::app::App); 8] = [
        &|_| {},
        &|a| press(a, KeyCode::Enter),
        &|a| keys(a, "z"),
        &|a| keys(a, "?G"),
        &|a| keys(a, "f"),
        &|a| {
            select_japanese(a);
            keys(a, "G");
        },
        &|a| {
            select_japanese(a);
            keys(a, "hh?");
        },
        &|a| {
            select_japanese(a);
            keys(a, "zf");
        },
    ];
    // Keys are pressed at a few starting sizes (what they do depends on the
    // layout), then the app is drawn at every size.
    for (w0, h0) in [(0, 0), (1, 1), (20, 5), (59, 12), (80, 24), (120, 40)] {
        for setup in &setups {
            let mut app = seed_app(w0, h0);
            setup(&mut app);
            for &(w, h) in &sizes {
                app.update(Action::Resize(w, h));
                let text = screen(&app);
                assert_eq!(text.lines().count(), usize::from(h));
            }
        }
    }
}

#[test]
fn focus_shows_in_the_footer() {
    let mut app = seed_app(120, 40);
    assert!(screen(&app).contains("q quit"));
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Reader);
    assert!(screen(&app).contains("q back"));
    let _ = SEED_TITLE;
}

/// A running app resized through every size, in each mode, keeps drawing and
/// keeps its scroll positions within what is on screen.
#[test]
fn resizing_a_running_app_through_every_size() {
    let setups: [&dyn Fn(&mut gogai::app::App); 5] = [
        &|a| press(a, KeyCode::Enter),
        &|a| keys(a, "llG"),
        &|a| keys(a, "zG"),
        &|a| keys(a, "?G"),
        &|a| {
            select_japanese(a);
            keys(a, "fG");
        },
    ];
    for setup in setups {
        let mut app = seed_app(120, 40);
        setup(&mut app);
        for (w, h) in (1..=130).step_by(3).zip((1..=45).cycle()) {
            app.update(Action::Resize(w, h));
            let text = screen(&app);
            assert_eq!(text.lines().count(), usize::from(h));
            if let Some(doc) = app.doc() {
                let height = app
                    .screen()
                    .reader
                    .map_or(1, |r| usize::from(gogai::layout::inner(r).height));
                assert!(
                    app.reader_top() <= doc.max_top(height),
                    "{w}x{h}: reader scrolled past its end"
                );
            }
        }
    }
}

#[test]
fn feeds_view_at_100x30_groups_the_feeds_by_tag_with_unread_counts() {
    let mut app = common::feeds_app(100, 30);
    // One read article, so the counts differ from the totals.
    press(&mut app, KeyCode::Enter);
    app.update(Action::Back);
    keys(&mut app, "v");
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert!(text.contains("Feeds (unread/all)"));
    // The blog has two tags: it is under both.
    assert_eq!(text.matches("A Blog").count(), 2, "{text}");
}

#[test]
fn links_overlay_at_100x30_numbers_the_links_then_the_enclosures() {
    let mut app = common::feeds_app(100, 30);
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "L");
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert!(text.contains("[1] https://a.example/one"));
    assert!(text.contains("[4] ▶ audio/mpeg · 12.0 MB https://news.example/ep1.mp3"));
}

/// `V`: one line per article, title, source and date in columns that use
/// the width; the list takes more of a wide screen; `V` again goes back.
#[test]
fn the_one_line_list_at_80_and_200_columns() {
    for (width, height) in [(80, 16), (200, 16)] {
        let mut app = app_of(common::news(), width, height);
        let two_lines = screen(&app);
        press(&mut app, KeyCode::Char('V'));
        assert_eq!(app.list_item_height(), 1);
        let text = screen(&app);
        insta::assert_snapshot!(format!("one_line_list_{width}"), text);
        // Every article of the list on a row of its own, each row with its
        // date in the last column of the list pane.
        let rows: Vec<&str> = text.lines().skip(2).take(app.list().len()).collect();
        assert!(rows.iter().all(|r| r.contains("2024-")), "{text}");
        // On a short screen one line per article shows twice as many.
        let mut short = app_of(common::news(), width, 10);
        let titles = |app: &gogai::app::App| {
            let text = screen(app);
            app.list()
                .iter()
                .filter(|&&i| text.contains(&app.library().articles.at(i).title()[..12]))
                .count()
        };
        let before = titles(&short);
        press(&mut short, KeyCode::Char('V'));
        assert_eq!(titles(&short), 2 * before, "{}", screen(&short));
        press(&mut app, KeyCode::Char('V'));
        assert_eq!(app.list_item_height(), 2);
        // The same screen as before, but for the footer saying so.
        let panes = |text: &str| {
            text.lines()
                .take(usize::from(height) - 1)
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(panes(&screen(&app)), panes(&two_lines));
        assert!(common::footer(&app).contains("two lines per article"));
        // Remembered with the session.
        press(&mut app, KeyCode::Char('V'));
        assert_eq!(app.session().one_line, Some(true));
    }
}
