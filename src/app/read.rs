//! Opening a heavy article off the UI thread: its body read from disk, its
//! facts found and its layout made by a worker, so a hostile article (one
//! paragraph of megabytes) never freezes the keys. Small articles are
//! opened at once, as before: most articles, and every test screen.
//!
//! The app hands out a [`ReadJob`] as [`Effect::Read`]; the loop runs it
//! on a worker (tests call [`ReadJob::run`] themselves) and brings the
//! [`ArticleRead`] back as [`Message::ArticleRead`]. A job has a ticket:
//! a result for an article the user has moved away from is dropped, and
//! the moving away cancels the job ([`Effect::StopReading`]).

use std::sync::Arc;

use super::{App, Effect, unreadable_article};
use crate::article::Article;
use crate::doc::Doc;
use crate::facts::{self, FactGroup};
use crate::layout;
use crate::store::articles::Articles;
use crate::store::bodies::{Bodies as _, BodyError};

/// Bodies up to this many bytes are opened on the UI thread: reading,
/// finding facts and laying out are linear, a few milliseconds for the
/// longest real articles (about 50 KB). Above it, a worker: the time is
/// no longer small, and a hostile file must not freeze the keys. (The
/// hostile-text tests, tests/hostile.rs, open a body of 300 KB on the UI
/// thread and look at it without running jobs.)
pub const HEAVY_BYTES: u64 = 384 * 1024;

/// An article to open in the background.
#[derive(Debug, Clone)]
pub struct ReadJob {
    /// Tells this job's result from an older one's.
    pub ticket: u64,
    /// The article's index in `articles`.
    pub index: usize,
    pub articles: Arc<Articles>,
    /// Whether to find the facts (false when known from an earlier visit).
    pub facts: bool,
    /// The reading pane's measure, to lay the article out for; `None`
    /// when the pane is hidden (laid out when it shows).
    pub width: Option<usize>,
    /// What the header calls the article's feed.
    pub feed_title: Option<String>,
}

impl PartialEq for ReadJob {
    fn eq(&self, other: &Self) -> bool {
        self.ticket == other.ticket
            && self.index == other.index
            && Arc::ptr_eq(&self.articles, &other.articles)
            && self.facts == other.facts
            && self.width == other.width
            && self.feed_title == other.feed_title
    }
}

impl Eq for ReadJob {}

/// What a [`ReadJob`] found.
#[derive(Debug)]
pub struct ArticleRead {
    pub ticket: u64,
    pub index: usize,
    /// The whole article, or why it cannot be had.
    pub article: Result<Article, BodyError>,
    /// Its facts, if the job was asked for them and the body was read.
    pub facts: Option<Vec<FactGroup>>,
    /// Its layout at the job's width.
    pub doc: Option<Doc>,
}

impl ReadJob {
    /// Does the work, looking at `cancelled` between steps; `None` when
    /// cancelled (nobody wants the result).
    pub fn run(self, cancelled: impl Fn() -> bool) -> Option<ArticleRead> {
        let article = self
            .articles
            .open(self.index)
            .map(std::borrow::Cow::into_owned);
        if cancelled() {
            return None;
        }
        let found = match (&article, self.facts) {
            (Ok(article), true) => Some(facts::for_article(article)),
            _ => None,
        };
        if cancelled() {
            return None;
        }
        let doc = match (&article, self.width) {
            (Ok(article), Some(width)) => {
                Some(Doc::build_with(article, width, self.feed_title.as_deref()))
            }
            _ => None,
        };
        Some(ArticleRead {
            ticket: self.ticket,
            index: self.index,
            article,
            facts: found,
            doc,
        })
    }
}

/// The facts of an article the reader already shows, found on a worker
/// while the fact extractor's patterns are still to be compiled: that costs
/// about 20 ms once per process, and the first frame does not wait for it
/// (see [`App::new_cold`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsJob {
    pub index: usize,
    pub article: Box<Article>,
}

/// What a [`FactsJob`] found.
#[derive(Debug)]
pub struct FactsFound {
    pub index: usize,
    pub groups: Vec<FactGroup>,
}

impl FactsJob {
    pub fn run(self) -> FactsFound {
        FactsFound {
            index: self.index,
            groups: facts::for_article(&*self.article),
        }
    }
}

/// How big `index`'s body is, as far as can be told without reading it:
/// the text when it is in memory, else the size of its file (a `stat`,
/// which does not wait on the file's contents). `None` when unknown: then
/// opening it is quick (it has no file, or the file cannot be looked at).
fn body_size(articles: &Articles, index: usize) -> Option<u64> {
    if articles.in_memory() {
        let article = articles.open(index).ok()?;
        let bytes: usize = article.body.iter().map(String::len).sum();
        return u64::try_from(bytes).ok();
    }
    let path = articles.get(index)?.path()?;
    std::fs::metadata(path).ok().map(|m| m.len())
}

