//! End-to-end tests of the `gogai` binary: exit codes and what a user reads on
//! stdout and stderr. Every run is isolated: its own state folder
//! (`XDG_STATE_HOME`), no inherited `GOGAI_DIR`, stdin from `/dev/null` (so
//! the interactive reader can never start and wait), and an explicit article
//! folder unless the test is about choosing one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr as _;

const REPO_ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/articles");
const EN_ID: &str = "microsoft-japan-investment";
const EN_TITLE: &str =
    "Microsoft Invests $2.9 Billion to Enhance Cloud, AI Infrastructure in Japan";
const JA_ID: &str = "microsoft-japan-investment-ja";
const JA_TITLE: &str = "マイクロソフト、日本のクラウド・AIインフラ強化に29億ドルを投資";

// ---------------------------------------------------------------- helpers

/// What one run of the binary left behind.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Asserts the exit code, showing both streams when it is wrong.
    #[track_caller]
    fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    fn ok(self) -> Self {
        self.code(0)
    }

    /// Asserts that neither stream holds an escape code.
    #[track_caller]
    fn plain(self) -> Self {
        assert_no_escape(&self.stdout);
        assert_no_escape(&self.stderr);
        self
    }
}

/// The binary with an isolated environment: `XDG_STATE_HOME` is `state`,
/// `GOGAI_DIR` is unset, stdin is empty.
fn gogai(state: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gogai"));
    cmd.env("XDG_STATE_HOME", state)
        .env("XDG_DATA_HOME", std::path::Path::new(&state).join("data"))
        .env(
            "XDG_CONFIG_HOME",
            std::path::Path::new(&state).join("config"),
        )
        .env_remove("GOGAI_DIR")
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run gogai");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `gogai --dir <dir> ARGS` with a fresh, empty state folder.
fn in_dir(dir: &Path, args: &[&str]) -> Run {
    let state = tempdir();
    run(gogai(state.path()).arg("--dir").arg(dir).args(args))
}

/// Runs `gogai --dir <the repository's articles> ARGS` with a fresh state.
fn in_repo(args: &[&str]) -> Run {
    in_dir(Path::new(REPO_ARTICLES), args)
}

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// Writes `contents` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write a test file");
    path
}

/// A minimal valid article file.
fn article(id: &str, title: &str) -> String {
    json!({ "id": id, "title": title, "body": "Some text." }).to_string()
}

/// A folder holding one article per `(id, title)`, in `<id>.json`.
fn folder(articles: &[(&str, &str)]) -> TempDir {
    let dir = tempdir();
    for (id, title) in articles {
        write(dir.path(), &format!("{id}.json"), article(id, title));
    }
    dir
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[track_caller]
fn assert_no_escape(text: &str) {
    assert!(!text.contains('\x1b'), "escape code in output:\n{text:?}");
}

/// Asserts that every line of `text` is at most `width` terminal columns.
#[track_caller]
fn assert_fits(text: &str, width: usize) {
    let wide: Vec<String> = text
        .lines()
        .filter(|line| line.width() > width)
        .map(|line| format!("{:>3} | {line}", line.width()))
        .collect();
    assert!(
        wide.is_empty(),
        "lines wider than {width} columns:\n{}",
        wide.join("\n")
    );
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// The `--list` row of `id`; panics when there is none.
#[track_caller]
fn row<'a>(list: &'a str, id: &str) -> &'a str {
    list.lines()
        .find(|line| line.get(2..).and_then(|r| r.split_whitespace().next()) == Some(id))
        .unwrap_or_else(|| panic!("no row for {id} in:\n{list}"))
}

/// The ids of a `--list` output, in order.
fn ids(list: &str) -> Vec<&str> {
    list.lines()
        .filter_map(|line| line.get(2..)?.split_whitespace().next())
        .collect()
}

/// The text of a `--print` output before its facts section.
fn article_text(printed: &str) -> &str {
    printed.split("\nFacts\n").next().unwrap_or(printed)
}

// ---------------------------------------------------------------- --list

#[test]
fn list_shows_every_article_unread() {
    let out = in_repo(&["--list"]).ok().plain();
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    let en = row(&out.stdout, EN_ID);
    assert!(en.starts_with("* "), "{en}");
    assert_contains(en, EN_TITLE);
    let ja = row(&out.stdout, JA_ID);
    assert!(ja.starts_with("* "), "{ja}");
    assert_contains(ja, JA_TITLE);
    assert_eq!(out.stderr, "");
}

#[test]
fn list_drops_the_unread_mark_of_a_read_article() {
    // An older gogai's state file, which --list reads as it is.
    let state = tempdir();
    std::fs::create_dir(state.path().join("gogai")).unwrap();
    write(
        &state.path().join("gogai"),
        "state.json",
        r#"{"version":1,"read":["microsoft-japan-investment"]}"#,
    );
    let out = run(gogai(state.path()).args(["--list", "--dir", REPO_ARTICLES]))
        .ok()
        .plain();
    let en = row(&out.stdout, EN_ID);
    assert!(en.starts_with("  "), "read article still marked: {en}");
    assert!(row(&out.stdout, JA_ID).starts_with("* "));

    let out = run(gogai(state.path()).args(["--list", "--json", "--dir", REPO_ARTICLES])).ok();
    let list = parse_json(&out.stdout);
    let read: Vec<(&str, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["read"].as_bool().unwrap()))
        .collect();
    assert!(read.contains(&(EN_ID, true)), "{read:?}");
    assert!(read.contains(&(JA_ID, false)), "{read:?}");
}

