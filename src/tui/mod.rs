//! The terminal: set up, the event loop, torn down on every exit path, and
//! the effects the app asks for (open a link, copy, reload, index).
//!
//! The loop blocks on one channel (see [`crate::workers`]): keys and
//! resizes from an input thread, signals from a signal thread, and the
//! background jobs' results all wake it. It draws, waits for the next
//! event, applies it and whatever queued up behind it, and draws again.

use std::cell::Cell;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as Input, KeyCode, MouseButton,
    MouseEvent, MouseEventKind,
};
use ratatui::crossterm::execute;
use signal_hook::iterator::Signals;

use crate::action::Action;
use crate::app::{App, Deleted, Effect, Message, RefreshNews, Restored};
use crate::store::state::{JobError, SaveJob};
use crate::workers::{self, Event, Workers};

pub mod browser;

use browser::Browser;

/// How long the end of a run waits for background threads to stop: after
/// a terminating signal gogai must be gone within about this long, even
/// when the terminal is gone and a thread is stuck reading it (crossterm
/// issue #793: its read loop spins on a hung-up terminal).
const GRACE: Duration = Duration::from_secs(2);
/// How often the input thread looks up from waiting for input to see
/// whether it should stop.
const INPUT_WAKE: Duration = Duration::from_millis(100);

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked us to stop; its number.
    Signal(i32),
    /// The user quit, but this run's last changes could not be saved (what
    /// went wrong was said on standard error): not a success.
    Unsaved,
}

thread_local! {
    /// Whether the panic hook has shown this (the UI) thread's panic: a
    /// panic passed on from a scoped thread (`resume_unwind`) skips the
    /// hook, and its message is printed by `run` instead.
    static PANIC_SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Runs the reader until the user quits or a terminating signal arrives. The
/// terminal is restored whatever happens, panics included.
pub fn run(app: &mut App, state_path: Option<&Path>) -> anyhow::Result<Ended> {
    let signals = Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])
    .context("installing signal handlers")?;
    let signal_handle = signals.handle();
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    install_panic_hook();
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let mut workers = Workers::new();
    let mut saver = Saver {
        path: state_path,
        in_flight: None,
    };
    // A panic has restored the terminal (in the hook) by the time it gets
    // here; catching it lets the state be saved before it goes on.
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        listen(&mut workers, signals)?;
        event_loop(&mut terminal, app, &mut workers, &mut saver)
    }));
    restore();
    let result = match caught {
        Ok(result) => result,
        Err(panic) => {
            log::error!("the reader panicked: {}", workers::payload_text(&*panic));
            if !PANIC_SHOWN.get() {
                eprintln!("gogai: {}", workers::payload_text(&*panic));
            }
            signal_handle.close();
            save_after_panic(app, &mut workers, &mut saver);
            workers.shutdown(GRACE);
            std::panic::resume_unwind(panic);
        }
    };
    if !app.should_quit() {
        // Ended by a signal or an error: remember the session all the same.
        app.update(Action::Quit);
    }
    // A last save, in case the loop ended between a change and its save
    // (after the one under way, if any, is done). Signals still arrive as
    // events meanwhile: one ends the wait at once.
    let (notices, interrupted) = saver.last_save(app, &mut workers);
    signal_handle.close();
    for notice in notices {
        say(&notice);
    }
    let left_unsaved = state_path.is_some() && unsaved(app);
    workers.shutdown(GRACE);
    match (result, interrupted) {
        (Ok(Ended::Quit), Some(signal)) => Ok(Ended::Signal(signal)),
        (Ok(Ended::Quit), None) if left_unsaved => Ok(Ended::Unsaved),
        (result, _) => result,
    }
}

/// Prints a message at exit. The terminal may be gone (a hang-up): a
/// write that fails is not worth a panic, which `eprintln!` would be.
fn say(notice: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "gogai: {notice}");
}

