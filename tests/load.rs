//! Loading articles as a user meets it: the articles that appear, and the
//! exact `file:line:column: severity: message` lines for what was wrong.
//! Also the remembered read state and the facts sidebar grouping.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use gogai::article::{Article, Parsed, parse};
use gogai::facts::{self, CuratedFact, FactKind};
use gogai::store::library::{Library, LibraryError, LibrarySource};
use gogai::store::state::ReadState;

// ---------------------------------------------------------------- helpers

const NAME: &str = "story.json";
const SHOWN: &str = "news/story.json";

/// Parses `json` as the file `news/story.json`.
fn parse_str(json: &str) -> Parsed {
    parse(json.as_bytes(), NAME, SHOWN)
}

/// Every problem as the user sees it.
fn messages(parsed: &Parsed) -> Vec<String> {
    parsed.problems.iter().map(ToString::to_string).collect()
}

/// The one article of a file that must load without any problem.
fn clean_article(json: &str) -> Article {
    let parsed = parse_str(json);
    assert_eq!(messages(&parsed), Vec::<String>::new(), "in {json}");
    assert_eq!(parsed.articles.len(), 1, "in {json}");
    parsed.articles.into_iter().next().expect("one article")
}

/// The single problem of a file that loads no article.
fn rejected(bytes: &[u8]) -> String {
    let parsed = parse(bytes, NAME, SHOWN);
    assert!(parsed.articles.is_empty(), "{:?}", parsed.articles);
    let messages = messages(&parsed);
    assert_eq!(messages.len(), 1, "{messages:?}");
    messages.into_iter().next().expect("one problem")
}

/// The one article and the single warning of a file that loads despite it.
fn loaded_with_warning(json: &str) -> (Article, String) {
    let parsed = parse_str(json);
    let messages = messages(&parsed);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(parsed.articles.len(), 1);
    let article = parsed.articles.into_iter().next().expect("one article");
    (article, messages.into_iter().next().expect("one warning"))
}