#[test]
fn list_json_has_id_title_read_and_file() {
    let out = in_repo(&["--list", "--json"]).ok().plain();
    let list = parse_json(&out.stdout);
    let entries = list.as_array().expect("a JSON array");
    assert_eq!(entries.len(), 2);
    for (id, title) in [(EN_ID, EN_TITLE), (JA_ID, JA_TITLE)] {
        let entry = entries
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing from {list:#}"));
        assert_eq!(entry["title"], title);
        assert_eq!(entry["read"], false);
        let file = entry["file"].as_str().expect("file is a string");
        assert!(
            Path::new(file).ends_with(format!("articles/{id}.json")),
            "{file}"
        );
    }
}

#[test]
fn list_shows_date_and_array_entries_and_sorts_newest_first() {
    let dir = tempdir();
    write(
        dir.path(),
        "old.json",
        json!({"title": "Old news", "published": "2023-01-02", "body": "x"}).to_string(),
    );
    write(
        dir.path(),
        "new.json",
        json!({"title": "New news", "published": "2024-04-10T09:30:00Z", "body": "x"}).to_string(),
    );
    write(
        dir.path(),
        "pair.json",
        json!([{"title": "First of two", "body": "a"}, {"title": "Second of two", "body": ["b"]}])
            .to_string(),
    );
    let out = in_dir(dir.path(), &["--list"]).ok().plain();
    assert_eq!(ids(&out.stdout), ["new", "old", "pair#1", "pair#2"]);
    assert_contains(row(&out.stdout, "new"), "2024-04-10");
    assert_contains(row(&out.stdout, "pair#2"), "Second of two");
}

#[test]
fn escape_codes_in_article_text_never_reach_the_output() {
    let dir = tempdir();
    write(
        dir.path(),
        "evil.json",
        json!({
            "title": "Red \u{1b}[31malert\u{1b}[0m \u{1b}]0;pwned\u{7}title",
            "body": "Clear \u{1b}[2Jscreen",
            "facts": [{"label": "Bell\u{7}", "value": "\u{1b}[1mbold"}],
        })
        .to_string(),
    );
    // `plain()` fails on any escape byte; what was there shows as `␛`.
    let list = in_dir(dir.path(), &["--list"]).ok().plain();
    assert_contains(&list.stdout, "Red ␛[31malert␛[0m ␛]0;pwned␇title");
    let printed = in_dir(dir.path(), &["--print", "evil"]).ok().plain();
    assert_contains(&printed.stdout, "Clear ␛[2Jscreen");
    assert_contains(&printed.stdout, "Bell␇");
}

// ---------------------------------------------------------------- --export

/// `--export` of the store at `state/gogai/state.sqlite`.
fn export(state: &Path) -> Run {
    run(gogai(state).arg("--export"))
}

#[test]
fn export_prints_the_marks_the_session_and_the_feeds() {
    use gogai::store::state::{ReadState, Session};
    let state = tempdir();
    let store = state.path().join("gogai").join("state.sqlite");
    let mut marks = ReadState::default();
    marks.set_read("b-story", true);
    marks.set_starred("a-story", true);
    marks.set_session(Session {
        article: Some("a-story".into()),
        sort: Some("title".into()),
        ..Session::default()
    });
    marks.save(&store).expect("a store");

    let out = export(state.path()).ok().plain();
    assert_eq!(out.stderr, "");
    // `seen` is when the mark was made: shown as 0 here.
    let shown = regex::Regex::new(r#""seen": \d+"#)
        .expect("regex")
        .replace_all(&out.stdout, r#""seen": 0"#);
    assert_eq!(
        shown,
        r#"{
  "version": 2,
  "articles": {
    "a-story": {
      "starred": true,
      "seen": 0
    },
    "b-story": {
      "read": true,
      "seen": 0
    }
  },
  "session": {
    "article": "a-story",
    "reading": false,
    "paragraph": 0,
    "sort": "title",
    "sidebar": null
  },
  "feeds": []
}
"#
    );
}

#[test]
fn export_of_an_older_state_file_reads_it_without_migrating() {
    let state = tempdir();
    let folder = state.path().join("gogai");
    std::fs::create_dir(&folder).expect("mkdir");
    let old = r#"{"version":1,"read":["microsoft-japan-investment"]}"#;
    write(&folder, "state.json", old);
    let out = export(state.path()).ok().plain();
    let json = parse_json(&out.stdout);
    assert_eq!(json["articles"][EN_ID]["read"], true, "{json}");
    assert_eq!(json["feeds"], json!([]));
    assert_eq!(
        std::fs::read_to_string(folder.join("state.json")).expect("still there"),
        old
    );
    assert!(!folder.join("state.sqlite").exists(), "nothing created");
}

#[test]
fn export_with_nothing_stored_prints_an_empty_export_and_says_so() {
    let state = tempdir();
    let out = export(state.path()).ok().plain();
    assert_eq!(
        parse_json(&out.stdout),
        json!({"version": 2, "articles": {}, "session": {
            "article": null, "reading": false, "paragraph": 0, "sort": null, "sidebar": null
        }, "feeds": []})
    );
    assert_contains(&out.stderr, "nothing is stored at ");
    assert!(!state.path().join("gogai").exists(), "nothing created");
}

#[test]
fn export_of_a_damaged_store_fails_and_names_it() {
    let state = tempdir();
    let path = write(
        state.path(),
        "broken.sqlite",
        b"SQLite format 3\0 and then nothing",
    );
    let out = run(gogai(state.path())
        .arg("--export")
        .arg("--state")
        .arg(&path))
    .code(1)
    .plain();
    assert_eq!(out.stdout, "", "no export of a store that cannot be read");
    assert_contains(&out.stderr, &path.display().to_string());
    assert_contains(&out.stderr, "cannot read the state file");
    assert_eq!(
        std::fs::read(&path).expect("left alone"),
        b"SQLite format 3\0 and then nothing"
    );
}

// ---------------------------------------------------------------- --print

#[test]
fn print_by_id_shows_title_paragraphs_and_facts() {
    let out = in_repo(&["--print", EN_ID]).ok().plain();
    let text = &out.stdout;
    assert!(text.starts_with(EN_TITLE), "{text}");
    assert_contains(text, "Microsoft to open a new research lab in Tokyo");
    // paragraphs are separated by one blank line
    assert_contains(
        text,
        "part of a $2.9 billion investment.\n\nThe investment, Microsoft's largest",
    );
    assert!(!text.contains("\n\n\n"), "{text}");
    let facts = text.split_once("\nFacts\n").expect("a Facts section").1;
    assert_contains(facts, "Key figures");
    assert_contains(facts, "Total investment in Japan: $2.9 billion");
    assert_contains(facts, "People");
    assert_contains(facts, "Japanese Prime Minister: Fumio Kishida");
    assert_eq!(out.stderr, "");
}

#[test]
fn print_by_title_fragment_ignores_case() {
    let by_fragment = in_repo(&["--print", "ai infrastructure in JAPAN"]).ok();
    let by_id = in_repo(&["--print", EN_ID]).ok();
    assert_eq!(by_fragment.stdout, by_id.stdout);
}

#[test]
fn print_by_a_word_only_one_title_spells_that_way() {
    // The Japanese title writes Microsoft in katakana, so "microsoft" is unique.
    let out = in_repo(&["--print", "microsoft"]).ok();
    assert!(out.stdout.starts_with(EN_TITLE), "{}", out.stdout);
    let out = in_repo(&["--print", "日本のクラウド"]).ok();
    assert!(out.stdout.starts_with(JA_TITLE), "{}", out.stdout);
}

#[test]
fn print_by_path_to_a_file_in_the_folder() {
    let path = format!("{REPO_ARTICLES}/{EN_ID}.json");
    let by_path = in_repo(&["--print", &path]).ok();
    let by_id = in_repo(&["--print", EN_ID]).ok();
    assert_eq!(by_path.stdout, by_id.stdout);
    assert_eq!(by_path.stderr, "");
}

#[test]
fn print_by_path_to_a_file_outside_the_folder() {
    let elsewhere = tempdir();
    let path = write(
        elsewhere.path(),
        "visitor.json",
        json!({"title": "A visiting article", "body": "From outside.\n\nSecond paragraph."})
            .to_string(),
    );
    let out = in_repo(&["--print", path.to_str().unwrap()]).ok().plain();
    assert_eq!(
        out.stdout,
        "A visiting article\n\nFrom outside.\n\nSecond paragraph.\n"
    );
}

#[test]
fn print_shows_byline_tags_url_and_string_body_paragraphs() {
    let dir = tempdir();
    write(
        dir.path(),
        "full.json",
        json!({
            "id": "full",
            "title": "Full article",
            "subtitle": "Every field set",
            "source": "The Daily",
            "author": "A. Writer",
            "url": "https://example.com/full",
            "published": "2024-04-10T09:30:00+09:00",
            "tags": ["cloud", "japan"],
            "body": "First line\nstill the first paragraph.\n\n\nSecond paragraph.",
            "facts": [
                {"label": "Budget", "value": "¥450 billion"},
                {"label": "Spokesperson", "value": "Hanako", "kind": "person"},
            ],
        })
        .to_string(),
    );
    let out = in_dir(dir.path(), &["--print", "full"]).ok().plain();
    assert_eq!(
        out.stdout,
        "Full article\n\
         Every field set\n\
         The Daily · A. Writer · 2024-04-10\n\
         #cloud #japan\n\
         https://example.com/full\n\
         \n\
         First line still the first paragraph.\n\
         \n\
         Second paragraph.\n\
         \n\
         Facts\n\
         \n  Key figures\n    Budget: ¥450 billion (450000000000 JPY) (unverified)\n\
         \n  People\n    Spokesperson: Hanako (unverified)\n"
    );
}

#[test]
fn print_width_wraps_the_article_text() {
    let out = in_repo(&["--print", EN_ID, "--width", "40"]).ok();
    let text = article_text(&out.stdout);
    assert_fits(text, 40);
    assert!(text.lines().count() > 20, "{text}");
    let out = in_repo(&["--print", JA_ID, "--width", "30"]).ok();
    let text = article_text(&out.stdout);
    assert_fits(text, 30);
    assert!(text.starts_with("マイクロソフト"), "{text}");
}

#[test]
fn print_default_width_is_80() {
    let out = in_repo(&["--print", EN_ID]).ok();
    assert_fits(article_text(&out.stdout), 80);
    assert!(
        out.stdout.lines().any(|l| l.width() > 70),
        "text wrapped far narrower than 80:\n{}",
        out.stdout
    );
}

#[test]
fn print_width_applies_to_the_facts_too() {
    let out = in_repo(&["--print", EN_ID, "--width", "40"]).ok();
    assert_fits(&out.stdout, 40);
    let out = in_repo(&["--print", JA_ID, "--width", "30"]).ok();
    assert_fits(&out.stdout, 30);
}

#[test]
fn print_json_has_body_and_curated_facts() {
    let out = in_repo(&["--print", EN_ID, "--json"]).ok().plain();
    let article = parse_json(&out.stdout);
    assert_eq!(article["id"], EN_ID);
    assert_eq!(article["title"], EN_TITLE);
    let body = article["body"].as_array().expect("body is an array");
    assert_eq!(body.len(), 14);
    assert!(
        body[0]
            .as_str()
            .unwrap()
            .starts_with("Microsoft has pledged")
    );
    assert!(
        article["file"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{EN_ID}.json"))
    );
    let facts = article["facts"].as_array().expect("facts is an array");
    let curated: Vec<_> = facts.iter().filter(|f| f["origin"] == "curated").collect();
    assert_eq!(curated.len(), 12);
    assert!(
        curated.iter().all(|f| f["verified"] == true),
        "every curated fact of the seed is in its text: {curated:?}"
    );
    // What was found in the text comes with its sentence.
    let keio = facts
        .iter()
        .find(|f| f["origin"] == "extracted" && f["value"] == "Keio University")
        .expect("an organisation found in the text");
    assert!(
        keio["evidence"]["sentence_text"]
            .as_str()
            .is_some_and(|s| s.contains("Carnegie Mellon University and Keio University")),
        "{keio:?}"
    );
    let total = facts
        .iter()
        .find(|f| f["label"] == "Total investment in Japan")
        .expect("the investment fact");
    assert_eq!(total["value"], "$2.9 billion");
    assert_eq!(total["kind"], "figure");
    assert!(facts.iter().any(|f| f["kind"] == "person"));
}

#[test]
fn print_json_of_the_japanese_article_keeps_its_text() {
    let out = in_repo(&["--print", JA_ID, "--json"]).ok();
    let article = parse_json(&out.stdout);
    assert_eq!(article["title"], JA_TITLE);
    assert!(!article["facts"].as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------- not found

#[test]
fn print_unknown_article_exits_2() {
    let out = in_repo(&["--print", "nosuchthing"]).code(2).plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, r#"no article matches "nosuchthing""#);
    assert!(!out.stderr.contains("closest:"), "{}", out.stderr);
}

#[test]
fn print_near_miss_lists_the_closest_article() {
    let out = in_repo(&["--print", "Microsft Invests"]).code(2);
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, r#"no article matches "Microsft Invests""#);
    let closest = out
        .stderr
        .split_once("closest:\n")
        .expect("a closest: list")
        .1;
    let first = closest.lines().next().unwrap_or_default();
    assert_eq!(first.split_whitespace().next(), Some(EN_ID), "{closest}");
    assert_contains(first, EN_TITLE);
}

#[test]
fn print_ambiguous_fragment_exits_2_and_lists_the_matches() {
    let dir = folder(&[
        ("tokyo-lab", "A new lab opens in Tokyo"),
        ("osaka-lab", "Osaka gets a lab too"),
        ("weather", "Rain tomorrow"),
    ]);
    let out = in_dir(dir.path(), &["--print", "LAB"]).code(2).plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, r#""LAB" matches 2 articles"#);
    assert_contains(&out.stderr, "name one by id");
    for id in ["tokyo-lab", "osaka-lab"] {
        assert!(
            out.stderr
                .lines()
                .any(|l| l.split_whitespace().next() == Some(id)),
            "{id} not listed:\n{}",
            out.stderr
        );
    }
    assert!(!out.stderr.contains("weather"), "{}", out.stderr);
    // the id itself is never ambiguous
    let out = in_dir(dir.path(), &["--print", "osaka-lab"]).ok();
    assert!(out.stdout.starts_with("Osaka gets a lab too"));
}

#[test]
fn print_missing_json_path_exits_2() {
    let dir = tempdir();
    let path = dir.path().join("absent.json");
    let out = in_repo(&["--print", path.to_str().unwrap()]).code(2);
    assert_contains(&out.stderr, &format!("{}: cannot read", path.display()));
}

#[test]
fn print_refuses_a_pipe_or_a_huge_file_without_reading_it() {
    let dir = tempdir();
    // A named pipe with no writer: opening it would block for ever.
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let out = in_repo(&["--print", fifo.to_str().unwrap()]).code(2);
    assert_contains(&out.stderr, "not a regular file (a named pipe)");
    // A sparse gigabyte: refused by its size, so it costs no time or memory.
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(1 << 30))
        .expect("make a sparse file");
    let out = in_repo(&["--print", huge.to_str().unwrap()]).code(2);
    assert_contains(&out.stderr, "file is 1.0 GB; articles are limited to 16 MB");
}

#[test]
fn print_broken_file_outside_the_folder_exits_2_with_its_problem() {
    let dir = tempdir();
    let path = write(
        dir.path(),
        "broken.json",
        "{\n  \"title\": 5,\n  \"body\": \"x\"\n}\n",
    );
    let out = in_repo(&["--print", path.to_str().unwrap()]).code(2);
    assert_contains(
        &out.stderr,
        &format!("{}: no article could be loaded", path.display()),
    );
    assert_contains(
        &out.stderr,
        &format!("{}:2:12: error: invalid type", path.display()),
    );
}

#[test]
fn reader_form_with_unknown_article_exits_2_without_starting() {
    let out = in_repo(&["nosuchthing"]).code(2).plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, r#"no article matches "nosuchthing""#);
    assert!(!out.stderr.contains("terminal"), "{}", out.stderr);
}

// ---------------------------------------------------------------- the reader

#[test]
fn reader_without_a_terminal_exits_1() {
    let out = in_repo(&[]).code(1).plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "the reader needs a terminal");
    assert_contains(&out.stderr, "--print");
}

#[test]
fn reader_on_a_found_article_without_a_terminal_exits_1() {
    let out = in_repo(&[EN_ID]).code(1).plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "the reader needs a terminal");
}

// ---------------------------------------------------------------- --check

#[test]
fn check_repo_articles_is_clean() {
    let out = in_repo(&["--check"]).ok().plain();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert_contains(&out.stdout, "2 files checked");
    assert_contains(&out.stdout, "2 articles loaded, 0 errors, 0 warnings");
}

/// A folder with one file per kind of problem, and one good file.
fn troubled_folder() -> TempDir {
    let dir = tempdir();
    let d = dir.path();
    write(
        d,
        "a-syntax.json",
        "{\n  \"title\": \"x\"\n  \"body\": \"y\"\n}\n",
    );
    write(
        d,
        "b-type.json",
        "{\n  \"title\": 5,\n  \"body\": \"x\"\n}\n",
    );
    write(d, "c-no-title.json", "{\n  \"body\": \"x\"\n}\n");
    write(d, "d-empty.json", "");
    write(
        d,
        "e-latin1.json",
        b"{\n  \"title\": \"caf\xe9\",\n  \"body\": \"x\"\n}\n",
    );
    write(
        d,
        "f-unknown.json",
        "{\n  \"title\": \"Unknown field\",\n  \"body\": \"x\",\n  \"colour\": \"red\"\n}\n",
    );
    write(
        d,
        "g-date.json",
        "{\n  \"title\": \"Bad date\",\n  \"published\": \"April 10\",\n  \"body\": \"x\"\n}\n",
    );
    write(d, "h-good.json", article("good", "The good article"));
    dir
}

#[test]
fn check_reports_every_problem_with_its_position() {
    let dir = troubled_folder();
    let out = in_dir(dir.path(), &["--check"]).code(1).plain();
    let at = |name: &str| dir.path().join(name).display().to_string();
    let expected = [
        format!(
            "{}:3:3: error: invalid JSON: expected `,` or `}}`",
            at("a-syntax.json")
        ),
        format!(
            "{}:2:12: error: invalid type: integer `5`, expected a string",
            at("b-type.json")
        ),
        format!(
            "{}:3:1: error: missing field `title`",
            at("c-no-title.json")
        ),
        format!("{}:1:1: error: file is empty", at("d-empty.json")),
        format!(
            "{}:2:16: error: not valid UTF-8 (byte 0xe9)",
            at("e-latin1.json")
        ),
        format!(
            "{}:4:3: warning: unknown field `colour` is ignored",
            at("f-unknown.json")
        ),
        format!(
            "{}:3:3: warning: `published` \"April 10\" is not an ISO 8601 date",
            at("g-date.json")
        ),
    ];
    let lines: Vec<&str> = out.stdout.lines().collect();
    for want in &expected {
        assert!(
            lines.iter().any(|l| l.starts_with(want.as_str())),
            "missing {want:?} in:\n{}",
            out.stdout
        );
    }
    // nothing else but the problems and the summary
    assert_eq!(lines.len(), expected.len() + 1, "{}", out.stdout);
    assert!(!out.stdout.contains("h-good.json"), "{}", out.stdout);
    let summary = lines.last().unwrap();
    assert_contains(
        summary,
        "8 files checked, 3 articles loaded, 5 errors, 2 warnings",
    );
}

#[test]
fn check_with_only_warnings_still_exits_1() {
    let dir = tempdir();
    write(
        dir.path(),
        "w.json",
        json!({"title": "T", "body": "b", "extra": true}).to_string(),
    );
    let out = in_dir(dir.path(), &["--check"]).code(1);
    assert_contains(&out.stdout, "warning: unknown field `extra` is ignored");
    assert_contains(&out.stdout, "0 errors, 1 warning");
}

#[test]
fn check_reports_a_duplicate_id() {
    let dir = folder(&[("same", "First")]);
    write(dir.path(), "other.json", article("same", "Second"));
    let out = in_dir(dir.path(), &["--check"]).code(1);
    let first = dir.path().join("other.json");
    let second = dir.path().join("same.json");
    assert_contains(
        &out.stdout,
        &format!(
            "{}:1:1: error: id \"same\" is already used by {}",
            second.display(),
            first.display()
        ),
    );
}

#[test]
fn check_points_at_the_right_article_of_an_array_file() {
    let dir = tempdir();
    let path = write(
        dir.path(),
        "pair.json",
        "[\n  {\"title\": \"One\", \"published\": \"2024-04-10\", \"body\": \"a\"},\n  \
         {\"title\": \" \", \"published\": \"April 10\", \"body\": \"b\"}\n]\n",
    );
    let out = in_dir(dir.path(), &["--check"]).code(1);
    assert_contains(
        &out.stdout,
        &format!("{}:3:4: error: article 2: `title` is empty", path.display()),
    );
}

#[test]
fn list_skips_bad_files_and_shows_the_good_ones() {
    let dir = troubled_folder();
    let out = in_dir(dir.path(), &["--list"]).ok().plain();
    assert_eq!(ids(&out.stdout), ["f-unknown", "g-date", "good"]);
    assert_contains(row(&out.stdout, "good"), "The good article");
    assert_contains(&out.stderr, "skipped 5 unreadable articles");
    assert_contains(&out.stderr, "gogai --check");
}

// ---------------------------------------------------------------- folders

#[test]
fn dir_flag_beats_gogai_dir() {
    let flag = folder(&[("from-flag", "Chosen by the flag")]);
    let env = folder(&[("from-env", "Chosen by the environment")]);
    let state = tempdir();
    let out = run(gogai(state.path())
        .env("GOGAI_DIR", env.path())
        .arg("--dir")
        .arg(flag.path())
        .arg("--list"))
    .ok();
    assert_eq!(ids(&out.stdout), ["from-flag"]);
}

#[test]
fn gogai_dir_is_used_without_the_flag() {
    let env = folder(&[("from-env", "Chosen by the environment")]);
    let cwd = tempdir();
    let state = tempdir();
    let out = run(gogai(state.path())
        .env("GOGAI_DIR", env.path())
        .current_dir(cwd.path())
        .arg("--list"))
    .ok();
    assert_eq!(ids(&out.stdout), ["from-env"]);
    let out = run(gogai(state.path())
        .env("GOGAI_DIR", env.path())
        .current_dir(cwd.path())
        .arg("--check"))
    .ok();
    assert_contains(&out.stdout, "($GOGAI_DIR): 1 file checked");
}

#[test]
fn articles_in_the_working_directory_are_used_next() {
    let cwd = tempdir();
    std::fs::create_dir(cwd.path().join("articles")).unwrap();
    write(
        &cwd.path().join("articles"),
        "local.json",
        article("local", "A local article"),
    );
    let state = tempdir();
    let out = run(gogai(state.path()).current_dir(cwd.path()).arg("--list")).ok();
    assert_eq!(ids(&out.stdout), ["local"]);
}

#[test]
fn bundled_articles_are_shown_when_no_folder_is_given() {
    let cwd = tempdir();
    let state = tempdir();
    let out = run(gogai(state.path()).current_dir(cwd.path()).arg("--list"))
        .ok()
        .plain();
    assert_eq!(ids(&out.stdout), [EN_ID, JA_ID]);
    // an empty GOGAI_DIR counts as unset
    let out = run(gogai(state.path())
        .env("GOGAI_DIR", "")
        .current_dir(cwd.path())
        .arg("--check"))
    .ok();
    // With gogai's own folder still empty, they are the welcome set.
    assert_contains(
        &out.stdout,
        "welcome articles — subscribe with gogai --subscribe URL: 2 files checked",
    );
    let out = run(gogai(state.path()).current_dir(cwd.path()).args([
        "--print",
        "ai infrastructure",
        "--json",
    ]))
    .ok();
    assert_eq!(parse_json(&out.stdout)["title"], EN_TITLE);
}

#[test]
fn missing_dir_is_an_error_naming_it() {
    let out = in_dir(Path::new("/nonexistent/gogai-test"), &["--list"])
        .code(1)
        .plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "/nonexistent/gogai-test");
}

#[test]
fn missing_dir_error_says_the_cause_once() {
    let out = in_dir(Path::new("/nonexistent/gogai-test"), &["--list"]).code(1);
    let cause = out.stderr.rsplit(": ").next().unwrap_or_default().trim();
    assert_eq!(
        out.stderr.matches(cause).count(),
        1,
        "cause repeated: {}",
        out.stderr
    );
}

#[test]
fn dir_that_is_a_file_is_an_error() {
    let dir = tempdir();
    let file = write(dir.path(), "plain.json", article("plain", "Plain"));
    let out = in_dir(&file, &["--list"]).code(1);
    assert_contains(&out.stderr, &format!("{}: not a folder", file.display()));
}

// ---------------------------------------------------------------- misuse

#[test]
fn json_without_list_or_print_is_a_usage_error() {
    let out = in_repo(&["--json"]).code(2).plain();
    assert_eq!(out.stdout, "");
    assert_contains(
        &out.stderr,
        "--json goes with --list, --print, --facts or --feeds",
    );
    let out = in_repo(&["--check", "--json"]).code(2);
    assert_contains(
        &out.stderr,
        "--json goes with --list, --print, --facts or --feeds",
    );
}

#[test]
fn width_without_print_is_a_usage_error() {
    let out = in_repo(&["--list", "--width", "40"]).code(2);
    assert_contains(&out.stderr, "--width goes with --print");
}

#[test]
fn refresh_every_outside_the_reader_or_at_zero_is_a_usage_error() {
    let out = in_repo(&["--list", "--refresh-every", "5"]).code(2);
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "--refresh-every goes with the reader");
    let out = in_repo(&["--refresh-every", "0"]).code(2);
    assert_contains(&out.stderr, "--refresh-every");
}

