//! One owner for every background thread, and one channel of events.
//!
//! [`Workers`] starts each thread with a name, holds its handle, and stops
//! it: every job gets a cancel flag it checks between steps, and the
//! handles are joined on [`Workers::shutdown`] (or drop). Threads report
//! through one channel of typed [`Event`]s, the same one the terminal's
//! input and signals arrive on, so the event loop blocks on a single
//! [`Workers::recv`] and is woken by whichever comes first: no polling.
//! A worker that panics sends [`Event::Failed`] (its panic is caught), and
//! a thread that cannot be started is a [`WorkerError`] for the caller to
//! show, never a panic.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Weak, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

mod refresh;
mod watch;

use crate::app::{
    ArticleRead, Ask, DeleteJob, Deleted, FactsFound, FactsJob, IndexJob, IndexKind, Message,
    ReadJob, RefreshJob, RefreshNews, RestoreJob, Restored, StoreJob, WatchJob,
};
use crate::search::Outcome;
use crate::search::stored::Indexer;
use crate::store::articles::Articles;
use crate::store::library::Library;
use crate::store::listing::Scan;
use crate::store::state::{JobError, SaveJob};

/// What the event loop hears about: input, signals and background work.
#[derive(Debug)]
pub enum Event {
    /// A key, the mouse or a resize, from the terminal.
    Input(ratatui::crossterm::event::Event),
    /// The terminal could not be read; no more input will come.
    InputFailed(String),
    /// A terminating signal (SIGTERM, SIGHUP, SIGINT): its number.
    Signal(i32),
    /// An index has this many articles done.
    Progress {
        kind: IndexKind,
        generation: u64,
        done: usize,
    },
    /// A save finished (see [`Workers::save`]).
    Saved {
        job: SaveJob,
        result: Result<Option<String>, JobError>,
    },
    /// The folder was read again (see [`Workers::reload`]).
    Reloaded(Result<Library, String>),
    /// An article was opened (see [`Workers::read`]).
    ArticleRead(Box<ArticleRead>),
    /// An article's facts were found (see [`Workers::facts`]).
    FactsFound(Box<FactsFound>),
    /// News from a refresh of the feeds (see [`Workers::refresh`]).
    Refresh(RefreshNews),
    /// The folder was read (see [`Workers::check`]): the articles if they
    /// changed, and the folder as it was listed (handed on to the search
    /// index's worker, which plans from it rather than listing again).
    Checked {
        result: Result<Option<Library>, String>,
        scan: Option<Arc<Scan>>,
    },
    /// The watched folder changed (see [`Workers::watch`]).
    FolderChanged,
    /// The folder is being watched, this way (see [`Workers::watch`]).
    Watching(String),
    /// An article's file was moved to the trash, or not (see
    /// [`Workers::delete`]).
    Deleted(Box<Deleted>),
    /// A deleted article's file was moved back, or not (see
    /// [`Workers::restore`]).
    Restored(Box<Restored>),
    /// The stored index answered a question (see [`Workers::ask`]).
    Searched {
        generation: u64,
        seq: u64,
        outcome: Outcome,
    },
    /// The stored index cannot be used.
    StoreFailed { generation: u64, message: String },
    /// Something the user should hear about (the stored index was rebuilt).
    Notice(String),
    /// A worker panicked: its name and the panic's message.
    Failed { worker: String, message: String },
    /// A worker's thread is done (after its last event).
    Finished { id: u64 },
}

