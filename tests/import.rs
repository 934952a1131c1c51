//! `gogai --import`: every kind of source, broken ones included, the
//! loopback fetch, dedupe, dry runs and never overwriting. Fixtures are in
//! `tests/fixtures/import/`, written for these tests (the towns, people and
//! sites in them do not exist). HTTP tests talk only to a server each test
//! starts on 127.0.0.1.

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use gogai::article::Article;
use gogai::import::{self, Limits, Options, SourceError, Summary, fetch::FetchError};
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

// ---------------------------------------------------------------- helpers

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// Imports `sources` into `dir`; returns the summary and the report.
fn import_with(sources: &[String], dir: &Path, dry_run: bool, limits: Limits) -> (Summary, String) {
    let options = Options {
        dir: dir.to_path_buf(),
        dry_run,
        limits,
        index: None,
        lock_wait: import::LOCK_WAIT,
    };
    let mut out = Vec::new();
    let summary = import::run(sources, &options, &mut out).expect("the import runs");
    (
        summary,
        String::from_utf8(out).expect("the report is UTF-8"),
    )
}

fn import(sources: &[String], dir: &Path) -> (Summary, String) {
    import_with(sources, dir, false, Limits::default())
}

/// Imports fixtures into a fresh folder.
fn import_fixtures(names: &[&str]) -> (TempDir, Summary, String) {
    let dir = tempdir();
    let sources: Vec<String> = names.iter().map(|n| fixture(n)).collect();
    let (summary, report) = import(&sources, dir.path());
    (dir, summary, report)
}

/// The folder as the reader loads it; no file may fail to load.
fn load(dir: &Path) -> Library {
    let library =
        Library::load_dir(LibrarySource::Flag(dir.to_path_buf()), dir).expect("load the folder");
    assert_eq!(library.problems, vec![], "imported files must load cleanly");
    library
}

fn titled(library: &Library, title: &str) -> Article {
    let at = library
        .articles
        .iter()
        .position(|a| a.title() == title)
        .unwrap_or_else(|| {
            let titles: Vec<&str> = library.articles.iter().map(|a| a.title()).collect();
            panic!("no article titled {title:?}; there are {titles:?}")
        });
    library.articles.open(at).expect("listed").into_owned()
}

/// The `*.json` file names in `dir`, sorted.
fn json_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------- feeds

#[test]
fn rss2_items_become_articles_with_their_metadata() {
    let (dir, summary, report) = import_fixtures(&["rss2.xml"]);
    assert_eq!(summary.added, 3, "{report}");
    // Item 4 repeats item 1's link; item 5 has nothing at all.
    assert_eq!(summary.duplicates, 1, "{report}");
    assert!(report.contains("item 4"), "{report}");
    assert!(
        report.contains("item 5 has no title, no text and no link; skipped"),
        "{report}"
    );
    assert!(!summary.failed(), "{report}");

    let library = load(dir.path());
    assert_eq!(library.articles.len(), 3);
    let wall = titled(&library, "Harbour council approves $40 million sea wall");
    assert_eq!(wall.source.as_deref(), Some("Harbour Town Gazette"));
    assert_eq!(wall.author.as_deref(), Some("Mara Lindqvist"));
    assert_eq!(
        wall.url.as_deref(),
        Some("https://gazette.example/2024/05/sea-wall")
    );
    assert_eq!(wall.published.as_deref(), Some("2024-05-14T06:15:00Z"));
    assert_eq!(wall.tags, vec!["council", "coast"]);
    assert_eq!(
        wall.subtitle.as_deref(),
        Some("The council voted 7 to 2 for the wall.")
    );
    assert_eq!(
        wall.body,
        vec![
            // Links are numbered and listed (issue 14).
            "The harbour council voted 7 to 2 on Monday to build a sea wall [1] costing $40 million.",
            "Work is planned in three stages:",
            "• dredging the inner basin",
            "• the wall itself",
            "• a new promenade",
            "“We cannot wait for the next storm,” said Mayor Ines Alvarado.",
        ],
        "links as their text, lists as items, no script or style"
    );
}

#[test]
fn relative_links_are_resolved_against_the_feed() {
    let (dir, _, report) = import_fixtures(&["rss2.xml", "atom.xml"]);
    let library = load(dir.path());
    // RSS: against the channel's <link>.
    let ferry = titled(&library, "Ferry timetable changes for the summer");
    assert_eq!(
        ferry.url.as_deref(),
        Some("https://gazette.example/2024/05/ferry-summer"),
        "{report}"
    );
    // Escaped HTML in a description is still HTML.
    assert_eq!(
        ferry.body,
        vec![
            "Ferries will run every 20 minutes from June.",
            "The last boat leaves at midnight."
        ]
    );
    // Atom: against xml:base.
    let mirror = titled(&library, "New telescope mirror arrives");
    assert_eq!(
        mirror.url.as_deref(),
        Some("https://observatory.example/blog/posts/mirror")
    );
}

#[test]
fn an_item_without_a_title_is_named_from_its_first_words() {
    let (dir, _, _) = import_fixtures(&["rss2.xml", "feed.json"]);
    let library = load(dir.path());
    let herring = titled(
        &library,
        "Fishermen landed 1,200 tonnes of herring last week, the most…",
    );
    assert_eq!(
        herring.body,
        vec![
            "Fishermen landed 1,200 tonnes of herring last week, the most since 2011, the harbour master said."
        ]
    );
    // Ten words or fewer: the whole sentence, no ellipsis.
    let pears = titled(&library, "Pear trees flowered two weeks early this spring.");
    assert_eq!(pears.body.len(), 2);
}

#[test]
fn atom_entries_keep_authors_categories_and_html_titles() {
    let (dir, summary, report) = import_fixtures(&["atom.xml"]);
    assert_eq!(summary.added, 2, "{report}");
    let library = load(dir.path());
    let mirror = titled(&library, "New telescope mirror arrives");
    assert_eq!(mirror.author.as_deref(), Some("Dr. Keiko Aramaki"));
    assert_eq!(mirror.tags, vec!["equipment", "Telescopes"]);
    assert_eq!(mirror.source.as_deref(), Some("Hill Observatory Notes"));
    assert_eq!(mirror.published.as_deref(), Some("2024-03-01T17:00:00Z"));
    assert_eq!(
        mirror.subtitle.as_deref(),
        Some("A 1.2 metre mirror reached the hill on Friday.")
    );
    assert_eq!(mirror.body.len(), 2);
    // type="html" title rendered to text; no author on the entry → the feed's.
    let night = titled(&library, "Open night: Saturn at its best");
    assert_eq!(night.author.as_deref(), Some("Observatory staff"));
    assert_eq!(
        night.body,
        vec!["Doors open at 8 pm.", "Bring warm clothes."]
    );
}

