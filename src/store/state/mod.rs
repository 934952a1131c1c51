//! What gogai remembers between runs: which articles were read or starred,
//! where the user was (the session), and the feeds' fetch state, in one
//! SQLite store, `state.sqlite` (docs/STORE.md has the schema and the
//! reasons).
//!
//! - `marks`: the marks in memory ([`ReadState`]) and the journal of this
//!   run's changes, which is all a save writes
//! - `db`: the store on disk: schema and versions, opening it without
//!   trusting it, one transaction per save, setting a damaged one aside
//! - `pending`: a save that could not reach the store, kept in a file
//! - `legacy`: the JSON state files of earlier gogai, migrated once
//! - `export`: `--export`, what only the store holds, as JSON
//!
//! Here: loading, peeking, saving and exporting, which tie them together.
//! Two gogai processes may share the store: each save applies only its own
//! journal, inside `BEGIN IMMEDIATE`, so neither loses the other's marks; a
//! crash never leaves half a save. What cannot be trusted is moved aside
//! and reported, never overwritten.

mod db;
mod export;
mod legacy;
mod marks;
mod pending;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub use db::{FeedState, Fetched};
pub use marks::{FolderView, ReadState, SaveJob, Session, Sighting};

use crate::store::fsio;
use crate::store::hash::fnv1a;
use crate::store::paths;
use db::{Access, Failure, Found, Locking, Peeked, Store, Unusable};
use marks::Stored;

/// How long an id may go unseen in the article folder before
/// [`ReadState::prune`] forgets it: 90 days, in seconds.
pub const PRUNE_AFTER: u64 = 90 * DAY;

const DAY: u64 = 24 * 60 * 60;

/// The store's file name in the state folder.
const STORE_NAME: &str = "state.sqlite";

/// How long a save waits for another gogai's write to the store (SQLite's
/// busy timeout) or for its lock file. Saves hold the store for
/// milliseconds; one held longer is a stuck or foreign process, and the
/// changes go to a pending file instead (see [`SaveJob`]).
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// The wait once the store has been found held: a quit right after a save
/// that timed out must not wait as long again.
const LOCK_WAIT_CONTENDED: Duration = Duration::from_millis(250);

/// Whether the last wait for the store timed out.
static CONTENDED: AtomicBool = AtomicBool::new(false);

fn lock_wait() -> Duration {
    if CONTENDED.load(Ordering::Relaxed) {
        LOCK_WAIT_CONTENDED
    } else {
        LOCK_WAIT
    }
}

fn note_contended(timed_out: bool) {
    CONTENDED.store(timed_out, Ordering::Relaxed);
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    // `cause`, not `source`: the message already says it, and a chained
    // source would be printed a second time by `{:#}` at exit.
    #[error("{path}: cannot read the state file: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}: cannot write the state file: {cause}")]
    Write { path: String, cause: std::io::Error },
}

/// Why a [`SaveJob`] was not written.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    State(#[from] StateError),
    /// The store became unusable since it was loaded: only the whole state
    /// can replace it, so the save must be done with it.
    #[error("the state store needs rewriting whole")]
    NeedsWhole,
}

/// The store opened for a refresh (`--update`): the feeds' fetch state and
/// the files refreshes wrote, read and saved while the reader may be using
/// the same store (WAL; each save is one short `BEGIN IMMEDIATE`
/// transaction, like a save of marks). The connection is `Send`: a refresh
/// runs on a background thread.
pub struct FetchStore {
    store: Store,
    path: PathBuf,
}

