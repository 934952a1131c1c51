//! Finding articles: the search (typed, kept, stepped through), the filters
//! it combines with, the sort, the marks and their undo, and the session
//! that brings a reader back where they were. Everything is checked on the
//! screen as drawn: the list's title and rows, the header's counts, the
//! footer's messages and the colours of the matches.

mod common;

use std::time::{Duration, Instant};

use common::{
    app_of, buffer, cells, find_in, footer, header, library_of, list_ids, list_rows, list_title,
    many, news, press, screen, seed_app,
};
use gogai::action::Action;
use gogai::app::{App, Effect, Message};
use gogai::layout::{self, Pane};
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};
use gogai::store::state::ReadState;
use gogai::ui::theme;
use gogai::view::Sort;
use gogai::workers::Workers;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;
use serde_json::json;

/// Opens the prompt and types `text` (the prompt stays open).
fn type_search(app: &mut App, text: &str) {
    press(app, KeyCode::Char('/'));
    assert!(app.prompt().is_some(), "the prompt opened");
    for c in text.chars() {
        app.update(Action::Insert(c));
    }
}

/// Searches for `text` and keeps it (Enter).
fn search(app: &mut App, text: &str) {
    type_search(app, text);
    press(app, KeyCode::Enter);
    assert_eq!(app.prompt(), None);
}

fn select_id(app: &mut App, id: &str) {
    let at = list_ids(app)
        .iter()
        .position(|i| i == id)
        .unwrap_or_else(|| panic!("{id} is not in the list"));
    app.update(Action::Top);
    for _ in 0..at {
        app.update(Action::Down);
    }
    assert_eq!(selected_id(app), id);
}

fn selected_id(app: &App) -> String {
    app.selected_article()
        .map(|a| a.id().to_owned())
        .unwrap_or_default()
}

fn list_inner(app: &App) -> Rect {
    layout::inner(app.screen().list.expect("the list is shown"))
}

fn reader(app: &App) -> Rect {
    app.screen().reader.expect("the reader is shown")
}

fn bg(app: &App, x: u16, y: u16) -> Option<Color> {
    buffer(app)[(x, y)].style().bg
}

/// The cell drawn just left of column `x` on row `y` (wide characters
/// counted once), and just right of the `len` cells from `x`.
fn neighbours(app: &App, area: Rect, x: u16, y: u16, len: usize) -> (Option<Color>, Option<Color>) {
    let row = cells(&buffer(app), area, y);
    let at = row
        .iter()
        .position(|c| c.0 == x)
        .expect("a cell starts at x");
    let before = at
        .checked_sub(1)
        .and_then(|i| row.get(i))
        .and_then(|c| c.2.bg);
    let after = row.get(at + len).and_then(|c| c.2.bg);
    (before, after)
}

const MATCH: Option<Color> = theme::MATCH.bg;
const CURRENT: Option<Color> = theme::MATCH_CURRENT.bg;

// ----- typing a search -----

#[test]
fn typing_narrows_the_list_and_deleting_widens_it_again() {
    let mut app = app_of(news(), 120, 40);
    type_search(&mut app, "");
    assert!(footer(&app).trim_end().ends_with(" 6 of 6"));
    for c in "tokyo".chars() {
        app.update(Action::Insert(c));
    }
    assert_eq!(list_ids(&app), ["tokyo-ai", "osaka-expo", "tokyo-rain"]);
    assert!(
        header(&app).contains("3 of 6 articles · 6 unread"),
        "{}",
        header(&app)
    );
    // Every word must be there, anywhere in the title or the text.
    for c in " rain".chars() {
        app.update(Action::Insert(c));
    }
    assert_eq!(list_ids(&app), ["tokyo-rain"]);
    assert!(footer(&app).trim_end().ends_with(" 1 of 6"));
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(app.prompt(), Some("tokyo"));
    assert_eq!(
        list_ids(&app),
        ["tokyo-ai", "osaka-expo", "tokyo-rain"],
        "a shorter search finds the wider set again"
    );
    app.update(Action::Insert('x'));
    assert!(app.list().is_empty());
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.list().len(), 3);
    common::press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.list().len(), 6);
}

#[test]
fn search_ignores_case_and_looks_in_title_and_text() {
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "TOKYO");
    // osaka-expo says Tokyo only in its text.
    assert_eq!(list_ids(&app), ["tokyo-ai", "osaka-expo", "tokyo-rain"]);
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "kumamoto");
    assert_eq!(list_ids(&app), ["chip-plant"], "the title alone");
}

#[test]
fn a_search_keeps_the_selected_article_while_it_still_matches() {
    let mut app = app_of(news(), 120, 40);
    select_id(&mut app, "osaka-expo");
    search(&mut app, "tokyo");
    assert_eq!(selected_id(&app), "osaka-expo");
    assert!(
        list_title(&app).starts_with("Articles 2/3"),
        "{}",
        list_title(&app)
    );
    // Searched away, the first match is selected and shown.
    type_search(&mut app, " rain");
    assert_eq!(selected_id(&app), "tokyo-rain");
    assert!(screen(&app).contains("Tokyo saw record rain on Thursday."));
}

