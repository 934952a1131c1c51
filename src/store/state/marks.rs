//! The marks in memory: what the app asks (`is_read`, `set_starred` …) and
//! the journal of this run's changes that a save applies to the store.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{DAY, now_secs};

/// Where the user was when gogai last ran.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// Id of the article last selected.
    pub article: Option<String>,
    /// Whether it was open in the reading pane.
    pub reading: bool,
    /// The paragraph at the top of the reading pane: a paragraph rather than
    /// a line, so it survives a different terminal width.
    pub paragraph: usize,
    /// Name of the active sort: "date", "title", "source" or "oldest".
    pub sort: Option<String>,
    /// Whether the facts sidebar was visible.
    pub sidebar: Option<bool>,
    /// Whether the list showed unread articles only. Left out when not
    /// known, so a session saved before it existed reads and writes as it
    /// was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread_only: Option<bool>,
    /// Whether the list showed one line per article. Left out when not
    /// known, as `unread_only` is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub one_line: Option<bool>,
    /// The sort, filter and layout each article folder was last shown
    /// with, by the folder's path: one folder's choices are not another's.
    /// The fields above are the last ones used anywhere (for the bundled
    /// articles, and sessions saved before this map existed).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub folders: BTreeMap<String, FolderView>,
}

/// How one folder's list was last shown.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FolderView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_line: Option<bool>,
}

/// The marks of one article. Serialised as in version 2 state files and
/// exports; a flag that is false is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Entry {
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) read: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) starred: bool,
    /// Unix seconds when the id was last seen in the article folder (or
    /// marked). A file without it counts as seen now, so it is not pruned at
    /// once.
    #[serde(default = "now_secs")]
    pub(super) seen: u64,
    /// The article folder it was last seen in (see [`super::folder_key`]).
    /// None for marks from before folders were recorded: such a mark is
    /// never pruned until it is seen again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) folder: Option<u64>,
}

impl Entry {
    pub(super) const NONE: Self = Self {
        read: false,
        starred: false,
        seen: 0,
        folder: None,
    };

    /// Whether the entry is worth storing.
    pub(super) fn is_marked(self) -> bool {
        self.read || self.starred
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde hands a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// The marks held in memory, by id.
pub(super) type Marks = HashMap<String, Entry, foldhash::fast::RandomState>;

/// The marks and the session as a whole, as read from the store or a file.
#[derive(Debug, Default)]
pub(super) struct Stored {
    pub(super) articles: BTreeMap<String, Entry>,
    pub(super) session: Session,
}

/// What this process changed in one id since its last save.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Change {
    /// The read flag at the last save, if it changed since; the new value is
    /// the one in memory. Changing it back clears this.
    pub(super) read_was: Option<bool>,
    /// The same for the starred flag.
    pub(super) starred_was: Option<bool>,
    /// The latest `seen` this process recorded.
    pub(super) seen: u64,
    /// The folder it was seen in then.
    pub(super) folder: Option<u64>,
    /// Pruned with this cutoff: the stored copy is dropped too, unless
    /// another process saw the id since (its `seen` is not older).
    pub(super) pruned: Option<u64>,
}

/// What one id's change does to its stored marks.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Merged {
    /// The marks to store; `None` when nothing is marked any more.
    pub(super) entry: Option<Entry>,
    /// The stored marks that a prune removed, for the backup.
    pub(super) pruned: Option<Entry>,
}

impl Change {
    /// Applies this change to `stored`, the marks another process may have
    /// written since: only the flags this process changed are set to `ours`,
    /// `seen` is the later of the two, and the folder goes with the later
    /// sighting. A prune removes the stored marks only if nobody has seen
    /// the id since the cutoff, here or in another folder.
    pub(super) fn merge(&self, stored: Option<Entry>, ours: Option<Entry>) -> Merged {
        let mut entry = stored;
        let mut pruned = None;
        if let Some(cutoff) = self.pruned
            && let Some(gone) = entry.filter(|e| e.seen < cutoff && e.folder == self.folder)
        {
            pruned = Some(gone);
            entry = None;
        }
        let mut entry = entry.unwrap_or(Entry::NONE);
        if self.read_was.is_some() {
            entry.read = ours.is_some_and(|e| e.read);
        }
        if self.starred_was.is_some() {
            entry.starred = ours.is_some_and(|e| e.starred);
        }
        if self.seen >= entry.seen && self.folder.is_some() {
            entry.folder = self.folder;
        }
        entry.seen = entry.seen.max(self.seen);
        Merged {
            entry: entry.is_marked().then_some(entry),
            pruned,
        }
    }
}

