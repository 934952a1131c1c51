//! The search: the prompt, running queries (narrowing on as the user
//! types), the indexes they run on and how far those have got, and the
//! matches in the open article.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::{
    Action, App, Ask, Effect, IndexJob, IndexKind, Pane, Scroll, StoreJob, in_paragraph, thousands,
};
use crate::article::Article;
use crate::facts::{FactGroup, FactKind};
use crate::search::{self, EntityIndex, Outcome, Query, SearchIndex};
use crate::store::articles::Articles;

/// The search as last run: the query and every article it matched (before
/// the other filters), so typing one more letter searches only these.
#[derive(Debug)]
struct Hits {
    query: Query,
    articles: Vec<usize>,
    /// Articles not decided when it ran (not read yet, or their entities
    /// not known yet).
    pending: usize,
    /// How far the indexes had got when it ran (articles read plus names
    /// found): it is run again only once they have moved on.
    progress: usize,
}

#[derive(Debug, Default)]
pub(super) struct Search {
    /// The search prompt's text while it is open.
    prompt: Option<String>,
    hits: Option<Hits>,
    /// Filled in by the workers (see [`Effect::Index`]); created on first
    /// use.
    text: Option<Arc<SearchIndex>>,
    names: Option<Arc<EntityIndex>>,
    /// Which start of the indexes the progress below is about.
    generation: u64,
    /// How many articles each index had done when it last said so: the
    /// header draws from these, never from the indexes themselves.
    text_done: usize,
    names_done: usize,
    /// Where the search matches in the open article (paragraph, bytes), and
    /// which one `n`/`N` last went to.
    matches: Vec<(usize, Range<usize>)>,
    match_at: Option<usize>,
    /// The stored index searched instead of the in-memory ones, when the
    /// articles are a folder's.
    stored: Option<Stored>,
    /// The footer a search wrote (`*`, or Enter in the prompt), so its
    /// count can follow the answers while it is shown.
    told: Option<Told>,
    /// Enter was pressed in a search started from the reading pane before
    /// the stored index answered: the question's number and the article
    /// shown then. The article found is opened when that question is
    /// answered, unless the user has moved to another article meanwhile.
    open_when_answered: Option<(u64, Option<usize>)>,
}

/// What the footer says about a search, kept up to date as its answer
/// grows, until a key replaces the message or the query changes.
#[derive(Debug)]
struct Told {
    query: String,
    about: About,
    /// The message as last shown ("" before the first).
    shown: String,
}

#[derive(Debug)]
enum About {
    /// `*` on a name: how many articles mention it.
    Mention(String),
    /// Enter in the prompt: how many match, and whether the first was
    /// opened in the reading pane.
    Accepted { opened: bool },
}

/// A search through the stored index: queries go to its worker and the
/// answers come back as [`Message::Searched`](super::Message::Searched).
#[derive(Debug)]
struct Stored {
    dir: PathBuf,
    path: PathBuf,
    /// The query last asked (answered or not), so the same one is not
    /// asked again each time the list is filtered.
    asked: Option<Query>,
    /// Counts the questions; only the answer to the last is taken.
    seq: u64,
    /// The question last answered.
    answered: u64,
    /// The index took back articles it had (a changed file's, waiting for
    /// its new text): even a complete answer is to be asked again.
    outdated: bool,
    /// Listed articles, for the progress shown.
    total: usize,
}

impl Search {
    pub(super) fn prompt(&self) -> Option<&str> {
        self.prompt.as_deref()
    }

    pub(super) fn query(&self) -> Option<&Query> {
        self.hits.as_ref().map(|h| &h.query)
    }

    pub(super) fn reading(&self) -> Option<(usize, usize)> {
        self.hits.as_ref()?;
        let len = match &self.stored {
            Some(stored) => stored.total,
            None => self.text.as_ref()?.len(),
        };
        (self.text_done < len).then_some((self.text_done, len))
    }

    /// Whether the stored index has yet to answer the last question.
    fn unanswered(&self) -> bool {
        self.stored.as_ref().is_some_and(|s| s.answered != s.seq)
    }

