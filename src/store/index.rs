//! The metadata index: what the list needs of every article file (titles,
//! dates, sources, tags, and the problems found), kept on disk so the next
//! start reads one file instead of every article. Bodies are not in it: they
//! are read when an article is opened.
//!
//! An entry is used only while its file has the same size, modification
//! and change times and inode (the modification time can be put back after
//! an edit; the change time cannot), and only if its modification time was
//! well before the entry was made (a file changed twice within one clock
//! tick would otherwise look unchanged). An
//! index that cannot be read, is from another version or another folder is
//! ignored and rebuilt. It is a cache: losing it costs one slow start.
//!
//! A change is not written by writing the whole index again: the files
//! read again and the names gone are appended to a log beside it (see
//! [`super::delta`]), which a load applies to the base file, and which is
//! folded into a new base (compacted) once it passes a share of the base's
//! size.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::article::Problem;
use crate::store::articles::ListOrder;
use crate::store::catalog::{Catalog, Damaged, Folder, Records};
use crate::store::delta;
use crate::store::fsio::{self, Durability};
use crate::store::hash::fnv1a;
use crate::store::listing::Stamp;
use crate::store::paths;

/// Bumped whenever the layout below changes: an older index is rebuilt.
const VERSION: u32 = 8;

/// The log is folded into a new base when it passes this share of the
/// base's size (1/N): loading applies the log by copying every entry once,
/// which costs about what reading the base costs, so a log kept small keeps
/// that rare and a start at the speed of the base alone.
const COMPACT_SHARE: u64 = 4;

/// Which gogai wrote an index.
const PROGRAM: &str = concat!("gogai ", env!("CARGO_PKG_VERSION"));

/// How long after its last change a file's entry starts to be trusted.
const SETTLE: Duration = Duration::from_secs(2);

/// The largest header believed (it holds the problems found; a header
/// claiming more is damage, not a folder).
const MAX_HEAD: u32 = 64 * 1024 * 1024;

/// An index in memory. On disk it is: the length of the header and a CRC-32
/// of all that follows (4 bytes each, little-endian), the header ([`Head`],
/// postcard), the stamps and the catalog's tables as fixed-size records,
/// then the catalog's text as it is. Reading it back is three reads and a
/// loop: no string is allocated per article, and the text lands in its own
/// buffer at once. The checksum catches damage that still parses (a flipped
/// byte in a title would otherwise be shown as if the file said it).
#[derive(Debug, Default)]
pub struct Index {
    /// The folder it describes, as given.
    folder: String,
    /// One per file of `catalog`, in the same order.
    stamps: Vec<Stamped>,
    /// The problems found, by file number, in file order.
    problems: Vec<(u32, Problem)>,
    /// The articles, file by file. Files whose entries can be trusted are
    /// sorted by name, as the folder listing is: the two are walked side by
    /// side, with no hashing.
    catalog: Catalog,
    /// The catalog's list order, as saved (`None` for an index made this
    /// run, or one whose order does not fit its catalog).
    order: Option<ListOrder>,
    /// The generation of the base file it was read from (0: none): the log
    /// beside a base belongs to that base alone.
    generation: u64,
    /// How many records of the log were applied when it was read.
    applied: usize,
}

/// How [`Index::save_changes`] wrote the index.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Not at all.
    #[default]
    Nothing,
    /// A record appended to the log.
    Appended,
    /// A whole new base (the first, one after another gogai replaced the
    /// base, or the log folded in).
    Whole,
}

#[derive(Debug, Serialize, Deserialize)]
struct Head {
    version: u32,
    /// The gogai that wrote it: another one may clean or parse text
    /// differently, so its entries are not trusted.
    program: String,
    /// The folder it describes, as given (a different folder hashing to the
    /// same name is caught here).
    folder: String,
    /// Made anew for every base written: the log names the base it
    /// belongs to by it.
    generation: u64,
    files: u64,
    articles: u64,
    tags: u64,
    text: u64,
    /// Articles listed, and left out for a repeated id (see [`ListOrder`]).
    listed: u64,
    repeats: u64,
    problems: Vec<(u32, Problem)>,
}

/// When one file was seen.
#[derive(Debug, Clone, Copy)]
pub struct Stamped {
    /// `None` for a file never to be trusted (not a regular file, or a name
    /// that is not UTF-8): it is in the catalog only for its articles.
    stamp: Option<Stamp>,
    /// When the file was parsed, nanoseconds since 1970.
    parsed: i64,
    /// How many articles of the catalog are this file's.
    articles: u32,
}

/// Bytes of a [`Stamped`] on disk.
const STAMPED_BYTES: usize = 1 + 8 + 8 + 8 + 8 + 8 + 4;

