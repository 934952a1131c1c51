//! Fault injection from outside (issue 12): the built binary is driven the
//! way a hostile world would drive it — huge articles, a state lock held by
//! another process, a terminal that hangs up or never answers, two imports
//! racing, FIFOs where files should be — and each test asserts what a person
//! would see: the process ends, the screen answers, no mark is lost.
//!
//! Every wait is bounded: children run under a wall-clock limit and are
//! killed when it passes, pseudo-terminal output is drained by a thread into
//! a channel read with timeouts, and every helper process (`flock`, `sleep`)
//! is killed when its guard drops. Heavy runs also get an address-space limit
//! (`ulimit -v`), so a defect that eats memory fails the test instead of the
//! machine.
//!
//! Each issue-12 test was written first and failed for the reason the issue
//! gives; it has guarded its fix since.

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_gogai");
const REPO_ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/articles");
const EN_ID: &str = "microsoft-japan-investment";
const JA_ID: &str = "microsoft-japan-investment-ja";

const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
/// Every frame ends by hiding the cursor (see tests/pty.rs).
const FRAME_END: &[u8] = b"\x1b[?25l";
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";
const CTRL_C: &[u8] = b"\x03";
const ENTER: &[u8] = b"\r";

/// The address-space limit for heavy runs, in KiB (`ulimit -v`): ~2 GB.
const MEMORY_LIMIT_KIB: u64 = 2_000_000;

/// Waits for things that are not the promise under test (the first frame,
/// a status line): generous, scaled by `GOGAI_PTY_TIMEOUT_SCALE` like
/// tests/pty.rs.
fn timeout() -> Duration {
    let scale = std::env::var("GOGAI_PTY_TIMEOUT_SCALE")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0);
    Duration::from_secs(10).mul_f64(scale)
}

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

// ------------------------------------------------- one-shot runs, bounded

/// What a bounded run of a command gave: its exit status (`None` when it was
/// killed at the time limit), its output and how long it took.
#[derive(Debug)]
struct Ran {
    status: Option<std::process::ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Ran {
    fn finished(&self) -> bool {
        self.status.is_some()
    }

    fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }
}

/// Runs `cmd` with stdin closed; kills it if it is still running after
/// `limit`. Output is read on threads, so a chatty child never blocks.
fn run_bounded(mut cmd: Command, limit: Duration) -> Ran {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command");
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout piped")));
    let err = drain(Box::new(child.stderr.take().expect("stderr piped")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the child") {
            break Some(status);
        }
        if start.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    Ran {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed,
    }
}

/// `gogai ARGS` with its own state and cache folders, no `GOGAI_DIR`.
fn gogai(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("GOGAI_DIR")
        .current_dir(home);
    cmd
}

/// The same, under an address-space limit, through `sh -c "ulimit -v …;
/// exec gogai …"` (exec: the pid is gogai's, so a kill reaches it).
fn gogai_limited(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(limited_script(args.len()))
        .arg(BIN)
        .args(args)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("GOGAI_DIR")
        .current_dir(home);
    cmd
}

/// `sh -c` text that limits the address space, then runs `$0` with the
/// `n` arguments after it.
fn limited_script(n: usize) -> String {
    let mut script = format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\"");
    for i in 1..=n {
        let _ = write!(script, " \"${i}\"");
    }
    script
}

/// A helper process (`flock … sleep 40`) killed and reaped on drop.
struct Guard(std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

// --------------------------------------------------------------- articles

fn write_article(dir: &Path, file: &str, json: &serde_json::Value) {
    std::fs::write(dir.join(file), json.to_string()).expect("write an article");
}

/// One paragraph of about `bytes` bytes, thick with figures, dates and
/// amounts: the extractor's worst case.
fn paragraph_with_figures(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0u64;
    while out.len() < bytes {
        let _ = write!(
            out,
            "revenue rose {i}.5% to ${} million in {} as {i} firms hired {} staff, ",
            i * 3,
            2000 + i % 25,
            i * 7
        );
        i += 1;
    }
    out.push('.');
    out
}

/// About `bytes` bytes of ordinary sentences, in one paragraph.
fn ordinary_sentences(bytes: usize) -> String {
    const WORDS: [&str; 18] = [
        "the", "council", "met", "again", "on", "a", "quiet", "morning", "to", "talk", "about",
        "roads", "schools", "and", "parks", "while", "people", "waited",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while out.len() < bytes {
        let words: Vec<&str> = (0..12)
            .map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()])
            .collect();
        let sentence = words.join(" ");
        let mut chars = sentence.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        out.push_str(". ");
        i += 1;
    }
    out
}

/// A small article with a link, newest, so it is selected first.
fn small_article(dir: &Path) {
    write_article(
        dir,
        "small.json",
        &serde_json::json!({
            "id": "small", "title": "A small article", "published": "2024-06-02",
            "url": "https://example.com/small",
            "body": ["Nothing to see here."],
        }),
    );
}

