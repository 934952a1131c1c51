//! The terminal: set up, the event loop, torn down on every exit path, and
//! the effects the app asks for (open a link, copy, reload, index).
//!
//! The loop blocks on one channel (see [`crate::workers`]): keys and
//! resizes from an input thread, signals from a signal thread, and the
//! background jobs' results all wake it. It draws, waits for the next
//! event, applies it and whatever queued up behind it, and draws again.

use std::cell::Cell;
use std::path::Path;
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
use crate::app::{App, Effect, Message};
use crate::keymap;
use crate::store::state::{JobError, SaveJob};
use crate::workers::{self, Event, Workers};

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
    signal_handle.close();
    restore();
    let result = match caught {
        Ok(result) => result,
        Err(panic) => {
            if !PANIC_SHOWN.get() {
                eprintln!("gogai: {}", workers::payload_text(&*panic));
            }
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
    // (after the one under way, if any, is done).
    let finished = saver.finish(app, &mut workers);
    if let Some(path) = state_path.filter(|_| unsaved(app)) {
        // What a failed save gave back is tried once more; if that fails
        // too, its error is said at exit, and the first failure not again.
        let notice = app.read_state_mut().save(path)?;
        for notice in finished.into_iter().chain(notice) {
            eprintln!("gogai: {notice}");
        }
    } else {
        for notice in finished {
            eprintln!("gogai: {notice}");
        }
    }
    workers.shutdown(GRACE);
    result
}

/// Starts the threads that turn terminal input and signals into events.
fn listen(workers: &mut Workers, mut signals: Signals) -> anyhow::Result<()> {
    workers.start("gogai-input", |cx| {
        while !cx.cancelled() {
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
        for notice in saver.finish(app, workers) {
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
/// waits for the file: with 100,000 marks, reading, merging and writing it
/// takes tens of milliseconds. Changes made meanwhile wait for the next
/// save; a save that fails gives its changes back.
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

    /// Waits for the save under way, for the last save before gogai ends;
    /// returns what to tell the user (the UI is gone by then).
    fn finish(&mut self, app: &mut App, workers: &mut Workers) -> Vec<String> {
        let mut notices = Vec::new();
        let Some(copy) = self.in_flight.take() else {
            return notices;
        };
        let deadline = Instant::now() + SAVE_WAIT;
        let came_back = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match workers.recv_timeout(left) {
                Some(Event::Saved { job, result }) => break Some((job, result)),
                Some(_) => {}
                None => break None,
            }
        };
        match came_back {
            Some((_, Ok(notice))) => notices.extend(notice),
            Some((job, Err(e))) => {
                app.read_state_mut().give_back(job);
                if let JobError::State(e) = e {
                    notices.push(e.to_string());
                } else if let Some(path) = self.path {
                    match app.read_state_mut().save(path) {
                        Ok(notice) => notices.extend(notice),
                        Err(e) => notices.push(e.to_string()),
                    }
                }
            }
            // The thread is stuck: its changes are saved by the caller.
            None => app.read_state_mut().give_back(copy),
        }
        notices
    }
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
    carry_out_all(app, workers, terminal)?;
    loop {
        saver.offer(app, workers);
        terminal.draw(|frame| crate::ui::render(app, frame))?;
        let mut next = workers.recv();
        if next.is_none() {
            anyhow::bail!("the event channel closed");
        }
        // Everything that queued up is applied, then drawn once.
        while let Some(event) = next {
            if let Some(ended) = handle(app, workers, saver, event)? {
                return Ok(ended);
            }
            carry_out_all(app, workers, terminal)?;
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
) -> anyhow::Result<Option<Ended>> {
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
                Input::Key(key) => keymap::action_for(&key, app.context()),
                Input::Mouse(mouse) => mouse_action(mouse),
                Input::Resize(width, height) => Some(Action::Resize(width, height)),
                _ => None,
            };
            if let Some(action) = action {
                app.update(action);
            }
        }
        Event::InputFailed(e) => anyhow::bail!("reading the terminal: {e}"),
        Event::Signal(signal) => return Ok(Some(Ended::Signal(signal))),
        Event::Saved { job, result } => saver.saved(app, job, result),
        other => {
            if let Some(message) = other.into_message() {
                app.update(message);
            }
        }
    }
    Ok(None)
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

/// Carries out every effect the app asked for.
fn carry_out_all(
    app: &mut App,
    workers: &mut Workers,
    terminal: &mut DefaultTerminal,
) -> anyhow::Result<()> {
    while let Some(effect) = app.take_effect() {
        carry_out(app, workers, effect, terminal)?;
    }
    Ok(())
}

fn carry_out(
    app: &mut App,
    workers: &mut Workers,
    effect: Effect,
    terminal: &mut DefaultTerminal,
) -> anyhow::Result<()> {
    match effect {
        Effect::OpenLink(url) => {
            let message = match open_link(&url) {
                Ok((opener, child)) => {
                    // Reaped in the background so no zombie is left.
                    if let Err(e) = workers.reap(child) {
                        app.update(Message::Notice(e.to_string()));
                    }
                    format!("opening the link with {opener}")
                }
                Err(e) => format!("cannot open the link: {e}"),
            };
            app.update(Message::Status(message));
        }
        Effect::Copy(text) => {
            // OSC 52: the terminal puts the text on the clipboard. Works over
            // ssh and in tmux (with `set-clipboard on`).
            execute!(std::io::stdout(), CopyToClipboard::to_clipboard_from(text))?;
            app.update(Message::Status(
                "link copied to the clipboard (OSC 52)".to_owned(),
            ));
        }
        Effect::Reload => {
            if let Err(e) = workers.reload(app.library().clone()) {
                app.update(Message::Status(format!(
                    "reload failed, nothing changed: {e}"
                )));
            }
        }
        Effect::Index(job) => {
            if let Err(e) = workers.index(job) {
                app.update(Message::Notice(e.to_string()));
            }
            // Nothing printed: no need to redraw in full.
            return Ok(());
        }
    }
    // Whatever was printed, the next frame is drawn in full.
    terminal.clear()?;
    Ok(())
}

/// Starts `$BROWSER` (the first of a `:`-separated list; `%s` is replaced
/// by the link), else the platform's opener, detached from the terminal so
/// the screen stays intact. Only web and mail links are opened: an
/// article's text is not trusted to name local files or programs.
fn open_link(url: &str) -> anyhow::Result<(String, std::process::Child)> {
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
    let child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .with_context(|| program.clone())?;
    Ok((program, child))
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
