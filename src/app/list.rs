//! The list of articles: their order, the filters, what is shown, the
//! selection and the scroll.

use super::{Action, App, Scroll};
use crate::layout;
use crate::store::articles::Articles;
use crate::view::{self, Filter, Sort};

#[derive(Debug)]
pub(super) struct ListView {
    sort: Sort,
    /// Article indices in `sort` order, before filtering.
    order: Vec<usize>,
    filter: Filter,
    /// What the list shows: article indices, in order.
    shown: Vec<usize>,
    /// Position in `shown` of the selected article.
    selected: usize,
    /// Position in `shown` of the first row drawn.
    top: usize,
    /// One line per article (title, source, date in columns) rather than
    /// two.
    one_line: bool,
}

impl ListView {
    pub(super) fn new(articles: &Articles, sort: Sort) -> Self {
        let order = view::order(articles, sort);
        Self {
            sort,
            shown: order.clone(),
            order,
            filter: Filter::default(),
            selected: 0,
            top: 0,
            one_line: false,
        }
    }

    /// Terminal rows one article takes in the list.
    pub(super) fn item_height(&self) -> usize {
        if self.one_line {
            1
        } else {
            layout::LIST_ITEM_HEIGHT
        }
    }

    pub(super) fn one_line(&self) -> bool {
        self.one_line
    }

    pub(super) fn set_one_line(&mut self, one_line: bool) {
        self.one_line = one_line;
    }

    pub(super) fn shown(&self) -> &[usize] {
        &self.shown
    }

    pub(super) fn selected(&self) -> usize {
        self.selected
    }

    pub(super) fn current(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    pub(super) fn position_of(&self, index: usize) -> Option<usize> {
        self.shown.iter().position(|&i| i == index)
    }

    pub(super) fn top(&self) -> usize {
        self.top
    }

    pub(super) fn sort(&self) -> Sort {
        self.sort
    }

    pub(super) fn filter(&self) -> &Filter {
        &self.filter
    }

    pub(super) fn select(&mut self, position: usize) {
        self.selected = position;
    }

    /// The position `by` rows away, within the list; `None` when it is empty.
    pub(super) fn moved(&self, by: Scroll) -> Option<usize> {
        let last = self.shown.len().checked_sub(1)?;
        Some(by.apply(self.selected, last))
    }

    pub(super) fn set_query(&mut self, text: String) {
        self.filter.query = text;
    }

    pub(super) fn set_tag(&mut self, tag: Option<String>) {
        self.filter.tag = tag;
    }

    pub(super) fn set_feed(&mut self, feed: Option<view::FeedFilter>) {
        self.filter.feed = feed;
    }

    pub(super) fn clear_filter(&mut self) {
        self.filter = Filter::default();
    }

    /// The articles sorted again (the folder changed).
    pub(super) fn reorder(&mut self, articles: &Articles) {
        self.order = view::order(articles, self.sort);
    }

    /// Takes the article at library index `index` off the rows shown; the
    /// selection stays at its position (the next article), or goes to the
    /// new last row.
    pub(super) fn hide(&mut self, index: usize) {
        self.shown.retain(|&i| i != index);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// What the list shows now, with the selection at `selected`.
    pub(super) fn show(&mut self, shown: Vec<usize>, selected: usize) {
        self.shown = shown;
        self.selected = selected;
    }

    /// Scrolls so the selection is in view with `rows` rows shown, leaving
    /// no empty rows below the last article.
    pub(super) fn keep_visible(&mut self, rows: usize) {
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.shown.len().saturating_sub(rows));
    }
}

impl App {
    /// U, S and O: what the list shows and how.
    pub(super) fn view_key(&mut self, action: Action) {
        match action {
            Action::UnreadOnly => {
                self.list.filter.unread_only = !self.list.filter.unread_only;
                self.refilter();
            }
            Action::StarredOnly => {
                self.list.filter.starred_only = !self.list.filter.starred_only;
                self.refilter();
            }
            Action::ListLayout => {
                self.list.one_line = !self.list.one_line;
                self.panes.set_wide_list(self.list.one_line);
                self.relayout();
                self.chrome.set_status(if self.list.one_line {
                    "one line per article (V for two)".to_owned()
                } else {
                    "two lines per article (V for one)".to_owned()
                });
            }
            Action::CycleSort => {
                self.list.sort = self.list.sort.next();
                self.list.reorder(&self.library.articles);
                self.refilter();
                self.chrome
                    .set_status(format!("sorted by {}", self.list.sort.name()));
            }
            _ => {}
        }
    }

