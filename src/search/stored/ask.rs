//! A query run on the stored index: its words and phrases through the
//! `text` table, `person:`/`org:`/`place:` through `names`, tags and
//! `has:` through plain tables; what is not indexed yet is counted as
//! pending, as the in-memory index does.

use crate::search::index::Outcome;
use crate::search::query::{Query, Term};
use crate::search::tokens;

use super::StoreError;
use super::sync::Indexer;

impl Indexer {
    /// The listed articles that match `query` (list positions, ascending),
    /// and how many could not be decided yet.
    pub fn search(&mut self, query: &Query) -> Result<Outcome, StoreError> {
        self.refresh()?;
        let len = self.covered.len();
        let mut texts = Vec::new();
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
