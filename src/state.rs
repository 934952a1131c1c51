//! What gogai remembers between runs: which articles were read.
//!
//! Kept in one small JSON file, written atomically (temporary file in the same
//! folder, then rename) so a crash never leaves half a file. A file that
//! cannot be understood is moved aside, never overwritten.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadState {
    read: HashSet<String>,
}

#[derive(Serialize, Deserialize)]
struct StateFile {
    version: u32,
    read: Vec<String>,
}

const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{path}: cannot read the state file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write the state file: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The result of loading: the state, and a message for the user when the file
/// was unusable and was moved aside.
#[derive(Debug)]
pub struct Loaded {
    pub state: ReadState,
    pub notice: Option<String>,
}

impl ReadState {
    pub fn is_read(&self, id: &str) -> bool {
        self.read.contains(id)
    }

    /// Marks `id` read or unread; returns whether anything changed.
    pub fn set_read(&mut self, id: &str, read: bool) -> bool {
        if read {
            self.read.insert(id.to_owned())
        } else {
            self.read.remove(id)
        }
    }

    pub fn len(&self) -> usize {
        self.read.len()
    }

    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }

    /// Reads the state file. A missing file is an empty state. A corrupt one
    /// is renamed to `<name>.corrupt-<unix seconds>` and reported.
    pub fn load(path: &Path) -> Result<Loaded, StateError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    state: Self::default(),
                    notice: None,
                });
            }
            Err(source) => {
                return Err(StateError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        match serde_json::from_slice::<StateFile>(&bytes) {
            Ok(file) if file.version <= VERSION => Ok(Loaded {
                state: Self {
                    read: file.read.into_iter().collect(),
                },
                notice: None,
            }),
            Ok(file) => {
                let aside = set_aside(path)?;
                Ok(Loaded {
                    state: Self::default(),
                    notice: Some(format!(
                        "{}: written by a newer gogai (version {}); kept as {} and started afresh",
                        path.display(),
                        file.version,
                        aside.display()
                    )),
                })
            }
            Err(e) => {
                let aside = set_aside(path)?;
                Ok(Loaded {
                    state: Self::default(),
                    notice: Some(format!(
                        "{}: unreadable ({e}); kept as {} and started afresh",
                        path.display(),
                        aside.display()
                    )),
                })
            }
        }
    }

    /// Reads the state file without touching it: what a read-only command
    /// such as `--list` needs. Anything unreadable counts as nothing read.
    pub fn peek(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<StateFile>(&bytes).ok())
            .map(|file| Self {
                read: file.read.into_iter().collect(),
            })
            .unwrap_or_default()
    }

    /// Writes the state atomically, creating the folder if needed.
    pub fn save(&self, path: &Path) -> Result<(), StateError> {
        let err = |source| StateError::Write {
            path: path.display().to_string(),
            source,
        };
        let mut read: Vec<String> = self.read.iter().cloned().collect();
        read.sort();
        let json = serde_json::to_vec_pretty(&StateFile {
            version: VERSION,
            read,
        })
        .map_err(|e| err(std::io::Error::other(e)))?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(err)?;
        }
        let tmp = sibling(path, &format!("tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(&json)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            err(e)
        })
    }
}

/// `path` with `.suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

fn set_aside(path: &Path) -> Result<PathBuf, StateError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut aside = sibling(path, &format!("corrupt-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = sibling(path, &format!("corrupt-{secs}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &aside).map_err(|source| StateError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(aside)
}

/// `$XDG_STATE_HOME/gogai/state.json`, else `~/.local/state/gogai/state.json`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(base.join("gogai").join("state.json"))
}
