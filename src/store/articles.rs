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
        let mut order: Vec<u32> = Vec::with_capacity(catalog.len());
        {
            // Ids are borrowed from the arena, not copied.
            let mut seen: HashMap<&str, usize, foldhash::fast::RandomState> =
                HashMap::with_capacity_and_hasher(
                    catalog.len(),
                    foldhash::fast::RandomState::default(),
                );
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
        // The keys side by side, not behind the records: with 100,000
        // articles the sort is then a third as long.
        let mut keys: Vec<(bool, std::cmp::Reverse<i64>, &str, u32)> = self
            .order
            .iter()
            .map(|&c| {
                let meta = catalog.meta(c as usize);
                let date = meta.published_at();
                (
                    date.is_none(),
                    std::cmp::Reverse(date.unwrap_or(0)),
                    meta.id(),
                    c,
                )
            })
            .collect();
        keys.sort_unstable();
        self.order = keys.into_iter().map(|k| k.3).collect();
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
}