/// What a load did with the index, for `GOGAI_INDEX_STATS`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub reused: usize,
    pub parsed: usize,
    pub dropped: usize,
    /// How the index was written.
    pub written: Written,
    /// Records of the index's log applied when it was read.
    pub applied: usize,
    /// Time since the start at the end of each phase: listing the folder,
    /// reading the index, checking the files, matching them to entries,
    /// parsing and saving, putting the list together.
    pub timings: [Duration; 6],
}

fn nanos(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

/// What the index knew of one listed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Still right: file `n` of the index.
    Fresh(u32),
    /// Changed, new, or not a regular file: read it.
    Stale,
}

/// One listed file, for [`Index::match_files`].
pub struct Listed<'a> {
    /// The name; `None` when it is not UTF-8 (such a file is always read).
    pub name: Option<&'a str>,
    pub stamp: Option<Stamp>,
}

/// A file read this run, for [`Index::update`].
pub struct Read<'a> {
    pub name: &'a std::ffi::OsStr,
    pub stamp: Option<Stamp>,
    pub articles: &'a [crate::article::Article],
    pub problems: &'a [Problem],
}

impl Index {
    /// Reads the index for `folder` from `path`, with the changes its log
    /// holds. Anything unusable (no file, a truncated or foreign one, one
    /// out of order or pointing outside itself) is an empty index; a log
    /// that is not this base's, or the part of it after a damaged record,
    /// is left out.
    pub fn load(path: &Path, folder: &Path) -> Self {
        let shown = folder.display().to_string();
        let Some(base) = Self::read(path, &shown, folder) else {
            return Self {
                folder: shown,
                ..Self::default()
            };
        };
        let records = delta::read(&delta::path_of(path), VERSION, base.generation);
        // A record that passed its checksum and still cannot be read (a
        // bug, not damage) ends the log as damage would.
        let changes: Vec<Change> = records
            .iter()
            .map_while(|r| Change::decode(r, &shown, folder))
            .collect();
        if changes.is_empty() {
            return base;
        }
        base.merged(&changes, folder)
    }

    /// This base with `changes` applied, oldest first: a file named in a
    /// change is what that change says (read again, or gone).
    fn merged(self, changes: &[Change], folder: &Path) -> Self {
        // Per name shown, the files that now stand for it (none: gone), by
        // change and file number.
        let mut latest: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for (c, change) in changes.iter().enumerate() {
            for name in &change.removed {
                latest.insert(name, Vec::new());
            }
            for f in 0..change.read.files() {
                let now = latest.entry(change.read.catalog.file_name(f)).or_default();
                // An older change's entry is replaced; two files of one
                // change may share a name shown (names not UTF-8).
                if now.first().is_some_and(|&(older, _)| older != c) {
                    now.clear();
                }
                now.push((c, f));
            }
        }
        let mut out = Self {
            folder: self.folder.clone(),
            generation: self.generation,
            applied: changes.len(),
            ..Self::default()
        };
        let place = out.catalog.folder(Folder::Path(folder.to_path_buf()));
        let starts: Vec<Vec<usize>> = changes.iter().map(|c| c.read.starts()).collect();
        let emit = |out: &mut Self, files: &[(usize, usize)]| {
            for &(c, f) in files {
                out.push_file(place, &changes[c].read, f, &starts[c]);
            }
        };
        let base_starts = self.starts();
        let mut pending = latest.iter().peekable();
        // The base's files kept, a run at a time: copied as a block.
        let mut run = 0..0;
        for f in 0..self.files() {
            let name = self.catalog.file_name(f);
            // Trusted files stay in name order (see `is_consistent`); an
            // untrusted one keeps its place.
            let before = if self.stamps[f].stamp.is_some() {
                std::iter::from_fn(|| pending.next_if(|(n, _)| **n < name)).collect()
            } else {
                Vec::new()
            };
            let kept = !latest.contains_key(name);
            if !before.is_empty() || !kept {
                out.push_files(place, &self, run.clone(), &base_starts);
                run = f + usize::from(!kept)..f + 1;
            } else {
                run.end = f + 1;
            }
            for (_, files) in before {
                emit(&mut out, files);
            }
        }
        out.push_files(place, &self, run, &base_starts);
        for (_, files) in pending {
            emit(&mut out, files);
        }
        out
    }

