//! Reading one article file, and why a folder or a file could not be read.
//! This is the bottom of the store: everything that opens an article file
//! goes through [`read_article_file`], so the checks (a regular file, within
//! [`MAX_ARTICLE_FILE`]) are made in one place.

use std::path::Path;

use crate::article;

/// Why the article folder itself could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    // `cause`, not `source`: the message already says it, and a chained
    // source would be printed a second time by `{:#}`.
    #[error("{path}: cannot read the article folder: {cause}")]
    ReadDir { path: String, cause: std::io::Error },
    #[error("{path}: no such folder")]
    Missing { path: String },
    #[error("{path}: not a folder")]
    NotADir { path: String },
}

/// The largest article file gogai reads. Articles are text, a few
/// kilobytes each; a file much bigger than this is a mistake (a log, a
/// database dump, a sparse file), and reading it whole would stall loading
/// and could exhaust memory.
pub const MAX_ARTICLE_FILE: u64 = 16 * 1024 * 1024;

/// Why one entry of the folder could not be read. The message follows the
/// entry's path in a `file:line:column: error:` line, so it does not repeat
/// the path.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(
        "file is {}; articles are limited to {}",
        human_size(*.size),
        human_size(MAX_ARTICLE_FILE)
    )]
    TooLarge { size: u64 },
    /// The file was small enough when looked at, but not when read.
    #[error(
        "file grew past the limit while it was read; articles are limited to {}",
        human_size(MAX_ARTICLE_FILE)
    )]
    GrewTooLarge,
    #[error("is a folder, not a file")]
    Folder,
    /// A pipe, socket or device: opening a pipe would block until something
    /// writes to it, and a device may never end.
    #[error("not a regular file ({kind}); only regular files are read")]
    NotRegular { kind: &'static str },
    /// A dangling symbolic link, or a loop of them.
    #[error("cannot follow the symbolic link to {target}: {cause}")]
    BrokenLink {
        target: String,
        cause: std::io::Error,
    },
    /// Listed with the folder, gone when its turn came.
    #[error("was removed before it could be read")]
    Vanished,
    // `cause`, not `source`: see `LibraryError`.
    #[error("cannot read: {cause}")]
    Io { cause: std::io::Error },
}

/// Reads one article file, refusing anything that is not a regular file of
/// at most [`MAX_ARTICLE_FILE`] bytes without reading it.
pub fn read_article_file(path: &Path) -> Result<Vec<u8>, FileError> {
    // `metadata` follows symbolic links: the kind and size are the target's.
    let before = std::fs::metadata(path).map_err(|cause| open_error(path, cause))?;
    check_file(&before)?;
    let file = std::fs::File::open(path).map_err(|cause| open_error(path, cause))?;
    // The path may have been replaced since we looked; what counts is what
    // was opened.
    let opened = file.metadata().map_err(|cause| FileError::Io { cause })?;
    check_file(&opened)?;
    read_capped(file, opened.len(), MAX_ARTICLE_FILE)
}

/// Reads at most `cap` bytes; more is an error. `take` bounds the read even
/// if the file grew after its size was checked.
fn read_capped(reader: impl std::io::Read, size: u64, cap: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(size.min(cap) as usize);
    reader
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|cause| FileError::Io { cause })?;
    if bytes.len() as u64 > cap {
        return Err(FileError::GrewTooLarge);
    }
    Ok(bytes)
}

/// A regular file within the size limit.
fn check_file(meta: &std::fs::Metadata) -> Result<(), FileError> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(FileError::Folder);
    }
    if !kind.is_file() {
        return Err(FileError::NotRegular {
            kind: kind_name(kind),
        });
    }
    if meta.len() > MAX_ARTICLE_FILE {
        return Err(FileError::TooLarge { size: meta.len() });
    }
    Ok(())
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
        "an unknown kind"
    }
}

#[cfg(not(unix))]
fn kind_name(_: std::fs::FileType) -> &'static str {
    "an unknown kind"
}

/// Says why `path` could not be looked at or opened, naming a symbolic link
/// that leads nowhere (or in a circle) as such.
fn open_error(path: &Path, cause: std::io::Error) -> FileError {
    // A link to a file we may not read is a permission problem, not a
    // broken link.
    if let Ok(target) = std::fs::read_link(path)
        && cause.kind() != std::io::ErrorKind::PermissionDenied
    {
        return FileError::BrokenLink {
            target: article::escape_controls(&target.display().to_string()).into_owned(),
            cause,
        };
    }
    if cause.kind() == std::io::ErrorKind::NotFound {
        return FileError::Vanished;
    }
    FileError::Io { cause }
}

/// `1.0 GB`, `16 MB`, `512 bytes`: binary units, one decimal below ten,
/// rounded up so a file over the limit never shows as equal to it.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut unit = 0;
    let mut scale: u64 = 1024;
    while unit + 1 < UNITS.len() && bytes >= scale * 1024 {
        scale *= 1024;
        unit += 1;
    }
    let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(scale));
    if tenths < 100 {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    } else {
        format!(
            "{} {}",
            u128::from(bytes).div_ceil(u128::from(scale)),
            UNITS[unit]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_ls_and_round_up() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(MAX_ARTICLE_FILE), "16 MB");
        assert_eq!(human_size(MAX_ARTICLE_FILE + 1), "17 MB");
        assert_eq!(human_size(1 << 30), "1.0 GB");
        assert_eq!(human_size((1 << 30) + 1), "1.1 GB");
        assert_eq!(human_size(u64::MAX), "16384 PB");
    }

    #[test]
    fn a_file_that_grows_past_the_cap_while_read_is_refused() {
        // Its size said 3 bytes; 10 came.
        let err = read_capped(&b"0123456789"[..], 3, 4).expect_err("over the cap");
        assert!(matches!(err, FileError::GrewTooLarge), "{err:?}");
        assert_eq!(
            err.to_string(),
            "file grew past the limit while it was read; articles are limited to 16 MB"
        );
        assert_eq!(
            read_capped(&b"0123"[..], 4, 4).expect("at the cap"),
            b"0123"
        );
    }
}
