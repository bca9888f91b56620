//! Curation in the workbench: the curation view's decisions, each one undoable step through
//! the session ([`crate::session::Session::decide`]), and "Edit": the document opens at the
//! item in the curation layer, and the curator's next tag there settles it (the tag and the
//! mark are one step).

use super::WeftApp;
use crate::curation::Decision;
use crate::edit::Edit;
use crate::model::Layer;
use crate::ui::action::CurationChoice;

impl WeftApp {
    /// The curation view's progress line ("3 of 7 disagreements settled"), once listed.
    pub fn curation_progress(&self) -> Option<String> {
        self.panels.team.curation.progress()
    }

    /// How many rows the curation view drew in the last frame (tests).
    pub fn curation_rows_drawn(&self) -> usize {
        self.panels.team.curation.rows_drawn
    }

    /// The item the curator settles by hand with their next tag.
    pub fn curation_editing(&self) -> Option<&str> {
        self.panels.team.curation.editing.as_deref()
    }

    /// Opens or closes the curation view.
    pub(super) fn toggle_curation(&mut self) {
        let w = &mut self.panels.team.curation;
        w.open = !w.open;
    }

    /// Settles the item `key` as the curator chose.
    pub(super) fn decide(&mut self, key: &str, choice: CurationChoice) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let Some(d) = self.panels.team.curation.refresh(s).cloned() else {
            return;
        };
        let Some(item) = d.item(key).cloned() else {
            self.notice = Some("That disagreement is no longer listed.".into());
            return;
        };
        let decision = match choice {
            CurationChoice::Accept(l) => Decision::Accept(l),
            CurationChoice::Skip => Decision::Skip,
            CurationChoice::Reopen => Decision::Reopen,
            CurationChoice::Edit => return self.edit_by_hand(key, &item),
        };
        let Some(s) = self.session.as_mut() else {
            return;
        };
        match s.decide(&d, &item, decision, chrono::Utc::now()) {
            Ok(()) => {
                self.fix_references();
                self.after_decision(key);
            }
            Err(e) => self.error("Cannot settle that disagreement", vec![e.to_string()]),
        }
    }

    /// The list moves on to the next unsettled item, and says how far curation is.
    fn after_decision(&mut self, key: &str) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let w = &mut self.panels.team.curation;
        if let Some(d) = w.refresh(s) {
            let from = d.items.iter().position(|i| i.key == key).unwrap_or(0);
            let next = d.items[from..]
                .iter()
                .chain(&d.items[..from])
                .find(|i| !i.settled)
                .map(|i| i.key.clone());
            w.chosen = next.or(Some(key.to_string()));
        }
        self.notice = w.progress();
    }

    /// "Edit": the curation layer becomes the one edited, the document opens at the item, and
    /// the next tag settles it.
    fn edit_by_hand(&mut self, key: &str, item: &crate::curation::Item) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        if let Err(e) = s.set_active_layer(Layer::curation()) {
            return self.notice = Some(format!("Cannot edit the curation layer: {e}"));
        }
        self.ws.show_own_layer();
        if let Some(doc) = item.doc.clone() {
            self.jump_to_range(doc, item.start, item.start);
        }
        self.panels.team.curation.editing = Some(key.to_string());
        self.notice = Some(
            "Editing the curation layer: select the words and tag them; that tag settles this disagreement."
                .into(),
        );
    }

    /// Applies a tag's edit; while an item is being settled by hand in the curation layer,
    /// the tag and the item's mark are one step.
    pub(super) fn edit_or_settle(&mut self, edit: Edit, label: String) -> bool {
        let curating = self
            .session
            .as_ref()
            .is_some_and(|s| s.active_layer().is_curation());
        let Some(key) = self
            .panels
            .team
            .curation
            .editing
            .clone()
            .filter(|_| curating)
        else {
            return self.edit_dated(edit, label);
        };
        let Some(s) = self.session.as_ref() else {
            return false;
        };
        let Some(d) = self.panels.team.curation.refresh(s).cloned() else {
            return self.edit_dated(edit, label);
        };
        let Some(item) = d.item(&key).cloned() else {
            self.panels.team.curation.editing = None;
            return self.edit_dated(edit, label);
        };
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        match s.decide(
            &d,
            &item,
            Decision::Edit(Box::new(edit)),
            chrono::Utc::now(),
        ) {
            Ok(()) => {
                self.panels.team.curation.editing = None;
                self.after_decision(&key);
                true
            }
            Err(e) => {
                self.error("Cannot settle that disagreement", vec![e.to_string()]);
                false
            }
        }
    }
}
