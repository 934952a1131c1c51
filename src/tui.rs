//! The terminal: set up, event loop, torn down on every exit path, and the
//! effects the app asks for (open a link, copy, reload).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, MouseButton, MouseEvent,
    MouseEventKind,
};
use ratatui::crossterm::execute;

use crate::action::Action;
use crate::app::{App, Effect};
use crate::keymap;
use crate::state::{JobError, SaveJob};

/// How long input is awaited before the loop looks at signals and
/// background work again.
const TICK: Duration = Duration::from_millis(250);
/// How long the loop has to end by itself after a terminating signal.
const GRACE: Duration = Duration::from_secs(2);

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked us to stop; its number.
    Signal(i32),
}

/// Runs the reader until the user quits or a terminating signal arrives. The
/// terminal is restored whatever happens, panics included.
pub fn run(app: &mut App, state_path: Option<&Path>) -> anyhow::Result<Ended> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .context("installing signal handlers")?;
    }
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    // ratatui's panic hook restores the screen but not mouse reporting: turn
    // that off first, then let its hook run. That is for this thread only: a
    // background thread (the search indexes) that panics must not pull the
    // terminal from under a UI that goes on; its message is kept for `!`.
    let ratatui_hook = std::panic::take_hook();
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != ui_thread {
            let message = format!(
                "a background task ({}) failed: {}",
                std::thread::current().name().unwrap_or("unnamed"),
                panic_message(info)
            );
            if let Ok(mut failures) = BACKGROUND_FAILURES.lock() {
                failures.push(message);
            }
            return;
        }
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let done = Arc::new(AtomicBool::new(false));
    spawn_watchdog(Arc::clone(&done), Arc::clone(&signal));
    // A panic has restored the terminal (in the hook) by the time it gets
    // here; catching it lets the state be saved before it goes on.
    let mut saver = Saver::start();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, app, state_path, &signal, &mut saver)
    }));
    done.store(true, Ordering::SeqCst);
    restore();
    let result = match caught {
        Ok(result) => result,
        Err(panic) => {
            // A worker thread's panic re-raised here passed the hook as a
            // background failure: its message is printed now.
            for failure in take_background_failures() {
                eprintln!("gogai: {failure}");
            }
            save_after_panic(app, state_path, &mut saver);
            std::panic::resume_unwind(panic);
        }
    };
    if !app.should_quit() {
        // Ended by a signal or an error: remember the session all the same.
        app.update(Action::Quit);
    }
    // A last save, in case the loop ended between a change and its save
    // (after the one under way, if any, is done).
    let finished = state_path.and_then(|path| saver.finish(app, path));
    if let Some(path) = state_path.filter(|_| unsaved(app)) {
        // What a failed save gave back is tried once more; if that fails
        // too, its error is said at exit, and the first failure not again.
        let notice = save(app, path)?;
        for notice in finished.into_iter().chain(notice) {
            eprintln!("gogai: {notice}");
        }
    } else if let Some(notice) = finished {
        eprintln!("gogai: {notice}");
    }
    result?;
    Ok(match signal.load(Ordering::SeqCst) {
        0 => Ended::Quit,
        sig => Ended::Signal(i32::try_from(sig).unwrap_or(1)),
    })
}

/// Saves what can be saved after a panic in the event loop. The app may be
/// half-way through a change, so a second panic here is caught too.
fn save_after_panic(app: &mut App, state_path: Option<&Path>, writer: &mut Saver) {
    let Some(path) = state_path else {
        return;
    };
    let saved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if let Some(notice) = writer.finish(app, path) {
            eprintln!("gogai: {notice}");
        }
        app.update(Action::Quit);
        save(app, path)
    }));
    match saved {
        Ok(Ok(_)) => eprintln!("gogai: read marks and position saved to {}", path.display()),
        Ok(Err(e)) => eprintln!("gogai: {e:#}"),
        Err(_) => eprintln!("gogai: the state could not be saved after the crash"),
    }
}

/// Gives the terminal back: mouse reporting off, main screen, cooked mode.
fn restore() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    let _ = ratatui::try_restore();
}

/// Saves the state, merging with what another gogai may have written.
/// Returns a notice when the file on disk had to be set aside.
fn save(app: &mut App, path: &Path) -> anyhow::Result<Option<String>> {
    Ok(app.read_state_mut().save(path)?)
}

/// Writes the state on a thread of its own, one save at a time, so a key
/// press never waits for the file: with 100,000 marks, reading, merging and
/// writing it takes tens of milliseconds. Changes made meanwhile wait for
/// the next save; a save that fails gives its changes back.
struct Saver {
    jobs: Option<mpsc::Sender<(SaveJob, PathBuf)>>,
    results: mpsc::Receiver<Result<Option<String>, JobError>>,
    /// A copy of the save under way, given back if it never reports.
    in_flight: Option<SaveJob>,
}