/// A minimal valid article file with this id and `published` value.
fn article_json(id: &str, published: Option<&str>) -> String {
    let published = published.map_or_else(String::new, |p| format!(r#", "published": "{p}""#));
    format!(r#"{{"id": "{id}", "title": "Title of {id}", "body": "Text."{published}}}"#)
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), contents).expect("write test file");
}

fn load(dir: &Path) -> Library {
    Library::load_dir(LibrarySource::Flag(dir.to_path_buf()), dir).expect("folder loads")
}

fn ids(library: &Library) -> Vec<&str> {
    library.articles.iter().map(|a| a.id()).collect()
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Names of the entries of a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A loaded article whose facts are `(label, value, kind)`.
fn with_facts(facts: &[(&str, &str, Option<&str>)]) -> Article {
    let facts: Vec<String> = facts
        .iter()
        .map(|(label, value, kind)| {
            let kind = kind.map_or_else(String::new, |k| format!(r#", "kind": "{k}""#));
            format!(r#"{{"label": "{label}", "value": "{value}"{kind}}}"#)
        })
        .collect();
    clean_article(&format!(
        r#"{{"title": "T", "body": "B", "facts": [{}]}}"#,
        facts.join(", ")
    ))
}

/// `(heading, [(label, value)])` of every sidebar group.
fn sidebar(article: &Article) -> Vec<(&'static str, Vec<(String, String)>)> {
    facts::for_article(article)
        .into_iter()
        .map(|group| {
            let facts = group
                .facts
                .into_iter()
                .map(|f| (f.label, f.value))
                .collect();
            (group.heading, facts)
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|&s| s.to_owned()).collect()
}

// ----------------------------------------------------------------- schema

#[test]
fn every_field_is_read() {
    let article = clean_article(
        r#"{
  "id": "tokyo-lab",
  "title": "A lab in Tokyo",
  "subtitle": "Research on AI",
  "source": "Example News",
  "author": "A. Writer",
  "url": "https://example.com/tokyo-lab",
  "published": "2024-04-10T09:30:00+09:00",
  "tags": ["ai", "japan"],
  "body": ["First paragraph.", "Second paragraph."],
  "facts": [{"label": "Investment", "value": "$2.9 billion", "kind": "figure"}]
}"#,
    );
    let expected = Article {
        id: "tokyo-lab".into(),
        title: "A lab in Tokyo".into(),
        subtitle: Some("Research on AI".into()),
        source: Some("Example News".into()),
        author: Some("A. Writer".into()),
        url: Some("https://example.com/tokyo-lab".into()),
        published: Some("2024-04-10T09:30:00+09:00".into()),
        feed: None,
        updated: None,
        // 09:30 in Tokyo is 00:30 UTC.
        published_at: Some(1_712_709_000),
        tags: strings(&["ai", "japan"]),
        body: strings(&["First paragraph.", "Second paragraph."]),
        shapes: vec![],
        links: vec![],
        enclosures: vec![],
        curated_facts: vec![CuratedFact {
            label: "Investment".into(),
            value: "$2.9 billion".into(),
            kind: Some(FactKind::Figure),
        }],
        file: SHOWN.into(),
    };
    assert_eq!(article, expected);
    assert_eq!(article.date(), Some("2024-04-10"));
    assert_eq!(article.byline(), "Example News · A. Writer · 2024-04-10");
}

#[test]
fn id_defaults_to_file_name_without_json() {
    let article = clean_article(r#"{"title": "T", "body": "B"}"#);
    assert_eq!(article.id, "story");
    let blank_id = clean_article(r#"{"id": "  ", "title": "T", "body": "B"}"#);
    assert_eq!(blank_id.id, "story");
}

#[test]
fn body_string_splits_into_paragraphs_at_blank_lines() {
    let article = clean_article(
        r#"{"title": "T", "body": "One line\nsame paragraph.\n\n\n\nSecond.\n   \nThird\r\nends here.\n"}"#,
    );
    assert_eq!(
        article.body,
        strings(&["One line same paragraph.", "Second.", "Third ends here."])
    );
}

#[test]
fn body_array_keeps_one_paragraph_per_string_and_drops_empty_ones() {
    let article = clean_article(
        r#"{"title": "T", "body": ["First\nparagraph.", "", "   ", "Second  paragraph."]}"#,
    );
    assert_eq!(
        article.body,
        strings(&["First paragraph.", "Second paragraph."])
    );
}

#[test]
fn optional_fields_may_be_absent() {
    let article = clean_article(r#"{"title": "Only the title", "body": "And a body."}"#);
    assert_eq!(article.subtitle, None);
    assert_eq!(article.source, None);
    assert_eq!(article.author, None);
    assert_eq!(article.url, None);
    assert_eq!(article.published, None);
    assert!(article.tags.is_empty());
    assert!(article.curated_facts.is_empty());
    assert_eq!(article.byline(), "");
}

#[test]
fn optional_fields_may_be_null() {
    let article = clean_article(
        r#"{"id": null, "title": "T", "subtitle": null, "source": null, "author": null,
            "url": null, "published": null, "body": "B"}"#,
    );
    assert_eq!(article.id, "story");
    assert_eq!(
        (article.subtitle, article.source, article.author),
        (None, None, None)
    );
    assert_eq!((article.url, article.published), (None, None));
}

#[test]
fn tags_are_trimmed_and_empty_ones_dropped() {
    let article = clean_article(r#"{"title": "T", "body": "B", "tags": [" ai ", "", "cloud"]}"#);
    assert_eq!(article.tags, strings(&["ai", "cloud"]));
}

#[test]
fn facts_keep_their_kind_or_have_it_guessed() {
    let article = with_facts(&[
        ("Investment", "$2.9 billion", None),
        ("Founded", "1978", None),
        ("Partner", "University of Tokyo", Some("Organization")),
        ("Lab", "Tokyo", Some("place")),
    ]);
    assert_eq!(
        article.curated_facts[2].kind,
        Some(FactKind::Organisation),
        "the American spelling is accepted"
    );
    assert_eq!(
        article.curated_facts[0].kind, None,
        "not written, so guessed"
    );
    let kinds: Vec<(FactKind, String)> = facts::for_article(&article)
        .into_iter()
        .flat_map(|g| g.facts)
        .map(|f| (f.kind, f.value))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (FactKind::Figure, "$2.9 billion".into()),
            (FactKind::Organisation, "University of Tokyo".into()),
            (FactKind::Place, "Tokyo".into()),
            (FactKind::Date, "1978".into()),
        ]
    );
}

#[test]
fn unknown_fact_kind_warns_and_is_guessed() {
    let (article, warning) = loaded_with_warning(
        r#"{"title": "T", "body": "B",
  "facts": [{"label": "Investment", "value": "$10 million", "kind": "gadget"}]}"#,
    );
    assert_eq!(
        warning,
        "news/story.json:2:61: warning: fact kind \"gadget\" is unknown (expected one of: \
         figure, quote, person, organisation, place, date, other); the kind is guessed"
    );
    let groups = facts::for_article(&article);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].heading, "Key figures");
}

#[test]
fn fact_with_empty_value_is_ignored_with_a_warning() {
    let (article, warning) = loaded_with_warning(
        r#"{"title": "T", "body": "B",
  "facts": [{"label": "Nothing", "value": " "}, {"label": "Lab", "value": "Tokyo"}]}"#,
    );
    assert_eq!(
        warning,
        "news/story.json:2:3: warning: a fact with an empty label or value is ignored"
    );
    assert_eq!(article.curated_facts.len(), 1);
}

#[test]
fn array_file_holds_several_articles_numbered_by_default() {
    let parsed = parse_str(
        r#"[
  {"title": "First", "body": "One."},
  {"title": "Second", "body": "Two."},
  {"id": "named", "title": "Third", "body": "Three."}
]"#,
    );
    assert_eq!(messages(&parsed), Vec::<String>::new());
    let got: Vec<(&str, &str)> = parsed
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("story#1", "First"),
            ("story#2", "Second"),
            ("named", "Third")
        ]
    );
}

