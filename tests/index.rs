//! End-to-end tests of the on-disk metadata index (cache) behind `--list`.
//!
//! What a user relies on: `--list` and `--list --json` show exactly the
//! folder's current articles, whatever happened to the folder between runs,
//! and the index under `$XDG_CACHE_HOME/gogai/` only saves work. With
//! `GOGAI_INDEX_STATS=1` gogai says on stderr how much it saved:
//! `gogai: index: 3 reused, 1 parsed, 1 dropped`.
//!
//! Every run is isolated: its own state folder, cache folder and home, no
//! inherited `GOGAI_DIR`, stdin from `/dev/null`. File times are set
//! explicitly into the past, so the index's guard against same-second edits
//! never makes the counts depend on timing.
//!
//! Each listing is checked three ways: against the folder itself (read here
//! with `serde_json`), against a run with a fresh, empty cache, and against
//! the text form of `--list`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use tempfile::TempDir;

/// A whole second well in the past: every test file is given this time (or
/// one a fixed distance from it), never "now".
const OLD: u64 = 1_700_000_000;

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
        assert!(
            !self.stderr.contains("panicked"),
            "gogai panicked:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    fn ok(self) -> Self {
        self.code(0)
    }

    /// The numbers of the `gogai: index:` line, if there is one; panics
    /// when there are several.
    #[track_caller]
    fn stats_opt(&self) -> Option<Stats> {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("gogai: index:"))
            .collect();
        assert!(
            lines.len() <= 1,
            "more than one index line on stderr:\n{}",
            self.stderr
        );
        lines.first().map(|line| {
            Stats::parse(line).unwrap_or_else(|| panic!("cannot read the index line {line:?}"))
        })
    }

    /// The numbers of the `gogai: index:` line; panics when there is none.
    #[track_caller]
    fn stats(&self) -> Stats {
        self.stats_opt()
            .unwrap_or_else(|| panic!("no `gogai: index:` line on stderr:\n{}", self.stderr))
    }
}

/// The three counts of `gogai: index: R reused, P parsed, D dropped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stats {
    reused: usize,
    parsed: usize,
    dropped: usize,
}

impl Stats {
    /// Reads each count as the number nearest before its word within its
    /// comma-separated part (`3 reused`, `3 files reused`), else the first
    /// number after it (`reused: 3`); words after the numbers are ignored.
    fn parse(line: &str) -> Option<Self> {
        let rest = line.strip_prefix("gogai: index:")?;
        let count = |word: &str| -> Option<usize> {
            rest.split(',').find_map(|part| {
                let tokens: Vec<&str> = part
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .collect();
                let at = tokens.iter().position(|t| *t == word)?;
                tokens[..at]
                    .iter()
                    .rev()
                    .chain(&tokens[at + 1..])
                    .find_map(|t| t.parse().ok())
            })
        };
        Some(Self {
            reused: count("reused")?,
            parsed: count("parsed")?,
            dropped: count("dropped")?,
        })
    }
}

#[track_caller]
fn assert_stats(run: &Run, reused: usize, parsed: usize, dropped: usize) {
    let want = Stats {
        reused,
        parsed,
        dropped,
    };
    assert_eq!(run.stats(), want, "stderr:\n{}", run.stderr);
}

/// One article as `--list --json` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Listed {
    id: String,
    title: String,
    /// The path as shown, `<folder>/<file name>`.
    file: String,
    read: bool,
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The entries of a `--list --json` output, in order.
#[track_caller]
fn listed(stdout: &str) -> Vec<Listed> {
    let list = parse_json(stdout);
    list.as_array()
        .unwrap_or_else(|| panic!("not a JSON array:\n{stdout}"))
        .iter()
        .map(|e| Listed {
            id: e["id"].as_str().expect("id is a string").to_owned(),
            title: e["title"].as_str().expect("title is a string").to_owned(),
            file: e["file"].as_str().expect("file is a string").to_owned(),
            read: e["read"].as_bool().expect("read is a boolean"),
        })
        .collect()
}

/// The ids of a text `--list` output, in order.
fn text_ids(list: &str) -> Vec<&str> {
    list.lines()
        .filter_map(|line| line.get(2..)?.split_whitespace().next())
        .collect()
}

/// What the folder holds, read here without gogai: `(id, title, shown
/// path)` of every `*.json` file that is one JSON object with a string id
/// and title, newest first, undated last, ties by id (the list order).
fn expected(dir: &Path) -> Vec<(String, String, String)> {
    let mut found: Vec<(Option<String>, String, String, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the test folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(value) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        let (Some(id), Some(title)) = (value["id"].as_str(), value["title"].as_str()) else {
            continue;
        };
        found.push((
            value["published"].as_str().map(str::to_owned),
            id.to_owned(),
            title.to_owned(),
            path.display().to_string(),
        ));
    }
    found.sort_by(|a, b| {
        b.0.is_some()
            .cmp(&a.0.is_some())
            .then_with(|| b.0.cmp(&a.0))
            .then_with(|| a.1.cmp(&b.1))
    });
    found
        .into_iter()
        .map(|(_, id, title, file)| (id, title, file))
        .collect()
}

