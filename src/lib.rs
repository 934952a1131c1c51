//! gogai (号外, "extra edition"): a terminal news reader that reads the
//! article for you.
//!
//! The binary is a thin shell over this library so that tests reach every
//! part: loading (`article`, `library`), remembered state (`state`), the
//! keymap and actions, the application state (`app`) and the renderer (`ui`).

pub mod action;
pub mod app;
pub mod article;
pub mod catalog;
pub mod cli;
pub mod doc;
pub mod extract;
pub mod facts;
pub mod find;
pub mod import;
pub mod index;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod listing;
pub mod output;
pub mod panel_lines;
pub mod par;
pub mod search;
pub mod state;
pub mod text;
pub mod tui;
pub mod ui;
pub mod view;
pub mod workers;
