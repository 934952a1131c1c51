//! HTML to article text, for feed content and for saved web pages.
//!
//! [`to_body`] renders HTML as paragraphs with gogai's own walk over the
//! parsed tree (see [`blocks`]). [`extract`] reads one saved page: its
//! metadata from the usual meta tags and its article text from the element
//! that holds it, picked the way readability tools do.

use scraper::{ElementRef, Html, Selector};

use super::blocks::{self, Rendered};
use super::{Draft, Extracted, Kind, Note, absolute_url, decode, normalize_date};
use crate::article::Shape;

/// The text of an HTML fragment as paragraphs of plain text, for titles,
/// names and summaries: no link numbers, line breaks joined with a space.
/// Malformed HTML is read the way browsers read it (html5ever); an
/// unclosed tag simply runs to the end.
pub fn to_paragraphs(html: &str) -> Vec<String> {
    // Text without markup or entities (most feed summaries and titles) is
    // already text: paragraphs at blank lines, as the parser would make.
    if !html.contains(['<', '&']) {
        return html
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
    }
    blocks::fragment(html, None, false)
        .blocks
        .into_iter()
        .map(|b| {
            if b.shape == Shape::Lines {
                b.text.replace('\n', " ")
            } else {
                b.text
            }
        })
        .collect()
}

/// An HTML fragment (a feed item's content) as an article body: links
/// numbered and listed, preformatted text, line breaks and tables kept
/// (see [`blocks`]). `base` makes relative links absolute.
pub fn to_body(html: &str, base: Option<&str>) -> Rendered {
    if !html.contains(['<', '&']) {
        return Rendered {
            blocks: to_paragraphs(html)
                .into_iter()
                .map(|text| blocks::Block {
                    shape: Shape::Prose,
                    text,
                })
                .collect(),
            links: Vec::new(),
        };
    }
    blocks::fragment(html, base, true)
}

/// Puts a rendered body into a draft.
pub fn fill(draft: &mut Draft, rendered: Rendered) {
    draft.body.clear();
    draft.shapes.clear();
    for (i, block) in rendered.blocks.into_iter().enumerate() {
        if block.shape != Shape::Prose {
            draft.shapes.push((i, block.shape));
        }
        draft.body.push(block.text);
    }
    draft.links = rendered.links;
}

/// Elements that are never article text. `header` and `footer` go too:
/// the page's (and the article's) title, byline and date are read from
/// the metadata before they are dropped. A `form` itself stays, only its
/// controls go: ASP.NET pages wrap their whole body in one.
const JUNK: &str = "script, style, noscript, template, nav, header, footer, aside, \
                    input, select, textarea, label, \
                    iframe, svg, button, dialog, figcaption, [hidden], \
                    [aria-hidden=true], [role=navigation], [role=banner], \
                    [role=contentinfo], [role=complementary]";

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The text of the elements matching `css`, joined and trimmed.
fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .find(|t| !t.is_empty())
}

