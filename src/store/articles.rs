//! The articles of a library in list order: the catalog (metadata only),
//! the order it is listed in, and the whole articles when they were parsed
//! in memory (the bundled articles, `--check`, a folder without an index).
//! Opening one goes through [`Bodies`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::article::{Article, Problem, Severity};
use crate::store::bodies::{self, Bodies, BodyError};
use crate::store::catalog::{Catalog, Folder, Meta};

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
        let order = ListOrder::of(&catalog);
        Self::with_order(catalog, full, order, problems)
    }

    /// As [`Articles::new`], with the order worked out before (and kept in
    /// the metadata index, which saves a start at 100,000 articles the
    /// hashing and sorting). `order` must be [`ListOrder::of`] `catalog`
    /// (see [`ListOrder::fits`]).
    pub fn with_order(
        catalog: Catalog,
        full: Vec<Option<Box<Article>>>,
        order: ListOrder,
        problems: &mut Vec<Problem>,
    ) -> Self {
        for &(later, first) in &order.repeats {
            let meta = catalog.meta(later as usize);
            problems.push(Problem {
                file: meta.file(),
                line: 1,
                column: 1,
                severity: Severity::Error,
                message: format!(
                    "id {:?} is already used by {}; this article is skipped",
                    meta.id(),
                    catalog.meta(first as usize).file()
                ),
            });
        }
        Self {
            catalog,
            order: order.listed,
            full,
        }
    }

    /// Newest first; undated articles after dated ones; ties by id, so the
    /// order is stable between runs.
    fn sort(&mut self) {
        sort_listed(&self.catalog, &mut self.order);
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

    /// Bytes held for the list: the catalog and the order (and any whole
    /// articles kept, counted by their struct only).
    pub fn heap_size(&self) -> usize {
        self.catalog.heap_size()
            + self.order.capacity() * size_of::<u32>()
            + self.full.capacity() * size_of::<Option<Box<Article>>>()
    }

    /// Whether every article is whole in memory (nothing to read from disk
    /// to open one).
    pub fn in_memory(&self) -> bool {
        self.full.len() == self.catalog.len() && self.full.iter().all(Option::is_some)
    }

    /// The catalog behind the list (in file order).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Takes the article with this id off the list (its file was deleted);
    /// whether it was listed.
    pub fn remove(&mut self, id: &str) -> bool {
        let catalog = &self.catalog;
        let before = self.order.len();
        self.order.retain(|&c| catalog.meta(c as usize).id() != id);
        self.order.len() != before
    }

    /// Whether the file of the article at list position `i` holds other
    /// articles too (a JSON array).
    pub fn shares_file(&self, i: usize) -> bool {
        let Some(&c) = self.order.get(i) else {
            return false;
        };
        let file = self.catalog.file_of(c as usize);
        (0..self.catalog.len())
            .filter(|&other| self.catalog.file_of(other) == file)
            .nth(1)
            .is_some()
    }

    /// Adds an article read from `path` outside the folder, replacing one
    /// with the same id; returns its list position.
    /// Adds many articles read from nowhere (a feed named on the command
    /// line), sorting the list once rather than once per article; an
    /// article with the id of a listed one replaces it.
    pub fn insert_all(&mut self, articles: Vec<Article>) {
        let folder = self.catalog.folder(Folder::Memory);
        let mut ids = std::collections::HashSet::with_capacity(articles.len());
        let first = self.catalog.len();
        for article in articles {
            let file = self
                .catalog
                .add_file(folder, &std::ffi::OsString::from(&article.file));
            ids.insert(article.id.clone());
            self.catalog.add(file, &article);
            if self.full.len() < self.catalog.len() - 1 {
                self.full.resize_with(self.catalog.len() - 1, || None);
            }
            self.full.push(Some(Box::new(article)));
        }
        let catalog = &self.catalog;
        self.order
            .retain(|&c| !ids.contains(catalog.meta(c as usize).id()));
        // A repeated id within the batch: its last article is listed.
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        let added: Vec<u32> = (first..self.catalog.len())
            .rev()
            .filter(|&c| seen.insert(catalog.meta(c).id().to_owned()))
            .map(|c| c as u32)
            .collect();
        self.order.extend(added.into_iter().rev());
        self.sort();
    }

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
}

/// Which articles of a catalog are listed, in which order, and which are
/// left out for repeating an earlier one's id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListOrder {
    /// List position → catalog article.
    pub listed: Vec<u32>,
    /// `(later, first)`: catalog article `later` has the id of `first`, in
    /// catalog order.
    pub repeats: Vec<(u32, u32)>,
}