    /// Copies files `files` of `src` to the end of this index, as one
    /// block when its catalog allows (see [`Catalog::copy_files`]).
    fn push_files(
        &mut self,
        place: u32,
        src: &Self,
        files: std::ops::Range<usize>,
        starts: &[usize],
    ) {
        if files.is_empty() {
            return;
        }
        let offset = self.stamps.len() as u32;
        let articles = starts[files.start]..starts[files.end];
        if self
            .catalog
            .copy_files(&src.catalog, files.clone(), articles, place)
        {
            self.stamps.extend_from_slice(&src.stamps[files.clone()]);
            let from = src
                .problems
                .partition_point(|(g, _)| (*g as usize) < files.start);
            let to = src
                .problems
                .partition_point(|(g, _)| (*g as usize) < files.end);
            self.problems.extend(
                src.problems[from..to]
                    .iter()
                    .map(|(g, p)| (*g - files.start as u32 + offset, p.clone())),
            );
        } else {
            for f in files {
                self.push_file(place, src, f, starts);
            }
        }
    }

    /// The first article of each file, and one past the last.
    fn starts(&self) -> Vec<usize> {
        let mut first = Vec::with_capacity(self.stamps.len() + 1);
        first.push(0usize);
        for s in &self.stamps {
            first.push(first[first.len() - 1] + s.articles as usize);
        }
        first
    }

    /// Copies file `f` of `src` (its name, stamp, articles and problems)
    /// to the end of this index, in `place`; `starts` is `src.starts()`.
    fn push_file(&mut self, place: u32, src: &Self, f: usize, starts: &[usize]) {
        let new = self
            .catalog
            .add_file(place, src.catalog.file_name(f).as_ref());
        for i in starts[f]..starts[f + 1] {
            self.catalog.copy_from(&src.catalog, i, new);
        }
        self.stamps.push(src.stamps[f]);
        self.problems
            .extend(src.problems_of(f).iter().map(|(_, p)| (new, p.clone())));
    }

    fn read(path: &Path, shown: &str, folder: &Path) -> Option<Self> {
        use std::os::unix::fs::FileExt as _;
        // Never blocks on a pipe put at the path; anything but a regular
        // file is no index, and the save replaces it.
        let file = fsio::open_regular(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut lead = [0; 8];
        file.read_exact_at(&mut lead, 0).ok()?;
        let [l0, l1, l2, l3, c0, c1, c2, c3] = lead;
        let head_len = u32::from_le_bytes([l0, l1, l2, l3]);
        let crc = u32::from_le_bytes([c0, c1, c2, c3]);
        if head_len > MAX_HEAD || u64::from(head_len) + 8 > size {
            return None;
        }
        // Everything after the lead is checksummed.
        let mut hasher = crc32fast::Hasher::new();
        let mut head = vec![0; head_len as usize];
        file.read_exact_at(&mut head, 8).ok()?;
        hasher.update(&head);
        let head: Head = postcard::from_bytes(&head).ok()?;
        if head.version != VERSION || head.program != PROGRAM || head.folder != shown {
            return None;
        }
        let [files, articles, tags, listed, repeats] = [
            head.files,
            head.articles,
            head.tags,
            head.listed,
            head.repeats,
        ]
        .map(|n| usize::try_from(n).ok());
        let (files, articles, tags, listed, repeats) =
            (files?, articles?, tags?, listed?, repeats?);
        let tables = Catalog::encoded_len(files, articles, tags)?
            .checked_add(files.checked_mul(STAMPED_BYTES)?)?
            .checked_add(listed.checked_mul(4)?)?
            .checked_add(repeats.checked_mul(8)?)?;
        // The sizes must add up to the file's before anything that large
        // is allocated.
        let tables_at = 8 + u64::from(head_len);
        let text_at = tables_at.checked_add(u64::try_from(tables).ok()?)?;
        if text_at.checked_add(head.text)? != size {
            return None;
        }
        let text_len = usize::try_from(head.text).ok()?;
        // The text (half the index) is read, summed and checked on a second
        // core while this one reads and decodes the tables: at 100,000
        // articles that is most of what a start waits for.
        let (tables, text) = std::thread::scope(|scope| {
            let text = std::thread::Builder::new()
                .name("gogai-index".to_owned())
                .spawn_scoped(scope, || read_text(&file, text_at, text_len));
            let tables = read_tables(
                &file,
                tables_at,
                tables,
                (files, articles, tags, listed, repeats),
                folder,
                &mut hasher,
            );
            let text = match text {
                Ok(handle) => handle.join().ok().flatten(),
                // No thread to be had: read here.
                Err(_) => read_text(&file, text_at, text_len),
            };
            (tables, text)
        });
        let (stamps, catalog, order) = tables?;
        let (text, text_sum) = text?;
        hasher.combine(&text_sum);
        if hasher.finalize() != crc {
            return None;
        }
        let catalog = catalog.with_text(text).ok()?;
        let order = order.fits(&catalog).then_some(order);
        let index = Self {
            folder: head.folder,
            stamps,
            problems: head.problems,
            catalog,
            order,
            generation: head.generation,
            applied: 0,
        };
        index.is_consistent().then_some(index)
    }

    /// One stamp per file, the articles file by file in the counts the
    /// stamps give, the problems' files in order, and the trusted names in
    /// order.
    fn is_consistent(&self) -> bool {
        let catalog = &self.catalog;
        if self.stamps.len() != catalog.file_count() {
            return false;
        }
        let mut next = 0usize;
        for (f, stamped) in self.stamps.iter().enumerate() {
            for i in next..next + stamped.articles as usize {
                if i >= catalog.len() || catalog.file_of(i) != f {
                    return false;
                }
            }
            next += stamped.articles as usize;
        }
        let problems_ok = self.problems.windows(2).all(|w| w[0].0 <= w[1].0)
            && self
                .problems
                .last()
                .is_none_or(|(f, _)| (*f as usize) < self.stamps.len());
        let mut trusted = self
            .stamps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stamp.is_some())
            .map(|(f, _)| catalog.file_name(f));
        let mut previous = trusted.next();
        for name in trusted {
            if previous.is_some_and(|p| p >= name) {
                return false;
            }
            previous = Some(name);
        }
        problems_ok && next == catalog.len()
    }

