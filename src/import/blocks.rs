//! HTML to article paragraphs that keep what a reader needs: links as
//! numbered references (`text [1]`) with their addresses kept aside,
//! preformatted text as it was laid out, `<br>` line breaks, tables as
//! aligned rows, image alt text, struck-out text, nested lists and quotes.
//!
//! A walk over the tree html5ever builds (the way browsers read malformed
//! HTML), done with an explicit stack of open elements so no depth of
//! nesting can exhaust the call stack.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use unicode_width::UnicodeWidthStr;

use super::absolute_url;
use crate::article::Shape;

/// Where a `<br>` broke the paragraph being gathered (U+2028 LINE
/// SEPARATOR: whitespace to the cells of a table, which join their lines).
const BREAK: char = '\u{2028}';

/// One paragraph of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub shape: Shape,
    pub text: String,
}

/// What an HTML fragment or page became.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub blocks: Vec<Block>,
    /// The addresses the text refers to: `links[0]` is `[1]`.
    pub links: Vec<String>,
}

/// A table no wider than this is laid out as aligned columns; a wider one
/// gets one row per line, its cells between ` | `.
pub const TABLE_MAX_COLUMNS: usize = 80;

/// Elements whose content is never text to read.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object",
    "embed", "video", "audio", "canvas", "button", "select", "input", "textarea",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "address",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "form",
    "fieldset",
    "center",
    "body",
    "html",
    "caption",
];

/// Renders an HTML fragment (a feed item's content). `base` makes relative
/// links absolute; a link that cannot be made absolute keeps its text only.
pub fn fragment(html: &str, base: Option<&str>, number_links: bool) -> Rendered {
    let doc = Html::parse_fragment(html);
    let mut walker = Walker::new(base, number_links);
    walker.walk(doc.tree.root());
    walker.finish()
}

/// Renders the subtree under `node` (a page's main content).
pub fn subtree(node: NodeRef<'_, Node>, base: Option<&str>, number_links: bool) -> Rendered {
    let mut walker = Walker::new(base, number_links);
    walker.walk(node);
    walker.finish()
}

/// An open list: ordered or not, and the next item's number.
struct List {
    ordered: bool,
    next: i64,
}

/// A table being read: rows of cells.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    /// The cell being read, while inside `td`/`th`.
    cell: Option<String>,
}

struct Walker<'b> {
    base: Option<&'b str>,
    /// Whether links get a number (a body) or only their text (a title).
    number_links: bool,
    out: Rendered,
    /// The paragraph being gathered; [`BREAK`] where a `<br>` broke it.
    current: String,
    /// Put before the next paragraph's text (a list item's bullet).
    pending_prefix: Option<String>,
    lists: Vec<List>,
    quote_depth: usize,
    /// Depth inside `<pre>`; its text is gathered raw into `pre_text`.
    pre_depth: usize,
    pre_text: String,
    /// Depth inside a hidden element: nothing under it is text.
    hidden_depth: usize,
    /// Tables being read (a table may sit in a cell of another).
    tables: Vec<Table>,
    /// Open links: the address of each (`None`: not one we can number) and
    /// where its text starts.
    anchors: Vec<Option<String>>,
    /// Text inside `<s>`/`<del>`/`<strike>` is marked `~~…~~`.
    struck: usize,
}

impl<'b> Walker<'b> {
    fn new(base: Option<&'b str>, number_links: bool) -> Self {
        Self {
            base,
            number_links,
            out: Rendered::default(),
            current: String::new(),
            pending_prefix: None,
            lists: Vec::new(),
            quote_depth: 0,
            pre_depth: 0,
            pre_text: String::new(),
            hidden_depth: 0,
            tables: Vec::new(),
            anchors: Vec::new(),
            struck: 0,
        }
    }