#[test]
fn array_entry_with_empty_title_is_skipped_and_the_others_load() {
    let parsed = parse_str(
        r#"[
  {"title": "First", "body": "One."},
  {"title": "", "body": "Two."}
]"#,
    );
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(parsed.articles[0].id, "story#1");
    assert_eq!(parsed.problems.len(), 1);
    let problem = &parsed.problems[0];
    assert!(
        problem
            .to_string()
            .ends_with(": error: article 2: `title` is empty; every article needs a title"),
        "{problem}"
    );
}

// --------------------------------------------------------------- cleaning

#[test]
fn controls_are_shown_as_placeholders_and_bidi_overrides_removed_at_load() {
    // Controls become visible and inert (`text::clean`): ESC reads `␛`, so
    // an escape sequence shows as text and cannot colour anything.
    let article = clean_article(
        r#"{"title": "\u001b[31mRed\u001b[0m\ttitle\u0007 \u202eevil\u202c",
            "subtitle": "sub\u001b]0;owned\u0007title",
            "body": ["Bell\u0007 and \u001b[1mbold\u001b[0m\tand\u2066 isolate\u2069.", "DEL\u007f gone\u0085"]}"#,
    );
    assert_eq!(article.title, "␛[31mRed␛[0m title␇ evil");
    assert_eq!(article.subtitle.as_deref(), Some("sub␛]0;owned␇title"));
    assert_eq!(
        article.body,
        strings(&["Bell␇ and ␛[1mbold␛[0m and isolate.", "DEL␡ gone"])
    );
}

