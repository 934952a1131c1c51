//! Plain text, in the shape of text copied from a news page: the title on
//! the first line, the subtitle on the second, then the paragraphs.
//!
//! Paragraphs are separated by blank lines when the text has any; text with
//! none (as copied from most pages) has one paragraph per line. A `By …`
//! line or a date line (ISO 8601 or RFC 2822) just under the title is taken
//! as the author or date. Whatever the page put after the article ("About
//! the Author", "You May Also Like", "Related") is dropped from the first
//! such heading on; calls to action a page puts anywhere ("Share this
//! article", "Advertisement", newsletter sign-ups) lose only their line.

use super::{Draft, Extracted, Kind, Note, decode, normalize_date};

/// Section headings that end an article on a page: everything from the
/// first on is dropped (compared without case, with surrounding punctuation
/// trimmed).
const ENDS: &[&str] = &[
    "about the author",
    "about the authors",
    "about the writer",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "read next",
    "more from this author",
    "more stories",
    "recommended",
    "recommended for you",
    "most popular",
    "comments",
    "leave a comment",
    "tags",
];

/// Lines that end an article too, by how they start.
const ENDS_STARTING: &[&str] = &["tags:"];

/// Calls to action and page furniture that pages put anywhere, the middle
/// of an article included: only the line itself is dropped, never what
/// follows it.
const NOISE: &[&str] = &[
    "share this article",
    "share this story",
    "share this post",
    "share",
    "read more",
    "advertisement",
    "newsletter",
];

/// Noise, by how the line starts.
const NOISE_STARTING: &[&str] = &[
    "sign up for",
    "sign up to",
    "subscribe to",
    "subscribe for",
    "get our newsletter",
    "follow us on",
    "copyright ©",
    "© ",
];

/// A residue line is short: a heading or a call to action, not prose.
const RESIDUE_MAX_CHARS: usize = 80;

/// What a page line that is not the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Residue {
    /// The article is over.
    End,
    /// Only this line is not the article.
    Noise,
}

fn residue(line: &str) -> Option<Residue> {
    if line.chars().count() > RESIDUE_MAX_CHARS {
        return None;
    }
    let lower = line.trim().to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if ENDS.contains(&bare) || ENDS_STARTING.iter().any(|s| lower.starts_with(s)) {
        Some(Residue::End)
    } else if NOISE.contains(&bare) || NOISE_STARTING.iter().any(|s| lower.starts_with(s)) {
        Some(Residue::Noise)
    } else {
        None
    }
}

/// One text file as an article.
pub fn extract(bytes: &[u8], charset: Option<&str>) -> Extracted {
    let (text, note) = decode(bytes, charset);
    let mut notes: Vec<Note> = note.into_iter().collect();
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        notes.push(Note::error(Some((1, 1)), "the file holds no text"));
        return Extracted {
            kind: Kind::Text,
            drafts: Vec::new(),
            notes,
        };
    };
    let title = lines[first].trim().to_owned();
    let mut rest = first + 1;
    let subtitle = match lines.get(rest) {
        Some(l)
            if !l.trim().is_empty()
                && byline(l.trim()).is_none()
                && dateline(l.trim()).is_none() =>
        {
            rest += 1;
            Some(l.trim().to_owned())
        }
        _ => None,
    };
    let mut body: Vec<&str> = lines[rest..].to_vec();
    let (mut author, mut published) = (None, None);
    // A byline and a date may sit just under the title, in either order.
    for _ in 0..2 {
        let Some(i) = body.iter().position(|l| !l.trim().is_empty()) else {
            break;
        };
        let line = body[i].trim();
        if author.is_none()
            && let Some(name) = byline(line)
        {
            author = Some(name);
        } else if published.is_none()
            && let Some(date) = dateline(line)
        {
            published = Some(date);
        } else {
            break;
        }
        body.drain(..=i);
    }
    // Residue is judged line by line: on a page it is a run of short
    // lines, which blank-line paragraphs would otherwise join.
    if let Some(cut) = body.iter().position(|l| residue(l) == Some(Residue::End)) {
        body.truncate(cut);
    }
    body.retain(|l| residue(l).is_none());
    let paragraphs = paragraphs(&body);
    Extracted {
        kind: Kind::Text,
        drafts: vec![Draft {
            feed: None,
            title: Some(title),
            subtitle,
            author,
            published,
            body: paragraphs,
            ..Draft::default()
        }],
        notes,
    }
}

/// Paragraphs at blank lines when there are any between text, else one
/// per line.
fn paragraphs(lines: &[&str]) -> Vec<String> {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let lines = &lines[first..=last];
    if !lines.iter().any(|l| l.trim().is_empty()) {
        return lines.iter().map(|l| l.trim().to_owned()).collect();
    }
    lines
        .split(|l| l.trim().is_empty())
        .map(|block| block.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `By Jane Doe` → `Jane Doe` (a short line only).
fn byline(p: &str) -> Option<String> {
    let rest = p.strip_prefix("By ").or_else(|| p.strip_prefix("by "))?;
    let name = rest.trim();
    (!name.is_empty() && name.chars().count() <= 60 && !name.ends_with('.'))
        .then(|| name.to_owned())
}

/// A line that is only a date (optionally after `Published:` or `Date:`).
fn dateline(p: &str) -> Option<String> {
    let bare = ["Published:", "Published", "Updated:", "Date:"]
        .iter()
        .find_map(|prefix| p.strip_prefix(prefix))
        .unwrap_or(p);
    normalize_date(bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_is_short_and_known() {
        assert_eq!(residue("About the Author"), Some(Residue::End));
        assert_eq!(residue("You May Also Like"), Some(Residue::End));
        assert_eq!(residue("Related:"), Some(Residue::End));
        assert_eq!(residue("Advertisement"), Some(Residue::Noise));
        assert_eq!(
            residue("Sign up for our daily newsletter"),
            Some(Residue::Noise)
        );
        assert_eq!(
            residue("Related companies said the deal would close in May."),
            None
        );
        assert_eq!(
            residue(
                "Share prices rose 4% on Tuesday after the announcement of the investment plan in Tokyo."
            ),
            None
        );
    }

    #[test]
    fn blank_lines_make_paragraphs_when_present() {
        assert_eq!(paragraphs(&["a", "b"]), vec!["a", "b"]);
        assert_eq!(paragraphs(&["", "a", "b", "", "c", ""]), vec!["a b", "c"]);
    }
}