impl Saver {
    fn start() -> Self {
        let (jobs, inbox) = mpsc::channel::<(SaveJob, PathBuf)>();
        let (outbox, results) = mpsc::channel();
        let started = std::thread::Builder::new()
            .name("gogai-save".into())
            .spawn(move || {
                for (job, path) in inbox {
                    if outbox.send(job.write_job(&path)).is_err() {
                        return;
                    }
                }
            });
        Self {
            // No thread: every save is made on the UI thread instead.
            jobs: started.ok().map(|_| jobs),
            results,
            in_flight: None,
        }
    }

    /// Hands this run's changes to the thread, unless a save is under way.
    fn offer(&mut self, app: &mut App, path: &Path) -> Option<String> {
        if self.in_flight.is_some() || !unsaved(app) {
            return None;
        }
        let job = app.read_state_mut().take_job()?;
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send((job.clone(), path.to_path_buf())).is_ok());
        if sent {
            self.in_flight = Some(job);
            return None;
        }
        app.read_state_mut().give_back(job);
        self.jobs = None;
        save(app, path).err().map(|e| e.to_string())
    }

    /// Takes in the save under way if it has finished (or, with `wait`,
    /// once it has); returns anything to tell the user.
    fn collect(&mut self, app: &mut App, path: &Path, wait: bool) -> Option<String> {
        let job = self.in_flight.as_ref()?;
        let result = if wait {
            self.results
                .recv_timeout(SAVE_WAIT)
                .map_err(|_| mpsc::TryRecvError::Disconnected)
        } else {
            self.results.try_recv()
        };
        let failed = match result {
            Err(mpsc::TryRecvError::Empty) => return None,
            Ok(Ok(notice)) => {
                self.in_flight = None;
                return notice;
            }
            Ok(Err(JobError::NeedsWhole)) => None,
            Ok(Err(JobError::State(e))) => Some(e.to_string()),
            // The thread is gone (or stuck): its save is made here.
            Err(mpsc::TryRecvError::Disconnected) => {
                self.jobs = None;
                None
            }
        };
        let job = job.clone();
        self.in_flight = None;
        app.read_state_mut().give_back(job);
        match failed {
            Some(message) => Some(message),
            // The whole state is needed, or the thread is gone: save here.
            None => match save(app, path) {
                Ok(notice) => notice,
                Err(e) => Some(e.to_string()),
            },
        }
    }

    /// Waits for the save under way, for the last save before gogai ends.
    fn finish(&mut self, app: &mut App, path: &Path) -> Option<String> {
        self.collect(app, path, true)
    }
}

/// How long gogai, ending, waits for a save under way.
const SAVE_WAIT: Duration = Duration::from_secs(5);

/// Whether there is anything to save: a mark or the session changed, or
/// the start-up bookkeeping (last seen, pruning) has not been written yet.
fn unsaved(app: &mut App) -> bool {
    app.take_state_changes() | app.read_state().has_unsaved_changes()
}

/// After a terminating signal, gives the event loop a moment to end on its
/// own; if it does not (it is stuck inside crossterm's read loop, which spins
/// on a hung-up terminal: crossterm issue #793), restores what can be
/// restored and exits. Read marks were saved after each change.
fn spawn_watchdog(done: Arc<AtomicBool>, signal: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        while signal.load(Ordering::SeqCst) == 0 {
            if done.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(TICK);
        }
        std::thread::sleep(GRACE);
        if !done.load(Ordering::SeqCst) {
            // The terminal may be gone: restore quietly (a failed write to
            // stderr here would panic).
            restore();
            let sig = i32::try_from(signal.load(Ordering::SeqCst)).unwrap_or(0);
            std::process::exit(128 + sig);
        }
    });
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    state_path: Option<&Path>,
    signal: &AtomicUsize,
    saver: &mut Saver,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    while !app.should_quit() && signal.load(Ordering::SeqCst) == 0 {
        if let Some(path) = state_path {
            let done = saver.collect(app, path, false);
            // A save that keeps failing is retried after each change; it is
            // reported once, not once per key.
            for message in done.into_iter().chain(saver.offer(app, path)) {
                if app.notices().last() != Some(&message) {
                    app.notify(message);
                }
            }
        }
        terminal.draw(|frame| crate::ui::render(app, frame))?;
        for failure in take_background_failures() {
            app.notify(failure);
        }
        // Poll so a signal is noticed within a tick even with no input.
        if !event::poll(TICK)? {
            app.update(Action::Tick);
            continue;
        }
        // Drain everything that queued up, then draw once.
        loop {
            let action = match event::read()? {
                Event::Key(key) if key.code == KeyCode::Char('P') && panic_switch() => {
                    panic!("GOGAI_TEST_PANIC is set and P was pressed: a deliberate crash")
                }
                Event::Key(key) if key.code == KeyCode::Char('B') && panic_switch() => {
                    // The same in a background thread, as a bug in an index
                    // would.
                    let _ = std::thread::Builder::new()
                        .name("gogai-test".into())
                        .spawn(|| panic!("a deliberate crash in the background"));
                    None
                }
                Event::Key(key) => keymap::action_for(&key, app.context()),
                Event::Mouse(mouse) => mouse_action(mouse),
                Event::Resize(width, height) => Some(Action::Resize(width, height)),
                _ => None,
            };
            if let Some(action) = action {
                app.update(action);
            }
            if let Some(effect) = app.take_effect() {
                carry_out(app, effect, terminal)?;
            }
            if app.should_quit() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}

/// Panics of threads other than the UI's, for the problems overlay.
static BACKGROUND_FAILURES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn take_background_failures() -> Vec<String> {
    BACKGROUND_FAILURES
        .lock()
        .map(|mut failures| std::mem::take(&mut *failures))
        .unwrap_or_default()
}

/// The text a panic was raised with.
fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    match info.location() {
        Some(at) => format!("{text} (at {at})"),
        None => text,
    }
}