#[test]
fn controls_in_the_id_are_made_inert_too() {
    let article = clean_article(r#"{"id": "evil\u001b[2J\u0007", "title": "T", "body": "B"}"#);
    assert_eq!(article.id, "evil␛[2J␇");
}

// -------------------------------------------------------------- bad files

#[test]
fn invalid_json_points_at_the_error() {
    let message = rejected(b"{\n  \"title\": \"x\",\n  \"body\": \"y\",,\n}");
    assert_eq!(
        message,
        "news/story.json:3:15: error: invalid JSON: key must be a string"
    );
    let trailing = rejected(br#"{"title": "t", "body": "b"} x"#);
    assert_eq!(
        trailing,
        "news/story.json:1:29: error: invalid JSON: trailing characters"
    );
    let unfinished = rejected(b"{\"title\": \"t\",\n");
    assert!(
        unfinished.starts_with("news/story.json:2:") && unfinished.contains("invalid JSON: EOF"),
        "{unfinished}"
    );
}

#[test]
fn invalid_json_column_counts_characters() {
    // `x` is the 17th character of the line but its 21st byte.
    let message = rejected("{\"title\": \"日本\", x}".as_bytes());
    assert_eq!(
        message,
        "news/story.json:1:17: error: invalid JSON: key must be a string"
    );
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    assert_eq!(
        rejected(br#"{"title": 5, "body": "b"}"#),
        "news/story.json:1:11: error: invalid type: integer `5`, expected a string"
    );
    assert_eq!(
        rejected(b"{\"title\": \"t\", \"body\": \"b\",\n \"tags\": \"x\"}"),
        "news/story.json:2:12: error: invalid type: string \"x\", expected a sequence"
    );
    assert!(
        rejected(b"{\"title\": \"t\",\n \"body\": 5}").starts_with("news/story.json:2:10: error: "),
        "a number body is an error at its value"
    );
}

#[test]
fn wrong_body_type_says_what_was_expected() {
    let message = rejected(b"{\"title\": \"t\",\n \"body\": 5}");
    assert!(
        message.contains("expected a string or an array of paragraph strings"),
        "{message}"
    );
}

#[test]
fn missing_title_or_body_is_an_error() {
    assert_eq!(
        rejected(b"{\n  \"body\": \"b\"\n}"),
        "news/story.json:3:1: error: missing field `title`"
    );
    assert_eq!(
        rejected(b"{\n  \"title\": \"t\"\n}"),
        "news/story.json:3:1: error: missing field `body`"
    );
}

#[test]
fn blank_title_is_an_error_at_its_key() {
    assert_eq!(
        rejected(b"{\n  \"title\": \"  \",\n  \"body\": \"b\"\n}"),
        "news/story.json:2:3: error: `title` is empty; every article needs a title"
    );
}

#[test]
fn empty_body_is_a_warning() {
    let (article, warning) = loaded_with_warning(r#"{"title": "T", "body": ["", " "]}"#);
    assert_eq!(warning, "news/story.json:1:16: warning: `body` is empty");
    assert!(article.body.is_empty());
}

#[test]
fn empty_or_blank_file_is_an_error() {
    let expected = "news/story.json:1:1: error: file is empty; expected a JSON article object";
    assert_eq!(rejected(b""), expected);
    assert_eq!(rejected(b"  \n\t \n"), expected);
    assert_eq!(rejected("\u{feff}\n".as_bytes()), expected);
}

#[test]
fn non_utf8_bytes_are_pinned_to_the_bad_byte() {
    assert_eq!(
        rejected(b"{\"title\": \"t\",\n \"body\": \"a\xffb\"}"),
        "news/story.json:2:12: error: not valid UTF-8 (byte 0xff); article files must be UTF-8"
    );
    // The column counts characters, not bytes.
    let after_japanese = [&b"{\"title\": \"\xe6\x97\xa5\xe6\x9c\xac"[..], b"\xe9\"}"].concat();
    assert_eq!(
        rejected(&after_japanese),
        "news/story.json:1:14: error: not valid UTF-8 (byte 0xe9); article files must be UTF-8"
    );
}

#[test]
fn unknown_top_level_field_warns_at_its_key_and_the_article_loads() {
    let (article, warning) = loaded_with_warning(
        "{\n  \"title\": \"T\",\n  \"body\": \"B\",\n    \"colour\": \"red\"\n}",
    );
    assert_eq!(
        warning,
        "news/story.json:4:5: warning: unknown field `colour` is ignored"
    );
    assert_eq!(article.title, "T");
}

#[test]
fn invalid_published_date_warns_and_the_article_loads_undated() {
    let (article, warning) = loaded_with_warning(
        "{\n  \"title\": \"T\",\n  \"published\": \"April 10, 2024\",\n  \"body\": \"B\"\n}",
    );
    assert_eq!(
        warning,
        "news/story.json:3:3: warning: `published` \"April 10, 2024\" is not an ISO 8601 date \
         (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]); shown without a date"
    );
    assert_eq!(article.published, None);
    assert_eq!(article.date(), None);
}

#[test]
fn warnings_point_at_the_offending_entry() {
    let parsed = parse_str(
        r#"[
  {"title": "A", "body": "B", "published": "2024-04-10",
   "facts": [{"label": "L", "value": "V", "kind": "place"}]},
  {"title": "C", "body": "D", "published": "yesterday",
   "facts": [{"label": "L", "value": "V", "kind": "gadget"}]}
]"#,
    );
    assert_eq!(parsed.articles.len(), 2);
    let positions: Vec<(usize, usize)> =
        parsed.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(positions, vec![(4, 31), (5, 43)], "{:?}", messages(&parsed));
}

#[test]
fn duplicate_id_across_files_keeps_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.json", article_json("same", None));
    write(dir.path(), "b.json", article_json("same", None));
    let library = load(dir.path());
    assert_eq!(ids(&library), vec!["same"]);
    assert_eq!(
        library.articles.at(0).file(),
        shown(&dir.path().join("a.json"))
    );
    let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        vec![format!(
            "{}:1:1: error: id \"same\" is already used by {}; this article is skipped",
            shown(&dir.path().join("b.json")),
            shown(&dir.path().join("a.json"))
        )]
    );
    assert_eq!(library.skipped(), 1);
}

// ----------------------------------------------------------------- folder

#[test]
fn folder_loads_good_files_and_reports_bad_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "good-1.json", article_json("good-1", None));
    write(dir.path(), "good-2.json", article_json("good-2", None));
    write(
        dir.path(),
        "warned.json",
        r#"{"title": "W", "body": "B", "extra": 1}"#,
    );
    write(dir.path(), "broken.json", "{");
    write(dir.path(), "empty.json", "");
    write(dir.path(), "untitled.json", r#"{"body": "B"}"#);
    write(dir.path(), "notes.txt", "not an article");
    write(dir.path(), "README.md", "# not an article");
    write(dir.path(), "data.json.bak", article_json("backup", None));
    std::fs::create_dir(dir.path().join("folder.json")).expect("subfolder");
    write(
        &dir.path().join("folder.json"),
        "deep.json",
        article_json("deep", None),
    );

    let library = load(dir.path());
    assert_eq!(ids(&library), vec!["good-1", "good-2", "warned"]);
    assert_eq!(library.files, 7);
    assert_eq!(library.skipped(), 4);
    let at = |name: &str| shown(&dir.path().join(name));
    let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        vec![
            format!(
                "{}:1:1: error: invalid JSON: EOF while parsing an object",
                at("broken.json")
            ),
            format!(
                "{}:1:1: error: file is empty; expected a JSON article object",
                at("empty.json")
            ),
            // Reported, not entered and not silently left out.
            format!("{}:1:1: error: is a folder, not a file", at("folder.json")),
            format!("{}:1:13: error: missing field `title`", at("untitled.json")),
            format!(
                "{}:1:29: warning: unknown field `extra` is ignored",
                at("warned.json")
            ),
        ]
    );
}

