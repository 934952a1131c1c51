//! A refresh of the feeds on a worker: the feeds file read, the fetch
//! engine run, its events told in the reader's words.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::app::{RefreshJob, RefreshNews};

/// Runs one refresh (see [`Workers::refresh`]), telling `news` of each
/// feed; returns the last news: the summary, or why it could not run.
pub(super) fn run(
    job: &RefreshJob,
    state: Option<PathBuf>,
    stop: Arc<AtomicBool>,
    news: &mut dyn FnMut(RefreshNews),
) -> RefreshNews {
    use crate::fetch::{self, Event as Fetched, Feed, Outcome};
    let Some(path) = crate::feeds::default_path() else {
        return RefreshNews::Failed("no config folder ($XDG_CONFIG_HOME and $HOME unset)".into());
    };
    let mut subscriptions = match crate::feeds::list::Subscriptions::load(&path) {
        Ok(s) if s.is_empty() => {
            return RefreshNews::Failed(format!(
                "{} lists no feed; subscribe with gogai --subscribe URL",
                path.display()
            ));
        }
        Ok(s) => s,
        Err(e) => return RefreshNews::Failed(e.to_string()),
    };
    for warning in subscriptions.warnings() {
        news(RefreshNews::Notice(warning.to_string()));
    }
    news(RefreshNews::Feeds(subscriptions.as_slice().to_vec()));
    let feeds: Vec<Feed> = subscriptions
        .iter()
        .filter(|s| job.only.as_ref().is_none_or(|only| only.contains(&s.url)))
        .map(|s| Feed {
            url: s.url.clone(),
            name: s.name.clone(),
            tags: s.tags.clone(),
        })
        .collect();
    if feeds.is_empty() {
        let which = match job.only.as_deref() {
            Some([url]) => url.clone(),
            _ => "none of those feeds".to_owned(),
        };
        return RefreshNews::Failed(format!("{which} is not in {} any more", path.display()));
    }
    let labels: Vec<String> = feeds.iter().map(fetch::words::label).collect();
    let mut options = fetch::Options::new(job.dir.clone())
        .with_settings(&job.settings)
        .with_env();
    options.index.clone_from(&job.index);
    options.state = state;
    options.stop = stop;
    news(RefreshNews::Started { feeds: feeds.len() });
    // New articles are announced at most this often, so the list takes
    // them in while the refresh goes on without reading the folder for
    // every feed.
    let every = std::time::Duration::from_secs(2);
    let mut announced = std::time::Instant::now();
    let mut unannounced = false;
    let run = fetch::run(&feeds, &options, &mut |event| match event {
        Fetched::Started { feed } => {
            if let Some(f) = feeds.get(feed) {
                news(RefreshNews::FeedStarted { url: f.url.clone() });
            }
        }
        Fetched::Notice(notice) => news(RefreshNews::Notice(notice)),
        Fetched::Done {
            feed,
            outcome,
            new,
            updated,
        } => {
            news(RefreshNews::Feed {
                url: feeds.get(feed).map(|f| f.url.clone()).unwrap_or_default(),
                label: labels.get(feed).cloned().unwrap_or_default(),
                failed: matches!(outcome, Outcome::Failed(_) | Outcome::Gone),
                said: fetch::words::outcome(&outcome, new, updated),
                new,
                updated,
            });
            unannounced |= new + updated > 0;
            if unannounced && announced.elapsed() >= every {
                news(RefreshNews::Arrived);
                announced = std::time::Instant::now();
                unannounced = false;
            }
        }
    });
    match run {
        Ok(report) => {
            let moved = fetch::words::note_moves(&mut subscriptions, &feeds, &report);
            if !moved.is_empty() {
                for notice in moved {
                    news(RefreshNews::Notice(notice));
                }
                news(RefreshNews::Feeds(subscriptions.as_slice().to_vec()));
            }
            RefreshNews::Finished {
                summary: fetch::words::summary(&report),
            }
        }
        Err(e) => RefreshNews::Failed(e.to_string()),
    }
}
