//! Writes a synthetic article folder for measuring gogai at scale:
//! `cargo run --release --example corpus -- DIR [COUNT] [--rss FILE]`
//! (default 100,000). With `--rss`, the same articles are also written as
//! one RSS 2.0 feed, for timing other readers on the same copy.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write as _;
use std::path::PathBuf;

const USAGE: &str = "usage: corpus DIR [COUNT] [--rss FILE]";

fn main() -> anyhow::Result<()> {
    let mut rss: Option<PathBuf> = None;
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--rss" {
            rss = Some(PathBuf::from(
                args.next().ok_or_else(|| anyhow::anyhow!(USAGE))?,
            ));
        } else {
            positional.push(arg);
        }
    }
    let mut positional = positional.into_iter();
    let dir = PathBuf::from(positional.next().ok_or_else(|| anyhow::anyhow!(USAGE))?);
    let count: usize = positional.next().map_or(Ok(100_000), |c| c.parse())?;
    anyhow::ensure!(positional.next().is_none(), USAGE);
    std::fs::create_dir_all(&dir)?;
    for i in 0..count {
        std::fs::write(dir.join(corpus::file_name(i)), corpus::article_json(i))?;
    }
    println!("wrote {count} articles to {}", dir.display());
    if let Some(path) = rss {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        corpus::write_rss(&mut out, count)?;
        out.flush()?;
        println!("wrote them as RSS to {}", path.display());
    }
    Ok(())
}
