//! The fetch engine behind `gogai --update`: refreshes feeds in parallel
//! and writes their items as article files, as `--import` does. No UI: it
//! reports through a callback ([`Event`]) and can run on a background
//! thread, stopped through [`Options::stop`].
//!
//! - `http`: one feed's conditional GET, redirects hop by hop, statuses
//! - `pool`: which feed a fetching thread takes next (limits overall and
//!   per host)
//! - `write`: items into files: new ones created, changed ones replaced
//!   when gogai wrote them and nobody edited them since
//! - `retain`: keeping the newest N per feed plus starred and unread
//! - `words`: outcomes and reports in words

pub mod http;
mod pool;
pub mod retain;
pub mod words;
mod write;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::import::fetch::{Body, WHOLE_MAX};
use crate::import::stream::{Items, Streamed};
use crate::import::{Extracted, Kind};
use crate::store::state::{self, FeedState, FetchStore, StateError};

pub use retain::Purged;

/// One subscription, as the feeds file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub url: String,
    pub name: Option<String>,
    pub tags: Vec<String>,
}

/// How a refresh runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The article folder written to.
    pub dir: PathBuf,
    /// The folder's metadata index (for finding what is there quickly).
    pub index: Option<PathBuf>,
    /// The state store (fetch state, marks for retention); `None` fetches
    /// everything afresh and never replaces a file.
    pub state: Option<PathBuf>,
    /// Feeds fetched at once, in all.
    pub parallel: usize,
    /// Feeds fetched at once from one host.
    pub per_host: usize,
    /// For one feed: every hop and the body.
    pub timeout: Duration,
    /// The most bytes read of one response (after decompression); a
    /// guard against an endless body, since large feeds are read item by
    /// item. Feed files on disk have no cap.
    pub max_bytes: u64,
    /// A feed fetched less than this ago is skipped (unless `force`).
    pub min_interval: Duration,
    /// Fetch every feed now: recent, backing off or gone alike.
    pub force: bool,
    /// Articles kept per feed by retention, besides starred and unread.
    pub keep: usize,
    /// How long to wait for an import writing to the same folder.
    pub lock_wait: Duration,
    /// Set to stop: feeds not started are left, those under way finish
    /// (each within `timeout`), and what was fetched is saved.
    pub stop: Arc<AtomicBool>,
}

/// Feeds fetched at once unless told otherwise. Fetching waits on the
/// network, not the processor: with 50 ms a request, 200 unchanged feeds
/// take 1.3 s eight at a time and about 0.4 s at 32, while the per-host
/// limit keeps any one server from seeing more than two at once.
pub const PARALLEL: usize = 32;
/// Feeds fetched at once from one host unless told otherwise.
pub const PER_HOST: usize = 2;
/// Articles kept per feed unless told otherwise.
pub const KEEP: usize = 200;
/// A feed is not fetched again sooner than this unless forced.
pub const MIN_INTERVAL: Duration = Duration::from_secs(5 * 60);

impl Options {
    /// The settings a user can change for one run, over the config file's:
    /// `GOGAI_FETCH_TIMEOUT` (seconds per feed), `GOGAI_FETCH_PARALLEL`
    /// (feeds at once), `GOGAI_FETCH_KEEP` (articles kept per feed) and
    /// `GOGAI_FETCH_MAX_BYTES` (the most bytes read of one response).
    /// Values that are not positive numbers are ignored.
    #[must_use]
    pub fn with_env(mut self) -> Self {
        let number = crate::import::fetch::env_number;
        if let Some(n) = number("GOGAI_FETCH_TIMEOUT") {
            self.timeout = Duration::from_secs(n);
        }
        if let Some(n) = number("GOGAI_FETCH_PARALLEL") {
            self.parallel = usize::try_from(n).unwrap_or(PARALLEL);
        }
        if let Some(n) = number("GOGAI_FETCH_KEEP") {
            self.keep = usize::try_from(n).unwrap_or(KEEP);
        }
        if let Some(n) = number("GOGAI_FETCH_MAX_BYTES") {
            self.max_bytes = n;
        }
        self
    }

    /// The `[fetch]` settings of the config file (the environment's come
    /// after them: see [`Options::with_env`]).
    #[must_use]
    pub fn with_settings(mut self, settings: &crate::config::Fetch) -> Self {
        self.timeout = Duration::from_secs(settings.timeout);
        self.parallel = settings.parallel;
        self.keep = settings.keep;
        self
    }

