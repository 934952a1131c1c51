//! What gogai remembers between runs, as a user relies on it: marks and the
//! session come back from the store, an older gogai's state file is
//! migrated once and kept, damaged or foreign stores are kept aside, two
//! gogai processes on one store never lose each other's marks, a kill -9
//! mid-save loses nothing committed, and marks of articles long gone are
//! pruned with a backup.
//!
//! What the store holds is read back the way a user can: `ReadState::load`
//! (what the reader shows), `ReadState::export` (`gogai --export`), and,
//! for what only SQLite tools show (the pruned backup, the file's
//! identity, its integrity), the documented schema through rusqlite.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gogai::store::state::{self, JobError, PRUNE_AFTER, ReadState, Session, StateError};
use proptest::prelude::*;
use rusqlite::Connection;
use tempfile::TempDir;

// ---------------------------------------------------------------- helpers

const DAY: u64 = 24 * 60 * 60;

/// gogai's `PRAGMA application_id` ("goga"), as docs/STORE.md gives it.
const GOGAI_APPLICATION_ID: i32 = 0x676f_6761;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// A temporary folder and the store's path in it.
fn store_file() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.sqlite");
    (dir, path)
}

/// Loads `path`, which must load without a notice.
fn load(path: &Path) -> ReadState {
    let loaded = ReadState::load(path).expect("load");
    assert_eq!(loaded.notice, None);
    loaded.state
}

fn save(state: &mut ReadState, path: &Path) {
    assert_eq!(state.save(path).expect("save"), None);
}

/// What `gogai --export` prints for the store at `path`.
fn exported(path: &Path) -> serde_json::Value {
    let exported = ReadState::export(path).expect("export");
    serde_json::from_str(&exported.json).expect("the export is JSON")
}