    pub(super) fn move_selection(&mut self, by: Scroll) {
        if let Some(target) = self.list.moved(by) {
            self.select(target);
        }
    }

    pub(super) fn step_article(&mut self, by: isize) {
        let Some(target) = self.list.moved(Scroll::By(by)) else {
            return;
        };
        if target == self.list.selected {
            // At an end of the list: say so, rather than nothing at all.
            self.chrome.set_status(if by > 0 {
                "this is the last article".to_owned()
            } else {
                "this is the first article".to_owned()
            });
        } else {
            self.select(target);
        }
        if self.panes.focused() != layout::Pane::List {
            self.mark_selected_read();
        }
    }

    /// Selects the article at `position` in the list.
    pub(super) fn select(&mut self, position: usize) {
        if position != self.list.selected {
            self.list.selected = position;
            self.show_new_article();
        }
        self.keep_selection_visible();
    }

    /// Another article is selected: it is shown from its top, with the
    /// facts cursor on its first fact.
    pub(super) fn show_new_article(&mut self) {
        self.reader.reset();
        self.facts.reset();
        self.refresh_article();
    }

    /// How many articles the list shows at once.
    pub(super) fn list_rows(&self) -> usize {
        self.panes
            .screen()
            .list
            .map_or(1, |r| {
                usize::from(layout::inner(r).height) / self.list.item_height()
            })
            .max(1)
    }

    pub(super) fn keep_selection_visible(&mut self) {
        // A hidden list keeps its scroll; it is fixed up when shown again.
        if self.panes.screen().list.is_none() {
            return;
        }
        let rows = self.list_rows();
        self.list.keep_visible(rows);
    }

    /// Recomputes the list after a filter, the search or the sort changed,
    /// keeping the selected article when it is still shown.
    /// The articles the filters let through, in order; `keep` stays
    /// though reading it marked it.
    fn filtered(&self, keep: Option<usize>) -> Vec<usize> {
        let articles = &self.library.articles;
        let hit = self.search.hit_mask(articles.len());
        let filter = &self.list.filter;
        let marks = &self.marks;
        self.list
            .order
            .iter()
            .copied()
            .filter(|&i| {
                let a = articles.at(i);
                hit.as_ref().is_none_or(|h| h[i])
                    // The article being read stays, though reading it marked it.
                    && (!filter.unread_only || !marks.is_read(a.id()) || Some(i) == keep)
                    && (!filter.starred_only || marks.is_starred(a.id()))
                    && filter.tag.as_deref().is_none_or(|t| view::has_tag(&a, t))
                    && filter.feed.as_ref().is_none_or(|f| f.admits(&a))
            })
            .collect()
    }

    /// The filters a run starts with, applied before anything is shown.
    pub(super) fn start_filtered(&mut self, unread_only: bool, starred_only: bool) {
        self.list.filter.unread_only = unread_only;
        self.list.filter.starred_only = starred_only;
        let shown = self.filtered(None);
        self.list.show(shown, 0);
    }

    pub(super) fn refilter(&mut self) {
        let keep = self.current();
        self.refilter_keeping(keep);
    }

    pub(super) fn refilter_keeping(&mut self, keep: Option<usize>) {
        self.run_search();
        let shown = self.filtered(keep);
        let position = keep.and_then(|k| shown.iter().position(|&i| i == k));
        let before = self.current();
        self.list.show(shown, position.unwrap_or(0));
        if self.current() != before || position.is_none() {
            self.show_new_article();
        }
        // The list keeps its scroll where it can (a search growing as names
        // are found must not jump about), and shows the selection.
        self.keep_selection_visible();
    }
}
