//! A feed's items into article files: new items created as `--import`
//! creates them (a temporary file renamed, never over another file); an
//! item already there that changed upstream replaces its file in place
//! (same name, so the same id and the same marks), but only a file a
//! refresh wrote for this feed whose bytes nobody changed since.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::article::escape_controls;
use crate::import::dedupe::{self, DuplicateFinder};
use crate::import::{Draft, Extra, folder, render_with, write as import_write};
use crate::store::fsio;
use crate::store::hash::fnv1a;
use crate::store::state::Fetched;

use super::Options;

/// What writing one feed's items did.
#[derive(Debug, Default)]
pub struct Written {
    pub new: usize,
    pub updated: usize,
    pub notices: Vec<String>,
    /// Nothing could be written (the folder could not be locked or read).
    pub failed: Option<String>,
}

pub struct Writer {
    dir: PathBuf,
    index: Option<PathBuf>,
    lock_wait: Duration,
    folder: u64,
    /// The files refreshes wrote, by name.
    records: HashMap<String, Fetched>,
    /// Names written or removed since the last save.
    put: Vec<String>,
    gone: Vec<String>,
    /// What the folder holds, read whole once (under the lock), kept up to
    /// date with what this refresh writes, and with what others wrote
    /// between two of its writes (see [`Self::catch_up`]).
    finder: Option<DuplicateFinder>,
    /// The `*.json` names the finder has seen.
    known: std::collections::HashSet<String>,
    /// Files an item of this refresh was matched to or written as: a
    /// second item matching one (two items with one link, say) is a
    /// duplicate, never a change of the first.
    touched: std::collections::HashSet<String>,
    /// The folder's import lock while this refresh writes, and since when.
    /// Kept across feeds written one after another (each taking of the
    /// lock costs a listing of the folder), but let go whenever the refresh
    /// waits for the network ([`Self::release`]), between two batches of a
    /// large feed, and after [`HOLD`] at most: an import waits for one of
    /// those, never for the whole refresh.
    lock: Option<(folder::FolderLock, Instant)>,
}

/// The longest the lock is kept across feeds written back to back.
const HOLD: Duration = Duration::from_secs(1);

/// After letting the lock go because it was kept [`HOLD`], the pause before
/// taking it again: longer than a waiting import's retry, so it gets its
/// turn.
const YIELD: Duration = Duration::from_millis(50);

impl Writer {
    pub fn new(dir: &Path, options: &Options, folder: u64, fetched: Vec<Fetched>) -> Self {
        Self {
            dir: dir.to_path_buf(),
            index: options.index.clone(),
            lock_wait: options.lock_wait,
            folder,
            records: fetched.into_iter().map(|f| (f.name.clone(), f)).collect(),
            put: Vec::new(),
            gone: Vec::new(),
            finder: None,
            known: std::collections::HashSet::new(),
            touched: std::collections::HashSet::new(),
            lock: None,
        }
    }

    /// Lets the folder's import lock go (the refresh is about to wait, or
    /// to read a batch).
    pub fn release(&mut self) {
        self.lock = None;
    }

    /// Holds the folder's import lock, taking it (and catching up with
    /// what was written meanwhile) unless it is held since less than
    /// [`HOLD`].
    fn hold(&mut self) -> Result<(), String> {
        if let Some((_, since)) = &self.lock {
            if since.elapsed() < HOLD {
                return Ok(());
            }
            self.lock = None;
            std::thread::sleep(YIELD);
        }
        let lock = folder::lock(&self.dir, self.lock_wait).map_err(|e| e.to_string())?;
        self.lock = Some((lock, Instant::now()));
        self.catch_up()
    }

    pub fn records(&self) -> &HashMap<String, Fetched> {
        &self.records
    }

    /// Forgets files that are gone (removed by retention).
    pub fn forget(&mut self, names: &[String]) {
        for name in names {
            if self.records.remove(name).is_some() {
                self.gone.push(name.clone());
            }
        }
    }

    /// The records to save: written, and removed (folder key, name).
    pub fn unsaved(&self) -> (Vec<Fetched>, Vec<(u64, String)>) {
        let put = self
            .put
            .iter()
            .filter_map(|n| self.records.get(n).cloned())
            .collect();
        let gone = self.gone.iter().map(|n| (self.folder, n.clone())).collect();
        (put, gone)
    }

    pub fn saved(&mut self) {
        self.put.clear();
        self.gone.clear();
    }

    /// Writes the items of the feed at `feed_url` (or one batch of a large
    /// feed) under the folder's import lock (see [`Self::lock`] for how
    /// long it is kept).
    pub fn write_feed(&mut self, feed_url: &str, drafts: &[Draft]) -> Written {
        let mut written = Written::default();
        let shown = escape_controls(feed_url).into_owned();
        if let Err(e) = self.hold() {
            self.lock = None;
            written.failed = Some(e);
            return written;
        }
        let updated_at = iso_now();
        for draft in drafts {
            let place = draft
                .place
                .as_deref()
                .map_or_else(String::new, |p| format!(" ({})", escape_controls(p)));
            match self.write_one(feed_url, draft, &updated_at) {
                Ok(Some(Change::New)) => written.new += 1,
                Ok(Some(Change::Updated)) => written.updated += 1,
                Ok(None) => {}
                Err(why) => written
                    .notices
                    .push(format!("{shown}{place}: {}", escape_controls(&why))),
            }
        }
        written
    }

