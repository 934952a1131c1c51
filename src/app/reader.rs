//! The reading pane: the open article, its layout at the pane's width, the
//! scroll, the highlighted sentence and the figures marked in the text.

use std::ops::Range;

use ratatui::layout::Rect;

use super::{App, Scroll, in_paragraph};
use crate::article::Article;
use crate::doc::{Anchor, Doc};
use crate::layout;

#[derive(Debug)]
pub(super) struct Reader {
    /// The selected article whole: with its body, which the list may not
    /// hold (it can come from the metadata index).
    open: Option<Article>,
    /// The selected article laid out for the current reading-pane width.
    doc: Option<Doc>,
    top: usize,
    /// The sentence shown by `Jump`: paragraph and byte span, until the
    /// next move.
    highlight: Option<(usize, Range<usize>)>,
    /// A paragraph to scroll to once the article is laid out (from the
    /// last session).
    restore_paragraph: Option<usize>,
    /// Whether figures are marked in the body text.
    figures: bool,
    /// The widest the body text is set (the config file's `width`).
    measure: usize,
    /// Where figures are in the body (paragraph, bytes), by paragraph.
    figures_at: Vec<(usize, Range<usize>)>,
    /// The ticket of the worker opening the selected article, while it
    /// works (see `read`).
    reading: Option<u64>,
    /// The last ticket given out.
    tickets: u64,
    /// What the header calls the open article's feed (its name in the
    /// feeds file, else its URL).
    feed_title: Option<String>,
}

impl Default for Reader {
    fn default() -> Self {
        Self {
            open: None,
            doc: None,
            top: 0,
            highlight: None,
            restore_paragraph: None,
            figures: true,
            measure: layout::MEASURE,
            figures_at: Vec::new(),
            reading: None,
            tickets: 0,
            feed_title: None,
        }
    }
}

impl Reader {
    pub(super) fn article(&self) -> Option<&Article> {
        self.open.as_ref()
    }

    pub(super) fn doc(&self) -> Option<&Doc> {
        self.doc.as_ref()
    }

    pub(super) fn feed_title(&self) -> Option<&str> {
        self.feed_title.as_deref()
    }

    /// The open article's feed is called this; a change lays it out again.
    pub(super) fn set_feed_title(&mut self, title: Option<String>) {
        if title != self.feed_title {
            self.feed_title = title;
            self.doc = None;
        }
    }

    pub(super) fn top(&self) -> usize {
        self.top
    }

    pub(super) fn highlight(&self) -> Option<(usize, &Range<usize>)> {
        self.highlight.as_ref().map(|(p, r)| (*p, r))
    }

    /// How many figures the body text has to mark.
    pub(super) fn figures_found(&self) -> usize {
        self.figures_at.len()
    }

    pub(super) fn figures_marked(&self) -> bool {
        self.figures
    }

    pub(super) fn figures_in(&self, paragraph: usize) -> &[(usize, Range<usize>)] {
        in_paragraph(&self.figures_at, paragraph)
    }

    /// The paragraph at the top, for the session.
    pub(super) fn paragraph(&self) -> usize {
        match (&self.doc, self.restore_paragraph) {
            (_, Some(p)) => p,
            (Some(doc), None) => match doc.anchor(self.top) {
                Anchor::Paragraph { index, .. } => index,
                Anchor::Heading(_) => 0,
            },
            (None, None) => 0,
        }
    }

    pub(super) fn clear_highlight(&mut self) {
        self.highlight = None;
    }

    pub(super) fn measure(&self) -> usize {
        self.measure
    }

    /// Settings from the config file, as the app starts.
    pub(super) fn configure(&mut self, measure: usize, figures: bool) {
        self.measure = measure;
        self.figures = figures;
    }

    pub(super) fn toggle_figures(&mut self) {
        self.figures = !self.figures;
    }

    /// Comes back to `paragraph` once laid out (the last session's place).
    pub(super) fn restore_at(&mut self, paragraph: usize) {
        self.restore_paragraph = Some(paragraph);
    }

    /// The user moved: the last session's place is no longer wanted.
    pub(super) fn forget_restore(&mut self) {
        self.restore_paragraph = None;
    }

    /// Another article: from its top.
    pub(super) fn reset(&mut self) {
        self.top = 0;
        self.restore_paragraph = None;
    }

    /// Back at line `top` of the same article (the list was read again):
    /// the next layout keeps it within the text.
    pub(super) fn keep_place(&mut self, top: usize) {
        self.top = top;
        self.restore_paragraph = None;
    }

    /// The layout is stale (the folder was read again).
    pub(super) fn forget_layout(&mut self) {
        self.doc = None;
    }

