//! `d`: deleting the selected article, by moving its file into the trash
//! (see [`crate::store::trash`]) on a worker; `u` puts it back.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{App, Effect};
use crate::article::Article;
use crate::layout::Pane;
use crate::store::articles::Articles;
use crate::store::library::{Library, LibrarySource};
use crate::store::trash;

/// Move one article's file into the trash of its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteJob {
    pub id: String,
    pub title: String,
    pub file: PathBuf,
    pub folder: PathBuf,
    /// The folder's metadata index, brought in step after the move.
    pub index: Option<Reindex>,
}

/// A folder's metadata index, to bring in step with the folder after a
/// file was moved, so the next start lists what the folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reindex {
    pub origin: LibrarySource,
    pub path: PathBuf,
}

impl Reindex {
    /// The list is already right: this only updates the index file (a
    /// failure costs the next start a moment, as its own check fixes it).
    fn run(&self) {
        if let Some(dir) = self.origin.folder() {
            let _ = Library::load_dir_indexed(self.origin.clone(), dir, &self.path);
        }
    }
}

/// What came of a [`DeleteJob`]: where the file went, or why it stayed.
#[derive(Debug)]
pub struct Deleted {
    pub job: DeleteJob,
    pub result: Result<PathBuf, String>,
}

impl DeleteJob {
    /// Moves the file (on a worker: it touches the folder).
    pub fn run(self) -> Deleted {
        let result = trash::move_to_trash(&self.file, &self.folder).map_err(|e| e.to_string());
        if let (Ok(_), Some(index)) = (&result, &self.index) {
            index.run();
        }
        Deleted { job: self, result }
    }
}

/// Move a deleted article's file back from the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreJob {
    pub id: String,
    pub title: String,
    /// Where it is in the trash.
    pub trashed: PathBuf,
    /// Where it was.
    pub file: PathBuf,
    pub index: Option<Reindex>,
}

/// What came of a [`RestoreJob`]: the article read from its file again.
#[derive(Debug)]
pub struct Restored {
    pub job: RestoreJob,
    pub result: Result<Box<Article>, String>,
}

impl RestoreJob {
    /// Moves the file back and reads it (on a worker).
    pub fn run(self) -> Restored {
        let result = trash::restore(&self.trashed, &self.file)
            .map(Box::new)
            .map_err(|e| e.to_string());
        if let (Ok(_), Some(index)) = (&result, &self.index) {
            index.run();
        }
        Restored { job: self, result }
    }
}

/// The articles deleted in this session and not put back: a folder read
/// that began before a delete finished still lists one, and must not bring
/// it back.
#[derive(Debug, Default)]
pub(super) struct Trash {
    /// Id and the file it was in.
    moved: Vec<(String, PathBuf)>,
}

impl Trash {
    /// Takes off `articles` the deleted articles it lists from the files
    /// they were deleted from; `articles` is cloned only then.
    pub(super) fn drop_stale(&self, articles: &mut Arc<Articles>) {
        let stale: Vec<&str> = self
            .moved
            .iter()
            .filter(|(id, file)| {
                articles
                    .position(id)
                    .and_then(|i| articles.at(i).path())
                    .is_some_and(|p| p == *file)
            })
            .map(|(id, _)| id.as_str())
            .collect();
        if !stale.is_empty() {
            let articles = Arc::make_mut(articles);
            for id in stale {
                articles.remove(id);
            }
        }
    }
}

impl App {
    /// The metadata index the folder was listed through, if any.
    fn reindex(&self) -> Option<Reindex> {
        Some(Reindex {
            origin: self.library.origin.clone(),
            path: self.library.index.clone()?,
        })
    }

    /// `d`: the selected article leaves the list at once (the next one is
    /// selected) and its file is moved to the trash on a worker.
    pub(super) fn delete_selected(&mut self) {
        let Some(index) = self.current() else {
            return self.chrome.set_status("no article to delete".to_owned());
        };
        let Some(folder) = self.library.origin.folder().map(Path::to_path_buf) else {
            return self.chrome.set_status(
                "the bundled articles cannot be deleted: they are part of gogai".to_owned(),
            );
        };
        let Some(meta) = self.library.articles.get(index) else {
            return;
        };
        let Some(file) = meta
            .path()
            .filter(|p| p.parent().is_some_and(|p| p == folder))
        else {
            return self.chrome.set_status(format!(
                "{} is not in the article folder: only the folder's articles can be deleted",
                meta.file()
            ));
        };
        if self.library.articles.shares_file(index) {
            return self.chrome.set_status(format!(
                "{} holds several articles; deleting one would delete them all (edit the file by hand)",
                meta.file()
            ));
        }
        let job = DeleteJob {
            id: meta.id().to_owned(),
            title: meta.title().to_owned(),
            file,
            folder,
            index: self.reindex(),
        };
        self.list.hide(index);
        self.show_new_article();
        self.keep_selection_visible();
        if self.current().is_none() {
            self.set_focus(Pane::List);
        }
        self.chrome.push_effect(Effect::Delete(job));
    }

    /// The worker moved the file, or could not: the list follows.
    pub(super) fn deleted(&mut self, deleted: Deleted) {
        let Deleted { job, result } = deleted;
        match result {
            Ok(trashed) => {
                let mut articles = (*self.library.articles).clone();
                if articles.remove(&job.id) {
                    let mut library = self.library.clone();
                    library.articles = Arc::new(articles);
                    library.files = library.files.saturating_sub(1);
                    self.reload(library);
                }
                self.chrome
                    .set_status(format!("deleted \"{}\" — u to undo", job.title));
                self.trash.moved.push((job.id.clone(), job.file.clone()));
                self.marks.push_deleted(job, trashed);
            }
            Err(e) => {
                // It stays: shown again where it was.
                let keep = self.library.position(&job.id);
                self.refilter_keeping(keep.or(self.current()));
                self.chrome.set_status(format!("not deleted: {e}"));
            }
        }
    }

    /// `u` after a delete: the file is moved back on a worker.
    pub(super) fn restore(&mut self, job: DeleteJob, trashed: PathBuf) {
        self.chrome
            .set_status(format!("putting \"{}\" back…", job.title));
        self.chrome.push_effect(Effect::Restore(RestoreJob {
            id: job.id,
            title: job.title,
            trashed,
            file: job.file,
            index: self.reindex(),
        }));
    }

    /// The worker moved the file back (the article is listed and selected
    /// again), or could not (the message says where the file is).
    pub(super) fn restored(&mut self, restored: Restored) {
        let Restored { job, result } = restored;
        match result {
            Ok(article) => {
                self.trash.moved.retain(|(id, _)| *id != job.id);
                let mut articles = (*self.library.articles).clone();
                let index = articles.insert(*article, Some(&job.file));
                let mut library = self.library.clone();
                library.articles = Arc::new(articles);
                library.files += 1;
                self.reload(library);
                self.open_article_in_list(index);
                self.chrome
                    .set_status(format!("put back \"{}\"", job.title));
            }
            Err(e) => self.chrome.set_status(format!("not put back: {e}")),
        }
    }

    /// Selects the article at library index `index`, dropping filters that
    /// hide it, without changing focus.
    pub(super) fn open_article_in_list(&mut self, index: usize) {
        if self.list.position_of(index).is_none() {
            self.list.clear_filter();
            self.refilter_keeping(Some(index));
        }
        if let Some(position) = self.list.position_of(index) {
            self.reader.forget_restore();
            self.select(position);
        }
    }
}