impl Event {
    /// What the app makes of this event, if it is news for the app.
    pub fn into_message(self) -> Option<Message> {
        match self {
            Self::Progress {
                kind,
                generation,
                done,
            } => Some(Message::Progress {
                kind,
                generation,
                done,
            }),
            Self::Saved { job, result } => Some(Message::Saved { job, result }),
            Self::Reloaded(result) => Some(Message::Reloaded(result)),
            Self::ArticleRead(read) => Some(Message::ArticleRead(read)),
            Self::FactsFound(found) => Some(Message::FactsFound(found)),
            Self::Refresh(news) => Some(Message::Refresh(news)),
            Self::Searched {
                generation,
                seq,
                outcome,
            } => Some(Message::Searched {
                generation,
                seq,
                outcome,
            }),
            Self::StoreFailed {
                generation,
                message,
            } => Some(Message::StoreFailed {
                generation,
                message,
            }),
            Self::Notice(message) => Some(Message::Notice(message)),
            Self::Checked { result, .. } => Some(Message::Checked(result)),
            Self::FolderChanged => Some(Message::FolderChanged),
            Self::Watching(how) => Some(Message::Watching(how)),
            Self::Deleted(deleted) => Some(Message::Deleted(deleted)),
            Self::Restored(restored) => Some(Message::Restored(restored)),
            // A refresh that panicked is over: `R` must work again.
            Self::Failed { worker, message } if worker == "gogai-refresh" => Some(
                Message::Refresh(RefreshNews::Failed(format!("its worker failed: {message}"))),
            ),
            // A check that panicked is over too: later changes must be
            // able to start another.
            Self::Failed { worker, message } if worker == "gogai-check" => Some(Message::Checked(
                Err(format!("the folder check failed: {message}")),
            )),
            Self::Failed { worker, message } => Some(Message::Notice(format!(
                "a background task ({worker}) failed: {message}"
            ))),
            Self::Input(_) | Self::InputFailed(_) | Self::Signal(_) | Self::Finished { .. } => None,
        }
    }
}

/// A thread could not be started.
#[derive(Debug, thiserror::Error)]
#[error("cannot start a background task ({name}): {source}")]
pub struct WorkerError {
    name: String,
    #[source]
    source: std::io::Error,
}

/// A flag a job checks between steps to stop early.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// The flag itself, for code that takes a plain one.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// What a job is given: where to report, and whether to stop.
#[derive(Debug)]
pub struct Context {
    events: mpsc::Sender<Event>,
    /// This job's own flag.
    cancel: Cancel,
    /// Every job's: the workers are shutting down.
    stop: Cancel,
}

impl Context {
    /// Reports `event`; false once nobody listens (the loop is gone).
    pub fn send(&self, event: Event) -> bool {
        self.events.send(event).is_ok()
    }

    /// Whether the job should stop now.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_cancelled() || self.stop.is_cancelled()
    }
}

#[derive(Debug)]
struct Running {
    id: u64,
    name: String,
    handle: JoinHandle<()>,
    /// Whether the end of a run waits for it. Work that only computes (an
    /// article's facts) is not waited for: nothing is lost when the process
    /// ends under it, and a quit must not wait on a slow extraction.
    waited_for: bool,
}

/// The owner of every background thread.
#[derive(Debug)]
pub struct Workers {
    sender: mpsc::Sender<Event>,
    events: mpsc::Receiver<Event>,
    running: Vec<Running>,
    next_id: u64,
    stop: Cancel,
    /// The index builders' flag, cancelled when another index job starts.
    indexing: Option<Cancel>,
    /// The article opener's flag, cancelled when another article is opened.
    reading: Option<Cancel>,
    /// The stored index's worker: its flag, and where its questions (and
    /// the folder checks' listings) go.
    storing: Option<(Cancel, mpsc::Sender<ToStore>)>,
    /// Folder checks running: a store worker started meanwhile waits for
    /// their listing rather than making its own.
    checks: usize,
    /// The listing of the last check that found the folder changed, with
    /// the articles it read: the store worker started for those articles
    /// plans from it.
    scanned: Option<(Weak<Articles>, Arc<Scan>)>,
}

/// What the stored index's worker is told.
#[derive(Debug)]
enum ToStore {
    Ask(Ask),
    /// A folder check's listing (`None`: it failed; list the folder).
    Scan(Option<Arc<Scan>>),
}

impl Default for Workers {
    fn default() -> Self {
        Self::new()
    }
}

/// How often at most an index reports progress: the list and the header
/// follow it, and redrawing for every article would be wasted.
const REPORT_EVERY: Duration = Duration::from_millis(50);

impl Workers {
    pub fn new() -> Self {
        let (sender, events) = mpsc::channel();
        Self {
            sender,
            events,
            running: Vec::new(),
            next_id: 0,
            stop: Cancel::default(),
            indexing: None,
            reading: None,
            storing: None,
            checks: 0,
            scanned: None,
        }
    }