/// An isolated environment: state, cache and home folders of its own.
struct Env {
    state: TempDir,
    cache: TempDir,
    home: TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            state: tempdir(),
            cache: tempdir(),
            home: tempdir(),
        }
    }

    /// The binary with `XDG_CACHE_HOME` set to `cache_home`, statistics on.
    fn command(&self, cache_home: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gogai"));
        cmd.env("XDG_STATE_HOME", self.state.path())
            .env("XDG_DATA_HOME", self.state.path().join("data"))
            .env("XDG_CONFIG_HOME", self.state.path().join("config"))
            .env("XDG_CACHE_HOME", cache_home)
            .env("HOME", self.home.path())
            .env("GOGAI_INDEX_STATS", "1")
            .env_remove("GOGAI_DIR")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `gogai --dir <dir> ARGS` with `XDG_CACHE_HOME` at `cache_home`.
    fn run_with(&self, cache_home: &Path, dir: &Path, args: &[&str]) -> Run {
        let out = self
            .command(cache_home)
            .arg("--dir")
            .arg(dir)
            .args(args)
            .output()
            .expect("run gogai");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Runs `gogai --dir <dir> ARGS` with this environment's cache.
    fn run(&self, dir: &Path, args: &[&str]) -> Run {
        self.run_with(self.cache.path(), dir, args)
    }

    /// Runs `--list --json` and checks that it shows exactly the folder's
    /// articles; returns that run, for its statistics.
    #[track_caller]
    fn list(&self, dir: &Path) -> Run {
        self.list_with(self.cache.path(), dir)
    }

    /// [`Env::list`] with `XDG_CACHE_HOME` at `cache_home`. After the
    /// checked run, also runs the text `--list` with the same cache and
    /// `--list --json` with a fresh cache, and compares them.
    #[track_caller]
    fn list_with(&self, cache_home: &Path, dir: &Path) -> Run {
        let out = self.run_with(cache_home, dir, &["--list", "--json"]).ok();
        let shown: Vec<(String, String, String)> = listed(&out.stdout)
            .into_iter()
            .map(|e| (e.id, e.title, e.file))
            .collect();
        assert_eq!(
            shown,
            expected(dir),
            "--list --json does not show the folder's articles\n--- stderr ---\n{}",
            out.stderr
        );

        let text = self.run_with(cache_home, dir, &["--list"]).ok();
        let want: Vec<String> = expected(dir).into_iter().map(|e| e.0).collect();
        assert_eq!(text_ids(&text.stdout), want, "--list:\n{}", text.stdout);

        let fresh = tempdir();
        let cold = self.run_with(fresh.path(), dir, &["--list", "--json"]).ok();
        assert_eq!(
            parse_json(&out.stdout),
            parse_json(&cold.stdout),
            "the listing differs from one made without an index"
        );
        out
    }

    /// `$XDG_CACHE_HOME/gogai`.
    fn index_dir(&self) -> PathBuf {
        self.cache.path().join("gogai")
    }

    /// The files under the index folder (at any depth), sorted.
    fn index_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, into: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
                let path = entry.expect("an index folder entry").path();
                if path.is_dir() {
                    walk(&path, into);
                } else if path.is_file() {
                    into.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.index_dir(), &mut files);
        files.sort();
        files
    }

    /// The one index file; panics unless there is exactly one.
    #[track_caller]
    fn index_file(&self) -> PathBuf {
        let files = self.index_files();
        assert_eq!(
            files.len(),
            1,
            "expected one index file in {}: {files:?}",
            self.index_dir().display()
        );
        files.into_iter().next().unwrap()
    }
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

/// Sets the modification time of `path` to `secs` seconds after the epoch.
fn set_mtime(path: &Path, secs: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)))
        .unwrap_or_else(|e| panic!("set the time of {}: {e}", path.display()));
}

/// Writes `contents` to `dir/name`, dated `secs` seconds after the epoch.
fn write_at(dir: &Path, name: &str, contents: impl AsRef<[u8]>, secs: u64) -> PathBuf {
    let path = write(dir, name, contents);
    set_mtime(&path, secs);
    path
}

/// The name of article file `i`.
fn name(i: usize) -> String {
    format!("a{i:02}.json")
}

/// An article with every listed field; every other one is dated, so the
/// index must keep what the order depends on. Titles of the same length
/// give files of the same length.
fn article(id: &str, title: &str, i: usize) -> String {
    let mut value = json!({
        "id": id,
        "title": title,
        "subtitle": format!("Subtitle {i:02}"),
        "source": "Wire",
        "author": format!("Reporter {i:02}"),
        "tags": ["test", format!("t{i:02}")],
        "body": [format!("First paragraph of {id}."), "Second paragraph."],
    });
    if i.is_multiple_of(2) {
        value["published"] = json!(format!("2024-03-{:02}", 1 + i % 28));
    }
    value.to_string()
}

/// The standard article `i`: id `story-NN`, title `Story number NN`.
fn story(i: usize) -> String {
    article(&format!("story-{i:02}"), &format!("Story number {i:02}"), i)
}

/// A folder of `n` standard articles, all dated [`OLD`].
fn folder(n: usize) -> TempDir {
    let dir = tempdir();
    for i in 0..n {
        write_at(dir.path(), &name(i), story(i), OLD);
    }
    dir
}

/// `text` with its last `}` made a space: the same length, not JSON.
fn broken(text: &str) -> String {
    let at = text.rfind('}').expect("a JSON object");
    format!("{} {}", &text[..at], &text[at + 1..])
}

#[track_caller]
fn title_of(list: &[Listed], id: &str) -> String {
    list.iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} not listed: {list:?}"))
        .title
        .clone()
}

/// Simple deterministic pseudo-random bytes (a 64-bit LCG).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn stats_line_is_read_tolerantly() {
    let plain = Stats {
        reused: 3,
        parsed: 1,
        dropped: 2,
    };
    for line in [
        "gogai: index: 3 reused, 1 parsed, 2 dropped",
        "gogai: index: 3 reused, 1 parsed, 2 dropped (4 ms)",
        "gogai: index: 3 files reused, 1 files parsed, 2 entries dropped",
        "gogai: index: 3 reused entries, 1 parsed files, 2 dropped entries",
    ] {
        assert_eq!(Stats::parse(line), Some(plain), "{line}");
    }
    assert_eq!(Stats::parse("gogai: index: disabled"), None);
}

#[test]
fn first_run_parses_everything_and_the_second_reuses_all() {
    let env = Env::new();
    let dir = folder(8);
    let first = env.list(dir.path());
    assert_stats(&first, 0, 8, 0);
    env.index_file();
    let second = env.list(dir.path());
    assert_stats(&second, 8, 0, 0);
    assert_eq!(listed(&first.stdout), listed(&second.stdout));
}

