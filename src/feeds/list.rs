//! The feeds file: newsboat's urls-file syntax, read and edited without
//! losing a byte of what gogai does not touch.
//!
//! One feed per line: its URL, then its tags, separated by spaces. A tag
//! with spaces is written in double quotes; the tag `"~Name"` is the feed's
//! name; `#` starts a comment. Every line is kept as it was read; an edit
//! changes only the lines it is about, and a line gogai cannot use (a
//! newsboat `query:` feed, an `exec:` or `filter:` source, a line it cannot
//! read) stays in the file as it is, with a warning.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// One subscribed feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The feed's address as written: an http(s) URL or a local file.
    pub url: String,
    /// From the `"~Name"` tag.
    pub name: Option<String>,
    pub tags: Vec<String>,
    /// The line of the feeds file it is on (1-based); 0 for one added since
    /// the file was read.
    pub line: usize,
}

impl Subscription {
    /// What to call it: its name, else its URL.
    pub fn title(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.url)
    }

    /// The line that lists it, without the line ending: the URL, the tags,
    /// then the name, each quoted when it needs to be.
    pub fn to_line(&self) -> String {
        let mut line = self.url.clone();
        for tag in &self.tags {
            line.push(' ');
            line.push_str(&quote(tag, false));
        }
        if let Some(name) = &self.name {
            line.push(' ');
            line.push_str(&quote(&format!("~{name}"), true));
        }
        line
    }
}

/// `token` as the file writes it: bare when it can be, else in double
/// quotes with `"` and `\` escaped.
fn quote(token: &str, always: bool) -> String {
    let bare = !always
        && !token.is_empty()
        && !token.starts_with(['~', '!', '#'])
        && !token.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\');
    if bare {
        return token.to_owned();
    }
    let mut out = String::with_capacity(token.len() + 2);
    out.push('"');
    for c in token.chars() {
        // A line break (or any control) would end the feed's line early and
        // start another: one line per feed, whatever a name holds.
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Something in the feeds file gogai leaves alone: the line stays in the
/// file as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.file,
            self.line,
            crate::article::escape_controls(&self.message)
        )
    }
}

/// Why the feeds file cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FeedsError {
    #[error("{path}: cannot read the feeds file: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}:{line}: not valid UTF-8; the feeds file must be UTF-8")]
    NotUtf8 { path: String, line: usize },
    #[error("{path}: cannot write the feeds file: {cause}")]
    Write { path: String, cause: std::io::Error },
    #[error("{path}: the feeds file changed on disk since it was read; nothing was written")]
    Changed { path: String },
    #[error("{0}")]
    Invalid(String),
}

/// One line of the file, as read (with its line ending).
#[derive(Debug, Clone)]
struct Entry {
    raw: String,
    /// Whether it lists one of [`Subscriptions::as_slice`] (in order).
    feed: bool,
}

/// The feeds file, read: its subscriptions and every line as it was.
#[derive(Debug, Clone)]
pub struct Subscriptions {
    path: PathBuf,
    entries: Vec<Entry>,
    feeds: Vec<Subscription>,
    warnings: Vec<Warning>,
    /// The file's bytes when it was read (`None`: there was no file), to
    /// notice a change made meanwhile by someone else.
    read: Option<Vec<u8>>,
}

