//! The entity index: the people, organisations and places (and whether
//! there are quotes and figures) the fact extractor finds in each article,
//! filled in by one background thread.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::facts::{self, FactGroup, FactKind};
use crate::store::articles::Articles;
use crate::store::bodies::{Bodies as _, BodyError};

use super::fold::fold;
use super::matching::Needle;
use super::query::Term;

/// What the facts of one article name, folded, for field terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// Full names; a surname is found in them (`person:smith`).
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub places: Vec<String>,
    pub has_quote: bool,
    /// Money, a count or a percentage.
    pub has_figure: bool,
}

impl Entities {
    pub fn from_facts(groups: &[FactGroup]) -> Self {
        let mut out = Self::default();
        for group in groups {
            let names = match group.kind {
                FactKind::Person => &mut out.people,
                FactKind::Organisation => &mut out.orgs,
                FactKind::Place => &mut out.places,
                FactKind::Quote => {
                    out.has_quote |= !group.facts.is_empty();
                    continue;
                }
                FactKind::Figure => {
                    out.has_figure |= !group.facts.is_empty();
                    continue;
                }
                FactKind::Date | FactKind::Other => continue,
            };
            // A person's value is the full name; `normalized` may hold
            // another form of it.
            let forms = group
                .facts
                .iter()
                .flat_map(|f| std::iter::once(&f.value).chain(f.normalized.as_ref()));
            for form in forms {
                let name = fold(form.trim());
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        out
    }

    /// Whether the entity term holds here: its value is found in a name
    /// under the matching rules, so at a word start: `org:microsoft` matches
    /// "Microsoft Japan", `person:smith` matches "Brad Smith", `org:soft`
    /// matches neither. Terms that are not about entities hold.
    pub(super) fn satisfy(&self, term: &Term) -> bool {
        let any = |names: &[String], value: &str| {
            let needle = Needle::new(value);
            names.iter().any(|n| needle.find(n).is_some())
        };
        match term {
            Term::Person(v) => any(&self.people, v),
            Term::Org(v) => any(&self.orgs, v),
            Term::Place(v) => any(&self.places, v),
            Term::HasQuote => self.has_quote,
            Term::HasFigure => self.has_figure,
            Term::Text(_) | Term::Tag(_) => true,
        }
    }
}

/// The [`Entities`] of every article, filled in list order by a background
/// worker. Shared between the UI and the worker.
#[derive(Debug)]
pub struct EntityIndex {
    slots: Vec<OnceLock<Entities>>,
    done: AtomicUsize,
    /// Articles whose body could not be had: done, with no names.
    unreadable: AtomicUsize,
}

impl EntityIndex {
    /// An index of `len` articles with nothing in it yet, filled in one
    /// article at a time by [`EntityIndex::fill`] (the workers do that in
    /// the background).
    pub fn new(len: usize) -> Self {
        Self {
            slots: (0..len).map(|_| OnceLock::new()).collect(),
            done: AtomicUsize::new(0),
            unreadable: AtomicUsize::new(0),
        }
    }

    /// The whole index, built now on this thread.
    pub fn build(articles: &Articles) -> Self {
        let index = Self::new(articles.len());
        for i in 0..articles.len() {
            if !index.fill(articles, i) {
                break;
            }
        }
        index
    }

    /// Finds the entities of article `i`, unless they are known already
    /// (offered: the article was opened). False when the article is no
    /// longer in the list. The list holds only metadata: the body is read
    /// here, then let go; one that cannot be read names nobody (the error's
    /// text is not news) and is counted.
    pub fn fill(&self, articles: &Articles, i: usize) -> bool {
        let Some(slot) = self.slots.get(i) else {
            return true;
        };
        if slot.get().is_some() {
            return true;
        }
        let (entities, unreadable) = match articles.open(i) {
            Ok(article) => (Entities::from_facts(&facts::for_article(&article)), false),
            Err(BodyError::NotListed(_)) => return false,
            Err(BodyError::Unreadable { .. }) => (Entities::default(), true),
        };
        if slot.set(entities).is_ok() {
            self.unreadable
                .fetch_add(usize::from(unreadable), Ordering::Relaxed);
            self.done.fetch_add(1, Ordering::Release);
        }
        true
    }

    /// Records the entities of article `i` found elsewhere: the reader works
    /// out the open article's facts anyway, so a search from its sidebar
    /// need not wait for the background thread to reach it.
    pub fn offer(&self, i: usize, groups: &[FactGroup]) {
        if let Some(slot) = self.slots.get(i)
            && slot.set(Entities::from_facts(groups)).is_ok()
        {
            self.done.fetch_add(1, Ordering::Release);
        }
    }

    /// The entities of article `i`, once indexed.
    pub fn get(&self, i: usize) -> Option<&Entities> {
        self.slots.get(i)?.get()
    }

    /// How many articles are indexed.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// How many articles there are to index.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn is_complete(&self) -> bool {
        self.done() == self.len()
    }

    /// How many of the articles done could not be read (they name nobody).
    pub fn unreadable(&self) -> usize {
        self.unreadable.load(Ordering::Relaxed)
    }
}
