//! The store on disk: one SQLite file (`state.sqlite`) holding the marks,
//! the session, pruned marks kept as a backup, and the feeds' fetch state.
//! Its schema, its versions, opening it without trusting it, applying a
//! journal in one transaction, and its file's life: created whole, set
//! aside when damaged. docs/STORE.md says why each choice was made.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension as _, Transaction, TransactionBehavior,
    params,
};
use serde::{Deserialize, Serialize};

use super::legacy::{self, Legacy};
use super::marks::{Entry, SaveJob, Session, Stored};
use super::{StateError, lock_wait, note_contended, now_secs, sibling};
use crate::store::fsio;

/// `PRAGMA application_id` of a gogai store ("goga" in ASCII), so that no
/// other program's SQLite file is ever taken for one.
pub(super) const APPLICATION_ID: i32 = 0x676f_6761;

/// `PRAGMA user_version`: the schema this build writes. A store with a
/// lower one is brought up to it by [`MIGRATIONS`]; a higher one is from a
/// newer gogai and is not trusted.
pub(super) const SCHEMA_VERSION: i64 = 2;

/// `MIGRATIONS[v]` takes the schema from version `v` to `v + 1`; a new
/// store is version 0 (empty) migrated all the way.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [SCHEMA_1, SCHEMA_2];

/// Version 1. Only marked ids are stored, so `read` and `starred` are never
/// both 0 for long. `seen` is Unix seconds; `folder` is the folder key (a
/// 64-bit hash kept as SQLite's signed integer, bit for bit). `STRICT`
/// makes SQLite refuse a value of the wrong type, and `WITHOUT ROWID` keeps
/// the marks in one B-tree ordered by id instead of a table and an index.
const SCHEMA_1: &str = "
CREATE TABLE marks (
    id      TEXT PRIMARY KEY NOT NULL,
    read    INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
    starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    seen    INTEGER NOT NULL,
    folder  INTEGER
) STRICT, WITHOUT ROWID;
CREATE TABLE session (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    json TEXT NOT NULL
) STRICT;
CREATE TABLE pruned (
    id        TEXT NOT NULL,
    read      INTEGER NOT NULL,
    starred   INTEGER NOT NULL,
    seen      INTEGER NOT NULL,
    folder    INTEGER,
    pruned_at INTEGER NOT NULL
) STRICT;
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    INTEGER,
    status        INTEGER,
    error         TEXT
) STRICT, WITHOUT ROWID;
";

/// Version 2: what `--update` needs to fetch politely and to update what
/// it wrote. The feeds' rows are kept; the new columns start empty.
/// `fetched` records each article file a refresh wrote for a feed, with a
/// hash of its text and of its bytes: only a file whose bytes still hash
/// the same (nobody edited it) is ever replaced when the item changes
/// upstream. `folder` is the folder key, as in `marks`.
const SCHEMA_2: &str = "
ALTER TABLE feeds ADD COLUMN next_at INTEGER;
ALTER TABLE feeds ADD COLUMN dead INTEGER NOT NULL DEFAULT 0 CHECK (dead IN (0, 1));
ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN last_new INTEGER;
ALTER TABLE feeds ADD COLUMN moved_to TEXT;
CREATE TABLE fetched (
    folder  INTEGER NOT NULL,
    name    TEXT NOT NULL,
    feed    TEXT NOT NULL,
    content INTEGER NOT NULL,
    file    INTEGER NOT NULL,
    PRIMARY KEY (folder, name)
) STRICT, WITHOUT ROWID;
";

/// The first 16 bytes of every SQLite database file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A subscription's fetch state (filled in by subscriptions; exported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    pub url: String,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// Unix seconds of the last fetch.
    #[serde(default)]
    pub fetched_at: Option<u64>,
    /// The HTTP status of the last fetch.
    #[serde(default)]
    pub status: Option<u16>,
    /// Why the last fetch failed, if it did.
    #[serde(default)]
    pub error: Option<String>,
    /// Unix seconds before which the feed is not fetched again (a server's
    /// Retry-After, or a back-off after 429/503), unless forced.
    #[serde(default)]
    pub next_at: Option<u64>,
    /// The server said 410 Gone: not fetched again until forced.
    #[serde(default)]
    pub dead: bool,
    /// Failed fetches in a row (for backing off); 0 after a success.
    #[serde(default)]
    pub failures: u32,
    /// Articles the last successful fetch added.
    #[serde(default)]
    pub last_new: Option<u32>,
    /// Where a permanent redirect (301/308) pointed, for the feeds file.
    #[serde(default)]
    pub moved_to: Option<String>,
}

