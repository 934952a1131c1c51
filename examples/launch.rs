//! End-to-end launch timing: starts the release binary in a 120×40
//! pseudo-terminal and measures the time from spawn to the first complete
//! frame, for synthetic article folders of several sizes.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example launch -- [--sizes 1000,10000,100000] [--runs 7] [--newsboat]
//! ```
//!
//! For each size N, `/tmp/gogai-launch/N` is filled with the articles of
//! `examples/corpus.rs` (kept when it already holds N files), read once with
//! `gogai --list` so the page cache and gogai's own caches are warm, then
//! timed `--runs` times. gogai runs with its own `XDG_CACHE_HOME` and
//! `XDG_STATE_HOME` under the root folder (the state is cleared before every
//! run, so each starts the same way), never the user's.
//!
//! A run ends at the first moment the screen, at the end of a frame, shows
//! the whole first frame: the footer's key hints (`? help`), the header's
//! article count, the first article's title in the list (left of the reader
//! pane) and the start of its first paragraph inside the reader pane (found
//! by its `╭ Reader` border). The time is when the bytes that completed it
//! were read from the terminal. Then Ctrl-C, and the next run.
//!
//! With `--read P`, each run starts with P% of the folder's articles (the
//! first in the list) marked read, from a state store made once per size
//! and copied into place before the run, as a user's would be.
//!
//! With `--newsboat`, if `newsboat` is on PATH, the same N articles are
//! written as one RSS 2.0 feed, newsboat gets its own config, cache and urls
//! files (and `HOME`) under the root folder, loads the feed once
//! (`newsboat -x reload`, which also warms its cache), and is timed the same
//! way: to its feed list drawn with the feed's item count, then Enter is
//! pressed and the time to the feed's item list drawn (its title bar and the
//! first item row) is taken too. The ratio compares that item list with
//! gogai's first frame, the first screen on which each shows articles.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context as _, Result, anyhow, bail, ensure};
use gogai::store::state::{self, ReadState};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const COLS: u16 = 120;
const ROWS: u16 = 40;
/// How every gogai frame ends: ratatui hides the cursor after each frame
/// (see tests/pty.rs).
const FRAME_END: &[u8] = b"\x1b[?25l";
const CTRL_C: &[u8] = b"\x03";
const ENTER: &[u8] = b"\r";
/// newsboat's "quit from anywhere, no questions".
const NEWSBOAT_QUIT: &[u8] = b"Q";

const USAGE: &str = "usage: launch [--sizes 1000,10000,100000] [--runs 7] [--read PERCENT] \
    [--newsboat] [--bin PATH] [--root DIR] [--timeout SECS] [--show]";

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    newsboat: bool,
    /// The gogai binary (default: `target/release/gogai` of this checkout).
    bin: PathBuf,
    /// Corpora, caches, state and newsboat's files live here.
    root: PathBuf,
    /// The longest one launch may take before the run is given up.
    timeout: Duration,
    /// Print the screen each program was timed on (first run of each size).
    show: bool,
    /// Percent of each folder's articles that gogai starts with marked read
    /// (a state store made once, copied in before every run).
    read: usize,
}

fn parse_options() -> Result<Options> {
    let mut options = Options {
        sizes: vec![1_000, 10_000, 100_000],
        runs: 7,
        newsboat: false,
        bin: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gogai"),
        root: PathBuf::from("/tmp/gogai-launch"),
        timeout: Duration::from_secs(120),
        show: false,
        read: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| anyhow!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .context("--sizes: a comma-separated list of article counts")?;
            }
            "--runs" => options.runs = value()?.parse().context("--runs: a count")?,
            "--bin" => options.bin = PathBuf::from(value()?),
            "--root" => options.root = PathBuf::from(value()?),
            "--timeout" => {
                options.timeout =
                    Duration::from_secs_f64(value()?.parse().context("--timeout: seconds")?);
            }
            "--read" => {
                options.read = value()?.parse().context("--read: a percentage")?;
                ensure!(options.read <= 100, "--read: a percentage, at most 100");
            }
            "--newsboat" => options.newsboat = true,
            "--show" => options.show = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    ensure!(options.runs > 0, "--runs must be at least 1");
    ensure!(
        !options.sizes.is_empty() && options.sizes.iter().all(|&n| n > 0),
        "--sizes must list positive counts"
    );
    Ok(options)
}

