//! The hostile-article ladder: time and peak memory of `gogai --print` on
//! one article whose body is a single paragraph of 125 KB, 1 MB, 4 MB and
//! 15 MB, written two ways: clauses full of figures with no full stop
//! (one runaway sentence, thousands of facts) and ordinary sentences.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example ladder -- [--sizes 125000,1000000,4000000,15000000]
//! ```
//!
//! Each article is written to its own folder under a temporary directory
//! (removed at the end) and printed once by the release binary next to this
//! example, under `/usr/bin/time -f "%e %M"` (wall seconds, peak resident
//! KB), with its own `XDG_CACHE_HOME` and `XDG_STATE_HOME`. Prints a
//! Markdown table for docs/BENCHMARKS.md, with time and memory per megabyte
//! of body: flat columns there mean linear growth.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// About `bytes` of clauses with figures and no full stop but the last.
fn paragraph_with_figures(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0u64;
    while out.len() < bytes {
        let _ = write!(
            out,
            "revenue rose {i}.5% to ${} million in {} as {i} firms hired {} staff, ",
            i * 3,
            2000 + i % 25,
            i * 7
        );
        i += 1;
    }
    out.push('.');
    out
}

/// About `bytes` of ordinary twelve-word sentences.
fn ordinary_sentences(bytes: usize) -> String {
    const WORDS: [&str; 18] = [
        "the", "council", "met", "again", "on", "a", "quiet", "morning", "to", "talk", "about",
        "roads", "schools", "and", "parks", "while", "people", "waited",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while out.len() < bytes {
        let words: Vec<&str> = (0..12)
            .map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()])
            .collect();
        let sentence = words.join(" ");
        let mut chars = sentence.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        out.push_str(". ");
        i += 1;
    }
    out.trim_end().to_owned()
}

/// The release `gogai` next to this example (`target/release/examples/..`).
fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the example's own path");
    let release = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/release/examples");
    release.join("gogai")
}

/// Seconds and peak KB of `gogai --print big` on the article in `dir`.
fn measure(gogai: &Path, dir: &Path) -> Result<(f64, u64), String> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(gogai)
        .args(["--dir"])
        .arg(dir)
        .args(["--print", "big"])
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env_remove("GOGAI_DIR")
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("running /usr/bin/time: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("gogai failed: {stderr}"));
    }
    let last = stderr.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace();
    let seconds = fields.next().and_then(|s| s.parse().ok());
    let kb = fields.next().and_then(|s| s.parse().ok());
    seconds
        .zip(kb)
        .ok_or_else(|| format!("unreadable: {last:?}"))
}

fn main() {
    let mut sizes = vec![125_000, 1_000_000, 4_000_000, 15_000_000];
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--sizes") {
        sizes = args
            .get(i + 1)
            .expect("--sizes takes a list")
            .split(',')
            .map(|s| s.parse().expect("a size in bytes"))
            .collect();
    }
    let gogai = binary();
    assert!(
        gogai.exists(),
        "{} is missing: cargo build --release first",
        gogai.display()
    );
    let root = tempfile::tempdir().expect("a temporary directory");
    println!("| body | shape | facts | time | peak memory | s / MB | MB peak / MB |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for &size in &sizes {
        for (shape, body) in [
            ("one paragraph with figures", paragraph_with_figures(size)),
            ("ordinary sentences", ordinary_sentences(size)),
        ] {
            let dir = root.path().join(format!("{size}-{}", shape.len()));
            std::fs::create_dir_all(&dir).expect("mkdir");
            let article = serde_json::json!({
                "id": "big",
                "title": "A big article",
                "published": "2024-06-01",
                "body": [body],
            });
            std::fs::write(dir.join("big.json"), article.to_string()).expect("write");
            // Facts, counted from `--facts` (one line each, wrapped lines
            // indented further).
            let facts = Command::new(&gogai)
                .args(["--dir"])
                .arg(&dir)
                .args(["--facts", "big", "--width", "1000"])
                .env("XDG_CACHE_HOME", dir.join("cache"))
                .env("XDG_STATE_HOME", dir.join("state"))
                .output()
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .filter(|l| l.starts_with("    ") && !l.starts_with("      "))
                        .count()
                })
                .map_or_else(|_| "?".to_owned(), |n| n.to_string());
            let mb = size as f64 / 1e6;
            match measure(&gogai, &dir) {
                Ok((seconds, kb)) => println!(
                    "| {} | {shape} | {facts} | {seconds:.2} s | {:.0} MB | {:.2} | {:.1} |",
                    human(size),
                    kb as f64 / 1024.0,
                    seconds / mb,
                    kb as f64 / 1024.0 / mb
                ),
                Err(e) => println!("| {} | {shape} | {facts} | {e} | | | |", human(size)),
            }
            std::fs::remove_dir_all(&dir).ok();
        }
    }
}

fn human(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes / 1000)
    }
}