#[test]
fn an_added_file_is_the_only_one_parsed_and_is_listed() {
    let env = Env::new();
    let dir = folder(6);
    assert_stats(&env.list(dir.path()), 0, 6, 0);
    write_at(
        dir.path(),
        "new.json",
        article("newcomer", "Fresh arrival", 7),
        OLD + 60,
    );
    let out = env.list(dir.path());
    assert_stats(&out, 6, 1, 0);
    assert_eq!(title_of(&listed(&out.stdout), "newcomer"), "Fresh arrival");
    assert_stats(&env.list(dir.path()), 7, 0, 0);
}

#[test]
fn a_changed_title_of_another_size_is_shown() {
    let env = Env::new();
    let dir = folder(6);
    env.list(dir.path());
    let path = write_at(
        dir.path(),
        &name(2),
        article("story-02", "A much longer replacement title", 2),
        OLD + 60,
    );
    assert_ne!(
        std::fs::metadata(&path).unwrap().len(),
        story(2).len() as u64
    );
    let out = env.list(dir.path());
    assert_stats(&out, 5, 1, 0);
    assert_eq!(
        title_of(&listed(&out.stdout), "story-02"),
        "A much longer replacement title"
    );
    assert_stats(&env.list(dir.path()), 6, 0, 0);

    // Another size at the very same time (a tool that keeps times, or a
    // clock that did not move): the size alone says it changed.
    write_at(
        dir.path(),
        &name(2),
        article("story-02", "Short", 2),
        OLD + 60,
    );
    let out = env.list(dir.path());
    assert_stats(&out, 5, 1, 0);
    assert_eq!(title_of(&listed(&out.stdout), "story-02"), "Short");
}

#[test]
fn a_changed_title_of_the_same_size_and_a_later_time_is_shown() {
    let env = Env::new();
    let dir = folder(6);
    env.list(dir.path());
    let changed = article("story-03", "Story edited 03", 3);
    assert_eq!(changed.len(), story(3).len(), "the test needs equal sizes");
    write_at(dir.path(), &name(3), changed, OLD + 1800);
    let out = env.list(dir.path());
    assert_stats(&out, 5, 1, 0);
    assert_eq!(
        title_of(&listed(&out.stdout), "story-03"),
        "Story edited 03"
    );
    assert_stats(&env.list(dir.path()), 6, 0, 0);
}

#[test]
fn a_changed_title_of_the_same_size_and_an_earlier_time_is_shown() {
    // A file restored from a backup (`cp -p`) is older than the one it
    // replaces: a different time, however it differs, means a new parse.
    let env = Env::new();
    let dir = folder(6);
    env.list(dir.path());
    let changed = article("story-04", "Story redone 04", 4);
    assert_eq!(changed.len(), story(4).len(), "the test needs equal sizes");
    write_at(dir.path(), &name(4), changed, OLD - 86_400);
    let out = env.list(dir.path());
    assert_stats(&out, 5, 1, 0);
    assert_eq!(
        title_of(&listed(&out.stdout), "story-04"),
        "Story redone 04"
    );
}

#[test]
fn a_same_second_edit_of_the_same_size_is_seen() {
    // A file changed again within the second it was indexed, to the same
    // size, keeps its time on a filesystem that counts whole seconds. The
    // index must not have trusted an entry that young. What counts is that
    // the file's time is not well before the entry was made; a time a day
    // ahead is that on any machine, however slow the first run (a time of
    // "now" was, only if the run ended within the second).
    let env = Env::new();
    let dir = folder(5);
    let ahead = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
        + 24 * 60 * 60;
    let path = write_at(dir.path(), &name(2), story(2), ahead);
    env.list(dir.path());
    let changed = article("story-02", "Story edited 02", 2);
    assert_eq!(changed.len(), story(2).len(), "the test needs equal sizes");
    std::fs::write(&path, changed).expect("edit");
    set_mtime(&path, ahead);
    let out = env.list(dir.path());
    assert_eq!(
        title_of(&listed(&out.stdout), "story-02"),
        "Story edited 02"
    );
    assert!(out.stats().parsed >= 1, "stderr:\n{}", out.stderr);
}

#[test]
fn a_deleted_file_disappears_and_its_entry_is_dropped() {
    let env = Env::new();
    let dir = folder(7);
    env.list(dir.path());
    std::fs::remove_file(dir.path().join(name(5))).unwrap();
    let out = env.list(dir.path());
    assert_stats(&out, 6, 0, 1);
    assert!(
        listed(&out.stdout).iter().all(|e| e.id != "story-05"),
        "{}",
        out.stdout
    );
    assert_stats(&env.list(dir.path()), 6, 0, 0);
}

#[test]
fn a_renamed_file_is_listed_once_under_its_new_name() {
    let env = Env::new();
    let dir = folder(6);
    env.list(dir.path());
    let to = dir.path().join("renamed.json");
    // A rename keeps the size and the time: only the name says it moved.
    std::fs::rename(dir.path().join(name(1)), &to).unwrap();
    let out = env.list(dir.path());
    let list = listed(&out.stdout);
    let entries: Vec<&Listed> = list.iter().filter(|e| e.id == "story-01").collect();
    assert_eq!(entries.len(), 1, "{list:?}");
    assert_eq!(entries[0].file, to.display().to_string());
    assert_eq!(entries[0].title, "Story number 01");
    // Parsed again under its new name and the old entry dropped; or, when
    // the index knows the contents, reused.
    let stats = out.stats();
    assert!(
        stats
            == Stats {
                reused: 5,
                parsed: 1,
                dropped: 1
            }
            || (stats.reused == 6 && stats.parsed == 0 && stats.dropped <= 1),
        "unexpected counts {stats:?}; stderr:\n{}",
        out.stderr
    );
    assert_stats(&env.list(dir.path()), 6, 0, 0);
}