/// Tests of the crash path set `GOGAI_TEST_PANIC=1`; `P` then panics inside
/// the event loop, as a bug would, and `B` in a background thread. Nobody
/// sets it by accident: it is not documented for users, and `P` and `B`
/// do nothing otherwise.
fn panic_switch() -> bool {
    std::env::var_os("GOGAI_TEST_PANIC").is_some_and(|v| v == "1")
}

/// Clicks and the wheel; drags and moves are not used.
fn mouse_action(mouse: MouseEvent) -> Option<Action> {
    let (x, y) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(x, y)),
        MouseEventKind::ScrollDown => Some(Action::Wheel(x, y, true)),
        MouseEventKind::ScrollUp => Some(Action::Wheel(x, y, false)),
        _ => None,
    }
}

fn carry_out(app: &mut App, effect: Effect, terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
    match effect {
        Effect::OpenLink(url) => {
            let message = match open_link(&url) {
                Ok(opener) => format!("opening the link with {opener}"),
                Err(e) => format!("cannot open the link: {e}"),
            };
            app.set_status(message);
        }
        Effect::Copy(text) => {
            // OSC 52: the terminal puts the text on the clipboard. Works over
            // ssh and in tmux (with `set-clipboard on`).
            let mut out = std::io::stdout();
            write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
            out.flush()?;
            app.set_status("link copied to the clipboard (OSC 52)".to_owned());
        }
        Effect::Reload => match app.library.reload() {
            Ok(library) => app.reload(library),
            Err(e) => app.set_status(format!("reload failed, nothing changed: {e}")),
        },
    }
    // Whatever was printed, the next frame is drawn in full.
    terminal.clear()?;
    Ok(())
}

/// Starts `$BROWSER` (the first of a `:`-separated list; `%s` is replaced
/// by the link), else the platform's opener, detached from the terminal so
/// the screen stays intact. Only web and mail links are opened: an
/// article's text is not trusted to name local files or programs.
fn open_link(url: &str) -> anyhow::Result<String> {
    let lower = url.to_ascii_lowercase();
    if !["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        anyhow::bail!("not a web link: {}", crate::text::truncate(url, 60));
    }
    let browser = std::env::var("BROWSER").ok().and_then(|b| {
        b.split(':')
            .map(str::trim)
            .find(|s| !s.is_empty())
            .map(str::to_owned)
    });
    let (program, args): (String, Vec<String>) = match browser {
        Some(b) => {
            let mut words = b.split_whitespace().map(str::to_owned);
            let program = words.next().unwrap_or_default();
            let mut args: Vec<String> = words.collect();
            if args.iter().any(|a| a.contains("%s")) {
                for a in &mut args {
                    *a = a.replace("%s", url);
                }
            } else {
                args.push(url.to_owned());
            }
            (program, args)
        }
        None if cfg!(target_os = "macos") => ("open".into(), vec![url.to_owned()]),
        None => ("xdg-open".into(), vec![url.to_owned()]),
    };
    let mut child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .with_context(|| program.clone())?;
    // Reap it in the background so no zombie is left.
    std::thread::spawn(move || child.wait());
    Ok(program)
}

/// Standard base64 with padding, for OSC 52.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        let symbols = chunk.len() + 1;
        for i in 0..4 {
            if i < symbols {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    use super::{base64, mouse_action};
    use crate::action::Action;

    fn mouse(kind: MouseEventKind) -> MouseEvent {
        MouseEvent {
            kind,
            column: 7,
            row: 3,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn left_clicks_and_the_wheel_become_actions_and_nothing_else_does() {
        use MouseEventKind::{Down, Drag, Moved, ScrollDown, ScrollLeft, ScrollUp, Up};
        assert_eq!(
            mouse_action(mouse(Down(MouseButton::Left))),
            Some(Action::Click(7, 3))
        );
        assert_eq!(
            mouse_action(mouse(ScrollDown)),
            Some(Action::Wheel(7, 3, true))
        );
        assert_eq!(
            mouse_action(mouse(ScrollUp)),
            Some(Action::Wheel(7, 3, false))
        );
        for kind in [
            Down(MouseButton::Right),
            Up(MouseButton::Left),
            Drag(MouseButton::Left),
            Moved,
            ScrollLeft,
        ] {
            assert_eq!(mouse_action(mouse(kind)), None, "{kind:?}");
        }
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        // RFC 4648, section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
