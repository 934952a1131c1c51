//! Turning a draft into the article file written: JSON the reader's own
//! parser accepts without a warning.

use crate::article::{self, Article, ArticleOut, BodyItem, Shape};

use super::Draft;

/// How many words a title made from the text takes.
const DERIVED_TITLE_WORDS: usize = 10;

/// The draft as article JSON, and that JSON parsed back by the reader's own
/// parser. No `id` is written: the reader takes the file name, which is
/// unique in the folder by construction. An error says why the draft cannot
/// be an article.
pub fn render(draft: &Draft) -> Result<(Vec<u8>, Article), String> {
    render_with(draft, &Extra::default())
}

/// What a refresh adds to an article file beyond the draft.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra<'a> {
    /// The feed's url (`"feed"`).
    pub feed: Option<&'a str>,
    /// When the item was seen changed upstream (`"updated"`, ISO 8601).
    pub updated: Option<&'a str>,
}

/// [`render`], with the fields a refresh adds.
pub fn render_with(draft: &Draft, extra: &Extra<'_>) -> Result<(Vec<u8>, Article), String> {
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(crate::text::normalize_paragraph)
            .filter(|s| !s.is_empty())
    };
    let (source, author, url) = (
        clean(&draft.source),
        clean(&draft.author),
        clean(&draft.url),
    );
    let shape_of = |i: usize| {
        draft
            .shapes
            .iter()
            .find(|(at, _)| *at == i)
            .map_or(Shape::Prose, |(_, s)| *s)
    };
    let mut body: Vec<(Shape, String)> = draft
        .body
        .iter()
        .enumerate()
        .map(|(i, p)| article::shaped(shape_of(i), p))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let title = match clean(&draft.title) {
        Some(title) => title,
        None => derive_title(
            body.iter()
                .find(|(s, _)| *s != Shape::Pre)
                .map(|(_, p)| p.replace('\n', " "))
                .as_deref(),
        )
        // An item that is only a link is named by it.
        .or_else(|| url.clone())
        .ok_or_else(|| "has neither a title nor any text; nothing to import".to_owned())?,
    };
    if body.is_empty() {
        // A link-only feed item: its link is its text, so it still shows
        // something and `o` opens it. The reader warns of an empty body,
        // and an import writes only files `--check` passes.
        body.push((
            Shape::Prose,
            url.clone()
                .ok_or_else(|| "has a title but no text; nothing to import".to_owned())?,
        ));
    }
    let subtitle = clean(&draft.subtitle).filter(|s| *s != title);
    // A date the reader would not take (a year past 9999) is left out.
    let published = clean(&draft.published).filter(|p| article::is_iso8601(p));
    let feed = clean(&draft.feed);
    let tags: Vec<String> = {
        let mut seen = std::collections::HashSet::new();
        draft
            .tags
            .iter()
            .map(|t| crate::text::normalize_paragraph(t))
            .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
            .collect()
    };
    let out = ArticleOut {
        id: None,
        title: &title,
        subtitle: subtitle.as_deref(),
        source: source.as_deref(),
        author: author.as_deref(),
        url: url.as_deref(),
        feed: extra.feed.or(feed.as_deref()),
        published: published.as_deref(),
        updated: extra.updated,
        tags: &tags,
        body: body.iter().map(|(s, p)| BodyItem::new(*s, p)).collect(),
        links: &draft.links,
        enclosures: &draft.enclosures,
    };
    let mut bytes = serde_json::to_vec_pretty(&out).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    let parsed = article::parse(&bytes, "import.json", "import.json");
    // Warnings too: what is written must pass `--check` cleanly.
    if let Some(problem) = parsed.problems.first() {
        return Err(problem.message.clone());
    }
    let article = parsed
        .articles
        .into_iter()
        .next()
        .ok_or_else(|| "the article could not be read back".to_owned())?;
    Ok((bytes, article))
}

/// A title from the first words of the text, for items that have none.
fn derive_title(first: Option<&str>) -> Option<String> {
    let first = first?;
    let words: Vec<&str> = first.split_whitespace().collect();
    let mut title = words
        .iter()
        .take(DERIVED_TITLE_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    // One long word (or text without spaces, as Japanese is written).
    if title.chars().count() > 80 {
        title = title.chars().take(60).collect();
        title.push('…');
    } else if words.len() > DERIVED_TITLE_WORDS {
        let kept = title.trim_end_matches([',', ';', ':', '.']).len();
        title.truncate(kept);
        title.push('…');
    }
    Some(title).filter(|t| !t.is_empty())
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_derived_from_the_first_words() {
        let first = Some("One two three four five six seven eight nine ten eleven.");
        assert_eq!(
            derive_title(first).as_deref(),
            Some("One two three four five six seven eight nine ten…")
        );
        assert_eq!(derive_title(None), None);
    }
}
