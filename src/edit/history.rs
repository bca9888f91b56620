//! Undo and redo: a linear history of labelled steps, each with its inverse, and revision
//! numbers, so "unsaved" is simply `current revision != saved revision`. Never saved to disk.

use super::{Edit, apply};
use crate::model::{EditError, Project};

/// An undo or redo that could not be applied (the project is unchanged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot undo '{label}': {source}")]
    Undo {
        label: String,
        #[source]
        source: EditError,
    },
    #[error("cannot redo '{label}': {source}")]
    Redo {
        label: String,
        #[source]
        source: EditError,
    },
}

/// One step of history: a labelled edit with its inverse.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// Re-applying this redoes the step.
    redo: Edit,
    /// Applying this undoes the step.
    undo: Edit,
    /// Revision the project is at after this step.
    revision: u64,
    /// Revision the project was at before this step.
    before: u64,
}

/// Linear undo/redo with revision numbers. Never saved to disk.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Every edit applied to the project (forward, undo or redo), oldest first, until drained.
    applied: Vec<Edit>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    current: u64,
    saved: u64,
    next: u64,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `edit` and records it under `label` ("tag 'Pinochet' as PERSON").
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
    ) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        // Stamped first, so redo and the recovery journal name the layer of every new object.
        let edit = super::layers::stamp(edit, project.working_layer());
        let redo = edit.clone();
        let undo = apply(project, edit)?;
        self.applied.push(redo.clone());
        self.next += 1;
        let step = Step {
            label: label.into(),
            redo,
            undo,
            revision: self.next,
            before: self.current,
        };
        self.current = step.revision;
        self.undo.push(step);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last step; returns its label, or `None` at the start of history.
    ///
    /// An inverse always applies to the project it was made for; should it not (the project was
    /// changed behind the history's back), the error is returned, the project is unchanged and
    /// the step stays where it was.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, HistoryError> {
        let Some(mut step) = self.undo.pop() else {
            return Ok(None);
        };
        match apply(project, step.undo.clone()) {
            Ok(redo) => {
                self.applied.push(step.undo.clone());
                step.redo = redo;
                self.current = step.before;
                let label = step.label.clone();
                self.redo.push(step);
                Ok(Some(label))
            }
            Err(source) => {
                let label = step.label.clone();
                self.undo.push(step);
                Err(HistoryError::Undo { label, source })
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` when nothing was undone.
    /// Fails like [`History::undo`], leaving project and history as they were.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, HistoryError> {
        let Some(mut step) = self.redo.pop() else {
            return Ok(None);
        };
        match apply(project, step.redo.clone()) {
            Ok(undo) => {
                self.applied.push(step.redo.clone());
                step.undo = undo;
                self.current = step.revision;
                let label = step.label.clone();
                self.undo.push(step);
                Ok(Some(label))
            }
            Err(source) => {
                let label = step.label.clone();
                self.redo.push(step);
                Err(HistoryError::Redo { label, source })
            }
        }
    }

    /// Number of steps that can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// Label of the step `undo` would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step `redo` would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The revision the project is at.
    pub fn revision(&self) -> u64 {
        self.current
    }

    /// Takes the edits applied since the last call, in order. Replaying them on the project as
    /// it was reproduces the project as it is (the recovery journal is built from this).
    pub fn drain_applied(&mut self) -> Vec<Edit> {
        std::mem::take(&mut self.applied)
    }

    /// Records that the project as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.current;
    }

    /// The revision last saved.
    pub fn saved_revision(&self) -> u64 {
        self.saved
    }

    /// True when the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.current != self.saved
    }
}