#[test]
fn folder_lists_newest_first_then_undated_with_ties_by_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        ("old", Some("2023-01-01")),
        ("undated-b", None),
        ("new", Some("2024-04-10T09:30")),
        ("same-day-b", Some("2024-04-01")),
        ("undated-a", None),
        ("same-day-a", Some("2024-04-01")),
    ];
    for (id, published) in files {
        write(
            dir.path(),
            &format!("{id}.json"),
            article_json(id, published),
        );
    }
    let library = load(dir.path());
    assert_eq!(
        ids(&library),
        vec![
            "new",
            "same-day-a",
            "same-day-b",
            "old",
            "undated-a",
            "undated-b"
        ]
    );
    assert_eq!(library.problems, vec![]);
}

#[test]
fn folder_order_compares_instants_not_strings() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 09:30 with a space is later than 08:00 with a `T`; 01:00Z on the 11th
    // is earlier than 23:00-05:00 on the 10th (04:00Z on the 11th).
    write(
        dir.path(),
        "a.json",
        article_json("space-0930", Some("2024-04-09 09:30")),
    );
    write(
        dir.path(),
        "b.json",
        article_json("t-0800", Some("2024-04-09T08:00")),
    );
    write(
        dir.path(),
        "c.json",
        article_json("utc", Some("2024-04-11T01:00Z")),
    );
    write(
        dir.path(),
        "d.json",
        article_json("eastern", Some("2024-04-10T23:00-05:00")),
    );
    let library = load(dir.path());
    assert_eq!(
        ids(&library),
        vec!["eastern", "utc", "space-0930", "t-0800"]
    );
}