/// The ids the store holds marks for, sorted.
fn stored_ids(path: &Path) -> Vec<String> {
    let json = exported(path);
    let articles = json["articles"].as_object().expect("articles object");
    articles.keys().cloned().collect()
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

/// The one file set aside in `dir` (`<prefix>.corrupt-…`, not its side
/// files), and its bytes.
fn set_aside(dir: &Path, prefix: &str) -> (PathBuf, Vec<u8>) {
    let aside: Vec<String> = listing(dir)
        .into_iter()
        .filter(|n| {
            n.starts_with(&format!("{prefix}.corrupt-"))
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", listing(dir));
    let path = dir.join(&aside[0]);
    let bytes = std::fs::read(&path).expect("read set-aside file");
    (path, bytes)
}

/// A connection of our own to the store, as the sqlite3 shell would open it.
fn sql(path: &Path) -> Connection {
    Connection::open(path).expect("open the store with SQLite")
}

fn session() -> Session {
    Session {
        article: Some("tokyo-2024".into()),
        reading: true,
        paragraph: 7,
        sort: Some("title".into()),
        sidebar: Some(false),
        unread_only: Some(true),
        one_line: Some(true),
        folders: std::collections::BTreeMap::from([(
            "/home/reader/news".to_owned(),
            gogai::store::state::FolderView {
                sort: Some("oldest".into()),
                unread_only: Some(false),
                one_line: None,
            },
        )]),
    }
}

// ------------------------------------------------------------- round trip

#[test]
fn read_starred_and_session_come_back() {
    let (_dir, path) = store_file();
    let mut state = ReadState::default();
    assert!(state.set_read("a", true));
    assert!(!state.set_read("a", true), "already read");
    assert!(state.set_starred("b", true));
    assert!(!state.set_starred("b", true), "already starred");
    assert!(state.set_read("c", true) && state.set_starred("c", true));
    assert!(state.set_session(session()));
    assert!(!state.set_session(session()), "same session");
    save(&mut state, &path);

    let loaded = load(&path);
    assert_eq!(loaded, state);
    assert!(loaded.is_read("a") && !loaded.is_starred("a"));
    assert!(!loaded.is_read("b") && loaded.is_starred("b"));
    assert!(loaded.is_read("c") && loaded.is_starred("c"));
    assert_eq!((loaded.read_count(), loaded.starred_count()), (2, 2));
    assert_eq!(loaded.session(), &session());
    assert!(!loaded.has_unsaved_changes());
}

#[test]
fn ids_with_no_mark_are_not_stored() {
    let (_dir, path) = store_file();
    let mut state = ReadState::default();
    state.set_read("read-then-unread", true);
    state.set_read("read-then-unread", false);
    state.set_starred("both", true);
    state.set_read("both", true);
    state.set_starred("both", false);
    state.set_read("starred-only", true);
    state.set_starred("starred-only", true);
    state.set_read("starred-only", false);
    save(&mut state, &path);
    assert_eq!(stored_ids(&path), ["both", "starred-only"]);
    assert_eq!((state.read_count(), state.starred_count()), (1, 1));
    assert_eq!(load(&path), state);
}

#[test]
fn the_store_is_a_wal_sqlite_file_marked_as_gogais() {
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    state.set_read("x", true);
    save(&mut state, &path);
    let db = sql(&path);
    let pragma = |name: &str| -> String {
        db.pragma_query_value(None, name, |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .expect("pragma")
    };
    assert_eq!(
        pragma("application_id"),
        format!("Integer({GOGAI_APPLICATION_ID})")
    );
    assert_eq!(pragma("user_version"), "Integer(2)");
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names");
    assert_eq!(tables, ["feeds", "fetched", "marks", "pruned", "session"]);
    drop(db);
    // Nothing else is left beside it once every connection is closed but
    // the lock file that guarded its creation.
    assert_eq!(listing(dir.path()), ["state.sqlite", "state.sqlite.lock"]);
}

#[test]
fn a_store_whose_creation_was_cut_short_is_made_again_and_the_leftovers_go() {
    let (dir, path) = store_file();
    // What a gogai killed while building the store leaves: a half-built
    // file under its temporary name, and its log.
    std::fs::write(
        dir.path().join("state.sqlite.new-99999"),
        b"SQLite format 3\0half",
    )
    .expect("w");
    std::fs::write(dir.path().join("state.sqlite.new-99999-wal"), b"log").expect("w");
    store_with_a_mark(&path);
    assert_eq!(listing(dir.path()), ["state.sqlite", "state.sqlite.lock"]);
    assert!(load(&path).is_read("before"));
}

#[test]
fn the_export_is_a_version_2_state_file_with_feeds() {
    let (_dir, path) = store_file();
    let folder = state::folder_key(Path::new("/articles/here"));
    let mut state = ReadState::default();
    let _ = state.touch_seen(folder, [], now());
    for id in ["zeta", "alpha", "mid"] {
        state.set_read(id, true);
    }
    state.set_starred("mid", true);
    state.set_session(session());
    save(&mut state, &path);
    let json = exported(&path);
    assert_eq!(json["version"], 2);
    assert_eq!(stored_ids(&path), ["alpha", "mid", "zeta"]);
    assert_eq!(json["articles"]["mid"]["read"], true);
    assert_eq!(json["articles"]["mid"]["starred"], true);
    assert_eq!(json["articles"]["alpha"].get("starred"), None);
    assert_eq!(json["articles"]["alpha"]["folder"], folder);
    assert!(
        json["articles"]["mid"]["seen"]
            .as_u64()
            .is_some_and(|s| s + DAY > now())
    );
    assert_eq!(json["session"]["article"], "tokyo-2024");
    assert_eq!(json["session"]["paragraph"], 7);
    assert_eq!(json["feeds"], serde_json::json!([]));
}

#[test]
fn a_hundred_thousand_marks_stay_small() {
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    for n in 0..100_000 {
        state.set_read(&format!("article-{n:06}"), true);
    }
    save(&mut state, &path);
    let size: u64 = listing(dir.path())
        .iter()
        .map(|n| std::fs::metadata(dir.path().join(n)).expect("stat").len())
        .sum();
    assert!(size < 5_000_000, "{size} bytes");
    let loaded = load(&path);
    assert_eq!(loaded.read_count(), 100_000);
    assert!(loaded.is_read("article-099999"));
}

// -------------------------------------------------------------- migration

/// The other entries of `dir` than the store and its lock file.
fn others(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n != "state.sqlite" && n != "state.sqlite.lock")
        .collect()
}

#[test]
fn a_version_1_state_json_beside_is_migrated_once_and_kept() {
    let (dir, path) = store_file();
    let old = dir.path().join("state.json");
    let bytes = br#"{"version": 1, "read": ["x", "y"]}"#;
    std::fs::write(&old, bytes).expect("write");
    // `--list` before the first run reads it, and changes nothing.
    assert!(ReadState::peek(&path).is_read("x"));
    assert_eq!(listing(dir.path()), ["state.json"]);

    let loaded = ReadState::load(&path).expect("load");
    let notice = loaded.notice.expect("the user is told");
    assert!(notice.contains("2 marks imported"), "{notice}");
    assert!(notice.contains("state.json.migrated"), "{notice}");
    let state = loaded.state;
    assert!(state.is_read("x") && state.is_read("y") && !state.is_starred("x"));
    assert_eq!(state.session(), &Session::default());
    assert_eq!(others(dir.path()), ["state.json.migrated"]);
    assert_eq!(
        std::fs::read(dir.path().join("state.json.migrated")).expect("kept"),
        bytes
    );
    // Once: the next load says nothing and reads the store.
    assert_eq!(load(&path), state);
}

#[test]
fn a_version_2_state_json_is_migrated_with_its_pending_files() {
    let (dir, path) = store_file();
    let folder = state::folder_key(Path::new("/articles/here"));
    let v2 = serde_json::json!({
        "version": 2,
        "articles": {
            "read": {"read": true, "seen": 1_700_000_000, "folder": folder},
            "both": {"read": true, "starred": true, "seen": 1_700_000_001},
        },
        "session": {"article": "read", "sort": "title"},
    });
    std::fs::write(dir.path().join("state.json"), v2.to_string()).expect("write");
    // A run of the older gogai that could not take its lock left this.
    let pending = r#"{"pending":1,"changes":{"late":{"starred":true,"seen":1700000002},"both":{"read":false,"seen":1700000003}}}"#;
    let pending_name = "state.json.pending-00000000000000000001-42";
    std::fs::write(dir.path().join(pending_name), pending).expect("write");
    // And its backup of what it pruned.
    let pruned = r#"{"id":"long-gone","read":true,"seen":1600000000,"pruned":1700000000}"#;
    std::fs::write(dir.path().join("state.json.pruned"), format!("{pruned}\n")).expect("write");

    let loaded = ReadState::load(&path).expect("load");
    assert!(loaded.notice.is_some());
    let state = loaded.state;
    assert!(state.is_read("read"));
    assert!(state.is_starred("late"), "the pending file's star");
    assert!(
        !state.is_read("both") && state.is_starred("both"),
        "the pending file's change is applied over the file"
    );
    assert_eq!(state.session().sort.as_deref(), Some("title"));
    let json = exported(&path);
    assert_eq!(json["articles"]["read"]["seen"], 1_700_000_000);
    assert_eq!(json["articles"]["read"]["folder"], folder);
    assert_eq!(
        pruned_rows(&path),
        [("long-gone".to_owned(), true, 1_700_000_000)],
        "the backup of pruned marks is in the store's"
    );
    assert_eq!(
        others(dir.path()),
        [
            "state.json.migrated".to_owned(),
            format!("{pending_name}.migrated"),
            "state.json.pruned.migrated".to_owned(),
        ]
    );
}

#[test]
fn a_state_option_naming_a_json_file_migrates_that_file_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("my-marks.json");
    let bytes = br#"{"version":2,"articles":{"kept":{"read":true,"seen":5}},"session":{}}"#;
    std::fs::write(&path, bytes).expect("write");
    let loaded = ReadState::load(&path).expect("load");
    let notice = loaded.notice.expect("a notice");
    assert!(notice.contains("my-marks.json.migrated"), "{notice}");
    assert!(loaded.state.is_read("kept"));
    assert_eq!(
        &std::fs::read(&path).expect("the store")[..16],
        b"SQLite format 3\0",
        "the path now holds the store"
    );
    assert_eq!(
        std::fs::read(dir.path().join("my-marks.json.migrated")).expect("kept"),
        bytes
    );
    assert!(load(&path).is_read("kept"));
}

#[test]
fn an_export_read_back_through_the_state_option_restores_everything() {
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    state.set_read("a", true);
    state.set_starred("b", true);
    state.set_session(session());
    save(&mut state, &path);
    let export = ReadState::export(&path).expect("export").json;
    let elsewhere = dir.path().join("moved").join("backup.json");
    std::fs::create_dir_all(elsewhere.parent().expect("folder")).expect("mkdir");
    std::fs::write(&elsewhere, &export).expect("write the export");
    let restored = ReadState::load(&elsewhere).expect("load").state;
    assert_eq!(restored, state);
    assert_eq!(ReadState::export(&elsewhere).expect("export").json, export);
}

#[test]
fn an_older_state_file_that_cannot_be_migrated_now_is_still_read() {
    let (dir, path) = store_file();
    std::fs::write(
        dir.path().join("state.json"),
        r#"{"version":1,"read":["x"]}"#,
    )
    .expect("write");
    // Something where the store's lock file goes: no store can be made.
    let obstacle = dir.path().join("state.sqlite.lock");
    std::fs::create_dir(&obstacle).expect("mkdir");
    let loaded = ReadState::load(&path).expect("the marks are read all the same");
    assert!(loaded.state.is_read("x"));
    let notice = loaded.notice.expect("the user is told");
    assert!(notice.contains("cannot write the state file"), "{notice}");
    assert!(notice.ends_with("read as it is for now"), "{notice}");
    assert!(dir.path().join("state.json").exists(), "not migrated");

    std::fs::remove_dir(&obstacle).expect("clear the way");
    let loaded = ReadState::load(&path).expect("load");
    assert!(loaded.notice.is_some_and(|n| n.contains("1 mark imported")));
    assert!(loaded.state.is_read("x"));
}

#[test]
fn a_corrupt_state_json_beside_is_kept_aside_and_the_reader_starts_afresh() {
    let (dir, path) = store_file();
    let bytes = br#"{"version":2,"articles":{"a":{"read":1}}}"#;
    std::fs::write(dir.path().join("state.json"), bytes).expect("write");
    let loaded = ReadState::load(&path).expect("load");
    assert_eq!(loaded.state.read_count(), 0);
    let notice = loaded.notice.expect("a notice");
    assert!(notice.contains("an unreadable state file ("), "{notice}");
    assert!(notice.contains("started afresh"), "{notice}");
    assert_eq!(set_aside(dir.path(), "state.json").1, bytes);
}

#[test]
fn an_older_schema_is_brought_up_to_date() {
    let (_dir, path) = store_file();
    // A store of gogai's that has no tables yet: schema version 0.
    let db = sql(&path);
    db.pragma_update(None, "application_id", GOGAI_APPLICATION_ID)
        .expect("id");
    drop(db);
    let mut state = load(&path);
    state.set_read("x", true);
    save(&mut state, &path);
    assert!(load(&path).is_read("x"));
    let version: i64 = sql(&path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, 2);
}

// ------------------------------------------------------------ damage

/// Writes one mark into a new store at `path`.
fn store_with_a_mark(path: &Path) {
    let mut state = ReadState::default();
    state.set_read("before", true);
    save(&mut state, path);
}

/// Loads `path`, which must be set aside: returns the notice, after
/// checking that the file kept aside holds `bytes`.
fn load_set_aside(dir: &Path, path: &Path, bytes: &[u8]) -> String {
    let loaded = ReadState::load(path).expect("a bad store is not an error");
    assert_eq!(loaded.state.read_count(), 0);
    let notice = loaded.notice.expect("a notice");
    assert!(notice.starts_with(&path.display().to_string()), "{notice}");
    assert!(notice.ends_with("and started afresh"), "{notice}");
    let (aside, kept) = set_aside(dir, "state.sqlite");
    assert!(notice.contains(&aside.display().to_string()), "{notice}");
    assert_eq!(kept, bytes, "the file kept aside is the one found");
    notice
}

#[test]
fn a_file_that_is_no_database_is_kept_aside_at_load() {
    for (bytes, why) in [
        (&b"\x00\xffgarbage{"[..], "not a SQLite database"),
        (b"", "an empty file"),
        (
            br#"{"version":2,"articles":{"a":{"re"#,
            "an unreadable state file (",
        ),
        (b"{}", "an unreadable state file ("),
        (
            br#"{"version":2,"articles":{"a":{"read":"yes"}}}"#,
            "an unreadable state file (",
        ),
        (br#"{"version":"2"}"#, "an unreadable state file ("),
        (
            br#"{"version":3,"articles":{}}"#,
            "written by a newer gogai (version 3)",
        ),
    ] {
        let (dir, path) = store_file();
        std::fs::write(&path, bytes).expect("write");
        let notice = load_set_aside(dir.path(), &path, bytes);
        assert!(notice.contains(why), "{notice}");
    }
}

#[test]
fn a_damaged_store_is_kept_aside() {
    let (dir, path) = store_file();
    store_with_a_mark(&path);
    // Every page after the header overwritten: the schema cannot be read.
    let mut bytes = std::fs::read(&path).expect("read");
    for b in &mut bytes[100..] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).expect("damage");
    let notice = load_set_aside(dir.path(), &path, &bytes);
    assert!(notice.contains(": damaged ("), "{notice}");
}

#[test]
fn a_store_set_aside_takes_its_side_files_along() {
    let (dir, path) = store_file();
    std::fs::write(&path, b"no database").expect("write");
    std::fs::write(dir.path().join("state.sqlite-wal"), b"its log").expect("wal");
    std::fs::write(dir.path().join("state.sqlite-shm"), b"its index").expect("shm");
    load_set_aside(dir.path(), &path, b"no database");
    let (aside, _) = set_aside(dir.path(), "state.sqlite");
    for (side, bytes) in [("-wal", &b"its log"[..]), ("-shm", b"its index")] {
        let mut name = aside.clone().into_os_string();
        name.push(side);
        assert_eq!(std::fs::read(&name).expect("moved along"), bytes, "{side}");
        assert!(!dir.path().join(format!("state.sqlite{side}")).exists());
    }
}

#[test]
fn a_store_cut_short_is_kept_aside() {
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    for n in 0..2000 {
        state.set_read(&format!("article-{n:05}"), true);
    }
    save(&mut state, &path);
    let whole = std::fs::read(&path).expect("read");
    let cut = &whole[..4096];
    std::fs::write(&path, cut).expect("truncate");
    let notice = load_set_aside(dir.path(), &path, cut);
    assert!(notice.contains(": damaged ("), "{notice}");
}

#[test]
fn another_programs_database_is_kept_aside() {
    let (dir, path) = store_file();
    let db = sql(&path);
    db.execute_batch("PRAGMA application_id = 1234; CREATE TABLE notes (text TEXT);")
        .expect("someone else's database");
    drop(db);
    let bytes = std::fs::read(&path).expect("read");
    let notice = load_set_aside(dir.path(), &path, &bytes);
    assert!(
        notice.contains("a SQLite database of another program (application_id 0x000004d2)"),
        "{notice}"
    );
}

#[test]
fn a_store_from_a_newer_gogai_is_kept_aside() {
    let (dir, path) = store_file();
    store_with_a_mark(&path);
    sql(&path)
        .pragma_update(None, "user_version", 9)
        .expect("a newer gogai");
    let bytes = std::fs::read(&path).expect("read");
    let notice = load_set_aside(dir.path(), &path, &bytes);
    assert!(
        notice.contains("written by a newer gogai (store schema version 9)"),
        "{notice}"
    );
}

#[test]
fn a_store_damaged_between_load_and_save_is_kept_aside_and_ours_written() {
    let (dir, path) = store_file();
    store_with_a_mark(&path);
    let mut state = load(&path);
    std::fs::write(&path, b"not a database any more").expect("damage");
    state.set_read("after", true);
    let notice = state.save(&path).expect("save").expect("a notice");
    let (aside, kept) = set_aside(dir.path(), "state.sqlite");
    assert_eq!(
        kept, b"not a database any more",
        "the damaged file is not lost"
    );
    assert!(notice.starts_with(&path.display().to_string()), "{notice}");
    assert!(notice.contains(&aside.display().to_string()), "{notice}");
    assert!(
        notice.contains("saved this session's marks instead"),
        "{notice}"
    );
    let saved = load(&path);
    assert!(saved.is_read("before") && saved.is_read("after"));
}

#[test]
fn a_save_job_leaves_a_store_gone_bad_for_a_whole_save() {
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    state.set_read("a", true);
    save(&mut state, &path);
    std::fs::write(&path, b"{\"version\":2,\"arti").expect("truncate");
    state.set_read("b", true);
    let job = state.take_job().expect("changes to save");
    assert!(matches!(job.write_job(&path), Err(JobError::NeedsWhole)));
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        b"{\"version\":2,\"arti",
        "the job touched nothing"
    );
    state.give_back(job);
    let notice = state.save(&path).expect("whole save");
    assert!(notice.is_some(), "the user is told the store was set aside");
    let back = ReadState::load(&path).expect("loads").state;
    assert!(back.is_read("a") && back.is_read("b"));
    assert!(listing(dir.path()).iter().any(|n| n.contains("corrupt")));
}

// ---------------------------------------------------------------- peek

#[test]
fn peek_and_export_never_create_or_change_anything() {
    let (dir, path) = store_file();
    assert_eq!(ReadState::peek(&path).read_count(), 0);
    let empty = ReadState::export(&path).expect("export");
    assert!(!empty.found);
    assert_eq!(listing(dir.path()), Vec::<String>::new(), "nothing created");

    store_with_a_mark(&path);
    let before = listing(dir.path());
    let bytes = std::fs::read(&path).expect("read");
    assert!(ReadState::peek(&path).is_read("before"));
    assert!(ReadState::export(&path).expect("export").found);
    assert_eq!(listing(dir.path()), before);
    assert_eq!(std::fs::read(&path).expect("read"), bytes);

    for bad in [
        &b"{truncated"[..],
        br#"{"version":3,"articles":{}}"#,
        b"\x01\x02",
    ] {
        std::fs::write(&path, bad).expect("write");
        assert_eq!(ReadState::peek(&path).read_count(), 0);
        let err = ReadState::export(&path).expect_err("no export of a bad store");
        assert!(matches!(err, StateError::Read { .. }), "{err:?}");
        assert_eq!(std::fs::read(&path).expect("read"), bad);
        assert_eq!(listing(dir.path()), before, "nothing set aside");
    }
}

// ----------------------------------------------------------------- errors

#[test]
fn save_where_no_folder_can_be_made_is_a_write_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").expect("write");
    let path = blocker.join("state.sqlite");
    let mut state = ReadState::default();
    state.set_read("kept", true);
    let err = state.save(&path).expect_err("cannot save");
    assert!(matches!(err, StateError::Write { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );
    assert!(state.has_unsaved_changes(), "nothing is forgotten");

    // Once the way is clear, the next save writes what the failed one could not.
    std::fs::remove_file(&blocker).expect("remove");
    save(&mut state, &path);
    assert!(load(&path).is_read("kept"));
}

#[cfg(unix)]
#[test]
fn save_into_a_read_only_folder_is_a_write_error_and_the_marks_still_load() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    state.set_read("saved", true);
    save(&mut state, &path);
    // Read-only; and since root writes through permissions (as CI runs),
    // a folder where SQLite's write-ahead log goes, which stops root too.
    let wal = dir.path().join("state.sqlite-wal");
    std::fs::create_dir(&wal).expect("a folder at the log's name");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    state.set_read("a", true);
    let err = state.save(&path).expect_err("cannot save");
    let reloaded = ReadState::load(&path);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert!(matches!(err, StateError::Write { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("is the folder writable?"), "{message}");
    assert!(state.has_unsaved_changes(), "nothing is forgotten");
    // The reader still starts with the marks it had.
    let reloaded = reloaded.expect("loads read-only").state;
    assert!(reloaded.is_read("saved") && !reloaded.is_read("a"));

    std::fs::remove_dir(&wal).expect("clear the way");
    save(&mut state, &path);
    assert!(load(&path).is_read("a"));
}

#[test]
fn a_state_path_that_is_a_folder_is_an_error_and_left_alone() {
    let (dir, path) = store_file();
    std::fs::create_dir(&path).expect("a folder where the file should be");
    let err = ReadState::load(&path).expect_err("cannot load");
    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with(&path.display().to_string()) && message.contains("folder"),
        "{message}"
    );

    let mut state = ReadState::default();
    state.set_read("a", true);
    let err = state.save(&path).expect_err("cannot save over it");
    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    assert!(path.is_dir());
    assert!(!listing(dir.path()).iter().any(|n| n.contains("corrupt")));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_at_the_state_path_is_an_error_not_a_wait() {
    let (_dir, path) = store_file();
    let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(made.success());
    let err = ReadState::load(&path).expect_err("a pipe is no store");
    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("state.sqlite") && message.contains("named pipe"),
        "{message}"
    );
    assert_eq!(ReadState::peek(&path), ReadState::default());
}

#[cfg(unix)]
#[test]
fn a_symlinked_store_is_written_through_the_link() {
    let (dir, path) = store_file();
    let target = dir.path().join("kept").join("real.sqlite");
    std::fs::create_dir_all(target.parent().expect("folder")).expect("mkdir");
    std::os::unix::fs::symlink(&target, &path).expect("symlink");
    let mut state = ReadState::default();
    state.set_read("x", true);
    save(&mut state, &path);
    state.set_read("y", true);
    save(&mut state, &path);
    assert!(
        std::fs::symlink_metadata(&path)
            .expect("stat")
            .file_type()
            .is_symlink()
    );
    let through_target = load(&target);
    assert!(through_target.is_read("x") && through_target.is_read("y"));
}

// ------------------------------------------------------------------ merge

/// A store holding these read ids, and two states loaded from it.
fn two_readers(read: &[&str]) -> (TempDir, PathBuf, ReadState, ReadState) {
    let (dir, path) = store_file();
    let mut state = ReadState::default();
    for id in read {
        state.set_read(id, true);
    }
    save(&mut state, &path);
    let (a, b) = (load(&path), load(&path));
    (dir, path, a, b)
}

#[test]
fn two_readers_keep_each_others_marks_in_either_order() {
    for a_first in [true, false] {
        let (_dir, path, mut a, mut b) = two_readers(&["u", "w"]);
        a.set_read("x", true);
        a.set_starred("y", true);
        b.set_read("z", true);
        b.set_read("u", false);
        if a_first {
            save(&mut a, &path);
            save(&mut b, &path);
        } else {
            save(&mut b, &path);
            save(&mut a, &path);
        }
        let merged = load(&path);
        assert!(merged.is_read("x"), "a_first={a_first}");
        assert!(merged.is_starred("y"), "a_first={a_first}");
        assert!(merged.is_read("z"), "a_first={a_first}");
        assert!(!merged.is_read("u"), "a_first={a_first}");
        assert!(merged.is_read("w"), "untouched: a_first={a_first}");
        assert_eq!(stored_ids(&path), ["w", "x", "y", "z"]);
    }
}

#[test]
fn a_change_wins_only_for_the_ids_it_changed() {
    let (_dir, path, _, mut b) = two_readers(&[]);
    b.set_read("x", true);
    save(&mut b, &path);
    let mut a = load(&path);
    b.set_read("v", true);
    save(&mut b, &path);
    assert!(a.set_read("x", false));
    save(&mut a, &path);
    let merged = load(&path);
    assert!(!merged.is_read("x"), "A un-read x after B read it");
    assert!(merged.is_read("v"), "A did not touch v");
    // A's own view is its own: it does not take in B's mark.
    assert!(!a.is_read("v"));
}

#[test]
fn a_mark_changed_back_is_no_change() {
    let (_dir, path, mut a, mut b) = two_readers(&[]);
    a.set_read("x", true);
    a.set_read("x", false);
    b.set_read("x", true);
    save(&mut b, &path);
    save(&mut a, &path);
    assert!(load(&path).is_read("x"));
}

#[test]
fn the_read_and_starred_flags_merge_separately() {
    let (_dir, path, mut a, mut b) = two_readers(&["x"]);
    a.set_starred("x", true);
    b.set_read("x", false);
    save(&mut a, &path);
    save(&mut b, &path);
    let merged = load(&path);
    assert!(merged.is_starred("x") && !merged.is_read("x"));
}

#[test]
fn the_session_is_replaced_only_by_one_that_changed() {
    let (_dir, path, mut a, mut b) = two_readers(&[]);
    a.set_session(session());
    save(&mut a, &path);
    b.set_read("z", true);
    save(&mut b, &path);
    assert_eq!(load(&path).session(), &session());

    let other = Session {
        article: Some("z".into()),
        ..Session::default()
    };
    b.set_session(other.clone());
    save(&mut b, &path);
    assert_eq!(load(&path).session(), &other);
}

#[test]
fn saving_twice_saves_only_new_changes() {
    let (_dir, path, mut a, mut b) = two_readers(&[]);
    a.set_read("x", true);
    save(&mut a, &path);
    assert!(!a.has_unsaved_changes());
    b.set_read("x", false); // B had never seen x read: no change for B.
    b.set_starred("x", true);
    save(&mut b, &path);
    // A saves again with nothing new: B's star stays.
    save(&mut a, &path);
    let merged = load(&path);
    assert!(merged.is_read("x") && merged.is_starred("x"));
}

#[test]
fn two_threads_with_their_own_connections_keep_every_mark() {
    let (_dir, path) = store_file();
    store_with_a_mark(&path);
    let threads: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|side| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut state = load(&path);
                for n in 0..100 {
                    state.set_read(&format!("{side}-{n}"), true);
                    // The same ids from both: one reads, the other stars.
                    if side == "left" {
                        state.set_read(&format!("shared-{n}"), true);
                    } else {
                        state.set_starred(&format!("shared-{n}"), true);
                    }
                    save(&mut state, &path);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a thread saved all its marks");
    }
    let merged = load(&path);
    for n in 0..100 {
        assert!(merged.is_read(&format!("left-{n}")), "left-{n}");
        assert!(merged.is_read(&format!("right-{n}")), "right-{n}");
        let shared = format!("shared-{n}");
        assert!(
            merged.is_read(&shared) && merged.is_starred(&shared),
            "{shared}"
        );
    }
    assert_eq!(merged.read_count(), 301);
}

// ------------------------------------------------------------------ prune

/// The folder key of the article folder in these tests.
fn here() -> u64 {
    state::folder_key(Path::new("/articles/here"))
}

/// A store of read marks, `(id, days since seen, folder key)`, made the
/// way a user would bring marks over: an export given to `--state`.
fn marks_store(path: &Path, marks: &[(&str, u64, Option<u64>)]) {
    let articles: serde_json::Map<String, serde_json::Value> = marks
        .iter()
        .map(|&(id, days, folder)| {
            let mut entry = serde_json::json!({"read": true, "seen": now() - days * DAY});
            if let Some(folder) = folder {
                entry["folder"] = folder.into();
            }
            (id.to_owned(), entry)
        })
        .collect();
    let json = serde_json::json!({"version": 2, "articles": articles, "feeds": []});
    std::fs::write(path, json.to_string()).expect("write");
    let loaded = ReadState::load(path).expect("migrated");
    assert!(loaded.notice.is_some_and(|n| n.contains("imported")));
}

/// The pruned table: `(id, read, pruned_at)` a row.
fn pruned_rows(path: &Path) -> Vec<(String, bool, i64)> {
    sql(path)
        .prepare("SELECT id, read, pruned_at FROM pruned ORDER BY id")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("pruned rows")
}

#[test]
fn prune_forgets_ids_gone_for_long_and_keeps_those_seen() {
    let (_dir, path) = store_file();
    let mut state = ReadState::default();
    let _ = state.touch_seen(here(), [], now());
    for id in ["gone", "here", "here-too", "gone-starred"] {
        state.set_read(id, true);
    }
    state.set_starred("gone-starred", true);
    save(&mut state, &path);

    let later = now() + PRUNE_AFTER + 10 * DAY;
    let mut state = load(&path);
    let seen = state.touch_seen(here(), ["here", "here-too", "never-marked"], later);
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 2);
    assert!(state.is_read("here") && !state.is_read("gone"));
    assert!(!state.is_starred("gone-starred"));
    assert_eq!((state.read_count(), state.starred_count()), (2, 0));
    save(&mut state, &path);
    assert_eq!(stored_ids(&path), ["here", "here-too"]);
}

#[test]
fn pruned_marks_are_kept_in_a_backup_table() {
    let (_dir, path) = store_file();
    marks_store(
        &path,
        &[("gone", 100, Some(here())), ("kept", 0, Some(here()))],
    );
    let mut state = load(&path);
    let seen = state.touch_seen(here(), ["kept"], now());
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 1);
    save(&mut state, &path);
    assert_eq!(stored_ids(&path), ["kept"]);
    let rows = pruned_rows(&path);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (id, read, when) = &rows[0];
    assert_eq!((id.as_str(), *read), ("gone", true));
    assert!(when.cast_unsigned() + DAY > now(), "{when}");
}