#[test]
fn width_below_10_is_rejected() {
    let out = in_repo(&["--print", EN_ID, "--width", "5"]).code(2);
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "--width");
}

#[test]
fn an_article_named_like_an_option_can_be_given_after_double_dash() {
    // Resolved as the ARTICLE argument is (no match here: exit 2, not a
    // parse error), and still only one, and not beside a mode.
    let out = in_repo(&["--", "-no-such-id"]).code(2);
    assert_contains(&out.stderr, "no article matches \"-no-such-id\"");
    let out = in_repo(&["--", "a", "b"]).code(2);
    assert_contains(&out.stderr, "only one ARTICLE");
    let out = in_repo(&["--list", "--", "a"]).code(2);
    assert_contains(&out.stderr, "cannot be used with");
}

/// `gogai --dir DIR ARGS` writing to a full disk.
fn to_a_full_disk(dir: &Path, args: &[&str]) -> Run {
    let state = tempdir();
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    run(gogai(state.path())
        .arg("--dir")
        .arg(dir)
        .args(args)
        .stdout(full))
}

#[test]
fn output_to_a_full_disk_is_an_error_that_names_its_cause_once() {
    for args in [
        &["--list"][..],
        &["--check"],
        &["--print", EN_ID],
        &["--facts", EN_ID, "--json"],
    ] {
        let out = to_a_full_disk(Path::new(REPO_ARTICLES), args).code(1);
        assert_eq!(
            out.stderr,
            "gogai: cannot write to standard output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    let dir = tempdir();
    let source = write(dir.path(), "note.txt", "A note\n\nIts text.\n");
    let out = to_a_full_disk(
        &dir.path().join("news"),
        &["--import", source.to_str().expect("UTF-8")],
    )
    .code(1);
    assert_eq!(
        out.stderr,
        "gogai: cannot write the report: No space left on device (os error 28)\n"
    );
}

#[test]
fn conflicting_modes_are_rejected() {
    let out = in_repo(&["--list", "--print", EN_ID]).code(2);
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "cannot be used with");
}

#[test]
fn facts_prints_curated_then_found_facts() {
    let out = in_repo(&["--facts", EN_ID]).ok().plain();
    let text = &out.stdout;
    assert!(
        text.starts_with(
            "  Key figures\n    Total investment in Japan: $2.9 billion (2900000000 USD)\n"
        ),
        "{text}"
    );
    // Found in the text, not written in the file.
    assert_contains(text, "Keio University");
    assert_contains(
        text,
        "Fumio Kishida: Microsoft has made significant contributions",
    );
    assert_contains(text, "resource grants: over five years (5 years)");
    assert!(
        !text.contains("unverified"),
        "the seed's curated facts are all in its text"
    );
    assert!(
        !text.contains("Microsoft has pledged"),
        "only facts, not the body"
    );
}

#[test]
fn facts_explain_names_the_rule_behind_each_fact() {
    let out = in_repo(&["--facts", EN_ID, "--explain", "--width", "200"])
        .ok()
        .plain();
    let text = &out.stdout;
    // Each fact is followed by the rule that gave it.
    assert_contains(
        text,
        "    Total investment in Japan: $2.9 billion (2900000000 USD)\n      rule: curated: written in the article file\n",
    );
    assert_contains(
        text,
        "in 1978\n      rule: quote: speaker after it (said NAME)\n",
    );
    assert_contains(text, "rule: quote: same speaker as the quotation before it");
    assert_contains(text, "      rule: names\n");
    // Without --explain, no rules.
    let plain = in_repo(&["--facts", EN_ID]).ok().plain();
    assert!(!plain.stdout.contains("rule:"), "{}", plain.stdout);

    let json = in_repo(&["--facts", EN_ID, "--json", "--explain"]).ok();
    let facts = parse_json(&json.stdout);
    let facts = facts.as_array().expect("an array of facts");
    assert!(
        facts
            .iter()
            .all(|f| f["rule"].as_str().is_some_and(|r| !r.is_empty())),
        "every fact names its rule: {facts:?}"
    );
    let json = in_repo(&["--facts", EN_ID, "--json"]).ok();
    let facts = parse_json(&json.stdout);
    assert!(
        facts
            .as_array()
            .expect("facts")
            .iter()
            .all(|f| f.get("rule").is_none()),
        "the rule is a field only with --explain"
    );
}

#[test]
fn explain_without_facts_is_a_usage_error() {
    let out = in_repo(&["--print", EN_ID, "--explain"]).code(2).plain();
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, "--explain goes with --facts");
}

