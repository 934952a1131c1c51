//! The metadata index's change log, `<index>.delta`: what changed in the
//! folder since the index file (the base) was written, appended record by
//! record, so that adding 10,000 articles to 100,000 writes the 10,000 and
//! not the whole index again (see [`super::index`] for what a record
//! holds, and docs/STORE.md for the design).
//!
//! On disk: a head (a magic string, the index layout's version, the
//! generation of the base the log belongs to, and a CRC-32 of those), then
//! records, each its length and a CRC-32 of its bytes, then the bytes. A
//! log of another generation is ignored (the base was replaced after it was
//! written); a record cut short or failing its checksum ends the log (a
//! writer was killed midway), and the next writer cuts it off before
//! appending. Ignoring any part of the log is always safe: every entry is
//! checked against its file's size and times before it is trusted, so what
//! is lost is only work saved.
//!
//! The log file is also the lock writers take (an exclusive `flock`) before
//! appending or replacing the base; readers take none.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::store::fsio;

const MAGIC: [u8; 8] = *b"gogai-dl";

/// Bytes of the head: magic, version, generation, CRC.
const HEAD: usize = 8 + 4 + 8 + 4;

/// Bytes before each record's own: its length and CRC.
const RECORD_LEAD: usize = 8;

/// How long a writer waits for another to finish (they hold the lock for
/// milliseconds, a compaction for a fraction of a second).
const WAIT: Duration = Duration::from_secs(3);
const RETRY: Duration = Duration::from_millis(10);

/// The log beside the index at `index`.
pub fn path_of(index: &Path) -> PathBuf {
    let mut name = index.as_os_str().to_owned();
    name.push(".delta");
    PathBuf::from(name)
}

/// The head for a log of `version` and `generation`.
fn head(version: u32, generation: u64) -> [u8; HEAD] {
    let mut out = [0; HEAD];
    out[..8].copy_from_slice(&MAGIC);
    out[8..12].copy_from_slice(&version.to_le_bytes());
    out[12..20].copy_from_slice(&generation.to_le_bytes());
    let crc = crc32fast::hash(&out[..20]);
    out[20..].copy_from_slice(&crc.to_le_bytes());
    out
}

/// The records of a log's bytes, in order, and where the last whole one
/// ends; `None` when the head is not that of `version` and `generation`.
fn records(bytes: &[u8], version: u32, generation: u64) -> Option<(Vec<&[u8]>, usize)> {
    if bytes.get(..HEAD)? != head(version, generation) {
        return None;
    }
    let mut found = Vec::new();
    let mut at = HEAD;
    while let Some(lead) = bytes.get(at..at + RECORD_LEAD) {
        let len = u32::from_le_bytes([lead[0], lead[1], lead[2], lead[3]]) as usize;
        let crc = u32::from_le_bytes([lead[4], lead[5], lead[6], lead[7]]);
        let Some(body) = (at + RECORD_LEAD)
            .checked_add(len)
            .and_then(|end| bytes.get(at + RECORD_LEAD..end))
        else {
            break;
        };
        if crc32fast::hash(body) != crc {
            break;
        }
        found.push(body);
        at += RECORD_LEAD + len;
    }
    Some((found, at))
}

/// The whole records of the log at `path` for the base of `generation`,
/// oldest first: none when there is no log, or it is another base's.
pub fn read(path: &Path, version: u32, generation: u64) -> Vec<Vec<u8>> {
    let Ok(mut file) = fsio::open_regular(path) else {
        return Vec::new();
    };
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    records(&bytes, version, generation)
        .map(|(found, _)| found.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default()
}

/// The log, locked: only the holder appends to it or replaces the base.
pub struct Locked {
    file: File,
    path: PathBuf,
}

/// Why the log could not be locked.
fn busy(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::WouldBlock,
        format!(
            "{} is locked by another gogai for over {} s",
            path.display(),
            WAIT.as_secs()
        ),
    )
}