#[test]
fn prune_never_touches_marks_of_another_folder_or_of_none_known() {
    let (_dir, path) = store_file();
    let elsewhere = state::folder_key(Path::new("/articles/elsewhere"));
    marks_store(
        &path,
        &[
            ("gone", 100, Some(here())),
            ("kept", 0, Some(here())),
            // From before folders were recorded: unknown is not this one.
            ("old-file", 100, None),
            ("other-folder", 100, Some(elsewhere)),
        ],
    );
    let mut state = load(&path);
    let seen = state.touch_seen(here(), ["kept"], now());
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 1);
    save(&mut state, &path);
    assert_eq!(stored_ids(&path), ["kept", "old-file", "other-folder"]);
}

#[test]
fn prune_skips_a_folder_that_is_empty_or_mostly_gone() {
    let (_dir, path) = store_file();
    marks_store(
        &path,
        &[
            ("a", 100, Some(here())),
            ("b", 100, Some(here())),
            ("c", 100, Some(here())),
            ("d", 0, Some(here())),
        ],
    );
    let mut state = load(&path);
    // An unmounted disk: nothing there.
    let seen = state.touch_seen(here(), [], now());
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 0);
    // One of four left: more likely a mistake than three deletions.
    let seen = state.touch_seen(here(), ["d"], now());
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 0);
    // Two of four: they were deleted.
    let seen = state.touch_seen(here(), ["c", "d"], now());
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 2);
}