/// Issue 15: the hand-written "quote" of the seed is words from inside a
/// longer quotation. It is listed with the other facts, and both of Brad
/// Smith's quotations appear in full under Quotes with their speaker.
#[test]
fn a_curated_paraphrase_never_hides_the_quotation_it_summarises() {
    let json = in_repo(&["--facts", EN_ID, "--json"]).ok();
    let facts = parse_json(&json.stdout);
    let facts = facts.as_array().expect("facts");
    let of_kind = |kind: &str| -> Vec<(String, String)> {
        facts
            .iter()
            .filter(|f| f["kind"] == kind)
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
                (s("label"), s("value"))
            })
            .collect()
    };
    let quotes = of_kind("quote");
    let smith: Vec<&str> = quotes
        .iter()
        .filter(|(who, _)| who == "Brad Smith")
        .map(|(_, words)| words.as_str())
        .collect();
    assert_eq!(
        smith,
        [
            "Today’s announcement represents Microsoft’s most significant investment in Japan since we set roots here in 1978",
            "These investments in digital infrastructure, AI skills, cybersecurity and AI research are essential ingredients for Japan to build a robust AI economy.",
        ]
    );
    assert!(
        !quotes
            .iter()
            .any(|(_, words)| words == "Microsoft’s most significant investment in Japan"),
        "a paraphrase is not a quote: {quotes:?}"
    );
    assert!(of_kind("other").contains(&(
        "Brad Smith".to_owned(),
        "Microsoft’s most significant investment in Japan".to_owned()
    )));
}

