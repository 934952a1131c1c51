//! Everything gogai keeps on disk: the article folder and its files, the
//! list's metadata, the metadata index that caches it, the loaded set of
//! articles, and the read marks and session.
//!
//! Layers, lowest first; each module uses only those above it in this
//! list, never one below:
//!
//! - `file`: reading one article file safely, and the folder's errors
//! - `listing`: the folder's `*.json` names, sizes and times
//! - `catalog`: the list's metadata, packed (no bodies)
//! - `bodies`: opening an article (`Bodies`), reading its file again
//! - `articles`: the list in order, with whatever bodies are in memory
//! - `index`: the metadata index on disk, and `delta` its log of changes
//! - `library`: a folder (or the bundled articles) loaded through all this
//! - `trash`: deleting an article file into the trash, and putting it back
//!
//! `state` (read marks, the session, feeds' fetch state: the SQLite state
//! store) stands apart. Beside them all, with no store dependencies:
//! `paths` (XDG folders), `fsio` (atomic writes), `hash` (a stable hash for
//! names on disk).

pub mod articles;
pub mod bodies;
pub mod catalog;
pub mod delta;
pub mod file;
pub mod fsio;
pub mod hash;
pub mod index;
pub mod library;
pub mod listing;
pub mod paths;
pub mod state;
pub mod trash;

pub use bodies::{Bodies, BodyError};