    /// Starts `job` on a thread named `name`, with a cancel flag of its own
    /// (returned). A panic in `job` is reported as [`Event::Failed`].
    pub fn start(
        &mut self,
        name: &str,
        job: impl FnOnce(&Context) + Send + 'static,
    ) -> Result<Cancel, WorkerError> {
        let cancel = Cancel::default();
        self.start_with(name, cancel.clone(), job)?;
        Ok(cancel)
    }

    fn start_with(
        &mut self,
        name: &str,
        cancel: Cancel,
        job: impl FnOnce(&Context) + Send + 'static,
    ) -> Result<(), WorkerError> {
        self.spawn(name, cancel, true, job)
    }

    fn spawn(
        &mut self,
        name: &str,
        cancel: Cancel,
        waited_for: bool,
        job: impl FnOnce(&Context) + Send + 'static,
    ) -> Result<(), WorkerError> {
        let cx = Context {
            events: self.sender.clone(),
            cancel,
            stop: self.stop.clone(),
        };
        let id = self.next_id;
        self.next_id += 1;
        let worker = name.to_owned();
        let handle = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                if let Err(payload) = catch_unwind(AssertUnwindSafe(|| job(&cx))) {
                    let message = take_panic_message().unwrap_or_else(|| payload_text(&*payload));
                    cx.send(Event::Failed { worker, message });
                }
                cx.send(Event::Finished { id });
            })
            .map_err(|source| WorkerError {
                name: name.to_owned(),
                source,
            })?;
        self.running.push(Running {
            id,
            name: name.to_owned(),
            handle,
            waited_for,
        });
        Ok(())
    }

    /// The names of the threads running now, oldest first.
    pub fn running(&self) -> impl Iterator<Item = &str> {
        self.running.iter().map(|r| r.name.as_str())
    }

    /// Stops the index builders under way and starts `job`'s: the names
    /// on one thread, in list order; the text on one thread per core,
    /// taking articles in list order, so the top of the list is searchable
    /// first.
    pub fn index(&mut self, job: IndexJob) -> Result<(), WorkerError> {
        if let Some(old) = self.indexing.take() {
            old.cancel();
        }
        let cancel = Cancel::default();
        self.indexing = Some(cancel.clone());
        let generation = job.generation;
        if let Some(names) = job.names {
            let articles = Arc::clone(&job.articles);
            self.start_with("gogai-entities", cancel.clone(), move |cx| {
                let mut report = Reporter::new(cx, IndexKind::Names, generation);
                for i in 0..articles.len() {
                    if cx.cancelled() || !names.fill(&articles, i) {
                        break;
                    }
                    report.maybe(names.done());
                }
                report.now(names.done());
            })?;
        }
        if let Some(text) = job.text {
            let next = Arc::new(AtomicUsize::new(0));
            let threads =
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
            let mut started = 0;
            let mut failed = None;
            for _ in 0..threads {
                let (text, next) = (Arc::clone(&text), Arc::clone(&next));
                let articles = Arc::clone(&job.articles);
                let result = self.start_with("gogai-search", cancel.clone(), move |cx| {
                    let mut report = Reporter::new(cx, IndexKind::Text, generation);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= articles.len() || cx.cancelled() {
                            break;
                        }
                        text.fill(&articles, i);
                        report.maybe(text.done());
                    }
                    report.now(text.done());
                });
                match result {
                    Ok(()) => started += 1,
                    Err(e) => failed = Some(e),
                }
            }
            // The threads share the work: any one of them gets it all done.
            if started == 0
                && let Some(e) = failed
            {
                return Err(e);
            }
        }
        Ok(())
    }

    /// Cancels the article being opened, if any, and opens `job`'s; the
    /// result comes as [`Event::ArticleRead`] (nothing if cancelled).
    pub fn read(&mut self, job: ReadJob) -> Result<(), WorkerError> {
        self.stop_reading();
        let cancel = Cancel::default();
        self.reading = Some(cancel.clone());
        self.spawn("gogai-read", cancel, false, move |cx| {
            if let Some(read) = job.run(|| cx.cancelled()) {
                cx.send(Event::ArticleRead(Box::new(read)));
            }
        })
    }

    /// Stops the stored index's worker, if any, and starts `job`'s: it
    /// opens the index, brings it in step with the folder a step at a
    /// time, and between steps answers the questions [`Workers::ask`]
    /// sends (only the latest, when several wait). Not waited for at the
    /// end of a run: each step is a transaction, and one cut short is
    /// done again by the next start.
    pub fn store(&mut self, job: StoreJob) -> Result<(), WorkerError> {
        if let Some((old, _)) = self.storing.take() {
            old.cancel();
        }
        let cancel = Cancel::default();
        let (asks, questions) = mpsc::channel();
        // The folder was just listed for these very articles, or is being
        // listed by a check: plan from that listing.
        let mut wait_scan = self.checks > 0;
        if let Some((articles, scan)) = self.scanned.take()
            && articles
                .upgrade()
                .is_some_and(|a| Arc::ptr_eq(&a, &job.articles))
        {
            let _ = asks.send(ToStore::Scan(Some(scan)));
            wait_scan = true;
        }
        self.storing = Some((cancel.clone(), asks));
        self.spawn("gogai-store", cancel, false, move |cx| {
            // A panic, too, must end in `StoreFailed`: the app then searches
            // without the index instead of waiting for it.
            let run = catch_unwind(AssertUnwindSafe(|| {
                keep_store(cx, &job, &questions, wait_scan);
            }));
            if let Err(payload) = run {
                let message = take_panic_message().unwrap_or_else(|| payload_text(&*payload));
                cx.send(Event::StoreFailed {
                    generation: job.generation,
                    message: format!("its worker failed: {message}"),
                });
            }
        })
    }

    /// Sends a question to the stored index's worker; an error when none
    /// was started. A worker that has ended has sent
    /// [`Event::StoreFailed`] (it ends no other way while it is the
    /// current one), which tells the app why: the question is dropped.
    pub fn ask(&mut self, ask: Ask) -> Result<(), WorkerError> {
        match &self.storing {
            Some((_, asks)) => {
                let _ = asks.send(ToStore::Ask(ask));
                Ok(())
            }
            None => Err(WorkerError {
                name: "gogai-store".to_owned(),
                source: std::io::Error::other("the search index was never opened"),
            }),
        }
    }

    /// Finds an article's facts; they come as [`Event::FactsFound`]. Not
    /// waited for at the end of a run: nothing is lost if it is cut short.
    pub fn facts(&mut self, job: FactsJob) -> Result<(), WorkerError> {
        self.spawn("gogai-facts", Cancel::default(), false, move |cx| {
            cx.send(Event::FactsFound(Box::new(job.run())));
        })
    }

    /// Refreshes the subscribed feeds into `job.dir`, keeping their fetch
    /// state in the state store at `state`; the news comes as
    /// [`Event::Refresh`]. Not waited for at the end of a run: the engine
    /// stops starting feeds at once, and whatever it had written is whole
    /// (files are renamed into place, the state saved in transactions).
    pub fn refresh(&mut self, job: RefreshJob, state: Option<PathBuf>) -> Result<(), WorkerError> {
        let stop = self.stop.flag();
        self.spawn("gogai-refresh", Cancel::default(), false, move |cx| {
            let news = refresh::run(&job, state, stop, &mut |news| {
                cx.send(Event::Refresh(news));
            });
            cx.send(Event::Refresh(news));
        })
    }

    /// Sends [`RefreshNews::Due`] every `interval` until the workers stop.
    pub fn refresh_every(&mut self, interval: Duration) -> Result<(), WorkerError> {
        let stop = self.stop.clone();
        self.spawn("gogai-timer", Cancel::default(), false, move |cx| {
            let mut next = Instant::now() + interval;
            // Short sleeps, so the end of a run is never kept waiting.
            while !stop.is_cancelled() {
                std::thread::sleep(Duration::from_millis(250).min(interval));
                if Instant::now() >= next {
                    next = Instant::now() + interval;
                    if !cx.send(Event::Refresh(RefreshNews::Due)) {
                        return;
                    }
                }
            }
        })
    }

    /// Cancels the article being opened, if any.
    pub fn stop_reading(&mut self) {
        if let Some(old) = self.reading.take() {
            old.cancel();
        }
    }

    /// Reads `library`'s folder again; the result comes as
    /// [`Event::Reloaded`].
    pub fn reload(&mut self, library: Library) -> Result<(), WorkerError> {
        self.start("gogai-reload", move |cx| {
            let result = library.reload().map_err(|e| e.to_string());
            cx.send(Event::Reloaded(result));
        })
        .map(drop)
    }

    /// Reads the folder of `library` (listed from its metadata index
    /// alone) through that index; the result comes as [`Event::Checked`],
    /// with no library when nothing changed. A library read without an
    /// index is read again whole; one that is no folder's, not at all.
    pub fn check(&mut self, library: &Library) -> Result<(), WorkerError> {
        let Some(dir) = library.origin.folder().map(Path::to_path_buf) else {
            // Counted as the others are, since its news is noted the same.
            self.checks += 1;
            let _ = self.sender.send(Event::Checked {
                result: Ok(None),
                scan: None,
            });
            return Ok(());
        };
        let (origin, known) = (library.origin.clone(), library.files);
        let Some(index) = library.index.clone() else {
            let library = library.clone();
            self.start("gogai-check", move |cx| {
                let result = library.reload().map(Some).map_err(|e| e.to_string());
                cx.send(Event::Checked { result, scan: None });
            })?;
            self.checks += 1;
            return Ok(());
        };
        self.start("gogai-check", move |cx| {
            let (result, scan) = match Library::load_dir_scanned(origin, &dir, &index) {
                Ok((fresh, stats, scan)) => {
                    let same = stats.parsed == 0 && stats.dropped == 0 && fresh.files == known;
                    (Ok((!same).then_some(fresh)), Some(Arc::new(scan)))
                }
                Err(e) => (Err(e.to_string()), None),
            };
            cx.send(Event::Checked { result, scan });
        })?;
        self.checks += 1;
        Ok(())
    }

    /// Watches `job.dir` for changes made by others, until the workers
    /// stop; each burst of changes is one [`Event::FolderChanged`] (see
    /// `watch.rs`). Not waited for at the end of a run: it only listens.
    pub fn watch(&mut self, job: WatchJob) -> Result<(), WorkerError> {
        self.spawn("gogai-watch", Cancel::default(), false, move |cx| {
            watch::run(cx, &job);
        })
    }

    /// Moves an article's file to the trash; the result comes as
    /// [`Event::Deleted`].
    pub fn delete(&mut self, job: DeleteJob) -> Result<(), WorkerError> {
        self.start("gogai-delete", move |cx| {
            cx.send(Event::Deleted(Box::new(job.run())));
        })
        .map(drop)
    }

    /// Moves a deleted article's file back; the result comes as
    /// [`Event::Restored`].
    pub fn restore(&mut self, job: RestoreJob) -> Result<(), WorkerError> {
        self.start("gogai-restore", move |cx| {
            cx.send(Event::Restored(Box::new(job.run())));
        })
        .map(drop)
    }

    /// Writes a save job to `path`; the result comes as [`Event::Saved`].
    ///
    /// The end of a run does not wait for it in [`Workers::shutdown`]: the
    /// caller waits for its result, as long as it sees fit (a save can be
    /// stuck on a lock another process holds, and a quit must end).
    pub fn save(&mut self, job: SaveJob, path: PathBuf) -> Result<(), WorkerError> {
        self.spawn("gogai-save", Cancel::default(), false, move |cx| {
            let result = job.write_job(&path);
            cx.send(Event::Saved { job, result });
        })
    }

    /// Waits for a program started in the background (a browser opening a
    /// link), so no zombie is left.
    pub fn reap(&mut self, mut child: std::process::Child) -> Result<(), WorkerError> {
        self.start("gogai-open", move |_| {
            let _ = child.wait();
        })
        .map(drop)
    }

    /// The next event, waiting for it. `None` cannot happen while the
    /// workers hold a sender of their own; it is there for type's sake.
    pub fn recv(&mut self) -> Option<Event> {
        let event = self.events.recv().ok()?;
        Some(self.note(event))
    }

    /// The next event if one is waiting.
    /// Puts `event` back at the end of the queue (the loop looked through
    /// the queue and keeps this one for later).
    pub fn requeue(&self, event: Event) {
        // The receiver is ours: a send cannot fail while `self` lives.
        let _ = self.sender.send(event);
    }

    pub fn try_recv(&mut self) -> Option<Event> {
        let event = self.events.try_recv().ok()?;
        Some(self.note(event))
    }

    /// The next event, waiting at most `wait`.
    pub fn recv_timeout(&mut self, wait: Duration) -> Option<Event> {
        let event = self.events.recv_timeout(wait).ok()?;
        Some(self.note(event))
    }

    /// Joins the thread an [`Event::Finished`] is about, and hands a
    /// folder check's listing to the stored index's worker.
    fn note(&mut self, event: Event) -> Event {
        match &event {
            Event::Checked { result, scan } => {
                self.checks = self.checks.saturating_sub(1);
                match (result, scan) {
                    // The list changed: the app starts a store worker for
                    // the articles read, which plans from the same listing
                    // (the one running now is about to be stopped).
                    (Ok(Some(library)), Some(scan)) => {
                        self.scanned = Some((Arc::downgrade(&library.articles), Arc::clone(scan)));
                    }
                    _ => self.pass_scan(scan.clone()),
                }
            }
            Event::Failed { worker, .. } if worker == "gogai-check" => {
                self.checks = self.checks.saturating_sub(1);
                self.pass_scan(None);
            }
            _ => {}
        }
        if let Event::Finished { id } = event
            && let Some(at) = self.running.iter().position(|r| r.id == id)
        {
            let done = self.running.swap_remove(at);
            // It has sent its last event: joining does not wait. A panic
            // was caught in the thread and reported already.
            let _ = done.handle.join();
        }
        event
    }

    /// A store worker waiting for a check's listing gets it (one that has
    /// planned already takes no notice).
    fn pass_scan(&self, scan: Option<Arc<Scan>>) {
        if let Some((_, to_store)) = &self.storing {
            let _ = to_store.send(ToStore::Scan(scan));
        }
    }

    /// Hands every event to `f` until no worker is running: for tests and
    /// for the end of a run, which wait on completion, not on a clock.
    pub fn run_until_idle(&mut self, mut f: impl FnMut(Event)) {
        while !self.running.is_empty() {
            match self.recv() {
                Some(event) => f(event),
                None => return,
            }
        }
        while let Some(event) = self.try_recv() {
            f(event);
        }
    }

    /// Asks every job to stop and joins the threads that do within
    /// `grace`; the others (a thread blocked in a system call) are left to
    /// end with the process, as are jobs that only compute (see
    /// `Running::waited_for`). Events that arrive meanwhile are dropped.
    pub fn shutdown(&mut self, grace: Duration) {
        self.stop.cancel();
        // The store's worker may be waiting for a question: none will come.
        self.storing = None;
        let deadline = Instant::now() + grace;
        while self.running.iter().any(|r| r.waited_for) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.recv_timeout(left).is_none() {
                break;
            }
        }
        self.running.clear();
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.shutdown(Duration::from_secs(2));
    }
}

