//! What gogai remembers between runs: which articles were read or starred,
//! and where the user was (the session).
//!
//! Kept in one JSON file, version 2:
//!
//! ```json
//! {"version":2,"articles":{"<id>":{"read":true,"seen":1700000000}},"session":{...}}
//! ```
//!
//! Only ids that are read or starred are stored; a flag that is false is left
//! out to keep 100,000 entries small. `seen` is when the id was last found in
//! the article folder, so marks of articles long gone can be pruned. Version 1
//! files (`{"version":1,"read":[...]}`) still load.
//!
//! Two gogai processes may share the file. Each keeps a journal of its own
//! changes since its last save; [`ReadState::save`] takes a lock, re-reads the
//! file, applies the journal on top of it and writes the result atomically
//! (temporary file in the same folder, fsync, rename). So neither process
//! loses the other's marks and a crash never leaves half a file. A file that
//! cannot be understood is moved aside, never overwritten.

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::store::fsio::{self, Durability};
use crate::store::hash::fnv1a;
use crate::store::paths;

/// How long an id may go unseen in the article folder before
/// [`ReadState::prune`] forgets it: 90 days, in seconds.
pub const PRUNE_AFTER: u64 = 90 * DAY;

const DAY: u64 = 24 * 60 * 60;
const VERSION: u32 = 2;

/// How long a save waits for another gogai's lock. Saves hold it for tens
/// of milliseconds; a lock held longer is a stuck or foreign process, and
/// the changes go to a pending file instead (see [`SaveJob`]).
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// The wait once a lock has been found held: a quit right after a save that
/// timed out must not wait as long again.
const LOCK_WAIT_CONTENDED: Duration = Duration::from_millis(250);

/// Whether the last attempt at the lock timed out.
static CONTENDED: AtomicBool = AtomicBool::new(false);

/// The version of a pending file's format.
const PENDING_VERSION: u32 = 1;

/// Where the user was when gogai last ran.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// Id of the article last selected.
    pub article: Option<String>,
    /// Whether it was open in the reading pane.
    pub reading: bool,
    /// The paragraph at the top of the reading pane: a paragraph rather than
    /// a line, so it survives a different terminal width.
    pub paragraph: usize,
    /// Name of the active sort: "date", "title" or "source".
    pub sort: Option<String>,
    /// Whether the facts sidebar was visible.
    pub sidebar: Option<bool>,
}

/// The marks of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    #[serde(default, skip_serializing_if = "is_false")]
    read: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    starred: bool,
    /// Unix seconds when the id was last seen in the article folder (or
    /// marked). A file without it counts as seen now, so it is not pruned at
    /// once.
    #[serde(default = "now_secs")]
    seen: u64,
    /// The article folder it was last seen in (see [`folder_key`]). A file
    /// without it (older gogai) names no folder, and such a mark is never
    /// pruned until it is seen again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folder: Option<u64>,
}

impl Entry {
    const NONE: Self = Self {
        read: false,
        starred: false,
        seen: 0,
        folder: None,
    };

