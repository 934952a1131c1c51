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

use crate::article::{Article, Problem};

/// Bumped whenever the layout below changes: an older index is rebuilt.
const VERSION: u32 = 2;

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
    /// Sorted by file name, as the folder listing is: the two are walked
    /// side by side, with no hashing.
    entries: Vec<Entry>,
}

/// One file: when it was seen, and what was in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    name: String,
    size: u64,
    /// Modification time, nanoseconds since 1970.
    modified: i128,
    /// When the file was parsed, nanoseconds since 1970.
    parsed: i128,
    articles: Vec<Meta>,
    problems: Vec<Problem>,
}

/// The part of an article the list shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    id: String,
    title: String,
    subtitle: Option<String>,
    source: Option<String>,
    author: Option<String>,
    url: Option<String>,
    published: Option<String>,
    published_at: Option<i64>,
    tags: Vec<String>,
}

/// What a load did with the index, for `GOGAI_INDEX_STATS`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub reused: usize,
    pub parsed: usize,
    pub dropped: usize,
    /// Time since the start at the end of each phase: listing the folder,
    /// reading the index, checking the files, taking entries, parsing and
    /// saving, putting the list together.
    pub timings: [Duration; 6],
}

/// A file's size and modification time, as an entry compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
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
pub enum Known {
    /// Still right: its articles (metadata only) and problems.
    Fresh(Vec<Article>, Vec<Problem>),
    /// Changed, new, or not a regular file: read it.
    Stale,
}

impl Index {
    /// Reads the index for `folder` from `path`. Anything unusable (no
    /// file, a truncated or foreign one, one not in order) is an empty
    /// index.
    pub fn load(path: &Path, folder: &str) -> Self {
        let empty = || Self {
            version: VERSION,
            program: PROGRAM.to_owned(),
            folder: folder.to_owned(),
            entries: Vec::new(),
        };
        let Ok(bytes) = std::fs::read(path) else {
            return empty();
        };
        match postcard::from_bytes::<Self>(&bytes) {
            Ok(index)
                if index.version == VERSION
                    && index.program == PROGRAM
                    && index.folder == folder
                    && index.entries.windows(2).all(|w| w[0].name < w[1].name) =>
            {
                index
            }
            _ => empty(),
        }
    }

    /// Walks the sorted folder listing beside the sorted entries: for each
    /// file, what the index still knows of it (moved out, not copied: with
    /// 100,000 files copies would cost as much as the rest of the start).
    /// Returns that and the number of entries for files that are gone.
    /// The path and shown name of each file still right are moved into its
    /// articles (the caller needs them only for the files to read).
    pub fn match_files(
        &mut self,
        files: &mut [(String, Option<Stamp>, PathBuf, String)],
    ) -> (Vec<Known>, usize) {
        let mut entries = std::mem::take(&mut self.entries).into_iter().peekable();
        let mut dropped = 0;
        let mut known = Vec::with_capacity(files.len());
        for (name, stamp, path, shown) in files {
            while entries.next_if(|e| e.name < *name).is_some() {
                dropped += 1;
            }
            let Some(entry) = entries.next_if(|e| e.name == *name) else {
                known.push(Known::Stale);
                continue;
            };
            let settled = entry.modified.saturating_add(SETTLE.as_nanos() as i128) < entry.parsed;
            let same = stamp.is_some_and(|s| s.size == entry.size && s.modified == entry.modified);
            if !(same && settled) {
                known.push(Known::Stale);
                continue;
            }
            let mut path = Some(std::mem::take(path));
            let mut shown = Some(std::mem::take(shown));
            let count = entry.articles.len();
            let articles = entry
                .articles
                .into_iter()
                .enumerate()
                .map(|(i, m)| {
                    // Most files hold one article: it takes the strings, and
                    // only the others of an array file get copies.
                    let last = i + 1 == count;
                    Article {
                        id: m.id,
                        title: m.title,
                        subtitle: m.subtitle,
                        source: m.source,
                        author: m.author,
                        url: m.url,
                        published: m.published,
                        published_at: m.published_at,
                        tags: m.tags,
                        body: Vec::new(),
                        curated_facts: Vec::new(),
                        file: take_or_copy(&mut shown, last).unwrap_or_default(),
                        path: take_or_copy(&mut path, last),
                        partial: true,
                    }
                })
                .collect();
            // Kept for saving: the name and stamps (the articles are rebuilt
            // from the list, see `rebuild`).
            self.entries.push(Entry {
                articles: Vec::new(),
                problems: Vec::new(),
                ..entry
            });
            known.push(Known::Fresh(articles, entry.problems));
        }
        dropped += entries.count();
        (known, dropped)
    }

    /// A new index for the listed files: the entries still right keep
    /// their stamps, the files just parsed get new ones. `parsed` holds,
    /// for each file in listing order, its articles and problems and, if it
    /// was read this run, its stamp.
    pub fn rebuild(
        &mut self,
        files: &[(String, Option<Stamp>, PathBuf, String)],
        parsed: &[(&[Article], &[Problem], bool)],
    ) {
        let mut kept = std::mem::take(&mut self.entries).into_iter().peekable();
        let now = nanos(SystemTime::now());
        for ((name, stamp, _, _), (articles, problems, fresh)) in files.iter().zip(parsed) {
            // Two names that are not UTF-8 can show alike; the index keys by
            // the shown name, so only the first is remembered (the other is
            // read each time) and the index stays valid.
            if self.entries.last().is_some_and(|e| e.name == *name) {
                continue;
            }
            let old = kept.next_if(|e| e.name == *name);
            let (size, modified, when) = match (old, fresh) {
                (Some(old), false) => (old.size, old.modified, old.parsed),
                _ => match stamp {
                    Some(s) => (s.size, s.modified, now),
                    // Not a regular file: nothing worth remembering.
                    None => continue,
                },
            };
            self.entries.push(Entry {
                name: name.clone(),
                size,
                modified,
                parsed: when,
                articles: articles.iter().map(meta).collect(),
                problems: problems.to_vec(),
            });
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

/// The value itself the last time, a copy before.
fn take_or_copy<T: Clone>(slot: &mut Option<T>, last: bool) -> Option<T> {
    if last { slot.take() } else { slot.clone() }
}

fn meta(a: &Article) -> Meta {
    Meta {
        id: a.id.clone(),
        title: a.title.clone(),
        subtitle: a.subtitle.clone(),
        source: a.source.clone(),
        author: a.author.clone(),
        url: a.url.clone(),
        published: a.published.clone(),
        published_at: a.published_at,
        tags: a.tags.clone(),
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
