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
}

impl PartialEq for ReadJob {
    fn eq(&self, other: &Self) -> bool {
        self.ticket == other.ticket
            && self.index == other.index
            && Arc::ptr_eq(&self.articles, &other.articles)
            && self.facts == other.facts
            && self.width == other.width
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
            (Ok(article), Some(width)) => Some(Doc::build(article, width)),
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
        let width = self.panes.screen().reader.map(layout::reader_measure);
        self.chrome.push_effect(Effect::Read(ReadJob {
            ticket,
            index,
            articles: Arc::clone(&self.library.articles),
            facts,
            width,
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
}
