//! The articles of a folder, packed: every string the list needs (ids,
//! titles, sources, dates, tags, file names) lives in one text arena, and
//! each article is a small record of offsets into it. With 100,000 articles
//! that is one allocation instead of a million, the metadata index on disk
//! is this same layout (loading it is one read and one decode), and memory
//! stays close to the size of the text itself.
//!
//! Bodies are not here: [`Articles::open`] reads an article's file when it
//! is opened, unless the whole article was parsed in memory already (the
//! bundled articles, `--check`, a folder without a cache).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::article::{self, Article, Problem, Severity};

/// Where some text sits in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// An absent optional field.
    const NONE: Self = Self {
        start: u32::MAX,
        len: 0,
    };

    fn is_none(self) -> bool {
        self == Self::NONE
    }
}

/// One article's metadata, as offsets into the arena.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Item {
    id: Span,
    title: Span,
    subtitle: Span,
    source: Span,
    author: Span,
    url: Span,
    published: Span,
    published_at: Option<i64>,
    /// `tags[first..first + count]` of the catalog.
    tags_first: u32,
    tags_count: u32,
    /// Which of the catalog's files it came from.
    file: u32,
}

/// A file the articles came from: its name (as shown; see [`Catalog`]) and
/// which folder it is in.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct FileName {
    name: Span,
    folder: u32,
}

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
/// (file order). This is also what the metadata index stores.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalog {
    text: String,
    items: Vec<Item>,
    tags: Vec<Span>,
    files: Vec<FileName>,
    /// The folders of `files`; the index does not store them (it belongs
    /// to one folder, set when it is loaded).
    #[serde(skip)]
    folders: Vec<Folder>,
    /// Files whose names are not UTF-8: the arena holds the name as shown,
    /// this the name as it is, to open it by.
    #[serde(skip)]
    exact: HashMap<u32, PathBuf>,
}

