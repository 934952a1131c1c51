//! Watching the article folder for changes made outside the reader: the
//! system's notifications (inotify, through `notify`), or, where those
//! cannot be had, looking at the folder now and then. A burst of changes
//! (an import writes thousands of files) is one [`Event::FolderChanged`]:
//! sent once the folder has been quiet for [`QUIET`], or [`LONGEST`]
//! after the burst began if it goes on, so a long import shows its
//! articles as it goes without a folder check per file.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher as _};

use super::{Context, Event};
use crate::app::{WatchJob, WatchMode};
use crate::store::listing::Scan;

/// How long the folder must be quiet before a change is told.
const QUIET: Duration = Duration::from_millis(300);
/// How long a burst of changes goes on before it is told all the same.
const LONGEST: Duration = Duration::from_secs(2);
/// How often the worker looks up to see whether it should stop.
const TICK: Duration = Duration::from_millis(250);

/// What one notification means for the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Matters {
    /// Nothing the list shows: a file opened or read, gogai's own
    /// temporary files, its lock file, the trash folder, other names.
    No,
    /// An article file was added, changed, renamed or removed (or the
    /// system lost count: the folder is read again all the same).
    Yes,
    /// The watching itself is lost (the folder was removed or moved, or
    /// the notifications failed): the folder is checked, and looked at
    /// now and then from now on.
    Lost,
}

/// What `news` about the folder `dir` (absolute) means for the list.
pub(super) fn matters(news: &notify::Result<notify::Event>, dir: &Path) -> Matters {
    let Ok(event) = news else {
        return Matters::Lost;
    };
    if event.need_rescan() {
        return Matters::Yes;
    }
    match event.kind {
        // Reading a file (the reader opening an article, a check reading
        // the folder) changes nothing; only a file written and closed does.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return Matters::No,
        _ => {}
    }
    if event.paths.is_empty() {
        return Matters::Yes;
    }
    let gone = matches!(
        event.kind,
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    );
    if gone && event.paths.iter().any(|p| p == dir) {
        return Matters::Lost;
    }
    // The list is the folder's `*.json` files; gogai's temporary files
    // (`.name-….tmp`), the import lock and `.gogai-trash/` are not.
    let article = |p: &PathBuf| p.extension().is_some_and(|e| e == "json");
    if event.paths.iter().any(article) {
        Matters::Yes
    } else {
        Matters::No
    }
}

/// Whether `dir` is on a file system whose changes made on another
/// machine are never notified here (NFS, SMB, FUSE such as sshfs, …).
fn remote(dir: &Path) -> bool {
    // The magic numbers of `statfs(2)`.
    const REMOTE: &[u32] = &[
        0x6969,      // NFS
        0x517b,      // SMB
        0xff53_4d42, // CIFS
        0xfe53_4d42, // SMB2
        0x6573_5546, // FUSE
        0x0102_1997, // 9P
        0x00c3_6400, // Ceph
        0x5346_414f, // AFS
        0x7375_7245, // Coda
        0x564c,      // NCP
        0x0bd0_0bd0, // Lustre
        0x0116_1970, // GFS2
        0x7461_636f, // OCFS2
    ];
    rustix::fs::statfs(dir).is_ok_and(|stat| {
        // `f_type`'s type differs between platforms; the magic is 32 bits.
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        let magic = (stat.f_type as i64 as u64 & 0xffff_ffff) as u32;
        REMOTE.contains(&magic)
    })
}

/// What the folder holds, as a number that changes when anything listed
/// changes; `None` when it cannot be listed.
fn print(dir: &Path) -> Option<u64> {
    Scan::read(dir).ok().map(|scan| scan.print())
}

/// The system's notifications about `dir`, if they can be had (with
/// `poll` set when the folder must be looked at as well), else `poll`
/// alone; and how that is, in words.
type Started = (
    Option<notify::RecommendedWatcher>,
    Option<Duration>,
    mpsc::Receiver<notify::Result<notify::Event>>,
);

fn start(cx: &Context, dir: &Path, mode: WatchMode) -> (Started, String) {
    let (sender, news) = mpsc::channel();
    let (watcher, poll) = match mode {
        WatchMode::Off => (None, None),
        WatchMode::Poll(every) => (None, Some(every)),
        WatchMode::Auto { poll } => {
            let started = notify::recommended_watcher(sender).and_then(|mut watcher| {
                watcher.watch(dir, RecursiveMode::NonRecursive)?;
                Ok(watcher)
            });
            match started {
                Ok(watcher) => (Some(watcher), remote(dir).then_some(poll)),
                Err(e) => {
                    cx.send(Event::Notice(format!(
                        "cannot watch {} for changes ({e}); looking at it every {} s instead",
                        dir.display(),
                        poll.as_secs_f64()
                    )));
                    (None, Some(poll))
                }
            }
        }
    };
    let how = match (&watcher, poll) {
        (Some(_), None) => "by the system's notifications".to_owned(),
        (Some(_), Some(every)) => format!(
            "by the system's notifications, and by looking every {} s (a network file system)",
            every.as_secs_f64()
        ),
        (None, every) => format!(
            "by looking every {} s",
            every.unwrap_or(WatchMode::POLL_EVERY).as_secs_f64()
        ),
    };
    ((watcher, poll, news), how)
}

