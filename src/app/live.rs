//! The folder followed while the reader runs: a worker watches it (see
//! `workers::watch`) and says when it changed ([`Message::FolderChanged`]);
//! the folder is then checked as at start-up (`Effect::Check`), one check
//! at a time, and the list follows, keeping the selected article and the
//! reading position. An article whose file went away while it was read
//! says so in the reading pane.
//!
//! [`Message::FolderChanged`]: super::Message::FolderChanged

use std::path::PathBuf;
use std::time::Duration;

use super::{App, Effect, thousands};
use crate::layout::Pane;

/// How a folder is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// The system's notifications (inotify); where they cannot be had, or
    /// the folder is on a network or FUSE file system (whose changes made
    /// elsewhere never notify), the folder is also looked at every `poll`.
    Auto { poll: Duration },
    /// Only looking at the folder every this long.
    Poll(Duration),
    /// Not watched: changes show at `r` or at the next start.
    Off,
}

impl Default for WatchMode {
    fn default() -> Self {
        Self::Auto {
            poll: Self::POLL_EVERY,
        }
    }
}

impl WatchMode {
    /// How often a folder that cannot be watched is looked at. Listing and
    /// looking at 100,000 files costs about 0.3 s of CPU: 1% at this rate.
    pub const POLL_EVERY: Duration = Duration::from_secs(30);

    /// The mode `$GOGAI_WATCH` asks for: unset or `auto`, `poll`,
    /// `poll:SECONDS`, `off`. An error says what is wrong with the value.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        let Some(value) = value.map(str::trim) else {
            return Ok(Self::default());
        };
        match value {
            "" | "auto" => Ok(Self::default()),
            "off" => Ok(Self::Off),
            "poll" => Ok(Self::Poll(Self::POLL_EVERY)),
            _ => value
                .strip_prefix("poll:")
                .and_then(|secs| secs.trim().parse::<f64>().ok())
                .filter(|secs| secs.is_finite() && *secs >= 0.1 && *secs <= 86_400.0)
                .map(|secs| Self::Poll(Duration::from_secs_f64(secs)))
                .ok_or_else(|| {
                    format!(
                        "GOGAI_WATCH={value} is not auto, off, poll or poll:SECONDS \
                         (0.1 to 86400); watching the folder as with auto"
                    )
                }),
        }
    }
}

/// Watch this folder for changes made outside the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchJob {
    pub dir: PathBuf,
    pub mode: WatchMode,
}

/// The folder checks asked for: at most one runs, and at most one more
/// waits for it, however many changes come meanwhile.
#[derive(Debug, Default)]
pub(super) struct Checks {
    running: bool,
    again: bool,
    /// The check behind the first frame is under way (its news says "since
    /// the last run").
    first: bool,
    /// How the folder is watched, once it is.
    pub(super) watching: Option<String>,
    /// The article the reading pane says is gone.
    gone: Option<Gone>,
}

impl App {
    /// Has the folder shown watched for changes made outside the reader
    /// (another gogai importing, `--update` from cron, files copied,
    /// deleted or edited by hand), which then show without a key press.
    pub fn watch_folder(&mut self, mode: WatchMode) {
        if mode == WatchMode::Off {
            return;
        }
        if let Some(dir) = self.library.origin.folder() {
            let dir = dir.to_path_buf();
            self.chrome
                .push_effect(Effect::Watch(WatchJob { dir, mode }));
        }
    }

    /// How the folder is watched for changes, once it is (in words:
    /// "by the system's notifications", "by looking every 30 s"); `None`
    /// before, or when it is not.
    pub fn watching(&self) -> Option<&str> {
        self.checks.watching.as_deref()
    }

    /// The list shown came from the metadata index alone: has the folder
    /// read on a worker, and any change shown when it comes.
    pub fn check_folder(&mut self) {
        self.checks.first = true;
        self.check_later();
    }