#[test]
fn a_file_that_breaks_is_not_listed_and_check_reports_it() {
    let env = Env::new();
    let dir = folder(6);
    env.list(dir.path());
    let path = write_at(
        dir.path(),
        &name(2),
        "{\"id\": \"story-02\", \"title\": ",
        OLD + 60,
    );
    let out = env.list(dir.path());
    assert_stats(&out, 5, 1, 0);
    assert!(
        listed(&out.stdout).iter().all(|e| e.id != "story-02"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("skipped 1"), "{}", out.stderr);

    let check = env.run(dir.path(), &["--check"]).code(1);
    let at = format!("{}:", path.display());
    assert!(
        check
            .stdout
            .lines()
            .any(|l| l.starts_with(&at) && l.contains("error: invalid JSON")),
        "--check does not report {}:\n{}",
        path.display(),
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("6 files checked, 5 articles loaded, 1 error"),
        "{}",
        check.stdout
    );

    // Still broken, still not listed, whatever the index kept of it.
    env.list(dir.path());

    write_at(
        dir.path(),
        &name(2),
        article("story-02", "Story mended 02", 2),
        OLD + 120,
    );
    let out = env.list(dir.path());
    assert_stats(&out, 5, 1, 0);
    assert_eq!(
        title_of(&listed(&out.stdout), "story-02"),
        "Story mended 02"
    );
    let check = env.run(dir.path(), &["--check"]).ok();
    assert!(
        check
            .stdout
            .contains("6 files checked, 6 articles loaded, 0 errors"),
        "{}",
        check.stdout
    );
}

#[test]
fn check_reads_a_file_the_index_would_trust() {
    // Broken in place with the same size and time: --list may trust its
    // entry, --check must read the file.
    let env = Env::new();
    let dir = folder(5);
    env.list(dir.path());
    assert_stats(&env.list(dir.path()), 5, 0, 0);
    let path = dir.path().join(name(3));
    write_at(dir.path(), &name(3), broken(&story(3)), OLD);
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        story(3).len() as u64
    );
    let check = env.run(dir.path(), &["--check"]).code(1);
    let at = format!("{}:", path.display());
    assert!(
        check
            .stdout
            .lines()
            .any(|l| l.starts_with(&at) && l.contains("error:")),
        "--check trusted the index for {}:\n{}",
        path.display(),
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("5 files checked, 4 articles loaded, 1 error"),
        "{}",
        check.stdout
    );
}

#[test]
fn many_changes_at_once_are_all_seen() {
    let env = Env::new();
    let dir = folder(12);
    env.list(dir.path());
    // two deleted, two changed, two added
    std::fs::remove_file(dir.path().join(name(0))).unwrap();
    std::fs::remove_file(dir.path().join(name(7))).unwrap();
    write_at(
        dir.path(),
        &name(3),
        article("story-03", "Changed three", 3),
        OLD + 10,
    );
    write_at(
        dir.path(),
        &name(8),
        article("story-08", "Changed eight, and dated", 8),
        OLD + 10,
    );
    write_at(
        dir.path(),
        "b1.json",
        article("extra-1", "Extra one", 21),
        OLD,
    );
    write_at(
        dir.path(),
        "b2.json",
        article("extra-2", "Extra two", 22),
        OLD,
    );
    let out = env.list(dir.path());
    assert_stats(&out, 8, 4, 2);
    assert_stats(&env.list(dir.path()), 12, 0, 0);
}

#[test]
fn a_truncated_index_is_ignored_and_rebuilt() {
    let env = Env::new();
    let dir = folder(10);
    env.list(dir.path());
    let index = env.index_file();
    let bytes = std::fs::read(&index).unwrap();
    assert!(bytes.len() > 1, "the index file is empty after a run");
    std::fs::write(&index, &bytes[..bytes.len() / 2]).unwrap();
    let out = env.list(dir.path());
    let stats = out.stats();
    // A format that salvages the entries before the cut may reuse them;
    // the listing is checked either way.
    assert_eq!(stats.reused + stats.parsed, 10, "{stats:?}");
    assert!(stats.parsed >= 1, "nothing was parsed again: {stats:?}");
    assert_stats(&env.list(dir.path()), 10, 0, 0);
}

#[test]
fn an_empty_index_is_ignored_and_rebuilt() {
    let env = Env::new();
    let dir = folder(10);
    env.list(dir.path());
    std::fs::write(env.index_file(), b"").unwrap();
    assert_stats(&env.list(dir.path()), 0, 10, 0);
    assert_stats(&env.list(dir.path()), 10, 0, 0);
}

#[test]
fn an_index_of_random_bytes_is_ignored_and_rebuilt() {
    let env = Env::new();
    let dir = folder(10);
    env.list(dir.path());
    let index = env.index_file();
    let len = std::fs::metadata(&index).unwrap().len() as usize;
    std::fs::write(&index, noise(len.max(64), 7)).unwrap();
    assert_stats(&env.list(dir.path()), 0, 10, 0);
    assert_stats(&env.list(dir.path()), 10, 0, 0);
}

#[test]
fn the_index_of_another_folder_is_ignored() {
    // Same file names, sizes and times, other titles: only the folder
    // tells the two indexes apart.
    let env = Env::new();
    let ours = folder(8);
    let theirs = tempdir();
    for i in 0..8 {
        let other = article(&format!("story-{i:02}"), &format!("Other number {i:02}"), i);
        assert_eq!(other.len(), story(i).len());
        write_at(theirs.path(), &name(i), other, OLD);
    }
    env.list(ours.path());
    let our_index = env.index_file();
    env.list(theirs.path());
    let their_index = env
        .index_files()
        .into_iter()
        .find(|p| *p != our_index)
        .expect("a second index file");
    std::fs::copy(&their_index, &our_index).unwrap();

    let out = env.list(ours.path());
    assert_stats(&out, 0, 8, 0);
    assert!(
        listed(&out.stdout)
            .iter()
            .all(|e| e.title.starts_with("Story number")),
        "{}",
        out.stdout
    );
    assert_stats(&env.list(ours.path()), 8, 0, 0);
    assert_stats(&env.list(theirs.path()), 8, 0, 0);
}