/// The stored index's worker (see [`Workers::store`]).
fn keep_store(
    cx: &Context,
    job: &StoreJob,
    questions: &mpsc::Receiver<ToStore>,
    mut wait_scan: bool,
) {
    let generation = job.generation;
    let failed = |e: &dyn std::fmt::Display| {
        cx.send(Event::StoreFailed {
            generation,
            message: e.to_string(),
        });
    };
    let (mut indexer, notice) = match Indexer::open(&job.path, &job.dir, &job.articles) {
        Ok(opened) => opened,
        Err(e) => return failed(&e),
    };
    if let Some(notice) = notice {
        cx.send(Event::Notice(notice));
    }
    let mut text = Reporter::new(cx, IndexKind::Text, generation);
    let mut names = Reporter::new(cx, IndexKind::Names, generation);
    let report = |p: crate::search::stored::Progress,
                  text: &mut Reporter<'_>,
                  names: &mut Reporter<'_>,
                  now: bool| {
        if now {
            text.now(p.text);
            names.now(p.names);
        } else {
            text.maybe(p.text);
            names.maybe(p.names);
        }
    };
    report(indexer.progress(), &mut text, &mut names, true);
    let answer = |indexer: &mut Indexer, ask: Ask| match indexer.search(&ask.query) {
        Ok(outcome) => {
            cx.send(Event::Searched {
                generation,
                seq: ask.seq,
                outcome,
            });
            true
        }
        Err(e) => {
            failed(&e);
            false
        }
    };
    let mut working = true;
    // A listing handed over is taken only before the plan is made.
    let take = |indexer: &mut Indexer, scan: Option<Arc<Scan>>, wait_scan: &mut bool| {
        *wait_scan = false;
        if let Some(scan) = scan {
            indexer.plan_from(scan);
        }
    };
    loop {
        if cx.cancelled() {
            return;
        }
        // Only the latest question matters: the others were typed over.
        let mut latest = None;
        loop {
            match questions.try_recv() {
                Ok(ToStore::Ask(ask)) => latest = Some(ask),
                Ok(ToStore::Scan(scan)) => take(&mut indexer, scan, &mut wait_scan),
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        }
        if let Some(ask) = latest
            && !answer(&mut indexer, ask)
        {
            return;
        }
        // Waiting for the folder check's listing (answering meanwhile), or
        // with nothing left to do: only a message wakes it.
        if !working || (wait_scan && !indexer.planned()) {
            match questions.recv() {
                Ok(ToStore::Ask(ask)) => {
                    if !answer(&mut indexer, ask) {
                        return;
                    }
                }
                Ok(ToStore::Scan(scan)) => take(&mut indexer, scan, &mut wait_scan),
                Err(_) => return,
            }
            continue;
        }
        match indexer.step() {
            Ok(true) => report(indexer.progress(), &mut text, &mut names, false),
            Ok(false) => {
                working = false;
                report(indexer.progress(), &mut text, &mut names, true);
            }
            Err(e) => return failed(&e),
        }
    }
}

/// Sends an index's progress now and then, and at the end.
struct Reporter<'a> {
    cx: &'a Context,
    kind: IndexKind,
    generation: u64,
    last: Instant,
}

