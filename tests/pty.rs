//! End-to-end tests of the interactive reader: the real binary runs in a
//! pseudo-terminal, keys are typed into it, and the screen is read back
//! through a terminal emulator (`vt100`) the way a person would read it.
//!
//! Every run is isolated: its own state folder (`XDG_STATE_HOME`), its own
//! working folder, no inherited `GOGAI_DIR`, and the repository's articles
//! passed with `--dir`. Output is drained by a reader thread into a channel,
//! so the test thread never blocks on the terminal; every wait has a deadline
//! (scaled by `GOGAI_PTY_TIMEOUT_SCALE`) and fails showing the last screen.
//!
//! Screens are only judged between frames: a frame reaches the terminal in
//! several writes, and half of one shows new rows above stale ones.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

const REPO_ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/articles");
const EN_ID: &str = "microsoft-japan-investment";
const JA_ID: &str = "microsoft-japan-investment-ja";
/// What a terminal receives when a program leaves the alternate screen.
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
/// How every frame ends: ratatui hides the cursor after writing a frame in
/// which no cursor is placed, and gogai never places one. (Should it start
/// to, frames would end with a cursor position instead; change this.)
const FRAME_END: &[u8] = b"\x1b[?25l";

/// Mouse reporting: the first mode crossterm turns on, and off again.
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

const CTRL_C: &[u8] = b"\x03";
const ESC: &[u8] = b"\x1b";
const ENTER: &[u8] = b"\r";

/// Generous: CI is a shared two-core machine. A healthy run takes a fraction.
const BASE_TIMEOUT: Duration = Duration::from_secs(10);

/// The base timeout times `GOGAI_PTY_TIMEOUT_SCALE` (default 1).
fn timeout() -> Duration {
    let scale = std::env::var("GOGAI_PTY_TIMEOUT_SCALE")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0);
    BASE_TIMEOUT.mul_f64(scale)
}

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// One run of `gogai` in a pseudo-terminal. Dropping it kills the child.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn std::io::Write + Send>,
    output: Receiver<Vec<u8>>,
    /// The reader thread has seen the end of the output.
    output_done: bool,
    parser: vt100::Parser,
    /// Every byte the program wrote, for checks the screen cannot show.
    raw: Vec<u8>,
    exit: Option<ExitStatus>,
    _cwd: TempDir,
}

impl Tui {
    /// Starts `gogai --dir <repo articles> ARGS` at `cols`×`rows` with
    /// `XDG_STATE_HOME` set to `state`.
    fn spawn(state: &Path, cols: u16, rows: u16, args: &[&str]) -> Self {
        Self::spawn_with(state, cols, rows, args, &[])
    }

