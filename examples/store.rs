//! Measures the stored search index on a folder:
//!
//! ```text
//! cargo run --release --example store -- DIR DB [QUERY]...
//! ```
//!
//! Loads DIR's list (through a metadata index kept beside DB), opens or
//! builds the search index at DB, brings it in step with the folder (timing
//! the words and the names apart), then runs each QUERY once and prints
//! its hits and time. It also times the list a start draws first (the
//! metadata index and its log alone, before the folder is looked at), and
//! says how the metadata index was written. Run it twice: the second run shows what a start with
//! an index already built costs, and how long a first search takes then.

use std::path::PathBuf;
use std::time::Instant;

use gogai::search::Query;
use gogai::search::stored::{Indexer, StoreError};
use gogai::store::library::{Library, LibrarySource};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: store DIR DB [QUERY]...";
    let dir = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!(usage))?);
    let db = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!(usage))?);
    let queries: Vec<String> = args.collect();

    let meta = db.with_extension("idx");
    // What a start draws first: the metadata index alone, with its log.
    let clock = Instant::now();
    let cached = Library::load_cached(LibrarySource::Flag(dir.clone()), &dir, &meta);
    println!(
        "cached list (index and its log): {} articles in {:?}",
        cached.map_or(0, |l| l.articles.len()),
        clock.elapsed()
    );
    let clock = Instant::now();
    let (library, stats) =
        Library::load_dir_indexed(LibrarySource::Flag(dir.clone()), &dir, &meta)?;
    let articles = library.articles;
    println!(
        "list of {} articles: {:?} ({} reused, {} parsed, {} dropped; log records applied {}, \
         index written {:?}; parsed and written after {:?})",
        articles.len(),
        clock.elapsed(),
        stats.reused,
        stats.parsed,
        stats.dropped,
        stats.applied,
        stats.written,
        stats.timings[4].saturating_sub(stats.timings[3]),
    );

    let clock = Instant::now();
    let (mut indexer, notice) = Indexer::open(&db, &dir, &articles)?;
    if let Some(notice) = notice {
        println!("{notice}");
    }
    println!("opened: {:?} ({:?})", clock.elapsed(), indexer.progress());
    // The first queries, before the index is brought in step.
    run_queries(&mut indexer, &queries)?;
    let clock = Instant::now();
    let mut words_done = None;
    let mut steps = 0u64;
    while indexer.step()? {
        steps += 1;
        let p = indexer.progress();
        if words_done.is_none() && p.text == p.total {
            words_done = Some(clock.elapsed());
        }
    }
    println!(
        "in step after {steps} steps: words {:?}, all {:?} ({:?})",
        words_done,
        clock.elapsed(),
        indexer.progress()
    );
    run_queries(&mut indexer, &queries)?;
    Ok(())
}

/// Runs each query, printing its hits, what is pending, the time of its
/// first run and the median of five more (the first may read pages from
/// the disk; on a busy machine the median is the steadier figure).
fn run_queries(indexer: &mut Indexer, queries: &[String]) -> Result<(), StoreError> {
    for q in queries {
        let query = Query::parse(q);
        let clock = Instant::now();
        let outcome = indexer.search(&query)?;
        let first = clock.elapsed();
        let mut again = Vec::new();
        for _ in 0..5 {
            let clock = Instant::now();
            indexer.search(&query)?;
            again.push(clock.elapsed());
        }
        again.sort();
        println!(
            "  {q:?}: {} hits, {} pending, {first:?} first, {:?} median of 5 more",
            outcome.matches.len(),
            outcome.pending,
            again[2]
        );
    }
    Ok(())
}
