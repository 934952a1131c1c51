//! The subscription modes: `--subscribe`, `--unsubscribe`, `--feeds`,
//! `--import-opml` and `--export-opml`. They edit or read the feeds file
//! (see [`crate::feeds`]); none fetches anything.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::feeds::opml;
use crate::feeds::{FeedsError, Subscription, Subscriptions};
use crate::store::state::{self, FeedState, ReadState};

use super::{Cli, NOT_FOUND, emit, usage};

/// How many times an edit is redone when the feeds file changed under it.
const ATTEMPTS: usize = 5;

/// The subscription mode `cli` asks for, run; `None` when it asks for none.
pub(super) fn run(cli: &Cli) -> Option<anyhow::Result<ExitCode>> {
    let asked = cli.subscribe.is_some()
        || cli.unsubscribe.is_some()
        || cli.feeds
        || cli.import_opml.is_some()
        || cli.export_opml;
    if !asked {
        return None;
    }
    if cli.json && !cli.feeds {
        return Some(Ok(usage(
            "--json goes with --list, --print, --facts or --feeds",
        )));
    }
    if !cli.after_dashes.is_empty() {
        return Some(Ok(usage("the subscription modes take no ARTICLE")));
    }
    let Some(path) = crate::feeds::default_path() else {
        return Some(Err(anyhow::anyhow!(
            "no place for the feeds file ($XDG_CONFIG_HOME and $HOME unset)"
        )));
    };
    Some(if let Some(url) = &cli.subscribe {
        subscribe(cli, &path, url)
    } else if let Some(query) = &cli.unsubscribe {
        unsubscribe(cli, &path, query)
    } else if let Some(file) = &cli.import_opml {
        import_opml(&path, file)
    } else if cli.export_opml {
        export_opml(&path)
    } else {
        list(cli, &path)
    })
}

/// Loads the feeds file, applies `edit`, and saves it; when the file
/// changed on disk meanwhile, all of it again on what is there now, so
/// another gogai's (or an editor's) change is never written over.
fn edit<T>(
    path: &Path,
    mut edit: impl FnMut(&mut Subscriptions) -> Result<(T, bool), FeedsError>,
) -> Result<T, FeedsError> {
    let mut attempt = 0;
    loop {
        let mut list = Subscriptions::load(path)?;
        let (done, changed) = edit(&mut list)?;
        if !changed {
            return Ok(done);
        }
        match list.save() {
            Err(FeedsError::Changed { .. }) if attempt + 1 < ATTEMPTS => attempt += 1,
            Err(e) => return Err(e),
            Ok(()) => return Ok(done),
        }
    }
}

fn warn(list: &Subscriptions) {
    for warning in list.warnings() {
        eprintln!("gogai: warning: {warning}");
    }
}

