//! Changes kept in a file of their own beside the store, when the store
//! cannot take them now: another process held it past the wait, or it
//! cannot be written at all (see [`super::SaveJob::write_pending`]).
//!
//! A pending file is `<store>.pending-<nanoseconds>-<pid>`, JSON; a name of
//! its own needs no lock. Loading applies pending files as if saved; the
//! next save that gets the store merges them, oldest first, in its own
//! transaction, and removes them once that has committed. A file that
//! cannot be understood is left where it is, neither applied nor removed.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::marks::{Change, Entry, SaveJob, Session};
use super::sibling;
use crate::store::fsio::{self, Durability};

/// The version of a pending file's format.
const PENDING_VERSION: u32 = 1;

/// A pending file: a run's changes that could not be saved. A flag is
/// present only if the run changed it.
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

/// Keeps `job` in a new pending file beside `path` (which need not exist
/// or be readable); returns the file's path.
pub(super) fn write(path: &Path, job: &SaveJob) -> std::io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let pending = sibling(path, &format!("pending-{nanos:020}-{}", std::process::id()));
    let json = serde_json::to_vec(&to_file(job)).map_err(std::io::Error::other)?;
    fsio::write_atomic(&pending, &json, Durability::Synced)?;
    Ok(pending)
}

/// The pending files beside `path` that can be understood, oldest first.
pub(super) fn jobs(path: &Path) -> Vec<(PathBuf, SaveJob)> {
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
            // Not one still being written (`.tmp-`), nor one already
            // taken into a migrated store (`.migrated`).
            n.starts_with(prefix)
                && !n.windows(5).any(|w| w == b".tmp-")
                && !n.ends_with(b".migrated")
        })
        .map(|n| folder.join(n))
        .collect();
    // The names hold the time, zero-padded: in name order is oldest first.
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let mut bytes = Vec::new();
            fsio::open_regular(&file)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .ok()?;
            let pending = serde_json::from_slice::<PendingFile>(&bytes).ok()?;
            (pending.pending == PENDING_VERSION).then(|| (file, from_file(pending)))
        })
        .collect()
}

fn to_file(job: &SaveJob) -> PendingFile {
    let changes = job
        .changes()
        .map(|(id, change, ours)| {
            let ours = ours.unwrap_or(Entry::NONE);
            let pending = PendingChange {
                read: change.read_was.map(|_| ours.read),
                starred: change.starred_was.map(|_| ours.starred),
                seen: change.seen,
                folder: change.folder,
                pruned: change.pruned,
            };
            (id.to_owned(), pending)
        })
        .collect();
    PendingFile {
        pending: PENDING_VERSION,
        changes,
        session: job.session.clone(),
    }
}

fn from_file(file: PendingFile) -> SaveJob {
    let mut job = SaveJob {
        session: file.session,
        ..SaveJob::default()
    };
    job.journal.session = job.session.is_some();
    for (id, change) in file.changes {
        let ours = Entry {
            read: change.read.unwrap_or(false),
            starred: change.starred.unwrap_or(false),
            seen: change.seen,
            folder: change.folder,
        };
        // Only whether a flag changed matters to a merge.
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