#[test]
fn missing_folder_or_file_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nowhere");
    let err =
        Library::load_dir(LibrarySource::Flag(missing.clone()), &missing).expect_err("missing");
    assert!(matches!(err, LibraryError::Missing { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{}: no such folder", shown(&missing))
    );
    let file = dir.path().join("file.json");
    write(dir.path(), "file.json", article_json("f", None));
    let err = Library::load_dir(LibrarySource::Flag(file.clone()), &file).expect_err("a file");
    assert_eq!(err.to_string(), format!("{}: not a folder", shown(&file)));
}

#[test]
fn from_files_reads_in_memory_files() {
    let files = [
        ("one.json", article_json("one", Some("2024-01-01"))),
        ("two.json", r#"{"title": "Two", "body": "B"}"#.to_owned()),
    ]
    .map(|(name, json)| {
        (
            name.to_owned(),
            format!("mem/{name}"),
            Cow::Owned(json.into_bytes()),
        )
    });
    let library = Library::from_files(LibrarySource::Bundled, files);
    assert_eq!(ids(&library), vec!["one", "two"]);
    assert_eq!(library.articles.at(1).file(), "mem/two.json");
    assert_eq!(library.files, 2);
    assert_eq!(library.skipped(), 0);
}

// ---------------------------------------------------------------- bundled

const SEED_ID: &str = "microsoft-japan-investment";

fn bundled_article(id: &str) -> Article {
    let library = Library::bundled();
    library
        .article(id)
        .unwrap_or_else(|| panic!("{id} is bundled"))
        .into_owned()
}

#[test]
fn bundled_articles_include_the_seed_in_english_and_japanese() {
    let library = Library::bundled();
    assert_eq!(library.origin, LibrarySource::Bundled);
    assert_eq!(library.problems, vec![]);
    assert!(library.position("microsoft-japan-investment-ja").is_some());
    let english = bundled_article(SEED_ID);
    assert_eq!(
        english.title,
        "Microsoft Invests $2.9 Billion to Enhance Cloud, AI Infrastructure in Japan"
    );
    assert_eq!(english.body.len(), 14);
    assert_eq!(english.file, format!("(bundled) {SEED_ID}.json"));
}

#[test]
fn bundled_english_body_is_the_seed_text() {
    // A byte-identical copy of the user's seed text ships with the tests, so
    // this comparison always runs.
    let text = include_str!("fixtures/seed/000_b30f95c428f09b0a.txt");
    let paragraphs: Vec<String> = text.lines().skip(2).take(14).map(str::to_owned).collect();
    assert_eq!(paragraphs.len(), 14, "seed lines 3..=16");
    assert_eq!(bundled_article(SEED_ID).body, paragraphs);
}

#[test]
fn bundled_seed_facts_fill_the_sidebar_in_order() {
    let headings: Vec<&str> = facts::for_article(&bundled_article(SEED_ID))
        .iter()
        .map(|g| g.heading)
        .collect();
    assert_eq!(
        headings,
        vec![
            "Key figures",
            "Quotes",
            "People",
            "Organisations",
            "Places",
            "Dates",
            // Issue 15: the hand-written "quote" is words from inside a
            // longer quotation, a paraphrase, listed with the other facts.
            "Other facts"
        ]
    );
}

// ------------------------------------------------------------------ state

#[test]
fn state_save_then_load_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.sqlite");
    let mut state = ReadState::default();
    assert!(state.set_read("b", true));
    assert!(state.set_read("a", true));
    assert!(state.set_read("gone", true));
    assert!(state.set_read("gone", false));
    state.save(&path).expect("save");
    let loaded = ReadState::load(&path).expect("load");
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.state, state);
    assert!(loaded.state.is_read("a") && loaded.state.is_read("b"));
    assert!(!loaded.state.is_read("gone"));
    assert_eq!(loaded.state.read_count(), 2);
}