#[test]
fn rss_1_0_0_91_and_json_feed_are_read() {
    let (dir, summary, report) = import_fixtures(&["rss1.rdf", "rss091.xml", "feed.json"]);
    assert_eq!(summary.added, 4, "{report}");
    let library = load(dir.path());
    let late = titled(&library, "Late opening on Thursdays");
    assert_eq!(late.published.as_deref(), Some("2024-02-01T09:00:00Z"));
    assert_eq!(
        late.url.as_deref(),
        Some("https://library.example/news/late-opening")
    );
    let bridge = titled(&library, "Bridge closed for repairs");
    assert_eq!(bridge.source.as_deref(), Some("Old Mill Radio"));
    let apples = titled(&library, "Apple harvest up 12%");
    assert_eq!(apples.author.as_deref(), Some("Tom Okafor"));
    assert_eq!(apples.tags, vec!["harvest", "apples"]);
    assert_eq!(apples.published.as_deref(), Some("2024-09-20T12:00:00Z"));
    assert_eq!(
        apples.body,
        vec![
            "Growers picked 12% more apples than last year.",
            "Prices fell by 3%."
        ]
    );
}

#[test]
fn a_feed_with_an_unclosed_tag_loses_only_that_item_and_says_where() {
    let (dir, summary, report) = import_fixtures(&["broken-unclosed.xml"]);
    assert_eq!(summary.added, 2, "{report}");
    assert_eq!(summary.errors, 1, "{report}");
    assert!(summary.failed(), "a lost item makes the import fail");
    // Line 12, column 7 is the <title> that is never closed.
    assert!(
        report.contains(
            "broken-unclosed.xml:12:7: item 2 is malformed (<title> is not closed where </item> is, at 15:5); skipped"
        ),
        "{report}"
    );
    let library = load(dir.path());
    titled(&library, "First story survives");
    titled(&library, "Third story survives too");
}

#[test]
fn a_truncated_feed_keeps_its_whole_items() {
    let (dir, summary, report) = import_fixtures(&["truncated.xml"]);
    assert_eq!(summary.added, 1, "{report}");
    assert!(
        report.contains(
            "truncated.xml:11:5: item 2 is cut off: the file ends before its </item>; skipped"
        ),
        "{report}"
    );
    titled(&load(dir.path()), "A complete item");
}

#[test]
fn wrongly_declared_encodings_are_read_by_their_bytes() {
    const TITLE: &str = "Crème brûlée festival in Zürich";
    // Says ISO-8859-1, is UTF-8.
    let (dir, summary, report) = import_fixtures(&["declared-latin1-but-utf8.xml"]);
    assert!(
        report.contains("declares the encoding \"ISO-8859-1\", but its bytes are UTF-8"),
        "{report}"
    );
    assert_eq!((summary.added, summary.errors), (1, 0), "{report}");
    let article = titled(&load(dir.path()), TITLE);
    assert_eq!(article.source.as_deref(), Some("Café Société"));
    assert_eq!(
        article.body,
        vec!["The festival — now in its 5th year — drew 8,000 visitors."]
    );

    // Says UTF-8, is Latin-1: the first bad byte is é in "Café" on line 4.
    let (dir, summary, report) = import_fixtures(&["declared-utf8-but-latin1.xml"]);
    assert!(
        report.contains(
            "declared-utf8-but-latin1.xml:4:15: not valid UTF-8 (byte 0xe9) although it says it is; read as Windows-1252"
        ),
        "{report}"
    );
    assert_eq!((summary.added, summary.errors), (1, 0), "{report}");
    let article = titled(&load(dir.path()), TITLE);
    assert_eq!(article.body, vec!["Tickets cost £12 at the door."]);

    // Declared rightly: no warning.
    let (dir, summary, report) = import_fixtures(&["latin1.xml"]);
    assert_eq!((summary.added, summary.warnings), (1, 0), "{report}");
    titled(&load(dir.path()), TITLE);
}

