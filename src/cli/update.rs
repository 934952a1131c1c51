//! `--update` and `--purge`: the fetch engine from the command line, one
//! line per feed (for cron) and a summary.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::Cli;
use crate::article::escape_controls;
use crate::fetch::{self, Event, Feed};
use crate::store::state;

/// Where refreshed articles go: the folder the reader would show, else
/// `$XDG_DATA_HOME/gogai/articles`.
fn folder(cli: &Cli) -> anyhow::Result<PathBuf> {
    if let Some((_, dir)) = super::chosen_folder(cli.dir.as_deref()) {
        return Ok(dir);
    }
    crate::store::paths::data_dir()
        .map(|d| d.join("articles"))
        .context("no folder for the articles: give --dir DIR or set $GOGAI_DIR")
}

pub(super) fn run(cli: &Cli, settings: &crate::config::Fetch) -> anyhow::Result<ExitCode> {
    if !cli.after_dashes.is_empty() {
        return Ok(super::usage("--update and --purge take no ARTICLE"));
    }
    let dir = folder(cli)?;
    let state_path = cli.state.clone().or_else(state::default_path);
    let mut options = fetch::Options::new(dir.clone())
        .with_settings(settings)
        .with_env();
    options.index = crate::store::index::default_path(&dir);
    options.state = state_path;
    options.force = cli.force;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if cli.purge {
        return purge(&options, &mut out);
    }
    let path = crate::feeds::default_path()
        .context("no config folder ($XDG_CONFIG_HOME and $HOME unset)")?;
    if !path.exists() {
        anyhow::bail!(
            "{}: no feeds file; subscribe with gogai --subscribe URL, or put one feed URL \
             per line in it (newsboat's urls format)",
            path.display()
        );
    }
    let mut subscriptions = crate::feeds::list::Subscriptions::load(&path)?;
    for warning in subscriptions.warnings() {
        eprintln!("gogai: {warning}");
    }
    let feeds: Vec<Feed> = subscriptions
        .iter()
        .map(|s| Feed {
            url: s.url.clone(),
            name: s.name.clone(),
            tags: s.tags.clone(),
        })
        .collect();
    let shown: Vec<String> = feeds.iter().map(fetch::words::label).collect();
    let mut write_err = None;
    let report = fetch::run(&feeds, &options, &mut |event| {
        let line = match event {
            Event::Started { .. } => return,
            Event::Notice(notice) => format!("notice  {}", escape_controls(&notice)),
            Event::Done {
                feed,
                outcome,
                new,
                updated,
            } => format!(
                "{}: {}",
                shown[feed],
                fetch::words::outcome(&outcome, new, updated)
            ),
        };
        if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush())
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            write_err.get_or_insert(e);
        }
    })?;
    if let Some(e) = write_err {
        return Err(anyhow::Error::new(e).context("cannot write to standard output"));
    }
    for notice in fetch::words::note_moves(&mut subscriptions, &feeds, &report) {
        writeln!(out, "notice  {notice}")?;
    }
    for p in &report.purged {
        writeln!(out, "{}", removed_line(p, options.keep))?;
    }
    writeln!(out, "{}", fetch::words::summary(&report))?;
    Ok(if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `--purge`: retention for every feed, over the files refreshes wrote.
fn purge(options: &fetch::Options, out: &mut dyn std::io::Write) -> anyhow::Result<ExitCode> {
    let Some(path) = &options.state else {
        anyhow::bail!("no state folder ($XDG_STATE_HOME and $HOME unset); give --state PATH");
    };
    let folder = state::folder_key(&options.dir);
    let (mut store, notice) = state::FetchStore::open(path)?;
    if let Some(notice) = notice {
        eprintln!("gogai: {notice}");
    }
    let records: std::collections::HashMap<_, _> = store
        .fetched(folder)?
        .into_iter()
        .map(|f| (f.name.clone(), f))
        .collect();
    let marks = state::ReadState::peek(path);
    let done = fetch::retain::purge(&options.dir, &records, None, options.keep, &marks);
    for p in &done.removed {
        writeln!(out, "{}", removed_line(p, options.keep))?;
    }
    let gone: Vec<(u64, String)> = done.gone.iter().map(|n| (folder, n.clone())).collect();
    store.save(&[], &[], &gone)?;
    writeln!(
        out,
        "{} old article{} removed",
        done.removed.len(),
        if done.removed.len() == 1 { "" } else { "s" }
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The line that says retention removed an article.
fn removed_line(p: &fetch::Purged, keep: usize) -> String {
    format!(
        "removed {}: \"{}\" ({}: read, older than the newest {keep})",
        escape_controls(&p.name),
        escape_controls(&p.title),
        escape_controls(&p.feed),
    )
}
