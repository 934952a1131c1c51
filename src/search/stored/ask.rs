//! A query run on the stored index: its words and phrases through the
//! `text` table, `person:`/`org:`/`place:` through `names`, tags and
//! `has:` through plain tables; what is not indexed yet is counted as
//! pending, as the in-memory index does.

use crate::search::index::Outcome;
use crate::search::query::{Query, Term};
use crate::search::tokens::{self, Lookup};

use super::sync::Indexer;
use super::{StoreError, short};

impl Indexer {
    /// The listed articles that match `query` (list positions, ascending),
    /// and how many could not be decided yet.
    pub fn search(&mut self, query: &Query) -> Result<Outcome, StoreError> {
        self.refresh()?;
        let len = self.covered.len();
        let mut texts = Vec::new();
        let mut lookups = Vec::new();
        let mut names = Vec::new();
        let mut tags = Vec::new();
        let mut flags = Vec::new();
        let mut impossible = false;
        for term in query.terms() {
            let (list, column, value) = match term {
                Term::Text(v) => (&mut texts, None, v),
                Term::Person(v) => (&mut names, Some("people"), v),
                Term::Org(v) => (&mut names, Some("orgs"), v),
                Term::Place(v) => (&mut names, Some("places"), v),
                Term::Tag(t) => {
                    tags.push(t.as_str());
                    continue;
                }
                Term::HasQuote => {
                    flags.push("quote");
                    continue;
                }
                Term::HasFigure => {
                    flags.push("figure");
                    continue;
                }
            };
            if column.is_none()
                && let Some(lookup) = tokens::lookup(value)
            {
                // One token: FTS5 would read the doclist of every word it
                // starts (with all their positions, tens of thousands of
                // rows for `mi` at 100,000 articles); the `short` and
                // `words` rows say the same in a bit per article.
                lookups.push(lookup);
                continue;
            }
            match tokens::phrase(value) {
                Some(phrase) => list.push(match column {
                    Some(c) => format!("{c} : {phrase}"),
                    None => phrase,
                }),
                None => impossible = true,
            }
        }
        // The articles whose text and tags match: of those indexed.
        let mut hit: Vec<bool> = self.covered.clone();
        if !texts.is_empty() {
            self.keep(
                &mut hit,
                "SELECT rowid FROM text WHERE text MATCH ?1",
                &texts.join(" AND "),
            )?;
        }
        for lookup in &lookups {
            self.keep_lookup(&mut hit, lookup)?;
        }
        for tag in tags {
            self.keep(&mut hit, "SELECT doc FROM tags WHERE tag = ?1", tag)?;
        }
        let mut pending = len - self.progress().text;
        let needs_names = !names.is_empty() || !flags.is_empty();
        if needs_names {
            // Of those, the ones whose names are not found yet wait (unless
            // the names are done: then they have none).
            let waiting = !self.names_done();
            for (h, named) in hit.iter_mut().zip(&self.named) {
                if *h && !named {
                    *h = false;
                    pending += usize::from(waiting);
                }
            }
            if !names.is_empty() {
                self.keep(
                    &mut hit,
                    "SELECT rowid FROM names WHERE names MATCH ?1",
                    &names.join(" AND "),
                )?;
            }
            for flag in flags {
                let sql = format!("SELECT doc FROM docs WHERE {flag} = ?1");
                self.keep(&mut hit, &sql, "1")?;
            }
        }
        if impossible {
            hit.fill(false);
        }
        let matches = hit
            .iter()
            .enumerate()
            .filter_map(|(i, &h)| h.then_some(i))
            .collect();
        Ok(Outcome { matches, pending })
    }

