//! The config file: `$XDG_CONFIG_HOME/gogai/config.toml`, or the file
//! `--config` names. Every setting is optional; [`Config::default`] is what
//! gogai does without one, and [`defaults_toml`] prints it as a file to
//! start from.
//!
//! The file is read once, at start, by `cli`, and handed on as a value.
//! It is parsed one setting at a time: a setting that is wrong is reported
//! with its file, line and column and left at its default, and the rest
//! still applies. A setting gogai does not know is a warning, never a
//! failure (a newer gogai's file still starts an older one).

mod keys;
mod schema;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::view::Sort;

pub use schema::{defaults_toml, parse};

/// The file's name in gogai's config folder.
pub const FILE_NAME: &str = "config.toml";

/// Settings as the file left them, every one resolved to a value or to
/// "not set" where gogai otherwise remembers the last run's choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The article folder (below `--dir` and `$GOGAI_DIR`, above
    /// `./articles`).
    pub dir: Option<PathBuf>,
    /// The widest the body text is set, in columns.
    pub width: usize,
    /// The facts sidebar shown at start; `None`: as the last run left it.
    pub facts_sidebar: Option<bool>,
    /// Figures marked in the text at start; `None`: on.
    pub figure_marks: Option<bool>,
    /// The list's order at start; `None`: as the folder's last run left it.
    pub sort: Option<Sort>,
    /// Unread articles only at start; `None`: as last left.
    pub unread_only: Option<bool>,
    /// The list one line per article at start (`layout = "one-line"`);
    /// `None`: as last left.
    pub one_line: Option<bool>,
    /// Starred articles only at start; `None`: as last left.
    pub starred_only: Option<bool>,
    /// The browser command, as `$BROWSER` would give it (which it comes
    /// before).
    pub browser: Option<String>,
    /// Refresh the feeds every this many minutes while the reader runs
    /// (below `--refresh-every`).
    pub refresh_every: Option<u64>,
    pub fetch: Fetch,
    /// The keys in force: a preset with the file's bindings applied.
    pub keys: crate::keymap::Keymap,
    /// The theme, as the file sets it (see `Theme::for_terminal` for what
    /// the terminal then makes of it).
    pub theme: crate::ui::theme::Theme,
}

/// The fetch engine's settings (`[fetch]`); the `GOGAI_FETCH_*`
/// variables come after them, so one run can differ from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetch {
    /// Seconds a feed may take.
    pub timeout: u64,
    /// Feeds fetched at once.
    pub parallel: usize,
    /// Articles kept per feed (besides starred and unread ones).
    pub keep: usize,
}

impl Default for Fetch {
    fn default() -> Self {
        Self {
            timeout: crate::import::Limits::default().timeout.as_secs(),
            parallel: crate::fetch::PARALLEL,
            keep: crate::fetch::KEEP,
        }
    }
}

/// The widest the body text is set unless the file says otherwise.
pub const WIDTH: usize = crate::layout::MEASURE;

impl Default for Config {
    fn default() -> Self {
        Self {
            dir: None,
            width: WIDTH,
            facts_sidebar: None,
            figure_marks: None,
            sort: None,
            unread_only: None,
            one_line: None,
            starred_only: None,
            browser: None,
            refresh_every: None,
            fetch: Fetch::default(),
            keys: crate::keymap::Keymap::default(),
            theme: crate::ui::theme::Theme::DARK,
        }
    }
}

/// Something wrong in the file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// An unknown setting: the file is otherwise fine.
    pub warning: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// The settings and what was wrong with the file.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub problems: Vec<Problem>,
    /// The file read, if there was one.
    pub path: Option<PathBuf>,
}

/// `$XDG_CONFIG_HOME/gogai/config.toml`, else `~/.config/gogai/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    crate::store::paths::config_dir().map(|dir| dir.join(FILE_NAME))
}

/// Reads the file `given` names (`--config`), else the default one. No
/// file at the default place is no problem: the defaults apply. A file
/// that was named and is missing, or one that cannot be read, is a
/// problem, and the defaults apply.
pub fn load(given: Option<&Path>) -> Loaded {
    let Some(path) = given.map(Path::to_path_buf).or_else(default_path) else {
        return Loaded::default();
    };
    let shown = path.display().to_string();
    match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && given.is_none() => Loaded::default(),
        Err(e) => Loaded {
            problems: vec![whole_file(
                &shown,
                format!("cannot read the config file ({e}); using the defaults"),
            )],
            ..Loaded::default()
        },
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let base = path.parent().unwrap_or(Path::new("."));
                let (config, problems) = parse(&text, &shown, base);
                Loaded {
                    config,
                    problems,
                    path: Some(path),
                }
            }
            Err(_) => Loaded {
                problems: vec![whole_file(
                    &shown,
                    "not valid UTF-8; the config file must be UTF-8 (using the defaults)".into(),
                )],
                ..Loaded::default()
            },
        },
    }
}

fn whole_file(file: &str, message: String) -> Problem {
    Problem {
        file: file.to_owned(),
        line: 0,
        column: 0,
        message,
        warning: false,
    }
}

/// `~/x` with the home folder for `~`; a relative path is taken from the
/// config file's folder (`base`), not from wherever gogai was started.
pub(crate) fn expand_path(raw: &str, base: &Path) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = match (raw.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if raw == "~" => {
            std::env::var_os("HOME").map_or_else(|| PathBuf::from(raw), PathBuf::from)
        }
        _ => PathBuf::from(raw),
    };
    if path.is_absolute() {
        path
    } else {
        base.join(path)
    }
}
