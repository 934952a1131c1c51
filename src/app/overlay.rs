//! Windows over the panes: help, facts, problems, the tag and feed
//! pickers and the links.

use super::{Action, App, Effect, OverlayKind, Pane, Rect, Scroll, cursor_step};
use crate::layout;
use crate::view::{self, FeedRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlay {
    pub kind: OverlayKind,
    pub scroll: usize,
    /// The row under the cursor, for overlays you pick from (tags).
    pub cursor: usize,
}

#[derive(Debug, Default)]
pub(super) struct Overlays {
    current: Option<Overlay>,
    /// Tags for the picker, counted when it opens.
    tags: Vec<(String, usize)>,
    /// The feeds view's rows, counted when it opens.
    feeds: Vec<FeedRow>,
    /// The digits typed so far in the links overlay.
    typed: String,
}

impl Overlays {
    pub(super) fn current(&self) -> Option<Overlay> {
        self.current
    }

    pub(super) fn tags(&self) -> &[(String, usize)] {
        &self.tags
    }

    pub(super) fn feeds(&self) -> &[FeedRow] {
        &self.feeds
    }

    pub(super) fn typed(&self) -> &str {
        &self.typed
    }

    pub(super) fn open(&mut self, kind: OverlayKind) {
        self.typed.clear();
        self.current = Some(Overlay {
            kind,
            scroll: 0,
            cursor: 0,
        });
    }

    pub(super) fn close(&mut self) {
        self.current = None;
    }

    /// Closes the overlay if it is `kind`, else shows `kind` instead.
    fn toggle(&mut self, kind: OverlayKind) {
        if self.current.is_some_and(|o| o.kind == kind) {
            self.close();
        } else {
            self.open(kind);
        }
    }

    /// Scrolls the overlay, if one is open; false if none is.
    pub(super) fn set_scroll(&mut self, scroll: usize) -> bool {
        match &mut self.current {
            Some(o) => {
                o.scroll = scroll;
                true
            }
            None => false,
        }
    }
}

impl App {
    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        let moves = matches!(
            action,
            Action::Down
                | Action::Up
                | Action::PageDown
                | Action::PageUp
                | Action::Top
                | Action::Bottom
        );
        match action {
            Action::Quit => {
                self.overlays.close();
                self.quit();
            }
            Action::Back => self.overlays.close(),
            Action::Help => self.overlays.toggle(OverlayKind::Help),
            Action::FactsOverlay => self.overlays.toggle(OverlayKind::Facts),
            Action::Problems => self.overlays.toggle(OverlayKind::Problems),
            // The key that opened the feeds view or the links closes them.
            Action::Feeds if overlay.kind == OverlayKind::Feeds => self.overlays.close(),
            Action::Feeds => self.open_feeds(),
            Action::Links if overlay.kind == OverlayKind::Links => self.overlays.close(),
            Action::Links => {
                self.overlays.close();
                self.open_links();
            }
            _ if moves && overlay.kind == OverlayKind::Facts => self.move_fact(cursor_step(action)),
            _ if moves && overlay.kind == OverlayKind::Tags => {
                self.move_tag_cursor(cursor_step(action));
            }
            _ if moves && overlay.kind == OverlayKind::Feeds => {
                self.move_feed_cursor(cursor_step(action));
            }
            _ if moves && overlay.kind == OverlayKind::Links => {
                self.overlays.typed.clear();
                let rows = self.link_count();
                self.move_cursor(cursor_step(action), rows);
            }
            Action::RefreshPicked => self.refresh_picked(overlay),
            Action::Pick if overlay.kind == OverlayKind::Tags => self.pick_tag(overlay.cursor),
            Action::Pick if overlay.kind == OverlayKind::Feeds => self.pick_feed(overlay.cursor),
            Action::Pick if overlay.kind == OverlayKind::Links => {
                self.overlays.typed.clear();
                self.open_link_row(overlay.cursor);
            }
            Action::Digit(digit) if overlay.kind == OverlayKind::Links => self.link_digit(digit),
            Action::Jump if overlay.kind == OverlayKind::Facts => {
                // Close the overlay so the highlighted sentence shows.
                self.overlays.close();
                if self.panes.screen().reader.is_none() || self.panes.focus() == Pane::List {
                    self.set_focus(Pane::Reader);
                }
                self.jump();
            }
            Action::SearchFact if overlay.kind == OverlayKind::Facts => self.search_fact(),
            Action::Figures => self.toggle_figures(),
            Action::Down => self.scroll_overlay(Scroll::By(1)),
            Action::Up => self.scroll_overlay(Scroll::By(-1)),
            Action::PageDown => self.scroll_overlay(Scroll::By(self.page())),
            Action::PageUp => self.scroll_overlay(Scroll::By(-self.page())),
            Action::Top => self.scroll_overlay(Scroll::Top),
            Action::Bottom => self.scroll_overlay(Scroll::Bottom),
            // Reading facts over the page, the next article's facts follow.
            Action::NextArticle | Action::PrevArticle => {
                let by = if action == Action::NextArticle { 1 } else { -1 };
                self.step_article(by);
                match overlay.kind {
                    OverlayKind::Facts => {
                        self.overlays.current = Some(Overlay {
                            scroll: 0,
                            ..overlay
                        });
                    }
                    // Another article, other links.
                    OverlayKind::Links => self.overlays.open(OverlayKind::Links),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The wheel over an overlay moves its cursor, or scrolls it.
    pub(super) fn wheel_overlay(&mut self, overlay: Overlay, down: bool) {
        let by: isize = if down { 3 } else { -3 };
        match overlay.kind {
            OverlayKind::Facts => self.move_fact(Scroll::By(by.signum())),
            OverlayKind::Tags => self.move_tag_cursor(Scroll::By(by.signum())),
            OverlayKind::Feeds => self.move_feed_cursor(Scroll::By(by.signum())),
            OverlayKind::Links => {
                let rows = self.link_count();
                self.move_cursor(Scroll::By(by.signum()), rows);
            }
            _ => self.scroll_overlay(Scroll::By(by)),
        }
    }

    pub(super) fn open_tags(&mut self) {
        self.overlays.tags = view::tags(&self.library.articles);
        // The cursor starts on the tag in force (row 0 is "all").
        let cursor = self
            .list
            .filter()
            .tag
            .as_ref()
            .and_then(|t| {
                self.overlays
                    .tags
                    .iter()
                    .position(|(name, _)| name.to_lowercase() == t.to_lowercase())
            })
            .map_or(0, |i| i + 1);
        self.overlays.current = Some(Overlay {
            kind: OverlayKind::Tags,
            scroll: 0,
            cursor,
        });
        self.move_tag_cursor(Scroll::By(0));
    }

    fn move_tag_cursor(&mut self, by: Scroll) {
        let rows = self.overlays.tags.len() + 1;
        self.move_cursor(by, rows);
    }

    /// Moves the cursor of the overlay open (one line per row, `rows`
    /// rows) and scrolls to keep it in view.
    fn move_cursor(&mut self, by: Scroll, rows: usize) {
        let Some(mut overlay) = self.overlays.current else {
            return;
        };
        overlay.cursor = by.apply(overlay.cursor, rows.saturating_sub(1));
        let height = usize::from(self.overlay_extent(overlay.kind).0.height).max(1);
        if overlay.cursor < overlay.scroll {
            overlay.scroll = overlay.cursor;
        } else if overlay.cursor >= overlay.scroll + height {
            overlay.scroll = overlay.cursor + 1 - height;
        }
        self.overlays.current = Some(overlay);
    }

    pub(super) fn pick_tag(&mut self, cursor: usize) {
        let tag = cursor
            .checked_sub(1)
            .and_then(|i| self.overlays.tags.get(i))
            .map(|(name, _)| name.clone());
        self.list.set_tag(tag);
        self.overlays.close();
        self.refilter();
    }

    /// The overlay's text rectangle and line count, for scroll limits.
    pub(super) fn overlay_extent(&self, kind: OverlayKind) -> (Rect, usize) {
        let text = layout::panel_text(layout::overlay_rect(self.area(), kind));
        let width = usize::from(text.width);
        let lines = if kind == OverlayKind::Facts {
            self.facts.panel(width).lines.len()
        } else {
            self.overlay_lines(kind, width).len()
        };
        (text, lines)
    }

    pub(super) fn scroll_overlay(&mut self, by: Scroll) {
        if let Some(overlay) = self.overlays.current {
            let (text, lines) = self.overlay_extent(overlay.kind);
            let max = lines.saturating_sub(usize::from(text.height));
            self.overlays.current = Some(Overlay {
                scroll: by.apply(overlay.scroll, max),
                ..overlay
            });
        }
    }
}

impl App {
    /// Opens the feeds view: the rows counted now, the cursor on the feed
    /// in force.
    pub(super) fn open_feeds(&mut self) {
        self.overlays.feeds = self.feed_rows_now();
        let active = self.list.filter().feed.clone();
        let cursor = self
            .overlays
            .feeds
            .iter()
            .position(|row| matches!(row, FeedRow::Feed { pick, .. } if *pick == active))
            .unwrap_or(0);
        self.overlays.open(OverlayKind::Feeds);
        if let Some(overlay) = &mut self.overlays.current {
            overlay.cursor = cursor;
        }
        self.move_feed_cursor(Scroll::By(0));
    }

    /// The feeds view's rows: counts from the articles and marks now, and
    /// what this session's refreshes said of each feed.
    fn feed_rows_now(&self) -> Vec<FeedRow> {
        let marks = &self.marks;
        let mut rows = view::feed_rows(&self.library.articles, &self.subscriptions, |id| {
            marks.is_read(id)
        });
        for row in &mut rows {
            if let FeedRow::Feed {
                pick: Some(view::FeedFilter { url: Some(url), .. }),
                status,
                ..
            } = row
            {
                *status = self.refresh.status(url).cloned();
            }
        }
        rows
    }

    /// Counts the feeds view's rows again while it is open (a refresh
    /// reported, articles arrived, the feeds file changed), keeping the
    /// cursor on the feed it was on, at the same height in the view.
    pub(super) fn relist_feeds(&mut self) {
        let Some(overlay) = self
            .overlays
            .current
            .filter(|o| o.kind == OverlayKind::Feeds)
        else {
            return;
        };
        let picked = match self.overlays.feeds.get(overlay.cursor) {
            Some(FeedRow::Feed { pick, .. }) => Some(pick.clone()),
            _ => None,
        };
        self.overlays.feeds = self.feed_rows_now();
        let last = self.overlays.feeds.len().saturating_sub(1);
        let cursor = picked
            .and_then(|p| {
                self.overlays
                    .feeds
                    .iter()
                    .position(|row| matches!(row, FeedRow::Feed { pick, .. } if *pick == p))
            })
            .unwrap_or(overlay.cursor.min(last));
        let height = overlay.cursor.saturating_sub(overlay.scroll);
        self.overlays.current = Some(Overlay {
            cursor,
            scroll: cursor.saturating_sub(height),
            ..overlay
        });
        self.move_feed_cursor(Scroll::By(0));
    }

    /// `R` in the feeds view: the feed under the cursor ("all articles":
    /// every feed); in the tags: the feeds of the feeds file with the tag
    /// under the cursor ("all": every feed).
    pub(super) fn refresh_picked(&mut self, overlay: Overlay) {
        match overlay.kind {
            OverlayKind::Feeds => match self.overlays.feeds.get(overlay.cursor) {
                Some(FeedRow::Feed { pick: None, .. }) => self.refresh_only(None),
                Some(FeedRow::Feed {
                    pick: Some(view::FeedFilter { url: Some(url), .. }),
                    ..
                }) => {
                    let url = url.clone();
                    self.refresh_only(Some(vec![url]));
                }
                _ => self
                    .chrome
                    .set_status("these articles come from no feed: nothing to refresh".to_owned()),
            },
            OverlayKind::Tags => {
                let Some(tag) = overlay
                    .cursor
                    .checked_sub(1)
                    .and_then(|i| self.overlays.tags.get(i))
                    .map(|(name, _)| name.clone())
                else {
                    return self.refresh_only(None);
                };
                let urls: Vec<String> = self
                    .subscriptions
                    .iter()
                    .filter(|s| s.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)))
                    .map(|s| s.url.clone())
                    .collect();
                if urls.is_empty() {
                    self.chrome
                        .set_status(format!("no feed of the feeds file has the tag {tag}"));
                } else {
                    self.refresh_only(Some(urls));
                }
            }
            _ => {}
        }
    }

    /// Moves the feeds view's cursor, over the feeds only (headings and
    /// notes are passed over in the direction of the move).
    fn move_feed_cursor(&mut self, by: Scroll) {
        let Some(overlay) = self.overlays.current else {
            return;
        };
        let rows = &self.overlays.feeds;
        let last = rows.len().saturating_sub(1);
        let target = by.apply(overlay.cursor, last);
        let down = match by {
            Scroll::By(n) => n >= 0,
            Scroll::Top => true,
            Scroll::Bottom => false,
        };
        let pickable = |i: &usize| rows.get(*i).is_some_and(FeedRow::is_pickable);
        let found = if down {
            (target..=last)
                .find(pickable)
                .or_else(|| (0..target).rev().find(pickable))
        } else {
            (0..=target)
                .rev()
                .find(pickable)
                .or_else(|| (target..=last).find(pickable))
        };
        let steps = found.unwrap_or(0) as isize - overlay.cursor as isize;
        self.move_cursor(Scroll::By(steps), self.overlays.feeds.len());
    }

    /// Narrows the list to the feed on row `cursor` ("all articles" drops
    /// the feed filter).
    fn pick_feed(&mut self, cursor: usize) {
        let Some(FeedRow::Feed { pick, .. }) = self.overlays.feeds.get(cursor) else {
            return;
        };
        self.list.set_feed(pick.clone());
        self.overlays.close();
        self.refilter();
    }

    /// How many rows the links overlay has: the links, then the
    /// enclosures.
    pub(super) fn link_count(&self) -> usize {
        self.article()
            .map_or(0, |a| a.links.len() + a.enclosures.len())
    }

    /// The address on row `row` of the links overlay.
    fn link_at(&self, row: usize) -> Option<&str> {
        let article = self.article()?;
        match article.links.get(row) {
            Some(link) => Some(link),
            None => article
                .enclosures
                .get(row - article.links.len())
                .map(|e| e.url.as_str()),
        }
    }

    fn open_link_row(&mut self, row: usize) {
        match self.link_at(row).map(str::to_owned) {
            Some(url) if !url.trim().is_empty() => self.chrome.push_effect(Effect::OpenLink(url)),
            Some(_) => self
                .chrome
                .set_status(format!("link [{}] is empty in the article file", row + 1)),
            None if self.link_count() == 0 => {
                self.chrome
                    .set_status("this article has no links".to_owned());
            }
            None => {}
        }
    }

    /// A digit typed in the links overlay: the cursor goes to the link with
    /// the number typed so far, which opens as soon as no longer number
    /// could follow (with 12 links, `3` opens at once, `1` waits for a
    /// second digit or Enter).
    fn link_digit(&mut self, digit: u8) {
        let rows = self.link_count();
        if rows == 0 {
            return self
                .chrome
                .set_status("this article has no links".to_owned());
        }
        self.overlays.typed.push(char::from(b'0' + digit));
        let number = self.overlays.typed.parse::<usize>().unwrap_or(usize::MAX);
        if number == 0 || number > rows {
            self.chrome.set_status(format!(
                "no link [{}]: this article has {rows}",
                self.overlays.typed
            ));
            self.overlays.typed.clear();
            return;
        }
        let cursor = self.overlays.current.map_or(0, |o| o.cursor);
        self.move_cursor(Scroll::By(number as isize - 1 - cursor as isize), rows);
        if number.saturating_mul(10) > rows {
            self.overlays.typed.clear();
            self.open_link_row(number - 1);
        }
    }
}