impl Subscriptions {
    /// Reads the feeds file at `path`; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Self, FeedsError> {
        let shown = shown(path);
        let bytes = match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(cause) => return Err(FeedsError::Read { path: shown, cause }),
        };
        let mut list = Self::parse(path, bytes.as_deref().unwrap_or_default())?;
        list.read = bytes;
        Ok(list)
    }

    /// The list in `bytes`, as if read from `path` (which names it in
    /// messages and is where [`save`](Self::save) writes).
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Self, FeedsError> {
        let shown = shown(path);
        let text = std::str::from_utf8(bytes).map_err(|e| FeedsError::NotUtf8 {
            path: shown.clone(),
            line: bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
        })?;
        let mut list = Self {
            path: path.to_path_buf(),
            entries: Vec::new(),
            feeds: Vec::new(),
            warnings: Vec::new(),
            read: Some(bytes.to_vec()),
        };
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let line = i + 1;
            let feed = match read_line(raw.trim_end_matches(['\n', '\r'])) {
                Ok(None) => false,
                Ok(Some(read)) => {
                    for message in read.notes {
                        list.warn(line, message);
                    }
                    if let Some(first) = list.feeds.iter().find(|f| f.url == read.url) {
                        let message = format!(
                            "{} is listed already on line {}; this line is ignored",
                            read.url, first.line
                        );
                        list.warn(line, message);
                        false
                    } else {
                        list.feeds.push(Subscription {
                            url: read.url,
                            name: read.name,
                            tags: read.tags,
                            line,
                        });
                        true
                    }
                }
                Err(message) => {
                    list.warn(line, format!("{message}; the line is kept as it is"));
                    false
                }
            };
            list.entries.push(Entry {
                raw: raw.to_owned(),
                feed,
            });
        }
        Ok(list)
    }

    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning {
            file: shown(&self.path),
            line,
            message,
        });
    }

    /// Where it is read from and saved to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Subscription> {
        self.feeds.iter()
    }

    pub fn as_slice(&self) -> &[Subscription] {
        &self.feeds
    }

    pub fn len(&self) -> usize {
        self.feeds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.feeds.is_empty()
    }

    /// The lines gogai leaves alone, and why, as `file:line: message`.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The feed with this URL.
    pub fn get(&self, url: &str) -> Option<&Subscription> {
        self.feeds.iter().find(|f| f.url == url)
    }

    /// The feeds `query` names: the one with that URL, else those with that
    /// name (ignoring case).
    pub fn find(&self, query: &str) -> Vec<&Subscription> {
        if let Some(exact) = self.get(query) {
            return vec![exact];
        }
        let lower = query.to_lowercase();
        self.feeds
            .iter()
            .filter(|f| f.name.as_deref().is_some_and(|n| n.to_lowercase() == lower))
            .collect()
    }

    /// Adds a feed at the end of the file. `false` (and nothing changed)
    /// when its URL is listed already.
    pub fn add(&mut self, mut feed: Subscription) -> bool {
        if self.get(&feed.url).is_some() {
            return false;
        }
        feed.line = 0;
        // The last line may have no line ending of its own.
        if let Some(last) = self.entries.last_mut()
            && !last.raw.ends_with('\n')
        {
            last.raw.push('\n');
        }
        let mut raw = feed.to_line();
        raw.push('\n');
        self.entries.push(Entry { raw, feed: true });
        self.feeds.push(feed);
        true
    }

    /// Removes the one feed `url_or_name` names (see [`find`](Self::find))
    /// and its line. An error lists the candidates when it names none or
    /// several.
    pub fn remove(&mut self, url_or_name: &str) -> Result<Subscription, FeedsError> {
        let url = match self.find(url_or_name).as_slice() {
            [one] => one.url.clone(),
            [] => {
                return Err(FeedsError::Invalid(format!(
                    "no feed in {} has the URL or name {url_or_name:?}",
                    shown(&self.path)
                )));
            }
            many => {
                let mut message = format!(
                    "{url_or_name:?} names {} feeds; give the URL of one:",
                    many.len()
                );
                for f in many {
                    message.push_str("\n  ");
                    message.push_str(&f.url);
                }
                return Err(FeedsError::Invalid(message));
            }
        };
        let k = self
            .feeds
            .iter()
            .position(|f| f.url == url)
            .unwrap_or_default();
        let entry = self.entry_of(k);
        self.entries.remove(entry);
        Ok(self.feeds.remove(k))
    }

    /// Gives the feed at `old` the address `new` (after a permanent
    /// redirect), changing only the URL on its line. `false` when no feed
    /// has the URL `old`, or `new` is listed already.
    pub fn replace_url(&mut self, old: &str, new: &str) -> bool {
        if old == new || self.get(new).is_some() {
            return false;
        }
        let Some(k) = self.feeds.iter().position(|f| f.url == old) else {
            return false;
        };
        let at = self.entry_of(k);
        let entry = &mut self.entries[at];
        // Everything but the URL stays as it was: the tags as the user
        // quoted them, a comment after them, the line ending.
        let start = entry.raw.len() - entry.raw.trim_start().len();
        if entry.raw[start..].starts_with(old) {
            entry.raw.replace_range(start..start + old.len(), new);
        } else {
            let mut feed = self.feeds[k].clone();
            new.clone_into(&mut feed.url);
            let ending = &entry.raw[entry.raw.trim_end_matches(['\n', '\r']).len()..];
            entry.raw = feed.to_line() + ending;
        }
        new.clone_into(&mut self.feeds[k].url);
        true
    }

    /// The index in `entries` of the `k`th feed's line.
    fn entry_of(&self, k: usize) -> usize {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.feed)
            .nth(k)
            .map_or(self.entries.len(), |(i, _)| i)
    }

    /// The file as it is now: every line read, as it was, with the edits.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.entries
            .iter()
            .flat_map(|e| e.raw.as_bytes())
            .copied()
            .collect()
    }

    /// Writes the file: to a temporary file beside it, then renamed over it,
    /// so a reader (or a crash) sees the old file or the new one, never
    /// half of one. Refuses with [`FeedsError::Changed`] when the file is
    /// no longer what was read (another gogai, or an editor, wrote it
    /// since): load it again and redo the edit. Its folder is created if
    /// need be; its permissions are kept.
    pub fn save(&mut self) -> Result<(), FeedsError> {
        let shown = shown(&self.path);
        let target = crate::store::fsio::resolve_links(&self.path);
        let now = match std::fs::read(&target) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(cause) => return Err(FeedsError::Read { path: shown, cause }),
        };
        let was = self.read.as_deref().filter(|b| !b.is_empty());
        if now.as_deref().filter(|b| !b.is_empty()) != was {
            return Err(FeedsError::Changed { path: shown });
        }
        let bytes = self.to_bytes();
        write_replacing(&target, &bytes)
            .map_err(|cause| FeedsError::Write { path: shown, cause })?;
        self.read = Some(bytes);
        Ok(())
    }
}

