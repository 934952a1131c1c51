//! Markdown, with optional front matter: YAML between `---` lines or TOML
//! between `+++` lines, giving `title`, `subtitle` (or `description`),
//! `date`, `tags`, `author`, `source` and `url`.
//!
//! The title is the front matter's, else the first level-one heading
//! (taken out of the text), else the file name.

use std::fmt::Write as _;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{Draft, Extracted, Kind, Note, decode, normalize_date};

/// Front matter's fields, whichever language it was written in.
#[derive(Debug, Default)]
struct Front {
    title: Option<String>,
    subtitle: Option<String>,
    date: Option<String>,
    tags: Vec<String>,
    author: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

/// One Markdown file as an article; `name` (the file name without its
/// extension) is the title of last resort.
pub fn extract(bytes: &[u8], name: &str, charset: Option<&str>) -> Extracted {
    let (text, note) = decode(bytes, charset);
    let mut notes: Vec<Note> = note.into_iter().collect();
    let text = text.trim_start_matches('\u{feff}');
    let (front, markdown) = match split_front_matter(text) {
        Some((lang, block, block_line, rest)) => {
            let front = match lang {
                Lang::Yaml => yaml(block, block_line),
                Lang::Toml => toml(block, block_line),
            };
            match front {
                Ok(front) => (front, rest),
                // Not front matter after all (or broken): the text between
                // the fences may be the article's own, so none is dropped.
                Err(note) => {
                    notes.push(note);
                    (Front::default(), text)
                }
            }
        }
        None => (Front::default(), text),
    };
    let (heading, body) = render(markdown, front.title.is_none());
    let published = front.date.as_deref().and_then(|d| {
        let normal = normalize_date(d);
        if normal.is_none() {
            notes.push(Note::warning(
                None,
                format!("front matter date {d:?} is not a date gogai reads; imported without one"),
            ));
        }
        normal
    });
    let title = front
        .title
        .or(heading)
        .or_else(|| Some(name.to_owned()).filter(|n| !n.is_empty()));
    Extracted {
        kind: Kind::Markdown,
        drafts: vec![Draft {
            feed: None,
            title,
            subtitle: front.subtitle,
            source: front.source,
            author: front.author,
            url: front.url.and_then(|u| super::absolute_url(&u, None)),
            published,
            tags: front.tags,
            body,
            ..Draft::default()
        }],
        notes,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Yaml,
    Toml,
}

/// `(language, front matter, its first line number, the rest)` when the
/// text opens with a `---` or `+++` line that a matching line closes.
fn split_front_matter(text: &str) -> Option<(Lang, &str, usize, &str)> {
    let first_end = text.find('\n')?;
    let (lang, fence) = match text[..first_end].trim_end() {
        "---" => (Lang::Yaml, "---"),
        "+++" => (Lang::Toml, "+++"),
        _ => return None,
    };
    let body_start = first_end + 1;
    let mut at = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (lang == Lang::Yaml && bare == "...") {
            return Some((lang, &text[body_start..at], 2, &text[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// A front-matter value as text: strings as they are, numbers and dates
/// written out, lists joined.
fn yaml_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(yaml_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn yaml(block: &str, first_line: usize) -> Result<Front, Note> {
    let map: serde_json::Map<String, serde_json::Value> = if block.trim().is_empty() {
        serde_json::Map::new()
    } else {
        serde_saphyr::from_str(block).map_err(|e| {
            let at = e.location().map(|l| {
                (
                    first_line + (l.line() as usize).saturating_sub(1),
                    l.column() as usize,
                )
            });
            // Its message carries its own position (in the front matter,
            // not the file), which ours replaces.
            let full = e.to_string();
            let first = full.lines().next().unwrap_or("");
            let message = first
                .find("column ")
                .and_then(|c| first[c..].find(": ").map(|i| c + i + 2))
                .map_or(first, |from| &first[from..])
                .to_owned();
            Note::warning(
                at,
                format!("YAML front matter not read ({message}); its lines are kept as text"),
            )
        })?
    };
    Ok(front(
        |k| map.get(k),
        yaml_text,
        |v| v.as_array().map(Vec::as_slice),
    ))
}

/// The fields gogai takes from front matter, whatever its language: `value`
/// looks a key up, `text` gives a value as text, `items` a list's items.
fn front<'v, V: 'v>(
    value: impl Fn(&str) -> Option<&'v V>,
    text: impl Fn(&V) -> Option<String>,
    items: impl Fn(&'v V) -> Option<&'v [V]>,
) -> Front {
    let get = |keys: &[&str]| keys.iter().find_map(|k| value(k).and_then(&text));
    // A list, or one string of comma-separated tags.
    let tags = ["tags", "categories", "keywords"]
        .iter()
        .find_map(|k| value(k))
        .map(|v| match items(v) {
            Some(list) => list.iter().filter_map(&text).collect(),
            None => text(v)
                .map(|s| s.split(',').map(|t| t.trim().to_owned()).collect())
                .unwrap_or_default(),
        })
        .unwrap_or_default();
    Front {
        title: get(&["title"]),
        subtitle: get(&["subtitle", "description", "summary"]),
        date: get(&["date", "published"]),
        tags,
        author: get(&["author", "authors"]),
        source: get(&["source", "publisher"]),
        url: get(&["url", "link", "canonical"]),
    }
}

fn toml_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Float(n) => Some(n.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(toml_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        toml::Value::Table(_) => None,
    }
}

fn toml(block: &str, first_line: usize) -> Result<Front, Note> {
    let table: toml::Table = block.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map(|span| {
            let (line, column) = crate::text::position(block.as_bytes(), span.start);
            (first_line + line - 1, column)
        });
        Note::warning(
            at,
            format!(
                "TOML front matter not read ({}); its lines are kept as text",
                e.message()
            ),
        )
    })?;
    Ok(front(
        |k| table.get(k),
        toml_text,
        |v| v.as_array().map(Vec::as_slice),
    ))
}

/// The Markdown as paragraphs: each paragraph, heading, list item, quote
/// paragraph and code block is one; links keep their text, images their
/// alt text is dropped, inline HTML is dropped and HTML blocks are turned
/// into text. With `take_title`, the first level-one heading is returned
/// apart instead of being a paragraph.
fn render(markdown: &str, take_title: bool) -> (Option<String>, Vec<String>) {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut title = None;
    let mut in_title = false;
    let mut image_depth = 0usize;
    let mut list_numbers: Vec<Option<u64>> = Vec::new();
    let mut html_block = String::new();
    let mut in_html_block = false;
    let mut item_fresh = false;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let p = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            paragraphs.push(p);
        }
        current.clear();
    };
    for event in Parser::new(markdown) {
        let fresh = std::mem::take(&mut item_fresh);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut paragraphs);
                in_title = take_title && title.is_none() && level == HeadingLevel::H1;
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_title {
                    let t = current.split_whitespace().collect::<Vec<_>>().join(" ");
                    current.clear();
                    title = Some(t).filter(|t| !t.is_empty());
                    in_title = false;
                } else {
                    flush(&mut current, &mut paragraphs);
                }
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut current, &mut paragraphs);
                list_numbers.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                list_numbers.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut paragraphs);
                match list_numbers.last_mut() {
                    Some(Some(n)) => {
                        let _ = write!(current, "{n}. ");
                        *n += 1;
                    }
                    _ => current.push_str("• "),
                }
                item_fresh = true;
            }
            // A loose list item's first paragraph follows its bullet.
            Event::Start(Tag::Paragraph) if !fresh => flush(&mut current, &mut paragraphs),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            )
            | Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_))
            | Event::Rule => flush(&mut current, &mut paragraphs),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut current, &mut paragraphs);
                in_html_block = true;
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                paragraphs.extend(super::html::to_paragraphs(&html_block));
                html_block.clear();
            }
            Event::Html(html) if in_html_block => html_block.push_str(&html),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    (title, paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_links_become_paragraphs() {
        let (title, body) = render(
            "# The title\n\nSome *text* with [a link](http://x).\nStill it.\n\n\
             ## Part\n\n- one\n- two\n\n1. first\n2. second\n\n![pic](a.png)\n\n> quoted\n",
            true,
        );
        assert_eq!(title.as_deref(), Some("The title"));
        assert_eq!(
            body,
            vec![
                "Some text with a link. Still it.",
                "Part",
                "• one",
                "• two",
                "1. first",
                "2. second",
                "quoted"
            ]
        );
    }

    #[test]
    fn front_matter_is_split_off() {
        let (lang, block, line, rest) =
            split_front_matter("---\ntitle: A\n---\nBody\n").expect("front matter");
        assert_eq!(
            (lang, block, line, rest),
            (Lang::Yaml, "title: A\n", 2, "Body\n")
        );
        assert!(split_front_matter("--- not\n").is_none());
        assert!(split_front_matter("---\nnever closed\n").is_none());
    }
}
