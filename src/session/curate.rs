//! Curation through the session: the disagreements of the annotators' layers, and decisions
//! applied as undoable steps into the curation layer (whatever the active layer is: deciding
//! is curating).

use super::Session;
use crate::curation::{self, AutoMode, AutoSummary, CurationError, Decision, Disagreements, Item};
use crate::edit::Edit;
use crate::model::{EditError, Layer};
use chrono::{DateTime, Utc};

impl Session {
    /// Every disagreement between `layers` (all annotators' layers when empty), with progress.
    pub fn disagreements(&self, layers: &[Layer]) -> Result<Disagreements, CurationError> {
        let layers = if layers.is_empty() {
            self.annotator_layers()
        } else {
            layers.to_vec()
        };
        curation::disagreements(&self.project, &layers)
    }

    /// Settles `item` (of `d`) as `decision` says: one undoable step into the curation layer.
    pub fn decide(
        &mut self,
        d: &Disagreements,
        item: &Item,
        decision: Decision,
        now: DateTime<Utc>,
    ) -> Result<(), EditError> {
        let mut ids = |prefix: &str| crate::idgen::new_id(prefix);
        let (edit, label) = curation::decide(
            &self.project,
            d,
            item,
            decision,
            &mut ids,
            &self.author,
            now,
        )?;
        self.apply_to_curation(edit, label)
    }

    /// Pre-merges into the curation layer what `layers` agree on (see [`curation::auto`]), as
    /// one undoable step.
    pub fn auto_curate(
        &mut self,
        layers: &[Layer],
        mode: AutoMode,
        now: DateTime<Utc>,
    ) -> Result<AutoSummary, EditError> {
        let mut ids = |prefix: &str| crate::idgen::new_id(prefix);
        let (edit, summary) =
            curation::auto(&self.project, layers, mode, &mut ids, &self.author, now)?;
        self.apply_to_curation(edit, summary.label.clone())?;
        Ok(summary)
    }

    /// Applies an edit whose objects belong to the curation layer (refused if it touches any
    /// other layer's).
    fn apply_to_curation(&mut self, edit: Edit, label: String) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        let curation = Layer::curation();
        let edit = crate::edit::layers::stamp(edit, &curation);
        crate::edit::layers::check_writes(&self.project, &edit, &curation)?;
        self.history.apply(&mut self.project, edit, label)?;
        self.generation += 1;
        Ok(())
    }
}