    pub(super) fn indexing(&self) -> Option<(usize, usize)> {
        let hits = self.hits.as_ref()?;
        let len = match &self.stored {
            Some(stored) => stored.total,
            None => self.names.as_ref()?.len(),
        };
        (hits.query.needs_entities() && self.names_done < len).then_some((self.names_done, len))
    }

    /// Searches go through the stored index at `path`, kept in step with
    /// the folder `dir` by a worker; the job returned starts it.
    pub(super) fn use_store(
        &mut self,
        dir: PathBuf,
        path: PathBuf,
        articles: &Arc<Articles>,
    ) -> StoreJob {
        self.stored = Some(Stored {
            dir,
            path,
            asked: None,
            seq: 0,
            answered: 0,
            outdated: false,
            total: articles.len(),
        });
        self.restart(articles);
        self.store_job(articles)
            .expect("the stored index was just set up")
    }

    /// The job that keeps the stored index in step with these articles,
    /// if it is in use.
    pub(super) fn store_job(&self, articles: &Arc<Articles>) -> Option<StoreJob> {
        let stored = self.stored.as_ref()?;
        Some(StoreJob {
            generation: self.generation,
            dir: stored.dir.clone(),
            path: stored.path.clone(),
            articles: Arc::clone(articles),
        })
    }

    /// The stored index cannot be used: searches read the articles from
    /// now on, as without one.
    pub(super) fn drop_store(&mut self, generation: u64) -> bool {
        if generation != self.generation || self.stored.is_none() {
            return false;
        }
        self.stored = None;
        self.hits = None;
        self.text_done = 0;
        self.names_done = 0;
        true
    }

    /// The stored index answered question `seq`; true when it is the
    /// answer to the last one asked, and now the search's result.
    pub(super) fn answered(&mut self, generation: u64, seq: u64, outcome: Outcome) -> bool {
        let Some(stored) = &mut self.stored else {
            return false;
        };
        if generation != self.generation || seq != stored.seq {
            return false;
        }
        stored.answered = seq;
        let Some(query) = stored.asked.clone() else {
            return false;
        };
        self.hits = Some(Hits {
            query,
            articles: outcome.matches,
            pending: outcome.pending,
            progress: self.text_done + self.names_done,
        });
        true
    }

    pub(super) fn matches(&self) -> (&[(usize, Range<usize>)], Option<usize>) {
        (&self.matches, self.match_at)
    }

    pub(super) fn matches_in(&self, paragraph: usize) -> (usize, &[(usize, Range<usize>)]) {
        let start = self.matches.partition_point(|(p, _)| *p < paragraph);
        (start, in_paragraph(&self.matches, paragraph))
    }

    /// Which articles the search matched, by index; `None` with no search.
    pub(super) fn hit_mask(&self, len: usize) -> Option<Vec<bool>> {
        self.hits.as_ref().map(|h| {
            let mut hit = vec![false; len];
            for &i in &h.articles {
                hit[i] = true;
            }
            hit
        })
    }

    /// Makes the indexes that are missing. The text index of articles held
    /// in memory is built at once (a few milliseconds per thousand); the
    /// rest is filled in by the workers, for which a job is returned.
    pub(super) fn ensure_indexes(&mut self, articles: &Arc<Articles>) -> Option<IndexJob> {
        if self.stored.is_some() {
            return None;
        }
        let mut job = IndexJob {
            generation: self.generation,
            articles: Arc::clone(articles),
            text: None,
            names: None,
        };
        if self.text.is_none() {
            let index = if articles.in_memory() {
                let built = SearchIndex::build(articles);
                self.text_done = built.done();
                Arc::new(built)
            } else {
                let index = Arc::new(SearchIndex::empty(articles.len()));
                job.text = Some(Arc::clone(&index));
                index
            };
            self.text = Some(index);
        }
        if self.names.is_none() {
            let index = Arc::new(EntityIndex::new(articles.len()));
            job.names = Some(Arc::clone(&index));
            self.names = Some(index);
        }
        (job.text.is_some() || job.names.is_some()).then_some(job)
    }