#[test]
fn nothing_matching_says_how_to_get_out() {
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "zeppelin");
    assert!(app.list().is_empty());
    assert!(header(&app).contains("0 of 6 articles"), "{}", header(&app));
    assert_eq!(list_title(&app), "Articles · /zeppelin");
    let text = screen(&app);
    assert!(text.contains("Nothing matches."), "{text}");
    assert!(footer(&app).contains("0 of 6 match"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.list().len(), 6);
}

/// The folder is not empty when a filter hides every article: the reading
/// pane must not tell the reader to add files.
#[test]
fn a_filter_that_hides_everything_does_not_call_the_folder_empty() {
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "zeppelin");
    let text = screen(&app);
    assert!(
        !text.contains("Add *.json files"),
        "the reader says the folder is empty while 6 articles are hidden:\n{text}"
    );
}

// ----- filters together -----

/// The six articles, wide and without the sidebar so the list's title has
/// room: osaka-expo read; tokyo-ai, tokyo-rain and chip-plant starred.
fn marked_news() -> App {
    let mut app = app_of(news(), 200, 30);
    app.update(Action::Sidebar);
    select_id(&mut app, "osaka-expo");
    app.update(Action::ToggleRead);
    for id in ["tokyo-ai", "tokyo-rain", "chip-plant"] {
        select_id(&mut app, id);
        app.update(Action::ToggleStar);
    }
    app.update(Action::Top);
    app
}

#[test]
fn search_unread_starred_and_tag_filters_combine() {
    let mut app = marked_news();

    search(&mut app, "tokyo");
    assert_eq!(list_ids(&app), ["tokyo-ai", "osaka-expo", "tokyo-rain"]);
    assert_eq!(list_title(&app), "Articles 1/3 · /tokyo");

    press(&mut app, KeyCode::Char('U'));
    assert_eq!(list_ids(&app), ["tokyo-ai", "tokyo-rain"]);
    assert_eq!(list_title(&app), "Articles 1/2 · /tokyo · unread");
    assert!(
        header(&app).contains("2 of 6 articles · 5 unread"),
        "{}",
        header(&app)
    );

    press(&mut app, KeyCode::Char('S'));
    assert_eq!(list_ids(&app), ["tokyo-ai", "tokyo-rain"]);
    assert_eq!(list_title(&app), "Articles 1/2 · /tokyo · unread · starred");

    // The tag picker: row 1 is the most used tag, #AI.
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(list_ids(&app), ["tokyo-ai"]);
    assert_eq!(
        list_title(&app),
        "Articles 1/1 · /tokyo · unread · starred · #AI"
    );
    assert!(header(&app).contains("1 of 6 articles"));
    assert_eq!(list_rows(&app), ["●★ Tokyo startups bet on AI"]);

    press(&mut app, KeyCode::Char('O'));
    assert_eq!(
        list_title(&app),
        "Articles 1/1 · /tokyo · unread · starred · #AI · by title"
    );

    // Esc takes the search away and leaves the rest.
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        list_title(&app),
        "Articles 2/2 · unread · starred · #AI · by title"
    );
    assert_eq!(list_ids(&app), ["chip-plant", "tokyo-ai"]);
    assert_eq!(selected_id(&app), "tokyo-ai", "the selection stays");
    assert_eq!(
        list_rows(&app),
        [
            "●★ A chip plant rises in Kumamoto",
            "●★ Tokyo startups bet on AI"
        ]
    );

    press(&mut app, KeyCode::Char('S'));
    assert_eq!(list_ids(&app), ["chip-plant", "ai-rules", "tokyo-ai"]);
    // #AI matches the "ai" tag of chip-plant too: tags ignore case.
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(
        app.overlay().map(|o| o.cursor),
        Some(1),
        "on the tag in force"
    );
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        list_ids(&app),
        [
            "chip-plant",
            "ai-rules",
            "rail-strike",
            "tokyo-rain",
            "tokyo-ai"
        ]
    );
    assert_eq!(list_title(&app), "Articles 5/5 · unread · by title");

    press(&mut app, KeyCode::Char('U'));
    assert_eq!(
        list_ids(&app),
        [
            "chip-plant",
            "ai-rules",
            "osaka-expo",
            "rail-strike",
            "tokyo-rain",
            "tokyo-ai"
        ]
    );
    assert_eq!(list_title(&app), "Articles 6/6 · by title");
    assert!(
        header(&app).contains(" 6 articles · 5 unread"),
        "{}",
        header(&app)
    );
    // Marks in the rows: ● unread, ★ starred.
    assert_eq!(
        list_rows(&app),
        [
            "●★ A chip plant rises in Kumamoto",
            "●  Brussels writes AI rules",
            "   Osaka readies the Expo",
            "●  Rail strike ends in Berlin",
            "●★ Record rain in Tokyo",
            "●★ Tokyo startups bet on AI",
        ]
    );
}