/// Locks the log at `path` (made empty if missing), waiting a few seconds
/// for another writer at most.
pub fn lock(path: &Path) -> std::io::Result<Locked> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let start = Instant::now();
    loop {
        // Never truncated here: another process may hold it. Not blocking
        // on a pipe someone put at the path.
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            // A symbolic link at the path is refused: the lock must be
            // the file the path names, or `is_at` never agrees.
            .custom_flags(
                (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW)
                    .bits()
                    .cast_signed(),
            )
            .open(path)?;
        let kind = file.metadata()?.file_type();
        if !kind.is_file() {
            return Err(fsio::not_regular(kind));
        }
        match file.try_lock() {
            Ok(()) if is_at(&file, path) => {
                return Ok(Locked {
                    file,
                    path: path.to_path_buf(),
                });
            }
            // Held by another writer, or removed by the writer that held
            // it (then the one there now is locked): tried again within
            // the same wait, so a path that never settles cannot keep it
            // spinning.
            Ok(()) | Err(TryLockError::WouldBlock) if start.elapsed() < WAIT => {
                std::thread::sleep(RETRY);
            }
            Ok(()) | Err(TryLockError::WouldBlock) => return Err(busy(path)),
            Err(TryLockError::Error(e)) => return Err(e),
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

impl Locked {
    /// Appends `record` to the log of the base of `generation`, after the
    /// last whole record (a torn tail is cut off first; a log of another
    /// base is started again). Returns the log's size after.
    pub fn append(&mut self, version: u32, generation: u64, record: &[u8]) -> std::io::Result<u64> {
        use std::os::unix::fs::FileExt as _;
        let len = u32::try_from(record.len())
            .map_err(|_| std::io::Error::other("an index change of over 4 GB"))?;
        let size = usize::try_from(self.file.metadata()?.len())
            .map_err(|_| std::io::Error::other("an index change log over the address space"))?;
        let mut bytes = vec![0; size];
        self.file.read_exact_at(&mut bytes, 0)?;
        let end = if let Some((_, end)) = records(&bytes, version, generation) {
            end
        } else {
            self.file.set_len(0)?;
            self.file.write_all_at(&head(version, generation), 0)?;
            HEAD
        };
        if end < bytes.len() {
            self.file.set_len(end as u64)?;
        }
        let mut out = Vec::with_capacity(RECORD_LEAD + record.len());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(record).to_le_bytes());
        out.extend_from_slice(record);
        self.file.write_all_at(&out, end as u64)?;
        Ok((end + out.len()) as u64)
    }

    /// The log's size in bytes.
    pub fn size(&self) -> std::io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }

    /// Removes the log (the base now holds all of it), then lets go of the
    /// lock; a writer waiting on the removed file sees it is gone and
    /// locks the next one.
    pub fn remove(self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A symbolic link at the log's path is refused at once, not locked
    /// through and retried for ever.
    #[test]
    fn a_symbolic_link_at_the_path_is_an_error_not_a_spin() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, b"").unwrap();
        let path = dir.path().join("x.idx.delta");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(lock(&path).is_err());
    }

    #[test]
    fn a_torn_or_damaged_tail_ends_the_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.idx.delta");
        let mut log = lock(&path).unwrap();
        log.append(8, 42, b"first").unwrap();
        let size = log.append(8, 42, b"second").unwrap();
        assert_eq!(
            read(&path, 8, 42),
            vec![b"first".to_vec(), b"second".to_vec()]
        );
        // Another base's log, or another layout's, is ignored.
        assert!(read(&path, 8, 43).is_empty());
        assert!(read(&path, 7, 42).is_empty());

        let bytes = std::fs::read(&path).unwrap();
        // Cut anywhere inside the second record: only the first is left.
        for cut in (size as usize - 6 - RECORD_LEAD)..size as usize {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(read(&path, 8, 42), vec![b"first".to_vec()], "cut at {cut}");
        }
        // A flipped byte in it: the same.
        let mut flipped = bytes.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(read(&path, 8, 42), vec![b"first".to_vec()]);
        // The next append replaces the damaged tail.
        log.append(8, 42, b"third").unwrap();
        assert_eq!(
            read(&path, 8, 42),
            vec![b"first".to_vec(), b"third".to_vec()]
        );
        // An append for another base starts the log again.
        log.append(8, 7, b"new").unwrap();
        assert_eq!(read(&path, 8, 7), vec![b"new".to_vec()]);
        log.remove().unwrap();
        assert!(!path.exists());
    }
}