#[test]
fn prune_keeps_an_id_another_gogai_has_seen_since() {
    let (_dir, path) = store_file();
    marks_store(
        &path,
        &[
            ("gone", 100, Some(here())),
            ("elsewhere", 100, Some(here())),
            ("here", 0, Some(here())),
            ("here-too", 0, Some(here())),
        ],
    );
    let (mut a, mut b) = (load(&path), load(&path));
    let other = state::folder_key(Path::new("/articles/other"));
    let _ = b.touch_seen(other, ["elsewhere"], now());
    assert!(b.has_unsaved_changes());
    save(&mut b, &path);
    let seen = a.touch_seen(here(), ["here", "here-too"], now());
    assert_eq!(a.prune(&seen, PRUNE_AFTER), 2);
    save(&mut a, &path);
    assert_eq!(stored_ids(&path), ["elsewhere", "here", "here-too"]);
    assert!(load(&path).is_read("elsewhere"));
    let backed_up: Vec<String> = pruned_rows(&path).into_iter().map(|r| r.0).collect();
    assert_eq!(backed_up, ["gone"], "only what was removed is backed up");
}

#[test]
fn an_id_marked_again_after_a_prune_starts_afresh() {
    let (_dir, path) = store_file();
    marks_store(
        &path,
        &[("back", 100, Some(here())), ("here", 0, Some(here()))],
    );
    let mut state = load(&path);
    state.set_starred("back", true);
    save(&mut state, &path);
    let mut state = load(&path);
    let seen = state.touch_seen(here(), ["here"], now() + PRUNE_AFTER + DAY);
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 1);
    state.set_read("back", true);
    save(&mut state, &path);
    let saved = load(&path);
    assert!(saved.is_read("back") && !saved.is_starred("back"));
}

