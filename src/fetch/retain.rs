//! Retention: per feed, the newest N articles are kept, and every starred
//! and every unread one; older read ones are removed. Only files a refresh
//! wrote, that still carry the feed's `"feed"` field and whose bytes nobody
//! changed since, are ever candidates: nothing a user wrote, kept or edited
//! is removed.

use std::collections::HashMap;
use std::path::Path;

use crate::store::hash::fnv1a;
use crate::store::state::{Fetched, ReadState};

/// An article file retention removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    pub name: String,
    pub title: String,
    pub feed: String,
}

/// What [`purge`] did: the files removed, and the names to forget (those
/// removed, and those no longer in the folder).
#[derive(Debug, Default)]
pub struct Purge {
    pub removed: Vec<Purged>,
    pub gone: Vec<String>,
}

/// Applies retention in `dir` to the feeds in `only` (all when `None`),
/// given the files refreshes wrote (`records`, by name) and the marks.
pub fn purge<S: std::hash::BuildHasher>(
    dir: &Path,
    records: &HashMap<String, Fetched, S>,
    only: Option<&[&str]>,
    keep: usize,
    marks: &ReadState,
) -> Purge {
    let mut out = Purge::default();
    // feed → (newest first key, name, id, title, bytes hash ok)
    let mut by_feed: HashMap<&str, Vec<Candidate>> = HashMap::new();
    for (name, record) in records {
        if only.is_some_and(|only| !only.contains(&record.feed.as_str())) {
            continue;
        }
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            if !path.exists() {
                out.gone.push(name.clone());
            }
            continue;
        };
        let Some(article) = crate::article::parse(&bytes, name, name)
            .articles
            .into_iter()
            .next()
        else {
            continue;
        };
        let mtime = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        by_feed
            .entry(record.feed.as_str())
            .or_default()
            .push(Candidate {
                when: article.published_at.unwrap_or(mtime),
                name: name.clone(),
                title: article.title.clone(),
                // The `feed` field is in the file, and still this feed's.
                ours: feed_field(&bytes).as_deref() == Some(record.feed.as_str())
                    && fnv1a(&bytes) == record.file,
                kept: marks.is_starred(&article.id) || !marks.is_read(&article.id),
            });
    }
    for (feed, mut candidates) in by_feed {
        candidates.sort_by(|a, b| b.when.cmp(&a.when).then_with(|| a.name.cmp(&b.name)));
        for c in candidates.into_iter().skip(keep) {
            if c.ours && !c.kept && std::fs::remove_file(dir.join(&c.name)).is_ok() {
                out.gone.push(c.name.clone());
                out.removed.push(Purged {
                    name: c.name,
                    title: c.title,
                    feed: feed.to_owned(),
                });
            }
        }
    }
    out.removed.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

struct Candidate {
    when: i64,
    name: String,
    title: String,
    ours: bool,
    kept: bool,
}

/// The `"feed"` field of an article file, if it has one.
pub fn feed_field(bytes: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Only {
        feed: Option<String>,
    }
    serde_json::from_slice::<Only>(bytes).ok()?.feed
}