    /// The ticket of the job opening the selected article, while it works.
    pub(super) fn reading(&self) -> Option<u64> {
        self.reading
    }

    /// A worker opens the selected article: nothing to show meanwhile.
    /// Returns the job's ticket.
    pub(super) fn start_reading(&mut self) -> u64 {
        self.load(None, Vec::new());
        self.tickets += 1;
        self.reading = Some(self.tickets);
        self.tickets
    }

    /// The job is done or no longer wanted; true if there was one.
    pub(super) fn stop_reading(&mut self) -> bool {
        self.reading.take().is_some()
    }

    /// The layout the worker made, kept if it is for the pane's width
    /// (checked by [`Reader::relayout`]).
    pub(super) fn laid_out(&mut self, doc: Option<Doc>) {
        if doc.is_some() {
            self.doc = doc;
        }
    }

    /// The figures of the open article became known: marked from the next
    /// layout on, the scroll kept.
    pub(super) fn set_figures(&mut self, mut figures_at: Vec<(usize, Range<usize>)>) {
        figures_at.sort_by_key(|(p, r)| (*p, r.start));
        self.figures_at = figures_at;
        self.doc = None;
    }

    /// Shows `article`, whose figures are at `figures_at`; laid out later.
    pub(super) fn load(
        &mut self,
        article: Option<Article>,
        mut figures_at: Vec<(usize, Range<usize>)>,
    ) {
        self.open = article;
        figures_at.sort_by_key(|(p, r)| (*p, r.start));
        self.figures_at = figures_at;
        self.doc = None;
    }

    pub(super) fn scroll(&mut self, by: Scroll, height: usize) {
        self.restore_paragraph = None;
        let max = self.doc.as_ref().map_or(0, |d| d.max_top(height));
        self.top = by.apply(self.top, max);
    }

    /// Scrolls so the line holding `byte` of `paragraph` is `above` lines
    /// below the top.
    pub(super) fn show_line_of(
        &mut self,
        paragraph: usize,
        byte: usize,
        above: usize,
        height: usize,
    ) {
        if let Some(doc) = &self.doc
            && let Some(line) = doc.line_at(paragraph, byte)
        {
            self.top = line.saturating_sub(above).min(doc.max_top(height));
        }
    }

    /// Highlights a sentence and scrolls to it, a line of context above.
    pub(super) fn show_sentence(
        &mut self,
        paragraph: usize,
        sentence: Range<usize>,
        height: usize,
    ) {
        let start = sentence.start;
        self.highlight = Some((paragraph, sentence));
        self.show_line_of(paragraph, start, 1, height);
    }

    /// Re-wraps the article for the pane at `reader` (if shown), keeping
    /// the same paragraph at the top.
    pub(super) fn relayout(&mut self, reader: Option<Rect>) {
        let Some(reader) = reader else {
            return;
        };
        let width = layout::reader_measure(reader, self.measure);
        let height = usize::from(layout::inner(reader).height);
        let Some(article) = self.open.as_ref() else {
            self.doc = None;
            return;
        };
        if self.doc.as_ref().is_none_or(|d| d.width != width) {
            let anchor = self.doc.as_ref().map(|d| d.anchor(self.top));
            let doc = Doc::build_with(article, width, self.feed_title.as_deref());
            if let Some(anchor) = anchor {
                self.top = doc.line_of(anchor);
            }
            self.doc = Some(doc);
        }
        if let Some(doc) = &self.doc {
            // Back where the last session was reading. Kept until the first
            // resize, since the first layout is at a guessed size.
            if let Some(paragraph) = self.restore_paragraph.filter(|&p| p > 0) {
                self.top = doc.line_of(Anchor::Paragraph {
                    index: paragraph,
                    fraction: 0.0,
                });
            }
            self.top = self.top.min(doc.max_top(height));
        }
    }
}

impl App {
    pub(super) fn reader_height(&self) -> usize {
        self.panes
            .screen()
            .reader
            .map_or(1, |r| usize::from(layout::inner(r).height))
    }

    pub(super) fn scroll_reader(&mut self, by: Scroll) {
        let height = self.reader_height();
        self.reader.scroll(by, height);
    }

    /// Scrolls the reading pane to the selected fact's sentence and
    /// highlights it. A fact the body does not say (unverified, or only in
    /// the title) has nowhere to go.
    pub(super) fn jump(&mut self) {
        let Some(evidence) = self
            .facts
            .flat()
            .nth(self.facts.selected())
            .and_then(|f| f.evidence.clone())
        else {
            return;
        };
        let height = self.reader_height();
        self.reader
            .show_sentence(evidence.paragraph, evidence.sentence, height);
    }
}