#[test]
fn marking_all_read_under_a_filter_marks_only_what_is_shown() {
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "tokyo");
    press(&mut app, KeyCode::Char('A'));
    assert!(header(&app).contains("3 unread"), "{}", header(&app));
    assert!(footer(&app).contains("marked 3 read — u to undo"));
    assert!(list_rows(&app).iter().all(|r| !r.contains('●')));
    press(&mut app, KeyCode::Esc);
    let unread: Vec<bool> = list_rows(&app).iter().map(|r| r.starts_with('●')).collect();
    assert_eq!(unread, [false, false, true, true, false, true]);
    press(&mut app, KeyCode::Char('u'));
    assert!(header(&app).contains("6 unread"), "{}", header(&app));
}

// ----- sorting -----

#[test]
fn each_sort_orders_the_list_and_keeps_the_selection() {
    let mut app = app_of(news(), 120, 40);
    select_id(&mut app, "rail-strike");
    let date = [
        "tokyo-ai",
        "osaka-expo",
        "chip-plant",
        "rail-strike",
        "tokyo-rain",
        "ai-rules",
    ];
    assert_eq!(app.sort(), Sort::Date);
    assert_eq!(list_ids(&app), date);
    assert_eq!(list_title(&app), "Articles 4/6");

    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.sort(), Sort::Title);
    // A to Z ignoring case.
    assert_eq!(
        list_ids(&app),
        [
            "chip-plant",
            "ai-rules",
            "osaka-expo",
            "rail-strike",
            "tokyo-rain",
            "tokyo-ai"
        ]
    );
    // The rows on screen, in that order (the first is cut to fit).
    assert_eq!(
        list_rows(&app)
            .iter()
            .map(|r| r.trim_start_matches(['●', '★', ' ']))
            .collect::<Vec<_>>(),
        [
            "A chip plant rises in Kuma…",
            "Brussels writes AI rules",
            "Osaka readies the Expo",
            "Rail strike ends in Berlin",
            "Record rain in Tokyo",
            "Tokyo startups bet on AI",
        ]
    );
    assert_eq!(selected_id(&app), "rail-strike");
    assert_eq!(list_title(&app), "Articles 4/6 · by title");

    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.sort(), Sort::Source);
    // DW, Kyodo, Nikkei, Politico, Reuters; no source last.
    assert_eq!(
        list_ids(&app),
        [
            "rail-strike",
            "osaka-expo",
            "tokyo-ai",
            "ai-rules",
            "chip-plant",
            "tokyo-rain"
        ]
    );
    assert_eq!(selected_id(&app), "rail-strike");
    assert_eq!(list_title(&app), "Articles 1/6 · by source");
    let text = screen(&app);
    assert!(text.contains("DW · 2024-05-03"), "{text}");

    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.sort(), Sort::Oldest);
    let oldest: Vec<&str> = date.iter().rev().copied().collect();
    assert_eq!(list_ids(&app), oldest);
    assert_eq!(selected_id(&app), "rail-strike");

    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.sort(), Sort::Date);
    assert_eq!(list_ids(&app), date);
    assert_eq!(selected_id(&app), "rail-strike");
}

#[test]
fn sorting_a_long_list_keeps_the_selection_in_view() {
    let mut app = app_of(many(300), 120, 40);
    app.update(Action::Bottom);
    let id = selected_id(&app);
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('O'));
        assert_eq!(selected_id(&app), id);
        let title = app
            .selected_article()
            .map(|a| a.title().to_owned())
            .unwrap_or_default();
        let shown = list_rows(&app);
        assert!(
            shown.iter().any(|r| r.ends_with(&title)),
            "{title} is on screen: {shown:?}"
        );
    }
    // Equal sources keep the newest first.
    press(&mut app, KeyCode::Char('O'));
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.sort(), Sort::Source);
    let by_source = list_ids(&app);
    press(&mut app, KeyCode::Char('O'));
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.sort(), Sort::Date);
    assert_eq!(by_source, list_ids(&app));
}

// ----- where matches are lit -----

#[test]
fn matches_are_lit_in_the_list_titles() {
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "tokyo");
    let list = list_inner(&app);
    let found = find_in(&app, list, "Tokyo");
    // "Tokyo startups…" and "Record rain in Tokyo"; osaka-expo only says it
    // in its text.
    assert_eq!(found.len(), 2, "{found:?}");
    for f in &found {
        assert!(f.styles.iter().all(|s| s.bg == MATCH), "{f:?}");
        let (before, after) = neighbours(&app, list, f.x, f.y, 5);
        assert_ne!(after, MATCH, "lit past the match at row {}", f.y);
        if f.x > list.x + 3 {
            assert_ne!(before, MATCH, "lit before the match at row {}", f.y);
        }
    }
    let osaka = find_in(&app, list, "Osaka readies the Expo");
    assert!(osaka[0].styles.iter().all(|s| s.bg != MATCH));
    // Esc clears the search and its colours.
    press(&mut app, KeyCode::Esc);
    let found = find_in(&app, list_inner(&app), "Tokyo");
    assert!(found.iter().all(|f| f.styles.iter().all(|s| s.bg != MATCH)));
}

