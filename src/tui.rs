//! The terminal: set up, event loop, torn down on every exit path.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use crate::action::Action;
use crate::app::App;
use crate::keymap;

/// Runs the reader until the user quits or a terminating signal arrives. The
/// terminal is restored whatever happens (ratatui's panic hook covers panics).
pub fn run(app: &mut App, state_path: Option<&Path>) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("installing signal handlers")?;
    }
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let result = event_loop(&mut terminal, app, state_path, &stop);
    ratatui::restore();
    // A last save, in case the loop ended between a change and its save.
    if let Some(path) = state_path.filter(|_| app.take_read_changes()) {
        app.read_state().save(path)?;
    }
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    state_path: Option<&Path>,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    while !app.should_quit() && !stop.load(Ordering::Relaxed) {
        terminal.draw(|frame| crate::ui::render(app, frame))?;
        // Poll so a signal is noticed within a moment even with no input.
        if !event::poll(Duration::from_millis(250))? {
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