/// Why a stored catalog cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the catalog points outside itself")]
pub struct Damaged;

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

    /// The name of file `f` as shown (not-UTF-8 bytes replaced).
    pub fn file_name(&self, f: usize) -> &str {
        self.str(self.files[f].name)
    }

    /// Every offset in bounds and on a character boundary, every file and
    /// folder reference valid: a catalog read from disk is checked once so
    /// that no lookup later can panic.
    pub fn validate(&self) -> Result<(), Damaged> {
        let span_ok = |s: Span| {
            s.is_none()
                || (s.start as usize)
                    .checked_add(s.len as usize)
                    .is_some_and(|end| self.text.get(s.start as usize..end).is_some())
        };
        let items_ok = self.items.iter().all(|i| {
            [
                i.id,
                i.title,
                i.subtitle,
                i.source,
                i.author,
                i.url,
                i.published,
            ]
            .into_iter()
            .all(span_ok)
                && !i.id.is_none()
                && !i.title.is_none()
                && (i.file as usize) < self.files.len()
                && (i.tags_first as usize)
                    .checked_add(i.tags_count as usize)
                    .is_some_and(|end| end <= self.tags.len())
        });
        let ok = items_ok
            && self.tags.iter().all(|&t| span_ok(t) && !t.is_none())
            && self.files.iter().all(|f| {
                span_ok(f.name) && !f.name.is_none() && (f.folder as usize) < self.folders.len()
            });
        if ok { Ok(()) } else { Err(Damaged) }
    }

    /// Sets the one folder of a catalog read from an index.
    pub fn set_folder(&mut self, folder: Folder) {
        self.folders = vec![folder];
    }

    fn str(&self, span: Span) -> &str {
        if span.is_none() {
            return "";
        }
        let start = span.start as usize;
        // Checked by `validate` for stored catalogs, and by construction
        // for built ones.
        &self.text[start..start + span.len as usize]
    }

    fn opt(&self, span: Span) -> Option<&str> {
        (!span.is_none()).then(|| self.str(span))
    }

    fn put(&mut self, text: &str) -> Span {
        let start = u32::try_from(self.text.len()).expect("article text over 4 GB");
        self.text.push_str(text);
        Span {
            start,
            len: u32::try_from(text.len()).expect("one field over 4 GB"),
        }
    }

    fn put_opt(&mut self, text: Option<&str>) -> Span {
        text.map_or(Span::NONE, |t| self.put(t))
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
        let span = self.put(&shown);
        let f = self.files.len() as u32;
        self.files.push(FileName { name: span, folder });
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

    /// Adds the metadata of `article`, read from file `file`.
    pub fn add(&mut self, file: u32, article: &Article) {
        let id = self.put(&article.id);
        let title = self.put(&article.title);
        let subtitle = self.put_opt(article.subtitle.as_deref());
        let source = self.put_opt(article.source.as_deref());
        let author = self.put_opt(article.author.as_deref());
        let url = self.put_opt(article.url.as_deref());
        let published = self.put_opt(article.published.as_deref());
        let tags_first = self.tags.len() as u32;
        for tag in &article.tags {
            let span = self.put(tag);
            self.tags.push(span);
        }
        self.items.push(Item {
            id,
            title,
            subtitle,
            source,
            author,
            url,
            published,
            published_at: article.published_at,
            tags_first,
            tags_count: article.tags.len() as u32,
            file,
        });
    }

    /// Copies article `i` of `other` (with its strings) as read from file
    /// `file` of this catalog.
    pub fn copy_from(&mut self, other: &Self, i: usize, file: u32) {
        let item = &other.items[i];
        let mut copy = |span: Span| {
            if span.is_none() {
                Span::NONE
            } else {
                self.put(other.str(span))
            }
        };
        let fields = [
            copy(item.id),
            copy(item.title),
            copy(item.subtitle),
            copy(item.source),
            copy(item.author),
            copy(item.url),
            copy(item.published),
        ];
        let tags_first = self.tags.len() as u32;
        for t in item.tags_first..item.tags_first + item.tags_count {
            let span = self.put(other.str(other.tags[t as usize]));
            self.tags.push(span);
        }
        let [id, title, subtitle, source, author, url, published] = fields;
        self.items.push(Item {
            id,
            title,
            subtitle,
            source,
            author,
            url,
            published,
            published_at: item.published_at,
            tags_first,
            tags_count: item.tags_count,
            file,
        });
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
        let name = &self.files[file];
        let Folder::Path(folder) = &self.folders[name.folder as usize] else {
            return None;
        };
        Some(match self.exact.get(&(file as u32)) {
            Some(exact) => folder.join(exact),
            None => folder.join(self.str(name.name)),
        })
    }

    /// File `f` as messages show it: the path, with control characters
    /// escaped.
    fn shown(&self, file: usize) -> String {
        let name = &self.files[file];
        match &self.folders[name.folder as usize] {
            Folder::Memory => self.str(name.name).to_owned(),
            Folder::Path(folder) => {
                let path = folder.join(self.str(name.name));
                article::escape_controls(&path.display().to_string()).into_owned()
            }
        }
    }

    /// Bytes held, for the memory figures.
    pub fn heap_size(&self) -> usize {
        self.text.capacity()
            + self.items.capacity() * size_of::<Item>()
            + self.tags.capacity() * size_of::<Span>()
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
    pub fn id(&self) -> &'a str {
        self.catalog.str(self.item.id)
    }

    pub fn title(&self) -> &'a str {
        self.catalog.str(self.item.title)
    }

    pub fn subtitle(&self) -> Option<&'a str> {
        self.catalog.opt(self.item.subtitle)
    }

    pub fn source(&self) -> Option<&'a str> {
        self.catalog.opt(self.item.source)
    }

    pub fn author(&self) -> Option<&'a str> {
        self.catalog.opt(self.item.author)
    }

    pub fn url(&self) -> Option<&'a str> {
        self.catalog.opt(self.item.url)
    }

    pub fn published(&self) -> Option<&'a str> {
        self.catalog.opt(self.item.published)
    }

    pub fn published_at(&self) -> Option<i64> {
        self.item.published_at
    }

    pub fn tags(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let catalog = self.catalog;
        let first = self.item.tags_first as usize;
        catalog.tags[first..first + self.item.tags_count as usize]
            .iter()
            .map(move |&span| catalog.str(span))
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
}

