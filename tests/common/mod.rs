//! Helpers shared by the UI tests: build an app, draw it, read the screen.
#![allow(dead_code)]

use gogai::action::Action;
use gogai::app::App;
use gogai::keymap;
use gogai::store::library::{Library, LibrarySource};
use gogai::store::state::ReadState;
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
    Library::from_files(LibrarySource::Bundled, files)
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

/// A library of the given articles (JSON objects), one file each.
pub fn library_of(articles: &[serde_json::Value]) -> Library {
    let files = articles.iter().enumerate().map(|(i, article)| {
        (
            format!("t{i:03}.json"),
            format!("t{i:03}.json"),
            std::borrow::Cow::Owned(article.to_string().into_bytes()),
        )
    });
    Library::from_files(LibrarySource::Bundled, files)
}

/// Six short articles with sources, dates, tags and (mostly) links; three
/// mention Tokyo. Newest first: `tokyo-ai`, `osaka-expo`, `chip-plant`,
/// `rail-strike`, `tokyo-rain` (no source), `ai-rules`.
pub fn news() -> Library {
    use serde_json::json;
    library_of(&[
        json!({
            "id": "tokyo-ai", "title": "Tokyo startups bet on AI", "source": "Nikkei",
            "published": "2024-05-06", "tags": ["AI", "Japan"],
            "url": "https://example.com/tokyo-ai",
            "body": ["Founders in Tokyo are raising money for AI.", "Investors say the city is catching up."],
        }),
        json!({
            "id": "osaka-expo", "title": "Osaka readies the Expo", "source": "Kyodo",
            "published": "2024-05-05", "tags": ["Japan"],
            "url": "https://example.com/osaka-expo",
            "body": ["Osaka expects millions of visitors.", "Tokyo sends a delegation."],
        }),
        json!({
            "id": "chip-plant", "title": "A chip plant rises in Kumamoto", "source": "Reuters",
            "published": "2024-05-04", "tags": ["ai", "chips"],
            "body": ["The plant will make chips for AI servers."],
        }),
        json!({
            "id": "rail-strike", "title": "Rail strike ends in Berlin", "source": "DW",
            "published": "2024-05-03", "tags": ["Europe"],
            "url": "https://example.com/rail-strike",
            "body": ["Trains run again."],
        }),
        json!({
            "id": "tokyo-rain", "title": "Record rain in Tokyo",
            "published": "2024-05-02",
            "url": "https://example.com/tokyo-rain",
            "body": ["Tokyo saw record rain on Thursday. Tokyo trains were delayed."],
        }),
        json!({
            "id": "ai-rules", "title": "Brussels writes AI rules", "source": "Politico",
            "published": "2024-05-01", "tags": ["AI", "Europe"],
            "url": "https://example.com/ai-rules",
            "body": ["The rules cover AI models."],
        }),
    ])
}

/// The ids of the articles the list shows, in order.
pub fn list_ids(app: &App) -> Vec<String> {
    app.list()
        .iter()
        .map(|&i| app.library().articles.at(i).id().to_owned())
        .collect()
}

/// The cells of one row of `area` as drawn: `(column, symbol, style)`, a
/// wide character once (the cell it covers is left out).
pub fn cells(
    buffer: &ratatui::buffer::Buffer,
    area: ratatui::layout::Rect,
    y: u16,
) -> Vec<(u16, String, ratatui::style::Style)> {
    let mut out = Vec::new();
    let mut x = area.left();
    while x < area.right() {
        let cell = &buffer[(x, y)];
        let symbol = cell.symbol().to_owned();
        let width = unicode_width::UnicodeWidthStr::width(symbol.as_str()).max(1);
        out.push((x, symbol, cell.style()));
        x = x.saturating_add(u16::try_from(width).unwrap_or(1));
    }
    out
}

/// Each row of `area` as a person reads it.
pub fn text_in(app: &App, area: ratatui::layout::Rect) -> Vec<String> {
    let buffer = buffer(app);
    (area.top()..area.bottom())
        .map(|y| cells(&buffer, area, y).into_iter().map(|c| c.1).collect())
        .collect()
}

/// Where `needle` is drawn inside `area`: its column and row, and the style
/// of each cell it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub x: u16,
    pub y: u16,
    pub styles: Vec<ratatui::style::Style>,
}