#[test]
fn two_folders_keep_their_own_indexes() {
    let env = Env::new();
    let a = folder(6);
    let b = tempdir();
    for i in 0..6 {
        let other = article(&format!("other-{i:02}"), &format!("Other number {i:02}"), i);
        assert_eq!(other.len(), story(i).len());
        write_at(b.path(), &name(i), other, OLD);
    }
    assert_stats(&env.list(a.path()), 0, 6, 0);
    assert_stats(&env.list(b.path()), 0, 6, 0);
    assert_eq!(env.index_files().len(), 2, "{:?}", env.index_files());
    for _ in 0..2 {
        let out_a = env.list(a.path());
        assert_stats(&out_a, 6, 0, 0);
        assert!(
            listed(&out_a.stdout)
                .iter()
                .all(|e| e.id.starts_with("story-")),
            "{}",
            out_a.stdout
        );
        let out_b = env.list(b.path());
        assert_stats(&out_b, 6, 0, 0);
        assert!(
            listed(&out_b.stdout)
                .iter()
                .all(|e| e.id.starts_with("other-")),
            "{}",
            out_b.stdout
        );
    }
    assert_eq!(env.index_files().len(), 2, "{:?}", env.index_files());
}

#[test]
fn a_cache_home_that_is_a_file_only_costs_the_index() {
    let env = Env::new();
    let dir = folder(6);
    let not_a_folder = write(env.cache.path(), "cache-file", "not a folder");
    for _ in 0..2 {
        let out = env.list_with(&not_a_folder, dir.path());
        if let Some(stats) = out.stats_opt() {
            assert_eq!(stats.reused, 0, "reused from where? {stats:?}");
        }
    }
    assert_eq!(std::fs::read(&not_a_folder).unwrap(), b"not a folder");
}

#[test]
fn a_cache_folder_that_is_a_file_only_costs_the_index() {
    let env = Env::new();
    let dir = folder(6);
    write(env.cache.path(), "gogai", "not a folder");
    for _ in 0..2 {
        let out = env.list(dir.path());
        if let Some(stats) = out.stats_opt() {
            assert_eq!(stats.reused, 0, "reused from where? {stats:?}");
        }
    }
    assert_eq!(
        std::fs::read(env.cache.path().join("gogai")).unwrap(),
        b"not a folder"
    );
}

#[test]
fn a_missing_cache_home_is_no_obstacle() {
    let env = Env::new();
    let dir = folder(6);
    let missing = env.cache.path().join("not").join("yet");
    env.list_with(&missing, dir.path());
    env.list_with(&missing, dir.path());
}