/// This process's changes since its last successful save.
#[derive(Debug, Default, Clone)]
pub(super) struct Journal {
    pub(super) ids: HashMap<String, Change>,
    pub(super) session: bool,
}

impl Journal {
    fn change(&mut self, id: &str) -> &mut Change {
        self.ids.entry(id.to_owned()).or_default()
    }

    /// Notes that `id` was seen at `seen` in `folder`.
    fn saw(&mut self, id: &str, seen: u64, folder: Option<u64>) {
        let change = self.change(id);
        if seen >= change.seen {
            change.seen = seen;
            change.folder = folder.or(change.folder);
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ids.is_empty() && !self.session
    }
}

/// What gogai remembers: read and starred marks, and the session.
///
/// Changes are journaled so a save can apply just them to the store, over
/// whatever another gogai wrote meanwhile. The marks in memory do not take
/// in the other process's marks on save: the counts the UI shows stay those
/// of this process's own view, and the next run sees everything.
#[derive(Debug, Default, Clone)]
pub struct ReadState {
    /// Hashed, not ordered: a start looks up every listed id (100,000 of
    /// them) to count the unread and note what was seen, and in a B-tree
    /// of 100,000 ids that took 45 ms a walk against about 5.
    pub(super) articles: Marks,
    pub(super) session: Session,
    read_count: usize,
    starred_count: usize,
    pub(super) journal: Journal,
    /// The article folder shown (see [`touch_seen`](Self::touch_seen)):
    /// marks made now were seen there.
    folder: Option<u64>,
}

/// Equal when the same articles are read and starred and the sessions are
/// the same; `seen` times and unsaved changes are bookkeeping.
impl PartialEq for ReadState {
    fn eq(&self, other: &Self) -> bool {
        self.session == other.session
            && self.articles.len() == other.articles.len()
            && self.articles.iter().all(|(id, x)| {
                other
                    .articles
                    .get(id)
                    .is_some_and(|y| x.read == y.read && x.starred == y.starred)
            })
    }
}

impl Eq for ReadState {}

/// What [`ReadState::touch_seen`] found, for [`ReadState::prune`].
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Sighting {
    folder: u64,
    /// How many marked ids were found in the folder.
    present: usize,
    now: u64,
}

impl ReadState {
    /// The state holding what was stored, with nothing to save.
    pub(super) fn from_stored(stored: Stored) -> Self {
        let mut articles: Marks = stored.articles.into_iter().collect();
        articles.retain(|_, e| e.is_marked());
        Self {
            read_count: articles.values().filter(|e| e.read).count(),
            starred_count: articles.values().filter(|e| e.starred).count(),
            articles,
            session: stored.session,
            journal: Journal::default(),
            folder: None,
        }
    }

    pub fn is_read(&self, id: &str) -> bool {
        self.articles.get(id).is_some_and(|e| e.read)
    }

    /// Whether any article has a mark (or a sighting) at all: with none,
    /// walking 100,000 ids to look each up can be skipped.
    pub fn has_marks(&self) -> bool {
        !self.articles.is_empty()
    }

    /// Marks `id` read or unread; returns whether anything changed.
    pub fn set_read(&mut self, id: &str, read: bool) -> bool {
        let old = self.entry(id);
        if old.read == read {
            return false;
        }
        let now = now_secs();
        self.put(
            id,
            Entry {
                read,
                seen: old.seen.max(now),
                folder: self.folder.or(old.folder),
                ..old
            },
        );
        record(&mut self.journal.change(id).read_was, old.read, read);
        self.journal.saw(id, now, self.folder);
        true
    }

    pub fn is_starred(&self, id: &str) -> bool {
        self.articles.get(id).is_some_and(|e| e.starred)
    }

    /// Stars or unstars `id`; returns whether anything changed.
    pub fn set_starred(&mut self, id: &str, starred: bool) -> bool {
        let old = self.entry(id);
        if old.starred == starred {
            return false;
        }
        let now = now_secs();
        self.put(
            id,
            Entry {
                starred,
                seen: old.seen.max(now),
                folder: self.folder.or(old.folder),
                ..old
            },
        );
        record(
            &mut self.journal.change(id).starred_was,
            old.starred,
            starred,
        );
        self.journal.saw(id, now, self.folder);
        true
    }