    /// The same, with extra environment variables.
    fn spawn_with(state: &Path, cols: u16, rows: u16, args: &[&str], env: &[(&str, &str)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let cwd = tempdir();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gogai"));
        if !args.contains(&"--dir") {
            cmd.arg("--dir");
            cmd.arg(REPO_ARTICLES);
        }
        cmd.args(args);
        cmd.env("XDG_STATE_HOME", state);
        cmd.env("XDG_DATA_HOME", std::path::Path::new(&state).join("data"));
        cmd.env(
            "XDG_CONFIG_HOME",
            std::path::Path::new(&state).join("config"),
        );
        cmd.env("TERM", "xterm-256color");
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.env_remove("GOGAI_DIR");
        cmd.cwd(cwd.path());
        let child = pair.slave.spawn_command(cmd).expect("start gogai");
        // Only the child may hold the terminal's other end, so that reading
        // ends when it exits.
        drop(pair.slave);

        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, output) = mpsc::channel();
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
            }
        });
        Self {
            child,
            master: pair.master,
            writer,
            output,
            output_done: false,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            exit: None,
            _cwd: cwd,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Takes in what arrives within `slice`, and anything queued behind it.
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

    /// The screen as text, one line per row, for failure messages.
    fn show(&self) -> String {
        let (_, cols) = self.screen().size();
        let rows: Vec<String> = self.screen().rows(0, cols).collect();
        format!(
            "--- screen ({}x{}) ---\n{}\n--- end of screen ---",
            cols,
            rows.len(),
            rows.join("\n")
        )
    }

    /// Whether the output so far ends with a whole frame.
    fn at_frame_end(&self) -> bool {
        self.raw.ends_with(FRAME_END)
    }

    /// Waits until `done` holds for the screen as a whole frame left it;
    /// fails with the last screen.
    #[track_caller]
    fn wait_until(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + timeout();
        loop {
            if self.at_frame_end() && done(self.screen()) {
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
                "timed out after {:?} waiting for {what}{}\n{}",
                timeout(),
                if self.at_frame_end() {
                    ""
                } else {
                    " (and the output does not end with a whole frame)"
                },
                self.show()
            );
            self.pump((deadline - now).min(Duration::from_millis(50)));
        }
    }

    /// Waits until the screen shows `text`.
    #[track_caller]
    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    /// Waits for the first frame: the key hints in the footer.
    #[track_caller]
    fn wait_for_ui(&mut self) {
        self.wait_until("the UI (key hints in the footer)", |s| {
            let (rows, cols) = s.size();
            s.contents_between(rows - 1, 0, rows - 1, cols)
                .contains("? help")
        });
    }

    /// Types `bytes` as if at the keyboard.
    fn press(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .expect("type into the terminal");
        self.writer.flush().expect("flush the terminal");
    }

    /// Clicks (or turns the wheel, `button` 64 up, 65 down) at the 0-based
    /// cell `x`, `y`, as a terminal in SGR mouse mode reports it.
    fn mouse(&mut self, button: u8, x: u16, y: u16) {
        let report = format!("\x1b[<{button};{};{}M", x + 1, y + 1);
        self.press(report.as_bytes());
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the emulator.
    fn resize(&mut self, cols: u16, rows: u16) {
        // Whatever is already on its way was drawn for the old size.
        while let Ok(bytes) = self.output.try_recv() {
            self.feed(&bytes);
        }
        self.parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pseudo-terminal");
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("gogai has a process id")
    }

    /// Waits for the program to exit and for the last of its output.
    #[track_caller]
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + timeout();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll gogai") {
                break status;
            }
            let now = Instant::now();
            assert!(
                now < deadline,
                "gogai did not exit within {:?}\n{}",
                timeout(),
                self.show()
            );
            self.pump((deadline - now).min(Duration::from_millis(20)));
        };
        self.exit = Some(status.clone());
        // The reader sees the end once the terminal's other end is closed.
        while !self.output_done {
            let now = Instant::now();
            assert!(
                now < deadline,
                "gogai exited but its output did not end within {:?}",
                timeout()
            );
            self.pump((deadline - now).min(Duration::from_millis(20)));
        }
        status
    }

    /// Asserts the terminal was handed back: the alternate screen was left
    /// after the last frame was drawn, and nothing was drawn afterwards.
    #[track_caller]
    fn assert_restored(&self) {
        let leave = self.assert_modes_restored();
        let after = &self.raw[leave + LEAVE_ALT_SCREEN.len()..];
        assert!(
            visible_text(after).trim().is_empty(),
            "something was drawn after leaving the alternate screen: {:?}",
            String::from_utf8_lossy(after)
        );
        assert!(
            !self.screen().contents().contains("gogai"),
            "the UI is still visible after exit\n{}",
            self.show()
        );
    }

    /// The terminal modes are back: the alternate screen was left after the
    /// last frame, the cursor shown and mouse reporting turned off after
    /// they were changed. Returns where the alternate screen was left.
    #[track_caller]
    fn assert_modes_restored(&self) -> usize {
        let leave = rfind(&self.raw, LEAVE_ALT_SCREEN).unwrap_or_else(|| {
            panic!(
                "the output never leaves the alternate screen; it ends with {:?}",
                tail(&self.raw)
            )
        });
        let enter =
            rfind(&self.raw, ENTER_ALT_SCREEN).expect("the UI entered the alternate screen");
        assert!(
            enter < leave,
            "the alternate screen was entered again after leaving it; output ends with {:?}",
            tail(&self.raw)
        );
        let hidden = rfind(&self.raw, FRAME_END).expect("frames hide the cursor");
        assert!(
            rfind(&self.raw, SHOW_CURSOR).is_some_and(|shown| shown > hidden),
            "the cursor was left hidden; output ends with {:?}",
            tail(&self.raw)
        );
        if let Some(on) = rfind(&self.raw, MOUSE_ON) {
            assert!(
                rfind(&self.raw, MOUSE_OFF).is_some_and(|off| off > on),
                "mouse reporting was left on; output ends with {:?}",
                tail(&self.raw)
            );
        }
        assert!(
            !self.screen().alternate_screen(),
            "the emulator is still on the alternate screen\n{}",
            self.show()
        );
        assert!(
            !self.screen().hide_cursor(),
            "the emulator's cursor is still hidden"
        );
        leave
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exit.is_none() {
            // Hangs up, then kills if it lingers; then reaps.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Where `needle` last occurs in `haystack`.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The last bytes of the output, readable, for failure messages.
fn tail(raw: &[u8]) -> String {
    String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).into_owned()
}

/// The printable text in `bytes`, with escape sequences removed.
fn visible_text(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x1b if bytes.get(i + 1) == Some(&b'[') => {
                // CSI: parameters and intermediates, then one final byte.
                i += 2;
                while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                    i += 1;
                }
                i += 1;
            }
            0x1b => i += 2,
            b if b < 0x20 || b == 0x7f => i += 1,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The state store gogai writes under `XDG_STATE_HOME`.
fn state_file(state: &Path) -> std::path::PathBuf {
    state.join("gogai").join("state.sqlite")
}

/// What the store holds, as `gogai --export` prints it for a user.
fn state_json(state: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gogai"))
        .arg("--export")
        .env("XDG_STATE_HOME", state)
        .env("XDG_DATA_HOME", std::path::Path::new(&state).join("data"))
        .env(
            "XDG_CONFIG_HOME",
            std::path::Path::new(&state).join("config"),
        )
        .env_remove("GOGAI_DIR")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run gogai --export");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && state_file(state).exists(),
        "nothing saved in {}: {}",
        state_file(state).display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("--export is not JSON ({e}):\n{text}"))
}

