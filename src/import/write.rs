//! Writing article files: named from the title, never over an existing
//! file, and never seen half-written.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::store::hash::fnv1a;

/// How many other names are tried when the first is taken by a different
/// file (`stem-2.json` ... ).
const OTHER_NAMES: usize = 100;

/// Longest slug kept from a title, in bytes (all ASCII).
const SLUG_LEN: usize = 60;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{stem}.json and {OTHER_NAMES} other names for it are all taken")]
    NoName { stem: String },
}

/// What [`create_new`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// A new file, at this path.
    New(PathBuf),
    /// A file with these very bytes was already there; nothing was written.
    Identical(PathBuf),
}

/// `slug-<8 hex>`: an ASCII slug of the title and a short hash of what
/// identifies the article (its url, else title and date), so a title that
/// has no ASCII letters (Japanese, say) still gives a usable, distinct name.
pub fn file_stem(title: &str, identity: &str) -> String {
    let slug = slug(title);
    let hash = fnv1a(identity.as_bytes());
    // Both halves folded in, so no bit of the hash is wasted.
    let short = (hash ^ (hash >> 32)) as u32;
    let slug = if slug.is_empty() { "article" } else { &slug };
    format!("{slug}-{short:08x}")
}

/// Lower-case ASCII letters and digits, everything else one `-`. Accented
/// Latin letters lose their accents rather than the letter.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        let folded = fold(c);
        let mut pushed = false;
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(f.to_ascii_lowercase());
                pushed = true;
            }
        }
        if !pushed {
            dash = true;
        }
        if out.len() >= SLUG_LEN {
            break;
        }
    }
    out.truncate(SLUG_LEN);
    out.trim_end_matches('-').to_owned()
}

/// The ASCII letters a Latin letter with a diacritic is written without.
fn fold(c: char) -> std::borrow::Cow<'static, str> {
    use std::borrow::Cow;
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => {
            "a"
        }
        'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "i",
        'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => {
            "o"
        }
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ž' | 'Ž' | 'ź' | 'ż' => "z",
        'š' | 'Š' | 'ś' | 'Ś' => "s",
        'ł' | 'Ł' => "l",
        'ř' | 'Ř' => "r",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => return Cow::Owned(c.to_string()),
    };
    Cow::Borrowed(s)
}

/// The names tried for a stem, in order.
fn candidates(stem: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(format!("{stem}.json"))
        .chain((2..=OTHER_NAMES + 1).map(move |n| format!("{stem}-{n}.json")))
}

/// The name [`create_new`] would pick now (for `--dry-run`).
pub fn free_name(dir: &Path, stem: &str, bytes: &[u8]) -> String {
    for name in candidates(stem) {
        let path = dir.join(&name);
        let free = std::fs::symlink_metadata(&path).is_err();
        if free || std::fs::read(&path).is_ok_and(|existing| existing == bytes) {
            return name;
        }
    }
    format!("{stem}.json")
}

/// Writes `bytes` as a new file in `dir`, named `stem.json` or, when that
/// is taken by a different file, `stem-2.json` and so on. Nothing is ever
/// replaced: the bytes go to a temporary file in the same folder, which is
/// then renamed to the final name with a rename that fails if the name
/// exists (`RENAME_NOREPLACE`), or, where the file system has no such
/// rename, hard-linked to it (which fails likewise) and removed. Readers
/// never see a partial file. On a file system with neither, the final name
/// is created with `create_new` instead, which is just as safe for existing
/// files but may be seen half-written.
pub fn create_new(dir: &Path, stem: &str, bytes: &[u8]) -> Result<Written, WriteError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |cause| WriteError::Io { path, cause }
    };
    let temp = temp_file(dir, stem, bytes).map_err(io(dir))?;
    let mut renamed = false;
    let outcome = place(dir, stem, bytes, &temp, &mut renamed);
    // The temporary name is ours alone: removing it is harmless, leaving it
    // would not be (unless it became the article).
    if !renamed {
        let _ = std::fs::remove_file(&temp);
    }
    outcome
}

