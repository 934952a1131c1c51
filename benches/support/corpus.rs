//! Synthetic wire copy for measuring gogai at scale, shared by the benchmark
//! and `examples/corpus.rs`. Each article has a title, source, date, tag, one
//! fact and eight paragraphs of about sixty words (~4 KB of JSON).

/// The JSON text of article number `i`.
pub fn article_json(i: usize) -> String {
    let sentence = "Officials said the plan would cost $2.9 billion over five years.";
    let body: Vec<String> = (0..8)
        .map(|p| format!("Paragraph {p} of story {i}. {}", [sentence; 6].join(" ")))
        .collect();
    serde_json::json!({
        "id": format!("story-{i:06}"),
        "title": format!("Story number {i} about markets, policy and technology"),
        "source": "Wire",
        "published": format!("2024-{:02}-{:02}T{:02}:00:00Z", 1 + i % 12, 1 + i % 28, i % 24),
        "tags": ["news"],
        "body": body,
        "facts": [{"label": "Cost", "value": "$2.9 billion"}],
    })
    .to_string()
}

/// The file name of article number `i`.
pub fn file_name(i: usize) -> String {
    format!("story-{i:06}.json")
}