#[test]
fn seen_is_only_recorded_when_it_moves_by_more_than_a_day_or_changes_folder() {
    let (_dir, path, mut state, _) = two_readers(&["x"]);
    // Marked before any folder was known: the first sighting records one.
    let _ = state.touch_seen(here(), ["x"], now());
    assert!(state.has_unsaved_changes());
    save(&mut state, &path);
    let _ = state.touch_seen(here(), ["x"], now() + DAY / 2);
    assert!(!state.has_unsaved_changes());
    let _ = state.touch_seen(here(), ["x"], now() + 2 * DAY);
    assert!(state.has_unsaved_changes());
    save(&mut state, &path);
    let json = exported(&path);
    let seen = json["articles"]["x"]["seen"].as_u64();
    assert!(seen.is_some_and(|s| s > now() + DAY), "{seen:?}");
    assert_eq!(json["articles"]["x"]["folder"].as_u64(), Some(here()));
}

// --------------------------------------- a store held by another process

/// Holds the store's write lock, as another gogai in the middle of a save
/// would, until dropped.
struct Writer(Connection);

impl Writer {
    fn hold(path: &Path) -> Self {
        let db = sql(path);
        db.execute_batch("BEGIN IMMEDIATE")
            .expect("take the write lock");
        Self(db)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("ROLLBACK");
    }
}