#[test]
fn a_source_that_is_not_an_article_source_fails() {
    let (dir, summary, report) = import_fixtures(&["drawing.xml", "empty.txt", "rss091.xml"]);
    assert_eq!(summary.failed_sources, 2, "{report}");
    assert_eq!(
        summary.added, 1,
        "the good source is still imported: {report}"
    );
    assert!(
        report.contains("drawing.xml: XML whose root element is <svg>, not a feed"),
        "{report}"
    );
    assert!(
        report.contains("empty.txt:1:1: the file holds no text"),
        "{report}"
    );
    assert!(report.contains("2 of 3 sources failed"), "{report}");
    assert_eq!(json_files(dir.path()).len(), 1);

    let missing = tempdir();
    let (summary, report) = import(&[fixture("no-such-file.xml")], missing.path());
    assert_eq!(summary.failed_sources, 1);
    assert!(
        report.contains("no-such-file.xml: cannot read:"),
        "{report}"
    );
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_with_yaml_front_matter() {
    let (dir, summary, report) = import_fixtures(&["yaml-front.md"]);
    assert_eq!((summary.added, summary.warnings), (1, 0), "{report}");
    let tram = titled(&load(dir.path()), "Tram line to the airport opens");
    assert_eq!(
        tram.subtitle.as_deref(),
        Some("The 14 km line took four years to build")
    );
    assert_eq!(tram.published.as_deref(), Some("2024-06-03T09:30:00+09:00"));
    assert_eq!(tram.author.as_deref(), Some("Aiko Brandt"));
    assert_eq!(tram.source.as_deref(), Some("City Transit Blog"));
    assert_eq!(
        tram.url.as_deref(),
        Some("https://transit.example/tram-airport")
    );
    assert_eq!(tram.tags, vec!["transport", "trams"]);
    assert_eq!(
        tram.body,
        vec![
            // With a title in the front matter, the heading is text.
            "A heading that is not the title",
            "The new tram line to the airport opened on Monday, four years after work began. It cost $1.1 billion.",
            "• Trams run every 6 minutes.",
            "• The trip takes 25 minutes.",
            "\"This line changes how the city travels,\" said Deputy Mayor Rui Tanaka.",
            "not really code, just text",
        ]
    );
}

#[test]
fn markdown_with_toml_front_matter() {
    let (dir, _, report) = import_fixtures(&["toml-front.md"]);
    let river = titled(&load(dir.path()), "River clean-up draws 300 volunteers");
    assert_eq!(
        river.published.as_deref(),
        Some("2024-04-21T10:00:00Z"),
        "{report}"
    );
    assert_eq!(river.author.as_deref(), Some("Noor Haddad"));
    assert_eq!(river.tags, vec!["river", "volunteers"]);
    assert_eq!(river.body.len(), 2);
}

#[test]
fn markdown_titles_come_from_the_heading_then_the_file_name() {
    let (dir, _, _) = import_fixtures(&["heading-title.md", "no-title.md"]);
    let library = load(dir.path());
    let snow = titled(&library, "Snowfall closes mountain pass");
    assert_eq!(
        snow.body,
        vec![
            "Intro line before the heading is body text.",
            "The pass closed at 6 am after 80 cm of snow fell overnight.",
        ]
    );
    let untitled = titled(&library, "no-title");
    assert_eq!(untitled.body.len(), 2);
}

#[test]
fn broken_front_matter_is_reported_and_the_text_still_imported() {
    let (dir, summary, report) = import_fixtures(&["broken-front.md"]);
    assert_eq!(
        (summary.added, summary.warnings, summary.errors),
        (1, 1, 0),
        "{report}"
    );
    assert!(
        report.contains("broken-front.md:2:8: YAML front matter not read (unclosed quote)"),
        "{report}"
    );
    titled(&load(dir.path()), "Market reopens after the fire");
}

// ---------------------------------------------------------------- HTML

#[test]
fn a_saved_page_keeps_the_article_and_its_metadata() {
    let (dir, summary, report) = import_fixtures(&["page.html"]);
    assert_eq!((summary.added, summary.warnings), (1, 0), "{report}");
    let page = titled(
        &load(dir.path()),
        "Lighthouse keeper retires after 40 years",
    );
    assert_eq!(page.source.as_deref(), Some("Coast Courier"));
    assert_eq!(page.author.as_deref(), Some("Sam Whitlock"));
    assert_eq!(page.published.as_deref(), Some("2024-07-01T12:00:00+01:00"));
    assert_eq!(page.tags, vec!["coast", "people"]);
    // The canonical link is relative; <base href> makes it absolute.
    assert_eq!(
        page.url.as_deref(),
        Some("https://courier.example/news/lighthouse-keeper")
    );
    assert_eq!(
        page.subtitle.as_deref(),
        Some("The last keeper of Gull Point light hands over the keys.")
    );
    // No navigation, sidebar, byline, caption, share button or footer.
    assert_eq!(
        page.body,
        vec![
            "Edith Marr climbed the 112 steps of Gull Point light for the last time on Sunday.",
            // Links are numbered and listed, images keep their alt text
            // (issue 14).
            "She kept the light for 40 years, through 3 storms that made the national news [1].",
            "[image: Edith Marr]",
            "The light will be run from the mainland from August.",
        ]
    );
    assert_eq!(page.links.len(), 1);
}

#[test]
fn a_page_without_article_tags_is_read_from_its_densest_text() {
    let (dir, _, report) = import_fixtures(&["page-divs.html"]);
    let bakery = titled(&load(dir.path()), "Bakery wins regional prize");
    // Unclosed <p> and <b> are read as browsers read them.
    assert_eq!(
        bakery.body,
        vec![
            "The Corner Bakery won the regional bread prize on Saturday for its rye loaf.",
            "Owner Bruno Keller said the recipe came from his grandmother.",
            "The prize comes with 500 euros and a trophy",
        ],
        "{report}"
    );
}

// ---------------------------------------------------------------- text

#[test]
fn text_with_a_byline_a_date_and_page_residue() {
    let (dir, _, report) = import_fixtures(&["story.txt", "title-only.txt"]);
    let library = load(dir.path());
    let buses = titled(&library, "Night buses return to the east side");
    assert_eq!(
        buses.subtitle.as_deref(),
        Some("Three routes restored after a two-year gap")
    );
    assert_eq!(buses.author.as_deref(), Some("Priya Raman"), "{report}");
    assert_eq!(buses.published.as_deref(), Some("2024-08-12"));
    assert_eq!(
        buses.body,
        vec![
            "The city restored three night bus routes to the east side on Monday, two years after they were cut to save money.",
            "Buses now run every 30 minutes between midnight and 5 am.",
            "\"Night workers asked for this for two years,\" said councillor Dev Patel.",
        ],
        "\"Share this article\" and all after it are the page's, not the article's"
    );
    // A title alone is not an article.
    assert!(
        report.contains("title-only.txt: has a title but no text; nothing to import"),
        "{report}"
    );
    assert_eq!(library.articles.len(), 1);
}

/// The seed text file imports to the article `articles/` holds. Compared:
/// title, subtitle and the body's paragraphs, which are all the text gives.
/// Not compared: `id` (the file name, which import picks), and the curated
/// `facts`, which were written by hand and which no text can give. Both
/// have no source, author, url or date. Same body, so the facts found in
/// the text are the same too.
#[test]
fn the_seed_text_imports_to_the_bundled_article() {
    // A byte-identical copy of the user's seed text ships with the tests, so
    // this comparison always runs.
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed/000_b30f95c428f09b0a.txt"
    );
    assert!(Path::new(seed).is_file(), "{seed} ships with the tests");
    let dir = tempdir();
    let (summary, report) = import(&[seed.to_owned()], dir.path());
    assert_eq!(summary.added, 1, "{report}");
    let imported = load(dir.path())
        .articles
        .open(0)
        .expect("one article")
        .into_owned();

    let json = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/articles/microsoft-japan-investment.json"
    );
    let bytes = std::fs::read(json).expect("read the article");
    let parsed = gogai::article::parse(&bytes, "microsoft-japan-investment.json", json);
    let expected = &parsed.articles[0];

    assert_eq!(imported.title, expected.title);
    assert_eq!(imported.subtitle, expected.subtitle);
    assert_eq!(
        imported.body, expected.body,
        "\"About the Author\" and after are dropped"
    );
    assert_eq!(imported.body.len(), 14);
    for (field, got, want) in [
        ("source", &imported.source, &expected.source),
        ("author", &imported.author, &expected.author),
        ("url", &imported.url, &expected.url),
        ("published", &imported.published, &expected.published),
    ] {
        assert_eq!(got, want, "{field}");
    }
    assert!(
        expected.curated_facts.len() > 3,
        "the JSON has hand-written facts"
    );
    assert!(imported.curated_facts.is_empty(), "text gives none");

    // Imported over a folder that holds that article, it is a duplicate:
    // same title, and neither has a date.
    let folder = tempdir();
    std::fs::copy(json, folder.path().join("microsoft-japan-investment.json")).expect("copy");
    let (summary, report) = import(&[seed.to_owned()], folder.path());
    assert_eq!((summary.added, summary.duplicates), (0, 1), "{report}");
    assert!(
        report.contains("already there as microsoft-japan-investment.json, same title and no date"),
        "{report}"
    );
}