impl ListOrder {
    /// The first article with each id, newest first (see [`Articles::new`]).
    pub fn of(catalog: &Catalog) -> Self {
        let mut listed: Vec<u32> = Vec::with_capacity(catalog.len());
        let mut repeats = Vec::new();
        // Ids are borrowed from the arena, not copied.
        let mut seen: HashMap<&str, u32, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(
                catalog.len(),
                foldhash::fast::RandomState::default(),
            );
        for i in 0..catalog.len() as u32 {
            let id = catalog.meta(i as usize).id();
            if let Some(&first) = seen.get(id) {
                repeats.push((i, first));
            } else {
                seen.insert(id, i);
                listed.push(i);
            }
        }
        sort_listed(catalog, &mut listed);
        Self { listed, repeats }
    }

    /// Whether this (read back from disk) can be `catalog`'s: every article
    /// once, either listed or repeating an earlier one with its id. That
    /// the list is in order and its ids all different is not checked (it
    /// would cost what keeping the order saves: the catalog is in file
    /// order, the list in date order, and comparing them jumps about):
    /// the index's checksum and program check stand for that. What is
    /// checked is what could make the list point outside the catalog.
    pub fn fits(&self, catalog: &Catalog) -> bool {
        let n = catalog.len();
        if self.listed.len() + self.repeats.len() != n {
            return false;
        }
        let mut seen = vec![false; n];
        let mut once = |i: u32| {
            let Some(slot) = seen.get_mut(i as usize) else {
                return false;
            };
            !std::mem::replace(slot, true)
        };
        self.listed.iter().all(|&i| once(i))
            && self.repeats.iter().all(|&(later, first)| {
                first < later
                    && once(later)
                    && catalog.meta(later as usize).id() == catalog.meta(first as usize).id()
            })
    }
}

/// What the list is sorted by: dated before undated, newest first, then id.
fn list_key(catalog: &Catalog, c: u32) -> (bool, std::cmp::Reverse<i64>, &str) {
    let meta = catalog.meta(c as usize);
    let date = meta.published_at();
    (
        date.is_none(),
        std::cmp::Reverse(date.unwrap_or(0)),
        meta.id(),
    )
}

/// Sorts catalog articles into list order (see [`list_key`]).
fn sort_listed(catalog: &Catalog, order: &mut Vec<u32>) {
    // The keys side by side, not behind the records: with 100,000
    // articles the sort is then a third as long.
    let mut keys: Vec<(bool, std::cmp::Reverse<i64>, &str, u32)> = order
        .iter()
        .map(|&c| {
            let (undated, date, id) = list_key(catalog, c);
            (undated, date, id, c)
        })
        .collect();
    keys.sort_unstable();
    *order = keys.into_iter().map(|k| k.3).collect();
}

impl Bodies for Articles {
    /// From memory when the whole article is there, else read again from
    /// its file.
    fn open(&self, i: usize) -> Result<Cow<'_, Article>, BodyError> {
        let c = *self.order.get(i).ok_or(BodyError::NotListed(i))? as usize;
        if let Some(Some(full)) = self.full.get(c) {
            return Ok(Cow::Borrowed(full));
        }
        bodies::reread(self.catalog.meta(c)).map(Cow::Owned)
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

    #[test]
    fn a_kept_order_fits_its_catalog_and_a_wrong_one_does_not() {
        let mut catalog = Catalog::default();
        let folder = catalog.folder(Folder::Memory);
        for (name, a) in [
            ("1.json", article("b", Some(5), &[])),
            ("2.json", article("a", Some(5), &[])),
            ("3.json", article("b", Some(9), &[])),
            ("4.json", article("c", None, &[])),
        ] {
            let f = catalog.add_file(folder, name.as_ref());
            catalog.add(f, &a);
        }
        let order = ListOrder::of(&catalog);
        assert_eq!(order.listed, [1, 0, 3]);
        assert_eq!(order.repeats, [(2, 0)]);
        assert!(order.fits(&catalog));
        let with = |listed: &[u32], repeats: &[(u32, u32)]| ListOrder {
            listed: listed.to_vec(),
            repeats: repeats.to_vec(),
        };
        // An article twice or missing, past the end, a repeat of another
        // id or of a later article.
        for wrong in [
            with(&[1, 1, 3], &[(2, 0)]),
            with(&[1, 0], &[(2, 0)]),
            with(&[1, 0, 3, 4], &[(2, 0)]),
            with(&[1, 0, 3], &[(2, 1)]),
            with(&[1, 2, 3], &[(0, 2)]),
        ] {
            assert!(!wrong.fits(&catalog), "{wrong:?}");
        }
        let mut problems = Vec::new();
        let articles = Articles::with_order(catalog, Vec::new(), order, &mut problems);
        assert_eq!(
            articles.iter().map(|m| m.id()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(problems.len(), 1);
    }
}
