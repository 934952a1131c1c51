//! `R`: refreshing the subscribed feeds from the reader. The fetch engine
//! runs on a worker (`Effect::Refresh` → `Workers::refresh`); its news comes
//! back as [`Message::Refresh`]: the header counts feeds done and articles
//! new, each failure becomes a notice (`!`), and at the end the folder is
//! read again behind the list, which keeps the selection and the reading
//! position as `r` does.

use std::path::PathBuf;

use super::{App, Effect};
use crate::store::library::LibrarySource;
use crate::view::FeedStatus;

/// A refresh to run: where its articles go, and the folder's metadata
/// index (kept in step by the writes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshJob {
    pub dir: PathBuf,
    pub index: Option<PathBuf>,
    /// Only these feeds (by URL): the one the list is narrowed to, or the
    /// one (or the tag's) picked with `R` in the feeds view (the tags).
    /// `None`: every feed of the feeds file.
    pub only: Option<Vec<String>>,
    /// The config file's fetch settings.
    pub settings: crate::config::Fetch,
}

/// What a running refresh reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshNews {
    /// This many feeds are to be looked at.
    Started { feeds: usize },
    /// The feeds file as the refresh read it (it may have changed since
    /// the reader started): the feeds view and the header use it.
    Feeds(Vec<crate::feeds::list::Subscription>),
    /// The refresh is looking at this feed (by URL) now.
    FeedStarted { url: String },
    /// One feed is done: its URL, its name (or URL) and its outcome in
    /// words.
    Feed {
        url: String,
        label: String,
        said: String,
        new: usize,
        updated: usize,
        failed: bool,
    },
    /// Something to tell that is no feed's outcome.
    Notice(String),
    /// All done: the summary line.
    Finished { summary: String },
    /// The refresh could not run (no feeds file, the state store locked).
    Failed(String),
    /// The timer of `--refresh-every` says a refresh is due.
    Due,
    /// New articles were written since the list was last read (sent at
    /// most every two seconds while a refresh runs): they join the list
    /// now rather than at the end.
    Arrived,
}

/// Feeds done of all, and articles added and replaced so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub feeds: usize,
    pub new: usize,
    pub updated: usize,
    pub failed: usize,
}

#[derive(Debug, Default)]
pub(super) struct Refresh {
    /// While a refresh runs.
    running: Option<Progress>,
    /// The last refresh's summary, shown once the folder has been read
    /// again after it.
    reread: Option<String>,
    /// What this session's refreshes said of each feed (by URL), for the
    /// feeds view.
    statuses: std::collections::HashMap<String, FeedStatus>,
}

impl Refresh {
    pub(super) fn progress(&self) -> Option<Progress> {
        self.running
    }

    /// The summary to show when the folder read after a refresh comes.
    pub(super) fn take_reread(&mut self) -> Option<String> {
        self.reread.take()
    }

    /// Whether a refresh runs (a folder read then needs no status line:
    /// the header counts).
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub(super) fn status(&self, url: &str) -> Option<&FeedStatus> {
        self.statuses.get(url)
    }
}

impl App {
    /// Refreshes now (behind the first frame) and then every `interval`
    /// while the reader runs: a worker's timer sends
    /// [`RefreshNews::Due`].
    pub fn refresh_every(&mut self, interval: std::time::Duration) {
        self.chrome.push_effect(Effect::RefreshEvery(interval));
        self.refresh_feeds();
    }

    /// The refresh under way, for the header.
    pub fn refreshing(&self) -> Option<Progress> {
        self.refresh.progress()
    }

    /// `R`: refreshes every subscribed feed into the folder shown (or the
    /// one feed the list is narrowed to), unless a refresh runs already.
    pub(super) fn refresh_feeds(&mut self) {
        let only = self
            .list
            .filter()
            .feed
            .as_ref()
            .and_then(|f| f.url.clone())
            .map(|url| vec![url]);
        self.refresh_only(only);
    }

