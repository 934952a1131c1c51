//! Incremental search over the articles: a query typed one key at a time,
//! matched against every article's text on all cores, and against the people,
//! organisations and places the fact extractor finds in the background.
//!
//! Matching is case-insensitive and Unicode-aware. Text is *folded* one
//! character at a time: lower case (`char::to_lowercase`), fullwidth ASCII as
//! ASCII (`ＡＩ` is `ai`), `İ` as `i` and final `ς` as `σ`, every run of
//! whitespace as one space. `ß` stays `ß` (it does not match `ss`). Because
//! one character folds to one character, a match in folded text maps back to
//! whole characters of the original.
//!
//! A match is accepted where:
//! - a term that starts with a letter or digit outside CJK starts a word: the
//!   character before it is not a letter or digit, or is CJK (Japanese runs
//!   words together: `ai` is found in `生成AI`). So `ai` matches "AI" and
//!   "aims" but not "said". A CJK term matches anywhere (`東京` in `東京都`).
//! - it ends between two grapheme clusters: `e` does not match the `e` of
//!   `e\u{301}` (é written with a combining accent), `e\u{301}` does.
//!
//! The costly part, `facts::for_article` (about 0.3 ms an article), runs on
//! one background thread ([`EntityIndex`]); a query that needs entities
//! counts the articles not indexed yet as `pending` instead of waiting.

mod entities;
mod fold;
mod index;
mod matching;
mod query;
pub mod stored;
mod tokens;

pub use entities::{Entities, EntityIndex};
pub use fold::fold;
pub use index::{Outcome, SearchIndex};
pub use matching::find_ranges;
pub use query::{Query, Term};
