//! Writes a synthetic article folder for measuring gogai at scale:
//! `cargo run --release --example corpus -- DIR [COUNT]` (default 100,000).
//! Each article has a title, source, date, tag, one fact and eight
//! paragraphs of about sixty words (~4 KB of JSON), like wire copy.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: corpus DIR [COUNT]"))?,
    );
    let count: usize = args.next().map_or(Ok(100_000), |c| c.parse())?;
    std::fs::create_dir_all(&dir)?;
    let sentence = "Officials said the plan would cost $2.9 billion over five years.";
    for i in 0..count {
        let body: Vec<String> = (0..8)
            .map(|p| format!("Paragraph {p} of story {i}. {}", [sentence; 6].join(" ")))
            .collect();
        let article = serde_json::json!({
            "id": format!("story-{i:06}"),
            "title": format!("Story number {i} about markets, policy and technology"),
            "source": "Wire",
            "published": format!("2024-{:02}-{:02}T{:02}:00:00Z", 1 + i % 12, 1 + i % 28, i % 24),
            "tags": ["news"],
            "body": body,
            "facts": [{"label": "Cost", "value": "$2.9 billion"}],
        });
        std::fs::write(dir.join(format!("story-{i:06}.json")), article.to_string())?;
    }
    println!("wrote {count} articles to {}", dir.display());
    Ok(())
}
