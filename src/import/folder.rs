//! The article folder while an import writes to it: one import at a time,
//! and what an interrupted one left behind cleared away.
//!
//! Two imports of different feeds carrying the same items, run at once,
//! would each find the folder without the other's articles and write them
//! all again. So the write phase holds an exclusive lock on a file in the
//! folder, and the folder's articles are read for duplicates only once the
//! lock is held.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::ImportError;
use super::write::is_temp_name;

/// The lock file, in the article folder while an import writes there.
/// Hidden, and not `.json`, so the reader never lists it.
pub const LOCK_FILE: &str = ".gogai-import.lock";

/// How long an import waits for another to finish writing before it gives
/// up and says so. Writing even thousands of articles takes less.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// A temporary file older than this belongs to no live import: one is
/// written and renamed within a moment.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// How often a waiting import tries the lock again.
const RETRY: Duration = Duration::from_millis(20);

/// The folder's import lock, held until dropped (the lock goes with the
/// open file, so a process that dies releases it too). The lock file is
/// removed when the lock is let go, so a folder holds nothing but articles
/// after an import; see [`lock`] for why that is safe.
#[derive(Debug)]
pub struct FolderLock {
    held: Option<(File, PathBuf)>,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked; the file is closed (and the lock let
        // go) after.
        if let Some((_, path)) = &self.held {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Takes the folder's import lock, waiting up to `wait` for another import
/// to release it. Where the file system cannot lock files at all, the
/// import goes on without (as before there was a lock) rather than not at
/// all.
///
/// Because the holder removes the lock file, a waiter may lock a file that
/// is no longer in the folder; it then checks that the name still leads to
/// the file it locked, and tries again if not.
pub fn lock(dir: &Path, wait: Duration) -> Result<FolderLock, ImportError> {
    let path = dir.join(LOCK_FILE);
    let failed = |path: &Path| {
        let path = path.display().to_string();
        move |cause| ImportError::Lock { path, cause }
    };
    let start = Instant::now();
    loop {
        // Never truncated: another process may hold it.
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(failed(&path))?;
        match file.try_lock() {
            Ok(()) if is_at(&file, &path) => {
                return Ok(FolderLock {
                    held: Some((file, path)),
                });
            }
            // Removed by the import that held it: lock the one there now.
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => std::thread::sleep(RETRY),
            Err(TryLockError::WouldBlock) => {
                return Err(ImportError::Busy {
                    path: path.display().to_string(),
                    waited: wait,
                });
            }
            Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                drop(file);
                let _ = std::fs::remove_file(&path);
                return Ok(FolderLock { held: None });
            }
            Err(TryLockError::Error(e)) => return Err(failed(&path)(e)),
        }
    }
}

/// Whether `path` names the open `file`.
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Removes the temporary files of imports that were interrupted (killed, or
/// the machine stopped) before renaming them: those older than
/// [`STALE_AFTER`]. Called under the lock, so no import is writing; the age
/// spares a live writer all the same (one of a gogai without the lock).
/// Returns the names removed.
pub fn remove_stale_temps(dir: &Path, now: SystemTime) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str().filter(|n| is_temp_name(n)) else {
            continue;
        };
        let path: PathBuf = entry.path();
        // Only regular files, never what a link points to.
        let stale = std::fs::symlink_metadata(&path).is_ok_and(|meta| {
            meta.is_file()
                && meta
                    .modified()
                    .ok()
                    .and_then(|at| now.duration_since(at).ok())
                    .is_some_and(|age| age > STALE_AFTER)
        });
        if stale && std::fs::remove_file(&path).is_ok() {
            removed.push(name.to_owned());
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_waited_for_then_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let held = lock(dir.path(), Duration::ZERO).expect("the first lock");
        let started = Instant::now();
        let err = lock(dir.path(), Duration::from_millis(200)).expect_err("held");
        assert!(started.elapsed() >= Duration::from_millis(200));
        let said = err.to_string();
        assert!(said.contains(LOCK_FILE), "{said}");
        drop(held);
        assert!(!dir.path().join(LOCK_FILE).exists(), "removed when let go");
        lock(dir.path(), Duration::ZERO).expect("released with its holder");
    }

    #[test]
    fn only_old_temporary_files_are_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [".a-1.12.0.tmp", ".b.13.1.tmp", "c.json", ".notes.tmp"] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        let now = SystemTime::now();
        assert!(remove_stale_temps(dir.path(), now).is_empty(), "all fresh");
        let later = now + STALE_AFTER + Duration::from_secs(5);
        assert_eq!(
            remove_stale_temps(dir.path(), later),
            [".a-1.12.0.tmp", ".b.13.1.tmp"]
        );
        assert!(dir.path().join("c.json").exists());
        assert!(dir.path().join(".notes.tmp").exists(), "not gogai's");
    }
}
