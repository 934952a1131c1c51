//! Feed HTML read as it was written: links as numbered references with
//! their list, preformatted text kept and folded (never re-wrapped), `<br>`
//! lines, tables, image alt text, struck-out text, nested lists, quotes,
//! and enclosures. Fixtures are in `tests/fixtures/feedtext/`, written for
//! these tests (the places and people in them do not exist).

use std::path::Path;

use gogai::article::{self, Article, Enclosure, Shape};
use gogai::doc::{Doc, FOLD_MARK, LineKind};
use gogai::import::{self, Draft, Limits, Options};
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feedtext");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn drafts(name: &str) -> Vec<Draft> {
    let bytes = std::fs::read(fixture(name)).expect("read the fixture");
    let extracted = import::feed::extract(&bytes, None, None);
    assert!(
        extracted
            .notes
            .iter()
            .all(|n| n.severity != article::Severity::Error),
        "{:?}",
        extracted.notes
    );
    extracted.drafts
}

/// Imports a fixture into a fresh folder and loads it back as the reader
/// does: what the tests look at is what lands on disk.
fn imported(name: &str) -> (tempfile::TempDir, Vec<Article>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let options = Options {
        dir: dir.path().to_path_buf(),
        dry_run: false,
        limits: Limits::default(),
        index: None,
        lock_wait: import::LOCK_WAIT,
    };
    let mut report = Vec::new();
    import::run(&[fixture(name)], &options, &mut report).expect("the import runs");
    let library = load(dir.path());
    let articles = (0..library.articles.len())
        .map(|i| library.articles.open(i).expect("listed").into_owned())
        .collect();
    (dir, articles)
}

fn load(dir: &Path) -> Library {
    let library =
        Library::load_dir(LibrarySource::Flag(dir.to_path_buf()), dir).expect("load the folder");
    assert_eq!(library.problems, vec![], "imported files must load cleanly");
    library
}

fn titled<'a>(articles: &'a [Article], title: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article titled {title:?}"))
}

/// The paragraphs with their shapes.
fn shaped(article: &Article) -> Vec<(Shape, &str)> {
    article
        .body
        .iter()
        .enumerate()
        .map(|(i, p)| (article.shape(i), p.as_str()))
        .collect()
}

#[test]
fn links_become_numbered_references_listed_once() {
    let (_dir, articles) = imported("rich.xml");
    let a = titled(&articles, "Parsing the ledger");
    assert_eq!(
        a.body[0],
        "Read the ledger guide [1] first, then the spec [2]. The guide [1] again."
    );
    assert_eq!(
        a.links,
        vec![
            "https://notes.quillmere.example/docs/ledger",
            "https://spec.quillmere.example/v2"
        ]
    );
    let printed = gogai::cli::output::print(a, 80);
    assert!(
        printed.contains(
            "\nLinks\n[1] https://notes.quillmere.example/docs/ledger\n[2] https://spec.quillmere.example/v2\n"
        ),
        "{printed}"
    );
}

#[test]
fn preformatted_text_keeps_its_lines_and_indentation() {
    let (_dir, articles) = imported("rich.xml");
    let a = titled(&articles, "Parsing the ledger");
    // The tab is expanded to the next stop, as everywhere in gogai.
    let code = "fn main() {\n    let total = ledger::sum(&rows);\n    println!(\"{total}\");\n}";
    assert_eq!(shaped(a)[1], (Shape::Pre, code));
    // `--print` gives it as written, however narrow the column.
    let printed = gogai::cli::output::print(a, 20);
    assert!(printed.contains(code), "{printed}");
    // No fact is read from code.
    let facts = gogai::facts::for_article(a);
    assert!(
        facts
            .iter()
            .flat_map(|g| &g.facts)
            .all(|f| f.evidence.as_ref().is_none_or(|e| e.paragraph != 1)),
        "{facts:?}"
    );
}

#[test]
fn line_breaks_tables_images_strikes_lists_and_quotes() {
    let (_dir, articles) = imported("rich.xml");
    let a = titled(&articles, "Parsing the ledger");
    let body = shaped(a);
    assert_eq!(body[2], (Shape::Lines, "Ada Brook\n12 Fen Lane\nQuillmere"));
    // A narrow table is aligned; a wide one has a row per line.
    assert_eq!(
        body[3],
        (
            Shape::Pre,
            "Name            Rows\nalpha           12\nbeta-long-name  7"
        )
    );
    assert_eq!(
        body[4],
        (
            Shape::Lines,
            "A cell that holds a long sentence about the first quarter's results | and a second cell that is just as long as the first one was\nshort | row"
        )
    );
    assert_eq!(
        body[5],
        (
            Shape::Prose,
            "The chart: [image: rows per day] and a pixel ."
        )
    );
    assert_eq!(body[6], (Shape::Prose, "Price ~~$10~~ $8, ~~old~~ new."));
    assert!(
        a.body.iter().all(|p| !p.contains('\u{336}')),
        "no combining strokes"
    );
    let rest: Vec<&str> = body[7..].iter().map(|(_, p)| *p).collect();
    assert_eq!(
        rest,
        vec![
            "• Fruit",
            "◦ Apple",
            "◦ Pear",
            "▪ 1. Conference",
            "• Bread",
            "> Measure twice."
        ]
    );
    assert!(
        a.body
            .iter()
            .all(|p| !p.contains("never") && !p.contains("hidden"))
    );
}