impl FeedState {
    /// A feed never fetched.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            etag: None,
            last_modified: None,
            fetched_at: None,
            status: None,
            error: None,
            next_at: None,
            dead: false,
            failures: 0,
            last_new: None,
            moved_to: None,
        }
    }
}

/// One article file a refresh wrote for a feed (the `fetched` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The folder key (see [`super::folder_key`]).
    pub folder: u64,
    /// The file name in the folder.
    pub name: String,
    pub feed: String,
    /// Hash of the article as rendered without its `updated` field: what
    /// tells a changed item from the same one.
    pub content: u64,
    /// Hash of the bytes written: what tells an edited file.
    pub file: u64,
}

/// What is at the store's path.
pub(super) enum Found {
    /// Nothing: no store yet.
    Missing,
    /// A gogai store, open.
    Store(Store),
    /// A JSON state file of an earlier gogai, or an export, to migrate.
    Json(Box<Legacy>),
    /// Something that must not be trusted.
    Unusable(Unusable),
}

/// Why what is at the store's path is not used.
#[derive(Debug)]
pub(super) enum Unusable {
    Empty,
    /// Neither a SQLite database nor JSON.
    NotADatabase,
    /// JSON, but no state file gogai can read.
    Json(legacy::Unreadable),
    /// SQLite says it is damaged.
    Damaged(String),
    /// Another program's SQLite database.
    Foreign(i32),
    /// From a newer gogai.
    Newer(i64),
}

impl Unusable {
    /// What is wrong, for the notice.
    pub(super) fn why(&self) -> String {
        match self {
            Self::Empty => "an empty file, not a gogai store".to_owned(),
            Self::NotADatabase => "not a SQLite database".to_owned(),
            Self::Json(legacy::Unreadable::Newer(v)) => {
                format!("written by a newer gogai (version {v})")
            }
            Self::Json(legacy::Unreadable::Corrupt(e)) => {
                format!("an unreadable state file ({e})")
            }
            Self::Damaged(e) => format!("damaged ({e})"),
            Self::Foreign(id) => format!(
                "a SQLite database of another program (application_id {:#010x})",
                id.cast_unsigned()
            ),
            Self::Newer(v) => format!("written by a newer gogai (store schema version {v})"),
        }
    }

    /// The notice after the file was moved to `aside`; `then` says what
    /// gogai did instead.
    pub(super) fn notice(&self, path: &Path, aside: &Path, then: &str) -> String {
        format!(
            "{}: {}; kept as {} and {then}",
            path.display(),
            self.why(),
            aside.display()
        )
    }
}

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    /// To read and write; an older schema is migrated.
    Write,
    /// To read only (`--list`, `--export`, a read-only folder); see
    /// [`open_read_only`] for `shared`.
    Read { shared: bool },
}

/// Why a save did not reach the store.
pub(super) enum Failure {
    /// Another process held the store for all of the wait.
    Busy,
    /// The store turned out damaged.
    Damaged,
    /// Anything else: a read-only folder, a full disk.
    Other(rusqlite::Error),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        if is_busy(&e) {
            Self::Busy
        } else if damage(&e).is_some() {
            Self::Damaged
        } else {
            Self::Other(e)
        }
    }
}

/// An open gogai store.
pub(super) struct Store {
    conn: Connection,
    /// Read as an immutable file (see [`open_read_only`]).
    immutable: bool,
}

