//! Hand-written facts, checked against the article's text: a fact the text
//! does not say shows up as unverified.

use std::cell::OnceCell;
use std::sync::Arc;

use super::{ArticleText, CuratedFact, Evidence, Fact, FactKind, FactSource, Origin, extract};

/// The facts written by hand in the article file, each checked against the
/// text.
pub struct Curated;

impl FactSource for Curated {
    fn facts(&self, article: &dyn ArticleText) -> Vec<Fact> {
        let curated = article.curated_facts();
        if curated.is_empty() {
            return Vec::new();
        }
        let texts = Texts::new(article);
        curated
            .iter()
            .map(|fact| from_curated(&texts, fact))
            .collect()
    }
}

/// The article's text as hand-written facts are looked for in it, prepared
/// once for all of them: lower-cased (ASCII only, so byte offsets hold) and
/// each paragraph's sentences, found when a fact first needs them.
struct Texts<'a> {
    headings: Vec<Lowered<'a>>,
    body: Vec<Lowered<'a>>,
    pieces: Vec<OnceCell<extract::Pieces>>,
}

struct Lowered<'a> {
    text: &'a str,
    lower: Vec<u8>,
}

impl<'a> Lowered<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            lower: text.as_bytes().to_ascii_lowercase(),
        }
    }
}

impl<'a> Texts<'a> {
    fn new(article: &'a dyn ArticleText) -> Self {
        let body = article.body();
        Self {
            headings: [Some(article.title()), article.subtitle()]
                .into_iter()
                .flatten()
                .map(Lowered::new)
                .collect(),
            body: body.iter().map(|p| Lowered::new(p)).collect(),
            pieces: body.iter().map(|_| OnceCell::new()).collect(),
        }
    }
}

fn from_curated(texts: &Texts<'_>, fact: &CuratedFact) -> Fact {
    let evidence = locate(texts, &fact.value);
    let in_heading = texts
        .headings
        .iter()
        .any(|t| find_ascii_ci(t, &fact.value).is_some());
    let kind = fact
        .kind
        .unwrap_or_else(|| FactKind::guess(&fact.label, &fact.value));
    // A paraphrase is not a quote: a hand-written "quote" whose words the
    // text says, but not as a whole quotation (words taken from inside a
    // longer one, or from the narrative), is listed with the other facts,
    // and the quotation it stands for is shown under Quotes in full. One the
    // text does not say at all keeps its kind, marked unverified.
    let said = evidence.is_some() || in_heading;
    let (kind, rule) = if kind == FactKind::Quote && said && !is_whole_quotation(texts, &fact.value)
    {
        (FactKind::Other, RULE_PARAPHRASE)
    } else {
        (kind, RULE)
    };
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
        rule,
    }
}

/// What `--explain` says of a hand-written fact.
const RULE: &str = "curated: written in the article file";
const RULE_PARAPHRASE: &str =
    "curated: written as a quote, but not the words of a quotation in the text";

/// Marks that open and close a quotation, in the text or around a
/// hand-written quote.
const OPENING: &[char] = &['“', '"', '‘', '\'', '«', '「', '『'];
const CLOSING: &[char] = &['”', '"', '’', '\'', '»', '」', '』'];

/// Whether `value` (quotation marks around it or not) stands whole between
/// quotation marks somewhere in the article.
fn is_whole_quotation(texts: &Texts<'_>, value: &str) -> bool {
    let words = value
        .trim()
        .trim_start_matches(OPENING)
        .trim_end_matches(CLOSING)
        .trim_end_matches([',', '.', '。', '、'])
        .trim();
    !words.is_empty()
        && texts
            .body
            .iter()
            .chain(&texts.headings)
            .any(|text| quoted_in(text, words))
}

/// Whether `words` occur in `text` with an opening mark just before and a
/// closing mark just after (past the sentence's own punctuation).
fn quoted_in(text: &Lowered<'_>, words: &str) -> bool {
    let needle = words.as_bytes().to_ascii_lowercase();
    memchr::memmem::find_iter(&text.lower, &needle).any(|i| {
        let end = i + needle.len();
        text.text.is_char_boundary(i)
            && text.text.is_char_boundary(end)
            && text.text[..i].trim_end().ends_with(OPENING)
            && text.text[end..]
                .trim_start_matches([',', '.', '。', '、', '!', '?', ' '])
                .starts_with(CLOSING)
    })
}

/// Byte offset of `needle` in `haystack` as whole words, ignoring ASCII case
/// (offsets stay valid in the original text): "$45" is not found in "$450",
/// "29億ドル" is found in "日本への29億ドル". Linear in the haystack's length,
/// but for needles that
/// overlap themselves many times over.
fn find_ascii_ci(haystack: &Lowered<'_>, needle: &str) -> Option<usize> {
    let text = haystack.text;
    if needle.is_empty() || needle.len() > text.len() {
        return None;
    }
    let lower = needle.as_bytes().to_ascii_lowercase();
    // Word boundaries only mean something between Latin letters and digits:
    // Japanese runs words together ("日本への29億ドル").
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let finder = memchr::memmem::Finder::new(&lower);
    let mut from = 0;
    // Matches may overlap ("a a" in "ba a a"): after one that is not a
    // whole word, look again from the next byte.
    while let Some(found) = finder.find(&haystack.lower[from..]) {
        let (i, end) = (from + found, from + found + needle.len());
        if text.is_char_boundary(i)
            && text.is_char_boundary(end)
            && !(word_char(text[..i].chars().next_back()) && word_char(needle.chars().next()))
            && !(word_char(text[end..].chars().next()) && word_char(needle.chars().next_back()))
        {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// The first place the body says `value`.
fn locate(texts: &Texts<'_>, value: &str) -> Option<Evidence> {
    texts
        .body
        .iter()
        .enumerate()
        .find_map(|(paragraph, lowered)| {
            let at = find_ascii_ci(lowered, value)?;
            let text = lowered.text;
            let span = at..at + value.len();
            let sentence = texts.pieces[paragraph]
                .get_or_init(|| extract::Pieces::new(text, &extract::sentences(text)))
                .around(&span);
            Some(Evidence {
                paragraph,
                span,
                sentence_text: Arc::from(&text[sentence.clone()]),
                sentence,
            })
        })
}
