//! `gogai --import`: turning feeds, plain text, Markdown and saved web pages
//! into article files in the folder.
//!
//! Each source is read (or fetched), its kind sniffed, and its articles
//! extracted as [`Draft`]s by the module for that kind. Every draft is then
//! written out as article JSON, parsed back with [`crate::article::parse`]
//! (so what lands in the folder is valid by construction), checked against
//! what the folder already holds, and written without ever replacing a file.

mod blocks;
mod dates;
mod decode;
pub(crate) mod dedupe;
pub mod feed;
pub mod fetch;
pub(crate) mod folder;
pub mod html;
mod links;
pub mod markdown;
mod normalize;
mod render;
mod report;
mod sniff;
pub mod stream;
pub mod text;
pub mod write;

use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

use crate::article::{Article, Enclosure, Severity, Shape, escape_controls};

use dedupe::DuplicateFinder;
use report::{note_line, summary_line};

pub use dates::normalize_date;
pub use decode::decode;
pub use fetch::Limits;
pub use folder::{LOCK_FILE, LOCK_WAIT, STALE_AFTER};
pub use links::absolute_url;
pub use render::{Extra, render, render_with};
pub use report::Summary;
pub use sniff::sniff;

/// Items per thread below which an import's work stays on one thread
/// (turning one item's HTML into text is quick).
pub(crate) const PER_THREAD: usize = 256;

/// The kinds of source gogai imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RSS 0.9x/1.0/2.0, Atom or JSON Feed.
    Feed,
    /// Plain text: title, subtitle, paragraphs.
    Text,
    /// Markdown, with or without front matter.
    Markdown,
    /// One saved web page.
    Html,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Feed => "feed",
            Self::Text => "text",
            Self::Markdown => "Markdown",
            Self::Html => "web page",
        }
    }
}

/// One article as a source gives it, before it is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// `None` when the source has none; one is then made from the text.
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    /// Absolute (relative links are resolved or dropped by the reader of
    /// the source).
    pub url: Option<String>,
    /// ISO 8601, as the article format wants it (see [`normalize_date`]).
    pub published: Option<String>,
    /// The subscribed feed it came from (see [`Article::feed`]).
    pub feed: Option<String>,
    pub tags: Vec<String>,
    pub body: Vec<String>,
    /// The body paragraphs that are not prose, by index, ascending.
    pub shapes: Vec<(usize, Shape)>,
    /// The addresses the text refers to as `[1]`, `[2]`, ….
    pub links: Vec<String>,
    pub enclosures: Vec<Enclosure>,
    /// Where in the source it came from, for messages ("item 3").
    pub place: Option<String>,
    /// Line and column in the source, where known.
    pub at: Option<(usize, usize)>,
}

/// Something worth telling about a source: an item that could not be
/// imported (an error) or something that was guessed or dropped (a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub severity: Severity,
    /// Line and column in the source, where the parser gives one.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl Note {
    pub fn error(at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            at,
            message: message.into(),
        }
    }

    pub fn warning(at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            at,
            message: message.into(),
        }
    }
}

/// What one source gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub kind: Kind,
    pub drafts: Vec<Draft>,
    pub notes: Vec<Note>,
}

/// Why a whole source could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    // `cause`, not `source`: the message already says it (see `library`).
    #[error("cannot read: {cause}")]
    Read { cause: std::io::Error },
    #[error("not a regular file")]
    NotAFile,
    #[error("is {size} bytes; sources are limited to {cap} bytes")]
    TooLarge { size: u64, cap: u64 },
    /// Too large to hold, and not a feed that can be read item by item.
    #[error(
        "is {size} bytes, too large to read whole; only RSS and Atom feeds (not in UTF-16 \
         or UTF-32) are read item by item, anything else up to {} bytes",
        fetch::WHOLE_MAX
    )]
    TooLargeWhole { size: u64 },
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    #[error("{0}")]
    Unrecognised(String),
    /// An OPML file: feeds to subscribe to, not articles.
    #[error("an OPML subscription list, not articles")]
    SubscriptionList,
    /// Nothing in it could be read; the position is where the parser
    /// stopped, when it says.
    #[error("{}{message}", at.map_or_else(String::new, |(l, c)| format!("{l}:{c}: ")))]
    Malformed {
        at: Option<(usize, usize)>,
        message: String,
    },
}