#[test]
fn matches_are_lit_in_the_reader_and_n_marks_the_current_one() {
    let mut app = seed_app(120, 40);
    search(&mut app, "tokyo");
    let area = reader(&app);
    // The subtitle's Tokyo is not lit; the first one in the text, further
    // down the first screen, is.
    let found = find_in(&app, area, "Tokyo");
    let colours: Vec<_> = found.iter().map(|f| f.styles[0].bg).collect();
    assert_eq!(colours.len(), 2, "{found:?}");
    assert_ne!(colours[0], MATCH);
    assert_eq!(colours[1], MATCH);
    assert_eq!(app.matches().0.len(), 3);
    press(&mut app, KeyCode::Char(']'));
    assert!(footer(&app).contains("match 1 of 3"));
    let found = find_in(&app, reader(&app), "Tokyo");
    let lit: Vec<_> = found.iter().filter(|f| f.styles[0].bg == CURRENT).collect();
    assert_eq!(lit.len(), 1, "{found:?}");
    let f = lit[0];
    assert!(
        f.styles.iter().all(|s| s.bg == CURRENT),
        "the whole match: {f:?}"
    );
    let (before, after) = neighbours(&app, area, f.x, f.y, "Tokyo".len());
    assert_ne!(before, CURRENT);
    assert_ne!(after, CURRENT);
    let row: String = cells(&buffer(&app), area, f.y)
        .into_iter()
        .map(|c| c.1)
        .collect();
    assert!(row.contains("research lab in Tokyo."), "{row}");
    // A few lines of context above the match.
    let row = f.y - layout::inner(area).y;
    assert!((1..=3).contains(&row), "row {row}");
    // The others are lit as matches, not as the current one.
    assert!(found.iter().filter(|f| f.styles[0].bg == MATCH).count() >= 1);
}

#[test]
fn a_match_wrapped_over_two_lines_is_lit_on_both() {
    // Japanese breaks between any two characters: put 東 last on a line.
    let measure = {
        let app = app_of(
            library_of(&[json!({"id": "x", "title": "x", "body": ["x"]})]),
            120,
            40,
        );
        layout::reader_measure(reader(&app), app.measure())
    };
    let before = "あ".repeat(measure / 2 - 1);
    let library = library_of(&[json!({
        "id": "wrap", "title": "Wrapping",
        "body": [format!("{before}東京{}", "い".repeat(20))],
    })]);
    let mut app = app_of(library, 120, 40);
    search(&mut app, "東京");
    press(&mut app, KeyCode::Char(']'));
    assert!(footer(&app).contains("match 1 of 1"));
    let area = reader(&app);
    let buffer = buffer(&app);
    let lit: Vec<(u16, String)> = (area.top()..area.bottom())
        .flat_map(|y| {
            cells(&buffer, area, y)
                .into_iter()
                .map(move |c| (y, c.1, c.2))
        })
        .filter(|c| c.2.bg == CURRENT)
        .map(|c| (c.0, c.1))
        .collect();
    assert_eq!(lit.len(), 2, "{lit:?}\n{}", screen(&app));
    assert_eq!((lit[0].1.as_str(), lit[1].1.as_str()), ("東", "京"));
    assert_eq!(lit[1].0, lit[0].0 + 1, "on two lines: {lit:?}");
}

#[test]
fn a_japanese_search_lights_the_japanese_article() {
    let mut app = seed_app(120, 40);
    type_search(&mut app, "日本");
    // The English article does not say 日本.
    assert_eq!(list_ids(&app), ["microsoft-japan-investment-ja"]);
    assert!(footer(&app).starts_with("/日本▏"));
    assert!(
        list_title(&app).starts_with("Articles 1/1 · /日本"),
        "{}",
        list_title(&app)
    );
    // In the list: "マイクロソフト、日本のクラ…", 日本 lit, 、 and の not.
    let list = list_inner(&app);
    let found = find_in(&app, list, "日本");
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert!(f.styles.iter().all(|s| s.bg == MATCH), "{f:?}");
    assert_eq!(
        f.x,
        list.x + 3 + 16,
        "after ●, a space and 8 wide characters"
    );
    assert_ne!(bg(&app, f.x - 2, f.y), MATCH, "、 is not lit");
    assert_ne!(bg(&app, f.x + 4, f.y), MATCH, "の is not lit");

    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(']'));
    assert!(footer(&app).contains("match 1 of 12"), "{}", footer(&app));
    let area = reader(&app);
    let found = find_in(&app, area, "日本");
    let colours: Vec<_> = found.iter().map(|f| f.styles[0].bg).collect();
    assert_eq!(
        colours.iter().filter(|c| **c == CURRENT).count(),
        1,
        "{colours:?}"
    );
    assert_eq!(
        colours[0], CURRENT,
        "the first shown is the current one: {colours:?}"
    );
    assert!(
        colours.iter().all(|c| *c == MATCH || *c == CURRENT),
        "{colours:?}"
    );
    for f in &found {
        // Both halves of each wide character are lit: the cell each covers.
        assert_eq!(f.styles.len(), 2);
        assert_eq!(f.styles[0].bg, f.styles[1].bg);
        let (before, after) = neighbours(&app, area, f.x, f.y, 2);
        assert!(before != f.styles[0].bg && after != f.styles[0].bg, "{f:?}");
    }
    // The current one is "…投資の一環として、日本における…" near the top.
    let first = &found[0];
    let row: String = cells(&buffer(&app), area, first.y)
        .into_iter()
        .map(|c| c.1)
        .collect();
    assert!(row.contains("一環として、日本におけ"), "{row}");
    press(&mut app, KeyCode::Char(']'));
    let row_before = first.y;
    let found = find_in(&app, reader(&app), "日本");
    let current: Vec<_> = found.iter().filter(|f| f.styles[0].bg == CURRENT).collect();
    assert_eq!(current.len(), 1);
    assert!(footer(&app).contains("match 2 of 12"));
    let row: String = cells(&buffer(&app), area, current[0].y)
        .into_iter()
        .map(|c| c.1)
        .collect();
    assert!(
        row.contains("同社にとって日本で"),
        "{row} (was row {row_before})"
    );
}

