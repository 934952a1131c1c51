//! Writes a synthetic article folder for measuring gogai at scale:
//! `cargo run --release --example corpus -- DIR [COUNT]` (default 100,000).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: corpus DIR [COUNT]"))?,
    );
    let count: usize = args.next().map_or(Ok(100_000), |c| c.parse())?;
    std::fs::create_dir_all(&dir)?;
    for i in 0..count {
        std::fs::write(dir.join(corpus::file_name(i)), corpus::article_json(i))?;
    }
    println!("wrote {count} articles to {}", dir.display());
    Ok(())
}
