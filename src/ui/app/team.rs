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
            Action::ShowLayer(layer) => self.show_layer(layer),
            Action::EditLayer(layer) => self.edit_layer(layer),
            Action::CompareLayers(a, b) => self.compare_layers(a, b),
            Action::Decide(key, choice) => self.decide(&key, choice),
            _ => {}
        }
    }

    /// The team commands of the table.
    pub(super) fn run_team(&mut self, cmd: Command) {
        match cmd {
            Command::Annotator => self.open_annotator_window(),
            Command::Layers => self.panels.team.layers.open = !self.panels.team.layers.open,
            Command::Curation => self.toggle_curation(),
            Command::Agreement => self.panels.team.agreement.toggle(self.session.as_ref()),
            Command::EditOwnLayer => {
                if let Some(own) = self.session.as_ref().map(|s| s.annotator().clone()) {
                    self.edit_layer(own);
                }
            }
            _ => {}
        }
    }

    /// The team windows: annotator, layers.
    pub(super) fn team_windows(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = self.panels.team.annotator.show(ctx);
        let s = self.session.as_ref();
        if let Some(s) = s
            && self.panels.transfer.is_open() == Some(crate::ui::transfer::Direction::Export)
        {
            self.panels
                .transfer
                .offer_layers(s.project(), s.annotator());
        }
        out.extend(self.panels.team.layers.show(ctx, s, &self.ws));
        out.extend(self.panels.team.compare.show(ctx));
        out.extend(self.panels.team.curation.show(ctx, s));
        self.panels.team.agreement.show(ctx, s);
        out
    }

    /// The differences shown while two layers are compared (tests read them).
    pub fn comparison(&self) -> Option<&crate::ui::view_model::compare::Comparison> {
        self.panels.team.compare.shown.as_ref().map(|(_, _, c)| c)
    }

    /// The agreement window's report, once computed (tests).
    pub fn agreement_report(&self) -> Option<&Result<String, String>> {
        self.panels.team.agreement.text()
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

    /// Whether the active pane shows a layer that is not the one edited.
    fn read_only(&self) -> Option<Layer> {
        let s = self.session.as_ref()?;
        self.ws
            .shown_layer()
            .filter(|l| *l != s.active_layer())
            .cloned()
    }

    /// Refuses an edit while the active pane shows another layer, saying so in the status bar.
    /// Returns whether it refused.
    pub(super) fn refuse_if_read_only(&mut self, what: &str) -> bool {
        let Some(layer) = self.read_only() else {
            return false;
        };
        let whose = if layer.is_curation() {
            "the curation layer".to_string()
        } else {
            format!("{layer}'s layer")
        };
        self.notice = Some(format!(
            "Cannot {what}: this pane shows {whose}, which is read-only. View > Edit my layer goes back to yours."
        ));
        true
    }

    /// Shows `layer` in the active pane (the layer edited when it is the active one).
    fn show_layer(&mut self, layer: Option<Layer>) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let layer = layer.filter(|l| l != s.active_layer());
        self.notice = Some(match &layer {
            Some(l) if l.is_curation() => "Showing the curation layer (read-only).".into(),
            Some(l) => format!("Showing {l}'s layer (read-only)."),
            None => format!("Editing {}.", s.active_layer()),
        });
        self.ws.show_layer(layer);
    }

    /// Makes `layer` the one edited (the own or the curation layer) and shows it in every pane.
    fn edit_layer(&mut self, layer: Layer) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        match s.set_active_layer(layer.clone()) {
            Ok(()) => {
                self.ws.show_own_layer();
                self.notice = Some(if layer.is_curation() {
                    "Editing the curation layer.".into()
                } else {
                    format!("Editing your layer ({layer}).")
                });
            }
            Err(e) => self.notice = Some(format!("Cannot edit that layer: {e}")),
        }
    }

    /// The open document in two panes, layer `a` on the left and `b` on the right.
    fn compare_layers(&mut self, a: Layer, b: Layer) {
        let Some(doc) = self.ws.doc().cloned() else {
            self.notice = Some("Open a document first, then compare two layers of it.".into());
            return;
        };
        self.ws.compare(doc, a.clone(), b.clone());
        self.notice = Some(format!("Comparing {a} (left) with {b} (right)."));
    }
}

/// Whether an action changes the project (refused while a read-only layer is shown).
pub(super) fn edits(action: &Action) -> Option<&'static str> {
    Some(match action {
        Action::Tag(_) | Action::TagAll { .. } => "tag",
        Action::Retype(..) | Action::SetAttribute(..) | Action::SetNote(..) => "change a mention",
        Action::AddFragment(_) | Action::RemoveFragment(..) => "change a mention",
        Action::NewCluster(_) | Action::Link(..) | Action::SplitMentions(_) => "link a mention",
        Action::RenameCluster(..) | Action::SetExternalId(..) | Action::MergeClusters { .. } => {
            "change an entity or event"
        }
        Action::StartLink(_) | Action::AddRelation { .. } | Action::AddArgument { .. } => {
            "draw a relation"
        }
        Action::DeleteRelation(_) | Action::DeleteArgument(_) => "delete a link",
        Action::PlaceReview(_) | Action::DiscardReview(_) => "change a mention",
        _ => return None,
    })
}

/// Whether a command changes the project's annotations.
pub(super) fn command_edits(cmd: Command) -> Option<&'static str> {
    use Command::*;
    Some(match cmd {
        DeleteMention => "delete a mention",
        AddFragment => "change a mention",
        NewEntityFromMention => "link a mention",
        AcceptSuggestion | RejectSuggestion => "settle a suggestion",
        StartLink | LinkPalette => "draw a relation",
        _ => return None,
    })
}
