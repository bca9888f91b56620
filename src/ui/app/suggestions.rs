//! Suggestions in the workbench: each shown document's suggestions, found with the matcher
//! built off the frame (see [`super::suggest_worker`]); accepting, rejecting and stepping to
//! the next one.

use super::WeftApp;
use crate::edit::ops;
use crate::model::DocId;
use crate::suggest::Suggestion;
use crate::ui::commands::{self, Command};
use crate::ui::workspace::Selection;
use std::collections::HashMap;

impl WeftApp {
    /// What the cache is keyed on: a new project or any change makes it stale.
    fn suggest_key(&self) -> (u64, u64) {
        (
            self.ws.epoch,
            self.session.as_ref().map_or(0, |s| s.generation()),
        )
    }

    /// Suggestions of `doc` with the newest matcher there is (none before the first one
    /// arrives; see [`super::suggest_worker`]).
    pub(super) fn suggestions_in(&mut self, doc: &DocId) -> Vec<Suggestion> {
        let key = self.suggest_key();
        let Some(s) = self.session.as_ref() else {
            return Vec::new();
        };
        self.suggest.suggestions_in(key, s.project(), doc)
    }

    /// Waits for the matcher of the current revision (commands that act on suggestions).
    pub fn settle_suggestions(&mut self) {
        let key = self.suggest_key();
        if let Some(s) = self.session.as_ref() {
            self.suggest.settle(key, s.project(), &self.ctx);
        }
        self.refresh_if_arrived();
    }

    /// Start of a frame: takes a matcher that arrived (the overlays are rebuilt if it changes
    /// what they show) and starts a wanted build once a frame has been drawn.
    pub(super) fn poll_suggestions(&mut self, ctx: &egui::Context) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        self.suggest.poll(s.project(), ctx);
        self.refresh_if_arrived();
    }

    /// When a matcher arrived and changes what the overlays show, they are rebuilt.
    fn refresh_if_arrived(&mut self) {
        if self.suggest.take_arrived() {
            let before = self.suggest.last_shown.clone();
            if self.shown_suggestions() != before {
                self.overlay_key = None;
                self.suggest.stats.overlay_refreshes += 1;
            }
        }
    }

    /// The suggestion of the open document at the caret, if any.
    fn suggestion_at_caret(&mut self) -> Option<Suggestion> {
        self.settle_suggestions();
        let doc = self.ws.doc()?.clone();
        let caret = self.ws.selection().caret;
        self.suggestions_in(&doc)
            .into_iter()
            .find(|s| s.range.start() <= caret && caret <= s.range.end())
    }

    pub(super) fn accept_suggestion(&mut self) {
        let Some(sugg) = self.suggestion_at_caret() else {
            self.notice = Some(format!(
                "No suggestion at the caret ({} goes to the next one).",
                commands::shortcut_text(Command::NextSuggestion)
            ));
            return;
        };
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let id = crate::idgen::mention_id();
        let built = crate::suggest::accept(
            s.project(),
            &sugg,
            id.clone(),
            s.author(),
            chrono::Utc::now(),
        );
        if self.build_dated(built) {
            let pane = self.ws.active_mut();
            // Extending a shorter mention keeps that mention's id.
            pane.selected = Some(sugg.extends.clone().unwrap_or(id));
            pane.selection = Selection::caret(sugg.range.end());
        }
    }

    pub(super) fn reject_suggestion(&mut self) {
        let Some(sugg) = self.suggestion_at_caret() else {
            self.notice = Some("No suggestion at the caret.".into());
            return;
        };
        if let Some(p) = self.project() {
            let built = ops::reject_suggestion(p, &sugg.doc, sugg.range, &sugg.type_key);
            self.build(built);
        }
    }

    /// Puts the caret on the next suggestion after it, in this document or the following ones.
    pub(super) fn next_suggestion(&mut self) {
        let Some(found) = self.find_next_suggestion() else {
            self.notice = Some("No suggestions: nothing tagged elsewhere occurs untagged.".into());
            return;
        };
        self.open_document(found.doc.clone());
        if self.ws.doc() == Some(&found.doc)
            && let Some(p) = self.project()
        {
            let type_name = p
                .schema()
                .type_def(&found.type_key)
                .map(|t| t.name.clone())
                .unwrap_or(found.type_key.clone());
            let entity = found
                .cluster
                .as_ref()
                .and_then(|c| p.cluster(c))
                .map(|c| format!(" ({})", c.name))
                .unwrap_or_default();
            self.notice = Some(format!(
                "Suggestion: \u{201c}{}\u{201d} as {type_name}{entity}. {} accepts, {} rejects.",
                found.text,
                commands::shortcut_text(Command::AcceptSuggestion),
                commands::shortcut_text(Command::RejectSuggestion)
            ));
            let pane = self.ws.active_mut();
            pane.selected = None;
            pane.selection = Selection::caret(found.range.start());
        }
        self.ws.scroll_to(found.range.start());
    }

    /// The first suggestion after the caret, in this document or the following ones.
    fn find_next_suggestion(&mut self) -> Option<Suggestion> {
        self.settle_suggestions();
        let docs: Vec<DocId> = self
            .project()?
            .documents()
            .iter()
            .map(|d| d.id.clone())
            .collect();
        let cur = self.ws.doc()?.clone();
        let caret = self.ws.selection().caret;
        let start = docs.iter().position(|d| *d == cur).unwrap_or(0);
        for k in 0..=docs.len() {
            let d = &docs[(start + k) % docs.len()];
            let list = self.suggestions_in(d);
            let hit = if k == 0 {
                list.into_iter().find(|s| s.range.start() > caret)
            } else {
                list.into_iter().next()
            };
            if hit.is_some() {
                return hit;
            }
        }
        None
    }

    /// Suggestion ranges of each shown document, when suggestions are shown.
    pub(super) fn shown_suggestions(&mut self) -> HashMap<DocId, Vec<std::ops::Range<usize>>> {
        let mut out = HashMap::new();
        if !self.ws.show_suggestions {
            return out;
        }
        let docs: Vec<DocId> = self
            .ws
            .panes()
            .iter()
            .filter_map(|p| p.doc.clone())
            .collect();
        for d in docs {
            let r = self
                .suggestions_in(&d)
                .iter()
                .map(|s| s.range.start()..s.range.end())
                .collect();
            out.insert(d, r);
        }
        self.suggest.last_shown = out.clone();
        out
    }
}
