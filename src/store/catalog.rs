//! The articles of a folder, packed: every string the list needs (ids,
//! titles, sources, dates, tags, file names) lives in one text arena, and
//! each article is a small record of offsets into it. With 100,000 articles
//! that is one allocation instead of a million, the metadata index on disk
//! is this same layout (loading it is one read and one decode), and memory
//! stays close to the size of the text itself.
//!
//! Bodies are not here: the list order and the bodies held in memory are in
//! [`super::articles`], and an article's file is read again when it is
//! opened (see [`super::bodies`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::article::{self, Article};

/// The string fields of an article, in the order they sit in the arena.
const FIELDS: usize = 8;
const ID: usize = 0;
const TITLE: usize = 1;
const SUBTITLE: usize = 2;
const SOURCE: usize = 3;
const AUTHOR: usize = 4;
const URL: usize = 5;
const PUBLISHED: usize = 6;
const FEED: usize = 7;

/// `published_at` of an undated article.
const NO_DATE: i64 = i64::MIN;

/// One article's metadata. Its strings sit one after another in the arena
/// from `start` (the fields in [`FIELDS`] order, then its tags), so only
/// their lengths are kept: 60 bytes an article.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    start: u32,
    lens: [u32; FIELDS],
    /// Bit `k` set: field `k` is present (the id and title always are).
    present: u8,
    published_at: i64,
    /// `tags[tags_first..tags_first + tags_count]` are the tags' lengths.
    tags_first: u32,
    tags_count: u32,
    /// Which of the catalog's files it came from.
    file: u32,
}

/// Bytes of an [`Item`] on disk.
const ITEM_BYTES: usize = 4 + 4 * FIELDS + 1 + 8 + 4 + 4 + 4;

/// A file the articles came from: its name (as shown; see [`Catalog`]) and
/// which folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileName {
    start: u32,
    len: u32,
    folder: u32,
}

/// Bytes of a [`FileName`] on disk.
const FILE_BYTES: usize = 12;

/// Where a catalog's files are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Folder {
    /// Files that were given as bytes (the bundled articles, tests): their
    /// names are stored as messages show them, and there is nothing to read
    /// again.
    #[default]
    Memory,
    Path(PathBuf),
}

/// The packed metadata of a set of articles, in the order they were added
/// (file order). This is also what the metadata index stores (see
/// [`Catalog::encode`]).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    text: String,
    items: Vec<Item>,
    /// Lengths of the tags of every article, article by article.
    tags: Vec<u32>,
    files: Vec<FileName>,
    /// The folders of `files`; the index does not store them (it belongs
    /// to one folder, set when it is loaded).
    folders: Vec<Folder>,
    /// Files whose names are not UTF-8: the arena holds the name as shown,
    /// this the name as it is, to open it by.
    exact: HashMap<u32, PathBuf>,
}

/// Why a stored catalog cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the stored catalog is damaged")]
pub struct Damaged;

/// Reads little-endian numbers from a (buffered) reader: records are
/// decoded as they arrive, never held twice.
pub struct Records<R>(pub R);

impl<R: std::io::Read> Records<R> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Damaged> {
        let mut bytes = [0; N];
        self.0.read_exact(&mut bytes).map_err(|_| Damaged)?;
        Ok(bytes)
    }

    pub fn u8(&mut self) -> Result<u8, Damaged> {
        Ok(self.take::<1>()?[0])
    }

    pub fn u32(&mut self) -> Result<u32, Damaged> {
        self.take().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Result<u64, Damaged> {
        self.take().map(u64::from_le_bytes)
    }

    pub fn i64(&mut self) -> Result<i64, Damaged> {
        self.take().map(i64::from_le_bytes)
    }
}

impl Catalog {
    /// Number of articles.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of files.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Number of tags, over all articles.
    pub fn tag_count(&self) -> usize {
        self.tags.len()
    }

    /// The name of file `f` as shown (not-UTF-8 bytes replaced).
    pub fn file_name(&self, f: usize) -> &str {
        let name = self.files[f];
        self.at(name.start as usize, name.len)
    }