    /// Whether the entry is worth storing.
    fn is_marked(self) -> bool {
        self.read || self.starred
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde hands a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// What this process changed in one id since its last save.
#[derive(Debug, Default, Clone, Copy)]
struct Change {
    /// The read flag at the last save, if it changed since; the new value is
    /// the one in memory. Changing it back clears this.
    read_was: Option<bool>,
    /// The same for the starred flag.
    starred_was: Option<bool>,
    /// The latest `seen` this process recorded.
    seen: u64,
    /// The folder it was seen in then.
    folder: Option<u64>,
    /// Pruned with this cutoff: the copy on disk is dropped too, unless
    /// another process saw the id since (its `seen` is not older).
    pruned: Option<u64>,
}

/// This process's changes since its last successful save.
#[derive(Debug, Default, Clone)]
struct Journal {
    ids: HashMap<String, Change>,
    session: bool,
}

impl Journal {
    fn change(&mut self, id: &str) -> &mut Change {
        self.ids.entry(id.to_owned()).or_default()
    }

    /// Notes that `id` was seen at `seen` in `folder`.
    fn saw(&mut self, id: &str, seen: u64, folder: Option<u64>) {
        let change = self.change(id);
        if seen >= change.seen {
            change.seen = seen;
            change.folder = folder.or(change.folder);
        }
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty() && !self.session
    }
}

/// What gogai remembers: read and starred marks, and the session.
///
/// Changes are journaled so [`save`](Self::save) can merge them into what
/// another gogai wrote meanwhile. The marks in memory do not take in the
/// other process's marks on save: the counts the UI shows stay those of this
/// process's own view, and the next run sees everything.
#[derive(Debug, Default, Clone)]
pub struct ReadState {
    articles: BTreeMap<String, Entry>,
    session: Session,
    read_count: usize,
    starred_count: usize,
    journal: Journal,
    /// The article folder shown (see [`touch_seen`](Self::touch_seen)):
    /// marks made now were seen there.
    folder: Option<u64>,
}

/// Equal when the same articles are read and starred and the sessions are
/// the same; `seen` times and unsaved changes are bookkeeping.
impl PartialEq for ReadState {
    fn eq(&self, other: &Self) -> bool {
        self.session == other.session
            && self.articles.len() == other.articles.len()
            && self
                .articles
                .iter()
                .zip(&other.articles)
                .all(|((a, x), (b, y))| a == b && x.read == y.read && x.starred == y.starred)
    }
}

impl Eq for ReadState {}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{path}: cannot read the state file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write the state file: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{lock}: another process holds the state lock; gave up after {} s",
        LOCK_WAIT.as_secs()
    )]
    Locked { lock: String },
}

/// What [`ReadState::touch_seen`] found, for [`ReadState::prune`].
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Sighting {
    folder: u64,
    /// How many marked ids were found in the folder.
    present: usize,
    now: u64,
}

/// The key of an article folder in the state file: a stable hash of its
/// canonical path (or of the path as given, when it cannot be resolved).
pub fn folder_key(folder: &Path) -> u64 {
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    fnv1a(canonical.as_os_str().as_encoded_bytes())
}

/// The result of loading: the state, and a message for the user when the file
/// was unusable and was moved aside.
#[derive(Debug)]
pub struct Loaded {
    pub state: ReadState,
    pub notice: Option<String>,
}

impl ReadState {
    pub fn is_read(&self, id: &str) -> bool {
        self.articles.get(id).is_some_and(|e| e.read)
    }

    /// Marks `id` read or unread; returns whether anything changed.
    pub fn set_read(&mut self, id: &str, read: bool) -> bool {
        let old = self.entry(id);
        if old.read == read {
            return false;
        }
        let now = now_secs();
        self.put(
            id,
            Entry {
                read,
                seen: old.seen.max(now),
                folder: self.folder.or(old.folder),
                ..old
            },
        );
        record(&mut self.journal.change(id).read_was, old.read, read);
        self.journal.saw(id, now, self.folder);
        true
    }

    pub fn is_starred(&self, id: &str) -> bool {
        self.articles.get(id).is_some_and(|e| e.starred)
    }

    /// Stars or unstars `id`; returns whether anything changed.
    pub fn set_starred(&mut self, id: &str, starred: bool) -> bool {
        let old = self.entry(id);
        if old.starred == starred {
            return false;
        }
        let now = now_secs();
        self.put(
            id,
            Entry {
                starred,
                seen: old.seen.max(now),
                folder: self.folder.or(old.folder),
                ..old
            },
        );
        record(
            &mut self.journal.change(id).starred_was,
            old.starred,
            starred,
        );
        self.journal.saw(id, now, self.folder);
        true
    }

    /// How many articles are marked read.
    pub fn read_count(&self) -> usize {
        self.read_count
    }

