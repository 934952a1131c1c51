//! Hostile text: escape sequences, controls, bidi tricks, zero-width and
//! combining characters, emoji sequences, tabs, carriage returns, a line of
//! 100,000 characters and wide CJK, each put into every field of an article
//! (title, subtitle, source, tags, a fact, the body), drawn at 120x40, 80x24
//! and 40x12 with the list, the article open, the facts overlay and help.
//!
//! What a person must see: no control character reaches the terminal, pane
//! borders stand on every row, no text runs past its pane, and the printable
//! text around the hostile bytes is still there. The last tests say how
//! controls should look (visible placeholders) and that tabs go to tab stops.

mod common;

use common::{
    app_of, buffer, cells, dump, frame_problems, is_invisible_formatting, is_terminal_control,
    library_of,
};
use gogai::action::Action;
use gogai::app::App;
use gogai::layout;
use gogai::store::library::Library;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use serde_json::json;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

/// Markers around each payload, so what is drawn between them can be found.
const L: &str = "QX";
const R: &str = "XQ";

/// How many pages of a pane are drawn from the top (then the last few).
const PAGES: usize = 12;

/// The payload in every field: title, subtitle, source, tags, a curated
/// fact, and the body, once inside a paragraph and once as a paragraph of
/// its own. The second article has its body as one string (paragraphs at
/// blank lines), which is cleaned and split differently.
fn library(payload: &str) -> Library {
    let marked = format!("{L}{payload}{R}");
    library_of(&[
        json!({
            "id": "hostile",
            "title": format!("{marked} headline"),
            "subtitle": format!("sub {marked}"),
            "source": format!("{marked} Wire"),
            "published": "2024-05-06",
            "tags": [marked.clone(), "plain"],
            "facts": [{"label": format!("Label {marked}"), "value": format!("{marked} value")}],
            "body": [
                format!("First {marked} paragraph with words. It said 3 million people came."),
                payload,
                "A plain paragraph in the middle, said Ms Tanaka of Acme Corp.",
                format!("End {marked}"),
            ],
        }),
        json!({
            "id": "hostile-text",
            "title": format!("Second {marked}"),
            "source": "Plain Wire",
            "published": "2024-05-05",
            "tags": ["plain"],
            "body": format!("Intro {marked}.\n\n{payload}\n\nOutro {marked} end"),
        }),
    ])
}

/// Draws the app and fails on anything broken in the frame.
fn check(app: &App, what: &str) -> Buffer {
    let drawn = buffer(app);
    let problems = frame_problems(app, &drawn);
    let area = app.area();
    assert!(
        problems.is_empty(),
        "{what} at {}x{}:\n{}\n{}",
        area.width,
        area.height,
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        dump(&drawn)
    );
    drawn
}