// ---------------------------------------------------------------- the folder

#[test]
fn a_second_import_adds_nothing() {
    let sources: Vec<String> = [
        "rss2.xml",
        "atom.xml",
        "feed.json",
        "story.txt",
        "page.html",
        "yaml-front.md",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect();
    let dir = tempdir();
    let (first, report) = import(&sources, dir.path());
    assert_eq!(first.added, 10, "{report}");
    let files = json_files(dir.path());
    let (second, report) = import(&sources, dir.path());
    assert_eq!(second.added, 0, "{report}");
    assert_eq!(
        second.duplicates,
        first.added + first.duplicates,
        "{report}"
    );
    assert!(report.contains("0 articles added"), "{report}");
    assert_eq!(
        json_files(dir.path()),
        files,
        "no file added, none left behind"
    );
}

#[test]
fn a_dry_run_writes_nothing() {
    let parent = tempdir();
    let dir = parent.path().join("not-yet");
    let (summary, report) = import_with(&[fixture("rss2.xml")], &dir, true, Limits::default());
    assert_eq!(summary.added, 3, "it says what it would add: {report}");
    assert!(
        report.contains("would add harbour-council-approves-40-million-sea-wall-"),
        "{report}"
    );
    assert!(
        report.contains("dry run, nothing written: 3 articles would be added"),
        "{report}"
    );
    assert!(!dir.exists(), "not even the folder is created");

    let existing = tempdir();
    import(&[fixture("atom.xml")], existing.path());
    let before = json_files(existing.path());
    let (summary, _) = import_with(
        &[fixture("rss2.xml")],
        existing.path(),
        true,
        Limits::default(),
    );
    assert_eq!(summary.added, 3);
    assert!(summary.written.is_empty());
    assert_eq!(json_files(existing.path()), before);
}

#[test]
fn an_existing_file_is_never_overwritten() {
    // Learn the name the import picks.
    let (first, summary, _) = import_fixtures(&["rss091.xml"]);
    let name = summary.written[0]
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    drop(first);

    // Something else already has that name: it stays, byte for byte.
    let dir = tempdir();
    let mine = b"my own notes, not an article\n";
    std::fs::write(dir.path().join(&name), mine).expect("write");
    let (summary, report) = import(&[fixture("rss091.xml")], dir.path());
    assert_eq!(summary.added, 1, "{report}");
    assert_eq!(std::fs::read(dir.path().join(&name)).expect("read"), mine);
    let other = name.replace(".json", "-2.json");
    assert_eq!(summary.written, vec![dir.path().join(&other)], "{report}");
    assert_eq!(
        json_files(dir.path()),
        {
            let mut v = vec![name, other];
            v.sort();
            v
        },
        "no temporary file is left"
    );
}

#[test]
fn create_new_never_replaces_and_knows_an_identical_file() {
    use gogai::import::write::{Written, create_new};
    let dir = tempdir();
    let first = create_new(dir.path(), "story-0000abcd", b"one").expect("write");
    assert_eq!(first, Written::New(dir.path().join("story-0000abcd.json")));
    let same = create_new(dir.path(), "story-0000abcd", b"one").expect("write");
    assert_eq!(
        same,
        Written::Identical(dir.path().join("story-0000abcd.json"))
    );
    let other = create_new(dir.path(), "story-0000abcd", b"two").expect("write");
    assert_eq!(
        other,
        Written::New(dir.path().join("story-0000abcd-2.json"))
    );
    assert_eq!(
        std::fs::read(dir.path().join("story-0000abcd.json")).expect("read"),
        b"one"
    );
    assert_eq!(json_files(dir.path()).len(), 2);
}

#[test]
fn imported_articles_open_in_the_reader_with_their_facts() {
    let (dir, _, _) = import_fixtures(&["rss2.xml"]);
    let library = load(dir.path());
    let wall = titled(&library, "Harbour council approves $40 million sea wall");
    assert!(!wall.body.is_empty());
    let facts = gogai::facts::for_article(&wall);
    let values: Vec<&str> = facts
        .iter()
        .flat_map(|g| g.facts.iter().map(|f| f.value.as_str()))
        .collect();
    assert!(values.contains(&"$40 million"), "{values:?}");
    assert!(facts.iter().any(|g| g.heading == "Quotes"), "{values:?}");
}

// ---------------------------------------------------------------- fetching

/// What the loopback server answers.
enum Reply {
    Ok(&'static str, Vec<u8>),
    Status(u16, &'static str),
    /// Reads the request and says nothing for this long.
    Stall(Duration),
    /// A 200 with a Content-Length of this many bytes (none are sent).
    Claims(u64),
    /// A 200 without a length, streaming this many bytes.
    Streams(usize),
    /// A 200 whose body comes one byte at a time, this far apart, for ever.
    Dribbles(Duration),
}

/// Serves one request on 127.0.0.1 from a thread; returns its address.
fn serve(reply: Reply) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        // Write errors are expected: the client hangs up at its cap.
        let _ = match reply {
            Reply::Ok(content_type, body) => stream
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .as_bytes(),
                )
                .and_then(|()| stream.write_all(&body)),
            Reply::Status(code, reason) => stream.write_all(
                format!("HTTP/1.1 {code} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            ),
            Reply::Stall(how_long) => {
                std::thread::sleep(how_long);
                Ok(())
            }
            Reply::Claims(length) => stream.write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            ),
            Reply::Dribbles(gap) => {
                let mut result = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<rss>");
                while result.is_ok() {
                    std::thread::sleep(gap);
                    result = stream.write_all(b" ");
                }
                result
            }
            Reply::Streams(n) => {
                let chunk = [b'x'; 4096];
                let mut result = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
                let mut sent = 0;
                while result.is_ok() && sent < n {
                    let part = chunk.len().min(n - sent);
                    result = stream.write_all(&chunk[..part]);
                    sent += part;
                }
                result
            }
        };
    });
    format!("http://{addr}")
}

/// A feed without a channel link: relative item links resolve against the
/// address it was fetched from.
const LOOPBACK_FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Loopback Ledger</title>
<item><title>Canal reopens</title><link>news/canal</link><description>Boats are back.</description></item>
<item><title>Market day moves</title><link>/news/market</link><description>Now on Fridays.</description></item>
</channel></rss>"#;

