//! The terminal: set up, event loop, torn down on every exit path.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use crate::action::Action;
use crate::app::App;
use crate::keymap;

/// How long input is awaited before the loop looks at signals again.
const TICK: Duration = Duration::from_millis(250);
/// A loop silent for this long is stuck inside the terminal library (its read
/// loop spins when the terminal is gone; crossterm issue #793).
const STALL: Duration = Duration::from_secs(3);

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
    let heartbeat = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    spawn_watchdog(
        Arc::clone(&heartbeat),
        Arc::clone(&done),
        Arc::clone(&signal),
    );
    let result = event_loop(&mut terminal, app, state_path, &signal, &heartbeat);
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

/// Ends the process, terminal restored, if the event loop stops beating.
/// Read marks were saved after each change, so nothing is lost.
fn spawn_watchdog(heartbeat: Arc<AtomicU64>, done: Arc<AtomicBool>, signal: Arc<AtomicUsize>) {
    let start = Instant::now();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(TICK);
            if done.load(Ordering::SeqCst) {
                return;
            }
            let last = Duration::from_millis(heartbeat.load(Ordering::SeqCst));
            if start.elapsed().saturating_sub(last) > STALL {
                // The terminal may be gone: restore quietly (a failed write to
                // stderr here would panic).
                let _ = ratatui::try_restore();
                let sig = signal.load(Ordering::SeqCst);
                let code = if sig == 0 { 1 } else { 128 + sig as i32 };
                std::process::exit(code);
            }
        }
    });
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    state_path: Option<&Path>,
    signal: &AtomicUsize,
    heartbeat: &AtomicU64,
) -> anyhow::Result<()> {
    let start = Instant::now();
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    while !app.should_quit() && signal.load(Ordering::SeqCst) == 0 {
        heartbeat.store(
            u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
            Ordering::SeqCst,
        );
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
