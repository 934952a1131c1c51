//! `gogai --update` against `newsboat -x reload`, on 200 feeds of 50 items
//! each served from 127.0.0.1 with about 50 ms of latency per request:
//! once cold, once with nothing changed (every feed answers 304 to its
//! validators). Each run gets fresh config, state, cache and data folders.
//!
//! ```sh
//! apt-get install -y newsboat          # when it is missing
//! cargo build --release && cargo run --release --example update_bench [-- PATH/TO/gogai]
//! ```
//!
//! The gogai binary is the one given, else `target/release/gogai` (under
//! `$CARGO_TARGET_DIR` when set). newsboat runs with its defaults, and
//! again with `reload-threads 8`.

use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FEEDS: usize = 200;
const ITEMS: usize = 50;
const LATENCY: Duration = Duration::from_millis(50);
/// Real subscriptions are spread over many hosts; so are these, over as
/// many loopback addresses (127.0.0.2 …), since gogai fetches at most two
/// feeds from one host at once.
const HOSTS: usize = 50;

fn main() {
    let gogai = std::env::args()
        .nth(1)
        .map_or_else(default_binary, PathBuf::from);
    if !gogai.exists() {
        eprintln!(
            "{}: no gogai binary; run `cargo build --release` first",
            gogai.display()
        );
        std::process::exit(2);
    }
    let newsboat = Command::new("newsboat").arg("--version").output().is_ok();
    if !newsboat {
        eprintln!("newsboat is not installed (apt-get install -y newsboat); timing gogai alone");
    }
    let bases = serve();
    let mut urls = String::new();
    for i in 0..FEEDS {
        let _ = writeln!(urls, "{}/feed/{i}", bases[i % bases.len()]);
    }

    let mut rows = Vec::new();
    let (cold, warm) = gogai_runs(&gogai, &urls);
    rows.push(("gogai --update", cold, warm));
    if newsboat {
        for threads in [None, Some(8)] {
            let (cold, warm) = newsboat_runs(&urls, threads);
            let name = match threads {
                None => "newsboat -x reload (default)",
                Some(_) => "newsboat -x reload (reload-threads 8)",
            };
            rows.push((name, cold, warm));
        }
    }
    println!(
        "{FEEDS} feeds x {ITEMS} items, {} ms latency per request",
        LATENCY.as_millis()
    );
    println!("{:<40} {:>10} {:>12}", "", "cold (s)", "all 304 (s)");
    for (name, cold, warm) in &rows {
        println!(
            "{name:<40} {:>10.2} {:>12.2}",
            cold.as_secs_f64(),
            warm.as_secs_f64()
        );
    }
    if rows.len() == 3 {
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        println!(
            "cold: gogai is {:.1}x faster than newsboat's default, {:.1}x faster than its 8 threads",
            ratio(rows[1].1, rows[0].1),
            ratio(rows[2].1, rows[0].1)
        );
    }
}

fn default_binary() -> PathBuf {
    // Absolute: the runs happen in other working folders.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    std::path::absolute(&target)
        .unwrap_or(target)
        .join("release/gogai")
}

/// Times two runs in fresh folders: cold, then again (all 304).
fn gogai_runs(gogai: &Path, urls: &str) -> (Duration, Duration) {
    let home = tempfile::tempdir().expect("temp dir");
    let config = home.path().join("config/gogai");
    std::fs::create_dir_all(&config).expect("config");
    std::fs::write(config.join("feeds"), urls).expect("feeds");
    let run = || {
        let started = Instant::now();
        let out = Command::new(gogai)
            .args(["--update", "--force"])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env_remove("GOGAI_DIR")
            .current_dir(home.path())
            .output()
            .expect("gogai");
        let took = started.elapsed();
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprintln!("gogai: {}", stdout.lines().last().unwrap_or(""));
        took
    };
    (run(), run())
}

fn newsboat_runs(urls: &str, threads: Option<usize>) -> (Duration, Duration) {
    let home = tempfile::tempdir().expect("temp dir");
    let urls_file = home.path().join("urls");
    std::fs::write(&urls_file, urls).expect("urls");
    let config = home.path().join("config");
    let text = threads.map_or_else(String::new, |n| format!("reload-threads {n}\n"));
    std::fs::write(&config, text).expect("config");
    let cache = home.path().join("cache.db");
    let run = || {
        let started = Instant::now();
        let status = Command::new("newsboat")
            .arg("-u")
            .arg(&urls_file)
            .arg("-C")
            .arg(&config)
            .arg("-c")
            .arg(&cache)
            .args(["-x", "reload"])
            .env("HOME", home.path())
            .status()
            .expect("newsboat");
        assert!(status.success(), "newsboat failed");
        started.elapsed()
    };
    (run(), run())
}

/// Starts the server on [`HOSTS`] loopback addresses; returns their base
/// addresses.
fn serve() -> Vec<String> {
    (0..HOSTS)
        .map(|h| {
            let last = u8::try_from(h + 2).unwrap_or(2);
            let address = std::net::Ipv4Addr::new(127, 0, 0, last);
            let listener = TcpListener::bind((address, 0)).expect("bind");
            let base = format!("http://{}", listener.local_addr().expect("addr"));
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    std::thread::spawn(move || answer(stream));
                }
            });
            base
        })
        .collect()
}

/// One request (connections are closed after each answer).
fn answer(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut unchanged = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("if-none-match:") || lower.starts_with("if-modified-since:") {
            unchanged = true;
        }
    }
    std::thread::sleep(LATENCY);
    let n: usize = path
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut out = stream;
    let validators = "ETag: \"v1\"\r\nLast-Modified: Mon, 03 Nov 2025 10:00:00 GMT\r\n";
    if unchanged {
        let _ = write!(
            out,
            "HTTP/1.1 304 Not Modified\r\n{validators}Connection: close\r\n\r\n"
        );
        return;
    }
    let body = feed(n);
    let _ = write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\n{validators}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = out.write_all(body.as_bytes());
}

fn feed(n: usize) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {n}</title><link>https://feed{n}.example/</link>"
    );
    for i in 0..ITEMS {
        let _ = write!(
            s,
            "<item><title>Story {i} of feed {n}</title><link>https://feed{n}.example/{i}</link>\
             <guid>https://feed{n}.example/{i}</guid><pubDate>Mon, 03 Nov 2025 10:{:02}:00 GMT</pubDate>\
             <description>&lt;p&gt;Paragraph one of story {i} in feed {n}, with some words to read.&lt;/p&gt;\
             &lt;p&gt;Paragraph two, a little longer, so that the item has a body worth writing.&lt;/p&gt;</description></item>",
            i % 60
        );
    }
    s + "</channel></rss>"
}
