//! The JSON state files of gogai before the store, and exports: read, and
//! taken into a new store once.
//!
//! - version 1: `{"version":1,"read":["<id>", …]}`
//! - version 2: `{"version":2,"articles":{"<id>":{"read":true,"seen":…,"folder":…}},"session":{…}}`
//! - an export (`gogai --export`): version 2 with `"feeds":[…]`
//!
//! A migration copies the file and its pending files into a new store in
//! one transaction, then renames them to `<name>.migrated`: never deleted.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::Transaction;
use serde::Deserialize;

use super::db::{self, FeedState};
use super::marks::{Entry, SaveJob, Session, Stored};
use super::{StateError, sibling};
use crate::store::fsio;

/// The name of the state file of gogai before the store.
pub(super) const FILE_NAME: &str = "state.json";

/// The newest JSON version this build reads.
const VERSION: u32 = 2;

/// What a JSON state file holds.
pub(super) struct Legacy {
    pub(super) stored: Stored,
    pub(super) feeds: Vec<FeedState>,
}

/// Why a JSON state file cannot be used.
#[derive(Debug)]
pub(super) enum Unreadable {
    Newer(u32),
    Corrupt(serde_json::Error),
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
    /// Present in exports.
    #[serde(default)]
    feeds: Vec<FeedState>,
}

/// Whether `bytes` look like a JSON object (what a state file is), rather
/// than some other file.
pub(super) fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// Understands a JSON state file; version 1 ids count as seen `now`.
pub(super) fn parse(bytes: &[u8], now: u64) -> Result<Legacy, Unreadable> {
    let version = serde_json::from_slice::<VersionOnly>(bytes)
        .map_err(Unreadable::Corrupt)?
        .version;
    match version {
        0 | 1 => {
            let file = serde_json::from_slice::<FileV1>(bytes).map_err(Unreadable::Corrupt)?;
            let read = Entry {
                read: true,
                starred: false,
                seen: now,
                folder: None,
            };
            Ok(Legacy {
                stored: Stored {
                    articles: file.read.into_iter().map(|id| (id, read)).collect(),
                    session: Session::default(),
                },
                feeds: Vec::new(),
            })
        }
        VERSION => {
            let file = serde_json::from_slice::<FileV2>(bytes).map_err(Unreadable::Corrupt)?;
            Ok(Legacy {
                stored: Stored {
                    articles: file.articles,
                    session: file.session,
                },
                feeds: file.feeds,
            })
        }
        newer => Err(Unreadable::Newer(newer)),
    }
}

/// `state.json` beside the store at `store`, if a file is there (a folder
/// or a pipe of that name is none of gogai's).
pub(super) fn beside(store: &Path) -> Option<PathBuf> {
    let legacy = store.with_file_name(FILE_NAME);
    (legacy != store && legacy.is_file()).then_some(legacy)
}

/// Reads the legacy file at `path`.
pub(super) fn read(path: &Path, now: u64) -> Result<Result<Legacy, Unreadable>, StateError> {
    let mut bytes = Vec::new();
    fsio::open_regular(path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(|cause| StateError::Read {
            path: path.display().to_string(),
            cause,
        })?;
    Ok(parse(&bytes, now))
}

/// One line of the older gogai's backup of pruned marks,
/// `<name>.pruned`.
#[derive(Deserialize)]
struct PrunedLine {
    id: String,
    #[serde(flatten)]
    entry: Entry,
    pruned: u64,
}

/// The older gogai's backup of pruned marks beside `path`, `<name>.pruned`
/// (one JSON object a line): `(id, marks, when pruned)`. Lines that cannot
/// be read are left out; the file itself is kept.
pub(super) fn pruned(path: &Path) -> Vec<(String, Entry, u64)> {
    let mut text = String::new();
    if fsio::open_regular(&sibling(path, "pruned"))
        .and_then(|mut file| file.read_to_string(&mut text))
        .is_err()
    {
        return Vec::new();
    }
    text.lines()
        .filter_map(|line| serde_json::from_str::<PrunedLine>(line).ok())
        .map(|line| (line.id, line.entry, line.pruned))
        .collect()
}

/// Fills a new store with what a legacy file holds, its backup of pruned
/// marks, then its pending files, oldest first, as the older gogai's next
/// save would have.
pub(super) fn import(
    tx: &Transaction<'_>,
    legacy: &Legacy,
    pruned: &[(String, Entry, u64)],
    pending: &[(PathBuf, SaveJob)],
) -> rusqlite::Result<()> {
    db::write_whole(tx, &legacy.stored)?;
    db::put_feeds(tx, &legacy.feeds)?;
    db::put_pruned(tx, pruned)?;
    for (_, job) in pending {
        db::apply_job(tx, job)?;
    }
    Ok(())
}

/// `<name>.migrated` beside `path`, or `<name>.migrated-N` when taken.
pub(super) fn migrated_name(path: &Path) -> PathBuf {
    let mut name = sibling(path, "migrated");
    let mut n = 1;
    while name.exists() {
        name = sibling(path, &format!("migrated-{n}"));
        n += 1;
    }
    name
}