impl FetchStore {
    /// Opens the store at `path` to read and write, creating it (and its
    /// folder) when there is none, migrating an older one; a store that
    /// cannot be trusted is set aside as [`ReadState::load`] does. The
    /// notice says what was migrated or set aside.
    pub fn open(path: &Path) -> Result<(Self, Option<String>), StateError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|cause| write_error(path, cause))?;
        }
        let (store, notice) = match db::open(path, Access::Write)? {
            Found::Store(store) => (store, None),
            found => {
                drop(found);
                match settle(path, true, false, "started afresh")? {
                    Settling::Done(Settled {
                        store: Some(store),
                        notices,
                        ..
                    }) => (store, join(&notices)),
                    Settling::Done(_) => {
                        return Err(write_error(path, std::io::Error::other("no store made")));
                    }
                    Settling::Busy(lock) => {
                        return Err(write_error(
                            path,
                            std::io::Error::new(
                                std::io::ErrorKind::WouldBlock,
                                format!("{} is held by another process", lock.display()),
                            ),
                        ));
                    }
                }
            }
        };
        Ok((
            Self {
                store,
                path: path.to_path_buf(),
            },
            notice,
        ))
    }

    /// Every feed's fetch state, by url.
    pub fn feed_states(&self) -> Result<Vec<FeedState>, StateError> {
        self.store.feeds().map_err(|e| read_error(&self.path, &e))
    }

    /// The files refreshes wrote into the folder with key `folder` (see
    /// [`folder_key`]).
    pub fn fetched(&self, folder: u64) -> Result<Vec<Fetched>, StateError> {
        self.store
            .fetched(folder)
            .map_err(|e| read_error(&self.path, &e))
    }

    /// Saves feeds' fetch state and the files written (`put`) and removed
    /// (`gone`: folder key and file name) in one transaction. A store held
    /// by another process past the wait is an error of kind `WouldBlock`:
    /// the caller keeps what it has and tries again at its next save.
    pub fn save(
        &mut self,
        feeds: &[FeedState],
        put: &[Fetched],
        gone: &[(u64, String)],
    ) -> Result<(), StateError> {
        let waited = lock_wait();
        self.store
            .write(|tx| {
                db::put_feeds(tx, feeds)?;
                db::put_fetched(tx, put, gone)
            })
            .map_err(|failure| match failure {
                Failure::Busy => write_error(
                    &self.path,
                    std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        format!(
                            "the store was locked by another process for {} s",
                            waited.as_secs_f32()
                        ),
                    ),
                ),
                Failure::Damaged => write_error(
                    &self.path,
                    std::io::Error::other("the store turned out damaged"),
                ),
                Failure::Other(e) => write_error(&self.path, db::sql_io(&e)),
            })
    }
}

/// The result of loading: the state, and a message for the user when
/// something was migrated or set aside.
#[derive(Debug)]
pub struct Loaded {
    pub state: ReadState,
    pub notice: Option<String>,
}

/// What [`ReadState::export`] gives.
#[derive(Debug)]
pub struct Exported {
    /// The export, ending in a newline.
    pub json: String,
    /// Whether there was anything at all: a store, an older state file or
    /// pending changes.
    pub found: bool,
}

/// The key of an article folder in the store: a stable hash of its
/// canonical path (or of the path as given, when it cannot be resolved).
pub fn folder_key(folder: &Path) -> u64 {
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    fnv1a(canonical.as_os_str().as_encoded_bytes())
}

/// Unix seconds now; 0 if the clock is before 1970.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `$XDG_STATE_HOME/gogai/state.sqlite`, else
/// `~/.local/state/gogai/state.sqlite`.
pub fn default_path() -> Option<PathBuf> {
    paths::state_dir().map(|dir| dir.join(STORE_NAME))
}

