//! A set of articles and where it came from: a folder on disk, or the
//! articles compiled into the binary.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::article::{self, Article, Problem, Severity};
use crate::store::articles::Articles;
use crate::store::bodies::Bodies as _;
use crate::store::catalog::{Catalog, Folder};
pub use crate::store::file::{FileError, LibraryError, MAX_ARTICLE_FILE, read_article_file};
use crate::store::index::{self, Freshness, Index};
use crate::store::listing::{Listing, Scan};

/// Which folder is shown, and why that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibrarySource {
    /// A folder given with `--dir`.
    Flag(PathBuf),
    /// A folder given by `$GOGAI_DIR`.
    Env(PathBuf),
    /// `./articles` in the working directory.
    Cwd(PathBuf),
    /// gogai's own folder, `$XDG_DATA_HOME/gogai/articles`, when none of
    /// the above is given.
    Data(PathBuf),
    /// The articles compiled into the binary, shown as a welcome because
    /// gogai's own folder (this path) holds no article yet.
    Welcome(PathBuf),
    /// The articles compiled into the binary.
    Bundled,
}

impl LibrarySource {
    /// The folder the articles are read from; `None` for the bundled ones.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Self::Flag(p) | Self::Env(p) | Self::Cwd(p) | Self::Data(p) => Some(p),
            Self::Welcome(_) | Self::Bundled => None,
        }
    }
}

impl fmt::Display for LibrarySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(p) | Self::Cwd(p) | Self::Data(p) => write!(f, "{}", p.display()),
            Self::Welcome(_) => {
                f.write_str("welcome articles — subscribe with gogai --subscribe URL")
            }
            Self::Env(p) => write!(f, "{} ($GOGAI_DIR)", p.display()),
            Self::Bundled => f.write_str("bundled articles"),
        }
    }
}

/// The loaded articles, in list order, and every problem met loading them.
#[derive(Debug, Clone)]
pub struct Library {
    pub origin: LibrarySource,
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

