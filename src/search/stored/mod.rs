//! The stored search index: the words, names and tags of every article of
//! a folder, in a SQLite database (FTS5) in the cache folder, so the first
//! search after a start is as quick as the hundredth.
//!
//! It is derived from the article files and nothing else: missing,
//! damaged, written by another gogai or for another folder, it is rebuilt
//! (a damaged one with a notice; a file at its path that is not ours is
//! set aside, never deleted). [`Indexer`] keeps it up to date with the
//! folder, one file at a time as files change, and answers queries
//! between its steps; `docs/STORE.md` has the schema and why.

mod ask;
mod pack;
mod short;
mod sync;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use sync::{Indexer, Progress};

/// `PRAGMA application_id` of a gogai search index ("ggsx").
const APP_ID: i32 = 0x6767_7378;

/// `PRAGMA user_version`: bumped whenever the tables or the tokens change,
/// so an older index is rebuilt.
const SCHEMA: i32 = 2;

/// Which gogai wrote an index: another may fold text or find names
/// differently, so its index is rebuilt.
const PROGRAM: &str = concat!("gogai ", env!("CARGO_PKG_VERSION"));

/// How long a write waits for another gogai indexing the same folder.
const BUSY_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> Self + '_ {
        move |source| Self::Sqlite {
            path: path.display().to_string(),
            source,
        }
    }

    /// What went wrong, without the path (for a message that names it
    /// already).
    pub fn cause(&self) -> String {
        match self {
            Self::Sqlite { source, .. } => source.to_string(),
            Self::Io { source, .. } => source.to_string(),
        }
    }

    /// Whether the database file itself is damaged (not a full disk, a
    /// lock or a permission).
    pub fn is_damage(&self) -> bool {
        match self {
            Self::Sqlite { source, .. } => is_damage(source),
            Self::Io { .. } => false,
        }
    }
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Where the search index of `folder` lives: beside its metadata index.
pub fn default_path(folder: &Path) -> Option<PathBuf> {
    crate::store::index::default_path(folder).map(|p| p.with_extension("search.sqlite"))
}

/// An open search index.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What opening found, for the user.
#[derive(Debug, Default)]
pub struct Opened {
    /// Set when the index had to be rebuilt or moved for a reason the user
    /// should hear about (damage, a foreign file).
    pub notice: Option<String>,
}

