//! Measures the background work of a start from the cached list: the
//! folder check (list the folder, look at every file, compare with the
//! metadata index) and the search index's worker bringing itself in step
//! (open, list and look at the folder again, compare with its `files`
//! table). With `once`, the index plans from the check's listing, as the
//! reader now does; with `twice`, it lists the folder itself, as before.
//!
//! ```text
//! cargo run --release --example background -- DIR DB [RUNS]
//! ```
//!
//! DB is the search index (built first if it is not in step with DIR), and
//! the metadata index is kept beside it (`DB` with `.idx`). Each run loads
//! the cached list, then runs the check and the index's worker on two
//! threads as the reader does, and prints the process's CPU time (user and
//! system, from `/proc/self/stat`, 10 ms ticks) and the wall time. The two
//! ways alternate, so a busy machine slows both alike; medians at the end.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use gogai::search::stored::Indexer;
use gogai::store::library::{Library, LibrarySource};

/// User plus system time of this process so far.
fn cpu() -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The fields after the command's closing parenthesis; utime and stime
    // are the 14th and 15th of the whole line.
    let rest = stat
        .rsplit_once(')')
        .ok_or_else(|| anyhow::anyhow!("odd /proc/self/stat"))?
        .1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    // USER_HZ is 100 on Linux.
    Ok(Duration::from_millis(ticks * 10))
}

fn run(dir: &Path, db: &Path, meta: &Path, once: bool) -> anyhow::Result<(Duration, Duration)> {
    let origin = LibrarySource::Flag(dir.to_path_buf());
    let cached = Library::load_cached(origin.clone(), dir, meta)
        .ok_or_else(|| anyhow::anyhow!("no cached list"))?;
    let (cpu0, wall0) = (cpu()?, Instant::now());
    let (send, scans) = mpsc::channel();
    let check = {
        let (dir, meta) = (dir.to_path_buf(), meta.to_path_buf());
        std::thread::spawn(move || -> anyhow::Result<()> {
            if once {
                let (_, _, scan) = Library::load_dir_scanned(origin, &dir, &meta)?;
                let _ = send.send(Arc::new(scan));
            } else {
                Library::load_dir_indexed(origin, &dir, &meta)?;
            }
            Ok(())
        })
    };
    let (mut indexer, _) = Indexer::open(db, dir, &cached.articles)?;
    if once {
        indexer.plan_from(scans.recv()?);
    }
    while indexer.step()? {}
    check
        .join()
        .map_err(|_| anyhow::anyhow!("the check panicked"))??;
    Ok((cpu()?.saturating_sub(cpu0), wall0.elapsed()))
}

fn median(mut all: Vec<Duration>) -> Duration {
    all.sort();
    all[all.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: background DIR DB [RUNS]";
    let dir = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!(usage))?);
    let db = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!(usage))?);
    let runs: usize = args.next().map_or(Ok(7), |r| r.parse())?;
    let meta = db.with_extension("idx");

    // The caches made and in step, and the page cache warm.
    let clock = Instant::now();
    let (library, _) = Library::load_dir_indexed(LibrarySource::Flag(dir.clone()), &dir, &meta)?;
    let (mut indexer, _) = Indexer::open(&db, &dir, &library.articles)?;
    while indexer.step()? {}
    drop(indexer);
    println!(
        "{} articles, caches in step after {:?}",
        library.articles.len(),
        clock.elapsed()
    );
    drop(library);

    let (mut twice, mut once) = (Vec::new(), Vec::new());
    for i in 0..runs {
        for shared in [false, true] {
            let (cpu, wall) = run(&dir, &db, &meta, shared)?;
            let name = if shared { "once " } else { "twice" };
            println!("run {i} {name}: CPU {cpu:>9.2?}, wall {wall:>9.2?}");
            if shared { &mut once } else { &mut twice }.push((cpu, wall));
        }
    }
    for (name, all) in [("twice", twice), ("once ", once)] {
        let cpu = median(all.iter().map(|r| r.0).collect());
        let wall = median(all.iter().map(|r| r.1).collect());
        println!("median {name}: CPU {cpu:.2?}, wall {wall:.2?}");
    }
    Ok(())
}
