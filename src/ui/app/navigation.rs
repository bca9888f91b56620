//! Navigation: opening documents, panes side by side, jumping to mentions and ranges, stepping
//! through mentions and documents, and moving the caret. The workspace does the bookkeeping
//! (see [`crate::ui::workspace`]); this adds focus, scrolling and notices.

use super::WeftApp;
use crate::model::{DocId, MentionId};
use crate::textlayout::clusters;
use crate::ui::commands::Command;
use crate::ui::doc_view::pane_view_id;
use crate::ui::registry;
use crate::ui::text_nav;
use crate::ui::workspace::Selection;

impl WeftApp {
    /// Shows `id` in the active pane (or activates the pane already showing it).
    pub(super) fn open_document(&mut self, id: DocId) {
        if let Some(s) = self.session.as_ref()
            && self.ws.open_document(s.project(), id)
        {
            self.focus_active();
        }
    }

    /// Gives the keyboard to the active pane's view.
    fn focus_active(&self) {
        let id = pane_view_id(self.ws.active().id);
        self.ctx.memory_mut(|m| m.request_focus(id));
    }

    /// Makes pane `j` the one that has the keyboard.
    pub(super) fn activate_pane(&mut self, j: usize) {
        if self.session.is_some() && self.ws.activate(j) {
            self.focus_active();
        }
    }

    /// Opens `doc` in a new pane beside the others (or activates the pane showing it).
    pub(super) fn open_beside(&mut self, doc: DocId) {
        if let Some(s) = self.session.as_ref()
            && self.ws.open_beside(s.project(), doc)
        {
            self.focus_active();
        }
    }

    pub(super) fn close_pane(&mut self, j: usize) {
        if self.ws.close_pane(j) {
            self.prune_views();
        } else {
            self.notice = Some("Only one pane is open.".into());
        }
    }

    /// Drops the views of panes that are gone.
    pub(super) fn prune_views(&mut self) {
        let live: Vec<_> = self.ws.panes().iter().map(|p| p.id).collect();
        self.views.retain(|id, _| live.contains(id));
    }