    /// How many articles are starred.
    pub fn starred_count(&self) -> usize {
        self.starred_count
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Replaces the session; returns whether it differed. Only a changed
    /// session replaces the one on disk when saving.
    pub fn set_session(&mut self, session: Session) -> bool {
        if session == self.session {
            return false;
        }
        self.session = session;
        self.journal.session = true;
        true
    }

    /// Whether anything changed since the last save (or load).
    pub fn has_unsaved_changes(&self) -> bool {
        !self.journal.is_empty()
    }

    /// Records that these ids are in the article folder `folder` (see
    /// [`folder_key`]) now; marks made from now on are of that folder too.
    /// Only ids that have marks are looked at, and `seen` only moves when it
    /// is more than a day old or the folder differs, so calling this on
    /// every start rarely makes work for `save`. The [`Sighting`] returned
    /// is what [`prune`](Self::prune) needs.
    pub fn touch_seen<'a>(
        &mut self,
        folder: u64,
        ids: impl IntoIterator<Item = &'a str>,
        now: u64,
    ) -> Sighting {
        self.folder = Some(folder);
        let mut present = 0;
        for id in ids {
            let Some(entry) = self.articles.get_mut(id) else {
                continue;
            };
            present += 1;
            if now > entry.seen.saturating_add(DAY) || entry.folder != Some(folder) {
                entry.seen = entry.seen.max(now);
                entry.folder = Some(folder);
                self.journal.saw(id, entry.seen, Some(folder));
            }
        }
        Sighting {
            folder,
            present,
            now,
        }
    }

    /// Forgets the marks last seen in the sighting's folder that have not
    /// been seen there for `older_than` seconds; returns how many. Marks of
    /// other folders, and of none known, are never touched: this run cannot
    /// tell whether they are gone. Nothing is pruned when the folder looks
    /// empty or mostly gone (fewer than half of its marked articles found):
    /// that is an unmounted disk or a mistake, not articles deleted. The
    /// next save removes them from the file as well, unless another gogai
    /// has seen them since, and keeps them in `<state file>.pruned`.
    ///
    /// Call it only after the article folder was read successfully: an
    /// unreadable folder must not look like every article is gone.
    pub fn prune(&mut self, sighting: &Sighting, older_than: u64) -> usize {
        let here = Some(sighting.folder);
        let marked_here = self.articles.values().filter(|e| e.folder == here).count();
        if sighting.present == 0 || sighting.present * 2 < marked_here {
            return 0;
        }
        let cutoff = sighting.now.saturating_sub(older_than);
        let Self {
            articles,
            read_count,
            starred_count,
            journal,
            ..
        } = self;
        let before = articles.len();
        articles.retain(|id, entry| {
            if entry.seen >= cutoff || entry.folder != here {
                return true;
            }
            *read_count -= usize::from(entry.read);
            *starred_count -= usize::from(entry.starred);
            // Whatever was changed before is gone with the entry.
            journal.ids.insert(
                id.clone(),
                Change {
                    pruned: Some(cutoff),
                    folder: here,
                    ..Change::default()
                },
            );
            false
        });
        before - articles.len()
    }

    /// Reads the state file. A missing file is an empty state. A corrupt one,
    /// or one from a newer gogai, is renamed to `<name>.corrupt-<unix
    /// seconds>` and reported.
    pub fn load(path: &Path) -> Result<Loaded, StateError> {
        let now = now_secs();
        match read_stored(path, now)? {
            None => return Ok(Self::loaded(with_pending(path, Stored::default()), None)),
            Some(Ok(stored)) => return Ok(Self::loaded(with_pending(path, stored), None)),
            Some(Err(_)) => {}
        }
        // Look again under the lock: another gogai may have just replaced the
        // file, and a good file must not be moved aside.
        let _lock = match lock(path) {
            Ok(lock) => lock,
            // The next save looks again, under the lock.
            Err(Locking::Busy(lock)) => {
                let notice = format!(
                    "{}: unreadable, and {} is held by another process; \
                     left alone for now",
                    path.display(),
                    lock.display()
                );
                return Ok(Self::loaded(
                    with_pending(path, Stored::default()),
                    Some(notice),
                ));
            }
            Err(Locking::Failed(e)) => return Err(e),
        };
        Ok(match read_stored(path, now)? {
            None => Self::loaded(with_pending(path, Stored::default()), None),
            Some(Ok(stored)) => Self::loaded(with_pending(path, stored), None),
            Some(Err(unusable)) => {
                let aside = set_aside(path)?;
                let notice = unusable.notice(path, &aside, "started afresh");
                Self::loaded(with_pending(path, Stored::default()), Some(notice))
            }
        })
    }