    pub fn new(dir: PathBuf) -> Self {
        let limits = crate::import::Limits::default();
        Self {
            dir,
            index: None,
            state: None,
            parallel: PARALLEL,
            per_host: PER_HOST,
            timeout: limits.timeout,
            max_bytes: limits.max_bytes,
            min_interval: MIN_INTERVAL,
            force: false,
            keep: KEEP,
            lock_wait: crate::import::LOCK_WAIT,
            stop: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// Why a feed was not fetched this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Fetched this many seconds ago, less than the minimum interval.
    Recent { ago: u64 },
    /// The server asked to wait (429/503); this many seconds are left.
    BackingOff { left: u64 },
    /// The server said 410 Gone.
    Dead,
    /// The refresh was stopped before its turn.
    Stopped,
}

/// What came of one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fetched and read (see `new` and `updated` in [`Event::Done`]).
    Fetched,
    /// 304: nothing changed.
    Unchanged,
    /// Fetched through a permanent redirect: subscribe to `to` instead.
    Moved { to: String },
    /// 410 Gone: marked dead.
    Gone,
    /// Not fetched this time.
    Skipped(Skip),
    /// Fetching or reading it failed.
    Failed(String),
}

/// What a refresh tells while it runs. `feed` is an index into the feeds
/// given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Started {
        feed: usize,
    },
    Done {
        feed: usize,
        outcome: Outcome,
        /// Articles added.
        new: usize,
        /// Articles replaced because they changed upstream.
        updated: usize,
    },
    /// Something to tell that is no feed's outcome (a state store that
    /// could not be saved, an item that could not be written).
    Notice(String),
}

/// What a refresh did, per feed (in the order given) and in all.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub outcomes: Vec<Option<(Outcome, usize, usize)>>,
    pub purged: Vec<Purged>,
    pub notices: Vec<String>,
}

impl Report {
    /// Whether any feed failed.
    pub fn failed(&self) -> bool {
        self.outcomes
            .iter()
            .any(|o| matches!(o, Some((Outcome::Failed(_), _, _))))
    }

    pub fn new_articles(&self) -> usize {
        self.outcomes.iter().flatten().map(|(_, n, _)| n).sum()
    }

    pub fn updated_articles(&self) -> usize {
        self.outcomes.iter().flatten().map(|(_, _, u)| u).sum()
    }
}

/// Why a refresh could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error("{path}: cannot create the article folder: {cause}")]
    CreateFolder { path: String, cause: std::io::Error },
}

/// How often fetch state is saved while a refresh runs: a refresh
/// killed midway then fetches again at most this much.
const SAVE_EVERY: Duration = Duration::from_secs(1);

/// What a fetching thread hands back.
enum Fetched {
    /// Nothing is waiting: the writing thread is about to wait.
    Idle,
    Started(usize),
    Done(usize, Box<(http::Got, Option<Reading>)>),
}

/// A fetched feed: read whole (on the fetching thread), or a large one
/// opened to be read a batch at a time while it is written.
enum Reading {
    Whole(Result<Extracted, String>),
    Stream(Streamed),
}