    /// The articles changed (a reload): the indexes point at other
    /// articles. The search is dropped; the names are found afresh if they
    /// were being found. The job returned stops the old builders.
    pub(super) fn restart(&mut self, articles: &Arc<Articles>) -> Option<IndexJob> {
        let was_indexing = self.names.take().is_some();
        let was_reading = self.text.take().is_some();
        self.hits = None;
        self.generation += 1;
        self.text_done = 0;
        self.names_done = 0;
        if let Some(stored) = &mut self.stored {
            stored.asked = None;
            stored.total = articles.len();
        }
        if was_indexing {
            return self.ensure_indexes(articles);
        }
        was_reading.then(|| IndexJob {
            generation: self.generation,
            articles: Arc::clone(articles),
            text: None,
            names: None,
        })
    }

    /// An index reported progress; true when it is news for the current
    /// indexes.
    pub(super) fn progress(&mut self, kind: IndexKind, generation: u64, done: usize) -> bool {
        if generation != self.generation {
            return false;
        }
        let seen = match kind {
            IndexKind::Text => &mut self.text_done,
            IndexKind::Names => &mut self.names_done,
        };
        // The in-memory indexes report from several threads, out of
        // order, and only grow; the stored index's one worker reports in
        // order, and its count goes down too (a changed file's articles
        // wait again), so every change there is news.
        let news = if let Some(stored) = &mut self.stored {
            stored.outdated |= done < *seen;
            done != *seen
        } else {
            done > *seen
        };
        *seen = if self.stored.is_some() {
            done
        } else {
            (*seen).max(done)
        };
        news
    }

    /// Records the entities of the open article, worked out for its facts
    /// anyway, so a search from its sidebar need not wait for the workers.
    fn offer(&mut self, index: usize, groups: &[FactGroup]) {
        if let Some(names) = &self.names {
            names.offer(index, groups);
            // Known here, on the UI thread: no need to wait for a report.
            self.names_done = self.names_done.max(names.done());
        }
    }
}

impl App {
    /// Starts the indexes if they are not there yet (on workers, through
    /// an effect), so entity searches are ready when asked for.
    fn start_indexing(&mut self) {
        if let Some(job) = self.search.ensure_indexes(&self.library.articles) {
            self.chrome.push_effect(Effect::Index(job));
        }
    }

    pub(super) fn open_prompt(&mut self) {
        self.search.prompt = Some(self.list.filter().query.clone());
        self.start_indexing();
    }

    pub(super) fn update_prompt(&mut self, action: Action) {
        let Some(mut input) = self.search.prompt.take() else {
            return;
        };
        match action {
            Action::Quit => {
                self.quit();
                return;
            }
            Action::Insert(c) => input.push(c),
            Action::DeleteBack => {
                input.pop();
            }
            Action::DeleteWord => {
                let trimmed = input.trim_end().len();
                input.truncate(trimmed);
                let start = input
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                input.truncate(start);
            }
            Action::ClearInput => input.clear(),
            Action::Accept => {
                // The search stays as a filter; the prompt closes.
                if !input.trim().is_empty() {
                    // Searched from the reading pane: the article found is
                    // the one shown there, so it is opened (and marked
                    // read) as Enter in the list would.
                    let reading = self.panes.focused() == Pane::Reader;
                    if reading && self.search.unanswered() {
                        // The list still shows the last answer: open what
                        // this query finds when it comes.
                        let asked = self.search.stored.as_ref().map_or(0, |s| s.seq);
                        self.search.open_when_answered = Some((asked, self.current()));
                    } else if reading {
                        self.open_selected();
                    }
                    self.tell(input, About::Accepted { opened: reading });
                }
                return;
            }
            Action::Cancel => {
                self.set_query(String::new());
                return;
            }
            // Arrows move through the results while typing.
            Action::Down | Action::Up => {
                self.search.prompt = Some(input);
                let by = if action == Action::Down { 1 } else { -1 };
                self.move_selection(Scroll::By(by));
                return;
            }
            _ => {}
        }
        let changed = input != self.list.filter().query;
        self.search.prompt = Some(input.clone());
        if changed {
            self.set_query(input);
        }
    }