fn quick() -> Limits {
    Limits {
        timeout: Duration::from_millis(800),
        max_bytes: 64 * 1024,
    }
}

#[test]
fn a_feed_is_fetched_over_http() {
    let base = serve(Reply::Ok(
        "application/rss+xml",
        LOOPBACK_FEED.as_bytes().to_vec(),
    ));
    let dir = tempdir();
    let url = format!("{base}/feeds/ledger.xml");
    let (summary, report) = import_with(&[url], dir.path(), false, quick());
    assert_eq!(summary.added, 2, "{report}");
    let library = load(dir.path());
    let canal = titled(&library, "Canal reopens");
    assert_eq!(canal.url, Some(format!("{base}/feeds/news/canal")));
    assert_eq!(canal.source.as_deref(), Some("Loopback Ledger"));
    assert_eq!(
        titled(&library, "Market day moves").url,
        Some(format!("{base}/news/market"))
    );
}

#[test]
fn a_missing_feed_is_a_clear_error() {
    let base = serve(Reply::Status(404, "Not Found"));
    let url = format!("{base}/gone.xml");
    let err = import::read_source(&url, &quick()).expect_err("a 404");
    assert!(
        matches!(
            err,
            SourceError::Fetch(FetchError::Status { status: 404, .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "the server answered 404 Not Found");

    let base = serve(Reply::Status(404, "Not Found"));
    let dir = tempdir();
    let (summary, report) = import_with(&[format!("{base}/gone.xml")], dir.path(), false, quick());
    assert_eq!(summary.failed_sources, 1);
    assert!(
        report.contains("/gone.xml: the server answered 404 Not Found"),
        "{report}"
    );
}

#[test]
fn a_server_that_never_answers_hits_the_timeout() {
    let base = serve(Reply::Stall(Duration::from_secs(5)));
    let limits = Limits {
        timeout: Duration::from_millis(300),
        ..quick()
    };
    let err = import::read_source(&format!("{base}/slow.xml"), &limits).expect_err("a timeout");
    assert!(
        matches!(err, SourceError::Fetch(FetchError::Timeout(_))),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "no answer within 0.3 s");
}

#[test]
fn a_body_over_the_cap_is_refused() {
    // Said by its Content-Length: refused before reading.
    let base = serve(Reply::Claims(10 * 1024 * 1024));
    let err = import::read_source(&format!("{base}/huge.xml"), &quick()).expect_err("too large");
    assert!(
        matches!(
            err,
            SourceError::Fetch(FetchError::TooLarge { cap: 65_536 })
        ),
        "{err:?}"
    );

    // No length given: cut off while reading, one byte past the cap.
    let base = serve(Reply::Streams(1024 * 1024));
    let err = import::read_source(&format!("{base}/endless.xml"), &quick()).expect_err("too large");
    assert!(
        matches!(
            err,
            SourceError::Fetch(FetchError::TooLarge { cap: 65_536 })
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the response is larger than 65536 bytes; not read"
    );

    // A file too is read through the cap.
    let limits = Limits {
        max_bytes: 100,
        ..quick()
    };
    let err = import::read_source(&fixture("rss2.xml"), &limits).expect_err("too large");
    assert!(
        matches!(err, SourceError::TooLarge { cap: 100, .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------- the binary

fn gogai(cwd: &Path) -> Command {
    let state = cwd.join("state");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gogai"));
    cmd.current_dir(cwd)
        .env("XDG_STATE_HOME", &state)
        .env("XDG_DATA_HOME", std::path::Path::new(&state).join("data"))
        .env(
            "XDG_CONFIG_HOME",
            std::path::Path::new(&state).join("config"),
        )
        .env("XDG_CACHE_HOME", cwd.join("cache"))
        .env_remove("GOGAI_DIR")
        .stdin(Stdio::null());
    cmd
}

fn output(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("run gogai");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_binary_imports_then_prints_what_it_imported() {
    let cwd = tempdir();
    let dir: PathBuf = cwd.path().join("news");
    let (code, stdout, stderr) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(&dir)
            .arg("--import")
            .arg(fixture("rss2.xml")),
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("3 articles added"), "{stdout}");

    let (code, stdout, stderr) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(&dir)
            .args(["--print", "sea wall"]),
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("Harbour council approves $40 million sea wall"),
        "{stdout}"
    );
    assert!(stdout.contains("$40 million"), "{stdout}");
}

#[test]
fn the_binary_exits_non_zero_when_a_source_fails() {
    let cwd = tempdir();
    let (code, stdout, stderr) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(cwd.path().join("news"))
            .arg("--import")
            .arg(fixture("rss091.xml"))
            .arg(fixture("no-such-file.xml")),
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("1 article added"), "{stdout}");
    assert!(
        stdout.contains("failed  ") && stdout.contains("no-such-file.xml: cannot read"),
        "{stdout}"
    );
    assert!(stdout.contains("1 of 2 sources failed"), "{stdout}");
}

#[test]
fn the_binary_needs_a_folder_to_import_into() {
    // No --dir, no $GOGAI_DIR, no ./articles and no home for gogai's own
    // folder: not the bundled articles. (With a home, the import goes to
    // $XDG_DATA_HOME/gogai/articles: see tests/feeds.rs.)
    let cwd = tempdir();
    let (code, stdout, stderr) = output(
        gogai(cwd.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("HOME")
            .arg("--import")
            .arg(fixture("rss091.xml")),
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("no folder to import into: give --dir DIR or set $GOGAI_DIR"),
        "{stderr}"
    );

    // ./articles is used when it is there, as the reader uses it.
    std::fs::create_dir(cwd.path().join("articles")).expect("mkdir");
    let (code, stdout, _) = output(gogai(cwd.path()).arg("--import").arg(fixture("rss091.xml")));
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(json_files(&cwd.path().join("articles")).len(), 1);
}

#[test]
fn dry_run_goes_only_with_import() {
    let cwd = tempdir();
    let (code, _, stderr) = output(gogai(cwd.path()).args(["--dry-run", "--list"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--dry-run goes with --import"), "{stderr}");
    let (code, _, stderr) = output(gogai(cwd.path()).args(["--import", "a.xml", "--list"]));
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn a_source_named_like_an_option_is_imported_after_double_dash() {
    let cwd = tempdir();
    std::fs::write(
        cwd.path().join("-file"),
        "A story from a dashed file\n\nIt has a paragraph of text.\n",
    )
    .expect("write");
    let dir = cwd.path().join("news");
    let (code, stdout, stderr) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(&dir)
            .args(["--import", "--", "-file"]),
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("1 article added"), "{stdout}");
    assert_eq!(json_files(&dir).len(), 1);

    // With sources before `--` as well, and nothing at all: a usage error.
    let (code, stdout, stderr) = output(gogai(cwd.path()).arg("--dir").arg(&dir).args([
        "--dry-run",
        "--import",
        "a.xml",
        "--",
        "-file",
    ]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("a.xml: cannot read"), "{stdout}");
    assert!(stdout.contains("1 skipped as already there"), "{stdout}");
    let (code, _, stderr) = output(gogai(cwd.path()).args(["--dir", "x", "--import"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--import needs at least one SOURCE"),
        "{stderr}"
    );
}

#[test]
fn warnings_do_not_fail_the_import() {
    let (_, summary, report) = import_fixtures(&["declared-latin1-but-utf8.xml"]);
    assert!(summary.warnings > 0);
    assert!(!summary.failed(), "{report}");
    assert!(report.lines().all(|l| !l.starts_with("error")), "{report}");
}

#[test]
fn a_link_only_item_gets_its_link_as_text() {
    let work = tempdir();
    let feed = work.path().join("links.xml");
    std::fs::write(
        &feed,
        r#"<rss version="2.0"><channel><title>Links</title>
<item><title>Worth reading</title><link>https://links.example/a</link></item>
<item><title>No link, no text</title></item>
</channel></rss>"#,
    )
    .expect("write");
    let dir = work.path().join("news");
    let (summary, report) = import(&[feed.display().to_string()], &dir);
    assert_eq!((summary.added, summary.warnings), (1, 1), "{report}");
    assert!(
        report.contains("links.xml: item 2 has a title but no text and no link; skipped"),
        "{report}"
    );
    let article = titled(&load(&dir), "Worth reading");
    assert_eq!(article.body, vec!["https://links.example/a"]);
}

#[test]
fn titles_without_latin_letters_still_give_a_usable_name() {
    let work = tempdir();
    let text = work.path().join("tokyo.txt");
    std::fs::write(
        &text,
        "東京に新しい研究所\n来年開設\n研究所は来年四月に開く。\n",
    )
    .expect("write");
    let dir = work.path().join("news");
    let (summary, report) = import(&[text.display().to_string()], &dir);
    assert_eq!(summary.added, 1, "{report}");
    let written = &summary.written[0];
    assert_eq!(written.extension().and_then(|e| e.to_str()), Some("json"));
    let name = written
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("article-") && name.is_ascii(), "{name}");
    assert_eq!(
        titled(&load(&dir), "東京に新しい研究所").body,
        vec!["研究所は来年四月に開く。"]
    );
}

#[test]
fn names_and_text_from_outside_are_escaped_in_the_report() {
    let work = tempdir();
    let text = work.path().join("evil\nname\u{1b}[31m.txt");
    std::fs::write(&text, "Title with \u{1b}[2J a clear\nSub\nBody.\n").expect("write");
    let (summary, report) = import(&[text.display().to_string()], &work.path().join("news"));
    assert_eq!(summary.added, 1, "{report}");
    assert!(!report.contains('\u{1b}'), "{report:?}");
    assert!(report.contains("evil\\nname\\u{1b}[31m.txt"), "{report}");
    // One line per article, and the summary.
    assert_eq!(report.lines().count(), 2, "{report}");
}

#[test]
fn a_broken_json_feed_is_reported_where_it_breaks() {
    let work = tempdir();
    let feed = work.path().join("broken.json");
    std::fs::write(
        &feed,
        "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": \"x\",\n  \"items\": [ {\"id\": 1,, } ]\n}\n",
    )
    .expect("write");
    let (summary, report) = import(&[feed.display().to_string()], &work.path().join("news"));
    assert_eq!(summary.failed_sources, 1, "{report}");
    assert!(report.contains("broken.json:4:"), "{report}");
    assert!(
        report.contains("not a JSON Feed that can be read"),
        "{report}"
    );
}

#[test]
fn a_folder_that_is_a_file_stops_the_import_with_one_clear_message() {
    let work = tempdir();
    let file = work.path().join("not-a-folder");
    std::fs::write(&file, "x").expect("write");
    let options = Options {
        dir: file.clone(),
        dry_run: false,
        limits: Limits::default(),
        index: None,
        lock_wait: import::LOCK_WAIT,
    };
    let err =
        import::run(&[fixture("rss091.xml")], &options, &mut Vec::new()).expect_err("not a folder");
    assert!(matches!(err, import::ImportError::Folder { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read the article folder to check for duplicates: {}: not a folder",
            file.display()
        )
    );
    assert!(
        std::error::Error::source(&err).is_none(),
        "said once, not chained"
    );
}

#[test]
fn an_empty_feed_says_so_and_does_not_fail() {
    let work = tempdir();
    let feed = work.path().join("empty.xml");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
    )
    .expect("write");
    let (summary, report) = import(&[feed.display().to_string()], &work.path().join("news"));
    assert_eq!((summary.added, summary.warnings), (0, 1), "{report}");
    assert!(
        report.contains("empty.xml: the feed has no items"),
        "{report}"
    );
    assert!(!summary.failed(), "{report}");
}

// ---------------------------------------------------------------- review fixes

#[test]
fn a_second_import_through_the_binary_and_its_index_adds_nothing() {
    // The binary checks for duplicates through the folder's metadata index,
    // as the reader loads it.
    let cwd = tempdir();
    let dir: PathBuf = cwd.path().join("news");
    let run = || {
        output(
            gogai(cwd.path())
                .arg("--dir")
                .arg(&dir)
                .arg("--import")
                .arg(fixture("rss2.xml")),
        )
    };
    let (code, first, stderr) = run();
    assert_eq!(code, Some(0), "{first}{stderr}");
    assert!(!first.contains(" 0 articles added"), "{first}");
    let files = json_files(&dir);
    // Again, and once more after the index has settled on them.
    for _ in 0..2 {
        let (code, again, stderr) = run();
        assert_eq!(code, Some(0), "{again}{stderr}");
        assert!(again.contains("0 articles added"), "{again}");
        assert_eq!(json_files(&dir), files);
    }
    assert!(
        std::fs::read_dir(cwd.path().join("cache/gogai/index"))
            .is_ok_and(|mut d| d.next().is_some()),
        "the index was used"
    );
}

#[test]
fn a_dry_run_through_the_binary_writes_no_index_either() {
    let cwd = tempdir();
    let dir: PathBuf = cwd.path().join("news");
    std::fs::create_dir(&dir).expect("folder");
    let (code, out, stderr) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(&dir)
            .arg("--import")
            .arg(fixture("rss2.xml"))
            .arg("--dry-run"),
    );
    assert_eq!(code, Some(0), "{out}{stderr}");
    assert!(json_files(&dir).is_empty());
    assert!(!cwd.path().join("cache").exists(), "the cache was written");
}

#[test]
fn sniffing_never_panics_on_text_that_starts_with_a_wide_character_tag() {
    for (bytes, ext) in [
        ("<h1>東京の記事</h1>".as_bytes(), Some("txt")),
        ("<p>Café au lait</p>".as_bytes(), None),
        ("<!doc".as_bytes(), None),
        ("<é".as_bytes(), Some("html")),
    ] {
        // Any answer will do; a panic will not.
        let _ = import::sniff(bytes, ext, None);
    }
}

proptest::proptest! {
    #[test]
    fn sniffing_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                             ext in proptest::option::of("[a-z]{1,5}")) {
        let mut input = b"<".to_vec();
        input.extend(bytes);
        let _ = import::sniff(&input, ext.as_deref(), None);
    }
}

#[test]
fn markdown_that_opens_with_a_tag_is_still_markdown() {
    let dir = tempdir();
    let md = dir.path().join("readme.md");
    std::fs::write(
        &md,
        "<h1 align=\"center\">Harbour notes</h1>\n\nThe sea wall is finished.\n",
    )
    .expect("write");
    let out = tempdir();
    let (summary, report) = import(&[md.display().to_string()], out.path());
    assert_eq!(summary.added, 1, "{report}");
}

#[test]
fn a_binary_file_is_refused_and_not_imported_as_text() {
    let dir = tempdir();
    let pdf = dir.path().join("scan.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<\x00\x00>>").expect("write");
    let out = tempdir();
    let (summary, report) = import(&[pdf.display().to_string()], out.path());
    assert_eq!(summary.added, 0, "{report}");
    assert!(summary.failed(), "{report}");
    assert!(report.contains("binary data"), "{report}");
    assert!(json_files(out.path()).is_empty());
}

#[test]
fn page_furniture_in_the_middle_of_a_text_keeps_the_rest_of_the_article() {
    let dir = tempdir();
    let txt = dir.path().join("story.txt");
    std::fs::write(
        &txt,
        "Harbour wall finished\nThe council opens it today\n\
         The wall is four metres high.\nAdvertisement\nIt cost $40 million.\n\
         Share this article\nWork began in 2021.\nRelated\nOther harbour news\n",
    )
    .expect("write");
    let out = tempdir();
    let (summary, report) = import(&[txt.display().to_string()], out.path());
    assert_eq!(summary.added, 1, "{report}");
    let library = load(out.path());
    let article = titled(&library, "Harbour wall finished");
    assert_eq!(
        article.body,
        [
            "The wall is four metres high.",
            "It cost $40 million.",
            "Work began in 2021."
        ]
    );
}

#[test]
fn broken_front_matter_keeps_its_lines_as_text() {
    let dir = tempdir();
    let md = dir.path().join("notes.md");
    std::fs::write(
        &md,
        "---\nThe opening line between two rules: [not yaml\n---\n\nThe rest of the notes.\n",
    )
    .expect("write");
    let out = tempdir();
    let (summary, report) = import(&[md.display().to_string()], out.path());
    assert_eq!(summary.added, 1, "{report}");
    let library = load(out.path());
    let article = library.articles.open(0).expect("one article");
    let text = article.body.join("\n");
    assert!(
        text.contains("The opening line between two rules"),
        "{text}"
    );
    assert!(text.contains("The rest of the notes."), "{text}");
}

#[test]
fn a_body_that_trickles_in_is_cut_off_at_the_timeout() {
    // Each byte arrives well within any read timeout; only a limit on the
    // whole fetch stops it.
    let base = serve(Reply::Dribbles(Duration::from_millis(20)));
    let limits = Limits {
        timeout: Duration::from_millis(400),
        ..quick()
    };
    // Without a limit on the whole fetch this would end at the size cap,
    // minutes later, as "too large".
    let err = import::read_source(&format!("{base}/trickle.xml"), &limits).expect_err("a timeout");
    assert!(
        matches!(err, SourceError::Fetch(FetchError::Timeout(_))),
        "{err:?}"
    );
}

#[test]
fn the_charset_a_server_names_is_used_when_the_text_names_none() {
    // "東京の港" and "新しい堤防" in Shift_JIS; read as Windows-1252 they
    // would be mojibake.
    let title = b"\x93\x8c\x8b\x9e\x82\xcc\x8d\x60".to_vec();
    let body = b"\x90\x56\x82\xb5\x82\xa2\x92\xe7\x96\x68".to_vec();
    let mut text = title;
    text.extend_from_slice(b"\n\n");
    text.extend_from_slice(&body);
    text.push(b'\n');
    let base = serve(Reply::Ok("text/plain; charset=Shift_JIS", text));
    let extracted = import::read_source(&format!("{base}/story.txt"), &quick()).expect("read");
    assert_eq!(extracted.drafts.len(), 1, "{:?}", extracted.notes);
    let draft = &extracted.drafts[0];
    assert_eq!(draft.title.as_deref(), Some("東京の港"));
    assert_eq!(draft.body, ["新しい堤防"]);
}

proptest::proptest! {
    #[test]
    fn positions_found_walking_forwards_match_those_counted_from_the_start(
        text in "[a-zé東\n<>]{0,80}",
        cut in 0usize..100,
        end in 0usize..100,
    ) {
        let bytes = text.as_bytes();
        let (cut, end) = (cut.min(bytes.len()), end.min(bytes.len()));
        let (cut, end) = (cut.min(end), cut.max(end));
        let walked = gogai::text::advance(gogai::text::position(bytes, cut), &bytes[cut..end]);
        proptest::prop_assert_eq!(walked, gogai::text::position(bytes, end));
    }
}

#[test]
fn a_feed_item_dated_in_utc_matches_the_page_dated_in_tokyo() {
    // The same article: the page says 08:00 on 10 April in Tokyo, the feed
    // 23:00 on 9 April in UTC, and their links differ (a tracking address).
    let dir = tempdir();
    std::fs::write(
        dir.path().join("wall.json"),
        serde_json::json!({
            "title": "Harbour wall opens",
            "url": "https://example.com/wall",
            "published": "2024-04-10T08:00:00+09:00",
            "body": "The wall opened.",
        })
        .to_string(),
    )
    .expect("write");
    let feed = dir.path().join("feed.xml");
    std::fs::write(
        &feed,
        r#"<rss version="2.0"><channel><title>Wire</title><item>
           <title>Harbour wall opens</title>
           <link>https://feeds.example.com/r/wall?utm=1</link>
           <pubDate>Tue, 09 Apr 2024 23:00:00 +0000</pubDate>
           <description>The wall opened.</description>
           </item></channel></rss>"#,
    )
    .expect("write");
    let (summary, report) = import(&[feed.display().to_string()], dir.path());
    assert_eq!((summary.added, summary.duplicates), (0, 1), "{report}");
    assert!(report.contains("same title and date"), "{report}");
}

#[test]
fn a_page_wrapped_whole_in_a_form_still_gives_its_text() {
    // As ASP.NET WebForms pages are.
    let dir = tempdir();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        r#"<!DOCTYPE html><html><head><title>Harbour wall opens</title></head>
        <body><form id="aspnetForm" method="post"><input type="hidden" name="__VIEWSTATE" value="x">
        <div id="main"><article><h1>Harbour wall opens</h1>
        <p>The new sea wall opened on Tuesday after three years of work.</p>
        <p>It cost $40 million, the council said.</p></article></div>
        <label for="q">Search</label><input id="q"><button>Go</button></form></body></html>"#,
    )
    .expect("write");
    let out = tempdir();
    let (summary, report) = import(&[page.display().to_string()], out.path());
    assert_eq!(summary.added, 1, "{report}");
    let article = titled(&load(out.path()), "Harbour wall opens");
    assert_eq!(
        article.body,
        [
            "The new sea wall opened on Tuesday after three years of work.",
            "It cost $40 million, the council said."
        ]
    );
}

// ------------------------------------------------- imports at the same time

/// An RSS feed under `channel` with `n` items that any two such feeds share.
fn shared_items_feed(channel: &str, n: usize) -> String {
    let mut items = String::new();
    for i in 0..n {
        let _ = write!(
            items,
            "<item><title>Shared story {i}</title>\
             <link>https://wire.example/story-{i}</link>\
             <pubDate>Wed, 10 Apr 2024 09:30:00 +0000</pubDate>\
             <description>Paragraph {i} of a story two wires carry.</description></item>"
        );
    }
    format!(r#"<rss version="2.0"><channel><title>{channel}</title>{items}</channel></rss>"#)
}

#[test]
fn two_imports_at_once_of_different_feeds_write_each_shared_item_once() {
    const ITEMS: usize = 30;
    for round in 0..6 {
        let cwd = tempdir();
        let dir = cwd.path().join("news");
        std::fs::create_dir(&dir).expect("mkdir");
        let feeds: Vec<PathBuf> = ["a.xml", "b.xml"]
            .iter()
            .map(|name| {
                let path = cwd.path().join(name);
                std::fs::write(&path, shared_items_feed(name, ITEMS)).expect("write");
                path
            })
            .collect();
        // Both started before either is waited for.
        let children: Vec<_> = feeds
            .iter()
            .map(|feed| {
                gogai(cwd.path())
                    .arg("--dir")
                    .arg(&dir)
                    .arg("--import")
                    .arg(feed)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start gogai")
            })
            .collect();
        let reports: Vec<String> = children
            .into_iter()
            .map(|child| {
                let out = child.wait_with_output().expect("wait for gogai");
                let report = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(out.status.success(), "{report}");
                report
            })
            .collect();
        let files = json_files(&dir);
        assert_eq!(files.len(), ITEMS, "round {round}: {files:?}\n{reports:#?}");
        assert!(
            files.iter().all(|f| !f.ends_with("-2.json")),
            "round {round}: {files:?}"
        );
    }
}

#[test]
fn an_import_waits_a_bounded_time_for_another_then_names_the_lock() {
    let work = tempdir();
    let dir = work.path().join("news");
    std::fs::create_dir(&dir).expect("mkdir");
    // Held as another import would hold it (flock locks belong to the open
    // file, so a second open in this process is refused as another's).
    let held = std::fs::File::create(dir.join(import::LOCK_FILE)).expect("create the lock");
    held.lock().expect("lock");
    let options = Options {
        dir: dir.clone(),
        dry_run: false,
        limits: Limits::default(),
        index: None,
        lock_wait: Duration::from_millis(300),
    };
    let started = std::time::Instant::now();
    let err = import::run(&[fixture("rss091.xml")], &options, &mut Vec::new())
        .expect_err("the folder is locked");
    assert!(started.elapsed() < Duration::from_secs(5), "bounded");
    assert!(matches!(err, import::ImportError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains(".gogai-import.lock"), "{err}");
    assert_eq!(
        json_files(&dir),
        [import::LOCK_FILE],
        "nothing written without the lock"
    );
    drop(held);
    let (summary, report) = import(&[fixture("rss091.xml")], &dir);
    assert_eq!(summary.added, 1, "{report}");
}

#[test]
fn stale_temporary_files_are_removed_at_the_next_import_and_fresh_ones_kept() {
    let cwd = tempdir();
    let dir = cwd.path().join("news");
    std::fs::create_dir(&dir).expect("mkdir");
    // The names an import's temporary files have (see import/write.rs).
    let stale = dir.join(".old-story-0123abcd.4242.0.tmp");
    let fresh = dir.join(".new-story-4567cdef.4243.0.tmp");
    for path in [&stale, &fresh] {
        std::fs::write(path, br#"{"id":"half"#).expect("write");
    }
    let old = std::time::SystemTime::now() - import::STALE_AFTER - Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(old))
        .expect("age the stale file");
    let (code, stdout, stderr) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(&dir)
            .arg("--import")
            .arg(fixture("rss091.xml")),
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        !stale.exists(),
        "a temporary file 10 minutes old is removed"
    );
    assert!(
        fresh.exists(),
        "one written a moment ago may be a live writer's"
    );
    assert!(
        stdout.contains(
            "removed .old-story-0123abcd.4242.0.tmp: a temporary file left by an interrupted import"
        ),
        "{stdout}"
    );
    // A dry run writes nothing, and removes nothing either.
    std::fs::File::options()
        .write(true)
        .open(&fresh)
        .and_then(|f| f.set_modified(old))
        .expect("age the other file");
    let (code, stdout, _) = output(
        gogai(cwd.path())
            .arg("--dir")
            .arg(&dir)
            .args(["--dry-run", "--import"])
            .arg(fixture("rss091.xml")),
    );
    assert_eq!(code, Some(0), "{stdout}");
    assert!(fresh.exists());
}