    fn walk(&mut self, root: NodeRef<'_, Node>) {
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => self.open(node),
                Edge::Close(node) => self.close(node),
            }
        }
    }

    fn finish(mut self) -> Rendered {
        self.flush();
        self.out
    }

    /// Where inline text goes now: the open cell, the `<pre>`, or the
    /// paragraph.
    fn sink(&mut self) -> &mut String {
        if self.pre_depth > 0 {
            return &mut self.pre_text;
        }
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            return cell;
        }
        &mut self.current
    }

    fn open(&mut self, node: NodeRef<'_, Node>) {
        if self.hidden_depth > 0 {
            if let Node::Element(_) = node.value() {
                self.hidden_depth += 1;
            }
            return;
        }
        match node.value() {
            Node::Text(text) => {
                let text: &str = text;
                self.sink().push_str(text);
            }
            Node::Element(element) => {
                let name = element.name();
                if is_hidden(element) {
                    self.hidden_depth = 1;
                    return;
                }
                self.open_element(name, element);
            }
            _ => {}
        }
    }

    fn open_element(&mut self, name: &str, element: &scraper::node::Element) {
        match name {
            "pre" => {
                if self.pre_depth == 0 {
                    self.flush();
                }
                self.pre_depth += 1;
            }
            // In a paragraph a break is marked apart from the newlines of
            // the source, which are only spaces.
            "br" if self.pre_depth > 0 => self.pre_text.push('\n'),
            "br" => self.sink().push(BREAK),
            "img" => {
                let alt = element.attr("alt").map(str::trim).unwrap_or_default();
                if !alt.is_empty() {
                    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                    let shown = format!(" [image: {alt}] ");
                    self.sink().push_str(&shown);
                }
            }
            "a" => {
                let target = element
                    .attr("href")
                    .filter(|_| self.number_links)
                    .map(str::trim)
                    .filter(|h| !h.is_empty() && !h.starts_with('#'))
                    .filter(|h| !h.to_ascii_lowercase().starts_with("javascript:"))
                    .and_then(|h| absolute_url(h, self.base));
                self.anchors.push(target);
            }
            "s" | "del" | "strike" => {
                self.struck += 1;
                self.sink().push_str("~~");
            }
            "ul" | "ol" | "menu" => {
                self.flush();
                let start = element
                    .attr("start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                self.lists.push(List {
                    ordered: name == "ol",
                    next: start,
                });
            }
            "li" => {
                self.flush();
                let depth = self.lists.len().max(1);
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        let n = list.next;
                        list.next += 1;
                        format!("{n}.")
                    }
                    _ => String::new(),
                };
                // The bullet says how deep the item is; the reader indents
                // by it (see `crate::doc`).
                let bullet = match depth {
                    1 => "•",
                    2 => "◦",
                    _ => "▪",
                };
                self.pending_prefix = Some(match (depth, marker.is_empty()) {
                    (_, true) => format!("{bullet} "),
                    (1, false) => format!("{marker} "),
                    (_, false) => format!("{bullet} {marker} "),
                });
            }
            "blockquote" => {
                self.flush();
                self.quote_depth += 1;
            }
            "table" => {
                self.flush();
                self.tables.push(Table::default());
            }
            "tr" => {
                if let Some(table) = self.tables.last_mut() {
                    table.rows.push(Vec::new());
                }
            }
            "td" | "th" => {
                if let Some(table) = self.tables.last_mut() {
                    if table.rows.is_empty() {
                        table.rows.push(Vec::new());
                    }
                    table.cell = Some(String::new());
                }
            }
            name if BLOCKS.contains(&name) => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        let Node::Element(element) = node.value() else {
            return;
        };
        if self.hidden_depth > 0 {
            self.hidden_depth -= 1;
            return;
        }
        match element.name() {
            "pre" => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                if self.pre_depth == 0 {
                    let text = std::mem::take(&mut self.pre_text);
                    self.push_pre(&text);
                }
            }
            "a" => {
                if let Some(Some(url)) = self.anchors.pop()
                    && self.pre_depth == 0
                {
                    let known = self.out.links.iter().position(|l| *l == url);
                    let n = if let Some(i) = known {
                        i + 1
                    } else {
                        self.out.links.push(url);
                        self.out.links.len()
                    };
                    let reference = format!(" [{n}]");
                    self.sink().push_str(&reference);
                }
            }
            "s" | "del" | "strike" => {
                self.struck = self.struck.saturating_sub(1);
                self.sink().push_str("~~");
            }
            "ul" | "ol" | "menu" => {
                self.flush();
                self.lists.pop();
            }
            "li" => self.flush(),
            "blockquote" => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            "td" | "th" => {
                if let Some(table) = self.tables.last_mut()
                    && let Some(cell) = table.cell.take()
                {
                    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some(row) = table.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            "table" => {
                if let Some(table) = self.tables.pop() {
                    self.push_table(table);
                }
            }
            name if BLOCKS.contains(&name) => self.flush(),
            _ => {}
        }
    }

    /// Ends the paragraph being gathered.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.current);
        let lines: Vec<String> = raw
            .split(BREAK)
            .map(|l| tidy_struck(&l.split_whitespace().collect::<Vec<_>>().join(" ")))
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        let quote = "> ".repeat(self.quote_depth);
        let prefix = self.pending_prefix.take().unwrap_or_default();
        let text = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{quote}{prefix}{l}")
                } else {
                    format!("{quote}{l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let shape = if lines.len() > 1 {
            Shape::Lines
        } else {
            Shape::Prose
        };
        self.out.blocks.push(Block { shape, text });
    }

    /// A `<pre>`'s text as one preformatted paragraph: tabs and spaces
    /// kept, the newline that follows `<pre>` and trailing blank lines
    /// dropped.
    fn push_pre(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let last = lines.iter().rposition(|l| !l.trim().is_empty());
        if let (Some(first), Some(last)) = (first, last) {
            self.out.blocks.push(Block {
                shape: Shape::Pre,
                text: lines[first..=last].join("\n"),
            });
        }
    }

    /// A table as aligned columns when it fits [`TABLE_MAX_COLUMNS`], else
    /// one row per line with its cells between ` | `. A table of one cell
    /// (layout, not data) is just its text.
    fn push_table(&mut self, table: Table) {
        let rows: Vec<Vec<String>> = table
            .rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .collect();
        if rows.is_empty() {
            return;
        }
        if rows.len() == 1 && rows[0].len() == 1 {
            self.current.push_str(&rows[0][0]);
            self.flush();
            return;
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let total = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
        if total <= TABLE_MAX_COLUMNS {
            let lines: Vec<String> = rows
                .iter()
                .map(|row| {
                    let mut line = String::new();
                    for (c, cell) in row.iter().enumerate() {
                        if c > 0 {
                            line.push_str("  ");
                        }
                        line.push_str(cell);
                        line.extend(std::iter::repeat_n(' ', widths[c] - cell.width()));
                    }
                    line.trim_end().to_owned()
                })
                .collect();
            self.out.blocks.push(Block {
                shape: Shape::Pre,
                text: lines.join("\n"),
            });
        } else {
            let lines: Vec<String> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .collect();
            let shape = if lines.len() > 1 {
                Shape::Lines
            } else {
                Shape::Prose
            };
            self.out.blocks.push(Block {
                shape,
                text: lines.join("\n"),
            });
        }
    }
}

