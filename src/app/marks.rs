//! Read and star marks, and taking them (or a delete) back with `u`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::delete::DeleteJob;
use super::{Action, App, thousands};
use crate::store::articles::Articles;
use crate::store::state::{ReadState, SaveJob, Session};

/// How many markings `u` can take back.
const UNDO_DEPTH: usize = 50;

/// One step the user can take back with `u`.
#[derive(Debug, Clone)]
enum Undo {
    /// A marking: each article's marks as they were before.
    Marks {
        what: String,
        /// By id, not list position, so `u` still works after `r` reloads
        /// the folder.
        before: Vec<(String, bool, bool)>,
    },
    /// A delete: the file is in the trash at `trashed`.
    Delete { job: DeleteJob, trashed: PathBuf },
}

#[derive(Debug)]
pub(super) struct Marks {
    read: ReadState,
    /// Whether the state changed since the caller last asked (to save it).
    changed: bool,
    /// How many articles of the folder are unread.
    unread: usize,
    undo: Vec<Undo>,
}

impl Marks {
    /// The marks of `articles`; `listed_read`, when known, is how many of
    /// them are read (else they are counted here).
    pub(super) fn new(read: ReadState, articles: &Articles, listed_read: Option<usize>) -> Self {
        let mut marks = Self {
            read,
            changed: false,
            unread: 0,
            undo: Vec::new(),
        };
        match listed_read {
            Some(read) => marks.unread = articles.len().saturating_sub(read),
            None => marks.recount(articles),
        }
        marks
    }

    pub(super) fn is_read(&self, id: &str) -> bool {
        self.read.is_read(id)
    }

    pub(super) fn is_starred(&self, id: &str) -> bool {
        self.read.is_starred(id)
    }

    pub(super) fn unread(&self) -> usize {
        self.unread
    }

    pub(super) fn state(&self) -> &ReadState {
        &self.read
    }

    pub(super) fn state_mut(&mut self) -> &mut ReadState {
        &mut self.read
    }

    pub(super) fn take_changes(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The folder changed: count its unread articles again.
    pub(super) fn recount(&mut self, articles: &Articles) {
        self.unread = if self.read.has_marks() {
            articles
                .iter()
                .filter(|a| !self.read.is_read(a.id()))
                .count()
        } else {
            articles.len()
        };
    }

    pub(super) fn set_session(&mut self, session: Session) {
        if self.read.set_session(session) {
            self.changed = true;
        }
    }

    /// A save that failed hands its changes back, to be saved again.
    pub(super) fn give_back(&mut self, job: SaveJob) {
        self.read.give_back(job);
    }

    fn set_read(&mut self, id: &str, read: bool) {
        if self.read.set_read(id, read) {
            self.changed = true;
            if read {
                self.unread = self.unread.saturating_sub(1);
            } else {
                self.unread += 1;
            }
        }
    }

    fn set_starred(&mut self, id: &str, star: bool) {
        if self.read.set_starred(id, star) {
            self.changed = true;
        }
    }

    /// Marks of an article no longer in the folder: kept in the state, not
    /// counted.
    fn set_absent(&mut self, id: &str, read: bool, star: bool) {
        if self.read.set_read(id, read) | self.read.set_starred(id, star) {
            self.changed = true;
        }
    }

    /// A deleted article's file went to `trashed`: `u` can put it back.
    pub(super) fn push_deleted(&mut self, job: DeleteJob, trashed: PathBuf) {
        self.push_undo(Undo::Delete { job, trashed });
    }

    fn push_undo(&mut self, step: Undo) {
        self.undo.push(step);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }
}

impl App {
    /// m, s and A: marks that `u` can undo.
    pub(super) fn mark_key(&mut self, action: Action) {
        match action {
            Action::ToggleRead => {
                if let Some(index) = self.current() {
                    let read = !self.is_read(index);
                    let what = if read { "marked read" } else { "marked unread" };
                    self.mark(what, &[index], Some(read), None);
                }
            }
            Action::ToggleStar => {
                if let Some(index) = self.current() {
                    let star = !self.is_starred(index);
                    let what = if star { "starred" } else { "unstarred" };
                    self.mark(what, &[index], None, Some(star));
                }
            }
            Action::MarkAllRead => {
                let unread: Vec<usize> = self
                    .list
                    .shown()
                    .iter()
                    .copied()
                    .filter(|&i| !self.is_read(i))
                    .collect();
                let what = format!("marked {} read", thousands(unread.len()));
                self.mark(&what, &unread, Some(true), None);
            }
            _ => {}
        }
    }

    /// Sets read and/or starred on `indices`, as one step `u` can undo.
    fn mark(&mut self, what: &str, indices: &[usize], read: Option<bool>, star: Option<bool>) {
        let changing: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| {
                read.is_some_and(|x| x != self.is_read(i))
                    || star.is_some_and(|x| x != self.is_starred(i))
            })
            .collect();
        if changing.is_empty() {
            self.chrome.set_status("nothing to mark".to_owned());
            return;
        }
        let before = changing
            .iter()
            .map(|&i| {
                let id = self.library.articles.at(i).id().to_owned();
                (id, self.is_read(i), self.is_starred(i))
            })
            .collect();
        for &i in &changing {
            let id = self.library.articles.at(i).id();
            if let Some(read) = read {
                self.marks.set_read(id, read);
            }
            if let Some(star) = star {
                self.marks.set_starred(id, star);
            }
        }
        self.chrome.set_status(format!("{what} — u to undo"));
        self.marks.push_undo(Undo::Marks {
            what: what.to_owned(),
            before,
        });
    }

    pub(super) fn undo(&mut self) {
        let (what, before) = match self.marks.undo.pop() {
            Some(Undo::Marks { what, before }) => (what, before),
            Some(Undo::Delete { job, trashed }) => return self.restore(job, trashed),
            None => {
                self.chrome.set_status("nothing to undo".to_owned());
                return;
            }
        };
        // Where each article is now (the folder may have been reloaded); an
        // article no longer there still gets its marks back in the state.
        let position: HashMap<&str, usize> = self
            .library
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id(), i))
            .collect();
        for (id, read, star) in &before {
            if position.contains_key(id.as_str()) {
                self.marks.set_read(id, *read);
                self.marks.set_starred(id, *star);
            } else {
                self.marks.set_absent(id, *read, *star);
            }
        }
        self.chrome.set_status(format!("undone: {what}"));
    }

    pub(super) fn mark_selected_read(&mut self) {
        if let Some(id) = self.selected_article().map(|a| a.id().to_owned()) {
            self.marks.set_read(&id, true);
        }
    }
}
