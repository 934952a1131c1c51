//! The search: the prompt, running queries (narrowing on as the user
//! types), the list they leave, and the matches in the open article.

use super::{
    Action, App, Arc, EntityIndex, FactKind, Hits, Pane, Query, SearchIndex, search, thousands,
    view,
};

impl App {
    pub(super) fn open_prompt(&mut self) {
        self.prompt = Some(self.filter.query.clone());
        self.start_indexing();
    }

    pub(super) fn update_prompt(&mut self, action: Action) {
        let Some(mut input) = self.prompt.take() else {
            return;
        };
        match action {
            Action::Quit => {
                self.prompt = None;
                self.quit();
                return;
            }
            Action::Insert(c) => input.push(c),
            Action::DeleteBack => {
                input.pop();
            }
            Action::DeleteWord => {
                let trimmed = input.trim_end().len();
                input.truncate(trimmed);
                let start = input
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                input.truncate(start);
            }
            Action::ClearInput => input.clear(),
            Action::Accept => {
                // The search stays as a filter; the prompt closes.
                self.status = (!input.trim().is_empty()).then(|| {
                    format!(
                        "{} of {} match — Esc clears, n/N go through the matches",
                        thousands(self.list.len()),
                        thousands(self.library.articles.len())
                    )
                });
                return;
            }
            Action::Cancel => {
                self.set_query(String::new());
                return;
            }
            // Arrows move through the results while typing.
            Action::Down | Action::Up => {
                self.prompt = Some(input);
                let by = if action == Action::Down { 1 } else { -1 };
                self.move_selection(by);
                return;
            }
            Action::Resize(width, height) => self.resize(width, height),
            Action::Tick => self.tick(),
            Action::Click(x, y) => self.click(x, y),
            Action::Wheel(x, y, down) => self.wheel(x, y, down),
            _ => {}
        }
        let changed = input != self.filter.query;
        self.prompt = Some(input.clone());
        if changed {
            self.set_query(input);
        }
    }

    /// Runs `text` as the search and shows what it matches.
    pub(super) fn set_query(&mut self, text: String) {
        self.filter.query = text;
        self.refilter();
        self.find_matches();
    }

    /// Searches for every article that mentions the selected fact.
    pub(super) fn search_fact(&mut self) {
        let Some(fact) = self.facts_flat().nth(self.fact_selected) else {
            return;
        };
        let field = match fact.kind {
            FactKind::Person => "person",
            FactKind::Organisation => "org",
            FactKind::Place => "place",
            _ => {
                self.status = Some("* searches for people, organisations and places".to_owned());
                return;
            }
        };
        let name = fact.value.replace('"', "");
        let query = format!("{field}:\"{name}\"");
        self.overlay = None;
        self.start_indexing();
        // This article says it: it need not wait for the index.
        if let (Some(entities), Some(index)) = (&self.entities, self.current()) {
            entities.offer(index, &self.facts);
        }
        self.set_query(query);
        self.set_focus(Pane::List);
        let waiting = if self.indexing().is_some() {
            " so far (still finding names)"
        } else {
            ""
        };
        self.status = Some(format!(
            "{} of {} mention {name}{waiting}",
            thousands(self.list.len()),
            thousands(self.library.articles.len()),
        ));
    }

    /// The indexes grew: a search waiting on them is run again.
    pub(super) fn tick(&mut self) {
        let Some(hits) = &self.hits else {
            return;
        };
        let progress = self.search_index.as_ref().map_or(0, |i| i.done())
            + self.entities.as_ref().map_or(0, |e| e.done());
        if hits.pending == 0 || progress == hits.progress {
            return;
        }
        let keep = self.current();
        self.hits = None;
        self.refilter_keeping(keep);
    }

    /// Recomputes the list after a filter, the search or the sort changed,
    /// keeping the selected article when it is still shown.
    pub(super) fn refilter(&mut self) {
        let keep = self.current();
        self.refilter_keeping(keep);
    }

