//! A set of articles and where it came from: a folder on disk, or the
//! articles compiled into the binary.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::article::{self, Article, Problem, Severity};
use crate::store::catalog::{Articles, Catalog, Folder};
use crate::store::index::{self, Index, Known};
use crate::store::listing::Listing;

/// Which folder is shown, and why that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A folder given with `--dir`.
    Flag(PathBuf),
    /// A folder given by `$GOGAI_DIR`.
    Env(PathBuf),
    /// `./articles` in the working directory.
    Cwd(PathBuf),
    /// The articles compiled into the binary.
    Bundled,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(p) | Self::Cwd(p) => write!(f, "{}", p.display()),
            Self::Env(p) => write!(f, "{} ($GOGAI_DIR)", p.display()),
            Self::Bundled => f.write_str("bundled articles"),
        }
    }
}

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

/// The loaded articles, in list order, and every problem met loading them.
#[derive(Debug, Clone)]
pub struct Library {
    pub origin: Origin,
    /// Shared so background work (the entity index) reads the same copy.
    pub articles: Arc<Articles>,
    pub problems: Vec<Problem>,
    /// How many files were read (for `--check`'s summary).
    pub files: usize,
    /// The metadata index it was loaded through, if any; a reload uses it
    /// too.
    pub index: Option<PathBuf>,
}

impl Library {
    /// Number of files (or array entries) that were skipped because of errors.
    pub fn skipped(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// Index of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.articles.position(id)
    }

    /// The whole article with this id (see [`Articles::open`]).
    pub fn article(&self, id: &str) -> Option<std::borrow::Cow<'_, Article>> {
        self.articles.open(self.position(id)?)
    }

    /// Builds a library from `(file name, shown path, bytes)` triples; the
    /// whole articles are kept in memory.
    pub fn from_files<'a, I>(origin: Origin, files: I) -> Self
    where
        I: IntoIterator<Item = (String, String, std::borrow::Cow<'a, [u8]>)>,
    {
        let files: Vec<_> = files.into_iter().collect();
        let parsed = crate::par::map(&files, |(name, shown, bytes)| {
            article::parse(bytes, name, shown)
        });
        let mut whole = Whole::new(Folder::Memory);
        for ((_, shown, _), parsed) in files.iter().zip(parsed) {
            whole.add(shown.as_ref(), parsed);
        }
        whole.finish(origin, files.len())
    }

    /// Loads every `*.json` file of a folder (not recursing), keeping the
    /// whole articles in memory. A file that cannot be read or parsed is
    /// reported and skipped; only an unreadable folder is an error.
    pub fn load_dir(origin: Origin, dir: &Path) -> Result<Self, LibraryError> {
        let listing = Listing::read(dir)?;
        // Reading and parsing both happen on every core: with 100,000 files
        // the system calls cost as much as the parsing.
        let all: Vec<usize> = (0..listing.len()).collect();
        let parsed = crate::par::map(&all, |&i| parse_file(&listing.path(i)));
        let mut whole = Whole::new(Folder::Path(dir.to_path_buf()));
        for (i, parsed) in parsed.into_iter().enumerate() {
            whole.add(listing.name(i), parsed);
        }
        Ok(whole.finish(origin, listing.len()))
    }

    /// Like [`Library::load_dir`], but through the metadata index at
    /// `index_path`: files unchanged since the index was written are not
    /// read at all, and no body is kept (see [`Articles::open`]). The index
    /// is brought up to date afterwards; if it cannot be written, the load
    /// is just as right, only the next one is slower.
    pub fn load_dir_indexed(
        origin: Origin,
        dir: &Path,
        index_path: &Path,
    ) -> Result<(Self, index::Stats), LibraryError> {
        let clock = std::time::Instant::now();
        let lap = |phase: &mut std::time::Duration| {
            *phase = clock.elapsed();
        };
        let mut stats = index::Stats::default();
        let listing = Listing::read(dir)?;
        lap(&mut stats.timings[0]);
        let index = Index::load(index_path, dir);
        lap(&mut stats.timings[1]);
        // Size and time of every file, on every core.
        let stamps = listing.stamps();
        lap(&mut stats.timings[2]);
        let (known, dropped) = index.match_files((0..listing.len()).map(|i| index::Listed {
            name: listing.name(i).to_str(),
            stamp: stamps[i],
        }));
        lap(&mut stats.timings[3]);
        let todo: Vec<usize> = (0..known.len())
            .filter(|&i| known[i] == Known::Stale)
            .collect();
        // Only the metadata is kept: the bodies are read again when opened.
        let parsed = crate::par::map(&todo, |&i| {
            let mut parsed = parse_file(&listing.path(i));
            for article in &mut parsed.articles {
                article.body = Vec::new();
                article.curated_facts = Vec::new();
            }
            parsed
        });
        stats.reused = listing.len() - todo.len();
        stats.parsed = todo.len();
        stats.dropped = dropped;
        let (catalog, problems) = if todo.is_empty() && dropped == 0 {
            // The common start: nothing changed, the index is the list.
            let problems = index.all_problems().cloned().collect();
            (index.into_catalog(), problems)
        } else {
            let mut read = parsed.iter();
            let files = known.iter().enumerate().map(|(i, k)| match k {
                Known::Fresh(f) => Ok(*f as usize),
                Known::Stale => {
                    let parsed = read.next();
                    Err(index::Read {
                        name: listing.name(i),
                        stamp: stamps[i],
                        articles: parsed.map_or(&[][..], |p| &p.articles),
                        problems: parsed.map_or(&[][..], |p| &p.problems),
                    })
                }
            });
            let new = index.update(dir, files);
            drop(index);
            // A cache: failing to write it costs speed, not correctness. A
            // file that will be read again anyway (a pipe, a name that is
            // not UTF-8) is no reason to write 100,000 entries again.
            let remembered = |i: usize| stamps[i].is_some() && listing.name(i).to_str().is_some();
            if dropped > 0 || todo.iter().any(|&i| remembered(i)) {
                let _ = new.save(index_path);
            }
            let problems = new.all_problems().cloned().collect();
            (new.into_catalog(), problems)
        };
        drop(parsed);
        lap(&mut stats.timings[4]);
        let mut problems = problems;
        let articles = Articles::new(catalog, Vec::new(), &mut problems);
        let library = Self {
            origin,
            articles: Arc::new(articles),
            problems,
            files: listing.len(),
            index: Some(index_path.to_path_buf()),
        };
        lap(&mut stats.timings[5]);
        Ok((library, stats))
    }

    /// The articles compiled into the binary from the repository's
    /// `articles/` folder.
    pub fn bundled() -> Self {
        Self::from_files(
            Origin::Bundled,
            BUNDLED.iter().map(|(name, bytes)| {
                (
                    (*name).to_owned(),
                    format!("(bundled) {name}"),
                    std::borrow::Cow::Borrowed(*bytes),
                )
            }),
        )
    }

    /// Reads the same folder again (or the bundled articles).
    pub fn reload(&self) -> Result<Self, LibraryError> {
        match &self.origin {
            Origin::Flag(p) | Origin::Env(p) | Origin::Cwd(p) => match &self.index {
                Some(index) => {
                    Self::load_dir_indexed(self.origin.clone(), p, index).map(|(l, _)| l)
                }
                None => Self::load_dir(self.origin.clone(), p),
            },
            Origin::Bundled => Ok(Self::bundled()),
        }
    }

    /// Adds one more article, read from `path` outside the folder (or from
    /// nowhere), keeping list order; returns its index. An article with the
    /// same id is replaced.
    pub fn insert(&mut self, article: Article, path: Option<&Path>) -> usize {
        Arc::make_mut(&mut self.articles).insert(article, path)
    }
}