/// Writes `bytes` to a new file beside `path`, with `path`'s permissions
/// when it exists (a feeds file may hold private URLs), and renames it over
/// `path`; the temporary file is removed if anything fails.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(name);
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let write = || -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
            // Never readable by others for a moment before the mode is set.
            options.mode(permissions.as_ref().map_or(0o644, |p| p.mode() & 0o777));
        }
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        if let Some(p) = &permissions {
            file.set_permissions(p.clone())?;
        }
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    Ok(())
}

fn shown(path: &Path) -> String {
    crate::article::escape_controls(&path.display().to_string()).into_owned()
}

impl<'a> IntoIterator for &'a Subscriptions {
    type Item = &'a Subscription;
    type IntoIter = std::slice::Iter<'a, Subscription>;

    fn into_iter(self) -> Self::IntoIter {
        self.feeds.iter()
    }
}

/// A feed line, read.
struct ReadLine {
    url: String,
    name: Option<String>,
    tags: Vec<String>,
    /// What on the line gogai ignores.
    notes: Vec<String>,
}

/// One line (without its ending): `None` for a blank or comment line, an
/// error for a line that lists nothing gogai can use.
fn read_line(line: &str) -> Result<Option<ReadLine>, String> {
    let tokens = tokenize(line)?;
    let Some((url, rest)) = tokens.split_first() else {
        return Ok(None);
    };
    let lower = url.to_ascii_lowercase();
    for (prefix, what) in [
        ("query:", "a newsboat query feed"),
        ("exec:", "a feed made by a command (exec:)"),
        (
            "filter:",
            "a feed passed through a filter command (filter:)",
        ),
    ] {
        if lower.starts_with(prefix) {
            return Err(format!("{what} is not something gogai can read"));
        }
    }
    if !is_source(url) {
        return Err(format!("{url:?} is neither an http(s) URL nor a file path"));
    }
    let mut read = ReadLine {
        url: url.clone(),
        name: None,
        tags: Vec::new(),
        notes: Vec::new(),
    };
    for tag in rest {
        if let Some(name) = tag.strip_prefix('~') {
            read.name = Some(name.to_owned()).filter(|n| !n.is_empty());
        } else if tag == "!" {
            read.notes.push(
                "the tag \"!\" (hidden in newsboat) means nothing to gogai; the feed is shown"
                    .into(),
            );
        } else if !tag.is_empty() && !read.tags.contains(tag) {
            read.tags.push(tag.clone());
        }
    }
    Ok(Some(read))
}

/// Whether the file can name a feed with `url`: an http(s) URL, or a path
/// to a local file (absolute, `~/…`, `./…`, or `file://…`).
pub fn is_source(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("file://")
        || url.starts_with(['/', '~', '.'])
}

/// Splits a line into its tokens: separated by whitespace, a token in
/// double quotes may hold spaces (and `\"`, `\\`); a `#` outside quotes at
/// the start of a token ends the line.
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.peek() {
            None | Some('#') => return Ok(tokens),
            Some('"') => {
                chars.next();
                let mut token = String::new();
                loop {
                    match chars.next() {
                        None => return Err("a double quote is not closed".into()),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => token.push(c),
                            Some(c) => {
                                token.push('\\');
                                token.push(c);
                            }
                            None => return Err("a double quote is not closed".into()),
                        },
                        Some(c) => token.push(c),
                    }
                }
                tokens.push(token);
            }
            Some(_) => {
                let mut token = String::new();
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    token.push(c);
                }
                tokens.push(token);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_quote_and_escape() {
        assert_eq!(
            tokenize(r#"u a "b c" "d \"e\" \\" # f"#).unwrap(),
            ["u", "a", "b c", r#"d "e" \"#]
        );
        assert!(tokenize(r#"u "open"#).is_err());
    }

    #[test]
    fn a_line_written_reads_back_the_same() {
        let feed = Subscription {
            url: "https://example.com/a".into(),
            name: Some(r#"Q "&" \ 日本"#.into()),
            tags: vec!["plain".into(), "two words".into(), "~not a name".into()],
            line: 0,
        };
        let read = read_line(&feed.to_line()).unwrap().unwrap();
        assert_eq!(read.url, feed.url);
        assert_eq!(read.name, feed.name);
        // A tag that starts with `~` reads back as a name: the file cannot
        // hold one, as in newsboat.
        assert_eq!(read.tags, ["plain", "two words"]);
    }
}