    /// Reads the state file without touching it: what a read-only command
    /// such as `--list` needs. Anything unreadable counts as nothing marked.
    /// Changes a run could not save (see [`SaveJob`]) count as saved.
    pub fn peek(path: &Path) -> Self {
        let stored = match read_stored(path, now_secs()) {
            Ok(None) => Stored::default(),
            Ok(Some(Ok(stored))) => stored,
            Ok(Some(Err(_))) | Err(_) => return Self::default(),
        };
        Self::loaded(with_pending(path, stored), None).state
    }

    /// Saves this process's changes, merged into the file as it is now.
    ///
    /// Under an exclusive lock on `<name>.lock`, re-reads the file, applies
    /// the journal on top (this process wins for the ids and flags it changed;
    /// everything else keeps what is on disk, including marks another gogai
    /// added since we loaded; the session is replaced only if ours changed),
    /// and writes the result atomically. Creates the folder if needed.
    ///
    /// A file that has become unusable meanwhile is moved aside like
    /// [`load`](Self::load) does and this process's whole state is written in
    /// its place; the returned notice tells the user so.
    pub fn save(&mut self, path: &Path) -> Result<Option<String>, StateError> {
        let Some(job) = self.take_job() else {
            // Nothing changed, but the file is written all the same (a save
            // is how a broken file gets replaced).
            return SaveJob::default().write(path, Some(self));
        };
        match job.write(path, Some(self)) {
            Ok(notice) => Ok(notice),
            Err(e) => {
                self.give_back(job);
                Err(e)
            }
        }
    }

    /// Hands this run's unsaved changes to a job that can be written on
    /// another thread, so a save never holds up a key press (with 100,000
    /// marks, reading and writing the file takes tens of milliseconds).
    /// They count as saved from now on unless given back with
    /// [`give_back`](Self::give_back).
    pub fn take_job(&mut self) -> Option<SaveJob> {
        if self.journal.is_empty() {
            return None;
        }
        let journal = std::mem::take(&mut self.journal);
        let ours = journal
            .ids
            .keys()
            .filter_map(|id| Some((id.clone(), *self.articles.get(id.as_str())?)))
            .collect();
        let session = journal.session.then(|| self.session.clone());
        Some(SaveJob {
            journal,
            ours,
            session,
        })
    }

    /// Takes back the changes of a job that could not be written, under
    /// any made since: they are saved with the next save.
    pub fn give_back(&mut self, job: SaveJob) {
        for (id, old) in job.journal.ids {
            let now = self.entry(&id);
            let newer = self.journal.ids.remove(&id).unwrap_or_default();
            // The flags as last saved are the job's, where it had them.
            let was = |job: Option<bool>, newer: Option<bool>, now: bool| {
                job.or(newer).filter(|&saved| saved != now)
            };
            let change = Change {
                read_was: was(old.read_was, newer.read_was, now.read),
                starred_was: was(old.starred_was, newer.starred_was, now.starred),
                seen: old.seen.max(newer.seen),
                folder: if old.seen > newer.seen {
                    old.folder
                } else {
                    newer.folder.or(old.folder)
                },
                pruned: old.pruned.max(newer.pruned),
            };
            self.journal.ids.insert(id, change);
        }
        self.journal.session |= job.journal.session;
    }
}

/// This run's changes on their way to the state file (see
/// [`ReadState::take_job`]).
///
/// When another process holds the lock past [`LOCK_WAIT`], the job is
/// written instead to a pending file beside the state file,
/// `<name>.pending-<nanoseconds>-<pid>`: a name of its own, so it needs no
/// lock. Loading applies pending files as if saved; the next save that gets
/// the lock merges them into the file, oldest first, and removes them.
#[derive(Debug, Default, Clone)]
pub struct SaveJob {
    journal: Journal,
    /// The marks of the ids the journal names, as they were when it was
    /// taken (absent: no mark).
    ours: HashMap<String, Entry>,
    /// The session, if it changed.
    session: Option<Session>,
}