/// Set while a text browser has the terminal: the input thread stops
/// reading it, so no key meant for the browser is taken.
static INPUT_PAUSED: AtomicBool = AtomicBool::new(false);
/// Set by the input thread once it has seen [`INPUT_PAUSED`] and stopped.
static INPUT_PARKED: AtomicBool = AtomicBool::new(false);

/// Stops the input thread reading the terminal, waiting (a little over
/// one of its polls at most) until it has.
fn pause_input() {
    INPUT_PARKED.store(false, Ordering::SeqCst);
    INPUT_PAUSED.store(true, Ordering::SeqCst);
    let deadline = Instant::now() + INPUT_WAKE * 5;
    while !INPUT_PARKED.load(Ordering::SeqCst) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn resume_input() {
    INPUT_PAUSED.store(false, Ordering::SeqCst);
}

/// Starts the threads that turn terminal input and signals into events.
fn listen(workers: &mut Workers, mut signals: Signals) -> anyhow::Result<()> {
    workers.start("gogai-input", |cx| {
        while !cx.cancelled() {
            if INPUT_PAUSED.load(Ordering::SeqCst) {
                INPUT_PARKED.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            // Waits a little at a time, so it can be told to stop.
            let event = match event::poll(INPUT_WAKE) {
                Ok(false) => continue,
                Ok(true) => event::read(),
                Err(e) => Err(e),
            };
            let sent = match event {
                Ok(input) => cx.send(Event::Input(input)),
                Err(e) => {
                    cx.send(Event::InputFailed(e.to_string()));
                    return;
                }
            };
            if !sent {
                return;
            }
        }
    })?;
    workers.start("gogai-signals", move |cx| {
        // Ends when `run` closes the handle.
        for signal in signals.forever() {
            if !cx.send(Event::Signal(signal)) {
                return;
            }
        }
    })?;
    Ok(())
}

/// ratatui's panic hook restores the screen but not mouse reporting: turn
/// that off first, then let its hook run. That is for the UI thread only: a
/// worker that panics must not pull the terminal from under a UI that goes
/// on; its message is kept for the worker to report (see `workers`).
fn install_panic_hook() {
    let ratatui_hook = std::panic::take_hook();
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != ui_thread {
            workers::note_panic(panic_message(info));
            return;
        }
        PANIC_SHOWN.set(true);
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
}

/// Saves what can be saved after a panic in the event loop. The app may be
/// half-way through a change, so a second panic here is caught too.
fn save_after_panic(app: &mut App, workers: &mut Workers, saver: &mut Saver<'_>) {
    let Some(path) = saver.path else {
        return;
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for notice in saver.wait(app, workers).notices {
            eprintln!("gogai: {notice}");
        }
        app.update(Action::Quit);
        app.read_state_mut().save(path)
    }));
    match outcome {
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

/// Writes the state on a worker, one save at a time, so a key press never
/// waits for the disk: a save is a synced transaction, and may wait up to
/// two seconds for another gogai's. Changes made meanwhile wait for the
/// next save; a save that fails gives its changes back.
struct Saver<'p> {
    path: Option<&'p Path>,
    /// A copy of the save under way, given back if it never reports.
    in_flight: Option<SaveJob>,
}

impl Saver<'_> {
    /// Hands this run's changes to a worker, unless a save is under way.
    fn offer(&mut self, app: &mut App, workers: &mut Workers) {
        let Some(path) = self.path else {
            return;
        };
        if self.in_flight.is_some() || !unsaved(app) {
            return;
        }
        let Some(job) = app.read_state_mut().take_job() else {
            return;
        };
        if workers.save(job.clone(), path.to_path_buf()).is_ok() {
            self.in_flight = Some(job);
            return;
        }
        // No thread to be had: the save is made here.
        app.read_state_mut().give_back(job);
        self.save_whole(app);
    }

    /// A save came back; one that needs the whole state is made here.
    fn saved(&mut self, app: &mut App, job: SaveJob, result: Result<Option<String>, JobError>) {
        self.in_flight = None;
        let whole = matches!(result, Err(JobError::NeedsWhole));
        app.update(Message::Saved { job, result });
        if whole {
            self.save_whole(app);
        }
    }

    fn save_whole(&self, app: &mut App) {
        let Some(path) = self.path else {
            return;
        };
        let notice = match app.read_state_mut().save(path) {
            Ok(notice) => notice,
            Err(e) => Some(e.to_string()),
        };
        if let Some(notice) = notice {
            app.update(Message::Notice(notice));
        }
    }

    /// The last save before gogai ends, on a worker like the others so
    /// that waiting for it is bounded ([`SAVE_WAIT`] for each of the save
    /// under way and this one) and a terminating signal ends the wait at
    /// once (its number is returned). What is not saved by then is lost
    /// for this run, and the user is told. Returns what to tell the user
    /// (the UI is gone by then).
    fn last_save(&mut self, app: &mut App, workers: &mut Workers) -> (Vec<String>, Option<i32>) {
        let Waited {
            mut notices,
            signal,
            failed,
        } = self.wait(app, workers);
        // A save that failed or is stuck (another process holds the lock)
        // is not tried again: the next one would wait as long.
        if signal.is_some() || failed {
            notices.push(self.unsaved_notice(app));
            return (notices, signal);
        }
        let Some(path) = self.path else {
            return (notices, None);
        };
        if !unsaved(app) {
            return (notices, None);
        }
        let Some(job) = app.read_state_mut().take_job() else {
            return (notices, None);
        };
        if workers.save(job.clone(), path.to_path_buf()).is_err() {
            app.read_state_mut().give_back(job);
            match app.read_state_mut().save(path) {
                Ok(notice) => notices.extend(notice),
                Err(e) => notices.push(e.to_string()),
            }
            return (notices, None);
        }
        self.in_flight = Some(job);
        let waited = self.wait(app, workers);
        let signal = waited.signal;
        notices.extend(waited.notices);
        if signal.is_some() || waited.failed {
            notices.push(self.unsaved_notice(app));
        }
        (notices, signal)
    }

    /// What to say when changes are left unsaved at the end.
    fn unsaved_notice(&self, app: &mut App) -> String {
        let path = self
            .path
            .map_or_else(String::new, |p| format!(" to {}", p.display()));
        if unsaved(app) {
            format!("this run's last changes could not be saved{path}")
        } else {
            format!("stopped while saving{path}")
        }
    }

    /// Waits for the save under way, if any, at most [`SAVE_WAIT`], or
    /// until a terminating signal.
    fn wait(&mut self, app: &mut App, workers: &mut Workers) -> Waited {
        let mut notices = Vec::new();
        let Some(copy) = self.in_flight.take() else {
            return Waited::default();
        };
        let deadline = Instant::now() + SAVE_WAIT;
        let came_back = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match workers.recv_timeout(left) {
                Some(Event::Saved { job, result }) => break Some((job, result)),
                // A hang-up is a quit like any other: the save goes on.
                Some(Event::Signal(signal)) if signal != signal_hook::consts::SIGHUP => {
                    app.read_state_mut().give_back(copy);
                    return Waited {
                        notices,
                        signal: Some(signal),
                        failed: true,
                    };
                }
                Some(_) => {}
                None => break None,
            }
        };
        let mut failed = false;
        match came_back {
            Some((_, Ok(notice))) => notices.extend(notice),
            Some((job, Err(e))) => {
                app.read_state_mut().give_back(job);
                if let JobError::State(e) = e {
                    notices.push(e.to_string());
                    failed = true;
                } else if let Some(path) = self.path {
                    match app.read_state_mut().save(path) {
                        Ok(notice) => notices.extend(notice),
                        Err(e) => {
                            notices.push(e.to_string());
                            failed = true;
                        }
                    }
                }
            }
            // The thread is stuck (a lock another process holds): its
            // changes are given back, and said to be unsaved.
            None => {
                app.read_state_mut().give_back(copy);
                notices.push(format!(
                    "the state store was still locked after {} s (another gogai saving?)",
                    SAVE_WAIT.as_secs()
                ));
                failed = true;
            }
        }
        Waited {
            notices,
            signal: None,
            failed,
        }
    }
}

