//! Keeping the stored index in step with the folder, a few files at a
//! time: files gone are dropped, new and changed ones read and indexed
//! (their words first, for every file; then the names the fact extractor
//! finds, which costs ten times as much). Each step is one short
//! transaction, so a query waits for one step at most, and a kill loses
//! one step's work at most.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::params;

use crate::article::Article;
use crate::search::entities::Entities;
use crate::search::fold::fold_into;
use crate::search::tokens;
use crate::store::articles::Articles;
use crate::store::library::parse_file;
use crate::store::listing::{Scan, Stamp};

use super::pack::Packing;
use super::{Store, StoreError, short};

/// Files written per step (the next ones are read meanwhile, on the other
/// cores). Fewer would keep a query waiting less, but FTS5 writes a
/// segment per transaction and merges them later: small transactions make
/// the first build several times slower.
const FILES_PER_STEP: usize = 256;

/// Articles whose names are found per step (about 0.3 ms each).
const NAMES_PER_STEP: usize = 128;

/// How long after its last change a file's entry starts to be trusted (a
/// file changed twice within one clock tick would otherwise look
/// unchanged), as for the metadata index.
const SETTLE: Duration = Duration::from_secs(2);

/// Doc → list position. A query looks up every doc it finds (100,000 for
/// `s`), so the hash is one multiplication rather than `SipHash`: doc
/// ids are SQLite's, not an attacker's.
pub(super) type DocMap = HashMap<i64, u32, BuildHasherDefault<DocHasher>>;

/// Fibonacci hashing of a doc id: odd multiplier, so consecutive ids land
/// in different buckets and the top bits (the table's tags) vary too.
#[derive(Default)]
pub(super) struct DocHasher(u64);