fn main() -> Result<()> {
    let options = parse_options()?;
    if !options.bin.is_file() {
        bail!(
            "{} is missing: build it first with `cargo build --release` (or pass --bin PATH)",
            options.bin.display()
        );
    }
    std::fs::create_dir_all(&options.root)?;
    let newsboat = if options.newsboat {
        let found = which("newsboat");
        if found.is_none() {
            println!("newsboat is not on PATH: timing gogai only");
        }
        found
    } else {
        None
    };

    print_header(&options, newsboat.as_deref());

    let mut rows = Vec::new();
    for &n in &options.sizes {
        let dir = options.root.join(n.to_string());
        let started = Instant::now();
        if ensure_corpus(&dir, n)? {
            println!(
                "  wrote {} articles to {} in {:.1} s",
                thousands(n),
                dir.display(),
                started.elapsed().as_secs_f64()
            );
        }
        let gogai = time_gogai(&options, &dir, n)?;
        let newsboat = match &newsboat {
            Some(program) => Some(time_newsboat(&options, program, n)?),
            None => None,
        };
        rows.push((n, gogai, newsboat));
    }
    print_table(&options, &rows);
    Ok(())
}

/// The path of `program` if it is an executable file on PATH.
fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

// ---------------------------------------------------------------------------
// Report

fn print_header(options: &Options, newsboat: Option<&Path>) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!(
        "$ cargo run --release --example launch --{}{}",
        if args.is_empty() { "" } else { " " },
        args.join(" ")
    );
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let kernel = format!(
        "{} {}",
        read_trimmed("/proc/sys/kernel/ostype").unwrap_or_else(|| std::env::consts::OS.into()),
        read_trimmed("/proc/sys/kernel/osrelease").unwrap_or_default()
    );
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    println!(
        "machine: nproc {cpus}, {kernel}, {cpu}; load average {}",
        load_average()
    );
    println!(
        "gogai:   {} ({}){}",
        options.bin.display(),
        first_line(&options.bin, &["--version"]).unwrap_or_default(),
        staleness(&options.bin)
    );
    if let Some(program) = newsboat {
        println!(
            "newsboat: {} ({})",
            program.display(),
            first_line(program, &["--version"]).unwrap_or_default()
        );
    }
    println!(
        "terminal: {COLS}x{ROWS} pseudo-terminal; {} run(s) per size; files under {}",
        options.runs,
        options.root.display()
    );
}

/// The one-minute load average, to judge how quiet the machine was.
fn load_average() -> String {
    read_trimmed("/proc/loadavg")
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_owned())
}

/// The first line `program ARGS` prints.
fn first_line(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(|l| l.trim().to_owned())
}