impl ReadState {
    /// Reads the store at `path`. A missing store is an empty state, unless
    /// an older gogai's `state.json` is beside it (or is at `path`): that is
    /// migrated into a new store, once, and the notice says so. A store
    /// that cannot be trusted (damaged, not a database, another program's,
    /// from a newer gogai) is moved to `<name>.corrupt-<unix seconds>` and
    /// reported. Pending files beside it count as saved.
    pub fn load(path: &Path) -> Result<Loaded, StateError> {
        let found = match db::open(path, Access::Write) {
            Ok(found) => found,
            Err(e) => return load_read_only(path, e),
        };
        // What needs doing under the lock file, and why.
        let (suspect, what) = match found {
            Found::Store(store) => match store.read() {
                Ok(stored) => return Ok(loaded(path, stored, None)),
                Err(e) => match db::damage(&e) {
                    Some(damage) => (true, damage.why()),
                    None => return Err(read_error(path, &e)),
                },
            },
            Found::Missing => match legacy::beside(path) {
                None => return Ok(loaded(path, Stored::default(), None)),
                Some(old) => (false, format!("{} is to be migrated", old.display())),
            },
            Found::Json(_) => (false, "an older state file, to be migrated".to_owned()),
            Found::Unusable(unusable) => (false, unusable.why()),
        };
        let settling = match settle(path, false, suspect, "started afresh") {
            Ok(settling) => settling,
            // Nothing can be written there (a read-only folder): what is
            // there is read as it is, and saves will say what is wrong.
            Err(e @ StateError::Write { .. }) => {
                return Ok(Loaded {
                    state: Self::peek(path),
                    notice: Some(format!("{e}; read as it is for now")),
                });
            }
            Err(e) => return Err(e),
        };
        match settling {
            Settling::Busy(lock) => {
                let notice = format!(
                    "{}: {what}, but {} is held by another process; left alone for now",
                    path.display(),
                    lock.display()
                );
                Ok(Loaded {
                    state: Self::peek(path),
                    notice: Some(notice),
                })
            }
            Settling::Done(settled) => {
                let stored = match &settled.store {
                    Some(store) => store.read().map_err(|e| read_error(path, &e))?,
                    None => Stored::default(),
                };
                Ok(loaded(path, stored, join(&settled.notices)))
            }
        }
    }

    /// Reads the store without creating or changing anything: what a
    /// read-only command such as `--list` needs. An older gogai's
    /// `state.json` not yet migrated is read in its place; anything
    /// unreadable counts as nothing marked. Pending files count as saved.
    pub fn peek(path: &Path) -> Self {
        match peek_stored(path) {
            Ok(found) => {
                let stored = found.map(|(stored, _)| stored).unwrap_or_default();
                Self::from_stored(with_pending(path, stored))
            }
            Err(_) => Self::default(),
        }
    }

    /// [`peek`](Self::peek), and the feeds' fetch state with it (empty
    /// when nothing can be read): what `--feeds` shows.
    pub fn peek_with_feeds(path: &Path) -> (Self, Vec<FeedState>) {
        match peek_stored(path) {
            Ok(Some((stored, feeds))) => (Self::from_stored(with_pending(path, stored)), feeds),
            Ok(None) => (
                Self::from_stored(with_pending(path, Stored::default())),
                Vec::new(),
            ),
            Err(_) => (Self::default(), Vec::new()),
        }
    }

    /// `--export`: what only the store holds, as JSON (see `export`), read
    /// as [`peek`](Self::peek) reads it. A store that cannot be read is an
    /// error, never an empty export.
    pub fn export(path: &Path) -> Result<Exported, StateError> {
        let (stored, feeds, found) = match peek_stored(path)? {
            Some((stored, feeds)) => (stored, feeds, true),
            None => (Stored::default(), Vec::new(), false),
        };
        let pending = pending::jobs(path);
        let found = found || !pending.is_empty();
        Ok(Exported {
            json: export::to_json(&with_pending(path, stored), &feeds),
            found,
        })
    }