/// Every place `needle` is drawn inside `area`, top to bottom.
pub fn find_in(app: &App, area: ratatui::layout::Rect, needle: &str) -> Vec<Found> {
    let buffer = buffer(app);
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        let row = cells(&buffer, area, y);
        for start in 0..row.len() {
            let mut text = String::new();
            let mut styles = Vec::new();
            for (_, symbol, style) in &row[start..] {
                if text.len() >= needle.len() {
                    break;
                }
                text.push_str(symbol);
                styles.push(*style);
            }
            if text == needle {
                out.push(Found {
                    x: row[start].0,
                    y,
                    styles,
                });
            }
        }
    }
    out
}

/// The first row of the screen: name, counts, folder.
pub fn header(app: &App) -> String {
    screen(app).lines().next().unwrap_or_default().to_owned()
}

/// The last row of the screen: keys, a status message or the prompt.
pub fn footer(app: &App) -> String {
    screen(app).lines().last().unwrap_or_default().to_owned()
}

/// The list pane's title as drawn on its top border (`Articles 1/6 · …`).
pub fn list_title(app: &App) -> String {
    let list = app.screen().list.expect("the list is shown");
    let top = text_in(app, ratatui::layout::Rect { height: 1, ..list })
        .pop()
        .unwrap_or_default();
    top.trim_matches(|c| matches!(c, '╭' | '╮' | '─' | ' '))
        .to_owned()
}

/// The first line of each article row in the list (marks and title), as
/// drawn, right spaces trimmed.
pub fn list_rows(app: &App) -> Vec<String> {
    let list = app.screen().list.expect("the list is shown");
    let inner = gogai::layout::inner(list);
    text_in(app, inner)
        .into_iter()
        .step_by(gogai::layout::LIST_ITEM_HEIGHT)
        .map(|row| row.trim_end().to_owned())
        .filter(|row| !row.is_empty())
        .collect()
}

/// A character a terminal would act on rather than print: C0 controls
/// (ESC among them), DEL and C1 controls.
pub fn is_terminal_control(c: char) -> bool {
    c < ' ' || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Invisible characters that reorder or hide text: bidi overrides,
/// isolates and marks, and zero-width formatting characters. The zero-width
/// joiner and non-joiner are left out: emoji sequences and scripts need them.
pub fn is_invisible_formatting(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Every way a drawn frame breaks what a person sees, as messages (empty
/// when the frame is sound):
/// - the buffer is not exactly the app's area;
/// - a cell holds a control character (ESC, C0, DEL, C1);
/// - a wide character overflows the screen or hides a cell that holds
///   something (a border);
/// - a pane's or the overlay's border is broken: the corners, the side
///   columns (`│`) on every row, and the cells next to the corners on the
///   top and bottom rows (`─`, or the space around a title). Pane borders
///   under the overlay are not checked.
pub fn frame_problems(app: &App, buffer: &ratatui::buffer::Buffer) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut out = Vec::new();
    let area = app.area();
    if buffer.area != area {
        out.push(format!("buffer is {:?}, the app is {area:?}", buffer.area));
        return out;
    }
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if symbol.chars().any(is_terminal_control) {
                out.push(format!("{x},{y}: control character in {symbol:?}"));
            }
            let width = symbol.width();
            if width > 1 {
                let end = usize::from(x) + width;
                if end > usize::from(area.right()) {
                    out.push(format!("{x},{y}: {symbol:?} runs off the screen"));
                }
                for covered in 1..width as u16 {
                    // Zero-width text there is harmless: ratatui never
                    // sends a cell a wide character covers.
                    if let Some(cell) = buffer.cell((x + covered, y))
                        && cell.symbol().trim().width() > 0
                    {
                        out.push(format!(
                            "{x},{y}: {symbol:?} hides {:?} at {}",
                            cell.symbol(),
                            x + covered
                        ));
                    }
                }
            }
        }
    }
    let overlay = app
        .overlay()
        .map(|o| gogai::layout::overlay_rect(area, o.kind));
    let screen = app.screen();
    let panes = [
        ("list", screen.list),
        ("reader", screen.reader),
        ("facts", screen.facts),
    ];
    for (name, rect) in panes {
        if let Some(rect) = rect {
            border_problems(name, rect, overlay, buffer, &mut out);
        }
    }
    if let Some(rect) = overlay {
        border_problems("overlay", rect, None, buffer, &mut out);
    }
    out
}