/// Looks at what is at `path` and, when it is a gogai store, opens it.
/// A named pipe, a folder or a device there is an error, found without
/// blocking; so is a store that cannot be opened for reasons that are not
/// its own (permissions).
pub(super) fn open(path: &Path, access: Access) -> Result<Found, StateError> {
    let read_err = |cause| StateError::Read {
        path: path.display().to_string(),
        cause,
    };
    let mut file = match fsio::open_regular(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(read_err(e)),
    };
    let mut head = Vec::with_capacity(MAGIC.len());
    (&mut file)
        .take(MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(read_err)?;
    if head.is_empty() {
        return Ok(Found::Unusable(Unusable::Empty));
    }
    if head != MAGIC {
        let mut bytes = head;
        file.read_to_end(&mut bytes).map_err(read_err)?;
        if !legacy::looks_like_json(&bytes) {
            return Ok(Found::Unusable(Unusable::NotADatabase));
        }
        return Ok(match legacy::parse(&bytes, now_secs()) {
            Ok(legacy) => Found::Json(Box::new(legacy)),
            Err(e) => Found::Unusable(Unusable::Json(e)),
        });
    }
    drop(file);
    match Store::open(path, access) {
        Ok(store) => Ok(store),
        Err(e) => match damage(&e) {
            Some(damage) => Ok(Found::Unusable(damage)),
            // Opening to write failed, not reading what is there.
            None if access == Access::Write => Err(StateError::Write {
                path: path.display().to_string(),
                cause: sql_io(&e),
            }),
            None => Err(read_err(sql_io(&e))),
        },
    }
}

impl Store {
    fn open(path: &Path, access: Access) -> rusqlite::Result<Found> {
        let (conn, immutable) = match access {
            Access::Write => (
                Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?,
                false,
            ),
            Access::Read { shared } => open_read_only(path, shared)?,
        };
        conn.busy_timeout(lock_wait())?;
        let (app, version) = header(&conn)?;
        if app != APPLICATION_ID {
            return Ok(Found::Unusable(Unusable::Foreign(app)));
        }
        if version > SCHEMA_VERSION {
            return Ok(Found::Unusable(Unusable::Newer(version)));
        }
        let mut store = Self { conn, immutable };
        if access == Access::Write {
            store.configure()?;
            if version < SCHEMA_VERSION {
                store.migrate()?;
            }
        }
        Ok(Found::Store(store))
    }

    /// Settings of a connection that writes (see docs/STORE.md): the
    /// journal mode is kept in the file; `synchronous` is not.
    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // A store someone switched back (the sqlite3 shell can): put
            // it right, or carry on in its mode if another connection is
            // in the way.
            let _ = self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()));
        }
        Ok(())
    }

    /// Brings an older schema up to [`SCHEMA_VERSION`], one step at a time,
    /// in one transaction; another process may have done it meanwhile.
    fn migrate(&mut self) -> rusqlite::Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let from: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        migrate(&tx, from)?;
        tx.commit()
    }

    /// Every mark and the session.
    pub(super) fn read(&self) -> rusqlite::Result<Stored> {
        let mut marks = self
            .conn
            .prepare("SELECT id, read, starred, seen, folder FROM marks ORDER BY id")?;
        // In id order, so the map is built without sorting.
        let articles: BTreeMap<String, Entry> = marks
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    Entry {
                        read: row.get(1)?,
                        starred: row.get(2)?,
                        seen: from_sql_secs(row.get(3)?),
                        folder: row.get::<_, Option<i64>>(4)?.map(i64::cast_unsigned),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Stored {
            articles,
            session: self.session()?.unwrap_or_default(),
        })
    }

    /// The stored session; one that cannot be understood counts as none
    /// (where the user was is worth less than refusing the store).
    fn session(&self) -> rusqlite::Result<Option<Session>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM session WHERE one = 1", [], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Every feed's fetch state, by url.
    pub(super) fn feeds(&self) -> rusqlite::Result<Vec<FeedState>> {
        let mut feeds = self.conn.prepare(
            "SELECT url, etag, last_modified, fetched_at, status, error, \
             next_at, dead, failures, last_new, moved_to FROM feeds ORDER BY url",
        )?;
        feeds
            .query_map([], |row| {
                Ok(FeedState {
                    url: row.get(0)?,
                    etag: row.get(1)?,
                    last_modified: row.get(2)?,
                    fetched_at: row.get::<_, Option<i64>>(3)?.map(from_sql_secs),
                    status: row.get(4)?,
                    error: row.get(5)?,
                    next_at: row.get::<_, Option<i64>>(6)?.map(from_sql_secs),
                    dead: row.get(7)?,
                    failures: row.get(8)?,
                    last_new: row.get(9)?,
                    moved_to: row.get(10)?,
                })
            })?
            .collect()
    }

    /// The files refreshes wrote into the folder with key `folder`.
    pub(super) fn fetched(&self, folder: u64) -> rusqlite::Result<Vec<Fetched>> {
        let mut rows = self.conn.prepare(
            "SELECT name, feed, content, file FROM fetched WHERE folder = ?1 ORDER BY name",
        )?;
        rows.query_map([folder.cast_signed()], |row| {
            Ok(Fetched {
                folder,
                name: row.get(0)?,
                feed: row.get(1)?,
                content: row.get::<_, i64>(2)?.cast_unsigned(),
                file: row.get::<_, i64>(3)?.cast_unsigned(),
            })
        })?
        .collect()
    }

    /// Runs `fill` in one `BEGIN IMMEDIATE` transaction, waiting at most
    /// [`lock_wait`] for another writer, as a save of marks does.
    pub(super) fn write(
        &mut self,
        fill: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<(), Failure> {
        let tx = match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(tx) => tx,
            Err(e) => {
                let failure = Failure::from(e);
                note_contended(matches!(failure, Failure::Busy));
                return Err(failure);
            }
        };
        note_contended(false);
        fill(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Applies `jobs` in order (pending files, oldest first, then this
    /// run's) in one `BEGIN IMMEDIATE` transaction: the write lock is taken
    /// first, waiting at most [`lock_wait`] for another gogai, so the
    /// marks read and those written are the same. `whole` (a state to
    /// start from, when the store is new because the old one was damaged)
    /// is written first.
    pub(super) fn apply(
        &mut self,
        whole: Option<&Stored>,
        jobs: &[&SaveJob],
    ) -> Result<(), Failure> {
        self.write(|tx| {
            if let Some(whole) = whole {
                write_whole(tx, whole)?;
            }
            for job in jobs {
                apply_job(tx, job)?;
            }
            Ok(())
        })
    }

    /// Checks a store that was found damaged further in than its header:
    /// `PRAGMA quick_check` over every page, then a read of everything
    /// gogai reads. An error that is not the store's own (the disk) does
    /// not count against it.
    pub(super) fn check(&self) -> Result<(), Unusable> {
        let verdict = |e: rusqlite::Error| damage(&e).map_or(Ok(()), Err);
        let ok: String = match self
            .conn
            .pragma_query_value(None, "quick_check", |row| row.get(0))
        {
            Ok(ok) => ok,
            Err(e) => return verdict(e),
        };
        if ok != "ok" {
            return Err(Unusable::Damaged(ok));
        }
        if let Err(e) = self.read().and_then(|_| self.feeds()) {
            return verdict(e);
        }
        Ok(())
    }
}

/// A connection that reads and never creates or changes a file. SQLite's
/// read-only connections still make a WAL database's `-wal` and `-shm`
/// files when they are missing, and leave them behind; so when there is no
/// log (no writer is active, and everything is in the main file), the file
/// is read as immutable: no locks, no side files. [`peek`] checks that no
/// writer touched the file meanwhile. With `shared`, or when there is a
/// log (a writer is active, or crashed leaving committed transactions in
/// it), an ordinary read-only connection shares it.
fn open_read_only(path: &Path, shared: bool) -> rusqlite::Result<(Connection, bool)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let immutable = || {
        Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
            .map(|conn| (conn, true))
    };
    // A log may hold committed saves the main file has not got yet.
    let in_use = side_file(path, "wal").exists();
    if !(shared || in_use) {
        return immutable();
    }
    let conn = Connection::open_with_flags(path, flags)?;
    match header(&conn) {
        Ok(_) => Ok((conn, false)),
        // A read-only folder, where the side files cannot be made.
        Err(e) if matches!(code(&e), Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)) => {
            drop(conn);
            immutable()
        }
        Err(e) => Err(e),
    }
}