/// How a wait for a save ended.
#[derive(Debug, Default)]
struct Waited {
    /// What to tell the user.
    notices: Vec<String>,
    /// A terminating signal that cut the wait short.
    signal: Option<i32>,
    /// Whether the changes are still unsaved (given back).
    failed: bool,
}

/// How long gogai, ending, waits for a save under way.
const SAVE_WAIT: Duration = Duration::from_secs(5);

/// Whether there is anything to save: a mark or the session changed, or
/// the start-up bookkeeping (last seen, pruning) has not been written yet.
fn unsaved(app: &mut App) -> bool {
    app.take_state_changes() | app.read_state().has_unsaved_changes()
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    workers: &mut Workers,
    saver: &mut Saver<'_>,
) -> anyhow::Result<Ended> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    // The first frame before any background work starts: with two cores,
    // checking a large folder and opening the search index would
    // otherwise share them with it.
    terminal.draw(|frame| crate::ui::render(app, frame))?;
    log::info!(
        "first frame {} ms after the process started",
        crate::logfile::since_start().as_millis()
    );
    carry_out_all(app, workers, terminal, saver.path);
    loop {
        saver.offer(app, workers);
        terminal.draw(|frame| crate::ui::render(app, frame))?;
        let mut next = workers.recv();
        if next.is_none() {
            anyhow::bail!("the event channel closed");
        }
        // Everything that queued up is applied, then drawn once.
        while let Some(event) = next {
            if let Some(ended) = handle(app, workers, saver, event) {
                return Ok(ended);
            }
            carry_out_all(app, workers, terminal, saver.path);
            if app.should_quit() {
                return Ok(Ended::Quit);
            }
            next = workers.try_recv();
        }
    }
}