    /// Walks the sorted folder listing beside the sorted entries: for each
    /// file, whether the index still knows it. Returns that and the number
    /// of entries for files that are gone.
    pub fn match_files<'a>(
        &self,
        files: impl ExactSizeIterator<Item = Listed<'a>>,
    ) -> (Vec<Freshness>, usize) {
        let mut entries = self
            .stamps
            .iter()
            .enumerate()
            .filter_map(|(f, s)| Some((f, s.stamp?, s.parsed)))
            .peekable();
        let mut dropped = 0;
        let mut known = Vec::with_capacity(files.len());
        let name_of = |f: usize| self.catalog.file_name(f);
        for file in files {
            let Some(name) = file.name else {
                known.push(Freshness::Stale);
                continue;
            };
            while entries.next_if(|&(f, ..)| name_of(f) < name).is_some() {
                dropped += 1;
            }
            let Some((f, stamp, parsed)) = entries.next_if(|&(f, ..)| name_of(f) == name) else {
                known.push(Freshness::Stale);
                continue;
            };
            // Settling is judged by the modification time alone: files
            // copied with their times kept are trusted at once. The change
            // time and inode only have to be equal.
            let settled = stamp.modified.saturating_add(SETTLE.as_nanos() as i64) < parsed;
            if settled && file.stamp == Some(stamp) {
                known.push(Freshness::Fresh(f as u32));
            } else {
                known.push(Freshness::Stale);
            }
        }
        dropped += entries.count();
        (known, dropped)
    }

    /// How many files it knows.
    pub fn files(&self) -> usize {
        self.stamps.len()
    }

    /// How many records of its log were applied when it was read.
    pub fn applied(&self) -> usize {
        self.applied
    }

    /// The catalog, to take as it is when nothing changed (see
    /// [`Index::problems`] for what else the list needs).
    pub fn into_catalog(self) -> Catalog {
        self.catalog
    }

    /// The catalog and, when the index was read from disk, its list order.
    pub fn into_parts(self) -> (Catalog, Option<ListOrder>) {
        (self.catalog, self.order)
    }

    /// The problems of file `f`.
    fn problems_of(&self, f: usize) -> &[(u32, Problem)] {
        let start = self.problems.partition_point(|(g, _)| (*g as usize) < f);
        let end = self.problems.partition_point(|(g, _)| (*g as usize) <= f);
        &self.problems[start..end]
    }

    /// Every file's problems, in file order.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().map(|(_, p)| p)
    }

    /// A new index for the listed files, in listing order: each is either
    /// file `n` of this index, still right, or was read this run.
    #[must_use]
    pub fn update<'a>(
        &self,
        folder: &Path,
        files: impl IntoIterator<Item = Result<usize, Read<'a>>>,
    ) -> Self {
        let mut out = Self {
            folder: self.folder.clone(),
            ..Self::default()
        };
        let place = out.catalog.folder(Folder::Path(folder.to_path_buf()));
        let now = nanos(SystemTime::now());
        let first = self.starts();
        for file in files {
            match file {
                Ok(f) => out.push_file(place, self, f, &first),
                Err(read) => {
                    let new = out.catalog.add_file(place, read.name);
                    for article in read.articles {
                        out.catalog.add(new, article);
                    }
                    // Only a regular file found again by the same name can
                    // be trusted next time.
                    let stamp = read
                        .stamp
                        .filter(|_| out.catalog.has_exact_name(new as usize));
                    out.stamps.push(Stamped {
                        stamp,
                        parsed: now,
                        articles: read.articles.len() as u32,
                    });
                    out.problems
                        .extend(read.problems.iter().map(|p| (new, p.clone())));
                }
            }
        }
        out
    }

    /// Writes what changed since `old` was read, where this index is `old`
    /// brought up to date, file `n` being the listed file `known[n]` says
    /// `old` still knew or not: the names of `old`'s files gone or read
    /// again, and the entries of the files read, as one record appended to
    /// the log. The whole index is written instead when there is no base
    /// to append to, another gogai replaced the base since `old` was read,
    /// or the log would pass its share of the base (compaction).
    pub fn save_changes(
        &self,
        old: &Self,
        known: &[Freshness],
        path: &Path,
    ) -> std::io::Result<Written> {
        if old.generation == 0 || known.len() != self.files() {
            return self.save(path).map(|()| Written::Whole);
        }
        let mut kept = vec![false; old.files()];
        for k in known {
            if let Freshness::Fresh(f) = *k
                && let Some(slot) = kept.get_mut(f as usize)
            {
                *slot = true;
            }
        }
        let removed: Vec<&str> = (0..old.files())
            .filter(|&f| !kept[f])
            .map(|f| old.catalog.file_name(f))
            .collect();
        let mut read = Self::default();
        let place = read.catalog.folder(Folder::Memory);
        let starts = self.starts();
        for (f, k) in known.iter().enumerate() {
            if *k == Freshness::Stale {
                read.push_file(place, self, f, &starts);
            }
        }
        if removed.is_empty() && read.files() == 0 {
            return Ok(Written::Nothing);
        }
        let record = Change::encode(&removed, &read)?;
        let mut log = delta::lock(&delta::path_of(path))?;
        // Under the lock: the base must still be the one `old` was read
        // from, and the log must stay small beside it.
        let base = std::fs::metadata(path)
            .ok()
            .filter(|_| base_generation(path) == Some(old.generation));
        let fits = |base: &std::fs::Metadata| {
            log.size()
                .is_ok_and(|logged| logged + record.len() as u64 + 8 <= base.len() / COMPACT_SHARE)
        };
        match base {
            Some(base) if fits(&base) => {
                log.append(VERSION, old.generation, &record)?;
                Ok(Written::Appended)
            }
            _ => {
                self.write_base(path)?;
                log.remove()?;
                Ok(Written::Whole)
            }
        }
    }

    /// Writes the whole index as a new base, atomically (a temporary file,
    /// then a rename), so a crash or a second gogai never leaves half an
    /// index, and removes the log (which belonged to the base replaced).
    /// Done under the log's lock, as appending is.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let log = delta::lock(&delta::path_of(path))?;
        self.write_base(path)?;
        log.remove()
    }

    /// Writes the whole index at `path`, a base of a new generation. A
    /// crash after this and before the old log is removed leaves a log of
    /// another generation, which is ignored.
    fn write_base(&self, path: &Path) -> std::io::Result<()> {
        // Worked out here, where time is cheap, so that a start need not.
        let order = match &self.order {
            Some(order) => std::borrow::Cow::Borrowed(order),
            None => std::borrow::Cow::Owned(ListOrder::of(&self.catalog)),
        };
        let head = Head {
            version: VERSION,
            program: PROGRAM.to_owned(),
            folder: self.folder.clone(),
            generation: new_generation(),
            files: self.catalog.file_count() as u64,
            articles: self.catalog.len() as u64,
            tags: self.catalog.tag_count() as u64,
            text: self.catalog.text().len() as u64,
            listed: order.listed.len() as u64,
            repeats: order.repeats.len() as u64,
            problems: self.problems.clone(),
        };
        let head = postcard::to_stdvec(&head).map_err(std::io::Error::other)?;
        let head_len = u32::try_from(head.len())
            .ok()
            .filter(|&n| n <= MAX_HEAD)
            .ok_or_else(|| std::io::Error::other("too many problems to index"))?;
        let mut bytes = vec![0; 8];
        bytes.extend_from_slice(&head);
        for stamped in &self.stamps {
            stamped.encode(&mut bytes);
        }
        self.catalog.encode(&mut bytes);
        for c in &order.listed {
            bytes.extend_from_slice(&c.to_le_bytes());
        }
        for (later, first) in &order.repeats {
            bytes.extend_from_slice(&later.to_le_bytes());
            bytes.extend_from_slice(&first.to_le_bytes());
        }
        bytes.extend_from_slice(self.catalog.text().as_bytes());
        let crc = crc32fast::hash(&bytes[8..]);
        bytes[..4].copy_from_slice(&head_len.to_le_bytes());
        bytes[4..8].copy_from_slice(&crc.to_le_bytes());
        fsio::write_atomic(path, &bytes, Durability::Cache)
    }
}