/// Why a [`SaveJob`] was not written.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    State(#[from] StateError),
    /// The file became unusable since it was loaded: only the whole state
    /// can replace it, so the save must be done with it.
    #[error("the state file needs rewriting whole")]
    NeedsWhole,
}

impl SaveJob {
    /// Writes the job, as [`ReadState::save`] describes. `whole` is the
    /// state it came from, used if the file has become unusable; without
    /// it that case is [`JobError::NeedsWhole`] and nothing is touched.
    pub fn write_job(&self, path: &Path) -> Result<Option<String>, JobError> {
        self.save_to(path, None)
    }

    fn write(&self, path: &Path, whole: Option<&ReadState>) -> Result<Option<String>, StateError> {
        match self.save_to(path, whole) {
            Ok(notice) => Ok(notice),
            Err(JobError::State(e)) => Err(e),
            // Only without `whole`.
            Err(JobError::NeedsWhole) => Ok(None),
        }
    }

    fn save_to(&self, path: &Path, whole: Option<&ReadState>) -> Result<Option<String>, JobError> {
        let write_err = |source| StateError::Write {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(write_err)?;
        }
        let _lock = match lock(path) {
            Ok(lock) => lock,
            Err(Locking::Busy(lock)) => return Ok(self.keep_pending(path, &lock)?),
            Err(Locking::Failed(e)) => return Err(e.into()),
        };
        let (mut stored, notice) = match read_stored(path, now_secs())? {
            None => (Stored::default(), None),
            Some(Ok(stored)) => (stored, None),
            Some(Err(unusable)) => {
                let Some(whole) = whole else {
                    return Err(JobError::NeedsWhole);
                };
                let aside = set_aside(path)?;
                let notice = unusable.notice(path, &aside, "saved this session's marks instead");
                let ours = Stored {
                    articles: whole.articles.clone(),
                    session: whole.session.clone(),
                };
                (ours, Some(notice))
            }
        };
        // Older changes first, ours last: ours win where they overlap.
        let pending = pending_jobs(path);
        let mut dropped = Vec::new();
        for (_, job) in &pending {
            dropped.extend(job.merge_into(&mut stored));
        }
        dropped.extend(self.merge_into(&mut stored));
        if !dropped.is_empty() && back_up_pruned(path, &dropped).is_err() {
            // Never prune without a backup: they stay, for a later run.
            for (id, entry) in dropped {
                stored.articles.entry(id).or_insert(entry);
            }
        }
        let mut json = serde_json::to_vec(&FileOut {
            version: VERSION,
            articles: &stored.articles,
            session: &stored.session,
        })
        .map_err(|e| write_err(std::io::Error::other(e)))?;
        json.push(b'\n');
        // Under the lock, so the temporary name is free.
        fsio::write_atomic(path, &json, Durability::Synced).map_err(write_err)?;
        // Merged: a pending file left by a failed removal would only be
        // applied again, never lost.
        for (file, _) in pending {
            let _ = std::fs::remove_file(file);
        }
        Ok(notice)
    }

    /// Writes the job to a pending file of its own, for the next run to
    /// merge, because `lock` is held by another process.
    fn keep_pending(&self, path: &Path, lock: &Path) -> Result<Option<String>, StateError> {
        if self.journal.is_empty() {
            return Ok(None);
        }
        let kept = self.write_pending(path).map_err(|source| StateError::Write {
            path: path.display().to_string(),
            source: std::io::Error::new(
                source.kind(),
                format!(
                    "{} is held by another process, and the changes could not be kept aside: {source}",
                    lock.display()
                ),
            ),
        })?;
        Ok(Some(format!(
            "{}: another process holds the state lock; this run's changes are kept in {} \
             and merged by the next run",
            lock.display(),
            kept.display()
        )))
    }