/// Applies one event; `Some` when it ends the run.
fn handle(
    app: &mut App,
    workers: &mut Workers,
    saver: &mut Saver<'_>,
    event: Event,
) -> Option<Ended> {
    match event {
        Event::Input(input) => {
            let action = match input {
                Input::Key(key) if key.code == KeyCode::Char('P') && panic_switch() => {
                    panic!("GOGAI_TEST_PANIC is set and P was pressed: a deliberate crash")
                }
                Input::Key(key) if key.code == KeyCode::Char('B') && panic_switch() => {
                    // The same in a background thread, as a bug in an index
                    // would.
                    if let Err(e) = workers.start("gogai-test", |_| {
                        panic!("a deliberate crash in the background")
                    }) {
                        app.update(Message::Notice(e.to_string()));
                    }
                    None
                }
                Input::Key(key) => {
                    app.update(Message::Key(key));
                    None
                }
                Input::Mouse(mouse) => mouse_action(mouse),
                Input::Resize(width, height) => Some(Action::Resize(width, height)),
                _ => None,
            };
            if let Some(action) = action {
                app.update(action);
            }
        }
        // The terminal is gone (its window closed): a hang-up, which ends
        // the run like a quit, session and marks saved, whether or not the
        // SIGHUP comes first.
        Event::InputFailed(_) => return Some(Ended::Signal(signal_hook::consts::SIGHUP)),
        Event::Signal(signal) => return Some(Ended::Signal(signal)),
        Event::Saved { job, result } => saver.saved(app, job, result),
        other => {
            if let Some(message) = other.into_message() {
                app.update(message);
            }
        }
    }
    None
}

/// The text a panic was raised with, and where.
fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let text = workers::payload_text(info.payload());
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

