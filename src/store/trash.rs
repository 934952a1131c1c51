//! Deleting one article: its file is moved into `.gogai-trash/` inside the
//! article folder, and undoing moves it back. A rename on the same
//! filesystem, so nothing is copied, nothing is unlinked and nothing is
//! ever overwritten. The folder listing reads only `*.json` names, so the
//! trash folder is never listed; the user empties it by hand.

use std::io;
use std::path::{Path, PathBuf};

use crate::article::{Article, escape_controls};
use crate::store::file::read_article_file;
use crate::store::library::parse_file;

/// The trash folder's name inside the article folder.
pub const TRASH: &str = ".gogai-trash";

/// How many other names a deleted file may take in the trash when its own
/// is used by an earlier one (`name.1.json`, `name.2.json`, …).
const TRIES: usize = 1000;

/// Why an article could not be deleted or put back.
#[derive(Debug, thiserror::Error)]
pub enum TrashError {
    #[error(
        "{file} holds {count} articles; deleting one would delete them all (edit the file by hand)"
    )]
    Several { file: String, count: usize },
    #[error("{file} holds a list of articles that cannot be read; it is not deleted")]
    BadList { file: String },
    #[error("cannot read {file}: {why}")]
    Read { file: String, why: String },
    #[error("cannot make the trash folder {dir}: {cause}")]
    MakeDir { dir: String, cause: io::Error },
    #[error("cannot move {from} to {to}: {cause}")]
    Move {
        from: String,
        to: String,
        cause: io::Error,
    },
    #[error("{to} exists again, so the deleted article stays at {from}")]
    Taken { from: String, to: String },
    #[error("{file} is back but cannot be read: {why}")]
    Unreadable { file: String, why: String },
}

fn shown(path: &Path) -> String {
    escape_controls(&path.display().to_string()).into_owned()
}

/// The trash folder of the article folder `folder`.
pub fn trash_dir(folder: &Path) -> PathBuf {
    folder.join(TRASH)
}

/// Moves the article file `file` into the trash of `folder`, under its own
/// name or, when a file deleted earlier has that, a numbered one. A file
/// holding several articles (a JSON array) is refused. Returns where the
/// file went.
pub fn move_to_trash(file: &Path, folder: &Path) -> Result<PathBuf, TrashError> {
    refuse_several(file)?;
    let dir = trash_dir(folder);
    std::fs::create_dir_all(&dir).map_err(|cause| TrashError::MakeDir {
        dir: shown(&dir),
        cause,
    })?;
    let name = file.file_name().unwrap_or_default();
    let stem = Path::new(name).file_stem().unwrap_or_default();
    for n in 0..TRIES {
        let to = if n == 0 {
            dir.join(name)
        } else {
            let mut numbered = stem.to_os_string();
            numbered.push(format!(".{n}.json"));
            dir.join(numbered)
        };
        match move_no_replace(file, &to) {
            Ok(()) => return Ok(to),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(cause) => {
                return Err(TrashError::Move {
                    from: shown(file),
                    to: shown(&to),
                    cause,
                });
            }
        }
    }
    Err(TrashError::Move {
        from: shown(file),
        to: shown(&dir),
        cause: io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{TRIES} files of that name are in the trash already"),
        ),
    })
}

/// Moves `trashed` back to `to`, unless a file has taken that name since;
/// returns the article read from it again.
pub fn restore(trashed: &Path, to: &Path) -> Result<Article, TrashError> {
    match move_no_replace(trashed, to) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(TrashError::Taken {
                from: shown(trashed),
                to: shown(to),
            });
        }
        Err(cause) => {
            return Err(TrashError::Move {
                from: shown(trashed),
                to: shown(to),
                cause,
            });
        }
    }
    let mut parsed = parse_file(to);
    match (parsed.articles.len(), parsed.problems.first()) {
        (1, _) => Ok(parsed.articles.remove(0)),
        (_, Some(problem)) => Err(TrashError::Unreadable {
            file: shown(to),
            why: problem.message.clone(),
        }),
        (n, None) => Err(TrashError::Unreadable {
            file: shown(to),
            why: format!("it holds {n} articles"),
        }),
    }
}

/// A file whose text is a JSON array of more than one entry holds several
/// articles: deleting the file would delete them all.
fn refuse_several(file: &Path) -> Result<(), TrashError> {
    let bytes = read_article_file(file).map_err(|e| TrashError::Read {
        file: shown(file),
        why: e.to_string(),
    })?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if text.trim_ascii_start().first() != Some(&b'[') {
        return Ok(());
    }
    match serde_json::from_slice::<Vec<serde::de::IgnoredAny>>(text) {
        Ok(entries) if entries.len() <= 1 => Ok(()),
        Ok(entries) => Err(TrashError::Several {
            file: shown(file),
            count: entries.len(),
        }),
        Err(_) => Err(TrashError::BadList { file: shown(file) }),
    }
}

/// Renames `from` to `to`, failing with `AlreadyExists` rather than
/// replacing a file at `to`.
fn move_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // A filesystem without the flag: a link then an unlink, which
            // refuses an existing name the same way.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            Err(e) => return Err(e.into()),
        }
    }
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"id": "a", "title": "A", "body": ["x"]}"#;

    #[test]
    fn a_file_goes_to_the_trash_and_back_and_a_second_takes_another_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, ONE).unwrap();
        let trashed = move_to_trash(&file, dir.path()).unwrap();
        assert_eq!(trashed, dir.path().join(TRASH).join("a.json"));
        assert!(!file.exists());
        std::fs::write(&file, ONE).unwrap();
        let second = move_to_trash(&file, dir.path()).unwrap();
        assert_eq!(second, dir.path().join(TRASH).join("a.1.json"));
        let article = restore(&trashed, &file).unwrap();
        assert_eq!(article.id, "a");
        assert!(file.exists() && !trashed.exists());
    }

    #[test]
    fn a_name_taken_again_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, ONE).unwrap();
        let trashed = move_to_trash(&file, dir.path()).unwrap();
        std::fs::write(&file, "new").unwrap();
        let e = restore(&trashed, &file).unwrap_err();
        assert!(matches!(e, TrashError::Taken { .. }), "{e}");
        assert!(e.to_string().contains(".gogai-trash"), "{e}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        assert!(trashed.exists());
    }

    #[test]
    fn a_file_of_several_articles_is_refused_and_one_of_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("two.json");
        std::fs::write(&file, format!("[{ONE}, {ONE}]")).unwrap();
        let e = move_to_trash(&file, dir.path()).unwrap_err();
        assert!(e.to_string().contains("two.json holds 2 articles"), "{e}");
        assert!(file.exists());
        std::fs::write(&file, format!("  [{ONE}]")).unwrap();
        move_to_trash(&file, dir.path()).unwrap();
        assert!(!file.exists());
    }
}