#[test]
fn facts_marks_a_curated_fact_the_text_does_not_say() {
    let dir = tempdir();
    write(
        dir.path(),
        "wrong.json",
        r#"{"title": "Grants", "body": "The fund gave $10 million to schools.",
            "facts": [{"label": "Grant", "value": "$12 million"}, {"label": "Given", "value": "$10 million"}]}"#,
    );
    let out = in_dir(dir.path(), &["--facts", "wrong"]).ok().plain();
    assert_contains(
        &out.stdout,
        "Grant: $12 million (12000000 USD) (unverified)",
    );
    assert_contains(&out.stdout, "Given: $10 million (10000000 USD)\n");
    let json = in_dir(dir.path(), &["--facts", "wrong", "--json"])
        .ok()
        .plain();
    let facts = parse_json(&json.stdout);
    assert_eq!(facts[0]["verified"], false);
    assert_eq!(facts[1]["verified"], true);
    assert_eq!(
        facts[1]["evidence"]["sentence_text"],
        "The fund gave $10 million to schools."
    );
}

#[test]
fn facts_of_the_japanese_article_are_all_borne_out() {
    // Japanese has no spaces between words: its hand-written facts are found
    // in its text all the same.
    let out = in_repo(&["--facts", JA_ID]).ok().plain();
    assert_contains(&out.stdout, "日本への投資総額: 29億ドル");
    assert!(!out.stdout.contains("unverified"), "{}", out.stdout);
}