/// A stored index's worker that could not be started or asked: the app
/// searches without it.
fn store_failed(app: &mut App, generation: u64, result: Result<(), workers::WorkerError>) {
    if let Err(e) = result {
        app.update(Message::StoreFailed {
            generation,
            message: e.to_string(),
        });
    }
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

/// Carries out every effect the app asked for. `state` is the state store,
/// where a refresh keeps the feeds' fetch state.
fn carry_out_all(
    app: &mut App,
    workers: &mut Workers,
    terminal: &mut DefaultTerminal,
    state: Option<&Path>,
) {
    while let Some(effect) = app.take_effect() {
        carry_out(app, workers, effect, terminal, state);
    }
}

fn carry_out(
    app: &mut App,
    workers: &mut Workers,
    effect: Effect,
    terminal: &mut DefaultTerminal,
    state: Option<&Path>,
) {
    match effect {
        Effect::OpenLink(url) => {
            let message = open_link(&url, app, workers, terminal);
            app.update(Message::Status(message));
        }
        Effect::Copy(text) => {
            // OSC 52: the terminal puts the text on the clipboard. Works over
            // ssh and in tmux (with `set-clipboard on`).
            let message =
                match execute!(std::io::stdout(), CopyToClipboard::to_clipboard_from(text)) {
                    Ok(()) => "link copied to the clipboard (OSC 52)".to_owned(),
                    Err(e) => format!("cannot copy the link: {e}"),
                };
            app.update(Message::Status(message));
        }
        Effect::Reload => {
            if let Err(e) = workers.reload(app.library().clone()) {
                app.update(Message::Status(format!(
                    "reload failed, nothing changed: {e}"
                )));
            }
            // Nothing printed: no need to redraw in full.
            return;
        }
        Effect::Index(job) => {
            if let Err(e) = workers.index(job) {
                app.update(Message::Notice(e.to_string()));
            }
            return;
        }
        Effect::Read(job) => {
            if let Err(e) = workers.read(job.clone()) {
                // No thread to be had: opened here, slow as that may be.
                app.update(Message::Notice(e.to_string()));
                if let Some(read) = job.run(|| false) {
                    app.update(Message::ArticleRead(Box::new(read)));
                }
            }
            return;
        }
        Effect::RefreshEvery(interval) => {
            if let Err(e) = workers.refresh_every(interval) {
                app.update(Message::Notice(e.to_string()));
            }
            return;
        }
        Effect::Refresh(job) => {
            if let Err(e) = workers.refresh(job, state.map(Path::to_path_buf)) {
                app.update(Message::Refresh(RefreshNews::Failed(e.to_string())));
            }
            return;
        }
        Effect::Facts(job) => {
            if let Err(e) = workers.facts(job.clone()) {
                // No thread to be had: found here, as without the worker.
                app.update(Message::Notice(e.to_string()));
                app.update(Message::FactsFound(Box::new(job.run())));
            }
            return;
        }
        Effect::StopReading => {
            workers.stop_reading();
            return;
        }
        Effect::Check | Effect::Watch(_) => return follow_folder(app, workers, effect),
        Effect::Delete(job) => {
            if let Err(e) = workers.delete(job.clone()) {
                // The file stays where it is, and the article in the list.
                let result = Err(e.to_string());
                app.update(Message::Deleted(Box::new(Deleted { job, result })));
            }
            return;
        }
        Effect::Restore(job) => {
            if let Err(e) = workers.restore(job.clone()) {
                let result = Err(format!("{e}; it is still at {}", job.trashed.display()));
                app.update(Message::Restored(Box::new(Restored { job, result })));
            }
            return;
        }
        Effect::Store(job) => {
            let generation = job.generation;
            let started = workers.store(job);
            store_failed(app, generation, started);
            return;
        }
        Effect::Ask(ask) => {
            let generation = ask.generation;
            let sent = workers.ask(ask);
            store_failed(app, generation, sent);
            return;
        }
    }
    // Whatever was printed, the next frame is drawn in full. A failure
    // here costs a stale cell at worst: a message, never the end of the run.
    if let Err(e) = redraw_in_full(terminal) {
        app.update(Message::Status(format!("cannot redraw the screen: {e}")));
    }
}

/// Checking the folder, and watching it for the changes that call for a
/// check.
fn follow_folder(app: &mut App, workers: &mut Workers, effect: Effect) {
    match effect {
        Effect::Check => {
            if let Err(e) = workers.check(app.library()) {
                // The check the app waits for is over before it began.
                app.update(Message::Checked(Err(e.to_string())));
            }
        }
        Effect::Watch(job) => {
            if let Err(e) = workers.watch(job) {
                app.update(Message::Notice(format!(
                    "{e}; changes to the folder show at r or at the next start"
                )));
            }
        }
        _ => {}
    }
}

/// Clears the screen and makes the next frame draw every cell, without
/// asking the terminal anything. `Terminal::clear` asks where the cursor
/// is (`ESC[6n`) and fails after 2 s when no answer comes; `resize` to the
/// size we draw at clears the same way (for a full-screen viewport) and
/// sends no query: the size comes from the kernel (`TIOCGWINSZ`).
fn redraw_in_full<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::from(size))
}