/// `e` followed by U+0301 is one letter on screen: é.
const CAFE: &str = "Cafe\u{301}";

fn cafe_library() -> Library {
    library_of(&[
        json!({
            "id": "cafe", "title": format!("{CAFE} in Tokyo opens"),
            "body": ["The cafe\u{301} is new. Another cafe nearby, near Tokyo."],
        }),
        json!({ "id": "tea", "title": "Tea house", "body": ["Green tea."] }),
    ])
}

#[test]
fn a_match_after_a_combining_accent_starts_on_the_right_column() {
    let mut app = app_of(cafe_library(), 120, 40);
    search(&mut app, "tokyo");
    for area in [list_inner(&app), reader(&app)] {
        let found = find_in(&app, area, "Tokyo");
        let lit: Vec<_> = found
            .iter()
            .filter(|f| f.styles.iter().any(|s| s.bg == MATCH))
            .collect();
        assert!(!lit.is_empty(), "{found:?}");
        for f in lit {
            assert!(f.styles.iter().all(|s| s.bg == MATCH), "{f:?}");
            let (before, after) = neighbours(&app, area, f.x, f.y, 5);
            assert_ne!(before, MATCH, "{f:?}");
            assert_ne!(after, MATCH, "{f:?}");
        }
    }
    // The accent stays on its letter, in one cell.
    let text = screen(&app);
    assert!(text.contains(&format!("{CAFE} in Tokyo opens")), "{text}");
    let list = list_inner(&app);
    let found = find_in(&app, list, "e\u{301}");
    assert!(!found.is_empty(), "é is drawn as one cell");
}

#[test]
fn a_search_typed_with_the_accent_lights_the_whole_letter() {
    let mut app = app_of(cafe_library(), 120, 40);
    search(&mut app, "cafe\u{301}");
    assert_eq!(list_ids(&app), ["cafe"]);
    let list = list_inner(&app);
    let found = find_in(&app, list, CAFE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].styles.len(), 4, "C a f é: four cells");
    assert!(found[0].styles.iter().all(|s| s.bg == MATCH), "{found:?}");
    let (_, after) = neighbours(&app, list, found[0].x, found[0].y, 4);
    assert_ne!(after, MATCH);
}

/// A match that ends between a letter and its accent must not pull the
/// accent off the letter (ratatui then puts it on the next cell): the lit
/// part is whole letters.
#[test]
fn a_match_never_splits_a_letter_from_its_accent() {
    let mut app = app_of(cafe_library(), 120, 40);
    search(&mut app, "cafe");
    assert!(list_ids(&app).contains(&"cafe".to_owned()));
    let buffer = buffer(&app);
    for area in [list_inner(&app), reader(&app)] {
        for y in area.top()..area.bottom() {
            for (x, symbol, _) in cells(&buffer, area, y) {
                let first = symbol.chars().next().unwrap_or(' ');
                assert!(
                    !('\u{300}'..='\u{36f}').contains(&first),
                    "an accent drawn apart from its letter at {x},{y}: {symbol:?}\n{}",
                    screen(&app)
                );
            }
        }
    }
}

/// Two words of a search that overlap ("ai" inside "air") must not repeat
/// the title's text in the list.
#[test]
fn overlapping_search_words_do_not_repeat_the_title() {
    let library = library_of(&[json!({
        "id": "air", "title": "Airline AI plans", "body": ["Air travel."],
    })]);
    let mut app = app_of(library, 120, 40);
    search(&mut app, "ai air");
    assert_eq!(list_ids(&app), ["air"]);
    assert_eq!(list_rows(&app), ["●  Airline AI plans"]);
}

// ----- marks and undo -----

