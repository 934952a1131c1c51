//! Finding an article the folder already holds (or this run already
//! wrote), so that importing the same source twice adds nothing.

use std::collections::HashMap;
use std::path::Path;

use crate::article::{Article, escape_controls};
use crate::store::library::{Library, LibrarySource};

use super::ImportError;

/// The keys an article is matched on to find it already imported: the
/// same url; or the same title (ignoring case) and the same calendar date;
/// or, when neither has a date and one has no url, the same title. Two
/// undated feed items with different links are different articles, even
/// under one title ("Weekly update").
#[derive(Debug, Default)]
pub(crate) struct DuplicateFinder {
    /// url → where it is.
    urls: HashMap<String, String>,
    /// (lower-case title, calendar date) → where it is, and whether that
    /// article has a url.
    titles: HashMap<(String, Option<String>), (String, bool)>,
}

impl DuplicateFinder {
    /// Notes an article of this run as being at `place`.
    pub(crate) fn add_article(&mut self, article: &Article, place: &str) {
        self.add(
            article.url.as_deref(),
            &article.title,
            (article.date(), article.published_at),
            place,
        );
    }

    /// Notes an article (its url, title, and date as written and as a
    /// moment) as being at `place`.
    fn add(
        &mut self,
        url: Option<&str>,
        title: &str,
        (date, at): (Option<&str>, Option<i64>),
        place: &str,
    ) {
        if let Some(url) = url {
            self.urls
                .entry(url.to_owned())
                .or_insert_with(|| place.to_owned());
        }
        for key in title_keys(title, date, at) {
            self.titles
                .entry(key)
                .or_insert_with(|| (place.to_owned(), url.is_some()));
        }
    }

    /// Where the same article already is (a file name, or what
    /// [`Self::add_article`] was given), matched as [`Self::find`] does.
    pub(crate) fn place(&self, article: &Article) -> Option<&str> {
        if let Some(place) = article.url.as_ref().and_then(|u| self.urls.get(u)) {
            return Some(place);
        }
        let dated = article.date().is_some();
        title_keys(&article.title, article.date(), article.published_at)
            .iter()
            .find_map(|key| self.titles.get(key))
            .filter(|(_, has_url)| dated || !(*has_url && article.url.is_some()))
            .map(|(place, _)| place.as_str())
    }

    /// Where the same article already is, and how it was matched.
    pub(super) fn find(&self, article: &Article) -> Option<String> {
        if let Some(place) = article.url.as_ref().and_then(|u| self.urls.get(u)) {
            return Some(format!(
                "already there as {}, same url",
                escape_controls(place)
            ));
        }
        let keys = title_keys(&article.title, article.date(), article.published_at);
        let dated = article.date().is_some();
        keys.iter()
            .find_map(|key| self.titles.get(key))
            .filter(|(_, has_url)| dated || !(*has_url && article.url.is_some()))
            .map(|(place, _)| {
                format!(
                    "already there as {}, same title and {}",
                    escape_controls(place),
                    if dated { "date" } else { "no date" }
                )
            })
    }
}

/// The keys an article is matched on by title: its title with its date as
/// written, and with the date in UTC when that differs. Feeds give their
/// dates in UTC (feed-rs keeps no offset) while a page keeps its own, so the
/// same article can be 10 April on the page and 9 April in the feed.
fn title_keys(title: &str, date: Option<&str>, at: Option<i64>) -> Vec<(String, Option<String>)> {
    let title = title.to_lowercase();
    let utc = at
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.date_naive().to_string());
    let mut keys = vec![(title.clone(), date.map(str::to_owned))];
    if utc.is_some() && utc.as_deref() != date {
        keys.push((title, utc));
    }
    keys
}

/// The articles already in the folder, by the keys an import matches on.
/// This is the one place the import reads the folder: it goes through the
/// reader's own loader (public API only), so it sees what the reader sees.
/// A folder that does not exist yet holds nothing; a file that does not load
/// is not matched against (the reader would not show it either).
pub(crate) fn existing(dir: &Path, index: Option<&Path>) -> Result<DuplicateFinder, ImportError> {
    let mut finder = DuplicateFinder::default();
    if !dir.exists() {
        return Ok(finder);
    }
    // Through the metadata index when there is a cache, as the reader
    // does: only the titles, dates and urls are needed, not the bodies.
    let origin = LibrarySource::Flag(dir.to_path_buf());
    let library = match index {
        Some(index) => Library::load_dir_indexed(origin, dir, index).map(|(l, _)| l),
        None => Library::load_dir(origin, dir),
    }
    .map_err(|cause| ImportError::Folder { cause })?;
    for article in library.articles.iter() {
        let file = article.file();
        let name = Path::new(&file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        finder.add(
            article.url(),
            article.title(),
            (article.date(), article.published_at()),
            &name,
        );
    }
    Ok(finder)
}
