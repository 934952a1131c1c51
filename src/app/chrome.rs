//! What the app says and asks for: the footer's status, the notices for the
//! problems overlay, the effects for the event loop, and whether to quit.

use std::collections::VecDeque;

use super::Effect;

#[derive(Debug, Default)]
pub(super) struct Chrome {
    /// A one-line message in the footer until the next key.
    status: Option<String>,
    /// Messages for the user (state file moved aside, save failed, ...).
    notices: Vec<String>,
    /// What the loop is to do, oldest first.
    effects: VecDeque<Effect>,
    quit: bool,
}

impl Chrome {
    pub(super) fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub(super) fn notices(&self) -> &[String] {
        &self.notices
    }

    pub(super) fn quitting(&self) -> bool {
        self.quit
    }

    pub(super) fn set_status(&mut self, message: String) {
        self.status = Some(message);
    }

    pub(super) fn clear_status(&mut self) {
        self.status = None;
    }

    pub(super) fn notify(&mut self, message: String) {
        // What the `!` overlay lists is what a bug report wants too.
        log::warn!("{message}");
        self.notices.push(message);
    }

    /// A notice that may come again and again (a save that keeps failing
    /// is retried after each change): told once, not once per key.
    pub(super) fn notify_once(&mut self, message: String) {
        if self.notices.last() != Some(&message) {
            log::warn!("{message}");
            self.notices.push(message);
        }
    }

    pub(super) fn push_effect(&mut self, effect: Effect) {
        self.effects.push_back(effect);
    }

    pub(super) fn take_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    pub(super) fn quit(&mut self) {
        self.quit = true;
    }
}
