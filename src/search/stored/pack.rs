//! Packing the `short` and `words` rows once the index is in step.
//!
//! Every transaction that writes docs adds a row per key it met, and rows
//! keep the bits of docs deleted since (they find nothing, as only docs
//! the index holds are looked up). Left alone, a key would gain a row at
//! every refresh and a query would read more and more of them. So, when
//! there is nothing else to do, the indexer walks both tables a slice at a
//! time and rewrites each key with more than [`MAX_ROWS`] rows as one row
//! of its live docs.

use rusqlite::params;

use super::StoreError;
use super::short;
use super::sync::Indexer;

/// Rows looked at per step, and so rewritten at most: a step is one
/// transaction, kept to a few ms so a query waits little.
const ROWS_PER_STEP: i64 = 4_000;

/// A key with more rows than this is packed into one.
const MAX_ROWS: i64 = 16;

/// The tables packed, and their key column.
const TABLES: [(&str, &str); 2] = [("short", "key"), ("words", "word")];

/// How far the packing has got.
#[derive(Debug, Default)]
pub(super) struct Packing {
    /// Into [`TABLES`].
    table: usize,
    /// The last key looked at.
    after: String,
    /// The docs the index holds (sorted), and SQLite's count of other
    /// connections' commits when they were read: another gogai may add
    /// docs, whose bits must not be dropped.
    live: Option<(i64, Vec<i64>)>,
}

impl Indexer {
    /// Packs the keys with many rows among the next slice of rows; false
    /// when both tables have been looked at.
    pub(super) fn pack_some(&mut self, packing: &mut Packing) -> Result<bool, StoreError> {
        let Some(&(table, column)) = TABLES.get(packing.table) else {
            return Ok(false);
        };
        let err = self.store.err();
        let tx = self.store.write().map_err(&err)?;
        let counts: Vec<(String, i64)> = {
            let sql = format!(
                "SELECT {column}, count(*) FROM
                   (SELECT {column} FROM {table} WHERE {column} > ?1 ORDER BY {column} LIMIT ?2)
                 GROUP BY {column}"
            );
            let mut stmt = tx.prepare_cached(&sql).map_err(&err)?;
            stmt.query_map(params![packing.after, ROWS_PER_STEP], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(&err)?
            .collect::<Result<_, _>>()
            .map_err(&err)?
        };
        if let Some((last, _)) = counts.last() {
            // The last key may have more rows beyond the slice: it is
            // judged by those seen, and the next slice starts after it.
            packing.after.clone_from(last);
        } else {
            packing.table += 1;
            packing.after.clear();
        }
        let many: Vec<&str> = counts
            .iter()
            .filter(|(_, n)| *n > MAX_ROWS)
            .map(|(key, _)| key.as_str())
            .collect();
        if !many.is_empty() {
            let version: i64 = tx
                .query_row("PRAGMA data_version", [], |r| r.get(0))
                .map_err(&err)?;
            if packing.live.as_ref().is_none_or(|(v, _)| *v != version) {
                let mut stmt = tx
                    .prepare_cached("SELECT doc FROM docs ORDER BY doc")
                    .map_err(&err)?;
                let docs = stmt
                    .query_map([], |r| r.get(0))
                    .map_err(&err)?
                    .collect::<Result<Vec<i64>, _>>()
                    .map_err(&err)?;
                packing.live = Some((version, docs));
            }
            let live = packing.live.as_ref().map_or(&[][..], |(_, d)| d.as_slice());
            for key in many {
                pack(&tx, table, column, key, live).map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)?;
        Ok(true)
    }
}

/// Rewrites the rows of `key` as one row of the docs in `live` (none if
/// no doc of it is left).
fn pack(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    column: &str,
    key: &str,
    live: &[i64],
) -> rusqlite::Result<()> {
    let mut docs = Vec::new();
    {
        let sql = format!("SELECT first, bits FROM {table} WHERE {column} = ?1");
        let mut stmt = tx.prepare_cached(&sql)?;
        let mut rows = stmt.query([key])?;
        while let Some(row) = rows.next()? {
            let first: i64 = row.get(0)?;
            let bits = row.get_ref(1)?.as_blob()?;
            short::decode(first, bits, |doc| docs.push(doc));
        }
    }
    docs.sort_unstable();
    docs.dedup();
    docs.retain(|doc| live.binary_search(doc).is_ok());
    tx.execute(&format!("DELETE FROM {table} WHERE {column} = ?1"), [key])?;
    if let Some(&first) = docs.first() {
        tx.execute(
            &format!("INSERT INTO {table}({column}, first, bits) VALUES (?1, ?2, ?3)"),
            params![key, first, short::encode(&docs)],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, SystemTime};

    use crate::search::Query;
    use crate::store::library::{Library, LibrarySource};

    use super::*;

    fn write(dir: &Path, i: usize) {
        let path = dir.join(format!("{i}.json"));
        let article =
            serde_json::json!({"id": format!("a{i}"), "title": "Solar", "body": ["so it goes"]});
        std::fs::write(&path, article.to_string()).expect("write");
        // Settled: a file written a moment ago is read again at each start.
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(3600)))
            .expect("date");
    }

    /// Each run below writes one file, so one more row per key; the
    /// seventeenth packs them into one, without the deleted file's doc.
    #[test]
    fn many_rows_of_a_key_become_one_row_of_its_live_docs() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let dir = tmp.path().join("articles");
        std::fs::create_dir(&dir).expect("make the folder");
        let db = tmp.path().join("search.sqlite");
        let rows = |indexer: &Indexer, table: &str, column: &str, key: &str| -> Vec<Vec<i64>> {
            let sql = format!("SELECT first, bits FROM {table} WHERE {column} = ?1");
            let mut stmt = indexer.store.conn.prepare(&sql).expect("prepare");
            let mut rows = stmt.query([key]).expect("query");
            let mut out = Vec::new();
            while let Some(row) = rows.next().expect("row") {
                let mut docs = Vec::new();
                let bits = row.get_ref(1).expect("bits").as_blob().expect("blob");
                short::decode(row.get(0).expect("first"), bits, |d| docs.push(d));
                out.push(docs);
            }
            out
        };
        for i in 0..=MAX_ROWS as usize {
            write(&dir, i);
            if i == 10 {
                std::fs::remove_file(dir.join("3.json")).expect("delete");
            }
            let meta = tmp.path().join("meta.idx");
            let (library, _) =
                Library::load_dir_indexed(LibrarySource::Flag(dir.clone()), &dir, &meta)
                    .expect("load");
            let (mut indexer, _) = Indexer::open(&db, &dir, &library.articles).expect("open");
            while indexer.step().expect("a step") {}
            // i + 1 files written, one deleted from the eleventh run on.
            let live = i + 1 - usize::from(i >= 10);
            let so = rows(&indexer, "short", "key", "so");
            let solar = rows(&indexer, "words", "word", "solar");
            if i < MAX_ROWS as usize {
                assert_eq!(so.len(), i + 1, "run {i}: a row per run");
            } else {
                assert_eq!(so.len(), 1, "packed");
                assert_eq!(solar.len(), 1, "packed");
                assert_eq!(so[0].len(), live, "the live docs only");
                assert_eq!(solar[0], so[0]);
            }
            for q in ["so", "sol", "solar it"] {
                let found = indexer.search(&Query::parse(q)).expect("search");
                assert_eq!(found.matches.len(), live, "{q} in run {i}");
            }
        }
    }
}