impl App {
    /// Finds `article`'s facts on a worker when they must not be waited
    /// for (see [`App::new_cold`]); true if a job was handed out.
    pub(super) fn find_facts_later(&mut self, index: usize, article: &Article) -> bool {
        if !self.facts.cold() || self.facts.known(index) {
            return false;
        }
        self.facts.finding();
        self.chrome.push_effect(Effect::Facts(FactsJob {
            index,
            article: Box::new(article.clone()),
        }));
        true
    }

    /// A worker found the facts of `found.index`: kept, and shown if that
    /// article is still the one open. From now on facts are found at once.
    pub(super) fn facts_found(&mut self, found: FactsFound) {
        self.facts.set_cold(false);
        self.facts.remember(found.index, found.groups);
        if self.current() != Some(found.index) || !self.facts.is_finding() {
            return;
        }
        if let Some(article) = self.reader.article().cloned() {
            self.facts.load(found.index, &article);
            self.reader.set_figures(self.facts.figures());
            self.relayout();
        }
    }

    /// Whether the article at `index` is opened on a worker.
    pub(super) fn is_heavy(&self, index: usize) -> bool {
        body_size(&self.library.articles, index).is_some_and(|n| n > HEAVY_BYTES)
    }

    /// Opens `index` on a worker: the reader says "reading…" and the
    /// sidebar "finding facts…" until [`App::article_read`].
    pub(super) fn start_reading(&mut self, index: usize) {
        let ticket = self.reader.start_reading();
        let facts = !self.facts.known(index);
        self.facts.finding();
        let measure = self.reader.measure();
        let width = self
            .panes
            .screen()
            .reader
            .map(|rect| layout::reader_measure(rect, measure));
        let feed_title = self
            .library
            .articles
            .get(index)
            .and_then(|meta| meta.feed())
            .map(|url| self.feed_title(url).to_owned());
        self.chrome.push_effect(Effect::Read(ReadJob {
            ticket,
            index,
            articles: Arc::clone(&self.library.articles),
            facts,
            width,
            feed_title,
        }));
    }

    /// Stops a job under way, if any: another article is shown.
    pub(super) fn stop_reading(&mut self) {
        if self.reader.stop_reading() {
            self.chrome.push_effect(Effect::StopReading);
        }
    }