/// `gogai --list | head -1` and the like: when the reader of standard
/// output has gone, every output mode stops quietly; no panic (exit 101),
/// no message about the pipe.
#[test]
fn every_output_mode_stops_quietly_on_a_closed_pipe() {
    let dir = folder(&[("a-one", "First story"), ("b-two", "Second story")]);
    let state = tempdir();
    let config = state.path().join("config/gogai");
    std::fs::create_dir_all(&config).expect("config folder");
    write(
        &config,
        "feeds",
        "https://example.org/a.xml news\nhttps://example.org/b.xml \"~B\"\n",
    );
    let opml = write(
        state.path(),
        "list.opml",
        r#"<opml version="2.0"><body><outline type="rss" xmlUrl="https://example.org/c.xml"/></body></opml>"#,
    );
    let modes: &[&[&str]] = &[
        &["--list"],
        &["--list", "--json"],
        &["--print", "a-one"],
        &["--facts", "--json", "a-one"],
        &["--check"],
        &["--export"],
        &["--feeds"],
        &["--feeds", "--json"],
        &["--export-opml"],
        &["--subscribe", "https://example.org/d.xml"],
        &["--unsubscribe", "https://example.org/d.xml"],
        &["--import-opml", opml.to_str().expect("UTF-8 path")],
        &["--import", "--dry-run", "https://example.org/"],
        &["--help"],
        &["--version"],
    ];
    for args in modes {
        let mut child = gogai(state.path())
            .arg("--dir")
            .arg(dir.path())
            .args(*args)
            .env("GOGAI_FETCH_TIMEOUT", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gogai");
        // Closing the read end before gogai writes: its first write fails
        // with a broken pipe, as when `head` has read what it wanted.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for gogai");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked:\n{stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.to_lowercase().contains("broken pipe"),
            "{args:?} said:\n{stderr}"
        );
    }
}