impl Store {
    /// Opens (creating if need be) the index of the folder shown as
    /// `folder` at `path`. One that is damaged, foreign, of another schema,
    /// gogai or folder is replaced by an empty one.
    pub fn open(path: &Path, folder: &str) -> Result<(Self, Opened), StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let mut opened = Opened::default();
        match Self::try_open(path, folder) {
            Ok(Some(store)) => return Ok((store, opened)),
            // Ours, but of another version or folder: rebuilt quietly.
            Ok(None) => remove(path)?,
            Err(Reject::Foreign(what)) => {
                let aside = set_aside(path)?;
                opened.notice = Some(format!(
                    "{}: {what}; moved to {} and a new search index started",
                    path.display(),
                    aside.display()
                ));
            }
            Err(Reject::Failed(e)) if e.is_damage() => {
                // A cache: nothing in it is lost that the articles cannot
                // give again.
                remove(path)?;
                opened.notice = Some(format!(
                    "{}: the search index was damaged ({}); rebuilding it",
                    path.display(),
                    e.cause()
                ));
            }
            Err(Reject::Failed(e)) => return Err(e),
        }
        match Self::try_open(path, folder) {
            Ok(Some(store)) => Ok((store, opened)),
            Ok(None) | Err(Reject::Foreign(_)) => Err(StoreError::Io {
                path: path.display().to_string(),
                source: std::io::Error::other("a new search index could not be made here"),
            }),
            Err(Reject::Failed(e)) => Err(e),
        }
    }

    /// The index at `path` if it is usable as it is (made now if the file
    /// is new); `None` if it is ours but stale.
    fn try_open(path: &Path, folder: &str) -> Result<Option<Self>, Reject> {
        let err = StoreError::sqlite(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(&err)?;
        conn.busy_timeout(BUSY_WAIT).map_err(&err)?;
        // In one statement, so one snapshot: another gogai may be making
        // the tables at this moment.
        let head = conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()),
                    (SELECT user_version FROM pragma_user_version()),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| {
                Ok((
                    r.get::<_, i32>(0)?,
                    r.get::<_, i32>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        );
        let (app, version, tables) = match head {
            Ok(head) => head,
            // Something that is not SQLite at all is no damaged index of
            // ours: whoever put it there may want it.
            Err(e) if is_damage(&e) && !has_sqlite_header(path) => {
                return Err(Reject::Foreign("not a SQLite database".to_owned()));
            }
            Err(e) => return Err(err(e).into()),
        };
        if app != APP_ID && (app != 0 || tables > 0) {
            return Err(Reject::Foreign(if app == 0 {
                "not a gogai search index".to_owned()
            } else {
                format!("a database of another program (application id {app:#x})")
            }));
        }
        // WAL: a reader never waits for the indexer, and a kill leaves the
        // last committed state. NORMAL: a power cut may lose the last
        // commits of a cache, which the next start simply redoes.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(&err)?;
        // 32 MB of pages (the default is 2 MB): a build otherwise reads the
        // same FTS5 pages back again and again while merging.
        conn.pragma_update(None, "cache_size", -32_768)
            .map_err(&err)?;
        let store = Self {
            conn,
            path: path.to_path_buf(),
        };
        if tables == 0 {
            store.create(folder).map_err(&err)?;
            return Ok(Some(store));
        }
        if version != SCHEMA {
            return Ok(None);
        }
        let same = |key: &str, want: &str| -> Result<bool, rusqlite::Error> {
            let have: Option<String> = store
                .conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            Ok(have.as_deref() == Some(want))
        };
        if !same("program", PROGRAM).map_err(&err)? || !same("folder", folder).map_err(&err)? {
            return Ok(None);
        }
        Ok(Some(store))
    }

    /// Makes the tables. Another gogai may be making them at the same
    /// moment (two readers started on a new folder): whichever comes
    /// second finds them made.
    fn create(&self, folder: &str) -> rusqlite::Result<()> {
        let tokenize = crate::search::tokens::TOKENIZE;
        // `prefix='1'`: one-letter prefixes are indexed apart, for the last
        // token of a phrase being typed (`"brad s`); a term of one token
        // is answered from `short` and `words` instead (docs/STORE.md).
        self.conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;
             PRAGMA application_id = {APP_ID};
             PRAGMA user_version = {SCHEMA};
             CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS files(
                 name TEXT PRIMARY KEY,
                 size INTEGER, modified INTEGER, changed INTEGER, inode INTEGER,
                 parsed INTEGER NOT NULL
             ) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS docs(
                 doc INTEGER PRIMARY KEY AUTOINCREMENT,
                 file TEXT NOT NULL,
                 id TEXT NOT NULL,
                 named INTEGER NOT NULL DEFAULT 0,
                 quote INTEGER NOT NULL DEFAULT 0,
                 figure INTEGER NOT NULL DEFAULT 0
             );
             CREATE INDEX IF NOT EXISTS docs_by_file ON docs(file);
             CREATE INDEX IF NOT EXISTS docs_unnamed ON docs(doc) WHERE named = 0;
             CREATE TABLE IF NOT EXISTS tags(tag TEXT NOT NULL, doc INTEGER NOT NULL,
                               PRIMARY KEY(tag, doc)) WITHOUT ROWID;
             CREATE INDEX IF NOT EXISTS tags_by_doc ON tags(doc);
             CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(
                 body, content='', contentless_delete=1, tokenize='{tokenize}',
                 prefix='1');
             CREATE TABLE IF NOT EXISTS short(key TEXT NOT NULL, first INTEGER NOT NULL,
                               bits BLOB NOT NULL, PRIMARY KEY(key, first)) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS words(word TEXT NOT NULL, first INTEGER NOT NULL,
                               bits BLOB NOT NULL, PRIMARY KEY(word, first)) WITHOUT ROWID;
             CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(
                 people, orgs, places, content='', contentless_delete=1, tokenize='{tokenize}');"
        ))?;
        // In the same transaction: an index with tables and no `meta` would
        // look stale to another gogai, which would delete it.
        let made = self.conn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('program', ?1), ('folder', ?2)",
            [PROGRAM, folder],
        );
        match made {
            Ok(_) => self.conn.execute_batch("COMMIT"),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Starts a write: `IMMEDIATE`, so that waiting for another gogai's
    /// write goes through the busy timeout (a deferred transaction that
    /// turns into a write fails at once instead).
    fn write(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
    }

    /// Turns a SQLite error into one naming this index (the path is
    /// copied, so the store stays free to borrow).
    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + use<> {
        let path = self.path.display().to_string();
        move |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        }
    }
}

/// Whether the file starts as every SQLite database does.
fn has_sqlite_header(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Why an existing file was not used as it is.
enum Reject {
    /// Not a gogai search index: never deleted.
    Foreign(String),
    Failed(StoreError),
}

impl From<StoreError> for Reject {
    fn from(e: StoreError) -> Self {
        Self::Failed(e)
    }
}

/// The database and its journal files.
fn with_journals(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

fn remove(path: &Path) -> Result<(), StoreError> {
    for file in with_journals(path) {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: file.display().to_string(),
                    source,
                });
            }
        }
    }
    Ok(())
}

/// Renames a file that is not ours (and its journals) to
/// `<name>.foreign-<unix seconds>`; returns the new name.
fn set_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let suffix = format!(".foreign-{secs}");
    let mut first = None;
    for file in with_journals(path) {
        let mut name = file.as_os_str().to_os_string();
        name.push(&suffix);
        let to = PathBuf::from(name);
        match std::fs::rename(&file, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: file.display().to_string(),
                    source,
                });
            }
        }
        first.get_or_insert(to);
    }
    Ok(first.unwrap_or_else(|| path.to_path_buf()))
}