    /// Brings the duplicate finder up to date, under the lock: the whole
    /// folder the first time; after that only the files that appeared
    /// since (an import's), found by their names, so a refresh of many
    /// feeds reads the folder once, not once per feed.
    fn catch_up(&mut self) -> Result<(), String> {
        let Some(finder) = self.finder.as_mut() else {
            let names = json_names(&self.dir)?;
            let finder =
                dedupe::existing(&self.dir, self.index.as_deref()).map_err(|e| e.to_string())?;
            self.finder = Some(finder);
            self.known = names;
            return Ok(());
        };
        let names = json_names(&self.dir)?;
        for name in names {
            if self.known.contains(&name) {
                continue;
            }
            for article in crate::store::library::parse_file(&self.dir.join(&name)).articles {
                finder.add_article(&article, &name);
            }
            self.known.insert(name);
        }
        Ok(())
    }

    fn write_one(
        &mut self,
        feed_url: &str,
        draft: &Draft,
        updated_at: &str,
    ) -> Result<Option<Change>, String> {
        let extra = Extra {
            feed: Some(feed_url),
            updated: None,
        };
        let (bytes, article) = render_with(draft, &extra)?;
        let content = fnv1a(&bytes);
        let finder = self.finder.get_or_insert_with(DuplicateFinder::default);
        if let Some(place) = finder.place(&article) {
            let name = place.to_owned();
            if !self.touched.insert(name.clone()) {
                return Ok(None);
            }
            return self.maybe_update(&name, feed_url, draft, content, updated_at);
        }
        let stem = import_write::file_stem(&article.title, &crate::import::identity(&article));
        // Deleted with `d` (kept in the trash under the name it had): the
        // user does not want it back from the next refresh.
        let trashed = crate::store::trash::trash_dir(&self.dir).join(format!("{stem}.json"));
        if trashed.exists() {
            return Ok(None);
        }
        match import_write::create_new(&self.dir, &stem, &bytes).map_err(|e| e.to_string())? {
            import_write::Written::New(path) => {
                let name = file_name(&path);
                finder.add_article(&article, &name);
                self.known.insert(name.clone());
                self.touched.insert(name.clone());
                self.record(&name, feed_url, content, content);
                Ok(Some(Change::New))
            }
            import_write::Written::Identical(_) => Ok(None),
        }
    }

    /// The item is in the folder as `name`: replaced when it changed, the
    /// file is one a refresh wrote for this feed, and its bytes are still
    /// those written.
    fn maybe_update(
        &mut self,
        name: &str,
        feed_url: &str,
        draft: &Draft,
        content: u64,
        updated_at: &str,
    ) -> Result<Option<Change>, String> {
        let Some(record) = self.records.get(name) else {
            // Not ours (imported, or written by hand): never touched.
            return Ok(None);
        };
        if record.feed != feed_url || record.content == content {
            return Ok(None);
        }
        let path = self.dir.join(name);
        let unedited = |file: u64| std::fs::read(&path).is_ok_and(|b| fnv1a(&b) == file);
        if !unedited(record.file) {
            return Ok(None);
        }
        let extra = Extra {
            feed: Some(feed_url),
            updated: Some(updated_at),
        };
        let (bytes, _) = render_with(draft, &extra)?;
        // Looked at again just before: an edit saved meanwhile wins.
        if !unedited(record.file) {
            return Ok(None);
        }
        fsio::write_atomic(&path, &bytes, fsio::Durability::Cache)
            .map_err(|e| format!("cannot replace {name}: {e}"))?;
        self.record(name, feed_url, content, fnv1a(&bytes));
        Ok(Some(Change::Updated))
    }

    fn record(&mut self, name: &str, feed_url: &str, content: u64, file: u64) {
        self.records.insert(
            name.to_owned(),
            Fetched {
                folder: self.folder,
                name: name.to_owned(),
                feed: feed_url.to_owned(),
                content,
                file,
            },
        );
        self.put.push(name.to_owned());
    }
}

enum Change {
    New,
    Updated,
}

/// The names of the folder's `*.json` files (those the reader lists).
fn json_names(dir: &Path) -> Result<std::collections::HashSet<String>, String> {
    let cannot =
        |e: std::io::Error| format!("cannot read the article folder {}: {e}", dir.display());
    let mut names = std::collections::HashSet::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let name = entry.map_err(cannot)?.file_name();
        // As the listing does: the extension exactly `json`.
        let listed = Path::new(&name).extension().is_some_and(|e| e == "json");
        if let Some(name) = name.to_str().filter(|_| listed) {
            names.insert(name.to_owned());
        }
    }
    Ok(names)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Now in UTC, as ISO 8601 to the second.
fn iso_now() -> String {
    let secs = i64::try_from(crate::store::state::now_secs()).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}