#[test]
fn one_u_undoes_a_mark_all_on_five_thousand_articles() {
    let mut app = app_of(many(5000), 120, 40);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.focus(), Pane::List);
    assert!(
        header(&app).contains("5,000 articles · 4,999 unread"),
        "{}",
        header(&app)
    );

    press(&mut app, KeyCode::Char('A'));
    assert_eq!(app.unread(), 0);
    assert!(header(&app).contains("· 0 unread"), "{}", header(&app));
    assert!(
        footer(&app).contains("marked 4,999 read — u to undo"),
        "{}",
        footer(&app)
    );
    assert!(list_rows(&app).iter().all(|r| !r.contains('●')));

    let started = Instant::now();
    press(&mut app, KeyCode::Char('u'));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(app.unread(), 4999);
    assert!(header(&app).contains("4,999 unread"), "{}", header(&app));
    assert!(
        footer(&app).contains("undone: marked 4,999 read"),
        "{}",
        footer(&app)
    );
    let rows = list_rows(&app);
    assert!(
        rows[0].starts_with(" ★"),
        "the opened one stays read and starred: {rows:?}"
    );
    assert!(rows[1..].iter().all(|r| r.starts_with('●')), "{rows:?}");
    assert!(app.take_state_changes(), "the undo is saved");

    // Then the star, then nothing: opening an article is not a marking.
    press(&mut app, KeyCode::Char('u'));
    assert!(footer(&app).contains("undone: starred"));
    assert!(!list_rows(&app)[0].contains('★'));
    press(&mut app, KeyCode::Char('u'));
    assert!(footer(&app).contains("nothing to undo"));
    assert!(app.is_read(0));
}

#[test]
fn marking_when_nothing_changes_leaves_no_step_to_undo() {
    let mut app = app_of(news(), 120, 40);
    press(&mut app, KeyCode::Char('A'));
    press(&mut app, KeyCode::Char('A'));
    assert!(footer(&app).contains("nothing to mark"));
    press(&mut app, KeyCode::Char('u'));
    assert!(
        footer(&app).contains("undone: marked 6 read"),
        "{}",
        footer(&app)
    );
    assert_eq!(app.unread(), 6);
}

// ----- the session -----

#[test]
fn the_session_brings_back_the_article_sort_and_sidebar() {
    let mut app = app_of(many(100), 120, 40);
    // Round once (date, title, source, oldest) and on to title.
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('O'));
    }
    assert_eq!(app.sort(), Sort::Title);
    press(&mut app, KeyCode::Char('F'));
    assert!(!app.sidebar());
    for _ in 0..30 {
        app.update(Action::Down);
    }
    press(&mut app, KeyCode::Enter);
    for _ in 0..4 {
        press(&mut app, KeyCode::Char(' '));
    }
    let id = selected_id(&app);
    let paragraph_at_top = |app: &App| app.doc().and_then(|d| d.lines[app.reader_top()].paragraph);
    let reading = paragraph_at_top(&app).expect("in the text");

    let session = app.session();
    assert_eq!(session.article.as_deref(), Some(id.as_str()));
    assert_eq!(session.sort.as_deref(), Some("title"));
    assert_eq!(session.sidebar, Some(false));
    assert!(session.reading);
    assert!(session.paragraph > 0);

    // Quitting keeps it in the state to be saved.
    app.update(Action::Quit);
    assert_eq!(app.read_state().session(), &session);
    assert!(app.take_state_changes());

    let mut state = ReadState::default();
    state.set_session(session.clone());
    let mut again = App::new(many(100), state);
    again.update(Action::Resize(120, 40));
    assert_eq!(selected_id(&again), id);
    assert_eq!(again.sort(), Sort::Title);
    assert!(!again.sidebar());
    assert_eq!(again.focus(), Pane::Reader);
    assert_eq!(again.screen().facts, None);
    assert!(
        list_title(&again).ends_with("· by title"),
        "{}",
        list_title(&again)
    );
    assert_eq!(again.session(), session, "nothing moved");
    assert_eq!(
        paragraph_at_top(&again),
        Some(reading),
        "the same paragraph"
    );
    let first_row = common::text_in(&again, layout::inner(reader(&again)))
        .into_iter()
        .next()
        .unwrap_or_default();
    assert!(
        first_row.contains(&format!("Paragraph {reading} of ")),
        "{first_row}"
    );
    // The list shows the article selected.
    let title = again
        .selected_article()
        .map(|a| a.title().to_owned())
        .unwrap_or_default();
    assert!(list_rows(&again).iter().any(|r| r.ends_with(&title)));
}

#[test]
fn a_session_for_a_missing_article_or_an_unknown_sort_starts_fresh() {
    let mut app = app_of(news(), 120, 40);
    app.update(Action::Open);
    let mut session = app.session();
    session.article = Some("gone-since".to_owned());
    session.sort = Some("colour".to_owned());
    let mut state = ReadState::default();
    state.set_session(session);
    let mut again = App::new(news(), state);
    again.update(Action::Resize(120, 40));
    assert_eq!(selected_id(&again), "tokyo-ai");
    assert_eq!(again.sort(), Sort::Date);
    assert_eq!(again.focus(), Pane::List);
}