#[test]
fn state_save_creates_folders_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("deep").join("gogai");
    let path = folder.join("state.sqlite");
    let mut state = ReadState::default();
    state.set_read("x", true);
    state.save(&path).expect("first save");
    state.set_read("y", true);
    state.save(&path).expect("save over");
    // SQLite's side files go when the last connection closes; the lock
    // file that guarded the store's creation stays: removing it would race
    // with a waiting gogai.
    assert_eq!(listing(&folder), vec!["state.sqlite", "state.sqlite.lock"]);
    assert_eq!(ReadState::load(&path).expect("load").state, state);
}

#[test]
fn missing_state_file_is_empty_without_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = ReadState::load(&dir.path().join("state.sqlite")).expect("load");
    assert_eq!(loaded.state.read_count(), 0);
    assert_eq!(loaded.notice, None);
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

/// Loads a state file holding `bytes`; checks it was set aside untouched and
/// returns the notice.
fn load_set_aside(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("state.sqlite");
    std::fs::write(&path, bytes).expect("write state");
    let loaded = ReadState::load(&path).expect("load");
    assert_eq!(loaded.state.read_count(), 0);
    let notice = loaded.notice.expect("a notice");
    assert!(notice.starts_with(&shown(&path)), "{notice}");
    // Setting aside happens under the lock, whose file stays.
    let names: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|name| name != "state.sqlite.lock")
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("state.sqlite.corrupt-"), "{names:?}");
    let aside = dir.path().join(&names[0]);
    assert!(notice.contains(&shown(&aside)), "{notice}");
    assert_eq!(std::fs::read(&aside).expect("read aside"), bytes);
    notice
}

#[test]
fn corrupt_state_file_is_set_aside() {
    let notice = load_set_aside(b"\x00\xffgarbage{");
    assert!(notice.contains(": not a SQLite database;"), "{notice}");
    assert!(notice.ends_with("and started afresh"), "{notice}");
}

#[test]
fn state_from_a_newer_version_is_set_aside() {
    let notice = load_set_aside(br#"{"version": 99, "read": ["a"]}"#);
    assert!(
        notice.contains("written by a newer gogai (version 99)"),
        "{notice}"
    );
}

// ------------------------------------------------------------------ facts

#[test]
fn fact_groups_come_in_sidebar_order() {
    let article = with_facts(&[
        ("Note", "Misc", Some("other")),
        ("Founded", "1978", Some("date")),
        ("Lab", "Tokyo", Some("place")),
        ("Partner", "Keio University", Some("organisation")),
        ("President", "Brad Smith", Some("person")),
        ("Smith", "We are here", Some("quote")),
        ("Investment", "$2.9 billion", Some("figure")),
    ]);
    let headings: Vec<&str> = sidebar(&article).into_iter().map(|(h, _)| h).collect();
    assert_eq!(
        headings,
        vec![
            "Key figures",
            "Quotes",
            "People",
            "Organisations",
            "Places",
            "Dates",
            "Other facts"
        ]
    );
}

#[test]
fn duplicate_facts_are_dropped() {
    let article = with_facts(&[
        ("Lab", "Tokyo", Some("place")),
        ("Research lab", "TOKYO", Some("place")),
        ("Office", "Osaka", Some("place")),
        ("City", "Tokyo", Some("other")),
        ("Lab", "Tokyo", Some("place")),
    ]);
    let pair = |l: &str, v: &str| (l.to_owned(), v.to_owned());
    assert_eq!(
        sidebar(&article),
        vec![
            // "Tokyo" filed as another kind of name is still Tokyo.
            (
                "Places",
                vec![pair("Lab", "Tokyo"), pair("Office", "Osaka")]
            ),
        ]
    );
}
