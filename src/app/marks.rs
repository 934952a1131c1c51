//! Read and star marks, and taking them back with `u`.

use std::collections::HashMap;

use super::{Action, App, UNDO_DEPTH, Undo, thousands};

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
    pub(super) fn mark(
        &mut self,
        what: &str,
        indices: &[usize],
        read: Option<bool>,
        star: Option<bool>,
    ) {
        let changing: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| {
                read.is_some_and(|x| x != self.is_read(i))
                    || star.is_some_and(|x| x != self.is_starred(i))
            })
            .collect();
        if changing.is_empty() {
            self.status = Some("nothing to mark".to_owned());
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
            if let Some(read) = read {
                self.set_read_at(i, read);
            }
            if let Some(star) = star {
                self.set_star_at(i, star);
            }
        }
        self.status = Some(format!("{what} — u to undo"));
        self.undo.push(Undo {
            what: what.to_owned(),
            before,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    pub(super) fn undo(&mut self) {
        let Some(step) = self.undo.pop() else {
            self.status = Some("nothing to undo".to_owned());
            return;
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
        let found: Vec<Option<usize>> = step
            .before
            .iter()
            .map(|(id, _, _)| position.get(id.as_str()).copied())
            .collect();
        for ((id, read, star), at) in step.before.iter().zip(found) {
            if let Some(i) = at {
                self.set_read_at(i, *read);
                self.set_star_at(i, *star);
            } else if self.read.set_read(id, *read) | self.read.set_starred(id, *star) {
                self.read_changed = true;
            }
        }
        self.status = Some(format!("undone: {}", step.what));
    }

    pub(super) fn mark_selected_read(&mut self) {
        if let Some(index) = self.current() {
            self.set_read_at(index, true);
        }
    }

    pub(super) fn set_read_at(&mut self, index: usize, read: bool) {
        let Some(article) = self.library.articles.get(index) else {
            return;
        };
        if self.read.set_read(article.id(), read) {
            self.read_changed = true;
            if read {
                self.unread = self.unread.saturating_sub(1);
            } else {
                self.unread += 1;
            }
        }
    }

    pub(super) fn set_star_at(&mut self, index: usize, star: bool) {
        let Some(article) = self.library.articles.get(index) else {
            return;
        };
        if self.read.set_starred(article.id(), star) {
            self.read_changed = true;
        }
    }
}