/// The ids the store marks read, sorted.
fn read_ids(state: &Path) -> Vec<String> {
    let json = state_json(state);
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

// ---------------------------------------------------------------- tests

#[test]
fn opens_lists_and_quits_cleanly() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 100, 30, &[]);
    tui.wait_for_ui();
    tui.wait_for("gogai");
    tui.wait_for("2 articles");
    tui.wait_for("Microsoft Invests $2.9");
    // 100 columns is wide enough for the facts sidebar.
    tui.wait_for("Facts");
    tui.wait_for("Key figures");
    assert!(
        tui.screen().alternate_screen(),
        "the UI draws on the alternate screen"
    );

    tui.press(b"q");
    let status = tui.wait_exit();
    assert!(status.success(), "q should exit cleanly, got {status:?}");
    tui.assert_restored();
    // Nothing was opened, so nothing was marked read; only the session
    // (where the user was) is kept.
    let json = state_json(state.path());
    assert_eq!(json["articles"], serde_json::json!({}), "{json}");
    assert_eq!(json["session"]["article"], EN_ID, "{json}");
}

#[test]
fn open_by_argument_shows_the_article() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 100, 30, &[JA_ID]);
    tui.wait_for_ui();
    tui.wait_for("マイクロソフト");
    // The body, which only the reading pane shows, and the selection.
    tui.wait_for("29億ドルの投資の一環");
    tui.wait_for("Articles 2/2");
    // Opening it marked it read.
    tui.wait_for("1 unread");

    tui.press(CTRL_C);
    let status = tui.wait_exit();
    assert!(
        status.success(),
        "Ctrl-C should exit cleanly, got {status:?}"
    );
    tui.assert_restored();
}

#[test]
fn read_marks_persist_between_runs() {
    let state = tempdir();
    {
        let mut tui = Tui::spawn(state.path(), 100, 30, &[]);
        tui.wait_for_ui();
        tui.wait_for("2 unread");
        tui.press(ENTER);
        tui.wait_for("1 unread");
        // Focus is now on the reader, where q means "back": quit with Ctrl-C.
        tui.press(CTRL_C);
        let status = tui.wait_exit();
        assert!(
            status.success(),
            "Ctrl-C should exit cleanly, got {status:?}"
        );
        tui.assert_restored();
    }

    assert_eq!(
        read_ids(state.path()),
        [EN_ID],
        "the first article, and only it, should be read"
    );

    let mut tui = Tui::spawn(state.path(), 100, 30, &[]);
    tui.wait_for_ui();
    tui.wait_for("1 unread");
    // It comes back in the reading pane, where q means back.
    tui.press(CTRL_C);
    assert!(tui.wait_exit().success());
}

#[test]
fn resize_redraws() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 120, 40, &[]);
    tui.wait_for_ui();
    tui.wait_for("Facts");
    tui.wait_for("Articles 1/2");

    tui.resize(50, 20);
    // One pane: the list spans the whole width, and the sidebar is gone.
    tui.wait_until("the one-pane layout at 50x20", |s| {
        let text = s.contents();
        let top = s.contents_between(1, 0, 1, 50);
        top.starts_with("╭ Articles 1/2 ")
            && top.ends_with('╮')
            && top.chars().count() == 50
            && !text.contains("Facts")
    });

    tui.press(b"q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 100, 30, &[]);
    tui.wait_for_ui();
    tui.wait_for("2 articles");

    let pid = tui.pid().to_string();
    let kill = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(&pid)
        .status()
        .expect("run kill");
    assert!(kill.success(), "kill -TERM {pid} failed");
    tui.wait_exit();
    tui.assert_restored();
}

