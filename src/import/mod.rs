//! `gogai --import`: turning feeds, plain text, Markdown and saved web pages
//! into article files in the folder.
//!
//! Each source is read (or fetched), its kind sniffed, and its articles
//! extracted as [`Draft`]s by the module for that kind. Every draft is then
//! written out as article JSON, parsed back with [`crate::article::parse`]
//! (so what lands in the folder is valid by construction), checked against
//! what the folder already holds, and written without ever replacing a file.

pub mod feed;
pub mod fetch;
pub mod html;
pub mod markdown;
pub mod text;
pub mod write;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::{self, Article, Severity, escape_controls};
use crate::store::library::{Library, LibrarySource};

pub use fetch::Limits;

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
    pub tags: Vec<String>,
    pub body: Vec<String>,
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
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    #[error("{0}")]
    Unrecognised(String),
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
}

/// What an import did, in numbers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Articles written (or, in a dry run, that would be).
    pub added: usize,
    /// Articles already in the folder or met earlier in this run.
    pub duplicates: usize,
    /// Articles (or items) that could not be imported.
    pub errors: usize,
    pub warnings: usize,
    /// Sources that could not be read at all.
    pub failed_sources: usize,
    pub sources: usize,
    /// The files written, in order.
    pub written: Vec<PathBuf>,
}

impl Summary {
    /// Whether anything went wrong that the user should act on: a source
    /// that failed, or an item lost to an error. Duplicates are not.
    pub fn failed(&self) -> bool {
        self.failed_sources > 0 || self.errors > 0
    }
}

/// Imports every source into `options.dir`, telling `out` one line per
/// article added or skipped, per problem and per failed source, then a
/// summary. Only a folder that cannot be read or created stops it; a source
/// that fails is reported and the next one is tried.
pub fn run(
    sources: &[String],
    options: &Options,
    out: &mut dyn Write,
) -> Result<Summary, ImportError> {
    let mut known = existing(&options.dir, options.index.as_deref())?;
    if !options.dry_run {
        std::fs::create_dir_all(&options.dir).map_err(|cause| ImportError::CreateFolder {
            path: options.dir.display().to_string(),
            cause,
        })?;
    }
    let mut summary = Summary {
        sources: sources.len(),
        ..Summary::default()
    };
    for source in sources {
        let shown = escape_controls(source).into_owned();
        let extracted = match read_source(source, &options.limits) {
            Ok(extracted) => extracted,
            Err(e) => {
                summary.failed_sources += 1;
                writeln!(out, "failed  {shown}: {}", escape_controls(&e.to_string()))?;
                continue;
            }
        };
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
        // Rendering is pure, so it runs on every core first; the writes
        // then go in order, so names and duplicates do not depend on threads.
        let rendered =
            crate::par::map_indexed(&extracted.drafts, PER_THREAD, |_, draft| render(draft));
        for (draft, rendered) in extracted.drafts.iter().zip(rendered) {
            import_one(
                draft,
                rendered,
                &shown,
                options,
                &mut known,
                &mut summary,
                out,
            )?;
        }
    }
    writeln!(out, "{}", summary_line(&summary, options.dry_run))?;
    Ok(summary)
}

fn note_line(shown: &str, note: &Note) -> String {
    let word = match note.severity {
        Severity::Error => "error   ",
        Severity::Warning => "warning ",
    };
    let at = note
        .at
        .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
    format!("{word}{shown}{at}: {}", escape_controls(&note.message))
}

fn summary_line(s: &Summary, dry_run: bool) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = if dry_run {
        format!(
            "dry run, nothing written: {} would be added",
            plural(s.added, "article", "articles")
        )
    } else {
        format!("{} added", plural(s.added, "article", "articles"))
    };
    let _ = write!(line, ", {} skipped as already there", s.duplicates);
    if s.errors > 0 {
        let _ = write!(line, ", {}", plural(s.errors, "error", "errors"));
    }
    if s.warnings > 0 {
        let _ = write!(line, ", {}", plural(s.warnings, "warning", "warnings"));
    }
    let _ = write!(
        line,
        "; {} of {} failed",
        s.failed_sources,
        plural(s.sources, "source", "sources")
    );
    line
}

