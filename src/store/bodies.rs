//! Opening an article: its body, which the list does not hold when it was
//! loaded through the metadata index. Everything that needs a body (the
//! reading pane, the search and name indexes, the command line) goes
//! through [`Bodies::open`], and a body that cannot be had is an error, not
//! an article: an error's text must never be shown, searched or indexed as
//! if the file said it.

use std::borrow::Cow;

use crate::article::{self, Article};
use crate::store::catalog::Meta;
use crate::store::file::{FileError, read_article_file};

/// Whole articles, by list position.
pub trait Bodies {
    /// The whole article at list position `i`, or why it cannot be had.
    fn open(&self, i: usize) -> Result<Cow<'_, Article>, BodyError>;
}

/// Why an article's body cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// A position past the end of the list.
    #[error("there is no article at list position {0}")]
    NotListed(usize),
    /// Its file (as messages show it) is unreadable or says something else
    /// now than when the list was loaded.
    #[error("{file}: {why}")]
    Unreadable { file: String, why: Unreadable },
}

/// What is wrong with an article's file when it is read again. The message
/// follows the file's name, so it does not repeat it.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    /// The article was given as bytes and its body was not kept.
    #[error("no file")]
    NoFile,
    // `cause`, not `source`: see `LibraryError`.
    #[error("{cause}")]
    File { cause: FileError },
    /// The file was changed: the article is no longer in it.
    #[error("the file no longer holds an article with id {id:?}")]
    Gone { id: String },
    /// The file was changed and no longer parses; the first problem found.
    #[error("{message}")]
    Invalid { message: String },
}

/// Reads `meta`'s article from its file again.
pub(crate) fn reread(meta: Meta<'_>) -> Result<Article, BodyError> {
    let shown = meta.file();
    let result = (|| {
        let path = meta.path().ok_or(Unreadable::NoFile)?;
        let bytes = read_article_file(&path).map_err(|cause| Unreadable::File { cause })?;
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let parsed = article::parse(&bytes, &name, &shown);
        parsed
            .articles
            .into_iter()
            .find(|a| a.id == meta.id())
            .ok_or_else(|| match parsed.problems.into_iter().next() {
                Some(p) => Unreadable::Invalid { message: p.message },
                None => Unreadable::Gone {
                    id: meta.id().to_owned(),
                },
            })
    })();
    result.map_err(|why| BodyError::Unreadable { file: shown, why })
}
