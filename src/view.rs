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
    /// Title, A to Z, ignoring case, numbers as numbers ("Part 2"
    /// before "Part 10").
    Title,
    /// Source, A to Z, then newest first.
    Source,
    /// Oldest first.
    Oldest,
}

impl Sort {
    /// Every order, as `O` steps round them.
    pub const ALL: [Self; 4] = [Self::Date, Self::Title, Self::Source, Self::Oldest];

    /// The name kept in the state file and shown in the list's title.
    pub fn name(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::Title => "title",
            Self::Source => "source",
            Self::Oldest => "oldest",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Date => Self::Title,
            Self::Title => Self::Source,
            Self::Source => Self::Oldest,
            Self::Oldest => Self::Date,
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
    /// Only the articles of one feed (picked in the feeds view).
    pub feed: Option<FeedFilter>,
}

/// The feed the list is narrowed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFilter {
    /// The feed's URL as the articles' `feed` field has it; `None`: the
    /// articles that came from no feed.
    pub url: Option<String>,
    /// What the list's title calls it.
    pub label: String,
}

impl FeedFilter {
    pub fn admits(&self, article: &Meta<'_>) -> bool {
        article.feed() == self.url.as_deref()
    }
}

impl Filter {
    pub fn is_active(&self) -> bool {
        self.unread_only
            || self.starred_only
            || self.tag.is_some()
            || self.feed.is_some()
            || !self.query.trim().is_empty()
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
        if let Some(feed) = &self.feed {
            parts.push(format!("@{}", feed.label));
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
        Sort::Oldest => order.reverse(),
        Sort::Title => {
            // Sort on folded keys computed once, not on every comparison.
            let keys: Vec<String> = articles.iter().map(|a| a.title().to_lowercase()).collect();
            order.sort_by(|&a, &b| natural(&keys[a], &keys[b]));
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

/// `a` against `b` with runs of digits compared as numbers: "part 2"
/// before "part 10". Equal numbers written differently ("07", "7") fall
/// back to the text, so the order is total.
pub fn natural(left: &str, right: &str) -> Ordering {
    let digits_end = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (mut rest_l, mut rest_r) = (left, right);
    loop {
        match (rest_l.chars().next(), rest_r.chars().next()) {
            (None, None) => return left.cmp(right),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(cl), Some(cr)) if cl.is_ascii_digit() && cr.is_ascii_digit() => {
                let num_l = &rest_l[..digits_end(rest_l)];
                let num_r = &rest_r[..digits_end(rest_r)];
                let (sig_l, sig_r) = (num_l.trim_start_matches('0'), num_r.trim_start_matches('0'));
                let by_number = sig_l.len().cmp(&sig_r.len()).then_with(|| sig_l.cmp(sig_r));
                if by_number != Ordering::Equal {
                    return by_number;
                }
                rest_l = &rest_l[num_l.len()..];
                rest_r = &rest_r[num_r.len()..];
            }
            (Some(cl), Some(cr)) => {
                if cl != cr {
                    return cl.cmp(&cr);
                }
                rest_l = &rest_l[cl.len_utf8()..];
                rest_r = &rest_r[cr.len_utf8()..];
            }
        }
    }
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

/// A row of the feeds view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedRow {
    /// A heading: a tag of the feeds file, or a group of its own.
    Group(String),
    /// A feed to pick (`pick: None` is "all articles"), with its counts
    /// and what the refreshes of this session said of it.
    Feed {
        title: String,
        pick: Option<FeedFilter>,
        unread: usize,
        total: usize,
        status: Option<FeedStatus>,
    },
    /// A line to read, not to pick.
    Note(String),
}

/// What the feeds view says of a feed while and after a refresh looks at
/// it: `updating…`, or the outcome in words (`new 3`, `failed: …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedStatus {
    pub said: String,
    pub failed: bool,
}

impl FeedRow {
    pub fn is_pickable(&self) -> bool {
        matches!(self, Self::Feed { .. })
    }
}

/// What the articles' `feed` field says, counted: unread and total per
/// feed URL (`None`: articles from no feed).
type Counts<'a> = std::collections::HashMap<Option<&'a str>, (usize, usize)>;

/// The feeds view: "all articles", then the subscribed feeds under each of
/// their tags (a feed with two tags is under both), the untagged ones, the
/// feeds the articles name that the feeds file no longer lists (by URL),
/// and the articles from no feed. Every feed carries its unread and total
/// article counts.
pub fn feed_rows(
    articles: &Articles,
    subscriptions: &[crate::feeds::Subscription],
    is_read: impl Fn(&str) -> bool,
) -> Vec<FeedRow> {
    let mut counts: Counts<'_> = Counts::new();
    let mut all = (0, 0);
    for article in articles.iter() {
        let unread = usize::from(!is_read(article.id()));
        let entry = counts.entry(article.feed()).or_default();
        entry.0 += unread;
        entry.1 += 1;
        all.0 += unread;
        all.1 += 1;
    }
    let feed = |title: &str, url: Option<&str>, counts: &Counts<'_>| {
        let (unread, total) = counts.get(&url).copied().unwrap_or_default();
        FeedRow::Feed {
            title: title.to_owned(),
            pick: Some(FeedFilter {
                url: url.map(str::to_owned),
                label: title.to_owned(),
            }),
            unread,
            total,
            status: None,
        }
    };
    let mut rows = vec![FeedRow::Feed {
        title: "All articles".to_owned(),
        pick: None,
        unread: all.0,
        total: all.1,
        status: None,
    }];
    // Tags in the order of the alphabet, ignoring case; the first spelling wins.
    let mut tags: Vec<&str> = Vec::new();
    for sub in subscriptions {
        for tag in &sub.tags {
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                tags.push(tag);
            }
        }
    }
    tags.sort_by_key(|t| t.to_lowercase());
    for tag in &tags {
        rows.push(FeedRow::Group(format!("#{tag}")));
        for sub in subscriptions
            .iter()
            .filter(|s| s.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
        {
            rows.push(feed(sub.title(), Some(&sub.url), &counts));
        }
    }
    let untagged: Vec<_> = subscriptions.iter().filter(|s| s.tags.is_empty()).collect();
    if !untagged.is_empty() {
        rows.push(FeedRow::Group(
            if tags.is_empty() { "Feeds" } else { "No tag" }.to_owned(),
        ));
        for sub in untagged {
            rows.push(feed(sub.title(), Some(&sub.url), &counts));
        }
    }
    let mut unknown: Vec<&str> = counts
        .keys()
        .flatten()
        .copied()
        .filter(|url| !subscriptions.iter().any(|s| s.url == *url))
        .collect();
    unknown.sort_unstable();
    if !unknown.is_empty() {
        rows.push(FeedRow::Group("Not in the feeds file".to_owned()));
        for url in unknown {
            rows.push(feed(url, Some(url), &counts));
        }
    }
    if counts.contains_key(&None) {
        rows.push(FeedRow::Group("Other".to_owned()));
        rows.push(feed("not from a feed", None, &counts));
    }
    if subscriptions.is_empty() {
        rows.push(FeedRow::Note(
            "No feeds yet: gogai --subscribe URL adds one.".to_owned(),
        ));
    }
    rows
}

#[cfg(test)]
mod natural_tests {
    use std::cmp::Ordering;

    use super::natural;

    #[test]
    fn numbers_in_titles_order_as_numbers() {
        let mut titles = vec!["part 10", "part 2", "part 1", "part 02", "parts", "part"];
        titles.sort_by(|a, b| natural(a, b));
        assert_eq!(
            titles,
            ["part", "part 1", "part 02", "part 2", "part 10", "parts"]
        );
        assert_eq!(natural("a9b", "a10a"), Ordering::Less);
        assert_eq!(natural("東京 3", "東京 12"), Ordering::Less);
    }
}