    /// The whole article with this id, if it is listed and its body can be
    /// had (see [`Bodies::open`](crate::store::Bodies::open) for why not).
    pub fn article(&self, id: &str) -> Option<std::borrow::Cow<'_, Article>> {
        self.articles.open(self.position(id)?).ok()
    }

    /// Builds a library from `(file name, shown path, bytes)` triples; the
    /// whole articles are kept in memory.
    pub fn from_files<'a, I>(origin: LibrarySource, files: I) -> Self
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
    pub fn load_dir(origin: LibrarySource, dir: &Path) -> Result<Self, LibraryError> {
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
    /// read at all, and no body is kept (see [`crate::store::Bodies`]). The index
    /// is brought up to date afterwards; if it cannot be written, the load
    /// is just as right, only the next one is slower.
    pub fn load_dir_indexed(
        origin: LibrarySource,
        dir: &Path,
        index_path: &Path,
    ) -> Result<(Self, index::Stats), LibraryError> {
        Self::load_dir_scanned(origin, dir, index_path).map(|(library, stats, _)| (library, stats))
    }

    /// [`Library::load_dir_indexed`], handing back the folder's listing and
    /// stamps too, for the search index to plan from (see [`Scan`]).
    pub fn load_dir_scanned(
        origin: LibrarySource,
        dir: &Path,
        index_path: &Path,
    ) -> Result<(Self, index::Stats, Scan), LibraryError> {
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
            .filter(|&i| known[i] == Freshness::Stale)
            .collect();
        // Only the metadata is kept: the bodies are read again when opened.
        let parsed = crate::par::map(&todo, |&i| {
            let mut parsed = parse_file(&listing.path(i));
            for article in &mut parsed.articles {
                article.body = Vec::new();
                article.shapes = Vec::new();
                article.links = Vec::new();
                article.enclosures = Vec::new();
                article.curated_facts = Vec::new();
            }
            parsed
        });
        stats.reused = listing.len() - todo.len();
        stats.parsed = todo.len();
        stats.dropped = dropped;
        stats.applied = index.applied();
        let (catalog, problems, order) = if todo.is_empty() && dropped == 0 {
            // The common start: nothing changed, the index is the list.
            if index.applied() > 0 {
                // Its log is folded into a new base here, on the run after
                // the one that wrote it (in the reader, behind the first
                // frame), so the next start reads the base alone: applying
                // a log costs a start about what reading the base does.
                stats.written = index
                    .save(index_path)
                    .map_or(index::Written::Nothing, |()| index::Written::Whole);
            }
            let problems = index.all_problems().cloned().collect();
            let (catalog, order) = index.into_parts();
            (catalog, problems, order)
        } else {
            let mut read = parsed.iter();
            let files = known.iter().enumerate().map(|(i, k)| match k {
                Freshness::Fresh(f) => Ok(*f as usize),
                Freshness::Stale => {
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
            // A cache: failing to write it costs speed, not correctness. A
            // file that will be read again anyway (a pipe, a name that is
            // not UTF-8) is no reason to write anything. What changed is
            // appended to the index's log; the rest is not written again.
            let remembered = |i: usize| stamps[i].is_some() && listing.name(i).to_str().is_some();
            if dropped > 0 || todo.iter().any(|&i| remembered(i)) {
                stats.written = new
                    .save_changes(&index, &known, index_path)
                    .unwrap_or_default();
            }
            drop(index);
            let problems = new.all_problems().cloned().collect();
            (new.into_catalog(), problems, None)
        };
        drop(parsed);
        lap(&mut stats.timings[4]);
        let mut problems = problems;
        let articles = match order {
            Some(order) => Articles::with_order(catalog, Vec::new(), order, &mut problems),
            None => Articles::new(catalog, Vec::new(), &mut problems),
        };
        let library = Self {
            origin,
            articles: Arc::new(articles),
            problems,
            files: listing.len(),
            index: Some(index_path.to_path_buf()),
        };
        lap(&mut stats.timings[5]);
        Ok((library, stats, Scan { listing, stamps }))
    }

    /// The list as the metadata index at `index_path` last saw the folder,
    /// without looking at the folder at all: what the reader draws first
    /// while a worker checks the folder (with
    /// [`load_dir_indexed`](Self::load_dir_indexed)); at 100,000 files the
    /// check costs several times the drawing. `None` when there is no
    /// usable index of this folder.
    pub fn load_cached(origin: LibrarySource, dir: &Path, index_path: &Path) -> Option<Self> {
        let index = Index::load(index_path, dir);
        let files = index.files();
        if files == 0 {
            return None;
        }
        let mut problems: Vec<Problem> = index.all_problems().cloned().collect();
        let articles = match index.into_parts() {
            (catalog, Some(order)) => {
                Articles::with_order(catalog, Vec::new(), order, &mut problems)
            }
            (catalog, None) => Articles::new(catalog, Vec::new(), &mut problems),
        };
        Some(Self {
            origin,
            articles: Arc::new(articles),
            problems,
            files,
            index: Some(index_path.to_path_buf()),
        })
    }

    /// The articles compiled into the binary from the repository's
    /// `articles/` folder.
    pub fn bundled() -> Self {
        Self::from_files(
            LibrarySource::Bundled,
            BUNDLED.iter().map(|(name, bytes)| {
                (
                    (*name).to_owned(),
                    format!("(bundled) {name}"),
                    std::borrow::Cow::Borrowed(*bytes),
                )
            }),
        )
    }

    /// gogai's own folder `data` (see [`LibrarySource::Data`]) when it
    /// holds an article, else the bundled articles as a welcome.
    pub fn data_or_welcome(data: &Path) -> Self {
        let index = index::default_path(data);
        let loaded = match &index {
            _ if !data.is_dir() => None,
            Some(index) => {
                Self::load_dir_indexed(LibrarySource::Data(data.to_path_buf()), data, index)
                    .ok()
                    .map(|(l, _)| l)
            }
            None => Self::load_dir(LibrarySource::Data(data.to_path_buf()), data).ok(),
        };
        match loaded {
            Some(library) if library.files > 0 => library,
            _ => Self::welcome(data),
        }
    }

    /// The bundled articles, as the welcome shown while gogai's own folder
    /// `data` holds no article.
    pub fn welcome(data: &Path) -> Self {
        Self {
            origin: LibrarySource::Welcome(data.to_path_buf()),
            ..Self::bundled()
        }
    }

    /// Reads the same folder again (or the bundled articles).
    pub fn reload(&self) -> Result<Self, LibraryError> {
        match &self.origin {
            LibrarySource::Flag(p)
            | LibrarySource::Env(p)
            | LibrarySource::Cwd(p)
            | LibrarySource::Data(p) => match &self.index {
                Some(index) => {
                    Self::load_dir_indexed(self.origin.clone(), p, index).map(|(l, _)| l)
                }
                None => Self::load_dir(self.origin.clone(), p),
            },
            LibrarySource::Welcome(data) => Ok(Self::data_or_welcome(data)),
            LibrarySource::Bundled => Ok(Self::bundled()),
        }
    }

    /// Adds one more article, read from `path` outside the folder (or from
    /// nowhere), keeping list order; returns its index. An article with the
    /// same id is replaced.
    pub fn insert(&mut self, article: Article, path: Option<&Path>) -> usize {
        Arc::make_mut(&mut self.articles).insert(article, path)
    }

    /// Adds many articles read from nowhere at once (see
    /// [`Articles::insert_all`]).
    pub fn insert_all(&mut self, articles: Vec<Article>) {
        Arc::make_mut(&mut self.articles).insert_all(articles);
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

    fn finish(mut self, origin: LibrarySource, files: usize) -> Library {
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
pub(crate) fn parse_file(path: &Path) -> article::Parsed {
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
