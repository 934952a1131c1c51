//! The non-interactive modes: `--list`, `--print`, `--check`. Each builds a
//! plain string (never escape codes) so tests can read it directly.

use std::fmt::Write as _;

use serde::Serialize;

use crate::article::{Article, Severity, Shape};
use crate::facts::{self, Fact, FactGroup};
use crate::store::library::Library;
use crate::store::state::ReadState;
use crate::text;

/// One line per article: unread mark (`*`), star (`★`), id, date, title.
pub fn list(library: &Library, read: &ReadState) -> String {
    let id_width = library
        .articles
        .iter()
        .map(|a| unicode_width::UnicodeWidthStr::width(a.id()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for article in library.articles.iter() {
        let mark = if read.is_read(article.id()) { ' ' } else { '*' };
        let star = if read.is_starred(article.id()) {
            '★'
        } else {
            ' '
        };
        let _ = writeln!(
            out,
            "{mark}{star} {}  {:<10}  {}",
            text::pad(article.id(), id_width),
            article.date().unwrap_or("-"),
            article.title()
        );
    }
    out
}

#[derive(Serialize)]
struct ListEntry<'a> {
    #[serde(flatten)]
    article: Summary<'a>,
    read: bool,
    starred: bool,
    file: String,
}

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    tags: Vec<&'a str>,
}

pub fn list_json(library: &Library, read: &ReadState) -> String {
    let entries: Vec<ListEntry<'_>> = library
        .articles
        .iter()
        .map(|a| ListEntry {
            article: Summary {
                id: a.id(),
                title: a.title(),
                subtitle: a.subtitle(),
                source: a.source(),
                author: a.author(),
                published: a.published(),
                tags: a.tags().collect(),
            },
            read: read.is_read(a.id()),
            starred: read.is_starred(a.id()),
            file: a.file(),
        })
        .collect();
    json(&entries)
}

/// The article as plain text wrapped at `width`, followed by its facts.
pub fn print(article: &Article, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::new();
    let para = |out: &mut String, s: &str| {
        for line in text::wrap(s, width) {
            out.push_str(&line);
            out.push('\n');
        }
    };
    para(&mut out, &article.title);
    if let Some(subtitle) = &article.subtitle {
        para(&mut out, subtitle);
    }
    let byline = article.byline();
    if !byline.is_empty() {
        para(&mut out, &byline);
    }
    if !article.tags.is_empty() {
        para(
            &mut out,
            &article
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if let Some(url) = &article.url {
        para(&mut out, url);
    }
    for enclosure in &article.enclosures {
        let about = enclosure.describe();
        if about.is_empty() {
            para(&mut out, &format!("Enclosure: {}", enclosure.url));
        } else {
            para(&mut out, &format!("Enclosure: {} ({about})", enclosure.url));
        }
    }
    for (i, paragraph) in article.body.iter().enumerate() {
        out.push('\n');
        match article.shape(i) {
            Shape::Prose => para(&mut out, paragraph),
            Shape::Lines => {
                for line in paragraph.split('\n') {
                    para(&mut out, line);
                }
            }
            // As written: a terminal or a file takes it wider than the
            // column without losing its layout.
            Shape::Pre => {
                out.push_str(paragraph);
                out.push('\n');
            }
        }
    }
    if !article.links.is_empty() {
        out.push_str("\nLinks\n");
        for (n, link) in article.links.iter().enumerate() {
            let _ = writeln!(out, "[{}] {link}", n + 1);
        }
    }
    let groups = facts::for_article(article);
    if !groups.is_empty() {
        out.push_str("\nFacts\n");
        out.push_str(&facts_text(&groups, width));
    }
    out
}

/// The facts under their headings, one per line with a hanging indent:
/// `label: value`, the normal form of a figure in brackets, and
/// `(unverified)` after a curated fact the text does not bear out.
pub fn facts_text(groups: &[FactGroup], width: usize) -> String {
    facts_text_explained(groups, width, false)
}

/// [`facts_text`], with (`explain`) a line under each fact naming the rule
/// that gave it, as `--facts --explain` prints them.
fn facts_text_explained(groups: &[FactGroup], width: usize, explain: bool) -> String {
    let mut out = String::new();
    for group in groups {
        out.push('\n');
        for line in text::wrap(group.heading, width.saturating_sub(2).max(1)) {
            let _ = writeln!(out, "  {line}");
        }
        for fact in &group.facts {
            let mut line = if fact.label.is_empty() {
                fact.value.clone()
            } else {
                format!("{}: {}", fact.label, fact.value)
            };
            if let Some(normal) = fact.normalized.as_ref().filter(|n| **n != fact.value) {
                let _ = write!(line, " ({normal})");
            }
            if fact.verified == Some(false) {
                line.push_str(" (unverified)");
            }
            for (i, l) in text::wrap(&line, width.saturating_sub(6).max(1))
                .iter()
                .enumerate()
            {
                let indent = if i == 0 { "    " } else { "      " };
                let _ = writeln!(out, "{indent}{l}");
            }
            if explain && !fact.rule.is_empty() {
                let rule = format!("rule: {}", fact.rule);
                for l in text::wrap(&rule, width.saturating_sub(6).max(1)) {
                    let _ = writeln!(out, "      {l}");
                }
            }
        }
    }
    out
}

/// Only the facts, as `--facts` prints them; `explain` adds the rule that
/// gave each (`--explain`).
pub fn facts_only(article: &Article, width: usize, explain: bool) -> String {
    let groups = facts::for_article(article);
    if groups.is_empty() {
        return "No facts found.\n".to_owned();
    }
    let text = facts_text_explained(&groups, width, explain);
    text.trim_start_matches('\n').to_owned()
}

/// A fact with the rule that gave it, as `--facts --json --explain` prints.
#[derive(Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    fact: &'a Fact,
    rule: &'static str,
}

pub fn facts_json(article: &Article, explain: bool) -> String {
    let facts: Vec<Fact> = facts::for_article(article)
        .into_iter()
        .flat_map(|g| g.facts)
        .collect();
    if explain {
        let explained: Vec<Explained<'_>> = facts
            .iter()
            .map(|fact| Explained {
                fact,
                rule: fact.rule,
            })
            .collect();
        return json(&explained);
    }
    json(&facts)
}

#[derive(Serialize)]
struct Printed<'a> {
    #[serde(flatten)]
    article: &'a Article,
    file: &'a str,
    facts: Vec<Fact>,
}

pub fn print_json(article: &Article) -> String {
    let facts = facts::for_article(article)
        .into_iter()
        .flat_map(|g| g.facts)
        .collect();
    json(&Printed {
        article,
        file: &article.file,
        facts,
    })
}

/// Every problem as `file:line:column: severity: message`, then a summary.
/// The bool says whether anything was found.
pub fn check(library: &Library) -> (String, bool) {
    let mut out = String::new();
    for problem in &library.problems {
        let _ = writeln!(out, "{problem}");
    }
    let errors = library.skipped();
    let warnings = library
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count();
    let _ = writeln!(
        out,
        "{}: {} file{} checked, {} article{} loaded, {errors} error{}, {warnings} warning{}",
        library.origin,
        library.files,
        plural(library.files),
        library.articles.len(),
        plural(library.articles.len()),
        plural(errors),
        plural(warnings),
    );
    (out, !library.problems.is_empty())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    s.push('\n');
    s
}