    /// Refreshes the feeds `only` names (all when `None`).
    pub(super) fn refresh_only(&mut self, only: Option<Vec<String>>) {
        if let Some(p) = self.refresh.running {
            self.chrome.set_status(format!(
                "already updating: {} of {} feeds done",
                p.done, p.feeds
            ));
            return;
        }
        let dir = match &self.library.origin {
            LibrarySource::Welcome(folder) => Some(folder.clone()),
            other => other.folder().map(std::path::Path::to_path_buf),
        };
        let Some(dir) = dir else {
            self.chrome
                .set_status("the bundled articles take no feeds: give --dir DIR".to_owned());
            return;
        };
        let index = crate::store::index::default_path(&dir);
        self.refresh.running = Some(Progress::default());
        self.chrome.set_status(match only.as_deref() {
            Some([url]) => format!("updating {url}…"),
            Some(urls) => format!("updating {} feeds…", urls.len()),
            None => "updating the feeds…".to_owned(),
        });
        self.chrome.push_effect(Effect::Refresh(RefreshJob {
            dir,
            index,
            only,
            settings: self.config.fetch,
        }));
    }

    /// News from the refresh under way. The feeds view, when open, shows
    /// it at once.
    pub(super) fn refresh_news(&mut self, news: RefreshNews) {
        self.take_refresh_news(news);
        self.relist_feeds();
    }