/// A generation for a new base: the time and the process, so two bases
/// written by two gogai, or one after another, differ.
fn new_generation() -> u64 {
    let time = nanos(SystemTime::now()).cast_unsigned();
    (time ^ u64::from(std::process::id()).rotate_left(40)).max(1)
}

/// The generation of the base at `path`, if it is one this gogai reads.
fn base_generation(path: &Path) -> Option<u64> {
    use std::os::unix::fs::FileExt as _;
    let file = fsio::open_regular(path).ok()?;
    let mut lead = [0; 4];
    file.read_exact_at(&mut lead, 0).ok()?;
    let head_len = u32::from_le_bytes(lead);
    if head_len > MAX_HEAD {
        return None;
    }
    let mut head = vec![0; head_len as usize];
    file.read_exact_at(&mut head, 8).ok()?;
    let head: Head = postcard::from_bytes(&head).ok()?;
    (head.version == VERSION && head.program == PROGRAM).then_some(head.generation)
}

/// One record of the log: the names of the files gone or read again since
/// the state it was made from, and the entries of the files read (an index
/// of those files alone, in name order).
struct Change {
    removed: Vec<String>,
    read: Index,
}

/// The head of a [`Change`] on disk (postcard), before its tables and text
/// laid out as a base's are.
#[derive(Serialize, Deserialize)]
struct ChangeHead<S> {
    removed: Vec<S>,
    files: u64,
    articles: u64,
    tags: u64,
    text: u64,
    problems: Vec<(u32, Problem)>,
}