/// Turns one draft into a file (or, in a dry run, says it would).
fn import_one(
    draft: &Draft,
    rendered: Result<(Vec<u8>, Article), String>,
    shown: &str,
    options: &Options,
    known: &mut Known,
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
    if let Some(dupe) = known.find(&article) {
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
        known.add_article(&article, &format!("{name} (in this run)"));
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
            known.add_article(&article, &format!("{name} (in this run)"));
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

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What names an article for its file's hash: its url, else its title and
/// date. The same article imported twice gets the same name.
fn identity(article: &Article) -> String {
    article.url.clone().unwrap_or_else(|| {
        format!(
            "{}\n{}",
            article.title.to_lowercase(),
            article.date().unwrap_or("")
        )
    })
}

/// The article file as it will be written.
#[derive(Serialize)]
struct Out<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    body: &'a [String],
}

/// How many words a title made from the text takes.
const DERIVED_TITLE_WORDS: usize = 10;

/// The draft as article JSON, and that JSON parsed back by the reader's own
/// parser. No `id` is written: the reader takes the file name, which is
/// unique in the folder by construction. An error says why the draft cannot
/// be an article.
pub fn render(draft: &Draft) -> Result<(Vec<u8>, Article), String> {
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(crate::text::normalize_paragraph)
            .filter(|s| !s.is_empty())
    };
    let (source, author, url) = (
        clean(&draft.source),
        clean(&draft.author),
        clean(&draft.url),
    );
    let mut body: Vec<String> = draft
        .body
        .iter()
        .map(|p| crate::text::normalize_paragraph(p))
        .filter(|p| !p.is_empty())
        .collect();
    let title = match clean(&draft.title) {
        Some(title) => title,
        None => derive_title(&body)
            .ok_or_else(|| "has neither a title nor any text; nothing to import".to_owned())?,
    };
    if body.is_empty() {
        // A link-only feed item: its link is its text, so it still shows
        // something and `o` opens it. The reader warns of an empty body,
        // and an import writes only files `--check` passes.
        body.push(
            url.clone()
                .ok_or_else(|| "has a title but no text; nothing to import".to_owned())?,
        );
    }
    let subtitle = clean(&draft.subtitle).filter(|s| *s != title);
    // A date the reader would not take (a year past 9999) is left out.
    let published = clean(&draft.published).filter(|p| article::is_iso8601(p));
    let tags: Vec<String> = {
        let mut seen = std::collections::HashSet::new();
        draft
            .tags
            .iter()
            .map(|t| crate::text::normalize_paragraph(t))
            .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
            .collect()
    };
    let out = Out {
        title: &title,
        subtitle: subtitle.as_deref(),
        source: source.as_deref(),
        author: author.as_deref(),
        url: url.as_deref(),
        published: published.as_deref(),
        tags: &tags,
        body: &body,
    };
    let mut bytes = serde_json::to_vec_pretty(&out).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    let parsed = article::parse(&bytes, "import.json", "import.json");
    // Warnings too: what is written must pass `--check` cleanly.
    if let Some(problem) = parsed.problems.first() {
        return Err(problem.message.clone());
    }
    let article = parsed
        .articles
        .into_iter()
        .next()
        .ok_or_else(|| "the article could not be read back".to_owned())?;
    Ok((bytes, article))
}

