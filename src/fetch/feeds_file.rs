//! A minimal reader of the feeds file (newsboat's urls syntax: a URL, then
//! tags; `"~Name"` names the feed; `#` starts a comment), enough for
//! `--update` until the full one (`feeds::list`) is in.

use std::path::{Path, PathBuf};

use super::Feed;

/// `$XDG_CONFIG_HOME/gogai/feeds`, else `~/.config/gogai/feeds`.
pub fn default_path() -> Option<PathBuf> {
    crate::store::paths::config_dir().map(|d| d.join("feeds"))
}

/// Reads the feeds at `path`. A line that does not start with an http(s)
/// URL is reported (`path:line: why`) and skipped.
pub fn read(path: &Path) -> std::io::Result<(Vec<Feed>, Vec<String>)> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text, &path.display().to_string()))
}

/// The feeds in `text`, and a warning per line that is not one.
pub fn parse(text: &str, shown: &str) -> (Vec<Feed>, Vec<String>) {
    let mut feeds = Vec::new();
    let mut warnings = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let words = split(line);
        let Some((url, tags)) = words.split_first() else {
            continue;
        };
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            warnings.push(format!(
                "{shown}:{}: {url:?} is not an http(s) address; line skipped",
                n + 1
            ));
            continue;
        }
        let mut feed = Feed {
            url: url.clone(),
            name: None,
            tags: Vec::new(),
        };
        for tag in tags {
            match tag.strip_prefix('~') {
                Some(name) => feed.name = Some(name.to_owned()),
                None => feed.tags.push(tag.clone()),
            }
        }
        feeds.push(feed);
    }
    (feeds, warnings)
}

/// Replaces each `(old, new)` feed URL where it starts a line of the
/// feeds file at `path` (tags, names and comments kept), writing the file
/// whole or not at all. Returns, for each line changed, the index of its
/// move and the line number.
pub fn rewrite_moved(
    path: &Path,
    moves: &[(String, String)],
) -> std::io::Result<Vec<(usize, usize)>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = String::with_capacity(text.len());
    let mut changed = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let hit = moves.iter().position(|(old, _)| *old == rest[..word_end]);
        match hit {
            Some(at) => {
                let new = &moves[at].1;
                out.push_str(&line[..indent]);
                out.push_str(new);
                out.push_str(&rest[word_end..]);
                changed.push((at, n + 1));
            }
            None => out.push_str(line),
        }
    }
    if !changed.is_empty() {
        crate::store::fsio::write_atomic(
            path,
            out.as_bytes(),
            crate::store::fsio::Durability::Synced,
        )?;
    }
    Ok(changed)
}

/// A line's words: separated by blanks, `"double quoted"` words may hold
/// blanks, and an unquoted `#` starts a comment.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            break;
        } else if c == '"' {
            chars.next();
            let mut word = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => word.extend(chars.next()),
                    c => word.push(c),
                }
            }
            words.push(word);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
            words.push(word);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_feed_is_rewritten_in_place() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("feeds");
        std::fs::write(&path, "# c\nhttp://a/old tag \"~A\"\nhttp://a/old2\n").expect("write");
        let moves = [("http://a/old".to_owned(), "https://a/new".to_owned())];
        assert_eq!(rewrite_moved(&path, &moves).expect("rewrite"), [(0, 2)]);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "# c\nhttps://a/new tag \"~A\"\nhttp://a/old2\n"
        );
    }

    #[test]
    fn urls_tags_names_and_comments() {
        let (feeds, warnings) = parse(
            "# mine\nhttps://a.example/feed news \"~A Name\" \"two words\"\n\n\
             http://b.example/rss # b\nnot-a-url x\n",
            "feeds",
        );
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].url, "https://a.example/feed");
        assert_eq!(feeds[0].name.as_deref(), Some("A Name"));
        assert_eq!(feeds[0].tags, ["news", "two words"]);
        assert_eq!(feeds[1].url, "http://b.example/rss");
        assert!(feeds[1].tags.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("feeds:5:"), "{warnings:?}");
    }
}