impl Change {
    fn encode(removed: &[&str], read: &Index) -> std::io::Result<Vec<u8>> {
        let head = ChangeHead {
            removed: removed.to_vec(),
            files: read.catalog.file_count() as u64,
            articles: read.catalog.len() as u64,
            tags: read.catalog.tag_count() as u64,
            text: read.catalog.text().len() as u64,
            problems: read.problems.clone(),
        };
        let head = postcard::to_stdvec(&head).map_err(std::io::Error::other)?;
        let head_len = u32::try_from(head.len())
            .map_err(|_| std::io::Error::other("too many changes to index"))?;
        let mut bytes = head_len.to_le_bytes().to_vec();
        bytes.extend_from_slice(&head);
        for stamped in &read.stamps {
            stamped.encode(&mut bytes);
        }
        read.catalog.encode(&mut bytes);
        bytes.extend_from_slice(read.catalog.text().as_bytes());
        Ok(bytes)
    }

    /// A record read back; `None` if anything in it does not add up.
    fn decode(bytes: &[u8], shown: &str, folder: &Path) -> Option<Self> {
        let (lead, rest) = bytes.split_first_chunk::<4>()?;
        let head_len = u32::from_le_bytes(*lead) as usize;
        let (head, rest) = rest.split_at_checked(head_len)?;
        let head: ChangeHead<String> = postcard::from_bytes(head).ok()?;
        let [files, articles, tags, text] =
            [head.files, head.articles, head.tags, head.text].map(|n| usize::try_from(n).ok());
        let (files, articles, tags, text) = (files?, articles?, tags?, text?);
        let tables = Catalog::encoded_len(files, articles, tags)?
            .checked_add(files.checked_mul(STAMPED_BYTES)?)?;
        if rest.len() != tables.checked_add(text)? {
            return None;
        }
        let (tables, text) = rest.split_at(tables);
        let mut r = Records(tables);
        let (stamps, catalog) = decode_tables(&mut r, (files, articles, tags), folder)?;
        let catalog = catalog
            .with_text(String::from_utf8(text.to_vec()).ok()?)
            .ok()?;
        let read = Index {
            folder: shown.to_owned(),
            stamps,
            problems: head.problems,
            catalog,
            ..Index::default()
        };
        read.is_consistent().then_some(Self {
            removed: head.removed,
            read,
        })
    }
}

/// The tables of an index: the stamps, the catalog (without its text) and
/// the list order.
type Tables = (Vec<Stamped>, Catalog, ListOrder);

