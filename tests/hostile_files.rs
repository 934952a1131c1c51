//! Article folders as they are found in the wild: huge, sparse, looping,
//! vanishing, unreadable or strangely named entries, and JSON built to break
//! parsers. Each must give exactly one clear problem line naming the file,
//! and never stop the rest of the folder from loading.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gogai::article::{MAX_NESTING, parse};
use gogai::store::library::{
    FileError, Library, LibrarySource, MAX_ARTICLE_FILE, read_article_file,
};

// ---------------------------------------------------------------- helpers

const GOOD: &str = r#"{"id": "good", "title": "The good one", "body": "Text."}"#;

/// A folder holding `good.json`, the one article that must always load.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "good.json", GOOD);
    dir
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write test file");
    path
}

fn load(dir: &Path) -> Library {
    Library::load_dir(LibrarySource::Flag(dir.to_path_buf()), dir).expect("folder loads")
}

fn ids(library: &Library) -> Vec<&str> {
    library.articles.iter().map(|a| a.id()).collect()
}

fn problems(library: &Library) -> Vec<String> {
    library.problems.iter().map(ToString::to_string).collect()
}

/// How a path is shown in problem lines.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Loads the folder on another thread, failing (not hanging) if that takes
/// more than a few seconds: a loader that blocks on a pipe would otherwise
/// stall the whole test run.
fn load_within_seconds(dir: &Path, unblock: impl FnOnce()) -> Library {
    let (tx, rx) = mpsc::channel();
    let owned = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(load(&owned));
    });
    let Ok(library) = rx.recv_timeout(Duration::from_secs(10)) else {
        unblock();
        panic!("loading {} did not finish within 10 s", dir.display());
    };
    library
}

/// What `gogai --dir DIR --check` printed, with its exit code; killed (and
/// failed) after a timeout rather than waited for forever.
fn check(dir: &Path) -> (Option<i32>, String) {
    let state = tempfile::tempdir().expect("state dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gogai"))
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_DATA_HOME", state.path().join("data"))
        .env("XDG_CONFIG_HOME", state.path().join("config"))
        .env_remove("GOGAI_DIR")
        .arg("--dir")
        .arg(dir)
        .arg("--check")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gogai");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("poll gogai").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "gogai --check on {} did not finish within 20 s",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("gogai output");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    (out.status.code(), stdout)
}

/// `--check` reports exactly `expected` (in order) and then its summary.
#[track_caller]
fn assert_check(dir: &Path, expected: &[String], summary: &str) {
    let (code, stdout) = check(dir);
    assert_eq!(code, Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{stdout}");
    assert_eq!(&lines[..expected.len()], expected, "{stdout}");
    assert!(lines[expected.len()].ends_with(summary), "{stdout}");
}

/// Runs `f` on a thread with a small stack, so that parsing which recursed
/// once per nesting level would overflow for certain instead of by chance.
fn on_small_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

// ------------------------------------------------------------- size limit

#[test]
fn a_huge_sparse_file_is_refused_without_being_read() {
    let dir = folder();
    let big = dir.path().join("big.json");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(1 << 30))
        .expect("sparse file");
    let started = Instant::now();
    let library = load(dir.path());
    let expected = vec![format!(
        "{}:1:1: error: file is 1.0 GB; articles are limited to 16 MB",
        shown(&big)
    )];
    assert_eq!(problems(&library), expected);
    assert_eq!(ids(&library), ["good"]);
    assert_eq!((library.files, library.skipped()), (2, 1));
    // Reading a gigabyte of zeros takes seconds and a gigabyte of memory.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_check(
        dir.path(),
        &expected,
        "2 files checked, 1 article loaded, 1 error, 0 warnings",
    );
}

