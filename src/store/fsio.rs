//! Replacing a file so that readers see the old one or the new one, never
//! a mix, and a crash never leaves half a file.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;

/// How hard [`write_atomic`] works to make the new file survive a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flushed to disk, and the rename too: for what cannot be rebuilt.
    Synced,
    /// Left to the system to flush: for a cache, where losing the new file
    /// in a crash costs only time, and a sync would cost time every write.
    Cache,
}

/// Writes `bytes` to `<name>.tmp-<pid>` beside `path` and renames it over
/// `path`. The temporary file is removed if anything fails. Two processes
/// never share a temporary name; one process must not write the same path
/// from two threads at once (the state file is written under a lock, the
/// index by the loading thread only).
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(name);
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        if durability == Durability::Synced {
            file.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    // Make the rename itself durable. Best effort: not every system lets a
    // folder be opened and synced, and the data is already written.
    if durability == Durability::Synced
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        let _ = File::open(parent).and_then(|dir| dir.sync_all());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f.json");
        for (bytes, durability) in [
            (&b"first"[..], Durability::Synced),
            (b"2", Durability::Cache),
        ] {
            write_atomic(&path, bytes, durability).expect("written");
            assert_eq!(std::fs::read(&path).expect("read"), bytes);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["f.json"]);
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A folder where the file should go: the rename fails.
        let path = dir.path().join("taken");
        std::fs::create_dir_all(path.join("inside")).expect("folder");
        assert!(write_atomic(&path, b"x", Durability::Synced).is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["taken"]);
    }
}