/// An RSS feed of `items` (title, guid), under `channel` as its title.
fn rss(channel: &str, items: &[(&str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{channel}</title>\
         <link>https://example.com/</link><description>d</description>\n"
    );
    for (i, (title, guid)) in items.iter().enumerate() {
        let _ = writeln!(
            out,
            "<item><title>{title}</title><link>https://example.com/{guid}</link>\
             <guid>https://example.com/{guid}</guid>\
             <pubDate>Mon, 0{} Jan 2024 10:00:00 GMT</pubDate>\
             <description>Body of {title}, which says something long enough to keep.</description></item>",
            1 + i % 9
        );
    }
    out.push_str("</channel></rss>\n");
    out
}

/// The `.json` files in `dir`, sorted.
fn json_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list the folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    names
}

// ------------------------------------------------------------ state store

fn state_file(home: &Path) -> PathBuf {
    home.join("state").join("gogai").join("state.sqlite")
}

fn lock_file(state: &Path) -> PathBuf {
    let mut name = state.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// What the store at `path` holds, as `gogai --export --state PATH`
/// prints it for a user.
fn read_json(path: &Path) -> serde_json::Value {
    let ran = run_bounded(
        gogai(
            path.parent().expect("a folder"),
            &["--export", "--state", utf8(path)],
        ),
        timeout(),
    );
    assert!(ran.success(), "{}: cannot export: {ran:?}", path.display());
    serde_json::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("{}: the export is not JSON ({e}):\n{ran:?}", path.display()))
}

/// The ids the store at `path` marks read, sorted.
fn read_ids(path: &Path) -> Vec<String> {
    let json = read_json(path);
    let mut ids: Vec<String> = json["articles"]
        .as_object()
        .unwrap_or_else(|| panic!("no articles map in {json}"))
        .iter()
        .filter(|(_, marks)| marks["read"] == true)
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    ids
}

/// Holds the store's write lock from this process, as another gogai in the
/// middle of a save would, until dropped; the store is made first, empty.
struct Writer(rusqlite::Connection);