/// Reads `len` bytes of tables at `at`, adds them to `hasher` and decodes
/// them (`counts`: files, articles, tags, listed, repeats).
fn read_tables(
    file: &std::fs::File,
    at: u64,
    len: usize,
    counts: (usize, usize, usize, usize, usize),
    folder: &Path,
    hasher: &mut crc32fast::Hasher,
) -> Option<Tables> {
    use std::os::unix::fs::FileExt as _;
    let (files, articles, tags, listed, repeats) = counts;
    // In one read, decoded from memory: a read per number costs more than
    // the decoding.
    let mut bytes = vec![0; len];
    file.read_exact_at(&mut bytes, at).ok()?;
    hasher.update(&bytes);
    let mut r = Records(&bytes[..]);
    let (stamps, catalog) = decode_tables(&mut r, (files, articles, tags), folder)?;
    let mut order = ListOrder {
        listed: Vec::with_capacity(listed),
        repeats: Vec::with_capacity(repeats),
    };
    for _ in 0..listed {
        order.listed.push(r.u32().ok()?);
    }
    for _ in 0..repeats {
        order.repeats.push((r.u32().ok()?, r.u32().ok()?));
    }
    Some((stamps, catalog, order))
}

/// Reads the index's text (`len` bytes at `at`): the text, if it is UTF-8,
/// and its checksum.
fn read_text(file: &std::fs::File, at: u64, len: usize) -> Option<(String, crc32fast::Hasher)> {
    use std::os::unix::fs::FileExt as _;
    let mut bytes = vec![0; len];
    file.read_exact_at(&mut bytes, at).ok()?;
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&bytes);
    Some((String::from_utf8(bytes).ok()?, hasher))
}

impl Stamped {
    fn encode(&self, out: &mut Vec<u8>) {
        let (flag, stamp) = match self.stamp {
            Some(s) => (1u8, s),
            None => (
                0,
                Stamp {
                    size: 0,
                    modified: 0,
                    changed: 0,
                    inode: 0,
                },
            ),
        };
        out.push(flag);
        out.extend_from_slice(&stamp.size.to_le_bytes());
        out.extend_from_slice(&stamp.modified.to_le_bytes());
        out.extend_from_slice(&stamp.changed.to_le_bytes());
        out.extend_from_slice(&stamp.inode.to_le_bytes());
        out.extend_from_slice(&self.parsed.to_le_bytes());
        out.extend_from_slice(&self.articles.to_le_bytes());
    }

    /// One record of [`STAMPED_BYTES`] bytes.
    fn decode(r: &mut Records<impl std::io::Read>) -> Result<Self, Damaged> {
        let flag = r.u8()?;
        let stamp = Stamp {
            size: r.u64()?,
            modified: r.i64()?,
            changed: r.i64()?,
            inode: r.u64()?,
        };
        Ok(Self {
            stamp: (flag == 1).then_some(stamp),
            parsed: r.i64()?,
            articles: r.u32()?,
        })
    }
}

/// `$XDG_CACHE_HOME/gogai/index/<hash of the folder>.idx`, else under
/// `~/.cache`. One index per article folder.
pub fn default_path(folder: &Path) -> Option<PathBuf> {
    let base = paths::cache_dir()?;
    // The folder as written is part of the key too: the index holds paths
    // as messages show them, so `./d` and `/abs/d` each get their own.
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    let key = format!("{}\0{}", canonical.display(), folder.display());
    Some(
        base.join("index")
            .join(format!("{:016x}.idx", fnv1a(key.as_bytes()))),
    )
}

