//! What the file may hold, and reading it one setting at a time.
//!
//! The file is parsed with `toml`'s spanned tree ([`DeTable`]), so every
//! value keeps its place in the file; each known setting is then read on
//! its own with serde, and a wrong one costs only itself.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{Config, Problem};
use crate::ui::theme::{BASES, ROLES, Theme, parse_color};
use crate::view::Sort;

/// Reading a file: its text (for positions) and what was wrong so far.
pub(crate) struct Ctx<'t> {
    text: &'t str,
    file: &'t str,
    pub(crate) problems: Vec<Problem>,
    /// Lines with a syntax error: the value recovered there is not
    /// reported again.
    broken: Vec<usize>,
}

impl<'t> Ctx<'t> {
    pub(crate) fn new(text: &'t str, file: &'t str) -> Self {
        Self {
            text,
            file,
            problems: Vec::new(),
            broken: Vec::new(),
        }
    }

    /// 1-based line and column (in characters) of byte `at`.
    fn position(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let before = self.text.get(..at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    pub(crate) fn line_of(&self, at: usize) -> usize {
        self.position(at).0
    }

    fn push(&mut self, span: Range<usize>, message: String, warning: bool) {
        let (line, column) = self.position(span.start);
        if self.broken.contains(&line) {
            return;
        }
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            column,
            message,
            warning,
        });
    }

    /// A setting that is wrong: it keeps its default.
    pub(crate) fn error(&mut self, span: Range<usize>, message: String) {
        self.push(span, message, false);
    }

    /// Something gogai does not know: said, and otherwise ignored.
    pub(crate) fn warn(&mut self, span: Range<usize>, message: String) {
        self.push(span, message, true);
    }

    /// The value read as a `T`, or an error at its place saying what was
    /// `expected` for `name` (then `None`: the default stays).
    pub(crate) fn get<T: DeserializeOwned>(
        &mut self,
        name: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
    ) -> Option<T> {
        let got = T::deserialize(ValueDeserializer::from(value.clone())).ok();
        if got.is_none() {
            self.error(
                value.span(),
                format!(
                    "{name}: expected {expected}, found {}; the default is kept",
                    shown(value.get_ref())
                ),
            );
        }
        got
    }

    /// A number within `range`, else an error naming the range.
    pub(crate) fn number(
        &mut self,
        name: &str,
        value: &Spanned<DeValue<'_>>,
        range: std::ops::RangeInclusive<u64>,
    ) -> Option<u64> {
        let expected = format!("a whole number from {} to {}", range.start(), range.end());
        let n: u64 = self.get(name, value, &expected)?;
        if range.contains(&n) {
            Some(n)
        } else {
            self.error(
                value.span(),
                format!("{name}: expected {expected}, found {n}; the default is kept"),
            );
            None
        }
    }

    /// The entries of a table, or an error when `value` is something else.
    pub(crate) fn table<'a, 'i>(
        &mut self,
        name: &str,
        value: &'a Spanned<DeValue<'i>>,
    ) -> Option<&'a DeTable<'i>> {
        if let DeValue::Table(table) = value.get_ref() {
            Some(table)
        } else {
            self.error(
                value.span(),
                format!(
                    "{name}: expected a table ([{name}]), found {}; its settings are the defaults",
                    shown(value.get_ref())
                ),
            );
            None
        }
    }

    pub(crate) fn unknown(&mut self, table: &str, key: &Spanned<std::borrow::Cow<'_, str>>) {
        let name = if table.is_empty() {
            format!("unknown setting `{}`", key.get_ref())
        } else {
            format!("unknown setting `{}` in [{table}]", key.get_ref())
        };
        self.warn(key.span(), format!("{name}; ignored"));
    }
}

/// A value as a message shows it: short strings and numbers as written,
/// anything else by its kind.
pub(crate) fn shown(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) if s.chars().count() <= 40 => format!("\"{s}\""),
        DeValue::Integer(n) => n.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        other => format!("a {}", other.type_str()),
    }
}

