//! The metadata index: what the list needs of every article file (titles,
//! dates, sources, tags, and the problems found), kept on disk so the next
//! start reads one file instead of every article. Bodies are not in it: they
//! are read when an article is opened.
//!
//! An entry is used only while its file has the same size and modification
//! time, and only if that time was well before the entry was made (a file
//! changed twice within one clock tick would otherwise look unchanged). An
//! index that cannot be read, is from another version or another folder is
//! ignored and rebuilt. It is a cache: losing it costs one slow start.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::article::Problem;
use crate::catalog::{Catalog, Folder};

/// Bumped whenever the layout below changes: an older index is rebuilt.
const VERSION: u32 = 3;

/// Which gogai wrote an index.
const PROGRAM: &str = concat!("gogai ", env!("CARGO_PKG_VERSION"));

/// How long after its last change a file's entry starts to be trusted.
const SETTLE: Duration = Duration::from_secs(2);

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Index {
    version: u32,
    /// The gogai that wrote it: another one may clean or parse text
    /// differently, so its entries are not trusted.
    program: String,
    /// The folder it describes, as given (a different folder hashing to the
    /// same name is caught here).
    folder: String,
    /// One per file of `catalog`, in the same order.
    stamps: Vec<Stamped>,
    /// The articles, file by file. Files whose entries can be trusted are
    /// sorted by name, as the folder listing is: the two are walked side by
    /// side, with no hashing.
    catalog: Catalog,
}

/// When one file was seen, and what was wrong in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stamped {
    /// `None` for a file never to be trusted (not a regular file, or a name
    /// that is not UTF-8): it is in the catalog only for its articles.
    stamp: Option<Stamp>,
    /// When the file was parsed, nanoseconds since 1970.
    parsed: i128,
    /// How many articles of the catalog are this file's.
    articles: u32,
    problems: Vec<Problem>,
}

/// What a load did with the index, for `GOGAI_INDEX_STATS`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub reused: usize,
    pub parsed: usize,
    pub dropped: usize,
    /// Time since the start at the end of each phase: listing the folder,
    /// reading the index, checking the files, matching them to entries,
    /// parsing and saving, putting the list together.
    pub timings: [Duration; 6],
}

/// A file's size and modification time, as an entry compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since 1970.
    pub modified: i128,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Option<Self> {
        Some(Self {
            size: meta.len(),
            modified: nanos(meta.modified().ok()?),
        })
    }
}

fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

/// What the index knew of one listed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Still right: file `n` of the index.
    Fresh(usize),
    /// Changed, new, or not a regular file: read it.
    Stale,
}

/// One listed file, for [`Index::update`].
pub struct Listed<'a> {
    /// The name; `None` when it is not UTF-8 (such a file is always read).
    pub name: Option<&'a str>,
    pub stamp: Option<Stamp>,
}

/// A file read this run, for [`Index::update`].
pub struct Read<'a> {
    pub name: &'a std::ffi::OsStr,
    pub stamp: Option<Stamp>,
    pub articles: &'a [crate::article::Article],
    pub problems: &'a [Problem],
}

impl Index {
    /// Reads the index for `folder` from `path`. Anything unusable (no
    /// file, a truncated or foreign one, one out of order or pointing
    /// outside itself) is an empty index.
    pub fn load(path: &Path, folder: &Path) -> Self {
        let shown = folder.display().to_string();
        let empty = || Self {
            version: VERSION,
            program: PROGRAM.to_owned(),
            folder: shown.clone(),
            stamps: Vec::new(),
            catalog: Catalog::default(),
        };
        let Ok(bytes) = std::fs::read(path) else {
            return empty();
        };
        let Ok(mut index) = postcard::from_bytes::<Self>(&bytes) else {
            return empty();
        };
        drop(bytes);
        index.catalog.set_folder(Folder::Path(folder.to_path_buf()));
        if index.version == VERSION
            && index.program == PROGRAM
            && index.folder == shown
            && index.is_consistent()
        {
            index
        } else {
            empty()
        }
    }