    fn take_refresh_news(&mut self, news: RefreshNews) {
        match news {
            RefreshNews::FeedStarted { url } => {
                self.refresh.statuses.insert(
                    url,
                    FeedStatus {
                        said: "updating…".to_owned(),
                        failed: false,
                    },
                );
            }
            RefreshNews::Started { feeds } => {
                let progress = self.refresh.running.get_or_insert_with(Progress::default);
                progress.feeds = feeds;
            }
            RefreshNews::Feed {
                url,
                label,
                said,
                new,
                updated,
                failed,
            } => {
                self.refresh.statuses.insert(
                    url,
                    FeedStatus {
                        said: said.clone(),
                        failed,
                    },
                );
                let progress = self.refresh.running.get_or_insert_with(Progress::default);
                progress.done += 1;
                progress.new += new;
                progress.updated += updated;
                if failed {
                    progress.failed += 1;
                    self.chrome.notify(format!("{label}: {said}"));
                }
            }
            RefreshNews::Notice(notice) => self.chrome.notify(notice),
            // The welcome set has no folder to check yet: the new articles
            // show when the refresh ends.
            RefreshNews::Arrived => {
                if self.library.origin.folder().is_some() {
                    self.check_later();
                }
            }
            RefreshNews::Feeds(feeds) => self.update(super::Message::Subscriptions(Ok(feeds))),
            RefreshNews::Finished { summary } => {
                let progress = self.refresh.running.take().unwrap_or_default();
                let summary = format!("updated {summary}");
                if progress.new + progress.updated > 0 {
                    // The new articles join the list when the folder has
                    // been read again; the summary waits for them.
                    self.refresh.reread = Some(summary);
                    // The welcome set has no folder to check: reading it
                    // again finds the folder the refresh filled.
                    if matches!(self.library.origin, LibrarySource::Welcome(_)) {
                        self.chrome.push_effect(Effect::Reload);
                    } else {
                        self.check_later();
                    }
                } else {
                    self.chrome.set_status(summary);
                }
            }
            // A timed refresh while one runs (or while the bundled
            // articles show) is simply skipped.
            RefreshNews::Due => {
                let fetches = self.library.origin.folder().is_some()
                    || matches!(self.library.origin, LibrarySource::Welcome(_));
                if self.refresh.running.is_none() && fetches {
                    self.refresh_feeds();
                }
            }
            RefreshNews::Failed(why) => {
                self.refresh.running = None;
                self.chrome
                    .set_status(format!("cannot update the feeds: {why}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::app::Message;
    use crate::store::library::Library;
    use crate::store::state::ReadState;

    fn app_in(origin: LibrarySource) -> App {
        let bundled = Library::bundled();
        let library = Library { origin, ..bundled };
        let mut app = App::new(library, ReadState::default());
        app.update(Action::Resize(120, 40));
        app
    }

    fn effects(app: &mut App) -> Vec<Effect> {
        std::iter::from_fn(|| app.take_effect()).collect()
    }

    #[test]
    fn a_refresh_counts_feeds_and_articles_then_reads_the_folder_again() {
        let dir = PathBuf::from("/news");
        let mut app = app_in(LibrarySource::Flag(dir.clone()));
        app.update(Action::Refresh);
        let jobs: Vec<_> = effects(&mut app)
            .into_iter()
            .filter_map(|e| match e {
                Effect::Refresh(job) => Some(job),
                _ => None,
            })
            .collect();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].dir, dir);
        // A second R while it runs starts nothing.
        app.update(Action::Refresh);
        assert!(effects(&mut app).is_empty());
        app.update(Message::Refresh(RefreshNews::Started { feeds: 2 }));
        app.update(Message::Refresh(RefreshNews::Feed {
            url: "https://wire.example/rss".into(),
            label: "Wire".into(),
            said: "new 3".into(),
            new: 3,
            updated: 0,
            failed: false,
        }));
        assert_eq!(
            app.refreshing(),
            Some(Progress {
                done: 1,
                feeds: 2,
                new: 3,
                updated: 0,
                failed: 0
            })
        );
        app.update(Message::Refresh(RefreshNews::Feed {
            url: "https://gazette.example/rss".into(),
            label: "Gazette".into(),
            said: "failed: the server answered 500".into(),
            new: 0,
            updated: 0,
            failed: true,
        }));
        assert!(
            app.notices()
                .iter()
                .any(|n| n.contains("Gazette: failed: the server answered 500")),
            "{:?}",
            app.notices()
        );
        app.update(Message::Refresh(RefreshNews::Finished {
            summary: "2 feeds: 3 new".into(),
        }));
        assert_eq!(app.refreshing(), None);
        assert!(effects(&mut app).contains(&Effect::Check));
        app.update(Message::Checked(Ok(None)));
        assert_eq!(app.status(), Some("updated 2 feeds: 3 new"));
    }

    #[test]
    fn the_bundled_articles_take_no_feeds_and_a_failed_refresh_says_why() {
        let mut app = app_in(LibrarySource::Bundled);
        app.update(Action::Refresh);
        assert!(effects(&mut app).is_empty());
        assert!(app.status().is_some_and(|s| s.contains("take no feeds")));
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.update(Action::Refresh);
        app.update(Message::Refresh(RefreshNews::Failed("no feeds".into())));
        assert_eq!(app.refreshing(), None);
        assert_eq!(app.status(), Some("cannot update the feeds: no feeds"));
    }

    #[test]
    fn narrowed_to_one_feed_r_refreshes_that_feed_alone() {
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.list.set_feed(Some(crate::view::FeedFilter {
            url: Some("https://wire.example/rss".into()),
            label: "Wire".into(),
        }));
        app.update(Action::Refresh);
        let only: Vec<_> = effects(&mut app)
            .into_iter()
            .filter_map(|e| match e {
                Effect::Refresh(job) => Some(job.only),
                _ => None,
            })
            .collect();
        assert_eq!(only, [Some(vec!["https://wire.example/rss".to_owned()])]);
        assert_eq!(app.status(), Some("updating https://wire.example/rss…"));
    }

    #[test]
    fn refresh_every_refreshes_now_and_when_due_but_never_twice_at_once() {
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.refresh_every(std::time::Duration::from_secs(600));
        let got = effects(&mut app);
        assert!(got.contains(&Effect::RefreshEvery(std::time::Duration::from_secs(600))));
        assert_eq!(
            got.iter()
                .filter(|e| matches!(e, Effect::Refresh(_)))
                .count(),
            1
        );
        // Due while that one runs: skipped, without a word.
        let status = app.status().map(str::to_owned);
        app.update(Message::Refresh(RefreshNews::Due));
        assert!(effects(&mut app).is_empty());
        assert_eq!(app.status().map(str::to_owned), status);
        app.update(Message::Refresh(RefreshNews::Finished {
            summary: "1 feed: 0 new".into(),
        }));
        app.update(Message::Refresh(RefreshNews::Due));
        assert_eq!(
            effects(&mut app)
                .iter()
                .filter(|e| matches!(e, Effect::Refresh(_)))
                .count(),
            1
        );
    }

    #[test]
    fn articles_that_arrive_during_a_refresh_are_read_in_at_once() {
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.update(Action::Refresh);
        effects(&mut app);
        app.update(Message::Refresh(RefreshNews::Started { feeds: 3 }));
        app.update(Message::Refresh(RefreshNews::Arrived));
        assert_eq!(effects(&mut app), [Effect::Check]);
        // The list read meanwhile leaves the footer to the header's count.
        let grown = Library::bundled();
        let grown = Library {
            origin: LibrarySource::Flag(PathBuf::from("/news")),
            ..grown
        };
        app.update(Message::Checked(Ok(Some(grown))));
        assert_eq!(app.status(), None);
        assert!(app.refreshing().is_some());
    }
}
