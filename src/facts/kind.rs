//! What a fact is about: the kinds of fact, their names in article files and
//! their sidebar headings.

use serde::Serialize;

/// What a fact is about; decides the sidebar heading it is shown under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Figure,
    Quote,
    Person,
    Organisation,
    Place,
    Date,
    Other,
}

impl FactKind {
    /// Every kind, in the order the sidebar shows their groups.
    pub const ALL: [Self; 7] = [
        Self::Figure,
        Self::Quote,
        Self::Person,
        Self::Organisation,
        Self::Place,
        Self::Date,
        Self::Other,
    ];

    /// The names accepted in an article file's `kind` field.
    pub const NAMES: [&'static str; 7] = [
        "figure",
        "quote",
        "person",
        "organisation",
        "place",
        "date",
        "other",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let name = match name.as_str() {
            "organization" | "org" => "organisation",
            "people" => "person",
            "amount" | "number" | "money" => "figure",
            other => other,
        };
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// The heading of this kind's group in the sidebar.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Figure => "Key figures",
            Self::Quote => "Quotes",
            Self::Person => "People",
            Self::Organisation => "Organisations",
            Self::Place => "Places",
            Self::Date => "Dates",
            Self::Other => "Other facts",
        }
    }

    /// Guesses the kind of a hand-written fact that did not say, from its
    /// value (a label only marks a quote: "Smith said" over a phrase).
    pub fn guess(label: &str, value: &str) -> Self {
        let label_lc = label.to_lowercase();
        let starts_quoted = value.starts_with(['"', '“', '「', '『', '\'', '‘']);
        if starts_quoted || label_lc.contains("quote") || label_lc.contains("said") {
            Self::Quote
        } else if looks_like_date(value) {
            Self::Date
        } else if value.chars().any(|c| c.is_ascii_digit() || is_currency(c)) {
            Self::Figure
        } else {
            Self::Other
        }
    }
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₹' | '%')
}

fn looks_like_date(value: &str) -> bool {
    let v = value.trim();
    (v.len() == 4 && v.chars().all(|c| c.is_ascii_digit())) || crate::text::is_iso8601(v)
}