impl Writer {
    fn hold(state: &Path) -> Self {
        gogai::store::state::ReadState::default()
            .save(state)
            .expect("an empty store");
        let db = rusqlite::Connection::open(state).expect("open the store");
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

/// Holds the exclusive lock on `lock` from another process (`flock LOCK
/// sleep 40`) until the guard drops; returns once the lock is taken.
fn hold_lock(lock: &Path) -> Guard {
    std::fs::create_dir_all(lock.parent().expect("a parent folder")).expect("mkdir");
    // `flock LOCK sleep 40`, but with the lock held by the one process the
    // guard kills: the shell takes it on fd 9 and becomes `sleep`.
    let child = Command::new("sh")
        .args(["-c", "exec 9>>\"$0\" && flock 9 && exec sleep 40"])
        .arg(lock)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start flock");
    let guard = Guard(child);
    let deadline = Instant::now() + timeout();
    loop {
        // `flock -n` fails (status 1) while the other holds the lock.
        let probe = Command::new("flock")
            .args(["-n", "-E", "7"])
            .arg(lock)
            .arg("true")
            .status()
            .expect("run flock -n");
        if probe.code() == Some(7) {
            return guard;
        }
        assert!(
            Instant::now() < deadline,
            "flock never took {}",
            lock.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ------------------------------------------------------ pseudo-terminal

/// One run of gogai in a pseudo-terminal (the harness of tests/pty.rs,
/// trimmed, plus a hang-up). Dropping it kills the child.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn std::io::Write + Send>>,
    output: Receiver<Vec<u8>>,
    output_done: bool,
    /// Tells the reader thread to let go of its end of the terminal.
    stop_reading: Arc<AtomicBool>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    exit: Option<ExitStatus>,
}

impl Tui {
    /// Starts `PROGRAM ARGS` at `cols`×`rows` in `home` with its own state
    /// and cache folders and `env`.
    fn spawn_program(
        home: &Path,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        (cols, rows): (u16, u16),
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_CACHE_HOME", home.join("cache"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("GOGAI_DIR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("start gogai");
        drop(pair.slave);

        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, output) = mpsc::channel();
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
        });
        Self {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            output,
            output_done: false,
            stop_reading,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            exit: None,
        }
    }

    /// `gogai ARGS` at 100×30.
    fn spawn(home: &Path, args: &[&str]) -> Self {
        Self::spawn_program(home, BIN, args, &[], (100, 30))
    }

    /// `gogai ARGS` at 100×30 under the address-space limit.
    fn spawn_limited(home: &Path, args: &[&str]) -> Self {
        let script = limited_script(args.len());
        let mut all = vec!["-c", script.as_str(), BIN];
        all.extend_from_slice(args);
        Self::spawn_program(home, "sh", &all, &[], (100, 30))
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    fn pump(&mut self, slice: Duration) {
        if self.output_done {
            std::thread::sleep(slice);
            return;
        }
        match self.output.recv_timeout(slice) {
            Ok(bytes) => {
                self.feed(&bytes);
                while let Ok(more) = self.output.try_recv() {
                    self.feed(&more);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.output_done = true,
        }
    }

    fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    fn show(&self) -> String {
        let (_, cols) = self.screen().size();
        let rows: Vec<String> = self.screen().rows(0, cols).collect();
        format!("--- screen ---\n{}\n--- end of screen ---", rows.join("\n"))
    }

    #[track_caller]
    fn wait_until(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + timeout();
        loop {
            if self.raw.ends_with(FRAME_END) && done(self.screen()) {
                return;
            }
            if self.output_done {
                let status = self.child.try_wait().ok().flatten();
                panic!(
                    "gogai stopped writing (exit: {status:?}) before the screen showed {what}\n{}",
                    self.show()
                );
            }
            let now = Instant::now();
            assert!(
                now < deadline,
                "timed out after {:?} waiting for {what}\n{}",
                timeout(),
                self.show()
            );
            self.pump((deadline - now).min(Duration::from_millis(50)));
        }
    }

    #[track_caller]
    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    #[track_caller]
    fn wait_for_ui(&mut self) {
        self.wait_until("the UI (key hints in the footer)", |s| {
            let (rows, cols) = s.size();
            s.contents_between(rows - 1, 0, rows - 1, cols)
                .contains("? help")
        });
    }

    fn press(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(bytes).expect("type into the terminal");
        writer.flush().expect("flush the terminal");
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("gogai has a process id")
    }

    fn signal(&self, name: &str) {
        let pid = self.pid().to_string();
        let kill = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(&pid)
            .status()
            .expect("run kill");
        assert!(kill.success(), "kill -{name} {pid} failed");
    }

    /// Whether the child is still running.
    fn running(&mut self) -> bool {
        match self.child.try_wait().expect("poll gogai") {
            Some(status) => {
                self.exit = Some(status);
                false
            }
            None => true,
        }
    }

    /// Waits up to `limit` for the child to exit (taking in its output
    /// meanwhile); `None` if it is still running then.
    fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll gogai") {
                self.exit = Some(status.clone());
                // The rest of its output, briefly: the reader ends once the
                // terminal's other end is closed.
                let drain = Instant::now() + Duration::from_secs(2);
                while !self.output_done && Instant::now() < drain {
                    self.pump(Duration::from_millis(20));
                }
                return Some(status);
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            self.pump((deadline - now).min(Duration::from_millis(20)));
        }
    }

    /// Closes the terminal's master side, as a terminal window does when it
    /// is closed: the kernel hangs up the child's terminal (SIGHUP, then
    /// reads give end-of-file and writes fail).
    fn hang_up(&mut self) {
        // The reader thread holds a copy of the master: it lets go at its
        // next wake-up, which a resize (a redraw) provides.
        self.stop_reading.store(true, Ordering::SeqCst);
        if let Some(master) = &self.master {
            let _ = master.resize(PtySize {
                rows: 29,
                cols: 99,
                pixel_width: 0,
                pixel_height: 0,
            });
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while !self.output_done && Instant::now() < deadline {
            self.pump(Duration::from_millis(20));
        }
        // A window is closed while the reader sits idle, not mid-frame.
        std::thread::sleep(Duration::from_millis(300));
        self.writer = None;
        self.master = None;
    }

    /// Printable text written after the UI last left the alternate screen:
    /// what stays on the user's screen (messages printed at exit).
    fn after_ui(&self) -> String {
        let start = rfind(&self.raw, LEAVE_ALT_SCREEN).map_or(0, |i| i + LEAVE_ALT_SCREEN.len());
        visible_text(&self.raw[start..])
    }

    /// Every problem with how the terminal was left, as messages.
    fn restore_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.screen().alternate_screen() || rfind(&self.raw, LEAVE_ALT_SCREEN).is_none() {
            out.push("left in the alternate screen".to_owned());
        }
        let hidden = rfind(&self.raw, FRAME_END);
        if hidden.is_some() && rfind(&self.raw, SHOW_CURSOR) < hidden {
            out.push("cursor left hidden".to_owned());
        }
        if let Some(on) = rfind(&self.raw, MOUSE_ON)
            && rfind(&self.raw, MOUSE_OFF).is_none_or(|off| off < on)
        {
            out.push("mouse reporting left on".to_owned());
        }
        out
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exit.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The printable text in `bytes`, escape sequences removed.
fn visible_text(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x1b if bytes.get(i + 1) == Some(&b'[') => {
                i += 2;
                while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                    i += 1;
                }
                i += 1;
            }
            0x1b => i += 2,
            b'\n' => {
                out.push(b'\n');
                i += 1;
            }
            b if b < 0x20 || b == 0x7f => i += 1,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ------------------------------------------- 1. hostile article sizes

/// A folder with one article whose body is `paragraph`.
fn folder_with(home: &Path, paragraph: &str) -> PathBuf {
    let dir = home.join("articles");
    std::fs::create_dir_all(&dir).expect("mkdir");
    write_article(
        &dir,
        "big.json",
        &serde_json::json!({"id": "big", "title": "A big article", "published": "2024-06-01", "body": [paragraph]}),
    );
    dir
}

#[test]
fn print_of_a_500_kb_paragraph_with_figures_stays_within_2_gb_and_20_s() {
    let home = tempdir();
    let dir = folder_with(home.path(), &paragraph_with_figures(500_000));
    let ran = run_bounded(
        gogai_limited(home.path(), &["--dir", utf8(&dir), "--print", "big"]),
        Duration::from_secs(20),
    );
    assert!(
        ran.success(),
        "--print of a 500 KB paragraph with figures must finish within 20 s under a 2 GB limit; \
         after {:?}: status {:?}, stderr {:?}",
        ran.elapsed,
        ran.status,
        ran.stderr
    );
    assert!(
        ran.stdout.contains("revenue rose 4999.5%"),
        "the text is printed"
    );
}

#[test]
fn print_of_2_mb_of_ordinary_sentences_in_one_paragraph_finishes_within_30_s() {
    let home = tempdir();
    let dir = folder_with(home.path(), &ordinary_sentences(2_000_000));
    let ran = run_bounded(
        gogai_limited(home.path(), &["--dir", utf8(&dir), "--print", "big"]),
        Duration::from_secs(30),
    );
    assert!(
        ran.success(),
        "--print of 2 MB of ordinary sentences must finish within 30 s; after {:?}: status {:?}, stderr {:?}",
        ran.elapsed,
        ran.status,
        ran.stderr
    );
}

/// A folder with a small article (selected first) and, second, one paragraph
/// of 500 KB with figures.
fn folder_with_a_hostile_second_article(home: &Path) -> PathBuf {
    let dir = folder_with(home, &paragraph_with_figures(500_000));
    small_article(&dir);
    dir
}

#[test]
fn selecting_a_huge_article_leaves_q_answering_within_2_s() {
    let home = tempdir();
    let dir = folder_with_a_hostile_second_article(home.path());
    let mut tui = Tui::spawn_limited(home.path(), &["--dir", utf8(&dir)]);
    tui.wait_for_ui();
    tui.wait_for("Articles 1/2");
    tui.press(b"j");
    std::thread::sleep(Duration::from_millis(300));
    tui.press(b"q");
    let status = tui.exit_within(Duration::from_secs(2));
    assert!(
        status.as_ref().is_some_and(ExitStatus::success),
        "q must quit within 2 s of selecting a 500 KB paragraph with figures; got {status:?}\n{}",
        tui.show()
    );
    let problems = tui.restore_problems();
    assert!(problems.is_empty(), "terminal not restored: {problems:?}");
}

#[test]
fn opening_a_huge_article_leaves_ctrl_c_answering_within_2_s() {
    let home = tempdir();
    let dir = folder_with_a_hostile_second_article(home.path());
    let mut tui = Tui::spawn_limited(home.path(), &["--dir", utf8(&dir)]);
    tui.wait_for_ui();
    tui.wait_for("Articles 1/2");
    tui.press(b"j");
    tui.press(ENTER);
    std::thread::sleep(Duration::from_millis(300));
    tui.press(CTRL_C);
    let status = tui.exit_within(Duration::from_secs(2));
    assert!(
        status.as_ref().is_some_and(ExitStatus::success),
        "Ctrl-C must quit within 2 s of opening a 500 KB paragraph with figures; got {status:?}\n{}",
        tui.show()
    );
    let problems = tui.restore_problems();
    assert!(problems.is_empty(), "terminal not restored: {problems:?}");
}

// ------------------------------------------- 2. a quit that never ends

/// Marks the first article, quits, and checks that gogai ended within
/// 10 s, said it could not have the store, and that the next `--list`
/// (once `release` let the store go) shows the mark.
fn quit_while_held(home: &Path, held: &str, release: impl FnOnce()) {
    let mut tui = Tui::spawn(home, &["--dir", REPO_ARTICLES]);
    tui.wait_for_ui();
    tui.wait_for("2 unread");
    tui.press(b"m");
    tui.wait_for("1 unread");
    tui.press(b"q");
    let status = tui.exit_within(Duration::from_secs(10));
    assert!(
        status.is_some(),
        "q must end gogai within 10 s while another process holds {held}\n{}",
        tui.show()
    );
    let said = tui.after_ui();
    assert!(
        said.to_lowercase().contains("lock"),
        "gogai must say it could not take the lock; it said {said:?}"
    );
    assert!(
        said.contains("kept in"),
        "gogai must say where the changes are kept; it said {said:?}"
    );
    release();
    // The next run sees the mark.
    let ran = run_bounded(gogai(home, &["--dir", REPO_ARTICLES, "--list"]), timeout());
    assert!(ran.success(), "{ran:?}");
    let line = ran
        .stdout
        .lines()
        .find(|l| l.contains(&format!(" {EN_ID} ")))
        .unwrap_or_else(|| panic!("no {EN_ID} in --list:\n{}", ran.stdout));
    assert!(
        line.starts_with(' '),
        "the mark made before the quit is lost (`*` is unread): {line:?}"
    );
}

#[test]
fn a_quit_while_another_process_holds_the_state_lock_ends_says_so_and_keeps_the_mark() {
    let home = tempdir();
    let state = state_file(home.path());
    std::fs::create_dir_all(state.parent().expect("state folder")).expect("mkdir");
    let writer = Writer::hold(&state);
    quit_while_held(home.path(), &state.display().to_string(), || drop(writer));
}

#[test]
fn a_quit_while_another_process_holds_the_lock_on_creating_the_store_keeps_the_mark() {
    let home = tempdir();
    let state = state_file(home.path());
    let holder = hold_lock(&lock_file(&state));
    quit_while_held(
        home.path(),
        &lock_file(&state).display().to_string(),
        || {
            drop(holder);
        },
    );
}

#[test]
fn sigterm_ends_gogai_while_it_waits_for_the_state_lock() {
    let home = tempdir();
    let state = state_file(home.path());
    let _holder = hold_lock(&lock_file(&state));
    let mut tui = Tui::spawn(home.path(), &["--dir", REPO_ARTICLES]);
    tui.wait_for_ui();
    tui.press(b"m");
    tui.wait_for("1 unread");
    tui.press(b"q");
    // Give it time to get stuck on the lock, then ask it to stop.
    std::thread::sleep(Duration::from_millis(500));
    if tui.running() {
        tui.signal("TERM");
    }
    let status = tui.exit_within(Duration::from_secs(5));
    assert!(
        status.is_some(),
        "SIGTERM must end gogai within 5 s while it waits for the state lock\n{}",
        tui.show()
    );
}

// ------------------------------------------- 3. marks pruned silently

/// 500 read marks, `old-000`…`old-499`, last seen 100 days ago (the prune
/// limit is 90), in an older gogai's `state.json` beside the store: the
/// next run migrates them.
fn old_marks(state: &Path) -> Vec<String> {
    let seen = now_secs() - 100 * 24 * 60 * 60;
    let ids: Vec<String> = (0..500).map(|i| format!("old-{i:03}")).collect();
    let articles: serde_json::Map<String, serde_json::Value> = ids
        .iter()
        .map(|id| (id.clone(), serde_json::json!({"read": true, "seen": seen})))
        .collect();
    std::fs::create_dir_all(state.parent().expect("state folder")).expect("mkdir");
    std::fs::write(
        state.with_file_name("state.json"),
        serde_json::json!({"version": 2, "articles": articles, "session": {}}).to_string(),
    )
    .expect("write the state file");
    ids
}

/// Runs the reader on `dir` and quits with `q`.
fn open_and_quit(home: &Path, dir: &Path) {
    let mut tui = Tui::spawn(home, &["--dir", utf8(dir)]);
    tui.wait_for_ui();
    tui.press(b"q");
    let status = tui.exit_within(timeout());
    assert!(status.is_some_and(|s| s.success()), "{}", tui.show());
}

/// Every id of `ids` is still marked read in the store, or, if gone, is in
/// its backup of pruned marks (the `pruned` table).
#[track_caller]
fn assert_kept_or_backed_up(state: &Path, ids: &[String]) {
    let kept = read_ids(state);
    let gone: Vec<&String> = ids.iter().filter(|id| !kept.contains(id)).collect();
    if gone.is_empty() {
        return;
    }
    let backed_up: Vec<String> = rusqlite::Connection::open(state)
        .expect("open the store")
        .prepare("SELECT id FROM pruned")
        .expect("the pruned table")
        .query_map([], |row| row.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("pruned ids");
    let lost: Vec<&&String> = gone.iter().filter(|id| !backed_up.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} old marks were pruned with no backup (first: {:?})",
        lost.len(),
        ids.len(),
        lost.first()
    );
}

#[test]
fn a_run_on_an_empty_folder_prunes_no_marks() {
    let home = tempdir();
    let state = state_file(home.path());
    let ids = old_marks(&state);
    let empty = home.path().join("unmounted");
    std::fs::create_dir_all(&empty).expect("mkdir");
    open_and_quit(home.path(), &empty);
    assert_eq!(
        read_ids(&state).len(),
        500,
        "a run on an empty folder (an unmounted disk) must not prune"
    );
    assert_kept_or_backed_up(&state, &ids);
}

#[test]
fn a_run_on_another_folder_prunes_no_marks_without_a_backup() {
    let home = tempdir();
    let state = state_file(home.path());
    let ids = old_marks(&state);
    let other = home.path().join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    small_article(&other);
    open_and_quit(home.path(), &other);
    assert_kept_or_backed_up(&state, &ids);
}

// ------------------------------------------------------- 4. hang-up

#[test]
fn closing_the_terminal_saves_the_session_and_the_mark() {
    let home = tempdir();
    let state = state_file(home.path());
    {
        let mut tui = Tui::spawn(home.path(), &["--dir", REPO_ARTICLES]);
        tui.wait_for_ui();
        tui.press(b"j");
        tui.wait_for("Articles 2/2");
        tui.press(ENTER);
        tui.wait_for("1 unread");
        tui.hang_up();
        let status = tui.exit_within(Duration::from_secs(3));
        assert!(status.is_some(), "gogai must exit within 3 s of a hang-up");
    }
    assert!(state.exists(), "nothing was saved at the hang-up");
    assert_eq!(read_ids(&state), [JA_ID], "the mark is kept");
    let json = read_json(&state);
    assert_eq!(
        json["session"]["article"], JA_ID,
        "the session (the second article) is saved: {json}"
    );
    let mut tui = Tui::spawn(home.path(), &["--dir", REPO_ARTICLES]);
    tui.wait_for_ui();
    tui.wait_for("Articles 2/2");
    tui.press(CTRL_C);
    assert!(tui.exit_within(timeout()).is_some());
}

// ------------------------------------ 5. a terminal that never answers

/// Presses `key` in a terminal that answers no query (vt100 never replies
/// to `ESC[6n`), waits 3 s, and checks gogai still runs and draws.
fn key_keeps_running_without_terminal_replies(key: &[u8]) {
    let home = tempdir();
    let dir = home.path().join("articles");
    std::fs::create_dir_all(&dir).expect("mkdir");
    small_article(&dir);
    write_article(
        &dir,
        "second.json",
        &serde_json::json!({"id": "second", "title": "A second article", "published": "2024-06-01",
            "url": "https://example.com/second", "body": ["More."]}),
    );
    let mut tui = Tui::spawn_program(
        home.path(),
        BIN,
        &["--dir", utf8(&dir)],
        // `o` starts the browser: one that does nothing.
        &[("BROWSER", "true")],
        (100, 30),
    );
    tui.wait_for_ui();
    tui.wait_for("Articles 1/2");
    tui.press(key);
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        tui.pump(Duration::from_millis(50));
    }
    assert!(
        tui.running(),
        "gogai quit after {:?} when the terminal did not answer: {:?}; it left {:?}",
        String::from_utf8_lossy(key),
        tui.exit,
        tui.after_ui()
    );
    tui.press(b"j");
    tui.wait_for("Articles 2/2");
    tui.press(b"q");
    assert!(tui.exit_within(timeout()).is_some());
}

#[test]
fn reload_keeps_running_when_the_terminal_never_answers() {
    key_keeps_running_without_terminal_replies(b"r");
}

#[test]
fn open_link_keeps_running_when_the_terminal_never_answers() {
    key_keeps_running_without_terminal_replies(b"o");
}

#[test]
fn copy_link_keeps_running_when_the_terminal_never_answers() {
    key_keeps_running_without_terminal_replies(b"y");
}

// ----------------------------------------- 6. two imports at once

#[test]
fn two_imports_at_once_of_different_feeds_with_the_same_items_write_each_once() {
    let items: Vec<(String, String)> = (0..8)
        .map(|i| (format!("Shared story number {i}"), format!("story-{i}")))
        .collect();
    let items: Vec<(&str, &str)> = items
        .iter()
        .map(|(t, g)| (t.as_str(), g.as_str()))
        .collect();
    for round in 0..5 {
        let home = tempdir();
        let dir = home.path().join("articles");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let a = home.path().join("a.xml");
        let b = home.path().join("b.xml");
        std::fs::write(&a, rss("Wire A", &items)).expect("write feed a");
        std::fs::write(&b, rss("Wire B", &items)).expect("write feed b");
        let first = std::thread::spawn({
            let cmd = gogai(home.path(), &["--dir", utf8(&dir), "--import", utf8(&a)]);
            move || run_bounded(cmd, Duration::from_secs(30))
        });
        let second = run_bounded(
            gogai(home.path(), &["--dir", utf8(&dir), "--import", utf8(&b)]),
            Duration::from_secs(30),
        );
        let first = first.join().expect("the first import");
        assert!(
            first.finished() && second.finished(),
            "{first:?}\n{second:?}"
        );
        let files = json_files(&dir);
        assert_eq!(
            files.len(),
            items.len(),
            "round {round}: each item once, got {files:?}\nfirst: {}\nsecond: {}",
            first.stdout,
            second.stdout
        );
        assert!(
            !files.iter().any(|f| f.ends_with("-2.json")),
            "round {round}: {files:?}"
        );
    }
}

// ------------------------------------------ 7. stale temporary files

#[test]
fn stale_import_temporary_files_are_removed_and_a_live_one_is_kept() {
    let home = tempdir();
    let dir = home.path().join("articles");
    std::fs::create_dir_all(&dir).expect("mkdir");
    // The names import/write.rs gives: `.{stem}.{pid}.{n}.tmp`.
    let stale = dir.join(".old-story.4242.0.tmp");
    let fresh = dir.join(".new-story.4243.0.tmp");
    std::fs::write(&stale, b"{\"id\":\"half").expect("write");
    std::fs::write(&fresh, b"{\"id\":\"writing").expect("write");
    let touched = Command::new("touch")
        .args(["-d", "10 minutes ago"])
        .arg(&stale)
        .status()
        .expect("run touch");
    assert!(touched.success());
    let feed = home.path().join("feed.xml");
    std::fs::write(&feed, rss("Wire", &[("A story", "a-story")])).expect("write the feed");
    let ran = run_bounded(
        gogai(home.path(), &["--dir", utf8(&dir), "--import", utf8(&feed)]),
        Duration::from_secs(30),
    );
    assert!(ran.success(), "{ran:?}");
    assert!(
        fresh.exists(),
        "a temporary file written a moment ago (a live writer) must be kept"
    );
    assert!(
        !stale.exists(),
        "a temporary file 10 minutes old must be removed by the next import"
    );
}

// --------------------------------------------------------- 8. FIFOs

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_at_the_index_path_does_not_hang_start_up() {
    let home = tempdir();
    let first = run_bounded(
        gogai(home.path(), &["--dir", REPO_ARTICLES, "--list"]),
        timeout(),
    );
    assert!(first.success(), "{first:?}");
    let index_dir = home.path().join("cache").join("gogai").join("index");
    let index = std::fs::read_dir(&index_dir)
        .expect("the index folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("an index file");
    std::fs::remove_file(&index).expect("remove the index");
    mkfifo(&index);
    let ran = run_bounded(
        gogai(home.path(), &["--dir", REPO_ARTICLES, "--list"]),
        Duration::from_secs(10),
    );
    assert!(
        ran.success(),
        "with a FIFO at {}, --list must finish within 10 s: {ran:?}",
        index.display()
    );
    assert!(ran.stdout.contains(EN_ID), "{ran:?}");
}

#[test]
fn a_fifo_at_the_state_path_does_not_hang_start_up() {
    let home = tempdir();
    let state = state_file(home.path());
    std::fs::create_dir_all(state.parent().expect("state folder")).expect("mkdir");
    mkfifo(&state);
    let ran = run_bounded(
        gogai(home.path(), &["--dir", REPO_ARTICLES, "--list"]),
        Duration::from_secs(10),
    );
    assert!(
        ran.finished(),
        "with a FIFO at {}, --list must not hang: {ran:?}",
        state.display()
    );
    assert!(
        ran.stdout.contains(EN_ID) || !ran.stderr.is_empty(),
        "it must carry on or say why not: {ran:?}"
    );
}

// ----------------------------------------------- 9. same-size edit

#[test]
fn a_same_size_edit_with_the_time_put_back_shows_the_new_title() {
    let home = tempdir();
    let dir = home.path().join("articles");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let article = |title: &str| serde_json::json!({"id": "story", "title": title, "published": "2024-06-01", "body": ["Text."]});
    let path = dir.join("story.json");
    write_article(&dir, "story.json", &article("Alpha news today"));
    // Old enough that no "too recent to trust" rule applies.
    let aged = Command::new("touch")
        .args(["-d", "1 hour ago"])
        .arg(&path)
        .status()
        .expect("run touch");
    assert!(aged.success());
    let reference = home.path().join("reference");
    std::fs::write(&reference, b"").expect("write");
    let copied = Command::new("touch")
        .arg("-r")
        .arg(&path)
        .arg(&reference)
        .status()
        .expect("run touch");
    assert!(copied.success());
    let before = run_bounded(
        gogai(home.path(), &["--dir", utf8(&dir), "--list"]),
        timeout(),
    );
    assert!(before.stdout.contains("Alpha news today"), "{before:?}");

    let size = std::fs::metadata(&path).expect("stat").len();
    write_article(&dir, "story.json", &article("Omega news today"));
    assert_eq!(
        std::fs::metadata(&path).expect("stat").len(),
        size,
        "same size"
    );
    let put_back = Command::new("touch")
        .arg("-r")
        .arg(&reference)
        .arg(&path)
        .status()
        .expect("run touch");
    assert!(put_back.success());

    let after = run_bounded(
        gogai(home.path(), &["--dir", utf8(&dir), "--list"]),
        timeout(),
    );
    assert!(
        after.stdout.contains("Omega news today"),
        "--list shows the old title after a same-size edit with the time put back:\n{}",
        after.stdout
    );
}

// ----------------------------------------------------- 10. smaller

#[test]
fn an_exit_error_names_its_cause_once() {
    let home = tempdir();
    let state = state_file(home.path());
    // A folder where the lock file should go: the last save fails with
    // "Is a directory (os error 21)".
    std::fs::create_dir_all(lock_file(&state)).expect("make the obstacle");
    let mut tui = Tui::spawn(home.path(), &["--dir", REPO_ARTICLES]);
    tui.wait_for_ui();
    tui.press(b"m");
    tui.wait_for("1 unread");
    tui.press(b"q");
    let status = tui.exit_within(timeout());
    assert!(status.is_some(), "{}", tui.show());
    let said = tui.after_ui();
    assert!(said.contains("os error"), "the error is reported: {said:?}");
    assert_eq!(
        said.matches("(os error").count(),
        1,
        "the cause is repeated: {said:?}"
    );
}

#[test]
fn a_state_path_that_is_a_folder_is_not_a_silent_success() {
    let home = tempdir();
    let state = home.path().join("state-folder");
    std::fs::create_dir_all(&state).expect("mkdir");
    let mut tui = Tui::spawn(
        home.path(),
        &["--dir", REPO_ARTICLES, "--state", utf8(&state)],
    );
    tui.wait_for_ui();
    tui.press(b"m");
    tui.wait_for("1 unread");
    tui.press(b"q");
    let status = tui.exit_within(timeout()).expect("q quits");
    let said = tui.after_ui();
    assert!(
        !status.success() || said.contains("state-folder"),
        "a mark was dropped, yet gogai exited with {status:?} and said {said:?} at the quit"
    );
}

#[test]
fn a_symlinked_state_file_stays_a_link_and_its_target_is_updated() {
    let home = tempdir();
    let state = state_file(home.path());
    // A link kept in a dotfiles repository, to an older gogai's state file:
    // migrated where it is, the link left alone.
    let target = home.path().join("dotfiles").join("gogai-state");
    std::fs::create_dir_all(target.parent().expect("a folder")).expect("mkdir");
    std::fs::create_dir_all(state.parent().expect("a folder")).expect("mkdir");
    let old = r#"{"version":2,"articles":{"old-mark":{"read":true,"seen":5}},"session":{}}"#;
    std::fs::write(&target, old).expect("write");
    std::os::unix::fs::symlink(&target, &state).expect("symlink");
    let mut tui = Tui::spawn(home.path(), &["--dir", REPO_ARTICLES]);
    tui.wait_for_ui();
    tui.press(b"m");
    tui.wait_for("1 unread");
    tui.press(b"q");
    assert!(tui.exit_within(timeout()).is_some_and(|s| s.success()));
    let meta = std::fs::symlink_metadata(&state).expect("stat the state path");
    assert!(
        meta.file_type().is_symlink(),
        "{} was replaced by a regular file",
        state.display()
    );
    assert_eq!(
        read_ids(&target),
        [EN_ID, "old-mark"],
        "the link's target holds the marks"
    );
    assert_eq!(
        std::fs::read_to_string(home.path().join("dotfiles").join("gogai-state.migrated"))
            .expect("the old file is kept beside its target"),
        old
    );
}

#[test]
fn import_after_a_double_dash_takes_a_file_named_like_a_flag() {
    let home = tempdir();
    let dir = home.path().join("articles");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        home.path().join("-file"),
        rss("Wire", &[("A dashing story", "dash")]),
    )
    .expect("write the feed");
    let ran = run_bounded(
        gogai(
            home.path(),
            &["--dir", utf8(&dir), "--import", "--", "-file"],
        ),
        Duration::from_secs(30),
    );
    assert!(ran.success(), "{ran:?}");
    assert_eq!(json_files(&dir).len(), 1, "{ran:?}");
}

// ------------------------------ faults that already held (regression guards)

#[test]
fn two_imports_at_once_of_the_same_feed_write_each_item_once() {
    let items: Vec<(String, String)> = (0..8)
        .map(|i| (format!("Same feed story {i}"), format!("same-{i}")))
        .collect();
    let items: Vec<(&str, &str)> = items
        .iter()
        .map(|(t, g)| (t.as_str(), g.as_str()))
        .collect();
    for round in 0..3 {
        let home = tempdir();
        let dir = home.path().join("articles");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let feed = home.path().join("feed.xml");
        std::fs::write(&feed, rss("Wire", &items)).expect("write the feed");
        let first = std::thread::spawn({
            let cmd = gogai(home.path(), &["--dir", utf8(&dir), "--import", utf8(&feed)]);
            move || run_bounded(cmd, Duration::from_secs(30))
        });
        let second = run_bounded(
            gogai(home.path(), &["--dir", utf8(&dir), "--import", utf8(&feed)]),
            Duration::from_secs(30),
        );
        let first = first.join().expect("the first import");
        assert!(first.success() && second.success(), "{first:?}\n{second:?}");
        let files = json_files(&dir);
        assert_eq!(files.len(), items.len(), "round {round}: {files:?}");
    }
}

#[test]
fn kill_9_while_marking_never_leaves_a_damaged_store() {
    let home = tempdir();
    let state = state_file(home.path());
    let mut saved = 0;
    for round in 0u64..4 {
        let mut tui = Tui::spawn(home.path(), &["--dir", REPO_ARTICLES]);
        tui.wait_for_ui();
        // A mark on screen has had its save started; more marks start more
        // saves, and the kill lands somewhere among them.
        tui.press(b"m");
        tui.wait_for("u to undo");
        for _ in 0..6 {
            tui.press(b"jmkm");
        }
        if round == 0 {
            // At least one kill lands after a save was written, however
            // slow the machine: else the checks below prove nothing.
            let deadline = std::time::Instant::now() + timeout();
            while !state.exists() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        std::thread::sleep(Duration::from_millis(round * 15));
        tui.signal("KILL");
        assert!(tui.exit_within(timeout()).is_some(), "round {round}");
        if state.exists() {
            // Read first as `--list` would, from what the kill left (the
            // write-ahead log included), then checked page by page.
            let json = read_json(&state);
            assert_eq!(json["version"], 2, "round {round}: {json}");
            let verdict: String = rusqlite::Connection::open(&state)
                .expect("open the store")
                .pragma_query_value(None, "integrity_check", |row| row.get(0))
                .expect("integrity check");
            assert_eq!(verdict, "ok", "round {round}");
            saved += 1;
        }
    }
    assert!(saved > 0, "no save ever happened: the test proves nothing");
    // Nothing was set aside as corrupt.
    let folder = state.parent().expect("state folder");
    if folder.exists() {
        let aside: Vec<_> = std::fs::read_dir(folder)
            .expect("list the state folder")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
            .collect();
        assert!(aside.is_empty(), "{aside:?}");
    }
}

#[test]
fn the_terminal_is_restored_after_each_signal_at_each_size() {
    for (cols, rows) in [(20, 5), (80, 24), (200, 60)] {
        for signal in ["TERM", "HUP", "INT"] {
            let home = tempdir();
            let mut tui = Tui::spawn_program(
                home.path(),
                BIN,
                &["--dir", REPO_ARTICLES],
                &[],
                (cols, rows),
            );
            tui.wait_until("a first frame", vt100::Screen::alternate_screen);
            tui.signal(signal);
            assert!(
                tui.exit_within(timeout()).is_some(),
                "SIG{signal} at {cols}x{rows} did not end gogai"
            );
            let problems = tui.restore_problems();
            assert!(
                problems.is_empty(),
                "SIG{signal} at {cols}x{rows}: {problems:?}"
            );
        }
    }
}