    /// How many articles are marked read.
    pub fn read_count(&self) -> usize {
        self.read_count
    }

    /// How many articles are starred.
    pub fn starred_count(&self) -> usize {
        self.starred_count
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Replaces the session; returns whether it differed. Only a changed
    /// session replaces the stored one when saving.
    pub fn set_session(&mut self, session: Session) -> bool {
        if session == self.session {
            return false;
        }
        self.session = session;
        self.journal.session = true;
        true
    }

    /// Whether anything changed since the last save (or load).
    pub fn has_unsaved_changes(&self) -> bool {
        !self.journal.is_empty()
    }

    /// Records that these ids are in the article folder `folder` (see
    /// [`super::folder_key`]) now; marks made from now on are of that
    /// folder too. Only ids that have marks are looked at, and `seen` only
    /// moves when it is more than a day old or the folder differs, so
    /// calling this on every start rarely makes work for a save. The
    /// [`Sighting`] returned is what [`prune`](Self::prune) needs.
    pub fn touch_seen<'a>(
        &mut self,
        folder: u64,
        ids: impl IntoIterator<Item = &'a str>,
        now: u64,
    ) -> Sighting {
        self.folder = Some(folder);
        let mut present = 0;
        // Nothing to find: the walk over every id is skipped.
        let ids = ids.into_iter().take(if self.articles.is_empty() {
            0
        } else {
            usize::MAX
        });
        for id in ids {
            let Some(entry) = self.articles.get_mut(id) else {
                continue;
            };
            present += 1;
            if now > entry.seen.saturating_add(DAY) || entry.folder != Some(folder) {
                sight(entry, &mut self.journal, id, now, folder);
            }
        }
        Sighting {
            folder,
            present,
            now,
        }
    }

    /// What [`touch_seen`](Self::touch_seen) does, and how many of the ids
    /// are read (for the unread count), in one walk over the `len` ids
    /// `id_at` gives, shared between the cores. A start with 100,000
    /// articles and as many marks otherwise walks them twice, a hash
    /// lookup each, before its first frame. The ids are looked up in
    /// parallel; only the few marks whose sighting moves are written
    /// after.
    pub fn survey<'a>(
        &mut self,
        folder: u64,
        len: usize,
        id_at: impl Fn(usize) -> &'a str + Sync,
        now: u64,
    ) -> (Sighting, usize) {
        self.folder = Some(folder);
        if self.articles.is_empty() {
            let sighting = Sighting {
                folder,
                present: 0,
                now,
            };
            return (sighting, 0);
        }
        let marks = &self.articles;
        let positions: Vec<u32> = (0..u32::try_from(len).unwrap_or(u32::MAX)).collect();
        let parts = crate::par::map_chunks(&positions, 8_192, |_, part| {
            let (mut present, mut read, mut moved) = (0, 0, Vec::new());
            for &i in part {
                let id = id_at(i as usize);
                let Some(entry) = marks.get(id) else {
                    continue;
                };
                present += 1;
                read += usize::from(entry.read);
                if now > entry.seen.saturating_add(DAY) || entry.folder != Some(folder) {
                    moved.push(id);
                }
            }
            (present, read, moved)
        });
        let (mut present, mut read) = (0, 0);
        for (p, r, moved) in parts {
            present += p;
            read += r;
            for id in moved {
                if let Some(entry) = self.articles.get_mut(id) {
                    sight(entry, &mut self.journal, id, now, folder);
                }
            }
        }
        (
            Sighting {
                folder,
                present,
                now,
            },
            read,
        )
    }

    /// Forgets the marks last seen in the sighting's folder that have not
    /// been seen there for `older_than` seconds; returns how many. Marks of
    /// other folders, and of none known, are never touched: this run cannot
    /// tell whether they are gone. Nothing is pruned when the folder looks
    /// empty or mostly gone (fewer than half of its marked articles found):
    /// that is an unmounted disk or a mistake, not articles deleted. The
    /// next save removes them from the store as well, unless another gogai
    /// has seen them since, and keeps a copy in its `pruned` table.
    ///
    /// Call it only after the article folder was read successfully: an
    /// unreadable folder must not look like every article is gone.
    pub fn prune(&mut self, sighting: &Sighting, older_than: u64) -> usize {
        let here = Some(sighting.folder);
        let marked_here = self.articles.values().filter(|e| e.folder == here).count();
        if sighting.present == 0 || sighting.present * 2 < marked_here {
            return 0;
        }
        let cutoff = sighting.now.saturating_sub(older_than);
        let Self {
            articles,
            read_count,
            starred_count,
            journal,
            ..
        } = self;
        let before = articles.len();
        articles.retain(|id, entry| {
            if entry.seen >= cutoff || entry.folder != here {
                return true;
            }
            *read_count -= usize::from(entry.read);
            *starred_count -= usize::from(entry.starred);
            // Whatever was changed before is gone with the entry.
            journal.ids.insert(
                id.clone(),
                Change {
                    pruned: Some(cutoff),
                    folder: here,
                    ..Change::default()
                },
            );
            false
        });
        before - articles.len()
    }

