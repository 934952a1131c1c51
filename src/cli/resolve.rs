//! Finding the article the user named on the command line: by id, by path to
//! a `.json` file, or by a fragment of its title.

use std::fmt::Write as _;
use std::path::Path;

use crate::article::{self, Problem, Severity};
use crate::store::library::Library;

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error(
        "no article matches {query:?}{}\n(`gogai --list` shows every article)",
        list_candidates("closest", candidates)
    )]
    NoMatch {
        query: String,
        candidates: Vec<(String, String)>,
    },
    #[error("{query:?} matches {} articles; name one by id{}", matches.len(), list_candidates("matches", matches))]
    Ambiguous {
        query: String,
        matches: Vec<(String, String)>,
    },
    #[error("{path}: {cause}")]
    Read {
        path: String,
        cause: crate::store::library::FileError,
    },
    #[error("{path}: {why}")]
    Foreign { path: String, why: String },
    #[error("{path}: no article could be loaded:{}", indented(problems))]
    BadFile {
        path: String,
        problems: Vec<Problem>,
    },
}

const SHOWN: usize = 10;

fn indented(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = write!(out, "\n  {p}");
    }
    out
}

fn list_candidates(heading: &str, items: &[(String, String)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let id_width = items
        .iter()
        .take(SHOWN)
        .map(|(id, _)| id.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("\n{heading}:");
    for (id, title) in items.iter().take(SHOWN) {
        let _ = write!(out, "\n  {id:<id_width$}  {title}");
    }
    if items.len() > SHOWN {
        let _ = write!(out, "\n  … and {} more", items.len() - SHOWN);
    }
    out
}

/// The index of the article `query` names. A `.json` file outside the folder
/// is loaded and added to the library.
pub fn find(library: &mut Library, query: &str) -> Result<usize, FindError> {
    if let Some(i) = library.position(query) {
        return Ok(i);
    }
    let path = Path::new(query);
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json || path.is_file() {
        return find_file(library, path);
    }
    let needle = query.to_lowercase();
    let matches: Vec<usize> = library
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.title().to_lowercase().contains(&needle))
        .map(|(i, _)| i)
        .collect();
    let pairs = |indices: &[usize]| {
        indices
            .iter()
            .map(|&i| {
                let a = library.articles.at(i);
                (a.id().to_owned(), a.title().to_owned())
            })
            .collect()
    };
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(FindError::NoMatch {
            query: query.to_owned(),
            candidates: pairs(&closest(library, &needle)),
        }),
        many => Err(FindError::Ambiguous {
            query: query.to_owned(),
            matches: pairs(many),
        }),
    }
}

fn find_file(library: &mut Library, path: &Path) -> Result<usize, FindError> {
    let shown = crate::article::escape_controls(&path.display().to_string()).into_owned();
    // The same checks as the folder's files: no pipes, no huge files. A
    // path that is not there at all was mistyped, not removed under us.
    let bytes = match std::fs::symlink_metadata(path) {
        Err(cause) => Err(crate::store::library::FileError::Io { cause }),
        Ok(_) => crate::store::library::read_article_file(path),
    }
    .map_err(|cause| FindError::Read {
        path: shown.clone(),
        cause,
    })?;
    // Same file as one already in the folder: select that one.
    if let Ok(canonical) = path.canonicalize() {
        // Only files of the same name are looked at closely: with 100,000
        // articles, resolving every path would take seconds.
        let same = library.articles.iter().position(|a| {
            a.path().is_some_and(|p| {
                p.file_name() == path.file_name() && p.canonicalize().is_ok_and(|c| c == canonical)
            })
        });
        if let Some(i) = same {
            return Ok(i);
        }
    }
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = article::parse(&bytes, &name, &shown);
    if parsed.articles.is_empty() {
        // Not gogai's own format: read as `--import` would (text,
        // Markdown, a saved page, a feed, a JSON Feed), in memory, writing
        // nothing. A `.json` file that is neither says what gogai's own
        // reading found wrong.
        match find_foreign(library, path, &shown) {
            Err(_) if is_json => {}
            found => return found,
        }
    }
    let Some(first) = parsed.articles.into_iter().next() else {
        return Err(FindError::BadFile {
            path: shown,
            problems: parsed
                .problems
                .into_iter()
                .filter(|p| p.severity == Severity::Error)
                .collect(),
        });
    };
    Ok(library.insert(first, Some(path)))
}

/// A file in another format than gogai's, named on the command line: its
/// articles are read as `--import` reads them and shown without being
/// written anywhere (import it to keep it). A feed's items all join the
/// list; the first is the one opened.
fn find_foreign(library: &mut Library, path: &Path, shown: &str) -> Result<usize, FindError> {
    let source = path.to_string_lossy();
    let extracted = crate::import::read_source(&source, &crate::import::Limits::default())
        .map_err(|e| FindError::Foreign {
            path: shown.to_owned(),
            why: e.to_string(),
        })?;
    let articles: Vec<_> = extracted
        .drafts
        .iter()
        .filter_map(|draft| crate::import::render(draft).ok().map(|(_, a)| a))
        .collect();
    let first = articles.first().map(|a| a.id.clone());
    // All at once: a feed of thousands of items sorts the list once.
    library.insert_all(articles);
    // Inserting keeps the list sorted, so the first article is found by
    // its id once all have joined.
    if let Some(at) = first.and_then(|id| library.position(&id)) {
        return Ok(at);
    }
    let why = if extracted.notes.is_empty() {
        "no article could be read from it".to_owned()
    } else {
        extracted
            .notes
            .iter()
            .map(|n| n.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    Err(FindError::Foreign {
        path: shown.to_owned(),
        why,
    })
}

/// Up to five articles whose titles or ids look most like the query, by
/// shared character trigrams.
fn closest(library: &Library, needle: &str) -> Vec<usize> {
    let query = trigrams(needle);
    if query.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize)> = library
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let haystack = format!("{} {}", a.id(), a.title()).to_lowercase();
            let have = trigrams(&haystack);
            (query.iter().filter(|t| have.contains(t)).count(), i)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(5).map(|(_, i)| i).collect()
}

fn trigrams(s: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = format!(" {s} ").chars().collect();
    let mut out: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    out.sort_unstable();
    out.dedup();
    out
}
