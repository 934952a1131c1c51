//! Subscriptions: the feeds file (see [`list`]), its OPML form (see
//! [`opml`]), and when a feed is next due.
//!
//! The feeds file is the user's, in newsboat's urls-file syntax, at
//! `$XDG_CONFIG_HOME/gogai/feeds`. A feed's articles are article files in
//! the article folder like any other, each carrying the feed's URL in its
//! `feed` field; what gogai learns fetching a feed (`ETag`, last fetch,
//! status) is in the state store's `feeds` table.

pub mod list;
pub mod opml;

use std::path::PathBuf;
use std::time::Duration;

pub use list::{FeedsError, Subscription, Subscriptions};

/// How often a feed is fetched: a feed fetched longer ago than this is due.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(30 * 60);

/// `$XDG_CONFIG_HOME/gogai/feeds`, else `~/.config/gogai/feeds`; `None`
/// when neither `$XDG_CONFIG_HOME` nor `$HOME` is set.
pub fn default_path() -> Option<PathBuf> {
    crate::store::paths::config_dir().map(|dir| dir.join("feeds"))
}

/// When a feed last fetched at `fetched_at` (Unix seconds) is next due;
/// `None`: never fetched, so due now.
pub fn next_due(fetched_at: Option<u64>) -> Option<u64> {
    fetched_at.map(|at| at.saturating_add(REFRESH_INTERVAL.as_secs()))
}