/// A warning when the default binary is older than the sources it is built
/// from (examples do not rebuild it).
fn staleness(bin: &Path) -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !bin.starts_with(manifest) {
        return String::new();
    }
    let Some(built) = modified(bin) else {
        return String::new();
    };
    let mut newest = None;
    let mut stack = vec![manifest.join("src")];
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        newest = newest.max(modified(&manifest.join(file)));
    }
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                newest = newest.max(modified(&path));
            }
        }
    }
    if newest.is_some_and(|n| n > built) {
        " — WARNING: older than the sources; run `cargo build --release`".into()
    } else {
        String::new()
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

struct Stats {
    min: Duration,
    median: Duration,
    max: Duration,
}

impl Stats {
    fn of(times: &[Duration]) -> Self {
        let mut sorted = times.to_vec();
        sorted.sort();
        let mid = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 {
            sorted[mid]
        } else {
            (sorted[mid - 1] + sorted[mid]) / 2
        };
        Self {
            min: sorted[0],
            median,
            max: sorted[sorted.len() - 1],
        }
    }
}

struct NewsboatTimes {
    feeds: Stats,
    items: Stats,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn print_table(options: &Options, rows: &[(usize, Stats, Option<NewsboatTimes>)]) {
    let with_newsboat = rows.iter().any(|(_, _, nb)| nb.is_some());
    println!();
    println!("launch to first frame, {} run(s) per size:", options.runs);
    print!(
        "| {:>9} | {:>10} | {:>12} | {:>10} |",
        "articles", "gogai min", "gogai median", "gogai max"
    );
    if with_newsboat {
        print!(
            " {:>18} | {:>18} | {:>16} |",
            "newsboat feed list", "newsboat item list", "newsboat / gogai"
        );
    }
    println!();
    print!("|{:->11}|{:->12}|{:->14}|{:->12}|", ":", ":", ":", ":");
    if with_newsboat {
        print!("{:->20}|{:->20}|{:->18}|", ":", ":", ":");
    }
    println!();
    for (n, gogai, newsboat) in rows {
        print!(
            "| {:>9} | {:>10} | {:>12} | {:>10} |",
            thousands(*n),
            ms(gogai.min),
            ms(gogai.median),
            ms(gogai.max)
        );
        if with_newsboat {
            match newsboat {
                Some(nb) => print!(
                    " {:>18} | {:>18} | {:>16} |",
                    ms(nb.feeds.median),
                    ms(nb.items.median),
                    format!(
                        "{:.2}×",
                        nb.items.median.as_secs_f64() / gogai.median.as_secs_f64()
                    )
                ),
                None => print!(" {:>18} | {:>18} | {:>16} |", "-", "-", "-"),
            }
        }
        println!();
    }
    println!("load average at the end: {}", load_average());
    if with_newsboat {
        println!(
            "newsboat columns are medians: launch to its feed list showing the item count, \
             and launch to the feed's item list (Enter pressed once the feed list is drawn); \
             the ratio is item list median / gogai median."
        );
    }
}

/// Counts as gogai's header writes them.
use gogai::app::thousands;

// ---------------------------------------------------------------------------
// Corpora

/// Makes `dir` hold exactly the articles `0..n`; returns whether it wrote them.
fn ensure_corpus(dir: &Path, n: usize) -> Result<bool> {
    let existing = std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .count()
    });
    if existing == n && dir.join(corpus::file_name(n - 1)).is_file() {
        return Ok(false);
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                scope.spawn(move || -> std::io::Result<()> {
                    for i in (k..n).step_by(threads) {
                        std::fs::write(dir.join(corpus::file_name(i)), corpus::article_json(i))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("a corpus writer panicked"))
    })
    .with_context(|| format!("write articles to {}", dir.display()))?;
    Ok(true)
}

// ---------------------------------------------------------------------------
// A program in a pseudo-terminal

/// One program in a pseudo-terminal, its output read on a thread and fed to
/// a terminal emulator. Dropping it kills the program if it still runs.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn std::io::Write + Send>,
    /// Output chunks, each with the moment it was read.
    output: Receiver<(Instant, Vec<u8>)>,
    output_done: bool,
    parser: vt100::Parser,
    /// The last bytes of the output, to tell whether it ends with a frame.
    tail: Vec<u8>,
    started: Instant,
    exited: bool,
}