    /// Reads the folder on a worker; if a read is under way, once more
    /// after it (what changed meanwhile may have come after it listed the
    /// folder).
    pub(super) fn check_later(&mut self) {
        if self.checks.running {
            self.checks.again = true;
        } else {
            self.checks.running = true;
            self.chrome.push_effect(Effect::Check);
        }
    }

    /// The watcher saw the folder change.
    pub(super) fn folder_changed(&mut self) {
        // A refresh of this reader's own reads the folder as it writes
        // (every two seconds, and at its end): a second read of each
        // change would only double the work.
        if self.refresh.is_running() || self.library.origin.folder().is_none() {
            return;
        }
        self.check_later();
    }

    /// A folder check came back.
    pub(super) fn checked(
        &mut self,
        result: Result<Option<crate::store::library::Library>, String>,
    ) {
        let first = std::mem::take(&mut self.checks.first);
        self.checks.running = false;
        match result {
            Ok(Some(library)) => {
                let before = self.library.articles.len();
                let gone = self.reload(library);
                let now = self.library.articles.len();
                let count = if now == before {
                    format!("{} articles", thousands(now))
                } else {
                    format!("{} articles (was {})", thousands(now), thousands(before))
                };
                match self.refresh.take_reread() {
                    Some(summary) => self.chrome.set_status(summary),
                    // Articles arriving from a refresh: the header says so.
                    None if self.refresh.is_running() => self.chrome.clear_status(),
                    None if first => self
                        .chrome
                        .set_status(format!("the folder changed since the last run: {count}")),
                    None => self.chrome.set_status(match gone {
                        Some(title) => {
                            format!("the folder changed: {count}; \"{title}\" was removed from it")
                        }
                        None => format!("the folder changed: {count}"),
                    }),
                }
            }
            Ok(None) => {
                if let Some(summary) = self.refresh.take_reread() {
                    self.chrome.set_status(summary);
                }
            }
            Err(e) => self.chrome.notify(format!(
                "{e}; showing the articles as the last run saw them"
            )),
        }
        if std::mem::take(&mut self.checks.again) {
            self.check_later();
        }
    }

    /// After the list was read again without the article being read (its
    /// file was deleted, moved away, or cannot be read just now): the
    /// reading pane says so, rather than showing whichever article took its
    /// place in the list, until another article is opened or it comes back
    /// (a file rewritten in place is briefly empty), at line `top` as
    /// before.
    pub(super) fn show_gone(
        &mut self,
        mut article: crate::article::Article,
        file: &str,
        top: usize,
    ) {
        if self.panes.focused() == Pane::List {
            return;
        }
        let unreadable = self.library.problems.iter().find(|p| p.file == file);
        let said = match unreadable {
            Some(problem) => format!(
                "This article cannot be read from its file {file} just now: {}. \
                 If the file is being written, the article opens here again once it is whole.",
                problem.message
            ),
            None => format!(
                "This article is gone: its file {file} was deleted or moved out of the folder \
                 while it was open, and the list no longer has it. Open another article to go on."
            ),
        };
        article.body = vec![said];
        article.shapes = Vec::new();
        article.links = Vec::new();
        article.enclosures = Vec::new();
        article.curated_facts = Vec::new();
        self.show_note(Gone { note: article, top });
    }

    /// Shows the note that an article is gone, and waits for it to come
    /// back.
    pub(super) fn show_note(&mut self, gone: Gone) {
        self.stop_reading();
        self.facts.clear();
        self.reader.reset();
        self.reader.load(Some(gone.note.clone()), Vec::new());
        self.refresh_feed_title();
        self.relayout();
        self.checks.gone = Some(gone);
    }

    /// The article the reading pane says is gone, while it still says so.
    pub(super) fn awaited(&mut self) -> Option<Gone> {
        let gone = self.checks.gone.take()?;
        let shown = self.reader.article()?;
        (shown.id == gone.note.id && shown.body == gone.note.body).then_some(gone)
    }
}

/// An article gone from the list while it was read: the note the reading
/// pane shows for it, and where the reader was in it.
#[derive(Debug)]
pub(super) struct Gone {
    note: crate::article::Article,
    pub(super) top: usize,
}

