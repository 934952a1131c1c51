//! Time what the read marks cost at scale: loading 100,000 of them, and
//! saving one changed mark (and a thousand, an `A` on a page) into them.
//!
//! ```text
//! cargo run --release --example marks -- [--marks 100000] [--runs 9]
//! ```
//!
//! Works in a temporary folder (removed at the end; `--keep` names a folder
//! to keep instead), on the state's default file name, so the same source
//! measures whichever store this build has.
//! The marks look like real ones: ids of imported files (`slug-<8 hex>`),
//! each read, one in ten starred, all seen in one folder. Prints medians
//! for docs/BENCHMARKS.md.

use std::path::Path;
use std::time::{Duration, Instant};

use gogai::store::state::{self, ReadState};

fn main() {
    let mut marks = 100_000usize;
    let mut runs = 9usize;
    let mut keep = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse().ok());
        match (arg.as_str(), number) {
            ("--marks", Some(n)) => marks = n,
            ("--runs", Some(n)) => runs = n.max(1),
            ("--keep", _) if value.is_some() => keep = value.map(std::path::PathBuf::from),
            _ => {
                eprintln!("usage: marks [--marks N] [--runs N] [--keep EMPTY-FOLDER]");
                std::process::exit(2);
            }
        }
    }
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = keep.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("the folder");
    let name = state::default_path()
        .and_then(|p| p.file_name().map(ToOwned::to_owned))
        .unwrap_or_else(|| "state".into());
    let path = dir.join(name);

    let folder = state::folder_key(Path::new("/home/reader/news"));
    let mut state = ReadState::default();
    let _ = state.touch_seen(folder, [], state::now_secs());
    for n in 0..marks {
        let id = id(n);
        state.set_read(&id, true);
        if n % 10 == 0 {
            state.set_starred(&id, true);
        }
    }
    let started = Instant::now();
    state.save(&path).expect("first save");
    println!(
        "{marks} marks: first save {:.0} ms, {:.1} MB on disk",
        ms(started.elapsed()),
        on_disk(&dir) as f64 / 1e6
    );

    let cpu = cpu_ms();
    let load: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let loaded = ReadState::load(&path).expect("load");
            let took = started.elapsed();
            assert_eq!(loaded.state.read_count(), marks);
            took
        })
        .collect();
    println!("load: median {}{}", median(load), cpu_per_run(cpu, runs));

    let cpu = cpu_ms();
    let peek: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let peeked = ReadState::peek(&path);
            let took = started.elapsed();
            assert_eq!(peeked.read_count(), marks);
            took
        })
        .collect();
    println!(
        "peek (--list): median {}{}",
        median(peek),
        cpu_per_run(cpu, runs)
    );

    // What the saver thread does after a key press.
    let mut state = ReadState::load(&path).expect("load").state;
    let one: Vec<Duration> = (0..runs)
        .map(|run| {
            let id = id(run * 7 + 1);
            let was = state.is_starred(&id);
            state.set_starred(&id, !was);
            let job = state.take_job().expect("a change");
            let started = Instant::now();
            job.write_job(&path).expect("saved");
            started.elapsed()
        })
        .collect();
    println!("save one changed mark: median {}", median(one));

    let page: Vec<Duration> = (0..runs)
        .map(|run| {
            for n in 0..1000 {
                state.set_read(&id(n * 37 + run), false);
            }
            let job = state.take_job().expect("changes");
            let started = Instant::now();
            job.write_job(&path).expect("saved");
            started.elapsed()
        })
        .collect();
    println!("save 1,000 changed marks: median {}", median(page));
    println!("on disk at the end: {:.1} MB", on_disk(&dir) as f64 / 1e6);
}

/// An id like an imported article's file name.
fn id(n: usize) -> String {
    let hash = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32;
    format!("council-approves-new-budget-for-harbour-{n}-{hash:08x}")
}

/// The median and the fastest run: on a busy machine the fastest is the
/// better measure of the work itself.
fn median(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "{:.1} ms (fastest {:.1} ms)",
        ms(times[times.len() / 2]),
        ms(times[0])
    )
}

/// CPU time this process has used (user and system), in milliseconds, on
/// Linux: what a busy machine's waiting for a core does not inflate.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux gogai runs on.
    Some(ticks * 10.0)
}

/// `, CPU N ms a run` since `start`, when it can be told.
fn cpu_per_run(start: Option<f64>, runs: usize) -> String {
    match (start, cpu_ms()) {
        (Some(start), Some(end)) => format!(", CPU {:.1} ms a run", (end - start) / runs as f64),
        _ => String::new(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Bytes of every file in `dir`.
fn on_disk(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
            .sum()
    })
}