#[test]
fn the_session_in_the_list_does_not_reopen_the_reader() {
    let mut app = app_of(news(), 120, 40);
    select_id(&mut app, "chip-plant");
    let session = app.session();
    assert!(!session.reading);
    assert_eq!(session.sidebar, Some(true));
    assert_eq!(session.sort.as_deref(), Some("date"));
    let mut state = ReadState::default();
    state.set_session(session);
    let mut again = App::new(news(), state);
    again.update(Action::Resize(120, 40));
    assert_eq!(selected_id(&again), "chip-plant");
    assert_eq!(again.focus(), Pane::List);
    assert!(!again.is_read(2), "coming back does not mark it read");
    assert!(again.screen().facts.is_some());
}

// ----- background work -----

#[test]
fn a_tick_keeps_the_search_its_message_and_the_selection() {
    let mut app = app_of(news(), 120, 40);
    search(&mut app, "tokyo");
    app.update(Action::Down);
    press(&mut app, KeyCode::Char(']'));
    let before = (
        list_ids(&app),
        app.selected(),
        footer(&app),
        app.reader_top(),
    );
    for _ in 0..3 {
        app.update(Action::Tick);
    }
    let after = (
        list_ids(&app),
        app.selected(),
        footer(&app),
        app.reader_top(),
    );
    assert_eq!(before, after);
    // While typing, too.
    type_search(&mut app, " rain");
    app.update(Action::Tick);
    assert_eq!(app.prompt(), Some("tokyo rain"));
    assert_eq!(list_ids(&app), ["tokyo-rain"]);
}

// ----- people, organisations and places (the entity index) -----

/// The two bundled articles, one more that names Brad Smith and the
/// University of Tokyo, and one that names nobody.
fn entity_library() -> Library {
    let more = [
        json!({
            "id": "smith-osaka", "title": "Brad Smith visits Osaka",
            "published": "2024-05-02",
            "body": ["Brad Smith, the president of Microsoft, spoke to students at the University of Tokyo."],
        }),
        json!({
            "id": "weather", "title": "Rain all week",
            "published": "2024-05-01",
            "body": ["Forecasters expect rain until Sunday."],
        }),
    ];
    let mut library = Library::bundled();
    let more = library_of(&more);
    for i in 0..more.articles.len() {
        let article = more.articles.open(i).expect("listed").into_owned();
        library.insert(article, None);
    }
    assert_eq!(library.origin, LibrarySource::Bundled);
    library
}

/// Carries out what the app asked of the event loop (the indexes to
/// build) on `workers`, and hands their events back to the app until
/// every worker is done: waits on the completion events, not on a clock.
fn run_workers(app: &mut App, workers: &mut Workers) {
    while let Some(effect) = app.take_effect() {
        if let Effect::Index(job) = effect {
            workers.index(job).expect("start the index workers");
        }
    }
    workers.run_until_idle(|event| {
        if let Some(message) = event.into_message() {
            app.update(message);
        }
    });
}

/// Builds the indexes the search asked for, to the end.
fn until_indexed(app: &mut App) {
    run_workers(app, &mut Workers::new());
    assert_eq!(app.indexing(), None, "the names were found");
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn star_on_a_person_lists_every_article_that_mentions_them() {
    let mut app = app_of(entity_library(), 120, 40);
    select_id(&mut app, "microsoft-japan-investment");
    app.update(Action::FocusPrev);
    assert_eq!(app.focus(), Pane::Facts);
    let at = app
        .facts_flat()
        .position(|f| f.value == "Brad Smith")
        .expect("Brad Smith is a fact");
    for _ in 0..at {
        app.update(Action::Down);
    }
    press(&mut app, KeyCode::Char('*'));
    until_indexed(&mut app);
    assert_eq!(app.filter().query, "person:\"Brad Smith\"");
    assert_eq!(
        sorted(list_ids(&app)),
        ["microsoft-japan-investment", "smith-osaka"]
    );
    assert!(header(&app).contains("2 of 4 articles"), "{}", header(&app));
    assert_eq!(selected_id(&app), "microsoft-japan-investment");
    // The footer `*` wrote follows the answer: once every name is found it
    // gives the final count and no longer says it is still looking.
    assert!(
        footer(&app).contains("2 of 4 mention Brad Smith") && !footer(&app).contains("so far"),
        "{}",
        footer(&app)
    );
    // A key press ends it; later answers do not bring it back.
    press(&mut app, KeyCode::Char('j'));
    assert!(!footer(&app).contains("mention"), "{}", footer(&app));
}

#[test]
fn typed_field_queries_find_people_organisations_and_places() {
    for (query, expected) in [
        (
            "person:\"Brad Smith\"",
            vec!["microsoft-japan-investment", "smith-osaka"],
        ),
        (
            "org:\"University of Tokyo\"",
            vec!["microsoft-japan-investment", "smith-osaka"],
        ),
        (
            "person:\"Fumio Kishida\"",
            vec!["microsoft-japan-investment"],
        ),
        ("person:\"Nobody Atall\"", vec![]),
    ] {
        let mut app = app_of(entity_library(), 120, 40);
        search(&mut app, query);
        until_indexed(&mut app);
        assert_eq!(sorted(list_ids(&app)), expected, "{query}");
        assert!(
            !list_ids(&app).contains(&"weather".to_owned()),
            "{query}: an article naming nobody"
        );
    }
}

#[test]
fn a_search_waiting_for_names_fills_in_on_ticks() {
    let mut app = app_of(entity_library(), 120, 40);
    search(&mut app, "person:\"Brad Smith\"");
    // The header shows the progress the app was told of, not the index's
    // live counter: until the workers report, the names are still to find.
    let (done, of) = app.indexing().expect("waiting for names");
    assert!(done < of);
    assert!(header(&app).contains("finding names"), "{}", header(&app));
    until_indexed(&mut app);
    assert!(!header(&app).contains("finding names"));
    assert_eq!(
        sorted(list_ids(&app)),
        ["microsoft-japan-investment", "smith-osaka"]
    );
}

#[test]
fn undo_still_works_after_the_folder_is_reloaded() {
    let mut app = app_of(news(), 120, 40);
    let unread = app.unread();
    press(&mut app, KeyCode::Char('A'));
    assert_eq!(app.unread(), 0);
    // `r` hands the reload to the event loop, which reads the folder and
    // gives it back; the articles may come back in other places.
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.take_effect(), Some(gogai::app::Effect::Reload));
    let again = app.library().clone();
    app.update(Message::Reloaded(Ok(again)));
    press(&mut app, KeyCode::Char('u'));
    assert!(footer(&app).contains("undone: marked"), "{}", footer(&app));
    assert_eq!(app.unread(), unread);
    assert!(list_rows(&app).iter().all(|r| r.starts_with('●')));
}

