//! The text index: every article's searchable fields, folded, and the
//! search over them.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::article::Article;
use crate::store::articles::Articles;
use crate::store::bodies::Bodies as _;

use super::entities::EntityIndex;
use super::fold::{fold, fold_into};
use super::matching::Needle;
use super::query::{Query, Term};

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Indices of the matching articles, in the order searched.
    pub matches: Vec<usize>,
    /// Articles not decided yet, not in `matches`: their text is not indexed
    /// yet, or it matched but the entities the query needs are not. Search
    /// again when the indexes are further along.
    pub pending: usize,
}

/// The folded text of every article, ready to search. When the bodies are
/// on disk it fills in on background threads (reading 100,000 files takes
/// seconds); a search meanwhile finds what is indexed so far and counts the
/// rest as pending, as with the [`EntityIndex`].
#[derive(Debug)]
pub struct SearchIndex {
    slots: Vec<OnceLock<Folded>>,
    done: AtomicUsize,
    /// Articles whose body could not be had: done, and never found.
    unreadable: AtomicUsize,
}

/// One article, folded.
#[derive(Debug)]
struct Folded {
    /// Its fields folded, each after a `\n` (folding turns every newline of
    /// the text into a space, so a phrase cannot run from one field into
    /// the next).
    haystack: Box<str>,
    /// Its tags folded, for `tag:`.
    tags: Vec<String>,
}

/// Fewer candidates than this are searched on the calling thread: starting a
/// thread costs about as much as searching a few hundred articles.
const PARALLEL_MIN: usize = 256;

impl SearchIndex {
    /// An index of `len` articles with nothing in it yet, filled in one
    /// article at a time by [`SearchIndex::fill`] (the workers do that in
    /// the background when the bodies are on disk).
    pub fn empty(len: usize) -> Self {
        Self {
            slots: (0..len).map(|_| OnceLock::new()).collect(),
            done: AtomicUsize::new(0),
            unreadable: AtomicUsize::new(0),
        }
    }

    /// Folds article `i`'s title, subtitle, source, author, tags, curated
    /// facts and paragraphs into its slot.
    pub fn fill(&self, articles: &Articles, i: usize) {
        // One whose body cannot be had is left empty and counted: the
        // error's text must not be found as if the article said it.
        let folded = articles.open(i).map_or_else(
            |_| {
                self.unreadable.fetch_add(1, Ordering::Relaxed);
                Folded {
                    haystack: Box::default(),
                    tags: Vec::new(),
                }
            },
            |a| Folded {
                haystack: haystack(&a),
                tags: a.tags.iter().map(|t| fold(t.trim())).collect(),
            },
        );
        if self.slots[i].set(folded).is_ok() {
            self.done.fetch_add(1, Ordering::Release);
        }
    }

    /// The whole index, built now on every core.
    pub fn build(articles: &Articles) -> Self {
        let index = Self::empty(articles.len());
        let all: Vec<usize> = (0..articles.len()).collect();
        crate::par::map_chunks(&all, 1, |_, part| {
            for &i in part {
                index.fill(articles, i);
            }
        });
        index
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// How many articles are indexed.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// How many of the articles indexed could not be read (nothing finds
    /// them).
    pub fn unreadable(&self) -> usize {
        self.unreadable.load(Ordering::Relaxed)
    }

    /// The articles matching `query`: all of them, or those of `candidates`
    /// (in their order; indices past the end are skipped). `entities` must
    /// index the same article list; it is read only if the query needs it.
    pub fn search(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        entities: &EntityIndex,
    ) -> Outcome {
        let all: Vec<usize>;
        let candidates = if let Some(c) = candidates {
            c
        } else {
            all = (0..self.len()).collect();
            &all
        };
        let plan = Plan::new(query);
        let scan = |part: &[usize]| {
            let mut out = Outcome::default();
            for &i in part.iter().filter(|&&i| i < self.len()) {
                match plan.check(self, i, entities) {
                    Some(true) => out.matches.push(i),
                    Some(false) => {}
                    None => out.pending += 1,
                }
            }
            out
        };
        let mut outcome = Outcome::default();
        for part in crate::par::map_chunks(candidates, PARALLEL_MIN, |_, part| scan(part)) {
            outcome.matches.extend(part.matches);
            outcome.pending += part.pending;
        }
        outcome
    }
}

/// What a search looks in: title, subtitle, source, author, tags, the
/// hand-written facts and the paragraphs (the stored index takes the same).
pub(super) fn searchable_fields(article: &Article) -> impl Iterator<Item = &str> {
    let facts = article
        .curated_facts
        .iter()
        .flat_map(|f| [f.label.as_str(), f.value.as_str()]);
    [article.title.as_str()]
        .into_iter()
        .chain(article.subtitle.as_deref())
        .chain(article.source.as_deref())
        .chain(article.author.as_deref())
        .chain(article.tags.iter().map(String::as_str))
        .chain(facts)
        .chain(article.body.iter().map(String::as_str))
}

/// The searchable fields of an article, folded, each after a `\n`.
fn haystack(article: &Article) -> Box<str> {
    let fields = searchable_fields(article);
    let size: usize = article.body.iter().map(String::len).sum::<usize>() + 256;
    let mut out = String::with_capacity(size);
    for field in fields {
        out.push('\n');
        fold_into(&mut out, field, &mut false);
    }
    out.into_boxed_str()
}

/// A query made ready for the index: its text terms as needles, longest
/// (most selective) first.
struct Plan<'q> {
    texts: Vec<Needle<'q>>,
    tags: Vec<&'q str>,
    entity_terms: Vec<&'q Term>,
}

impl<'q> Plan<'q> {
    fn new(query: &'q Query) -> Self {
        let mut texts: Vec<&str> = Vec::new();
        let mut tags = Vec::new();
        let mut entity_terms = Vec::new();
        for term in query.terms() {
            match term {
                Term::Text(t) => texts.push(t),
                Term::Tag(t) => tags.push(t.as_str()),
                other => entity_terms.push(other),
            }
        }
        texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Self {
            texts: texts.into_iter().map(Needle::new).collect(),
            tags,
            entity_terms,
        }
    }

    /// Whether article `i` matches; `None` when only its entities, not
    /// indexed yet, could tell.
    fn check(&self, index: &SearchIndex, i: usize, entities: &EntityIndex) -> Option<bool> {
        // Not read yet: pending.
        let folded = index.slots[i].get()?;
        let tags = &folded.tags;
        if !self.tags.iter().all(|t| tags.iter().any(|have| have == t)) {
            return Some(false);
        }
        let hay = &folded.haystack;
        if !self.texts.iter().all(|n| n.find(hay).is_some()) {
            return Some(false);
        }
        if self.entity_terms.is_empty() {
            return Some(true);
        }
        let found = entities.get(i)?;
        Some(self.entity_terms.iter().all(|t| found.satisfy(t)))
    }
}