/// The settings in `text` (read from `file`, for messages; `base` is the
/// folder relative paths are taken from) and what was wrong with them,
/// in the order they come in the file.
pub fn parse(text: &str, file: &str, base: &Path) -> (Config, Vec<Problem>) {
    let mut cx = Ctx::new(text, file);
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        cx.error(
            span.clone(),
            format!("not valid TOML: {}", e.message().trim()),
        );
        cx.broken.push(cx.position(span.start).0);
    }
    let mut config = Config::default();
    for (key, value) in doc.get_ref() {
        let name = key.get_ref().as_ref();
        match name {
            "dir" => {
                if let Some(raw) = cx.get::<String>(name, value, "a folder's path") {
                    config.dir = Some(super::expand_path(&raw, base));
                }
            }
            "browser" => {
                config.browser = cx.get::<String>(
                    name,
                    value,
                    "a command such as \"firefox %s\" (as $BROWSER takes)",
                );
            }
            "reader" => {
                if let Some(table) = cx.table(name, value) {
                    reader(&mut cx, table, &mut config);
                }
            }
            "list" => {
                if let Some(table) = cx.table(name, value) {
                    list(&mut cx, table, &mut config);
                }
            }
            "fetch" => {
                if let Some(table) = cx.table(name, value) {
                    fetch(&mut cx, table, &mut config);
                }
            }
            "keys" => config.keys = super::keys::read(&mut cx, value),
            "theme" => config.theme = theme(&mut cx, value),
            _ => cx.unknown("", key),
        }
    }
    let mut problems = cx.problems;
    problems.sort_by_key(|p| (p.line, p.column));
    (config, problems)
}

fn reader(cx: &mut Ctx<'_>, table: &DeTable<'_>, config: &mut Config) {
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match name {
            "width" => {
                if let Some(n) = cx.number(name, value, 20..=1000) {
                    config.width = n as usize;
                }
            }
            "facts_sidebar" => config.facts_sidebar = cx.get(name, value, "true or false"),
            "figure_marks" => config.figure_marks = cx.get(name, value, "true or false"),
            _ => cx.unknown("reader", key),
        }
    }
}

fn list(cx: &mut Ctx<'_>, table: &DeTable<'_>, config: &mut Config) {
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match name {
            "sort" => {
                let names = Sort::ALL
                    .iter()
                    .map(|s| format!("\"{}\"", s.name()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let expected = format!("one of {names}");
                if let Some(raw) = cx.get::<String>(name, value, &expected) {
                    config.sort = Sort::from_name(&raw);
                    if config.sort.is_none() {
                        cx.error(
                            value.span(),
                            format!(
                                "sort: expected {expected}, found \"{raw}\"; the default is kept"
                            ),
                        );
                    }
                }
            }
            "unread_only" => config.unread_only = cx.get(name, value, "true or false"),
            "layout" => {
                let expected = "\"one-line\" or \"two-line\"";
                if let Some(raw) = cx.get::<String>(name, value, expected) {
                    match raw.as_str() {
                        "one-line" => config.one_line = Some(true),
                        "two-line" => config.one_line = Some(false),
                        _ => cx.error(
                            value.span(),
                            format!(
                                "layout: expected {expected}, found \"{raw}\"; the default is kept"
                            ),
                        ),
                    }
                }
            }
            "starred_only" => config.starred_only = cx.get(name, value, "true or false"),
            _ => cx.unknown("list", key),
        }
    }
}

fn fetch(cx: &mut Ctx<'_>, table: &DeTable<'_>, config: &mut Config) {
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match name {
            "refresh_every" => config.refresh_every = cx.number(name, value, 1..=100_000),
            "timeout" => {
                if let Some(n) = cx.number(name, value, 1..=3600) {
                    config.fetch.timeout = n;
                }
            }
            "parallel" => {
                if let Some(n) = cx.number(name, value, 1..=256) {
                    config.fetch.parallel = n as usize;
                }
            }
            "keep" => {
                if let Some(n) = cx.number(name, value, 1..=1_000_000) {
                    config.fetch.keep = n as usize;
                }
            }
            _ => cx.unknown("fetch", key),
        }
    }
}