#[test]
fn the_reader_folds_code_with_a_mark_and_indents_nested_items() {
    let article = Article {
        title: "T".into(),
        body: vec![
            "let x = [1, 2, 3, 4, 5, 6, 7, 8, 9];\n  y".into(),
            "◦ An item inside an item that wraps".into(),
            "First line\nSecond line".into(),
        ],
        shapes: vec![(0, Shape::Pre), (2, Shape::Lines)],
        links: vec!["https://example.com/a-long-address".into()],
        ..Article::default()
    };
    let doc = Doc::build(&article, 20);
    let shown: Vec<String> = doc
        .lines
        .iter()
        .map(|l| format!("{}{}", l.lead, l.text))
        .collect();
    let at = shown
        .iter()
        .position(|l| l.starts_with("let x"))
        .expect("code shown");
    assert_eq!(
        shown[at..at + 3],
        [
            "let x = [1, 2, 3, 4,".to_owned(),
            format!("{FOLD_MARK} 5, 6, 7, 8, 9];"),
            "  y".to_owned()
        ]
    );
    assert!(
        doc.lines[at..at + 3]
            .iter()
            .all(|l| l.kind == LineKind::Code)
    );
    // Every line fits the column, its lead included.
    assert!(
        shown
            .iter()
            .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 20),
        "{shown:#?}"
    );
    // The nested item is indented, its later lines hang under its text.
    let item = shown.iter().position(|l| l.contains("◦ An")).expect("item");
    assert_eq!(shown[item], "  ◦ An item inside");
    assert!(shown[item + 1].starts_with("    "), "{shown:#?}");
    // Each line of a `lines` paragraph starts a line.
    assert!(shown.contains(&"First line".to_owned()));
    assert!(shown.contains(&"Second line".to_owned()));
    // The links follow the text.
    let links = shown.iter().position(|l| l == "Links").expect("links");
    assert!(shown[links + 1].starts_with("[1] https://"), "{shown:#?}");
    let address: String = doc.lines[links + 1..]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(address, "[1] https://example.com/a-long-address");
    assert!(shown[links + 2].starts_with("    "), "later lines hang");
}

#[test]
fn enclosures_and_itunes_summary_are_kept() {
    let (_dir, articles) = imported("rich.xml");
    let episode = titled(&articles, "Episode 7: Fen birds");
    assert_eq!(
        episode.body,
        vec!["Seven birds of the fen, and where to hear them at dawn."]
    );
    assert_eq!(
        episode.enclosures,
        vec![Enclosure {
            url: "https://cdn.quillmere.example/ep7.mp3".into(),
            mime: Some("audio/mpeg".into()),
            length: Some(24_123_456),
        }]
    );
    let doc = Doc::build(episode, 72);
    assert!(doc.lines.iter().any(|l| l.kind == LineKind::Enclosure
        && l.text == "▶ audio/mpeg · 24.1 MB https://cdn.quillmere.example/ep7.mp3"));
    let printed = gogai::cli::output::print(episode, 80);
    assert!(
        printed.contains("Enclosure: https://cdn.quillmere.example/ep7.mp3 (audio/mpeg · 24.1 MB)"),
        "{printed}"
    );

    let atom = drafts("atom-enclosure.xml");
    assert_eq!(
        atom[0].enclosures,
        vec![Enclosure {
            url: "https://harrow.example/night.ogg".into(),
            mime: Some("audio/ogg".into()),
            length: Some(5_300_000),
        }]
    );
    assert_eq!(atom[0].url.as_deref(), Some("https://harrow.example/night"));
}

#[test]
fn rss_1_0_descriptions_holding_html_are_read_as_html() {
    let items = drafts("rss1-html.rdf");
    assert_eq!(
        items[0].body,
        vec![
            "The weir at Birch Mill [1] reopens on Monday.",
            "Boats may pass again."
        ]
    );
    assert_eq!(items[0].links, vec!["https://birch.example/weir"]);
}

#[test]
fn the_article_format_takes_pre_lines_links_and_enclosures() {
    let bytes = std::fs::read(fixture("shaped.json")).expect("read");
    let parsed = article::parse(&bytes, "shaped.json", "shaped.json");
    assert_eq!(parsed.problems, vec![]);
    let a = &parsed.articles[0];
    assert_eq!(
        shaped(a),
        vec![
            (Shape::Prose, "Prose, with a reference [1]."),
            (Shape::Pre, "fn main() {\n    println!(\"hi\");\n}"),
            (Shape::Lines, "Ada Brook\n12 Fen Lane"),
        ]
    );
    assert_eq!(a.links, vec!["https://example.com/one"]);
    assert_eq!(a.enclosures[0].length, Some(1_500_000));
    // `--print --json` writes the body in the form it was read in.
    let json = gogai::cli::output::print_json(a);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        value["body"][1]["pre"],
        "fn main() {\n    println!(\"hi\");\n}"
    );
    assert_eq!(value["body"][2]["lines"], "Ada Brook\n12 Fen Lane");
    assert_eq!(value["enclosures"][0]["type"], "audio/mpeg");

    // A paragraph object of an unknown kind is an error naming the kinds.
    let bad = br#"{"title": "T", "body": [{"code": "x"}]}"#;
    let parsed = article::parse(bad, "bad.json", "bad.json");
    assert!(parsed.articles.is_empty());
    assert!(
        parsed.problems[0].message.contains("`pre` or `lines`"),
        "{:?}",
        parsed.problems
    );
}