fn pending_files(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.starts_with("state.sqlite.pending-"))
        .collect()
}

#[test]
fn a_held_store_keeps_the_changes_pending_and_the_next_save_merges_them() {
    let (dir, path) = store_file();
    store_with_a_mark(&path);

    let held = Writer::hold(&path);
    let mut state = load(&path);
    state.set_read("while-locked", true);
    state.set_starred("before", true);
    let notice = state.save(&path).expect("kept pending").expect("a notice");
    assert!(notice.contains("locked by another process"), "{notice}");
    assert!(!state.has_unsaved_changes(), "kept, so saved");
    assert_eq!(pending_files(dir.path()).len(), 1, "{notice}");
    // A reader sees them at once, and so does an export.
    let seen = ReadState::peek(&path);
    assert!(seen.is_read("while-locked") && seen.is_starred("before"));
    assert!(load(&path).is_read("while-locked"));
    assert!(stored_ids(&path).contains(&"while-locked".to_owned()));
    drop(held);
    // Not yet in the store itself.
    let in_store: i64 = sql(&path)
        .query_row("SELECT count(*) FROM marks", [], |r| r.get(0))
        .expect("count");
    assert_eq!(in_store, 1);

    // The next save, by any run, merges and removes them.
    let mut next = load(&path);
    next.set_read("after", true);
    save(&mut next, &path);
    assert!(
        pending_files(dir.path()).is_empty(),
        "{:?}",
        listing(dir.path())
    );
    let back = load(&path);
    assert!(back.is_read("after") && back.is_read("while-locked") && back.is_starred("before"));
}