/// A title from the first words of the text, for items that have none.
fn derive_title(body: &[String]) -> Option<String> {
    let first = body.first()?;
    let words: Vec<&str> = first.split_whitespace().collect();
    let mut title = words
        .iter()
        .take(DERIVED_TITLE_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    // One long word (or text without spaces, as Japanese is written).
    if title.chars().count() > 80 {
        title = title.chars().take(60).collect();
        title.push('…');
    } else if words.len() > DERIVED_TITLE_WORDS {
        let kept = title.trim_end_matches([',', ';', ':', '.']).len();
        title.truncate(kept);
        title.push('…');
    }
    Some(title).filter(|t| !t.is_empty())
}

/// The keys an article is matched on to find it already imported: the
/// same url; or the same title (ignoring case) and the same calendar date;
/// or, when neither has a date and one has no url, the same title. Two
/// undated feed items with different links are different articles, even
/// under one title ("Weekly update").
#[derive(Debug, Default)]
struct Known {
    /// url → where it is.
    urls: HashMap<String, String>,
    /// (lower-case title, calendar date) → where it is, and whether that
    /// article has a url.
    titles: HashMap<(String, Option<String>), (String, bool)>,
}

impl Known {
    /// Notes an article of this run as being at `place`.
    fn add_article(&mut self, article: &Article, place: &str) {
        self.add(
            article.url.as_deref(),
            &article.title,
            (article.date(), article.published_at),
            place,
        );
    }

    /// Notes an article (its url, title, and date as written and as a
    /// moment) as being at `place`.
    fn add(
        &mut self,
        url: Option<&str>,
        title: &str,
        (date, at): (Option<&str>, Option<i64>),
        place: &str,
    ) {
        if let Some(url) = url {
            self.urls
                .entry(url.to_owned())
                .or_insert_with(|| place.to_owned());
        }
        for key in title_keys(title, date, at) {
            self.titles
                .entry(key)
                .or_insert_with(|| (place.to_owned(), url.is_some()));
        }
    }

    /// Where the same article already is, and how it was matched.
    fn find(&self, article: &Article) -> Option<String> {
        if let Some(place) = article.url.as_ref().and_then(|u| self.urls.get(u)) {
            return Some(format!(
                "already there as {}, same url",
                escape_controls(place)
            ));
        }
        let keys = title_keys(&article.title, article.date(), article.published_at);
        let dated = article.date().is_some();
        keys.iter()
            .find_map(|key| self.titles.get(key))
            .filter(|(_, has_url)| dated || !(*has_url && article.url.is_some()))
            .map(|(place, _)| {
                format!(
                    "already there as {}, same title and {}",
                    escape_controls(place),
                    if dated { "date" } else { "no date" }
                )
            })
    }
}

/// The keys an article is matched on by title: its title with its date as
/// written, and with the date in UTC when that differs. Feeds give their
/// dates in UTC (feed-rs keeps no offset) while a page keeps its own, so the
/// same article can be 10 April on the page and 9 April in the feed.
fn title_keys(title: &str, date: Option<&str>, at: Option<i64>) -> Vec<(String, Option<String>)> {
    let title = title.to_lowercase();
    let utc = at
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.date_naive().to_string());
    let mut keys = vec![(title.clone(), date.map(str::to_owned))];
    if utc.is_some() && utc.as_deref() != date {
        keys.push((title, utc));
    }
    keys
}