    /// Saves this process's changes into the store, creating it (and its
    /// folder) if need be, as [`SaveJob::write_job`] does. A store that
    /// has become unusable meanwhile is moved aside and this process's
    /// whole state written to a new one; the returned notice says so.
    pub fn save(&mut self, path: &Path) -> Result<Option<String>, StateError> {
        let Some(job) = self.take_job() else {
            // Nothing changed, but the store is opened all the same: a
            // save is how pending files are merged and a broken store is
            // replaced.
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
}

impl SaveJob {
    /// Writes the job into the store in one transaction, after any pending
    /// files (older changes first, ours last: ours win where they overlap).
    /// For each id it changed, only the flags this run changed are set,
    /// `seen` only moves forward, and a pruned mark is removed only if
    /// nobody saw it since, a copy kept in the `pruned` table. The session
    /// is written only if it changed. When another process holds the store
    /// past the wait, the job goes to a pending file and the notice says
    /// so. A store that has become unusable is [`JobError::NeedsWhole`],
    /// and nothing is touched: only the whole state can replace it.
    pub fn write_job(&self, path: &Path) -> Result<Option<String>, JobError> {
        self.save_to(path, None)
    }

    /// Keeps this job in a new pending file beside `path` (which need not be
    /// readable), without any lock; returns its path. The way to keep a run's
    /// changes when the store cannot be written now.
    pub fn write_pending(&self, path: &Path) -> std::io::Result<PathBuf> {
        pending::write(path, self)
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
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|cause| write_error(path, cause))?;
        }
        let then = "saved this session's marks instead";
        let mut notices = Vec::new();
        let mut suspect = false;
        // At most twice: a store found damaged on the way is set aside and
        // the save made again on a new one.
        for _ in 0..2 {
            let mut base = None;
            let store = match db::open(path, Access::Write)? {
                Found::Store(store) if !suspect => store,
                found => {
                    let unusable = suspect || matches!(found, Found::Unusable(_));
                    drop(found);
                    if unusable && whole.is_none() {
                        return Err(JobError::NeedsWhole);
                    }
                    let settled = match settle(path, true, suspect, then)? {
                        Settling::Done(settled) => settled,
                        Settling::Busy(lock) => {
                            let why = format!("{} is held by another process", lock.display());
                            return Ok(self.keep_pending(path, &why, notices)?);
                        }
                    };
                    notices.extend(settled.notices);
                    if settled.replaced {
                        base = whole.map(ReadState::to_stored);
                    }
                    let Some(store) = settled.store else {
                        return Err(
                            write_error(path, std::io::Error::other("no store made")).into()
                        );
                    };
                    store
                }
            };
            let waited = lock_wait();
            match self.apply(path, store, base.as_ref()) {
                Ok(()) => return Ok(join(&notices)),
                Err(Failure::Busy) => {
                    let why = format!(
                        "the store was locked by another process for {} s",
                        waited.as_secs_f32()
                    );
                    return Ok(self.keep_pending(path, &why, notices)?);
                }
                Err(Failure::Damaged) if whole.is_none() => return Err(JobError::NeedsWhole),
                Err(Failure::Damaged) => suspect = true,
                Err(Failure::Other(e)) => return Err(write_error(path, db::sql_io(&e)).into()),
            }
        }
        Err(write_error(
            path,
            std::io::Error::other("the store keeps turning out damaged"),
        )
        .into())
    }

    /// Applies the pending files beside `path` and this job to `store`,
    /// then removes the files. They are merged under the store's lock file:
    /// two saves must never both apply one, or the second would undo what
    /// the first saved after it. When that lock cannot be had now, they
    /// wait for the next save and this job goes in alone.
    fn apply(&self, path: &Path, mut store: Store, base: Option<&Stored>) -> Result<(), Failure> {
        let mut _lock = None;
        let mut pending = pending::jobs(path);
        if !pending.is_empty() {
            match db::lock(&fsio::resolve_links(path)) {
                Ok(lock) => {
                    _lock = Some(lock);
                    // Again, under the lock: another save may have merged them.
                    pending = pending::jobs(path);
                }
                Err(_) => pending.clear(),
            }
        }
        let mut jobs: Vec<&SaveJob> = pending.iter().map(|(_, job)| job).collect();
        jobs.push(self);
        store.apply(base, &jobs)?;
        for (file, _) in pending {
            let _ = std::fs::remove_file(file);
        }
        Ok(())
    }

