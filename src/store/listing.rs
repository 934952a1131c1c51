//! An article folder's `*.json` names, sorted, and what each file is (its
//! size and modification time). With 100,000 files this is most of a warm
//! start, so the names go into one buffer (not one allocation each) and
//! every file is looked at relative to the open folder, on every core.

use std::ffi::OsStr;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

use crate::store::file::LibraryError;

/// What the metadata index compares to tell a file unchanged: its size,
/// modification time, change time and inode. The modification time can be
/// put back (`touch -r`) after a same-size edit; the change time cannot be
/// set at all, and a file replaced by a rename has another inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since 1970 (good until 2262).
    pub modified: i64,
    /// When the inode last changed (`st_ctime`), nanoseconds since 1970.
    pub changed: i64,
    pub inode: u64,
}

pub struct Listing {
    dir: PathBuf,
    fd: OwnedFd,
    bytes: Vec<u8>,
    /// Where each name is in `bytes`, in name order.
    names: Vec<(u32, u32)>,
}

impl Listing {
    /// Lists `dir`. Folders and other non-files named `*.json` are kept:
    /// they are reported later rather than silently left out, since the
    /// user probably meant them to be articles.
    pub fn read(dir: &Path) -> Result<Self, LibraryError> {
        let shown = || dir.display().to_string();
        let fd = rustix::fs::open(
            dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|errno| match errno {
            rustix::io::Errno::NOENT => LibraryError::Missing { path: shown() },
            rustix::io::Errno::NOTDIR => LibraryError::NotADir { path: shown() },
            other => LibraryError::ReadDir {
                path: shown(),
                cause: other.into(),
            },
        })?;
        let entries = rustix::fs::Dir::read_from(&fd).map_err(|errno| LibraryError::ReadDir {
            path: shown(),
            cause: errno.into(),
        })?;
        let mut bytes = Vec::new();
        let mut names = Vec::new();
        // An entry that cannot be read is left out, as `ls` would.
        for entry in entries.flatten() {
            let name = entry.file_name().to_bytes();
            if Path::new(OsStr::from_bytes(name))
                .extension()
                .is_none_or(|e| e != "json")
            {
                continue;
            }
            let (Ok(start), Ok(len)) = (u32::try_from(bytes.len()), u32::try_from(name.len()))
            else {
                break;
            };
            bytes.extend_from_slice(name);
            names.push((start, len));
        }
        let name = |&(start, len): &(u32, u32)| &bytes[start as usize..(start + len) as usize];
        names.sort_unstable_by(|a, b| name(a).cmp(name(b)));
        Ok(Self {
            dir: dir.to_path_buf(),
            fd,
            bytes,
            names,
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The `i`th name, in name order.
    pub fn name(&self, i: usize) -> &OsStr {
        let (start, len) = self.names[i];
        OsStr::from_bytes(&self.bytes[start as usize..(start + len) as usize])
    }

    pub fn path(&self, i: usize) -> PathBuf {
        self.dir.join(self.name(i))
    }

    /// Each file's [`Stamp`]; `None` when it is not a
    /// regular file or cannot be looked at. A symbolic link is judged by
    /// what it points to.
    pub fn stamps(&self) -> Vec<Option<Stamp>> {
        // `st_mtime`'s type differs between platforms.
        #[allow(clippy::useless_conversion)]
        let stamp = |i: usize| {
            let stat = rustix::fs::statat(&self.fd, self.name(i), AtFlags::empty()).ok()?;
            if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
                return None;
            }
            let nanos = |secs, nsec| -> Option<i64> {
                Some(
                    i64::try_from(secs)
                        .ok()?
                        .saturating_mul(1_000_000_000)
                        .saturating_add(i64::try_from(nsec).ok()?),
                )
            };
            Some(Stamp {
                size: u64::try_from(stat.st_size).ok()?,
                modified: nanos(stat.st_mtime, stat.st_mtime_nsec)?,
                changed: nanos(stat.st_ctime, stat.st_ctime_nsec)?,
                inode: u64::try_from(stat.st_ino).ok()?,
            })
        };
        let all: Vec<usize> = (0..self.len()).collect();
        crate::par::map(&all, |&i| stamp(i))
    }
}

/// A folder listed and every file looked at, once: the folder check makes
/// one and hands it on, so the search index plans from the same look
/// rather than listing and stat'ing 100,000 files a second time.
pub struct Scan {
    pub listing: Listing,
    pub stamps: Vec<Option<Stamp>>,
}

impl std::fmt::Debug for Scan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("dir", &self.listing.dir)
            .field("files", &self.listing.len())
            .finish_non_exhaustive()
    }
}

impl Scan {
    pub fn read(dir: &Path) -> Result<Self, LibraryError> {
        let listing = Listing::read(dir)?;
        let stamps = listing.stamps();
        Ok(Self { listing, stamps })
    }

    /// The folder it lists.
    pub fn dir(&self) -> &Path {
        &self.listing.dir
    }

    /// A hash of every name and stamp: two scans with the same print saw
    /// the same files, unchanged (a folder watched by polling compares
    /// these).
    pub fn print(&self) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::hash::DefaultHasher::new();
        self.listing.len().hash(&mut hasher);
        for (i, stamp) in self.stamps.iter().enumerate() {
            self.listing.name(i).hash(&mut hasher);
            match stamp {
                Some(s) => (s.size, s.modified, s.changed, s.inode).hash(&mut hasher),
                None => 0u8.hash(&mut hasher),
            }
        }
        hasher.finish()
    }
}
