//! gogai (号外, "extra edition"): a terminal news reader that reads the
//! article for you.
//!
//! The binary is a thin shell over this library so that tests reach every
//! part: loading (`article`, `store::library`), remembered state
//! (`store::state`), the keymap and actions, the application state (`app`)
//! and the renderer (`ui`).

pub mod action;
pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod doc;
pub mod facts;
pub mod feeds;
pub mod fetch;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod logfile;
pub mod panel_lines;
pub mod par;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
pub mod view;
pub mod workers;