/// The corners and side columns of a bordered rectangle, outside `cover`.
fn border_problems(
    name: &str,
    rect: ratatui::layout::Rect,
    cover: Option<ratatui::layout::Rect>,
    buffer: &ratatui::buffer::Buffer,
    out: &mut Vec<String>,
) {
    use ratatui::layout::Position;
    if rect.width < 2 || rect.height < 2 {
        return;
    }
    let (left, right) = (rect.left(), rect.right() - 1);
    let (top, bottom) = (rect.top(), rect.bottom() - 1);
    // The cell must hold `want` (or `or`, when not empty).
    let mut expect = |x: u16, y: u16, want: &str, or: &str| {
        if cover.is_some_and(|c| c.contains(Position { x, y })) {
            return;
        }
        let got = buffer[(x, y)].symbol();
        if got != want && (or.is_empty() || got != or) {
            out.push(format!("{name} border at {x},{y}: {got:?}, not {want:?}"));
        }
    };
    expect(left, top, "╭", "");
    expect(right, top, "╮", "");
    expect(left, bottom, "╰", "");
    expect(right, bottom, "╯", "");
    for y in top + 1..bottom {
        expect(left, y, "│", "");
        expect(right, y, "│", "");
    }
    // Next to each corner: the line, or the space around a title. A title
    // starts (top, left-aligned) or ends (bottom, right-aligned) with a
    // space, kept when it is cut; its other end reaches the far corner only
    // in a narrow pane.
    if rect.width >= 4 {
        expect(left + 1, top, "─", " ");
        expect(right - 1, bottom, "─", " ");
    }
    if rect.width >= 24 {
        expect(right - 1, top, "─", " ");
        expect(left + 1, bottom, "─", " ");
    }
}

/// The buffer as text, one line per row, for failure messages.
pub fn dump(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            for c in symbol.chars() {
                if is_terminal_control(c) {
                    out.extend(c.escape_default());
                } else {
                    out.push(c);
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Five articles from three feeds and none: `n1`, `n2` from the news feed
/// (subscribed, tagged), `b1` from the blog (subscribed, two tags), `g1`
/// from a feed the file no longer lists, `x1` from no feed. `n1` has three
/// links and a podcast; newest first in that order.
pub fn feed_library() -> gogai::store::library::Library {
    use serde_json::json;
    library_of(&[
        json!({
            "id": "n1", "title": "News one", "published": "2024-05-06",
            "feed": "https://news.example/rss", "url": "https://news.example/1",
            "body": ["See [1], [2] and [3]."],
            "links": ["https://a.example/one", "https://b.example/two", "https://c.example/three"],
            "enclosures": [{"url": "https://news.example/ep1.mp3", "type": "audio/mpeg", "length": 12_000_000}],
        }),
        json!({
            "id": "n2", "title": "News two", "published": "2024-05-05",
            "feed": "https://news.example/rss", "body": ["Two."],
        }),
        json!({
            "id": "b1", "title": "Blog one", "published": "2024-05-04",
            "feed": "https://blog.example/atom", "body": ["Blog."],
        }),
        json!({
            "id": "g1", "title": "Gone one", "published": "2024-05-03",
            "feed": "https://gone.example/feed", "body": ["Gone."],
        }),
        json!({
            "id": "x1", "title": "Imported one", "published": "2024-05-02",
            "body": ["Imported."],
        }),
    ])
}

pub fn subscriptions() -> Vec<gogai::feeds::Subscription> {
    let sub = |url: &str, name: &str, tags: &[&str]| gogai::feeds::Subscription {
        url: url.to_owned(),
        name: Some(name.to_owned()),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        line: 0,
    };
    vec![
        sub("https://news.example/rss", "Example News", &["news"]),
        sub("https://blog.example/atom", "A Blog", &["tech", "news"]),
    ]
}

/// [`feed_library`] with [`subscriptions`] as the feeds file.
pub fn feeds_app(width: u16, height: u16) -> App {
    let mut app = app_of(feed_library(), width, height);
    app.update(gogai::app::Message::Subscriptions(Ok(subscriptions())));
    app
}