/// `~~ text ~~` (spaces inside the marks, left by the markup around the
/// words) as `~~text~~`, and an empty `~~~~` dropped.
fn tidy_struck(line: &str) -> String {
    if !line.contains("~~") {
        return line.to_owned();
    }
    let line = line.replace("~~ ~~", "").replace("~~~~", "");
    let mut out = String::with_capacity(line.len());
    let mut open = false;
    let mut rest = line.as_str();
    while let Some(at) = rest.find("~~") {
        let (before, after) = rest.split_at(at);
        if open {
            out.push_str(before.trim_end());
        } else {
            out.push_str(before);
        }
        out.push_str("~~");
        rest = &after[2..];
        if !open {
            rest = rest.trim_start();
        }
        open = !open;
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an element is never shown: by its name, the `hidden`
/// attribute, `aria-hidden="true"` or an inline `display: none`.
fn is_hidden(element: &scraper::node::Element) -> bool {
    if HIDDEN.contains(&element.name()) {
        return true;
    }
    if element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(r: &Rendered) -> Vec<&str> {
        r.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn struck_text_is_marked_tightly() {
        assert_eq!(tidy_struck("was ~~ $10 ~~ now $8"), "was ~~$10~~ now $8");
        assert_eq!(tidy_struck("a ~~~~ b"), "a b");
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let html = "<div>".repeat(50_000) + "deep" + &"</div>".repeat(50_000);
        assert_eq!(texts(&fragment(&html, None, true)), vec!["deep"]);
    }
}