#[test]
fn a_held_lock_file_before_the_store_exists_keeps_the_changes_pending() {
    let (dir, path) = store_file();
    // Another gogai creating the store holds its lock file.
    let lock = std::fs::File::create(dir.path().join("state.sqlite.lock")).expect("lock file");
    lock.lock().expect("lock");
    let mut state = load(&path);
    state.set_read("early", true);
    let notice = state.save(&path).expect("kept pending").expect("a notice");
    assert!(notice.contains("state.sqlite.lock is held"), "{notice}");
    assert!(!path.exists(), "no store made without the lock");
    assert_eq!(pending_files(dir.path()).len(), 1, "{notice}");
    assert!(ReadState::peek(&path).is_read("early"), "--list shows it");
    assert!(
        stored_ids(&path).contains(&"early".to_owned()),
        "--export too"
    );
    drop(lock);

    let mut next = load(&path);
    next.set_read("later", true);
    save(&mut next, &path);
    assert!(pending_files(dir.path()).is_empty());
    let back = load(&path);
    assert!(back.is_read("early") && back.is_read("later"));
}

// ----------------------------------------------------- two real processes

/// Tells [`store_child`] what to do: store path, id prefix, count and
/// whether to say so after each save, one a line.
const CHILD: &str = "GOGAI_STATE_TEST_CHILD";

/// Run by the tests below in a child process: marks ids one at a time,
/// saving after each, and prints `saved <id>` once each save returned.
#[test]
#[ignore = "a child process of the tests below, which start it with --ignored"]
fn store_child() {
    let task = std::env::var(CHILD).expect("started by a test, which says what to do");
    let mut lines = task.lines();
    let (Some(path), Some(prefix), Some(count)) = (lines.next(), lines.next(), lines.next()) else {
        panic!("bad {CHILD}: {task:?}");
    };
    let path = Path::new(path);
    let count: usize = count.parse().expect("count");
    let mut state = ReadState::load(path).expect("load").state;
    for n in 0..count {
        let id = format!("{prefix}{n}");
        assert!(state.set_read(&id, true));
        // The same ids from every child: each sets its own flag.
        let shared = format!("shared-{n}");
        if prefix.starts_with("left") {
            state.set_read(&shared, true);
        } else {
            state.set_starred(&shared, true);
        }
        save(&mut state, path);
        println!("saved {id}");
    }
}

/// Starts [`store_child`] in a child process.
fn child(path: &Path, prefix: &str, count: usize) -> std::process::Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "store_child", "--ignored", "--nocapture"])
        .env(CHILD, format!("{}\n{prefix}\n{count}", path.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the child")
}

#[test]
fn two_processes_saving_at_once_keep_every_mark() {
    let (_dir, path) = store_file();
    let children: Vec<_> = ["left-", "right-"]
        .into_iter()
        .map(|prefix| child(&path, prefix, 200))
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("child ran");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("1 passed"), "the child ran: {stdout}");
    }
    let merged = load(&path);
    assert_eq!(merged.read_count(), 600);
    for n in 0..200 {
        assert!(merged.is_read(&format!("left-{n}")), "left-{n}");
        assert!(merged.is_read(&format!("right-{n}")), "right-{n}");
        let shared = format!("shared-{n}");
        assert!(
            merged.is_read(&shared) && merged.is_starred(&shared),
            "{shared}: both processes' flags"
        );
    }
}

#[test]
fn kill_9_during_saves_leaves_a_store_with_every_committed_mark() {
    let (_dir, path) = store_file();
    let mut committed = Vec::new();
    for (round, after) in [3usize, 20, 57].into_iter().enumerate() {
        let mut child = child(&path, &format!("round{round}-"), 100_000);
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut lines = stdout.lines();
        // Killed after `after` saves returned, while it is in the middle
        // of the next ones.
        let mut seen = 0;
        while seen < after {
            let line = lines
                .next()
                .expect("the child saves")
                .expect("a line from the child");
            // The test harness's own lines come first.
            if let Some(id) = saved_id(&line) {
                committed.push(id);
                seen += 1;
            }
        }
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        // Saves that returned before the kill but were read after it.
        committed.extend(lines.map_while(Result::ok).filter_map(|l| saved_id(&l)));

        // First as `--list` reads, from what the kill left (its log
        // included), then checked page by page, then as the reader loads.
        let peeked = ReadState::peek(&path);
        for id in &committed {
            assert!(peeked.is_read(id), "round {round}: {id} was committed");
        }
        let verdict: String = sql(&path)
            .pragma_query_value(None, "integrity_check", |r| r.get(0))
            .expect("integrity check");
        assert_eq!(verdict, "ok", "round {round}");
        let loaded = load(&path);
        for id in &committed {
            assert!(loaded.is_read(id), "round {round}: {id} was committed");
        }
    }
    assert!(committed.len() >= 80, "{}", committed.len());
}

/// The id in a `saved <id>` line of [`store_child`].
fn saved_id(line: &str) -> Option<String> {
    let (_, id) = line.split_once("saved ")?;
    Some(id.trim().to_owned()).filter(|id| !id.is_empty())
}

/// Run by [`a_store_that_cannot_grow_says_the_disk_is_full_and_keeps_the_marks`]
/// in a child process whose files cannot grow: marks 5,000 ids, saves, and
/// prints what the save said and whether the marks are still to be saved.
#[test]
#[ignore = "a child process of the test below, which starts it with --ignored"]
fn full_disk_child() {
    let path = std::env::var(FULL_CHILD).expect("started by a test, which names the store");
    let path = Path::new(&path);
    let mut state = ReadState::load(path).expect("load").state;
    for n in 0..5000 {
        state.set_read(&format!("new-{n:04}-with-a-long-enough-name"), true);
    }
    match state.save(path) {
        Ok(notice) => println!("saved: {notice:?}"),
        Err(e) => println!("error: {e}"),
    }
    println!("unsaved: {}", state.has_unsaved_changes());
}

/// Tells [`full_disk_child`] which store to save into.
const FULL_CHILD: &str = "GOGAI_STATE_TEST_FULL_DISK";