impl Gone {
    pub(super) fn id(&self) -> &str {
        &self.note.id
    }
}

#[cfg(test)]
mod tests {
    use super::WatchMode;
    use crate::action::Action;
    use crate::app::{App, Effect, Message, RefreshNews};
    use crate::store::library::{Library, LibrarySource};
    use crate::store::state::ReadState;
    use std::path::PathBuf;
    use std::time::Duration;

    fn app_in(origin: LibrarySource) -> App {
        let library = Library {
            origin,
            ..Library::bundled()
        };
        let mut app = App::new(library, ReadState::default());
        app.update(Action::Resize(120, 40));
        app
    }

    fn checks(app: &mut App) -> usize {
        std::iter::from_fn(|| app.take_effect())
            .filter(|e| *e == Effect::Check)
            .count()
    }

    #[test]
    fn a_burst_of_changes_is_one_check_at_a_time_and_one_more_after_it() {
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.update(Message::FolderChanged);
        assert_eq!(checks(&mut app), 1);
        // Changes while it runs: one more check, after it.
        for _ in 0..5 {
            app.update(Message::FolderChanged);
        }
        assert_eq!(checks(&mut app), 0);
        app.update(Message::Checked(Ok(None)));
        assert_eq!(checks(&mut app), 1);
        app.update(Message::Checked(Ok(None)));
        assert_eq!(checks(&mut app), 0);
        // A failed check does not leave the next change waiting for ever.
        app.update(Message::FolderChanged);
        assert_eq!(checks(&mut app), 1);
        app.update(Message::Checked(Err("the folder is gone".into())));
        app.update(Message::FolderChanged);
        assert_eq!(checks(&mut app), 1);
    }

    #[test]
    fn a_refresh_of_this_reader_is_not_checked_twice() {
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.update(Action::Refresh);
        let _ = checks(&mut app);
        app.update(Message::Refresh(RefreshNews::Started { feeds: 1 }));
        // The refresh reads the folder as it writes; the watcher's news of
        // the same writes starts nothing more.
        app.update(Message::Refresh(RefreshNews::Arrived));
        app.update(Message::FolderChanged);
        app.update(Message::FolderChanged);
        assert_eq!(checks(&mut app), 1);
    }

    #[test]
    fn only_a_folder_is_watched() {
        let mut app = app_in(LibrarySource::Bundled);
        app.watch_folder(WatchMode::default());
        app.update(Message::FolderChanged);
        assert_eq!(std::iter::from_fn(|| app.take_effect()).count(), 0);
        let mut app = app_in(LibrarySource::Flag(PathBuf::from("/news")));
        app.watch_folder(WatchMode::Off);
        assert_eq!(std::iter::from_fn(|| app.take_effect()).count(), 0);
        app.watch_folder(WatchMode::default());
        assert_eq!(
            std::iter::from_fn(|| app.take_effect()).collect::<Vec<_>>(),
            [Effect::Watch(super::WatchJob {
                dir: PathBuf::from("/news"),
                mode: WatchMode::default()
            })]
        );
    }

    #[test]
    fn gogai_watch_is_read_and_a_bad_value_is_said() {
        assert_eq!(WatchMode::parse(None), Ok(WatchMode::default()));
        assert_eq!(WatchMode::parse(Some("auto")), Ok(WatchMode::default()));
        assert_eq!(WatchMode::parse(Some("off")), Ok(WatchMode::Off));
        assert_eq!(
            WatchMode::parse(Some("poll")),
            Ok(WatchMode::Poll(WatchMode::POLL_EVERY))
        );
        assert_eq!(
            WatchMode::parse(Some("poll:0.5")),
            Ok(WatchMode::Poll(Duration::from_millis(500)))
        );
        for bad in ["poll:0", "poll:x", "sometimes", "poll:-3"] {
            let e = WatchMode::parse(Some(bad)).expect_err(bad);
            assert!(e.contains(&format!("GOGAI_WATCH={bad}")), "{e}");
        }
    }
}
