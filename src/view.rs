//! Which articles the list shows, and in what order: the sort and the
//! filters the user has chosen. Pure functions over the articles; `App`
//! owns the values and recomputes the list when one changes.

use std::cmp::Ordering;

use crate::store::articles::Articles;
use crate::store::catalog::Meta;

/// How the list is ordered. `O` steps round them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first (the order the library is loaded in).
    #[default]
    Date,
    /// Title, A to Z, ignoring case.
    Title,
    /// Source, A to Z, then newest first.
    Source,
}

impl Sort {
    /// The name kept in the state file and shown in the list's title.
    pub fn name(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::Title => "title",
            Self::Source => "source",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Date, Self::Title, Self::Source]
            .into_iter()
            .find(|s| s.name() == name)
    }

    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Date => Self::Title,
            Self::Title => Self::Source,
            Self::Source => Self::Date,
        }
    }
}

/// What narrows the list. All parts must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles with this tag (compared ignoring case).
    pub tag: Option<String>,
    /// The search, as typed (see `search::Query`).
    pub query: String,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        self.unread_only || self.starred_only || self.tag.is_some() || !self.query.trim().is_empty()
    }

    /// Short words for the list's title: `/tokyo · unread · #ai`.
    pub fn describe(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if !self.query.trim().is_empty() {
            parts.push(format!("/{}", self.query.trim()));
        }
        if self.unread_only {
            parts.push("unread".to_owned());
        }
        if self.starred_only {
            parts.push("starred".to_owned());
        }
        if let Some(tag) = &self.tag {
            parts.push(format!("#{tag}"));
        }
        parts
    }
}

/// Article indices in `sort` order. Library order is already newest first,
/// so ties keep it.
pub fn order(articles: &Articles, sort: Sort) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    match sort {
        Sort::Date => {}
        Sort::Title => {
            // Sort on folded keys computed once, not on every comparison.
            let keys: Vec<String> = articles.iter().map(|a| a.title().to_lowercase()).collect();
            order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        }
        Sort::Source => {
            let keys: Vec<Option<String>> = articles
                .iter()
                .map(|a| a.source().map(str::to_lowercase))
                .collect();
            // Articles without a source go last.
            order.sort_by(|&a, &b| match (&keys[a], &keys[b]) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            });
        }
    }
    order
}

/// Every tag in the folder with how many articles carry it, most used first.
/// Tags differing only in case count as one (the first spelling seen).
pub fn tags(articles: &Articles) -> Vec<(String, usize)> {
    let mut counts: std::collections::HashMap<String, (String, usize)> =
        std::collections::HashMap::new();
    for article in articles.iter() {
        // An article tagged "AI" and "ai" counts once.
        let mut seen: Vec<String> = Vec::new();
        for tag in article.tags() {
            let key = tag.to_lowercase();
            if seen.contains(&key) {
                continue;
            }
            counts
                .entry(key.clone())
                .or_insert_with(|| (tag.to_owned(), 0))
                .1 += 1;
            seen.push(key);
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_values().collect();
    out.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
    });
    out
}

/// Whether `article` carries `tag`, ignoring case.
pub fn has_tag(article: &Meta<'_>, tag: &str) -> bool {
    article
        .tags()
        .any(|t| t.to_lowercase() == tag.to_lowercase())
}