/// What a read without changing anything found at the store's path.
pub(super) enum Peeked {
    Missing,
    Json(Box<Legacy>),
    Store(Stored, Vec<FeedState>),
    Unusable(Unusable),
}

/// Reads everything at `path` without creating or changing any file (see
/// [`open_read_only`]). A read of the file as immutable counts only if
/// the file was not written meanwhile; it is tried three times, then an
/// ordinary read-only connection is used (whose side files the next save
/// removes).
pub(super) fn peek(path: &Path) -> Result<Peeked, StateError> {
    let read_err = |e| StateError::Read {
        path: path.display().to_string(),
        cause: sql_io(&e),
    };
    for attempt in 0..4 {
        let before = Stamp::of(path);
        let store = match open(
            path,
            Access::Read {
                shared: attempt == 3,
            },
        )? {
            Found::Missing => return Ok(Peeked::Missing),
            Found::Json(legacy) => return Ok(Peeked::Json(legacy)),
            Found::Unusable(unusable) => {
                if Stamp::of(path) == before {
                    return Ok(Peeked::Unusable(unusable));
                }
                continue;
            }
            Found::Store(store) => store,
        };
        let read = store.read().and_then(|stored| Ok((stored, store.feeds()?)));
        let unchanged = !store.immutable || Stamp::of(path) == before;
        drop(store);
        if !unchanged {
            continue;
        }
        return match read {
            Ok((stored, feeds)) => Ok(Peeked::Store(stored, feeds)),
            Err(e) => match damage(&e) {
                Some(unusable) => Ok(Peeked::Unusable(unusable)),
                None => Err(read_err(e)),
            },
        };
    }
    Err(read_err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the store kept changing while it was read".to_owned()),
    )))
}

