//! What gogai remembers between runs, as a user relies on it: marks and the
//! session come back, old files still load, bad files are kept aside, two
//! gogai processes on one file never lose each other's marks, and marks of
//! articles long gone are pruned.

use std::path::{Path, PathBuf};
use std::process::Command;

use gogai::store::state::{self, PRUNE_AFTER, ReadState, Session, StateError};
use proptest::prelude::*;
use tempfile::TempDir;

// ---------------------------------------------------------------- helpers

const DAY: u64 = 24 * 60 * 60;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// A temporary folder and the state file in it.
fn state_file() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
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

/// The state file as JSON.
fn on_disk(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).expect("read state file");
    serde_json::from_slice(&bytes).expect("state file is JSON")
}

/// The ids stored in a version 2 file, sorted.
fn stored_ids(path: &Path) -> Vec<String> {
    let json = on_disk(path);
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

/// The one file set aside in `dir`, and its bytes.
fn set_aside(dir: &Path) -> (PathBuf, Vec<u8>) {
    let aside: Vec<String> = listing(dir)
        .into_iter()
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", listing(dir));
    let path = dir.join(&aside[0]);
    let bytes = std::fs::read(&path).expect("read set-aside file");
    (path, bytes)
}

fn session() -> Session {
    Session {
        article: Some("tokyo-2024".into()),
        reading: true,
        paragraph: 7,
        sort: Some("title".into()),
        sidebar: Some(false),
    }
}

// ------------------------------------------------------------- round trip

#[test]
fn read_starred_and_session_come_back() {
    let (_dir, path) = state_file();
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
    let (_dir, path) = state_file();
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
fn file_is_version_2_compact_and_sorted() {
    let (_dir, path) = state_file();
    let mut state = ReadState::default();
    for id in ["zeta", "alpha", "mid"] {
        state.set_read(id, true);
    }
    state.set_starred("mid", true);
    save(&mut state, &path);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    assert!(text.starts_with(r#"{"version":2,"articles":{"alpha":{"read":true,"seen":"#));
    assert_eq!(stored_ids(&path), ["alpha", "mid", "zeta"]);
    let json = on_disk(&path);
    assert_eq!(json["articles"]["mid"]["starred"], true);
    assert!(
        json["articles"]["mid"]["seen"]
            .as_u64()
            .is_some_and(|s| s + DAY > now())
    );
}

#[test]
fn a_hundred_thousand_marks_stay_small() {
    let (_dir, path) = state_file();
    let mut state = ReadState::default();
    for n in 0..100_000 {
        state.set_read(&format!("article-{n:06}"), true);
    }
    save(&mut state, &path);
    let size = std::fs::metadata(&path).expect("stat").len();
    assert!(size < 5_000_000, "{size} bytes");
    let loaded = load(&path);
    assert_eq!(loaded.read_count(), 100_000);
    assert!(loaded.is_read("article-099999"));
}

// ------------------------------------------------------------ old and bad

#[test]
fn version_1_file_loads_and_is_rewritten_as_version_2() {
    let (_dir, path) = state_file();
    std::fs::write(&path, r#"{"version": 1, "read": ["x", "y"]}"#).expect("write");
    let mut state = load(&path);
    assert!(state.is_read("x") && state.is_read("y") && !state.is_starred("x"));
    assert_eq!(state.read_count(), 2);
    assert_eq!(state.session(), &Session::default());
    assert_eq!(ReadState::peek(&path), state);

    state.set_starred("y", true);
    save(&mut state, &path);
    assert_eq!(on_disk(&path)["version"], 2);
    assert_eq!(load(&path), state);
}

#[test]
fn peek_reads_both_versions_and_never_writes() {
    let (dir, path) = state_file();
    std::fs::write(&path, r#"{"version":1,"read":["old"]}"#).expect("write");
    assert!(ReadState::peek(&path).is_read("old"));

    let v2 = r#"{"version":2,"articles":{"new":{"read":true,"starred":true,"seen":5}},"session":{"sort":"date"}}"#;
    std::fs::write(&path, v2).expect("write");
    let peeked = ReadState::peek(&path);
    assert!(peeked.is_read("new") && peeked.is_starred("new"));
    assert_eq!(peeked.session().sort.as_deref(), Some("date"));

    for bad in [&b"{truncated"[..], br#"{"version":3,"articles":{}}"#] {
        std::fs::write(&path, bad).expect("write");
        assert_eq!(ReadState::peek(&path).read_count(), 0);
        assert_eq!(std::fs::read(&path).expect("read"), bad);
    }
    assert_eq!(
        ReadState::peek(&dir.path().join("missing.json")).read_count(),
        0
    );
    assert_eq!(listing(dir.path()), ["state.json"], "peek takes no lock");
}

#[test]
fn newer_file_is_kept_aside_at_load() {
    let (dir, path) = state_file();
    let bytes = br#"{"version":3,"articles":{"a":{"read":"maybe"}}}"#;
    std::fs::write(&path, bytes).expect("write");
    let loaded = ReadState::load(&path).expect("load");
    assert_eq!(loaded.state.read_count(), 0);
    let notice = loaded.notice.expect("a notice");
    let (aside, kept) = set_aside(dir.path());
    assert_eq!(kept, bytes);
    assert!(!path.exists());
    assert!(
        notice.contains("written by a newer gogai (version 3)"),
        "{notice}"
    );
    assert!(notice.contains(&aside.display().to_string()), "{notice}");
}

#[test]
fn corrupt_version_2_file_is_kept_aside_at_load() {
    let (dir, path) = state_file();
    let bytes = br#"{"version":2,"articles":{"a":{"read":1}}}"#;
    std::fs::write(&path, bytes).expect("write");
    let loaded = ReadState::load(&path).expect("load");
    assert_eq!(loaded.state.read_count(), 0);
    let notice = loaded.notice.expect("a notice");
    assert!(notice.contains(": unreadable ("), "{notice}");
    assert_eq!(set_aside(dir.path()).1, bytes);
}

#[test]
fn truncated_file_at_save_is_kept_aside_and_ours_written() {
    let (dir, path) = state_file();
    let mut first = ReadState::default();
    first.set_read("before", true);
    save(&mut first, &path);

    let mut state = load(&path);
    let whole = std::fs::read(&path).expect("read");
    let truncated = &whole[..whole.len() / 2];
    std::fs::write(&path, truncated).expect("truncate");
    state.set_read("after", true);
    let notice = state.save(&path).expect("save").expect("a notice");

    let (aside, kept) = set_aside(dir.path());
    assert_eq!(kept, truncated, "the damaged file is not lost");
    assert!(notice.starts_with(&path.display().to_string()), "{notice}");
    assert!(notice.contains(&aside.display().to_string()), "{notice}");
    assert!(notice.contains("unreadable"), "{notice}");
    let saved = load(&path);
    assert!(saved.is_read("before") && saved.is_read("after"));
}

#[test]
fn newer_file_at_save_is_kept_aside() {
    let (dir, path) = state_file();
    let mut state = load(&path);
    state.set_read("mine", true);
    let bytes = br#"{"version":7,"everything":"different"}"#;
    std::fs::write(&path, bytes).expect("a newer gogai writes");
    let notice = state.save(&path).expect("save").expect("a notice");
    assert!(notice.contains("newer gogai (version 7)"), "{notice}");
    assert_eq!(set_aside(dir.path()).1, bytes);
    assert!(load(&path).is_read("mine"));
}

// ----------------------------------------------------------------- errors

#[test]
fn save_where_no_folder_can_be_made_is_a_write_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").expect("write");
    let path = blocker.join("state.json");
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
fn save_into_a_read_only_folder_is_a_write_error() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, path) = state_file();
    let mut state = ReadState::default();
    state.set_read("saved", true);
    save(&mut state, &path);
    // Read-only; and since root writes through permissions (as CI runs),
    // a folder where the temporary file would go, which stops root too.
    let tmp = dir
        .path()
        .join(format!("state.json.tmp-{}", std::process::id()));
    std::fs::create_dir(&tmp).expect("a folder at the temporary name");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    state.set_read("a", true);
    let err = state.save(&path).expect_err("cannot save");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert!(matches!(err, StateError::Write { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert!(state.has_unsaved_changes(), "nothing is forgotten");
    let on_disk = load(&path);
    assert!(
        on_disk.is_read("saved") && !on_disk.is_read("a"),
        "the file is untouched"
    );

    std::fs::remove_dir(&tmp).expect("clear the way");
    save(&mut state, &path);
    assert!(load(&path).is_read("a"));
}

#[test]
fn a_state_file_that_cannot_be_read_is_an_error_and_left_alone() {
    let (dir, path) = state_file();
    std::fs::create_dir(&path).expect("a folder where the file should be");
    let err = ReadState::load(&path).expect_err("cannot load");
    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );

    let mut state = ReadState::default();
    state.set_read("a", true);
    let err = state.save(&path).expect_err("cannot save over it");
    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    assert!(path.is_dir());
    assert!(!listing(dir.path()).iter().any(|n| n.contains("corrupt")));
}

// ------------------------------------------------------------------ merge

/// A state file holding these read ids, and two states loaded from it.
fn two_readers(read: &[&str]) -> (TempDir, PathBuf, ReadState, ReadState) {
    let (dir, path) = state_file();
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

// ------------------------------------------------------------------ prune

/// The folder key of the article folder in these tests.
fn here() -> u64 {
    state::folder_key(Path::new("/articles/here"))
}

/// A state file of read marks: `(id, days since seen, folder key)`.
fn marks_file(path: &Path, marks: &[(&str, u64, Option<u64>)]) {
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
    let json = serde_json::json!({"version": 2, "articles": articles});
    std::fs::write(path, json.to_string()).expect("write");
}

#[test]
fn prune_forgets_ids_gone_for_long_and_keeps_those_seen() {
    let (_dir, path) = state_file();
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
fn pruned_marks_are_kept_in_a_backup_beside_the_state_file() {
    let (dir, path) = state_file();
    marks_file(
        &path,
        &[("gone", 100, Some(here())), ("kept", 0, Some(here()))],
    );
    let mut state = load(&path);
    let seen = state.touch_seen(here(), ["kept"], now());
    assert_eq!(state.prune(&seen, PRUNE_AFTER), 1);
    save(&mut state, &path);
    assert_eq!(stored_ids(&path), ["kept"]);
    let backup = std::fs::read_to_string(dir.path().join("state.json.pruned")).expect("backup");
    let lines: Vec<serde_json::Value> = backup
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "{backup}");
    assert_eq!(lines[0]["id"], "gone");
    assert_eq!(lines[0]["read"], true);
}

#[test]
fn prune_never_touches_marks_of_another_folder_or_of_none_known() {
    let (_dir, path) = state_file();
    let elsewhere = state::folder_key(Path::new("/articles/elsewhere"));
    marks_file(
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
    let (_dir, path) = state_file();
    marks_file(
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
    let (_dir, path) = state_file();
    marks_file(
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
}

#[test]
fn an_id_marked_again_after_a_prune_starts_afresh() {
    let (_dir, path) = state_file();
    marks_file(
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
    let seen = on_disk(&path)["articles"]["x"]["seen"].as_u64();
    assert!(seen.is_some_and(|s| s > now() + DAY), "{seen:?}");
    assert_eq!(
        on_disk(&path)["articles"]["x"]["folder"].as_u64(),
        Some(here())
    );
}

// ------------------------------------------- locks, pipes, links, folders

/// Holds the state file's lock as another process would.
fn hold_lock(path: &Path) -> std::fs::File {
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_file_name("state.json.lock"))
        .expect("open the lock");
    lock.lock().expect("lock");
    lock
}

#[test]
fn a_held_lock_keeps_the_changes_pending_and_the_next_save_merges_them() {
    let (dir, path) = state_file();
    let mut first = ReadState::default();
    first.set_read("before", true);
    save(&mut first, &path);

    let held = hold_lock(&path);
    let mut state = load(&path);
    state.set_read("while-locked", true);
    state.set_starred("before", true);
    let notice = state.save(&path).expect("kept pending").expect("a notice");
    assert!(notice.contains("state.json.lock"), "{notice}");
    assert!(!state.has_unsaved_changes(), "kept, so saved");
    assert_eq!(stored_ids(&path), ["before"], "the file was not touched");
    let pending: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("state.json.pending-"))
        .collect();
    assert_eq!(pending.len(), 1, "{:?}", listing(dir.path()));
    // A reader sees them at once.
    let seen = ReadState::peek(&path);
    assert!(seen.is_read("while-locked") && seen.is_starred("before"));
    assert!(load(&path).is_read("while-locked"));
    drop(held);

    // The next save, by any run, merges and removes them.
    let mut next = load(&path);
    next.set_read("after", true);
    save(&mut next, &path);
    assert_eq!(stored_ids(&path), ["after", "before", "while-locked"]);
    assert!(load(&path).is_starred("before"));
    assert!(
        !listing(dir.path()).iter().any(|n| n.contains("pending")),
        "{:?}",
        listing(dir.path())
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_at_the_state_path_is_an_error_not_a_wait() {
    let (_dir, path) = state_file();
    let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(made.success());
    let err = ReadState::load(&path).expect_err("a pipe is no state file");
    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("state.json") && message.contains("named pipe"),
        "{message}"
    );
    assert_eq!(ReadState::peek(&path), ReadState::default());
}

#[test]
fn a_folder_at_the_state_path_is_a_read_error_naming_it() {
    let (_dir, path) = state_file();
    std::fs::create_dir(&path).expect("mkdir");
    let err = ReadState::load(&path).expect_err("a folder is no state file");
    assert!(
        err.to_string().contains("state.json") && err.to_string().contains("folder"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_state_file_is_written_through_the_link() {
    let (dir, path) = state_file();
    let target = dir.path().join("kept").join("real.json");
    std::fs::create_dir_all(target.parent().expect("folder")).expect("mkdir");
    std::os::unix::fs::symlink(&target, &path).expect("symlink");
    let mut state = ReadState::default();
    state.set_read("x", true);
    save(&mut state, &path);
    assert!(
        std::fs::symlink_metadata(&path)
            .expect("stat")
            .file_type()
            .is_symlink()
    );
    assert!(load(&target).is_read("x"));
}

// ----------------------------------------------------- two real processes

/// Tells [`two_process_child`] what to do: state file, id prefix and count,
/// one a line.
const CHILD: &str = "GOGAI_STATE_TEST_CHILD";

/// Run by [`two_processes_saving_at_once_keep_every_mark`] in a child
/// process: marks ids one at a time and saves after each. Does nothing in an
/// ordinary test run.
#[test]
fn two_process_child() {
    let Ok(task) = std::env::var(CHILD) else {
        return;
    };
    let mut lines = task.lines();
    let (Some(path), Some(prefix), Some(count)) = (lines.next(), lines.next(), lines.next()) else {
        panic!("bad {CHILD}: {task:?}");
    };
    let path = Path::new(path);
    let count: usize = count.parse().expect("count");
    let mut state = load(path);
    for n in 0..count {
        assert!(state.set_read(&format!("{prefix}{n}"), true));
        save(&mut state, path);
    }
}

#[test]
fn two_processes_saving_at_once_keep_every_mark() {
    let (_dir, path) = state_file();
    let exe = std::env::current_exe().expect("test binary");
    let children: Vec<_> = ["left-", "right-"]
        .into_iter()
        .map(|prefix| {
            Command::new(&exe)
                .args(["--exact", "two_process_child", "--nocapture"])
                .env(CHILD, format!("{}\n{prefix}\n200", path.display()))
                .output_async()
        })
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
    assert_eq!(merged.read_count(), 400);
    for n in 0..200 {
        assert!(merged.is_read(&format!("left-{n}")), "left-{n}");
        assert!(merged.is_read(&format!("right-{n}")), "right-{n}");
    }
}

/// Starts a command with its output captured, without waiting for it.
trait OutputAsync {
    fn output_async(&mut self) -> std::process::Child;
}

impl OutputAsync for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start the child")
    }
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
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two readers each changing only their own ids, saving whenever: the
    /// file ends with each reader's marks for its own ids.
    #[test]
    fn readers_of_their_own_ids_never_lose_marks(
        initial in proptest::collection::vec((any::<bool>(), 0..6u8, any::<bool>()), 0..8),
        ops in proptest::collection::vec(op(), 0..40),
    ) {
        let (_dir, path) = state_file();
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

#[test]
fn truncated_and_wrongly_shaped_files_are_kept_aside_at_load() {
    for bytes in [
        // Cut off mid-write by something other than gogai.
        &br#"{"version":2,"articles":{"a":{"re"#[..],
        // JSON, but not a state file.
        b"[]",
        b"\"state\"",
        br#"{"version":2,"articles":[1,2]}"#,
        br#"{"version":2,"articles":{"a":{"read":"yes"}}}"#,
        br#"{"version":"2"}"#,
        b"",
    ] {
        let (dir, path) = state_file();
        std::fs::write(&path, bytes).expect("write state");
        let loaded = ReadState::load(&path).expect("a bad file is not an error");
        assert_eq!(loaded.state.read_count(), 0);
        let notice = loaded
            .notice
            .unwrap_or_else(|| panic!("no notice for {:?}", String::from_utf8_lossy(bytes)));
        assert!(notice.contains("kept as"), "{notice}");
        let (_, kept) = set_aside(dir.path());
        assert_eq!(kept, bytes, "the old file is kept byte for byte");
    }
}

// ---------------------------------------------------------------- saving off the UI thread

#[test]
fn a_save_job_writes_what_was_changed_when_it_was_taken() {
    let (_dir, path) = state_file();
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
    let (_dir, path) = state_file();
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

#[test]
fn a_save_job_leaves_a_file_gone_bad_for_a_whole_save() {
    let (dir, path) = state_file();
    let mut state = ReadState::default();
    state.set_read("a", true);
    save(&mut state, &path);
    std::fs::write(&path, b"{\"version\":2,\"arti").expect("truncate");
    state.set_read("b", true);
    let job = state.take_job().expect("changes to save");
    assert!(matches!(
        job.write_job(&path),
        Err(gogai::store::state::JobError::NeedsWhole)
    ));
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        b"{\"version\":2,\"arti",
        "the job touched nothing"
    );
    state.give_back(job);
    let notice = state.save(&path).expect("whole save");
    assert!(notice.is_some(), "the user is told the file was set aside");
    let back = ReadState::load(&path).expect("loads").state;
    assert!(back.is_read("a") && back.is_read("b"));
    assert!(listing(dir.path()).iter().any(|n| n.contains("corrupt")));
}