/// The stamps of `files` files, then the catalog's tables (without its
/// text), as the base and a log record both lay them out.
fn decode_tables(
    r: &mut Records<&[u8]>,
    (files, articles, tags): (usize, usize, usize),
    folder: &Path,
) -> Option<(Vec<Stamped>, Catalog)> {
    let mut stamps = Vec::with_capacity(files);
    for _ in 0..files {
        stamps.push(Stamped::decode(r).ok()?);
    }
    let catalog = Catalog::decode(
        r,
        (files, articles, tags),
        Folder::Path(folder.to_path_buf()),
    )
    .ok()?;
    Some((stamps, catalog))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's entries as plain values, to compare two indexes by.
    type Plain = (String, Option<Stamp>, Vec<String>, Vec<String>);

    fn plain(index: &Index) -> Vec<Plain> {
        let starts = index.starts();
        (0..index.files())
            .map(|f| {
                let articles = (starts[f]..starts[f + 1])
                    .map(|i| {
                        let m = index.catalog.meta(i);
                        let tags: Vec<&str> = m.tags().collect();
                        format!("{}|{}|{:?}|{:?}", m.id(), m.title(), m.published_at(), tags)
                    })
                    .collect();
                let problems = index.problems_of(f).iter().map(|(_, p)| p.to_string());
                (
                    index.catalog.file_name(f).to_owned(),
                    index.stamps[f].stamp,
                    articles,
                    problems.collect(),
                )
            })
            .collect()
    }

    /// A trusted file's stamp (optional, as a listing's are).
    #[allow(clippy::unnecessary_wraps)]
    fn stamp(n: u64) -> Option<Stamp> {
        Some(Stamp {
            size: n,
            modified: 1,
            changed: 1,
            inode: n,
        })
    }

    /// The file `name` holding `json`, parsed.
    fn parsed(name: &str, json: &str) -> crate::article::Parsed {
        crate::article::parse(json.as_bytes(), name, name)
    }

    fn story(id: &str, title: &str) -> String {
        format!(
            r#"{{"id":"{id}","title":"{title}","tags":["t-{id}"],"published":"2024-01-02","body":["x"]}}"#
        )
    }

    /// Brings `old` to `files` (name, stamp, contents), each unchanged one
    /// taken from `old` as a load would, and saves it through the log.
    fn step(
        old: &Index,
        folder: &Path,
        path: &Path,
        files: &[(String, Option<Stamp>, String)],
    ) -> (Index, Written) {
        let parsed: Vec<_> = files.iter().map(|(n, _, j)| parsed(n, j)).collect();
        let mut known = Vec::new();
        let mut reads = Vec::new();
        for ((name, stamp, _), parsed) in files.iter().zip(&parsed) {
            let same = (0..old.files()).find(|&f| {
                old.catalog.file_name(f) == name && old.stamps[f].stamp == *stamp && stamp.is_some()
            });
            if let Some(f) = same {
                known.push(Freshness::Fresh(f as u32));
                reads.push(Ok(f));
            } else {
                known.push(Freshness::Stale);
                reads.push(Err(Read {
                    name: name.as_ref(),
                    stamp: *stamp,
                    articles: &parsed.articles,
                    problems: &parsed.problems,
                }));
            }
        }
        let new = old.update(folder, reads);
        let written = new.save_changes(old, &known, path).unwrap();
        (new, written)
    }

    #[test]
    fn base_and_log_read_back_as_the_index_they_stand_for() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("articles");
        let path = dir.path().join("x.idx");
        let mut files: Vec<(String, Option<Stamp>, String)> = (0..80)
            .map(|i| {
                let name = format!("a{i:03}.json");
                let json = match i {
                    // Two articles in one file, a broken one, a repeated id.
                    5 => format!("[{}, {}]", story("s5", "Five"), story("s5b", "Five b")),
                    7 => "{ not json".to_owned(),
                    9 => story("s8", "Nine repeats eight"),
                    _ => story(&format!("s{i}"), &format!("Story {i}")),
                };
                (name, stamp(i), json)
            })
            .collect();
        let empty = Index::load(&path, &folder);
        let (first, written) = step(&empty, &folder, &path, &files);
        assert_eq!(written, Written::Whole);
        let base = Index::load(&path, &folder);
        assert_eq!(plain(&base), plain(&first));
        assert_ne!(base.generation, 0);
        // A base read back is laid out file by file: the log is applied
        // by copying blocks of it.
        let mut copy = Catalog::default();
        let place = copy.folder(Folder::Memory);
        assert!(copy.copy_files(
            &base.catalog,
            3..40,
            base.starts()[3]..base.starts()[40],
            place
        ));
        assert_eq!(copy.file_name(0), "a003.json");
        assert_eq!(copy.meta(copy.len() - 1).id(), "s39");

        // Removed, changed (a new stamp), added at the start, middle and
        // end, an untrusted file (no stamp), and a new broken file.
        files.retain(|(n, ..)| n != "a003.json");
        files[9] = (files[9].0.clone(), stamp(1009), story("s10", "Ten again"));
        files.push(("0first.json".into(), stamp(500), story("n1", "New first")));
        files.push(("a0305.json".into(), stamp(501), story("n2", "New middle")));
        files.push(("zz.json".into(), stamp(502), "[1, 2".into()));
        files.push(("a050.json".into(), None, story("s50", "Fifty, untrusted")));
        files.retain(|(n, s, _)| !(n == "a050.json" && s.is_some()));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let (second, written) = step(&base, &folder, &path, &files);
        assert_eq!(written, Written::Appended);
        let loaded = Index::load(&path, &folder);
        assert_eq!(loaded.applied(), 1);
        assert_eq!(plain(&loaded), plain(&second));
        assert!(loaded.is_consistent());

        // A second record on top of the first.
        files.retain(|(n, ..)| n != "0first.json");
        files.push(("a0306.json".into(), stamp(503), story("n3", "Newer")));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let (third, written) = step(&loaded, &folder, &path, &files);
        assert_eq!(written, Written::Appended);
        let loaded = Index::load(&path, &folder);
        assert_eq!(loaded.applied(), 2);
        assert_eq!(plain(&loaded), plain(&third));
        assert_eq!(
            ListOrder::of(&loaded.catalog),
            ListOrder::of(&third.catalog),
            "the list differs"
        );
    }
}