    /// All the strings, one after the other.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The tables (files, articles, tags) as fixed-size little-endian
    /// records: reading them back is a loop, not a parse, and the text
    /// goes beside them as it is.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.reserve(
            self.files.len() * FILE_BYTES + self.items.len() * ITEM_BYTES + self.tags.len() * 4,
        );
        for f in &self.files {
            out.extend_from_slice(&f.start.to_le_bytes());
            out.extend_from_slice(&f.len.to_le_bytes());
            out.extend_from_slice(&f.folder.to_le_bytes());
        }
        for item in &self.items {
            out.extend_from_slice(&item.start.to_le_bytes());
            for len in item.lens {
                out.extend_from_slice(&len.to_le_bytes());
            }
            out.push(item.present);
            out.extend_from_slice(&item.published_at.to_le_bytes());
            out.extend_from_slice(&item.tags_first.to_le_bytes());
            out.extend_from_slice(&item.tags_count.to_le_bytes());
            out.extend_from_slice(&item.file.to_le_bytes());
        }
        for len in &self.tags {
            out.extend_from_slice(&len.to_le_bytes());
        }
    }

    /// How many bytes [`Catalog::encode`] writes for these counts, or
    /// `None` if that overflows (a damaged header).
    pub fn encoded_len(files: usize, items: usize, tags: usize) -> Option<usize> {
        files
            .checked_mul(FILE_BYTES)?
            .checked_add(items.checked_mul(ITEM_BYTES)?)?
            .checked_add(tags.checked_mul(4)?)
    }

    /// Reads back the tables [`Catalog::encode`] wrote, for files in
    /// `folder`; the text comes after (see [`Catalog::with_text`]). The
    /// counts must have been checked against the size of what is read.
    pub fn decode(
        r: &mut Records<impl std::io::Read>,
        counts: (usize, usize, usize),
        folder: Folder,
    ) -> Result<Self, Damaged> {
        let (files, items, tags) = counts;
        let mut catalog = Self {
            text: String::new(),
            items: Vec::with_capacity(items),
            tags: Vec::with_capacity(tags),
            files: Vec::with_capacity(files),
            folders: vec![folder],
            exact: HashMap::new(),
        };
        for _ in 0..files {
            catalog.files.push(FileName {
                start: r.u32()?,
                len: r.u32()?,
                folder: r.u32()?,
            });
        }
        for _ in 0..items {
            let start = r.u32()?;
            let mut lens = [0; FIELDS];
            for len in &mut lens {
                *len = r.u32()?;
            }
            catalog.items.push(Item {
                start,
                lens,
                present: r.u8()?,
                published_at: r.i64()?,
                tags_first: r.u32()?,
                tags_count: r.u32()?,
                file: r.u32()?,
            });
        }
        for _ in 0..tags {
            catalog.tags.push(r.u32()?);
        }
        Ok(catalog)
    }

    /// The decoded tables with their text; every offset is checked, so that
    /// no lookup later can panic on a damaged file.
    pub fn with_text(mut self, text: String) -> Result<Self, Damaged> {
        self.text = text;
        self.validate()?;
        Ok(self)
    }

    /// Every string within the text and on character boundaries, every
    /// file, folder and tag reference valid.
    fn validate(&self) -> Result<(), Damaged> {
        let text = &self.text;
        // Walks lengths from `start`, checking each boundary.
        let walk = |start: u32, lens: &mut dyn Iterator<Item = u32>| -> bool {
            let mut at = start as usize;
            if !text.is_char_boundary(at) {
                return false;
            }
            for len in lens {
                let Some(end) = at.checked_add(len as usize) else {
                    return false;
                };
                if !text.is_char_boundary(end) {
                    return false;
                }
                at = end;
            }
            true
        };
        let files_ok = self.files.iter().all(|f| {
            (f.folder as usize) < self.folders.len() && walk(f.start, &mut std::iter::once(f.len))
        });
        let items_ok = self.items.iter().all(|i| {
            let first = i.tags_first as usize;
            let Some(tags) = first
                .checked_add(i.tags_count as usize)
                .and_then(|end| self.tags.get(first..end))
            else {
                return false;
            };
            (i.file as usize) < self.files.len()
                && i.present & 0b11 == 0b11
                && walk(
                    i.start,
                    &mut i.lens.iter().copied().chain(tags.iter().copied()),
                )
        });
        if files_ok && items_ok {
            Ok(())
        } else {
            Err(Damaged)
        }
    }

    /// `len` bytes of text from `start`.
    fn at(&self, start: usize, len: u32) -> &str {
        // Checked by `validate` for stored catalogs, and by construction
        // for built ones.
        &self.text[start..start + len as usize]
    }

    fn put(&mut self, text: &str) -> u32 {
        self.text.push_str(text);
        u32::try_from(text.len()).expect("one field over 4 GB")
    }

    fn offset(&self) -> u32 {
        u32::try_from(self.text.len()).expect("article text over 4 GB")
    }

    /// The index of `folder` among this catalog's folders, added if new.
    pub fn folder(&mut self, folder: Folder) -> u32 {
        let at = self
            .folders
            .iter()
            .position(|f| *f == folder)
            .unwrap_or_else(|| {
                self.folders.push(folder);
                self.folders.len() - 1
            });
        at as u32
    }

    /// Adds a file, by the name it has in `folder` (see
    /// [`Catalog::folder`]); returns its number.
    pub fn add_file(&mut self, folder: u32, name: &std::ffi::OsStr) -> u32 {
        let shown = name.to_string_lossy();
        let start = self.offset();
        let len = self.put(&shown);
        let f = self.files.len() as u32;
        self.files.push(FileName { start, len, folder });
        if let Cow::Owned(_) = shown {
            self.exact.insert(f, PathBuf::from(name));
        }
        f
    }

    /// Whether file `f`'s name is exactly what the arena holds (so an index
    /// can find it again by name).
    pub fn has_exact_name(&self, f: usize) -> bool {
        !self.exact.contains_key(&(f as u32))
    }

    /// Adds an article from file `file`: its fields (`None` when absent),
    /// date and tags.
    fn push<'t>(
        &mut self,
        file: u32,
        fields: [Option<&str>; FIELDS],
        published_at: Option<i64>,
        tags: impl Iterator<Item = &'t str>,
    ) {
        let start = self.offset();
        let mut lens = [0; FIELDS];
        let mut present = 0;
        for (k, field) in fields.into_iter().enumerate() {
            if let Some(field) = field {
                lens[k] = self.put(field);
                present |= 1 << k;
            }
        }
        let tags_first = self.tags.len() as u32;
        for tag in tags {
            let len = self.put(tag);
            self.tags.push(len);
        }
        self.items.push(Item {
            start,
            lens,
            // The id and title are required.
            present: present | 0b11,
            published_at: published_at.unwrap_or(NO_DATE),
            tags_first,
            tags_count: self.tags.len() as u32 - tags_first,
            file,
        });
    }

    /// Adds the metadata of `article`, read from file `file`.
    pub fn add(&mut self, file: u32, article: &Article) {
        self.push(
            file,
            [
                Some(&article.id),
                Some(&article.title),
                article.subtitle.as_deref(),
                article.source.as_deref(),
                article.author.as_deref(),
                article.url.as_deref(),
                article.published.as_deref(),
                article.feed.as_deref(),
            ],
            article.published_at,
            article.tags.iter().map(String::as_str),
        );
    }

    /// Copies files `files` of `other`, whose articles are `articles`, to
    /// the end of this catalog, in `folder`, as one block: their text is
    /// one slice of the arena and their records are shifted, not rebuilt
    /// string by string, so applying a small change to a large index costs
    /// little more than copying its bytes. Returns `false`, having copied
    /// nothing, unless the files' names and articles lie in the arena and
    /// the tag table one after another (as in a catalog built or read file
    /// by file) and every name is UTF-8.
    pub fn copy_files(
        &mut self,
        other: &Self,
        files: std::ops::Range<usize>,
        articles: std::ops::Range<usize>,
        folder: u32,
    ) -> bool {
        let (Some(names), Some(items)) = (
            other.files.get(files.clone()),
            other.items.get(articles.clone()),
        ) else {
            return false;
        };
        let Some(first) = names.first() else {
            return items.is_empty();
        };
        let text_start = first.start as usize;
        let tags_start = items.first().map_or(0, |i| i.tags_first as usize);
        // Each file's name, then its articles, each article's fields and
        // tags in turn: where the next string must start.
        let mut at = text_start;
        let mut tags_at = tags_start;
        let mut next = items.iter().peekable();
        for (f, name) in files.clone().zip(names) {
            if name.start as usize != at || other.exact.contains_key(&(f as u32)) {
                return false;
            }
            at += name.len as usize;
            while let Some(item) = next.next_if(|i| i.file as usize == f) {
                if item.start as usize != at || item.tags_first as usize != tags_at {
                    return false;
                }
                let tags = &other.tags[tags_at..tags_at + item.tags_count as usize];
                at += item
                    .lens
                    .iter()
                    .chain(tags)
                    .map(|&l| l as usize)
                    .sum::<usize>();
                tags_at += item.tags_count as usize;
            }
        }
        if next.next().is_some() {
            return false;
        }
        let shift = |n: u32, from: usize, to: usize| {
            u32::try_from(n as usize - from + to).expect("article text over 4 GB")
        };
        let (text_to, tags_to, files_to) = (self.text.len(), self.tags.len(), self.files.len());
        self.text.push_str(&other.text[text_start..at]);
        self.tags
            .extend_from_slice(&other.tags[tags_start..tags_at]);
        self.files.extend(names.iter().map(|n| FileName {
            start: shift(n.start, text_start, text_to),
            len: n.len,
            folder,
        }));
        self.items.extend(items.iter().map(|i| Item {
            start: shift(i.start, text_start, text_to),
            tags_first: shift(i.tags_first, tags_start, tags_to),
            file: shift(i.file, files.start, files_to),
            ..i.clone()
        }));
        true
    }

    /// Copies article `i` of `other` (with its strings) as read from file
    /// `file` of this catalog.
    pub fn copy_from(&mut self, other: &Self, i: usize, file: u32) {
        let meta = other.meta(i);
        self.push(
            file,
            std::array::from_fn(|k| meta.field(k)),
            meta.published_at(),
            meta.tags(),
        );
    }

    /// The file article `i` came from.
    pub fn file_of(&self, i: usize) -> usize {
        self.items[i].file as usize
    }

    /// Article `i`'s metadata.
    pub fn meta(&self, i: usize) -> Meta<'_> {
        Meta {
            catalog: self,
            item: &self.items[i],
        }
    }

    /// The file article `i` came from, as it can be opened; `None` for the
    /// bundled articles.
    fn path_of(&self, file: usize) -> Option<PathBuf> {
        let Folder::Path(folder) = &self.folders[self.files[file].folder as usize] else {
            return None;
        };
        Some(match self.exact.get(&(file as u32)) {
            Some(exact) => folder.join(exact),
            None => folder.join(self.file_name(file)),
        })
    }

    /// File `f` as messages show it: the path, with control characters
    /// escaped.
    fn shown(&self, file: usize) -> String {
        match &self.folders[self.files[file].folder as usize] {
            Folder::Memory => self.file_name(file).to_owned(),
            Folder::Path(folder) => {
                let path = folder.join(self.file_name(file));
                article::escape_controls(&path.display().to_string()).into_owned()
            }
        }
    }

    /// Bytes held, for the memory figures.
    pub fn heap_size(&self) -> usize {
        self.text.capacity()
            + self.items.capacity() * size_of::<Item>()
            + self.tags.capacity() * size_of::<u32>()
            + self.files.capacity() * size_of::<FileName>()
    }
}