    /// A worker opened an article: shown if it is still the one wanted.
    pub(super) fn article_read(&mut self, read: ArticleRead) {
        if self.reader.reading() != Some(read.ticket) || self.current() != Some(read.index) {
            return;
        }
        self.reader.stop_reading();
        let article = match read.article {
            Ok(article) => {
                self.facts.found(read.index, &article, read.facts);
                Some(article)
            }
            Err(e) => {
                self.facts.clear();
                self.library
                    .articles
                    .get(read.index)
                    .and_then(|meta| unreadable_article(meta, &e))
            }
        };
        self.reader.load(article, self.facts.figures());
        self.refresh_feed_title();
        self.reader.laid_out(read.doc);
        self.find_matches();
        self.relayout();
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::HEAVY_BYTES;
    use crate::action::Action;
    use crate::app::{App, Effect, Message};
    use crate::store::library::{Library, LibrarySource};
    use crate::store::state::ReadState;
    use crate::workers::Workers;

    /// A small article (selected first) and a heavy one after it, in
    /// short paragraphs (cheap to extract, so the test is quick).
    fn app() -> App {
        let paragraph = "Sales rose 5% to $3 million in 2020.";
        let count = usize::try_from(HEAVY_BYTES).expect("fits") / paragraph.len() + 1;
        let big = vec![paragraph; count];
        let files = [
            serde_json::json!({"id": "small", "title": "Small", "published": "2024-06-02",
                "body": ["Nothing much."]}),
            serde_json::json!({"id": "big", "title": "Big", "published": "2024-06-01",
                "body": big}),
        ]
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let name = format!("{i}.json");
            (name.clone(), name, Cow::Owned(a.to_string().into_bytes()))
        })
        .collect::<Vec<_>>();
        let mut app = App::new(
            Library::from_files(LibrarySource::Bundled, files),
            ReadState::default(),
        );
        app.update(Action::Resize(120, 40));
        app
    }

    fn effects(app: &mut App) -> Vec<Effect> {
        std::iter::from_fn(|| app.take_effect()).collect()
    }

    #[test]
    fn a_small_article_opens_at_once_and_a_heavy_one_on_a_worker() {
        let mut app = app();
        assert!(app.article().is_some() && !app.reading_article());
        app.update(Action::Down);
        assert!(app.article().is_none() && app.reading_article());
        let panel = app.facts_panel(30);
        assert_eq!(panel.lines[0].0[0].1, "finding facts…");
        let Some(Effect::Read(job)) = effects(&mut app).pop() else {
            panic!("a read job is asked for");
        };
        assert!(job.facts && job.width.is_some());
        let read = job.run(|| false).expect("not cancelled");
        app.update(Message::ArticleRead(Box::new(read)));
        assert!(!app.reading_article());
        assert_eq!(app.article().map(|a| a.id.as_str()), Some("big"));
        assert!(app.doc().is_some());
        assert!(!app.facts().is_empty());
    }

    #[test]
    fn moving_away_cancels_the_job_and_its_late_result_is_dropped() {
        let mut app = app();
        app.update(Action::Down);
        let Some(Effect::Read(job)) = effects(&mut app).pop() else {
            panic!("a read job is asked for");
        };
        app.update(Action::Up);
        assert_eq!(effects(&mut app), [Effect::StopReading]);
        let late = job.run(|| false).expect("ran");
        app.update(Message::ArticleRead(Box::new(late)));
        assert_eq!(app.article().map(|a| a.id.as_str()), Some("small"));
        // A cancelled job gives nothing back.
        app.update(Action::Down);
        let Some(Effect::Read(job)) = effects(&mut app).pop() else {
            panic!("a read job is asked for");
        };
        assert!(job.run(|| true).is_none());
    }

    #[test]
    fn the_workers_run_the_job_and_its_result_comes_back_as_an_event() {
        let mut app = app();
        app.update(Action::Down);
        let mut workers = Workers::new();
        for effect in effects(&mut app) {
            if let Effect::Read(job) = effect {
                workers.read(job).expect("a thread");
            }
        }
        let mut events = Vec::new();
        workers.run_until_idle(|event| events.push(event));
        for event in events {
            if let Some(message) = event.into_message() {
                app.update(message);
            }
        }
        assert_eq!(app.article().map(|a| a.id.as_str()), Some("big"));
        // Known facts are not looked for again.
        app.update(Action::Up);
        app.update(Action::Down);
        let Some(Effect::Read(job)) = effects(&mut app).pop() else {
            panic!("a read job is asked for");
        };
        assert!(!job.facts);
    }

    /// Three small articles, opened by a reader that does not wait for the
    /// fact extractor (`App::new_cold`).
    fn cold_app() -> App {
        let files = ["first", "second", "third"]
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let body = format!("The {id} plan costs $4{i} million, Mei Tanaka said.");
                let a = serde_json::json!({"id": id, "title": id,
                    "published": format!("2024-06-0{}", 3 - i), "body": [body]});
                let name = format!("{i}.json");
                (name.clone(), name, Cow::Owned(a.to_string().into_bytes()))
            })
            .collect::<Vec<_>>();
        let mut app = App::new_cold(
            Library::from_files(LibrarySource::Bundled, files),
            ReadState::default(),
            None,
            crate::config::Config::default(),
        );
        app.update(Action::Resize(120, 40));
        app
    }

    fn facts_job(app: &mut App) -> super::FactsJob {
        let jobs: Vec<_> = effects(app)
            .into_iter()
            .filter_map(|e| match e {
                Effect::Facts(job) => Some(job),
                _ => None,
            })
            .collect();
        assert_eq!(jobs.len(), 1, "one facts job is asked for");
        jobs.into_iter().next().expect("one")
    }

    fn values(app: &App) -> Vec<String> {
        app.facts()
            .iter()
            .flat_map(|g| g.facts.iter().map(|f| f.value.clone()))
            .collect()
    }

    #[test]
    fn a_cold_start_shows_the_text_at_once_and_its_facts_when_the_worker_has_them() {
        let mut app = cold_app();
        // The text is there for the first frame; the sidebar says why its
        // facts are not, yet.
        assert_eq!(app.article().map(|a| a.id.as_str()), Some("first"));
        assert!(app.doc().is_some());
        assert_eq!(app.facts_panel(30).lines[0].0[0].1, "finding facts…");
        let job = facts_job(&mut app);
        assert_eq!(job.article.id, "first");
        app.update(Message::FactsFound(Box::new(job.run())));
        assert!(
            values(&app).contains(&"$40 million".to_owned()),
            "{:?}",
            values(&app)
        );
        assert!(
            app.doc().is_some(),
            "laid out again with the figures marked"
        );
        // Warm now: the next article's facts are found at once.
        app.update(Action::Down);
        assert!(values(&app).contains(&"$41 million".to_owned()));
        assert!(
            effects(&mut app)
                .iter()
                .all(|e| !matches!(e, Effect::Facts(_)))
        );
    }

    #[test]
    fn facts_found_for_an_article_left_behind_are_kept_but_not_shown() {
        let mut app = cold_app();
        let first = facts_job(&mut app);
        // Moved on before the worker answered: that article waits too.
        app.update(Action::Down);
        let second = facts_job(&mut app);
        app.update(Message::FactsFound(Box::new(first.run())));
        assert_eq!(app.article().map(|a| a.id.as_str()), Some("second"));
        assert_eq!(app.facts_panel(30).lines[0].0[0].1, "finding facts…");
        app.update(Message::FactsFound(Box::new(second.run())));
        assert!(values(&app).contains(&"$41 million".to_owned()));
        // Going back to the first costs nothing: its facts were kept.
        app.update(Action::Up);
        assert!(values(&app).contains(&"$40 million".to_owned()));
        assert!(
            effects(&mut app)
                .iter()
                .all(|e| !matches!(e, Effect::Facts(_)))
        );
    }
}