#[cfg(unix)]
#[test]
fn a_store_that_cannot_grow_says_the_disk_is_full_and_keeps_the_marks() {
    let (_dir, path) = store_file();
    let mut state = ReadState::default();
    for n in 0..2000 {
        state.set_read(&format!("old-{n:04}"), true);
    }
    save(&mut state, &path);
    // A full disk, as SQLite meets it: a write that stops short. Files of
    // the child may not grow past 64 KB (128 blocks of 512 bytes in dash,
    // of 1 KB in bash: 128 KB), far less than the save needs; the signal
    // a process gets for crossing that limit is ignored, so the write
    // itself fails, as on a full disk.
    let exe = std::env::current_exe().expect("test binary");
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 128 && exec \"$0\" --exact full_disk_child --ignored --nocapture")
        .arg(&exe)
        .env(FULL_CHILD, &path)
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = stdout
        .lines()
        .find_map(|l| l.split_once("error: ").map(|(_, e)| e.to_owned()))
        .unwrap_or_else(|| panic!("the save did not fail:\n{stdout}"));
    assert!(said.starts_with(&path.display().to_string()), "{said}");
    // SQLite says `database or disk is full` for a write cut short and
    // `disk I/O error` for one refused outright; either way the user reads
    // that the disk is full.
    assert!(said.contains("cannot write the state file: "), "{said}");
    assert!(
        said.contains("database or disk is full") || said.contains("is the disk full?"),
        "{said}"
    );
    assert!(
        stdout.contains("unsaved: true"),
        "kept for the next save: {stdout}"
    );

    // The store is whole, with every mark it had and none half-written.
    let verdict: String = sql(&path)
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .expect("integrity check");
    assert_eq!(verdict, "ok");
    let back = load(&path);
    assert_eq!(back.read_count(), 2000);
    assert!(back.is_read("old-1999") && !back.is_read("new-0000-with-a-long-enough-name"));
}

// ---------------------------------------------------------------- property

/// One change by one of two readers: which reader, which of its ids, the
/// flag (starred, else read) and value, and whether it saves afterwards.
type Op = (bool, u8, bool, bool, bool);

fn op() -> impl Strategy<Value = Op> {
    (
        any::<bool>(),
        0..6u8,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Two readers each changing only their own ids, saving whenever: the
    /// store ends with each reader's marks for its own ids.
    #[test]
    fn readers_of_their_own_ids_never_lose_marks(
        initial in proptest::collection::vec((any::<bool>(), 0..6u8, any::<bool>()), 0..8),
        ops in proptest::collection::vec(op(), 0..40),
    ) {
        let (_dir, path) = store_file();
        let mut start = ReadState::default();
        for (a, id, starred) in initial {
            let id = format!("{}{id}", if a { "a" } else { "b" });
            if starred { start.set_starred(&id, true); } else { start.set_read(&id, true); }
        }
        save(&mut start, &path);
        let (mut a, mut b) = (load(&path), load(&path));
        for (by_a, id, starred, value, then_save) in ops {
            let (state, prefix) = if by_a { (&mut a, "a") } else { (&mut b, "b") };
            let id = format!("{prefix}{id}");
            if starred { state.set_starred(&id, value); } else { state.set_read(&id, value); }
            if then_save { save(state, &path); }
        }
        save(&mut a, &path);
        save(&mut b, &path);
        let merged = load(&path);
        for n in 0..6 {
            for (state, prefix) in [(&a, "a"), (&b, "b")] {
                let id = format!("{prefix}{n}");
                prop_assert_eq!(merged.is_read(&id), state.is_read(&id), "read {}", id);
                prop_assert_eq!(merged.is_starred(&id), state.is_starred(&id), "starred {}", id);
            }
        }
    }
}

// ---------------------------------------------------------------- saving off the UI thread

#[test]
fn a_save_job_writes_what_was_changed_when_it_was_taken() {
    let (_dir, path) = store_file();
    let mut state = ReadState::default();
    state.set_read("a", true);
    state.set_starred("b", true);
    let job = state.take_job().expect("changes to save");
    assert!(!state.has_unsaved_changes(), "handed to the job");
    // Changed again while the job is on its way: not in this job.
    state.set_read("c", true);
    assert_eq!(job.write_job(&path).expect("written"), None);
    let back = load(&path);
    assert!(back.is_read("a") && back.is_starred("b") && !back.is_read("c"));
    assert!(state.has_unsaved_changes());
    save(&mut state, &path);
    assert!(load(&path).is_read("c"));
}

#[test]
fn a_failed_save_job_gives_its_changes_back_under_newer_ones() {
    let (_dir, path) = store_file();
    let mut other = ReadState::default();
    other.set_read("theirs", true);
    save(&mut other, &path);
    let mut state = load(&path);
    state.set_read("a", true);
    state.set_read("b", true);
    state.set_starred("s", true);
    let job = state.take_job().expect("changes to save");
    // Meanwhile: `b` changed back, `s` unstarred and starred again.
    state.set_read("b", false);
    state.set_starred("s", false);
    state.set_starred("s", true);
    state.give_back(job);
    assert!(state.has_unsaved_changes());
    save(&mut state, &path);
    let back = load(&path);
    assert!(back.is_read("a"), "the failed job's mark is saved");
    assert!(!back.is_read("b"), "the newer change wins");
    assert!(back.is_starred("s"));
    assert!(back.is_read("theirs"), "the other reader's mark is kept");
    // Nothing left over: a second save changes nothing.
    assert!(!state.has_unsaved_changes());
}

/// Sort, filter and layout are remembered per article folder: a second
/// folder starts from the defaults, not from the first folder's choices,
/// and each gets its own back at the next start.
#[test]
fn sort_and_filters_are_remembered_per_folder() {
    use gogai::action::Action;
    use gogai::app::App;
    use gogai::store::library::{Library, LibrarySource};
    use gogai::view::Sort;

    let home = tempfile::tempdir().expect("a temporary folder");
    let mut dirs = Vec::new();
    for name in ["one", "two"] {
        let dir = home.path().join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(
            dir.join("a.json"),
            serde_json::json!({"id": format!("{name}-a"), "title": "A story", "body": ["Text."]})
                .to_string(),
        )
        .expect("write");
        dirs.push(dir);
    }
    let open = |dir: &Path, read: ReadState| {
        let library = Library::load_dir(LibrarySource::Flag(dir.to_path_buf()), dir).expect("load");
        App::new(library, read)
    };
    // In the first folder: sorted by title, unread only, one line.
    let mut first = open(&dirs[0], ReadState::default());
    first.update(Action::CycleSort);
    first.update(Action::UnreadOnly);
    first.update(Action::ListLayout);
    assert_eq!(first.sort(), Sort::Title);
    let mut read = ReadState::default();
    read.set_session(first.session());

    // The second folder, never shown: the defaults.
    let mut second = open(&dirs[1], read.clone());
    assert_eq!(second.sort(), Sort::Date);
    assert!(!second.filter().unread_only);
    assert_eq!(second.list_item_height(), 2);
    second.update(Action::CycleSort);
    second.update(Action::CycleSort);
    read.set_session(second.session());

    // Each folder again: its own.
    let first = open(&dirs[0], read.clone());
    assert_eq!(first.sort(), Sort::Title);
    assert!(first.filter().unread_only);
    assert_eq!(first.list_item_height(), 1);
    let second = open(&dirs[1], read);
    assert_eq!(second.sort(), Sort::Source);
    assert!(!second.filter().unread_only);
}