impl<'a> Reporter<'a> {
    fn new(cx: &'a Context, kind: IndexKind, generation: u64) -> Self {
        Self {
            cx,
            kind,
            generation,
            last: Instant::now(),
        }
    }

    fn maybe(&mut self, done: usize) {
        if self.last.elapsed() >= REPORT_EVERY {
            self.now(done);
        }
    }

    fn now(&mut self, done: usize) {
        self.last = Instant::now();
        self.cx.send(Event::Progress {
            kind: self.kind,
            generation: self.generation,
            done,
        });
    }
}

thread_local! {
    /// The message of this thread's last panic, with where it happened,
    /// as the panic hook saw it (see [`note_panic`]).
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps a panic's message for the worker it happens in, which reports it.
/// Called by the panic hook (which knows where the panic happened; the
/// worker's `catch_unwind` only gets the payload). Per thread, so it needs
/// no global.
pub fn note_panic(message: String) {
    LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
}

fn take_panic_message() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// The text a panic was raised with.
pub fn payload_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::{Event, Workers};
    use std::time::Duration;

    /// A folder check that panicked ends like a failed check, so the app
    /// lets the next change start another (else live updates would stop
    /// for the rest of the run).
    #[test]
    fn a_check_that_panicked_is_a_failed_check() {
        let event = Event::Failed {
            worker: "gogai-check".to_owned(),
            message: "on purpose".to_owned(),
        };
        assert!(matches!(
            event.into_message(),
            Some(crate::app::Message::Checked(Err(why))) if why.contains("on purpose")
        ));
    }

    #[test]
    fn a_panic_in_a_worker_is_an_event_and_the_thread_is_joined() {
        let mut workers = Workers::new();
        workers
            .start("gogai-boom", |_| panic!("on purpose"))
            .expect("starts");
        let mut failed = Vec::new();
        workers.run_until_idle(|event| {
            if let Event::Failed { worker, message } = event {
                failed.push((worker, message));
            }
        });
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert_eq!(failed[0].0, "gogai-boom");
        assert!(failed[0].1.contains("on purpose"), "{failed:?}");
        assert_eq!(workers.running().count(), 0);
    }

    #[test]
    fn shutdown_stops_a_job_that_checks_its_flag() {
        let mut workers = Workers::new();
        workers
            .start("gogai-spin", |cx| {
                while !cx.cancelled() {
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
            .expect("starts");
        workers.shutdown(Duration::from_secs(10));
        assert_eq!(workers.running().count(), 0);
    }
}