#[test]
fn mouse_clicks_and_wheel_work_and_reporting_is_turned_off() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 120, 40, &[]);
    tui.wait_for_ui();
    tui.wait_for("Articles 1/2");
    // The list's second article is on rows 4-5 (header, border, two rows each).
    tui.mouse(0, 5, 4);
    tui.wait_for("Articles 2/2");
    tui.wait_for("マイクロソフト");
    // A second click on the selected row opens it: it is read now.
    tui.mouse(0, 5, 4);
    tui.wait_for("1 unread");
    // The wheel over the reading pane scrolls it.
    tui.wait_until("the reader at its top", |s| s.contents().contains(" Top "));
    tui.mouse(65, 60, 10);
    tui.wait_until("the reader scrolled", |s| !s.contents().contains(" Top "));

    tui.press(CTRL_C);
    assert!(tui.wait_exit().success());
    tui.assert_restored();
}

#[test]
fn typing_a_search_narrows_the_list_and_esc_clears_it() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 120, 40, &[]);
    tui.wait_for_ui();
    tui.wait_for("2 articles");
    tui.press(b"/");
    tui.press("東京".as_bytes());
    // Only the Japanese article says 東京 (the English one says Tokyo).
    tui.wait_for("1 of 2 articles");
    tui.wait_for("/東京");
    tui.press(ENTER);
    tui.wait_for("Articles 1/1 · /東京");
    tui.press(ESC);
    tui.wait_until("the search dropped", |s| {
        s.contents().contains("2 articles") && !s.contents().contains("of 2")
    });
    tui.press(b"q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
}

#[test]
fn the_next_run_opens_where_the_last_one_left_off() {
    let state = tempdir();
    {
        let mut tui = Tui::spawn(state.path(), 120, 40, &[]);
        tui.wait_for_ui();
        // The Japanese article, opened and scrolled; sorted by title; no sidebar.
        tui.press(b"j");
        tui.press(ENTER);
        tui.wait_for("1 unread");
        tui.press(b"  ");
        tui.press(b"O");
        tui.wait_for("by title");
        tui.press(b"F");
        tui.wait_until("the sidebar hidden", |s| !s.contents().contains("Facts"));
        tui.press(CTRL_C);
        assert!(tui.wait_exit().success());
    }
    let mut tui = Tui::spawn(state.path(), 120, 40, &[]);
    tui.wait_for_ui();
    // Sorted by title, the Japanese article comes second; it is selected.
    tui.wait_for("Articles 2/2 · by title");
    tui.wait_until("the reader, scrolled, and no sidebar", |s| {
        !s.contents().contains("Facts") && !s.contents().contains(" Top ")
    });
    // The reader has focus: the footer offers "back", not "quit".
    tui.wait_for("q back");
    tui.press(CTRL_C);
    assert!(tui.wait_exit().success());
}

#[test]
fn two_gogai_at_once_keep_each_others_marks() {
    let state = tempdir();
    let mut a = Tui::spawn(state.path(), 100, 30, &[]);
    let mut b = Tui::spawn(state.path(), 100, 30, &[]);
    a.wait_for_ui();
    b.wait_for_ui();
    // A reads the first article; B reads and stars the second.
    a.press(ENTER);
    a.wait_for("1 unread");
    b.press(b"j");
    b.press(ENTER);
    b.wait_for("1 unread");
    b.press(b"s");
    b.wait_for("starred");
    // A quits last: with a plain rewrite it would drop B's marks.
    b.press(CTRL_C);
    assert!(b.wait_exit().success());
    a.press(CTRL_C);
    assert!(a.wait_exit().success());
    assert_eq!(read_ids(state.path()), [EN_ID, JA_ID]);
    let json = state_json(state.path());
    assert_eq!(json["articles"][JA_ID]["starred"], true, "{json}");
}

#[test]
fn enter_help_resize_and_back_then_q_quits_with_status_zero() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 120, 40, &[]);
    tui.wait_for_ui();
    tui.wait_for("Microsoft Invests $2.9");
    tui.press(ENTER);
    // The reader has focus: its footer offers "back".
    tui.wait_for("q back");
    tui.press(b"?");
    tui.wait_for("Keys — ? or Esc to close");
    tui.press(b"?");
    tui.wait_until("help closed", |s| !s.contents().contains("Keys — "));
    tui.resize(40, 12);
    tui.wait_until("the one-pane reader at 40x12", |s| {
        s.contents_between(1, 0, 1, 40).starts_with("╭ Reader")
    });
    tui.resize(120, 40);
    tui.wait_until("three panes again", |s| {
        let top = s.contents_between(1, 0, 1, 120);
        top.starts_with("╭ Articles") && top.contains("Facts")
    });
    tui.press(ESC);
    tui.wait_for("q quit");
    tui.press(b"q");
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    tui.assert_restored();
}