/// The articles of a library in list order (newest first): the catalog, the
/// order, and the whole articles when they were parsed in memory.
#[derive(Debug, Clone, Default)]
pub struct Articles {
    catalog: Catalog,
    /// List position → catalog article.
    order: Vec<u32>,
    /// Per catalog article, the whole article when it is in memory; empty
    /// when none is (loaded through the index).
    full: Vec<Option<Box<Article>>>,
}

impl Articles {
    /// The articles of `catalog` that are listed: the first with each id (in
    /// catalog order, so the outcome does not depend on threads), newest
    /// first. Later ones with a used id are reported in `problems`.
    /// `full`, if not empty, holds the whole article of each catalog entry.
    pub fn new(
        catalog: Catalog,
        full: Vec<Option<Box<Article>>>,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let mut order: Vec<u32> = Vec::with_capacity(catalog.len());
        {
            // Ids are borrowed from the arena, not copied.
            let mut seen: HashMap<&str, usize> = HashMap::with_capacity(catalog.len());
            for i in 0..catalog.len() {
                let meta = catalog.meta(i);
                if let Some(&first) = seen.get(meta.id()) {
                    problems.push(Problem {
                        file: meta.file(),
                        line: 1,
                        column: 1,
                        severity: Severity::Error,
                        message: format!(
                            "id {:?} is already used by {}; this article is skipped",
                            meta.id(),
                            catalog.meta(first).file()
                        ),
                    });
                } else {
                    seen.insert(meta.id(), i);
                    order.push(i as u32);
                }
            }
        }
        let mut articles = Self {
            catalog,
            order,
            full,
        };
        articles.sort();
        articles
    }

    /// Newest first; undated articles after dated ones; ties by id, so the
    /// order is stable between runs.
    fn sort(&mut self) {
        let catalog = &self.catalog;
        // Dates compared as integers first; ids only on a tie.
        self.order.sort_unstable_by(|&a, &b| {
            let (a, b) = (catalog.meta(a as usize), catalog.meta(b as usize));
            b.published_at()
                .is_some()
                .cmp(&a.published_at().is_some())
                .then_with(|| b.published_at().cmp(&a.published_at()))
                .then_with(|| a.id().cmp(b.id()))
        });
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The article at list position `i`.
    pub fn get(&self, i: usize) -> Option<Meta<'_>> {
        self.order.get(i).map(|&c| self.catalog.meta(c as usize))
    }

    /// The article at list position `i`, which must exist.
    pub fn at(&self, i: usize) -> Meta<'_> {
        self.catalog.meta(self.order[i] as usize)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Meta<'_>> + Clone + '_ {
        self.order.iter().map(|&c| self.catalog.meta(c as usize))
    }

    /// List position of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.iter().position(|a| a.id() == id)
    }

    /// The catalog behind the list (in file order).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Adds an article read from `path` outside the folder, replacing one
    /// with the same id; returns its list position.
    pub fn insert(&mut self, article: Article, path: Option<&Path>) -> usize {
        let id = article.id.clone();
        let (folder, name) = match path.and_then(|p| Some((p.parent()?, p.file_name()?))) {
            Some((folder, name)) => (Folder::Path(folder.to_path_buf()), name.to_os_string()),
            None => (Folder::Memory, std::ffi::OsString::from(&article.file)),
        };
        let folder = self.catalog.folder(folder);
        let file = self.catalog.add_file(folder, &name);
        self.catalog.add(file, &article);
        if self.full.len() < self.catalog.len() - 1 {
            self.full.resize_with(self.catalog.len() - 1, || None);
        }
        self.full.push(Some(Box::new(article)));
        let catalog = &self.catalog;
        self.order.retain(|&c| catalog.meta(c as usize).id() != id);
        self.order.push((self.catalog.len() - 1) as u32);
        self.sort();
        self.position(&id).unwrap_or(0)
    }

    /// The whole article at list position `i`: from memory when it is
    /// there, else read again from its file. A file that changed or vanished
    /// since the list was loaded gives an article whose body says so, so the
    /// reader always has something to show.
    pub fn open(&self, i: usize) -> Option<Cow<'_, Article>> {
        let c = *self.order.get(i)? as usize;
        if let Some(Some(full)) = self.full.get(c) {
            return Some(Cow::Borrowed(full));
        }
        let meta = self.catalog.meta(c);
        Some(Cow::Owned(reread(meta)))
    }
}

