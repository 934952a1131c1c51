//! The query language: what the user types, parsed into terms.

use super::fold::fold;
use super::matching::widens;

/// One condition of a query; all must hold. Values are folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word or `"quoted phrase"`, found in the article's text.
    Text(String),
    /// `person:NAME`: a person the facts name. Like `org:` and `place:`, it
    /// holds when NAME is found in the entity's name at a word start
    /// (`person:smith` finds "Brad Smith").
    Person(String),
    /// `org:NAME`: an organisation the facts name.
    Org(String),
    /// `place:NAME`: a place the facts name.
    Place(String),
    /// `tag:NAME`: one of the article's tags, exactly.
    Tag(String),
    /// `has:quote`: the facts hold a quotation.
    HasQuote,
    /// `has:figure`: the facts hold money, a count or a percentage.
    HasFigure,
}

impl Term {
    fn needs_entities(&self) -> bool {
        matches!(
            self,
            Self::Person(_) | Self::Org(_) | Self::Place(_) | Self::HasQuote | Self::HasFigure
        )
    }

    /// Whether whatever `longer` matches, `self` matches too.
    fn widens(&self, longer: &Self) -> bool {
        match (self, longer) {
            (Self::Text(a), Self::Text(b))
            | (Self::Person(a), Self::Person(b))
            | (Self::Org(a), Self::Org(b))
            | (Self::Place(a), Self::Place(b)) => widens(a, b),
            // Tags match whole: `tag:new` finds nothing `tag:news` finds.
            (Self::Tag(a), Self::Tag(b)) => a == b,
            (Self::HasQuote, Self::HasQuote) | (Self::HasFigure, Self::HasFigure) => true,
            _ => false,
        }
    }
}

/// A parsed search: every term must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// Parses what the user typed: whitespace-separated words, `"quoted
    /// phrases"`, and the fields `person:`, `org:`, `place:`, `tag:` (whose
    /// value may be quoted: `person:"Brad Smith"`) and `has:quote`,
    /// `has:figure`.
    ///
    /// Made for typing one key at a time: an unclosed quote runs to the end;
    /// a field with no value yet is left out; `has:` takes any start of
    /// `quote` or `figure` (`has:q`). Anything else with a colon
    /// (`foo:bar`, `has:cats`) is a plain word. Field names ignore case and
    /// may be typed in fullwidth (`ＯＲＧ：`).
    pub fn parse(input: &str) -> Self {
        // Folding also turns a fullwidth `：` or `＂` into ASCII.
        let folded = fold(input);
        let mut terms = Vec::new();
        let mut rest = folded.as_str();
        loop {
            rest = rest.trim_start_matches(' ');
            let Some(first) = rest.chars().next() else {
                break;
            };
            if first == '"' {
                let (phrase, after) = quoted(&rest[1..]);
                rest = after;
                push_text(&mut terms, phrase);
                continue;
            }
            let end = rest.find([' ', '"']).unwrap_or(rest.len());
            let (token, after) = rest.split_at(end);
            rest = after;
            match token.split_once(':') {
                Some((name, value)) => {
                    let quoted_value = value.is_empty() && rest.starts_with('"');
                    let value = if quoted_value {
                        let (value, after) = quoted(&rest[1..]);
                        rest = after;
                        value.trim()
                    } else {
                        value
                    };
                    field(&mut terms, name, value);
                }
                None => push_text(&mut terms, token),
            }
        }
        Self { terms }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a term needs the [`EntityIndex`](super::EntityIndex) (`person:`, `org:`, `place:`,
    /// `has:`).
    pub fn needs_entities(&self) -> bool {
        self.terms.iter().any(Term::needs_entities)
    }

    /// Whether every article this query matches is also matched by `wider`
    /// (the query before the last key press), so that only `wider`'s results
    /// need searching. True when each of `wider`'s terms is the start of the
    /// term in the same place here (`ai` → `aim`, `ai` → `ai res`) or, for
    /// `tag:` and `has:`, the same term.
    ///
    /// Only `wider`'s *complete* results may be narrowed: if its search had
    /// `pending` articles, search them all again.
    pub fn narrows(&self, wider: &Self) -> bool {
        self.terms.len() >= wider.terms.len()
            && wider
                .terms
                .iter()
                .zip(&self.terms)
                .all(|(a, b)| a.widens(b))
    }
}

/// Splits folded text after an opening quote into the quoted words and what
/// follows the closing quote (nothing, if it is not closed yet).
fn quoted(after_quote: &str) -> (&str, &str) {
    match after_quote.split_once('"') {
        Some((inside, after)) => (inside, after),
        None => (after_quote, ""),
    }
}

fn push_text(terms: &mut Vec<Term>, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        terms.push(Term::Text(text.to_owned()));
    }
}

/// Adds the term of a `name:value` token (both folded).
fn field(terms: &mut Vec<Term>, name: &str, value: &str) {
    let named: Option<fn(String) -> Term> = match name {
        "person" | "people" => Some(Term::Person),
        "org" | "organisation" | "organization" => Some(Term::Org),
        "place" => Some(Term::Place),
        "tag" => Some(Term::Tag),
        _ => None,
    };
    if let Some(make) = named {
        if !value.is_empty() {
            terms.push(make(value.to_owned()));
        }
        return;
    }
    if name == "has" {
        if value.is_empty() {
            return;
        }
        if "quote".starts_with(value) {
            terms.push(Term::HasQuote);
            return;
        }
        if "figure".starts_with(value) {
            terms.push(Term::HasFigure);
            return;
        }
    }
    push_text(terms, &format!("{name}:{value}"));
}