/// Gives the article its final name; `renamed` says whether `temp` became
/// it.
fn place(
    dir: &Path,
    stem: &str,
    bytes: &[u8],
    temp: &Path,
    renamed: &mut bool,
) -> Result<Written, WriteError> {
    // The cheapest way the file system allows: a rename that refuses to
    // replace, else a hard link (then the temporary file is removed), else
    // a new file written in place.
    let mut how = How::Rename;
    for name in candidates(stem) {
        let path = dir.join(&name);
        let made = loop {
            let result = match how {
                How::Rename => rustix::fs::renameat_with(
                    rustix::fs::CWD,
                    temp,
                    rustix::fs::CWD,
                    &path,
                    rustix::fs::RenameFlags::NOREPLACE,
                )
                .map_err(std::io::Error::from),
                How::Link => std::fs::hard_link(temp, &path),
                How::Create => break without_links(&path, bytes),
            };
            match result {
                Ok(()) => {
                    *renamed = matches!(how, How::Rename);
                    break Ok(Written::New(path.clone()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => break Err(e),
                // Not supported here: the next way, for this name and on.
                Err(_) => how = how.next(),
            }
        };
        match made {
            Ok(written) => return Ok(written),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if std::fs::read(&path).is_ok_and(|existing| existing == bytes) {
                    return Ok(Written::Identical(path));
                }
            }
            Err(cause) => {
                return Err(WriteError::Io {
                    path: path.display().to_string(),
                    cause,
                });
            }
        }
    }
    Err(WriteError::NoName {
        stem: stem.to_owned(),
    })
}

/// How a finished temporary file gets its name.
#[derive(Debug, Clone, Copy)]
enum How {
    Rename,
    Link,
    Create,
}

impl How {
    fn next(self) -> Self {
        match self {
            Self::Rename => Self::Link,
            Self::Link | Self::Create => Self::Create,
        }
    }
}

/// Creates `path` only if it does not exist, then writes it; a write that
/// fails removes what it created.
fn without_links(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.flush()) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(Written::New(path.to_path_buf()))
}

/// A new file in `dir` holding `bytes`, under a name no article has (it does
/// not end in `.json`, so a reader listing the folder never takes it).
fn temp_file(dir: &Path, stem: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let pid = std::process::id();
    for n in 0..OTHER_NAMES {
        let path = dir.join(format!(".{stem}.{pid}.{n}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                if let Err(e) = file.write_all(bytes) {
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free temporary name",
    ))
}

/// Whether `name` is one [`temp_file`] gives: `.{stem}.{pid}.{n}.tmp`.
pub(super) fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = inner.rsplitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(n), Some(pid), Some(stem)) => digits(n) && digits(pid) && !stem.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_names_are_stable() {
        assert_eq!(slug("A Lab in Tokyo!"), "a-lab-in-tokyo");
        assert_eq!(slug("Café ‘Crème’ — Zürich"), "cafe-creme-zurich");
        assert_eq!(slug("東京の研究所"), "");
        assert_eq!(
            file_stem("東京", "x"),
            format!("article-{:08x}", {
                let h = fnv1a(b"x");
                (h ^ (h >> 32)) as u32
            })
        );
        assert_eq!(file_stem("A", "u"), file_stem("A", "u"));
        assert_ne!(file_stem("A", "u"), file_stem("A", "v"));
        assert!(slug(&"word ".repeat(40)).len() <= SLUG_LEN);
        assert!(!slug(&"word ".repeat(40)).ends_with('-'));
    }

    #[test]
    fn temporary_names_are_known_by_their_pattern() {
        let dir = tempfile::tempdir().expect("temp dir");
        let temp = temp_file(dir.path(), "a-story-0123abcd", b"x").expect("temp file");
        let name = temp.file_name().and_then(|n| n.to_str()).expect("a name");
        assert!(is_temp_name(name), "{name}");
        for other in [
            ".tmp",
            "..1.2.tmp",
            ".a.1.x.tmp",
            ".a.1.2.json",
            "a.1.2.tmp",
            ".a.12.tmp",
        ] {
            assert!(!is_temp_name(other), "{other}");
        }
    }
}