/// What identifies a file's contents cheaply: any write changes it. With
/// whether its write-ahead log exists (a writer at work).
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    meta: Option<(u64, Option<std::time::SystemTime>, u64, i64, i64)>,
    wal: bool,
}

impl Stamp {
    fn of(path: &Path) -> Self {
        let meta = std::fs::metadata(path).ok().map(|m| {
            #[cfg(unix)]
            let (ino, ctime, ctime_ns) = {
                use std::os::unix::fs::MetadataExt as _;
                (m.ino(), m.ctime(), m.ctime_nsec())
            };
            #[cfg(not(unix))]
            let (ino, ctime, ctime_ns) = (0, 0, 0);
            (m.len(), m.modified().ok(), ino, ctime, ctime_ns)
        });
        Self {
            meta,
            wal: side_file(path, "wal").exists(),
        }
    }
}

/// `file:` URI of `path` with `immutable=1`, its special characters escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The application id and schema version, read from the header: the first
/// read, where a file that is no database says so.
fn header(conn: &Connection) -> rusqlite::Result<(i32, i64)> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok((app, version))
}

/// Steps the schema from `from` to [`SCHEMA_VERSION`] inside `tx`.
fn migrate(tx: &Transaction<'_>, from: i64) -> rusqlite::Result<()> {
    let from = usize::try_from(from).unwrap_or(0);
    for (version, step) in MIGRATIONS.iter().enumerate().skip(from) {
        tx.execute_batch(step)?;
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(version + 1).unwrap_or(i64::MAX),
        )?;
    }
    Ok(())
}

pub(super) fn write_whole(tx: &Transaction<'_>, whole: &Stored) -> rusqlite::Result<()> {
    let mut put = tx.prepare_cached(PUT)?;
    for (id, entry) in &whole.articles {
        if entry.is_marked() {
            put_entry(&mut put, id, entry)?;
        }
    }
    put_session(tx, &whole.session)
}

