//! `gogai --export`: what only the store holds — the marks, the session and
//! the feeds' fetch state — as JSON, so a user can leave with their data.
//!
//! The shape is a version-2 state file plus `"feeds"`, so an export given
//! as `--state FILE` is migrated into a store like an old state file:
//!
//! ```json
//! {"version":2,"articles":{"<id>":{"read":true,"starred":true,"seen":1700000000,"folder":123}},
//!  "session":{"article":"<id>","reading":false,"paragraph":0,"sort":"date","sidebar":true},
//!  "feeds":[]}
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use super::db::FeedState;
use super::marks::{Entry, Session, Stored};

#[derive(Serialize)]
struct Export<'a> {
    version: u32,
    articles: &'a BTreeMap<String, Entry>,
    session: &'a Session,
    feeds: &'a [FeedState],
}

/// The export of `stored` and `feeds`, pretty-printed (it is read by
/// people as much as by programs), ending in a newline.
pub(super) fn to_json(stored: &Stored, feeds: &[FeedState]) -> String {
    let export = Export {
        version: 2,
        articles: &stored.articles,
        session: &stored.session,
        feeds,
    };
    // Maps with string keys and plain values always serialise.
    let mut json = serde_json::to_string_pretty(&export).unwrap_or_default();
    json.push('\n');
    json
}