    /// Keeps this job in a new pending file beside `path` (which need not be
    /// readable), without any lock; returns its path. The way to keep a run's
    /// changes when the state file cannot be written now.
    pub fn write_pending(&self, path: &Path) -> std::io::Result<PathBuf> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let pending = sibling(path, &format!("pending-{nanos:020}-{}", std::process::id()));
        let json = serde_json::to_vec(&self.to_pending()).map_err(std::io::Error::other)?;
        fsio::write_atomic(&pending, &json, Durability::Synced)?;
        Ok(pending)
    }

    fn to_pending(&self) -> PendingFile {
        let changes = self
            .journal
            .ids
            .iter()
            .map(|(id, change)| {
                let ours = self.ours.get(id.as_str()).copied().unwrap_or(Entry::NONE);
                let pending = PendingChange {
                    read: change.read_was.map(|_| ours.read),
                    starred: change.starred_was.map(|_| ours.starred),
                    seen: change.seen,
                    folder: change.folder,
                    pruned: change.pruned,
                };
                (id.clone(), pending)
            })
            .collect();
        PendingFile {
            pending: PENDING_VERSION,
            changes,
            session: self.session.clone(),
        }
    }

    fn from_pending(file: PendingFile) -> Self {
        let mut job = Self {
            session: file.session,
            ..Self::default()
        };
        job.journal.session = job.session.is_some();
        for (id, change) in file.changes {
            let ours = Entry {
                read: change.read.unwrap_or(false),
                starred: change.starred.unwrap_or(false),
                seen: change.seen,
                folder: change.folder,
            };
            // Only whether a flag changed matters to `merge_into`.
            let journal = Change {
                read_was: change.read.map(|r| !r),
                starred_was: change.starred.map(|s| !s),
                seen: change.seen,
                folder: change.folder,
                pruned: change.pruned,
            };
            job.ours.insert(id.clone(), ours);
            job.journal.ids.insert(id, journal);
        }
        job
    }

    /// Applies the journal to what was read from disk; returns the entries
    /// it pruned, for the backup.
    fn merge_into(&self, stored: &mut Stored) -> Vec<(String, Entry)> {
        let mut dropped = Vec::new();
        for (id, change) in &self.journal.ids {
            let ours = self.ours.get(id.as_str()).copied();
            let mut entry = stored.articles.remove(id.as_str());
            // Unless seen since, here or in another folder.
            if let Some(cutoff) = change.pruned
                && let Some(gone) = entry.filter(|e| e.seen < cutoff && e.folder == change.folder)
            {
                dropped.push((id.clone(), gone));
                entry = None;
            }
            let mut entry = entry.unwrap_or(Entry::NONE);
            if change.read_was.is_some() {
                entry.read = ours.is_some_and(|e| e.read);
            }
            if change.starred_was.is_some() {
                entry.starred = ours.is_some_and(|e| e.starred);
            }
            if change.seen >= entry.seen && change.folder.is_some() {
                entry.folder = change.folder;
            }
            entry.seen = entry.seen.max(change.seen);
            if entry.is_marked() {
                stored.articles.insert(id.clone(), entry);
            }
        }
        if let Some(session) = &self.session {
            stored.session = session.clone();
        }
        dropped
    }
}

impl ReadState {
    fn loaded(stored: Stored, notice: Option<String>) -> Loaded {
        let articles: BTreeMap<String, Entry> = stored
            .articles
            .into_iter()
            .filter(|(_, e)| e.is_marked())
            .collect();
        Loaded {
            state: Self {
                read_count: articles.values().filter(|e| e.read).count(),
                starred_count: articles.values().filter(|e| e.starred).count(),
                articles,
                session: stored.session,
                journal: Journal::default(),
                folder: None,
            },
            notice,
        }
    }

    /// The marks of `id`, all false when it has none.
    fn entry(&self, id: &str) -> Entry {
        self.articles.get(id).copied().unwrap_or(Entry::NONE)
    }