/// The watcher's loop (see [`super::Workers::watch`]).
pub(super) fn run(cx: &Context, job: &WatchJob) {
    if job.mode == WatchMode::Off {
        return;
    }
    let dir = std::path::absolute(&job.dir).unwrap_or_else(|_| job.dir.clone());
    // The watcher is kept while it watches: dropping it stops the
    // notifications.
    let ((mut watcher, mut poll, news), how) = start(cx, &dir, job.mode);
    let mut last_print = poll.and_then(|_| print(&dir));
    if !cx.send(Event::Watching(how)) {
        return;
    }
    let fallback = match job.mode {
        WatchMode::Auto { poll } | WatchMode::Poll(poll) => poll,
        WatchMode::Off => WatchMode::POLL_EVERY,
    };
    let mut next_poll = poll.map(|every| Instant::now() + every);
    // When the burst under way began, and when it last changed.
    let mut burst: Option<(Instant, Instant)> = None;
    let note = |burst: &mut Option<(Instant, Instant)>| {
        let now = Instant::now();
        *burst = Some(burst.map_or((now, now), |(first, _)| (first, now)));
    };
    loop {
        if cx.cancelled() {
            return;
        }
        let now = Instant::now();
        let mut wake = now + TICK;
        if let Some((first, last)) = burst {
            wake = wake.min(last + QUIET).min(first + LONGEST);
        }
        if let Some(at) = next_poll {
            wake = wake.min(at);
        }
        // With no watcher the channel has no sender left: it is only a
        // clock then.
        let heard = if watcher.is_some() {
            news.recv_timeout(wake.saturating_duration_since(now)).ok()
        } else {
            std::thread::sleep(wake.saturating_duration_since(now));
            None
        };
        if let Some(heard) = heard {
            match matters(&heard, &dir) {
                Matters::No => {}
                Matters::Yes => note(&mut burst),
                Matters::Lost => {
                    note(&mut burst);
                    watcher = None;
                    if poll.is_none() {
                        poll = Some(fallback);
                        last_print = print(&dir);
                        next_poll = Some(Instant::now() + fallback);
                    }
                }
            }
        }
        let now = Instant::now();
        if let (Some(every), Some(at)) = (poll, next_poll)
            && now >= at
        {
            let seen = print(&dir);
            next_poll = Some(Instant::now() + every);
            if seen != last_print {
                last_print = seen;
                note(&mut burst);
            }
        }
        if let Some((first, last)) = burst
            && (now >= last + QUIET || now >= first + LONGEST)
        {
            burst = None;
            if !cx.send(Event::FolderChanged) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Matters, matters};
    use notify::event::{
        AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RemoveKind, RenameMode,
    };
    use std::path::{Path, PathBuf};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut event = notify::Event::new(kind);
        event.paths = paths.iter().map(PathBuf::from).collect();
        event
    }

    #[test]
    fn article_files_matter_and_reads_temporary_files_and_the_trash_do_not() {
        let dir = Path::new("/news");
        let created = EventKind::Create(CreateKind::File);
        let written = EventKind::Modify(ModifyKind::Any);
        let removed = EventKind::Remove(RemoveKind::File);
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Read));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let closed_written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        for (kind, paths, want) in [
            (created, &["/news/a.json"][..], Matters::Yes),
            (written, &["/news/a.json"], Matters::Yes),
            (removed, &["/news/a.json"], Matters::Yes),
            (renamed, &["/news/.a-1.tmp", "/news/a.json"], Matters::Yes),
            (closed_written, &["/news/a.json"], Matters::Yes),
            (opened, &["/news/a.json"], Matters::No),
            (closed, &["/news/a.json"], Matters::No),
            (created, &["/news/.a-123.tmp"], Matters::No),
            (written, &["/news/.a-123.tmp"], Matters::No),
            (created, &["/news/.gogai-trash"], Matters::No),
            (created, &["/news/.gogai-import.lock"], Matters::No),
            (created, &["/news/notes.txt"], Matters::No),
            (removed, &["/news"], Matters::Lost),
            (renamed, &["/news"], Matters::Lost),
            (written, &[], Matters::Yes),
        ] {
            assert_eq!(
                matters(&Ok(event(kind, paths)), dir),
                want,
                "{kind:?} {paths:?}"
            );
        }
        let mut lost_count = notify::Event::new(EventKind::Other);
        lost_count = lost_count.set_flag(notify::event::Flag::Rescan);
        assert_eq!(matters(&Ok(lost_count), dir), Matters::Yes);
        let failed = Err(notify::Error::generic("inotify went away"));
        assert_eq!(matters(&failed, dir), Matters::Lost);
    }
}