/// `[theme]`: a built-in theme (`base`), then colours by role; or
/// `theme = "light"` on its own.
fn theme(cx: &mut Ctx<'_>, value: &Spanned<DeValue<'_>>) -> Theme {
    let bases = BASES
        .iter()
        .map(|b| format!("\"{b}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let expected = format!("one of {bases}");
    let base = |cx: &mut Ctx<'_>, value: &Spanned<DeValue<'_>>| {
        let name: String = cx.get("base", value, &expected)?;
        let found = Theme::named(&name);
        if found.is_none() {
            cx.error(
                value.span(),
                format!("theme: expected {expected}, found \"{name}\"; dark is kept"),
            );
        }
        found
    };
    if let DeValue::String(_) = value.get_ref() {
        return base(cx, value).unwrap_or_default();
    }
    let Some(table) = cx.table("theme", value) else {
        return Theme::default();
    };
    let mut theme = table
        .get("base")
        .and_then(|v| base(cx, v))
        .unwrap_or_default();
    for (key, value) in table {
        let role = key.get_ref().as_ref();
        if role == "base" {
            continue;
        }
        if !ROLES.iter().any(|(r, _)| *r == role) {
            cx.unknown("theme", key);
            continue;
        }
        let colour = "a colour: a name (yellow, dark-gray …), \"#rrggbb\" or 0-255";
        let Some(text) = cx.get::<String>(role, value, colour) else {
            continue;
        };
        match parse_color(&text) {
            Some(c) => {
                theme.set_role(role, c);
            }
            None => cx.error(
                value.span(),
                format!("{role}: expected {colour}, found \"{text}\"; the theme's is kept"),
            ),
        }
    }
    theme
}

/// The defaults as a commented file to start from (`gogai --print-config`).
/// It reads back as exactly [`Config::default`]: what is left unset by
/// default is commented out.
pub fn defaults_toml() -> String {
    let d = Config::default();
    let sorts = Sort::ALL
        .iter()
        .map(|s| format!("\"{}\"", s.name()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r##"# gogai's settings: $XDG_CONFIG_HOME/gogai/config.toml (~/.config/gogai/config.toml),
# or the file --config names. Every setting may be left out; these are the
# defaults. A setting that is commented out is not set: gogai then uses what
# the last run left (the sidebar, the sort and the filters are remembered).

# The article folder. Order: --dir, then $GOGAI_DIR, then this, then
# ./articles, then $XDG_DATA_HOME/gogai/articles. "~/" is the home folder; a
# relative path is taken from this file's folder.
# dir = "~/news"

# The browser for `o`: a command as $BROWSER takes it (`:` between choices,
# `%s` for the link). Comes before $BROWSER; unset, $BROWSER is used, then
# the system's opener or a text browser on $PATH.
# browser = "firefox %s"

[reader]
# The widest the body text is set, in columns (20 to 1000).
width = {width}
# The facts sidebar at start, when the screen is wide enough (F toggles).
# facts_sidebar = true
# Figures marked in the text at start (H toggles).
# figure_marks = true

[list]
# The order at start: one of {sorts} (O steps round).
# sort = "date"
# One line per article or two (V toggles): "one-line" or "two-line".
# layout = "two-line"
# Only unread (U) or only starred (S) articles at start.
# unread_only = false
# starred_only = false

[fetch]
# Refresh the feeds every this many minutes while the reader runs, as
# --refresh-every does (which comes first).
# refresh_every = 30
# Seconds a feed may take ($GOGAI_FETCH_TIMEOUT comes first).
timeout = {timeout}
# Feeds fetched at once ($GOGAI_FETCH_PARALLEL comes first).
parallel = {parallel}
# Articles kept per feed, besides starred and unread ones ($GOGAI_FETCH_KEEP
# comes first).
keep = {keep}

[keys]
# The keys to start from: "default" (gogai's, as in the help, `?`) or
# "newsboat" (n/p next and previous unread, N read/unread, u links, D delete,
# g sort, Q quit; see the README). `keys = "newsboat"` on its own works too.
preset = "default"
# Then actions by name, by context: [keys.global] (everywhere but the search
# prompt), [keys.list], [keys.reader], [keys.facts], [keys.overlay],
# [keys.facts_overlay], [keys.prompt], [keys.picker], [keys.links]. A key is
# a character, ctrl-x, enter, esc, tab, backtab, space, backspace, up, down,
# left, right, home, end, pageup, pagedown or f1-f12; "g g" is a sequence;
# "none" (or []) unbinds. A context's own table wins over [keys.global].
# [keys.list]
# next_unread = ["n", "ctrl-n"]
# top = "g g"

[theme]
# "dark" (for a dark terminal), "light" (for a light one) or "mono" (no
# colour: bold, reverse, underline, dim). $NO_COLOR (set, not empty) always
# means mono. `theme = "light"` on its own works too.
base = "dark"
# Then colours by role: a name (yellow, dark-gray, light-blue …), "#rrggbb"
# or 0-255; "#rrggbb" is brought down to the nearest colour on a terminal
# without true colour ($COLORTERM, $TERM). The roles:
{roles}"##,
        width = d.width,
        timeout = d.fetch.timeout,
        parallel = d.fetch.parallel,
        keep = d.fetch.keep,
        roles = ROLES.iter().fold(String::new(), |mut out, (role, what)| {
            let _ = writeln!(out, "# {role} = \"…\"   ({what})");
            out
        }),
    )
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{defaults_toml, parse};
    use crate::config::Config;
    use crate::view::Sort;

    fn read(text: &str) -> (Config, Vec<String>) {
        let (config, problems) = parse(text, "config.toml", Path::new("/cfg"));
        (config, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        let (config, problems) = read(&defaults_toml());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config, Config::default());
    }

    #[test]
    fn good_settings_are_taken() {
        let (config, problems) = read(
            "dir = \"news\"\nbrowser = \"w3m %s\"\n[reader]\nwidth = 100\nfacts_sidebar = false\n\
             [list]\nsort = \"title\"\nunread_only = true\n[fetch]\nkeep = 50\nrefresh_every = 15\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.dir, Some(PathBuf::from("/cfg/news")));
        assert_eq!(config.browser.as_deref(), Some("w3m %s"));
        assert_eq!(config.width, 100);
        assert_eq!(config.facts_sidebar, Some(false));
        assert_eq!(config.sort, Some(Sort::Title));
        assert_eq!(config.unread_only, Some(true));
        assert_eq!(config.fetch.keep, 50);
        assert_eq!(config.refresh_every, Some(15));
    }

    #[test]
    fn a_bad_value_is_placed_and_costs_only_itself() {
        let (config, problems) = read(
            "[reader]\nwidth = \"wide\"\nfacts_sidebar = false\n[list]\nsort = \"colour\"\n\
             [fetch]\nparallel = 0\n",
        );
        assert_eq!(
            problems,
            [
                "config.toml:2:9: width: expected a whole number from 20 to 1000, found \"wide\"; the default is kept",
                "config.toml:5:8: sort: expected one of \"date\", \"title\", \"source\", \"oldest\", found \"colour\"; the default is kept",
                "config.toml:7:12: parallel: expected a whole number from 1 to 256, found 0; the default is kept",
            ]
        );
        assert_eq!(config.width, Config::default().width);
        assert_eq!(config.facts_sidebar, Some(false));
        assert_eq!(config.sort, None);
        assert_eq!(config.fetch.parallel, Config::default().fetch.parallel);
    }

    #[test]
    fn broken_toml_is_placed_and_the_rest_still_applies() {
        let (config, problems) =
            read("[reader]\nwidth = 90\nfacts_sidebar = \n[list]\nsort = \"title\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("config.toml:3:") && problems[0].contains("not valid TOML"),
            "{problems:?}"
        );
        assert_eq!(config.width, 90);
        assert_eq!(config.sort, Some(Sort::Title));
    }

    #[test]
    fn an_unknown_setting_is_a_warning_with_its_place() {
        let (parsed, problems) = parse(
            "colour = 3\n[reader]\nwidht = 90\n",
            "c.toml",
            Path::new("/"),
        );
        assert_eq!(parsed, Config::default());
        assert!(problems.iter().all(|p| p.warning));
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "c.toml:1:1: unknown setting `colour`; ignored",
                "c.toml:3:1: unknown setting `widht` in [reader]; ignored",
            ]
        );
    }
}