/// Why the import as a whole could not go on. Causes are not `source`s:
/// the message already says them, and `{:#}` would print them twice.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot create the article folder: {cause}")]
    CreateFolder { path: String, cause: std::io::Error },
    #[error("cannot read the article folder to check for duplicates: {cause}")]
    Folder {
        cause: crate::store::library::LibraryError,
    },
    #[error("cannot write the report: {cause}")]
    Report { cause: std::io::Error },
    #[error("{path}: cannot lock the article folder for the import: {cause}")]
    Lock { path: String, cause: std::io::Error },
    #[error(
        "{path}: another import is writing to the article folder and has held this lock for {} s; \
         try again when it is done",
        waited.as_secs_f64()
    )]
    Busy {
        path: String,
        waited: std::time::Duration,
    },
}

impl From<std::io::Error> for ImportError {
    fn from(cause: std::io::Error) -> Self {
        Self::Report { cause }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The article folder written to.
    pub dir: PathBuf,
    /// Say what would happen; write nothing.
    pub dry_run: bool,
    /// Timeout and size cap for reading and fetching sources.
    pub limits: Limits,
    /// The folder's metadata index, to find what is there already without
    /// reading every body (the reader's own cache); `None` reads the files.
    pub index: Option<PathBuf>,
    /// How long to wait for another import writing to the same folder
    /// (usually [`LOCK_WAIT`]).
    pub lock_wait: std::time::Duration,
}

/// Imports every source into `options.dir`, telling `out` one line per
/// article added or skipped, per problem and per failed source, then a
/// summary. Only a folder that cannot be read, created or locked stops it;
/// a source that fails is reported and the next one is tried.
///
/// Sources are read (and fetched) first; then, holding the folder's import
/// lock (see [`folder`]), the folder's articles are read for duplicates and
/// the new ones written. So two imports at once never both write the same
/// article, and a slow server never keeps another import waiting.
pub fn run(
    sources: &[String],
    options: &Options,
    out: &mut dyn Write,
) -> Result<Summary, ImportError> {
    // Rendering is pure, so it runs on every core; the writes then go in
    // order, so names and duplicates do not depend on threads.
    // A large local feed is read while it is written (see `stream`).
    let read: Vec<_> = sources.iter().map(|source| load(source, options)).collect();

    let dir = &options.dir;
    if !options.dry_run && !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|cause| ImportError::CreateFolder {
            path: dir.display().to_string(),
            cause,
        })?;
    }
    // A path that is not a folder is left to the duplicate check to name.
    let _lock = if !options.dry_run && dir.is_dir() {
        let lock = folder::lock(dir, options.lock_wait)?;
        for name in folder::remove_stale_temps(dir, std::time::SystemTime::now()) {
            writeln!(
                out,
                "removed {}: a temporary file left by an interrupted import",
                escape_controls(&name)
            )?;
        }
        Some(lock)
    } else {
        None
    };
    let mut dupes = dedupe::existing(dir, options.index.as_deref())?;
    let mut summary = Summary {
        sources: sources.len(),
        ..Summary::default()
    };
    for (source, read) in sources.iter().zip(read) {
        let shown = escape_controls(source).into_owned();
        let (extracted, rendered) = match read {
            Ok(Loaded::Read(extracted, rendered)) => (extracted, rendered),
            Ok(Loaded::Stream(feed)) => {
                let (errors_before, failed_before) = (summary.errors, summary.failed_sources);
                stream::import(feed, &shown, options, &mut dupes, &mut summary, out)?;
                if summary.errors > errors_before && summary.failed_sources == failed_before {
                    summary.sources_with_errors += 1;
                }
                continue;
            }
            Err(SourceError::SubscriptionList) => {
                summary.failed_sources += 1;
                summary.subscription_lists += 1;
                writeln!(
                    out,
                    "failed  {shown} is an OPML subscription list, not articles: \
                     run gogai --import-opml {}",
                    shell_word(&shown)
                )?;
                continue;
            }
            Err(e) => {
                summary.failed_sources += 1;
                writeln!(out, "failed  {shown}: {}", escape_controls(&e.to_string()))?;
                continue;
            }
        };
        let errors_before = summary.errors;
        let failed_before = summary.failed_sources;
        // Nothing read and an error said why: the source failed.
        if extracted.drafts.is_empty()
            && extracted
                .notes
                .iter()
                .any(|n| n.severity == Severity::Error)
        {
            summary.failed_sources += 1;
        }
        for note in &extracted.notes {
            match note.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
            writeln!(out, "{}", note_line(&shown, note))?;
        }
        for (draft, rendered) in extracted.drafts.iter().zip(rendered) {
            import_one(
                draft,
                rendered,
                &shown,
                options,
                &mut dupes,
                &mut summary,
                out,
            )?;
        }
        if summary.errors > errors_before && summary.failed_sources == failed_before {
            summary.sources_with_errors += 1;
        }
    }
    writeln!(out, "{}", summary_line(&summary, options.dry_run))?;
    Ok(summary)
}