/// `--subscribe URL [--tag T]... [--name NAME]`.
fn subscribe(cli: &Cli, path: &Path, given: &str) -> anyhow::Result<ExitCode> {
    let url = match source(given) {
        Ok(url) => url,
        Err(why) => return Ok(usage(&why)),
    };
    for text in cli.tags.iter().chain(&cli.name) {
        if text.trim().is_empty() || text.contains(['\n', '\r']) {
            return Ok(usage(&format!(
                "{text:?}: a tag or name must be one line of text"
            )));
        }
    }
    if let Some(tag) = cli.tags.iter().find(|t| t.starts_with('~')) {
        return Ok(usage(&format!(
            "{tag:?}: a tag cannot start with ~ (the feeds file reads that as the name; use --name)"
        )));
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in &cli.tags {
        if !tags.contains(tag) {
            tags.push(tag.trim().to_owned());
        }
    }
    let feed = Subscription {
        url: url.clone(),
        name: cli.name.as_ref().map(|n| n.trim().to_owned()),
        tags,
        line: 0,
    };
    let existed = path.exists();
    let added = edit(path, |list| {
        warn(list);
        let added = list.add(feed.clone());
        Ok((added, added))
    })?;
    if !added {
        say!("already subscribed to {url} (in {})", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    if !existed {
        say!("created the feeds file {}", path.display());
    }
    say!(
        "subscribed to {}{}; gogai --update fetches it",
        feed.title(),
        if feed.name.is_some() {
            format!(" ({url})")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// What `--subscribe` was given, as the feeds file will hold it: an
/// http(s) URL as it is, a file as its absolute path (so `--update` finds
/// it from any folder). An error says why neither.
fn source(given: &str) -> Result<String, String> {
    let given = given.trim();
    if let Ok(url) = url::Url::parse(given) {
        if matches!(url.scheme(), "http" | "https") && url.host().is_some() {
            if given.contains(char::is_whitespace) {
                return Err(format!("{given:?}: a feed URL cannot hold spaces"));
            }
            return Ok(given.to_owned());
        }
        if url.scheme().len() > 1 {
            return Err(format!(
                "{given:?} is not an http(s) URL (gogai fetches http and https only)"
            ));
        }
    }
    let path = Path::new(given);
    if path.is_file() {
        let absolute = path.canonicalize().map_err(|e| format!("{given}: {e}"))?;
        let text = absolute.to_string_lossy().into_owned();
        if text.contains(char::is_whitespace) {
            return Err(format!(
                "{given}: a feed file's path cannot hold spaces in the feeds file; move or link it"
            ));
        }
        return Ok(text);
    }
    Err(format!(
        "{given:?} is neither an http(s) URL nor an existing feed file"
    ))
}

/// `--unsubscribe URL|NAME`.
fn unsubscribe(cli: &Cli, path: &Path, query: &str) -> anyhow::Result<ExitCode> {
    let removed = edit(path, |list| {
        warn(list);
        match list.remove(query) {
            Ok(removed) => Ok((Ok(removed), true)),
            Err(FeedsError::Invalid(why)) => Ok((Err(why), false)),
            Err(e) => Err(e),
        }
    })?;
    let feed = match removed {
        Ok(feed) => feed,
        Err(why) => {
            eprintln!("gogai: {why}");
            return Ok(ExitCode::from(NOT_FOUND));
        }
    };
    let folder = super::chosen_folder(cli.dir.as_deref()).map_or_else(
        || "the article folder".to_owned(),
        |(_, p)| p.display().to_string(),
    );
    say!(
        "unsubscribed from {}{}; its articles stay in {folder}",
        feed.title(),
        if feed.name.is_some() {
            format!(" ({})", feed.url)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// `--import-opml FILE`: a report in `--import`'s style.
fn import_opml(path: &Path, file: &Path) -> anyhow::Result<ExitCode> {
    let shown = crate::article::escape_controls(&file.display().to_string()).into_owned();
    let parsed = std::fs::read(file)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|bytes| opml::parse(&bytes).map_err(|e| e.to_string()));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(why) => {
            say!("failed  {shown}: {why}");
            say!("0 feeds added, 0 skipped as already subscribed; the file could not be read");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut report = String::new();
    for (line, why) in &parsed.warnings {
        let _ = writeln!(report, "warning {shown}:{line}: {why}");
    }
    let (added, skipped) = edit(path, |list| {
        warn(list);
        let (mut added, mut skipped) = (Vec::new(), Vec::new());
        for feed in &parsed.feeds {
            if list.add(feed.clone()) {
                added.push(feed.clone());
            } else {
                skipped.push(feed.clone());
            }
        }
        let changed = !added.is_empty();
        Ok(((added, skipped), changed))
    })?;
    for feed in &added {
        let _ = writeln!(report, "added   {}{}", feed.url, described(feed));
    }
    for feed in &skipped {
        let _ = writeln!(report, "skipped {}: already subscribed", feed.url);
    }
    let _ = writeln!(
        report,
        "{} added, {} skipped as already subscribed{}; feeds file {}",
        plural(added.len(), "feed"),
        skipped.len(),
        if parsed.warnings.is_empty() {
            String::new()
        } else {
            format!(", {}", plural(parsed.warnings.len(), "warning"))
        },
        path.display()
    );
    if !added.is_empty() {
        report.push_str("gogai --update fetches them\n");
    }
    // Names and URLs come from the file: each line printed inert.
    let report = report.lines().fold(String::new(), |mut out, l| {
        let _ = writeln!(out, "{}", crate::article::escape_controls(l));
        out
    });
    emit(&report)?;
    Ok(ExitCode::SUCCESS)
}

/// ` "name" [tag, tag]`, as much as the feed has.
fn described(feed: &Subscription) -> String {
    let mut out = String::new();
    if let Some(name) = &feed.name {
        let _ = write!(out, " \"{name}\"");
    }
    if !feed.tags.is_empty() {
        let _ = write!(out, " [{}]", feed.tags.join(", "));
    }
    out
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// `--export-opml`.
fn export_opml(path: &Path) -> anyhow::Result<ExitCode> {
    let list = Subscriptions::load(path)?;
    warn(&list);
    emit(&opml::export(list.as_slice()))?;
    Ok(ExitCode::SUCCESS)
}

/// One feed as `--feeds` shows it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    url: &'a str,
    name: Option<&'a str>,
    tags: &'a [String],
    articles: usize,
    unread: usize,
    /// Unix seconds of the last fetch.
    last_fetched: Option<u64>,
    status: Option<u16>,
    error: Option<&'a str>,
    /// Unix seconds; `None`: due now.
    next_due: Option<u64>,
}

/// `--feeds [--json]`.
fn list(cli: &Cli, path: &Path) -> anyhow::Result<ExitCode> {
    let list = Subscriptions::load(path)?;
    warn(&list);
    if list.is_empty() {
        if !cli.json {
            eprintln!(
                "gogai: no feeds in {}; subscribe with gogai --subscribe URL",
                path.display()
            );
        }
        emit(if cli.json { "[]\n" } else { "" })?;
        return Ok(ExitCode::SUCCESS);
    }
    let (read, fetched) = cli
        .state
        .clone()
        .or_else(state::default_path)
        .map(|p| ReadState::peek_with_feeds(&p))
        .unwrap_or_default();
    let counts = count_articles(cli.dir.as_deref(), &read)?;
    let fetched: HashMap<&str, &FeedState> = fetched.iter().map(|f| (f.url.as_str(), f)).collect();
    let now = state::now_secs();
    let rows: Vec<Row<'_>> = list
        .iter()
        .map(|feed| {
            let state = fetched.get(feed.url.as_str());
            let (articles, unread) = counts.get(feed.url.as_str()).copied().unwrap_or_default();
            let last_fetched = state.and_then(|s| s.fetched_at);
            Row {
                url: &feed.url,
                name: feed.name.as_deref(),
                tags: &feed.tags,
                articles,
                unread,
                last_fetched,
                status: state.and_then(|s| s.status),
                error: state.and_then(|s| s.error.as_deref()),
                next_due: crate::feeds::next_due(last_fetched).filter(|&due| due > now),
            }
        })
        .collect();
    emit(&if cli.json {
        let mut json = serde_json::to_string_pretty(&rows).context("cannot write the list")?;
        json.push('\n');
        json
    } else {
        table(&rows)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Articles and unread articles per feed URL, in the folder the reader
/// would show.
fn count_articles(
    dir: Option<&Path>,
    read: &ReadState,
) -> anyhow::Result<HashMap<String, (usize, usize)>> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    let Some((origin, folder)) = super::chosen_folder(dir) else {
        return Ok(counts);
    };
    if !folder.is_dir() {
        return Ok(counts);
    }
    let library = super::load_folder(origin, &folder, true)?;
    for article in library.articles.iter() {
        if let Some(feed) = article.feed() {
            let count = counts.entry(feed.to_owned()).or_default();
            count.0 += 1;
            if !read.is_read(article.id()) {
                count.1 += 1;
            }
        }
    }
    Ok(counts)
}

/// The rows as aligned columns under a heading.
fn table(rows: &[Row<'_>]) -> String {
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|row| {
            [
                row.name.unwrap_or(row.url).to_owned(),
                row.tags.join(","),
                row.articles.to_string(),
                row.unread.to_string(),
                row.last_fetched.map_or_else(|| "never".to_owned(), when),
                match (row.error, row.status, row.last_fetched) {
                    (Some(error), _, _) => format!("error: {error}"),
                    (None, Some(status), _) => format!("HTTP {status}"),
                    (None, None, Some(_)) => "ok".to_owned(),
                    (None, None, None) => "-".to_owned(),
                },
                row.next_due.map_or_else(|| "due now".to_owned(), when),
            ]
            // Names, tags and errors come from outside: printed inert.
            .map(|cell| crate::article::escape_controls(&cell).into_owned())
        })
        .collect();
    let heading = [
        "FEED",
        "TAGS",
        "ARTICLES",
        "UNREAD",
        "LAST FETCHED",
        "STATUS",
        "NEXT DUE",
    ];
    let mut widths = heading.map(unicode_width::UnicodeWidthStr::width);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            // Counts line up on the right, text on the left.
            if i == 2 || i == 3 {
                text.push_str(&" ".repeat(
                    widths[i].saturating_sub(unicode_width::UnicodeWidthStr::width(*cell)),
                ));
                text.push_str(cell);
            } else if i + 1 < cells.len() {
                text.push_str(&crate::text::pad(cell, widths[i]));
            } else {
                text.push_str(cell);
            }
            text.push_str("  ");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&heading);
    for row in &cells {
        line(&row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}

/// Unix seconds as a UTC date and time to the minute.
fn when(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map_or_else(
            || secs.to_string(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
}
