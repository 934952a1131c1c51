//! A refresh in words, for `--update`'s report and the reader's status
//! line and notices alike.

use super::{Feed, Outcome, Report, Skip};
use crate::article::escape_controls;

/// A feed as the report names it: its name, else its url.
pub fn label(feed: &Feed) -> String {
    escape_controls(feed.name.as_deref().unwrap_or(&feed.url)).into_owned()
}

/// One feed's outcome in words (`new 3`, `unchanged`, `failed: …`).
pub fn outcome(outcome: &Outcome, new: usize, updated: usize) -> String {
    let counts = || {
        let mut parts = Vec::new();
        if new > 0 {
            parts.push(format!("new {new}"));
        }
        if updated > 0 {
            parts.push(format!("updated {updated}"));
        }
        if parts.is_empty() {
            "ok".to_owned()
        } else {
            parts.join(", ")
        }
    };
    match outcome {
        Outcome::Fetched => counts(),
        Outcome::Unchanged => "unchanged".to_owned(),
        Outcome::Moved { to } => format!("moved → {} ({})", escape_controls(to), counts()),
        Outcome::Gone => "gone (410): not fetched again unless --force".to_owned(),
        Outcome::Failed(why) => format!("failed: {}", escape_controls(why)),
        Outcome::Skipped(Skip::Recent { ago }) => {
            format!("skipped: fetched {} ago", ago_words(*ago))
        }
        Outcome::Skipped(Skip::BackingOff { left }) => format!(
            "skipped: the server asked to wait; next try in {}",
            ago_words(*left)
        ),
        Outcome::Skipped(Skip::Dead) => "skipped: gone (410); --force fetches it".to_owned(),
        Outcome::Skipped(Skip::Stopped) => "skipped: the refresh was stopped".to_owned(),
    }
}

fn ago_words(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..7200 => format!("{} min", secs / 60),
        _ => format!("{} h", secs / 3600),
    }
}

pub fn summary(report: &Report) -> String {
    let count = |f: &dyn Fn(&Outcome) -> bool| {
        report
            .outcomes
            .iter()
            .flatten()
            .filter(|(o, _, _)| f(o))
            .count()
    };
    let feeds = report.outcomes.len();
    format!(
        "{feeds} feed{}: {} new, {} updated, {} unchanged, {} failed, {} skipped{}",
        if feeds == 1 { "" } else { "s" },
        report.new_articles(),
        report.updated_articles(),
        count(&|o| matches!(o, Outcome::Unchanged)),
        count(&|o| matches!(o, Outcome::Failed(_) | Outcome::Gone)),
        count(&|o| matches!(o, Outcome::Skipped(_))),
        if report.purged.is_empty() {
            String::new()
        } else {
            format!(", {} old articles removed", report.purged.len())
        }
    )
}

/// Writes a refresh's permanent moves into the feeds file (each URL
/// replaced on its line, its tags and name kept); the notices to show,
/// one a move (or why the file could not be written).
pub fn note_moves(
    subscriptions: &mut crate::feeds::list::Subscriptions,
    feeds: &[Feed],
    report: &Report,
) -> Vec<String> {
    let moves: Vec<(&str, &str)> = feeds
        .iter()
        .zip(&report.outcomes)
        .filter_map(|(f, o)| match o {
            Some((Outcome::Moved { to }, _, _)) => Some((f.url.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    if moves.is_empty() {
        return Vec::new();
    }
    let path = subscriptions.path().display().to_string();
    let lines: Vec<usize> = moves
        .iter()
        .map(|(old, _)| subscriptions.get(old).map_or(0, |s| s.line))
        .collect();
    for (old, new) in &moves {
        subscriptions.replace_url(old, new);
    }
    match subscriptions.save() {
        Ok(()) => moves
            .iter()
            .zip(lines)
            .map(|((old, new), line)| {
                format!(
                    "{path}:{line}: {} moved permanently; now {}",
                    escape_controls(old),
                    escape_controls(new)
                )
            })
            .collect(),
        Err(e) => vec![format!("{path}: cannot note the moved feeds: {e}")],
    }
}