/// The text of the reading pane as drawn (scrollbar column left out), one
/// line per row; empty when it is hidden or under an overlay.
fn reader_text(app: &App, drawn: &Buffer) -> String {
    let Some(reader) = app.screen().reader else {
        return String::new();
    };
    if app.overlay().is_some() {
        return String::new();
    }
    let inner = layout::inner(reader);
    let text = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    (text.top()..text.bottom())
        .map(|y| {
            cells(drawn, text, y)
                .into_iter()
                .map(|c| c.1)
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Pages through the reading pane (the first `PAGES`, the bottom and a few
/// above it), checking each frame; returns the text seen.
fn page_reader(app: &mut App, what: &str) -> String {
    let mut seen = String::new();
    let look = |app: &App, seen: &mut String| {
        let drawn = check(app, what);
        seen.push_str(&reader_text(app, &drawn));
        seen.push('\n');
    };
    look(app, &mut seen);
    for _ in 0..PAGES {
        let top = app.reader_top();
        app.update(Action::PageDown);
        if app.reader_top() == top {
            break;
        }
        look(app, &mut seen);
    }
    app.update(Action::Bottom);
    look(app, &mut seen);
    for _ in 0..3 {
        app.update(Action::PageUp);
        look(app, &mut seen);
    }
    app.update(Action::Top);
    seen
}

/// Pages through whatever has the keys (an overlay, the facts sidebar)
/// until nothing moves.
fn page_panel(app: &mut App, what: &str) {
    check(app, what);
    for _ in 0..PAGES {
        let before = (app.overlay(), app.fact_selected(), app.facts_top());
        app.update(Action::PageDown);
        if (app.overlay(), app.fact_selected(), app.facts_top()) == before {
            break;
        }
        check(app, what);
    }
    app.update(Action::Bottom);
    check(app, what);
    app.update(Action::Top);
}

/// Every view of both articles at every size; returns the reading pane's
/// text per size.
fn tour(library: &Library, sizes: &[(u16, u16)]) -> Vec<((u16, u16), String)> {
    let mut out = Vec::new();
    for &(w, h) in sizes {
        let mut app = app_of(library.clone(), w, h);
        check(&app, "the list");
        app.update(Action::Open);
        let mut seen = page_reader(&mut app, "the open article");
        app.update(Action::FactsOverlay);
        page_panel(&mut app, "the facts overlay");
        app.update(Action::Back);
        app.update(Action::Help);
        page_panel(&mut app, "help");
        app.update(Action::Back);
        if app.screen().facts.is_some() {
            app.update(Action::FocusRight);
            page_panel(&mut app, "the facts sidebar");
            app.update(Action::FocusLeft);
        }
        app.update(Action::NextArticle);
        seen.push_str(&page_reader(&mut app, "the second article"));
        app.update(Action::Back);
        check(&app, "the list after reading");
        out.push(((w, h), seen));
    }
    out
}

/// Draws `payload` in every field and view, and checks that each of
/// `visible` (and both markers) shows in the reading pane at every size.
/// Whitespace is ignored in the comparison: a word may wrap across lines.
fn hostile(payload: &str, visible: &[&str]) {
    let library = library(payload);
    assert_eq!(
        library.articles.len(),
        2,
        "both articles load: {:?}",
        library.problems
    );
    for ((w, h), seen) in tour(&library, &SIZES) {
        let squeezed: String = seen.chars().filter(|c| !c.is_whitespace()).collect();
        for needle in [L, R].iter().chain(visible) {
            let needle: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                squeezed.contains(&needle),
                "{w}x{h}: {needle:?} is not shown; the reading pane showed:\n{}",
                seen.chars().take(3000).collect::<String>()
            );
        }
    }
}

#[test]
fn csi_sequences_colour_clear_and_cursor_moves() {
    hostile(
        "\u{1b}[31mred\u{1b}[0m \u{1b}[2J\u{1b}[Hhome \u{1b}[10;20Hmoved \u{1b}[5A\u{1b}[3Cup \u{1b}[?1049h\u{1b}[1;1r\u{1b}cend",
        &["red", "home", "moved", "end"],
    );
}

#[test]
fn osc_window_title() {
    hostile("\u{1b}]0;pwned\u{7} after", &["after"]);
}

#[test]
fn osc52_clipboard_write() {
    hostile("\u{1b}]52;c;ZXZpbA==\u{7} after", &["after"]);
}

#[test]
fn osc8_hyperlink() {
    hostile(
        "\u{1b}]8;;https://evil.example/\u{1b}\\click here\u{1b}]8;;\u{1b}\\ after",
        &["click here", "after"],
    );
}

#[test]
fn c0_controls() {
    hostile(
        "nul\u{0}bel\u{7}bs\u{8}vt\u{b}ff\u{c}soh\u{1}us\u{1f}end",
        &["nul", "bel", "vt", "ff", "soh", "us", "end"],
    );
}

#[test]
fn c1_controls() {
    let all_c1: String = ('\u{80}'..='\u{9f}').collect();
    hostile(
        &format!("c1\u{80}x\u{85}nel\u{9b}31mcsi\u{9d}0;pwned\u{9c}st\u{9f}apc {all_c1} end"),
        &["nel", "csi", "apc", "end"],
    );
}

#[test]
fn del() {
    hostile("del\u{7f}ete\u{7f}\u{7f}end", &["del", "ete", "end"]);
}

#[test]
fn bidi_overrides_isolates_and_marks() {
    hostile(
        "\u{202e}txet desrever\u{202c} \u{2066}iso\u{2069} \u{2067}rtl\u{2069} \u{2068}fsi\u{2069} \u{200f}rlm\u{200e} \u{202d}lro\u{202a}lre\u{202b}rle\u{202c} end",
        &["txet desrever", "iso", "rtl", "fsi", "rlm", "lro", "end"],
    );
}

#[test]
fn zero_width_characters() {
    hostile(
        "zero\u{200b}width\u{2060}joiner\u{feff}bom \u{200b}\u{200b}\u{200b} end",
        &["zero", "width", "joiner", "bom", "end"],
    );
}

#[test]
fn combining_marks() {
    let stacked: String = std::iter::once('a')
        .chain(('\u{300}'..='\u{36f}').cycle().take(200))
        .collect();
    let zalgo: String = "z\u{336}".repeat(40);
    hostile(
        &format!("e\u{301} cafe\u{301} {stacked} {zalgo} \u{301}lead end"),
        &["e\u{301}", "cafe\u{301}", "lead", "end"],
    );
}

#[test]
fn emoji_zwj_sequences_and_flags() {
    hostile(
        "👩\u{200d}👩\u{200d}👧 family 🇯🇵🇺🇦 flags 🏳\u{fe0f}\u{200d}🌈 ❤\u{fe0f}❤\u{fe0f}❤\u{fe0f} 👍🏽 #\u{fe0f}\u{20e3} ☺\u{fe0f} 🇯 end",
        &["family", "flags", "🇯🇵", "end"],
    );
}

/// A character shown as emoji by VS16 (`❤` U+2764 + U+FE0F) takes two
/// columns, though its characters add up to one: lines measured char by
/// char come out too wide, and ratatui drops what passes the pane's edge.
/// Every heart of the paragraph must be drawn.
#[test]
fn emoji_with_a_presentation_selector_are_all_drawn() {
    let hearts = 150;
    for sequence in ["❤\u{fe0f}", "#\u{fe0f}\u{20e3}"] {
        let library = library_of(&[json!({
            "id": "hearts",
            "title": "Hearts",
            "body": [sequence.repeat(hearts), format!("a {}", sequence.repeat(hearts))],
        })]);
        for width in [120, 80, 40] {
            // Tall enough for the whole article on one page.
            let mut app = app_of(library.clone(), width, 300);
            app.update(Action::Open);
            let drawn = check(&app, "a paragraph of emoji");
            let text = reader_text(&app, &drawn);
            // The presentation selector is dropped at load (terminals
            // disagree on its width); every emoji itself is still drawn.
            let shown = sequence.replace('\u{fe0f}', "");
            assert_eq!(
                text.matches(shown.as_str()).count(),
                2 * hearts,
                "{sequence:?} at {width} columns:\n{text}"
            );
        }
    }
}

#[test]
fn tabs() {
    hostile(
        "tab\tstop\t\tdouble\t end\t",
        &["tab", "stop", "double", "end"],
    );
    // The words stay apart: a tab is white space, not nothing.
    let mut app = app_of(library("tab\tstop"), 120, 40);
    app.update(Action::Open);
    let text = reader_text(&app, &buffer(&app));
    let between = between(&text);
    assert!(
        !between.is_empty() && between.contains(' ') && !between.contains('\t'),
        "{text}"
    );
}

#[test]
fn carriage_returns_and_crlf() {
    hostile(
        "carriage\rreturn\r\nline\nfeed\r\n\r\nnew paragraph\r",
        &["carriage", "return", "line", "feed", "new paragraph"],
    );
}

#[test]
fn a_line_of_100000_characters_with_no_space() {
    hostile(&"y".repeat(100_000), &["yyyyyyyyyy"]);
}

/// Wide characters at every column parity next to every border: the list,
/// the reader and the sidebar at each width from 20 to 130.
#[test]
fn wide_cjk_right_at_a_pane_border() {
    let payload = format!(
        "a{}b{}",
        "日本語のテキスト".repeat(30),
        "国際ニュース、".repeat(20)
    );
    hostile(&payload, &["日本語のテキスト", "国際ニュース"]);
    let library = library(&payload);
    for width in 20..=130 {
        for height in [12, 24] {
            let mut app = app_of(library.clone(), width, height);
            check(&app, "the list");
            app.update(Action::Open);
            check(&app, "the open article");
            app.update(Action::PageDown);
            check(&app, "the open article, a page down");
            app.update(Action::FactsOverlay);
            check(&app, "the facts overlay");
            app.update(Action::Help);
            check(&app, "help over wide text");
        }
    }
}

// ----- how controls look: visible placeholders, tab stops, nothing hidden -----

/// What the reading pane shows between the markers of the title
/// `QX{payload}XQ`, at 120x40.
fn shown_between(payload: &str) -> String {
    let library = library_of(&[json!({
        "id": "t",
        "title": format!("{L}{payload}{R}"),
        "body": ["Body."],
    })]);
    assert_eq!(library.articles.len(), 1, "{:?}", library.problems);
    let mut app = app_of(library, 120, 40);
    app.update(Action::Open);
    between(&reader_text(&app, &buffer(&app))).to_owned()
}

/// The text between the first `QX` and the `XQ` after it.
fn between(text: &str) -> &str {
    let start = text.find(L).expect("the opening marker is shown") + L.len();
    let len = text[start..].find(R).expect("the closing marker is shown");
    &text[start..start + len]
}

#[test]
fn escape_sequences_show_a_visible_esc() {
    for payload in [
        "\u{1b}[31m",
        "\u{1b}[2J",
        "\u{1b}[10;20H",
        "\u{1b}]0;pwned\u{7}",
        "\u{1b}]52;c;ZXZpbA==\u{7}",
        "\u{1b}]8;;https://evil.example/\u{1b}\\",
        "\u{1b}c",
        "\u{1b}",
    ] {
        let shown = shown_between(payload);
        assert!(
            shown.contains('\u{241b}'),
            "{payload:?} shows as {shown:?}, with no ␛"
        );
        assert!(!shown.chars().any(is_terminal_control));
    }
}

#[test]
fn c0_controls_show_as_control_pictures() {
    for c in [
        '\u{0}', '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}',
    ] {
        let picture = char::from_u32(0x2400 + u32::from(c)).expect("a control picture");
        let shown = shown_between(&format!("a{c}b"));
        assert_eq!(shown, format!("a{picture}b"), "{c:?}");
    }
}

#[test]
fn del_shows_as_a_visible_mark() {
    let shown = shown_between("a\u{7f}b");
    assert!(
        shown.starts_with('a') && shown.ends_with('b') && shown.trim().chars().count() > 2,
        "DEL shows as {shown:?}"
    );
    assert!(!shown.chars().any(is_terminal_control));
}

#[test]
fn c1_controls_show_as_a_visible_mark() {
    for c in '\u{80}'..='\u{9f}' {
        let shown = shown_between(&format!("a{c}b"));
        let mark = shown
            .strip_prefix('a')
            .and_then(|s| s.strip_suffix('b'))
            .unwrap_or_default();
        assert!(!mark.chars().any(is_terminal_control), "{c:?}: {shown:?}");
        if c == '\u{85}' {
            // NEL (next line) is a line break, as `text::clean` documents:
            // in a title it folds to a space.
            assert_eq!(mark, " ", "NEL shows as {shown:?}");
        } else {
            assert!(!mark.trim().is_empty(), "{c:?} shows as {shown:?}");
        }
    }
}

/// A lone carriage return is a control like any other: it shows as a mark
/// (or at least as a space), never by gluing the words around it.
#[test]
fn a_lone_carriage_return_is_not_silently_dropped() {
    let shown = shown_between("a\rb");
    assert_ne!(shown, "ab", "the words around \\r were glued together");
}

/// Tabs go to the next tab stop (every 4 or every 8 columns, counted from
/// the start of the line), not to one space. Paragraphs collapse runs of
/// spaces when they load, so this is seen in `text::clean`, not on screen.
#[test]
fn tabs_expand_to_tab_stops() {
    use gogai::text::clean;
    use unicode_width::UnicodeWidthStr;
    // The column where `x` lands after the tab.
    let column = |input: &str| {
        let cleaned = clean(input);
        let line = cleaned.rsplit('\n').next().unwrap_or_default();
        let at = line.find('x').expect("x is kept");
        assert!(
            line[..at].chars().all(|c| c != '\t'),
            "{input:?} -> {cleaned:?}"
        );
        line[..at].width()
    };
    let stop = column("\tx");
    assert!(stop == 4 || stop == 8, "a tab at column 0 goes to {stop}");
    assert_eq!(column("ab\tx"), stop);
    assert_eq!(column(&format!("{}\tx", "a".repeat(stop - 1))), stop);
    assert_eq!(column(&format!("{}\tx", "a".repeat(stop))), 2 * stop);
    assert_eq!(column("\t\tx"), 2 * stop);
    assert_eq!(
        column("line one\nab\tx"),
        stop,
        "stops restart on each line"
    );
    assert_eq!(column("日\tx"), stop, "a wide character counts two columns");
    assert_eq!(
        column(&format!("{}\tx", "日".repeat(stop / 2))),
        2 * stop,
        "wide characters count two columns each"
    );
}

/// No cell holds a bidi or zero-width formatting character, with `payload`
/// in every field, the article open and under the facts overlay.
fn assert_no_invisible_formatting(payload: &str) {
    for (w, h) in SIZES {
        let mut app = app_of(library(payload), w, h);
        app.update(Action::Open);
        for overlay in [None, Some(Action::FactsOverlay)] {
            if let Some(action) = overlay {
                app.update(action);
            }
            let drawn = buffer(&app);
            let found: Vec<String> = drawn
                .content()
                .iter()
                .map(ratatui::buffer::Cell::symbol)
                .filter(|s| s.chars().any(is_invisible_formatting))
                .map(|s| format!("{s:?}"))
                .collect();
            assert!(
                found.is_empty(),
                "{payload:?} at {w}x{h}: cells hold {}",
                found.join(", ")
            );
        }
    }
}

/// Bidi embeddings, overrides, isolates and marks reach no cell: a
/// terminal that honours them shows the text in another order than it is.
#[test]
fn bidi_controls_reach_no_cell() {
    for payload in [
        "a\u{202e}b\u{202c}c",
        "a\u{202a}b\u{202b}c\u{202d}d",
        "a\u{2066}b\u{2069}c\u{2067}d\u{2068}e",
        "a\u{200f}b\u{200e}c\u{061c}d",
    ] {
        assert_no_invisible_formatting(payload);
    }
}

/// Zero-width formatting characters reach no cell: they hide differences
/// between strings that look alike, and terminals disagree on their width
/// (some give U+200B a column, which pushes the border out of line).
#[test]
fn zero_width_formatting_reaches_no_cell() {
    for payload in ["a\u{2060}b\u{feff}c", "a\u{200b}b"] {
        assert_no_invisible_formatting(payload);
    }
}