#[test]
fn searching_a_folder_read_through_the_index_fills_in_without_waiting() {
    // Bodies on disk, not in memory: the text index reads them on
    // background threads, and the search shows what is read so far.
    let dir = tempfile::tempdir().expect("temp dir");
    let old = std::time::SystemTime::now() - Duration::from_secs(60);
    for i in 0..2000 {
        let body = if i % 4 == 0 {
            format!("Paragraph about the harbour of Kobe, number {i}.")
        } else {
            format!("Paragraph about nothing much, number {i}.")
        };
        let json = serde_json::json!({
            "id": format!("a{i:04}"), "title": format!("Story {i}"),
            "published": "2024-01-01", "body": body,
        });
        let path = dir.path().join(format!("a{i:04}.json"));
        std::fs::write(&path, json.to_string()).expect("write");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(old))
            .expect("set mtime");
    }
    let index = dir.path().join("index.idx");
    let load = || {
        Library::load_dir_indexed(LibrarySource::Flag(dir.path().into()), dir.path(), &index)
            .expect("loads")
            .0
    };
    load();
    let mut app = app_of(load(), 120, 40);
    search(&mut app, "kobe");
    // Nothing is read until the workers say so; the header says it is
    // searching.
    let (done, of) = app.reading().expect("the text is read in the background");
    assert_eq!((done, of), (0, 2000));
    assert!(header(&app).contains("searching 0%"), "{}", header(&app));
    let mut workers = Workers::new();
    while let Some(effect) = app.take_effect() {
        if let Effect::Index(job) = effect {
            workers.index(job).expect("start the index workers");
        }
    }
    // Each report fills in the list a little more, and the header with it.
    let mut seen = 0;
    workers.run_until_idle(|event| {
        if let Some(message) = event.into_message() {
            app.update(message);
        }
        if let Some((done, _)) = app.reading() {
            assert!(done >= seen, "progress only grows");
            seen = done;
            let shown = header(&app);
            assert!(shown.contains("searching"), "{shown}");
        }
    });
    assert_eq!(app.reading(), None, "every article was read");
    assert!(!header(&app).contains("searching"), "{}", header(&app));
    let expected: Vec<String> = (0..2000).step_by(4).map(|i| format!("a{i:04}")).collect();
    assert_eq!(sorted(list_ids(&app)), expected);
}

/// A search started while reading and accepted with Enter opens the
/// article it found (marked read, as Enter in the list does) and says so;
/// from the list it only filters, as before.
#[test]
fn a_search_accepted_from_the_reader_opens_what_it_found() {
    let mut app = app_of(entity_library(), 120, 40);
    select_id(&mut app, "weather");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Pane::Reader);
    search(&mut app, "osaka");
    run_workers(&mut app, &mut Workers::new());
    assert_eq!(selected_id(&app), "smith-osaka");
    let found = app.current().expect("an article is selected");
    // The answer may come after Enter: accept once the list shows it.
    if !app.is_read(found) {
        search(&mut app, "osaka");
    }
    assert!(app.is_read(found), "the article found is open and read");
    assert_eq!(app.focus(), Pane::Reader);
    assert!(
        footer(&app).contains("the first is open"),
        "{}",
        footer(&app)
    );

    let mut app = app_of(entity_library(), 120, 40);
    search(&mut app, "osaka");
    run_workers(&mut app, &mut Workers::new());
    let found = app.current().expect("an article is selected");
    assert_eq!(app.focus(), Pane::List);
    assert!(!app.is_read(found), "from the list, Enter only filters");
}
