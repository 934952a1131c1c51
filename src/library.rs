//! A set of articles and where it came from: a folder on disk, or the
//! articles compiled into the binary.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::article::{self, Article, Problem, Severity};

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

/// The loaded articles, in list order, and every problem met loading them.
#[derive(Debug, Clone)]
pub struct Library {
    pub origin: Origin,
    /// Shared so background work (the entity index) reads the same copy.
    pub articles: Arc<Vec<Article>>,
    pub problems: Vec<Problem>,
    /// How many files were read (for `--check`'s summary).
    pub files: usize,
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
        self.articles.iter().position(|a| a.id == id)
    }

    /// Builds a library from `(file name, shown path, bytes)` triples.
    pub fn from_files<'a, I>(origin: Origin, files: I) -> Self
    where
        I: IntoIterator<Item = (String, String, std::borrow::Cow<'a, [u8]>)>,
    {
        let files: Vec<_> = files.into_iter().collect();
        let parsed = par_map(&files, |(name, shown, bytes)| {
            article::parse(bytes, name, shown)
        });
        Self::assemble(origin, parsed)
    }

    /// Puts parsed files together: ids are checked in file order (so the
    /// outcome does not depend on threads), then articles are sorted.
    fn assemble(origin: Origin, parsed: Vec<article::Parsed>) -> Self {
        let count = parsed.len();
        let mut articles: Vec<Article> = Vec::with_capacity(count);
        let mut problems = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::with_capacity(count);
        for parsed in parsed {
            problems.extend(parsed.problems);
            for article in parsed.articles {
                if let Some(first) = seen.get(&article.id) {
                    problems.push(Problem {
                        file: article.file.clone(),
                        line: 1,
                        column: 1,
                        severity: Severity::Error,
                        message: format!(
                            "id {:?} is already used by {first}; this article is skipped",
                            article.id
                        ),
                    });
                    continue;
                }
                seen.insert(article.id.clone(), article.file.clone());
                articles.push(article);
            }
        }
        sort(&mut articles);
        Self {
            origin,
            articles: Arc::new(articles),
            problems,
            files: count,
        }
    }

    /// Loads every `*.json` file of a folder (not recursing). A file that
    /// cannot be read or parsed is reported and skipped; only an unreadable
    /// folder is an error.
    pub fn load_dir(origin: Origin, dir: &Path) -> Result<Self, LibraryError> {
        let shown_dir = dir.display().to_string();
        if !dir.is_dir() {
            if dir.exists() {
                return Err(LibraryError::NotADir { path: shown_dir });
            }
            return Err(LibraryError::Missing { path: shown_dir });
        }
        let entries = std::fs::read_dir(dir).map_err(|cause| LibraryError::ReadDir {
            path: shown_dir.clone(),
            cause,
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.is_dir())
            .collect();
        paths.sort();
        // Reading and parsing both happen on every core: with 100,000 files
        // the system calls cost as much as the parsing.
        let parsed = par_map(&paths, |path| {
            let shown = path.display().to_string();
            let name = path
                .file_name()
                .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
            match std::fs::read(path) {
                Ok(bytes) => article::parse(&bytes, &name, &shown),
                Err(e) => article::Parsed {
                    articles: Vec::new(),
                    problems: vec![Problem {
                        file: shown,
                        line: 1,
                        column: 1,
                        severity: Severity::Error,
                        message: format!("cannot read: {e}"),
                    }],
                },
            }
        });
        Ok(Self::assemble(origin, parsed))
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
            Origin::Flag(p) | Origin::Env(p) | Origin::Cwd(p) => {
                Self::load_dir(self.origin.clone(), &p.clone())
            }
            Origin::Bundled => Ok(Self::bundled()),
        }
    }

    /// Adds one more article (from a file outside the folder), keeping list
    /// order; returns its index. An article with the same id is replaced.
    pub fn insert(&mut self, article: Article) -> usize {
        let id = article.id.clone();
        let articles = Arc::make_mut(&mut self.articles);
        articles.retain(|a| a.id != id);
        articles.push(article);
        sort(articles);
        self.position(&id).unwrap_or(0)
    }
}

/// `items.iter().map(f)` on every core, in order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if threads == 1 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Newest first; undated articles after dated ones; ties by id, so the order
/// is stable between runs.
fn sort(articles: &mut [Article]) {
    articles.sort_by(|a, b| {
        b.published_at
            .is_some()
            .cmp(&a.published_at.is_some())
            .then_with(|| b.published_at.cmp(&a.published_at))
            .then_with(|| a.id.cmp(&b.id))
    });
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