    /// Hands this run's unsaved changes to a job that can be written on
    /// another thread, so a save never holds up a key press. They count as
    /// saved from now on unless given back with
    /// [`give_back`](Self::give_back).
    pub fn take_job(&mut self) -> Option<SaveJob> {
        if self.journal.is_empty() {
            return None;
        }
        let journal = std::mem::take(&mut self.journal);
        let ours = journal
            .ids
            .keys()
            .filter_map(|id| Some((id.clone(), *self.articles.get(id.as_str())?)))
            .collect();
        let session = journal.session.then(|| self.session.clone());
        Some(SaveJob {
            journal,
            ours,
            session,
        })
    }

    /// Takes back the changes of a job that could not be written, under
    /// any made since: they are saved with the next save.
    pub fn give_back(&mut self, job: SaveJob) {
        for (id, old) in job.journal.ids {
            let now = self.entry(&id);
            let newer = self.journal.ids.remove(&id).unwrap_or_default();
            // The flags as last saved are the job's, where it had them.
            let was = |job: Option<bool>, newer: Option<bool>, now: bool| {
                job.or(newer).filter(|&saved| saved != now)
            };
            let change = Change {
                read_was: was(old.read_was, newer.read_was, now.read),
                starred_was: was(old.starred_was, newer.starred_was, now.starred),
                seen: old.seen.max(newer.seen),
                folder: if old.seen > newer.seen {
                    old.folder
                } else {
                    newer.folder.or(old.folder)
                },
                pruned: old.pruned.max(newer.pruned),
            };
            self.journal.ids.insert(id, change);
        }
        self.journal.session |= job.journal.session;
    }

    /// The whole state as stored, for a store that has to be written anew.
    pub(super) fn to_stored(&self) -> Stored {
        Stored {
            articles: self
                .articles
                .iter()
                .map(|(id, entry)| (id.clone(), *entry))
                .collect(),
            session: self.session.clone(),
        }
    }

    /// The marks of `id`, all false when it has none.
    fn entry(&self, id: &str) -> Entry {
        self.articles.get(id).copied().unwrap_or(Entry::NONE)
    }

    /// Stores `entry` for `id` (or drops it when it marks nothing), keeping
    /// the counts right.
    fn put(&mut self, id: &str, entry: Entry) {
        let old = self.entry(id);
        self.read_count = self.read_count - usize::from(old.read) + usize::from(entry.read);
        self.starred_count =
            self.starred_count - usize::from(old.starred) + usize::from(entry.starred);
        if !entry.is_marked() {
            self.articles.remove(id);
        } else if let Some(slot) = self.articles.get_mut(id) {
            *slot = entry;
        } else {
            self.articles.insert(id.to_owned(), entry);
        }
    }
}

/// Notes a flag going from `old` to `new` in a journal slot holding the value
/// at the last save; a flag changed back is no change at all.
fn record(was: &mut Option<bool>, old: bool, new: bool) {
    match *was {
        None => *was = Some(old),
        Some(saved) if saved == new => *was = None,
        Some(_) => {}
    }
}

/// This run's changes on their way to the store (see
/// [`ReadState::take_job`]), written by [`SaveJob::write_job`] on the saver
/// thread.
#[derive(Debug, Default, Clone)]
pub struct SaveJob {
    pub(super) journal: Journal,
    /// The marks of the ids the journal names, as they were when it was
    /// taken (absent: no mark).
    pub(super) ours: HashMap<String, Entry>,
    /// The session, if it changed.
    pub(super) session: Option<Session>,
}

