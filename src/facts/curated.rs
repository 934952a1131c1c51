//! Hand-written facts, checked against the article's text: a fact the text
//! does not say shows up as unverified.

use super::{ArticleText, CuratedFact, Evidence, Fact, FactKind, FactSource, Origin, extract};

/// The facts written by hand in the article file, each checked against the
/// text.
pub struct Curated;

impl FactSource for Curated {
    fn facts(&self, article: &dyn ArticleText) -> Vec<Fact> {
        article
            .curated_facts()
            .iter()
            .map(|fact| from_curated(article, fact))
            .collect()
    }
}

fn from_curated(article: &dyn ArticleText, fact: &CuratedFact) -> Fact {
    let evidence = locate(article, &fact.value);
    let in_heading = [Some(article.title()), article.subtitle()]
        .into_iter()
        .flatten()
        .any(|t| find_ascii_ci(t, &fact.value).is_some());
    let kind = fact
        .kind
        .unwrap_or_else(|| FactKind::guess(&fact.label, &fact.value));
    // A hand-written figure gets the same normal form as a found one.
    let normalized = (kind == FactKind::Figure)
        .then(|| extract::extract(std::slice::from_ref(&fact.value)))
        .and_then(|found| found.into_iter().find(|f| f.kind == FactKind::Figure))
        .and_then(|f| f.normalized);
    Fact {
        kind,
        label: fact.label.clone(),
        value: fact.value.clone(),
        normalized,
        origin: Origin::Curated,
        verified: Some(evidence.is_some() || in_heading),
        evidence,
    }
}

/// Byte offset of `needle` in `haystack` as whole words, ignoring ASCII case
/// (offsets stay valid in the original text): "$45" is not found in "$450",
/// "29億ドル" is found in "日本への29億ドル".
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    // Word boundaries only mean something between Latin letters and digits:
    // Japanese runs words together ("日本への29億ドル").
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    (0..=h.len() - n.len()).find(|&i| {
        h[i..i + n.len()].eq_ignore_ascii_case(n)
            && haystack.is_char_boundary(i)
            && haystack.is_char_boundary(i + n.len())
            && !(word_char(haystack[..i].chars().last()) && word_char(needle.chars().next()))
            && !(word_char(haystack[i + n.len()..].chars().next())
                && word_char(needle.chars().last()))
    })
}

/// The first place the body says `value`.
fn locate(article: &dyn ArticleText, value: &str) -> Option<Evidence> {
    article
        .body()
        .iter()
        .enumerate()
        .find_map(|(paragraph, text)| {
            let at = find_ascii_ci(text, value)?;
            let sentence = extract::sentences(text)
                .into_iter()
                .find(|s| s.start <= at && at < s.end)
                .unwrap_or(0..text.len());
            Some(Evidence {
                paragraph,
                span: at..at + value.len(),
                sentence_text: text[sentence.clone()].to_owned(),
                sentence,
            })
        })
}
