//! Where gogai keeps its files, after the XDG base directory rules: an
//! absolute `$XDG_…_HOME` wins, else the default under `$HOME`. A relative
//! `$XDG_…_HOME` is ignored, as the specification says. Tests set these
//! variables to keep every run in its own folders.

use std::path::PathBuf;

/// `$XDG_STATE_HOME/gogai`, else `~/.local/state/gogai`: what gogai
/// remembers (read marks, the session).
pub fn state_dir() -> Option<PathBuf> {
    base("XDG_STATE_HOME", ".local/state").map(|b| b.join("gogai"))
}

/// `$XDG_CACHE_HOME/gogai`, else `~/.cache/gogai`: what can be rebuilt
/// (the metadata index).
pub fn cache_dir() -> Option<PathBuf> {
    base("XDG_CACHE_HOME", ".cache").map(|b| b.join("gogai"))
}

/// `$XDG_CONFIG_HOME/gogai`, else `~/.config/gogai`: what the user sets
/// (the feeds file).
pub fn config_dir() -> Option<PathBuf> {
    base("XDG_CONFIG_HOME", ".config").map(|b| b.join("gogai"))
}

/// `$XDG_DATA_HOME/gogai`, else `~/.local/share/gogai`: what gogai keeps
/// for the user (the articles of subscriptions, when no folder is given).
pub fn data_dir() -> Option<PathBuf> {
    base("XDG_DATA_HOME", ".local/share").map(|b| b.join("gogai"))
}

/// `$var` when it is an absolute path, else `$HOME/under`; `None` when
/// neither is set.
fn base(var: &str, under: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(under)))
}