/// Opens `url` with the browser [`browser::choose`] finds: a text
/// browser gets the terminal until it exits, a graphical one is started
/// apart (its output to nowhere, so the screen stays intact). Returns what
/// to say in the footer.
fn open_link(
    url: &str,
    app: &mut App,
    workers: &mut Workers,
    terminal: &mut DefaultTerminal,
) -> String {
    if !browser::is_openable(url) {
        return format!(
            "cannot open the link: not a web link: {}",
            crate::text::truncate(url, 60)
        );
    }
    // The config file's browser comes before $BROWSER, and is read the
    // same way.
    let configured = app.config().browser.clone();
    let chosen = browser::choose(
        |name| match (name, &configured) {
            ("BROWSER", Some(command)) => Some(command.clone()),
            _ => std::env::var(name).ok(),
        },
        Path::is_file,
        cfg!(target_os = "macos"),
    );
    match chosen {
        Browser::Missing(why) => why,
        Browser::Graphical(launch) => {
            let spawned = std::process::Command::new(&launch.program)
                .args(launch.args_for(url))
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn();
            match spawned {
                Ok(child) => {
                    // Reaped in the background so no zombie is left.
                    if let Err(e) = workers.reap(child) {
                        app.update(Message::Notice(e.to_string()));
                    }
                    format!("opening the link with {}", launch.name())
                }
                Err(e) => format!("cannot open the link with {}: {e}", launch.name()),
            }
        }
        Browser::Text(launch) => {
            let status = in_the_foreground(terminal, || {
                std::process::Command::new(&launch.program)
                    .args(launch.args_for(url))
                    .status()
            });
            forget_interrupts(workers);
            // The terminal may have changed size meanwhile.
            if let Ok(size) = terminal.size() {
                app.update(Action::Resize(size.width, size.height));
            }
            match status {
                Ok(status) if status.success() => format!("back from {}", launch.name()),
                Ok(status) => format!("{} ended with {status}", launch.name()),
                Err(e) => format!("cannot open the link with {}: {e}", launch.name()),
            }
        }
    }
}

/// Runs `job` with the terminal given back to the shell's state (main
/// screen, cooked mode, no mouse reporting) and gogai not reading it, then
/// takes the terminal again. The caller redraws.
fn in_the_foreground<T>(
    terminal: &mut DefaultTerminal,
    job: impl FnOnce() -> std::io::Result<T>,
) -> std::io::Result<T> {
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    pause_input();
    restore();
    let _ = terminal.show_cursor();
    let result = job();
    let back = enable_raw_mode()
        .and_then(|()| execute!(std::io::stdout(), EnterAlternateScreen, EnableMouseCapture))
        .and_then(|()| terminal.hide_cursor());
    resume_input();
    back?;
    result
}

/// A Ctrl-C typed in a text browser reaches gogai too (they share the
/// terminal's process group) but was meant for the browser: the SIGINTs
/// that came meanwhile are dropped, and every other event kept in order.
fn forget_interrupts(workers: &mut Workers) {
    let mut kept = Vec::new();
    while let Some(event) = workers.try_recv() {
        if !matches!(event, Event::Signal(signal_hook::consts::SIGINT)) {
            kept.push(event);
        }
    }
    for event in kept {
        workers.requeue(event);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    use super::mouse_action;
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
}