/// `--facts --json ID` and `--print --width 40 ID` read as the same flags
/// in the other order do; the article is named once.
#[test]
fn print_and_facts_take_their_article_before_or_after_other_flags() {
    let before = in_repo(&["--facts", "--json", EN_ID]).ok();
    let after = in_repo(&["--facts", EN_ID, "--json"]).ok();
    assert_eq!(before.stdout, after.stdout);
    assert!(parse_json(&before.stdout).is_array());
    let before = in_repo(&["--print", "--width", "40", EN_ID]).ok();
    let after = in_repo(&["--print", EN_ID, "--width", "40"]).ok();
    assert_eq!(before.stdout, after.stdout);
    assert!(before.stdout.starts_with("Microsoft Invests"));
    let none = in_repo(&["--facts", "--json"]).code(2);
    assert!(
        none.stderr.contains("--facts needs an ARTICLE"),
        "{}",
        none.stderr
    );
    let two = in_repo(&["--facts", EN_ID, JA_ID]).code(2);
    assert!(
        two.stderr.contains("--facts prints one ARTICLE"),
        "{}",
        two.stderr
    );
}

/// Completion scripts and the manual page come from the argument
/// definitions, so every flag is in them; the bash script is valid bash.
#[test]
fn completions_and_the_manual_page_name_every_flag() {
    for shell in ["bash", "zsh", "fish"] {
        let state = tempdir();
        let out = run(gogai(state.path()).args(["--completions", shell])).ok();
        // fish writes `-l facts` where the others write `--facts`.
        for flag in ["facts", "subscribe", "export-opml", "completions"] {
            assert!(out.stdout.contains(flag), "{shell} script lacks {flag}");
        }
        if shell == "bash" {
            let dir = tempdir();
            let script = write(dir.path(), "gogai.bash", &out.stdout);
            let status = Command::new("bash")
                .arg("-n")
                .arg(&script)
                .status()
                .expect("run bash -n");
            assert!(status.success(), "bash cannot read the script");
        }
    }
    let state = tempdir();
    let man = run(gogai(state.path()).arg("--man")).ok();
    assert!(man.stdout.starts_with(".ie") || man.stdout.contains(".TH gogai"));
    assert!(
        man.stdout.contains("\\-\\-import\\-opml"),
        "{}",
        &man.stdout[..400]
    );
    let mixed = in_repo(&["--man", "--list"]).code(2);
    assert!(
        mixed.stderr.contains("cannot be used with"),
        "{}",
        mixed.stderr
    );
}

