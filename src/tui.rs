//! The terminal: set up, event loop, torn down on every exit path.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use crate::action::Action;
use crate::app::App;
use crate::keymap;

/// How long input is awaited before the loop looks at signals again.
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
/// terminal is restored whatever happens (ratatui's panic hook covers panics).
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
    let done = Arc::new(AtomicBool::new(false));
    spawn_watchdog(Arc::clone(&done), Arc::clone(&signal));
    let result = event_loop(&mut terminal, app, state_path, &signal);
    done.store(true, Ordering::SeqCst);
    ratatui::restore();
    // A last save, in case the loop ended between a change and its save.
    if let Some(path) = state_path.filter(|_| app.take_read_changes()) {
        app.read_state().save(path)?;
    }
    result?;
    Ok(match signal.load(Ordering::SeqCst) {
        0 => Ended::Quit,
        sig => Ended::Signal(i32::try_from(sig).unwrap_or(1)),
    })
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
            let _ = ratatui::try_restore();
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
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    while !app.should_quit() && signal.load(Ordering::SeqCst) == 0 {
        terminal.draw(|frame| crate::ui::render(app, frame))?;
        // Poll so a signal is noticed within a tick even with no input.
        if !event::poll(TICK)? {
            continue;
        }
        // Drain everything that queued up, then draw once.
        loop {
            match event::read()? {
                Event::Key(key) => {
                    if let Some(action) = keymap::action_for(&key, app.context()) {
                        app.update(action);
                    }
                }
                Event::Resize(width, height) => app.update(Action::Resize(width, height)),
                _ => {}
            }
            if app.should_quit() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        if let Some(path) = state_path.filter(|_| app.take_read_changes())
            && let Err(e) = app.read_state().save(path)
        {
            app.notify(e.to_string());
        }
    }
    Ok(())
}