/// A source read before the folder is locked, or one to read while
/// writing.
enum Loaded {
    Read(Extracted, Vec<Result<(Vec<u8>, Article), String>>),
    Stream(stream::Streamed),
}

/// Reads (or fetches) one source before the folder is locked: whole, and
/// rendered on every core; or, for a large feed, opened to be read item by
/// item while it is written.
fn load(source: &str, options: &Options) -> Result<Loaded, SourceError> {
    let got = match stream::streamable(source, &options.limits) {
        Some(path) => {
            let file = std::fs::File::open(&path).map_err(|cause| SourceError::Read { cause })?;
            Got::Stream(stream::Streamed {
                file,
                base: None,
                charset: None,
            })
        }
        None => read_any(source, &options.limits, &options.dir, true)?,
    };
    Ok(match got {
        Got::Whole(extracted) => {
            let rendered = crate::par::map_indexed(&extracted.drafts, PER_THREAD, |_, d| render(d));
            Loaded::Read(extracted, rendered)
        }
        Got::Stream(feed) => Loaded::Stream(feed),
    })
}

/// A source read whole, or a large feed to read item by item.
enum Got {
    Whole(Extracted),
    Stream(stream::Streamed),
}

/// Turns one draft into a file (or, in a dry run, says it would).
fn import_one(
    draft: &Draft,
    rendered: Result<(Vec<u8>, Article), String>,
    shown: &str,
    options: &Options,
    dupes: &mut DuplicateFinder,
    summary: &mut Summary,
    out: &mut dyn Write,
) -> Result<(), ImportError> {
    let whence = match &draft.place {
        Some(place) => format!("{shown} ({})", escape_controls(place)),
        None => shown.to_owned(),
    };
    let whence_at = match draft.at {
        Some((l, c)) => format!("{shown}:{l}:{c}"),
        None => shown.to_owned(),
    };
    let place = draft
        .place
        .as_deref()
        .map_or_else(String::new, |p| format!("{}: ", escape_controls(p)));
    let (bytes, article) = match rendered {
        Ok(done) => done,
        Err(why) => {
            summary.errors += 1;
            writeln!(out, "error   {whence_at}: {place}{}", escape_controls(&why))?;
            return Ok(());
        }
    };
    let title = escape_controls(&article.title).into_owned();
    if let Some(dupe) = dupes.find(&article) {
        summary.duplicates += 1;
        writeln!(out, "skipped {whence}: \"{title}\": {dupe}")?;
        return Ok(());
    }
    let stem = write::file_stem(&article.title, &identity(&article));
    if options.dry_run {
        let name = write::free_name(&options.dir, &stem, &bytes);
        summary.added += 1;
        writeln!(
            out,
            "would add {}: \"{title}\" from {whence}",
            escape_controls(&name)
        )?;
        dupes.add_article(&article, &format!("{name} (in this run)"));
        return Ok(());
    }
    match write::create_new(&options.dir, &stem, &bytes) {
        Ok(write::Written::New(path)) => {
            let name = file_name(&path);
            summary.added += 1;
            writeln!(
                out,
                "added   {}: \"{title}\" from {whence}",
                escape_controls(&name)
            )?;
            dupes.add_article(&article, &format!("{name} (in this run)"));
            summary.written.push(path);
        }
        Ok(write::Written::Identical(path)) => {
            summary.duplicates += 1;
            writeln!(
                out,
                "skipped {whence}: \"{title}\": the same file is already there ({})",
                escape_controls(&file_name(&path))
            )?;
        }
        Err(e) => {
            summary.errors += 1;
            writeln!(
                out,
                "error   {whence}: \"{title}\": {}",
                escape_controls(&e.to_string())
            )?;
        }
    }
    Ok(())
}