/// Fetches the feeds of `jobs` (index, host) on up to `options.parallel`
/// threads, handing what they send to `handle` on this thread.
fn fetch_all(
    feeds: &[Feed],
    options: &Options,
    jobs: Vec<(usize, String)>,
    states: &HashMap<String, FeedState>,
    handle: &mut dyn FnMut(Fetched),
) {
    let agents = http::Agents::new();
    let queue = pool::Queue::new(jobs, options.per_host);
    let (tx, rx) = mpsc::channel::<Fetched>();
    let stop = &options.stop;
    std::thread::scope(|scope| {
        for _ in 0..options.parallel.max(1) {
            let tx = tx.clone();
            let (queue, agents) = (&queue, &agents);
            scope.spawn(move || {
                let stopped = || stop.load(Ordering::Relaxed);
                while let Some((i, host)) = queue.take(&stopped) {
                    let _ = tx.send(Fetched::Started(i));
                    let url = &feeds[i].url;
                    let st = states
                        .get(url)
                        .cloned()
                        .unwrap_or_else(|| FeedState::new(url));
                    let limits = http::Limits {
                        timeout: options.timeout,
                        max_bytes: options.max_bytes,
                        spool_dir: &options.dir,
                    };
                    let mut got = http::get(agents, &st, limits);
                    queue.done(&host);
                    // Reading the feed is the costly part of writing it:
                    // it is done here, on the fetching thread (a large one
                    // is only opened here, and read while it is written).
                    let read = match &mut got.answer {
                        http::Answer::Body {
                            body,
                            url,
                            content_type,
                            charset,
                            ..
                        } => Some(read_feed(
                            std::mem::replace(body, Body::Bytes(Vec::new())),
                            url,
                            content_type.as_deref(),
                            charset.as_deref(),
                        )),
                        _ => None,
                    };
                    if tx.send(Fetched::Done(i, Box::new((got, read)))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        loop {
            let message = match rx.try_recv() {
                Ok(message) => message,
                Err(mpsc::TryRecvError::Empty) => {
                    handle(Fetched::Idle);
                    match rx.recv() {
                        Ok(message) => message,
                        Err(mpsc::RecvError) => break,
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            };
            handle(message);
        }
    });
}

/// Refreshes `feeds` into `options.dir`, calling `on_event` (on this
/// thread) as feeds start and finish. Fetching and reading run on up to
/// `options.parallel` threads; writing is done here, one feed (or one
/// batch of a large feed) at a time, each holding the folder's import lock
/// only while it writes.
/// Feeds never taken because the refresh was stopped: each is said to be.
fn stopped(report: &mut Report, on_event: &mut dyn FnMut(Event)) {
    for (i, slot) in report.outcomes.iter_mut().enumerate() {
        if slot.is_none() {
            let outcome = Outcome::Skipped(Skip::Stopped);
            on_event(Event::Done {
                feed: i,
                outcome: outcome.clone(),
                new: 0,
                updated: 0,
            });
            *slot = Some((outcome, 0, 0));
        }
    }
}

/// A feed's outcome in the log file: a failure as a warning (it is what a
/// bug report needs), the rest for `GOGAI_LOG=info`.
fn log_outcome(url: &str, outcome: &Outcome, new: usize, updated: usize) {
    if let Outcome::Failed(why) = outcome {
        log::warn!("{url}: {why}");
    } else {
        log::info!("{url}: {outcome:?}, {new} new, {updated} updated");
    }
}

pub fn run(
    feeds: &[Feed],
    options: &Options,
    on_event: &mut dyn FnMut(Event),
) -> Result<Report, UpdateError> {
    let mut report = Report {
        outcomes: vec![None; feeds.len()],
        ..Report::default()
    };
    let dir = &options.dir;
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|cause| UpdateError::CreateFolder {
            path: dir.display().to_string(),
            cause,
        })?;
    }
    let began = Instant::now();
    let folder = state::folder_key(dir);
    let (mut store, mut states, fetched) = open_state(options, folder, &mut report, on_event)?;
    let mut writer = write::Writer::new(dir, options, folder, fetched);

    let jobs = plan(feeds, options, &states, &mut report, on_event);
    let mut dirty: Vec<String> = Vec::new();
    let mut saved_at = Instant::now();
    // What the fetching threads send (validators); `states` is the live
    // copy.
    let before = states.clone();
    fetch_all(
        feeds,
        options,
        jobs,
        &before,
        &mut |message| match message {
            // The folder is not kept locked while the network is waited
            // for.
            Fetched::Idle => writer.release(),
            Fetched::Started(i) => on_event(Event::Started { feed: i }),
            Fetched::Done(i, done) => {
                let (got, read) = *done;
                let feed = &feeds[i];
                let st = states
                    .entry(feed.url.clone())
                    .or_insert_with(|| FeedState::new(&feed.url));
                let (outcome, new, updated, notices) = settle(
                    feed,
                    st,
                    got,
                    read,
                    &mut writer,
                    &options.stop,
                    state::now_secs(),
                );
                log_outcome(&feed.url, &outcome, new, updated);
                for notice in notices {
                    log::warn!("{notice}");
                    on_event(Event::Notice(notice.clone()));
                    report.notices.push(notice);
                }
                dirty.push(feed.url.clone());
                on_event(Event::Done {
                    feed: i,
                    outcome: outcome.clone(),
                    new,
                    updated,
                });
                report.outcomes[i] = Some((outcome, new, updated));
                if saved_at.elapsed() >= SAVE_EVERY {
                    save(
                        &mut store,
                        &states,
                        &mut dirty,
                        &mut writer,
                        &mut report,
                        on_event,
                    );
                    saved_at = Instant::now();
                }
            }
        },
    );
    stopped(&mut report, on_event);
    writer.release();
    if !options.stop.load(Ordering::Relaxed) {
        match retention(feeds, options, &report, &mut writer) {
            Ok(purged) => report.purged = purged,
            Err(notice) => {
                on_event(Event::Notice(notice.clone()));
                report.notices.push(notice);
            }
        }
    }
    save(
        &mut store,
        &states,
        &mut dirty,
        &mut writer,
        &mut report,
        on_event,
    );
    log::info!(
        "refreshed {} feeds into {} in {} ms",
        feeds.len(),
        dir.display(),
        began.elapsed().as_millis()
    );
    Ok(report)
}

/// The state store, the feeds' fetch state by url and the files
/// refreshes wrote into the folder with key `folder`.
type Opened = (
    Option<FetchStore>,
    HashMap<String, FeedState>,
    Vec<state::Fetched>,
);

fn open_state(
    options: &Options,
    folder: u64,
    report: &mut Report,
    on_event: &mut dyn FnMut(Event),
) -> Result<Opened, UpdateError> {
    let Some(path) = &options.state else {
        return Ok((None, HashMap::new(), Vec::new()));
    };
    let (store, notice) = FetchStore::open(path)?;
    if let Some(notice) = notice {
        on_event(Event::Notice(notice.clone()));
        report.notices.push(notice);
    }
    let states = store
        .feed_states()?
        .into_iter()
        .map(|f| (f.url.clone(), f))
        .collect();
    let fetched = store.fetched(folder)?;
    Ok((Some(store), states, fetched))
}

/// The feeds to fetch now (index, host); the others are reported skipped.
fn plan(
    feeds: &[Feed],
    options: &Options,
    states: &HashMap<String, FeedState>,
    report: &mut Report,
    on_event: &mut dyn FnMut(Event),
) -> Vec<(usize, String)> {
    let now = state::now_secs();
    let mut jobs = Vec::new();
    for (i, feed) in feeds.iter().enumerate() {
        match skip(states.get(&feed.url), options, now) {
            Some(why) => {
                let outcome = Outcome::Skipped(why);
                on_event(Event::Done {
                    feed: i,
                    outcome: outcome.clone(),
                    new: 0,
                    updated: 0,
                });
                report.outcomes[i] = Some((outcome, 0, 0));
            }
            None => jobs.push((i, host_of(&feed.url))),
        }
    }
    jobs
}

/// Retention for the feeds that brought something this time, under the
/// folder's import lock (so an import never reads the folder for
/// duplicates halfway through it). When the lock cannot be had, retention
/// waits for the next refresh, and the notice says so.
fn retention(
    feeds: &[Feed],
    options: &Options,
    report: &Report,
    writer: &mut write::Writer,
) -> Result<Vec<Purged>, String> {
    let refreshed: Vec<&str> = feeds
        .iter()
        .zip(&report.outcomes)
        .filter(|(_, o)| o.as_ref().is_some_and(|(_, n, u)| n + u > 0))
        .map(|(f, _)| f.url.as_str())
        .collect();
    if refreshed.is_empty() {
        return Ok(Vec::new());
    }
    let _lock = crate::import::folder::lock(&options.dir, options.lock_wait)
        .map_err(|e| format!("{e}; old articles are removed by the next refresh instead"))?;
    let marks = options
        .state
        .as_deref()
        .map(state::ReadState::peek)
        .unwrap_or_default();
    let purge = retain::purge(
        &options.dir,
        writer.records(),
        Some(&refreshed),
        options.keep,
        &marks,
    );
    writer.forget(&purge.gone);
    Ok(purge.removed)
}

/// Saves the fetch state of the feeds done since the last save, and the
/// files written or removed.
fn save(
    store: &mut Option<FetchStore>,
    states: &HashMap<String, FeedState>,
    dirty: &mut Vec<String>,
    writer: &mut write::Writer,
    report: &mut Report,
    on_event: &mut dyn FnMut(Event),
) {
    let Some(store) = store else {
        return;
    };
    let feeds: Vec<FeedState> = dirty
        .iter()
        .filter_map(|u| states.get(u).cloned())
        .collect();
    let (put, gone) = writer.unsaved();
    if feeds.is_empty() && put.is_empty() && gone.is_empty() {
        return;
    }
    match store.save(&feeds, &put, &gone) {
        Ok(()) => {
            dirty.clear();
            writer.saved();
        }
        // Kept for the next save; said once at the end if still unsaved.
        Err(e) => {
            let notice = format!("{e}; the fetch state is kept for the next save");
            if !report.notices.contains(&notice) {
                on_event(Event::Notice(notice.clone()));
                report.notices.push(notice);
            }
        }
    }
}

/// Why a feed is not fetched now, if it is not.
fn skip(state: Option<&FeedState>, options: &Options, now: u64) -> Option<Skip> {
    let state = state?;
    if options.force {
        return None;
    }
    if state.dead {
        return Some(Skip::Dead);
    }
    if let Some(at) = state.next_at.filter(|&at| at > now) {
        return Some(Skip::BackingOff { left: at - now });
    }
    let ago = now.saturating_sub(state.fetched_at?);
    (state.error.is_none() && ago < options.min_interval.as_secs()).then_some(Skip::Recent { ago })
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// Reads a fetched body as a feed (or whatever it is), with `url` as the
/// base for links; a large feed is opened to be read item by item.
fn read_feed(
    mut body: Body,
    url: &str,
    content_type: Option<&str>,
    charset: Option<&str>,
) -> Reading {
    let extension = url::Url::parse(url).ok().and_then(|u| {
        std::path::Path::new(u.path())
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_owned)
    });
    if let Body::File { .. } = body {
        let head = match body.head() {
            Ok(head) => head,
            Err(e) => return Reading::Whole(Err(format!("cannot read {url}: {e}"))),
        };
        if crate::import::stream::can_stream(&head, extension.as_deref(), content_type, charset)
            && let Body::File { file, .. } = body
        {
            return Reading::Stream(Streamed {
                file,
                base: Some(url.to_owned()),
                charset: charset.map(str::to_owned),
            });
        }
    }
    let size = body.len();
    let bytes = match body.into_bytes(WHOLE_MAX) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let why = crate::import::SourceError::TooLargeWhole { size };
            return Reading::Whole(Err(format!("{url} {why}")));
        }
        Err(e) => return Reading::Whole(Err(format!("cannot read {url}: {e}"))),
    };
    Reading::Whole(
        crate::import::sniff(&bytes, extension.as_deref(), content_type)
            .map_err(|e| e.to_string())
            .and_then(|kind| {
                if kind == Kind::Feed {
                    Ok(crate::import::extract(
                        kind,
                        &bytes,
                        Some(url),
                        url,
                        charset,
                    ))
                } else {
                    Err(format!("not a feed: the address gives a {}", kind.name()))
                }
            }),
    )
}

/// Writes a large feed a batch at a time, as [`write::Writer::write_feed`]
/// writes a small one whole. A feed that gave no item and an error says
/// why is a failure, as for a small one.
/// A refresh stopped meanwhile stops between two batches.
fn write_streamed(
    feed: Streamed,
    feed_url: &str,
    writer: &mut write::Writer,
    stop: &AtomicBool,
) -> write::Written {
    let mut written = write::Written::default();
    let (mut items, notes) = match Items::open(feed.file, feed.base, feed.charset) {
        Ok(opened) => opened,
        Err(e) => {
            written.failed = Some(format!("cannot read the feed: {e}"));
            return written;
        }
    };
    let is_error = |n: &&crate::import::Note| n.severity == crate::article::Severity::Error;
    let mut first_error = notes.iter().find(is_error).cloned();
    let mut drafts = 0;
    loop {
        // Reading a batch takes a while: an import may write meanwhile.
        writer.release();
        if stop.load(Ordering::Relaxed) {
            // Not kept as read: the next refresh fetches it whole again.
            written.failed = Some(format!(
                "stopped after {drafts} items; the rest comes with the next refresh"
            ));
            return written;
        }
        let batch = match items.next_batch() {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(why) => {
                written.failed = Some(why);
                return written;
            }
        };
        if first_error.is_none() {
            first_error = batch.notes.iter().find(is_error).cloned();
        }
        drafts += batch.drafts.len();
        let done = writer.write_feed(feed_url, &batch.drafts);
        written.new += done.new;
        written.updated += done.updated;
        written.notices.extend(done.notices);
        if done.failed.is_some() {
            written.failed = done.failed;
            return written;
        }
    }
    if drafts == 0
        && let Some(first) = first_error
    {
        let at = first
            .at
            .map_or_else(String::new, |(l, c)| format!("{l}:{c}: "));
        written.failed = Some(format!("{at}{}", first.message));
    }
    written
}

/// How long to wait after a 429/503 that did not say: doubling from five
/// minutes with each failure in a row, up to six hours.
fn back_off(failures: u32) -> u64 {
    let steps = failures.saturating_sub(1).min(7);
    (300u64 << steps).min(6 * 3600)
}

/// Turns one feed's answer into its outcome, its new fetch state and its
/// articles written. Returns the outcome, articles added and replaced, and
/// notices.
fn settle(
    feed: &Feed,
    st: &mut FeedState,
    got: http::Got,
    read: Option<Reading>,
    writer: &mut write::Writer,
    stop: &AtomicBool,
    now: u64,
) -> (Outcome, usize, usize, Vec<String>) {
    st.fetched_at = Some(now);
    st.moved_to.clone_from(&got.moved_to);
    let fail = |st: &mut FeedState, status: Option<u16>, why: String| {
        st.status = status;
        st.error = Some(why.clone());
        st.failures = st.failures.saturating_add(1);
        (Outcome::Failed(why), 0, 0, Vec::new())
    };
    match got.answer {
        http::Answer::NotModified {
            etag,
            last_modified,
        } => {
            st.status = Some(304);
            st.error = None;
            st.failures = 0;
            st.next_at = None;
            st.dead = false;
            if etag.is_some() {
                st.etag = etag;
            }
            if last_modified.is_some() {
                st.last_modified = last_modified;
            }
            st.last_new = Some(0);
            let outcome = got
                .moved_to
                .map_or(Outcome::Unchanged, |to| Outcome::Moved { to });
            (outcome, 0, 0, Vec::new())
        }
        http::Answer::Gone => {
            st.status = Some(410);
            st.dead = true;
            st.error = Some("the server says the feed is gone (410)".to_owned());
            (Outcome::Gone, 0, 0, Vec::new())
        }
        http::Answer::Later { status, after } => {
            st.failures = st.failures.saturating_add(1);
            let wait = after.unwrap_or_else(|| back_off(st.failures));
            st.next_at = Some(now.saturating_add(wait));
            st.status = Some(status);
            let why = format!("the server answered {status}; not asked again for {wait} s");
            st.error = Some(why.clone());
            (Outcome::Failed(why), 0, 0, Vec::new())
        }
        http::Answer::Failed { status, why } => fail(st, status, why),
        http::Answer::Body {
            etag,
            last_modified,
            ..
        } => {
            // Articles carry the address they will be fetched from next.
            let feed_url = got.moved_to.as_deref().unwrap_or(&feed.url);
            let (extracted, stream) = match read {
                Some(Reading::Whole(Ok(extracted))) => (Some(extracted), None),
                Some(Reading::Whole(Err(why))) => return fail(st, Some(200), why),
                Some(Reading::Stream(feed)) => (None, Some(feed)),
                None => return fail(st, Some(200), "nothing was read".to_owned()),
            };
            // A well-formed feed with no items is not an error; a feed
            // whose every item failed is.
            if let Some(extracted) = &extracted
                && extracted.drafts.is_empty()
                && let Some(first) = extracted
                    .notes
                    .iter()
                    .find(|n| n.severity == crate::article::Severity::Error)
            {
                let at = first
                    .at
                    .map_or_else(String::new, |(l, c)| format!("{l}:{c}: "));
                return fail(st, Some(200), format!("{at}{}", first.message));
            }
            let written = match (extracted, stream) {
                (Some(extracted), _) => writer.write_feed(feed_url, &extracted.drafts),
                (None, Some(feed)) => write_streamed(feed, feed_url, writer, stop),
                (None, None) => return fail(st, Some(200), "nothing was read".to_owned()),
            };
            if let Some(why) = written.failed {
                // The validators are not kept: the next refresh must get
                // the items again rather than a 304.
                let (outcome, ..) = fail(st, Some(200), why);
                return (outcome, written.new, written.updated, written.notices);
            }
            st.status = Some(200);
            st.error = None;
            st.failures = 0;
            st.next_at = None;
            st.dead = false;
            st.etag = etag;
            st.last_modified = last_modified;
            st.last_new = Some(u32::try_from(written.new).unwrap_or(u32::MAX));
            let outcome = got
                .moved_to
                .map_or(Outcome::Fetched, |to| Outcome::Moved { to });
            (outcome, written.new, written.updated, written.notices)
        }
    }
}