    /// "Open next document beside": the next document no pane shows yet.
    pub(super) fn open_next_beside(&mut self) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        match self.ws.next_unshown(s.project()) {
            Some(d) => self.open_beside(d),
            None => self.notice = Some("Every document is already open.".into()),
        }
    }

    /// After undo, redo or deletions: drop references to things that no longer exist.
    pub(super) fn fix_references(&mut self) {
        if let Some(s) = self.session.as_ref() {
            self.ws.fix_references(s.project());
            self.prune_views();
        }
    }

    /// Selects a mention anywhere in the corpus: its pane (or the active one) shows its
    /// document.
    pub(super) fn jump_to_mention(&mut self, id: &MentionId) {
        let Some(m) = self.project().and_then(|p| p.mention(id)) else {
            return;
        };
        let (doc, start) = (m.doc.clone(), m.start());
        self.open_document(doc);
        let pane = self.ws.active_mut();
        pane.selected = Some(id.clone());
        pane.selection = Selection::caret(start);
        pane.scroll_to = Some(start);
    }

    /// Opens `doc` with bytes `start..end` selected.
    pub(super) fn jump_to_range(&mut self, doc: DocId, start: usize, end: usize) {
        self.open_document(doc.clone());
        if self.ws.doc() == Some(&doc) {
            let pane = self.ws.active_mut();
            pane.selected = None;
            pane.selection = Selection {
                anchor: start,
                caret: end,
            };
            pane.scroll_to = Some(start);
        }
    }

    /// Sets the selection of the open document, snapped to grapheme boundaries.
    pub(super) fn set_selection_snapped(&mut self, anchor: usize, caret: usize) {
        let Some(d) = self.document() else {
            return;
        };
        let t = d.text();
        let sel = Selection {
            anchor: clusters::snap_nearest(t, anchor.min(t.len())),
            caret: clusters::snap_nearest(t, caret.min(t.len())),
        };
        self.ws.set_selection(sel);
    }

    /// Next (or previous) mention of the selected mention's entity or event, across documents
    /// in project order.
    pub(super) fn step_corpus_mention(&mut self, forward: bool) {
        let Some(p) = self.project() else {
            return;
        };
        let selected = self.ws.selected().and_then(|m| p.mention(m));
        let cluster = selected
            .and_then(|m| m.cluster.clone())
            .or_else(|| self.panels.registry.opened.clone());
        let Some(c) = cluster else {
            self.notice = Some(
                "Select a mention that belongs to an entity or event (or open one in the registry) first."
                    .into(),
            );
            return;
        };
        let list = registry::mention_rows(p, &c);
        if list.is_empty() {
            return;
        }
        let pos = selected.and_then(|m| list.iter().position(|r| r.id == m.id));
        let next = match (pos, forward) {
            (Some(i), true) => (i + 1) % list.len(),
            (Some(i), false) => (i + list.len() - 1) % list.len(),
            (None, true) => 0,
            (None, false) => list.len() - 1,
        };
        let (id, doc, n) = (
            list[next].id.clone(),
            list[next].doc_name.clone(),
            list.len(),
        );
        self.jump_to_mention(&id);
        self.notice = Some(format!("Mention {} of {n} (in {doc})", next + 1));
    }

    /// Tab / Shift+Tab: the next or previous mention of the open document (outer before inner
    /// at the same start, so Tab walks into nested mentions).
    pub(super) fn step_mention(&mut self, forward: bool) {
        let (Some(p), Some(doc), Some(layer)) = (self.project(), self.ws.doc(), self.shown_layer())
        else {
            return;
        };
        // Only the mentions of the layer the pane shows.
        let mut list: Vec<(usize, usize, &MentionId)> = p
            .mentions_in_layer(doc, &layer)
            .map(|m| (m.start(), m.end(), &m.id))
            .collect();
        list.sort_by_key(|(s, e, id)| (*s, std::cmp::Reverse(*e), (*id).clone()));
        if list.is_empty() {
            self.notice = Some("No mentions in this document yet.".into());
            return;
        }
        let pos = self
            .ws
            .selected()
            .and_then(|s| list.iter().position(|(_, _, id)| *id == s));
        let caret = self.ws.selection().caret;
        let next = match (pos, forward) {
            (Some(i), true) => (i + 1) % list.len(),
            (Some(i), false) => (i + list.len() - 1) % list.len(),
            (None, true) => list.iter().position(|(s, _, _)| *s >= caret).unwrap_or(0),
            (None, false) => list
                .iter()
                .rposition(|(s, _, _)| *s < caret)
                .unwrap_or(list.len() - 1),
        };
        let (start, _, id) = list[next];
        let id = id.clone();
        let pane = self.ws.active_mut();
        pane.selected = Some(id);
        pane.selection = Selection::caret(start);
        pane.scroll_to = Some(start);
    }

    /// Caret motion by grapheme, word, paragraph or row (rows are the view's business).
    pub(super) fn move_caret(&mut self, cmd: Command) {
        use Command::*;
        let Some(d) = self.document() else {
            return;
        };
        let text = d.text();
        let paras = text_nav::paragraphs(text);
        let sel = self.ws.selection();
        let c = sel.caret;
        let r = sel.range();
        let (target, extend) = match cmd {
            MoveLeft if !sel.is_empty() => (r.start, false),
            MoveRight if !sel.is_empty() => (r.end, false),
            // Caret stops: grapheme boundaries that never fall inside a lam-alef ligature.
            MoveLeft => (clusters::prev_caret_stop(text, c), false),
            MoveRight => (clusters::next_caret_stop(text, c), false),
            ExtendLeft => (clusters::prev_caret_stop(text, c), true),
            ExtendRight => (clusters::next_caret_stop(text, c), true),
            WordLeft => (text_nav::word_left(text, &paras, c), false),
            WordRight => (text_nav::word_right(text, &paras, c), false),
            ExtendWordLeft => (text_nav::word_left(text, &paras, c), true),
            ExtendWordRight => (text_nav::word_right(text, &paras, c), true),
            LineStart | ExtendLineStart => (
                paras[text_nav::paragraph_of(&paras, c)].start,
                cmd == ExtendLineStart,
            ),
            LineEnd | ExtendLineEnd => (
                paras[text_nav::paragraph_of(&paras, c)].end,
                cmd == ExtendLineEnd,
            ),
            MoveUp | MoveDown | ExtendUp | ExtendDown => {
                let rows = if matches!(cmd, MoveUp | ExtendUp) {
                    -1
                } else {
                    1
                };
                self.ws.active_mut().vertical = Some((rows, matches!(cmd, ExtendUp | ExtendDown)));
                return;
            }
            _ => return,
        };
        let anchor = if extend { sel.anchor } else { target };
        self.ws.set_selection(Selection {
            anchor,
            caret: target,
        });
    }

    /// Ctrl+PageDown / Ctrl+PageUp: the next or previous document.
    pub(super) fn step_document(&mut self, forward: bool) {
        if let Some(id) = self
            .project()
            .and_then(|p| self.ws.step_document(p, forward))
        {
            self.open_document(id);
        }
    }
}