/// Writes feeds' fetch state (from an export being imported).
pub(super) fn put_feeds(tx: &Transaction<'_>, feeds: &[FeedState]) -> rusqlite::Result<()> {
    let mut put = tx.prepare_cached(
        "INSERT OR REPLACE INTO feeds (url, etag, last_modified, fetched_at, status, error, \
         next_at, dead, failures, last_new, moved_to) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for feed in feeds {
        put.execute(params![
            feed.url,
            feed.etag,
            feed.last_modified,
            feed.fetched_at.map(to_sql_secs),
            feed.status,
            feed.error,
            feed.next_at.map(to_sql_secs),
            feed.dead,
            feed.failures,
            feed.last_new,
            feed.moved_to,
        ])?;
    }
    Ok(())
}

/// Records files a refresh wrote (`put`) and forgets ones it removed
/// (`gone`: folder key and name).
pub(super) fn put_fetched(
    tx: &Transaction<'_>,
    put: &[Fetched],
    gone: &[(u64, String)],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO fetched (folder, name, feed, content, file) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for f in put {
        insert.execute(params![
            f.folder.cast_signed(),
            f.name,
            f.feed,
            f.content.cast_signed(),
            f.file.cast_signed()
        ])?;
    }
    let mut delete = tx.prepare_cached("DELETE FROM fetched WHERE folder = ?1 AND name = ?2")?;
    for (folder, name) in gone {
        delete.execute(params![folder.cast_signed(), name])?;
    }
    Ok(())
}

/// Adds marks to the backup of pruned ones: `(id, marks, when pruned)`.
pub(super) fn put_pruned(
    tx: &Transaction<'_>,
    rows: &[(String, Entry, u64)],
) -> rusqlite::Result<()> {
    let mut back_up = tx.prepare_cached(BACK_UP)?;
    for (id, entry, when) in rows {
        back_up_entry(&mut back_up, id, entry, to_sql_secs(*when))?;
    }
    Ok(())
}

const BACK_UP: &str = "INSERT INTO pruned (id, read, starred, seen, folder, pruned_at) \
                       VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

fn back_up_entry(
    back_up: &mut rusqlite::CachedStatement<'_>,
    id: &str,
    e: &Entry,
    when: i64,
) -> rusqlite::Result<()> {
    back_up
        .execute(params![
            id,
            e.read,
            e.starred,
            to_sql_secs(e.seen),
            e.folder.map(u64::cast_signed),
            when
        ])
        .map(drop)
}

const PUT: &str = "INSERT OR REPLACE INTO marks (id, read, starred, seen, folder) \
                   VALUES (?1, ?2, ?3, ?4, ?5)";

fn put_entry(put: &mut rusqlite::CachedStatement<'_>, id: &str, e: &Entry) -> rusqlite::Result<()> {
    put.execute(params![
        id,
        e.read,
        e.starred,
        to_sql_secs(e.seen),
        e.folder.map(u64::cast_signed)
    ])
    .map(drop)
}

fn put_session(tx: &Transaction<'_>, session: &Session) -> rusqlite::Result<()> {
    let json = serde_json::to_string(session)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.execute(
        "INSERT OR REPLACE INTO session (one, json) VALUES (1, ?1)",
        [json],
    )
    .map(drop)
}

/// Applies one job: for each id it changed, the stored row is read, the
/// change merged over it (see [`super::marks::Change::merge`]) and the
/// result written only if it differs; what a prune removes is copied into
/// `pruned` first, in the same transaction.
pub(super) fn apply_job(tx: &Transaction<'_>, job: &SaveJob) -> rusqlite::Result<()> {
    let mut get =
        tx.prepare_cached("SELECT read, starred, seen, folder FROM marks WHERE id = ?1")?;
    let mut put = tx.prepare_cached(PUT)?;
    let mut drop_mark = tx.prepare_cached("DELETE FROM marks WHERE id = ?1")?;
    let mut back_up = tx.prepare_cached(BACK_UP)?;
    let now = to_sql_secs(now_secs());
    // In id order, the order of the B-tree: an `A` on 100,000 articles
    // then walks the pages once instead of jumping between them.
    let mut changes: Vec<_> = job.changes().collect();
    changes.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (id, change, ours) in changes {
        let stored = get
            .query_row([id], |row| {
                Ok(Entry {
                    read: row.get(0)?,
                    starred: row.get(1)?,
                    seen: from_sql_secs(row.get(2)?),
                    folder: row.get::<_, Option<i64>>(3)?.map(i64::cast_unsigned),
                })
            })
            .optional()?;
        let merged = change.merge(stored, ours);
        if let Some(gone) = merged.pruned {
            back_up_entry(&mut back_up, id, &gone, now)?;
        }
        match merged.entry {
            Some(entry) if Some(entry) != stored => put_entry(&mut put, id, &entry)?,
            None if stored.is_some() => {
                drop_mark.execute([id])?;
            }
            // Unchanged: nothing to write.
            _ => {}
        }
    }
    if let Some(session) = &job.session {
        put_session(tx, session)?;
    }
    Ok(())
}