    /// Clears in `hit` every position whose doc has no token starting with
    /// the lookup's term (see `short.rs`).
    fn keep_lookup(&self, hit: &mut [bool], lookup: &Lookup) -> Result<(), StoreError> {
        let err = self.store.err();
        let mut found = vec![false; hit.len()];
        // For words: those in order from the term on, while they start
        // with it.
        let (sql, key, prefix) = match lookup {
            Lookup::Short(key) => ("SELECT key, first, bits FROM short WHERE key = ?1", key, ""),
            Lookup::Words(term) => (
                "SELECT word, first, bits FROM words WHERE word >= ?1 ORDER BY word, first",
                term,
                term.as_str(),
            ),
        };
        let mut stmt = self.store.conn.prepare_cached(sql).map_err(&err)?;
        let mut rows = stmt.query([key]).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            let word = row
                .get_ref(0)
                .map_err(&err)?
                .as_str()
                .map_err(|e| err(e.into()))?;
            if !word.starts_with(prefix) {
                break;
            }
            let first: i64 = row.get(1).map_err(&err)?;
            let bits = row
                .get_ref(2)
                .map_err(&err)?
                .as_blob()
                .map_err(|e| err(e.into()))?;
            short::decode(first, bits, |doc| {
                if let Some(&at) = self.docs.get(&doc) {
                    found[at as usize] = true;
                }
            });
        }
        for (h, f) in hit.iter_mut().zip(found) {
            *h &= f;
        }
        Ok(())
    }

    /// Clears in `hit` every position whose doc the query `sql` (one
    /// parameter) does not return.
    fn keep(&self, hit: &mut [bool], sql: &str, param: &str) -> Result<(), StoreError> {
        let err = self.store.err();
        let mut found = vec![false; hit.len()];
        let mut stmt = self.store.conn.prepare_cached(sql).map_err(&err)?;
        let mut rows = stmt.query([param]).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            let doc: i64 = row.get(0).map_err(&err)?;
            if let Some(&at) = self.docs.get(&doc) {
                found[at as usize] = true;
            }
        }
        for (h, f) in hit.iter_mut().zip(found) {
            *h &= f;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::search::fold;
    use crate::store::library::{Library, LibrarySource};

    use super::*;

    const TEXTS: &[&str] = &[
        "Solar farms, said the U.S. firm: $2.9 billion.",
        "東京都の生成AIサービス; são paulo (SP)",
        "-\u{301}x cafe\u{301} e\u{301}t\u{e9} ß straße",
        "aims and claims; a_b 42nd #1",
    ];

    /// For every piece of one to four characters of the texts, the `short`
    /// and `words` rows find the docs FTS5's phrase finds.
    #[test]
    fn short_and_words_rows_find_what_fts5_finds() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let dir = tmp.path().join("articles");
        std::fs::create_dir(&dir).expect("make the folder");
        for (i, text) in TEXTS.iter().enumerate() {
            let article = serde_json::json!({"id": format!("a{i}"), "title": "T", "body": [text]});
            std::fs::write(dir.join(format!("{i}.json")), article.to_string()).expect("write");
        }
        let meta = tmp.path().join("meta.idx");
        let (library, _) =
            Library::load_dir_indexed(LibrarySource::Flag(dir.clone()), &dir, &meta).expect("load");
        let db = tmp.path().join("search.sqlite");
        let (mut indexer, _) = Indexer::open(&db, &dir, &library.articles).expect("open");
        while indexer.step().expect("a step") {}
        let mut terms = std::collections::BTreeSet::new();
        for text in TEXTS {
            let folded = fold(text);
            let chars: Vec<char> = folded.chars().collect();
            for i in 0..chars.len() {
                for n in 1..=4 {
                    if let Some(t) = chars.get(i..i + n) {
                        terms.insert(t.iter().collect::<String>());
                    }
                }
            }
        }
        let mut asked = 0;
        for term in &terms {
            let Some(lookup) = tokens::lookup(term) else {
                continue;
            };
            let Some(phrase) = tokens::phrase(term) else {
                continue;
            };
            asked += 1;
            let len = indexer.covered.len();
            let mut by_fts = vec![true; len];
            indexer
                .keep(
                    &mut by_fts,
                    "SELECT rowid FROM text WHERE text MATCH ?1",
                    &phrase,
                )
                .expect("fts");
            let mut by_short = vec![true; len];
            indexer.keep_lookup(&mut by_short, &lookup).expect("short");
            assert_eq!(by_short, by_fts, "{term:?} ({lookup:?}, phrase {phrase})");
        }
        assert!(asked > 60, "{asked} terms asked");
    }
}