/// The log file: quiet by default (nothing written when nothing went
/// wrong), a failed feed logged with its URL, `GOGAI_LOG=info` adds the
/// refresh's timing, and nothing of it reaches the terminal.
#[test]
fn the_log_file_keeps_what_went_wrong_and_only_that_by_default() {
    let state = tempdir();
    let log = state.path().join("gogai.log");
    let listed = run(gogai(state.path())
        .args(["--dir", REPO_ARTICLES, "--list"])
        .env("GOGAI_LOG_FILE", &log))
    .ok();
    assert!(!listed.stderr.contains("WARN"));
    assert!(!log.exists(), "a run with nothing to say wrote a log");

    let config = state.path().join("config/gogai");
    std::fs::create_dir_all(&config).expect("config folder");
    // Port 9 (discard) on loopback: nothing listens, the fetch fails at once.
    write(&config, "feeds", "http://127.0.0.1:9/gone.xml\n");
    let folder = tempdir();
    let mut update = gogai(state.path());
    update
        .arg("--dir")
        .arg(folder.path())
        .arg("--update")
        .env("GOGAI_LOG_FILE", &log)
        .env("GOGAI_LOG", "info");
    let updated = run(&mut update).code(1);
    assert!(!updated.stderr.contains("WARN"), "{}", updated.stderr);
    let text = std::fs::read_to_string(&log).expect("the log was written");
    assert!(
        text.lines()
            .any(|l| l.contains("WARN") && l.contains("http://127.0.0.1:9/gone.xml")),
        "{text}"
    );
    assert!(text.contains("refreshed 1 feeds"), "{text}");
}

/// An article given by path need not be in gogai's own format: the seed
/// as the user gave it (plain text), a Markdown note or a feed file are
/// read as `--import` would read them, shown, and written nowhere.
#[test]
fn an_article_file_in_another_format_is_read_as_import_reads_it() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed/000_b30f95c428f09b0a.txt"
    );
    let printed = in_repo(&["--print", seed]).ok().plain();
    assert!(printed.stdout.starts_with(EN_TITLE), "{}", printed.stdout);
    let facts = in_repo(&["--facts", seed]).ok();
    assert!(facts.stdout.contains("$2.9 billion"), "{}", facts.stdout);
    assert!(facts.stdout.contains("Brad Smith"), "{}", facts.stdout);

    let dir = tempdir();
    let note = write(
        dir.path(),
        "note.md",
        "# Harbour wall finished\n\nThe council said the wall cost £4 million.\n",
    );
    let out = in_dir(dir.path(), &["--print", note.to_str().expect("UTF-8")]).ok();
    assert!(
        out.stdout.starts_with("Harbour wall finished"),
        "{}",
        out.stdout
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing was written beside it: {names:?}");

    // A JSON Feed is `.json` too: not gogai's format, but one --import reads.
    let feed = write(
        dir.path(),
        "feed.json",
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Harbour news",
            "items": [
              {"id": "1", "title": "Ferry timetable changes", "content_text": "The ferry leaves at 7."},
              {"id": "2", "title": "Market moves indoors", "content_text": "Stalls open on Friday."}
            ]}"#,
    );
    let out = in_dir(dir.path(), &["--print", feed.to_str().expect("UTF-8")]).ok();
    assert!(
        out.stdout.starts_with("Ferry timetable changes")
            || out.stdout.starts_with("Market moves indoors"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Harbour news"), "{}", out.stdout);
    let bad = write(dir.path(), "bad.json", r#"{"title": 5}"#);
    let out = in_dir(dir.path(), &["--print", bad.to_str().expect("UTF-8")]).code(2);
    assert!(out.stderr.contains("bad.json"), "{}", out.stderr);

    let junk = write(dir.path(), "noise.bin", [0u8, 159, 146, 150, 0, 1, 2, 3]);
    let out = in_dir(dir.path(), &["--print", junk.to_str().expect("UTF-8")]).code(2);
    assert!(out.stderr.contains("noise.bin"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}