/// Builds a new store at `path` from nothing: the schema and `fill` in one
/// transaction, in a temporary file beside it, renamed into place once
/// complete. So the store's path only ever holds a whole store; a crash
/// leaves at most a temporary file, removed by the next attempt. The caller
/// holds the store's lock file. What is at `path` is replaced: the caller
/// has kept it (a legacy file is linked to its `.migrated` name first).
pub(super) fn create(
    path: &Path,
    fill: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<()>,
) -> Result<(), StateError> {
    let write_err = |cause| StateError::Write {
        path: path.display().to_string(),
        cause,
    };
    remove_stale_builds(path);
    let tmp = sibling(path, &format!("new-{}", std::process::id()));
    let build = || -> rusqlite::Result<()> {
        let mut conn = Connection::open(&tmp)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate(&tx, 0)?;
        fill(&tx)?;
        tx.commit()?;
        // Closing the last connection checkpoints the WAL into the file
        // and removes it, so the file alone is the whole store.
        conn.close().map_err(|(_, e)| e)
    };
    if let Err(e) = build() {
        remove_with_side_files(&tmp);
        return Err(write_err(sql_io(&e)));
    }
    // Side files of a store that is gone would be taken for this one's.
    for side in ["wal", "shm"] {
        let stray = side_file(path, side);
        if stray.exists() {
            let aside = side_file(&sibling(path, &format!("stray-{}", now_secs())), side);
            let _ = std::fs::rename(&stray, aside);
        }
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        remove_with_side_files(&tmp);
        write_err(e)
    })?;
    sync_folder(path);
    Ok(())
}

/// Moves what is at `path` (a symbolic link's target), with its `-wal` and
/// `-shm`, to `<name>.corrupt-<unix seconds>`; returns the new name.
pub(super) fn set_aside(path: &Path) -> Result<PathBuf, StateError> {
    let path = &fsio::resolve_links(path);
    let secs = now_secs();
    let mut aside = sibling(path, &format!("corrupt-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = sibling(path, &format!("corrupt-{secs}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &aside).map_err(|cause| StateError::Write {
        path: path.display().to_string(),
        cause,
    })?;
    for side in ["wal", "shm"] {
        let _ = std::fs::rename(side_file(path, side), side_file(&aside, side));
    }
    Ok(aside)
}

/// `<path>-wal` or `<path>-shm`: SQLite's names for a database's side files.
fn side_file(path: &Path, side: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push("-");
    name.push(side);
    path.with_file_name(name)
}

/// Removes the `<name>.new-<pid>` files that a creation stopped midway
/// left (killed, or the machine stopped): whoever builds one holds the
/// lock file, which the caller now does, so any found are dead.
fn remove_stale_builds(path: &Path) {
    let Some(name) = path.file_name() else {
        return;
    };
    let mut prefix = name.to_os_string();
    prefix.push(".new-");
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name();
        let bytes = file.as_encoded_bytes();
        let is_side =
            bytes.ends_with(b"-wal") || bytes.ends_with(b"-shm") || bytes.ends_with(b"-journal");
        if bytes.starts_with(prefix.as_encoded_bytes()) && !is_side {
            remove_with_side_files(&folder.join(file));
        }
    }
}

fn remove_with_side_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for side in ["wal", "shm", "journal"] {
        let _ = std::fs::remove_file(side_file(path, side));
    }
}