/// Reads `meta`'s article from its file, or says why it cannot be.
fn reread(meta: Meta<'_>) -> Article {
    let shown = meta.file();
    let result = meta
        .path()
        .ok_or_else(|| "no file".to_owned())
        .and_then(|path| {
            let bytes = crate::library::read_article_file(&path).map_err(|e| e.to_string())?;
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let parsed = article::parse(&bytes, &name, &shown);
            parsed
                .articles
                .into_iter()
                .find(|a| a.id == meta.id())
                .ok_or_else(|| {
                    parsed.problems.first().map_or_else(
                        || {
                            format!(
                                "the file no longer holds an article with id {:?}",
                                meta.id()
                            )
                        },
                        |p| p.message.clone(),
                    )
                })
        });
    result.unwrap_or_else(|why| Article {
        id: meta.id().to_owned(),
        title: meta.title().to_owned(),
        subtitle: meta.subtitle().map(str::to_owned),
        source: meta.source().map(str::to_owned),
        author: meta.author().map(str::to_owned),
        url: meta.url().map(str::to_owned),
        published: meta.published().map(str::to_owned),
        published_at: meta.published_at(),
        tags: meta.tags().map(str::to_owned).collect(),
        body: vec![format!(
            "This article could not be read again from {shown}: {why}. Press r to reload the folder."
        )],
        curated_facts: Vec::new(),
        file: shown,
    })
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
            published_at: date,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            body: vec!["Body.".to_owned()],
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
        assert_eq!(catalog.validate(), Ok(()));
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
    fn a_catalog_pointing_outside_its_text_is_refused() {
        let mut catalog = Catalog::default();
        let folder = catalog.folder(Folder::Memory);
        let f = catalog.add_file(folder, "a.json".as_ref());
        catalog.add(f, &article("a", None, &["t"]));
        let bytes = postcard::to_stdvec(&catalog).expect("encodes");
        let mut back: Catalog = postcard::from_bytes(&bytes).expect("decodes");
        back.set_folder(Folder::Memory);
        assert_eq!(back.validate(), Ok(()));
        back.text.truncate(3);
        assert_eq!(back.validate(), Err(Damaged));
    }

    #[test]
    fn the_first_of_two_ids_wins_and_the_list_is_newest_first() {
        let mut catalog = Catalog::default();
        let folder = catalog.folder(Folder::Memory);
        for (name, a) in [
            ("1.json", article("old", Some(1), &[])),
            ("2.json", article("new", Some(9), &[])),
            ("3.json", article("old", Some(20), &[])),
            ("4.json", article("undated", None, &[])),
        ] {
            let f = catalog.add_file(folder, name.as_ref());
            catalog.add(f, &a);
        }
        let mut problems = Vec::new();
        let articles = Articles::new(catalog, Vec::new(), &mut problems);
        let ids: Vec<&str> = articles.iter().map(|m| m.id()).collect();
        assert_eq!(ids, ["new", "old", "undated"]);
        assert_eq!(articles.at(1).published_at(), Some(1));
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("used by 1.json"),
            "{}",
            problems[0]
        );
    }
}