    /// Stores `entry` for `id` (or drops it when it marks nothing), keeping
    /// the counts right.
    fn put(&mut self, id: &str, entry: Entry) {
        let old = self.entry(id);
        self.read_count = self.read_count - usize::from(old.read) + usize::from(entry.read);
        self.starred_count =
            self.starred_count - usize::from(old.starred) + usize::from(entry.starred);
        if !entry.is_marked() {
            self.articles.remove(id);
        } else if let Some(slot) = self.articles.get_mut(id) {
            *slot = entry;
        } else {
            self.articles.insert(id.to_owned(), entry);
        }
    }
}

/// Notes a flag going from `old` to `new` in a journal slot holding the value
/// at the last save; a flag changed back is no change at all.
fn record(was: &mut Option<bool>, old: bool, new: bool) {
    match *was {
        None => *was = Some(old),
        Some(saved) if saved == new => *was = None,
        Some(_) => {}
    }
}

/// The contents of a state file, whatever its version.
#[derive(Debug, Default)]
struct Stored {
    articles: BTreeMap<String, Entry>,
    session: Session,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

#[derive(Deserialize)]
struct FileV1 {
    read: Vec<String>,
}

#[derive(Deserialize)]
struct FileV2 {
    #[serde(default)]
    articles: BTreeMap<String, Entry>,
    #[serde(default)]
    session: Session,
}

/// A pending file: a run's changes that could not be saved (see
/// [`SaveJob`]). A flag is present only if the run changed it.
#[derive(Serialize, Deserialize)]
struct PendingFile {
    pending: u32,
    changes: BTreeMap<String, PendingChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<Session>,
}

#[derive(Serialize, Deserialize)]
struct PendingChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    read: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    starred: Option<bool>,
    #[serde(default)]
    seen: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folder: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pruned: Option<u64>,
}

/// One pruned mark, as a line of the backup.
#[derive(Serialize)]
struct PrunedLine<'a> {
    id: &'a str,
    #[serde(flatten)]
    entry: &'a Entry,
    pruned: u64,
}

#[derive(Serialize)]
struct FileOut<'a> {
    version: u32,
    articles: &'a BTreeMap<String, Entry>,
    session: &'a Session,
}

/// Why a state file cannot be used.
enum Unusable {
    Newer(u32),
    Corrupt(serde_json::Error),
}

impl Unusable {
    /// What to tell the user after the file was moved to `aside`; `then` says
    /// what gogai did instead.
    fn notice(&self, path: &Path, aside: &Path, then: &str) -> String {
        let why = match self {
            Self::Newer(version) => format!("written by a newer gogai (version {version})"),
            Self::Corrupt(e) => format!("unreadable ({e})"),
        };
        format!(
            "{}: {why}; kept as {} and {then}",
            path.display(),
            aside.display()
        )
    }
}

/// Understands a state file; version 1 ids count as seen `now`.
fn parse(bytes: &[u8], now: u64) -> Result<Stored, Unusable> {
    let version = serde_json::from_slice::<VersionOnly>(bytes)
        .map_err(Unusable::Corrupt)?
        .version;
    match version {
        0 | 1 => {
            let file = serde_json::from_slice::<FileV1>(bytes).map_err(Unusable::Corrupt)?;
            let read = Entry {
                read: true,
                starred: false,
                seen: now,
                folder: None,
            };
            Ok(Stored {
                articles: file.read.into_iter().map(|id| (id, read)).collect(),
                session: Session::default(),
            })
        }
        VERSION => {
            let file = serde_json::from_slice::<FileV2>(bytes).map_err(Unusable::Corrupt)?;
            Ok(Stored {
                articles: file.articles,
                session: file.session,
            })
        }
        newer => Err(Unusable::Newer(newer)),
    }
}