impl Hasher for DocHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_i64(&mut self, v: i64) {
        self.0 = (v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// How far the index has got over the listed articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Listed articles whose words are indexed.
    pub text: usize,
    /// Listed articles whose names are indexed too.
    pub names: usize,
    pub total: usize,
}

/// The stored index of one folder, kept in step with it, and the articles
/// of the list it answers for.
#[derive(Debug)]
pub struct Indexer {
    pub(super) store: Store,
    dir: PathBuf,
    /// List position of each listed article, by (file name, id).
    listed: HashMap<(Box<str>, Box<str>), u32>,
    /// Doc (row of the index) → list position, for the docs of listed
    /// articles.
    pub(super) docs: DocMap,
    /// Per list position: its words are indexed, and its names.
    pub(super) covered: Vec<bool>,
    pub(super) named: Vec<bool>,
    progress: Progress,
    plan: Option<Plan>,
    /// Files read so far (new or changed since the index last saw them).
    files_read: usize,
    /// Files found new or changed and not indexed again yet: their
    /// articles' docs (if any) are of an older text, so they wait.
    unread: std::collections::HashSet<String>,
    /// SQLite's count of other connections' commits when the docs above
    /// were loaded: another gogai indexing the same folder changes the
    /// docs under us, and they are loaded again.
    seen_version: i64,
    /// The folder as the folder check saw it, to plan from instead of
    /// listing it again (see [`Indexer::plan_from`]).
    scan: Option<std::sync::Arc<Scan>>,
}

/// What is left to do.
#[derive(Debug, Default)]
struct Plan {
    gone: Vec<String>,
    /// New or changed files: name, stamp (`None`: never trusted, read at
    /// every start) and path.
    stale: Vec<(String, Option<Stamp>, PathBuf)>,
    /// The next files to write, read while the last ones were written.
    ready: Option<Batch>,
    /// No doc is left without names.
    named: bool,
    /// How far the `short` and `words` rows are packed; `None` when done.
    packing: Option<Packing>,
}

/// Files read, with their stamps and their articles made ready to write.
type Batch = Vec<((String, Option<Stamp>), Vec<Encoded>)>;

/// Reads and encodes `files`, on every core.
fn read_batch(files: Vec<(String, Option<Stamp>, PathBuf)>) -> Batch {
    let read = crate::par::map(&files, |(_, _, path)| {
        let parsed = parse_file(path);
        // The list shows the first article of an id; a later one in the
        // same file must not lend it its words.
        let mut ids = std::collections::HashSet::new();
        parsed
            .articles
            .iter()
            .filter(|a| ids.insert(a.id.as_str()))
            .map(encode)
            .collect::<Vec<_>>()
    });
    files
        .into_iter()
        .zip(read)
        .map(|((name, stamp, _), encoded)| ((name, stamp), encoded))
        .collect()
}

/// One article, made ready to be written.
#[derive(Debug)]
struct Encoded {
    id: String,
    tags: Vec<String>,
    text: String,
    /// Its `short` keys (the first characters of its tokens) and its
    /// longer words, for the `words` table.
    keys: Vec<Box<str>>,
    words: Vec<Box<str>>,
}

/// One article's names, made ready to be written.
struct Named {
    doc: i64,
    people: String,
    orgs: String,
    places: String,
    quote: bool,
    figure: bool,
}

impl Indexer {
    /// Opens the index for the folder `dir` at `path`, for `articles` (its
    /// listed articles, metadata only). Nothing is read from the folder
    /// yet: [`step`](Self::step) does that.
    pub fn open(
        path: &Path,
        dir: &Path,
        articles: &Articles,
    ) -> Result<(Self, Option<String>), StoreError> {
        let shown = dir.display().to_string();
        let (store, opened) = Store::open(path, &shown)?;
        let mut listed = HashMap::with_capacity(articles.len());
        for (i, meta) in articles.iter().enumerate() {
            let Some(name) = meta.path().and_then(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned().into_boxed_str())
            }) else {
                continue;
            };
            listed.insert((name, Box::from(meta.id())), i as u32);
        }
        let total = articles.len();
        let mut indexer = Self {
            store,
            dir: dir.to_path_buf(),
            listed,
            docs: DocMap::default(),
            covered: vec![false; total],
            named: vec![false; total],
            progress: Progress {
                total,
                ..Progress::default()
            },
            plan: None,
            files_read: 0,
            unread: std::collections::HashSet::new(),
            seen_version: 0,
            scan: None,
        };
        indexer.load_docs()?;
        Ok((indexer, opened.notice))
    }

    /// Which listed articles the index holds already.
    fn load_docs(&mut self) -> Result<(), StoreError> {
        let err = self.store.err();
        // Read before the docs: a commit in between makes it differ next
        // time, and the docs are loaded once more rather than once less.
        self.seen_version = self.data_version()?;
        self.docs.clear();
        self.covered.fill(false);
        self.named.fill(false);
        self.progress.text = 0;
        self.progress.names = 0;
        let mut stmt = self
            .store
            .conn
            .prepare("SELECT doc, file, id, named FROM docs")
            .map_err(&err)?;
        let mut rows = stmt.query([]).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            let doc: i64 = row.get(0).map_err(&err)?;
            let file: String = row.get(1).map_err(&err)?;
            let id: String = row.get(2).map_err(&err)?;
            let named: bool = row.get(3).map_err(&err)?;
            if self.unread.contains(&file) {
                continue;
            }
            let key = (file.into_boxed_str(), id.into_boxed_str());
            if let Some(&at) = self.listed.get(&key) {
                self.docs.insert(doc, at);
                cover(&mut self.covered, &mut self.progress.text, at);
                if named {
                    cover(&mut self.named, &mut self.progress.names, at);
                }
            }
        }
        Ok(())
    }

    fn data_version(&self) -> Result<i64, StoreError> {
        self.store
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(self.store.err())
    }

    /// Loads the docs again if another gogai has written to the index
    /// since they were loaded.
    pub(super) fn refresh(&mut self) -> Result<(), StoreError> {
        if self.data_version()? != self.seen_version {
            self.load_docs()?;
        }
        Ok(())
    }

    /// How far it has got. Once every file of the folder has been read,
    /// the words are done even if some listed articles have none (their
    /// file became unreadable, or changed its ids, since the list was
    /// read): they will not come in this run, and waiting for them would
    /// keep a search "searching" for ever. The same for the names.
    pub fn progress(&self) -> Progress {
        let mut progress = self.progress;
        if self.words_done() {
            progress.text = progress.total;
        }
        if self.names_done() {
            progress.names = progress.total;
        }
        progress
    }

    /// Whether every new and changed file has been read.
    pub(super) fn words_done(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|p| p.gone.is_empty() && p.stale.is_empty() && p.ready.is_none())
    }

    /// Whether every doc's names have been looked for.
    pub(super) fn names_done(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| p.named)
    }

    /// Plans from `scan` (the folder listed and looked at by someone else
    /// just now) rather than listing the folder again, if no plan is made
    /// yet and it is of this folder. At 100,000 files listing and looking
    /// at every file is a few tenths of a second.
    pub fn plan_from(&mut self, scan: std::sync::Arc<Scan>) {
        if self.plan.is_none() && scan.dir() == self.dir {
            self.scan = Some(scan);
        }
    }

    /// Whether the folder has been compared with the index yet (the first
    /// [`step`](Self::step) does that).
    pub fn planned(&self) -> bool {
        self.plan.is_some()
    }

    /// How many files this indexer has read: those new or changed since
    /// the index last saw the folder.
    pub fn files_read(&self) -> usize {
        self.files_read
    }

    /// Does one step of the work left; false when there is none (the
    /// index is in step with the folder as it was when first looked at).
    pub fn step(&mut self) -> Result<bool, StoreError> {
        self.refresh()?;
        let Some(plan) = &mut self.plan else {
            let plan = self.make_plan()?;
            // What the index has of changed files is an older text: those
            // articles wait for the new one instead of matching the old.
            self.unread = plan.stale.iter().map(|(name, ..)| name.clone()).collect();
            let waiting: Vec<u32> = self
                .listed
                .iter()
                .filter(|((file, _), _)| self.unread.contains(&**file))
                .map(|(_, &at)| at)
                .collect();
            for at in waiting {
                uncover(&mut self.covered, &mut self.progress.text, at);
                uncover(&mut self.named, &mut self.progress.names, at);
            }
            self.docs.retain(|_, at| self.covered[*at as usize]);
            self.plan = Some(plan);
            return Ok(true);
        };
        if !plan.gone.is_empty() {
            // A step at a time here too: deleting 10,000 files' docs in one
            // transaction takes seconds, and a query would wait for it.
            let n = plan.gone.len().min(FILES_PER_STEP);
            let gone: Vec<String> = plan.gone.drain(..n).collect();
            self.drop_files(&gone)?;
            return Ok(true);
        }
        if plan.ready.is_some() || !plan.stale.is_empty() {
            let take = |plan: &mut Plan| {
                let n = plan.stale.len().min(FILES_PER_STEP);
                plan.stale.drain(..n).collect::<Vec<_>>()
            };
            let current = match plan.ready.take() {
                Some(batch) => batch,
                None => read_batch(take(plan)),
            };
            let next = take(plan);
            // The next files are read while these are written: writing is
            // one thread's work in SQLite, reading is not.
            let (next, written) = std::thread::scope(|scope| {
                let reading = (!next.is_empty()).then(|| scope.spawn(|| read_batch(next)));
                let written = self.index_files(&current);
                let next = reading.map(|r| {
                    r.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                });
                (next, written)
            });
            written?;
            if let Some(plan) = &mut self.plan {
                plan.ready = next;
            }
            return Ok(true);
        }
        if !plan.named {
            if !self.name_some()?
                && let Some(plan) = &mut self.plan
            {
                plan.named = true;
            }
            return Ok(true);
        }
        if let Some(mut packing) = plan.packing.take() {
            let more = self.pack_some(&mut packing)?;
            if more && let Some(plan) = &mut self.plan {
                plan.packing = Some(packing);
            }
            return Ok(true);
        }
        Ok(false)
    }

    /// Compares the folder with the files the index knows.
    fn make_plan(&mut self) -> Result<Plan, StoreError> {
        let scan = match self.scan.take() {
            Some(scan) => scan,
            None => std::sync::Arc::new(Scan::read(&self.dir).map_err(|e| StoreError::Io {
                path: self.dir.display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })?),
        };
        let (listing, stamps) = (&scan.listing, &scan.stamps);
        let err = self.store.err();
        let mut known: HashMap<String, (Option<Stamp>, i64)> = HashMap::new();
        {
            let mut stmt = self
                .store
                .conn
                .prepare("SELECT name, size, modified, changed, inode, parsed FROM files")
                .map_err(&err)?;
            let mut rows = stmt.query([]).map_err(&err)?;
            while let Some(row) = rows.next().map_err(&err)? {
                let name: String = row.get(0).map_err(&err)?;
                let size: Option<i64> = row.get(1).map_err(&err)?;
                let stamp = match size {
                    Some(size) => Some(Stamp {
                        size: size as u64,
                        modified: row.get(2).map_err(&err)?,
                        changed: row.get(3).map_err(&err)?,
                        inode: row.get::<_, i64>(4).map_err(&err)? as u64,
                    }),
                    None => None,
                };
                known.insert(name, (stamp, row.get(5).map_err(&err)?));
            }
        }
        let mut plan = Plan::default();
        for (i, &stamp) in stamps.iter().enumerate() {
            let raw = listing.name(i);
            // A name that is not UTF-8 is kept here in a lossy form, which
            // two names may share: such a file is read at every start.
            let stamp = stamp.filter(|_| raw.to_str().is_some());
            let name = raw.to_string_lossy().into_owned();
            let fresh = match (known.remove(&name), stamp) {
                (Some((Some(had), parsed)), Some(now)) => {
                    had == now && now.modified < parsed - SETTLE.as_nanos() as i64
                }
                _ => false,
            };
            if !fresh {
                plan.stale.push((name, stamp, listing.path(i)));
            }
        }
        plan.gone = known.into_keys().collect();
        // Rows are only added when files are written or dropped: a start
        // that finds nothing changed has nothing to pack.
        if !plan.stale.is_empty() || !plan.gone.is_empty() {
            plan.packing = Some(Packing::default());
        }
        Ok(plan)
    }

    /// Drops the docs of files no longer in the folder.
    fn drop_files(&mut self, names: &[String]) -> Result<(), StoreError> {
        let err = self.store.err();
        let tx = self.store.write().map_err(&err)?;
        let mut dropped = Vec::new();
        for name in names {
            dropped.extend(delete_file(&tx, name).map_err(&err)?);
            tx.execute("DELETE FROM files WHERE name = ?1", [name])
                .map_err(&err)?;
        }
        tx.commit().map_err(&err)?;
        self.forget(&dropped);
        Ok(())
    }

    fn forget(&mut self, docs: &[i64]) {
        for doc in docs {
            if let Some(at) = self.docs.remove(doc) {
                uncover(&mut self.covered, &mut self.progress.text, at);
                uncover(&mut self.named, &mut self.progress.names, at);
            }
        }
    }

    /// Reads and indexes these files, replacing what the index had of them.
    fn index_files(&mut self, batch: &Batch) -> Result<(), StoreError> {
        self.files_read += batch.len();
        let parsed_at = nanos_now();
        let err = self.store.err();
        let tx = self.store.write().map_err(&err)?;
        let mut dropped = Vec::new();
        let mut added = Vec::new();
        let mut skipped = false;
        // Key → the docs written now that have it (ascending: doc ids only
        // grow), one `short` row each at the end; and the same per word.
        let mut shorts: HashMap<&str, Vec<i64>> = HashMap::new();
        let mut words: HashMap<&str, Vec<i64>> = HashMap::new();
        {
            let mut doc_insert = tx
                .prepare_cached("INSERT INTO docs(file, id) VALUES (?1, ?2)")
                .map_err(&err)?;
            let mut text_insert = tx
                .prepare_cached("INSERT INTO text(rowid, body) VALUES (?1, ?2)")
                .map_err(&err)?;
            let mut short_insert = tx
                .prepare_cached("INSERT INTO short(key, first, bits) VALUES (?1, ?2, ?3)")
                .map_err(&err)?;
            let mut word_insert = tx
                .prepare_cached("INSERT INTO words(word, first, bits) VALUES (?1, ?2, ?3)")
                .map_err(&err)?;
            let mut tag_insert = tx
                .prepare_cached("INSERT OR IGNORE INTO tags(tag, doc) VALUES (?1, ?2)")
                .map_err(&err)?;
            let mut file_upsert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO files(name, size, modified, changed, inode, parsed)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(&err)?;
            for ((name, stamp), articles) in batch {
                // Another gogai may have read it since the plan was made.
                if is_fresh(&tx, name, *stamp).map_err(&err)? {
                    skipped = true;
                    continue;
                }
                dropped.extend(delete_file(&tx, name).map_err(&err)?);
                for article in articles {
                    doc_insert
                        .execute(params![name, article.id])
                        .map_err(&err)?;
                    let doc = tx.last_insert_rowid();
                    text_insert
                        .execute(params![doc, article.text])
                        .map_err(&err)?;
                    for tag in &article.tags {
                        tag_insert.execute(params![tag, doc]).map_err(&err)?;
                    }
                    for key in &article.keys {
                        shorts.entry(key).or_default().push(doc);
                    }
                    for word in &article.words {
                        words.entry(word).or_default().push(doc);
                    }
                    added.push((doc, name.as_str(), article.id.as_str()));
                }
                file_upsert
                    .execute(params![
                        name,
                        stamp.map(|s| s.size as i64),
                        stamp.map(|s| s.modified),
                        stamp.map(|s| s.changed),
                        stamp.map(|s| s.inode as i64),
                        parsed_at,
                    ])
                    .map_err(&err)?;
            }
            // The docs of files dropped here keep their bits in older rows:
            // a doc id is never given again and only the docs the index
            // holds are looked up, so those bits find nothing.
            for (key, docs) in &shorts {
                short_insert
                    .execute(params![key, docs[0], short::encode(docs)])
                    .map_err(&err)?;
            }
            for (word, docs) in &words {
                word_insert
                    .execute(params![word, docs[0], short::encode(docs)])
                    .map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)?;
        self.forget(&dropped);
        for ((name, _), _) in batch {
            self.unread.remove(name);
        }
        if skipped {
            // Another gogai wrote those files' docs: take them in.
            self.load_docs()?;
        }
        for (doc, name, id) in added {
            let key = (Box::from(name), Box::from(id));
            if let Some(&at) = self.listed.get(&key) {
                self.docs.insert(doc, at);
                cover(&mut self.covered, &mut self.progress.text, at);
            }
        }
        Ok(())
    }

    /// Finds the names of some docs that have none yet; false when there
    /// were none left.
    fn name_some(&mut self) -> Result<bool, StoreError> {
        let err = self.store.err();
        let todo: Vec<(i64, String, String)> = {
            let mut stmt = self
                .store
                .conn
                .prepare_cached("SELECT doc, file, id FROM docs WHERE named = 0 LIMIT ?1")
                .map_err(&err)?;
            let rows = stmt
                .query_map([NAMES_PER_STEP as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .map_err(&err)?;
            rows.collect::<Result<_, _>>().map_err(&err)?
        };
        if todo.is_empty() {
            return Ok(false);
        }
        // Each file once, however many of its articles are here.
        let mut files: Vec<&str> = todo.iter().map(|(_, f, _)| f.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        let dir = &self.dir;
        let read: HashMap<&str, Vec<Article>> = files
            .iter()
            .copied()
            .zip(crate::par::map(&files, |f| {
                parse_file(&dir.join(f)).articles
            }))
            .collect();
        let named = crate::par::map(&todo, |(doc, file, id)| {
            let article = read
                .get(file.as_str())
                .and_then(|all| all.iter().find(|a| &a.id == id));
            // Gone or unreadable since its words were read: it names
            // nobody, until its file changes and is read again.
            let entities = article.map_or_else(Entities::default, |a| {
                Entities::from_facts(&crate::facts::for_article(a))
            });
            Named {
                doc: *doc,
                people: encode_names(&entities.people),
                orgs: encode_names(&entities.orgs),
                places: encode_names(&entities.places),
                quote: entities.has_quote,
                figure: entities.has_figure,
            }
        });
        let tx = self.store.write().map_err(&err)?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO names(rowid, people, orgs, places) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(&err)?;
            let mut mark = tx
                .prepare_cached("UPDATE docs SET named = 1, quote = ?2, figure = ?3 WHERE doc = ?1 AND named = 0")
                .map_err(&err)?;
            for n in &named {
                // Another gogai on this index may have named it meanwhile.
                if mark
                    .execute(params![n.doc, n.quote, n.figure])
                    .map_err(&err)?
                    == 1
                {
                    insert
                        .execute(params![n.doc, n.people, n.orgs, n.places])
                        .map_err(&err)?;
                }
            }
        }
        tx.commit().map_err(&err)?;
        for n in &named {
            if let Some(&at) = self.docs.get(&n.doc) {
                cover(&mut self.named, &mut self.progress.names, at);
            }
        }
        Ok(true)
    }
}

/// Whether the index has file `name` as it is now (`stamp`), read long
/// enough after its last change to be trusted.
fn is_fresh(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    stamp: Option<Stamp>,
) -> rusqlite::Result<bool> {
    let Some(now) = stamp else {
        return Ok(false);
    };
    let mut stmt = tx.prepare_cached(
        "SELECT size, modified, changed, inode, parsed FROM files WHERE name = ?1",
    )?;
    let had = stmt
        .query_row([name], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(had.is_some_and(|(size, modified, changed, inode, parsed)| {
        size == Some(now.size as i64)
            && modified == Some(now.modified)
            && changed == Some(now.changed)
            && inode == Some(now.inode as i64)
            && now.modified < parsed - SETTLE.as_nanos() as i64
    }))
}

/// Deletes what the index has of file `name`; returns the docs it had.
fn delete_file(tx: &rusqlite::Transaction<'_>, name: &str) -> rusqlite::Result<Vec<i64>> {
    let docs: Vec<i64> = {
        let mut stmt = tx.prepare_cached("SELECT doc FROM docs WHERE file = ?1")?;
        stmt.query_map([name], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    if docs.is_empty() {
        return Ok(docs);
    }
    let mut text = tx.prepare_cached("DELETE FROM text WHERE rowid = ?1")?;
    let mut names = tx.prepare_cached("DELETE FROM names WHERE rowid = ?1")?;
    let mut tags = tx.prepare_cached("DELETE FROM tags WHERE doc = ?1")?;
    for doc in &docs {
        text.execute([doc])?;
        names.execute([doc])?;
        tags.execute([doc])?;
    }
    tx.execute("DELETE FROM docs WHERE file = ?1", [name])?;
    Ok(docs)
}

fn cover(flags: &mut [bool], count: &mut usize, at: u32) {
    if let Some(flag) = flags.get_mut(at as usize)
        && !*flag
    {
        *flag = true;
        *count += 1;
    }
}

fn uncover(flags: &mut [bool], count: &mut usize, at: u32) {
    if let Some(flag) = flags.get_mut(at as usize)
        && *flag
    {
        *flag = false;
        *count -= 1;
    }
}

fn nanos_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The searchable fields of an article (the in-memory index's), folded and
/// cut into tokens, a break between fields.
fn encode(article: &Article) -> Encoded {
    let fields = crate::search::index::searchable_fields(article);
    let mut folded = String::new();
    let mut text = String::new();
    for field in fields {
        folded.clear();
        fold_into(&mut folded, field, &mut false);
        tokens::push_encoded(&mut text, &folded);
        tokens::push_break(&mut text);
    }
    let (keys, words) = tokens::keys(&text);
    Encoded {
        id: article.id.clone(),
        keys,
        words,
        tags: article
            .tags
            .iter()
            .map(|t| crate::search::fold(t.trim()))
            .collect(),
        text,
    }
}

/// Names (folded) as the index stores them, a break between two.
fn encode_names(names: &[String]) -> String {
    let mut out = String::new();
    for name in names {
        tokens::push_encoded(&mut out, name);
        tokens::push_break(&mut out);
    }
    out
}