    /// Runs `text` as the search and shows what it matches.
    pub(super) fn set_query(&mut self, text: String) {
        self.list.set_query(text);
        self.refilter();
        self.find_matches();
    }

    /// Searches for every article that mentions the selected fact.
    pub(super) fn search_fact(&mut self) {
        let Some(fact) = self.facts.flat().nth(self.facts.selected()) else {
            return;
        };
        let field = match fact.kind {
            FactKind::Person => "person",
            FactKind::Organisation => "org",
            FactKind::Place => "place",
            _ => {
                self.chrome
                    .set_status("* searches for people, organisations and places".to_owned());
                return;
            }
        };
        let name = fact.value.replace('"', "");
        let query = format!("{field}:\"{name}\"");
        self.overlays.close();
        self.start_indexing();
        // This article says it: it need not wait for the index.
        if let Some(index) = self.current() {
            self.search.offer(index, self.facts.groups());
        }
        self.set_query(query.clone());
        self.set_focus(Pane::List);
        self.tell(query, About::Mention(name));
    }

    /// Starts a footer message about the search for `query`.
    fn tell(&mut self, query: String, about: About) {
        self.chrome.clear_status();
        self.search.told = Some(Told {
            query,
            about,
            shown: String::new(),
        });
        self.tell_again();
    }

    /// Writes (or brings up to date) the footer a search started: how many
    /// articles match, and whether the answer is still growing. It stops
    /// once the footer says something else or the query changed.
    pub(super) fn tell_again(&mut self) {
        let Some(told) = self.search.told.take() else {
            return;
        };
        let ours = match self.chrome.status() {
            None => told.shown.is_empty(),
            Some(status) => status == told.shown,
        };
        if !ours || self.list.filter().query != told.query {
            return;
        }
        let count = thousands(self.list.shown().len());
        let total = thousands(self.library.articles.len());
        let message = match &told.about {
            About::Mention(name) => {
                let waiting = if self.search.unanswered() || self.search.indexing().is_some() {
                    " so far (still finding names)"
                } else {
                    ""
                };
                format!("{count} of {total} mention {name}{waiting}")
            }
            About::Accepted { opened } => {
                let opened = if *opened && self.current().is_some() {
                    ", the first is open"
                } else {
                    ""
                };
                format!("{count} of {total} match{opened} — Esc clears, ]/[ go through the matches")
            }
        };
        self.chrome.set_status(message.clone());
        self.search.told = Some(Told {
            shown: message,
            ..told
        });
    }

    /// The indexes grew: a search waiting on them is run again.
    pub(super) fn rerun_waiting_search(&mut self) {
        let Some(hits) = &self.search.hits else {
            return;
        };
        let progress = self.search.text_done + self.search.names_done;
        let outdated = self.search.stored.as_ref().is_some_and(|s| s.outdated);
        if (hits.pending == 0 && !outdated) || progress == hits.progress {
            return;
        }
        let keep = self.current();
        match &mut self.search.stored {
            // Asked again once the last question is answered; the old
            // result stays shown until the new one comes.
            Some(stored) if stored.answered != stored.seq => return,
            Some(stored) => {
                stored.asked = None;
                stored.outdated = false;
            }
            None => self.search.hits = None,
        }
        self.refilter_keeping(keep);
    }

    /// The stored index answered a question (see [`Effect::Ask`]).
    pub(super) fn searched(&mut self, generation: u64, seq: u64, outcome: Outcome) {
        if self.search.answered(generation, seq, outcome) {
            let keep = self.current();
            let open = self
                .search
                .open_when_answered
                .take_if(|(asked, shown)| *asked == seq && *shown == keep)
                .is_some();
            self.refilter_keeping(keep);
            self.find_matches();
            if open && self.prompt().is_none() && self.panes.focused() == Pane::Reader {
                self.open_selected();
            }
        }
        self.tell_again();
    }