/// The first non-empty value of `attr` on the elements matching `css`.
fn first_attr(doc: &Html, css: &str, attr: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The `charset` a page declares in its first bytes (`<meta charset>` or
/// an `http-equiv` content type), as browsers look for it.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Some(value).filter(|v| !v.is_empty())
}

/// One saved web page as an article. `base` is the address it was fetched
/// from, to make a relative canonical link absolute.
pub fn extract(bytes: &[u8], base: Option<&str>, charset: Option<&str>) -> Extracted {
    let declared = charset
        .map(str::to_owned)
        .or_else(|| declared_charset(bytes));
    let (text, note) = decode(bytes, declared.as_deref());
    let mut notes: Vec<Note> = note.into_iter().collect();
    let mut doc = Html::parse_document(&text);

    let meta = |doc: &Html, key: &str| {
        first_attr(doc, &format!("meta[property=\"{key}\"]"), "content")
            .or_else(|| first_attr(doc, &format!("meta[name=\"{key}\"]"), "content"))
    };
    let heading =
        first_text(&doc, "article h1, main h1, [role=main] h1").or_else(|| first_text(&doc, "h1"));
    let title = heading
        .or_else(|| meta(&doc, "og:title"))
        .or_else(|| first_text(&doc, "title"));
    let page_base = first_attr(&doc, "base[href]", "href")
        .and_then(|b| absolute_url(&b, base))
        .or_else(|| base.map(str::to_owned));
    // A page fetched from an address has that address when it names no
    // other (a saved file's own path is no use as a link).
    let url = first_attr(&doc, "link[rel=canonical]", "href")
        .or_else(|| meta(&doc, "og:url"))
        .and_then(|u| absolute_url(&u, page_base.as_deref()))
        .or_else(|| base.map(str::to_owned));
    let author = meta(&doc, "author")
        .or_else(|| meta(&doc, "article:author").filter(|a| !a.contains("://")))
        .or_else(|| first_text(&doc, "[rel=author], [itemprop=author] [itemprop=name]"));
    let date_text = meta(&doc, "article:published_time")
        .or_else(|| first_attr(&doc, "[itemprop=datePublished]", "content"))
        .or_else(|| first_attr(&doc, "[itemprop=datePublished]", "datetime"))
        .or_else(|| meta(&doc, "date"))
        .or_else(|| first_attr(&doc, "article time[datetime], time[datetime]", "datetime"));
    let published = date_text.as_deref().and_then(|d| {
        let normal = normalize_date(d);
        if normal.is_none() {
            notes.push(Note::warning(
                None,
                format!("the page's date {d:?} is not one gogai reads; imported without a date"),
            ));
        }
        normal
    });
    let mut tags: Vec<String> = selector("meta[property=\"article:tag\"]")
        .map(|sel| {
            doc.select(&sel)
                .filter_map(|e| e.value().attr("content"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if tags.is_empty() {
        tags = meta(&doc, "keywords")
            .map(|k| k.split(',').map(|t| t.trim().to_owned()).collect())
            .unwrap_or_default();
    }
    let source = meta(&doc, "og:site_name");
    let description = meta(&doc, "description").or_else(|| meta(&doc, "og:description"));

    drop_junk(&mut doc);
    let mut rendered = main_content(&doc).map_or_else(Rendered::default, |main| {
        blocks::subtree(*main, page_base.as_deref(), true)
    });
    let repeats_title = rendered
        .blocks
        .iter()
        .take_while(|b| Some(&b.text) == title.as_ref())
        .count();
    rendered.blocks.drain(..repeats_title);
    rendered.blocks.retain(|b| !b.text.is_empty());
    // A standfirst repeated as the first paragraph is the subtitle already.
    let subtitle = description.filter(|d| {
        let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
        rendered.blocks.first().map(|b| &b.text) != Some(&d) && d.chars().count() <= 300
    });
    if rendered.blocks.is_empty() {
        notes.push(Note::warning(None, "no article text found in the page"));
    }
    let mut draft = Draft {
        title,
        subtitle,
        source,
        author,
        url,
        published,
        tags,
        ..Draft::default()
    };
    fill(&mut draft, rendered);
    Extracted {
        kind: Kind::Html,
        drafts: vec![draft],
        notes,
    }
}

/// Takes out everything that is never article text (see [`JUNK`]).
fn drop_junk(doc: &mut Html) {
    let Some(sel) = selector(JUNK) else {
        return;
    };
    let ids: Vec<_> = doc.select(&sel).map(|e| e.id()).collect();
    for id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// The element holding the article, readability-style: the `<article>`
/// with the most paragraph text, else `<main>` (or `role=main`), else the
/// element whose own paragraphs hold the most text, else `<body>`.
fn main_content(doc: &Html) -> Option<ElementRef<'_>> {
    let p_text = |e: &ElementRef<'_>| -> usize {
        selector("p").map_or(0, |p| {
            e.select(&p)
                .map(|p| p.text().map(|t| t.trim().len()).sum::<usize>())
                .sum()
        })
    };
    if let Some(sel) = selector("article") {
        let best = doc
            .select(&sel)
            .map(|a| (p_text(&a), a))
            .max_by_key(|(n, _)| *n);
        if let Some((n, article)) = best
            && n > 0
        {
            return Some(article);
        }
    }
    if let Some(main) = selector("main, [role=main]").and_then(|s| doc.select(&s).next()) {
        return Some(main);
    }
    // Each paragraph scores for its parent, and half for the grandparent,
    // so text split over sibling containers still finds their common one.
    let mut scores = std::collections::HashMap::new();
    let mut order = Vec::new();
    if let Some(p) = selector("p") {
        for para in doc.select(&p) {
            let len: usize = para.text().map(|t| t.trim().len()).sum();
            let mut up = para.parent().and_then(ElementRef::wrap);
            for share in [len, len / 2] {
                let Some(element) = up else { break };
                let score = scores.entry(element.id()).or_insert_with(|| {
                    order.push(element);
                    0
                });
                *score += share;
                up = element.parent().and_then(ElementRef::wrap);
            }
        }
    }
    // The first of the best, in document order.
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    for element in order {
        let score = scores.get(&element.id()).copied().unwrap_or(0);
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, element));
        }
    }
    if let Some((_, element)) = best {
        return Some(element);
    }
    selector("body").and_then(|s| doc.select(&s).next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_links_and_breaks() {
        let html = "<p>One <a href=\"/x\">link</a> here.<br>Same para.</p>\
                    <ul><li>first</li><li>second</li></ul>\
                    <h2>Heading</h2><p>Last <img src=\"a.png\" alt=\"pic\"> word.</p>\
                    <script>var x = 1;</script><style>p { color: red }</style>";
        assert_eq!(
            to_paragraphs(html),
            vec![
                "One link here. Same para.",
                "• first",
                "• second",
                "Heading",
                // Images keep their alt text (issue 14).
                "Last [image: pic] word."
            ]
        );
    }

    #[test]
    fn unclosed_tags_still_give_text() {
        assert_eq!(
            to_paragraphs("<p>Open <b>bold<p>Next"),
            vec!["Open bold", "Next"]
        );
    }
}