#[test]
fn the_size_limit_is_inclusive() {
    let dir = folder();
    // Exactly at the limit: read and loaded (the padding is JSON whitespace).
    let json = r#"{"id": "at-limit", "title": "T", "body": "B"}"#;
    let mut at_limit = json.as_bytes().to_vec();
    at_limit.resize(usize::try_from(MAX_ARTICLE_FILE).expect("fits"), b' ');
    write(dir.path(), "at-limit.json", &at_limit);
    // One byte over: refused, and its size never reads as the limit itself.
    at_limit.push(b' ');
    let over = write(dir.path(), "over.json", &at_limit);
    let library = load(dir.path());
    assert_eq!(
        problems(&library),
        [format!(
            "{}:1:1: error: file is 17 MB; articles are limited to 16 MB",
            shown(&over)
        )]
    );
    assert_eq!(ids(&library), ["at-limit", "good"]);
}

// ------------------------------------------------------ not regular files

#[test]
fn a_folder_named_like_an_article_is_reported() {
    let dir = folder();
    let sub = dir.path().join("x.json");
    std::fs::create_dir(&sub).expect("subfolder");
    write(&sub, "inside.json", r#"{"title": "Not read", "body": "B"}"#);
    let library = load(dir.path());
    let expected = vec![format!(
        "{}:1:1: error: is a folder, not a file",
        shown(&sub)
    )];
    assert_eq!(problems(&library), expected);
    assert_eq!(ids(&library), ["good"], "the folder is not entered");
    assert_check(
        dir.path(),
        &expected,
        "2 files checked, 1 article loaded, 1 error, 0 warnings",
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_reported_and_never_opened() {
    let dir = folder();
    let fifo = dir.path().join("x.json");
    mkfifo(&fifo);
    let library = load_within_seconds(dir.path(), || {
        // Opening the other end releases a loader stuck opening the pipe.
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    });
    let expected = vec![format!(
        "{}:1:1: error: not a regular file (a named pipe); only regular files are read",
        shown(&fifo)
    )];
    assert_eq!(problems(&library), expected);
    assert_eq!(ids(&library), ["good"]);
    assert_check(
        dir.path(),
        &expected,
        "2 files checked, 1 article loaded, 1 error, 0 warnings",
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_a_named_pipe_is_not_opened_either() {
    let dir = folder();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("pipe", &link).expect("symlink");
    let library = load_within_seconds(dir.path(), || {
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    });
    assert_eq!(
        problems(&library),
        [format!(
            "{}:1:1: error: not a regular file (a named pipe); only regular files are read",
            shown(&link)
        )]
    );
    assert_eq!(ids(&library), ["good"]);
}

#[cfg(unix)]
#[test]
fn a_character_device_is_reported() {
    let dir = folder();
    let link = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
    let library = load_within_seconds(dir.path(), || {});
    assert_eq!(
        problems(&library),
        [format!(
            "{}:1:1: error: not a regular file (a character device); only regular files are read",
            shown(&link)
        )]
    );
    assert_eq!(ids(&library), ["good"]);
}

// ---------------------------------------------------- links and vanishing

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_and_a_dangling_link_are_reported() {
    use std::os::unix::fs::symlink;
    let dir = folder();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let dangling = dir.path().join("dangling.json");
    symlink("b.json", &a).expect("a -> b");
    symlink("a.json", &b).expect("b -> a");
    symlink("missing.json", &dangling).expect("dangling");
    // The operating system's own words, whatever its language.
    let os_error = |p: &Path| std::fs::metadata(p).expect_err("cannot follow").to_string();
    assert!(
        os_error(&a)
            .to_lowercase()
            .contains("too many levels of symbolic links"),
        "{}",
        os_error(&a)
    );
    let library = load_within_seconds(dir.path(), || {});
    let expected = vec![
        format!(
            "{}:1:1: error: cannot follow the symbolic link to b.json: {}",
            shown(&a),
            os_error(&a)
        ),
        format!(
            "{}:1:1: error: cannot follow the symbolic link to a.json: {}",
            shown(&b),
            os_error(&b)
        ),
        format!(
            "{}:1:1: error: cannot follow the symbolic link to missing.json: {}",
            shown(&dangling),
            os_error(&dangling)
        ),
    ];
    assert_eq!(problems(&library), expected);
    assert_eq!(ids(&library), ["good"]);
    assert_check(
        dir.path(),
        &expected,
        "4 files checked, 1 article loaded, 3 errors, 0 warnings",
    );
}

#[test]
fn a_file_removed_after_listing_is_reported() {
    let dir = folder();
    let gone = write(dir.path(), "gone.json", GOOD);
    std::fs::remove_file(&gone).expect("remove");
    // What the loader meets when a listed file is gone by its turn.
    let err = read_article_file(&gone).expect_err("gone");
    assert!(matches!(err, FileError::Vanished), "{err:?}");
    assert_eq!(err.to_string(), "was removed before it could be read");
}

#[test]
fn files_coming_and_going_while_loading_never_stop_the_rest() {
    let dir = folder();
    // Enough files that loading runs on several threads.
    let names: Vec<String> = (0..100).map(|i| format!("churn-{i:03}.json")).collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (dir, names, stop) = (dir.path().to_path_buf(), names.clone(), stop.clone());
        std::thread::spawn(move || {
            let spare = dir.join("spare");
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for (i, name) in names.iter().enumerate() {
                    let path = dir.join(name);
                    if path.exists() {
                        let _ = std::fs::remove_file(&path);
                    } else {
                        // Whole files appear at once, never half-written.
                        let json = format!(r#"{{"id": "churn-{i}", "title": "T", "body": "B"}}"#);
                        let _ = std::fs::write(&spare, json);
                        let _ = std::fs::rename(&spare, &path);
                    }
                }
            }
        })
    };
    for _ in 0..50 {
        let library = load(dir.path());
        assert!(ids(&library).contains(&"good"));
        for problem in &library.problems {
            assert!(
                problem.message == "was removed before it could be read",
                "{problem}"
            );
        }
        assert_eq!(
            library.articles.len() + library.problems.len(),
            library.files
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().expect("churn thread");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = folder();
    let locked = write(dir.path(), "locked.json", GOOD.replace("good", "locked"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let library = load(dir.path());
    assert!(ids(&library).contains(&"good"));
    match std::fs::read(&locked) {
        Ok(_) => println!(
            "note: {} is readable despite mode 000 (running as root?); \
             the permission message is not checked",
            locked.display()
        ),
        Err(e) => {
            assert_eq!(
                problems(&library),
                [format!("{}:1:1: error: cannot read: {e}", shown(&locked))]
            );
            assert_eq!(ids(&library), ["good"]);
        }
    }
}

// ------------------------------------------------------------------ bytes

#[test]
fn a_byte_order_mark_is_ignored() {
    let dir = folder();
    write(
        dir.path(),
        "bom.json",
        "\u{feff}{\"id\": \"bom\", \"title\": \"T\",\n \"body\": \"B\"}",
    );
    write(
        dir.path(),
        "bom-array.json",
        "\u{feff}[{\"id\": \"bom-1\", \"title\": \"T\", \"body\": \"B\"}]",
    );
    // Positions after the mark are counted as the editor shows them.
    let broken = write(dir.path(), "bom-broken.json", "\u{feff}{\"title\": 5}");
    let library = load(dir.path());
    assert_eq!(ids(&library), ["bom", "bom-1", "good"]);
    assert_eq!(
        problems(&library),
        [format!(
            "{}:1:11: error: invalid type: integer `5`, expected a string",
            shown(&broken)
        )]
    );
}

#[test]
fn invalid_utf8_and_empty_files_are_reported_and_the_rest_loads() {
    let dir = folder();
    let latin1 = write(
        dir.path(),
        "latin1.json",
        b"{\"title\": \"caf\xe9\", \"body\": \"b\"}",
    );
    let empty = write(dir.path(), "empty.json", "");
    let library = load(dir.path());
    assert_eq!(
        problems(&library),
        [
            format!(
                "{}:1:1: error: file is empty; expected a JSON article object",
                shown(&empty)
            ),
            format!(
                "{}:1:15: error: not valid UTF-8 (byte 0xe9); article files must be UTF-8",
                shown(&latin1)
            ),
        ]
    );
    assert_eq!(ids(&library), ["good"]);
}

// ---------------------------------------------------------------- nesting

fn deep_message(line_column: &str) -> String {
    format!(
        "news/deep.json:{line_column}: error: JSON nested more than {MAX_NESTING} levels deep; \
         article files need only a few"
    )
}

/// The messages of parsing `json` as `news/deep.json`, on a small stack.
fn parse_deep(json: String) -> (usize, Vec<String>) {
    on_small_stack(move || {
        let parsed = parse(json.as_bytes(), "deep.json", "news/deep.json");
        let messages = parsed.problems.iter().map(ToString::to_string).collect();
        (parsed.articles.len(), messages)
    })
}

#[test]
fn arrays_nested_ten_thousand_deep_are_an_error() {
    let json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let column = MAX_NESTING + 1;
    assert_eq!(
        parse_deep(json),
        (0, vec![deep_message(&format!("1:{column}"))])
    );
}

#[test]
fn objects_nested_ten_thousand_deep_are_an_error() {
    let json = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    // Each level is five characters: the bracket opening one too many.
    let column = MAX_NESTING * 5 + 1;
    assert_eq!(
        parse_deep(json),
        (0, vec![deep_message(&format!("1:{column}"))])
    );
}

#[test]
fn deep_nesting_in_an_ignored_field_or_array_entry_is_an_error_too() {
    // `serde_json` skips these without its recursion limit.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let in_unknown_field = format!(r#"{{"title": "T", "body": "B", "extra": {deep}}}"#);
    let (articles, messages) = parse_deep(in_unknown_field);
    assert_eq!(articles, 0);
    assert_eq!(
        messages,
        [deep_message(&format!("1:{}", 38 + MAX_NESTING - 1))]
    );
    let in_array_entry = format!(r#"[{{"title": "T", "body": "B"}}, {deep}]"#);
    let (articles, messages) = parse_deep(in_array_entry);
    assert_eq!(articles, 0);
    assert_eq!(
        messages,
        [deep_message(&format!("1:{}", 31 + MAX_NESTING - 1))]
    );
}

#[test]
fn nesting_up_to_the_limit_loads() {
    // The article is level 1; the unknown field fills the rest.
    let levels = MAX_NESTING - 1;
    let json = format!(
        r#"{{"title": "T", "body": "B", "extra": {}{}}}"#,
        "[".repeat(levels),
        "]".repeat(levels)
    );
    let (articles, messages) = parse_deep(json);
    assert_eq!(articles, 1);
    assert_eq!(
        messages,
        ["news/deep.json:1:29: warning: unknown field `extra` is ignored"]
    );
}

#[test]
fn a_deeply_nested_file_does_not_stop_the_folder() {
    let dir = folder();
    let deep = write(
        dir.path(),
        "deep.json",
        format!("{}{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)),
    );
    let library = load(dir.path());
    assert_eq!(ids(&library), ["good"]);
    assert_eq!(
        problems(&library),
        [format!(
            "{}:1:{}: error: JSON nested more than {MAX_NESTING} levels deep; \
             article files need only a few",
            shown(&deep),
            MAX_NESTING * 5 + 1
        )]
    );
}

// ------------------------------------------------------------- surrogates

/// The one article of `json` (as `news/s.json`) and its problem lines.
fn parse_one(json: &str) -> (gogai::article::Article, Vec<String>) {
    let parsed = parse(json.as_bytes(), "s.json", "news/s.json");
    let messages = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(parsed.articles.len(), 1, "{messages:?}");
    let article = parsed.articles.into_iter().next().expect("one article");
    (article, messages)
}

#[test]
fn a_lone_high_surrogate_is_replaced_with_a_warning() {
    let (article, messages) = parse_one(r#"{"title": "a\ud800b", "body": "B"}"#);
    assert_eq!(article.title, "a\u{fffd}b");
    assert_eq!(
        messages,
        [r"news/s.json:1:13: warning: lone surrogate \ud800 replaced by U+FFFD"]
    );
}

#[test]
fn a_lone_low_surrogate_is_replaced_with_a_warning() {
    let (article, messages) = parse_one("{\"title\": \"T\",\n \"body\": \"\\uDC00\"}");
    assert_eq!(article.body, ["\u{fffd}"]);
    assert_eq!(
        messages,
        [r"news/s.json:2:11: warning: lone surrogate \uDC00 replaced by U+FFFD"]
    );
}

#[test]
fn a_high_surrogate_ending_a_string_is_replaced() {
    let (article, messages) = parse_one(r#"{"title": "T", "body": "end\ud83d"}"#);
    assert_eq!(article.body, ["end\u{fffd}"]);
    assert_eq!(
        messages,
        [r"news/s.json:1:28: warning: lone surrogate \ud83d replaced by U+FFFD"]
    );
}

#[test]
fn pairs_escaped_backslashes_and_other_escapes_are_left_alone() {
    let (article, messages) =
        parse_one(r#"{"title": "\ud83d\ude00 a\\ud800 \"\\\ud83d\ude00", "body": "\u00e9\n\\\\"}"#);
    assert_eq!(messages, Vec::<String>::new());
    assert_eq!(article.title, "\u{1f600} a\\ud800 \"\\\u{1f600}");
    // A single newline inside a body string is a soft break.
    assert_eq!(article.body, ["\u{e9} \\\\"]);
}

#[test]
fn several_lone_surrogates_give_one_warning() {
    // High then a full pair; a high with text between it and a low; a high
    // before another escape.
    let (article, messages) =
        parse_one(r#"{"title": "\ud800\ud83d\ude00 \ud800x\udc00 \ud800\n", "body": "B"}"#);
    assert_eq!(
        article.title,
        "\u{fffd}\u{1f600} \u{fffd}x\u{fffd} \u{fffd}"
    );
    assert_eq!(
        messages,
        [r"news/s.json:1:12: warning: 4 lone surrogates replaced by U+FFFD (the first is \ud800)"]
    );
}

#[test]
fn a_lone_surrogate_in_one_array_entry_keeps_the_other_positions_right() {
    let parsed = parse(
        "[\n {\"title\": \"x\\udc00\", \"body\": \"B\"},\n {\"title\": 5, \"body\": \"B\"}\n]"
            .as_bytes(),
        "s.json",
        "news/s.json",
    );
    let messages: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            r"news/s.json:2:14: warning: lone surrogate \udc00 replaced by U+FFFD",
            "news/s.json:3:12: error: article 2: invalid type: integer `5`, expected a string",
        ]
    );
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(parsed.articles[0].title, "x\u{fffd}");
}

#[test]
fn a_file_with_lone_surrogates_loads_in_a_folder() {
    let dir = folder();
    let path = write(
        dir.path(),
        "s.json",
        r#"{"id": "s", "title": "a\ud800b", "body": "B"}"#,
    );
    let library = load(dir.path());
    assert_eq!(ids(&library), ["good", "s"]);
    assert_eq!(library.skipped(), 0);
    assert_eq!(
        problems(&library),
        [format!(
            r"{}:1:24: warning: lone surrogate \ud800 replaced by U+FFFD",
            shown(&path)
        )]
    );
}

// ------------------------------------------------------------- file names

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_shown_escaped() {
    let dir = folder();
    let name = "\x1b[31mred\nline.json";
    write(dir.path(), name, "{");
    let escaped = format!("{}/\\u{{1b}}[31mred\\nline.json", shown(dir.path()));
    let expected = vec![format!(
        "{escaped}:1:1: error: invalid JSON: EOF while parsing an object"
    )];
    let library = load(dir.path());
    assert_eq!(problems(&library), expected);
    assert_eq!(ids(&library), ["good"]);
    let (code, stdout) = check(dir.path());
    assert_eq!(code, Some(1));
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
    assert_eq!(
        stdout.lines().next(),
        Some(expected[0].as_str()),
        "{stdout:?}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout:?}");
}

#[cfg(unix)]
#[test]
fn an_article_from_a_strangely_named_file_carries_the_escaped_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "evil\x07\u{202e}.json",
        r#"{"title": "T", "body": "B"}"#,
    );
    let library = load(dir.path());
    assert_eq!(library.problems, vec![]);
    assert_eq!(ids(&library), ["evil\\u{7}\\u{202e}"]);
    assert!(
        library
            .articles
            .at(0)
            .file()
            .ends_with("/evil\\u{7}\\u{202e}.json"),
        "{}",
        library.articles.at(0).file()
    );
}