impl SaveJob {
    /// What each id this job changed becomes over `stored`, in no
    /// particular order.
    pub(super) fn changes(&self) -> impl Iterator<Item = (&str, &Change, Option<Entry>)> {
        self.journal
            .ids
            .iter()
            .map(|(id, change)| (id.as_str(), change, self.ours.get(id.as_str()).copied()))
    }

    /// Applies the job to marks held in memory (a pending file over what
    /// was read from the store); returns the entries it pruned.
    pub(super) fn merge_into(&self, stored: &mut Stored) -> Vec<(String, Entry)> {
        let mut pruned = Vec::new();
        for (id, change, ours) in self.changes() {
            let merged = change.merge(stored.articles.remove(id), ours);
            if let Some(gone) = merged.pruned {
                pruned.push((id.to_owned(), gone));
            }
            if let Some(entry) = merged.entry {
                stored.articles.insert(id.to_owned(), entry);
            }
        }
        if let Some(session) = &self.session {
            stored.session = session.clone();
        }
        pruned
    }
}

/// Records that `id` was seen in `folder` at `now`, in memory and in the
/// journal the next save writes.
fn sight(entry: &mut Entry, journal: &mut Journal, id: &str, now: u64, folder: u64) {
    entry.seen = entry.seen.max(now);
    entry.folder = Some(folder);
    journal.saw(id, entry.seen, Some(folder));
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKED: Entry = Entry {
        read: true,
        starred: false,
        seen: 100,
        folder: Some(1),
    };

    #[test]
    fn a_survey_finds_what_touch_seen_and_counting_find() {
        // Enough ids to be shared between cores; marks of every kind:
        // read or not, seen long ago or lately, here or elsewhere.
        let ids: Vec<String> = (0..50_000).map(|i| format!("id-{i}")).collect();
        let mut state = ReadState::default();
        for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 3 != 0) {
            let entry = Entry {
                read: i % 2 == 0,
                starred: i % 5 == 0,
                seen: if i % 7 == 0 { 10 } else { 1_000_000 },
                folder: Some(if i % 11 == 0 { 2 } else { 1 }),
            };
            if entry.is_marked() {
                state.articles.insert(id.clone(), entry);
            }
        }
        state.articles.insert("not listed".into(), MARKED);
        let listed = &ids[..40_000];
        let mut walked = state.clone();
        let now = 1_000_000 + DAY / 2;
        let by_touch = walked.touch_seen(1, listed.iter().map(String::as_str), now);
        let read = listed.iter().filter(|id| walked.is_read(id)).count();
        let (by_survey, counted) = state.survey(1, listed.len(), |i| &listed[i], now);
        assert_eq!(counted, read);
        assert_eq!(by_survey.present, by_touch.present);
        assert_eq!(state.articles, walked.articles);
        let mut a: Vec<_> = state
            .journal
            .ids
            .iter()
            .map(|(k, c)| (k.clone(), c.seen, c.folder))
            .collect();
        let mut b: Vec<_> = walked
            .journal
            .ids
            .iter()
            .map(|(k, c)| (k.clone(), c.seen, c.folder))
            .collect();
        a.sort();
        b.sort();
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }

    #[test]
    fn a_prune_spares_marks_seen_since_the_cutoff_or_in_another_folder() {
        let prune = Change {
            pruned: Some(50),
            folder: Some(1),
            ..Change::default()
        };
        let seen_since = prune.merge(Some(MARKED), None);
        assert_eq!(seen_since.entry, Some(MARKED));
        assert_eq!(seen_since.pruned, None);
        let elsewhere = Entry {
            seen: 10,
            folder: Some(2),
            ..MARKED
        };
        assert_eq!(prune.merge(Some(elsewhere), None).entry, Some(elsewhere));
        let gone = Entry { seen: 10, ..MARKED };
        assert_eq!(
            prune.merge(Some(gone), None),
            Merged {
                entry: None,
                pruned: Some(gone)
            }
        );
    }

    #[test]
    fn only_the_flags_changed_are_set_and_seen_only_moves_forward() {
        let star = Change {
            starred_was: Some(false),
            seen: 50,
            folder: Some(3),
            ..Change::default()
        };
        let ours = Entry {
            read: false,
            starred: true,
            seen: 50,
            folder: Some(3),
        };
        let merged = star.merge(Some(MARKED), Some(ours)).entry;
        assert_eq!(
            merged,
            Some(Entry {
                read: true,
                starred: true,
                seen: 100,
                folder: Some(1),
            }),
            "read kept, seen and folder from the later sighting"
        );
    }
}
