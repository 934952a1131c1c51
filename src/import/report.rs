//! What an import tells: one line per problem, and the summary in numbers
//! and in words.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::article::{Severity, escape_controls};

use super::Note;

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
    /// Of those, OPML subscription lists (a usage error: `--import-opml`
    /// reads them).
    pub subscription_lists: usize,
    /// Sources read that lost at least one item to an error.
    pub sources_with_errors: usize,
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

    /// Whether a source was given to the wrong command (an OPML list to
    /// `--import`): a usage error, whatever else happened.
    pub fn misused(&self) -> bool {
        self.subscription_lists > 0
    }
}

pub(super) fn note_line(shown: &str, note: &Note) -> String {
    let word = match note.severity {
        Severity::Error => "error   ",
        Severity::Warning => "warning ",
    };
    let at = note
        .at
        .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
    format!("{word}{shown}{at}: {}", escape_controls(&note.message))
}

pub(super) fn summary_line(s: &Summary, dry_run: bool) -> String {
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
    match s.subscription_lists {
        0 => {}
        n if n == s.failed_sources => {
            let _ = write!(
                line,
                " (OPML subscription list{})",
                if n == 1 { "" } else { "s" }
            );
        }
        n => {
            let _ = write!(line, " ({n} of them OPML subscription lists)");
        }
    }
    // Each error belongs to a source: one that failed, or one read with
    // errors, so the summary says why the exit status is not 0.
    if s.sources_with_errors > 0 {
        let _ = write!(line, ", {} read with errors", s.sources_with_errors);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_accounts_for_every_error() {
        // Errors in a source that was read still make the exit status 1:
        // the summary says which sources they were in.
        let s = Summary {
            added: 3,
            errors: 2,
            sources_with_errors: 1,
            sources: 4,
            ..Summary::default()
        };
        assert!(s.failed());
        assert_eq!(
            summary_line(&s, false),
            "3 articles added, 0 skipped as already there, 2 errors; 0 of 4 sources failed, 1 read with errors"
        );
    }
}