    /// Writes the job to a pending file of its own, for the next save to
    /// merge, because the store could not be had (`why`).
    fn keep_pending(
        &self,
        path: &Path,
        why: &str,
        mut notices: Vec<String>,
    ) -> Result<Option<String>, StateError> {
        if self.journal.is_empty() {
            return Ok(join(&notices));
        }
        let kept = self.write_pending(path).map_err(|e| {
            write_error(
                path,
                std::io::Error::new(
                    e.kind(),
                    format!("{why}, and the changes could not be kept aside: {e}"),
                ),
            )
        })?;
        notices.push(format!(
            "{}: {why}; this run's changes are kept in {} and merged by the next save",
            path.display(),
            kept.display()
        ));
        Ok(join(&notices))
    }
}

/// The state read from `stored`, with the pending files beside `path`
/// applied.
fn loaded(path: &Path, stored: Stored, notice: Option<String>) -> Loaded {
    Loaded {
        state: ReadState::from_stored(with_pending(path, stored)),
        notice,
    }
}

/// When the store cannot be opened to write (a read-only folder): it is
/// read as [`ReadState::peek`] reads it, and saves will say what is wrong.
/// If it cannot be read either, the first error stands.
fn load_read_only(path: &Path, error: StateError) -> Result<Loaded, StateError> {
    match db::peek(path) {
        Ok(Peeked::Store(stored, _)) => Ok(loaded(path, stored, None)),
        _ => Err(error),
    }
}

/// What is at `path`, read without changing anything: the marks and the
/// feeds; `None` when there is nothing. An older gogai's `state.json` (at
/// `path` or beside a missing store) is read with its pending files.
fn peek_stored(path: &Path) -> Result<Option<(Stored, Vec<FeedState>)>, StateError> {
    match db::peek(path)? {
        Peeked::Store(stored, feeds) => Ok(Some((stored, feeds))),
        Peeked::Json(legacy) => Ok(Some((legacy.stored, legacy.feeds))),
        Peeked::Missing => {
            let Some(old) = legacy::beside(path) else {
                return Ok(None);
            };
            match legacy::read(&old, now_secs())? {
                Ok(legacy) => Ok(Some((with_pending(&old, legacy.stored), legacy.feeds))),
                Err(e) => Err(unusable_error(&old, &Unusable::Json(e))),
            }
        }
        Peeked::Unusable(unusable) => Err(unusable_error(path, &unusable)),
    }
}

/// `stored` with the pending files beside `path` applied, as if saved.
fn with_pending(path: &Path, mut stored: Stored) -> Stored {
    for (_, job) in pending::jobs(path) {
        job.merge_into(&mut stored);
    }
    stored
}

/// What [`settle`] found.
enum Settling {
    Done(Settled),
    /// The store's lock file was held by another process all the wait.
    Busy(PathBuf),
}

struct Settled {
    /// The store, now usable; `None` when there was nothing to migrate and
    /// none was asked for.
    store: Option<Store>,
    /// What the user is told: a migration, a file set aside.
    notices: Vec<String>,
    /// Whether an unusable store was set aside (the new one lacks its
    /// marks: a save then writes the whole state it has).
    replaced: bool,
}

