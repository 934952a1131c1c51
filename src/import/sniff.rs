//! Telling a feed from a web page, Markdown or plain text.

use super::{Kind, SourceError};

/// Which kind of source these bytes are: the content first (a feed is a
/// feed whatever it is called), then the file extension or the served
/// content type, then plain text.
pub fn sniff(
    bytes: &[u8],
    extension: Option<&str>,
    content_type: Option<&str>,
) -> Result<Kind, SourceError> {
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 and UTF-32 text is judged by its characters.
    if let Some((wide, mark)) = super::decode::Wide::detect(head) {
        let text = wide.decode(&head[mark..]);
        if !text.contains('\0') {
            return sniff(text.as_bytes(), extension, content_type);
        }
    }
    // Text has no NUL bytes; PDFs, images and archives do.
    if let Some(at) = memchr::memchr(0, head) {
        return Err(SourceError::Unrecognised(format!(
            "binary data (a NUL byte at offset {at}), not a feed, page or text"
        )));
    }
    let head = String::from_utf8_lossy(head);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let extension = extension.map(str::to_ascii_lowercase);
    let ext = extension.as_deref();
    if start.starts_with('<') {
        match xml_root(start) {
            Some(root) if matches!(root.as_str(), "rss" | "feed" | "rdf:rdf" | "rdf") => {
                return Ok(Kind::Feed);
            }
            // A list of feeds, not a feed: `--import-opml` reads it.
            Some(root) if root == "opml" => return Err(SourceError::SubscriptionList),
            Some(root) if root == "html" || root == "!doctype" => return Ok(Kind::Html),
            // Markdown and text may start with a tag of their own
            // (`<h1 align="center">`): only a file that says it is XML, or
            // says nothing, is judged by its root.
            Some(root)
                if ext.is_none_or(|e| matches!(e, "xml" | "rss" | "atom" | "rdf"))
                    && !looks_like_html(start) =>
            {
                return Err(SourceError::Unrecognised(format!(
                    "XML whose root element is <{root}>, not a feed (rss, feed or rdf:RDF)"
                )));
            }
            _ => {}
        }
    }
    if start.starts_with('{') {
        if start.contains("jsonfeed.org/version") {
            return Ok(Kind::Feed);
        }
        return Err(SourceError::Unrecognised(
            "JSON, but not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/…\"); \
             an article file can be copied into the folder as it is"
                .into(),
        ));
    }
    match ext {
        Some("md" | "markdown" | "mdown" | "mkd") => return Ok(Kind::Markdown),
        Some("html" | "htm" | "xhtml") => return Ok(Kind::Html),
        Some("txt" | "text") => return Ok(Kind::Text),
        Some("xml" | "rss" | "atom" | "rdf") => return Ok(Kind::Feed),
        _ => {}
    }
    let content_type = content_type.map(str::to_ascii_lowercase);
    match content_type.as_deref() {
        Some(t) if t.contains("html") => return Ok(Kind::Html),
        Some(t) if t.contains("markdown") => return Ok(Kind::Markdown),
        Some(t) if t.contains("xml") || t.contains("feed") => return Ok(Kind::Feed),
        _ => {}
    }
    if start.starts_with("---\n") || start.starts_with("+++\n") || start.starts_with("---\r\n") {
        return Ok(Kind::Markdown);
    }
    if start.starts_with('<') && looks_like_html(start) {
        return Ok(Kind::Html);
    }
    Ok(Kind::Text)
}

fn looks_like_html(start: &str) -> bool {
    let lower = start.to_ascii_lowercase();
    [
        "<html",
        "<body",
        "<head",
        "<article",
        "<p>",
        "<div",
        "<!doctype html",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// The name of the first element (lower case), skipping the XML
/// declaration, processing instructions and comments; `!doctype` for a
/// document type declaration.
fn xml_root(mut s: &str) -> Option<String> {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("<?") {
            s = &rest[rest.find("?>")? + 2..];
        } else if let Some(rest) = s.strip_prefix("<!--") {
            s = &rest[rest.find("-->")? + 3..];
        } else if s
            .as_bytes()
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"<!doctype"))
        {
            let decl = &s[9..s.find('>')?];
            if decl.trim().to_ascii_lowercase().starts_with("html") {
                return Some("!doctype".into());
            }
            s = &s[s.find('>')? + 1..];
        } else {
            let rest = s.strip_prefix('<')?;
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(rest.len());
            return Some(rest[..end].to_ascii_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_then_name() {
        let feed = b"<?xml version=\"1.0\"?>\n<!-- hi -->\n<rss version=\"2.0\"></rss>";
        assert_eq!(sniff(feed, Some("txt"), None).ok(), Some(Kind::Feed));
        assert_eq!(
            sniff(b"<feed xmlns=\"x\">", None, None).ok(),
            Some(Kind::Feed)
        );
        assert_eq!(sniff(b"<rdf:RDF>", None, None).ok(), Some(Kind::Feed));
        assert_eq!(
            sniff(
                b"{\"version\": \"https://jsonfeed.org/version/1.1\"}",
                None,
                None
            )
            .ok(),
            Some(Kind::Feed)
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><p>x", None, None).ok(),
            Some(Kind::Html)
        );
        assert_eq!(
            sniff(b"# Title", Some("md"), None).ok(),
            Some(Kind::Markdown)
        );
        assert_eq!(
            sniff(b"---\ntitle: x\n---\n", None, None).ok(),
            Some(Kind::Markdown)
        );
        assert_eq!(sniff(b"Title\nSub\n", None, None).ok(), Some(Kind::Text));
        assert!(sniff(b"<svg></svg>", None, None).is_err());
        assert!(matches!(
            sniff(
                b"<?xml version=\"1.0\"?><opml><body/></opml>",
                Some("opml"),
                None
            ),
            Err(SourceError::SubscriptionList)
        ));
        assert!(sniff(b"{\"title\": \"x\"}", None, None).is_err());
    }
}