/// One article's metadata, borrowed from a catalog.
#[derive(Clone, Copy)]
pub struct Meta<'a> {
    catalog: &'a Catalog,
    item: &'a Item,
}

impl std::fmt::Debug for Meta<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meta")
            .field("id", &self.id())
            .field("title", &self.title())
            .finish_non_exhaustive()
    }
}

impl<'a> Meta<'a> {
    /// Field `k` (see [`FIELDS`]), if present.
    fn field(&self, k: usize) -> Option<&'a str> {
        let item = self.item;
        if item.present & (1 << k) == 0 {
            return None;
        }
        let before: u32 = item.lens[..k].iter().sum();
        Some(
            self.catalog
                .at((item.start + before) as usize, item.lens[k]),
        )
    }

    pub fn id(&self) -> &'a str {
        self.field(ID).unwrap_or_default()
    }

    pub fn title(&self) -> &'a str {
        self.field(TITLE).unwrap_or_default()
    }

    pub fn subtitle(&self) -> Option<&'a str> {
        self.field(SUBTITLE)
    }

    pub fn source(&self) -> Option<&'a str> {
        self.field(SOURCE)
    }

    pub fn author(&self) -> Option<&'a str> {
        self.field(AUTHOR)
    }

    /// The feed it came from (see [`Article::feed`]).
    pub fn feed(&self) -> Option<&'a str> {
        self.field(FEED)
    }

    pub fn url(&self) -> Option<&'a str> {
        self.field(URL)
    }

    pub fn published(&self) -> Option<&'a str> {
        self.field(PUBLISHED)
    }

    pub fn published_at(&self) -> Option<i64> {
        (self.item.published_at != NO_DATE).then_some(self.item.published_at)
    }

    pub fn tags(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let catalog = self.catalog;
        let item = self.item;
        let first = item.tags_first as usize;
        let mut at = (item.start + item.lens.iter().sum::<u32>()) as usize;
        catalog.tags[first..first + item.tags_count as usize]
            .iter()
            .map(move |&len| {
                let tag = catalog.at(at, len);
                at += len as usize;
                tag
            })
    }

    /// The calendar date of `published` (`YYYY-MM-DD`), for list rows.
    pub fn date(&self) -> Option<&'a str> {
        self.published().map(|p| p.get(..10).unwrap_or(p))
    }

    /// The file it came from, as messages show it.
    pub fn file(&self) -> String {
        self.catalog.shown(self.item.file as usize)
    }

    /// The file it came from, to read it again; `None` when bundled.
    pub fn path(&self) -> Option<PathBuf> {
        self.catalog.path_of(self.item.file as usize)
    }

    /// The metadata as an [`Article`] with no body and no curated facts.
    pub fn to_article(&self) -> Article {
        Article {
            id: self.id().to_owned(),
            title: self.title().to_owned(),
            subtitle: self.subtitle().map(str::to_owned),
            source: self.source().map(str::to_owned),
            author: self.author().map(str::to_owned),
            url: self.url().map(str::to_owned),
            published: self.published().map(str::to_owned),
            feed: self.feed().map(str::to_owned),
            updated: None,
            published_at: self.published_at(),
            tags: self.tags().map(str::to_owned).collect(),
            body: Vec::new(),
            shapes: Vec::new(),
            links: Vec::new(),
            enclosures: Vec::new(),
            curated_facts: Vec::new(),
            file: self.file(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, date: Option<i64>, tags: &[&str]) -> Article {
        Article {
            id: id.to_owned(),
            title: format!("Title of {id}"),
            subtitle: None,
            source: Some("Source".to_owned()),
            author: None,
            url: None,
            published: date.map(|d| format!("{d}")),
            feed: None,
            updated: None,
            published_at: date,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            body: vec!["Body.".to_owned()],
            shapes: Vec::new(),
            links: Vec::new(),
            enclosures: Vec::new(),
            curated_facts: Vec::new(),
            file: format!("{id}.json"),
        }
    }

    #[test]
    fn fields_come_back_as_they_went_in() {
        let mut catalog = Catalog::default();
        let folder = catalog.folder(Folder::Path(PathBuf::from("/news")));
        let f = catalog.add_file(folder, "a.json".as_ref());
        catalog.add(f, &article("a", Some(5), &["x", "yy"]));
        catalog.add(f, &article("b", None, &[]));
        let a = catalog.meta(0);
        assert_eq!(a.id(), "a");
        assert_eq!(a.title(), "Title of a");
        assert_eq!(a.subtitle(), None);
        assert_eq!(a.source(), Some("Source"));
        assert_eq!(a.published_at(), Some(5));
        assert_eq!(a.tags().collect::<Vec<_>>(), ["x", "yy"]);
        assert_eq!(a.path(), Some(PathBuf::from("/news/a.json")));
        assert_eq!(catalog.meta(1).tags().count(), 0);
    }

    #[test]
    fn a_catalog_reads_back_as_written_and_damage_is_refused() {
        let mut catalog = Catalog::default();
        let folder = catalog.folder(Folder::Memory);
        let f = catalog.add_file(folder, "a.json".as_ref());
        catalog.add(f, &article("a", Some(-3), &["t", "日本"]));
        catalog.add(f, &article("é", None, &[]));
        let mut tables = Vec::new();
        catalog.encode(&mut tables);
        let counts = (1, 2, 2);
        let decode = |tables: &[u8], text: String| {
            Catalog::decode(&mut Records(tables), counts, Folder::Memory)?.with_text(text)
        };
        let back = decode(&tables, catalog.text().to_owned()).expect("decodes");
        assert_eq!(back.items, catalog.items);
        assert_eq!(back.meta(0).tags().collect::<Vec<_>>(), ["t", "日本"]);
        assert_eq!(back.meta(0).published_at(), Some(-3));
        assert_eq!(back.meta(1).id(), "é");
        // Text too short, a cut inside a character, a table too short.
        assert!(decode(&tables, catalog.text()[..3].to_owned()).is_err());
        assert!(decode(&tables, catalog.text().replace("é", "e\u{301}")).is_err());
        assert!(decode(&tables[..tables.len() - 1], catalog.text().to_owned()).is_err());
    }
}