/// The articles already in the folder, by the keys an import matches on.
/// This is the one place the import reads the folder: it goes through the
/// reader's own loader (public API only), so it sees what the reader sees.
/// A folder that does not exist yet holds nothing; a file that does not load
/// is not matched against (the reader would not show it either).
fn existing(dir: &Path, index: Option<&Path>) -> Result<Known, ImportError> {
    let mut known = Known::default();
    if !dir.exists() {
        return Ok(known);
    }
    // Through the metadata index when there is a cache, as the reader
    // does: only the titles, dates and urls are needed, not the bodies.
    let origin = LibrarySource::Flag(dir.to_path_buf());
    let library = match index {
        Some(index) => Library::load_dir_indexed(origin, dir, index).map(|(l, _)| l),
        None => Library::load_dir(origin, dir),
    }
    .map_err(|cause| ImportError::Folder { cause })?;
    for article in library.articles.iter() {
        let file = article.file();
        let name = Path::new(&file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        known.add(
            article.url(),
            article.title(),
            (article.date(), article.published_at()),
            &name,
        );
    }
    Ok(known)
}

/// Reads one source (a path, or an http(s) URL to fetch) and extracts its
/// articles.
pub fn read_source(source: &str, limits: &Limits) -> Result<Extracted, SourceError> {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let fetched = fetch::fetch(source, limits)?;
        // `…/notes.md` served as text/plain is still Markdown.
        let extension = url::Url::parse(&fetched.url).ok().and_then(|u| {
            Path::new(u.path())
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_owned)
        });
        let kind = sniff(
            &fetched.bytes,
            extension.as_deref(),
            fetched.content_type.as_deref(),
        )?;
        return Ok(extract(
            kind,
            &fetched.bytes,
            Some(&fetched.url),
            source,
            fetched.charset.as_deref(),
        ));
    }
    let path = Path::new(source);
    let bytes = read_file(path, limits.max_bytes)?;
    let kind = sniff(&bytes, path.extension().and_then(|e| e.to_str()), None)?;
    let name = path
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(extract(kind, &bytes, None, &name, None))
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

/// Which kind of source these bytes are: the content first (a feed is a
/// feed whatever it is called), then the file extension or the served
/// content type, then plain text.
pub fn sniff(
    bytes: &[u8],
    extension: Option<&str>,
    content_type: Option<&str>,
) -> Result<Kind, SourceError> {
    let head = &bytes[..bytes.len().min(4096)];
    // Text has no NUL bytes; PDFs, images and archives do (UTF-16 too,
    // which no feed or page here is written in).
    if let Some(at) = memchr::memchr(0, head) {
        return Err(SourceError::Unrecognised(format!(
            "binary data (a NUL byte at offset {at}), not a feed, page or text"
        )));
    }
    let head = String::from_utf8_lossy(head);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let extension = extension.map(str::to_ascii_lowercase);
    let ext = extension.as_deref();
    if start.starts_with('<') {
        match xml_root(start) {
            Some(root) if matches!(root.as_str(), "rss" | "feed" | "rdf:rdf" | "rdf") => {
                return Ok(Kind::Feed);
            }
            Some(root) if root == "html" || root == "!doctype" => return Ok(Kind::Html),
            // Markdown and text may start with a tag of their own
            // (`<h1 align="center">`): only a file that says it is XML, or
            // says nothing, is judged by its root.
            Some(root)
                if ext.is_none_or(|e| matches!(e, "xml" | "rss" | "atom" | "rdf"))
                    && !looks_like_html(start) =>
            {
                return Err(SourceError::Unrecognised(format!(
                    "XML whose root element is <{root}>, not a feed (rss, feed or rdf:RDF)"
                )));
            }
            _ => {}
        }
    }
    if start.starts_with('{') {
        if start.contains("jsonfeed.org/version") {
            return Ok(Kind::Feed);
        }
        return Err(SourceError::Unrecognised(
            "JSON, but not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/…\"); \
             an article file can be copied into the folder as it is"
                .into(),
        ));
    }
    match ext {
        Some("md" | "markdown" | "mdown" | "mkd") => return Ok(Kind::Markdown),
        Some("html" | "htm" | "xhtml") => return Ok(Kind::Html),
        Some("txt" | "text") => return Ok(Kind::Text),
        Some("xml" | "rss" | "atom" | "rdf") => return Ok(Kind::Feed),
        _ => {}
    }
    let content_type = content_type.map(str::to_ascii_lowercase);
    match content_type.as_deref() {
        Some(t) if t.contains("html") => return Ok(Kind::Html),
        Some(t) if t.contains("markdown") => return Ok(Kind::Markdown),
        Some(t) if t.contains("xml") || t.contains("feed") => return Ok(Kind::Feed),
        _ => {}
    }
    if start.starts_with("---\n") || start.starts_with("+++\n") || start.starts_with("---\r\n") {
        return Ok(Kind::Markdown);
    }
    if start.starts_with('<') && looks_like_html(start) {
        return Ok(Kind::Html);
    }
    Ok(Kind::Text)
}