    pub(super) fn refilter_keeping(&mut self, keep: Option<usize>) {
        self.run_search();
        let articles = &self.library.articles;
        let hit: Option<Vec<bool>> = self.hits.as_ref().map(|h| {
            let mut hit = vec![false; articles.len()];
            for &i in &h.articles {
                hit[i] = true;
            }
            hit
        });
        let filter = &self.filter;
        let read = &self.read;
        self.list = self
            .order
            .iter()
            .copied()
            .filter(|&i| {
                let a = articles.at(i);
                hit.as_ref().is_none_or(|h| h[i])
                    // The article being read stays, though reading it marked it.
                    && (!filter.unread_only || !read.is_read(a.id()) || Some(i) == keep)
                    && (!filter.starred_only || read.is_starred(a.id()))
                    && filter.tag.as_deref().is_none_or(|t| view::has_tag(&a, t))
            })
            .collect();
        let position = keep.and_then(|k| self.list.iter().position(|&i| i == k));
        let before = self.current();
        self.selected = position.unwrap_or(0);
        if self.current() != before || position.is_none() {
            self.reader_top = 0;
            self.facts_top = 0;
            self.fact_selected = 0;
            self.refresh_article();
        }
        // The list keeps its scroll where it can (a search growing as names
        // are found must not jump about), and shows the selection.
        self.keep_selection_visible();
    }

    /// Runs the search in `filter.query`, reusing the last results when
    /// the new query only narrows them (typing one more letter).
    pub(super) fn run_search(&mut self) {
        let query = Query::parse(&self.filter.query);
        if query.is_empty() {
            self.hits = None;
            return;
        }
        if query.needs_entities() {
            self.start_indexing();
        }
        let index = self
            .search_index
            .get_or_insert_with(|| SearchIndex::spawn(&self.library.articles));
        let entities = self
            .entities
            .get_or_insert_with(|| EntityIndex::spawn(Arc::clone(&self.library.articles)));
        let progress = index.done() + entities.done();
        let previous = self
            .hits
            .take()
            .filter(|h| h.pending == 0 && query.narrows(&h.query));
        let outcome = index.search(&query, previous.as_ref().map(|h| &h.articles[..]), entities);
        self.hits = Some(Hits {
            query,
            articles: outcome.matches,
            pending: outcome.pending,
            progress,
        });
    }

    /// Where the search matches in the open article, for highlights and n/N.
    pub(super) fn find_matches(&mut self) {
        self.match_at = None;
        self.matches = match (&self.hits, self.open.as_ref()) {
            (Some(hits), Some(article)) => article
                .body
                .iter()
                .enumerate()
                .flat_map(|(p, paragraph)| {
                    search::find_ranges(paragraph, &hits.query)
                        .into_iter()
                        .map(move |range| (p, range))
                })
                .collect(),
            _ => Vec::new(),
        };
    }

    /// Scrolls the reader to the next (or previous) match of the search.
    pub(super) fn step_match(&mut self, by: isize) {
        if self.hits.is_none() {
            self.status = Some("no search: / searches".to_owned());
            return;
        }
        if self.matches.is_empty() {
            self.status = Some("no match in this article's text".to_owned());
            return;
        }
        let count = self.matches.len();
        let next = if let Some(at) = self.match_at {
            (at as isize + by).rem_euclid(count as isize) as usize
        } else {
            // The first match from what is on screen.
            let top = self.reader_top;
            let first_below = self.matches.iter().position(|(p, r)| {
                self.doc
                    .as_ref()
                    .and_then(|d| d.line_at(*p, r.start))
                    .is_some_and(|line| line >= top)
            });
            match (by > 0, first_below) {
                (true, Some(i)) => i,
                (true, None) => 0,
                (false, Some(i)) => (i + count - 1) % count,
                (false, None) => count - 1,
            }
        };
        self.match_at = Some(next);
        if self.screen().reader.is_none() || self.focused_pane() == Pane::List {
            // One-pane layout: show the reader so the match is seen.
            if self.screen().reader.is_none() {
                self.set_focus(Pane::Reader);
            }
        }
        let (paragraph, range) = self.matches[next].clone();
        if let Some(doc) = &self.doc
            && let Some(line) = doc.line_at(paragraph, range.start)
        {
            let height = self.reader_height();
            // Keep the match a few lines down, not on the top edge.
            self.reader_top = line.saturating_sub(2).min(doc.max_top(height));
        }
        self.status = Some(format!("match {} of {count}", next + 1));
    }
}
