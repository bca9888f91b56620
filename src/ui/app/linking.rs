//! Drawing a relation or event argument: start at one end (a mention or an entity/event),
//! pick the other (in any document, or in the registry), then choose the type or role.

use super::WeftApp;
use crate::edit::ops;
use crate::model::Endpoint;
use crate::ui::link_chooser;
use crate::ui::workspace::RightTab;

impl WeftApp {
    /// Begins a relation or argument at `from`.
    pub(super) fn start_link(&mut self, from: Endpoint) {
        let label = self
            .project()
            .map(|p| link_chooser::end_label(p, &from))
            .unwrap_or_default();
        self.ws.link_from = Some(from);
        self.ws.link_pick = None;
        self.notice = Some(format!(
            "Relation from {label}: click the other end in any document, or pick an entity or event in the registry. Escape cancels."
        ));
    }

    /// Ctrl+R: from the selected mention, or from the entity opened in the registry.
    pub(super) fn start_link_here(&mut self) {
        match self.ws.selected().cloned() {
            Some(m) => self.start_link(Endpoint::Mention(m)),
            None => match self.panels.registry.opened.clone() {
                Some(c) if self.ws.right_tab == RightTab::Registry => {
                    self.start_link(Endpoint::Cluster(c))
                }
                _ => {
                    self.notice = Some(
                        "Select a mention (or open an entity in the registry) to start a relation from."
                            .into(),
                    )
                }
            },
        }
    }

    /// The other end: the chooser of types and roles opens for the pair.
    pub(super) fn pick_target(&mut self, to: Endpoint) {
        let from = self
            .ws
            .link_from
            .take()
            .or_else(|| self.ws.link_pick.take().map(|(f, _)| f));
        match from {
            Some(f) if f == to => {
                self.ws.link_from = Some(f);
                self.notice = Some("Pick another mention: a link needs two ends.".into());
            }
            Some(f) => {
                self.ws.link_pick = Some((f, to));
                self.notice = None;
            }
            None => {}
        }
    }

    pub(super) fn add_relation(&mut self, type_key: &str, from: &Endpoint, to: &Endpoint) {
        self.ws.link_pick = None;
        if let Some(p) = self.project() {
            let built = ops::add_relation(p, crate::idgen::relation_id(), type_key, from, to);
            self.build(built);
        }
    }

    pub(super) fn add_argument(&mut self, event: &Endpoint, role: &str, target: &Endpoint) {
        self.ws.link_pick = None;
        if let Some(p) = self.project() {
            let built = ops::add_argument(p, crate::idgen::argument_id(), event, role, target);
            self.build(built);
        }
    }

    /// Escape while a relation waits for its other end cancels it; true if it did.
    pub(super) fn cancel_link(&mut self) -> bool {
        if self.ws.link_from.is_none() && self.ws.link_pick.is_none() {
            return false;
        }
        self.ws.link_from = None;
        self.ws.link_pick = None;
        self.notice = Some("Relation cancelled.".into());
        true
    }
}