/// `word` as a shell reads it back: as it is when it is plain, else in
/// single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:@%+=,~".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What names an article for its file's hash: its url, else its title and
/// date. The same article imported twice gets the same name.
pub(crate) fn identity(article: &Article) -> String {
    article.url.clone().unwrap_or_else(|| {
        format!(
            "{}\n{}",
            article.title.to_lowercase(),
            article.date().unwrap_or("")
        )
    })
}

/// Reads one source (a path, or an http(s) URL to fetch) and extracts its
/// articles.
pub fn read_source(source: &str, limits: &Limits) -> Result<Extracted, SourceError> {
    match read_any(source, limits, &std::env::temp_dir(), false)? {
        Got::Whole(extracted) => Ok(extracted),
        // Not asked for.
        Got::Stream(_) => Err(SourceError::Unrecognised(
            "a large feed, to be read item by item".to_owned(),
        )),
    }
}

/// Reads one source; a large fetched feed is handed back to be streamed
/// when `stream` is set (its body spooled into `spool_dir`).
fn read_any(
    source: &str,
    limits: &Limits,
    spool_dir: &Path,
    stream: bool,
) -> Result<Got, SourceError> {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let fetched = fetch::fetch(source, limits, spool_dir)?;
        // `…/notes.md` served as text/plain is still Markdown.
        let extension = url::Url::parse(&fetched.url).ok().and_then(|u| {
            Path::new(u.path())
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_owned)
        });
        let mut body = fetched.body;
        if stream && let fetch::Body::File { .. } = body {
            let head = body.head().map_err(|cause| SourceError::Read { cause })?;
            if stream::can_stream(
                &head,
                extension.as_deref(),
                fetched.content_type.as_deref(),
                fetched.charset.as_deref(),
            ) && let fetch::Body::File { file, .. } = body
            {
                return Ok(Got::Stream(stream::Streamed {
                    file,
                    base: Some(fetched.url),
                    charset: fetched.charset,
                }));
            }
        }
        let size = body.len();
        let bytes = body
            .into_bytes(fetch::WHOLE_MAX)
            .map_err(|cause| SourceError::Read { cause })?
            .ok_or(SourceError::TooLargeWhole { size })?;
        let kind = sniff(
            &bytes,
            extension.as_deref(),
            fetched.content_type.as_deref(),
        )?;
        return Ok(Got::Whole(extract(
            kind,
            &bytes,
            Some(&fetched.url),
            source,
            fetched.charset.as_deref(),
        )));
    }
    let path = Path::new(source);
    let bytes = read_file(path, limits.max_bytes.min(fetch::WHOLE_MAX))?;
    let kind = sniff(&bytes, path.extension().and_then(|e| e.to_str()), None)?;
    let name = path
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Got::Whole(extract(kind, &bytes, None, &name, None)))
}

/// Extracts the articles of a source whose kind is known. `base` is the
/// address it was fetched from (for relative links); `name` stands in for a
/// missing title (a file name without extension); `charset` is the one the
/// server gave, which outranks the document's own declaration.
pub fn extract(
    kind: Kind,
    bytes: &[u8],
    base: Option<&str>,
    name: &str,
    charset: Option<&str>,
) -> Extracted {
    match kind {
        Kind::Feed => feed::extract(bytes, base, charset),
        Kind::Text => text::extract(bytes, charset),
        Kind::Markdown => markdown::extract(bytes, name, charset),
        Kind::Html => html::extract(bytes, base, charset),
    }
}

/// Reads a file through a cap, so a file that grows while it is read is
/// still bounded. Pipes and devices are refused before they are opened.
fn read_file(path: &Path, cap: u64) -> Result<Vec<u8>, SourceError> {
    let meta = std::fs::metadata(path).map_err(|cause| SourceError::Read { cause })?;
    if !meta.is_file() {
        return Err(SourceError::NotAFile);
    }
    if meta.len() > cap {
        return Err(SourceError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let file = std::fs::File::open(path).map_err(|cause| SourceError::Read { cause })?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|cause| SourceError::Read { cause })?;
    if bytes.len() as u64 > cap {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}