fn looks_like_html(start: &str) -> bool {
    let lower = start.to_ascii_lowercase();
    [
        "<html",
        "<body",
        "<head",
        "<article",
        "<p>",
        "<div",
        "<!doctype html",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// The name of the first element (lower case), skipping the XML
/// declaration, processing instructions and comments; `!doctype` for a
/// document type declaration.
fn xml_root(mut s: &str) -> Option<String> {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("<?") {
            s = &rest[rest.find("?>")? + 2..];
        } else if let Some(rest) = s.strip_prefix("<!--") {
            s = &rest[rest.find("-->")? + 3..];
        } else if s
            .as_bytes()
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"<!doctype"))
        {
            let decl = &s[9..s.find('>')?];
            if decl.trim().to_ascii_lowercase().starts_with("html") {
                return Some("!doctype".into());
            }
            s = &s[s.find('>')? + 1..];
        } else {
            let rest = s.strip_prefix('<')?;
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(rest.len());
            return Some(rest[..end].to_ascii_lowercase());
        }
    }
}

/// Text from bytes whose encoding may be declared wrongly. Bytes that are
/// valid UTF-8 are read as UTF-8 whatever the declaration says (a
/// declaration left over from another encoding is the common mistake, and
/// UTF-8 almost never happens by accident); otherwise the declared encoding
/// is used, and with none (or a false claim of UTF-8), Windows-1252, as
/// browsers do. The note says what was guessed.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Option<Note>) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), None);
    }
    let declared_encoding =
        declared.and_then(|d| encoding_rs::Encoding::for_label(d.trim().as_bytes()));
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let note = declared_encoding
                .filter(|e| *e != encoding_rs::UTF_8 && !text.is_ascii())
                .map(|_| {
                    Note::warning(
                        None,
                        format!(
                            "declares the encoding {:?}, but its bytes are UTF-8; read as UTF-8",
                            declared.unwrap_or_default()
                        ),
                    )
                });
            (text.to_owned(), note)
        }
        Err(e) => {
            let at = position(bytes, e.valid_up_to());
            let (encoding, note) = match declared_encoding {
                Some(enc) if enc != encoding_rs::UTF_8 => (enc, None),
                _ => (
                    encoding_rs::WINDOWS_1252,
                    Some(Note::warning(
                        Some(at),
                        format!(
                            "not valid UTF-8 (byte 0x{:02x}){}; read as Windows-1252 (Latin-1)",
                            bytes.get(e.valid_up_to()).copied().unwrap_or(0),
                            if declared.is_some() {
                                " although it says it is"
                            } else {
                                ""
                            }
                        ),
                    )),
                ),
            };
            let (text, _, _) = encoding.decode(bytes);
            (text.into_owned(), note)
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    advance((1, 1), &bytes[..offset.min(bytes.len())])
}

/// The line and column (both from 1, columns in characters) reached from
/// `from` by reading `bytes`: positions further on in a file without
/// counting it from the start again.
pub fn advance(from: (usize, usize), bytes: &[u8]) -> (usize, usize) {
    // Characters are counted by their first bytes (a cut-off one counts
    // once, as the lossy reading of it would).
    let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xc0 != 0x80).count();
    let (line, column) = from;
    match memchr::memrchr(b'\n', bytes) {
        None => (line, column + chars(bytes)),
        Some(last) => (
            line + memchr::memchr_iter(b'\n', bytes).count(),
            chars(&bytes[last + 1..]) + 1,
        ),
    }
}