    /// The catalog sound, one stamp per file, the articles file by file in
    /// the counts the stamps give, and the trusted names in order.
    fn is_consistent(&self) -> bool {
        let catalog = &self.catalog;
        if catalog.validate().is_err() || self.stamps.len() != catalog.file_count() {
            return false;
        }
        let mut next = 0usize;
        for (f, stamped) in self.stamps.iter().enumerate() {
            for i in next..next + stamped.articles as usize {
                if i >= catalog.len() || catalog.file_of(i) != f {
                    return false;
                }
            }
            next += stamped.articles as usize;
        }
        let mut trusted = self
            .stamps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stamp.is_some())
            .map(|(f, _)| catalog.file_name(f));
        let mut previous = trusted.next();
        for name in trusted {
            if previous.is_some_and(|p| p >= name) {
                return false;
            }
            previous = Some(name);
        }
        next == catalog.len()
    }

    /// Walks the sorted folder listing beside the sorted entries: for each
    /// file, whether the index still knows it. Returns that and the number
    /// of entries for files that are gone.
    pub fn match_files(&self, files: &[Listed<'_>]) -> (Vec<Known>, usize) {
        let mut entries = self
            .stamps
            .iter()
            .enumerate()
            .filter_map(|(f, s)| Some((f, s.stamp?, s.parsed)))
            .peekable();
        let mut dropped = 0;
        let mut known = Vec::with_capacity(files.len());
        let name_of = |f: usize| self.catalog.file_name(f);
        for file in files {
            let Some(name) = file.name else {
                known.push(Known::Stale);
                continue;
            };
            while entries.next_if(|&(f, ..)| name_of(f) < name).is_some() {
                dropped += 1;
            }
            let Some((f, stamp, parsed)) = entries.next_if(|&(f, ..)| name_of(f) == name) else {
                known.push(Known::Stale);
                continue;
            };
            let settled = stamp.modified.saturating_add(SETTLE.as_nanos() as i128) < parsed;
            if settled && file.stamp == Some(stamp) {
                known.push(Known::Fresh(f));
            } else {
                known.push(Known::Stale);
            }
        }
        dropped += entries.count();
        (known, dropped)
    }

    /// The catalog, to take as it is when nothing changed (see
    /// [`Index::problems`] for what else the list needs).
    pub fn into_catalog(self) -> Catalog {
        self.catalog
    }

    /// The problems of file `f`.
    pub fn problems(&self, f: usize) -> &[Problem] {
        &self.stamps[f].problems
    }

    /// Every file's problems, in file order.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.stamps.iter().flat_map(|s| &s.problems)
    }

    /// A new index for the listed files, in listing order: each is either
    /// file `n` of this index, still right, or was read this run.
    #[must_use]
    pub fn update<'a>(
        &self,
        folder: &Path,
        files: impl IntoIterator<Item = Result<usize, Read<'a>>>,
    ) -> Self {
        let mut catalog = Catalog::default();
        let place = catalog.folder(Folder::Path(folder.to_path_buf()));
        let mut stamps = Vec::new();
        let now = nanos(SystemTime::now());
        // First article of each file of this index.
        let mut first = Vec::with_capacity(self.stamps.len() + 1);
        first.push(0usize);
        for s in &self.stamps {
            first.push(first[first.len() - 1] + s.articles as usize);
        }
        for file in files {
            match file {
                Ok(f) => {
                    let new = catalog.add_file(place, self.catalog.file_name(f).as_ref());
                    for i in first[f]..first[f + 1] {
                        catalog.copy_from(&self.catalog, i, new);
                    }
                    stamps.push(self.stamps[f].clone());
                }
                Err(read) => {
                    let new = catalog.add_file(place, read.name);
                    for article in read.articles {
                        catalog.add(new, article);
                    }
                    // Only a regular file found again by the same name can
                    // be trusted next time.
                    let stamp = read.stamp.filter(|_| catalog.has_exact_name(new as usize));
                    stamps.push(Stamped {
                        stamp,
                        parsed: now,
                        articles: read.articles.len() as u32,
                        problems: read.problems.to_vec(),
                    });
                }
            }
        }
        Self {
            version: VERSION,
            program: PROGRAM.to_owned(),
            folder: self.folder.clone(),
            stamps,
            catalog,
        }
    }

    /// Writes the index atomically (a temporary file, then a rename), so a
    /// crash or a second gogai never leaves half an index.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write as _;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let bytes = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".tmp-{}", std::process::id()));
        let tmp = path.with_file_name(name);
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(&bytes)?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// `$XDG_CACHE_HOME/gogai/index/<hash of the folder>.idx`, else under
/// `~/.cache`. One index per article folder.
pub fn default_path(folder: &Path) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    // The folder as written is part of the key too: the index holds paths
    // as messages show them, so `./d` and `/abs/d` each get their own.
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    let key = format!("{}\0{}", canonical.display(), folder.display());
    Some(
        base.join("gogai")
            .join("index")
            .join(format!("{:016x}.idx", fnv1a(key.as_bytes()))),
    )
}

/// FNV-1a: stable across Rust versions, unlike the standard hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
