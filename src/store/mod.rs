//! Everything gogai keeps on disk: the article folder (`listing`), its
//! metadata packed for the list (`catalog`), the metadata index that caches
//! it (`index`), the loaded set of articles (`library`), and the read marks
//! and session (`state`).
//!
//! Layers, lowest first; each uses only those before it:
//! `listing` → `catalog` → `index` → `library`. `state` stands apart.

pub mod catalog;
pub mod index;
pub mod library;
pub mod listing;
pub mod state;