/// A date as the article format wants it (ISO 8601), from the forms sources
/// use: ISO 8601 itself, RFC 3339, RFC 2822 (`Wed, 10 Apr 2024 09:30:00
/// +0900`), and `2024-04-10 09:30:00 +0900` (Jekyll and Hugo front matter).
/// `None` for anything else.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if article::is_iso8601(s) {
        return Some(s.to_owned());
    }
    let fixed = chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(s))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z"))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M %z"))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z"))
        .ok()?;
    Some(fixed.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// An absolute http(s) or mailto URL from `href`, resolved against `base`
/// when it is relative. `None` when it cannot be made absolute.
pub fn absolute_url(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let resolved = match url::Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(href).ok()?
        }
        Err(_) => return None,
    };
    matches!(resolved.scheme(), "http" | "https" | "mailto").then(|| resolved.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_then_name() {
        let feed = b"<?xml version=\"1.0\"?>\n<!-- hi -->\n<rss version=\"2.0\"></rss>";
        assert_eq!(sniff(feed, Some("txt"), None).ok(), Some(Kind::Feed));
        assert_eq!(
            sniff(b"<feed xmlns=\"x\">", None, None).ok(),
            Some(Kind::Feed)
        );
        assert_eq!(sniff(b"<rdf:RDF>", None, None).ok(), Some(Kind::Feed));
        assert_eq!(
            sniff(
                b"{\"version\": \"https://jsonfeed.org/version/1.1\"}",
                None,
                None
            )
            .ok(),
            Some(Kind::Feed)
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><p>x", None, None).ok(),
            Some(Kind::Html)
        );
        assert_eq!(
            sniff(b"# Title", Some("md"), None).ok(),
            Some(Kind::Markdown)
        );
        assert_eq!(
            sniff(b"---\ntitle: x\n---\n", None, None).ok(),
            Some(Kind::Markdown)
        );
        assert_eq!(sniff(b"Title\nSub\n", None, None).ok(), Some(Kind::Text));
        assert!(sniff(b"<svg></svg>", None, None).is_err());
        assert!(sniff(b"{\"title\": \"x\"}", None, None).is_err());
    }

    #[test]
    fn dates_become_iso() {
        assert_eq!(normalize_date("2024-04-10").as_deref(), Some("2024-04-10"));
        assert_eq!(
            normalize_date("Wed, 10 Apr 2024 09:30:00 +0900").as_deref(),
            Some("2024-04-10T09:30:00+09:00")
        );
        assert_eq!(
            normalize_date("2024-04-10 09:30:00 +0900").as_deref(),
            Some("2024-04-10T09:30:00+09:00")
        );
        assert_eq!(normalize_date("last Tuesday"), None);
    }

    #[test]
    fn urls_are_made_absolute_or_dropped() {
        assert_eq!(
            absolute_url("/a/b", Some("https://example.com/feed.xml")).as_deref(),
            Some("https://example.com/a/b")
        );
        assert_eq!(absolute_url("/a/b", None), None);
        assert_eq!(absolute_url("javascript:alert(1)", None), None);
    }

    #[test]
    fn titles_are_derived_from_the_first_words() {
        let body = vec!["One two three four five six seven eight nine ten eleven.".to_owned()];
        assert_eq!(
            derive_title(&body).as_deref(),
            Some("One two three four five six seven eight nine ten…")
        );
        assert_eq!(derive_title(&[]), None);
    }

    #[test]
    fn wrongly_declared_encodings_are_read_by_their_bytes() {
        let (text, note) = decode("café".as_bytes(), Some("ISO-8859-1"));
        assert_eq!(text, "café");
        assert!(note.is_some());
        let (text, note) = decode(b"caf\xe9", Some("UTF-8"));
        assert_eq!(text, "café");
        assert!(note.is_some());
        let (text, note) = decode(b"caf\xe9", Some("iso-8859-1"));
        assert_eq!(text, "café");
        assert!(note.is_none());
    }
}
