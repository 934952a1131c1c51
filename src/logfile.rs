//! The log file: what a user or a bug report needs to know about work the
//! screen does not show (a background failure, a feed that failed, how long
//! a start took), through the `log` crate's macros.
//!
//! It is `$XDG_STATE_HOME/gogai/gogai.log` (`~/.local/state/gogai/`), or
//! the file `$GOGAI_LOG_FILE` names. `$GOGAI_LOG` sets how much is written:
//! `off`, `error`, `warn` (the default: only problems), `info` (adds
//! timings and each feed's outcome), `debug` or `trace`. It never writes to
//! the terminal, so the reader's screen and a script's output stay clean;
//! the file is created at the first line written, so a run with nothing to
//! say leaves nothing behind, and a file past 1 MiB is moved to
//! `gogai.log.1` when a run starts.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

use log::{LevelFilter, Log, Metadata, Record};

/// The size past which a run starts a new file, keeping one old one.
const ROTATE_AT: u64 = 1024 * 1024;

struct FileLog {
    path: PathBuf,
    level: LevelFilter,
    /// Opened at the first line; `Err` once opening failed, so a file that
    /// cannot be written costs one try, not one per line.
    file: Mutex<Option<Result<File, ()>>>,
}

/// Starts the log for this process: reads `$GOGAI_LOG` and
/// `$GOGAI_LOG_FILE`. Returns where it writes, or `None` when it is off or
/// there is nowhere to write (no state folder). Calling it again does
/// nothing.
pub fn init() -> Option<PathBuf> {
    let _ = since_start();
    let level = level_from(std::env::var("GOGAI_LOG").ok().as_deref());
    if level == LevelFilter::Off {
        return None;
    }
    let path = std::env::var_os("GOGAI_LOG_FILE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| crate::store::paths::state_dir().map(|d| d.join("gogai.log")))?;
    rotate(&path);
    let logger = FileLog {
        path: path.clone(),
        level,
        file: Mutex::new(None),
    };
    log::set_boxed_logger(Box::new(logger)).ok()?;
    log::set_max_level(level);
    Some(path)
}

/// Time since [`init`] (the start of the process, as `main` calls it
/// first), for the timings the log gives.
pub fn since_start() -> std::time::Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// `$GOGAI_LOG` as a level; anything it does not name is the default.
fn level_from(value: Option<&str>) -> LevelFilter {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("off" | "0" | "none") => LevelFilter::Off,
        Some("error") => LevelFilter::Error,
        Some("info") => LevelFilter::Info,
        Some("debug") => LevelFilter::Debug,
        Some("trace") => LevelFilter::Trace,
        _ => LevelFilter::Warn,
    }
}

fn rotate(path: &std::path::Path) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT) {
        let mut old = path.as_os_str().to_owned();
        old.push(".1");
        let _ = std::fs::rename(path, PathBuf::from(old));
    }
}

impl Log for FileLog {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= self.level
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let Ok(mut slot) = self.file.lock() else {
            return;
        };
        let file = slot.get_or_insert_with(|| {
            if let Some(dir) = self.path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(|_| ())
        });
        if let Ok(file) = file {
            let now = stamp(std::time::SystemTime::now());
            // One write per line, so two processes appending to one file
            // interleave whole lines.
            let line = format!(
                "{now} {:<5} [{}] {}: {}\n",
                record.level(),
                std::process::id(),
                record.target(),
                record.args()
            );
            let _ = file.write_all(line.as_bytes());
        }
    }

    fn flush(&self) {
        if let Ok(mut slot) = self.file.lock()
            && let Some(Ok(file)) = slot.as_mut()
        {
            let _ = file.flush();
        }
    }
}

/// `2026-11-30T07:01:02.345Z`.
fn stamp(at: std::time::SystemTime) -> String {
    let since = at.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_secs())
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, since.subsec_nanos()))
        .map_or_else(String::new, |t| {
            t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_defaults_to_warnings_and_reads_the_usual_names() {
        assert_eq!(level_from(None), LevelFilter::Warn);
        assert_eq!(level_from(Some("")), LevelFilter::Warn);
        assert_eq!(level_from(Some("DEBUG")), LevelFilter::Debug);
        assert_eq!(level_from(Some("off")), LevelFilter::Off);
        assert_eq!(level_from(Some("info ")), LevelFilter::Info);
    }
}