/// Under the store's lock file, makes `path` hold a usable store: an older
/// gogai's state file (at `path`, or `state.json` beside it) is migrated;
/// what cannot be trusted is set aside first; with `create`, an empty
/// store is made when there is nothing else. Everything is looked at again
/// under the lock, since another gogai may have just done the same;
/// `suspect` says that a store which opens was found damaged further in,
/// so it is checked whole. `then` ends a set-aside notice.
fn settle(path: &Path, create: bool, suspect: bool, then: &str) -> Result<Settling, StateError> {
    // A link stays a link: its target is what is migrated or replaced.
    let target = fsio::resolve_links(path);
    let _lock = match db::lock(&target) {
        Ok(lock) => lock,
        Err(Locking::Busy(lock)) => return Ok(Settling::Busy(lock)),
        Err(Locking::Failed(e)) => return Err(e),
    };
    let mut notices = Vec::new();
    let mut replaced = false;
    let set_aside = |unusable: &Unusable, what: &Path, notices: &mut Vec<String>| {
        let aside = db::set_aside(what)?;
        notices.push(unusable.notice(what, &aside, then));
        Ok::<_, StateError>(())
    };
    let old = match db::open(&target, Access::Write)? {
        Found::Store(store) => match suspect.then(|| store.check()) {
            None | Some(Ok(())) => {
                return Ok(Settling::Done(Settled {
                    store: Some(store),
                    notices,
                    replaced,
                }));
            }
            Some(Err(damage)) => {
                drop(store);
                set_aside(&damage, &target, &mut notices)?;
                replaced = true;
                None
            }
        },
        Found::Json(legacy) => Some((target.clone(), *legacy)),
        Found::Unusable(unusable) => {
            set_aside(&unusable, &target, &mut notices)?;
            replaced = true;
            None
        }
        Found::Missing => match legacy::beside(&target) {
            None => None,
            Some(old) => match legacy::read(&old, now_secs())? {
                Ok(legacy) => Some((old, legacy)),
                Err(e) => {
                    set_aside(&Unusable::Json(e), &old, &mut notices)?;
                    None
                }
            },
        },
    };
    match old {
        Some((old, legacy)) => notices.push(migrate(&target, &old, &legacy)?),
        None if create => db::create(&target, |_| Ok(()))?,
        None => {
            return Ok(Settling::Done(Settled {
                store: None,
                notices,
                replaced,
            }));
        }
    }
    match db::open(&target, Access::Write)? {
        Found::Store(store) => Ok(Settling::Done(Settled {
            store: Some(store),
            notices,
            replaced,
        })),
        _ => Err(write_error(
            path,
            std::io::Error::other("the new store cannot be opened"),
        )),
    }
}

/// Builds the store at `path` from the older gogai's file `old` (which may
/// be `path` itself), its backup of pruned marks and its pending files, in
/// one transaction; then keeps them as `<name>.migrated`. Returns the
/// notice.
fn migrate(path: &Path, old: &Path, legacy: &legacy::Legacy) -> Result<String, StateError> {
    let pending = pending::jobs(old);
    let kept = legacy::migrated_name(old);
    if old == path {
        // The store takes the file's place: keep the file first.
        std::fs::hard_link(old, &kept)
            .or_else(|_| std::fs::copy(old, &kept).map(drop))
            .map_err(|cause| write_error(&kept, cause))?;
    }
    let pruned = legacy::pruned(old);
    db::create(path, |tx| legacy::import(tx, legacy, &pruned, &pending))?;
    let count = legacy.stored.articles.len();
    let imported = format!(
        "{}: {} mark{} imported into {}",
        old.display(),
        thousands(count),
        if count == 1 { "" } else { "s" },
        path.display(),
    );
    let notice = match (old != path).then(|| std::fs::rename(old, &kept)) {
        Some(Err(e)) => format!("{imported}, but the old file could not be renamed ({e})"),
        _ => format!("{imported}; the old file is kept as {}", kept.display()),
    };
    let backup = sibling(old, "pruned");
    let files = pending.into_iter().map(|(file, _)| file);
    for file in files.chain((!pruned.is_empty()).then_some(backup)) {
        let _ = std::fs::rename(&file, sibling(&file, "migrated"));
    }
    Ok(notice)
}

/// 12345 as "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn join(notices: &[String]) -> Option<String> {
    (!notices.is_empty()).then(|| notices.join("; "))
}

fn read_error(path: &Path, e: &rusqlite::Error) -> StateError {
    StateError::Read {
        path: path.display().to_string(),
        cause: db::sql_io(e),
    }
}

fn write_error(path: &Path, cause: std::io::Error) -> StateError {
    StateError::Write {
        path: path.display().to_string(),
        cause,
    }
}

fn unusable_error(path: &Path, unusable: &Unusable) -> StateError {
    StateError::Read {
        path: path.display().to_string(),
        cause: std::io::Error::other(unusable.why()),
    }
}

/// `path` with `.suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}