#[cfg(unix)]
#[test]
fn a_read_only_cache_folder_only_costs_the_index() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::new();
    let dir = folder(6);
    let index_dir = env.index_dir();
    std::fs::create_dir(&index_dir).unwrap();
    std::fs::set_permissions(&index_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // (Run as root, the folder is writable all the same; the listing must
    // be right either way.)
    for _ in 0..2 {
        env.list(dir.path());
    }
    std::fs::set_permissions(&index_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn read_marks_show_on_a_run_that_reuses_the_index() {
    let env = Env::new();
    let dir = folder(6);
    let state_dir = env.state.path().join("gogai");
    std::fs::create_dir(&state_dir).unwrap();
    write(
        &state_dir,
        "state.json",
        r#"{"version":2,"articles":{"story-04":{"read":true}}}"#,
    );
    env.list(dir.path());
    let out = env.list(dir.path());
    assert_stats(&out, 6, 0, 0);
    let read: Vec<(String, bool)> = listed(&out.stdout)
        .into_iter()
        .map(|e| (e.id, e.read))
        .collect();
    for (id, is_read) in &read {
        assert_eq!(*is_read, id == "story-04", "{read:?}");
    }
    assert_eq!(read.len(), 6);
    // --list only reads the (older gogai's) state file: it is neither
    // changed nor migrated.
    assert_eq!(
        std::fs::read_to_string(state_dir.join("state.json")).unwrap(),
        r#"{"version":2,"articles":{"story-04":{"read":true}}}"#
    );
    assert!(!state_dir.join("state.sqlite").exists());
}

#[test]
fn two_names_that_show_alike_do_not_spoil_the_index_for_the_rest() {
    use std::os::unix::ffi::OsStrExt as _;
    let env = Env::new();
    let dir = folder(3);
    // Not UTF-8: both show as "�.json".
    for (byte, id) in [(0xff_u8, "odd-a"), (0xfe, "odd-b")] {
        let bytes = [byte, b'.', b'j', b's', b'o', b'n'];
        let path = dir.path().join(std::ffi::OsStr::from_bytes(&bytes));
        std::fs::write(&path, article(id, id, 40)).expect("write");
        set_mtime(&path, 1_000_000_000);
    }
    let run = |env: &Env| {
        let out = env.run(dir.path(), &["--list"]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        for id in ["odd-a", "odd-b"] {
            assert!(out.stdout.contains(id), "{id} missing:\n{}", out.stdout);
        }
        out
    };
    assert_stats(&run(&env), 0, 5, 0);
    // Names that are not UTF-8 are never remembered (the index keys by
    // name, and these two show alike): both are read each time, and the
    // three others are reused.
    assert_stats(&run(&env), 3, 2, 0);
    assert_stats(&run(&env), 3, 2, 0);
}

#[test]
fn the_same_folder_written_two_ways_keeps_both_indexes_warm() {
    let env = Env::new();
    let dir = folder(4);
    let parent = dir.path().parent().expect("a parent");
    let relative = std::path::Path::new(".").join(dir.path().file_name().expect("a name"));
    let run_in_parent = |dir: &Path| {
        let out = env
            .command(env.cache.path())
            .current_dir(parent)
            .arg("--dir")
            .arg(dir)
            .arg("--list")
            .output()
            .expect("run gogai");
        let stderr = String::from_utf8(out.stderr).expect("UTF-8");
        let run = Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("UTF-8"),
            stderr,
        };
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run
    };
    assert_stats(&run_in_parent(dir.path()), 0, 4, 0);
    assert_stats(&run_in_parent(&relative), 0, 4, 0);
    // Switching back and forth reads nothing again.
    assert_stats(&run_in_parent(dir.path()), 4, 0, 0);
    assert_stats(&run_in_parent(&relative), 4, 0, 0);
}

#[test]
fn no_single_damaged_byte_in_the_index_is_believed() {
    // In process, not through the binary: one load per byte of the index.
    use gogai::store::library::{Library, LibrarySource};
    let dir = folder(3);
    // One file with a problem, so the header holds one too.
    write_at(dir.path(), "zz-broken.json", broken(&story(9)), OLD);
    let cache = tempdir();
    let index = cache.path().join("folder.idx");
    let load = || {
        let (library, stats) =
            Library::load_dir_indexed(LibrarySource::Flag(dir.path().into()), dir.path(), &index)
                .expect("folder loads");
        let shown: Vec<(String, String, Option<String>)> = library
            .articles
            .iter()
            .map(|a| {
                (
                    a.id().to_owned(),
                    a.title().to_owned(),
                    a.published().map(str::to_owned),
                )
            })
            .collect();
        let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
        (shown, problems, stats)
    };
    let (truth, problems, _) = load();
    assert_eq!(truth.len(), 3);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let (again, _, stats) = load();
    assert_eq!(
        (again, stats.reused),
        (truth.clone(), 4),
        "the index is used"
    );
    let good = std::fs::read(&index).expect("index written");
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        std::fs::write(&index, &bad).expect("write");
        let (shown, seen_problems, stats) = load();
        assert_eq!(shown, truth, "byte {at} of {} flipped", good.len());
        assert_eq!(seen_problems, problems, "byte {at} flipped");
        assert_eq!(stats.reused, 0, "byte {at} flipped, yet the index was used");
    }
}

#[test]
fn an_article_whose_file_changed_under_the_list_says_so_when_opened() {
    use gogai::store::Bodies as _;
    use gogai::store::library::{Library, LibrarySource};
    let dir = folder(2);
    let cache = tempdir();
    let index = cache.path().join("folder.idx");
    let load = || {
        Library::load_dir_indexed(LibrarySource::Flag(dir.path().into()), dir.path(), &index)
            .expect("folder loads")
            .0
    };
    load();
    let library = load();
    let at = library.position("story-01").expect("listed");
    let whole = library.articles.open(at).expect("opens");
    assert_eq!(whole.title, "Story number 01");
    assert!(!whole.body.is_empty());
    // Another id in the same file, then no file at all: errors that name
    // the file, not articles.
    write_at(dir.path(), &name(1), article("renamed", "Other", 1), OLD);
    let changed = library.articles.open(at).expect_err("no longer there");
    let file = dir.path().join(name(1)).display().to_string();
    assert_eq!(
        changed.to_string(),
        format!("{file}: the file no longer holds an article with id \"story-01\"")
    );
    std::fs::remove_file(dir.path().join(name(1))).expect("remove");
    let gone = library.articles.open(at).expect_err("removed");
    assert_eq!(
        gone.to_string(),
        format!("{file}: was removed before it could be read")
    );
}

/// A folder of `n` standard articles loaded through the index, so no body
/// is in memory, with the file of `story-00` (the first listed) then
/// removed.
fn loaded_then_removed(n: usize) -> (TempDir, TempDir, gogai::store::library::Library) {
    use gogai::store::library::{Library, LibrarySource};
    let dir = folder(n);
    let cache = tempdir();
    let index = cache.path().join("folder.idx");
    let (library, _) =
        Library::load_dir_indexed(LibrarySource::Flag(dir.path().into()), dir.path(), &index)
            .expect("folder loads");
    assert!(!library.articles.in_memory());
    std::fs::remove_file(dir.path().join(name(0))).expect("remove");
    (dir, cache, library)
}

#[test]
fn a_vanished_file_is_shown_in_the_reader_as_a_message_with_no_facts() {
    use gogai::action::Action;
    use gogai::app::App;
    let (_dir, _cache, library) = loaded_then_removed(2);
    let mut app = App::new(library, gogai::store::state::ReadState::default());
    app.update(Action::Resize(100, 30));
    let article = app.article().expect("the one article is open");
    assert_eq!(article.title, "Story number 00", "the list's title is kept");
    assert!(
        article.body[0].contains("could not be read again")
            && article.body[0].contains("removed")
            && article.body[0].contains("Press r to reload"),
        "{:?}",
        article.body
    );
    assert!(app.facts().is_empty(), "{:?}", app.facts());
}

#[test]
fn a_vanished_file_is_never_found_by_its_error_text() {
    use gogai::search::{EntityIndex, Query, SearchIndex};
    let (_dir, _cache, library) = loaded_then_removed(3);
    let gone = library.position("story-00").expect("still listed");
    let index = SearchIndex::build(&library.articles);
    assert_eq!(index.done(), 3);
    assert_eq!(index.unreadable(), 1);
    // Built whole here: `person:` terms need it.
    let entities = EntityIndex::build(&library.articles);
    assert!(entities.is_complete());
    assert_eq!(entities.unreadable(), 1);
    assert_eq!(
        entities.get(gone),
        Some(&gogai::search::Entities::default())
    );
    let search = |q: &str| index.search(&Query::parse(q), None, &entities);
    for words in ["removed", "\"could not be read\"", "reload", "press"] {
        let outcome = search(words);
        assert_eq!(outcome.matches, Vec::<usize>::new(), "{words}");
        assert_eq!(outcome.pending, 0, "{words}");
    }
    // The others are searched as ever.
    assert_eq!(search("\"first paragraph of story-02\"").matches.len(), 1);
}

#[test]
fn repeated_ids_and_equal_dates_are_listed_the_same_from_the_index() {
    // The list order is kept in the index; a second run takes it from
    // there instead of sorting again, and must show what the first showed.
    // (`Env::list` compares with the files read one by one, which knows
    // nothing of repeated ids: the runs are made here.)
    let env = Env::new();
    let dir = tempdir();
    let dated = |id: &str, title: &str, date: Option<&str>| {
        let mut value = json!({"id": id, "title": title, "body": ["Text."]});
        if let Some(date) = date {
            value["published"] = json!(date);
        }
        value.to_string()
    };
    for (file, id, title, date) in [
        ("a00.json", "twin", "First twin", Some("2024-03-05")),
        ("a01.json", "twin", "Second twin", Some("2024-03-09")),
        ("a02.json", "zeta", "Zeta", Some("2024-03-07")),
        ("a03.json", "alpha", "Alpha", Some("2024-03-07")),
        ("a04.json", "mid", "Mid", Some("2024-03-07")),
        ("a05.json", "loose", "Loose", None),
        ("a06.json", "early", "Early", None),
    ] {
        write_at(dir.path(), file, dated(id, title, date), OLD);
    }
    let list = || {
        env.run_with(env.cache.path(), dir.path(), &["--list", "--json"])
            .ok()
    };
    let first = list();
    assert_stats(&first, 0, 7, 0);
    let second = list();
    assert_stats(&second, 7, 0, 0);
    assert!(second.stderr.contains("skipped 1"), "{}", second.stderr);
    let ids = |run: &Run| -> Vec<(String, String)> {
        listed(&run.stdout)
            .into_iter()
            .map(|e| (e.id, e.title))
            .collect()
    };
    let expected: Vec<(String, String)> = [
        ("alpha", "Alpha"),
        ("mid", "Mid"),
        ("zeta", "Zeta"),
        ("twin", "First twin"),
        ("early", "Early"),
        ("loose", "Loose"),
    ]
    .iter()
    .map(|(i, t)| ((*i).to_owned(), (*t).to_owned()))
    .collect();
    assert_eq!(ids(&first), expected);
    assert_eq!(ids(&second), expected);
}

// ------------------------------------------------- the log of changes

/// The index of `env` for one folder: the base file and its log beside it.
fn base_and_log(env: &Env) -> (PathBuf, PathBuf) {
    let base = env
        .index_files()
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap_or_else(|| panic!("no index in {}", env.index_dir().display()));
    let mut log = base.clone().into_os_string();
    log.push(".delta");
    (base, PathBuf::from(log))
}

/// The word after `written ` on the index line: how the run wrote it.
#[track_caller]
fn written(run: &Run) -> String {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("gogai: index:"))
        .unwrap_or_else(|| panic!("no index line:\n{}", run.stderr));
    let (_, rest) = line.split_once("written ").expect("a written part");
    rest.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The number after `log records applied ` on the index line.
#[track_caller]
fn applied(run: &Run) -> usize {
    let (_, rest) = run
        .stderr
        .split_once("log records applied ")
        .unwrap_or_else(|| panic!("no applied count:\n{}", run.stderr));
    rest.split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

/// `gogai --list` once, with this environment's cache.
fn list_once(env: &Env, dir: &Path) -> Run {
    env.run(dir, &["--list"]).ok()
}

#[test]
fn changes_between_runs_are_appended_to_the_log_and_folded_in_by_the_next_run() {
    let env = Env::new();
    let dir = folder(40);
    assert_eq!(written(&list_once(&env, dir.path())), "Whole");
    let (base, log) = base_and_log(&env);
    let before = std::fs::read(&base).unwrap();
    assert!(!log.exists(), "a fresh base has no log");

    // Added, changed, deleted and renamed, all at once.
    write_at(dir.path(), "new.json", story(77), OLD);
    write_at(
        dir.path(),
        &name(3),
        article("story-03", "A longer changed title for three", 3),
        OLD + 5,
    );
    std::fs::remove_file(dir.path().join(name(5))).unwrap();
    std::fs::rename(dir.path().join(name(7)), dir.path().join("moved.json")).unwrap();
    let out = list_once(&env, dir.path());
    assert_eq!(written(&out), "Appended", "{}", out.stderr);
    assert_stats(&out, 37, 3, 2);
    assert_eq!(
        std::fs::read(&base).unwrap(),
        before,
        "the base was written again"
    );
    assert!(log.is_file(), "no log beside {}", base.display());

    // A second change is a second record.
    std::fs::remove_file(dir.path().join(name(9))).unwrap();
    let out = list_once(&env, dir.path());
    assert_eq!(written(&out), "Appended", "{}", out.stderr);
    assert_eq!(applied(&out), 1);
    assert_stats(&out, 39, 0, 1);
    assert_eq!(std::fs::read(&base).unwrap(), before);

    // The next run takes everything from base and log and reads nothing;
    // finding nothing changed, it folds the log into a new base.
    let out = list_once(&env, dir.path());
    assert_stats(&out, 39, 0, 0);
    assert_eq!(applied(&out), 2);
    assert_eq!(written(&out), "Whole");
    assert!(!log.exists());
    assert_ne!(std::fs::read(&base).unwrap(), before);
    // And the list is right all along (checked against the folder and a
    // fresh cache by `list`).
    let out = env.list(dir.path());
    assert_eq!(applied(&out), 0);
    let list = listed(&out.stdout);
    assert_eq!(
        title_of(&list, "story-03"),
        "A longer changed title for three"
    );
    assert_eq!(title_of(&list, "story-77"), "Story number 77");
    assert!(!list.iter().any(|e| e.id == "story-05"), "{list:?}");
}

#[test]
fn a_torn_or_damaged_log_tail_is_ignored_and_replaced_by_the_next_change() {
    let env = Env::new();
    let dir = folder(40);
    list_once(&env, dir.path());
    write_at(dir.path(), "new1.json", story(71), OLD);
    assert_eq!(written(&list_once(&env, dir.path())), "Appended");
    let (base, log) = base_and_log(&env);
    let one = std::fs::read(&log).unwrap().len();
    write_at(dir.path(), "new2.json", story(72), OLD);
    assert_eq!(written(&list_once(&env, dir.path())), "Appended");
    let two = std::fs::read(&log).unwrap();
    let base_bytes = std::fs::read(&base).unwrap();

    // Cut inside the second record's length, inside its bytes, one byte
    // short; and a byte of it flipped.
    let mut flipped = two.clone();
    flipped[two.len() - 3] ^= 0x40;
    let damaged = [
        two[..one + 3].to_vec(),
        two[..one + (two.len() - one) / 2].to_vec(),
        two[..two.len() - 1].to_vec(),
        flipped,
    ];
    for (k, bytes) in damaged.into_iter().enumerate() {
        std::fs::write(&log, &bytes).unwrap();
        // The first record is used; the second file is read again and
        // logged again in place of the damaged record.
        let out = list_once(&env, dir.path());
        assert_eq!(applied(&out), 1, "case {k}: {}", out.stderr);
        assert_stats(&out, 41, 1, 0);
        assert_eq!(written(&out), "Appended", "case {k}");
        assert_eq!(std::fs::read(&log).unwrap().len(), two.len(), "case {k}");
        // Checked against the folder and a fresh cache (which folds the
        // log in: both are put back for the next case).
        env.list(dir.path());
        std::fs::write(&base, &base_bytes).unwrap();
    }
}

#[test]
fn a_log_of_another_base_is_ignored() {
    let env = Env::new();
    let dir = folder(40);
    env.list(dir.path());
    write_at(dir.path(), "new1.json", story(71), OLD);
    assert_eq!(written(&list_once(&env, dir.path())), "Appended");
    let (base, log) = base_and_log(&env);
    let old_log = std::fs::read(&log).unwrap();
    // The base written again (as by another gogai's compaction) ...
    std::fs::remove_file(&base).unwrap();
    std::fs::remove_file(&log).unwrap();
    list_once(&env, dir.path());
    assert!(!log.exists());
    // ... and the old log put back: it names the old base and is ignored.
    std::fs::remove_file(dir.path().join("new1.json")).unwrap();
    std::fs::write(&log, &old_log).unwrap();
    let out = list_once(&env, dir.path());
    assert_eq!(applied(&out), 0, "{}", out.stderr);
    env.list(dir.path());
}

#[test]
fn the_log_is_folded_into_a_new_base_once_it_passes_a_share_of_it() {
    let env = Env::new();
    let dir = folder(40);
    env.list(dir.path());
    let (base, log) = base_and_log(&env);
    let first = std::fs::read(&base).unwrap();
    let mut appended = 0;
    let mut compacted = false;
    for i in 0..40 {
        write_at(dir.path(), &format!("more{i:02}.json"), story(100 + i), OLD);
        let out = env.run(dir.path(), &["--list"]).ok();
        match written(&out).as_str() {
            "Appended" => appended += 1,
            "Whole" => {
                compacted = true;
                break;
            }
            other => panic!("{other}: {}", out.stderr),
        }
    }
    assert!(compacted, "the log was never folded in");
    assert!(appended >= 2, "folded in after {appended} records");
    assert!(!log.exists(), "the log outlived its base");
    assert_ne!(std::fs::read(&base).unwrap(), first);
    let out = env.list(dir.path());
    assert_eq!(applied(&out), 0);
    assert_stats(&out, 40 + appended + 1, 0, 0);
}

#[test]
#[ignore = "a child process of the test below, which starts it with --ignored"]
fn log_writer_child() {
    use gogai::store::library::{Library, LibrarySource};
    let var = |name: &str| PathBuf::from(std::env::var_os(name).expect("set by the parent test"));
    let (dir, index) = (var("GOGAI_TEST_DIR"), var("GOGAI_TEST_INDEX"));
    let me = std::process::id();
    // Each pass changes this writer's own files (new ones dated in the
    // past, so they are logged once; one rewritten every time) and brings
    // the index up to date: a record appended, or the base rewritten.
    for i in 0.. {
        write_at(&dir, &format!("w{me}-{i:05}.json"), story(i % 100), OLD);
        write(
            &dir,
            &format!("w{me}.json"),
            article(&format!("w{me}"), &format!("pass {i}"), 1),
        );
        Library::load_dir_indexed(LibrarySource::Flag(dir.clone()), &dir, &index)
            .expect("the folder loads");
    }
}

#[test]
fn writers_killed_mid_append_leave_an_index_that_is_right_or_rebuilt() {
    use gogai::store::library::{Library, LibrarySource};
    let dir = folder(60);
    let cache = tempdir();
    let index = cache.path().join("x.idx");
    let mut log = index.clone().into_os_string();
    log.push(".delta");
    let log = PathBuf::from(log);
    let listing = |library: &Library| -> Vec<(String, String, String)> {
        let mut all: Vec<_> = library
            .articles
            .iter()
            .map(|a| (a.id().to_owned(), a.title().to_owned(), a.file()))
            .collect();
        all.sort();
        all
    };
    for round in 0..6u64 {
        // Two writers at once, sharing the lock, both killed (SIGKILL).
        let mut children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(std::env::current_exe().expect("test binary"))
                    .args(["--exact", "log_writer_child", "--ignored", "--nocapture"])
                    .env("GOGAI_TEST_DIR", dir.path())
                    .env("GOGAI_TEST_INDEX", &index)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("start a writer")
            })
            .collect();
        let start = std::time::Instant::now();
        while !log.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no writer ever appended"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(20 + 37 * round));
        for child in &mut children {
            child.kill().expect("kill -9");
            child.wait().expect("reap");
        }
        let origin = LibrarySource::Flag(dir.path().to_path_buf());
        let truth = listing(&Library::load_dir(origin.clone(), dir.path()).unwrap());
        let (through, stats) = Library::load_dir_indexed(origin, dir.path(), &index).unwrap();
        assert_eq!(listing(&through), truth, "round {round}: {stats:?}");
        // Whatever the kill left, the index is whole afterwards.
        let (again, stats) = Library::load_dir_indexed(
            LibrarySource::Flag(dir.path().to_path_buf()),
            dir.path(),
            &index,
        )
        .unwrap();
        assert_eq!(listing(&again), truth, "round {round}");
        assert_eq!(stats.dropped, 0, "round {round}: {stats:?}");
    }
}