/// The file at `path`: `None` when missing, else its contents or why they
/// cannot be used. Other read errors (permissions, a folder in its place)
/// are errors: such a file is left alone and nothing is saved over it.
fn read_stored(path: &Path, now: u64) -> Result<Option<Result<Stored, Unusable>>, StateError> {
    match read_regular(path) {
        Ok(bytes) => Ok(Some(parse(&bytes, now))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StateError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// The whole of `path`, if it is a regular file; opening never blocks (a
/// named pipe there is an error, not a wait).
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    fsio::open_regular(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Why the lock was not taken.
enum Locking {
    /// Another process held this lock file for all of the wait.
    Busy(PathBuf),
    Failed(StateError),
}

/// Takes the exclusive lock on `<name>.lock`, waiting at most
/// [`LOCK_WAIT`] for another gogai to finish: never for ever, whatever holds
/// it. Released when the file is dropped. The lock file stays: removing it
/// would let a waiting process lock a file that is no longer there.
fn lock(path: &Path) -> Result<File, Locking> {
    let lock_path = sibling(path, "lock");
    let failed = |e: std::io::Error| {
        Locking::Failed(StateError::Write {
            path: path.display().to_string(),
            source: std::io::Error::new(
                e.kind(),
                format!("cannot lock {}: {e}", lock_path.display()),
            ),
        })
    };
    let file = open_lock(&lock_path).map_err(failed)?;
    let wait = if CONTENDED.load(Ordering::Relaxed) {
        LOCK_WAIT_CONTENDED
    } else {
        LOCK_WAIT
    };
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => {
                CONTENDED.store(false, Ordering::Relaxed);
                return Ok(file);
            }
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                CONTENDED.store(true, Ordering::Relaxed);
                return Err(Locking::Busy(lock_path));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
    }
}

/// Opens (creating) the lock file, refusing anything but a regular file
/// without blocking on it: opening a named pipe to write waits for a reader.
fn open_lock(lock_path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    let file = options.open(lock_path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(fsio::not_regular(kind));
    }
    Ok(file)
}

/// The stored state with the pending files beside `path` applied, as if
/// saved: what a reader of the state should see.
fn with_pending(path: &Path, mut stored: Stored) -> Stored {
    for (_, job) in pending_jobs(path) {
        job.merge_into(&mut stored);
    }
    stored
}

/// The pending files beside `path` that can be understood, oldest first.
/// Others are left where they are, neither applied nor removed.
fn pending_jobs(path: &Path) -> Vec<(PathBuf, SaveJob)> {
    let Some(name) = path.file_name() else {
        return Vec::new();
    };
    let mut prefix = name.to_os_string();
    prefix.push(".pending-");
    let prefix = prefix.as_encoded_bytes();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| {
            let n = n.as_encoded_bytes();
            // Not a pending file's temporary file, still being written.
            n.starts_with(prefix) && !n.windows(5).any(|w| w == b".tmp-")
        })
        .map(|n| folder.join(n))
        .collect();
    // The names hold the time, zero-padded: in name order is oldest first.
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let bytes = read_regular(&file).ok()?;
            let pending = serde_json::from_slice::<PendingFile>(&bytes).ok()?;
            (pending.pending == PENDING_VERSION).then(|| (file, SaveJob::from_pending(pending)))
        })
        .collect()
}

/// Appends pruned marks to `<name>.pruned` beside the state file, one JSON
/// object a line, and flushes it to disk before they leave the state file.
fn back_up_pruned(path: &Path, dropped: &[(String, Entry)]) -> std::io::Result<()> {
    let now = now_secs();
    let mut lines = Vec::new();
    for (id, entry) in dropped {
        serde_json::to_writer(
            &mut lines,
            &PrunedLine {
                id,
                entry,
                pruned: now,
            },
        )
        .map_err(std::io::Error::other)?;
        lines.push(b'\n');
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(sibling(path, "pruned"))?;
    file.write_all(&lines)?;
    file.sync_all()
}

/// `path` with `.suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

fn set_aside(path: &Path) -> Result<PathBuf, StateError> {
    // A link's target is what is unusable: it is moved aside, and the link
    // stays for the file written next to recreate it.
    let path = &fsio::resolve_links(path);
    let secs = now_secs();
    let mut aside = sibling(path, &format!("corrupt-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = sibling(path, &format!("corrupt-{secs}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &aside).map_err(|source| StateError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(aside)
}

/// Unix seconds now; 0 if the clock is before 1970.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `$XDG_STATE_HOME/gogai/state.json`, else `~/.local/state/gogai/state.json`.
pub fn default_path() -> Option<PathBuf> {
    paths::state_dir().map(|dir| dir.join("state.json"))
}
