//! Replacing a file so that readers see the old one or the new one, never
//! a mix, and a crash never leaves half a file; and opening a file of our
//! own without ever blocking on what someone put at its path.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

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
/// from two threads at once (a pending file's name is its own, the index
/// is written by the loading thread only).
///
/// A symbolic link at `path` stays a link: what it points to is replaced
/// (the temporary file goes beside the target, so the rename stays within
/// one folder and one file system).
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    let path = &resolve_links(path);
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

/// How many links [`resolve_links`] follows before giving up (Linux's own
/// limit).
const MAX_LINKS: usize = 40;

/// `path` with symbolic links in its last component followed, to the file
/// they finally name, which need not exist yet (a dangling link names the
/// file to create). A loop, or a link that cannot be read, leaves `path`
/// as it is: writing there then replaces the link rather than looping.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let is_link = std::fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return current;
        }
        let Ok(target) = std::fs::read_link(&current) else {
            return path.to_path_buf();
        };
        current = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    path.to_path_buf()
}

/// Opens `path` for reading only if it is a regular file (symbolic links
/// followed), and without blocking: a named pipe put where a file of ours
/// should be would otherwise block the open until something writes to it.
/// A folder is [`std::io::ErrorKind::IsADirectory`]; a pipe, socket or
/// device [`std::io::ErrorKind::InvalidInput`], saying which.
#[cfg(unix)]
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed())
        .open(path)?;
    // Check what was opened, not what the path named a moment before.
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        // Reads of a regular file never block; the flag is left as it is.
        return Ok(file);
    }
    Err(not_regular(kind))
}

#[cfg(not(unix))]
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let file = File::open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    Err(not_regular(kind))
}

/// Why a file that is not a regular file is refused.
pub fn not_regular(kind: std::fs::FileType) -> std::io::Error {
    if kind.is_dir() {
        return std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder, not a file");
    }
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("is {}, not a regular file", kind_name(kind)),
    )
}

#[cfg(unix)]
fn kind_name(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn kind_name(_: std::fs::FileType) -> &'static str {
    "not a file"
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

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .expect("mkfifo");
        let err = open_regular(&fifo).expect_err("a pipe is refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(err.to_string(), "is a named pipe, not a regular file");
        let err = open_regular(dir.path()).expect_err("a folder is refused");
        assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
    }

    #[cfg(unix)]
    #[test]
    fn a_write_through_a_link_updates_its_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).expect("mkdir");
        let link = dir.path().join("f.json");
        // A relative link, resolved against the link's folder; dangling at
        // first: the write creates its target.
        std::os::unix::fs::symlink("elsewhere/target.json", &link).expect("symlink");
        write_atomic(&link, b"new", Durability::Synced).expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("stat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read(elsewhere.join("target.json")).expect("read"),
            b"new"
        );
        // A loop is written over rather than followed forever.
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("a", &a).expect("symlink");
        assert_eq!(resolve_links(&a), a);
    }
}