/// Makes a rename in `path`'s folder durable. Best effort: not every
/// system lets a folder be opened and synced, and the data is written.
fn sync_folder(path: &Path) {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = File::open(parent).and_then(|dir| dir.sync_all());
    }
}

/// Why the store's lock file was not taken.
pub(super) enum Locking {
    /// Another process held it for all of the wait.
    Busy(PathBuf),
    Failed(StateError),
}

/// Takes the exclusive lock on `<store>.lock`, which guards what SQLite's
/// own locks cannot: creating the store file and moving a damaged one
/// aside. Waits at most [`lock_wait`]; released when the file is dropped.
/// The lock file stays: removing it would let a waiting process lock a
/// file that is no longer there.
pub(super) fn lock(path: &Path) -> Result<File, Locking> {
    let lock_path = sibling(path, "lock");
    let failed = |e: std::io::Error| {
        Locking::Failed(StateError::Write {
            path: path.display().to_string(),
            cause: std::io::Error::new(
                e.kind(),
                format!("cannot lock {}: {e}", lock_path.display()),
            ),
        })
    };
    let file = open_lock(&lock_path).map_err(failed)?;
    let deadline = Instant::now() + lock_wait();
    loop {
        match file.try_lock() {
            Ok(()) => {
                note_contended(false);
                return Ok(file);
            }
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                note_contended(true);
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

fn code(e: &rusqlite::Error) -> Option<ErrorCode> {
    e.sqlite_error_code()
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        code(e),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Whether `e` says the store itself is bad (rather than the disk, the
/// folder or another process): damaged pages, not a database, a schema
/// that is not ours (a missing table), a value of the wrong type.
pub(super) fn damage(e: &rusqlite::Error) -> Option<Unusable> {
    use rusqlite::Error as E;
    let bad = match e {
        E::SqliteFailure(f, _) => matches!(
            f.code,
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase | ErrorCode::Unknown
        ),
        E::FromSqlConversionFailure(..)
        | E::IntegralValueOutOfRange(..)
        | E::InvalidColumnType(..)
        | E::Utf8Error(..) => true,
        _ => false,
    };
    bad.then(|| Unusable::Damaged(e.to_string()))
}

/// A SQLite error as an I/O error, for [`StateError`]'s message.
pub(super) fn sql_io(e: &rusqlite::Error) -> std::io::Error {
    let kind = match code(e) {
        Some(ErrorCode::DiskFull) => std::io::ErrorKind::StorageFull,
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            std::io::ErrorKind::PermissionDenied
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => std::io::ErrorKind::WouldBlock,
        _ => std::io::ErrorKind::Other,
    };
    let extended = match e {
        rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
        _ => 0,
    };
    // SQLite's own words say what failed, not what to look at.
    let hint = match extended {
        _ if code(e) == Some(ErrorCode::CannotOpen) => {
            " (SQLite keeps -wal and -shm files beside the store: is the folder writable?)"
        }
        rusqlite::ffi::SQLITE_IOERR_WRITE
        | rusqlite::ffi::SQLITE_IOERR_FSYNC
        | rusqlite::ffi::SQLITE_IOERR_TRUNCATE => " (writing failed: is the disk full?)",
        _ => "",
    };
    std::io::Error::new(kind, format!("{e}{hint}"))
}

fn to_sql_secs(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}

fn from_sql_secs(secs: i64) -> u64 {
    u64::try_from(secs).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_of_a_path_escapes_what_a_uri_would_read() {
        assert_eq!(
            immutable_uri(Path::new("/tmp/a b/x?y#z%.sqlite")),
            "file:/tmp/a%20b/x%3Fy%23z%25.sqlite?immutable=1"
        );
    }

    #[test]
    fn every_migration_step_leads_to_the_current_schema() {
        let mut conn = Connection::open_in_memory().expect("memory");
        let tx = conn.transaction().expect("tx");
        migrate(&tx, 0).expect("migrated");
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let tables: Vec<String> = tx
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("names");
        assert_eq!(tables, ["feeds", "fetched", "marks", "pruned", "session"]);
    }
}