impl Session {
    fn spawn(cmd: CommandBuilder) -> Result<Self> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .context("open a pseudo-terminal")?;
        let mut reader = pair.master.try_clone_reader().context("pty reader")?;
        let writer = pair.master.take_writer().context("pty writer")?;
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let program = cmd.get_argv()[0].to_string_lossy().into_owned();
        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .with_context(|| format!("start {program}"))?;
        // Only the child may hold the terminal's other end, so that reading
        // ends when it exits.
        drop(pair.slave);
        Ok(Self {
            child,
            _master: pair.master,
            writer,
            output,
            output_done: false,
            parser: vt100::Parser::new(ROWS, COLS, 0),
            tail: Vec::new(),
            started,
            exited: false,
        })
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.tail.extend_from_slice(bytes);
        let keep = self.tail.len().saturating_sub(FRAME_END.len());
        self.tail.drain(..keep);
    }

    /// Reads output chunk by chunk until `ready` holds for the screen (only
    /// at the end of a frame when `whole_frames`); returns the time from
    /// spawn to the reading of the chunk that made it hold.
    fn time_until(
        &mut self,
        what: &str,
        timeout: Duration,
        whole_frames: bool,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<Duration> {
        let deadline = Instant::now() + timeout;
        loop {
            let now = Instant::now();
            if now >= deadline {
                bail!(
                    "timed out after {timeout:?} waiting for {what}\n{}",
                    self.show()
                );
            }
            match self.output.recv_timeout(deadline - now) {
                Ok((at, bytes)) => {
                    self.feed(&bytes);
                    if (!whole_frames || self.tail.ends_with(FRAME_END))
                        && ready(self.parser.screen())
                    {
                        return Ok(at.duration_since(self.started));
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.output_done = true;
                    let status = self.child.try_wait().ok().flatten();
                    bail!(
                        "the program stopped writing (exit: {status:?}) before the screen \
                         showed {what}\n{}",
                        self.show()
                    );
                }
            }
        }
    }

    fn press(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .context("type into the terminal")?;
        self.writer.flush().context("flush the terminal")
    }

    /// Types `quit`, then waits for the program to exit (killing it if it
    /// lingers) and for the end of its output.
    fn quit(mut self, quit: &[u8], timeout: Duration) -> Result<()> {
        self.press(quit)?;
        let deadline = Instant::now() + timeout;
        loop {
            if self.child.try_wait().context("poll the program")?.is_some() {
                self.exited = true;
                break;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                self.exited = true;
                bail!("the program did not exit within {timeout:?} after being asked to quit");
            }
            self.drain(Duration::from_millis(10));
        }
        while !self.output_done && Instant::now() < deadline {
            self.drain(Duration::from_millis(10));
        }
        Ok(())
    }

    /// Takes in output for up to `slice`, without judging it.
    fn drain(&mut self, slice: Duration) {
        if self.output_done {
            std::thread::sleep(slice);
            return;
        }
        match self.output.recv_timeout(slice) {
            Ok((_, bytes)) => self.feed(&bytes),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.output_done = true,
        }
    }

    /// The screen as text, for failure messages and `--show`.
    fn show(&self) -> String {
        let rows: Vec<String> = self.parser.screen().rows(0, COLS).collect();
        format!(
            "--- screen ({COLS}x{ROWS}) ---\n{}\n--- end of screen ---",
            rows.join("\n")
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The text of `row` between columns `from` (inclusive) and `to`.
fn text(screen: &vt100::Screen, row: u16, from: u16, to: u16) -> String {
    screen.contents_between(row, from, row, to)
}

// ---------------------------------------------------------------------------
// gogai

/// What the first frame must show, found from `gogai --list --json`.
struct FirstFrame {
    /// `1,000 article`, in the header.
    count: String,
    /// The start of the first article's title, in the list.
    title: String,
    /// The first words of its first paragraph, in the reader pane.
    body: String,
}

impl FirstFrame {
    fn shown(&self, screen: &vt100::Screen) -> bool {
        let (rows, cols) = screen.size();
        if !text(screen, rows - 1, 0, cols).contains("? help")
            || !text(screen, 0, 0, cols).contains(&self.count)
        {
            return false;
        }
        let Some((top, left)) = reader_corner(screen) else {
            return false;
        };
        let in_list = (top + 1..(top + 4).min(rows - 1))
            .any(|r| text(screen, r, 0, left).contains(&self.title));
        let in_reader =
            (top + 1..rows - 1).any(|r| text(screen, r, left, cols).contains(&self.body));
        in_list && in_reader
    }
}

/// The top-left corner of the reader pane: the `╭` of its ` Reader ` title.
fn reader_corner(screen: &vt100::Screen) -> Option<(u16, u16)> {
    let (rows, cols) = screen.size();
    (1..rows).find_map(|r| {
        if !text(screen, r, 0, cols).contains("╭ Reader ") {
            return None;
        }
        (0..cols)
            .find(|&c| text(screen, r, c, cols).starts_with("╭ Reader "))
            .map(|c| (r, c))
    })
}

fn gogai_env(options: &Options) -> [(&'static str, PathBuf); 2] {
    [
        ("XDG_CACHE_HOME", options.root.join("cache")),
        ("XDG_STATE_HOME", options.root.join("state")),
    ]
}

/// Runs `gogai --dir DIR ARGS` outside the terminal and returns its output.
fn gogai_output(options: &Options, dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let mut cmd = Command::new(&options.bin);
    cmd.arg("--dir").arg(dir).args(args);
    for (key, value) in gogai_env(options) {
        cmd.env(key, value);
    }
    let out = cmd
        .env_remove("GOGAI_DIR")
        .current_dir(&options.root)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("run {}", options.bin.display()))?;
    ensure!(
        out.status.success(),
        "gogai {} failed: {}",
        args.join(" "),
        out.status
    );
    Ok(out.stdout)
}

fn first_frame(options: &Options, dir: &Path, n: usize) -> Result<FirstFrame> {
    let list: serde_json::Value =
        serde_json::from_slice(&gogai_output(options, dir, &["--list", "--json"])?)
            .context("gogai --list --json is not JSON")?;
    let first = &list[0];
    let title = first["title"]
        .as_str()
        .ok_or_else(|| anyhow!("gogai --list --json: no title for the first article"))?;
    let file = first["file"]
        .as_str()
        .ok_or_else(|| anyhow!("gogai --list --json: no file for the first article"))?;
    let file = if Path::new(file).is_absolute() {
        PathBuf::from(file)
    } else {
        options.root.join(file)
    };
    let article: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&file).with_context(|| format!("read {}", file.display()))?,
    )?;
    let paragraph = match &article["body"] {
        serde_json::Value::Array(paragraphs) => paragraphs
            .iter()
            .filter_map(serde_json::Value::as_str)
            .find(|p| !p.trim().is_empty())
            .unwrap_or_default()
            .to_owned(),
        serde_json::Value::String(body) => body.clone(),
        _ => String::new(),
    };
    // The first words up to 24 characters: a paragraph starts a line, so
    // these are on one line of any reasonable measure.
    let mut body = String::new();
    for word in paragraph.split_whitespace() {
        if !body.is_empty() && body.chars().count() + 1 + word.chars().count() > 24 {
            break;
        }
        if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(word);
    }
    ensure!(!body.is_empty(), "{}: no body text", file.display());
    Ok(FirstFrame {
        count: format!("{} article", thousands(n)),
        title: title.chars().take(20).collect(),
        body,
    })
}

/// With `--read P`: a state store in which P% of the folder's articles
/// (the first in the list) are read, made once for this size; its path.
fn read_marks(options: &Options, dir: &Path, n: usize) -> Result<Option<PathBuf>> {
    if options.read == 0 {
        return Ok(None);
    }
    let listed: Vec<serde_json::Value> =
        serde_json::from_slice(&gogai_output(options, dir, &["--list", "--json"])?)
            .context("gogai --list --json")?;
    let wanted = n * options.read / 100;
    let path = options
        .root
        .join(format!("marks-{n}-{}", options.read))
        .join("state.sqlite");
    std::fs::create_dir_all(path.parent().context("a folder")?)?;
    let _ = std::fs::remove_file(&path);
    let mut marks = ReadState::default();
    let folder = state::folder_key(dir);
    let _ = marks.touch_seen(folder, [], state::now_secs());
    for entry in listed.iter().take(wanted) {
        let id = entry["id"]
            .as_str()
            .context("an id in gogai --list --json")?;
        marks.set_read(id, true);
    }
    marks.save(&path).context("save the marks")?;
    println!("  {} articles: started with {wanted} read", thousands(n));
    Ok(Some(path))
}

fn time_gogai(options: &Options, dir: &Path, n: usize) -> Result<Stats> {
    // Warm the page cache and gogai's caches: the plain listing, as a
    // person's first run would, then the JSON one that says what to expect.
    let started = Instant::now();
    gogai_output(options, dir, &["--list"])?;
    let warm = started.elapsed();
    let expect = first_frame(options, dir, n)?;
    println!(
        "  {} articles: warm-up `gogai --list` {}; waiting for {:?} in the list and {:?} \
         in the reader",
        thousands(n),
        ms(warm),
        expect.title,
        expect.body
    );
    let state = options.root.join("state");
    let marks = read_marks(options, dir, n)?;
    let mut times = Vec::with_capacity(options.runs);
    for run in 0..options.runs {
        if state.exists() {
            std::fs::remove_dir_all(&state)?;
        }
        if let Some(template) = &marks {
            let store = state::default_path().context("the state store's name")?;
            let to = state.join("gogai");
            std::fs::create_dir_all(&to)?;
            std::fs::copy(template, to.join(store.file_name().context("a file name")?))?;
        }
        let mut cmd = CommandBuilder::new(&options.bin);
        cmd.arg("--dir");
        cmd.arg(dir);
        for (key, value) in gogai_env(options) {
            cmd.env(key, value);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("GOGAI_DIR");
        cmd.cwd(&options.root);
        let mut session = Session::spawn(cmd)?;
        let took = session
            .time_until("gogai's first frame", options.timeout, true, |s| {
                expect.shown(s)
            })
            .with_context(|| format!("gogai, {n} articles, run {}", run + 1))?;
        if options.show && run == 0 {
            println!("{}", session.show());
        }
        session.quit(CTRL_C, options.timeout)?;
        times.push(took);
    }
    let summary = Stats::of(&times);
    println!(
        "  gogai    {:>9}: {}",
        thousands(n),
        times.iter().map(|&t| ms(t)).collect::<Vec<_>>().join(", ")
    );
    Ok(summary)
}

// ---------------------------------------------------------------------------
// newsboat

/// newsboat's files for `n` articles: feed, config, urls and cache.
struct NewsboatFiles {
    dir: PathBuf,
}

impl NewsboatFiles {
    fn config(&self) -> PathBuf {
        self.dir.join("config")
    }
    fn urls(&self) -> PathBuf {
        self.dir.join("urls")
    }
    fn cache(&self) -> PathBuf {
        self.dir.join("cache.db")
    }
    fn feed(&self) -> PathBuf {
        self.dir.join("feed.rss")
    }

    /// `newsboat -C config -c cache.db -u urls`, isolated from the user's
    /// files (its own `HOME` and XDG folders) and in a UTF-8 locale.
    fn args(&self) -> Vec<std::ffi::OsString> {
        vec![
            "-C".into(),
            self.config().into(),
            "-c".into(),
            self.cache().into(),
            "-u".into(),
            self.urls().into(),
        ]
    }

    fn env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        vec![
            ("HOME", self.dir.clone().into()),
            ("XDG_CONFIG_HOME", self.dir.join("xdg-config").into()),
            ("XDG_DATA_HOME", self.dir.join("xdg-data").into()),
            ("LC_ALL", "C.UTF-8".into()),
            ("TERM", "xterm-256color".into()),
        ]
    }
}

/// Writes the feed (unless already written for `n`), config and urls, and
/// loads the feed into a fresh cache.
fn prepare_newsboat(options: &Options, program: &Path, n: usize) -> Result<NewsboatFiles> {
    let files = NewsboatFiles {
        dir: options.root.join("newsboat").join(n.to_string()),
    };
    std::fs::create_dir_all(&files.dir)?;
    let written = files.dir.join("feed.count");
    if std::fs::read_to_string(&written).ok().as_deref() != Some(&n.to_string()) {
        let started = Instant::now();
        let partial = files.dir.join("feed.rss.partial");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&partial)?);
        corpus::write_rss(&mut out, n)?;
        out.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        std::fs::rename(&partial, files.feed())?;
        std::fs::write(&written, n.to_string())?;
        println!(
            "  wrote {} articles as RSS to {} in {:.1} s",
            thousands(n),
            files.feed().display(),
            started.elapsed().as_secs_f64()
        );
    }
    std::fs::write(
        files.config(),
        "# Written by gogai's examples/launch.rs.\n\
         auto-reload no\n\
         show-read-feeds yes\n\
         confirm-exit no\n",
    )?;
    std::fs::write(files.urls(), format!("file://{}\n", files.feed().display()))?;
    // A fresh cache each time, loaded once: the timed runs read it warm.
    for stale in [files.cache(), files.dir.join("cache.db.lock")] {
        if stale.exists() {
            std::fs::remove_file(stale)?;
        }
    }
    let started = Instant::now();
    let status = Command::new(program)
        .args(files.args())
        .args(["-x", "reload"])
        .envs(files.env())
        .current_dir(&files.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .context("run newsboat -x reload")?;
    ensure!(status.success(), "newsboat -x reload failed: {status}");
    println!(
        "  newsboat -x reload of {} items: {:.1} s",
        thousands(n),
        started.elapsed().as_secs_f64()
    );
    Ok(files)
}

/// newsboat's feed list shows the feed with its count, `(unread/total)`.
/// The default format cuts that column at 11 characters (`(10000/1000`),
/// so only the unread count, which is every item, is looked for.
fn newsboat_feeds_shown(screen: &vt100::Screen, n: usize) -> bool {
    let (rows, cols) = screen.size();
    let unread = format!("({n}/");
    (1..rows - 1).any(|r| {
        let row = text(screen, r, 0, cols);
        row.contains(&unread) && row.contains("Wire")
    })
}

/// newsboat's item list: its title bar names the feed's articles and the
/// first item row is drawn.
fn newsboat_items_shown(screen: &vt100::Screen, n: usize) -> bool {
    let (_, cols) = screen.size();
    let title = text(screen, 0, 0, cols);
    title.contains("Articles in feed")
        && title.contains(&format!("{n} total"))
        && text(screen, 1, 0, cols).contains(" to invest in ")
}

fn time_newsboat(options: &Options, program: &Path, n: usize) -> Result<NewsboatTimes> {
    let files = prepare_newsboat(options, program, n)?;
    let mut feeds = Vec::with_capacity(options.runs);
    let mut items = Vec::with_capacity(options.runs);
    for run in 0..options.runs {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(files.args());
        for (key, value) in files.env() {
            cmd.env(key, value);
        }
        cmd.cwd(&files.dir);
        let mut session = Session::spawn(cmd)?;
        let context = || format!("newsboat, {n} articles, run {}", run + 1);
        let to_feeds = session
            .time_until(
                "newsboat's feed list with the item count",
                options.timeout,
                false,
                |s| newsboat_feeds_shown(s, n),
            )
            .with_context(context)?;
        if options.show && run == 0 {
            println!("{}", session.show());
        }
        session.press(ENTER)?;
        let to_items = session
            .time_until("newsboat's item list", options.timeout, false, |s| {
                newsboat_items_shown(s, n)
            })
            .with_context(context)?;
        if options.show && run == 0 {
            println!("{}", session.show());
        }
        session.quit(NEWSBOAT_QUIT, options.timeout)?;
        feeds.push(to_feeds);
        items.push(to_items);
    }
    println!(
        "  newsboat {:>9}: feed list {}; item list {}",
        thousands(n),
        feeds.iter().map(|&t| ms(t)).collect::<Vec<_>>().join(", "),
        items.iter().map(|&t| ms(t)).collect::<Vec<_>>().join(", ")
    );
    Ok(NewsboatTimes {
        feeds: Stats::of(&feeds),
        items: Stats::of(&items),
    })
}