#[test]
fn sighup_restores_the_terminal_and_saves() {
    let state = tempdir();
    let mut tui = Tui::spawn(state.path(), 100, 30, &[]);
    tui.wait_for_ui();
    tui.press(ENTER);
    tui.wait_for("1 unread");
    let pid = tui.pid().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .expect("run kill");
    assert!(kill.success(), "kill -HUP {pid} failed");
    let status = tui.wait_exit();
    // The shell convention: 128 + SIGHUP (1).
    assert_eq!(status.exit_code(), 129, "{status:?}");
    tui.assert_restored();
    assert_eq!(read_ids(state.path()), [EN_ID]);
}

#[test]
fn a_panic_restores_the_terminal_prints_the_message_and_saves() {
    let state = tempdir();
    let mut tui = Tui::spawn_with(
        state.path(),
        100,
        30,
        &[],
        &[("GOGAI_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    tui.wait_for_ui();
    tui.press(ENTER);
    tui.wait_for("1 unread");
    tui.press(b"P");
    let status = tui.wait_exit();
    assert!(!status.success(), "a panic must not exit 0: {status:?}");
    tui.assert_modes_restored();
    // The message comes after the UI is gone (the screen is restored before
    // it is printed, and again after), on the main screen, where the user
    // can read it.
    let enter = rfind(&tui.raw, ENTER_ALT_SCREEN).expect("the UI started");
    let first_leave = enter
        + tui.raw[enter..]
            .windows(LEAVE_ALT_SCREEN.len())
            .position(|w| w == LEAVE_ALT_SCREEN)
            .expect("the alternate screen was left");
    let after = visible_text(&tui.raw[first_leave..]);
    assert!(after.contains("a deliberate crash"), "{after}");
    assert!(after.contains("read marks and position saved"), "{after}");
    assert_eq!(read_ids(state.path()), [EN_ID]);
    let json = state_json(state.path());
    assert_eq!(json["session"]["reading"], true, "{json}");
}

#[test]
fn escape_sequences_in_an_article_are_shown_not_obeyed() {
    let state = tempdir();
    let dir = tempdir();
    let evil = serde_json::json!({
        "id": "evil",
        "title": "Evil \u{1b}]0;pwned\u{7} \u{1b}]52;c;ZXZpbA==\u{7}title",
        "body": [
            "Clear \u{1b}[2J\u{1b}[H screen and \u{1b}[31mred\u{1b}[0m, bidi \u{202e}desrever\u{202c}.",
            "A link \u{1b}]8;;http://evil.example\u{1b}\\here\u{1b}]8;;\u{1b}\\ and a C1 \u{9b}2J csi."
        ],
    });
    std::fs::write(dir.path().join("evil.json"), evil.to_string()).expect("write the article");
    let folder = dir.path().to_str().expect("utf-8 temp path");
    let mut tui = Tui::spawn(state.path(), 120, 30, &["--dir", folder]);
    tui.wait_for_ui();
    tui.press(ENTER);
    tui.wait_for("Clear ␛[2J␛[H screen");
    tui.wait_for("␛[31mred␛[0m");
    tui.wait_for("Evil ␛]0;pwned␇");
    // Nothing from the article reached the terminal as a command: no window
    // title, clipboard or hyperlink sequence was written at all, and the
    // screen was not cleared by the article (the frame is all there).
    for osc in [&b"\x1b]0;"[..], b"\x1b]52;", b"\x1b]8;"] {
        assert!(
            rfind(&tui.raw, osc).is_none(),
            "the output holds {:?}",
            String::from_utf8_lossy(osc)
        );
    }
    assert!(
        rfind(&tui.raw, "\u{9b}".as_bytes()).is_none(),
        "a C1 CSI was written"
    );
    tui.wait_for("Facts");
    tui.press(CTRL_C);
    assert!(tui.wait_exit().success());
    tui.assert_restored();
}

#[test]
fn a_broken_state_file_is_reported_kept_and_the_reader_starts() {
    let state = tempdir();
    let path = state_file(state.path());
    std::fs::create_dir_all(path.parent().expect("state folder")).expect("mkdir");
    let broken = br#"{"version":2,"articles":{"a":{"re"#;
    std::fs::write(&path, broken).expect("write the state file");
    let mut tui = Tui::spawn(state.path(), 120, 30, &[]);
    tui.wait_for_ui();
    tui.wait_for("1 notice (press !)");
    tui.press(b"!");
    tui.wait_for("started afresh");
    tui.press(ESC);
    // Typed at once, ESC q would read as Alt-q.
    tui.wait_until("the problems overlay closed", |s| {
        !s.contents().contains("Problems —")
    });
    tui.press(b"q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
    let folder = path.parent().expect("state folder");
    let kept: Vec<_> = std::fs::read_dir(folder)
        .expect("list the state folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "one file set aside");
    assert_eq!(std::fs::read(kept[0].path()).expect("read it"), broken);
}

#[test]
fn a_state_file_that_cannot_be_saved_is_reported_once() {
    let state = tempdir();
    let path = state_file(state.path());
    // A folder where the lock file should go: every save fails.
    let mut lock = path.clone().into_os_string();
    lock.push(".lock");
    std::fs::create_dir_all(&lock).expect("make the obstacle");
    let mut tui = Tui::spawn(state.path(), 120, 30, &[]);
    tui.wait_for_ui();
    for _ in 0..4 {
        tui.press(b"m");
        tui.wait_for("u to undo");
        tui.press(b"j");
        tui.wait_until("the status cleared", |s| {
            !s.contents().contains("u to undo")
        });
    }
    tui.wait_for("1 notice (press !)");
    tui.press(CTRL_C);
    tui.wait_exit();
    tui.assert_modes_restored();
}

#[test]
fn a_panic_in_a_background_thread_leaves_the_ui_running_and_is_reported() {
    let state = tempdir();
    let mut tui = Tui::spawn_with(
        state.path(),
        120,
        30,
        &[],
        &[("GOGAI_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    tui.wait_for_ui();
    tui.press(b"B");
    tui.wait_for("1 notice (press !)");
    // Still the UI, still answering keys.
    assert!(tui.screen().alternate_screen(), "{}", tui.show());
    tui.press(b"!");
    tui.wait_for("a background task (gogai-test) failed");
    tui.press(ESC);
    tui.wait_until("the overlay closed", |s| {
        !s.contents().contains("Problems —")
    });
    tui.press(b"j");
    tui.wait_for("Articles 2/2");
    tui.press(b"q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
}

#[test]
fn an_error_at_exit_names_its_cause_once() {
    let state = tempdir();
    // A folder where the state's lock file goes: every save fails with
    // "Is a directory (os error 21)", the last one at exit included.
    let lock = state.path().join("gogai").join("state.sqlite.lock");
    std::fs::create_dir_all(&lock).expect("make the obstacle");
    let mut tui = Tui::spawn(state.path(), 100, 30, &[]);
    tui.wait_for_ui();
    tui.wait_for("2 unread");
    tui.press(ENTER);
    tui.wait_for("1 unread");
    tui.press(CTRL_C);
    let status = tui.wait_exit();
    assert!(!status.success(), "the marks were not saved: {status:?}");
    let leave = rfind(&tui.raw, LEAVE_ALT_SCREEN).expect("the UI ended");
    let said = visible_text(&tui.raw[leave..]);
    assert!(said.contains("cannot write the state file"), "{said:?}");
    assert_eq!(said.matches("(os error 21)").count(), 1, "{said:?}");
}

/// A server on 127.0.0.1 that answers every request with `body` as RSS,
/// after `delay`; returns its address. It lives as long as the test.
fn serve_feed(body: String, delay: Duration) -> String {
    use std::io::{BufRead as _, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let address = format!(
        "http://{}/feed.xml",
        listener.local_addr().expect("address")
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                // The request line and headers, up to the blank line.
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                std::thread::sleep(delay);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    address
}

#[test]
fn a_refresh_while_reading_adds_the_new_articles_and_keeps_the_place() {
    let state = tempdir();
    let folder = tempdir();
    // One long article being read, published before the feed's items.
    let paragraphs: Vec<String> = (1..=40)
        .map(|i| format!("Paragraph {i} of the harbour report, long enough to wrap once or twice in the reading pane of this test."))
        .collect();
    std::fs::write(
        folder.path().join("harbour.json"),
        serde_json::json!({"title": "Harbour report", "published": "2020-01-01",
            "body": paragraphs})
        .to_string(),
    )
    .expect("write the article");
    let mut items = String::new();
    for i in 1..=3 {
        let _ = std::fmt::Write::write_fmt(
            &mut items,
            format_args!(
                "<item><title>Fresh story {i}</title><link>https://example.com/{i}</link>\
             <pubDate>Mon, 0{i} Jun 2026 10:00:00 GMT</pubDate>\
             <description>Story {i} text.</description></item>"
            ),
        );
    }
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <link>https://example.com/</link>{items}</channel></rss>"
    );
    // Slow enough that the progress shows before the articles come.
    let url = serve_feed(rss, Duration::from_millis(1500));
    let config = state.path().join("config").join("gogai");
    std::fs::create_dir_all(&config).expect("config folder");
    std::fs::write(config.join("feeds"), format!("{url} news \"~Wire\"\n")).expect("feeds file");

    let dir = folder.path().to_str().expect("UTF-8 path");
    let mut tui = Tui::spawn(state.path(), 120, 40, &["--dir", dir]);
    tui.wait_for_ui();
    tui.wait_for("1 article");
    // Reading, scrolled down.
    tui.press(ENTER);
    tui.press(b"    ");
    tui.wait_until("the reader scrolled past the top", |s| {
        !s.contents().contains("Paragraph 1 of")
    });
    let scrolled_to = |s: &vt100::Screen| {
        s.contents().lines().find_map(|l| {
            l.split("Paragraph ")
                .nth(1)
                .map(|p| p.split(' ').next().unwrap_or("").to_owned())
        })
    };
    let before = scrolled_to(tui.screen());
    tui.press(b"R");
    tui.wait_for("updating 0/1");
    tui.wait_for("4 articles");
    tui.wait_for("updated 1 feed: 3 new");
    // The new stories are listed; the article being read is still open at
    // the same place.
    tui.wait_for("Fresh story 3");
    assert!(
        tui.screen().contents().contains("Harbour report"),
        "{}",
        tui.show()
    );
    assert_eq!(scrolled_to(tui.screen()), before, "{}", tui.show());
    tui.press(CTRL_C);
    assert!(tui.wait_exit().success());
    // The articles are files in the folder, each knowing its feed.
    let written: Vec<serde_json::Value> = std::fs::read_dir(folder.path())
        .expect("list the folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("fresh-story"))
        .map(|e| serde_json::from_slice(&std::fs::read(e.path()).expect("read")).expect("JSON"))
        .collect();
    assert_eq!(written.len(), 3);
    assert!(written.iter().all(|a| a["feed"] == url.as_str()));
}

#[test]
fn a_text_browser_gets_the_terminal_and_gives_it_back() {
    use std::os::unix::fs::PermissionsExt as _;
    let state = tempdir();
    let work = tempdir();
    // The link carries what a shell would act on: it must arrive as it is.
    let link = "https://example.com/a?b=1;touch%20x&c=$(id)";
    let articles = work.path().join("articles");
    std::fs::create_dir(&articles).expect("articles folder");
    let article = serde_json::json!({
        "id": "linked", "title": "An article with links", "published": "2024-05-06",
        "feed": "https://feed.example/rss",
        "body": ["It refers to [1]."],
        "links": [link],
    });
    std::fs::write(articles.join("linked.json"), article.to_string()).expect("article");
    // A "text browser": named like one, it writes the argument it got and
    // whether it had a terminal, and exits.
    let bin = work.path().join("bin");
    std::fs::create_dir(&bin).expect("bin folder");
    let browser = bin.join("w3m");
    let out = work.path().join("opened");
    std::fs::write(
        &browser,
        "#!/bin/sh\nprintf '%s' \"$1\" > \"$GOGAI_TEST_OPENED.tmp\"\n\
         if [ -t 0 ] && [ -t 1 ]; then echo ' tty' >> \"$GOGAI_TEST_OPENED.tmp\"; fi\n\
         mv \"$GOGAI_TEST_OPENED.tmp\" \"$GOGAI_TEST_OPENED\"\n",
    )
    .expect("browser script");
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let dir = articles.to_string_lossy().into_owned();
    let mut tui = Tui::spawn_with(
        state.path(),
        100,
        30,
        &["--dir", &dir],
        &[
            ("BROWSER", &browser.to_string_lossy()),
            ("GOGAI_TEST_OPENED", &out.to_string_lossy()),
        ],
    );
    tui.wait_for_ui();
    tui.wait_for("An article with links");
    tui.press(ENTER);
    tui.wait_for("feed: https://feed.example/rss");
    tui.press(b"L");
    tui.wait_for("Links — a number or Enter opens");
    let before = tui.raw.len();
    tui.press(b"1");
    tui.wait_for("back from w3m");
    // The reader is drawn again, the overlay still open for another link.
    tui.wait_for("1 article · 0 unread");
    tui.wait_for("[1] https://example.com/a?b=1;touch%20x&c=$(id)");
    let during = &tui.raw[before..];
    let left = find(during, LEAVE_ALT_SCREEN).expect("the alternate screen was left");
    let back = rfind(during, ENTER_ALT_SCREEN).expect("and entered again");
    assert!(left < back, "left, then came back");
    assert!(
        rfind(during, MOUSE_ON).is_some_and(|on| on > left),
        "mouse reporting is back on"
    );
    assert!(tui.screen().alternate_screen());
    let opened = std::fs::read_to_string(&out).expect("the browser ran and wrote");
    assert_eq!(
        opened.trim_end(),
        format!("{link} tty"),
        "one argument, with the terminal"
    );
    // Closes the overlay, goes back to the list, quits.
    tui.press(b"q");
    tui.wait_until("the overlay closed", |s| !s.contents().contains("Links —"));
    tui.press(b"qq");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
    tui.assert_restored();
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn d_deletes_an_article_into_the_trash_and_u_puts_it_back() {
    let state = tempdir();
    let folder = tempdir();
    for (name, title, day) in [("alpha", "Alpha story", 2), ("beta", "Beta story", 1)] {
        std::fs::write(
            folder.path().join(format!("{name}.json")),
            serde_json::json!({"title": title, "published": format!("2024-03-0{day}"),
                "body": [format!("The {name} text.")]})
            .to_string(),
        )
        .expect("write an article");
    }
    let dir = folder.path().to_str().expect("a UTF-8 temporary path");
    let mut tui = Tui::spawn(state.path(), 120, 30, &["--dir", dir]);
    tui.wait_for_ui();
    tui.wait_for("Alpha story");
    tui.press(b"d");
    tui.wait_for("deleted \"Alpha story\" — u to undo");
    // Only the footer still names it: the list and the reader show Beta.
    tui.wait_until("the article gone from the list", |s| {
        let text = s.contents();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.pop();
        !lines.iter().any(|l| l.contains("Alpha story")) && text.contains("The beta text.")
    });
    assert!(folder.path().join(".gogai-trash/alpha.json").is_file());
    assert!(!folder.path().join("alpha.json").exists());
    tui.press(b"u");
    tui.wait_for("put back \"Alpha story\"");
    tui.wait_for("The alpha text.");
    tui.press(b"q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
    assert!(folder.path().join("alpha.json").is_file());
    assert!(!folder.path().join(".gogai-trash/alpha.json").exists());

    // Deleted again and the reader quit: the next run does not list it.
    // (The footer may tell of the folder's check at the start: Alpha's
    // file changed when it was put back.)
    let mut tui = Tui::spawn(state.path(), 120, 30, &["--dir", dir]);
    tui.wait_for("Alpha story");
    tui.wait_for("The alpha text.");
    tui.press(b"d");
    tui.wait_for("1 article ·");
    tui.press(b"q");
    assert!(tui.wait_exit().success());
    let mut tui = Tui::spawn(state.path(), 120, 30, &["--dir", dir]);
    // Listed from the metadata index, brought in step after the delete
    // (or else by this run's own check of the folder).
    tui.wait_until("the next run without the deleted article", |s| {
        let text = s.contents();
        text.contains("The beta text.") && text.contains("1 article ·") && !text.contains("Alpha")
    });
    tui.press(b"q");
    assert!(tui.wait_exit().success());
}

#[test]
fn an_article_copied_into_the_folder_shows_while_the_reader_runs() {
    let state = tempdir();
    let dir = tempdir();
    let article = |id: &str, title: &str| {
        serde_json::json!({"id": id, "title": title, "body": ["A line of news."]}).to_string()
    };
    std::fs::write(dir.path().join("one.json"), article("one", "First story")).expect("write");
    let folder = dir.path().to_str().expect("utf-8 temp path");
    let cache = state.path().join("cache");
    let cache = cache.to_str().expect("utf-8 temp path");
    let mut tui = Tui::spawn_with(
        state.path(),
        120,
        30,
        &["--dir", folder],
        &[("XDG_CACHE_HOME", cache)],
    );
    tui.wait_for_ui();
    tui.wait_for("First story");
    // The problems overlay says how the folder is watched, once it is.
    tui.press(b"!");
    tui.wait_for("it is watched");
    tui.press(ESC);
    tui.wait_until("the overlay closed", |s| {
        !s.contents().contains("it is watched")
    });
    // Written as an import writes: a temporary file renamed into place.
    let temp = dir.path().join(".two-1.tmp");
    std::fs::write(&temp, article("two", "Second story arrives")).expect("write");
    std::fs::rename(&temp, dir.path().join("two.json")).expect("rename");
    tui.wait_for("Second story arrives");
    tui.wait_for("the folder changed: 2 articles (was 1)");
    tui.press(b"q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
}