/// A library being built from whole articles, file by file.
struct Whole {
    catalog: Catalog,
    place: u32,
    full: Vec<Option<Box<Article>>>,
    problems: Vec<Problem>,
}

impl Whole {
    fn new(folder: Folder) -> Self {
        let mut catalog = Catalog::default();
        let place = catalog.folder(folder);
        Self {
            catalog,
            place,
            full: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn add(&mut self, name: &std::ffi::OsStr, parsed: article::Parsed) {
        let file = self.catalog.add_file(self.place, name);
        for article in parsed.articles {
            self.catalog.add(file, &article);
            self.full.push(Some(Box::new(article)));
        }
        self.problems.extend(parsed.problems);
    }

    fn finish(mut self, origin: Origin, files: usize) -> Library {
        let articles = Articles::new(self.catalog, self.full, &mut self.problems);
        Library {
            origin,
            articles: Arc::new(articles),
            problems: self.problems,
            files,
            index: None,
        }
    }
}

/// A path as messages show it. File names may hold escape sequences or
/// newlines; they are shown escaped so a name cannot draw on the terminal.
fn shown_path(path: &Path) -> String {
    article::escape_controls(&path.display().to_string()).into_owned()
}

/// Reads and parses one article file; every failure is a problem.
fn parse_file(path: &Path) -> article::Parsed {
    let shown = shown_path(path);
    let name = path.file_name().map_or_else(
        || shown.clone(),
        |n| article::escape_controls(&n.to_string_lossy()).into_owned(),
    );
    match read_article_file(path) {
        Ok(bytes) => article::parse(&bytes, &name, &shown),
        Err(e) => article::Parsed {
            articles: Vec::new(),
            problems: vec![Problem {
                file: shown,
                line: 1,
                column: 1,
                severity: Severity::Error,
                message: e.to_string(),
            }],
        },
    }
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

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