    /// The stored index failed: say so, and search by reading the
    /// articles instead.
    pub(super) fn store_failed(&mut self, generation: u64, message: &str) {
        if self.search.drop_store(generation) {
            self.chrome.notify(format!(
                "the search index cannot be used ({message}); searching reads the articles instead"
            ));
            let keep = self.current();
            self.refilter_keeping(keep);
            self.find_matches();
        }
    }

    /// Runs the search in the filter's query, reusing the last results when
    /// the new query only narrows them (typing one more letter).
    pub(super) fn run_search(&mut self) {
        let query = Query::parse(&self.list.filter().query);
        if query.is_empty() {
            self.search.hits = None;
            if let Some(stored) = &mut self.search.stored {
                stored.asked = None;
            }
            return;
        }
        if let Some(stored) = &mut self.search.stored {
            if stored.asked.as_ref() != Some(&query) {
                stored.seq += 1;
                stored.asked = Some(query.clone());
                self.chrome.push_effect(Effect::Ask(Ask {
                    generation: self.search.generation,
                    seq: stored.seq,
                    query,
                }));
                // Until the answer comes, the last result stays; with none
                // yet, nothing is shown rather than everything.
                if self.search.hits.is_none() {
                    self.search.hits = Some(Hits {
                        query: stored.asked.clone().unwrap_or_default(),
                        articles: Vec::new(),
                        pending: stored.total,
                        progress: 0,
                    });
                }
            }
            return;
        }
        self.start_indexing();
        let search = &mut self.search;
        let (Some(index), Some(entities)) = (&search.text, &search.names) else {
            return;
        };
        let progress = search.text_done + search.names_done;
        let previous = search
            .hits
            .take()
            .filter(|h| h.pending == 0 && query.narrows(&h.query));
        let outcome = index.search(&query, previous.as_ref().map(|h| &h.articles[..]), entities);
        search.hits = Some(Hits {
            query,
            articles: outcome.matches,
            pending: outcome.pending,
            progress,
        });
    }

    /// Where the search matches in the open article, for highlights and n/N.
    pub(super) fn find_matches(&mut self) {
        let search = &mut self.search;
        search.match_at = None;
        search.matches = match (&search.hits, self.reader.article()) {
            (Some(hits), Some(article)) => matches_of(article, &hits.query),
            _ => Vec::new(),
        };
    }

    /// Scrolls the reader to the next (or previous) match of the search.
    pub(super) fn step_match(&mut self, by: isize) {
        if self.search.hits.is_none() {
            self.chrome.set_status("no search: / searches".to_owned());
            return;
        }
        if self.search.matches.is_empty() {
            self.chrome
                .set_status("no match in this article's text".to_owned());
            return;
        }
        let matches = &self.search.matches;
        let count = matches.len();
        let next = if let Some(at) = self.search.match_at {
            (at as isize + by).rem_euclid(count as isize) as usize
        } else {
            // The first match from what is on screen.
            let top = self.reader.top();
            let first_below = matches.iter().position(|(p, r)| {
                self.reader
                    .doc()
                    .and_then(|d| d.line_at(*p, r.start))
                    .is_some_and(|line| line >= top)
            });
            match (by > 0, first_below) {
                (true, Some(i)) => i,
                (true, None) => 0,
                (false, Some(i)) => (i + count - 1) % count,
                (false, None) => count - 1,
            }
        };
        self.search.match_at = Some(next);
        // One-pane layout: show the reader so the match is seen.
        if self.panes.screen().reader.is_none() {
            self.set_focus(Pane::Reader);
        }
        let (paragraph, range) = self.search.matches[next].clone();
        let height = self.reader_height();
        // Keep the match a few lines down, not on the top edge.
        self.reader.show_line_of(paragraph, range.start, 2, height);
        self.chrome
            .set_status(format!("match {} of {count}", next + 1));
    }
}

/// Every place in `article`'s body that `query` matches.
fn matches_of(article: &Article, query: &Query) -> Vec<(usize, Range<usize>)> {
    article
        .body
        .iter()
        .enumerate()
        .flat_map(|(p, paragraph)| {
            search::find_ranges(paragraph, query)
                .into_iter()
                .map(move |range| (p, range))
        })
        .collect()
}
